"""REST API: every endpoint, filter and error case on a small hand-made SQLite store."""

from __future__ import annotations

import csv
import io
import json

import pytest
from fastapi.testclient import TestClient

from eventwatch.api import create_app
from eventwatch.api.sample import XSS_MARKUP, fill
from eventwatch.models import DocumentAnalysis, DocumentResult
from eventwatch.store import Store

TOKEN = "s3cret-api-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("api") / "sample.sqlite"
    fill(Store(str(path))).close()
    return str(path)


@pytest.fixture
def fresh_db(tmp_path):
    path = tmp_path / "fresh.sqlite"
    fill(Store(str(path))).close()
    return str(path)


@pytest.fixture(scope="module")
def client(db):
    return TestClient(create_app(db, token=TOKEN))


def ids(resp) -> list[str]:
    assert resp.status_code == 200, resp.text
    return [r["id"] for r in resp.json()["items"]]


# ------------------------------------------------------------------ events and filters
def test_events_page_has_total_and_records(client):
    r = client.get("/api/events")
    body = r.json()
    assert body["total"] == 10 and body["limit"] == 100 and body["offset"] == 0
    first = body["items"][0]
    assert first["id"] == "vd-001-001" and first["publisher"] == "Kessa Herald" and first["fatalities"] == 4
    assert first["evidence"]["quote"]["start"] == 0 and isinstance(first["report_id"], int)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"type": "assault"}, ["vd-001-001", "vd-002-001", "vd-003-001", "vd-006-001"]),
        ({"type": "AGREE"}, ["vd-004-001"]),
        ({"since": "2023-03-20", "until": "2023-03-22"}, ["vd-004-001", "vd-004-002", "vd-005-001"]),
        ({"since": "2023-04"}, ["vd-007-001", "vd-008-001"]),
        ({"status": "claimed"}, ["vd-006-001"]),
        ({"actor": "lake council"}, ["vd-004-002", "vd-005-001"]),
        ({"actor": "northern", "type": "ASSAULT"}, ["vd-003-001"]),
        ({"doc": "vd-005"}, ["vd-005-001", "vd-005-002"]),
        ({"publisher": "river wire"}, ["vd-002-001", "vd-003-001"]),
        ({"text": "checkpoint"}, ["vd-003-001"]),
        ({"text": "100%_"}, []),
        ({"bbox": "12.3,15.5,12.6,15.7"}, ["vd-003-001", "vd-005-001"]),
        ({"min_confidence": "0.85"}, ["vd-001-001", "vd-003-001", "vd-004-001"]),
        ({"type": "ASSAULT", "bbox": "11,14,13,16", "since": "2023-03-01", "until": "2023-03-31", "limit": 2},
         ["vd-001-001", "vd-002-001"]),
    ],
)
def test_event_filters(client, params, expected):
    assert ids(client.get("/api/events", params=params)) == expected


def test_pagination_limit_offset_and_total(client):
    body = client.get("/api/events", params={"limit": 3, "offset": 3}).json()
    assert body["total"] == 10 and [r["id"] for r in body["items"]] == ["vd-004-001", "vd-004-002", "vd-005-001"]
    body = client.get("/api/events", params={"actor": "army", "limit": 2, "offset": 1}).json()
    assert body["total"] == 7 and len(body["items"]) == 2
    assert client.get("/api/events", params={"offset": 500}).json()["items"] == []
    assert client.get("/api/events", params={"total": "false"}).json()["total"] is None


