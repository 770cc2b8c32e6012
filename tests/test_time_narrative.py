"""event_time narrative mechanisms: recent past, reported speech, main-clause inheritance
(sentences we write about other conflicts)."""

from __future__ import annotations

from datetime import date

from eventwatch.models import Document
from eventwatch.resolve.time import event_time, parse_expression, resolve_times

PUB = date(2023, 5, 12)  # a Friday


def _setup(bare_nlp, text, pub=PUB):
    document = Document(id="n", doc="n", text=text, published=pub)
    doc = bare_nlp(text)
    return doc, document, resolve_times(doc, document)


def _tok(doc, word, nth=0):
    return [t for t in doc if t.text == word][nth]


def _when(bare_nlp, text, word, status="occurred", nth=0):
    doc, document, times = _setup(bare_nlp, text)
    t = _tok(doc, word, nth)
    return event_time(doc, t.sent, t, times, document, status)


def test_perfect_completion_is_the_day_before(bare_nlp):
    tm = _when(bare_nlp, "The army has recaptured the villages of Tal Tamr and Ain Issa.", "recaptured")
    assert tm.date == "2023-05-11" and tm.precision == "day" and tm.relative


def test_undated_past_report_is_the_day_before(bare_nlp):
    tm = _when(bare_nlp, "Gunmen attacked a market in Mopti, killing six people.", "attacked")
    assert tm.date == "2023-05-11"


def test_present_and_planned_keep_publication_week(bare_nlp):
    tm = _when(bare_nlp, "Rebels continue to shell the outskirts of Goma.", "shell")
    assert tm.date == PUB.isoformat() and tm.precision == "week"
    tm = _when(bare_nlp, "The junta plans to deploy troops to Lashio.", "deploy", status="planned")
    assert tm.date == PUB.isoformat() and tm.precision == "week"


def test_quote_takes_the_time_of_its_reporting_verb(bare_nlp):
    # present tense inside the quote, past reporting verb after it: a statement made
    # (not dated) -> recent past, not the present-tense publication week
    text = ("\u201cWe will respond to every attack on our positions. We are going to act alone,\u201d "
            "the defence minister said.")
    tm = _when(bare_nlp, text, "act", status="threatened")
    assert tm.date == "2023-05-11"


def test_quote_inherits_the_statement_date(bare_nlp):
    text = ("The foreign ministry spokesman said in a statement on Wednesday that talks on Sudan "
            "were stalled.\n"
            "He added: \u201cWe condemn the shelling of Omdurman.\u201d")
    tm = _when(bare_nlp, text, "condemn")
    assert tm.date == "2023-05-10"


def test_reported_event_keeps_its_own_date(bare_nlp):
    text = ("The spokesman said on Wednesday that \u201cthe truce signed on the second of May "
            "is holding\u201d.")
    tm = _when(bare_nlp, text, "signed")
    assert tm.date == "2023-05-02"


def test_inheritance_skips_background_dates_in_subordinate_clauses(bare_nlp):
    text = ("On May 3, militants raided Djibo, a town that was besieged in March 2019.\n"
            "Several houses were burned by the attackers.")
    tm = _when(bare_nlp, text, "burned")
    assert tm.date == "2023-05-03"


def test_inheritance_skips_quoted_dates(bare_nlp):
    text = ("The minister said on Tuesday that \u201cthe accord of 5 March 2021 is dead\u201d.\n"
            "He accused the rebels of breaking it.")
    tm = _when(bare_nlp, text, "accused")
    assert tm.date == "2023-05-09"


def test_perfect_continues_a_dated_narrative_of_the_section(bare_nlp):
    text = ("On April 20 the two sides agreed to a ceasefire in Khartoum.\n"
            "Armed groups have launched attacks on the convoys at various times.")
    tm = _when(bare_nlp, text, "launched")
    assert tm.date.startswith("2023-04-20")


def test_conjoined_participle_takes_the_auxiliaries_of_its_head(bare_nlp):
    tm = _when(bare_nlp, "Up to 50 fighters have been killed or wounded near Marib.", "wounded",
               status="claimed")
    assert tm.date == "2023-05-11"


def test_same_weekday_is_the_publication_day():
    assert parse_expression("on Friday", PUB).date == "2023-05-12"
    assert parse_expression("last Friday", PUB).date == "2023-05-05"
    assert parse_expression("on Thursday", PUB).date == "2023-05-11"


def test_overnight_is_the_night_before_publication():
    assert parse_expression("overnight", PUB).date == "2023-05-11"
    text = "Drones struck Odesa overnight, killing two."
    tm = parse_expression(text, PUB)
    assert tm is not None and tm.date == "2023-05-11"
    assert parse_expression("an overnight curfew", PUB) is None
