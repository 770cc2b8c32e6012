"""Session-3 anaphora at the mention level: plural pronouns that take up a coordination or the
named members of an identifying copula, definite convoys after a joint patrol.  Sentences
written for these tests about conflicts outside Syria."""

from __future__ import annotations

import pytest

from _actor_helpers import names, run  # tests/ is on sys.path (no __init__.py)


@pytest.fixture(scope="module")
def env(kb, nlp):
    """The session's KB and full pipeline (conftest), shared with the other actor tests."""
    return kb, nlp


def test_they_takes_up_members_named_by_identifying_copula(env):
    text = ("Several armed groups reject the truce in the Lake Chad basin. The strongest of these groups are "
            "Boko Haram and ISWAP. They are two movements based near the lake, and they refuse to disarm.")
    n = names(run(env, text))
    assert ("They", "Boko Haram") in n and ("They", "Islamic State West Africa Province") in n
    assert ("they", "Boko Haram") in n and ("they", "Islamic State West Africa Province") in n


def test_they_takes_up_a_coordinated_subject(env):
    text = "Al-Shabaab and ISWAP fighters attacked two villages on Monday. They burned the market."
    ms = run(env, text)
    they = {m.name for m in ms if m.span.text == "They"}
    assert "Al-Shabaab" in they


def test_they_not_resolved_when_copula_subject_is_an_actor(env):
    # the copula describes the army's enemies: its subject names an actor, so the attribute
    # does not become the topic of the next "they"
    text = "The Nigerian army's main enemies are Boko Haram and ISWAP. They deployed more troops."
    ms = run(env, text)
    assert not [m for m in ms if m.span.text == "They" and m.name == "Boko Haram"]


def test_they_does_not_take_a_single_state(env):
    text = "Mali expelled the French ambassador in January. They said the decision was final."
    ms = run(env, text)
    assert not [m for m in ms if m.span.text == "They"]


def test_they_takes_up_all_members_of_a_colon_list(env):
    # "... are: X, and the Y affiliated to Z": the small model attaches the second name to the
    # copula; it is still a member of the identified list
    text = ("He said what the sources described as the “private source” in the “Ansarul Islam” faction, "
            "that the factions that were refusing to send their militants are: “Katiba Macina”, and the "
            "“Ansarul Islam” affiliated to the “Support Group”. He added that these factions were under "
            "pressure and would be dissolved if they did not agree.")
    ms = run(env, text)
    they = {m.name for m in ms if m.span.text == "they"}
    assert they == {"Katiba Macina", "Ansarul Islam"}


def test_definite_convoys_take_up_a_recent_joint_patrol(env):
    text = ("Joint patrols between Azerbaijan and Russia near Lachin are not working. The second attempt "
            "was stopped after an hour. Local militias threaten to attack the convoys that will enter the town.")
    n = names(run(env, text))
    assert ("the convoys", "Russian Military Police") in n
    assert ("the convoys", "Azerbaijani Armed Forces") in n
    # the joint patrol named only as an activity: the patrol forces of the two states named with it
    text = ("Azerbaijan and Russia agreed on Friday to conduct joint patrols near Lachin. "
            "Local militias threatened to attack the convoys.")
    n = names(run(env, text))
    assert ("the convoys", "Russian Military Police") in n and ("the convoys", "Azerbaijani Armed Forces") in n


def test_definite_convoy_takes_up_the_named_patrol_forces(env):
    text = ("Joint Russian-Turkish patrols resumed on the highway in July. On Monday gunmen fired at "
            "the military convoy near the bridge.")
    n = names(run(env, text))
    assert ("the military convoy", "Russian Military Police") in n
    assert ("the military convoy", "Turkish Armed Forces") in n


def test_convoys_left_alone_without_a_recent_joint_patrol(env):
    # no patrol named: "the convoys" stays unresolved
    text = "Militants in Cabo Delgado threatened to attack the convoys that supply Palma."
    assert not [m for m in run(env, text) if m.span.text.lower().endswith("convoys") and m.actor_id]
    # a patrol named long before (more than three sentences back) is not taken up
    text = ("Joint patrols between Azerbaijan and Russia started in Lachin. The town was calm. Shops reopened. "
            "Schools reopened on Monday. Farmers returned to the fields. Gunmen attacked the convoy near the bridge.")
    assert not [m for m in run(env, text) if m.span.text.lower().endswith("convoy") and m.actor_id]
    # a convoy described by its own modifier or complement is not the patrol's
    text = ("Joint patrols between Azerbaijan and Russia started in Lachin. Gunmen attacked the aid convoys "
            "and the convoy of the Red Cross near the bridge.")
    assert not [m for m in run(env, text) if "convoy" in m.span.text.lower() and m.how == "coref"]
