"""event_time: undated present-perfect background (when null) and definite event nouns that
refer back to a dated event (sentences we write)."""

from __future__ import annotations

from datetime import date

from eventwatch.models import Document
from eventwatch.resolve import _dates
from eventwatch.resolve.time import event_time, resolve_times

PUB = date(2023, 5, 12)
DAY_BEFORE = "2023-05-11"


def _when(bare_nlp, text, word, status="occurred", pub=PUB):
    document = Document(id="b", doc="b", text=text, published=pub)
    doc = bare_nlp(text)
    times = resolve_times(doc, document)
    tok = next(t for t in doc if t.text == word)
    return event_time(doc, tok.sent, tok, times, document, status)


LEAD = "Militants raided two villages near Djibo on May 3, residents said.\n"
SECTION = "Aid corridor\n"
WARNED = "Aid agencies have been warned by the militia that their convoys may be seized.\n"


def test_perfect_in_an_undated_later_section_is_background(bare_nlp):
    assert _when(bare_nlp, LEAD + SECTION + WARNED, "warned", "threatened") is None


def test_perfect_in_the_lead_is_hot_news(bare_nlp):
    tm = _when(bare_nlp, "Jihadist fighters have seized the town of Djibo.\n" + SECTION + WARNED, "seized")
    assert tm.date == DAY_BEFORE and tm.precision == "day"


def test_recency_cue_keeps_the_recent_past(bare_nlp):
    text = LEAD + SECTION + "Aid agencies have just been warned that their convoys may be seized.\n"
    assert _when(bare_nlp, text, "warned", "threatened").date == DAY_BEFORE


def test_reported_perfect_is_dated_by_the_report(bare_nlp):
    text = LEAD + SECTION + "A spokesman said that the militia has blocked the road to Dori.\n"
    assert _when(bare_nlp, text, "blocked").date == DAY_BEFORE


def test_perfect_continuing_an_old_narrative_is_background(bare_nlp):
    text = "The truce was signed in January. Since then the army has moved thousands of troops north.\n"
    assert _when(bare_nlp, text, "moved") is None


def test_perfect_beside_a_recent_date_keeps_the_recent_past(bare_nlp):
    text = "The truce collapsed on May 9. The army has moved thousands of troops north.\n"
    assert _when(bare_nlp, text, "moved").date == DAY_BEFORE


def test_simple_past_is_not_affected(bare_nlp):
    text = LEAD + SECTION + "Aid agencies were warned by the militia that their convoys may be seized.\n"
    assert _when(bare_nlp, text, "warned", "threatened").date == DAY_BEFORE


def test_definite_event_noun_takes_its_antecedents_time(bare_nlp):
    text = ("In March 2022 the mission and the army agreed to hold joint patrols around Bentiu.\n"
            "The patrols cover the camps south of the town.\n")
    tm = _when(bare_nlp, text, "patrols", pub=date(2023, 5, 12))
    assert tm.date == "2022-03" and tm.precision == "month"


def test_indefinite_event_noun_does_not_look_back(bare_nlp):
    text = ("In March 2022 the mission and the army agreed to hold joint patrols around Bentiu.\n"
            "Soldiers conduct patrols in the camps south of the town.\n")
    doc = bare_nlp(text)
    document = Document(id="b", doc="b", text=text, published=PUB)
    tok = [t for t in doc if t.text == "patrols"][1]
    tm = event_time(doc, tok.sent, tok, resolve_times(doc, document), document, "occurred")
    assert tm.date == PUB.isoformat() and tm.precision == "week"


def test_last_day():
    assert _dates.last_day("2020-02") == date(2020, 2, 29)
    assert _dates.last_day("2019") == date(2019, 12, 31)
    assert _dates.last_day("2021-06-03") == date(2021, 6, 3)
    assert _dates.last_day("20x") is None
