"""Rule-based date-expression scanner and normaliser (private helper of the ``resolve/time`` package).

Pure Python, no spaCy: ``scan(text, pub)`` finds date expressions with regular expressions
and normalises them against a publication date ``pub`` (or ``None``: then only absolute
expressions -- those that carry a year -- are returned).

Conventions (see docs/time.md):
- month-only expressions keep month precision (``2020-03``), never the publication day;
- a yearless date ("January 29", "in March", "the fifth of March") is the most recent past
  occurrence (including the publication day / month), or the next one in future context;
- "last March" = the most recent March strictly before the publication month;
- weekday names: the most recent such day, the publication day included ("last Friday":
  strictly before; next one if future);
- "last week" = publication - 7 days, week precision; "recently" = publication, week precision;
- "in the past N days/weeks/months" and "since <date>" are ranges ending at publication.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "twenty-first": 21, "twenty-second": 22,
    "twenty-third": 23, "twenty-fourth": 24, "twenty-fifth": 25, "twenty-sixth": 26,
    "twenty-seventh": 27, "twenty-eighth": 28, "twenty-ninth": 29, "thirtieth": 30,
    "thirty-first": 31,
}
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple of": 2,
    "couple of": 2, "a few": 3, "few": 3, "several": 3,
}


def _alts(words: Iterable[str]) -> str:
    ws = sorted(words, key=len, reverse=True)
    out = []
    for w in ws:
        out.append(re.escape(w.capitalize()))
        out.append(re.escape(w.upper()))
    return "|".join(out)


_FULL_MONTHS = [m for m in MONTHS if (len(m) > 3 and m != "sept") or m == "may"]
_ABBR = [m for m in MONTHS if len(m) <= 4 and m not in _FULL_MONTHS and m != "may"]
# Month names are case-sensitive (Title or UPPER): "may" the verb and "march" are never dates.
MONTH = rf"(?:{_alts(_FULL_MONTHS)}|(?:{_alts(_ABBR)})\.?(?![a-z]))"


def MONTH_G(n: str) -> str:
    return rf"(?P<{n}>{MONTH})"


DAYN = r"(?:3[01]|[12]\d|0?[1-9])"
DAY = rf"(?:{DAYN}(?:st|nd|rd|th)?(?![\d:%.,]\d))"
ORDW = "|".join(sorted(ORDINALS, key=len, reverse=True))
DAYORD = rf"(?:{DAYN}(?:st|nd|rd|th)?|(?i:{ORDW}))"
YEAR = r"(?:19\d\d|20\d\d)(?![\d%])(?!s\b)"
NUM = r"(?:\d{1,3}|(?i:a couple of|couple of|a few|few|several|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|an|a))"
WEEKDAY = _alts(WEEKDAYS)


def _ci(words: str) -> str:
    return f"(?i:{words})"


@dataclass(slots=True)
class Found:
    start: int
    end: int
    text: str
    date: str
    precision: str
    end_date: str | None = None
    future: bool = False
    relative: bool = False
    kind: str = ""  # pattern name
    has_year: bool = False
    yearless_md: tuple[int, int] | None = None  # (month, day) for yearless day dates


# --------------------------------------------------------------------------- helpers
def month_num(s: str) -> int:
    return MONTHS[s.lower().rstrip(".")]


def day_num(s: str) -> int:
    s = s.lower()
    if s in ORDINALS:
        return ORDINALS[s]
    return int(re.match(r"\d+", s).group(0))  # type: ignore[union-attr]


def num_val(s: str) -> int:
    s = " ".join(s.lower().split())
    if s.isdigit():
        return int(s)
    return NUMBERS.get(s, 3)


def valid(y: int, m: int, d: int) -> bool:
    return 1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1]


def iso(d: date) -> str:
    return d.isoformat()


def ym(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def add_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year
    m += 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def month_last_day(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def last_day(value: str) -> date | None:
    """The last day covered by an ISO date, month ("YYYY-MM") or year ("YYYY"); None if malformed."""
    try:
        if len(value) >= 10:
            return date.fromisoformat(value[:10])
        if len(value) == 7:
            return month_last_day(int(value[:4]), int(value[5:7]))
        if len(value) == 4:
            return date(int(value), 12, 31)
    except ValueError:
        return None
    return None


def year_for_md(m: int, d: int, pub: date, future: bool) -> int | None:
    """Year of a yearless month/day: most recent past occurrence (next one if future)."""
    y = pub.year
    if future:
        for yy in (y, y + 1):
            if valid(yy, m, d) and date(yy, m, d) >= pub:
                return yy
        return None
    for yy in (y, y - 1, y - 2, y - 3, y - 4):
        if valid(yy, m, d) and date(yy, m, d) <= pub:
            return yy
    return None


def year_for_month(m: int, pub: date, future: bool, strict_past: bool = False) -> int:
    if future:
        return pub.year if m > pub.month or (m == pub.month and not strict_past) else pub.year + 1
    if strict_past:
        return pub.year if m < pub.month else pub.year - 1
    return pub.year if m <= pub.month else pub.year - 1


FUTURE_RE = re.compile(
    r"\b(?:will|shall|won't|(?:is|are|am|be)\s+(?:\w+\s+)?(?:scheduled|expected|set|due|going|planned|slated|to\s+be\s+held)"
    r"|upcoming|plans?\s+to|intends?\s+to)\b|'ll\b",
    re.IGNORECASE,
)


def sentence_window(text: str, start: int, end: int) -> tuple[int, int]:
    a = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start), text.rfind("? ", 0, start),
            text.rfind("! ", 0, start))
    a = a + 1 if a >= 0 else 0
    cands = [i for i in (text.find(". ", end), text.find("\n", end), text.find("? ", end)) if i >= 0]
    b = min(cands) + 1 if cands else len(text)
    return a, b


def is_future_context(text: str, start: int, end: int) -> bool:
    a, b = sentence_window(text, start, end)
    return bool(FUTURE_RE.search(text[a:b]))


# --------------------------------------------------------------------------- patterns
_PATTERNS: list[tuple[str, re.Pattern[str]]] = []


def _p(name: str, rx: str) -> None:
    _PATTERNS.append((name, re.compile(rx)))


_PREP_RANGE = _ci(r"between|from")
_TO = r"(?:and|to|until|till|through|-|–|—)"
_MOD = rf"(?:(?P<mod>{_ci('last|this|next|past')})\s+)?"

_p("iso", rf"\b(?P<y>{YEAR})-(?P<mo>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])\b")
_p("range_dm",
   rf"(?:\b{_PREP_RANGE}\s+(?:the\s+)?)?\b(?P<d1>{DAYORD})\s*{_TO}\s*(?:the\s+)?(?P<d2>{DAYORD})\s+(?:of\s+)?{_MOD}{MONTH_G('m')}(?:,?\s+(?P<y>{YEAR}))?")
_p("range_md",
   rf"(?:\b{_PREP_RANGE}\s+)?{MONTH_G('m')}\s+(?P<d1>{DAY})\s*{_TO}\s*(?:{MONTH_G('m2')}\s+)?(?P<d2>{DAY})\b(?:,?\s+(?P<y>{YEAR}))?")
_p("range_mm",
   rf"\b{_PREP_RANGE}\s+{MONTH_G('m')}(?:\s+(?P<y1>{YEAR}))?\s+{_TO}\s+{MONTH_G('m2')}(?:,?\s+(?P<y>{YEAR}))?")
_p("mdy", rf"{MONTH_G('m')}\s+(?P<d>{DAY}),?\s+(?P<y>{YEAR})")
# day and year glued by a lost space ("Last updated at Nov 272017"): two-digit day + year only
_p("mdy_glued", rf"{MONTH_G('m')}\s+(?P<d>0[1-9]|[12]\d|3[01])(?P<y>{YEAR})")
# numeric day-first dates ("04.07.2015", "17-06-2016"); month-first only when the first
# number cannot be a month ("06-17-2016")
_p("num_dmy", rf"(?<![\d.:/-])(?P<d>\d{{1,2}})(?P<sep>[./-])(?P<mo>\d{{1,2}})(?P=sep)(?P<y>{YEAR})")
_p("dmy", rf"\b(?:the\s+)?(?P<d>{DAYORD})\s+(?:(?:day\s+)?of\s+)?{MONTH_G('m')},?\s+(?P<y>{YEAR})")
_p("my", rf"(?:\b(?P<part>{_ci('early|mid|late|the end of|the beginning of|the start of|the middle of|end of|beginning of|start of')})[\s-]+)?{MONTH_G('m')},?\s+(?:of\s+)?(?P<y>{YEAR})")
_p("dm", rf"\b(?:the\s+)?(?P<d>{DAYORD})\s+(?:(?:day\s+)?of\s+)?{_MOD}{MONTH_G('m')}\b")
_p("md", rf"{MONTH_G('m')}\s+(?P<d>{DAY})\b(?!\s*(?:{_TO})\s*\d)")
_p("m", rf"\b(?P<lead>{_ci('in|since|until|till|by|during|throughout|before|after|from|of|last|this|next|early|mid|late|the end of|the beginning of|the start of|the middle of|end of|beginning of')})[\s-]+(?:(?P<part>{_ci('early|mid|late')})[\s-]+)?{MONTH_G('m')}\b")
_p("y", rf"\b(?P<lead>{_ci('in|since|until|till|by|during|throughout|before|after|from|of|early|mid|late|the end of|the beginning of|the year|year')})[\s-]+(?P<y>{YEAR})\b")
_p("rel_dby", _ci(r"\bthe\s+day\s+before\s+yesterday\b"))
_p("rel_dat", _ci(r"\bthe\s+day\s+after\s+tomorrow\b"))
_p("rel_yest", _ci(r"\b(?:(?:the\s+)?(?:morning|afternoon|evening|night)\s+of\s+yesterday|yesterday(?:\s+(?:morning|afternoon|evening))?|last\s+night)\b"))
# adverbial "overnight" (not "an overnight curfew"): the night before publication
_p("rel_overnight", _ci(r"\bovernight\b(?=\s*(?:[,.;:!?)]|$)|\s+(?:on|in|into|at|near|across|around|and|when|while|as|after|before|with|killing|wounding|from|during|amid|against|along|between|by|over|outside|inside|targeting|leaving|according|a|an|the|said|to)\b)"))
_p("rel_today", _ci(r"\b(?:today|tonight|this\s+(?:morning|afternoon|evening))\b"))
_p("rel_tomorrow", _ci(r"\btomorrow(?:\s+(?:morning|afternoon|evening|night))?\b"))
_p("rel_ago", rf"\b(?P<n>{NUM})\s+(?P<u>{_ci('minute|hour|day|week|month|year')})s?\s+{_ci('ago')}\b")
_p("rel_ago2", _ci(r"\b(?:hours|minutes|days)\s+ago\b"))
_p("rel_past", rf"\b{_ci('in|over|during|within|for')}\s+{_ci('the')}\s+(?P<which>{_ci('past|last|previous')})\s+(?:(?P<n>{NUM})\s+)?(?P<u>{_ci('day|week|month|year')})s?\b")
_p("rel_recent", _ci(r"\b(?:in|over)\s+recent\s+(?P<u>day|week|month)s\b"))
_p("rel_earlier", _ci(r"\b(?P<dir>earlier|later)\s+this\s+(?P<u>week|month|year)\b"))
_p("rel_unit", _ci(r"\b(?P<which>last|this|next|past|previous)\s+(?P<u>week|month|year)\b(?!\s+(?:of|'s))"))
_p("rel_recently", _ci(r"\b(?:recently|lately|the\s+other\s+day)\b"))
_p("weekday", rf"\b(?:(?P<wmod>{_ci('last|this|next|on|since|until|by')})\s+)?(?P<wd>{WEEKDAY})(?:\s+{_ci('morning|afternoon|evening|night')})?\b")

_PRIORITY = {name: i for i, (name, _) in enumerate(_PATTERNS)}


# --------------------------------------------------------------------------- normalise
def _normalise(name: str, m: re.Match[str], text: str, pub: date | None) -> Found | None:
    g = m.groupdict()
    s, e = m.start(), m.end()
    future_ctx = is_future_context(text, s, e)

    def mk(dt: str, prec: str, **kw: Any) -> Found:
        return Found(s, e, text[s:e], dt, prec, kind=name, **kw)

    if name == "iso":
        y, mo, d = int(g["y"]), int(g["mo"]), int(g["d"])
        if not valid(y, mo, d):
            return None
        return mk(iso(date(y, mo, d)), "day", has_year=True,
                  future=bool(pub and date(y, mo, d) > pub))
    if name in ("mdy", "dmy", "mdy_glued", "num_dmy"):
        y, d = int(g["y"]), day_num(g["d"])
        if name == "num_dmy":
            mo = int(g["mo"])
            if mo > 12 >= d:
                d, mo = mo, d
        else:
            mo = month_num(g["m"])
        if not valid(y, mo, d):
            return None
        dd = date(y, mo, d)
        return mk(iso(dd), "day", has_year=True, future=bool(pub and dd > pub))
    if name == "my":
        y, mo = int(g["y"]), month_num(g["m"])
        part = (g.get("part") or "").lower()
        if "end" in part:
            dd = month_last_day(y, mo)
            return mk(iso(dd), "week", has_year=True, future=bool(pub and dd > pub))
        if "beginning" in part or "start" in part:
            return mk(iso(date(y, mo, 1)), "week", has_year=True,
                      future=bool(pub and date(y, mo, 1) > pub))
        return mk(ym(y, mo), "month", has_year=True,
                  future=bool(pub and date(y, mo, 1) > pub))
    if name == "y":
        y = int(g["y"])
        lead = g["lead"].lower()
        if lead == "since" and pub:
            return mk(str(y), "year", end_date=iso(pub), has_year=True)
        return mk(str(y), "year", has_year=True, future=bool(pub and y > pub.year))
    if name in ("range_dm", "range_md"):
        mo = month_num(g["m"])
        mo2 = month_num(g["m2"]) if g.get("m2") else mo
        d1, d2 = day_num(g["d1"]), day_num(g["d2"])
        if name == "range_dm":
            mo, mo2 = mo2, mo  # single month
        mod = (g.get("mod") or "").lower()
        if g.get("y"):
            y = int(g["y"])
            y1 = y if mo <= mo2 else y - 1
            has_year = True
        elif pub is None:
            return None
        else:
            fut = future_ctx or mod == "next"
            y1 = year_for_month(mo, pub, fut, strict_past=(mod in ("last", "past")))
            if not fut and valid(y1, mo, d1) and date(y1, mo, d1) > pub:
                y1 -= 1
            y = y1 if mo <= mo2 else y1 + 1
            has_year = False
        if not (valid(y1, mo, d1) and valid(y, mo2, d2)):
            return None
        a, b = date(y1, mo, d1), date(y, mo2, d2)
        if b < a:
            return None
        return mk(iso(a), "day", end_date=iso(b), has_year=has_year,
                  relative=not has_year, future=bool(pub and a > pub))
    if name == "range_mm":
        mo, mo2 = month_num(g["m"]), month_num(g["m2"])
        if g.get("y"):
            y2 = int(g["y"])
            y1 = int(g["y1"]) if g.get("y1") else (y2 if mo <= mo2 else y2 - 1)
            has_year = True
        elif pub is None:
            return None
        else:
            y2 = year_for_month(mo2, pub, future_ctx)
            y1 = y2 if mo <= mo2 else y2 - 1
            has_year = False
        return mk(ym(y1, mo), "month", end_date=iso(month_last_day(y2, mo2)),
                  has_year=has_year, relative=not has_year,
                  future=bool(pub and date(y1, mo, 1) > pub))
    if name in ("dm", "md"):
        mo, d = month_num(g["m"]), day_num(g["d"])
        mod = (g.get("mod") or "").lower()
        if name == "md" and g["m"].lower().rstrip(".") == "may" and not re.match(r"\d", g["d"]):
            return None
        if pub is None:
            f = mk("", "day")
            f.yearless_md = (mo, d)
            return f
        if mod in ("last", "past"):
            y = year_for_month(mo, pub, False, strict_past=True)
            fut = False
        elif mod == "next":
            y = year_for_month(mo, pub, True, strict_past=True)
            fut = True
        elif mod == "this":
            y, fut = pub.year, False
        else:
            fut = future_ctx
            y = year_for_md(mo, d, pub, fut)  # type: ignore[assignment]
            if y is None:
                return None
        if not valid(y, mo, d):
            return None
        dd = date(y, mo, d)
        f = mk(iso(dd), "day", relative=True, future=dd > pub)
        f.yearless_md = (mo, d)
        return f
    if name == "m":
        mo = month_num(g["m"])
        lead = g["lead"].lower()
        lead = " ".join(lead.split())
        part = (g.get("part") or "").lower()
        if g["m"].lower().rstrip(".") in ("may", "mar", "jan", "jun") and lead in ("of", "by", "from"):
            return None
        if pub is None:
            return None
        if lead == "last":
            y = year_for_month(mo, pub, False, strict_past=True)
        elif lead == "next":
            y = year_for_month(mo, pub, True, strict_past=True)
        elif lead == "this":
            y = pub.year
        else:
            y = year_for_month(mo, pub, future_ctx and lead not in ("since",))
        dstart = date(y, mo, 1)
        fut = dstart > pub
        if "end" in lead:
            dd = month_last_day(y, mo)
            return mk(iso(dd), "week", relative=True, future=dd > pub)
        if "beginning" in lead or "start" in lead:
            return mk(iso(dstart), "week", relative=True, future=fut)
        if lead == "since":
            return mk(ym(y, mo), "month", end_date=iso(pub), relative=True)
        # in/during/early/mid/late/last/this/next: keep month precision
        if lead in ("in", "during", "throughout", "early", "mid", "late", "last", "this", "next", "of") or part:
            # the span starts at the month modifier, not at a bare preposition
            if lead in ("in", "during", "throughout", "of"):
                s2 = m.start("part") if part else m.start("m")
                return Found(s2, e, text[s2:e], ym(y, mo), "month", kind=name, relative=True,
                             future=fut)
            return mk(ym(y, mo), "month", relative=True, future=fut)
        s2 = m.start("m")
        return Found(s2, e, text[s2:e], ym(y, mo), "month", kind=name, relative=True, future=fut)
    # ---------------------------------------------------------------- relative
    if pub is None:
        return None
    if name == "rel_dby":
        return mk(iso(pub - timedelta(days=2)), "day", relative=True)
    if name == "rel_dat":
        return mk(iso(pub + timedelta(days=2)), "day", relative=True, future=True)
    if name in ("rel_yest", "rel_overnight"):
        return mk(iso(pub - timedelta(days=1)), "day", relative=True)
    if name == "rel_today":
        return mk(iso(pub), "day", relative=True)
    if name == "rel_tomorrow":
        return mk(iso(pub + timedelta(days=1)), "day", relative=True, future=True)
    if name in ("rel_ago", "rel_ago2"):
        if name == "rel_ago2":
            n, u = 3, m.group(0).split()[0].lower().rstrip("s")
        else:
            n, u = num_val(g["n"]), g["u"].lower()
        if u in ("minute", "hour"):
            return mk(iso(pub), "day", relative=True)
        if u == "day":
            prec = "day" if name == "rel_ago" and g["n"].lower() not in ("a few", "few", "several") else "week"
            return mk(iso(pub - timedelta(days=n)), prec, relative=True)
        if u == "week":
            return mk(iso(pub - timedelta(days=7 * n)), "week", relative=True)
        if u == "month":
            dd = add_months(pub, -n)
            return mk(ym(dd.year, dd.month), "month", relative=True)
        return mk(str(pub.year - n), "year", relative=True)
    if name == "rel_past":
        n = num_val(g["n"]) if g.get("n") else 1
        u = g["u"].lower()
        if u == "day":
            a = pub - timedelta(days=n)
        elif u == "week":
            a = pub - timedelta(days=7 * n)
        elif u == "month":
            a = add_months(pub, -n)
        else:
            a = date(pub.year - n, pub.month, min(pub.day, 28))
        span_days = (pub - a).days
        prec = "week" if span_days <= 10 else "month" if span_days <= 370 else "year"
        dt = iso(a) if prec == "week" else ym(a.year, a.month) if prec == "month" else str(a.year)
        return mk(dt, prec, end_date=iso(pub), relative=True)
    if name == "rel_recent":
        u = g["u"].lower()
        days = {"day": 7, "week": 21, "month": 90}[u]
        a = pub - timedelta(days=days)
        prec = "week" if u == "day" else "month"
        dt = iso(a) if prec == "week" else ym(a.year, a.month)
        return mk(dt, prec, end_date=iso(pub), relative=True)
    if name == "rel_earlier":
        u, dr = g["u"].lower(), g["dir"].lower()
        fut = dr == "later"
        if u == "week":
            monday = pub - timedelta(days=pub.weekday())
            dd = monday + timedelta(days=(pub - monday).days // 2) if not fut else pub + timedelta(days=2)
            return mk(iso(dd), "week", relative=True, future=fut)
        if u == "month":
            return mk(ym(pub.year, pub.month), "month", relative=True, future=fut)
        return mk(str(pub.year), "year", relative=True, future=fut)
    if name == "rel_unit":
        which, u = g["which"].lower(), g["u"].lower()
        if which in ("last", "past", "previous"):
            if u == "week":
                return mk(iso(pub - timedelta(days=7)), "week", relative=True)
            if u == "month":
                dd = add_months(pub.replace(day=1), -1)
                return mk(ym(dd.year, dd.month), "month", relative=True)
            return mk(str(pub.year - 1), "year", relative=True)
        if which == "this":
            if u == "week":
                return mk(iso(pub), "week", relative=True)
            if u == "month":
                return mk(ym(pub.year, pub.month), "month", relative=True)
            return mk(str(pub.year), "year", relative=True)
        # next
        if u == "week":
            return mk(iso(pub + timedelta(days=7)), "week", relative=True, future=True)
        if u == "month":
            dd = add_months(pub.replace(day=1), 1)
            return mk(ym(dd.year, dd.month), "month", relative=True, future=True)
        return mk(str(pub.year + 1), "year", relative=True, future=True)
    if name == "rel_recently":
        return mk(iso(pub), "week", relative=True)
    if name == "weekday":
        wd = WEEKDAYS[g["wd"].lower()]
        mod = (g.get("wmod") or "").lower()
        fut = mod == "next" or (mod not in ("last", "since") and future_ctx)
        if mod == "this" and not future_ctx:
            fut = False
        if fut:
            # "is expected to meet on Wednesday" in a Wednesday article: that day
            delta = (wd - pub.weekday()) % 7 or (7 if mod == "next" else 0)
            dd = pub + timedelta(days=delta)
        else:
            # wire style: "on Friday" in a Friday article is the publication day itself;
            # "last Friday" / "since Friday" on a Friday mean the week before
            delta = (pub.weekday() - wd) % 7
            if delta == 0 and mod in ("last", "since"):
                delta = 7
            dd = pub - timedelta(days=delta)
        return mk(iso(dd), "day", relative=True, future=fut)
    return None


def scan(text: str, pub: date | None) -> list[Found]:
    """All date expressions in ``text``, non-overlapping, in text order."""
    cands: list[tuple[int, int, int, Found]] = []
    for name, rx in _PATTERNS:
        for m in rx.finditer(text):
            f = _normalise(name, m, text, pub)
            if f is None:
                continue
            cands.append((f.start, f.end, _PRIORITY[name], f))
    # prefer longer spans, then pattern priority
    cands.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    taken: list[Found] = []
    for s, e, _, f in cands:
        if any(s < t.end and t.start < e for t in taken):
            continue
        taken.append(f)
    taken.sort(key=lambda f: f.start)
    # "On 16 February 2022, overnight, ...": the night of the stated date, not the night
    # before publication -- a part-of-day word right after a date qualifies that date
    return [f for i, f in enumerate(taken)
            if not (f.kind == "rel_overnight" and i and taken[i - 1].kind in _ABSOLUTE_KINDS
                    and _ADJACENT.fullmatch(text, taken[i - 1].end, f.start))]


_ABSOLUTE_KINDS = frozenset({"iso", "mdy", "dmy", "mdy_glued", "num_dmy", "dm", "md", "weekday"})
_ADJACENT = re.compile(r"[\s,;(]*")
