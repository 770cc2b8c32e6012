"""Generic armed actors, nominal demonyms and elliptical demonyms at mention level.

Sentences written for these tests (Sahel, Sudan, Ukraine, Somalia, Syria, Nigeria)."""

from __future__ import annotations

import pytest

from _actor_helpers import names, run  # tests/ is on sys.path (no __init__.py)


@pytest.fixture(scope="module")
def env(kb, nlp):
    """The session's KB and full pipeline (conftest), shared with the other actor tests."""
    return kb, nlp


# ---------------------------------------------------------------- unidentified perpetrators
def test_agent_generic_is_unidentified_in_document_naming_groups(env):
    text = ("JNIM and the Islamic State Sahel Province are active across central Mali.\n"
            "Army convoys near Douentza came under attack from terrorist groups on the main road last week.")
    assert ("terrorist groups", "Unidentified armed group (Mali)") in names(run(env, text))


def test_definite_subject_generic_is_unidentified(env):
    text = ("The Rapid Support Forces control most of Darfur.\n"
            "In North Kordofan, Sudan, the armed groups in the region have blocked aid convoys for weeks.")
    assert ("the armed groups", "Unidentified armed group (Sudan)") in names(run(env, text))


def test_passive_agent_generic_is_unidentified(env):
    text = ("Al-Shabaab controls large parts of rural Somalia.\n"
            "On Tuesday, a police station in Beledweyne, Somalia, was attacked by gunmen.")
    assert ("gunmen", "Unidentified armed group (Somalia)") in names(run(env, text))


def test_generic_patient_not_unidentified_when_groups_named(env):
    # "expel the militants" / "militants were killed": the named groups or no one
    text = ("Boko Haram and ISWAP fight over the Lake Chad islands in Nigeria.\n"
            "The army vowed to expel the militants. Dozens of militants were killed in Borno.")
    assert not any(m.name.startswith("Unidentified") for m in run(env, text))


def test_close_named_group_blocks_unidentified(env):
    text = "ISWAP fighters raided Monguno in Nigeria. Militants attacked the town again on Friday."
    assert not any(m.name.startswith("Unidentified") for m in run(env, text))


def test_descriptor_in_apposition_to_a_name_is_not_generic(env):
    text = "Al-Shabaab is strong in Somalia. The town was seized by the militant group al-Shabaab in May."
    assert not any(m.name.startswith("Unidentified") for m in run(env, text))


def test_definite_militias_take_up_unidentified_antecedent(env):
    text = ("In Zamfara State, Nigeria, local militias blocked the road to Gusau. Boko Haram is not active there.\n"
            "Traders said the governor cannot act against the militias.")
    n = names(run(env, text))
    assert ("local militias", "Unidentified armed group (Nigeria)") in n
    assert ("the militias", "Unidentified armed group (Nigeria)") in n


def test_cataphoric_members_of_generic_factions(env):
    text = ("Convoys in Idlib, Syria, were halted by threats from armed factions that reject the truce. "
            "The strongest of these factions are Hurras al-Din and the Turkistan Islamic Party.")
    n = names(run(env, text))
    assert ("armed factions", "Hurras al-Din") in n
    assert ("armed factions", "Turkistan Islamic Party") in n


# ---------------------------------------------------------------- nominal demonyms
def test_nominal_demonym_state_or_forces_by_verb(env):
    text = "The Russians shelled Kharkiv in Ukraine overnight. Later the Russians said talks were possible."
    ms = [m for m in run(env, text) if m.span.text == "Russians"]
    assert [m.name for m in ms] == ["Russian Armed Forces", "Russia"]


def test_elliptical_demonym_takes_state_side_antecedent(env):
    text = ("Wagner fighters attacked Malian army posts near Gao, and the Malian responded by sending "
            "helicopters.")
    assert ("the Malian", "Malian Armed Forces") in names(run(env, text))


def test_elliptical_demonym_defaults_to_state(env):
    text = "Talks on the grain corridor stalled in Istanbul, and the Ukrainian said Moscow had reneged."
    assert ("the Ukrainian", "Ukraine") in names(run(env, text))


