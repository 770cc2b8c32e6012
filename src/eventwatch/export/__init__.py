"""Exports of the event record: one module per format.

=========  ==============================================  ====================
format     per event (default)                             per report
=========  ==============================================  ====================
jsonl      fused event records with decisions              interchange records
csv        flat rows, publishers + corroboration count     flat rows
acled      ACLED's 31 columns (codable events only)        --
plover     PLOVER JSON Lines                               --
parquet    the csv rows with typed columns                 the csv rows, typed
geojson    one Point feature per located event, ``id``     one per report
=========  ==============================================  ====================

:func:`format_for` picks the format from the output file's extension and refuses a
mismatch (never JSONL into a ``.csv``); :func:`write_events` / :func:`write_reports` write a
file and return an :class:`ExportResult` (rows written, and what was left out and why).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from eventwatch.errors import EventwatchError
from eventwatch.export import acled, flat_csv, geojson, jsonl, parquet, plover
from eventwatch.store.records import EventRecord

FORMATS = ("jsonl", "csv", "acled", "plover", "parquet", "geojson")
REPORT_FORMATS = ("jsonl", "csv", "parquet", "geojson")
#: file extensions of each format (the first is the one ``format_for`` infers it from)
EXTENSIONS: dict[str, tuple[str, ...]] = {
    "jsonl": (".jsonl", ".ndjson"),
    "csv": (".csv",),
    "acled": (".csv",),
    "plover": (".jsonl", ".ndjson", ".json"),
    "parquet": (".parquet", ".pq"),
    "geojson": (".geojson", ".json"),
}
_BY_EXTENSION = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet", ".pq": "parquet",
                 ".geojson": "geojson"}


class ExportError(EventwatchError):
    """An export that cannot be written as asked (unknown format, extension mismatch)."""


@dataclass(slots=True)
class ExportResult:
    rows: int
    unit: str  # what a row is: event | report | feature
    left_out: dict[str, int] = field(default_factory=dict)

    def message(self, path: Path | str) -> str:
        left = ", ".join(f"{n} {why}" for why, n in sorted(self.left_out.items()) if n)
        return f"wrote {self.rows} {self.unit}(s) to {path}" + (f" (left out: {left})" if left else "")


def format_for(path: Path, fmt: str | None) -> str:
    """The format to write ``path`` in: ``fmt`` if it fits the extension, else from the extension."""
    ext = path.suffix.lower()
    if fmt is None:
        if ext not in _BY_EXTENSION:
            raise ExportError(f"cannot tell the format from {path.name!r}: give --format "
                              f"({', '.join(FORMATS)}) or a {', '.join(sorted(_BY_EXTENSION))} file")
        return _BY_EXTENSION[ext]
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    known = {e for exts in EXTENSIONS.values() for e in exts}
    if ext in known and ext not in EXTENSIONS[fmt]:
        raise ExportError(f"--format {fmt} does not go in a {ext} file; use {' or '.join(EXTENSIONS[fmt])}")
    return fmt


def write(records: Iterable[dict[str, Any]], fmt: str, out: TextIO) -> int:
    """Report records in a text format to a stream (the API's downloads); returns the count."""
    if fmt == "jsonl":
        return jsonl.write_reports(records, out)
    if fmt == "csv":
        return flat_csv.write_reports(records, out)
    if fmt == "geojson":
        return geojson.write_reports(records, out).features
    raise ExportError(f"unknown report format {fmt!r}; one of jsonl, csv, geojson")


def write_file(records: Iterable[dict[str, Any]], fmt: str, path: Path) -> int:
    """Report records to a file (``eval -o``); returns the count."""
    return write_reports(records, fmt, path).rows


def write_reports(records: Iterable[dict[str, Any]], fmt: str, path: Path) -> ExportResult:
    """One row per event report (``--per report``)."""
    if fmt not in REPORT_FORMATS:
        raise ExportError(f"--format {fmt} is per event only; per report: {', '.join(REPORT_FORMATS)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "parquet":
        return ExportResult(parquet.write_reports(records, path), "report")
    with path.open("w", encoding="utf-8", newline="") as f:
        if fmt == "geojson":
            g = geojson.write_reports(records, f)
            return ExportResult(g.features, "feature", {"reports without coordinates": g.unlocated})
        return ExportResult(write(records, fmt, f), "report")


def write_events(events: Iterable[EventRecord], fmt: str, path: Path, kb: Any = None) -> ExportResult:
    """One row per fused event (the default)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "parquet":
        return ExportResult(parquet.write_events(events, path), "event")
    with path.open("w", encoding="utf-8", newline="") as f:
        return _events_to(events, fmt, f, kb)


def events_text(events: Iterable[EventRecord], fmt: str, kb: Any = None) -> tuple[str, ExportResult]:
    """A text export of events in memory (the API's downloads)."""
    buf = io.StringIO()
    result = _events_to(events, fmt, buf, kb)
    return buf.getvalue(), result


def _events_to(events: Iterable[EventRecord], fmt: str, f: TextIO, kb: Any) -> ExportResult:
    if fmt == "jsonl":
        return ExportResult(jsonl.write_events(events, f), "event")
    if fmt == "csv":
        return ExportResult(flat_csv.write_events(events, f), "event")
    if fmt == "plover":
        return ExportResult(plover.write_events(events, f, kb), "event")
    if fmt == "acled":
        a = acled.write_events(events, f, kb)
        return ExportResult(a.rows, "event", dict(a.skipped))
    if fmt == "geojson":
        g = geojson.write_events(events, f)
        return ExportResult(g.features, "feature", {"events without coordinates": g.unlocated})
    raise ExportError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
