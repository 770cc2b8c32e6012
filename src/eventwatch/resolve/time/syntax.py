"""Syntax and layout helpers of event dating: clause heads, tense, quotations and their
reporting verbs, heading lines and body sections."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


_CLAUSE_DEPS = {"ROOT", "ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "parataxis", "csubj", "pcomp"}


def clause_head(tok: Token) -> Token:
    t = tok
    for _ in range(50):
        if t.pos_ in ("VERB", "AUX") and (t.dep_ in _CLAUSE_DEPS or t.head.i == t.i):
            return t
        if t.head.i == t.i:
            return t
        t = t.head
    return t


def token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span[0]



def tense_head(trigger: Token) -> Token:
    """The finite verb whose tense governs the trigger: its clause head, climbing through
    non-finite complements ("continues to organize", "began working", "managed to enter")."""
    head = clause_head(trigger)
    for _ in range(4):
        if head.dep_ in ("xcomp",) and head.head.i != head.i and head.tag_ in ("VB", "VBG", "VBN"):
            head = clause_head(head.head)
            continue
        break
    return head


def present_tense(trigger: Token) -> bool:
    """Present / present-perfect clause: do not inherit an earlier sentence's date."""
    head = tense_head(trigger)
    tags = [head.tag_] + [c.tag_ for c in head.children if c.dep_ in ("aux", "auxpass")]
    if any(t in ("VBD", "MD") for t in tags) or any(
        c.lower_ in ("had", "was", "were", "did") for c in head.children
    ):
        return False
    return any(t in ("VBZ", "VBP") for t in tags)


def past_tense(trigger: Token) -> bool:
    """Simple past / past perfect / past passive clause ("was attacked", "had failed")."""
    head = tense_head(trigger)
    tags = [head.tag_] + [c.tag_ for c in head.children if c.dep_ in ("aux", "auxpass")]
    if any(c.lower_ in ("will", "would", "may", "might", "could", "can", "shall") for c in head.children):
        return False
    return "VBD" in tags


def is_heading_line(line: str) -> bool:
    s = line.strip()
    return bool(s) and len(s.split()) <= 12 and not s.endswith((".", "!", "?", "\u201d", '"', ":", ";"))



SPEECH_LEMMAS = frozenset({
    "say", "add", "tell", "state", "declare", "stress", "note", "point", "affirm", "confirm",
    "announce", "claim", "warn", "explain", "insist", "write", "tweet", "remark", "emphasize",
    "emphasise", "assert", "argue", "conclude", "continue", "reiterate", "accuse", "allege",
    "deny", "report", "urge", "threaten", "vow", "pledge", "express", "underline",
})
_QUOTE_RX = re.compile(r"\u201c[^\u201d\n]{1,2000}\u201d|\"[^\"\n]{1,2000}\"")


def quote_spans(doc: Doc | None, text: str) -> list[tuple[int, int]]:
    """(start, end) of every quotation in the text; cached per document in ``doc.user_data``."""
    if doc is not None:
        cached = doc.user_data.get("ew_time_quotes")
        if cached is not None:
            return cached
    spans = [(m.start(), m.end()) for m in _QUOTE_RX.finditer(text)]
    if doc is not None:
        doc.user_data["ew_time_quotes"] = spans
    return spans


def in_quote(quotes: list[tuple[int, int]], char: int) -> tuple[int, int] | None:
    for a, b in quotes:
        if a < char < b:
            return (a, b)
        if a > char:
            break
    return None


def verb_tense(tok: Token) -> str | None:
    """'past' | 'perfect' | 'present' | 'future' | None for a verb token (with its auxiliaries)."""
    head = tok
    kids = [c for c in head.children if c.dep_ in ("aux", "auxpass")]
    if head.tag_ == "VBG" and not kids and head.head.i != head.i:  # "adding:" -> its verb
        head = head.head
        kids = [c for c in head.children if c.dep_ in ("aux", "auxpass")]
    if head.tag_ == "VBG" and any(c.lower_ in ("been", "is", "are", "am") for c in kids):
        return "present"  # progressive ("has been fighting", "are advancing"): ongoing
    if not kids and head.dep_ == "conj" and head.head.i != head.i:  # "killed or wounded"
        head = head.head
        kids = [c for c in head.children if c.dep_ in ("aux", "auxpass")]
    lows = {c.lower_ for c in kids}
    if lows & {"will", "would", "may", "might", "could", "can", "shall", "should", "must"}:
        return "future"
    if lows & {"had"}:
        return "past"
    if lows & {"has", "have", "'ve", "'s"} and (head.tag_ == "VBN" or any(c.tag_ == "VBN" for c in kids)):
        return "perfect"
    tags = [head.tag_] + [c.tag_ for c in kids]
    if "VBD" in tags or lows & {"was", "were", "did"}:
        return "past"
    if any(t in ("VBZ", "VBP") for t in tags):
        return "present"
    return None


def attribution_verb(doc: Doc, quote: tuple[int, int], text: str) -> Token | None:
    """The reporting verb of a quotation: right after the closing quote (", the President
    said") or before the opening quote in the same sentence ("Zakharova added: ...")."""
    a, b = quote
    para_end = text.find("\n", b)
    para_end = len(text) if para_end < 0 else para_end
    after = doc.char_span(b, min(para_end, b + 120), alignment_mode="contract")
    if after is not None:
        for tok in after:
            if tok.is_sent_start and tok.i > after.start:
                break
            if tok.lemma_.lower() in SPEECH_LEMMAS and tok.pos_ in ("VERB", "AUX"):
                return tok
            if tok.text in (".", "!", "?", "\u201c") and tok.i > after.start:
                break
    tok_a = token_at(doc, a)
    if tok_a is not None:
        sent = tok_a.sent
        for tok in reversed(doc[sent.start:tok_a.i]):
            if tok.lemma_.lower() in SPEECH_LEMMAS and tok.pos_ in ("VERB", "AUX"):
                return tok
    # a multi-sentence quotation: the attribution follows the closing quote
    return None



def body_sections(doc: Doc | None, text: str) -> list[tuple[int, int]]:
    """(start, end) of the body sections: runs of lines between heading lines.  Heading
    lines themselves (title, standfirst, byline, sub-headings) belong to no section.
    Cached per document in ``doc.user_data``."""
    if doc is not None:
        cached = doc.user_data.get("ew_time_sections")
        if cached is not None:
            return cached
    sections: list[tuple[int, int]] = []
    start: int | None = None
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if is_heading_line(line):
            if start is not None:
                sections.append((start, pos - 1))
                start = None
        elif line.strip() and start is None:
            start = pos
        pos = end + 1
    if start is not None:
        sections.append((start, len(text)))
    if doc is not None:
        doc.user_data["ew_time_sections"] = sections
    return sections


def reported_clause(trigger: Token) -> bool:
    """The trigger's clause is the complement of a reporting verb ("X said that the
    factions have raised ..."): it is dated by the report, not by its own tense."""
    head = tense_head(trigger)
    for _ in range(4):
        if head.dep_ not in ("ccomp", "conj") or head.head.i == head.i:
            return False
        head = clause_head(head.head)
        if head.lemma_.lower() in SPEECH_LEMMAS:
            return True
    return False