def test_demonym_modifier_is_not_elliptical(env):
    text = "Fighting continued in Idlib between the Turkish backed factions and the Syrian Arab Army."
    assert not any(m.span.text == "the Turkish" for m in run(env, text))


def test_iran_aligned_militias_alias(env):
    text = "Iran-aligned militias moved reinforcements to Albu Kamal in eastern Syria."
    assert ("Iran-aligned militias", "Iran-backed militias") in names(run(env, text))


# ---------------------------------------------------------------- speakers and patrols
def test_ministry_without_state_takes_speaker_organisation(env):
    text = "Foreign Ministry spokeswoman Maria Zakharova said the talks on Idlib would resume."
    assert ("Foreign Ministry", "Russia") in names(run(env, text))


def test_group_member_descriptor_assigns_person_to_group(env):
    text = "Police in Maiduguri, Nigeria, arrested ISWAP commander Abu Ali and Boko Haram member Musa Bukar."
    n = names(run(env, text))
    assert ("Abu Ali", "Islamic State West Africa Province") in n
    assert ("Musa Bukar", "Boko Haram") in n


def test_untitled_member_word_alone_does_not_make_a_person_mention(env):
    text = "A militant Abu Zaid was not found after the raid in Borno, Nigeria."
    assert not any(m.how == "person" for m in run(env, text))


def test_joint_patrol_takes_up_named_patrol(env):
    text = ("Joint Russian-Turkish patrols resumed on the M4 highway in Syria in July. "
            "On Monday the joint patrol was hit by a roadside bomb.")
    n = names(run(env, text))
    assert ("the joint patrol", "Russian Military Police") in n
    assert ("the joint patrol", "Turkish Armed Forces") in n


def test_joint_patrols_of_two_states_in_the_sentence(env):
    text = "Under the deal, joint patrols between Azerbaijan and Russia will start near Lachin next week."
    n = names(run(env, text))
    assert ("joint patrols", "Azerbaijani Armed Forces") in n
    assert ("joint patrols", "Russian Military Police") in n


def test_patrols_as_activity_are_not_actors(env):
    text = "Russia and Turkey agreed to conduct joint patrols in Idlib, Syria."
    assert not any(m.span.text == "joint patrols" for m in run(env, text))


# ---------------------------------------------------------------- victims, definite militants, focus
def test_counted_victims_are_civilians(env):
    text = "Shelling hit Kherson in Ukraine on Sunday, killing four people. Two residents said the market burned."
    ms = run(env, text)
    assert ("people", "Civilians (Ukraine)") in names(ms)
    assert not any(m.span.text == "residents" and m.actor_id for m in ms)  # speakers, not victims


def test_counted_soldiers_killed_are_focus_forces(env):
    text = "An ambush near Diffa in Niger killed 12 soldiers on Friday, the Nigerien defence ministry said."
    assert ("soldiers", "Nigerien Armed Forces") in names(run(env, text))


def test_definite_militants_take_single_named_group(env):
    text = "Al-Shabaab stormed a hotel in Kismayo, Somalia. The militants held hostages for hours."
    assert ("The militants", "Al-Shabaab") in names(run(env, text))


def test_definite_militants_do_not_take_rebel_group(env):
    text = ("The Free Syrian Army factions were pressed to send fighters to Libya. "
            "Turkey promised to expel the militants from the M4 road in Syria.")
    assert not any(m.span.text == "the militants" and m.actor_id for m in run(env, text))


def test_state_name_inside_river_name_does_not_set_focus(env):
    text = "A drone struck a ferry on the Niger River near Mopti on Sunday. The government said nine died."
    assert ("The government", "Mali") in names(run(env, text))


def test_undescribed_military_forces_are_the_forces_of_the_country(env):
    text = "On 4 May 2022, in Pyay, Myanmar, military forces arrested a former student union secretary."
    assert any(name == "Myanmar Armed Forces" or name.startswith("Military Forces of Myanmar")
               for _, name in names(run(env, text))), names(run(env, text))


def test_regime_as_modifier_is_the_regime_of_the_country_in_focus(env):
    text = "Syria: two children were killed in regime raids on the neighbourhood of al-Waer in Homs."
    assert ("regime", "Syrian government") in names(run(env, text)), names(run(env, text))
