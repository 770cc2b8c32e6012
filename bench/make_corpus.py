"""Build ``bench/corpus/fakes.jsonl.gz`` from the FA-KES articles (CC BY; see bench/README.md, NOTICE).

    python bench/make_corpus.py ../shared/data/fakes/dev [-o bench/corpus/fakes.jsonl.gz]

One JSON line per article: ``doc`` (the file stem), ``publisher`` (from the folder's
``docs.jsonl``) and ``text`` (the article exactly as distributed, first line = title).
Sorted by ``doc`` and written with a fixed gzip timestamp, so rebuilding gives the same bytes.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source", type=Path, help="folder of FA-KES .txt articles with a docs.jsonl")
    ap.add_argument("-o", "--out", type=Path, default=ROOT / "bench" / "corpus" / "fakes.jsonl.gz")
    args = ap.parse_args()
    meta = {}
    sidecar = args.source / "docs.jsonl"
    if sidecar.exists():
        for line in sidecar.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                meta[row["doc"]] = row
    buf = io.BytesIO()
    n = 0
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, compresslevel=9) as gz:
        for path in sorted(args.source.glob("*.txt")):
            row = {"doc": path.stem, "publisher": meta.get(path.stem, {}).get("publisher"),
                   "text": path.read_text(encoding="utf-8")}
            gz.write((json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8"))
            n += 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(buf.getvalue())
    print(f"{n} articles -> {args.out} ({len(buf.getvalue()) / 1024:.0f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
