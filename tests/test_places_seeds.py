"""Every place named in the five sample articles resolves within tolerance (or is reported
unresolved for a stated reason): tests/fixtures/places/seeds_places.jsonl, written by hand."""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES, SEEDS
from eventwatch.resolve.gazetteer import haversine_km
from eventwatch.resolve.places import resolve_places

ROWS = [json.loads(line) for line in (FIXTURES / "places" / "seeds_places.jsonl").open(encoding="utf-8")]


@pytest.fixture(scope="module")
def resolved(nlp, gazetteer):
    out = {}
    for doc_id in sorted({r["doc"] for r in ROWS}):
        text = (SEEDS / f"{doc_id}.txt").read_text(encoding="utf-8")
        out[doc_id] = resolve_places(nlp(text), None, gazetteer)
    return out


def test_seed_places(resolved):
    failures, n_res, n_unres = [], 0, 0
    for r in ROWS:
        ms = [m for m in resolved[r["doc"]] if m.span.text == r["text"]]
        if not ms:
            failures.append(f"{r['doc']} {r['text']!r}: not recognised")
            continue
        for m in ms:
            if r["lat"] is None:
                n_unres += 1
                if m.resolved:
                    failures.append(f"{r['doc']} {r['text']!r}: should be unresolved, got {m.name}")
                elif not m.reason:
                    failures.append(f"{r['doc']} {r['text']!r}: unresolved without a reason")
                continue
            n_res += 1
            if not m.resolved:
                failures.append(f"{r['doc']} {r['text']!r}: unresolved ({m.reason})")
                continue
            d = haversine_km(m.lat, m.lon, r["lat"], r["lon"])
            if d > r["tol_km"]:
                failures.append(f"{r['doc']} {r['text']!r}: {m.name} {d:.0f} km > {r['tol_km']} ({m.reason})")
    assert not failures, "\n".join(failures)
    assert n_res >= 200 and n_unres >= 1


def test_no_unexpected_resolved_places(resolved):
    """Every resolved mention in the sample is one the fixture expects (no spurious places)."""
    known = {(r["doc"], r["text"]) for r in ROWS}
    extra = [(d, m.span.text, m.name) for d, ms in resolved.items() for m in ms
             if m.resolved and (d, m.span.text) not in known]
    assert not extra, extra
