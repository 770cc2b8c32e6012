"""Flat CSV: one row per fused event (default) or per event report; lists joined with '; '."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

from eventwatch.export.rows import EVENT_COLUMNS, REPORT_COLUMNS, event_row, report_row
from eventwatch.export_safety import csv_row
from eventwatch.store.records import EventRecord


def _write(rows: Iterable[dict[str, Any]], columns: list[tuple[str, Any]], out: TextIO) -> int:
    """Rows under the given columns' header, spreadsheet-safe cells; returns the number of rows."""
    writer = csv.DictWriter(out, fieldnames=[name for name, _ in columns])
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow(csv_row(row))
        n += 1
    return n


def write_reports(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    """Per-report CSV; returns the number of rows."""
    return _write((report_row(r) for r in records), REPORT_COLUMNS, out)


def write_events(events: Iterable[EventRecord], out: TextIO) -> int:
    """Per-event CSV (publishers and corroboration count per row); returns the number of rows."""
    return _write((event_row(e) for e in events), EVENT_COLUMNS, out)
