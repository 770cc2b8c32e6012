"""Publication-date inference: unit cases we write + the end-to-end acceptance test on the
sample corpus (examples/seeds, true dates in docs.jsonl)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from eventwatch.models import Document
from eventwatch.resolve.time import infer_publication_date

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "seeds"


class _NoEnts:
    ents = ()


def _infer(text, **kw):
    return infer_publication_date(_NoEnts(), Document(id="i", doc="i", text=text), **kw)


def test_metadata_wins_and_is_not_overwritten():
    d = Document(id="i", doc="i", text="On 3 May 2019 a bomb exploded.", published=date(2024, 1, 1))
    est = infer_publication_date(_NoEnts(), d)
    assert est.date == date(2024, 1, 1) and est.source == "metadata" and est.confidence == 1.0
    assert d.published == date(2024, 1, 1)


def test_latest_full_date_plus_a_day():
    est = _infer("On 3 May 2019 a bomb exploded in Kabul. On 5 May 2019 another one hit Herat.")
    assert est.date == date(2019, 5, 6) and est.source == "inferred"
    assert any(s.text == "5 May 2019" for s in est.spans)


def test_yearless_dates_take_the_year_after_the_latest_explicit_year():
    est = _infer("The accord of March 2019 collapsed. On June 4 rebels attacked Gao. "
                 "On June 9 they attacked Kidal.")
    assert est.date == date(2020, 6, 10)


def test_kb_events_hook_fixes_the_year():
    kb = [{"name": "Fall of Kabul", "date": "2021-08-15", "kind": "coincide",
           "cues": [["kabul"], ["taliban"]]}]
    est = _infer("The Taliban entered Kabul on August 15. On August 20 crowds besieged the airport.",
                 kb_events=kb)
    assert est.date == date(2021, 8, 21)
    assert est.confidence >= 0.5


GENEVA = [  # a recurring meeting: same cues, several dates
    {"name": "Geneva talks, round 1", "date": "2019-02-11", "kind": "coincide", "cues": [["geneva"], ["talks"]]},
    {"name": "Geneva talks, round 2", "date": "2019-06-03", "kind": "coincide", "cues": [["geneva"], ["talks"]]},
    {"name": "Geneva talks, round 3", "date": "2019-10-21", "kind": "coincide", "cues": [["geneva"], ["talks"]]},
    {"name": "Hodeidah truce", "date": "2019-05-14", "kind": "bound", "cues": [["hodeidah truce"]]},
]


def test_catalogued_event_told_relative_to_publication_fixes_the_date():
    est = _infer("The envoy said the Geneva talks the day before yesterday ended without a deal.",
                 kb_events=GENEVA[2:3])
    assert est.date == date(2019, 10, 23)
    assert any(s.text == "the day before yesterday" for s in est.spans)


def test_recurring_event_is_chosen_after_the_other_events_mentioned():
    text = ("The Hodeidah truce has mostly held. Yesterday the Geneva talks resumed, "
            "a diplomat said.")
    est = _infer(text, kb_events=GENEVA)
    assert est.date == date(2019, 6, 4)  # round 2: the only round after the truce, + 1 day


def test_recurring_event_inconsistent_with_the_year_is_not_used():
    text = "On 2 March 2018 the mission began. Yesterday the Geneva talks resumed."
    est = _infer(text, kb_events=GENEVA)
    assert est.date == date(2018, 3, 3)  # no 2018 round: the explicit date decides


def test_relative_word_far_from_the_event_is_not_a_pin():
    text = ("Yesterday gunmen attacked a convoy near the port, killing three drivers and wounding "
            "eleven others; residents said the attackers fled north on motorbikes towards the hills. "
            "The Geneva talks are expected to resume.")
    assert _infer(text, kb_events=GENEVA[2:3]) is None


def test_weekday_constraint():
    est = _infer("On 3 March 2021 the talks opened. The envoy said yesterday, Thursday, that ...")
    assert est.date.weekday() == 4 and est.date >= date(2021, 3, 4)


def test_no_evidence_returns_none():
    assert _infer("Yesterday gunmen attacked a village. On Friday more came.") is None


@pytest.fixture(scope="module")
def seed_estimates(bare_nlp):
    meta = {json.loads(line)["doc"]: json.loads(line) for line in (SEEDS / "docs.jsonl").open()}
    out = {}
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        est = infer_publication_date(bare_nlp(text), Document(id=path.stem, doc=path.stem, text=text))
        out[path.stem] = (est, date.fromisoformat(meta[path.stem]["published"]))
    return out


def _within(seed_estimates, days=7):
    return [k for k, (e, t) in seed_estimates.items() if e is not None and abs((e.date - t).days) <= days]


def test_seed_inference_acceptance(seed_estimates):
    """Issue #5: at least four of the five sample articles within 7 days (docs/time.md lists all five)."""
    assert len(_within(seed_estimates)) >= 4
