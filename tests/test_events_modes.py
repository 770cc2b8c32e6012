"""ASSAULT means (modes.py): scoped weapon words, words owned by other triggers, inherited means."""

from __future__ import annotations

from test_events_extract import _analyse


def _assaults(evs):
    return [e for e in evs if e.plover == "ASSAULT"]


def test_weapon_subject_overrides_trigger_default(bare_nlp):
    e = _assaults(_analyse(bare_nlp, "Three rockets struck the airport in Sanaa on Monday."))[0]
    assert e.mode == "shelling"
    assert e.acled == ("Explosions/Remote violence", "Shelling/artillery/missile attack")


def test_weapon_inside_another_trigger_phrase_is_not_this_events(bare_nlp):
    evs = _analyse(bare_nlp, "Residents of Marib witnessed flights by American warplanes amid the continuous Houthi bombardment of the city on Monday.")
    e = next(x for x in _assaults(evs) if x.trigger.text == "bombardment")
    assert e.mode == "shelling"


def test_weapon_in_own_phrase(bare_nlp):
    evs = _analyse(bare_nlp, "Marib faced an intense bombardment by Houthi drones on Monday.")
    e = next(x for x in _assaults(evs) if x.trigger.text == "bombardment")
    assert e.mode == "aerial"


def test_unspecified_attack_inherits_the_doers_stated_means(bare_nlp):
    text = ("Houthi drones hit a tanker in the Red Sea on Monday, officials said. "
            "On Wednesday the Houthis attacked a cargo ship near Hodeidah.")
    evs = _assaults(_analyse(bare_nlp, text))
    e = next(x for x in evs if x.trigger.text == "attacked")
    assert [m.name for m in e.actor1] == ["Houthis"]
    assert e.mode == "aerial"
    assert e.acled == ("Explosions/Remote violence", "Air/drone strike")


def test_ground_troops_do_not_inherit_remote_means(bare_nlp):
    text = ("Russian troops shelled Kharkiv on Monday. "
            "On Wednesday Russian troops attacked Ukrainian positions near Bakhmut.")
    evs = _assaults(_analyse(bare_nlp, text))
    e = next(x for x in evs if x.trigger.text == "attacked")
    assert e.acled == ("Battles", "Armed clash")
