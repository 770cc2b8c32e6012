"""Table-driven tests of date-expression normalisation (tests/fixtures/time/expressions.yaml)
plus the known traps.  Rule layer only: no spaCy needed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from eventwatch.models import Document
from eventwatch.resolve.time import resolve_times

CASES = yaml.safe_load((Path(__file__).parent / "fixtures" / "time" / "expressions.yaml").read_text())


class _NoEnts:
    ents = ()


def _resolve(text: str, pub):
    document = Document(id="t", doc="t", text=text, published=pub)
    return resolve_times(_NoEnts(), document)


def _iso(v):
    return v.isoformat() if isinstance(v, date) else (None if v is None else str(v))


def test_table_is_big_enough():
    assert len([c for c in CASES if not c.get("none")]) >= 40


@pytest.mark.parametrize("case", CASES, ids=[f"{i}:{c['text'][:40]}" for i, c in enumerate(CASES)])
def test_expression(case):
    times = _resolve(case["text"], case["pub"])
    if case.get("none"):
        assert times == [], [t.span.text for t in times]
        return
    hits = [t for t in times if case["span"] in t.span.text or t.span.text in case["span"]]
    assert hits, f"no mention for {case['span']!r}: {[t.span.text for t in times]}"
    t = hits[0]
    assert t.span.text == case["text"][t.span.start:t.span.end]
    assert t.date == _iso(case["date"])
    assert t.precision == case["precision"]
    assert t.end == _iso(case.get("end"))
    assert t.future == bool(case.get("future", False))


# ---- traps, each explicitly
@pytest.mark.parametrize("text", [
    "Convoys used the M4 road.",
    "we said no",
    "the army may advance",
    "about 70% of the land",
    "Abu Steif 80 said",
    "a second attempt failed",
])
def test_not_dates(text):
    assert _resolve(text, date(2020, 4, 24)) == []


def test_fifth_of_last_march_is_previous_march():
    (t,) = _resolve("signed on the fifth of last March", date(2020, 4, 24))
    assert (t.date, t.precision) == ("2020-03-05", "day")
    (t,) = _resolve("signed on the fifth of last March", date(2020, 3, 24))
    assert t.date == "2019-03-05"


def test_month_only_never_borrows_publication_day():
    (t,) = _resolve("Talks were held in March.", date(2020, 4, 24))
    assert (t.date, t.precision) == ("2020-03", "month")


def test_bare_month_day_most_recent_past_occurrence():
    assert _resolve("On January 29 the town fell.", date(2020, 2, 10))[0].date == "2020-01-29"
    assert _resolve("On January 29 the town fell.", date(2021, 1, 30))[0].date == "2021-01-29"


def test_future_phrases_stay_in_future():
    (t,) = _resolve("on March 15 the patrols will begin", date(2020, 3, 1))
    assert t.future and t.date == "2020-03-15"
    (t,) = _resolve("Talks are scheduled for next week.", date(2020, 3, 1))
    assert t.future and t.date > "2020-03-01"


def test_undated_document_skips_relative_keeps_absolute():
    times = _resolve("Yesterday and on Friday and in March, as on 4 April 2017.", None)
    assert [t.date for t in times] == ["2017-04-04"]


def test_overnight_after_a_date_is_that_date_night():
    times = _resolve("On 16 February 2022, overnight, militants attacked a checkpoint.", date(2022, 2, 20))
    assert [(t.span.text, t.date) for t in times] == [("16 February 2022", "2022-02-16")]
    times = _resolve("Militants attacked a checkpoint overnight, the police said.", date(2022, 2, 20))
    assert [(t.span.text, t.date) for t in times] == [("overnight", "2022-02-19")]
