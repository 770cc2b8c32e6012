#!/usr/bin/env python3
"""Train the learned event typer (ACLED event type + sub-event type) from ACLED-coded notes.

    .venv/bin/python scripts/train_event_model.py ../shared/data/acled_notes/all.csv \
        --exclude ../shared/data/acled_notes/dev1000.labels.jsonl \
        [--out src/eventwatch/data/models/acled_subtype] [--cv 5]

``make train DATA=../shared`` runs exactly this.  Rows whose id is in ``--exclude`` (the dev
set) never reach training.  The script prints cross-validated accuracy on the training rows
(folds by row: one note is one event) and accuracy on the excluded rows' notes when they are
in the CSV, and writes both into ``meta.json`` beside the weights.  Deterministic: fixed seed,
no randomness in the solver's result beyond it.

Needs scikit-learn (training only; inference is NumPy, see ``eventwatch.events.classifier``).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict

ROOT = Path(__file__).resolve().parents[1]
SEED = 13
TOKEN_PATTERN = r"(?u)\b\w\w+\b"
SIZE_TAG = re.compile(r"\[size=[^\]]*\]")


def clean(note: str) -> str:
    """ACLED's crowd-size tag is bookkeeping, not reporting; news text never has it."""
    return SIZE_TAG.sub(" ", note).strip()


def load(path: Path, exclude: set[str]) -> tuple[list[str], list[str], list[str], list[str]]:
    train_x: list[str] = []
    train_y: list[str] = []
    dev_x: list[str] = []
    dev_y: list[str] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            label = f"{row['event_type']}|{row['sub_event_type']}"
            text = clean(row["notes"])
            if not text:
                continue
            if row["event_id_cnty"] in exclude:
                dev_x.append(text)
                dev_y.append(label)
            else:
                train_x.append(text)
                train_y.append(label)
    return train_x, train_y, dev_x, dev_y


def build(c: float) -> tuple[TfidfVectorizer, LogisticRegression]:
    vec = TfidfVectorizer(lowercase=True, token_pattern=TOKEN_PATTERN, ngram_range=(1, 2), min_df=2,
                          sublinear_tf=True, max_features=40000, dtype=np.float32)
    clf = LogisticRegression(C=c, max_iter=2000, class_weight="balanced", random_state=SEED)
    return vec, clf


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("csv", type=Path, help="ACLED export with event_id_cnty, event_type, sub_event_type, notes")
    ap.add_argument("--exclude", type=Path, help="JSONL with a 'doc' per line: ids kept out of training (dev set)")
    ap.add_argument("--out", type=Path, default=ROOT / "src/eventwatch/data/models/acled_subtype")
    ap.add_argument("--cv", type=int, default=5, help="folds for the cross-validated figure (0: skip)")
    ap.add_argument("--C", type=float, default=8.0)
    args = ap.parse_args(argv)
    exclude: set[str] = set()
    if args.exclude:
        exclude = {json.loads(line)["doc"] for line in args.exclude.open(encoding="utf-8") if line.strip()}
    train_x, train_y, dev_x, dev_y = load(args.csv, exclude)
    print(f"training notes: {len(train_x)}; held-out notes: {len(dev_x)}", file=sys.stderr)
    figures: dict[str, float | int] = {"train_notes": len(train_x), "heldout_notes": len(dev_x)}
    if args.cv:
        from sklearn.pipeline import make_pipeline

        vec, clf = build(args.C)
        folds = StratifiedKFold(n_splits=args.cv, shuffle=True, random_state=SEED)
        pred = cross_val_predict(make_pipeline(vec, clf), train_x, train_y, cv=folds)
        figures["cv_subtype_accuracy"] = round(float(np.mean(np.array(pred) == np.array(train_y))), 3)
        figures["cv_type_accuracy"] = round(float(np.mean([p.split("|")[0] == y.split("|")[0] for p, y in zip(pred, train_y)])), 3)
    vec, clf = build(args.C)
    x = vec.fit_transform(train_x)
    clf.fit(x, train_y)
    if dev_x:
        pred = clf.predict(vec.transform(dev_x))
        figures["heldout_subtype_accuracy"] = round(float(np.mean(pred == np.array(dev_y))), 3)
        figures["heldout_type_accuracy"] = round(float(np.mean([p.split("|")[0] == y.split("|")[0] for p, y in zip(pred, dev_y)])), 3)
    print(json.dumps(figures), file=sys.stderr)
    vocab = [t for t, _ in sorted(vec.vocabulary_.items(), key=lambda kv: kv[1])]
    args.out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out / "weights.npz", idf=vec.idf_.astype(np.float32),
                        coef=clf.coef_.astype(np.float16), intercept=clf.intercept_.astype(np.float32))
    (args.out / "vocabulary.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    meta = {
        "classes": [c.split("|") for c in clf.classes_],
        "ngram_max": 2,
        "token_pattern": TOKEN_PATTERN,
        "sublinear_tf": True,
        "C": args.C,
        "seed": SEED,
        "trained_on": args.csv.name,
        "figures": figures,
    }
    (args.out / "meta.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
