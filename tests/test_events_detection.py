"""Event detection and typing rules (sentences written about other conflicts, hand-built mentions)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from eventwatch.events import extract_events
from eventwatch.models import ActorMention, Document, DocumentAnalysis, Span

ACTORS = {
    "Kenya": "Kenya", "Ethiopia": "Ethiopia", "Houthis": "Houthis", "Riyadh": "Saudi Arabia",
    "Al-Shabaab": "Al-Shabaab", "United Nations": "United Nations", "Kigali": "Rwanda",
    "Kinshasa": "DR Congo", "M23": "M23", "junta": "Myanmar Armed Forces", "Arakan Army": "Arakan Army",
    "Sudanese army": "Sudanese Armed Forces",
}


def _analyse(nlp, text: str, published=date(2024, 3, 1)):
    doc = nlp(text)
    actors = []
    taken: list[tuple[int, int]] = []
    for surface in sorted(ACTORS, key=len, reverse=True):
        for m in re.finditer(r"\b" + re.escape(surface) + r"\b", text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            actors.append(ActorMention(Span(m.start(), m.end(), surface), ACTORS[surface].lower(), ACTORS[surface]))
    document = Document(id="t", doc="t", text=text, published=published)
    analysis = DocumentAnalysis(document=document, actors=sorted(actors, key=lambda a: a.span.start))
    return extract_events(doc, analysis)


def _types(evs):
    return sorted(e.plover for e in evs)


def _names(ms):
    return sorted({m.name for m in ms})


@pytest.mark.parametrize("text", [
    "On Monday Kenya and Ethiopia agreed on a ceasefire to secure the border road and joint patrols.",
    ("In May, Kenya and Ethiopia reached an agreement that stipulated a truce, the opening of the "
     "border crossing, and joint patrols on the highway."),
    "On Monday Kenya and Ethiopia agreed on a ceasefire along the border, with joint patrols to begin on May 1.",
])
def test_agreement_content_is_not_a_separate_event(bare_nlp, text):
    assert _types(_analyse(bare_nlp, text)) == ["AGREE"]


def test_preparing_for_battle_is_mobilisation(bare_nlp):
    assert "MOBILIZE" in _types(_analyse(bare_nlp, "The Houthis are preparing for the battle to take Marib on Monday."))


def test_preparation_of_an_attack_is_a_planned_attack(bare_nlp):
    evs = _analyse(bare_nlp, "The United Nations received information on Monday about the preparation of an "
                             "attack by Al-Shabaab on Kismayo.")
    assert [(e.plover, e.status) for e in evs if e.plover in ("ASSAULT", "MOBILIZE")] == [("ASSAULT", "planned")]


def test_reported_noncompliance_is_an_accusation(bare_nlp):
    evs = _analyse(bare_nlp, "Kigali claimed on Monday that Kinshasa \u201chasn\u2019t abided by the Luanda agreement\u201d.")
    assert _types(evs) == ["DISAPPROVE"]
    e = evs[0]
    assert _names(e.actor1) == ["Rwanda"] and _names(e.actor2) == ["DR Congo"] and e.status == "occurred"


def test_pressure_is_an_act_only_when_exerted(bare_nlp):
    assert _types(_analyse(bare_nlp, "Riyadh is putting more pressure on the Houthis to release the prisoners.")) == ["COERCE"]
    assert _types(_analyse(bare_nlp, "Riyadh exerted strong pressure on the Houthis on Monday.")) == ["COERCE"]
    assert "COERCE" not in _types(_analyse(bare_nlp, "The Houthis were subjected to pressure from Riyadh on Monday."))


def test_be_used_to_is_habitual(bare_nlp):
    evs = _analyse(bare_nlp, "Kinshasa is used to the escalation and the shelling of Goma by M23 before every summit.")
    assert "ASSAULT" not in _types(evs)


def test_relative_clause_with_its_own_subject_is_background(bare_nlp):
    evs = _analyse(bare_nlp, "The areas that these forces have entered are adjacent to the areas held by the Sudanese army.")
    assert "MOBILIZE" not in _types(evs)


def test_share_of_the_country_is_no_capture(bare_nlp):
    assert "ASSAULT" not in _types(_analyse(bare_nlp, "The junta has regained about 70% of the country's territory."))
    assert "ASSAULT" in _types(_analyse(bare_nlp, "The Arakan Army captured half of the town on Monday."))


def test_absorbed_event_noun_states_the_means(bare_nlp):
    evs = _analyse(bare_nlp, "Up to 40 fighters of Al-Shabaab have been killed in clashes with the Sudanese army on Monday.")
    e = next(e for e in evs if e.plover == "ASSAULT")
    assert e.acled == ("Battles", "Armed clash")


def test_agreed_participle_on_a_formal_noun_is_a_formal_agreement(bare_nlp):
    evs = _analyse(bare_nlp, "Goma is in a de-escalation zone agreed upon between Kigali and Kinshasa in March.")
    e = next(e for e in evs if e.plover == "AGREE")
    assert e.acled == ("Strategic developments", "Agreement")
