"""Corrections are checked before they are stored: types, ACLED pairs, actors against the
knowledge base (with a suggestion), places through the gazetteer, dates parsed."""

from __future__ import annotations

import pytest

from eventwatch.store.corrections import CorrectionError, CorrectionValidator


@pytest.fixture(scope="module")
def validator(kb, gazetteer):
    return CorrectionValidator(kb, gazetteer)


def test_types_statuses_and_modes(validator):
    assert validator.value("plover", "assault") == "ASSAULT"
    assert validator.value("status", "Claimed") == "claimed"
    assert validator.value("mode", "aerial") == "aerial"
    with pytest.raises(CorrectionError, match="did you mean 'ASSAULT'"):
        validator.value("plover", "asault")
    with pytest.raises(CorrectionError, match="did you mean 'threatened'"):
        validator.value("status", "threatend")
    with pytest.raises(CorrectionError, match="unknown field"):
        validator.value("colour", "red")


def test_acled_pairs_are_acleds(validator):
    assert validator.value("acled", "Battles / Armed clash") == ["Battles", "Armed clash"]
    assert validator.value("acled", "Explosions/Remote violence/Air/drone strike") == [
        "Explosions/Remote violence", "Air/drone strike"]
    assert validator.value("acled", '["Protests", "Peaceful protest"]') == ["Protests", "Peaceful protest"]
    with pytest.raises(CorrectionError, match="did you mean 'Battles/Armed clash'"):
        validator.value("acled", "Battles/Armed clashes")
    with pytest.raises(CorrectionError):
        validator.value("acled", "Protests/Armed clash")  # a real sub-type, of another type


def test_actors_are_checked_against_the_knowledge_base(validator):
    assert validator.value("actor1", "JNIM, Malian army") == ["Jama'at Nusrat al-Islam wal-Muslimin",
                                                              "Malian Armed Forces"]
    with pytest.raises(CorrectionError, match="did you mean 'Malian Armed Forces'"):
        validator.value("actor1", "Malian Armd Forces")
    assert validator.value("actor2", "Kessa Town Guard", allow_unknown=True) == ["Kessa Town Guard"]


def test_places_go_through_the_gazetteer_with_coordinates(validator):
    (place,) = validator.value("where", "Gao, ML")
    assert place["country"] == "ML" and 15 < place["lat"] < 18 and -1.5 < place["lon"] < 1.5
    assert place["gazetteer_id"]
    with pytest.raises(CorrectionError, match="no place"):
        validator.value("where", "Xqzzyville")
    (given,) = validator.value("where", '{"name": "checkpoint 7", "lat": 16.1, "lon": -0.2}')
    assert given["lat"] == 16.1
    with pytest.raises(CorrectionError, match="lat"):
        validator.value("where", '{"name": "nowhere", "lat": 116.1, "lon": -0.2}')


def test_dates_are_parsed_and_checked(validator):
    assert validator.value("when", "2023-05-09") == {"date": "2023-05-09", "precision": "day"}
    assert validator.value("when", "2023-05") == {"date": "2023-05", "precision": "month"}
    assert validator.value("when", "2023-05-01..2023-05-07")["end"] == "2023-05-07"
    assert validator.value("when", "9 May 2023")["date"] == "2023-05-09"
    for bad in ("2023-02-30", "yesterday-ish", "2023-05-09..2023-05-01"):
        with pytest.raises(CorrectionError):
            validator.value("when", bad)


def test_counts_are_whole_non_negative_numbers(validator):
    assert validator.value("fatalities", "12") == 12
    for bad in ("-1", "twelve", "1.5"):
        with pytest.raises(CorrectionError):
            validator.value("fatalities", bad)


def test_of_places_with_one_name_the_nearest_to_the_corrected_place_wins(validator, gazetteer):
    names = [c for c in gazetteer.lookup("Douma") if c.how in ("exact", "key")]
    assert len({c.place.admin1 for c in names}) > 1  # several Doumas
    for target in names[:3]:
        (place,) = validator.value("where", "Douma", near=(target.place.lat, target.place.lon))
        assert place["gazetteer_id"] == target.place.id
    (by_id,) = validator.value("where", names[0].place.id)
    assert by_id["gazetteer_id"] == names[0].place.id
