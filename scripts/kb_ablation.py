"""Actor fields of the sample-gold evaluation with and without the curated KB packs.

    python scripts/kb_ablation.py [GOLD_DIR]

"before": only the pack generated from the PETRARCH2/Phoenix dictionaries (00-world.yaml,
states and their capitals/demonyms) -- what a dictionary-based coder starts from.
"after": every built-in pack (curated core, Syria, regional and other-conflict packs).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from eventwatch import scoring
from eventwatch.ingest import ingest_paths
from eventwatch.pipeline import Pipeline
from eventwatch.resolve.kb import KnowledgeBase, builtin_pack_dir

ROOT = Path(__file__).resolve().parents[1]


def evaluate(kb: KnowledgeBase, folder: Path) -> dict:
    gold = scoring.load(str(folder / "gold.events.jsonl"))
    docs = sorted({g["doc"] for g in gold})
    documents = [d for d in ingest_paths([folder / f"{d}.txt" for d in docs], docs_meta=folder / "docs.jsonl")]
    pipeline = Pipeline(kb=kb)
    system = [e.to_interchange() for r in pipeline.process(documents) for e in r.events]
    aliases = json.loads((folder / "aliases.json").read_text()) if (folder / "aliases.json").exists() else None
    return scoring.score(gold, system, scoring.Names(aliases))


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "examples" / "seeds"
    before = evaluate(KnowledgeBase.load(paths=[builtin_pack_dir() / "00-world.yaml"], include_user=False), folder)
    after = evaluate(KnowledgeBase.load(include_user=False), folder)
    for key in ("detection_typed", "actor1", "actor2", "source"):
        print(f"{key:16} before {json.dumps(before[key])}  after {json.dumps(after[key])}")


if __name__ == "__main__":
    main()
