"""Events stage unit tests on sentences written about other conflicts (hand-built mentions)."""

from __future__ import annotations

from datetime import date

import pytest

from eventwatch.events import extract_events
from eventwatch.events.ontology import PLOVER_TYPES, acled_for
from eventwatch.events.quantities import number_value, sentence_quantities
from eventwatch.models import ActorMention, Document, DocumentAnalysis, Span, TimeMention

ACTORS = {
    "Rapid Support Forces": "Rapid Support Forces", "RSF": "Rapid Support Forces",
    "Sudanese army": "Sudanese Armed Forces", "army": "Sudanese Armed Forces",
    "M23 rebels": "M23", "M23": "M23", "Congolese army": "Congolese Armed Forces",
    "Houthis": "Houthis", "Houthi": "Houthis", "United States": "United States",
    "Britain": "United Kingdom", "Rwanda": "Rwanda", "Kigali": "Rwanda",
    "Arakan Army": "Arakan Army", "junta": "Myanmar Armed Forces",
    "ECOWAS": "ECOWAS", "Wagner fighters": "Wagner Group", "Malian army": "Malian Armed Forces",
    "Ukrainian positions": "Ukrainian Armed Forces", "Russian troops": "Russian Armed Forces",
    "civilians": "Civilians (Sudan)", "African Union": "African Union", "Al-Shabaab": "Al-Shabaab",
}


def _analyse(nlp, text: str, times: list[TimeMention] | None = None, published=date(2024, 3, 1)):
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
    document = Document(id="t", doc="t", text=text, published=published)
    analysis = DocumentAnalysis(document=document, actors=sorted(actors, key=lambda a: a.span.start), times=times or [])
    return extract_events(doc, analysis)


def _names(ms):
    return sorted({m.name for m in ms})


def test_active_shelling_roles_acled_fatalities(bare_nlp):
    evs = _analyse(bare_nlp, "M23 rebels shelled positions of the Congolese army near Sake on Wednesday, killing three soldiers.")
    assert len(evs) == 1
    e = evs[0]
    assert e.plover == "ASSAULT" and e.mode == "shelling"
    assert e.acled == ("Explosions/Remote violence", "Shelling/artillery/missile attack")
    assert _names(e.actor1) == ["M23"] and _names(e.actor2) == ["Congolese Armed Forces"]
    assert e.fatalities == 3 and e.status == "occurred"
    assert e.trigger.text == "shelled" and e.quote.text.startswith("M23 rebels")


def test_passive_with_agent(bare_nlp):
    e = _analyse(bare_nlp, "A Sudanese army convoy was attacked by the Rapid Support Forces near El Fasher.")[0]
    assert e.plover == "ASSAULT"
    assert _names(e.actor1) == ["Rapid Support Forces"]
    assert _names(e.actor2) == ["Sudanese Armed Forces"]


def test_agentless_passive_leaves_actor1_empty(bare_nlp):
    e = _analyse(bare_nlp, "A Congolese army patrol was ambushed near Rutshuru on Monday.")[0]
    assert e.plover == "ASSAULT" and e.actor1 == []
    assert _names(e.actor2) == ["Congolese Armed Forces"]


def test_prepositional_and_light_verb_noun(bare_nlp):
    e = _analyse(bare_nlp, "Britain and the United States carried out air strikes on Houthi positions in Hodeidah.")[0]
    assert e.plover == "ASSAULT" and e.mode == "aerial"
    assert e.acled == ("Explosions/Remote violence", "Air/drone strike")
    assert _names(e.actor1) == ["United Kingdom", "United States"]  # coordination
    assert _names(e.actor2) == ["Houthis"]


def test_possessive_noun_trigger(bare_nlp):
    evs = _analyse(bare_nlp, "The RSF's offensive on El Fasher intensified on Sunday.")
    assert evs and evs[0].plover == "ASSAULT"
    assert _names(evs[0].actor1) == ["Rapid Support Forces"]


def test_territory_regained_by_government_vs_non_state(bare_nlp):
    gov = _analyse(bare_nlp, "The Malian army and Wagner fighters captured the town of Kidal on Tuesday.")[0]
    assert gov.acled == ("Battles", "Government regains territory")
    assert _names(gov.actor1) == ["Malian Armed Forces", "Wagner Group"]
    nsa = _analyse(bare_nlp, "M23 rebels seized the town of Rubaya on Tuesday.")[0]
    assert nsa.acled == ("Battles", "Non-state actor overtakes territory")


def test_demand_threaten_reject_disapprove(bare_nlp):
    text = (
        "The United States called on the Houthis to halt attacks on shipping. "
        "The Arakan Army threatened to attack Sittwe. "
        "Kigali rejected the accusation. "
        "The African Union condemned the bombing."
    )
    types = [e.plover for e in _analyse(bare_nlp, text)]
    assert types == ["DEMAND", "THREATEN", "REJECT", "DISAPPROVE"]  # framed "attacks" absorbed


