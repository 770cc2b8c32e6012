"""The API's filters are the store's: same actor matching (KB aliases and sub-groups), full-text
``text``, radius / corroboration / fused event / review filters, analysts' corrections on records
and aggregates.  Each API answer is compared with ``Store.events`` (what ``eventwatch events`` prints)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import ClassVar

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from eventwatch.api import create_app
from eventwatch.api.sample import fill
from eventwatch.store import EventFilter, Store

TOKEN = "s3cret-api-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@dataclass
class _Actor:
    id: str
    parent: str | None = None


class FakeKB:
    """Valdoria (state) with two sub-groups, the army and the police; each with aliases."""

    ALIASES: ClassVar[dict[str, str]] = {
        "government of valdoria": "vd-state", "valdoria": "vd-state",
        "valdoria army": "vd-army", "valdorian troops": "vd-army",
        "valdoria police": "vd-police", "police": "vd-police", "gendarmerie": "vd-police",
        "northern front": "nf", "nf rebels": "nf",
    }

    def __init__(self) -> None:
        self.actors = {"vd-state": _Actor("vd-state"), "vd-army": _Actor("vd-army", "vd-state"),
                       "vd-police": _Actor("vd-police", "vd-state"), "nf": _Actor("nf")}

    def lookup(self, name: str) -> list[_Actor]:
        i = self.ALIASES.get(name.lower().strip())
        return [self.actors[i]] if i else []

    def ancestors(self, actor_id: str) -> list[_Actor]:
        out, a = [], self.actors.get(actor_id)
        while a is not None and a.parent:
            a = self.actors.get(a.parent)
            if a is not None:
                out.append(a)
        return out


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "filters.sqlite"
    fill(Store(str(path))).close()
    return str(path)


@pytest.fixture
def app_store(db):
    app = create_app(db, token=TOKEN)
    store = app.state.store
    store.kb = FakeKB()
    return TestClient(app), store


def ids(resp) -> list[str]:
    assert resp.status_code == 200, resp.text
    return [r["id"] for r in resp.json()["items"]]


def store_ids(store: Store, **kw) -> list[str]:
    return [r["id"] for r in store.events(EventFilter(**kw))]


# ------------------------------------------------------------------ actor: aliases and sub-groups
@pytest.mark.parametrize(
    ("needle", "expected"),
    [
        # an alias of the army matches reports naming "Valdoria Army" (no substring in common)
        ("Valdorian troops", ["vd-001-001", "vd-002-001", "vd-003-001", "vd-004-001", "vd-004-002", "vd-007-001",
                              "vd-008-001"]),
        # the state matches its sub-groups: the army and the police ("Valdoria Police")
        ("Government of Valdoria", ["vd-001-001", "vd-002-001", "vd-003-001", "vd-004-001", "vd-004-002",
                                    "vd-005-002", "vd-007-001", "vd-008-001"]),
        ("gendarmerie", ["vd-005-002"]),
        ("NF rebels", ["vd-003-001", "vd-004-001", "vd-004-002", "vd-005-002", "vd-007-001"]),
        ("lake council", ["vd-004-002", "vd-005-001"]),  # plain substring still works
    ],
)
def test_actor_filter_matches_kb_aliases_and_subgroups_like_the_store(app_store, needle, expected):
    client, store = app_store
    assert ids(client.get("/api/events", params={"actor": needle})) == expected
    assert store_ids(store, actor=needle) == expected
    page = client.get("/api/events", params={"actor": needle, "limit": 2, "offset": 1}).json()
    assert page["total"] == len(expected) and [r["id"] for r in page["items"]] == expected[1:3]


def test_aggregates_use_the_same_actor_filter(app_store):
    client, store = app_store
    f = {"actor": "Valdorian troops"}
    expected = store_ids(store, actor="Valdorian troops")
    weeks = client.get("/api/timeline", params=f).json()["items"]
    assert sum(w["count"] for w in weeks) == len(expected)
    places = client.get("/api/places", params=f).json()["items"]
    assert sum(p["reports"] for p in places) == len(expected)
    pubs = client.get("/api/publishers", params=f).json()["items"]
    assert sum(p["reports"] for p in pubs) == len(expected)
    actors = {a["name"]: a for a in client.get("/api/actors", params=f).json()["items"]}
    assert actors["Valdoria Army"]["reports"] == len(expected)
    net = client.get("/api/network", params={"actor": "gendarmerie"}).json()
    assert [(e["source"], e["target"]) for e in net["edges"]] == [("Valdoria Police", "Northern Front")]


# ------------------------------------------------------------------ text: full-text search
def test_text_uses_full_text_search_not_a_substring(app_store):
    client, store = app_store
    # both words occur in the quote, but not as one substring: only full-text search finds it
    assert ids(client.get("/api/events", params={"text": "food families"})) == ["vd-005-001"]
    assert store_ids(store, text="food families") == ["vd-005-001"]
    assert ids(client.get("/api/events", params={"text": "Checkpoint MORROW"})) == ["vd-003-001"]
    assert ids(client.get("/api/events", params={"text": "food tanks"})) == []
    assert client.get("/api/events", params={"text": "food families"}).json()["total"] == 1
    assert sum(w["count"] for w in client.get("/api/timeline", params={"text": "food families"}).json()["items"]) == 1


# ------------------------------------------------------------------ corrections
def test_corrected_values_show_up_in_lists_filters_and_aggregates(app_store):
    client, store = app_store
    r = client.post("/api/events/vd-002-001/review", headers=AUTH,
                    json={"action": "correct", "changes": {"fatalities": 5, "actor1": ["Lake Council"]},
                          "allow_unknown": True})
    assert r.status_code == 200, r.text
    item = next(x for x in client.get("/api/events").json()["items"] if x["id"] == "vd-002-001")
    assert item["fatalities"] == 5 and item["actor1"] == ["Lake Council"]
    # applied once: the machine value is kept beside the analyst's
    assert item["corrected"]["fatalities"] | {"at": None} == {"value": 5, "machine": 6, "by": "admin", "why": None,
                                                              "at": None}
    assert item["corrected"]["actor1"]["value"] == ["Lake Council"]
    assert item["corrected"]["actor1"]["machine"] == ["Valdoria Army"]
    assert item["report_id"] and item["document_id"] and item["title"] == "Six dead in Kessa shelling"
    assert item["published"] == "2023-03-04" and item["key"] and "review" in item and "event" in item
    # the same record as the store's (what `eventwatch events` prints), plus the API's handles
    (rec,) = store.events(EventFilter(doc="vd-002"))
    assert {k: v for k, v in item.items() if k not in ("report_id", "document_id", "published", "title")} == rec
    # filters and aggregates see the corrected actors
    assert "vd-002-001" in ids(client.get("/api/events", params={"actor": "lake council"}))
    assert "vd-002-001" not in ids(client.get("/api/events", params={"actor": "Valdorian troops"}))
    assert "vd-002-001" in ids(client.get("/api/events", params={"actor": "lake council", "type": "ASSAULT"}))
    rw = next(p for p in client.get("/api/publishers").json()["items"] if p["publisher"] == "River Wire")
    assert rw["fatalities_reported"] == 5 and {"actor": "Lake Council", "reports": 1} in rw["blames"]
    lines = client.get("/api/events", params={"format": "jsonl", "doc": "vd-002"}).text.strip().splitlines()
    assert json.loads(lines[0])["fatalities"] == 5
    recent = client.get("/api/publishers/River Wire").json()["recent"]
    assert next(x for x in recent if x["id"] == "vd-002-001")["corrected"]["fatalities"]["machine"] == 6


# ------------------------------------------------------------------ the new filters
def test_near_min_publishers_event_and_review_filters(app_store):
    client, store = app_store
    near = ids(client.get("/api/events", params={"near": "12.45,15.60,5"}))  # Morrow, not Kessa (~70 km)
    assert near == ["vd-003-001", "vd-005-001"] == store_ids(store, radius=(12.45, 15.60, 5))
    assert len(ids(client.get("/api/events", params={"near": "12.1,15.3,100"}))) > len(near)
    shelling = client.get("/api/events/vd-001-001").json()["event"]
    assert shelling
    members = ids(client.get("/api/events", params={"event": shelling}))
    assert members == ["vd-001-001", "vd-002-001"] == store_ids(store, event=shelling)
    corroborated = ids(client.get("/api/events", params={"min_publishers": 2}))
    assert corroborated == store_ids(store, min_publishers=2) and {"vd-001-001", "vd-002-001"} <= set(corroborated)
    client.post("/api/events/vd-006-001/review", json={"action": "reject"}, headers=AUTH)
    client.post("/api/events/vd-001-001/review", json={"action": "confirm"}, headers=AUTH)
    assert ids(client.get("/api/events", params={"review": "confirmed"})) == ["vd-001-001"]
    assert ids(client.get("/api/events", params={"review": "rejected"})) == ["vd-006-001"]
    unreviewed = ids(client.get("/api/events", params={"review": "unreviewed"}))
    assert len(unreviewed) == 8 and unreviewed == store_ids(store, review="unreviewed")
    assert client.get("/api/timeline", params={"review": "confirmed"}).json()["items"][0]["count"] == 1
    assert client.get("/api/fused", params={"min_publishers": 2}).status_code == 200


@pytest.mark.parametrize(
    ("query", "status", "needle"),
    [
        ("near=1,2", 400, "near"),
        ("near=a,b,c", 400, "near"),
        ("near=91,0,5", 400, "near"),
        ("near=0,0,-1", 400, "near"),
        ("near=0,0,inf", 400, "near"),
        ("min_publishers=0", 422, "min_publishers"),
        ("min_publishers=x", 422, "min_publishers"),
        ("review=maybe", 422, "review"),
        ("event=%00", 400, "NUL"),
    ],
)
def test_bad_new_filter_values_are_json_4xx(app_store, query, status, needle):
    client, _ = app_store
    for path in ("/api/events", "/api/places", "/api/fused"):
        r = client.get(f"{path}?{query}")
        assert r.status_code == status, (path, r.text)
        body = r.json()
        assert set(body) == {"error", "detail"} and needle.lower() in (body["error"] + json.dumps(body["detail"])).lower()


def test_openapi_documents_the_filters(app_store):
    client, _ = app_store
    params = {p["name"]: p for p in client.get("/openapi.json").json()["paths"]["/api/events"]["get"]["parameters"]}
    for name in ("near", "min_publishers", "event", "review", "actor", "text"):
        assert params[name].get("description"), name
    assert "alias" in params["actor"]["description"] and "Full-text" in params["text"]["description"]


# ------------------------------------------------------------------ API == CLI (real knowledge base)
@pytest.mark.parametrize(
    ("cli", "api"),
    [
        (["--actor", "Valdoria Army"], {"actor": "Valdoria Army"}),
        (["--text", "food families"], {"text": "food families"}),
        (["--near", "12.1,15.05,10", "--type", "ASSAULT"], {"near": "12.1,15.05,10", "type": "ASSAULT"}),
        (["--min-publishers", "2"], {"min_publishers": 2}),
    ],
)
def test_api_answers_what_eventwatch_events_prints(db, cli, api):
    from eventwatch.cli import app as cli_app

    out = CliRunner().invoke(cli_app, ["events", "--db", db, "--json", "--per", "report", *cli])
    assert out.exit_code == 0, out.output
    expected = [json.loads(line)["id"] for line in out.output.strip().splitlines() if line.strip()]
    client = TestClient(create_app(db, token=TOKEN))
    assert ids(client.get("/api/events", params=api)) == expected
