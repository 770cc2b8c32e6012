"""Flat CSV: one row per fused event (default) or per event report; lists joined with '; '."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

from eventwatch.export.rows import EVENT_COLUMNS, REPORT_COLUMNS, event_row, report_row
from eventwatch.export_safety import csv_row
from eventwatch.store.records import EventRecord

CSV_COLUMNS = [name for name, _ in REPORT_COLUMNS]


def flat(r: dict[str, Any]) -> dict[str, Any]:
    """One CSV row of an event report record."""
    return report_row(r)


def _csv(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    n = 0
    for r in records:
        writer.writerow(csv_row(flat(r)))
        n += 1
    return n


def write_reports(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    """Per-report CSV; returns the number of rows."""
    return _csv(records, out)


def write_events(events: Iterable[EventRecord], out: TextIO) -> int:
    """Per-event CSV (publishers and corroboration count per row); returns the number of rows."""
    writer = csv.DictWriter(out, fieldnames=[name for name, _ in EVENT_COLUMNS])
    writer.writeheader()
    n = 0
    for e in events:
        writer.writerow(csv_row(event_row(e)))
        n += 1
    return n
