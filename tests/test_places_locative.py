"""Toponym recall outside Syria: locative contexts, admin units with a type word, "the
capital", physical-feature names, country focus from demonyms (sentences written for these
tests, not taken from the example sets)."""

from __future__ import annotations

import pytest

from eventwatch.resolve.places import event_location, resolve_places


@pytest.fixture(scope="module")
def run(nlp, gazetteer):
    def _run(text):
        doc = nlp(text)
        return doc, resolve_places(doc, None, gazetteer)

    return _run


def _get(pms, surface):
    hits = [p for p in pms if surface in p.span.text and p.resolved]
    assert hits, f"{surface!r} not resolved in {[(p.span.text, p.name) for p in pms]}"
    return hits[0]


def test_small_town_after_near(run):
    _, pms = run("Gunmen ambushed a Burkinabe army patrol near Djibo on Monday.")
    p = _get(pms, "Djibo")
    assert p.country == "BF"


def test_town_of_x_with_direction_is_the_town_itself(run):
    _, pms = run("Rebels entered the northern town of Kidal after Malian troops left.")
    p = _get(pms, "Kidal")
    assert p.country == "ML" and p.precision == 1 and abs(p.lat - 18.44) < 0.1


def test_admin_unit_with_type_word(run):
    _, pms = run("Sudanese troops clashed with militias in Al Jazirah state on Friday.")
    p = _get(pms, "Jazirah")
    assert p.country == "SD" and p.feature == "admin1" and p.precision == 3


def test_province_of_focus_country(run):
    _, pms = run("Colombian soldiers fought guerrillas in Cauca province.")
    p = _get(pms, "Cauca")
    assert p.country == "CO" and p.precision == 3


def test_the_capital_is_the_focus_country_capital(run):
    _doc, pms = run("Fighting continued in Khartoum. Jets bombed RSF positions in the capital.")
    p = _get(pms, "the capital")
    assert p.name == "Khartoum" and p.precision == 1


def test_country_in_river_name_is_not_the_country(run):
    doc, pms = run("Gunmen attacked a ferry on the Niger River near Gao, Malian officials said.")
    assert not any(p.resolved and p.country == "NE" for p in pms)
    t = next(t for t in doc if t.text == "attacked")
    where = event_location(doc, t.sent, t, pms, "ASSAULT")
    assert [p.name for p in where] == ["Gao"]


def test_mistagged_object_of_site_verb(run):
    _, pms = run("Ethiopian drones struck Mekelle on Tuesday.")
    assert _get(pms, "Mekelle").country == "ET"


def test_unknown_name_after_preposition_stays_out(run):
    _, pms = run("Militants attacked Zzyzxville Qworp on Monday, officials in Goma said.")
    assert not any("Zzyzx" in p.span.text and p.resolved for p in pms)


def test_excluded_actor_span_is_not_a_place(nlp, gazetteer):
    text = "Fighters from Djibo attacked the base."
    doc = nlp(text)
    a = text.index("Djibo")
    pms = resolve_places(doc, None, gazetteer, exclude_spans=[(a, a + 5)])
    assert not any(p.span.text == "Djibo" for p in pms)
