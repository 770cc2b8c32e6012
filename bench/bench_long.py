"""Long documents: is per-document work linear in the length, and is memory bounded?

    python bench/bench_long.py [--sizes 50,100,200,400] [--big] [--json FILE]

Generates one English document per size (KB) from varied conflict-news sentences (actors,
places, verbs, numbers drawn at random, paragraphs of four sentences), runs eventwatch's
Pipeline over each in its own subprocess (so peak RSS is per document), and prints seconds,
seconds per KB, the ratio of each size's seconds-per-KB to the smallest size's (1.0 is
exactly linear; the acceptance bound is 1.5) and peak memory.

``--big`` also times ``eventwatch run`` over a 100,000-sentence document (about 1.9 MB) with
the default per-document budget: it must complete or fail cleanly (state ``failed``, stage
``budget``) within two minutes.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import ACTORS, PLACES, VERBS


def generate(kb: int, seed: int = 11) -> str:
    rng = random.Random(seed)
    paragraphs: list[str] = []
    size = 0
    while size < kb * 1000:
        para = " ".join(
            f"On {rng.choice(['Monday', 'Tuesday', 'Friday', 'Sunday'])}, {rng.choice(ACTORS)} "
            f"{rng.choice(VERBS)} {rng.choice(ACTORS)} near {rng.choice(PLACES)}, killing "
            f"{rng.randint(2, 40)} people, according to local sources."
            for _ in range(4)
        )
        paragraphs.append(para)
        size += len(para) + 2
    return "\n\n".join(paragraphs)


def _child(kb: int) -> None:
    from eventwatch.budget import Budget
    from eventwatch.models import Document, content_hash
    from eventwatch.pipeline import Pipeline

    pipeline = Pipeline(budget=Budget(None, None))
    text = generate(kb)
    doc = Document(id=content_hash(text), doc=f"long-{kb}", text=text, language="en")
    started = time.perf_counter()
    [result] = pipeline.process([doc])
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"kb": kb, "chars": len(text), "seconds": round(seconds, 2), "events": len(result.events),
                      "failure": str(result.failure) if result.failure else None, "peak_mb": round(peak)}))


def _big() -> dict[str, object]:
    rng = random.Random(5)
    sentences = (f"{rng.choice(PLACES)} was {rng.choice(['shelled', 'attacked', 'bombed', 'raided'])}."
                 for _ in range(100_000))  # short sentences: about 1.9 MB, under the default --max-bytes
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.txt"
        path.write_text(" ".join(sentences), encoding="utf-8")
        exe = Path(sys.executable).with_name("eventwatch")
        started = time.perf_counter()
        r = subprocess.run(["/usr/bin/time", "-f", "%M", str(exe), "run", str(path), "--db", str(Path(tmp) / "b.sqlite"),
                            "--no-show", "--max-bytes", "5000000"], capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - started
        peak_kb = r.stderr.strip().splitlines()[-1] if r.stderr.strip() else "?"
        errors = [ln for ln in r.stderr.splitlines() if ln.startswith("error:")]
        return {"bytes": path.stat().st_size, "seconds": round(seconds, 1), "exit": r.returncode,
                "error_lines": errors, "peak_mb": round(int(peak_kb) / 1024) if peak_kb.isdigit() else None}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="50,100,200,400")
    ap.add_argument("--big", action="store_true")
    ap.add_argument("--json")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _child(args.child)
        return
    rows = []
    for kb in (int(x) for x in args.sizes.split(",")):
        out = subprocess.run([sys.executable, __file__, "--child", str(kb)], capture_output=True, text=True, check=True)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    base = rows[0]["seconds"] / rows[0]["kb"]
    print(f"{'size':>8} {'seconds':>8} {'s/KB':>7} {'vs ' + str(rows[0]['kb']) + ' KB':>9} {'events':>7} {'peak MB':>8}")
    for r in rows:
        r["ratio"] = round((r["seconds"] / r["kb"]) / base, 2)
        print(f"{r['kb']:>6}KB {r['seconds']:>8} {r['seconds'] / r['kb']:>7.3f} {r['ratio']:>9} {r['events']:>7} "
              f"{r['peak_mb']:>8}" + (f"  FAILED {r['failure']}" if r["failure"] else ""))
    worst = max(r["ratio"] for r in rows)
    print(f"worst ratio to linear: {worst} ({'within' if worst <= 1.5 else 'OVER'} the 1.5 bound)")
    result: dict[str, object] = {"sizes": rows, "worst_ratio": worst}
    if args.big:
        big = _big()
        result["big"] = big
        print(f"100,000-sentence document ({big['bytes']} bytes): eventwatch run took {big['seconds']} s, "
              f"exit {big['exit']}, peak {big['peak_mb']} MB; {big['error_lines'] or 'no error line'}")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
