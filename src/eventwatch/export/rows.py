"""The flat row of a fused event and of an event report, with each column's type.

CSV, Parquet and the GeoJSON properties share these rows; the column types are what
Parquet writes (``str``, ``int``, ``float``, ``bool``).
"""

from __future__ import annotations

from typing import Any

from eventwatch.store.records import EventRecord

EVENT_COLUMNS: list[tuple[str, type]] = [
    ("id", str), ("review", str), ("date", str), ("date_end", str), ("date_precision", str),
    ("plover", str), ("mode", str), ("acled_type", str), ("acled_subtype", str), ("status", str),
    ("actor1", str), ("actor2", str), ("place", str), ("admin1", str), ("country", str),
    ("lat", float), ("lon", float), ("geo_precision", int), ("fatalities", int), ("fatalities_max", int),
    ("injured", int), ("n_reports", int), ("n_publishers", int), ("publishers", str), ("flags", str),
    ("corrected", str), ("corrected_by", str), ("quote", str),
]

REPORT_COLUMNS: list[tuple[str, type]] = [
    ("doc", str), ("id", str), ("key", str), ("event", str), ("event_review", str), ("review", str),
    ("publisher", str), ("plover", str), ("mode", str), ("acled_type", str), ("acled_subtype", str),
    ("actor1", str), ("actor2", str), ("place", str), ("admin1", str), ("country", str), ("lat", float),
    ("lon", float), ("geo_precision", int), ("date", str), ("date_end", str), ("date_precision", str),
    ("status", str), ("source", str), ("fatalities", int), ("injured", int), ("confidence", float),
    ("corrected", str), ("corrected_by", str), ("quote", str),
]


def _join(values: Any) -> str:
    return "; ".join(str(v) for v in values or [])


def _who(corrected: dict[str, Any]) -> str:
    return _join(sorted({str(c.get("by")) for c in corrected.values() if isinstance(c, dict) and c.get("by")}))


def report_row(r: dict[str, Any]) -> dict[str, Any]:
    """One row of an event report record (the first place as the point)."""
    place = (r.get("where") or [{}])[0] if isinstance(r.get("where"), list) else (r.get("where") or {})
    when = r.get("when") or {}
    acled = r.get("acled") or [None, None]
    corrected = r.get("corrected") or {}
    return {
        "doc": r.get("doc"),
        "id": r.get("id"),
        "key": r.get("key"),
        "event": r.get("event"),
        "event_review": r.get("event_review"),
        "review": r.get("review"),
        "publisher": r.get("publisher"),
        "plover": r.get("plover"),
        "mode": r.get("mode"),
        "acled_type": acled[0],
        "acled_subtype": acled[1],
        "actor1": _join(r.get("actor1")),
        "actor2": _join(r.get("actor2")),
        "place": place.get("name"),
        "admin1": place.get("admin1"),
        "country": place.get("country"),
        "lat": place.get("lat"),
        "lon": place.get("lon"),
        "geo_precision": place.get("precision"),
        "date": when.get("date"),
        "date_end": when.get("end"),
        "date_precision": when.get("precision"),
        "status": r.get("status"),
        "source": r.get("source"),
        "fatalities": r.get("fatalities"),
        "injured": r.get("injured"),
        "confidence": r.get("confidence"),
        "corrected": _join(sorted(corrected)),
        "corrected_by": _who(corrected),
        "quote": r.get("quote"),
    }


def event_row(e: EventRecord) -> dict[str, Any]:
    """One row of a fused event: consensus fields, its publishers and its corroboration count."""
    place = e.where or {}
    when = e.when or {}
    acled = e.acled or (None, None)
    return {
        "id": e.id,
        "review": e.review,
        "date": when.get("date"),
        "date_end": when.get("end"),
        "date_precision": when.get("precision"),
        "plover": e.plover,
        "mode": e.mode,
        "acled_type": acled[0],
        "acled_subtype": acled[1],
        "status": e.status,
        "actor1": _join(e.actor1),
        "actor2": _join(e.actor2),
        "place": place.get("name"),
        "admin1": place.get("admin1"),
        "country": place.get("country"),
        "lat": place.get("lat"),
        "lon": place.get("lon"),
        "geo_precision": place.get("precision"),
        "fatalities": e.fatalities,
        "fatalities_max": (e.fatalities_range or {}).get("max"),
        "injured": e.injured,
        "n_reports": e.n_reports,
        "n_publishers": e.n_publishers,
        "publishers": _join(e.publishers),
        "flags": _join(e.flags),
        "corrected": _join(sorted(e.corrections)),
        "corrected_by": _join(sorted({c.by for c in e.corrections.values() if c.by})),
        "quote": e.quote,
    }
