"""Events stage, third round: clause quotes below a date, resultative "left X injured", reduced
passives, causal targets ("failed due to threats by X"). Sentences about other conflicts, run
through the full pipeline (model, KB entity ruler, resolvers)."""

from __future__ import annotations

from datetime import date

from eventwatch.events import extract_events
from eventwatch.models import Document, DocumentAnalysis
from eventwatch.resolve.actors import resolve_actors
from eventwatch.resolve.places import resolve_places
from eventwatch.resolve.time import resolve_times


def _events(nlp, kb, gazetteer, text, published=date(2022, 9, 1)):
    doc = nlp(text)
    document = Document(id="t", doc="t", text=text, published=published)
    analysis = DocumentAnalysis(
        document=document,
        actors=resolve_actors(doc, document, kb),
        places=resolve_places(doc, document, gazetteer),
        times=resolve_times(doc, document),
    )
    evs = extract_events(doc, analysis, kb)
    for e in evs:
        assert text[e.quote.start : e.quote.end] == e.quote.text
    return evs


def _names(ms):
    return sorted({m.name for m in ms})


def test_second_event_hanging_from_a_date_is_cut_from_the_first_quote(nlp, kb, gazetteer):
    text = ("On July 3 the Kenyan convoy was ambushed, and again on July 9 when a Kenyan patrol "
            "was hit and left three Kenyan soldiers wounded.")
    evs = [e for e in _events(nlp, kb, gazetteer, text) if e.plover == "ASSAULT"]
    assert len(evs) == 2  # the wounding is the result of the second attack, not a third event
    first = next(e for e in evs if e.when and e.when.date == "2022-07-03")
    second = next(e for e in evs if e.when and e.when.date == "2022-07-09")
    assert first.quote.text == "On July 3 the Kenyan convoy was ambushed"
    assert "July 3" not in second.quote.text and "hit" in second.quote.text


def test_result_leaving_soldiers_wounded_is_not_a_doer(nlp, kb, gazetteer):
    evs = _events(nlp, kb, gazetteer, "Al-Shabaab ambushed a Kenyan convoy near Afmadow on Sunday, leaving four Kenyan soldiers wounded.")
    e = next(e for e in evs if e.plover == "ASSAULT")
    assert "Kenyan Armed Forces" not in _names(e.actor1)
    assert "Kenyan Armed Forces" in _names(e.actor2)


def test_reduced_passive_subject_is_the_target():
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from eventwatch.events.roles import verb_subject

    # headline style "Three Malian soldiers killed in ambush": a bare participle with a subject
    doc = Doc(Vocab(), words=["Three", "soldiers", "killed", "in", "ambush"], heads=[1, 2, 2, 2, 3],
              deps=["nummod", "nsubj", "ROOT", "prep", "pobj"], tags=["CD", "NNS", "VBN", "IN", "NN"],
              pos=["NUM", "NOUN", "VERB", "ADP", "NOUN"])
    subj, passive = verb_subject(doc[2])
    assert subj.text == "soldiers" and passive
    # with an object it is active: "Rebels killed three soldiers" mis-tagged VBN
    doc = Doc(Vocab(), words=["Rebels", "killed", "three", "soldiers"], heads=[1, 1, 3, 1],
              deps=["nsubj", "ROOT", "nummod", "dobj"], tags=["NNS", "VBN", "CD", "NNS"],
              pos=["NOUN", "VERB", "NUM", "NOUN"])
    subj, passive = verb_subject(doc[1])
    assert subj.text == "Rebels" and not passive


def test_threat_that_made_a_patrol_fail_targets_the_patrol(nlp, kb, gazetteer):
    text = "Three Kenyan patrols had failed to reach Afmadow, due to threats by Al-Shabaab fighters."
    e = next(e for e in _events(nlp, kb, gazetteer, text) if e.plover == "THREATEN")
    assert _names(e.actor1) == ["Al-Shabaab"]
    assert _names(e.actor2) == ["Kenyan Armed Forces"]


