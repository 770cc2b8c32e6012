"""Events stage: manner adjuncts, undergone events, stray subjects, support participles, pressure
and response targets, own-clause event nouns (sentences about other conflicts; hand-built
mentions and parses from ``test_events_roles``)."""

from __future__ import annotations

from spacy.tokens import Doc

from test_events_roles import _by_type, _names, _run


def test_by_gerund_doer_is_the_subject_of_the_modified_verb(bare_nlp):
    e = _by_type(_run(bare_nlp, "Kenya responded by sending troops to the border on Monday."), "MOBILIZE")[0]
    assert _names(e.actor1) == ["Kenya"] and not e.actor2


def test_by_gerund_under_a_misparsed_participle_is_active(bare_nlp):
    from eventwatch.events.roles import verb_subject

    # "..., and the Kenyans countered by sending troops", "countered" parsed as a participle on the noun
    doc = Doc(bare_nlp.vocab, words=["the", "Kenyans", "countered", "by", "sending", "troops"], heads=[1, 1, 1, 2, 3, 4],
              deps=["det", "ROOT", "acl", "prep", "pcomp", "dobj"], tags=["DT", "NNPS", "VBN", "IN", "VBG", "NNS"],
              pos=["DET", "PROPN", "VERB", "ADP", "VERB", "NOUN"])
    subj, passive = verb_subject(doc[4])
    assert subj.text == "Kenyans" and not passive


def test_came_under_attack_from_x(bare_nlp):
    e = _by_type(_run(bare_nlp, "A Kenya convoy came under attack from Al-Shabaab near Afmadow on Sunday."), "ASSAULT")[0]
    assert _names(e.actor1) == ["Al-Shabaab"] and _names(e.actor2) == ["Kenya"]


def test_with_participle_clause_elaborates_the_undergone_attack(bare_nlp):
    text = "Kenya troops came under attack from Al-Shabaab near Afmadow on Sunday, with rockets targeting the base."
    assert len(_by_type(_run(bare_nlp, text), "ASSAULT")) == 1


def test_under_the_agreement_is_not_an_event(bare_nlp):
    evs = _run(bare_nlp, "Eritrea moved troops to the border under the agreement with Ethiopia on Monday.")
    assert not _by_type(evs, "AGREE")


def test_stray_subject_conjoined_to_the_previous_object(bare_nlp):
    text = "The population continues to organize roadblocks and local Al-Shabaab militias threaten to attack the convoys."
    evs = _run(bare_nlp, text)
    assert _names(_by_type(evs, "THREATEN")[0].actor1) == ["Al-Shabaab"]
    assert not _by_type(evs, "PROTEST")[0].actor2  # the next clause's subject is not the object


def test_support_participle_names_doer_and_target(bare_nlp):
    text = "Reports circulated about the further pressure exerted by Kenya on the Al-Shabaab factions."
    e = _by_type(_run(bare_nlp, text), "COERCE")[0]
    assert _names(e.actor1) == ["Kenya"] and _names(e.actor2) == ["Al-Shabaab"]


def test_agreeing_after_pressure_answers_the_presser(bare_nlp):
    e = _by_type(_run(bare_nlp, "The source said that the factions of Al-Shabaab had agreed after Kenya's pressure."), "CONCEDE")[0]
    assert _names(e.actor1) == ["Al-Shabaab"] and _names(e.actor2) == ["Kenya"]


def test_refusal_by_several_parties_answers_the_earlier_pressure(bare_nlp):
    text = "Kenya put pressure on Al-Shabaab on Monday. On Tuesday, the factions of Al-Shabaab and ELN refused to leave the town."
    e = _by_type(_run(bare_nlp, text), "REJECT")[0]
    assert _names(e.actor2) == ["Kenya"]


def test_a_threat_on_someone_else_is_not_what_a_response_answers(bare_nlp):
    text = "Kenya threatened Iraq on Monday. On Tuesday, Al-Shabaab accepted to leave the town."
    assert not _by_type(_run(bare_nlp, text), "AGREE")[0].actor2


def test_event_noun_with_its_own_subject_is_not_absorbed(bare_nlp):
    text = "Kenya was amassing troops near the border, with Al-Shabaab increasing attacks on the Kenya outposts."
    a = _by_type(_run(bare_nlp, text), "ASSAULT")
    assert a and _names(a[0].actor1) == ["Al-Shabaab"] and _names(a[0].actor2) == ["Kenya"]


def test_reaching_an_agreement_takes_the_parties_named_on_the_noun(bare_nlp):
    text = "Analysts do not rule out the possibility of reaching Ethiopia-Eritrea agreements on the border."
    e = _by_type(_run(bare_nlp, text), "AGREE")[0]
    assert _names(e.actor1) == ["Eritrea", "Ethiopia"] and not e.actor2


def test_quoted_list_members_identified_by_a_copula(bare_nlp):
    text = "The source said that the factions that were refusing to fight are: “Al-Shabaab”, and the “Islamic State”."
    e = _by_type(_run(bare_nlp, text), "REJECT")[0]
    assert _names(e.actor1) == ["Al-Shabaab", "Islamic State"]
