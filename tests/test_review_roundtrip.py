"""One record from review to export: a decision taken in the CLI shows in ``events``, the exports
and the API; a decision taken through the API shows in the CLI.  (Issue #13's first paragraph.)"""

from __future__ import annotations

import csv
import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from eventwatch.api import create_app
from eventwatch.cli import app as cli_app
from eventwatch.review_cli import app as review_app
from eventwatch.store import Store
from record_corpus import fill

runner = CliRunner()
TOKEN = "server-token-0123456789"


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "ew.sqlite"
    fill(Store(str(path))).close()
    return str(path)


def ew(db: str, *args: str, app=cli_app, code: int = 0) -> str:
    r = runner.invoke(app, [*args, "--db", db])
    assert r.exit_code == code, r.output
    return r.output


def events_json(db: str, *args: str) -> dict[str, dict]:
    return {e["id"]: e for e in map(json.loads, ew(db, "events", "--json", *args).splitlines())}


def ids_by_doc(db: str) -> dict[str, str]:
    reports = [json.loads(x) for x in ew(db, "events", "--json", "--per", "report").splitlines()]
    return {r["doc"]: r["event"] for r in reports}


def test_cli_decisions_reach_events_exports_and_the_api(db, tmp_path):
    ev = ids_by_doc(db)
    gao, bamako, threat = ev["m01"], ev["m03"], ev["m04"]
    ew(db, "reject", threat, "--by", "ana", "--why", "not an event", app=review_app)
    ew(db, "correct", gao, "fatalities", "9", "--by", "ana", "--why", "morgue count", app=review_app)
    ew(db, "confirm", bamako, "--by", "bo", app=review_app)

    # events
    listed = events_json(db)
    assert threat not in listed and set(listed) == {gao, bamako, ev["m05"]}
    assert listed[gao]["fatalities"] == 9
    assert listed[gao]["corrected"]["fatalities"] | {"at": None} == {
        "value": 9, "machine": {"min": 12, "max": 14, "median": 14, "by_source": {"North Press Agency": [12, 12],
                                                                                   "Sahel Wire": [14, 14]}},
        "by": "ana", "why": "morgue count", "at": None}
    assert listed[bamako]["review"] == "confirmed"
    assert events_json(db, "--include-rejected")[threat]["review"] == "rejected"
    assert set(events_json(db, "--review", "rejected")) == {threat}
    table = ew(db, "events")
    assert gao in table and threat not in table and "* = corrected" in table

    # exports, per event and per report
    ew(db, "export", "-o", str(tmp_path / "e.csv"))
    rows = {r["id"]: r for r in csv.DictReader((tmp_path / "e.csv").open())}
    assert threat not in rows and rows[gao]["fatalities"] == "9" and rows[gao]["corrected_by"] == "ana"
    assert rows[bamako]["review"] == "confirmed"
    ew(db, "export", "-o", str(tmp_path / "r.csv"), "--per", "report")
    reports = list(csv.DictReader((tmp_path / "r.csv").open()))
    assert "m04" not in {r["doc"] for r in reports}
    assert {r["fatalities"] for r in reports if r["event"] == gao} == {"9"}
    ew(db, "export", "-o", str(tmp_path / "a.csv"), "--format", "acled")
    acled_rows = list(csv.DictReader((tmp_path / "a.csv").open()))
    assert [r["fatalities"] for r in acled_rows if r["event_type"] == "Explosions/Remote violence"] == ["9"]

    # the API (what the dashboard reads)
    api = TestClient(create_app(db, token=TOKEN))
    items = {e["id"]: e for e in api.get("/api/event-records").json()["items"]}
    assert threat not in items and items[gao]["fatalities"] == 9 and items[bamako]["review"] == "confirmed"
    assert items[gao]["corrected"]["fatalities"]["by"] == "ana"
    report_items = api.get("/api/events").json()["items"]
    assert "m04" not in {r["doc"] for r in report_items}
    assert {r["fatalities"] for r in report_items if r["event"] == gao} == {9}
    assert {r["event_review"] for r in report_items if r["event"] == bamako} == {"confirmed"}
    download = api.get("/api/export", params={"format": "csv"})
    assert threat not in download.text and download.headers["content-type"].startswith("text/csv")


