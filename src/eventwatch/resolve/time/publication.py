"""Publication-date inference for undated documents: the dateline, else the internal
evidence (latest dated point, yearless dates, anchor events, relative pins).  See docs/time.md."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from eventwatch.models import Document, Span
from eventwatch.resolve import _dates
from eventwatch.resolve._dates import Found, scan
from eventwatch.resolve.time._lexicon import lexicon
from eventwatch.resolve.time.dateline import find_dateline

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(slots=True)
class PublicationEstimate:
    """A publication date inferred from the text (or copied from metadata)."""

    date: date
    confidence: float
    evidence: str
    spans: list[Span] = field(default_factory=list)
    source: str = "inferred"  # "inferred" | "dateline" | "metadata"



def _anchor_list(kb_events: Iterable[dict] | None) -> list[dict]:
    out = []
    for a in list(lexicon().get("anchors", []) or []) + list(kb_events or []):
        try:
            d = a["date"] if isinstance(a["date"], date) else date.fromisoformat(str(a["date"]))
        except (KeyError, TypeError, ValueError):
            continue  # a malformed anchor record is skipped, not fatal
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
                if first is not None:  # every cue group matched (there is at least one)
                    s = para_m.start() + first[0]
                    hits.append((a, s, s + len(first[1]), (para_m.start(), para_m.end())))
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
    line = find_dateline(text)
    if line is not None:
        cue = f"{line.cue} " if line.cue else ""
        return PublicationEstimate(line.date, line.confidence, f"dateline {cue}{line.span.text!r}",
                                   [line.span], "dateline")
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
    for m in re.finditer(rf"\b(?:{rx})\b", text, re.IGNORECASE):
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
        for m in re.finditer(rx, text, re.IGNORECASE):
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
