"""Non-event filter, merging and speech-act mechanisms (sentences about other conflicts)."""

from __future__ import annotations

from datetime import date

import pytest

from eventwatch.events import extract_events
from eventwatch.models import ActorMention, Document, DocumentAnalysis, Span, TimeMention

ACTORS = {
    "Rapid Support Forces": "Rapid Support Forces", "RSF": "Rapid Support Forces",
    "Sudanese army": "Sudanese Armed Forces", "army": "Sudanese Armed Forces",
    "M23": "M23", "Congolese army": "Congolese Armed Forces", "Kinshasa": "DR Congo",
    "Rwanda": "Rwanda", "Kigali": "Rwanda", "Houthis": "Houthis", "Saudi Arabia": "Saudi Arabia",
    "Riyadh": "Saudi Arabia", "Arakan Army": "Arakan Army", "junta": "Myanmar Armed Forces",
    "Wagner": "Wagner Group", "Mali": "Mali", "Al-Shabaab": "Al-Shabaab",
    "Somali army": "Somali Armed Forces", "United Nations": "United Nations", "Kenya": "Kenya",
    "Ethiopia": "Ethiopia", "Addis Ababa": "Ethiopia", "Eritrea": "Eritrea", "Asmara": "Eritrea",
}


def _analyse(nlp, text: str, times: list[tuple[str, str]] | None = None, published=date(2024, 3, 1)):
    import re

    doc = nlp(text)
    actors = []
    taken: list[tuple[int, int]] = []
    for surface in sorted(ACTORS, key=len, reverse=True):
        for m in re.finditer(r"\b" + re.escape(surface) + r"\b", text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            actors.append(ActorMention(Span(m.start(), m.end(), surface), ACTORS[surface].lower(), ACTORS[surface]))
    tms = []
    for surface, iso in times or []:
        i = text.index(surface)
        tms.append(TimeMention(span=Span(i, i + len(surface), surface), date=iso, precision="day"))
    document = Document(id="t", doc="t", text=text, published=published)
    analysis = DocumentAnalysis(document=document, actors=sorted(actors, key=lambda a: a.span.start), times=tms)
    return extract_events(doc, analysis)


def _types(evs):
    return sorted(e.plover for e in evs)


def _names(ms):
    return sorted({m.name for m in ms})


# ---- genericity: habitual / stative present
@pytest.mark.parametrize("text", [
    "Kigali supports them even if not officially.",
    "The M23 is supported by Rwanda and controls large parts of North Kivu.",
    "Mali wants to keep the conflict alive, including the groups who Wagner supports.",
])
def test_generic_present_is_not_an_event(bare_nlp, text):
    assert "AID" not in _types(_analyse(bare_nlp, text))


def test_past_support_is_an_event(bare_nlp):
    evs = _analyse(bare_nlp, "Rwanda supported the M23 offensive on Goma last week.")
    assert evs, "a past, specific act of support is reported"


def test_generic_present_of_governing_verb(bare_nlp):
    evs = _analyse(bare_nlp, "Rwanda participates in the M23 offensive against the army.")
    assert "ASSAULT" not in _types(evs)


# ---- irrealis infinitives
def test_purpose_infinitive_is_not_an_event(bare_nlp):
    evs = _analyse(bare_nlp, "Riyadh is putting more pressure on the Houthis, to push them to send more fighters to Marib.")
    assert "MOBILIZE" not in _types(evs) and "COERCE" in _types(evs)


def test_disposition_infinitive_is_not_an_event(bare_nlp):
    evs = _analyse(bare_nlp, "The Houthis stress their refusal to open the road and conduct patrols, and their willingness to fight.")
    assert _types(evs) == ["REJECT"]


def test_implicative_infinitive_kept(bare_nlp):
    evs = _analyse(bare_nlp, "A column of RSF vehicles managed to enter the town and penetrate its defences.")
    assert "MOBILIZE" in _types(evs)


def test_planned_infinitive_kept(bare_nlp):
    evs = _analyse(bare_nlp, "The junta plans to attack Arakan Army positions next week.")
    e = next(e for e in evs if e.plover == "ASSAULT")
    assert e.status == "planned"


# ---- attributive use
def test_attributive_participle_and_predicative_noun(bare_nlp):
    assert "AID" not in _types(_analyse(bare_nlp, "Fighting continued between the Rwandan backed M23 and the Congolese army on Monday."))
    assert _analyse(bare_nlp, "Kinshasa sees the talks by Kigali as a threat to its sovereignty.") == [] or \
        "THREATEN" not in _types(_analyse(bare_nlp, "Kinshasa sees the talks by Kigali as a threat to its sovereignty."))


def test_quantified_event_noun_is_generic(bare_nlp):
    evs = _analyse(bare_nlp, "Residents say the region is used to the escalation before every meeting with Kigali.")
    assert "CONSULT" not in _types(evs) and "ASSAULT" not in _types(evs)


def test_symmetric_between_attached_elsewhere(bare_nlp):
    evs = _analyse(bare_nlp, "The heaviest fighting in months continues to intensify in Goma between the M23 and the Congolese army.")
    e = next(e for e in evs if e.plover == "ASSAULT")
    assert _names(e.actor1 + e.actor2) == ["Congolese Armed Forces", "M23"]


# ---- background relative clauses, conditions, negated evidence
def test_background_relative_clause(bare_nlp):
    evs = _analyse(bare_nlp, "These people are mostly relatives of fighters who were previously evacuated from the south.")
    assert evs == []


def test_relative_clause_with_time_kept(bare_nlp):
    evs = _analyse(bare_nlp, "Roadside bombs targeted the patrols which stopped on 3 March.", times=[("3 March", "2024-03-03")])
    assert "RETREAT" in _types(evs)


def test_negated_condition_is_not_an_event(bare_nlp):
    evs = _analyse(bare_nlp, "The Houthis threatened to shell Riyadh if Saudi Arabia did not agree to the terms.")
    assert "AGREE" not in _types(evs)


def test_no_evidence_that(bare_nlp):
    evs = _analyse(bare_nlp, "There is no evidence that the RSF have captured the town of Babanusa.")
    assert "ASSAULT" not in _types(evs)


def test_affiliated_with_names_the_group(bare_nlp):
    evs = _analyse(bare_nlp, "The factions affiliated with Al-Shabaab have raised their combat readiness, the spokesman said.")
    e = next(e for e in evs if e.plover == "MOBILIZE")
    assert _names(e.actor1) == ["Al-Shabaab"]


# ---- merging
def test_result_participle_merges_into_accused_act(bare_nlp):
    evs = _analyse(bare_nlp, "Eritrea accused Ethiopia of shelling the town of Zalambessa on Sunday, killing nine civilians.")
    assert [e.plover for e in evs].count("ASSAULT") == 1


def test_independent_clauses_are_separate_events(bare_nlp):
    evs = _analyse(bare_nlp, "The junta deployed troops to Lashio, and the Arakan Army countered by sending in 15 trucks over the river.")
    assert [e.plover for e in evs].count("MOBILIZE") == 2


def test_different_means_not_merged(bare_nlp):
    evs = _analyse(bare_nlp, "Saudi Arabia carried out airstrikes against the Houthis over a chemical attack on Marib.",
                   times=[])
    assert [e.plover for e in evs].count("ASSAULT") == 2


def test_possessive_event_noun_is_not_anaphoric(bare_nlp):
    text = ("Al-Shabaab fighters launched attacks on Kenya border posts on Monday. "
            "The Somali army has recently stepped up its attacks on the bases of Al-Shabaab.")
    evs = _analyse(bare_nlp, text)
    assert [e.plover for e in evs].count("ASSAULT") == 2


def test_condition_without_actors_is_not_an_event(bare_nlp):
    evs = _analyse(bare_nlp, "The spokesman declined to discuss the role of Kenya if the battle breaks out in Kismayo.")
    assert "ASSAULT" not in _types(evs)


# ---- speech acts typed by their content
def test_expressed_hope_is_a_demand(bare_nlp):
    evs = _analyse(bare_nlp, "The envoy expressed Kenya's hope to complete the separation of the armed groups.")
    e = next(e for e in evs if e.plover == "DEMAND")
    assert _names(e.actor1) == ["Kenya"]


def test_expectation_clause_is_a_demand_absorbing_its_content(bare_nlp):
    evs = _analyse(bare_nlp, "Our expectation is that Ethiopia will give the militia the necessary warning, the Eritrea minister said.")
    assert _types(evs) == ["DEMAND"]
    assert _names(evs[0].actor2) == ["Ethiopia"]


def test_bare_hope_is_no_event(bare_nlp):
    assert _analyse(bare_nlp, "There is little hope in Mogadishu.") == []


def test_want_from_is_a_demand_subject_control_is_not(bare_nlp):
    evs = _analyse(bare_nlp, "Among the concessions that Ethiopia wants from Eritrea is the opening of the border.")
    e = next(e for e in evs if e.plover == "DEMAND")
    assert _names(e.actor1) == ["Ethiopia"] and _names(e.actor2) == ["Eritrea"]
    assert _analyse(bare_nlp, "Eritrea wants to keep its troops in Tigray.") == []


def test_declared_future_action_is_a_threat(bare_nlp):
    evs = _analyse(bare_nlp, "We have waited until now, but from this point, we are going to take our own actions.")
    assert _types(evs) == ["THREATEN"] and evs[0].status == "threatened"
    assert _analyse(bare_nlp, "The ministry took measures to protect the border.") == []


# ---- status frames stop at adjuncts, temporal clauses and relative clauses
def _status_of(evs, plover):
    return next(e.status for e in evs if e.plover == plover)


def test_temporal_clause_not_framed_by_warning(bare_nlp):
    evs = _analyse(bare_nlp, "They warned of more attacks on Kenya troops after they claimed an attack on a Kenya base in Lamu last week.")
    assert _status_of([e for e in evs if e.trigger.text == "attack"], "ASSAULT") == "claimed"


def test_cause_adjunct_not_framed_by_failure(bare_nlp):
    evs = _analyse(bare_nlp, "Five Kenya patrols had failed to complete the route due to threats by Al-Shabaab.")
    assert _status_of(evs, "THREATEN") == "threatened"


def test_can_talk_about_is_hypothetical(bare_nlp):
    evs = _analyse(bare_nlp, "He said that we can talk about Ethiopia military action in Tigray.")
    assert _status_of(evs, "ASSAULT") == "hypothetical"


def test_not_all_succeeded_is_failed(bare_nlp):
    evs = _analyse(bare_nlp, "Not all of Kenya's efforts to persuade Al-Shabaab defectors to surrender have succeeded.")
    assert _status_of(evs, "DEMAND") == "failed"


def test_first_person_quote_is_the_speakers_own_act(bare_nlp):
    evs = _analyse(bare_nlp, "The Kenya minister said: \u201cWe condemn the attack on Mandera by Al-Shabaab.\u201d")
    assert _status_of(evs, "DISAPPROVE") == "occurred"


# ---- actor2 from context
def test_resistance_from_names_the_opponent_of_restated_captures(bare_nlp):
    text = ("The Somali army has recaptured the villages of Bulo Burde and Jalalaqsi on Monday. "
            "Somali army units have also recaptured the town of Adale on Monday. "
            "Most of these areas were recaptured without significant resistance from Al-Shabaab.")
    evs = [e for e in _analyse(bare_nlp, text) if e.plover == "ASSAULT"]
    assert len(evs) == 2
    assert all(_names(e.actor2) == ["Al-Shabaab"] for e in evs)


def test_response_answers_the_latest_demand(bare_nlp):
    text = ("Ethiopia is putting more pressure on the Eritrea government to withdraw its troops. "
            "Asmara refused on Tuesday.")
    evs = _analyse(bare_nlp, text)
    e = next(e for e in evs if e.plover == "REJECT")
    assert _names(e.actor2) == ["Ethiopia"]


def test_hyphenated_event_noun_split_by_tokenizer(bare_nlp):
    evs = _analyse(bare_nlp, "Sources confirmed military build-ups of the Somali army on several points west of Kismayo on Monday.")
    assert "MOBILIZE" in _types(evs)
