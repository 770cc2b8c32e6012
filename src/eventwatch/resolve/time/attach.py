"""When an event happened: the governing time expression of a trigger and the events
stage's single time decision (:func:`event_time`).  See docs/time.md."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from eventwatch.models import Document, Span, TimeMention
from eventwatch.nlp.pipeline import doc_text
from eventwatch.resolve import _dates
from eventwatch.resolve.time._lexicon import lexicon, recency_rx
from eventwatch.resolve.time.dateline import find_dateline
from eventwatch.resolve.time.syntax import (
    attribution_verb,
    body_sections,
    clause_head,
    in_quote,
    is_heading_line,
    past_tense,
    present_tense,
    quote_spans,
    reported_clause,
    tense_head,
    token_at,
    verb_tense,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

CURRENT_STATUSES = frozenset({"occurred", "claimed", "threatened", "failed", "planned", "denied"})
# statuses for which a completed past / perfect clause dates to the recent past (pub - 1)
INHERIT_TENSES = ("past", "perfect")
_COMPLETED_STATUSES = frozenset({"occurred", "claimed", "failed", "denied", "threatened"})


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
    1b. governing clause: a mention attached to a clause that dominates the trigger's
       ("On 13 January, students gathered to protest the suspension of pupils who had
       protested on 13 December": "protest" takes 13 January, the date of the clause it is
       embedded in, not the nearer date of a clause embedded in it); the nearest such clause;
    2. same sentence: the nearest mention (ties go to the one before the trigger);
    3. paragraph: the last mention between ``paragraph_start`` and the sentence start.
    Returns None if none applies.
    """
    times = list(times)
    in_sent = [t for t in times if t.span.start >= sentence_start and t.span.end <= sentence_end]
    if in_sent and trigger is not None:
        doc = trigger.doc
        th = clause_head(trigger)
        governing = _governing_clauses(th)
        same: list[TimeMention] = []
        above: list[tuple[int, TimeMention]] = []
        for t in in_sent:
            tok = token_at(doc, t.span.start)
            if tok is None:
                continue
            # the expression's syntactic root within its span
            span = doc.char_span(t.span.start, t.span.end, alignment_mode="expand")
            root = span.root if span is not None and len(span) else tok
            head = clause_head(root)
            if head == th:
                same.append(t)
            elif head.i in governing:
                above.append((governing[head.i], t))
        if same:
            return min(same, key=lambda t: _dist(t, trigger_char))
        if above:
            return min(above, key=lambda a: (a[0], _dist(a[1], trigger_char)))[1]
    if in_sent:
        return min(in_sent, key=lambda t: _dist(t, trigger_char))
    if paragraph_start is not None and not (trigger is not None and present_tense(trigger)):
        # a bare year in an earlier sentence is background ("following a truce in 2014"),
        # not the narrative's time
        before = [
            t for t in times
            if t.span.start >= paragraph_start and t.span.end <= sentence_start and not t.future
            and not (t.precision == "year" and t.end is None)
        ]
        if before:
            return max(before, key=lambda t: t.span.start)
    return None



