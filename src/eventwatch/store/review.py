"""Analyst review: confirm, correct, reject, merge, split -- every action in the audit log.

Corrections are stored apart from machine output (table ``corrections``, one row per
target + field, the latest value wins) and overlaid on read, so re-extraction can never
overwrite them: records show the analyst value and ``corrected: {field: {"value", "machine"}}``.
Targets: a fused event id (``ev-...``) or a report key (``r-...``, or a report row id).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from eventwatch.errors import EventwatchError
from eventwatch.store.corrections import FIELDS, CorrectionError, CorrectionValidator
from eventwatch.store.schema import AuditRow, CorrectionRow, EventRedirectRow, EventReportRow, FusedEventRow

__all__ = ["FIELDS", "ReviewError", "ReviewMixin", "parse_value"]


class ReviewError(EventwatchError):
    """A review action that cannot be applied (unknown id, bad field or value)."""


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def parse_value(field_name: str, raw: Any, validator: CorrectionValidator | None = None,
                allow_unknown: bool = False, near: tuple[float, float] | None = None) -> Any:
    """An analyst's value, checked (see :mod:`eventwatch.store.corrections`): JSON, or a
    convenient plain form (``actor1``: comma-separated names; ``when``:
    YYYY[-MM[-DD]][..YYYY-MM-DD]; ``fatalities``: an integer; ``where``: a place name)."""
    try:
        return (validator or CorrectionValidator()).value(field_name, raw, allow_unknown, near)
    except CorrectionError as exc:
        raise ReviewError(str(exc)) from exc


class ReviewMixin:
    """Mixed into ``Store``."""

    # ------------------------------------------------------------------ targets
    def _event(self, s: Session, eid: str) -> FusedEventRow:
        real = self.resolve_event_id(eid, s)  # type: ignore[attr-defined]
        ev = s.get(FusedEventRow, real)
        if ev is None:
            raise ReviewError(f"no fused event {eid!r}")
        return ev

    def _report(self, s: Session, rid: str) -> EventReportRow:
        cond = [EventReportRow.key == rid]
        if rid.isdigit():
            cond.append(EventReportRow.id == int(rid))
        row = s.scalar(select(EventReportRow).where(or_(*cond)))
        if row is None:
            raise ReviewError(f"no event report {rid!r} (give its key r-... or row id)")
        return row

    def _audit(self, s: Session, who: str, action: str, target: str, why: str | None, **detail: Any) -> None:
        s.add(AuditRow(at=_now(), who=who or "unknown", action=action, target=target, detail=detail, why=why))

    # ------------------------------------------------------------------ actions
    def confirm(self, target: str, by: str, why: str | None = None) -> str:
        """Mark an event (or a report) as confirmed by an analyst; returns the live id."""
        with self.session() as s, s.begin():  # type: ignore[attr-defined]
            if target.startswith("ev-"):
                ev = self._event(s, target)
                ev.review = "confirmed"
                self._audit(s, by, "confirm", ev.id, why)
                return ev.id
            row = self._report(s, target)
            row.review = "confirmed"
            self._audit(s, by, "confirm", row.key or str(row.id), why)
            return row.key or str(row.id)

    def reject(self, target: str, by: str, why: str | None = None) -> str:
        """Reject an event (hidden from lists) or a report (taken out of its event)."""
        with self.session() as s, s.begin():  # type: ignore[attr-defined]
            if target.startswith("ev-"):
                ev = self._event(s, target)
                ev.review = "rejected"
                self._audit(s, by, "reject", ev.id, why)
                return ev.id
            row = self._report(s, target)
            row.review = "rejected"
            old = row.event_id
            self._audit(s, by, "reject", row.key or str(row.id), why, event=old)
            s.flush()
            if old:
                self._refresh_event(s, old)  # type: ignore[attr-defined]
            return row.key or str(row.id)

    def correction_validator(self) -> CorrectionValidator:
        v: CorrectionValidator | None = getattr(self, "_correction_validator", None)
        if v is None:
            v = self._correction_validator = CorrectionValidator(self.kb)  # type: ignore[attr-defined]
        return v

    def correct(self, target: str, field_name: str, value: Any, by: str, why: str | None = None,
                allow_unknown: bool = False) -> dict[str, Any]:
        """Set the analyst value of one interchange field of an event or a report (checked:
        ``allow_unknown`` keeps actor names the knowledge base does not know)."""
        with self.session() as s, s.begin():  # type: ignore[attr-defined]
            event_id: str | None
            if target.startswith("ev-"):
                ev = self._event(s, target)
                tkey, machine, event_id = "event:" + ev.id, (ev.summary or {}).get(field_name), ev.id
                here = (ev.summary or {}).get("where")
            else:
                row = self._report(s, target)
                tkey, machine, event_id = "report:" + (row.key or str(row.id)), (row.data or {}).get(field_name), row.event_id
                here = (row.data or {}).get("where")
            first = here[0] if isinstance(here, list) and here else here if isinstance(here, dict) else {}
            near = (first["lat"], first["lon"]) if first.get("lat") is not None else None
            value = parse_value(field_name, value, self.correction_validator(), allow_unknown, near)
            c = s.scalar(select(CorrectionRow).where(CorrectionRow.target == tkey, CorrectionRow.field == field_name))
            before = c.value if c is not None else machine
            if c is None:
                s.add(CorrectionRow(target=tkey, field=field_name, value=value, by=by, why=why, at=_now()))
            else:
                c.value, c.by, c.why, c.at = value, by, why, _now()
            self._audit(s, by, "correct", tkey.split(":", 1)[1], why, field=field_name, old=before, new=value,
                        machine=machine)
            s.flush()
            if event_id:
                self._refresh_event(s, event_id)  # type: ignore[attr-defined]
            return {"target": tkey, "field": field_name, "value": value, "machine": machine}

    def merge(self, keep: str, other: str, by: str, why: str | None = None) -> str:
        """Move every report of ``other`` into ``keep``; ``other`` redirects to ``keep``."""
        with self.session() as s, s.begin():  # type: ignore[attr-defined]
            a, b = self._event(s, keep), self._event(s, other)
            if a.id == b.id:
                raise ReviewError(f"{keep} and {other} are the same event")
            moved = list(s.scalars(select(EventReportRow).where(EventReportRow.event_id == b.id)))
            for r in moved:
                r.event_id = a.id
            b.state = "merged"
            a.locked = True
            s.add(EventRedirectRow(old_id=b.id, new_id=a.id, reason="merge", at=_now()))
            for c in s.scalars(select(CorrectionRow).where(CorrectionRow.target == "event:" + b.id)):
                if s.scalar(select(CorrectionRow.id).where(CorrectionRow.target == "event:" + a.id,
                                                           CorrectionRow.field == c.field)) is None:
                    c.target = "event:" + a.id
            self._audit(s, by, "merge", a.id, why, merged=b.id, reports=[r.key for r in moved])
            s.flush()
            self._refresh_event(s, a.id)  # type: ignore[attr-defined]
            self._refresh_event(s, b.id)  # type: ignore[attr-defined]
            b.state = "merged"
            return a.id

    def split(self, event: str, reports: list[str], by: str, why: str | None = None) -> str:
        """Move ``reports`` out of ``event`` into a new event; returns the new event id."""
        with self.session() as s, s.begin():  # type: ignore[attr-defined]
            ev = self._event(s, event)
            rows = [self._report(s, r) for r in reports]
            for r in rows:
                if r.event_id != ev.id:
                    raise ReviewError(f"report {r.key} is not in event {ev.id}")
            left = s.scalar(
                select(EventReportRow.id).where(
                    EventReportRow.event_id == ev.id,
                    EventReportRow.state == "active",
                    EventReportRow.id.not_in([r.id for r in rows]),
                )
            )
            if left is None:
                raise ReviewError("a split must leave at least one report in the event")
            new_id = self._fresh_id(s, [r.key or str(r.id) for r in rows])  # type: ignore[attr-defined]
            self._new_event(s, new_id, locked=True)  # type: ignore[attr-defined]
            for r in rows:
                r.event_id = new_id
            ev.locked = True
            s.add(EventRedirectRow(old_id=ev.id, new_id=new_id, reason="split", at=_now()))
            self._audit(s, by, "split", ev.id, why, new=new_id, reports=[r.key for r in rows])
            s.flush()
            self._refresh_event(s, ev.id)  # type: ignore[attr-defined]
            self._refresh_event(s, new_id)  # type: ignore[attr-defined]
            return new_id

    def audit_log(self, target: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Analyst actions, oldest first (``target``: an event id or report key)."""
        with self.session() as s:  # type: ignore[attr-defined]
            q = select(AuditRow).order_by(AuditRow.id)
            if target:
                q = q.where(AuditRow.target == target)
            rows = list(s.scalars(q))
            if limit:
                rows = rows[-limit:]
            return [
                {"at": r.at.isoformat(timespec="seconds"), "who": r.who, "action": r.action, "target": r.target,
                 "why": r.why, **(r.detail or {})}
                for r in rows
            ]
