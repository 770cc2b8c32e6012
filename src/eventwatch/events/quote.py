"""The evidence quote of an event report: the shortest verbatim span that states it.

A sentence that reports one event is quoted whole. A sentence that reports several ("On
August 18 the patrol was attacked, and again on August 25 when a convoy was damaged") is
cut into the clause of each event: the subtree of the clause head governing the trigger,
less the sub-clauses (conjoined, adverbial, parenthetical) that hold another event's
trigger. The quote stays contiguous: a sub-clause in the middle of the clause is kept unless it
holds another event's trigger, where the quote ends.
Short cuts (fewer than ``MIN_TOKENS`` words) fall back to the whole sentence, so that a
quote always reads as a statement.
"""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from eventwatch.models import Span

# dependency labels that open a clause of their own
CLAUSE_DEPS = frozenset({"ROOT", "conj", "advcl", "ccomp", "relcl", "parataxis", "acl"})
# edge tokens trimmed from a cut clause (", and", "when", quotes and dashes)
EDGE_DEPS = frozenset({"cc", "punct", "mark"})
MIN_TOKENS = 4


def _clause_head(tok: Token, seg: SpacySpan) -> Token:
    """The nearest ancestor (or the token) that heads a verbal clause inside the sentence."""
    cur = tok
    while True:
        if (cur.dep_ in CLAUSE_DEPS and cur.pos_ in ("VERB", "AUX")) or cur.head.i == cur.i:
            return cur  # spaCy makes a new Token object on each access: compare indices
        if not (seg.start <= cur.head.i < seg.end):
            return cur
        cur = cur.head


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and (text[s].isspace() or text[s] in ",;:-–—"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:-–—"):
        e -= 1
    return s, e


def sentence_span(seg: SpacySpan, text: str) -> Span:
    s, e = _trim(text, seg.start_char, seg.end_char)
    return Span(s, e, text[s:e])


def event_quote(seg: SpacySpan, triggers: list[Token], others: list[Token], text: str) -> Span:
    """Quote for the event of ``triggers`` in sentence ``seg`` beside the ``others`` events' triggers."""
    others = [o for o in others if seg.start <= o.i < seg.end and all(o.i != t.i for t in triggers)]
    own = [t for t in triggers if seg.start <= t.i < seg.end]
    if not others or not own:
        return sentence_span(seg, text)
    other_ids = {o.i for o in others}
    own_ids = {t.i for t in own}
    keep: set[int] = set()
    for t in own:
        head = _clause_head(t, seg)
        excluded: set[int] = set()
        for c in head.subtree:
            # any sub-clause below the head ("..., and again on May 9 when a convoy was hit": the
            # relative clause hangs from the date) that states another event and not this one
            if c.i != head.i and c.dep_ in CLAUSE_DEPS and c.dep_ != "ROOT":
                sub = {x.i for x in c.subtree}
                if sub & other_ids and not (own_ids & sub):
                    excluded |= sub
        kept = {x.i for x in head.subtree if seg.start <= x.i < seg.end} - excluded
        later = [x for x in excluded if x > max(own_ids)]
        if later:
            # "X was attacked, and again on May 9 when ...": the coordinator ends this event's clause
            cut = next((c.i for c in head.children if c.dep_ == "cc" and max(own_ids) < c.i < min(later)), None)
            if cut is not None:
                kept = {i for i in kept if i < cut}
        keep |= kept
    if not keep:
        return sentence_span(seg, text)
    # the contiguous run(s) of kept tokens around the event's own triggers: an excluded sub-clause
    # ends the quote rather than being spanned over ("X was attacked, and on May 9 when Y ...")
    runs: list[tuple[int, int]] = []
    for i in sorted(keep):
        if runs and i == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    mine = [r for r in runs if any(r[0] <= i <= r[1] for i in own_ids)] or runs
    first, last = min(r[0] for r in mine), max(r[1] for r in mine)
    doc = seg.doc
    while first < last and doc[first].dep_ in EDGE_DEPS:
        first += 1
    while last > first and doc[last].dep_ in EDGE_DEPS and doc[last].text not in ("”", "\"", ")"):
        last -= 1
    if last - first + 1 < MIN_TOKENS:
        return sentence_span(seg, text)
    s, e = _trim(text, doc[first].idx, doc[last].idx + len(doc[last].text))
    return Span(s, e, text[s:e])
