"""governing_time on sentences we write (bare spaCy model)."""

from __future__ import annotations

from datetime import date

from eventwatch.models import Document
from eventwatch.resolve.time import governing_time, resolve_times


def _setup(bare_nlp, text, pub=date(2022, 6, 10)):
    document = Document(id="g", doc="g", text=text, published=pub)
    doc = bare_nlp(text)
    return doc, resolve_times(doc, document)


def _tok(doc, word, nth=0):
    return [t for t in doc if t.text == word][nth]


def test_same_clause_wins_over_nearer_expression(bare_nlp):
    text = ("The patrols stopped at the end of March but resumed on July 22 along the Kidal road.")
    doc, times = _setup(bare_nlp, text)
    trig = _tok(doc, "resumed")
    sent = trig.sent
    t = governing_time(times, sent.start_char, sent.end_char, trig.idx, 0, trig)
    assert t is not None and t.span.text == "July 22" and t.date == "2021-07-22"  # most recent past July 22
    trig = _tok(doc, "stopped")
    t = governing_time(times, sent.start_char, sent.end_char, trig.idx, 0, trig)
    assert t.span.text == "the end of March"


def test_reporting_verb_and_embedded_event(bare_nlp):
    text = ("The spokesman said yesterday that the militia had signed the truce on the fifth of "
            "last March in Juba.")
    doc, times = _setup(bare_nlp, text)
    sent = next(doc.sents)
    said, signed = _tok(doc, "said"), _tok(doc, "signed")
    assert governing_time(times, sent.start_char, sent.end_char, said.idx, 0, said).span.text == "yesterday"
    t = governing_time(times, sent.start_char, sent.end_char, signed.idx, 0, signed)
    assert t.date == "2022-03-05" and t.precision == "day"


def test_nearest_in_sentence_without_trigger_token(bare_nlp):
    text = "On Friday gunmen attacked Djibo, and the army responded the next day."
    doc, times = _setup(bare_nlp, text)
    sent = next(doc.sents)
    t = governing_time(times, sent.start_char, sent.end_char, text.index("attacked"))
    assert t.span.text == "On Friday" and t.date == "2022-06-10"  # same weekday: publication day


def test_paragraph_inheritance_and_none(bare_nlp):
    text = ("On January 29, militants raided Kauri. They burned the market and looted shops.\n"
            "The governor visits the region often.")
    doc, times = _setup(bare_nlp, text, pub=date(2021, 2, 2))
    sents = list(doc.sents)
    burned = _tok(doc, "burned")
    s2 = burned.sent
    t = governing_time(times, s2.start_char, s2.end_char, burned.idx, 0, burned)
    assert t is not None and t.date == "2021-01-29" and t.span.text == "January 29"
    # other paragraph, present tense, no date: nothing governs it
    visits = _tok(doc, "visits")
    s3 = visits.sent
    para = text.index("The governor")
    assert governing_time(times, s3.start_char, s3.end_char, visits.idx, para, visits) is None
    assert len(sents) >= 3


def test_present_tense_does_not_inherit(bare_nlp):
    text = "A convoy was hit on March 15. The population continues to block the road."
    doc, times = _setup(bare_nlp, text, pub=date(2020, 3, 23))
    cont = _tok(doc, "continues")
    s = cont.sent
    assert governing_time(times, s.start_char, s.end_char, cont.idx, 0, cont) is None


def test_spacy_entities_extra_and_traps(bare_nlp):
    text = ("The fighting in the summer of 2019 around Tripoli was reported by Abu Steif 80, "
            "who said the M4 was closed for six months.")
    _, times = _setup(bare_nlp, text)
    got = [(t.span.text, t.date, t.precision) for t in times]
    assert all("80" not in s and "M4" not in s and "six months" not in s for s, _, _ in got)
    assert any(d == "2019" for _, d, _ in got), got


def test_a_bare_year_of_an_earlier_sentence_is_background(bare_nlp):
    text = ("Bor has been held by the rebels since a truce in 2014. Gunmen shelled the market. "
            "In May 2022 the army entered Bor. Its tanks shelled the airport.")
    doc, times = _setup(bare_nlp, text)
    trig = _tok(doc, "shelled")
    assert governing_time(times, trig.sent.start_char, trig.sent.end_char, trig.idx, 0, trig) is None
    trig = _tok(doc, "shelled", 1)  # a month date of an earlier sentence still carries over
    t = governing_time(times, trig.sent.start_char, trig.sent.end_char, trig.idx, 0, trig)
    assert t is not None and t.date == "2022-05"
