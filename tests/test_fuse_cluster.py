"""Cross-source fusion (pure functions): the fusion corpus and the sample corpus gold reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwatch import fuse
from eventwatch.fuse.features import features, interval, time_score

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).parent / "fixtures" / "fusion" / "corpus.jsonl"


def corpus_reports() -> list[dict]:
    out = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        for r in d["reports"]:
            out.append(r | {"document_id": d["id"], "publisher": d["publisher"],
                            "near_duplicate_of": d["near_duplicate_of"]})
    return out


def gold_seed_reports() -> list[dict]:
    for p in (ROOT / "examples" / "gold" / "seeds.events.jsonl", ROOT / "examples" / "seeds" / "gold.events.jsonl"):
        if p.exists():
            return [json.loads(x) for x in p.read_text(encoding="utf-8").splitlines() if x.strip()]
    pytest.skip("sample-corpus gold reports not found")


@pytest.fixture(scope="module")
def kb():
    try:
        from eventwatch.resolve.kb import KnowledgeBase
    except ImportError:  # pragma: no cover
        return None
    return KnowledgeBase.load(include_user=False)


def test_corpus_is_big_enough_and_well_formed():
    docs = [json.loads(x) for x in CORPUS.read_text(encoding="utf-8").splitlines()]
    assert len(docs) >= 30
    for d in docs:
        for r in d["reports"]:
            q = r["evidence"]["quote"]
            assert d["text"][q["start"]:q["end"]] == r["quote"]


@pytest.mark.parametrize("with_kb", [True, False])
def test_fusion_corpus_pairwise_precision_and_recall(with_kb, kb):
    reports = corpus_reports()
    clusters = fuse.cluster(reports, kb=kb if with_kb else None)
    gold = {r["id"]: r["gold"] for r in reports}
    p, r, f = fuse.pairwise_prf([[m["id"] for m in c.members] for c in clusters], gold)
    print(f"fusion corpus (kb={with_kb}): P={p:.3f} R={r:.3f} F1={f:.3f} clusters={len(clusters)}")
    assert p >= 0.9 and r >= 0.9 and f >= 0.9


def test_reports_of_one_document_are_never_fused():
    reports = corpus_reports()
    for c in fuse.cluster(reports):
        docs = [m["document_id"] for m in c.members]
        assert len(docs) == len(set(docs))


def test_cluster_is_incremental_and_matches_batch(kb):
    reports = corpus_reports()
    docs = sorted({r["document_id"] for r in reports})
    clusters: list[fuse.Cluster] = []
    for d in docs:  # one document at a time, as the store does
        clusters = fuse.cluster([r for r in reports if r["document_id"] == d], kb=kb, existing=clusters)
        for i, c in enumerate(clusters):
            c.id = c.id or f"c{i}-{d}"
    gold = {r["id"]: r["gold"] for r in reports}
    p, r, f = fuse.pairwise_prf([[m["id"] for m in c.members] for c in clusters], gold)
    print(f"incremental: P={p:.3f} R={r:.3f} F1={f:.3f}")
    assert f >= 0.9


def test_summary_counts_independent_publishers_tolls_and_conflicts(kb):
    reports = corpus_reports()
    by_gold = {}
    for c in fuse.cluster(reports, kb=kb):
        by_gold[c.members[0]["gold"]] = fuse.summarize(c.members, kb=kb)
    gao = by_gold["E1"]  # 6 reports, 5 documents; Daily Courier is a near-duplicate, Sahel Wire twice
    assert gao["n_reports"] == 6 and gao["n_publishers"] == 4
    assert gao["fatalities"]["min"] == 10 and gao["fatalities"]["max"] == 15
    assert gao["fatalities"]["by_source"]["Bamako Observer"] == [15, 15]
    assert "disputed_attribution" in gao["flags"] and "conflicting_toll" in gao["flags"]
    hodeidah = by_gold["E13"]
    assert {"disputed_attribution", "conflicting_toll", "conflicting_status"} <= set(hodeidah["flags"])
    odesa = by_gold["E18"]  # Global Wire twice counts once
    assert odesa["n_reports"] == 3 and odesa["n_publishers"] == 2
    assert by_gold["E11"]["flags"] == []  # the ceasefire is told the same way by all


def test_kb_relates_sub_groups_to_their_parent(kb):
    if kb is None:
        pytest.skip("no KB")
    idx = fuse.ActorIndex(kb)
    assert idx.relation(["Ahrar al-Sharqiya"], ["Syrian National Army"]) == 0.8
    assert idx.relation(["Russian Armed Forces"], ["Syrian Arab Army"]) < 0.5
    plain = fuse.ActorIndex(None)
    assert plain.relation(["Wagner"], ["wagner"]) == 1.0


def test_time_precision_windows():
    assert interval({"date": "2020-03", "precision": "month"})[:2] == (
        interval({"date": "2020-03-01"})[0], interval({"date": "2020-03-31"})[0])
    assert time_score({"date": "2020-03-05", "precision": "day"}, {"date": "2020-03", "precision": "month"}) == 0.6
    assert time_score({"date": "2020-03-05", "precision": "day"}, {"date": "2020-03-09", "precision": "day"}) is None
    assert time_score(None, {"date": "2020-03-09", "precision": "day"}) == 0.35


def test_score_pair_blocks_far_apart_places_and_incompatible_types():
    a = {"plover": "ASSAULT", "actor1": ["X"], "where": [{"lat": 16.27, "lon": -0.04, "precision": 1}],
         "when": {"date": "2023-05-10", "precision": "day"}}
    assert fuse.score_pair(a, a) > 0.9  # actor2 unknown on both sides: weakly compatible
    far = a | {"where": [{"lat": 15.66, "lon": 0.50, "precision": 1}]}
    assert fuse.score_pair(a, far) == 0.0
    assert fuse.score_pair(a, a | {"plover": "CONSULT"}) == 0.0
    coarse = far | {"where": [{"lat": 16.0, "lon": 0.3, "precision": 3}]}
    assert fuse.score_pair(a, coarse) > 0.66
    assert features(a, a | {"status": "planned"}).status_penalty > 0


def _find(clusters, rid):
    return next(c for c in clusters if any(m["id"] == rid for m in c.members))


def test_sample_corpus_repeated_events_fuse_across_articles(kb):
    reports = gold_seed_reports()
    clusters = fuse.cluster(reports, kb=kb)
    ids = lambda c: {m["id"] for m in c.members}  # noqa: E731
    # the 5 March 2020 Moscow protocol: told by 000, 001 and 003
    protocol = _find(clusters, "000-03")
    assert "003-07" in ids(protocol) and ids(protocol) & {"001-08", "001-18"}
    assert {m["plover"] for m in protocol.members} == {"AGREE"}
    # the joint Russian-Turkish M4 patrols: told by 000, 002 and 003
    patrols = _find(clusters, "000-10")
    assert {m["doc"][:3] for m in patrols.members} >= {"000", "002", "003"}
    assert {m["plover"] for m in patrols.members} == {"COOPERATE"}
    # the August 2020 attacks on the patrols (18 and 25 August) stay two events
    assert _find(clusters, "001-24") is not _find(clusters, "001-25")
    # nothing from 2021 fuses with 2020
    for c in clusters:
        years = {(m.get("when") or {}).get("date", "")[:4] for m in c.members if m.get("when")}
        assert not ({"2020", "2021"} <= years)
