"""Evidence quotes: one event per sentence quotes the sentence, several events their own clauses."""

from __future__ import annotations

from eventwatch.events.quote import event_quote, sentence_span


def _tok(doc, word):
    return next(t for t in doc if t.text == word)


def test_single_event_quotes_whole_sentence(bare_nlp):
    text = "Rebels shelled the airport on Monday."
    doc = bare_nlp(text)
    seg = next(iter(doc.sents))
    q = event_quote(seg, [_tok(doc, "shelled")], [], text)
    assert q.text == "Rebels shelled the airport on Monday."
    assert q == sentence_span(seg, text)


def test_two_events_get_their_own_clauses(bare_nlp):
    text = ("On May 2 the convoy was ambushed near the bridge, and on May 9 the militia "
            "shelled the market in the old town.")
    doc = bare_nlp(text)
    seg = next(iter(doc.sents))
    ambushed, shelled = _tok(doc, "ambushed"), _tok(doc, "shelled")
    q1 = event_quote(seg, [ambushed], [shelled], text)
    q2 = event_quote(seg, [shelled], [ambushed], text)
    assert q1.text.startswith("On May 2 the convoy was ambushed")
    assert "market" not in q1.text
    assert "shelled the market" in q2.text and "ambushed" not in q2.text
    for q in (q1, q2):  # evidence offsets point into the document
        assert text[q.start:q.end] == q.text


def test_short_cut_falls_back_to_sentence(bare_nlp):
    text = "Troops withdrew, and talks began."
    doc = bare_nlp(text)
    seg = next(iter(doc.sents))
    q = event_quote(seg, [_tok(doc, "began")], [_tok(doc, "withdrew")], text)
    assert q.text == "Troops withdrew, and talks began."


def test_verbless_sentence_terminates(bare_nlp):
    # a heading-like sentence whose root is a noun: the clause search must stop at the root
    text = "Airstrikes on Gao and shelling of Kidal overnight"
    doc = bare_nlp(text)
    seg = doc[:]
    q = event_quote(seg, [_tok(doc, "Airstrikes")], [_tok(doc, "shelling")], text)
    assert text[q.start:q.end] == q.text and "Airstrikes" in q.text
