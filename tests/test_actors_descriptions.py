"""Descriptions are not participants, collective protest agents, European leaders and
composite diplomatic formats (sentences written for these tests)."""

from __future__ import annotations

from datetime import date

import pytest

from eventwatch.models import Document


@pytest.fixture(scope="module")
def env():
    from eventwatch.nlp.pipeline import load_nlp
    from eventwatch.resolve.kb import KnowledgeBase

    kb = KnowledgeBase.load(include_user=False)
    return kb, load_nlp(kb)


def names(env, text, published=date(2021, 3, 1)):
    from eventwatch.resolve.actors import resolve_actors

    kb, nlp = env
    ms = resolve_actors(nlp(text), Document(id="t", doc="t", text=text, published=published), kb)
    return [(m.span.text, m.name) for m in ms if m.actor_id]


def test_parenthetical_description_is_not_an_actor(env):
    got = names(env, "Troops drove Hayat Tahrir al-Sham (once al-Qaeda's Syrian wing) out of Saraqib, Syria.")
    assert ("Hayat Tahrir al-Sham", "Hayat Tahrir al-Sham") in got
    assert all(n != "al-Qaeda" for _, n in got)


def test_appositive_description_is_not_an_actor(env):
    got = names(env, "The Syrian Democratic Forces, an affiliate of the PKK according to Ankara, shelled Turkish troops.")
    assert [n for _, n in got] == ["Syrian Democratic Forces", "Turkish Armed Forces"]
    got = names(env, "Fighters of Hurras al-Din, formerly linked to al-Qaeda, attacked Syrian troops near Idlib.")
    assert "al-Qaeda" not in [n for _, n in got]


def test_abbreviation_in_parenthesis_stays(env):
    got = names(env, "Fighters of Hurras al-Din (HaD) attacked an outpost.")
    assert got == [("Hurras al-Din", "Hurras al-Din"), ("HaD", "Hurras al-Din")]


def test_parenthesis_after_generic_actor_lists_members(env):
    got = names(env, "The rebels (Hayat Tahrir al-Sham and the National Front for Liberation) attacked Syrian troops.")
    assert ("Hayat Tahrir al-Sham", "Hayat Tahrir al-Sham") in got
    assert ("National Front for Liberation", "National Front for Liberation") in got


@pytest.mark.parametrize(
    "text, surface",
    [
        ("The population continues to organize roadblocks on the road near Idlib in Syria.", "population"),
        ("Angry residents blocked the highway near Aleppo, Syria, on Monday.", "residents"),
        ("Locals took to the streets in Daraa, Syria.", "Locals"),
        ("Idlib residents staged a sit-in near the Turkish post in Syria.", "residents"),
        ("Protests by villagers continued in Daraa, Syria.", "villagers"),
    ],
)
def test_collective_protest_agents_are_protesters(env, text, surface):
    assert (surface, "Protesters (Syria)") in names(env, text)


def test_civilians_not_protesting_are_not_protesters(env):
    got = names(env, "Three residents were killed in Aleppo, Syria.")
    assert ("residents", "Civilians (Syria)") in got
    got = names(env, "The residents fled the shelling in Idlib, Syria.")
    assert all(n != "Protesters (Syria)" for _, n in got)


def test_european_leaders_are_the_eu(env):
    got = names(env, "European leaders condemned the strikes, and EU leaders met in Brussels.")
    assert ("European leaders", "European Union") in got
    assert ("EU leaders", "European Union") in got


def test_composite_formats_expand_to_members(env):
    got = names(env, "The Astana guarantors met in Geneva.")
    assert sorted(n for _, n in got) == ["Iran", "Russia", "Turkey"]
    got = names(env, "Leaders of the Normandy format met in Paris.", date(2019, 12, 9))
    assert sorted(n for _, n in got) == ["France", "Germany", "Russia", "Ukraine"]