def test_api_decisions_reach_the_cli_under_the_tokens_analyst(db, tmp_path):
    team = tmp_path / "team.json"
    team.write_text(json.dumps({"carla-token": "carla"}))
    api = TestClient(create_app(db, token=TOKEN, users_file=team))
    carla = {"Authorization": "Bearer carla-token"}
    ev = ids_by_doc(db)
    gao, ansongo = ev["m01"], ev["m05"]

    assert api.post(f"/api/event-records/{ansongo}/review", json={"action": "reject"}).status_code == 401
    r = api.post(f"/api/event-records/{ansongo}/review", json={"action": "reject", "note": "rumour"}, headers=carla)
    assert r.status_code == 200 and r.json()["review"] == "rejected"
    r = api.post(f"/api/event-records/{gao}/review", headers=carla, json={
        "action": "correct", "note": "second source",
        "changes": {"when": "2023-05-09", "actor1": "Malian Armed Forces, Wagner Group", "status": "claimed"}})
    assert r.status_code == 200, r.text
    assert r.json()["history"][-1]["who"] == "carla"

    listed = events_json(db)
    assert ansongo not in listed
    assert listed[gao]["when"]["date"] == "2023-05-09" and listed[gao]["status"] == "claimed"
    assert listed[gao]["actor1"] == ["Malian Armed Forces", "Wagner Group"]
    assert {c["by"] for c in listed[gao]["corrected"].values()} == {"carla"}
    # the date filter uses the analyst's date
    assert gao in events_json(db, "--until", "2023-05-09")
    log = [json.loads(x) for x in ew(db, "log", "--json", app=review_app).splitlines()]
    assert {x["who"] for x in log} == {"carla"} and "dashboard" not in json.dumps(log)


def test_api_refuses_invalid_corrections_and_applies_none_of_them(db):
    api = TestClient(create_app(db, token=TOKEN))
    auth = {"Authorization": f"Bearer {TOKEN}"}
    gao = ids_by_doc(db)["m01"]
    r = api.post(f"/api/event-records/{gao}/review", headers=auth,
                 json={"action": "correct", "changes": {"fatalities": 3, "actor1": "Malian Armd Forces"}})
    assert r.status_code == 400 and "Malian Armed Forces" in r.json()["error"]
    assert events_json(db)[gao]["fatalities"] == 12  # nothing applied
    r = api.post(f"/api/event-records/{gao}/review", headers=auth,
                 json={"action": "correct", "changes": {"acled": "Battles/Air strike"}})
    assert r.status_code == 400 and "Battles/Armed clash" in r.json()["error"]  # the valid pairs are named


def test_merge_and_split_through_the_api(db):
    api = TestClient(create_app(db, token=TOKEN))
    auth = {"Authorization": f"Bearer {TOKEN}"}
    ev = ids_by_doc(db)
    r = api.post("/api/event-records/merge", headers=auth, json={"keep": ev["m01"], "other": ev["m05"]})
    assert r.status_code == 200 and r.json()["n_reports"] == 3
    assert ev["m05"] not in events_json(db)
    key = next(m["key"] for m in r.json()["reports"] if m["doc"] == "m05")
    r = api.post(f"/api/event-records/{ev['m01']}/split", headers=auth, json={"reports": [key]})
    assert r.status_code == 200 and r.json()["new_event"]["n_reports"] == 1
    assert [h["action"] for h in r.json()["event"]["history"]] == ["merge", "split"]
    assert {h["who"] for h in r.json()["event"]["history"]} == {"admin"}


def test_event_timeline_counts_events_not_reports(db):
    api = TestClient(create_app(db, token=TOKEN))
    body = api.get("/api/event-records/timeline").json()
    # the Gao strike has two reports but is one event; the Ansongo attack is undated
    assert body["undated"] == 1
    assert body["items"] == [{"week": "2023-05-08", "count": 3, "by_type": {"ASSAULT": 1, "PROTEST": 1, "THREATEN": 1}}]
