"""The dateline: the publication date a document states in its header.

News texts scraped without metadata still carry their dateline at the top: "Sun 16 Apr
2017", "Published October 15 2016", "Posted on April 19 2017 by ...", "Last updated at
Nov 272017" (day and year glued), "04.07.2015", or, after a repeat of the headline, an
agency and weekday ("... on Aleppo AFP Sunday 30 Oct 2016 Syrias regime ...").

A dateline is an absolute day date (with its year) in one of the first ``HEADER_LINES``
non-empty lines, at the start of the line or after the repeated title, preceded by at most
``MAX_CUE_WORDS`` words that are header words: lexicon ``dateline_cues`` ("published",
"posted on", "date of publication"), or capitalised words (agencies, weekdays).  A date
after any other lower-case word is part of a sentence, not a dateline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from eventwatch.models import Span
from eventwatch.resolve._dates import scan
from eventwatch.resolve.time._lexicon import lexicon

__all__ = ["Dateline", "find_dateline"]

HEADER_LINES = 3  # the title, a byline or standfirst, the first body line
MAX_CUE_WORDS = 8
MIN_TITLE_REPEAT = 3  # words a body line must share with the title to count as its repeat
DATELINE_KINDS = frozenset({"iso", "mdy", "dmy", "mdy_glued", "num_dmy"})
CONFIDENCE = 0.9


@dataclass(frozen=True, slots=True)
class Dateline:
    """A header date: the date, its evidence span and the header words before it."""

    date: date
    span: Span
    cue: str
    confidence: float = CONFIDENCE


@lru_cache(maxsize=1)
def _words(key: str) -> frozenset[str]:
    return frozenset(str(w).lower() for w in lexicon().get(key, []) or [])


_WORD = re.compile(r"\S+")
_CLOCK = re.compile(r"\d{1,2}:\d\d|\d{3,4}")  # "18:14", "1459" (colon lost)


def _header_words(words: list[str], title_line: bool) -> bool:
    """Whether ``words`` (before a date) can be a header: cue words, capitalised words
    (agencies, weekdays, places), clock times; link words ("on", "at") only after one.  On
    the first line (the headline: "Clashes on 04.07.2015 in Bor") only cue words."""
    cues, links = _words("dateline_cues"), _words("dateline_links")
    for i, word in enumerate(words):
        core = word.strip("()[]{}.,;:'\"_|")
        low = core.lower()
        if low in links:
            if i == 0:
                return False
            continue
        if word.lower() in cues or low in cues or _CLOCK.fullmatch(core):
            continue
        if title_line or not core or not core[0].isupper():
            return False
    return True


def _title_repeat(line: str, title: str) -> tuple[int, int]:
    """(start, end) in ``line`` of a repeat of ``title`` that starts among its first words
    ("UPDATED <title> AFP Monday 3 Oct 2016"); (0, 0) when the line does not repeat it."""
    twords = [w.lower() for w in _WORD.findall(title)]
    lwords = list(_WORD.finditer(line))
    if len(twords) < MIN_TITLE_REPEAT:
        return (0, 0)
    for first in range(min(MAX_CUE_WORDS, len(lwords)) + 1):
        n = 0
        for m, tw in zip(lwords[first:], twords, strict=False):
            if m.group(0).lower() != tw:
                break
            n += 1
        if n >= MIN_TITLE_REPEAT:
            return (lwords[first].start(), lwords[first + n - 1].end())
    return (0, 0)


# a dateline sits at the head of its line (after at most a repeated title): the rest of a long
# line (web copy often prints the whole body as one line) is not scanned
LINE_HEAD_CHARS = 400


@lru_cache(maxsize=16)
def find_dateline(text: str) -> Dateline | None:
    """The dateline of ``text`` (see the module docstring), or None.  Cached: the time stage asks
    for it from several places per document."""
    title = ""
    seen = 0
    for m in re.finditer(r"[^\n]+", text):
        line = m.group(0)[:LINE_HEAD_CHARS]
        if not line.strip():
            continue
        seen += 1
        if seen > HEADER_LINES:
            break
        rs, re_ = _title_repeat(line, title) if title else (0, 0)
        for f in scan(line, None):
            if rs <= f.start < re_:
                continue  # a date inside the repeated title
            if not f.date or f.kind not in DATELINE_KINDS:
                break  # the first date of the line decides
            before = line[:f.start] if f.start < rs else line[:rs] + " " + line[re_:f.start]
            words = _WORD.findall(before)
            if len(words) <= MAX_CUE_WORDS and _header_words(words, title_line=not title):
                s = m.start() + f.start
                return Dateline(date.fromisoformat(f.date), Span(s, s + len(f.text), f.text),
                                " ".join(words))
            break
        if not title:
            title = line
    return None
