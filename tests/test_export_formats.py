"""Exports of the event record: ACLED's layout, PLOVER JSON, Parquet types, GeoJSON ids, the
format chosen from the extension.  Built on the small record of ``record_corpus`` (ours)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from eventwatch import export as exporting
from eventwatch.export import acled
from eventwatch.store import Store
from eventwatch.store.records import EventRecords
from record_corpus import fill

HEADER = Path(__file__).parent / "fixtures" / "acled" / "header.csv"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = fill(Store(str(tmp_path_factory.mktemp("exp") / "ew.sqlite")))
    yield s
    s.close()


@pytest.fixture(scope="module")
def events(store):
    return EventRecords(store).events().events


def test_acled_header_is_acleds_31_columns_in_acleds_order(events, store):
    expected = next(csv.reader(HEADER.read_text(encoding="utf-8").splitlines()))
    text, _ = exporting.events_text(events, "acled", kb=store.kb)
    header = next(csv.reader(io.StringIO(text)))
    assert header == expected and len(header) == 31


def test_acled_rows_have_acleds_types_and_codes(events, store):
    text, result = exporting.events_text(events, "acled", kb=store.kb)
    rows = list(csv.DictReader(io.StringIO(text)))
    pairs = acled.valid_pairs()
    assert len(pairs) == 25
    by_type = {r["event_type"]: r for r in rows}
    assert set(by_type) == {"Explosions/Remote violence", "Protests"}
    for r in rows:
        assert (r["event_type"], r["sub_event_type"]) in pairs
        assert r["inter1"].isdigit() and r["inter2"].isdigit() and r["interaction"].isdigit()
        assert r["iso"] == "466" and r["country"] == "Mali" and r["region"] == "Western Africa"
        assert r["event_date"][:4] == r["year"] and r["time_precision"] in {"1", "2", "3"}
        float(r["latitude"]), float(r["longitude"])
        assert r["geo_precision"] in {"1", "2", "3"} and r["fatalities"].isdigit() and r["timestamp"].isdigit()
    strike = by_type["Explosions/Remote violence"]
    # inter codes from the knowledge base: state forces (1) against civilians (7)
    assert (strike["inter1"], strike["inter2"], strike["interaction"]) == ("1", "7", "17")
    assert strike["civilian_targeting"] == "Civilian targeting" and strike["disorder_type"] == "Political violence"
    assert strike["fatalities"] == "12"  # the lowest toll reported (14 by the other outlet)
    assert strike["source"] == "North Press Agency; Sahel Wire"
    assert strike["event_id_cnty"].startswith("MLI")
    assert by_type["Protests"]["disorder_type"] == "Demonstrations" and by_type["Protests"]["interaction"] == "60"
    # the threat (not ACLED-codable) and the undated attack get no row, and are counted
    assert result.left_out == {"not ACLED-codable": 1, "undated": 1}


def test_acled_event_ids_are_stable_across_runs(tmp_path, events, store):
    again = fill(Store(str(tmp_path / "again.sqlite")))
    first = [r["event_id_cnty"] for r in csv.DictReader(io.StringIO(exporting.events_text(events, "acled")[0]))]
    second_events = EventRecords(again).events().events
    second = [r["event_id_cnty"] for r in csv.DictReader(io.StringIO(exporting.events_text(second_events, "acled")[0]))]
    assert first == second


def test_time_precision_follows_the_date_range():
    assert acled.time_precision({"date": "2023-05-10", "precision": "day"}) == 1
    assert acled.time_precision({"date": "2023-05-10", "end": "2023-05-14", "precision": "day"}) == 2
    assert acled.time_precision({"date": "2023-05", "precision": "month"}) == 3


def test_parquet_round_trips_with_typed_columns(tmp_path, events):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "events.parquet"
    result = exporting.write_events(events, "parquet", path)
    table = pq.read_table(path)
    assert table.num_rows == result.rows == len(events) == 4
    types = {f.name: f.type for f in table.schema}
    assert types["fatalities"] == pa.int64() and types["n_publishers"] == pa.int64()
    assert types["lat"] == pa.float64() and types["id"] == pa.string()
    rows = {r["id"]: r for r in table.to_pylist()}
    strike = next(r for r in rows.values() if r["plover"] == "ASSAULT" and r["date"])
    assert strike["fatalities"] == 12 and strike["fatalities_max"] == 14 and strike["n_publishers"] == 2
    per_report = exporting.write_reports(EventRecords(fill_again(tmp_path)).reports(), "parquet", tmp_path / "r.parquet")
    assert pq.read_table(tmp_path / "r.parquet").num_rows == per_report.rows == 5


def fill_again(tmp_path: Path) -> Store:
    return fill(Store(str(tmp_path / "reports.sqlite")))


def test_geojson_has_one_feature_per_located_event_with_its_id(tmp_path, events):
    result = exporting.write_events(events, "geojson", tmp_path / "e.geojson")
    geo = json.loads((tmp_path / "e.geojson").read_text())
    assert {f["id"] for f in geo["features"]} == {e.id for e in events if e.located}
    assert geo["unlocated"] == 0 and result.rows == 4
    lon, lat = geo["features"][0]["geometry"]["coordinates"]
    assert -20 < lon < 5 and 10 < lat < 20  # Mali: [lon, lat] as GeoJSON wants


def test_plover_records_use_the_plover_field_names(events):
    text, _ = exporting.events_text(events, "plover")
    recs = [json.loads(x) for x in text.splitlines()]
    strike = next(r for r in recs if r["event"] == ["ASSAULT"] and r["date"])
    assert {"id", "date", "actor", "recipient", "event", "mode", "event_loc", "event_text", "quad_code"} <= set(strike)
    assert strike["actor"][0]["entity_text"] == "Malian Armed Forces" and strike["quad_code"] == 4
    assert strike["event_loc"]["country_code"] == "ML" and strike["size"]["dead"] == 12


@pytest.mark.parametrize(
    ("name", "fmt", "expected"),
    [("a.csv", None, "csv"), ("a.parquet", None, "parquet"), ("a.geojson", None, "geojson"),
     ("a.jsonl", None, "jsonl"), ("a.csv", "acled", "acled"), ("a.jsonl", "plover", "plover"),
     ("a.out", "jsonl", "jsonl")],
)
def test_format_comes_from_the_extension(name, fmt, expected):
    assert exporting.format_for(Path(name), fmt) == expected


@pytest.mark.parametrize(("name", "fmt"), [("a.csv", "jsonl"), ("a.json", None), ("a", None), ("a.parquet", "csv"),
                                           ("a.csv", "xml")])
def test_a_format_that_does_not_fit_the_file_is_refused(name, fmt):
    with pytest.raises(exporting.ExportError):
        exporting.format_for(Path(name), fmt)
