"""Unit tests for each resolution mechanism, on sentences written for these tests about
other conflicts (Libya, Yemen, Ukraine, Sahel, Iraq)."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from eventwatch.models import Document


@pytest.fixture(scope="module")
def env():
    from eventwatch.nlp.pipeline import load_nlp
    from eventwatch.resolve.kb import KnowledgeBase

    kb = KnowledgeBase.load(include_user=False)
    return kb, load_nlp(kb)


def run(env, text, published=date(2020, 6, 1)):
    from eventwatch.resolve.actors import resolve_actors

    kb, nlp = env
    doc = nlp(text)
    ms = resolve_actors(doc, Document(id="t", doc="t", text=text, published=published), kb)
    for m in ms:
        assert text[m.span.start : m.span.end] == m.span.text
    return ms


def found(ms, surface=None):
    return [(m.span.text, m.name) for m in ms if m.actor_id and (surface is None or m.span.text == surface)]


def test_exact_abbreviation_and_normalised(env):
    ms = run(env, "The Houthis said Ansarallah fighters shelled positions of the STC near Aden.")
    assert ("Houthis", "Houthis") in found(ms)
    assert ("Ansarallah", "Houthis") in found(ms)
    assert ("STC", "Southern Transitional Council") in found(ms)
    ms = run(env, "Fighters of Jama'at Nusrat al-Islam wal-Muslimin ambushed a convoy; JNIM later claimed it.")
    assert [n for _, n in found(ms)].count("Jama'at Nusrat al-Islam wal-Muslimin") == 2


def test_abbreviation_is_case_sensitive(env):
    ms = run(env, "The commander had said that the tip of the spear was blunt.")
    assert found(ms) == []


def test_person_resolves_to_organisation(env):
    ms = run(env, "Khalifa Haftar rejected the offer, while Fayez al-Serraj welcomed it.", date(2019, 5, 1))
    by = {m.span.text: m for m in ms if m.actor_id}
    assert by["Khalifa Haftar"].name == "Libyan National Army" and by["Khalifa Haftar"].person == "Khalifa Haftar"
    assert by["Fayez al-Serraj"].name == "Government of National Accord (Libya)"
    assert by["Fayez al-Serraj"].how == "person"


def test_person_role_depends_on_date(env):
    ms = run(env, "Hakan Fidan met the delegation in Baghdad.", date(2024, 1, 10))
    assert found(ms, "Hakan Fidan") == [("Hakan Fidan", "Turkey")]


def test_demonym_force_nouns(env):
    ms = run(env, "Ukrainian troops repelled the assault while Russian warplanes struck Kharkiv and Malian soldiers patrolled Mopti.")
    f = dict(found(ms))
    assert f["Ukrainian troops"] == "Ukrainian Armed Forces"
    assert f["Russian warplanes"] == "Russian Armed Forces"
    assert f["Malian soldiers"] == "Malian Armed Forces"


def test_demonym_government_nouns(env):
    ms = run(env, "The Iraqi Foreign Ministry summoned the envoy after Turkish officials defended the raid.")
    f = dict(found(ms))
    assert f["Iraqi Foreign Ministry"] == "Iraq"
    assert f["Turkish officials"] == "Turkey"


def test_sources_are_not_actors(env):
    ms = run(env, "Informed Iraqi military sources said the convoy was hit.")
    assert found(ms) == []


def test_composites(env):
    ms = run(env, "Joint Russian-Turkish patrols resumed near Kobani on Monday.")
    assert sorted(n for _, n in found(ms)) == ["Russian Military Police", "Turkish Armed Forces"]
    assert len({(m.span.start, m.span.end) for m in ms if m.actor_id}) == 1
    ms = run(env, "French and Malian forces withdrew from the base.")
    assert sorted(n for _, n in found(ms)) == ["French Armed Forces", "Malian Armed Forces"]
    ms = run(env, "Officials hailed the Iraqi-Iranian agreement on water sharing.")
    assert sorted(n for _, n in found(ms)) == ["Iran", "Iraq"]


def test_state_names_and_capitals_only_as_actors(env):
    ms = run(env, "Ankara condemned the strike. Fighters were sent to Libya. Moscow denied involvement in Tripoli.")
    f = found(ms)
    assert ("Ankara", "Turkey") in f and ("Moscow", "Russia") in f
    assert not [x for x in f if x[0] in ("Libya", "Tripoli")]
    ms = run(env, "Ukraine accused Russia of shelling civilians in Kharkiv.")
    assert ("Ukraine", "Ukraine") in found(ms) and ("Russia", "Russia") in found(ms)


def test_generic_descriptors_use_document_focus(env):
    text = ("Houthi fighters and the Yemeni army clashed in Marib. Government forces said they repelled "
            "the attack. Yemeni civilians fled south, and civilians in Marib city sheltered in schools.")
    ms = run(env, text)
    f = found(ms)
    assert ("Government forces", "Yemeni Armed Forces") in f
    assert ("civilians", "Civilians (Yemen)") in f


def test_the_army_refers_to_last_named_force(env):
    ms = run(env, "The Iraqi army entered the village of Badush on Sunday. The army then set up checkpoints.")
    assert ("The army", "Iraqi Security Forces") in found(ms)


def test_context_alias_only_after_first_mention(env):
    text = "The commission met in Brussels. Later, Hayat Tahrir al-Sham fighters entered Sarmin, and the Commission denied it."
    ms = run(env, text)
    f = found(ms)
    assert ("The commission", "Hayat Tahrir al-Sham") not in f
    assert ("Commission", "Hayat Tahrir al-Sham") in f or ("the Commission", "Hayat Tahrir al-Sham") in f


def test_definite_description_coreference(env):
    text = ("Al-Shabaab claimed the attack on the base. The group said it had killed eleven soldiers. "
            "Boko Haram and ISWAP raided Monguno. The two groups have fought each other since 2016.")
    ms = run(env, text)
    f = found(ms)
    assert ("The group", "Al-Shabaab") in f
    assert ("The two groups", "Boko Haram") in f and ("The two groups", "Islamic State West Africa Province") in f


def test_pronoun_coreference(env):
    text = "Volodymyr Zelensky visited the front near Bakhmut. He promised more artillery."
    ms = run(env, text)
    m = [m for m in ms if m.span.text == "He"]
    assert m and m[0].name == "Ukraine" and m[0].person == "Volodymyr Zelensky" and m[0].how == "coref"


def test_fuzzy_misspelling(env):
    ms = run(env, "Fighters of Asaeb Ahl al-Haq fired rockets at the airport.")
    f = [m for m in ms if m.actor_id]
    assert f and f[0].name == "Asaib Ahl al-Haq" and f[0].how in ("fuzzy", "normalised")
    ms = run(env, "Members of Kataeb Hizbolla were arrested in Basra.")
    assert [m.name for m in ms if m.actor_id] == ["Kataib Hezbollah"]


def test_rebranded_group_time_appropriate_name(env):
    from eventwatch.resolve.actors import name_at

    kb, _ = env
    ms = run(env, "Jabhat al-Nusra seized Idlib city in March 2015.", date(2015, 4, 1))
    m = next(m for m in ms if m.actor_id)
    assert m.name == "Hayat Tahrir al-Sham"  # canonical coding name
    assert name_at(kb, m, date(2015, 4, 1)) == "Jabhat al-Nusra"


def test_unknown_organisations(env):
    ms = run(env, "The Sahel Desert Lions Brigade attacked a checkpoint held by the Malian army near Gao.")
    unk = [m for m in ms if m.actor_id is None]
    assert any("Desert Lions Brigade" in m.span.text and m.how == "unknown" for m in unk)
    assert ("Malian army", "Malian Armed Forces") in found(ms)


def test_sorted_and_non_overlapping(env):
    text = ("Russian and Ukrainian delegations met in Istanbul. The Houthis and the Saudi-led coalition "
            "agreed a truce, the UN said. Turkish drones struck PKK positions in Sinjar.")
    ms = run(env, text)
    starts = [m.span.start for m in ms]
    assert starts == sorted(starts)
    spans = sorted({(m.span.start, m.span.end) for m in ms})
    for (_a, b), (c, _d) in itertools.pairwise(spans):
        assert b <= c


def test_speed(env):
    import time

    from eventwatch.resolve.actors import resolve_actors

    kb, nlp = env
    text = " ".join(["Turkish troops and Hayat Tahrir al-Sham fighters clashed near Saraqib, the SOHR said."] * 200)
    doc = nlp(text)
    t = time.perf_counter()
    resolve_actors(doc, None, kb)
    assert time.perf_counter() - t < 2.0
