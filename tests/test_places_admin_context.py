"""Admin context: the units named after a toponym ("X (A, B)", "X, A", "X in A province")
disambiguate it, and locate it when the gazetteer lacks it (sentences written for these
tests)."""

from __future__ import annotations

import pytest

from eventwatch.resolve.admin_context import Qualifier, admin_match, qualifiers
from eventwatch.resolve.gazetteer import Place, admin_core_name, haversine_km, place_key
from eventwatch.resolve.places import event_location, resolve_places


@pytest.fixture(scope="module")
def run(nlp, gazetteer):
    def _run(text):
        doc = nlp(text)
        return doc, resolve_places(doc, None, gazetteer)

    return _run


def _place(**kw) -> Place:
    base = {"id": "t:1", "name": "Kelvar", "lat": 10.0, "lon": 20.0, "feature": "village", "country": "ZZ"}
    base.update(kw)
    return Place(**base)


@pytest.mark.parametrize("name,core", [
    ("Wilayat-e Dunmarsh", "Dunmarsh"),
    ("Provincia de Lorvale", "Lorvale"),
    ("Dunmarsh province", "Dunmarsh"),
    ("Region Hovedland", "Hovedland"),
    ("Lorvale", "Lorvale"),
    ("Province", "Province"),
])
def test_admin_core_name_strips_type_words(name, core):
    assert admin_core_name(name) == core


def test_qualifiers_in_parentheses_commas_and_in_province(bare_nlp):
    doc = bare_nlp("Gunmen raided Kelvar (Lorvale, Dunmarsh) at dawn.")
    end = next(t.i for t in doc if t.text == "Kelvar") + 1
    assert [q.text for q in qualifiers(doc, end)] == ["Lorvale", "Dunmarsh"]
    doc = bare_nlp("Troops shelled Kelvar, Dunmarsh on Friday.")
    end = next(t.i for t in doc if t.text == "Kelvar") + 1
    assert [q.text for q in qualifiers(doc, end)] == ["Dunmarsh"]
    doc = bare_nlp("Residents of Kelvar township in Dunmarsh region protested.")
    end = next(t.i for t in doc if t.text == "Kelvar") + 1
    assert [(q.text, q.how) for q in qualifiers(doc, end)] == [("Dunmarsh region", "in-admin")]
    doc = bare_nlp("Troops shelled Kelvar on Friday.")
    assert qualifiers(doc, next(t.i for t in doc if t.text == "Kelvar") + 1) == []


def test_admin_match_compares_keys_without_type_words_and_spelling_variants():
    p = _place(admin1="Wilayat-e Dunmarsh", admin2="Lorvale")
    bonus, why = admin_match(p, [Qualifier(0, 1, "Dunmarsh province", "paren")], {})
    assert bonus > 0 and "admin1" in why
    assert admin_match(p, [Qualifier(0, 1, "Dunmarch", "paren")], {})[0] > 0  # one letter off
    assert admin_match(p, [Qualifier(0, 1, "Pelbury", "paren")], {})[0] == 0
    both = admin_match(p, [Qualifier(0, 1, "Lorvale", "paren"), Qualifier(2, 3, "Dunmarsh", "paren")], {})[0]
    assert both > bonus
    assert admin_match(p, [Qualifier(0, 1, "Zedland", "comma")], {"ZZ": place_key("Zedland")})[0] > 0


def test_gazetteer_has_admin_units_outside_the_regional_pack(gazetteer):
    units = [c.place for c in gazetteer.lookup("Baghlan") if c.place.feature == "admin1"]
    assert any(p.country == "AF" for p in units), units
    assert "SY" in gazetteer.pack_countries
    cities = [c.place for c in gazetteer.lookup("Kamyanske") if c.place.country == "UA"]
    assert cities and all(p.admin1 for p in cities)


def test_candidate_in_the_named_admin_unit_wins(run):
    _, pms = run("Artillery hit Kamianske, Zaporizhia overnight.")
    k = next(p for p in pms if p.span.text == "Kamianske")
    assert k.country == "UA" and "Zaporizhia" in k.reason, k


def test_parenthesised_province_picks_the_right_country(run):
    _, pms = run("On Monday, in Salvador (Bahia), residents blocked a street.")
    s = next(p for p in pms if p.span.text == "Salvador")
    assert s.country == "BR" and s.feature != "country", s


def test_unknown_village_is_placed_at_its_qualifier(run, gazetteer):
    _, pms = run("Gunmen killed a farmer in Ngatoumbo village (Touboro, North Province).")
    m = next(p for p in pms if p.span.text.startswith("Ngatoumbo"))
    touboro = next(c.place for c in gazetteer.lookup("Touboro") if c.place.country == "CM")
    assert m.resolved and m.precision == 2 and "qualifier" in m.reason, m
    assert haversine_km(m.lat, m.lon, touboro.lat, touboro.lon) < 1


def test_name_extends_to_the_longer_known_name(run):
    _, pms = run("Nurses protested in San Carlos de Bariloche (Rio Negro) on Monday.")
    names = [p.span.text for p in pms]
    assert "San Carlos de Bariloche" in names, names
    assert next(p for p in pms if p.span.text == "San Carlos de Bariloche").country == "AR"


def test_name_does_not_swallow_a_following_article(run):
    _, pms = run("Fighters advanced near al-Tabqa The coalition said it was investigating.")
    assert not any(p.span.text.endswith("The") for p in pms), [p.span.text for p in pms]


def test_lower_case_words_are_not_places(run):
    _, pms = run("A man was found dead after the split between the two factions.")
    assert not any(p.span.text in ("man", "split") for p in pms), [p.span.text for p in pms]


def test_a_precise_place_next_to_its_unit_is_the_events_place(run):
    doc, pms = run("Residents of Zhezkazgan township in Qaraghandy region protested outside the mine.")
    t = next(tok for tok in doc if tok.text == "protested")
    got = event_location(doc, t.sent, t, pms, "PROTEST")
    assert [p.span.text for p in got] == ["Zhezkazgan"], [(p.span.text, p.reason) for p in got]


@pytest.mark.parametrize("plover", ["DEMAND", "COERCE"])
def test_demands_and_arrests_take_the_context_place(run, plover):
    doc, pms = run("Hundreds of teachers gathered in Rasht on Sunday. They called for higher pay and "
                   "police detained two organisers.")
    t = doc[-2]
    got = event_location(doc, t.sent, t, pms, plover)
    assert [p.span.text for p in got] == ["Rasht"], got


def test_a_guessed_qualifier_does_not_move_a_known_city(run):
    _, pms = run("Police detained two women in Bogota (Bogota, D.C.) on Friday.")
    b = next(p for p in pms if p.span.text == "Bogota")
    assert b.country == "CO" and "qualifier" not in b.reason, b
