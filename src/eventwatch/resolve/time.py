"""Time resolution: date expressions -> :class:`TimeMention`, governing time of an event,
and publication-date inference for undated documents.

Public API (see docs/time.md):

- ``resolve_times(doc, document, published=None) -> list[TimeMention]``
- ``governing_time(times, sentence_start, sentence_end, trigger_char, paragraph_start=None,
  trigger=None) -> TimeMention | None``
- ``infer_publication_date(doc, document, kb_events=None) -> PublicationEstimate | None``

Rules first (``_dates.scan``), spaCy DATE/TIME entities second (only for what the rules did
not cover; normalised by the rules or, as a guarded fallback, by dateparser on the entity
text alone -- never a search over raw text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from eventwatch.nlp.pipeline import doc_text
from eventwatch.models import Document, Span, TimeMention
from eventwatch.resolve import _dates
from eventwatch.resolve._dates import Found, scan

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = [
    "PublicationEstimate",
    "resolve_times",
    "governing_time",
    "event_time",
    "infer_publication_date",
    "parse_expression",
]

LEXICON = Path(__file__).resolve().parents[1] / "data" / "lexicons" / "time.yaml"


@dataclass(slots=True)
class PublicationEstimate:
    """A publication date inferred from the text (or copied from metadata)."""

    date: date
    confidence: float
    evidence: str
    spans: list[Span] = field(default_factory=list)
    source: str = "inferred"  # "inferred" | "metadata"


# --------------------------------------------------------------------------- helpers
def _to_mention(f: Found) -> TimeMention:
    return TimeMention(
        span=Span(f.start, f.end, f.text),
        date=f.date,
        precision=f.precision,  # type: ignore[arg-type]
        end=f.end_date,
        future=f.future,
        relative=f.relative,
    )


_DATEWORD = re.compile(
    rf"{_dates.MONTH}|{_dates.WEEKDAY}|\b(?:19|20)\d\d\b", re.UNICODE
)
_NOT_DATE = re.compile(r"%|\b(?:percent|per cent|km|kilomet|hours?|minutes?|seconds?)\b", re.I)


@lru_cache(maxsize=4096)
def _dateparser(text: str, pub: date | None) -> tuple[str, str] | None:
    """Guarded dateparser fallback on an entity's text alone; cached per (text, pub)."""
    try:
        from dateparser.date import DateDataParser
    except Exception:  # pragma: no cover
        return None
    settings: dict[str, Any] = {
        "PREFER_DATES_FROM": "past",
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_TIME_AS_PERIOD": False,
    }
    if pub is not None:
        settings["RELATIVE_BASE"] = datetime(pub.year, pub.month, pub.day, 12)
    else:
        settings["REQUIRE_PARTS"] = ["year"]
    try:
        ddp = DateDataParser(languages=["en"], settings=settings)
        data = ddp.get_date_data(text)
    except Exception:
        return None
    if data is None or data.date_obj is None:
        return None
    d = data.date_obj.date()
    period = data.period or "day"
    if period == "year":
        return str(d.year), "year"
    if period == "month":
        return f"{d.year:04d}-{d.month:02d}", "month"
    if period == "week":
        return d.isoformat(), "week"
    return d.isoformat(), "day"


def _ent_mention(text: str, start: int, end: int, pub: date | None) -> TimeMention | None:
    """Normalise a spaCy DATE/TIME entity the rules did not cover (guarded)."""
    etext = text[start:end]
    if not _DATEWORD.search(etext) or _NOT_DATE.search(etext):
        return None
    if re.search(r"\b(?:19|20)\d\ds\b", etext):  # decades: "the 1990s"
        return None
    res = _dateparser(etext, pub)
    if res is None:
        years = re.findall(r"\b((?:19|20)\d\d)\b", etext)
        if len(set(years)) == 1:
            res = (years[0], "year")
        else:
            return None
    dt, prec = res
    # month-only text must not borrow a day from the publication date
    if prec == "day" and not re.search(r"\d{1,2}(?!\d)|\b(?:today|yesterday)\b", etext, re.I):
        if re.search(_dates.WEEKDAY, etext) is None:
            prec, dt = "month", dt[:7]
    has_year = bool(re.search(r"\b(?:19|20)\d\d\b", etext))
    if pub is None and not has_year:
        return None
    fut = False
    if pub is not None:
        try:
            first = date.fromisoformat(dt if len(dt) == 10 else (dt + "-01" if len(dt) == 7 else dt + "-01-01"))
            fut = first > pub
        except ValueError:
            pass
    return TimeMention(Span(start, end, etext), dt, prec, None, fut, not has_year)  # type: ignore[arg-type]


