"""Round-2 resolution mechanisms (derived state forces/police/generics, country focus,
juntas, police, generic armed actors, local aliases, role-identified persons, place names
that are not actors).  Sentences written for these tests about conflicts outside Syria."""

from __future__ import annotations

import pytest

from _actor_helpers import names, run  # tests/ is on sys.path (no __init__.py)


@pytest.fixture(scope="module")
def env(kb, nlp):
    """The session's KB and full pipeline (conftest), shared with the other actor tests."""
    return kb, nlp


def test_every_state_has_forces_police_and_generics(kb):
    states = [a for a in kb.actors.values() if a.type == "state" and kb.state_of(a.country) is a]
    assert len(states) > 190
    for st in states:
        assert kb.forces_of(st) is not None, st.id
        assert kb.police_of(st) is not None, st.id
        for kind in ("civilians", "protesters", "unidentified"):
            assert kb.generic_actor(kind, st.country) is not None, (st.id, kind)
    assert kb.forces_of(kb.get("chad")).name == "Chadian Armed Forces"
    assert kb.forces_of(kb.get("afghanistan")).name == "Afghan Armed Forces"  # not "Afgahanistan"
    assert kb.forces_of(kb.get("turkey")).name == "Turkish Armed Forces"  # curated kept
    assert kb.forces_of(kb.get("syria")).name == "Syrian Arab Army"
    assert kb.police_of(kb.get("colombia")).name == "Colombian National Police"
    assert kb.generic_actor("civilians", "CO").name == "Civilians (Colombia)"
    assert kb.generic_actor("protesters", "KE").name == "Protesters (Kenya)"
    assert kb.generic_actor("unidentified", "NG").name == "Unidentified armed group (Nigeria)"
    assert kb.get("chad-armed-forces").id == "chad-armed-forces"  # stable ids


def test_demonym_force_nouns_for_any_state(env):
    ms = run(env, "Chadian soldiers and Cameroonian troops pursued the raiders, while Kenyan police arrested two men.")
    n = names(ms)
    assert ("Chadian soldiers", "Chadian Armed Forces") in n
    assert ("Cameroonian troops", "Cameroonian Armed Forces") in n
    assert ("Kenyan police", "Kenyan Police") in n


def test_new_groups(env):
    ms = run(env, "The TPLF said Fano militiamen and the Oromo Liberation Army clashed, while ELN guerrillas "
                  "and FARC dissidents fought in Arauca and the Tehrik-i-Taliban Pakistan attacked a checkpoint.")
    got = {m.name for m in ms if m.actor_id}
    assert {"Tigray People's Liberation Front", "Fano", "Oromo Liberation Army", "National Liberation Army (Colombia)",
            "FARC dissidents", "Tehrik-i-Taliban Pakistan"} <= got


def test_possessive_inside_name(env):
    ms = run(env, "Fighters of the Tigray People's Liberation Front entered the town.")
    assert ("Tigray People's Liberation Front", "Tigray People's Liberation Front") in names(ms)


def test_the_army_follows_document_focus(env):
    text = ("Gunmen ambushed a convoy near Kaya in northern Burkina Faso on Monday, the army said.\n"
            "Burkinabe authorities declared three days of mourning.")
    ms = run(env, text)
    assert ("the army", "Burkinabe Armed Forces") in names(ms)


def test_junta_resolves_to_focus_forces(env):
    ms = run(env, "Myanmar's military junta bombed a village in Sagaing Region. The junta denied it.")
    n = names(ms)
    assert ("The junta", "Myanmar Armed Forces") in n
    assert not any(m.span.text.startswith("Sagaing") for m in ms)


def test_police_and_security_forces_by_focus(env):
    ms = run(env, "In Port-au-Prince, Haiti, police said gang members attacked a station; security forces returned fire.")
    n = names(ms)
    assert ("police", "Haitian National Police") in n
    assert ("security forces", "Haitian Armed Forces") in n


def test_generic_armed_actor_without_antecedent(env):
    ms = run(env, "Suspected militants killed nine villagers in Borno State, Nigeria, residents said.")
    n = names(ms)
    assert ("militants", "Unidentified armed group (Nigeria)") in n
    assert not any(m.span.text == "Borno State" for m in ms)


def test_generic_armed_not_used_when_groups_named(env):
    ms = run(env, "ISWAP claimed the raid on Monguno in Nigeria. Militants have attacked the town before.")
    assert not any(m.name.startswith("Unidentified") for m in ms)


def test_definite_gunmen_take_close_antecedent(env):
    ms = run(env, "Al-Shabaab stormed a hotel in Mogadishu. The gunmen held hostages for hours.")
    n = names(ms)
    assert ("The gunmen", "Al-Shabaab") in n
    assert not any(m.span.text == "Mogadishu" and m.actor_id for m in ms)


def test_local_alias_by_country_focus(env):
    moz = run(env, "In Mozambique's Cabo Delgado province, al-Shabaab insurgents attacked Macomia. "
                   "Mozambican troops retook the town.")
    assert ("Shabaab", "Islamic State Mozambique Province") in names(moz)  # "al-" is an article
    som = run(env, "In Somalia, al-Shabaab fighters attacked a base near Baidoa, Somali officials said.")
    assert ("Shabaab", "Al-Shabaab") in names(som)


def test_capital_only_as_agent(env):
    ms = run(env, "Nairobi said it would send police officers. The convoy reached Nairobi on Friday.")
    caps = [m for m in ms if m.span.text == "Nairobi" and m.actor_id]
    assert len(caps) == 1 and caps[0].span.start == 0 and caps[0].name == "Kenya"


def test_role_identified_persons(env):
    text = ("Somalia's Health Minister Fatuma Abdi Warsame said 20 people died in Mogadishu. "
            "Abdi Hassan Nur, a spokesman for Al-Shabaab, claimed the attack. "
            "Army spokesman Col. Ahmed Yusuf Ali said troops pursued them.")
    ms = run(env, text)
    by = {m.person: m for m in ms if m.how == "person"}
    assert by["Fatuma Abdi Warsame"].name == "Somalia"
    assert by["Abdi Hassan Nur"].name == "Al-Shabaab"
    assert by["Ahmed Yusuf Ali"].name == "Somali Armed Forces"


def test_renamed_canonical_names(kb):
    assert kb.get("al-shabaab").name == "Al-Shabaab"
    assert kb.get("jnim").name == "Jama'at Nusrat al-Islam wal-Muslimin" and "JNIM" in kb.get("jnim").abbr
    assert kb.get("burkina-faso-armed-forces").name == "Burkinabe Armed Forces"
    assert kb.get("yemen-government").name == "Yemeni government"
