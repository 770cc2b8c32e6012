"""Date expressions -> :class:`TimeMention`: rules first (``_dates.scan``), spaCy DATE/TIME
entities second (only for what the rules did not cover; normalised by a guarded dateparser
fallback on the entity text alone -- never a search over raw text)."""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from dateparser.date import DateDataParser

from eventwatch.models import Document, Span, TimeMention
from eventwatch.resolve import _dates
from eventwatch.resolve._dates import Found, scan
from eventwatch.resolve.time.dateline import find_dateline

if TYPE_CHECKING:
    from spacy.tokens import Doc


def to_mention(f: Found) -> TimeMention:
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
_NOT_DATE = re.compile(r"%|\b(?:percent|per cent|km|kilomet|hours?|minutes?|seconds?)\b", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _dateparser(text: str, pub: date | None) -> tuple[str, str] | None:
    """Guarded dateparser fallback on an entity's text alone; cached per (text, pub)."""
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
    except (ValueError, TypeError, OverflowError):  # dateparser's errors on odd input
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
    if (prec == "day" and not re.search(r"\d{1,2}(?!\d)|\b(?:today|yesterday)\b", etext, re.IGNORECASE)
            and re.search(_dates.WEEKDAY, etext) is None):
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
        return to_mention(best)
    return _ent_mention(text, 0, len(text), published)


# --------------------------------------------------------------------------- resolve
def resolve_times(doc: Doc, document: Document, published: date | None = None) -> list[TimeMention]:
    """All date expressions of the document, normalised against its publication date.

    ``published`` overrides ``document.published`` (e.g. an inferred date) without writing
    it.  When neither is known, relative expressions are skipped and only expressions with
    a year are resolved -- nothing is invented.

    The dateline (:func:`~eventwatch.resolve.time.dateline.find_dateline`) dates the
    publication, not an event: it is not a mention.
    """
    pub = published or document.published
    text = document.text
    line = find_dateline(text)
    skip = (line.span.start, line.span.end) if line is not None else (0, 0)
    found = [f for f in scan(text, pub) if f.date and not (f.start < skip[1] and skip[0] < f.end)]
    out = [to_mention(f) for f in found]
    for ent in getattr(doc, "ents", ()):
        if ent.label_ not in ("DATE", "TIME"):
            continue
        s, e = ent.start_char, ent.end_char
        if any(s < f.end and f.start < e for f in found) or (s < skip[1] and skip[0] < e):
            continue
        tm = _ent_mention(text, s, e, pub)
        if tm is not None:
            out.append(tm)
    out.sort(key=lambda t: t.span.start)
    return out

