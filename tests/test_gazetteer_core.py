"""Gazetteer: loading, lookup tiers, ruler patterns, GeoNames import, CLI."""

from __future__ import annotations

from typer.testing import CliRunner

from conftest import FIXTURES
from eventwatch.resolve.gazetteer import Gazetteer, bench_names_per_second, place_key


def test_packaged_gazetteer_loads_worldwide_places():
    # load time is measured by `make bench`, never asserted in a test
    g = Gazetteer.load(include_user=False)
    assert len(g.places) > 10000


def test_place_key_transliteration():
    assert place_key("Khan Shaykhoun") == place_key("Khan Sheikhoun") == place_key("Khān Shaykhūn")
    assert place_key("Tell Abiad") == place_key("Tall Abyad")
    assert place_key("Khan Assubul") == place_key("Khan as-Subul")


def test_lookup_tiers(gazetteer):
    c = gazetteer.lookup("Saraqib")
    assert c and c[0].how == "exact" and c[0].place.country == "SY"
    assert any(x.how == "key" for x in gazetteer.lookup("Maaret al-Numan"))
    assert gazetteer.lookup("Qaryat Zubaydiyat al-Fawqa") == []
    # fuzzy only within a given country and above the threshold
    assert gazetteer.lookup("Saraqibx") == []
    fz = gazetteer.lookup("Jisr al-Shugur", country="SY")
    assert fz and abs(fz[0].place.lat - 35.81) < 0.1


def test_country_filter(gazetteer):
    assert {c.place.country for c in gazetteer.lookup("Tripoli", country="LB")} == {"LB"}


def test_ruler_patterns(gazetteer):
    pats = gazetteer.ruler_patterns()
    assert 5000 < len(pats) < 60000
    by = {p["pattern"].lower(): p for p in pats}
    assert by["m4 highway"]["label"] == "FAC" and by["m4 highway"]["id"].startswith("place:")
    assert by["jabal al-zawiya"]["label"] == "LOC"
    assert by["idlib"]["label"] == "GPE"
    assert all(p["label"] in ("GPE", "LOC", "FAC") for p in pats)
    # English words and bare first names make no patterns
    assert "source" not in by and "mohammed" not in by


def test_road_geometry(gazetteer):
    m4 = gazetteer.lookup("M4 highway")[0].place
    geom = gazetteer.geometry(m4.id)
    assert geom["type"] == "LineString" and len(geom["coordinates"]) > 5
    zone = gazetteer.lookup("Idlib de-escalation zone")[0].place
    assert gazetteer.geometry(zone.id)["type"] == "Polygon"


def test_import_geonames(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTWATCH_GAZETTEER_DIR", str(tmp_path))
    from eventwatch.resolve.gazetteer import import_geonames

    n = import_geonames(FIXTURES / "places" / "geonames_SY_sample.txt",
                        FIXTURES / "places" / "geonames_alternateNames_sample.txt")
    assert n == 2
    g = Gazetteer.load()
    c = g.lookup("Qariyat at-Test")
    assert c and c[0].place.id == "gn:9999991" and c[0].place.source == "geonames-user"
    assert g.lookup("Qaryet Testa")


def test_cli_lookup_and_import(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTWATCH_GAZETTEER_DIR", str(tmp_path))
    from eventwatch.resolve.gazetteer_cli import app

    r = CliRunner().invoke(app, ["import", str(FIXTURES / "places" / "geonames_SY_sample.txt")])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(app, ["lookup", "Qaryat Test", "--country", "SY"])
    assert r.exit_code == 0 and "gn:9999991" in r.output
    r = CliRunner().invoke(app, ["lookup", "Nowhere Such Place"])
    assert r.exit_code == 1


def test_bench_names_per_second_measures_a_rate(gazetteer):
    # the figure itself is make bench's; a test only checks that it is measured
    rate = bench_names_per_second(gazetteer, ["Aleppo", "Saraqib", "Tripoli", "Khan Shaykhoun",
                                              "Nowhere"] * 20)
    assert rate > 0
