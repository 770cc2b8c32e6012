"""The one source of truth for readers: fused events with their analysts' decisions.

``eventwatch events``, ``eventwatch export``, the REST API (and through it the dashboard) all
read events and their reports through :class:`EventRecords`, so a decision taken anywhere
(CLI or API) shows everywhere:

* a rejected event (or report) is left out unless ``include_rejected`` is set;
* a corrected field shows the analyst's value, and ``corrections`` says who, when and why
  (the machine value is kept beside it);
* a confirmed event is ``review == "confirmed"``.

Filters are checked before they are applied (:meth:`EventRecords.check_filter`): an unknown
type, status, review state, flag or publisher raises :class:`FilterError` naming the valid
values or the nearest ones, so a typo never silently returns nothing.
"""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import select

from eventwatch.errors import EventwatchError
from eventwatch.events.ontology import PLOVER_TYPES
from eventwatch.models import STATUSES
from eventwatch.store.schema import DocumentRow
from eventwatch.store.store import EventFilter, Store

REVIEW_STATES = ("confirmed", "rejected", "unreviewed")
FLAGS = ("disputed_attribution", "conflicting_toll", "conflicting_status", "mixed_types")
#: statuses of events that did not (yet) happen: ACLED codes none of them
UNREALISED = frozenset({"planned", "threatened", "hypothetical", "denied"})


class FilterError(EventwatchError):
    """A filter value that matches nothing known (the message names the valid values)."""


def did_you_mean(value: str, valid: list[str] | tuple[str, ...], what: str) -> FilterError:
    """The error for an unknown ``value``: the closest valid values, else all of them."""
    close = difflib.get_close_matches(value.lower(), [v.lower() for v in valid], n=3, cutoff=0.6)
    by_low = {v.lower(): v for v in valid}
    if close:
        return FilterError(f"unknown {what} {value!r}; did you mean {' or '.join(repr(by_low[c]) for c in close)}?")
    shown = ", ".join(valid[:40]) + (", ..." if len(valid) > 40 else "")
    return FilterError(f"unknown {what} {value!r}; valid values: {shown}")


@dataclass(frozen=True, slots=True)
class Correction:
    """An analyst's value of one field, with the machine value it replaces."""

    field: str
    value: Any
    machine: Any
    by: str | None
    why: str | None
    at: str | None


@dataclass(slots=True)
class EventRecord:
    """One fused event as every reader sees it: consensus fields with the decisions applied."""

    id: str
    review: str | None
    plover: str | None
    mode: str | None
    status: str
    actor1: list[str]
    actor2: list[str]
    where: dict[str, Any] | None
    when: dict[str, Any] | None
    fatalities: int | None  # the analyst's value, else the lowest toll reported (ACLED's rule)
    fatalities_range: dict[str, Any] | None
    injured: int | None
    acled: tuple[str, str] | None
    quote: str | None
    publishers: list[str]
    n_reports: int
    n_publishers: int
    flags: list[str]
    updated_at: str | None
    corrections: dict[str, Correction] = field(default_factory=dict)
    reports: list[dict[str, Any]] = field(default_factory=list)

    @property
    def date(self) -> str | None:
        return (self.when or {}).get("date")

    @property
    def located(self) -> bool:
        return bool(self.where) and (self.where or {}).get("lat") is not None

    def to_dict(self, members: bool = True) -> dict[str, Any]:
        """The JSON form (``events --json``, ``export --format jsonl``, the API)."""
        out: dict[str, Any] = {
            "id": self.id, "review": self.review, "plover": self.plover, "mode": self.mode,
            "status": self.status, "actor1": self.actor1, "actor2": self.actor2, "where": self.where,
            "when": self.when, "fatalities": self.fatalities, "fatalities_range": self.fatalities_range,
            "injured": self.injured, "acled": list(self.acled) if self.acled else None, "quote": self.quote,
            "publishers": self.publishers, "n_reports": self.n_reports, "n_publishers": self.n_publishers,
            "flags": self.flags, "updated_at": self.updated_at,
            "corrected": {k: {"value": c.value, "machine": c.machine, "by": c.by, "why": c.why, "at": c.at}
                          for k, c in self.corrections.items()},
        }
        if members:
            out["reports"] = self.reports
        return out


@dataclass(slots=True)
class EventList:
    """Matching events, and the undated events a date filter left out (counted, never hidden)."""

    events: list[EventRecord]
    undated_excluded: int = 0

    @property
    def undated(self) -> int:
        return sum(1 for e in self.events if not e.date)


def _toll(value: Any) -> tuple[int | None, dict[str, Any] | None]:
    if isinstance(value, dict):
        return (int(value["min"]) if value.get("min") is not None else None), value
    if isinstance(value, int) and not isinstance(value, bool):
        return value, {"min": value, "max": value}
    return None, None


def _acled_of(rec: dict[str, Any], members: list[dict[str, Any]]) -> tuple[str, str] | None:
    """The ACLED pair of the event: the analyst's, else the members' most common pair (of the
    members with the event's type when an analyst changed it); None for unrealised events."""
    corrected = rec.get("corrected") or {}
    if (rec.get("status") or "occurred") in UNREALISED:
        return None
    if "acled" in corrected:
        v = rec.get("acled")
        return (str(v[0]), str(v[1])) if isinstance(v, list | tuple) and len(v) == 2 and v[0] else None
    pool = [m for m in members if m.get("plover") == rec.get("plover")] if "plover" in corrected else members
    pairs = [tuple(m["acled"]) for m in pool if isinstance(m.get("acled"), list | tuple) and m["acled"]
             and m["acled"][0]]
    if not pairs:
        return None
    best = Counter(pairs).most_common(1)[0][0]
    return (str(best[0]), str(best[1]))


