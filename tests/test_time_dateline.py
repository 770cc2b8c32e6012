"""Datelines: the publication date an undated text states in its header (texts we write,
in the shapes scraped news takes: lost commas, glued day and year, numeric dates)."""

from __future__ import annotations

from datetime import date

import pytest

from eventwatch.models import Document
from eventwatch.resolve._dates import scan
from eventwatch.resolve.time import infer_publication_date, resolve_times
from eventwatch.resolve.time.attach import recent_past_lag
from eventwatch.resolve.time.dateline import find_dateline


class _NoEnts:
    ents = ()


@pytest.mark.parametrize(("text", "want", "evidence"), [
    ("Floods cut the road to Malakal\n\nPublished March 9 2019 Water covered the road.",
     date(2019, 3, 9), "March 9 2019"),
    ("Floods cut the road\n\nPosted on March 9 2019 by Staff Writer Water covered the road.",
     date(2019, 3, 9), "March 9 2019"),
    ("Floods cut the road\n\nLast updated at Mar 092019 JUBA Water covered the road.",
     date(2019, 3, 9), "Mar 092019"),
    ("Floods cut the road\n\nDate of publication 9 March 2019 Water covered the road.",
     date(2019, 3, 9), "9 March 2019"),
    ("Floods cut the road\n\nSat 09 Mar 2019 Floods cut the road. Water covered it.",
     date(2019, 3, 9), "09 Mar 2019"),
    ("Floods cut the road\n\n09.03.2019 Water covered the road.", date(2019, 3, 9), "09.03.2019"),
    ("Floods cut the road\n\n09-03-2019 Water covered the road.", date(2019, 3, 9), "09-03-2019"),
    ("Floods cut the road\n\nTuesday 12 March 2019 18:14 Water covered the road.",
     date(2019, 3, 12), "12 March 2019"),
    # the headline repeated, then agency and weekday
    (("Floods cut the road to Malakal\n\nFloods cut the road to Malakal AFP Saturday 9 Mar 2019 "
      "Water covered the road."), date(2019, 3, 9), "9 Mar 2019"),
    (("Floods cut the road to Malakal\n\nUPDATED Floods cut the road to Malakal Reuters Saturday "
      "9 Mar 2019 Water covered the road."), date(2019, 3, 9), "9 Mar 2019"),
])
def test_dateline_shapes(text, want, evidence):
    line = find_dateline(text)
    assert line is not None and line.date == want
    assert text[line.span.start:line.span.end] == evidence == line.span.text


@pytest.mark.parametrize("text", [
    "On 3 May 2019 a bomb exploded in Kabul.",                       # a sentence, not a header
    "Floods cut the road\n\nThe army said on 3 May 2019 that water covered the road.",
    "Floods cut the road\n\nWater covered the road.\nIt rose.\nOfficials met on 3 May 2019.",
    "Floods cut the road\n\nWater covered the road in May 2019.",  # no day: not a dateline
    "Clashes on 04.07.2015 in Bor left four dead\n\nWater covered the road.",  # a headline
])
def test_not_a_dateline(text):
    assert find_dateline(text) is None


def test_glued_day_and_year_and_numeric_dates_in_the_grammar():
    got = {f.text: f.date for f in scan("Nov 272017, 04.07.2015 and 06-17-2016 but not 1-2000", None)
           if f.date}
    assert got == {"Nov 272017": "2017-11-27", "04.07.2015": "2015-07-04", "06-17-2016": "2016-06-17"}


def test_dateline_is_the_publication_date_with_evidence():
    text = "Clashes in Bor\n\nPublished October 15 2016 Fighting killed 11 people on Saturday."
    est = infer_publication_date(_NoEnts(), Document(id="d", doc="d", text=text))
    assert est.date == date(2016, 10, 15) and est.source == "dateline" and est.confidence >= 0.8
    assert [s.text for s in est.spans] == ["October 15 2016"]
    # the text's relative weekday resolves against it; the dateline itself is no event time
    document = Document(id="d", doc="d", text=text, published=est.date)
    times = resolve_times(_NoEnts(), document)
    assert [(t.span.text, t.date) for t in times] == [("on Saturday", "2016-10-15")]


def test_recent_past_is_the_dateline_day_for_wire_copy():
    wire = Document(id="w", doc="w", text="Clashes\n\n6 October 2016 Bor Shells hit the market.",
                    published=date(2016, 10, 6))
    other = Document(id="o", doc="o", text="Clashes\n\nShells hit the market.", published=date(2016, 10, 6))
    # metadata date that differs from the dateline: the default one-day lag
    moved = Document(id="m", doc="m", text="Clashes\n\n6 October 2016 Bor Shells hit the market.",
                     published=date(2016, 10, 8))
    assert recent_past_lag(None, wire) == 0
    assert recent_past_lag(None, other) == 1
    assert recent_past_lag(None, moved) == 1