def test_status_cues(bare_nlp):
    reported = _analyse(bare_nlp, "According to local officials, the RSF shelled a market in Omdurman.")[0]
    assert reported.status == "occurred" and reported.source and "officials" in reported.source.lower()
    claimed = _analyse(bare_nlp, "Local officials claimed that the RSF shelled a market in Omdurman.")[0]
    assert claimed.status == "claimed" and claimed.source and "officials" in claimed.source.lower()
    planned = _analyse(bare_nlp, "The junta is preparing to deploy troops to Sittwe.")[0]
    assert planned.status == "planned" and planned.plover == "MOBILIZE"
    hypo = _analyse(bare_nlp, "The Rapid Support Forces may attack El Fasher.")[0]
    assert hypo.status == "hypothetical"
    failed = _analyse(bare_nlp, "The Sudanese army failed to recapture the bridge.")[0]
    assert failed.status == "failed"
    threatened = _analyse(bare_nlp, "ECOWAS threatened military intervention in Niger.")[0]
    assert threatened.plover == "THREATEN" and threatened.status == "threatened"


def test_historical_by_date(bare_nlp):
    text = "In March 2019, M23 rebels attacked the Congolese army near Goma."
    t0 = text.index("March 2019")
    tm = TimeMention(Span(t0, t0 + 10, "March 2019"), "2019-03", "month")
    e = _analyse(bare_nlp, text, [tm])[0]
    assert e.status == "historical" and e.when is tm


def test_quantities(bare_nlp):
    assert number_value(bare_nlp("fifteen")[0])[0] == 15
    doc = bare_nlp("Up to 200 fighters were killed or wounded, and two soldiers were killed.")
    kinds = {q.kind: q for _, q in sentence_quantities(doc[:])}
    assert kinds["killed_or_injured"].value == 200 and kinds["killed_or_injured"].qualifier == "up to"
    assert kinds["killed"].value == 2
    doc = bare_nlp("The attack left three civilians injured.")
    assert [q.kind for _, q in sentence_quantities(doc[:])] == ["injured"]


def test_killed_or_wounded_is_not_fatalities(bare_nlp):
    e = _analyse(bare_nlp, "Up to 200 RSF fighters were killed or wounded in clashes with the Sudanese army.")[0]
    assert e.plover == "ASSAULT" and e.fatalities is None


def test_two_dates_two_reports_and_merge(bare_nlp):
    text = "The Sudanese army convoy was attacked on May 3, and another convoy was shelled on May 9."
    a = text.index("May 3")
    b = text.index("May 9")
    times = [TimeMention(Span(a, a + 5, "May 3"), "2024-05-03", "day"), TimeMention(Span(b, b + 5, "May 9"), "2024-05-09", "day")]
    evs = _analyse(bare_nlp, text, times, published=date(2024, 5, 12))
    assert sorted(e.when.date for e in evs) == ["2024-05-03", "2024-05-09"]
    # one sentence, one event: fighting + killing are the same ASSAULT
    one = _analyse(bare_nlp, "Heavy fighting between the Sudanese army and the RSF killed 12 civilians in Khartoum.")
    assert len(one) == 1 and one[0].fatalities == 12
    assert _names(one[0].actor1) == ["Rapid Support Forces", "Sudanese Armed Forces"]


def test_anaphoric_definite_merges_across_sentences(bare_nlp):
    evs = _analyse(bare_nlp, "Two car bombs exploded in Mogadishu on Saturday, killing 100 people. Al-Shabaab claimed the attack.")
    assert len(evs) == 1
    assert _names(evs[0].actor1) == ["Al-Shabaab"] and evs[0].fatalities == 100


def test_headings_and_generic_statements_skipped(bare_nlp):
    assert _analyse(bare_nlp, "Fighting in Khartoum\n\nThe RSF is the strongest paramilitary group.") == []


def test_ontology():
    assert len(PLOVER_TYPES) == 18
    assert acled_for("ASSAULT", "aerial") == ("Explosions/Remote violence", "Air/drone strike")
    assert acled_for("AGREE", None, formal=True, n_parties=2) == ("Strategic developments", "Agreement")
    assert acled_for("AGREE", None, formal=False, n_parties=2) is None
    assert acled_for("AGREE", None, formal=True, n_parties=2, status="hypothetical") is None
    assert acled_for("MOBILIZE", "troops") is None


@pytest.mark.parametrize("text,plover", [
    ("The junta deployed reinforcements to Lashio on Tuesday.", "MOBILIZE"),
    ("Russian troops withdrew from Kherson on Friday.", "RETREAT"),
    ("Thousands of residents protested in Port Sudan on Tuesday.", "PROTEST"),
    ("The Sudanese army and the RSF signed a ceasefire in Jeddah on Saturday.", "AGREE"),
    ("Rwanda and the Congolese army held talks in Luanda on Monday.", "CONSULT"),
])
def test_trigger_types(bare_nlp, text, plover):
    assert plover in [e.plover for e in _analyse(bare_nlp, text)]
