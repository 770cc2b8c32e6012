"""Casualty figures (events/quantities.py) on sentences we write about other conflicts."""

from __future__ import annotations

from datetime import date

import pytest

from eventwatch.events import extract_events
from eventwatch.events.quantities import sentence_quantities, toll
from eventwatch.models import Document, DocumentAnalysis, Quantity, Span


def _toll(bare_nlp, text):
    doc = bare_nlp(text)
    return toll([q for s in doc.sents for _, q in sentence_quantities(s)])


@pytest.mark.parametrize(("text", "want"), [
    # a singular victim without a number is one death
    ("On 3 May 2021, a farmer was shot and killed by gunmen near Kaduna.", (1, None)),
    ("Gunmen stabbed and killed a teacher in Bukavu.", (1, None)),
    ("The victim died on the way to the hospital in Goma.", (1, None)),
    # the killer is not counted
    ("A gunman opened fire on the market in Beni.", (None, None)),
    # ranges keep the lower figure
    ("Police fired on the crowd in Kassala, killing 2-4 and injuring 9.", (2, 9)),
    # a conjoined verb with its own subject is its own figure
    ("Three soldiers were killed and at least 12 were wounded in the ambush near Mopti.", (3, 12)),
    # killed or wounded together is not a fatality figure
    ("Up to 40 fighters were killed or wounded near Bor.", (None, None)),
    # conjoined groups of one predicate are summed, with singular members
    ("Two nurses and one driver were killed when the convoy hit a mine.", (3, None)),
    ("Four women and a child were killed in the raid on Gao.", (5, None)),
    ("The army said a total of 12 soldiers and 30 rebels have been killed since Monday.", (42, None)),
    # tolls, lives
    ("The death toll from the blast in Mogadishu rose to 19 people.", (19, None)),
    ("Weeks of fighting in Marawi cost more than 90 lives.", (90, None)),
    # a stated tally wins over an earlier clause figure
    ("Militias attacked Djugu, killing 1-3 villagers. 2 fatalities.", (2, None)),
    # "destroyed" counts people only
    ("The ministry said its jets destroyed over 40 militants and 12 trucks.", (40, None)),
    ("The ministry said its jets destroyed 12 trucks.", (None, None)),
    # the day of a date is no figure
    ("Sat 09 Mar 2019 Death toll from Juba blast at least 14.", (14, None)),
    # shells that kill are not the killed
    ("Rebels shelled Kadugli with 6 mortar rounds killing 3 people.", (3, None)),
    # predicate adjectives, shared objects, singular conjuncts
    ("At least four people including a nurse were shot dead in Jos.", (4, None)),
    ("Gunmen killed a trader and his son near Zamfara.", (2, None)),
    ("The army said it killed a commander and 8 militants in Borno.", (9, None)),
    ("A member of the town council was shot dead in Kirkuk.", (1, None)),
    ("Rebels clashed with troops near Dolo, killing and injuring 6 soldiers.", (None, None)),
    # vague figures: conventional values; a stated coding of the toll wins
    ("Jets struck a camp in Gwoza, killing scores of fighters.", (20, None)),
    ("Jets struck a camp in Gwoza, killing dozens of fighters.", (12, None)),
    ("Jets struck a camp in Gwoza, killing scores of fighters. Fatalities coded as 15.", (15, None)),
    ("Police fired on the crowd in Kassala, killing a number of protesters.", (10, None)),
    ("The number of protesters grew in Kassala.", (None, None)),
    # "and many more wounded" is its own group, not "killed or wounded"
    ("At least six civilians were killed and many more wounded in the raid on Kidal.", (6, None)),
    # a second object is a misparse of lost commas, not one more victim
    ("Drones killed 12 fighters on Friday in a town in Tigray the regional council said.", (12, None)),
    # a dateline's year does not join the first word of the text
    ("Monday 21 November 2016 One mother and her son have died in the shelling of Marib.", (2, None)),
    ("Twenty five people were killed in Gao.", (25, None)),
])
def test_toll(bare_nlp, text, want):
    assert _toll(bare_nlp, text) == want


def test_range_keeps_bounds(bare_nlp):
    doc = bare_nlp("Police fired on the crowd in Kassala, killing 2-4 protesters.")
    (q,) = [q for _, q in sentence_quantities(doc[:]) if q.kind == "killed"]
    assert (q.value, q.low, q.high, q.qualifier) == (2, 2, 4, "range")
    assert q.span is not None and doc.text[q.span.start:q.span.end] == q.span.text


def test_toll_order_first_figure_unless_a_tally():
    s = Span(0, 1, "x")
    first = Quantity("killed", 4, span=Span(0, 9, "4 rebels"))
    claim = Quantity("killed", 9, span=Span(20, 29, "9 rebels"))
    tally = Quantity("killed", 5, span=Span(40, 52, "5 fatalities"))
    hurt = Quantity("injured", 7, span=s)
    assert toll([first, claim, hurt]) == (4, 7)
    assert toll([first, claim, tally]) == (5, None)
    assert toll([Quantity("killed_or_injured", 30, span=s)]) == (None, None)


def test_trailing_tally_sentence_goes_to_the_event(bare_nlp):
    text = ("On 4 March 2022, in Kalehe, unidentified gunmen shot at a minibus on the road to Bukavu. "
            "3 fatalities.")
    document = Document(id="q", doc="q", text=text, published=date(2022, 3, 4))
    events = extract_events(bare_nlp(text), DocumentAnalysis(document=document))
    assert any(e.plover == "ASSAULT" and e.fatalities == 3 for e in events)
    # not across a paragraph break
    text = text.replace(" 3 fatalities.", "\n3 fatalities.")
    document = Document(id="q", doc="q", text=text, published=date(2022, 3, 4))
    events = extract_events(bare_nlp(text), DocumentAnalysis(document=document))
    assert all(e.fatalities is None for e in events)