def parse_expression(text: str, published: date | None) -> TimeMention | None:
    """Normalise one expression (the whole string) -- convenience for tests and callers."""
    found = scan(text, published)
    found = [f for f in found if f.date]
    if found:
        best = max(found, key=lambda f: f.end - f.start)
        return _to_mention(best)
    return _ent_mention(text, 0, len(text), published)


# --------------------------------------------------------------------------- resolve
def resolve_times(doc: Doc, document: Document, published: date | None = None) -> list[TimeMention]:
    """All date expressions of the document, normalised against its publication date.

    ``published`` overrides ``document.published`` (e.g. an inferred date) without writing
    it.  When neither is known, relative expressions are skipped and only expressions with
    a year are resolved -- nothing is invented.
    """
    pub = published or document.published
    text = document.text
    found = [f for f in scan(text, pub) if f.date]
    out = [_to_mention(f) for f in found]
    for ent in getattr(doc, "ents", ()):
        if ent.label_ not in ("DATE", "TIME"):
            continue
        s, e = ent.start_char, ent.end_char
        if any(s < f.end and f.start < e for f in found):
            continue
        tm = _ent_mention(text, s, e, pub)
        if tm is not None:
            out.append(tm)
    out.sort(key=lambda t: t.span.start)
    return out


# --------------------------------------------------------------------------- governing time
_CLAUSE_DEPS = {"ROOT", "ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "parataxis", "csubj", "pcomp"}


def _clause_head(tok: Token) -> Token:
    t = tok
    for _ in range(50):
        if t.pos_ in ("VERB", "AUX") and (t.dep_ in _CLAUSE_DEPS or t.head.i == t.i):
            return t
        if t.head.i == t.i:
            return t
        t = t.head
    return t


def _token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span[0]


def governing_time(
    times: Iterable[TimeMention],
    sentence_start: int,
    sentence_end: int,
    trigger_char: int,
    paragraph_start: int | None = None,
    trigger: Token | None = None,
) -> TimeMention | None:
    """The time expression that governs an event whose trigger is at ``trigger_char``.

    1. same clause: a mention in the sentence whose syntactic clause head (nearest verb
       ancestor) is the trigger's clause head (needs ``trigger``, a spaCy Token);
    2. same sentence: the nearest mention (ties go to the one before the trigger);
    3. paragraph: the last mention between ``paragraph_start`` and the sentence start.
    Returns None if none applies.
    """
    times = list(times)
    in_sent = [t for t in times if t.span.start >= sentence_start and t.span.end <= sentence_end]
    if in_sent and trigger is not None:
        try:
            doc = trigger.doc
            th = _clause_head(trigger)
            same = []
            for t in in_sent:
                tok = _token_at(doc, t.span.start)
                if tok is None:
                    continue
                # the expression's syntactic root within its span
                span = doc.char_span(t.span.start, t.span.end, alignment_mode="expand")
                root = span.root if span is not None and len(span) else tok
                if _clause_head(root) == th:
                    same.append(t)
            if same:
                return min(same, key=lambda t: _dist(t, trigger_char))
        except Exception:  # pragma: no cover - defensive: parse oddities
            pass
    if in_sent:
        return min(in_sent, key=lambda t: _dist(t, trigger_char))
    if paragraph_start is not None and not (trigger is not None and _present_tense(trigger)):
        before = [
            t for t in times
            if t.span.start >= paragraph_start and t.span.end <= sentence_start and not t.future
        ]
        if before:
            return max(before, key=lambda t: t.span.start)
    return None


def _tense_head(trigger: Token) -> Token:
    """The finite verb whose tense governs the trigger: its clause head, climbing through
    non-finite complements ("continues to organize", "began working", "managed to enter")."""
    head = _clause_head(trigger)
    for _ in range(4):
        if head.dep_ in ("xcomp",) and head.head.i != head.i and head.tag_ in ("VB", "VBG", "VBN"):
            head = _clause_head(head.head)
            continue
        break
    return head


def _present_tense(trigger: Token) -> bool:
    """Present / present-perfect clause: do not inherit an earlier sentence's date."""
    try:
        head = _tense_head(trigger)
    except Exception:  # pragma: no cover
        return False
    tags = [head.tag_] + [c.tag_ for c in head.children if c.dep_ in ("aux", "auxpass")]
    if any(t in ("VBD", "MD") for t in tags) or any(
        c.lower_ in ("had", "was", "were", "did") for c in head.children
    ):
        return False
    return any(t in ("VBZ", "VBP") for t in tags)


def _past_tense(trigger: Token) -> bool:
    """Simple past / past perfect / past passive clause ("was attacked", "had failed")."""
    try:
        head = _tense_head(trigger)
    except Exception:  # pragma: no cover
        return False
    tags = [head.tag_] + [c.tag_ for c in head.children if c.dep_ in ("aux", "auxpass")]
    if any(c.lower_ in ("will", "would", "may", "might", "could", "can", "shall") for c in head.children):
        return False
    return "VBD" in tags


def _is_heading_line(line: str) -> bool:
    s = line.strip()
    return bool(s) and len(s.split()) <= 12 and not s.endswith((".", "!", "?", "\u201d", '"', ":", ";"))


CURRENT_STATUSES = frozenset({"occurred", "claimed", "threatened", "failed", "planned", "denied"})
# statuses for which a completed past / perfect clause dates to the recent past (pub - 1)
INHERIT_TENSES = ("past", "perfect")
_COMPLETED_STATUSES = frozenset({"occurred", "claimed", "failed", "denied", "threatened"})

SPEECH_LEMMAS = frozenset({
    "say", "add", "tell", "state", "declare", "stress", "note", "point", "affirm", "confirm",
    "announce", "claim", "warn", "explain", "insist", "write", "tweet", "remark", "emphasize",
    "emphasise", "assert", "argue", "conclude", "continue", "reiterate", "accuse", "allege",
    "deny", "report", "tell", "urge", "threaten", "vow", "pledge", "express", "underline",
})
_QUOTE_RX = re.compile(r"\u201c[^\u201d\n]{1,2000}\u201d|\"[^\"\n]{1,2000}\"")


def _quote_spans(doc: Doc | None, text: str) -> list[tuple[int, int]]:
    """(start, end) of every quotation in the text; cached per document in ``doc.user_data``."""
    if doc is not None:
        try:
            cached = doc.user_data.get("ew_time_quotes")
            if cached is not None:
                return cached
        except Exception:  # pragma: no cover
            doc = None
    spans = [(m.start(), m.end()) for m in _QUOTE_RX.finditer(text)]
    if doc is not None:
        doc.user_data["ew_time_quotes"] = spans
    return spans


def _in_quote(quotes: list[tuple[int, int]], char: int) -> tuple[int, int] | None:
    for a, b in quotes:
        if a < char < b:
            return (a, b)
        if a > char:
            break
    return None


def _verb_tense(tok: Token) -> str | None:
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


def _attribution_verb(doc: Doc, quote: tuple[int, int], text: str) -> Token | None:
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
    tok_a = _token_at(doc, a)
    if tok_a is not None:
        sent = tok_a.sent
        for tok in reversed(doc[sent.start:tok_a.i]):
            if tok.lemma_.lower() in SPEECH_LEMMAS and tok.pos_ in ("VERB", "AUX"):
                return tok
    # a multi-sentence quotation: the attribution follows the closing quote
    return None


def _main_clause_mentions(doc: Doc | None, mentions: list[TimeMention],
                          quotes: list[tuple[int, int]]) -> list[TimeMention]:
    """Mentions that date the narrative, not a background detail: outside quotations and
    attached to the sentence's main clause (its root or a conjunct of it), not to a
    relative / adverbial / complement clause ("who took part in ... on April 4, 2017")."""
    out = []
    for m in mentions:
        if _in_quote(quotes, m.span.start):
            continue
        if doc is None:
            out.append(m)
            continue
        span = doc.char_span(m.span.start, m.span.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        head = _clause_head(span.root)
        while head.dep_ == "conj" and head.head.i != head.i:
            head = head.head
        if head.dep_ == "ROOT" or head.head.i == head.i:
            out.append(m)
    return out


def event_time(
    doc: Doc | None,
    sentence_span: Any,
    trigger_token: Token | None,
    times: Iterable[TimeMention],
    document: Document | None,
    status: str | None = None,
    max_paragraphs_back: int = 6,
) -> TimeMention | None:
    """When an event happened: the one decision function for the events stage.

    1. ``hypothetical`` events have no time (gold convention: conditional/possible -> null).
    2. :func:`governing_time`: the trigger's own clause, then the sentence, then an earlier
       sentence of the same paragraph (not for present / present-perfect clauses).
    3. Reported speech: a trigger inside a quotation takes the tense (and so the time) of
       the quotation's reporting verb ("..., the President said" -> past): a statement is
       dated by when it was made, not by the tense inside the quote.
    4. Narrative continuation: a past-tense clause ("was attacked", "said") inherits the
       main-clause date of the previous ``max_paragraphs_back`` paragraphs of the same
       section (stops at a heading line; dates inside quotations or in relative/subordinate
       clauses -- background details -- are skipped); a day date becomes week precision.
    4b. Anaphoric event noun: an undated "the/these <event noun>" takes the time of the
       earlier mention of the same event (:func:`_antecedent_time`).
    5. Recent past: a completed past or present-perfect clause ("has liberated", "the
       President said") with no date at all is dated to the day before publication (news
       reports yesterday's events; ``relative=True``, day precision as the gold codes it),
       except a background perfect, which gets None (:func:`_background_perfect`).
    6. Publication fallback for other current events (present tense, planned, unknown):
       the publication date, week precision, ``relative=True``, evidence = the trigger.
       Historical events and those without a publication date get None.

    ``sentence_span`` is the spaCy span (or any object with ``start_char``/``end_char``).
    """
    if status == "hypothetical":
        return None
    times = list(times)
    s0, s1 = sentence_span.start_char, sentence_span.end_char
    text = document.text if document is not None else (doc_text(doc) if doc is not None else "")
    tchar = trigger_token.idx if trigger_token is not None else s0
    para_start = text.rfind("\n", 0, s0) + 1
    quotes = _quote_spans(doc, text)
    tense: str | None = None
    speech_tok = None
    if trigger_token is not None:
        try:
            q = _in_quote(quotes, tchar)
            if q is not None and doc is not None:
                speech_tok = _attribution_verb(doc, q, text)
            tense = _verb_tense(speech_tok) if speech_tok is not None else None
            if tense is None:
                tense = _verb_tense(_tense_head(trigger_token))
            if tense is None:
                if _present_tense(trigger_token):
                    tense = _verb_tense(_tense_head(trigger_token)) or "present"
                elif _past_tense(trigger_token):
                    tense = "past"
        except Exception:  # pragma: no cover - parse oddities
            tense = None
    if speech_tok is not None and tense in ("past", "perfect"):
        # a reported event keeps its own date: a date inside the same quotation and sentence
        q = _in_quote(quotes, tchar)
        own = [m for m in times if s0 <= m.span.start and m.span.end <= s1
               and q is not None and q[0] <= m.span.start < q[1]]
        if own:
            return governing_time(own, s0, s1, tchar, None, trigger=trigger_token)
        # the statement's own time: a date in the attribution's sentence, else as below
        ss = speech_tok.sent
        t = governing_time(times, ss.start_char, ss.end_char, speech_tok.idx, None, trigger=speech_tok)
        if t is not None and not _in_quote(quotes, t.span.start):
            return t
        t = None
    else:
        t = governing_time(times, s0, s1, tchar, para_start,
                           trigger=trigger_token if speech_tok is None else None)
    if t is None and speech_tok is None and trigger_token is not None:
        t = _antecedent_time(doc, trigger_token, times, text, s0)
    if t is not None:
        return t
    if speech_tok is not None and tense in ("past", "perfect"):
        # same paragraph, earlier sentences: main-clause dates only
        before = [m for m in times if para_start <= m.span.start and m.span.end <= s0 and not m.future]
        before = _main_clause_mentions(doc, before, quotes)
        if before:
            return max(before, key=lambda m: m.span.start)
    if tense in INHERIT_TENSES and para_start > 0:
        # earlier paragraphs of the same section
        pe = para_start - 1
        seen = 0
        while seen < max_paragraphs_back and pe > 0:
            ps = text.rfind("\n", 0, pe) + 1
            line = text[ps:pe]
            if line.strip():
                if _is_heading_line(line):
                    break
                seen += 1
                prev = [m for m in times if ps <= m.span.start and m.span.end <= pe and not m.future]
                prev = _main_clause_mentions(doc, prev, quotes)
                if prev:
                    m = max(prev, key=lambda m: m.span.start)
                    prec = "week" if m.precision == "day" and not m.end else m.precision
                    return TimeMention(span=m.span, date=m.date, precision=prec, end=m.end,  # type: ignore[arg-type]
                                       future=False, relative=m.relative)
            if ps == 0:
                break
            pe = ps - 1
    pub = document.published if document is not None else None
    if pub is None or (status is not None and status not in CURRENT_STATUSES):
        return None
    if tense == "perfect" and speech_tok is None and _background_perfect(doc, text, trigger_token, times, pub):
        return None
    ev = speech_tok if speech_tok is not None else trigger_token
    if ev is not None:
        span = Span(ev.idx, ev.idx + len(ev.text), ev.text)
    else:
        span = Span(s0, s0, "")
    if tense in ("past", "perfect") and (status is None or status in _COMPLETED_STATUSES):
        return TimeMention(span=span, date=(pub - timedelta(days=1)).isoformat(), precision="day",
                           relative=True)
    return TimeMention(span=span, date=pub.isoformat(), precision="week", relative=True)


# a perfect clause whose paragraph dates only events older than this is background
BACKGROUND_DAYS = 31
ANAPHORIC_DETS = frozenset({"the", "this", "that", "these", "those"})
ANTECEDENT_PARAGRAPHS = 2  # paragraphs before the trigger's own searched for an antecedent


def _antecedent_time(doc: Doc | None, trigger: Token, times: list[TimeMention], text: str,
                     sentence_start: int) -> TimeMention | None:
    """The time of the event a definite event noun refers back to.

    "In March 2020 Russia and Turkey agreed to conduct joint patrols. The patrols run from
    Tarnabah to Ain al-Hoor": an undated definite noun ("the/these patrols") whose lemma
    names an event stated earlier (same paragraph or up to ``ANTECEDENT_PARAGRAPHS`` before
    it, same section) is that event and takes its governing time (clause, then sentence).
    """
    if doc is None or trigger.pos_ != "NOUN" or not any(
            c.dep_ == "det" and c.lower_ in ANAPHORIC_DETS for c in trigger.children):
        return None
    lo = text.rfind("\n", 0, sentence_start) + 1
    for _ in range(ANTECEDENT_PARAGRAPHS):
        if lo <= 1:
            break
        prev = text.rfind("\n", 0, lo - 1) + 1
        if _is_heading_line(text[prev:lo - 1]):
            break
        lo = prev
    first = _token_at(doc, lo)
    if first is None:
        return None
    lemma = trigger.lemma_.lower()
    for tok in reversed(doc[first.i:trigger.sent.start]):
        if tok.lemma_.lower() != lemma:
            continue
        sent = tok.sent
        found = governing_time(times, sent.start_char, sent.end_char, tok.idx, None, trigger=tok)
        if found is not None and not found.future:
            return found
        return None
    return None


def _body_sections(doc: Doc | None, text: str) -> list[tuple[int, int]]:
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
        if _is_heading_line(line):
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


def _reported_clause(trigger: Token) -> bool:
    """The trigger's clause is the complement of a reporting verb ("X said that the
    factions have raised ..."): it is dated by the report, not by its own tense."""
    head = _tense_head(trigger)
    for _ in range(4):
        if head.dep_ not in ("ccomp", "conj") or head.head.i == head.i:
            return False
        head = _clause_head(head.head)
        if head.lemma_.lower() in SPEECH_LEMMAS:
            return True
    return False


def _background_perfect(doc: Doc | None, text: str, trigger: Token | None,
                        times: list[TimeMention], pub: date) -> bool:
    """A present-perfect clause that states background, not a datable recent event.

    The present perfect asserts no definite time; only its "hot news" reading places the
    event in the recent past (the day before publication).  A non-reported perfect clause
    without a date of its own and without a recency cue in its paragraph ("recently",
    "just", "so far" -- lexicon ``recency_cues``) is background that cannot be placed in
    time (gold: ``when`` null) when
    (a) its paragraph dates only events more than ``BACKGROUND_DAYS`` before publication
        (it continues that older narrative: "The truce was agreed in March. Since then the
        army has moved thousands of troops north"), or
    (b) the paragraph holds no date and the clause lies in a later section (after a
        sub-heading) that holds none either: the hot-news perfect is a device of the
        report's lead, later sections state experience and states of affairs
        ("Aid agencies have been warned that ...").
    """
    if trigger is None or doc is None:
        return False
    c = trigger.idx
    p0 = text.rfind("\n", 0, c) + 1
    p1 = text.find("\n", c)
    p1 = len(text) if p1 < 0 else p1
    if _recency_rx().search(text, p0, p1):
        return False
    in_para = [m for m in times if p0 <= m.span.start < p1]
    if in_para:
        if not all(_older_than(m, pub, BACKGROUND_DAYS) for m in in_para):
            return False
    else:
        sections = _body_sections(doc, text)
        here = next(((a, b) for a, b in sections if a <= c < b), None)
        if here is None or here == sections[0]:
            return False  # the lead section (or no body structure): hot-news perfect
        if any(here[0] <= m.span.start < here[1] for m in times):
            return False
    try:
        return not _reported_clause(trigger)
    except Exception:  # pragma: no cover - parse oddities
        return False


def _older_than(m: TimeMention, pub: date, days: int) -> bool:
    """Whether the whole period of ``m`` ends more than ``days`` before ``pub``."""
    end = _dates.last_day(m.end or m.date)
    return end is not None and not m.future and (pub - end).days > days


@lru_cache(maxsize=1)
def _recency_rx() -> re.Pattern[str]:
    cues = [re.escape(str(c)) for c in _lexicon().get("recency_cues", []) or []]
    if not cues:
        return re.compile(r"(?!)")
    return re.compile(r"\b(?:" + "|".join(sorted(cues, key=len, reverse=True)) + r")\b", re.I)


def _dist(t: TimeMention, c: int) -> tuple[int, int]:
    if t.span.start <= c < t.span.end:
        return (0, 0)
    d = c - t.span.end if t.span.end <= c else t.span.start - c
    return (d, 0 if t.span.end <= c else 1)


# --------------------------------------------------------------------------- inference
@lru_cache(maxsize=1)
def _lexicon() -> dict[str, Any]:
    try:
        import yaml

        return yaml.safe_load(LEXICON.read_text(encoding="utf-8")) or {}
    except Exception:
        return {}


def _anchor_list(kb_events: Iterable[dict] | None) -> list[dict]:
    out = []
    for a in list(_lexicon().get("anchors", []) or []) + list(kb_events or []):
        try:
            d = a["date"] if isinstance(a["date"], date) else date.fromisoformat(str(a["date"]))
        except Exception:
            continue
        cues = [[str(c).lower() for c in ([grp] if isinstance(grp, str) else grp)]
                for grp in a.get("cues", [])]
        out.append({"date": d, "cues": cues, "name": a.get("name", str(d)),
                    "kind": a.get("kind", "coincide")})
    return out


def _match_anchors(text: str, anchors: list[dict]) -> list[tuple[dict, int, int, tuple[int, int]]]:
    """Anchors whose cue groups all occur in one paragraph: (anchor, start, end, paragraph)."""
    hits = []
    low = text.lower()
    for para_m in re.finditer(r"[^\n]+", low):
        para = para_m.group(0)
        for a in anchors:
            if not a["cues"]:
                continue
            first = None
            for grp in a["cues"]:
                hit = next(((para.find(c), c) for c in grp if para.find(c) >= 0), None)
                if hit is None:
                    break
                if first is None:
                    first = hit
            else:
                s = para_m.start() + first[0]  # type: ignore[index]
                hits.append((a, s, s + len(first[1]), (para_m.start(), para_m.end())))  # type: ignore[index]
    return hits


def infer_publication_date(
    doc: Doc | None, document: Document, kb_events: Iterable[dict] | None = None
) -> PublicationEstimate | None:
    """Estimate the publication date from internal evidence.

    Metadata always wins: when ``document.published`` is set this returns it unchanged
    (``source="metadata"``, confidence 1.0) and never overwrites it.  Otherwise returns
    an ``inferred`` estimate, or None when the text holds no usable date at all.

    Evidence, combined: (1) the latest explicit date with a year; (2) yearless dates
    ("January 29") placed in the inferred current year -- the year after the latest
    explicit year mentioned (writers spell out the year for past years), or the year
    fixed by a dated anchor event (lexicon ``anchors`` + optional ``kb_events``:
    ``{"date": "YYYY-MM-DD", "cues": [[...], ...], "kind": "bound"|"coincide", "name": ...}``);
    (3) "last <Month>" -> published after that month; (4) "last week"/"recently" push the
    estimate a few days past the latest date; (5) "yesterday, Thursday" fixes the weekday.
    The estimate is the latest dated point + 1 day (news is published shortly after the
    newest event it dates), adjusted by (3)-(5).
    """
    if document.published is not None:
        return PublicationEstimate(document.published, 1.0, "metadata", [], "metadata")
    text = document.text
    found = scan(text, None)
    full = [f for f in found if f.has_year and f.precision in ("day", "week") and f.date]
    months = [f for f in found if f.has_year and f.precision == "month" and f.date]
    years = [f for f in found if f.has_year and f.precision == "year" and f.date]
    yearless = [f for f in found if f.yearless_md and not _dates.is_future_context(text, f.start, f.end)]
    explicit_years = [int(f.date[:4]) for f in full + months + years if not f.future]
    ahits = _match_anchors(text, _anchor_list(kb_events))
    evidence: list[str] = []
    spans: list[Span] = []

    # (2) anchors: bound anchors give lower bounds; coincide anchors fix yearless dates
    bounds = [(a, s, e) for a, s, e, _ in ahits if a["kind"] == "bound"]
    fixed: dict[int, int] = {}
    for f in yearless:
        mo, d = f.yearless_md  # type: ignore[misc]
        for a, s, e, (ps, pe) in ahits:
            ad = a["date"]
            if not (ps <= f.start < pe) or not _dates.valid(ad.year, mo, d):
                continue
            if abs((date(ad.year, mo, d) - ad).days) <= 3:
                fixed[f.start] = ad.year
                evidence.append(f"{f.text!r} ~ {a['name']} ({ad.isoformat()})")
                spans.append(Span(s, e, text[s:e]))
    year: int | None = None
    conf = 0.3
    cands = []
    if yearless and explicit_years:
        cands.append(max(explicit_years) + 1)
    elif explicit_years:
        cands.append(max(explicit_years))
    if bounds:
        cands.append(max(a["date"] for a, _, _ in bounds).year)
    if fixed:
        cands.append(max(fixed.values()))
    if cands:
        year = max(cands)
        conf = 0.6 if (bounds or fixed) else 0.4
        evidence.append(f"current year {year}")

    points: list[tuple[date, Found | None, str]] = []
    for f in full:
        if not f.future:
            points.append((date.fromisoformat(f.end_date or f.date), f, "explicit date"))
    if year is not None:
        for f in yearless:
            mo, d = f.yearless_md  # type: ignore[misc]
            yy = fixed.get(f.start, year)
            if _dates.valid(yy, mo, d):
                points.append((date(yy, mo, d), f, "yearless date"))
    for a, s, e in bounds:
        points.append((a["date"], None, f"anchor event: {a['name']}"))
        note = f"mentions {a['name']} ({a['date'].isoformat()})"
        if note not in evidence:
            evidence.append(note)
        spans.append(Span(s, e, text[s:e]))
    # (0) "the meeting the day before yesterday": a catalogued event told relative to the
    # publication date gives that date outright (unless a dated point is later)
    pinned = _relative_anchor(text, ahits, year)
    if pinned is not None and all(pinned[0] >= p[0] for p in points):
        pd, note, sp = pinned
        return PublicationEstimate(pd, 0.7, "; ".join([note, *evidence]), [sp, *spans])
    if not points:
        if months:
            f = max(months, key=lambda f: f.date)
            y, mo = int(f.date[:4]), int(f.date[5:7])
            return PublicationEstimate(date(y, mo, 15), 0.2, f"latest month mentioned: {f.text!r}",
                                       [Span(f.start, f.end, f.text)])
        if years:
            f = max(years, key=lambda f: f.date)
            return PublicationEstimate(date(int(f.date), 7, 1), 0.1,
                                       f"latest year mentioned: {f.text!r}",
                                       [Span(f.start, f.end, f.text)])
        return None
    latest, lf, why = max(points, key=lambda p: p[0])
    if lf is not None:
        spans.insert(0, Span(lf.start, lf.end, lf.text))
        if lf.has_year:
            conf = max(conf, 0.6)
    evidence.insert(0, f"latest {why} {latest.isoformat()}" + (f" ({lf.text!r})" if lf else ""))
    est = latest + timedelta(days=1)

    # (3) "last March" -> after that month
    if year is not None:
        for m in re.finditer(rf"\b(?i:last|past)\s+(?P<m>{_dates.MONTH})\b", text):
            mo = _dates.month_num(m.group("m"))
            yy = year if date(year, mo, 1) <= latest or mo <= latest.month else year - 1
            lo = _dates.add_months(date(yy, mo, 1), 1)
            if lo > est:
                est = lo
                conf = min(conf, 0.35)
                evidence.append(f"{m.group(0)!r} -> on/after {lo.isoformat()}")
                spans.append(Span(m.start(), m.end(), m.group(0)))
    # (4) relative cues
    kinds = {k for k, _ in _relative_cues(text)}
    if kinds:
        evidence.append("relative cues: " + ", ".join(sorted(kinds)))
    if "week" in kinds and not (kinds & {"yesterday", "today"}):
        est = max(est, latest + timedelta(days=3))
    # (5) weekday consistency
    wd = _weekday_constraint(text)
    if wd is not None:
        for k in range(7):
            c = est + timedelta(days=k)
            if c.weekday() == wd:
                if k:
                    evidence.append(f"weekday constraint -> {c.strftime('%A')}")
                est = c
                break
    return PublicationEstimate(est, round(conf, 2), "; ".join(evidence), spans)


RELATIVE_DAYS = (("the day before yesterday", -2), ("yesterday", -1), ("last night", -1), ("today", 0),
                 ("this morning", 0), ("tonight", 0))
SENTENCE_END = re.compile(r"[.!?](?:\s|$)|\n")
RELATIVE_ANCHOR_REACH = 160  # characters between a relative day word and the anchor's cue


def _relative_anchor(text: str, ahits: list, year: int | None) -> tuple[date, str, Span] | None:
    """A catalogued event mentioned next to a relative day word ("the Astana-format meeting of
    ministers the day before yesterday") fixes the publication date: the event's date minus the
    offset.  Several catalogued events can fit the same cues (recurring meetings): the
    candidates are kept only if on/after every other anchor the document mentions and in the
    document's year when one is known; the earliest remaining one wins, none when none remains."""
    rx = "|".join(re.escape(w) for w, _ in RELATIVE_DAYS)
    offsets = dict(RELATIVE_DAYS)
    for m in re.finditer(rf"\b(?:{rx})\b", text, re.I):
        word = m.group(0).lower()
        # the anchor's cue in the same sentence as the relative word, and close to it
        ss = max(text.rfind(". ", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
        se_m = SENTENCE_END.search(text, m.end())
        se = se_m.start() if se_m else len(text)
        near = [(a, s, e) for a, s, e, _ in ahits
                if ss <= s < se and abs(s - m.start()) <= RELATIVE_ANCHOR_REACH]
        if not near:
            continue
        near_ids = {id(a) for a, _, _ in near}
        others = [a["date"] for a, _, _, _ in ahits if id(a) not in near_ids]
        lower = max(others) if others else None
        cands = sorted(
            (a["date"] - timedelta(days=offsets[word]), a) for a, _, _ in near
            if (lower is None or a["date"] >= lower) and (year is None or a["date"].year == year)
        )
        if not cands:
            continue
        pd, a = cands[0]
        note = f"{m.group(0)!r} next to {a['name']} ({a['date'].isoformat()}) -> published {pd.isoformat()}"
        return pd, note, Span(m.start(), m.end(), m.group(0))
    return None


def _relative_cues(text: str) -> list[tuple[str, int]]:
    cues = []
    for kind, rx in (
        ("yesterday", r"\b(?:yesterday|last night)\b"),
        ("today", r"\b(?:today|tonight|this morning|hours ago|a few hours ago)\b"),
        ("week", r"\b(?:last week|this week|in recent days|the past few days|recently)\b"),
    ):
        for m in re.finditer(rx, text, re.I):
            cues.append((kind, m.start()))
    return cues


def _weekday_constraint(text: str) -> int | None:
    """'yesterday, Thursday' -> publication is Friday."""
    m = re.search(rf"\byesterday,?\s+\(?(?P<wd>{_dates.WEEKDAY})", text)
    if m:
        return (_dates.WEEKDAYS[m.group("wd").lower()] + 1) % 7
    m = re.search(rf"\btoday,?\s+\(?(?P<wd>{_dates.WEEKDAY})", text)
    if m:
        return _dates.WEEKDAYS[m.group("wd").lower()]
    return None