def test_event_downloads_csv_geojson_jsonl(client):
    r = client.get("/api/events", params={"format": "csv", "type": "ASSAULT"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [row["id"] for row in rows] == ["vd-001-001", "vd-002-001", "vd-003-001", "vd-006-001"]
    g = client.get("/api/events", params={"format": "geojson", "limit": 1})
    assert g.headers["content-type"].startswith("application/geo+json")
    fc = g.json()
    assert fc["type"] == "FeatureCollection" and fc["features"][0]["geometry"]["coordinates"] == [15.05, 12.1]
    lines = client.get("/api/events", params={"format": "jsonl"}).text.strip().splitlines()
    assert len(lines) == 10 and json.loads(lines[0])["id"] == "vd-001-001"


def test_event_detail_with_document_context_and_related_reports(client):
    r = client.get("/api/events/vd-001-001")
    assert r.status_code == 200
    e = r.json()
    q = e["evidence"]["quote"]
    assert e["document"]["text"][q["start"]:q["end"]] == e["quote"]
    assert e["context"]["text"][e["context"]["start"]:e["context"]["end"]] == e["quote"]
    assert [o["id"] for o in e["reports"]] == ["vd-002-001"]  # River Wire's report of the same shelling
    other = e["reports"][0]
    assert other["fatalities"] == 6 and other["context"]["text"][other["context"]["start"]:other["context"]["end"]] == other["quote"]
    by_db_id = client.get(f"/api/events/{e['report_id']}").json()
    assert by_db_id["id"] == "vd-001-001"


def test_documents_list_and_detail_with_text_and_removed(client):
    body = client.get("/api/documents", params={"limit": 3}).json()
    assert body["total"] == 8 and len(body["items"]) == 3 and "text" not in body["items"][0]
    assert body["items"][0]["reports"] == 1
    assert client.get("/api/documents", params={"publisher": "lake times"}).json()["total"] == 2
    assert client.get("/api/documents", params={"text": "ceasefire"}).json()["total"] == 1
    d = client.get("/api/documents/vd-007").json()
    assert XSS_MARKUP in d["text"] and d["removed"] == [] and d["events"][0]["plover"] == "THREATEN"
    assert client.get(f"/api/documents/{d['id']}").json()["doc"] == "vd-007"


# ------------------------------------------------------------------ aggregates
def test_actors_unknown_places_timeline(client):
    actors = client.get("/api/actors").json()
    top = actors["items"][0]
    assert top == {"name": "Valdoria Army", "reports": 7, "as_actor1": 4, "as_actor2": 3}
    assert client.get("/api/actors", params={"q": "council"}).json()["items"][0]["name"] == "Lake Council"
    assert client.get("/api/actors", params={"type": "PROTEST"}).json()["total"] == 2
    unknown = client.get("/api/actors/unknown").json()["items"]
    assert unknown and unknown[0]["text"] == "Unknown gunmen"
    places = client.get("/api/places").json()["items"]
    assert places[0] == {"name": "Kessa", "lat": 12.1, "lon": 15.05, "reports": 5}
    assert client.get("/api/places", params={"actor": "lake"}).json()["items"][0]["name"] in ("Kessa", "Morrow")
    weeks = client.get("/api/timeline").json()["items"]
    assert weeks[0] == {"week": "2023-02-27", "count": 2, "by_type": {"ASSAULT": 2}}
    assert sum(w["count"] for w in weeks) == 10


def test_network_edges_are_split_conflict_and_cooperation(client):
    net = client.get("/api/network").json()
    edges = {(e["source"], e["target"]): e for e in net["edges"]}
    assert edges[("Northern Front", "Valdoria Army")]["kind"] == "conflict"
    assert edges[("Lake Council", "Valdoria Army")]["kind"] == "cooperation"
    assert {n["id"] for n in net["nodes"]} >= {"Valdoria Army", "Northern Front", "Lake Council"}
    assert client.get("/api/network", params={"min_weight": 5}).json() == {"nodes": [], "edges": []}


def test_publishers_report_whom_they_blame(client):
    items = client.get("/api/publishers").json()["items"]
    kh = next(p for p in items if p["publisher"] == "Kessa Herald")
    assert kh["documents"] == 3 and kh["reports"] == 3 and kh["fatalities_reported"] == 4
    assert kh["blames"][0] == {"actor": "Valdoria Army", "reports": 2}
    one = client.get("/api/publishers/River Wire").json()
    assert one["reports"] == 2 and one["blames"][0]["actor"] in ("Valdoria Army", "Northern Front")
    assert [r["id"] for r in one["recent"]] == ["vd-002-001", "vd-003-001"]
    assert client.get("/api/publishers/Nobody").status_code == 404


def test_stats_meta_health_basemap(client):
    s = client.get("/api/stats").json()
    assert s["documents"] == 8 and s["event_reports"] == 10 and s["publishers"] == 4
    assert s["date_range"] == ["2023-03-03", "2023-04-06"]
    m = client.get("/api/meta").json()
    classes = {p["type"]: p["class"] for p in m["plover"]}
    assert classes["ASSAULT"] == "conflict" and classes["AID"] == "cooperation" and m["writes_enabled"] is True
    assert client.get("/api/health").json()["ok"] is True
    fc = client.get("/api/basemap/features").json()
    assert fc["type"] == "FeatureCollection"
    assert all(f["geometry"]["type"] in ("LineString", "MultiLineString", "Polygon", "MultiPolygon")
               for f in fc["features"])


def test_dashboard_docs_and_static_assets_are_local(client):
    index = client.get("/")
    assert index.status_code == 200 and "/static/js/main.js" in index.text and "http" not in index.text.split("<body")[0]
    docs = client.get("/docs").text
    assert "/static/vendor/swagger-ui-dist/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()
    for path in ("/static/vendor/leaflet/leaflet.js", "/static/vendor/world-atlas/countries-50m.json",
                 "/static/vendor/swagger-ui-dist/swagger-ui.css", "/static/js/main.js",
                 "/static/vendor/natural-earth-admin1/admin1.topo.json"):
        assert client.get(path).status_code == 200, path
    assert client.get("/openapi.json").json()["info"]["title"] == "eventwatch API"


# ------------------------------------------------------------------ fused events
def test_fused_events_list(client):
    r = client.get("/api/fused")
    assert r.status_code == 200 and r.json()["items"]


# ------------------------------------------------------------------ errors
@pytest.mark.parametrize(
    ("path", "status", "needle"),
    [
        ("/api/events?since=yesterday", 400, "since"),
        ("/api/events?until=2023-02-30", 400, "until"),
        ("/api/events?since=2023-05-01&until=2023-04-01", 400, "after"),
        ("/api/events?bbox=1,2,3", 400, "bbox"),
        ("/api/events?bbox=a,b,c,d", 400, "bbox"),
        ("/api/events?bbox=0,10,1,5", 400, "bbox"),
        ("/api/events?bbox=0,0,1,nan", 400, "bbox"),
        ("/api/events?type=EXPLODE", 400, "PLOVER"),
        ("/api/events?status=rumoured", 400, "status"),
        ("/api/events?limit=0", 422, "limit"),
        ("/api/events?limit=abc", 422, "limit"),
        ("/api/events?offset=-1", 422, "offset"),
        ("/api/events?min_confidence=2", 422, "min_confidence"),
        ("/api/events?format=xml", 422, "format"),
        ("/api/events?actor=%00", 400, "NUL"),
        ("/api/events/no-such-report", 404, "no event report"),
        ("/api/events/99999999", 404, "no event report"),
        ("/api/documents/nothing", 404, "no document"),
        ("/api/nowhere", 404, "not found"),
    ],
)
def test_errors_are_json_with_a_clear_message(client, path, status, needle):
    r = client.get(path)
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error", "detail"} and needle.lower() in (body["error"] + json.dumps(body["detail"])).lower()


def test_method_not_allowed_is_json(client):
    r = client.delete("/api/events")
    assert r.status_code == 405 and r.json()["error"] == "method not allowed"


# ------------------------------------------------------------------ auth
def test_writes_need_the_token(client):
    body = {"action": "confirm"}
    assert client.post("/api/events/vd-001-001/review", json=body).status_code == 401
    bad = client.post("/api/events/vd-001-001/review", json=body, headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401 and "token" in bad.json()["error"] and bad.headers["www-authenticate"] == "Bearer"
    assert client.post("/api/documents", json={"text": "x"}).status_code == 401


def test_server_without_token_is_read_only(db):
    c = TestClient(create_app(db, token=None, read_token_required=False))
    r = c.post("/api/events/vd-001-001/review", json={"action": "confirm"}, headers=AUTH)
    assert r.status_code == 403 and "disabled" in r.json()["error"]
    assert c.get("/api/meta").json()["writes_enabled"] is False


def test_reads_can_require_the_token(db):
    c = TestClient(create_app(db, token=TOKEN, read_token_required=True))
    assert c.get("/api/events").status_code == 401
    assert c.get("/api/events", headers=AUTH).status_code == 200
    assert c.get("/").status_code == 200  # the dashboard shell itself is static
    with pytest.raises(ValueError):
        create_app(db, token=None, read_token_required=True)


def test_configuration_from_the_environment(db, monkeypatch):
    monkeypatch.setenv("EVENTWATCH_DB", db)
    monkeypatch.setenv("EVENTWATCH_TOKEN", "envtok-long-enough-0123")
    monkeypatch.setenv("EVENTWATCH_READ_TOKEN_REQUIRED", "true")
    c = TestClient(create_app())
    assert c.get("/api/stats").status_code == 401
    assert c.get("/api/stats", headers={"Authorization": "Bearer envtok-long-enough-0123"}).json()["event_reports"] == 10


# ------------------------------------------------------------------ review
def test_review_queue_and_actions_persist(fresh_db, tmp_path):
    team = tmp_path / "analysts.json"
    team.write_text(json.dumps({"ana-token": "ana"}))
    c = TestClient(create_app(fresh_db, token=TOKEN, users_file=team))
    queue = c.get("/api/review/queue").json()
    ids_ = [r["id"] for r in queue["items"]]
    assert ids_ == ["vd-006-001", "vd-007-001", "vd-002-001"]  # lowest confidence first
    assert any("disputed" in reason for reason in queue["items"][0]["reasons"])
    r = c.post("/api/events/vd-006-001/review", json={"action": "reject", "note": "unverified"}, headers=AUTH)
    assert r.status_code == 200 and r.json()["review"]["action"] == "reject"
    assert r.json()["event"]["review"] == "rejected"
    # the analyst is the token's owner, whatever the body's "reviewer" says
    r = c.post("/api/events/vd-002-001/review", headers={"Authorization": "Bearer ana-token"},
               json={"action": "correct", "changes": {"fatalities": 5, "plover": "assault"}, "reviewer": "dashboard"})
    assert r.status_code == 200
    assert r.json()["event"]["fatalities"] == 5
    corrected = r.json()["event"]["corrected"]["fatalities"]
    assert (corrected["value"], corrected["machine"], corrected["by"]) == (5, 6, "ana")
    # persisted: a new app over the same database sees both reviews
    c2 = TestClient(create_app(fresh_db, token=TOKEN))
    e = c2.get("/api/events/vd-002-001").json()
    assert e["fatalities"] == 5 and e["review_history"][0]["who"] == "ana"
    assert e["review_history"][0]["field"] in ("fatalities", "plover")
    assert [r["id"] for r in c2.get("/api/review/queue").json()["items"]] == ["vd-007-001"]
    assert len(c2.get("/api/review/queue", params={"include_reviewed": "true"}).json()["items"]) == 3
    # a rejected report leaves the lists unless asked for
    assert "vd-006-001" not in ids(c2.get("/api/events"))
    assert "vd-006-001" in ids(c2.get("/api/events", params={"include_rejected": "true"}))
    assert c2.get("/api/events/vd-006-001").json()["review"] == "rejected"
    c2.post("/api/events/vd-001-001/review", json={"action": "confirm"}, headers=AUTH)
    assert c2.get("/api/events/vd-001-001").json()["review"] == "confirmed"
    assert c2.get("/api/stats").json()["review_actions"] == 4


@pytest.mark.parametrize(
    "body",
    [
        {"action": "correct"},
        {"action": "correct", "changes": {"quote": "x"}},
        {"action": "correct", "changes": {"plover": "EXPLODE"}},
        {"action": "correct", "changes": {"status": "maybe"}},
        {"action": "correct", "changes": {"fatalities": -3}},
        {"action": "correct", "changes": {"actor1": [1, 2]}},
        {"action": "correct", "changes": {"when": {"date": "soon"}}},
    ],
)
def test_bad_corrections_are_400(fresh_db, body):
    c = TestClient(create_app(fresh_db, token=TOKEN))
    r = c.post("/api/events/vd-001-001/review", json=body, headers=AUTH)
    assert r.status_code == 400 and r.json()["error"]


def test_review_errors(fresh_db):
    c = TestClient(create_app(fresh_db, token=TOKEN))
    assert c.post("/api/events/none/review", json={"action": "confirm"}, headers=AUTH).status_code == 404
    r = c.post("/api/events/vd-001-001/review", json={"action": "approve"}, headers=AUTH)
    assert r.status_code == 422 and r.json()["error"].startswith("invalid parameter action")
    r = c.post("/api/events/vd-001-001/review", content="{not json", headers=AUTH | {"Content-Type": "application/json"})
    assert r.status_code == 422
    assert c.post("/api/review/merge", json={"keep": "ev-nope", "other": "ev-none"}, headers=AUTH).status_code == 404
    assert c.post("/api/review/split", json={"event": "ev-nope", "reports": ["1"]}, headers=AUTH).status_code == 404
    assert c.post("/api/review/merge", json={"keep": "one"}, headers=AUTH).status_code == 422


def test_fused_events_merge_and_split(fresh_db):
    c = TestClient(create_app(fresh_db, token=TOKEN))
    fused = c.get("/api/fused").json()["items"]
    assert fused, "the sample reports are fused into events"
    shelling = c.get("/api/events/vd-001-001").json()
    assert shelling["event"] and c.get(f"/api/fused/{shelling['event']}").json()["id"] == shelling["event"]
    assert c.get("/api/fused/ev-nope").status_code == 404
    assert c.get("/api/fused", params={"type": "AGREE"}).json()["items"][0]["plover"] == "AGREE"
    # split the River Wire report off the shelling event, then merge it back
    if [r["id"] for r in shelling["reports"]] == ["vd-002-001"]:
        other = shelling["reports"][0]
        r = c.post("/api/review/split", json={"event": shelling["event"], "reports": [other["key"]]}, headers=AUTH)
        assert r.status_code == 200, r.text
        new = r.json()["new_event"]
        assert c.get("/api/events/vd-002-001").json()["event"] == new
        r = c.post("/api/review/merge", json={"keep": shelling["event"], "other": new}, headers=AUTH)
        assert r.status_code == 200 and c.get("/api/events/vd-002-001").json()["event"] == shelling["event"]


# ------------------------------------------------------------------ ingest
class FakePipeline:
    """Stands in for eventwatch.pipeline.Pipeline (no spaCy): one ASSAULT per document."""

    def process(self, documents):
        from eventwatch.api.sample import Ev, build

        for d in documents:
            if "shelled" in d.text:
                r = build(d.doc, d.publisher or "", d.published, d.text, [
                    Ev("ASSAULT", d.text.split(".")[0] + ".", "shelled", [("Rebels", "Rebels")], [], None, None)
                ])
                r.document.id = d.id
                for e in r.events:
                    e.doc = d.doc
                yield DocumentResult(d, DocumentAnalysis(d), r.events)
            else:
                yield DocumentResult(d, DocumentAnalysis(d), [])


def test_ingest_runs_the_pipeline_and_stores_the_result(fresh_db):
    app = create_app(fresh_db, token=TOKEN, pipeline_factory=FakePipeline)
    c = TestClient(app)
    body = {"text": "Rebels shelled the market of Tovar on Sunday. Two people died.", "doc": "up-1",
            "publisher": "Upload Post", "published": "2023-05-02", "title": "Market shelled"}
    r = c.post("/api/documents", json=body, headers=AUTH)
    assert r.status_code == 202, r.text  # stored and queued; extraction runs in the background
    d = r.json()
    assert d["created"] is True and d["doc"] == "up-1" and d["publisher"] == "Upload Post"
    assert r.headers["location"] == f"/api/documents/{d['id']}"
    assert app.state.extraction.wait_idle(60)
    d = c.get(r.headers["location"]).json()
    assert d["state"] == "processed"
    assert d["events"][0]["plover"] == "ASSAULT" and d["events"][0]["actor1"] == ["Rebels"]
    assert c.get("/api/events", params={"publisher": "Upload Post"}).json()["total"] == 1
    again = c.post("/api/documents", json=body, headers=AUTH)
    assert again.status_code == 200 and again.json()["created"] is False


def test_ingest_validation_and_pipeline_failure(fresh_db):
    def broken():
        raise OSError("model en_core_web_sm not installed")

    app = create_app(fresh_db, token=TOKEN, pipeline_factory=broken)
    c = TestClient(app)
    assert c.post("/api/documents", json={"text": ""}, headers=AUTH).status_code == 422
    assert c.post("/api/documents", json={"text": "x", "published": "2023-13-01"}, headers=AUTH).status_code == 422
    r = c.post("/api/documents", json={"text": "Rebels shelled a town on Sunday, officials said today."},
               headers=AUTH)
    assert r.status_code == 202 and app.state.extraction.wait_idle(60)
    d = c.get(r.headers["location"]).json()  # the failure is recorded on the document
    assert d["state"] == "failed" and d["failure"]["stage"] == "nlp" and "en_core_web_sm" in d["failure"]["reason"]
