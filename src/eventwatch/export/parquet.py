"""Parquet (pyarrow): the flat event or report rows with typed columns."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from eventwatch.export.rows import EVENT_COLUMNS, REPORT_COLUMNS, event_row, report_row
from eventwatch.store.records import EventRecord


def _arrow_type(t: type) -> Any:
    import pyarrow as pa

    return {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_()}[t]


def _write(rows: list[dict[str, Any]], columns: list[tuple[str, type]], path: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(name, _arrow_type(t)) for name, t in columns])
    data = {name: [_cast(r.get(name), t) for r in rows] for name, t in columns}
    pq.write_table(pa.Table.from_pydict(data, schema=schema), path)
    return len(rows)


def _cast(value: Any, t: type) -> Any:
    if value is None or value == "":
        return None if t is not str else (value if value == "" else None)
    return t(value)


def write_events(events: Iterable[EventRecord], path: Path) -> int:
    return _write([event_row(e) for e in events], EVENT_COLUMNS, path)


def write_reports(records: Iterable[dict[str, Any]], path: Path) -> int:
    return _write([report_row(r) for r in records], REPORT_COLUMNS, path)
