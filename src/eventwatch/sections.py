"""Long documents in sections: bounded per-section work, offsets mapped back to the document.

The resolve and events stages scan their document (context windows, coreference, per-event
searches), so their cost grows faster than the text.  A document longer than
``max_chars`` is cut into sections at paragraph boundaries (else sentence ends, else
whitespace, else anywhere); each section is parsed and resolved on its own, so the work per
document is linear in its length and the memory per section is bounded.  Every
:class:`~eventwatch.models.Span` found in a section is shifted back into document offsets
by :func:`shift_spans`.

A run of non-whitespace characters longer than ``max_run`` (20 KB of quotes, a base64 blob)
makes the tokenizer's prefix/suffix search quadratic in the run; such runs are cut into
sections of their own of at most ``max_run`` characters.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from eventwatch.models import Span

#: longest section handed to spaCy and the resolvers (the sample articles are 3-9 KB: one section)
SECTION_CHARS = 12_000
#: longest run of non-whitespace characters one section may hold
MAX_RUN = 500

_PARAGRAPH = re.compile(r"\n[ \t]*\n\s*")
_SENTENCE = re.compile(r"(?<=[.!?])[\"')\]]?\s+|\n")
_SPACE = re.compile(r"\s+")


def split_sections(text: str, max_chars: int = SECTION_CHARS, max_run: int = MAX_RUN) -> list[tuple[int, int]]:
    """``[(start, end), ...]`` covering ``text`` in order; each at most ``max_chars`` long and
    holding no non-whitespace run longer than ``max_run``.  A text that already fits is one section."""
    if len(text) <= max_chars and not _has_long_run(text, max_run):
        return [(0, len(text))]
    out: list[tuple[int, int]] = []
    for a, b in _pieces(text, 0, len(text), max_chars, max_run):
        if out and b - out[-1][0] <= max_chars and not _has_long_run(text[out[-1][0]:b], max_run):
            out[-1] = (out[-1][0], b)  # pack small pieces together up to max_chars
        else:
            out.append((a, b))
    return out


def _has_long_run(text: str, max_run: int) -> bool:
    return re.search(rf"\S{{{max_run + 1}}}", text) is not None


def _pieces(text: str, start: int, end: int, max_chars: int, max_run: int) -> list[tuple[int, int]]:
    """Cut ``text[start:end]`` at the coarsest boundaries that give pieces within the limits."""
    if end - start <= max_chars and not _has_long_run(text[start:end], max_run):
        return [(start, end)]
    for boundary in (_PARAGRAPH, _SENTENCE, _SPACE):
        cuts = [m.end() for m in boundary.finditer(text, start, end) if start < m.end() < end]
        if cuts:
            out: list[tuple[int, int]] = []
            prev = start
            for c in [*cuts, end]:
                if c > prev:
                    out.extend(_pieces(text, prev, c, max_chars, max_run))
                prev = c
            return out
    step = min(max_chars, max_run)  # one unbroken run: cut it anywhere
    return [(a, min(a + step, end)) for a in range(start, end, step)]


def shift_spans(obj: Any, delta: int, _seen: dict[int, Any] | None = None) -> Any:
    """Shift every :class:`Span` reachable from ``obj`` (dataclasses, lists, tuples, dicts) by
    ``delta`` characters, in place; returns ``obj`` (a new ``Span`` when ``obj`` is one).
    Objects reachable along several paths (an actor mention listed in the analysis and in an
    event) are shifted once: pass the same ``_seen`` dict to calls over one result."""
    if delta == 0:
        return obj
    seen = _seen if _seen is not None else {}  # id -> object (kept alive so that no id is reused)
    if isinstance(obj, Span):
        return Span(obj.start + delta, obj.end + delta, obj.text)
    if isinstance(obj, list):
        if id(obj) not in seen:
            seen[id(obj)] = obj
            obj[:] = [shift_spans(x, delta, seen) for x in obj]
        return obj
    if isinstance(obj, tuple):
        return type(obj)(shift_spans(x, delta, seen) for x in obj) if any(_may_hold_span(x) for x in obj) else obj
    if isinstance(obj, dict):
        if id(obj) not in seen:
            seen[id(obj)] = obj
            for k, v in obj.items():
                obj[k] = shift_spans(v, delta, seen)
        return obj
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        if id(obj) in seen:
            return obj
        seen[id(obj)] = obj
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if _may_hold_span(value):
                setattr(obj, f.name, shift_spans(value, delta, seen))
    return obj


def _may_hold_span(value: Any) -> bool:
    return isinstance(value, Span | list | tuple | dict) or (
        dataclasses.is_dataclass(value) and not isinstance(value, type)
    )
