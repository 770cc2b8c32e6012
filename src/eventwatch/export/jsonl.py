"""JSON Lines: interchange records (per report) or fused event records (per event)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from eventwatch.store.records import EventRecord


def write_reports(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    n = 0
    for r in records:
        out.write(json.dumps(r, ensure_ascii=False, default=str) + "\n")
        n += 1
    return n


def write_events(events: Iterable[EventRecord], out: TextIO) -> int:
    return write_reports((e.to_dict() for e in events), out)
