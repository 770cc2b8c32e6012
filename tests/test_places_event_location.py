"""event_location: which places of a sentence are the event's, and the context fallback
(sentences written for these tests about other conflicts)."""

from __future__ import annotations

import pytest

from eventwatch.resolve.gazetteer import haversine_km
from eventwatch.resolve.places import document_focus, event_location, event_places, resolve_places


@pytest.fixture(scope="module")
def run(nlp, gazetteer):
    def _run(text):
        doc = nlp(text)
        return doc, resolve_places(doc, None, gazetteer)

    return _run


def _trig(doc, word, nth=0):
    return [t for t in doc if t.text == word][nth]


def _names(ps):
    return [p.span.text for p in ps]


def test_origin_excluded_destination_kept_for_movements(run):
    doc, pms = run("Sudanese troops moved from Kosti to El Obeid on Monday.")
    t = _trig(doc, "moved")
    got = _names(event_location(doc, t.sent, t, pms, "MOBILIZE"))
    assert any("Obeid" in n for n in got) and not any("Kosti" in n for n in got), got


def test_object_of_event_noun_is_the_site(run):
    doc, pms = run("Since the capture of Kupiansk, Russian forces have advanced near Kharkiv.")
    t = _trig(doc, "capture")
    got = _names(event_location(doc, t.sent, t, pms, "ASSAULT"))
    assert got == ["Kupiansk"], got


def test_process_name_is_not_a_place(run):
    doc, pms = run("After the meeting in the format of Geneva, the envoys issued a statement.")
    t = _trig(doc, "meeting")
    assert not any("Geneva" in n for n in _names(event_location(doc, t.sent, t, pms, "CONSULT")))


def test_countries_between_are_parties_local_places_between_give_a_midpoint(run, gazetteer):
    doc, pms = run("The truce was agreed between Ethiopia and Eritrea in March.")
    t = _trig(doc, "agreed")
    assert event_location(doc, t.sent, t, pms, "AGREE") == []
    doc, pms = run("The army shelled positions between Kharkiv and Kupiansk on Tuesday.")
    t = _trig(doc, "shelled")
    got = event_location(doc, t.sent, t, pms, "ASSAULT")
    assert len(got) == 1 and got[0].precision == 2 and got[0].name.startswith("between"), got
    kharkiv = next(p for p in pms if p.span.text == "Kharkiv")
    izium = next(p for p in pms if p.span.text == "Kupiansk")
    mid = ((kharkiv.lat + izium.lat) / 2, (kharkiv.lon + izium.lon) / 2)
    assert haversine_km(got[0].lat, got[0].lon, *mid) < 1


def test_place_of_another_clause_with_its_own_subject(run):
    doc, pms = run("Drones flew along the border, while jets bombed Gao.")
    t = _trig(doc, "flew")
    assert not any("Gao" in n for n in _names(event_places(t.sent, pms, t)))


def test_actor_conjuncts_and_agents_are_not_places(run):
    doc, pms = run("The US, Britain and France carried out strikes against Yemen.")
    t = _trig(doc, "strikes")
    got = _names(event_location(doc, t.sent, t, pms, "ASSAULT"))
    assert got == ["Yemen"], got


def test_physical_event_falls_back_to_the_previous_location(run):
    text = ("Fighting raged in Gao on Sunday.\n"
            "Two soldiers were killed when their convoy was ambushed.")
    doc, pms = run(text)
    t = _trig(doc, "ambushed")
    got = event_location(doc, t.sent, t, pms, "ASSAULT")
    assert _names(got) == ["Gao"] and got[0].precision >= 2 and "context" in got[0].reason


def test_verbal_event_without_place_gets_none(run):
    text = ("Fighting raged in Gao on Sunday.\n"
            "The government condemned the rebels and demanded talks.")
    doc, pms = run(text)
    t = _trig(doc, "condemned")  # DEMAND is physical since 0.1.3 (protest demands: ACLED, FA-KES)
    assert event_location(doc, t.sent, t, pms, "DISAPPROVE") == []


def test_verbal_event_with_anaphor_takes_the_context(run):
    text = ("Clashes continued in Marib on Friday.\n"
            "The tribal leaders demanded a ceasefire in the region.")
    doc, pms = run(text)
    t = _trig(doc, "demanded")
    assert _names(event_location(doc, t.sent, t, pms, "DEMAND")) == ["Marib"]


def test_context_stops_at_a_heading(run):
    text = ("Heavy shelling hit Kherson on Monday.\n"
            "Humanitarian situation\n"
            "Aid convoys were attacked.")
    doc, pms = run(text)
    t = _trig(doc, "attacked")
    got = event_location(doc, t.sent, t, pms, "ASSAULT", document_focus_places=[])
    assert got == []


def test_document_focus_is_the_most_mentioned_area(run):
    text = ("Militants attacked a base in Menaka. Troops were deployed in Menaka region.\n"
            "Later, the army said it repelled the assault near Menaka.\n"
            "Officials in Bamako said talks would resume.")
    doc, pms = run(text)
    focus = document_focus(doc, pms)
    assert focus and focus[0].precision == 3 and "Menaka" in focus[0].span.text
