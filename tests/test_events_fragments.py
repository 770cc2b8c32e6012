"""Verbless fragments (headlines, captions) must not hang the parse-tree walks.

spaCy creates a new Token object on each access, so a walk up the tree has to stop at the
root by index (``tok.head.i == tok.i``), never by identity; these sentences have a noun root.
"""

from __future__ import annotations

import signal
from datetime import date

import pytest

from eventwatch.events import extract_events
from eventwatch.models import Document, DocumentAnalysis


@pytest.mark.parametrize("text", [
    "Heavy fighting between the army and rebels near Goma.",
    "Clashes between militias and police in the capital overnight",
    "Airstrikes on Gao and shelling of Kidal overnight",
])
def test_fragments_terminate(bare_nlp, text):
    doc = bare_nlp(text)
    assert any(t.dep_ == "ROOT" and t.pos_ in ("NOUN", "PROPN") for t in doc)
    analysis = DocumentAnalysis(document=Document(id="t", doc="t", text=text, published=date(2024, 3, 1)))
    def _timeout(signum, frame):
        raise TimeoutError(f"extract_events did not terminate on {text!r}")

    previous = signal.signal(signal.SIGALRM, _timeout)
    signal.alarm(20)  # a looping walk fails the test instead of hanging the suite
    try:
        reports = extract_events(doc, analysis)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    for r in reports:
        assert text[r.quote.start:r.quote.end] == r.quote.text
