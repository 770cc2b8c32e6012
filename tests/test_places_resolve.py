"""Place resolution on sentences written for these tests (other places and conflicts)."""

from __future__ import annotations

import pytest

from eventwatch.resolve.gazetteer import haversine_km
from eventwatch.resolve.places import event_places, resolve_places


@pytest.fixture(scope="module")
def places(nlp, gazetteer):
    def run(text):
        doc = nlp(text)
        return doc, resolve_places(doc, None, gazetteer)

    return run


def find(pms, surface):
    hits = [p for p in pms if surface in p.span.text]
    assert hits, f"{surface!r} not found in {[p.span.text for p in pms]}"
    return hits[0]


def near(p, lat, lon, km):
    assert p.resolved, p.reason
    d = haversine_km(p.lat, p.lon, lat, lon)
    assert d <= km, f"{p.name} ({p.lat},{p.lon}) is {d:.0f} km away; {p.reason}"


def test_tripoli_libya_by_context(places):
    _, pms = places("Forces loyal to Khalifa Haftar shelled Tripoli on Monday as the Libyan "
                    "government in Libya's capital appealed for help; Misrata sent reinforcements.")
    p = find(pms, "Tripoli")
    assert p.country == "LY"
    near(p, 32.89, 13.19, 15)


def test_tripoli_lebanon_by_context(places):
    _, pms = places("Clashes broke out in Tripoli, Lebanon's second city, between residents of "
                    "Bab al-Tabbaneh and Jabal Mohsen, the Lebanese army said from Beirut.")
    p = find(pms, "Tripoli")
    assert p.country == "LB"
    near(p, 34.44, 35.85, 15)


def test_zawiya_libya_city(places):
    _, pms = places("Rival militias fought overnight in Zawiya, west of Tripoli, near the Libyan "
                    "oil refinery, residents said.")
    p = find(pms, "Zawiya")
    assert p.country == "LY"
    near(p, 32.75, 12.73, 15)


def test_zawiya_mountain_syria(places):
    _, pms = places("Government artillery pounded villages in Jabal al-Zawiya and on Zawiya "
                    "Mountain south of Ariha in Idlib province.")
    near(find(pms, "Jabal al-Zawiya"), 35.70, 36.53, 25)
    near(find(pms, "Zawiya Mountain"), 35.70, 36.53, 25)


def test_tell_abiad_raqqa_town(places):
    _, pms = places("Turkish-backed factions entered Tell Abyad and Ras al-Ain during the "
                    "offensive in Raqqa governorate, near the border with Turkey.")
    near(find(pms, "Tell Abyad"), 36.70, 38.95, 10)


def test_tell_abiad_hill_near_aleppo(places):
    _, pms = places("The army took the hills of Tell Abiad and Tell Maher near Khan Tuman, "
                    "southwest of Aleppo city.")
    near(find(pms, "Tell Abiad"), 36.13, 37.08, 10)


def test_afrin(places):
    _, pms = places("A car bomb exploded in a market in Afrin, in the countryside of Aleppo, "
                    "killing six people.")
    p = find(pms, "Afrin")
    near(p, 36.51, 36.87, 10)
    assert p.country == "SY"


def test_absent_place_is_unresolved(places):
    _, pms = places("Gunmen attacked a checkpoint in Qaryat Zubaydiyat al-Fawqa, a hamlet in "
                    "Deir ez-Zor province, on Tuesday.")
    for p in pms:
        if "Zubaydiyat" in p.span.text:
            assert not p.resolved and p.reason == "not in gazetteer"
    near(find(pms, "Deir ez-Zor"), 35.0, 40.1, 100)


def test_relative_descriptions(places):
    _, pms = places("A drone struck a truck 2 km west of Saraqib, while shelling hit the "
                    "southern countryside of Idlib and villages in northern Hama.")
    p = find(pms, "west of Saraqib")
    assert p.precision == 2
    near(p, 35.864, 36.78, 5)
    q = find(pms, "southern countryside of Idlib")
    assert q.precision == 2
    near(q, 35.68, 36.60, 25)
    r = find(pms, "northern Hama")
    assert r.precision == 2
    near(r, 35.30, 36.70, 30)


def test_province_precision(places):
    _, pms = places("Airstrikes were reported across Idlib governorate and in Daraa province.")
    assert find(pms, "Idlib governorate").precision == 3
    p = find(pms, "Daraa province")
    assert p.precision == 3 and p.feature == "admin1"


def test_names_inside_names(places):
    _, pms = places("The chemical attack in Idlib's Khan Shaykhoun shocked the world; later "
                    "the Idlib de-escalation zone was agreed.")
    near(find(pms, "Khan Shaykhoun"), 35.44, 36.65, 10)
    assert find(pms, "de-escalation zone").feature == "zone"


def test_road_and_crossing(places):
    _, pms = places("Convoys crossed at Bab al-Hawa and drove along the M5 highway toward Hama.")
    near(find(pms, "Bab al-Hawa"), 36.23, 36.67, 10)
    assert find(pms, "M5").feature == "road"


def test_event_places_prefers_locative(places, nlp):
    doc, pms = places("Fighters from Idlib attacked an army post in Kafr Nabl on Sunday, "
                      "Damascus said.")
    sent = next(doc.sents)
    trigger = next(t for t in sent if t.lemma_ == "attack")
    ev = event_places(sent, pms, trigger)
    names = [p.span.text for p in ev]
    assert any("Kafr Nabl" in n for n in names), names
    assert not any(n in ("Idlib", "Damascus") for n in names), names


def test_event_places_drops_broader(places):
    doc, pms = places("Shelling hit Atarib in Aleppo province on Friday.")
    sent = next(doc.sents)
    trig = next(t for t in sent if t.lemma_ == "hit")
    ev = event_places(sent, pms, trig)
    assert [p.span.text for p in ev] == ["Atarib"], ev
