"""Text cleaning: web boilerplate lines, trailing reader comments, minimal whitespace.

Everything removed is recorded as :class:`eventwatch.models.Removed` with offsets into the
text given to :func:`clean` (plus ``offset``), so callers can map them back to the raw input.

Cleaning is line based and conservative: a line is either kept verbatim (minus trailing
spaces) or dropped whole, so every line of the cleaned text is a substring of the input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from eventwatch.models import Removed

LEXICON = Path(__file__).resolve().parents[1] / "data" / "lexicons" / "boilerplate.yaml"

__all__ = ["Cleaned", "clean", "is_boilerplate", "normalise_whitespace"]


@dataclass(slots=True)
class Cleaned:
    text: str
    removed: list[Removed] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Lexicon:
    exact: frozenset[str]
    prefix: tuple[str, ...]
    regex: tuple[re.Pattern[str], ...]
    trailing: frozenset[str]
    comment_headers: tuple[re.Pattern[str], ...]
    max_prefix_words: int


@lru_cache(maxsize=4)
def _load_lexicon(path: str = str(LEXICON)) -> _Lexicon:
    data: dict[str, Any] = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}

    def norm_list(key: str) -> list[str]:
        return [_trim(str(x)) for x in data.get(key) or [] if str(x).strip()]

    return _Lexicon(
        exact=frozenset(norm_list("exact")),
        prefix=tuple(sorted(set(norm_list("prefix")), key=len, reverse=True)),
        regex=tuple(re.compile(str(x), re.I) for x in data.get("regex") or []),
        trailing=frozenset(norm_list("trailing")),
        comment_headers=tuple(re.compile(str(x), re.I) for x in data.get("comment_headers") or []),
        max_prefix_words=int(data.get("max_prefix_words", 12)),
    )


_TRIM_CHARS = " \t\u00a0\u200b\ufeff•·*►▶→-–—|»«>›‹<:.!…,;~=_#"
_SPACES = re.compile(r"\s+")


def _trim(line: str) -> str:
    return _SPACES.sub(" ", line.strip(_TRIM_CHARS)).strip(_TRIM_CHARS).lower()


def is_boilerplate(line: str, lexicon: _Lexicon | None = None) -> bool:
    """True when the whole ``line`` is web boilerplate ("Skip to main content", "Share on X"...)."""
    lex = lexicon or _load_lexicon()
    t = _trim(line)
    if not t:
        return False
    if t in lex.exact:
        return True
    if len(t.split()) <= lex.max_prefix_words:
        for p in lex.prefix:
            if t.startswith(p) and (len(t) == len(p) or not t[len(p)].isalnum()):
                return True
    return any(r.fullmatch(t) for r in lex.regex)


# --------------------------------------------------------------------------- reader comments
_QUOTES = re.compile(r"[\"“”„«»]")
_NEWSY = re.compile(
    r"\b(said|says|told|according to|reported|reports|announced|stated|added|claimed|confirmed|"
    r"denied|quoted|wrote|posted|tweeted|chanted|shouted|reporting by|editing by|writing by|"
    r"additional reporting)\b",
    re.I,
)
# interview / transcript speaker labels ("Q:", "A:", "Reporter:", "Gen. Name:") mark article text
_SPEAKER = re.compile(r"(Q|A|[A-Z][\w.'’ -]{0,30}?)\s*:\s+\S")
_FIRST_PERSON = re.compile(r"\b(I|I'm|I’m|I've|I’ve|I'd|I’d|my|me|myself)\b")
_TIMESTAMP = re.compile(
    r"((\w+\.? \d{1,2},? \d{4}|\d{1,2} \w+\.?,? \d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4})"
    r",? (at )?\d{1,2}:\d{2}( ?[ap]\.?m\.?)?|\d+ (seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?) ago)",
    re.I,
)
_USER_SAYS = re.compile(r"\S+( \S+){0,3} (says|wrote|commented|replied)\s*:?", re.I)
_REACTION_WORDS = frozenset({"reply", "like", "likes", "report", "report abuse", "flag", "upvote", "downvote",
                             "reply ↓", "permalink", "loading"})


def _comment_signal(line: str) -> str | None:
    """'strong', 'weak' or None (not comment-like) for one non-blank line."""
    s = line.strip()
    low = _trim(s)
    if _TIMESTAMP.fullmatch(low) or _USER_SAYS.fullmatch(s.strip()) or low in _REACTION_WORDS:
        return "strong"
    # username + timestamp on one line: "mike77 January 30, 2020 at 10:15 pm"
    m = _TIMESTAMP.search(s)
    if m and m.end() >= len(s.rstrip(" .")) - 1 and len(s[: m.start()].split()) <= 3:
        return "strong"
    if _QUOTES.search(s) or _NEWSY.search(s) or _SPEAKER.match(s):
        return None
    if "!" in s:
        return "strong"
    words = s.split()
    if _FIRST_PERSON.search(s) or s.endswith("?"):
        return "weak"
    if len(words) <= 4 and not s.endswith(".") and not low.startswith("by "):
        return "weak"
    return None


@dataclass(slots=True)
class _Line:
    start: int  # offset of the line content in the input
    end: int  # end of the content (newline excluded)
    content: str
    keep: bool = True

    @property
    def blank(self) -> bool:
        return not self.content.strip()


_NEWLINE = re.compile(r"\r\n|\r|\n")


def _split_lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    pos = 0
    for m in _NEWLINE.finditer(text):
        lines.append(_Line(pos, m.start(), text[pos : m.start()]))
        pos = m.end()
    lines.append(_Line(pos, len(text), text[pos:]))
    return lines


def _drop_trailing(lines: list[_Line], lex: _Lexicon, removed: list[Removed]) -> None:
    for ln in reversed(lines):
        if not ln.keep or ln.blank:
            continue
        t = _trim(ln.content)
        if t in lex.trailing or is_boilerplate(ln.content, lex):
            ln.keep = False
            removed.append(Removed("boilerplate", ln.content, ln.start, ln.end))
            continue
        break


def _find_comments(lines: list[_Line], lex: _Lexicon) -> int | None:
    """Index (into ``lines``) where trailing reader comments begin, or None."""
    kept = [i for i, ln in enumerate(lines) if ln.keep and not ln.blank]
    if len(kept) < 3:
        return None
    total = sum(len(lines[i].content) for i in kept)
    # 1. an explicit comment-section header ("3 Comments", "Leave a Reply") in the latter part
    seen = 0
    for n, i in enumerate(kept):
        t = _trim(lines[i].content)
        if n >= 2 and seen >= 0.4 * total and any(r.fullmatch(t) for r in lex.comment_headers):
            return i
        seen += len(lines[i].content)
    # 2. a run of reaction-like lines at the very end, after a non-comment-like ("newsy") line
    run: list[tuple[int, str]] = []
    for i in reversed(kept):
        sig = _comment_signal(lines[i].content)
        if sig is None:
            break
        run.append((i, sig))
    if not run or len(run) == len(kept):
        return None
    run.reverse()
    body = [i for i in kept if i < run[0][0]]
    body_chars = sum(len(lines[i].content) for i in body)
    if len(body) < 3 and body_chars < 500:
        return None
    strong = sum(1 for _, s in run if s == "strong")
    if len(run) >= 2 and strong >= 1:
        return run[0][0]
    if len(run) == 1:
        only = lines[run[0][0]].content
        t = _trim(only)
        if "!!" in only or _TIMESTAMP.fullmatch(t) or _USER_SAYS.fullmatch(only.strip()):
            return run[0][0]
    return None


_MANY_BLANKS = re.compile(r"\n{3,}")


def normalise_whitespace(text: str) -> str:
    """Unify newlines to \\n, strip trailing spaces, collapse 3+ newlines, trim blank edges."""
    lines = [ln.rstrip() for ln in _NEWLINE.split(text)]
    return _MANY_BLANKS.sub("\n\n", "\n".join(lines)).strip("\n")


def clean(text: str, *, offset: int | None = 0, lexicon: Path | None = None) -> Cleaned:
    """Remove boilerplate lines and trailing reader comments; normalise whitespace minimally.

    ``offset`` is added to the recorded :class:`Removed` offsets (the position of ``text`` in
    the raw input); ``None`` records no offsets (the input is not a slice of the raw text).
    Never raises on any ``str``.
    """
    lex = _load_lexicon(str(lexicon or LEXICON))
    lines = _split_lines(text)
    removed: list[Removed] = []
    for ln in lines:
        if not ln.blank and is_boilerplate(ln.content, lex):
            ln.keep = False
            removed.append(Removed("boilerplate", ln.content, ln.start, ln.end))
    _drop_trailing(lines, lex, removed)
    cut = _find_comments(lines, lex)
    if cut is not None:
        tail = [ln for ln in lines[cut:] if ln.keep and not ln.blank]
        start, end = lines[cut].start, tail[-1].end if tail else lines[cut].end
        removed.append(Removed("comments", text[start:end], start, end))
        for ln in lines[cut:]:
            ln.keep = False
        _drop_trailing(lines, lex, removed)
    removed.sort(key=lambda r: r.start or 0)
    if offset is None:
        for r in removed:
            r.start = r.end = None
    elif offset:
        for r in removed:
            r.start = (r.start or 0) + offset
            r.end = (r.end or 0) + offset
    out = normalise_whitespace("\n".join(ln.content for ln in lines if ln.keep))
    return Cleaned(out, removed)
