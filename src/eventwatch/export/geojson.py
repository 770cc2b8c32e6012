"""GeoJSON: a FeatureCollection with one Point feature per located event (or report).

Each feature has the event's id as its ``id``; what has no coordinates is counted, not mapped.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TextIO

from eventwatch.export.rows import event_row, report_row
from eventwatch.store.records import EventRecord


@dataclass(frozen=True, slots=True)
class GeoResult:
    features: int
    unlocated: int


def _feature(fid: str | None, lat: float, lon: float, props: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "id": fid, "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {k: v for k, v in props.items() if k not in ("lat", "lon")}}


def _dump(features: list[dict[str, Any]], unlocated: int, out: TextIO) -> GeoResult:
    json.dump({"type": "FeatureCollection", "features": features, "unlocated": unlocated}, out, ensure_ascii=False)
    out.write("\n")
    return GeoResult(len(features), unlocated)


def write_events(events: Iterable[EventRecord], out: TextIO) -> GeoResult:
    features, unlocated = [], 0
    for e in events:
        row = event_row(e)
        if row["lat"] is None or row["lon"] is None:
            unlocated += 1
            continue
        features.append(_feature(e.id, row["lat"], row["lon"], row))
    return _dump(features, unlocated, out)


def write_reports(records: Iterable[dict[str, Any]], out: TextIO) -> GeoResult:
    """One feature per report's first located place (its key as the id)."""
    features, unlocated = [], 0
    for r in records:
        row = report_row(r)
        if row["lat"] is None or row["lon"] is None:
            unlocated += 1
            continue
        features.append(_feature(r.get("key") or r.get("id"), row["lat"], row["lon"], row))
    return _dump(features, unlocated, out)