def test_attack_that_turned_a_convoy_back_targets_the_convoy(nlp, kb, gazetteer):
    text = "The Kenyan convoy turned back due to attacks by Al-Shabaab near Afmadow on Sunday."
    e = next(e for e in _events(nlp, kb, gazetteer, text) if e.plover == "ASSAULT")
    assert _names(e.actor1) == ["Al-Shabaab"] and _names(e.actor2) == ["Kenyan Armed Forces"]


def test_threat_without_causal_link_takes_no_subject_as_target(nlp, kb, gazetteer):
    text = "Kenyan troops stayed in Afmadow despite threats by Al-Shabaab."
    e = next(e for e in _events(nlp, kb, gazetteer, text) if e.plover == "THREATEN")
    assert "Kenyan Armed Forces" not in _names(e.actor2)


def test_condemning_the_bombing_targets_its_doer(nlp, kb, gazetteer):
    text = ("A car bomb exploded at a checkpoint in Baidoa on Friday, killing six people. Al-Shabaab "
            "claimed the attack. The United Nations condemned the bombing.")
    e = next(e for e in _events(nlp, kb, gazetteer, text) if e.plover == "DISAPPROVE")
    assert _names(e.actor1) == ["United Nations"] and _names(e.actor2) == ["Al-Shabaab"]


def test_rejecting_the_accusation_targets_the_accuser(nlp, kb, gazetteer):
    text = "The Ethiopian government accused Eritrea of shelling Zalambessa. Asmara rejected the accusation."
    e = next(e for e in _events(nlp, kb, gazetteer, text) if e.plover == "REJECT")
    assert _names(e.actor2) == ["Ethiopia"]


def test_condemning_an_unreported_attack_names_no_target(nlp, kb, gazetteer):
    text = "Kenya signed a trade deal with Uganda on Monday. The United Nations condemned the bombing."
    e = next(e for e in _events(nlp, kb, gazetteer, text) if e.plover == "DISAPPROVE")
    assert not e.actor2


def test_conjoined_event_noun_is_not_an_argument_of_the_first(nlp, kb, gazetteer):
    text = ("He said that \u201cwe can talk about Ethiopian military action in Tigray or Eritrean military "
            "action in the Badme area.\u201d")
    evs = [e for e in _events(nlp, kb, gazetteer, text) if e.plover == "ASSAULT"]
    assert len(evs) == 2
    for e in evs:
        assert not (set(_names(e.actor1)) & set(_names(e.actor2)))
        assert len(_names(e.actor1) + _names(e.actor2)) == 1, (e.actor1, e.actor2)


def test_subjected_to_threats_targets_the_subject(nlp, kb, gazetteer):
    text = ("Two factions, Ahrar al-Sham and Jaysh al-Islam, refused to go to Libya. The factions were "
            "subjected to pressure from the Turkish intelligence and threats to dissolve them.")
    e = next(e for e in _events(nlp, kb, gazetteer, text) if e.plover == "THREATEN")
    assert _names(e.actor1) == ["Turkey"]
    assert _names(e.actor2) == ["Ahrar al-Sham", "Jaysh al-Islam"]


def test_subjected_to_shelling_by_agent(nlp, kb, gazetteer):
    e = next(e for e in _events(nlp, kb, gazetteer, "Ethiopian troops were subjected to heavy shelling by Eritrean forces near Badme on Sunday.")
             if e.plover == "ASSAULT")
    assert _names(e.actor1) == ["Eritrean Armed Forces"] and _names(e.actor2) == ["Ethiopian Armed Forces"]


def test_faced_attacks_by(nlp, kb, gazetteer):
    e = next(e for e in _events(nlp, kb, gazetteer, "Kenyan troops faced attacks by Al-Shabaab near Afmadow on Sunday.")
             if e.plover == "ASSAULT")
    assert _names(e.actor1) == ["Al-Shabaab"] and _names(e.actor2) == ["Kenyan Armed Forces"]
