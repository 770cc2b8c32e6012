"""Fusion, stable ids, review and persistence through the store, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from eventwatch.models import Document
from eventwatch.store import EventFilter, ReviewError, Store
from test_store import _postgres_url

CORPUS = Path(__file__).parent / "fixtures" / "fusion" / "corpus.jsonl"


@pytest.fixture(scope="module")
def kb():
    from eventwatch.resolve.kb import KnowledgeBase

    return KnowledgeBase.load(include_user=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path, kb):
    url = f"sqlite:///{tmp_path / 'ew.sqlite'}" if request.param == "sqlite" else _postgres_url()
    s = Store(url, kb=kb)
    yield s
    s.close()


def corpus() -> list[dict]:
    return [json.loads(x) for x in CORPUS.read_text(encoding="utf-8").splitlines()]


def document(d: dict) -> Document:
    return Document(id=d["id"], doc=d["doc"], text=d["text"], publisher=d["publisher"],
                    published=date.fromisoformat(d["published"]), language="en",
                    near_duplicate_of=d["near_duplicate_of"])


def records(d: dict) -> list[dict]:
    return [{k: v for k, v in r.items() if k != "gold"} for r in d["reports"]]


def load(store: Store, docs: list[dict]) -> None:
    for d in docs:
        store.add_document(document(d))
        store.save_records(document(d), records(d))
        store.fuse_document(d["doc"])  # incremental, one document at a time (as ``run`` does)


def gold_of(docs: list[dict]) -> dict[str, str]:
    return {f"{d['doc']}:{r['id']}": r["gold"] for d in docs for r in d["reports"]}


def clusters_of(store: Store) -> list[list[str]]:
    return [[f"{m['doc']}:{m['id']}" for m in store.fused_event(e["id"])["members"]] for e in store.fused_events()]


def test_incremental_store_fusion_reaches_the_corpus_targets(store):
    from eventwatch.fuse import pairwise_prf

    docs = corpus()
    load(store, docs)
    p, r, f = pairwise_prf(clusters_of(store), gold_of(docs))
    print(f"store fusion ({store.dialect}): P={p:.3f} R={r:.3f} F1={f:.3f}")
    assert p >= 0.9 and r >= 0.9
    assert store.stats()["reports_pending_fusion"] == 0


def test_fused_event_filters(store):
    load(store, corpus())
    everything = store.fused_events()
    assert len(everything) >= 15
    gao = store.fused_events(EventFilter(radius=(16.27, -0.04, 5), since="2023-05-10", until="2023-05-10"))
    assert len(gao) == 1 and gao[0]["n_publishers"] == 4
    assert {e["id"] for e in store.fused_events(EventFilter(min_publishers=3))} >= {gao[0]["id"]}
    assert all(e["n_publishers"] >= 3 for e in store.fused_events(EventFilter(min_publishers=3)))
    assert store.fused_events(EventFilter(actor="Wagner Group", plover="ASSAULT"))[0]["id"] == gao[0]["id"]
    assert store.fused_events(EventFilter(text="drone raid market"))
    assert store.fused_events(EventFilter(flag="conflicting_status"))
    assert store.fused_events(EventFilter(bbox=(30, 46, 31, 47)))  # Odesa
    assert not store.fused_events(EventFilter(bbox=(100, 0, 101, 1)))
    reports = store.events(EventFilter(min_publishers=4))
    assert reports and all(r["event"] == gao[0]["id"] for r in reports)
    assert store.events(EventFilter(event=gao[0]["id"]))
    assert store.events(EventFilter(radius=(13.63, 25.35, 5)))  # El Fasher, not Zamzam (15 km)
    assert all("Zamzam" not in r["quote"] for r in store.events(EventFilter(radius=(13.63, 25.35, 5))))
    # full-text over report quotes (stemmed) and documents
    assert store.events(EventFilter(text="ambushed convoy"))
    hits = store.search("grain terminals")
    assert hits and hits[0]["doc"] == "f40"


def test_actor_filter_matches_kb_aliases_and_sub_groups(store, kb):
    d = {"doc": "snag", "id": "snag0001", "publisher": "X", "published": "2020-04-20", "near_duplicate_of": None,
         "text": "Ahrar al-Sharqiya fighters refused to go to Libya.", "reports": [
             {"doc": "snag", "id": "snag-01", "plover": "REJECT", "mode": None, "actor1": ["Ahrar al-Sharqiya"],
              "actor2": ["Turkey"], "where": [], "when": {"date": "2020-04", "precision": "month"},
              "status": "claimed", "quote": "Ahrar al-Sharqiya fighters refused to go to Libya.",
              "evidence": {"quote": {"start": 0, "end": 50}}}]}
    load(store, [d])
    assert store.events(EventFilter(actor="Syrian National Army"))
    assert store.fused_events(EventFilter(actor="Syrian National Army"))
    assert store.events(EventFilter(actor="Republic of Turkey")) or store.events(EventFilter(actor="Turkey"))
    assert not store.events(EventFilter(actor="Hayat Tahrir al-Sham"))


def test_rerunning_extraction_keeps_event_ids_reviews_and_corrections(store):
    docs = corpus()
    load(store, docs)
    before = {e["id"]: sorted(e["reports"]) for e in store.fused_events()}
    gao = store.fused_events(EventFilter(radius=(16.27, -0.04, 5), since="2023-05-10", until="2023-05-10"))[0]
    member = next(m for m in store.fused_event(gao["id"])["members"] if m["doc"] == "f02")
    store.confirm(gao["id"], by="ana", why="checked with OCHA")
    store.correct(member["key"], "fatalities", "14", by="ana", why="hospital list")
    store.correct(gao["id"], "actor1", "Malian Armed Forces, Wagner Group", by="ana", why="joint operation")

    # re-run: same machine output (new extractor version), plus changed tolls in one document
    for d in docs:
        recs = records(d)
        for r in recs:
            r["extractor_version"] = "9.9"
            if d["doc"] == "f02":
                r["fatalities"] = 16
        store.save_records(document(d), recs)
    assert store.fuse_pending()["reports"] == 0  # nothing new to fuse: every key matched
    after = {e["id"]: sorted(e["reports"]) for e in store.fused_events()}
    assert after == before
    ev = store.fused_event(gao["id"])
    assert ev["review"] == "confirmed"
    assert ev["actor1"] == ["Malian Armed Forces", "Wagner Group"]
    assert ev["corrected"]["actor1"]["machine"][0] == "Malian Armed Forces"
    (m,) = [m for m in ev["members"] if m["doc"] == "f02"]
    assert m["fatalities"] == 14
    assert m["corrected"]["fatalities"] | {"at": None} == {"value": 14, "machine": 16, "by": "ana",
                                                          "why": "hospital list", "at": None}
    assert m["extractor_version"] == "9.9"
    assert ev["fatalities"]["by_source"]["Bamako Observer"] == [14, 14]  # the analyst value wins in the event

    # a fresh database fed the same documents gets the same ids (ids derive from report keys)
    # and a full re-clustering keeps every id
    store.refuse_all()
    assert {e["id"] for e in store.fused_events()} == set(before)


def test_a_changed_report_gets_a_new_key_and_the_old_one_is_retracted(store):
    docs = corpus()[:3]
    load(store, docs)
    d = docs[0]
    recs = records(d)
    first_key = store.events(EventFilter(doc=d["doc"]))[0]["key"]
    recs[0]["plover"] = "COERCE"  # re-extraction changes the type: a different report
    store.save_records(document(d), recs)
    keys = {r["key"] for r in store.events(EventFilter(doc=d["doc"]))}
    assert first_key not in keys and len(keys) == 2
    assert store.fuse_pending()["reports"] == 1
    # going back revives the old row and its membership
    store.save_records(document(d), records(d))
    assert first_key in {r["key"] for r in store.events(EventFilter(doc=d["doc"]))}


def test_merge_split_reject_with_redirects_and_audit(store):
    load(store, corpus())
    e9 = store.fused_events(EventFilter(radius=(15.64, 32.48, 3)))[0]  # Omdurman
    e10 = store.fused_events(EventFilter(radius=(15.50, 32.56, 3)))[0]  # Khartoum
    kept = store.merge(e9["id"], e10["id"], by="bo", why="same bombardment")
    assert kept == e9["id"]
    assert store.fused_event(e10["id"])["id"] == e9["id"]  # old id redirects
    merged = store.fused_event(e9["id"])
    assert merged["n_reports"] == 4 and merged["locked"]
    # the merge survives incremental fusion and a full re-clustering
    store.refuse_all()
    assert store.fused_event(e9["id"])["n_reports"] == 4
    # split the Khartoum reports back out
    khartoum = [m["key"] for m in merged["members"] if m["where"][0]["name"] == "Khartoum"]
    new_id = store.split(e9["id"], khartoum, by="bo", why="two strikes after all")
    assert store.fused_event(new_id)["n_reports"] == 2 and store.fused_event(e9["id"])["n_reports"] == 2
    assert {"old": e9["id"], "new": new_id} in [{"old": r["old"], "new": r["new"]} for r in store.redirects(e9["id"])]
    with pytest.raises(ReviewError):
        store.split(e9["id"], [m["key"] for m in store.fused_event(e9["id"])["members"]], by="bo")
    # reject an event and a report
    store.reject(new_id, by="cy", why="duplicate of a wire story")
    assert new_id not in {e["id"] for e in store.fused_events()}
    assert new_id in {e["id"] for e in store.fused_events(EventFilter(include_rejected=True))}
    log = store.audit_log()
    assert [x["action"] for x in log] == ["merge", "split", "reject"]
    assert all(x["who"] and x["at"] and x["why"] for x in log)
    with pytest.raises(ReviewError):
        store.correct(e9["id"], "colour", "red", by="x")
    with pytest.raises(ReviewError):
        store.confirm("ev-doesnotexist", by="x")


def test_rejected_report_leaves_its_event(store):
    load(store, corpus())
    gao = store.fused_events(EventFilter(radius=(16.27, -0.04, 5), since="2023-05-10", until="2023-05-10"))[0]
    victim = next(m for m in store.fused_event(gao["id"])["members"] if m["doc"] == "f02")
    store.reject(victim["key"], by="ana", why="rumour")
    after = store.fused_event(gao["id"])
    assert after["n_reports"] == gao["n_reports"] - 1
    assert victim["key"] not in {r["key"] for r in store.events()}
    assert store.fuse_pending()["reports"] == 0  # a rejected report is not fused again
