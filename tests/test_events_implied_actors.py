"""Actors an ACLED type implies by definition: the crowd of a protest or riot, the civilians
that violence against civilians targets."""

from __future__ import annotations

from datetime import date

import pytest

from eventwatch.models import Document


@pytest.fixture(scope="module")
def pipeline():
    from eventwatch.pipeline import Pipeline

    return Pipeline()


def _events(pipeline, text: str):
    document = Document(id="t", doc="t", text=text, published=date(2022, 3, 2))
    (result,) = list(pipeline.process([document]))
    return result.events


def test_protest_crowd_is_protesters_of_the_country_whoever_organised_it(pipeline):
    events = _events(pipeline, "On 1 March 2022, members of a teachers' union marched in Nairobi to demand higher pay.")
    protests = [e for e in events if e.acled and e.acled[0] == "Protests"]
    assert protests, [e.to_interchange() for e in events]
    names = [m.name for m in protests[0].actor1]
    assert "Protesters (Kenya)" in names
    implied = next(m for m in protests[0].actor1 if m.name == "Protesters (Kenya)")
    assert implied.how == "event_type" and implied.span.text  # evidence: the words that state the event


def test_violence_against_civilians_targets_civilians_of_the_country(pipeline):
    events = _events(pipeline, "On 1 March 2022, gunmen abducted two farmers and shot them dead near Maiduguri.")
    vac = [e for e in events if e.acled and e.acled[0] == "Violence against civilians"]
    assert vac, [e.to_interchange() for e in events]
    assert any(m.name == "Civilians (Nigeria)" for m in vac[0].actor2)


def test_attack_killing_people_or_striking_a_town_targets_its_civilians(pipeline):
    events = _events(pipeline, "On 1 March 2022, warplanes bombed the town of Kidal in Mali, killing 17 people.")
    strikes = [e for e in events if e.plover == "ASSAULT"]
    assert strikes and any(m.name == "Civilians (Mali)" for e in strikes for m in e.actor2), \
        [e.to_interchange() for e in events]
    fighters = _events(pipeline, "On 1 March 2022, the army killed 12 JNIM fighters near Kidal in Mali.")
    assert not any(m.name.startswith("Civilians") for e in fighters for m in e.actor2)
