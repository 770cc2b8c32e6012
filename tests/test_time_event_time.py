"""event_time: the events stage's time decision (sentences we write, other conflicts)."""

from __future__ import annotations

from datetime import date

from eventwatch.models import Document
from eventwatch.resolve.time import event_time, resolve_times

PUB = date(2023, 5, 12)  # a Friday


def _setup(bare_nlp, text, pub=PUB):
    document = Document(id="e", doc="e", text=text, published=pub)
    doc = bare_nlp(text)
    return doc, document, resolve_times(doc, document)


def _tok(doc, word, nth=0):
    return [t for t in doc if t.text == word][nth]


def test_each_clause_its_own_date(bare_nlp):
    text = "RSF fighters stormed Geneina on April 24, and the army retook the airport on May 2."
    doc, document, times = _setup(bare_nlp, text)
    for word, want in (("stormed", "2023-04-24"), ("retook", "2023-05-02")):
        t = _tok(doc, word)
        assert event_time(doc, t.sent, t, times, document, "occurred").date == want


def test_present_continuation_does_not_inherit_but_gets_publication_week(bare_nlp):
    text = "A convoy was shelled near Kherson on May 3. Residents continue to block the road."
    doc, document, times = _setup(bare_nlp, text)
    t = _tok(doc, "block")  # xcomp of "continue": the finite verb's tense counts
    tm = event_time(doc, t.sent, t, times, document, "occurred")
    assert tm.date == PUB.isoformat() and tm.precision == "week" and tm.relative


def test_past_narrative_inherits_previous_paragraph(bare_nlp):
    text = ("On May 3, militants raided Djibo.\n"
            "The convoy was ambushed by the same group.")
    doc, document, times = _setup(bare_nlp, text)
    t = _tok(doc, "ambushed")
    tm = event_time(doc, t.sent, t, times, document, "occurred")
    assert tm.date == "2023-05-03" and tm.precision == "week"


def test_inheritance_stops_at_heading(bare_nlp):
    text = ("On May 3, militants raided Djibo.\n"
            "Humanitarian situation\n"
            "Aid trucks were looted.")
    doc, document, times = _setup(bare_nlp, text)
    t = _tok(doc, "looted")
    seg = doc.char_span(text.index("Aid"), len(text))  # the events stage splits at line breaks
    # not May 3 (another section): an undated completed past clause -> the day before
    assert event_time(doc, seg, t, times, document, "occurred").date == "2023-05-11"


def test_hypothetical_and_historical_have_no_fallback(bare_nlp):
    text = "Officials said a new offensive on Marib could start."
    doc, document, times = _setup(bare_nlp, text)
    t = _tok(doc, "offensive")
    assert event_time(doc, t.sent, t, times, document, "hypothetical") is None
    assert event_time(doc, t.sent, t, times, document, "historical") is None
    assert event_time(doc, t.sent, t, times, document, "planned").precision == "week"


def test_no_publication_date_no_fallback(bare_nlp):
    text = "Gunmen attacked a market in Mopti."
    document = Document(id="e", doc="e", text=text)
    doc = bare_nlp(text)
    t = _tok(doc, "attacked")
    assert event_time(doc, t.sent, t, resolve_times(doc, document), document, "occurred") is None


def test_range_kept(bare_nlp):
    text = "Fighting between the factions raged between 13 and 19 April in Khartoum."
    doc, document, times = _setup(bare_nlp, text)
    t = _tok(doc, "raged")
    tm = event_time(doc, t.sent, t, times, document, "occurred")
    assert tm.date == "2023-04-13" and tm.end == "2023-04-19"


def test_a_following_occurrence_sentence_dates_the_event(bare_nlp):
    text = "Drones struck a wedding party in Tabqa. The incident occurred on May 9."
    doc, document, times = _setup(bare_nlp, text)
    t = _tok(doc, "struck")
    tm = event_time(doc, t.sent, t, times, document, "occurred")
    assert tm is not None and tm.date == "2023-05-09" and tm.span.text == "May 9"
    # only a definite event noun as the subject, and only the next sentence of the paragraph
    text = "Drones struck a wedding party in Tabqa.\nThe incident occurred on May 9."
    doc, document, times = _setup(bare_nlp, text)
    t = _tok(doc, "struck")
    assert event_time(doc, t.sent, t, times, document, "occurred").date != "2023-05-09"
    text = "Drones struck a wedding party in Tabqa. Rains occurred on May 9."
    doc, document, times = _setup(bare_nlp, text)
    t = _tok(doc, "struck")
    assert event_time(doc, t.sent, t, times, document, "occurred").date != "2023-05-09"
