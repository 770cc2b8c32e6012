#!/usr/bin/env python3
"""Extract events from a document-labelled dev corpus and score it with the shared scorer.

    .venv/bin/python scripts/score_dev.py ../shared/data/acled_notes/dev1000 \
        --labels ../shared/data/acled_notes/dev1000.labels.jsonl \
        --aliases ../shared/eval/acled_aliases.json [--out out.jsonl] [--limit N] [--jobs 2]

The corpus directory holds ``<doc>.txt`` files and a ``docs.jsonl`` sidecar.  The script
runs the production :class:`eventwatch.pipeline.Pipeline`, writes interchange JSONL and
calls ``score_docs.py`` (found beside the labels' ``eval/`` folder, or given with
``--scorer``).  ``--jobs`` splits the documents over worker processes.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path


def _extract(args: tuple[list[str], str]) -> list[dict]:
    from eventwatch.ingest import ingest_paths
    from eventwatch.models import Document
    from eventwatch.pipeline import Pipeline

    paths, sidecar = args
    documents = [d for d in ingest_paths(paths, docs_meta=Path(sidecar)) if isinstance(d, Document)]
    pipeline = Pipeline()
    return [e.to_interchange() for r in pipeline.process(documents) for e in r.events]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--labels", type=Path, required=True)
    ap.add_argument("--aliases", type=Path)
    ap.add_argument("--scorer", type=Path)
    ap.add_argument("--out", type=Path, default=Path("/tmp/eventwatch_score_dev.jsonl"))
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args(argv)
    wanted = [json.loads(line)["doc"] for line in args.labels.open(encoding="utf-8") if line.strip()]
    if args.limit:
        wanted = wanted[: args.limit]
    paths = [str(args.corpus / f"{d}.txt") for d in wanted if (args.corpus / f"{d}.txt").exists()]
    chunks = [paths[i :: args.jobs] for i in range(args.jobs)]
    sidecar = str(args.corpus / "docs.jsonl")
    system: list[dict] = []
    with ProcessPoolExecutor(args.jobs) as pool:
        for part in pool.map(_extract, [(c, sidecar) for c in chunks if c]):
            system.extend(part)
    args.out.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in system), encoding="utf-8")
    labels = args.labels
    if args.limit:
        keep = set(wanted)
        labels = args.out.with_suffix(".labels.jsonl")
        labels.write_text(
            "".join(line for line in args.labels.open(encoding="utf-8") if line.strip() and json.loads(line)["doc"] in keep),
            encoding="utf-8",
        )
    scorer = args.scorer or next(
        (p / "eval" / "score_docs.py" for p in args.labels.resolve().parents if (p / "eval" / "score_docs.py").exists()), None
    )
    if scorer is None:
        print("score_docs.py not found; pass --scorer", file=sys.stderr)
        return 2
    cmd = [sys.executable, str(scorer), str(labels), str(args.out)]
    if args.aliases:
        cmd += ["--aliases", str(args.aliases)]
    return subprocess.call(cmd)


if __name__ == "__main__":
    sys.exit(main())
