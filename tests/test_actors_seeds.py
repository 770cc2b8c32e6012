"""Acceptance: actor resolution on the five sample articles against hand labels.

tests/fixtures/actors/seeds_mentions.jsonl was labelled by reading the texts: one line per
actor mention (composite spans have one line per actor), ``actor`` = the guideline
canonical name, or null for spans deliberately judged not to be actor mentions (places,
"Syrian military sources").  A system mention with an actor id is correct when it
overlaps an unused label with the same name; everything else it emits counts against
precision (including spans overlapping null labels and unlabelled spans).

Run ``python tests/test_actors_seeds.py`` to print the errors.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "seeds"
LABELS = Path(__file__).resolve().parent / "fixtures" / "actors" / "seeds_mentions.jsonl"


def evaluate(kb, nlp):
    from eventwatch.models import Document
    from eventwatch.resolve.actors import resolve_actors

    meta = {json.loads(x)["doc"]: json.loads(x) for x in (SEEDS / "docs.jsonl").read_text().splitlines() if x.strip()}
    gold = defaultdict(list)
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        g = json.loads(line)
        gold[g["doc"]].append(g)
    tp = fp = fn = 0
    errors: list[str] = []
    for stem, labels in sorted(gold.items()):
        text = (SEEDS / f"{stem}.txt").read_text(encoding="utf-8")
        pub = meta.get(stem, {}).get("published")
        document = Document(id=stem, doc=stem, text=text, published=date.fromisoformat(pub) if pub else None)
        mentions = [m for m in resolve_actors(nlp(text), document, kb) if m.actor_id]
        used = [False] * len(labels)
        for m in mentions:
            hit = None
            for k, g in enumerate(labels):
                if used[k] or g["actor"] != m.name:
                    continue
                if m.span.start < g["end"] and g["start"] < m.span.end:
                    hit = k
                    break
            if hit is None:
                fp += 1
                errors.append(f"FP {stem} {m.span.start}-{m.span.end} {m.span.text!r} -> {m.name} ({m.how})")
            else:
                used[hit] = True
                tp += 1
        for k, g in enumerate(labels):
            if g["actor"] is not None and not used[k]:
                fn += 1
                errors.append(f"FN {stem} {g['start']}-{g['end']} {g['text']!r} -> {g['actor']}")
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, tp, fp, fn, errors


@pytest.fixture(scope="module")
def kb_only_nlp():
    from eventwatch.nlp.pipeline import load_nlp
    from eventwatch.resolve.kb import KnowledgeBase

    kb = KnowledgeBase.load(include_user=False)
    return kb, load_nlp(kb)


def test_labels_are_consistent():
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        g = json.loads(line)
        text = (SEEDS / f"{g['doc']}.txt").read_text(encoding="utf-8")
        assert text[g["start"] : g["end"]] == g["text"]


def test_seed_precision_recall(kb_only_nlp):
    kb, nlp = kb_only_nlp
    p, r, tp, fp, fn, errors = evaluate(kb, nlp)
    print(f"precision={p:.3f} recall={r:.3f} tp={tp} fp={fp} fn={fn}")
    assert p >= 0.95, "\n".join(errors)
    assert r >= 0.90, "\n".join(errors)


if __name__ == "__main__":
    from eventwatch.nlp.pipeline import load_nlp
    from eventwatch.resolve.kb import KnowledgeBase

    _kb = KnowledgeBase.load(include_user=False)
    _p, _r, _tp, _fp, _fn, _errors = evaluate(_kb, load_nlp(_kb))
    print("\n".join(_errors))
    print(f"precision={_p:.3f} recall={_r:.3f} tp={_tp} fp={_fp} fn={_fn}")