def _main_clause_mentions(doc: Doc | None, mentions: list[TimeMention],
                          quotes: list[tuple[int, int]]) -> list[TimeMention]:
    """Mentions that date the narrative, not a background detail: outside quotations and
    attached to the sentence's main clause (its root or a conjunct of it), not to a
    relative / adverbial / complement clause ("who took part in ... on April 4, 2017")."""
    out = []
    for m in mentions:
        if in_quote(quotes, m.span.start):
            continue
        if doc is None:
            out.append(m)
            continue
        span = doc.char_span(m.span.start, m.span.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        head = clause_head(span.root)
        while head.dep_ == "conj" and head.head.i != head.i:
            head = head.head
        if head.dep_ == "ROOT" or head.head.i == head.i:
            out.append(m)
    return out


def _governing_clauses(head: Token) -> dict[int, int]:
    """Token index -> distance of each clause head that dominates ``head`` (its ancestors'
    clause heads, nearest first)."""
    out: dict[int, int] = {}
    t = head
    for n in range(1, 12):
        if t.head.i == t.i:
            break
        t = clause_head(t.head)
        if t.i in out:
            break
        out[t.i] = n
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
    quotes = quote_spans(doc, text)
    tense: str | None = None
    speech_tok = None
    if trigger_token is not None:
        q = in_quote(quotes, tchar)
        if q is not None and doc is not None:
            speech_tok = attribution_verb(doc, q, text)
        tense = verb_tense(speech_tok) if speech_tok is not None else None
        if tense is None:
            tense = verb_tense(tense_head(trigger_token))
        if tense is None:
            if present_tense(trigger_token):
                tense = verb_tense(tense_head(trigger_token)) or "present"
            elif past_tense(trigger_token):
                tense = "past"
    if speech_tok is not None and tense in ("past", "perfect"):
        # a reported event keeps its own date: a date inside the same quotation and sentence
        q = in_quote(quotes, tchar)
        own = [m for m in times if s0 <= m.span.start and m.span.end <= s1
               and q is not None and q[0] <= m.span.start < q[1]]
        if own:
            return governing_time(own, s0, s1, tchar, None, trigger=trigger_token)
        # the statement's own time: a date in the attribution's sentence, else as below
        ss = speech_tok.sent
        t = governing_time(times, ss.start_char, ss.end_char, speech_tok.idx, None, trigger=speech_tok)
        if t is not None and not in_quote(quotes, t.span.start):
            return t
        t = None
    else:
        t = governing_time(times, s0, s1, tchar, para_start,
                           trigger=trigger_token if speech_tok is None else None)
    if t is None and speech_tok is None and trigger_token is not None:
        t = _antecedent_time(doc, trigger_token, times, text, s0)
        if t is None and tense in INHERIT_TENSES:
            t = _following_occurrence_time(trigger_token, times, text)
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
                if is_heading_line(line):
                    break
                seen += 1
                prev = [m for m in times if ps <= m.span.start and m.span.end <= pe and not m.future]
                prev = _main_clause_mentions(doc, prev, quotes)
                if prev:
                    m = max(prev, key=lambda m: m.span.start)
                    prec = "week" if m.precision == "day" and not m.end else m.precision
                    return TimeMention(span=m.span, date=m.date, precision=prec, end=m.end,
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
    span = Span(ev.idx, ev.idx + len(ev.text), ev.text) if ev is not None else Span(s0, s0, "")
    if tense in ("past", "perfect") and (status is None or status in _COMPLETED_STATUSES):
        lag = recent_past_lag(doc, document)
        return TimeMention(span=span, date=(pub - timedelta(days=lag)).isoformat(), precision="day",
                           relative=True)
    return TimeMention(span=span, date=pub.isoformat(), precision="week", relative=True)


def _following_occurrence_time(trigger: Token, times: list[TimeMention], text: str) -> TimeMention | None:
    """The date a next sentence of the same paragraph gives to the event just told: "The
    coalition struck the SDF in Tabqa. The incident occurred on April 11." -- a definite event
    noun as the subject of an occurrence verb (lexicon ``occurrence_verbs``: occur, happen;
    take place), also as the complement of a report ("the agency said the casualties occurred
    between Nov. 14 and 17")."""
    doc = trigger.doc
    sent = trigger.sent
    if sent.end >= len(doc):
        return None
    para_end = text.find("\n", trigger.idx)
    if 0 <= para_end < doc[sent.end].idx:
        return None  # the next sentence opens another paragraph
    nxt = doc[sent.end].sent
    verbs = lexicon().get("occurrence_verbs", []) or []
    for head in [nxt.root, *(c for c in nxt.root.children if c.dep_ == "ccomp")]:
        lemma = head.lemma_.lower()
        if not (lemma in verbs or (lemma == "take" and any(c.lower_ == "place" for c in head.children))):
            continue
        subj = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or not any(c.dep_ == "det" and c.lower_ in ANAPHORIC_DETS for c in subj.children):
            continue
        found = governing_time(times, nxt.start_char, nxt.end_char, head.idx, None, trigger=head)
        if found is not None and not found.future:
            return found
    return None


def recent_past_lag(doc: Doc | None, document: Document | None) -> int:
    """Days between an undated completed event and the publication date.

    A dateline is the time stamp of wire copy filed the day of the events it reports
    ("6 October 2016 Aleppo SANA- Terrorist organizations fired ..."): 0 days when the
    publication date is the document's own dateline.  Otherwise news reports the previous
    day's events: 1 day.  Cached per document in ``doc.user_data``.
    """
    if document is None or document.published is None:
        return 1
    if doc is not None and "ew_time_lag" in doc.user_data:
        return int(doc.user_data["ew_time_lag"])
    line = find_dateline(document.text)
    lag = 0 if line is not None and line.date == document.published else 1
    if doc is not None:
        doc.user_data["ew_time_lag"] = lag
    return lag


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
        if is_heading_line(text[prev:lo - 1]):
            break
        lo = prev
    first = token_at(doc, lo)
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
    if recency_rx().search(text, p0, p1):
        return False
    in_para = [m for m in times if p0 <= m.span.start < p1]
    if in_para:
        if not all(_older_than(m, pub, BACKGROUND_DAYS) for m in in_para):
            return False
    else:
        sections = body_sections(doc, text)
        here = next(((a, b) for a, b in sections if a <= c < b), None)
        if here is None or here == sections[0]:
            return False  # the lead section (or no body structure): hot-news perfect
        if any(here[0] <= m.span.start < here[1] for m in times):
            return False
    return not reported_clause(trigger)


def _older_than(m: TimeMention, pub: date, days: int) -> bool:
    """Whether the whole period of ``m`` ends more than ``days`` before ``pub``."""
    end = _dates.last_day(m.end or m.date)
    return end is not None and not m.future and (pub - end).days > days



def _dist(t: TimeMention, c: int) -> tuple[int, int]:
    if t.span.start <= c < t.span.end:
        return (0, 0)
    d = c - t.span.end if t.span.end <= c else t.span.start - c
    return (d, 0 if t.span.end <= c else 1)

