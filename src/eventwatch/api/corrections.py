"""Analysts' corrections from the dashboard, checked before they reach the store.

An analyst types plain values (an actor's name, a place name, a date); this module turns them
into interchange values or refuses them with a message that says what would be accepted:

* ``plover`` / ``status``: one of the known values;
* ``actor1`` / ``actor2``: each name must be known to the knowledge base (its canonical name is
  stored) unless ``allow_unknown_actors``; unknown names come back with close suggestions;
* ``place``: looked up in the gazetteer (``"Name"`` or ``"Name, CC"``); the stored ``where`` has
  the gazetteer's coordinates, admin-1, country and precision; unknown names get suggestions;
* ``date``: ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or ``YYYY-MM-DD..YYYY-MM-DD``, parsed;
* ``fatalities`` / ``injured``: non-negative integers (or null).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from eventwatch.models import STATUSES

MAX_NAME = 300


class CorrectionError(ValueError):
    def __init__(self, message: str, detail: Any = None) -> None:
        super().__init__(message)
        self.detail = detail


class CorrectionInput(BaseModel):
    """The fields the dashboard's review form can correct (all optional)."""

    plover: str | None = Field(None, max_length=32)
    status: str | None = Field(None, max_length=32)
    fatalities: int | None = Field(None, ge=0, lt=10**7)
    injured: int | None = Field(None, ge=0, lt=10**7)
    actor1: list[str] | None = Field(None, max_length=20)
    actor2: list[str] | None = Field(None, max_length=20)
    place: str | None = Field(None, max_length=MAX_NAME, description='"Name" or "Name, CC" (ISO2 country).')
    date: str | None = Field(None, max_length=32, description="YYYY[-MM[-DD]] or YYYY-MM-DD..YYYY-MM-DD")
    allow_unknown_actors: bool = False


@dataclass(slots=True)
class Checked:
    """Validated interchange values, field -> value (only the fields the analyst set)."""

    values: dict[str, Any]


def parse_date(text: str) -> dict[str, Any]:
    """``when`` from an analyst's date (the interchange ``{date, precision[, end]}``)."""
    start, sep, end = text.strip().partition("..")
    precision = {4: "year", 7: "month", 10: "day"}.get(len(start))
    suffix = {"year": "-01-01", "month": "-01", "day": ""}
    try:
        if precision is None:
            raise ValueError(text)
        first = date.fromisoformat(start + suffix[precision])
        last = date.fromisoformat(end) if sep else None
    except ValueError as exc:
        raise CorrectionError(f"bad date {text!r}", "YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD") from exc
    if last is not None and last < first:
        raise CorrectionError(f"date range {text!r} ends before it starts")
    out: dict[str, Any] = {"date": start, "precision": precision}
    if sep:
        out["end"] = end
    return out


def suggest_actors(name: str, kb: Any, n: int = 5) -> list[str]:
    """Knowledge-base names (and abbreviations) close to ``name``, case-insensitively."""
    known: dict[str, str] = {}
    for a in kb.actors.values():
        for x in (*a.all_names, *a.abbr):
            known.setdefault(x.lower(), x)
    return [known[k] for k in difflib.get_close_matches(name.lower(), list(known), n=n, cutoff=0.6)]


def check_actors(names: list[str], kb: Any, allow_unknown: bool) -> list[str]:
    """Canonical knowledge-base names for ``names``; unknown names refused with suggestions."""
    out: list[str] = []
    unknown: dict[str, list[str]] = {}
    for raw in names:
        name = raw.strip()
        if not name or len(name) > MAX_NAME:
            raise CorrectionError("actor names must be 1 to 300 characters")
        found = kb.lookup(name) if kb is not None else []
        if found:
            out.append(kb.coding_name(found[0].id))
        elif allow_unknown or kb is None:
            out.append(name)
        else:
            unknown[name] = suggest_actors(name, kb)
    if unknown:
        hints = "; ".join(f"{n!r}" + (f" (did you mean {', '.join(s)}?)" if s else "") for n, s in unknown.items())
        raise CorrectionError(f"not in the knowledge base: {hints}", {"suggestions": unknown})
    return list(dict.fromkeys(out))


def check_place(text: str, gazetteer: Any, hint_country: str | None) -> dict[str, Any]:
    """A fused event's ``where`` for a place name: the gazetteer's best candidate with its
    coordinates (a candidate in ``hint_country``, the event's current country, first)."""
    name, _, cc = text.partition(",")
    name, country = name.strip(), (cc.strip().upper() or None)
    if not name:
        raise CorrectionError("the place name is empty")
    if gazetteer is None:
        raise CorrectionError("the gazetteer is not available: places cannot be checked")
    found = gazetteer.lookup(name, country=country)
    if not found and hint_country and not country:
        found = gazetteer.lookup(name, country=hint_country)
    if not found:
        near = gazetteer.lookup(name, country=country or hint_country, fuzzy=True) if (country or hint_country) else []
        raise CorrectionError(f"no place {text!r} in the gazetteer",
                              {"suggestions": [f"{c.place.name}, {c.place.country}" for c in near[:5]]})
    if hint_country and not country:  # prefer a candidate in the event's country
        found = sorted(found, key=lambda c: c.place.country != hint_country)
    p = found[0].place
    return {"name": p.name, "admin1": p.admin1, "country": p.country, "lat": p.lat, "lon": p.lon,
            "precision": p.default_precision, "gazetteer_id": p.id}


def validate(body: CorrectionInput, *, kb: Any, gazetteer: Any, types: set[str],
             hint_country: str | None = None) -> Checked:
    """Check every field the analyst set; the first bad one raises :class:`CorrectionError`."""
    values: dict[str, Any] = {}
    if body.plover is not None:
        if body.plover.upper() not in types:
            raise CorrectionError(f"unknown PLOVER type {body.plover!r}", {"known": sorted(types)})
        values["plover"] = body.plover.upper()
    if body.status is not None:
        if body.status.lower() not in STATUSES:
            raise CorrectionError(f"unknown status {body.status!r}", {"known": list(STATUSES)})
        values["status"] = body.status.lower()
    for k in ("fatalities", "injured"):
        if k in body.model_fields_set:
            values[k] = getattr(body, k)
    for k in ("actor1", "actor2"):
        names = getattr(body, k)
        if names is not None:
            values[k] = check_actors(names, kb, body.allow_unknown_actors)
    if body.place is not None:
        values["where"] = check_place(body.place, gazetteer, hint_country)
    if body.date is not None:
        values["when"] = parse_date(body.date)
    if not values:
        raise CorrectionError("nothing to correct: set at least one field",
                              {"fields": ["plover", "status", "fatalities", "injured", "actor1", "actor2", "place",
                                          "date"]})
    return Checked(values)
