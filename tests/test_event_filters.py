"""Filters that never fail silently, and terminal output that reads at 80 columns."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from eventwatch.cli import app as cli_app
from eventwatch.store import EventFilter, Store
from eventwatch.store.records import EventRecords, FilterError
from record_corpus import fill

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("filters") / "ew.sqlite"
    fill(Store(str(path))).close()
    return str(path)


@pytest.fixture(scope="module")
def records(db):
    return EventRecords(Store(db))


def run(db: str, *args: str, width: int = 80):
    return runner.invoke(cli_app, ["events", *args, "--db", db], env={"COLUMNS": str(width)}, terminal_width=width)


@pytest.mark.parametrize(
    ("kw", "message"),
    [({"plover": "ASSALT"}, "did you mean 'ASSAULT'"), ({"status": "occured"}, "did you mean 'occurred'"),
     ({"review": "aproved"}, "valid values"), ({"publisher": "Reuters"}, "valid values"),
     ({"publisher": "Sahel Wir"}, None), ({"flag": "disputed"}, "disputed_attribution")],
)
def test_unknown_filter_values_are_errors_naming_the_valid_ones(records, kw, message):
    if message is None:  # a prefix of one publisher is that publisher
        assert records.check_filter(EventFilter(**kw)).publisher == "Sahel Wire"
        return
    with pytest.raises(FilterError, match=message):
        records.check_filter(EventFilter(**kw))


def test_publisher_prefix_and_close_spellings(records):
    assert records.resolve_publisher("North Press") == "North Press Agency"
    assert records.resolve_publisher("river wire") == "River Wire"
    with pytest.raises(FilterError, match="did you mean 'River Wire'"):
        records.resolve_publisher("Rivr Wire")
    with pytest.raises(FilterError, match="ambiguous"):
        records.resolve_publisher("W")  # Sahel Wire and River Wire


def test_cli_filter_errors_exit_2_with_the_message(db):
    r = run(db, "--type", "ASSALT")
    assert r.exit_code == 2 and "did you mean 'ASSAULT'" in r.output
    events = [json.loads(x) for x in run(db, "--json", "--publisher", "North Press").output.splitlines()]
    assert len(events) == 1 and events[0]["publishers"] == ["North Press Agency", "Sahel Wire"]


def test_a_person_finds_the_actors_the_knowledge_base_links_to_them(tmp_path):
    from record_corpus import document

    store = Store(str(tmp_path / "tr.sqlite"))
    d = {"doc": "t01", "publisher": "Anka Post", "published": "2024-01-02",
         "text": "Turkish forces shelled a village near Tal Rifaat on Monday."}
    rec = {"id": "t01-1", "plover": "ASSAULT", "mode": "shelling", "actor1": ["Turkish Armed Forces"], "actor2": [],
           "where": [], "when": {"date": "2024-01-01", "precision": "day"}, "status": "occurred",
           "quote": d["text"], "confidence": 0.9, "evidence": {"quote": {"start": 0, "end": len(d["text"])}}}
    store.add_document(document(d))
    store.save_records(document(d), [rec])
    store.fuse_pending()
    found = EventRecords(store).events(EventFilter(actor="Erdogan")).events
    assert [e.actor1 for e in found] == [["Turkish Armed Forces"]]  # Erdogan -> Turkey -> its armed forces
    assert EventRecords(store).events(EventFilter(actor="Putin")).events == []


def test_undated_events_are_listed_and_counted_never_dropped(db, records):
    every = records.events()
    assert every.undated == 1 and every.events[-1].date is None  # undated last
    dated = records.events(EventFilter(since="2023-05-01"))
    assert dated.undated == 0 and dated.undated_excluded == 1
    # only undated events the other filters would have kept are counted (the undated one is an attack)
    assert records.events(EventFilter(since="2023-05-01", plover="PROTEST")).undated_excluded == 0
    out = run(db, "--since", "2023-05-01").output
    assert "1 undated event(s) not matched by the date filter" in out
    assert "undated" in run(db).output


def test_event_table_fits_80_columns_with_full_ids(db, records):
    out = run(db).output
    assert max(len(line) for line in out.splitlines()) <= 80
    for e in records.events().events:
        assert e.id in out
    report_out = run(db, "--per", "report").output
    assert max(len(line) for line in report_out.splitlines()) <= 80
    assert all(r["key"] in report_out for r in records.reports())


def test_coordinates_are_latitude_first(db):
    # Gao (16.27 N, 0.05 W) and Ansongo (15.66 N, 0.5 E): within 100 km of 16.0 N, 0.2 E
    near = [json.loads(x) for x in run(db, "--json", "--near", "16.0,0.2,100").output.splitlines()]
    assert {e["where"]["name"] for e in near} == {"Gao market", "Ansongo"}
    box = [json.loads(x) for x in run(db, "--json", "--bbox", "15,-1,17,1").output.splitlines()]
    assert {e["where"]["name"] for e in box} == {"Gao market", "Ansongo"}
    swapped = run(db, "--near", "0.2,160,100")
    assert swapped.exit_code == 0  # a valid point far away: nothing near it
    bad = run(db, "--near", "120,16,100")
    assert bad.exit_code == 2 and "latitude" in bad.output


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_the_record_service_reads_the_same_on_sqlite_and_postgresql(backend, tmp_path):
    from eventwatch import export as exporting
    from test_store import _postgres_url

    url = f"sqlite:///{tmp_path / 'ew.sqlite'}" if backend == "sqlite" else _postgres_url()
    store = fill(Store(url))
    try:
        records = EventRecords(store)
        events = records.events().events
        assert [e.date for e in events] == ["2023-05-10", "2023-05-12", "2023-05-13", None]  # undated last
        strike, _protest, threat, _ = events
        store.reject(threat.id, "ana")
        store.correct(strike.id, "fatalities", "9", "ana", "morgue")
        after = records.events(EventFilter(publisher="North Press")).events
        assert [(e.id, e.fatalities) for e in after] == [(strike.id, 9)]
        assert threat.id not in {e.id for e in records.events().events}
        assert {r["fatalities"] for r in records.reports() if r["event"] == strike.id} == {9}
        text, result = exporting.events_text(records.events().events, "acled", kb=store.kb)
        assert result.rows == 2 and ",9," in text
    finally:
        store.close()
