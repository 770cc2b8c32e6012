"""The dashboard's API (/api/dashboard): events not reports, downloads of the view, the network
folded into states, and review actions recorded under the analyst a token maps to, checked
against the knowledge base, the gazetteer and the calendar."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dashboard_corpus import make_db
from eventwatch import export as exporting
from eventwatch.api import create_app
from eventwatch.api.analysts import SERVER_TOKEN_USER, Analysts, AnalystsFileError
from eventwatch.api.corrections import CorrectionError, parse_date
from eventwatch.store import EventFilter, Store

AMAL, JONAS = "amal-token-0001", "jonas-token-0002"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "ml.sqlite"
    make_db(path).close()
    return path


@pytest.fixture
def users(tmp_path: Path) -> Path:
    f = tmp_path / "users.yaml"
    f.write_text(f"{AMAL}: Amal Haddad\n{JONAS}: Jonas Berg\n", encoding="utf-8")
    return f


@pytest.fixture
def client(db: Path, users: Path) -> TestClient:
    return TestClient(create_app(str(db), token="server-secret-0123456789", users_file=str(users)))


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def event_at(client: TestClient, place: str) -> dict:
    return next(e for e in client.get("/api/dashboard/events").json()["items"] if e["place"] == place)


def test_the_view_counts_fused_events_not_reports(client: TestClient) -> None:
    view = client.get("/api/dashboard/events").json()
    assert (view["total"], view["reports"], view["undated"], view["unlocated"]) == (6, 7, 1, 0)
    mopti = next(e for e in view["items"] if e["place"] == "Mopti")
    assert mopti["n_reports"] == 2 and mopti["publishers"] == ["Niger River Radio", "Sahel Monitor"]
    assert {e["status"] for e in view["items"]} == {"occurred", "claimed", "threatened", "failed"}
    first = client.get("/api/dashboard/events?limit=2").json()
    assert first["truncated"] is True and [e["id"] for e in first["items"]] == [e["id"] for e in view["items"][:2]]
    assert view["truncated"] is False


def test_view_filters_corroboration_radius_and_type(client: TestClient) -> None:
    def ids(q: str) -> list[str]:
        return [e["place"] for e in client.get("/api/dashboard/events?" + q).json()["items"]]

    assert ids("min_publishers=2") == ["Mopti"]
    assert sorted(ids("near=14.50,-4.15,12")) == ["Mopti", "Sevare"]
    assert ids("type=THREATEN") == ["Bandiagara"]
    assert client.get("/api/dashboard/events?type=SHELLING").status_code == 400


def test_download_of_the_view_uses_its_filters(client: TestClient) -> None:
    assert client.get("/api/dashboard/export/formats").json()["formats"] == list(exporting.FORMATS)
    r = client.get("/api/dashboard/export?format=csv&type=ASSAULT&min_publishers=2")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert sorted(row["doc"] for row in rows) == ["ml-001", "ml-002"]
    bad = client.get("/api/dashboard/export?format=xlsx")
    assert bad.status_code == 400 and bad.json()["detail"]["known"] == list(exporting.FORMATS)


def test_acled_download_of_the_view_has_acleds_columns(client: TestClient) -> None:
    r = client.get("/api/dashboard/export?format=acled&type=ASSAULT")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    header = r.text.splitlines()[0].split(",")
    assert header[:3] == ["event_id_cnty", "event_date", "year"] and len(header) == 31


def test_network_folds_forces_into_their_state(client: TestClient) -> None:
    plain = client.get("/api/dashboard/network").json()
    assert "Malian Armed Forces" in {n["id"] for n in plain["nodes"]}
    folded = client.get("/api/dashboard/network?fold=true").json()
    nodes = {n["id"]: n for n in folded["nodes"]}
    assert "Malian Armed Forces" not in nodes
    assert nodes["Mali"]["folded"] == ["Malian Armed Forces"]
    assert {(e["source"], e["target"]) for e in folded["edges"]} >= {("Mali", "JNIM"), ("JNIM", "Mali"),
                                                                    ("Mali", "France")}


def test_review_is_recorded_under_the_tokens_analyst_not_a_name_the_client_sends(client: TestClient,
                                                                                 db: Path) -> None:
    ev = event_at(client, "Sevare")["id"]
    r = client.post(f"/api/dashboard/events/{ev}/review", headers=auth(AMAL),
                    json={"action": "confirm", "note": "seen on video", "reviewer": "dashboard"})
    assert r.status_code == 200 and r.json()["by"] == "Amal Haddad"
    log = Store(str(db)).audit_log(target=ev)
    assert [(h["who"], h["action"], h["why"]) for h in log] == [("Amal Haddad", "confirm", "seen on video")]
    assert client.get("/api/dashboard/whoami", headers=auth(JONAS)).json()["analyst"] == "Jonas Berg"
    assert client.get("/api/dashboard/whoami", headers=auth("server-secret-0123456789")).json()["analyst"] == SERVER_TOKEN_USER
    assert client.post(f"/api/dashboard/events/{ev}/review", headers=auth("guess"),
                       json={"action": "reject"}).status_code == 401
    assert client.post(f"/api/dashboard/events/{ev}/review", json={"action": "reject"}).status_code == 401


def test_writes_are_refused_when_the_server_has_no_token_and_no_users(db: Path) -> None:
    c = TestClient(create_app(str(db)))
    ev = event_at(c, "Sevare")["id"]
    r = c.post(f"/api/dashboard/events/{ev}/review", headers=auth(AMAL), json={"action": "reject"})
    assert r.status_code == 403


def test_correcting_actors_place_and_date_checks_them_and_the_cli_sees_it(client: TestClient, db: Path) -> None:
    ev = event_at(client, "Sevare")["id"]
    url = f"/api/dashboard/events/{ev}/review"
    unknown = client.post(url, headers=auth(AMAL), json={"action": "correct", "changes": {"actor1": ["JNMI"]}})
    assert unknown.status_code == 400 and "knowledge base" in unknown.json()["error"]
    assert "JNIM" in unknown.json()["detail"]["suggestions"]["JNMI"]
    bad_date = client.post(url, headers=auth(AMAL), json={"action": "correct", "changes": {"date": "2024-02-30"}})
    assert bad_date.status_code == 400 and "bad date" in bad_date.json()["error"]
    nowhere = client.post(url, headers=auth(AMAL), json={"action": "correct", "changes": {"place": "Qqqzzx, ML"}})
    assert nowhere.status_code == 400
    ok = client.post(url, headers=auth(AMAL), json={"action": "correct", "note": "second source", "changes": {
        "actor1": ["Malian army"], "actor2": ["JNIM"], "place": "Mopti, ML", "date": "2024-02-11..2024-02-12",
        "fatalities": 3}})
    assert ok.status_code == 200, ok.text
    # what `eventwatch review show` reads: the same store object, corrected, with who and why
    shown = Store(str(db)).fused_event(ev)
    assert shown is not None
    assert shown["actor1"] == ["Malian Armed Forces"]  # the knowledge base's name for "Malian army"
    assert shown["where"]["name"] == "Mopti" and shown["where"]["country"] == "ML"
    assert abs(shown["where"]["lat"] - 14.49) < 0.1 and abs(shown["where"]["lon"] + 4.19) < 0.1
    assert shown["when"] == {"date": "2024-02-11", "precision": "day", "end": "2024-02-12"}
    assert set(shown["corrected"]) == {"actor1", "actor2", "where", "when", "fatalities"}
    log = Store(str(db)).audit_log(target=ev)
    assert {h["who"] for h in log} == {"Amal Haddad"} and {h["why"] for h in log} == {"second source"}
    mapped = next(
        e for e in client.get("/api/dashboard/events").json()["items"] if e["id"] == ev)
    assert mapped["place"] == "Mopti" and sorted(mapped["corrected"]) == ["actor1", "actor2", "fatalities", "when",
                                                                           "where"]


def test_unknown_actors_are_kept_when_the_analyst_says_so(client: TestClient) -> None:
    ev = event_at(client, "Sevare")["id"]
    r = client.post(f"/api/dashboard/events/{ev}/review", headers=auth(AMAL), json={
        "action": "correct", "changes": {"actor1": ["Katiba Serma"], "allow_unknown_actors": True}})
    assert r.status_code == 200 and r.json()["event"]["actor1"] == ["Katiba Serma"]


def test_a_cli_rejection_removes_the_event_from_the_dashboard(client: TestClient, db: Path) -> None:
    ev = event_at(client, "Bandiagara")["id"]
    Store(str(db)).reject(ev, by="analyst-on-cli", why="duplicate")
    assert "Bandiagara" not in [e["place"] for e in client.get("/api/dashboard/events").json()["items"]]
    history = client.get(f"/api/dashboard/events/{ev}/history").json()["items"]
    assert [(h["who"], h["action"]) for h in history] == [("analyst-on-cli", "reject")]


def test_merge_and_split_from_the_dashboard(client: TestClient, db: Path) -> None:
    mopti, sevare = event_at(client, "Mopti"), event_at(client, "Sevare")
    r = client.post("/api/dashboard/merge", headers=auth(JONAS),
                    json={"keep": mopti["id"], "other": sevare["id"], "note": "same raid"})
    assert r.status_code == 200 and r.json()["by"] == "Jonas Berg"
    merged = Store(str(db)).fused_event(mopti["id"])
    assert merged is not None and merged["n_reports"] == 3
    key = next(m["key"] for m in merged["members"] if m["doc"] == "ml-003")
    r = client.post("/api/dashboard/split", headers=auth(JONAS),
                    json={"event": mopti["id"], "reports": [key], "note": "different day"})
    assert r.status_code == 200
    new = Store(str(db)).fused_event(r.json()["new_event"])
    assert new is not None and [m["doc"] for m in new["members"]] == ["ml-003"]
    who = {(h["action"], h["who"]) for h in Store(str(db)).audit_log()}
    assert {("merge", "Jonas Berg"), ("split", "Jonas Berg")} <= who
    refused = client.post("/api/dashboard/merge", headers=auth(JONAS), json={"keep": mopti["id"], "other": mopti["id"]})
    assert refused.status_code == 400


def test_report_level_decisions_record_the_analyst(client: TestClient, db: Path) -> None:
    store = Store(str(db))
    key = store.events(EventFilter(doc="ml-002"))[0]["key"]
    r = client.post(f"/api/dashboard/reports/{key}/review", headers=auth(AMAL), json={"action": "reject"})
    assert r.status_code == 200
    assert store.audit_log(target=key)[-1]["who"] == "Amal Haddad"
    assert event_at(client, "Mopti")["n_reports"] == 1  # a rejected report leaves its event


def test_users_file_must_map_tokens_to_names(tmp_path: Path) -> None:
    f = tmp_path / "users.yaml"
    f.write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(AnalystsFileError):
        Analysts.load(f)
    f.write_text("tok: ''\n", encoding="utf-8")
    with pytest.raises(AnalystsFileError):
        Analysts.load(f)
    a = Analysts.load(None, server_token=None)
    assert a.who("anything") is None and not a.writes_possible


def test_dates_are_parsed_not_pattern_matched() -> None:
    assert parse_date("2024-03") == {"date": "2024-03", "precision": "month"}
    assert parse_date("2024") == {"date": "2024", "precision": "year"}
    for bad in ("2024-13", "2024-02-30", "03/04/2024", "2024-03-05..2024-03-01"):
        with pytest.raises(CorrectionError):
            parse_date(bad)
