"""Analyst review through the store's review API (``Store.confirm / reject / correct / merge /
split`` with its audit log).  This module only overlays corrections on the API's records and
turns the store's errors into API errors."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from eventwatch.store.review import FIELDS as CORRECTABLE_FIELDS
from eventwatch.store.review import ReviewError
from eventwatch.store.schema import CorrectionRow
from eventwatch.store.store import apply_corrections

__all__ = ["CORRECTABLE", "ReviewError", "overlay"]

#: what the API lets an analyst correct (evidence quote and ACLED codes stay machine output)
CORRECTABLE = {f for f in CORRECTABLE_FIELDS if f not in ("quote", "acled")}


def overlay(s: Session, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Apply the analysts' corrections (table ``corrections``) to report records in place."""
    targets = {"report:" + (r.get("key") or str(r["report_id"])): r for r in records}
    if not targets:
        return records
    found: dict[str, dict[str, Any]] = {}
    meta: dict[str, dict[str, dict[str, Any]]] = {}
    keys = sorted(targets)
    for i in range(0, len(keys), 500):
        for c in s.scalars(select(CorrectionRow).where(CorrectionRow.target.in_(keys[i:i + 500]))
                           .order_by(CorrectionRow.id)):
            found.setdefault(c.target, {})[c.field] = c.value
            meta.setdefault(c.target, {})[c.field] = {
                "by": c.by, "why": c.why, "at": c.at.isoformat(timespec="seconds") if c.at else None}
    for target, corr in found.items():
        apply_corrections(targets[target], corr, meta.get(target))
    return records
