"""Knowledge base: loading, schema, lookups, names over time, persons, ruler patterns, CLI."""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from eventwatch.resolve._normalise import name_key
from eventwatch.resolve.kb import KnowledgeBase, builtin_pack_dir

GUIDELINE_NAMES = [
    "Turkey", "Turkish Armed Forces", "Russia", "Russian Armed Forces", "Russian Military Police",
    "Syrian Arab Army", "Syrian government", "Hayat Tahrir al-Sham", "Hurras al-Din",
    "Turkistan Islamic Party", "Ansar Abu Bakr Brigade", "National Front for Liberation",
    "Syrian National Army", "Ahrar al-Sharqiya", "Jaysh al-Sharqiya", "Levant Front", "White Helmets",
    "Civilians (Syria)", "Iran-backed militias", "Government of National Accord (Libya)", "United States",
    "United Kingdom", "France", "European Union", "OPCW", "EuroMed Rights",
    "Unidentified armed group (Syria)", "Protesters (Syria)", "Iran", "Syrian Democratic Forces",
    "Syrian rebels", "Libyan National Army",
]


@pytest.fixture(scope="module")
def kb():
    return KnowledgeBase.load(include_user=False)


def test_name_key_transliterations():
    assert name_key("Maarrat al-Numan") == name_key("Ma'arat an-Nu'man") == name_key("Maaret Al Numan")
    assert name_key("Hay'at Tahrir al-Sham") == name_key("Hayat Tahrir Al Sham") == name_key("Hayʾat Taḥrīr ash-Shām")
    assert name_key("Hurras al-Deen") == name_key("Huras al-Din")
    assert name_key("Erdoğan") == name_key("Erdogan")
    assert name_key("Misrata") != name_key("Sirte")


def test_size_and_guideline_names(kb):
    curated = [a for a in kb.actors.values() if a.pack != "00-world"]
    assert len(kb.actors) >= 150 and len(curated) >= 150
    names = {kb.coding_name(a) for a in kb.actors}
    for n in GUIDELINE_NAMES:
        assert n in names, n


def test_packs_schema():
    allowed = {
        "id", "name", "type", "country", "aliases", "abbr", "context_aliases", "demonyms", "capitals",
        "forces", "patrols", "parent", "part_of", "backed_by", "names", "acled_category", "code",
        "code_as", "generic", "description", "police", "adjective", "country_name", "local_aliases",
        "forces_aliases", "police_name", "police_aliases", "members",
    }
    for f in sorted(builtin_pack_dir().glob("*.yaml")):
        data = yaml.safe_load(f.read_text(encoding="utf-8"))
        assert data["pack"] and data["version"]
        for a in data.get("actors") or []:
            assert set(a) <= allowed, (f.name, a["id"], set(a) - allowed)
        for p in data.get("persons") or []:
            assert p["roles"], p["id"]


def test_references_resolve(kb):
    for a in kb.actors.values():
        for ref in [a.parent, a.forces, a.patrols, a.code_as, *a.backed_by, *a.members]:
            if ref:
                assert kb.get(ref) is not None, (a.id, ref)
    for p in kb.persons.values():
        for r in p.roles:
            assert kb.get(r.actor) is not None, (p.id, r.actor)


def test_lookup(kb):
    assert [a.id for a in kb.lookup("Hay'at Tahrir al-Sham")] == ["hts"]
    assert [a.id for a in kb.lookup("Jabhat Fatah al-Sham")] == ["hts"]
    assert kb.lookup("Kremlin")[0].name == "Russia"
    assert kb.lookup("TIP")[0].name == "Turkistan Islamic Party"
    assert kb.lookup("tip") == []  # abbreviations are case-sensitive
    assert kb.lookup("Houthi rebels")[0].name == "Houthis"


def test_name_at_and_coding_name(kb):
    assert kb.name_at("hts", date(2014, 5, 1)) == "Jabhat al-Nusra"
    assert kb.name_at("hts", "2016-10") == "Jabhat Fateh al-Sham"
    assert kb.name_at("hts", date(2020, 1, 1)) == "Hayat Tahrir al-Sham"
    assert kb.coding_name("hts") == "Hayat Tahrir al-Sham"
    assert kb.coding_name("republican-guard-syria") == "Syrian Arab Army"
    assert kb.coding_name("baqir-brigade") == "Iran-backed militias"


def test_person_roles(kb):
    assert kb.person_actor("recep-tayyip-erdogan", date(2020, 1, 1)).name == "Turkey"
    assert kb.persons["recep-tayyip-erdogan"].role_at(date(2010, 1, 1)).title == "Prime Minister"
    assert kb.person_actor("fayez-al-sarraj", date(2019, 6, 1)).name == "Government of National Accord (Libya)"
    assert kb.person_actor("khalifa-haftar", date(2019, 6, 1)).name == "Libyan National Army"
    assert kb.person_actor("maria-zakharova").name == "Russia"


def test_ruler_patterns(kb):
    pats = kb.ruler_patterns()
    assert pats and all(p["label"] in ("ORG", "NORP", "PERSON") and p["id"].startswith("actor:") for p in pats)
    strings = {p["pattern"].lower() for p in pats if isinstance(p["pattern"], str)}
    assert "hayat tahrir al-sham" in strings and "turkish" in strings
    assert "turkey" not in strings and "ankara" not in strings  # places belong to the gazetteer
    assert "had" not in strings  # HaD is a case-sensitive token pattern
    assert {"label": "ORG", "pattern": [{"TEXT": "HaD"}], "id": "actor:hurras-al-din"} in pats


def test_user_pack_and_cli(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from eventwatch.resolve.kb_cli import app

    monkeypatch.setenv("EVENTWATCH_KB_DIR", str(tmp_path))
    r = CliRunner()
    res = r.invoke(app, ["add-alias", "hts", "Levant Liberation Board"])
    assert res.exit_code == 0, res.output
    res = r.invoke(app, ["add-actor", "--id", "katiba-test", "--name", "Katiba Test", "--type", "militia",
                         "--country", "ly", "--alias", "Test Battalion"])
    assert res.exit_code == 0, res.output
    assert r.invoke(app, ["add-alias", "no-such-id", "x"]).exit_code == 1
    kb = KnowledgeBase.load()
    assert kb.lookup("Levant Liberation Board")[0].id == "hts"
    assert kb.get("katiba-test").country == "LY"
    assert kb.lookup("test battalion")[0].name == "Katiba Test"
    out = r.invoke(app, ["show", "hts"]).output
    assert "Hayat Tahrir al-Sham" in out and "Levant Liberation Board" in out
    assert "katiba-test" in r.invoke(app, ["list", "--country", "LY"]).output
