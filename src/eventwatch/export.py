"""Exports of stored event reports: interchange JSONL, flat CSV, GeoJSON."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from eventwatch.export_safety import csv_row

FORMATS = ("jsonl", "csv", "geojson")

CSV_COLUMNS = [
    "doc", "id", "publisher", "plover", "mode", "acled_type", "acled_subtype", "actor1", "actor2",
    "place", "admin1", "country", "lat", "lon", "geo_precision", "date", "date_end", "date_precision",
    "status", "source", "fatalities", "injured", "confidence", "quote",
]


def write(records: Iterable[dict[str, Any]], fmt: str, out: TextIO) -> int:
    """Write records in ``fmt`` to ``out``; returns the number of records written."""
    if fmt == "jsonl":
        return _jsonl(records, out)
    if fmt == "csv":
        return _csv(records, out)
    if fmt == "geojson":
        return _geojson(records, out)
    raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")


def write_file(records: Iterable[dict[str, Any]], fmt: str, path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        return write(records, fmt, f)


def _jsonl(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    n = 0
    for r in records:
        out.write(json.dumps(r, ensure_ascii=False) + "\n")
        n += 1
    return n


def flat(r: dict[str, Any]) -> dict[str, Any]:
    """One CSV row: lists joined with '; ', the first place as the point."""
    place = (r.get("where") or [{}])[0]
    when = r.get("when") or {}
    acled = r.get("acled") or [None, None]
    return {
        "doc": r.get("doc"),
        "id": r.get("id"),
        "publisher": r.get("publisher"),
        "plover": r.get("plover"),
        "mode": r.get("mode"),
        "acled_type": acled[0],
        "acled_subtype": acled[1],
        "actor1": "; ".join(r.get("actor1") or []),
        "actor2": "; ".join(r.get("actor2") or []),
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
        "quote": r.get("quote"),
    }


def _csv(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    n = 0
    for r in records:
        writer.writerow(csv_row(flat(r)))  # no spreadsheet formulas from hostile text
        n += 1
    return n


def _geojson(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    """A FeatureCollection with one Point feature per (report, located place)."""
    features = []
    for r in records:
        props = {k: v for k, v in flat(r).items() if k not in ("lat", "lon")}
        for place in r.get("where") or []:
            if place.get("lat") is None:
                continue
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [place["lon"], place["lat"]]},
                    "properties": props | {"place": place.get("name"), "geo_precision": place.get("precision")},
                }
            )
    json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
    out.write("\n")
    return len(features)