def event_record(rec: dict[str, Any], members: list[dict[str, Any]]) -> EventRecord:
    """An :class:`EventRecord` from a fused event dict (``Store.fused_events``) and its member reports."""
    fatalities, frange = _toll(rec.get("fatalities"))
    injured, _ = _toll(rec.get("injured"))
    corrections = {
        name: Correction(name, c.get("value"), c.get("machine"), c.get("by"), c.get("why"), c.get("at"))
        for name, c in (rec.get("corrected") or {}).items()
    }
    best = max(members, key=lambda m: (m.get("confidence") or 0.0, -len(m.get("quote") or "")), default=None)
    where = rec.get("where")
    return EventRecord(
        id=rec["id"], review=rec.get("review"), plover=rec.get("plover"), mode=rec.get("mode"),
        status=rec.get("status") or "occurred", actor1=list(rec.get("actor1") or []),
        actor2=list(rec.get("actor2") or []), where=where if isinstance(where, dict) else None,
        when=rec.get("when") if isinstance(rec.get("when"), dict) else None, fatalities=fatalities,
        fatalities_range=frange, injured=injured, acled=_acled_of(rec, members),
        quote=best.get("quote") if best else None, publishers=list(rec.get("publishers") or []),
        n_reports=int(rec.get("n_reports") or len(members)), n_publishers=int(rec.get("n_publishers") or 0),
        flags=list(rec.get("flags") or []), updated_at=rec.get("updated_at"), corrections=corrections,
        reports=members,
    )


class EventRecords:
    """Fused events and reports with decisions applied: the service every reader calls."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # ------------------------------------------------------------------ filters
    def publishers(self) -> list[str]:
        with self.store.session() as s:
            return sorted(p for p in s.scalars(select(DocumentRow.publisher).distinct()) if p)

    def resolve_publisher(self, name: str) -> str:
        """The stored publisher ``name`` means: exact (any case), else the one publisher it is a
        prefix or word-part of ("North Press" -> "North Press Agency"), else a close spelling."""
        known = self.publishers()
        low = name.strip().lower()
        exact = [p for p in known if p.lower() == low]
        if exact:
            return exact[0]
        partial = [p for p in known if p.lower().startswith(low)] or [p for p in known if low in p.lower()]
        if len(partial) == 1:
            return partial[0]
        if len(partial) > 1:
            raise FilterError(f"publisher {name!r} is ambiguous: {', '.join(partial)}")
        raise did_you_mean(name, known, "publisher")

    def check_filter(self, f: EventFilter) -> EventFilter:
        """``f`` with type, status and publisher normalised; FilterError for unknown values."""
        out = replace(f)
        if f.plover:
            if f.plover.upper() not in PLOVER_TYPES:
                raise did_you_mean(f.plover, PLOVER_TYPES, "event type")
            out.plover = f.plover.upper()
        if f.status:
            if f.status.lower() not in STATUSES:
                raise did_you_mean(f.status, STATUSES, "status")
            out.status = f.status.lower()
        if f.review and f.review not in REVIEW_STATES:
            raise did_you_mean(f.review, REVIEW_STATES, "review state")
        if f.flag and f.flag not in FLAGS:
            raise did_you_mean(f.flag, FLAGS, "flag")
        if f.publisher:
            out.publisher = self.resolve_publisher(f.publisher)
        return out

    # ------------------------------------------------------------------ reads
    def events(self, f: EventFilter | None = None) -> EventList:
        """Fused events matching ``f`` (checked), oldest first, with their member reports."""
        f = self.check_filter(f or EventFilter())
        fused = self.store.fused_events(f)
        by_event: dict[str, list[dict[str, Any]]] = defaultdict(list)
        if fused:
            ids = tuple(rec["id"] for rec in fused)
            # the members of the matched events (all reports when they are many: one scan)
            members = self.store.events(EventFilter(include_rejected=f.include_rejected,
                                                    event_ids=ids if len(ids) <= 2000 else None))
            for m in members:
                if m.get("event"):
                    by_event[m["event"]].append(m)
        records = [event_record(rec, by_event.get(rec["id"], [])) for rec in fused]
        return EventList(records, self._undated_excluded(f))

    def event(self, eid: str) -> EventRecord | None:
        """One fused event (merge redirects followed), rejected or not, with its reports."""
        rec = self.store.fused_event(eid, reports=False)
        if rec is None:
            return None
        members = self.store.events(EventFilter(event=rec["id"], include_rejected=True))
        return event_record(rec, members)

    def reports(self, f: EventFilter | None = None) -> list[dict[str, Any]]:
        """Report records matching ``f`` (checked); each carries its event's decisions."""
        return self.store.events(self.check_filter(f or EventFilter()))

    def _undated_excluded(self, f: EventFilter) -> int:
        """Undated events that match every filter but the date range (which they cannot match)."""
        if not (f.since or f.until):
            return 0
        undated = replace(f, since=None, until=None, limit=None)
        return sum(1 for rec in self.store.fused_events(undated) if not (rec.get("when") or {}).get("date"))
