"""Store-level fusion: incremental clustering of stored reports into fused events.

``fuse_pending()`` attaches every active report without an event to the existing events
(or founds new ones) -- nothing already fused is re-clustered.  ``refuse_all()`` re-clusters
everything from scratch but keeps the id of every event whose members carry over (best
overlap), and writes redirects for the ids that disappear.  Analyst-locked events (merged or
split by hand) keep their membership.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from eventwatch.fuse.cluster import Cluster, cluster, event_id_for, summarize
from eventwatch.fuse.features import COMPATIBLE, ActorIndex
from eventwatch.store.schema import (
    CorrectionRow,
    DocumentRow,
    EventRedirectRow,
    EventReportRow,
    FusedEventRow,
)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _compatible_types(types: set[str]) -> set[str]:
    out = set(types)
    for pair in COMPATIBLE:
        if pair & types:
            out |= pair
    return out


class FusionMixin:
    """Mixed into ``Store`` (needs ``session()``, ``kb``)."""

    _actor_index: ActorIndex | None = None

    def actor_index(self) -> ActorIndex:
        if getattr(self, "_actor_index", None) is None:
            self._actor_index = ActorIndex(self.kb)  # type: ignore[attr-defined]
        return self._actor_index  # type: ignore[return-value]

    # ------------------------------------------------------------------ helpers
    def _corrections(self, s: Session, targets: list[str]) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        targets = list(dict.fromkeys(targets))
        for i in range(0, len(targets), 500):
            q = select(CorrectionRow).where(CorrectionRow.target.in_(targets[i : i + 500])).order_by(CorrectionRow.id)
            for c in s.scalars(q):
                out.setdefault(c.target, {})[c.field] = c.value
        return out

    def _correction_meta(self, s: Session, targets: list[str]) -> dict[str, dict[str, dict[str, Any]]]:
        """Who corrected each field of each target, when and why: ``{target: {field: {by, why, at}}}``."""
        out: dict[str, dict[str, dict[str, Any]]] = {}
        targets = list(dict.fromkeys(t for t in targets if not t.endswith(":")))
        for i in range(0, len(targets), 500):
            q = select(CorrectionRow).where(CorrectionRow.target.in_(targets[i : i + 500])).order_by(CorrectionRow.id)
            for c in s.scalars(q):
                out.setdefault(c.target, {})[c.field] = {
                    "by": c.by, "why": c.why, "at": c.at.isoformat(timespec="seconds") if c.at else None,
                }
        return out

    def _event_reviews(self, s: Session, ids: list[str]) -> dict[str, str | None]:
        """The analyst decision (confirmed | rejected | None) of each fused event."""
        out: dict[str, str | None] = {}
        for i in range(0, len(ids), 500):
            for eid, review in s.execute(select(FusedEventRow.id, FusedEventRow.review)
                                         .where(FusedEventRow.id.in_(ids[i : i + 500]))):
                out[eid] = review
        return out

    def _member_records(self, s: Session, where: list[Any]) -> list[tuple[EventReportRow, dict[str, Any]]]:
        """(row, fusion record) of active, non-rejected reports; corrections applied."""
        from eventwatch.store.store import apply_corrections

        q = (
            select(EventReportRow, DocumentRow.publisher, DocumentRow.doc, DocumentRow.near_duplicate_of)
            .join(DocumentRow)
            .where(EventReportRow.state == "active")
            .where(or_(EventReportRow.review.is_(None), EventReportRow.review != "rejected"))
            .where(*where)
            .order_by(DocumentRow.ingested_at, EventReportRow.document_id, EventReportRow.id)
        )
        rows = s.execute(q).all()
        corr = self._corrections(s, ["report:" + r.key for r, *_ in rows if r.key])
        out = []
        for row, publisher, doc, dup in rows:
            rec = dict(row.data)
            c = corr.get("report:" + (row.key or ""))
            if c:
                apply_corrections(rec, c)
            rec.update(key=row.key, document_id=row.document_id, doc=doc, publisher=publisher,
                       near_duplicate_of=dup, row_id=row.id, event_id=row.event_id)
            out.append((row, rec))
        return out

    def _refresh_event(self, s: Session, eid: str) -> None:
        """Recompute the cached aggregate of one event from its current members."""
        ev = s.get(FusedEventRow, eid)
        if ev is None:
            return
        members = [rec for _, rec in self._member_records(s, [EventReportRow.event_id == eid])]
        now = _now()
        ev.updated_at = now
        if not members:
            if ev.state == "active":
                ev.state = "retracted"
            ev.n_reports = 0
            return
        if ev.state == "retracted":
            ev.state = "active"
        summ = summarize(members, self.actor_index())
        ev.summary = summ
        # the filterable columns hold the analyst's values where there are any (the summary
        # keeps the machine's), so SQL filters mean what every reader shows
        view = dict(summ)
        corr = self._corrections(s, ["event:" + eid]).get("event:" + eid)
        if corr:
            from eventwatch.store.store import apply_corrections

            apply_corrections(view, corr)
            _normalise_event_fields(view)
        ev.plover = view["plover"]
        ev.status = view["status"]
        when = view.get("when") or {}
        ev.date_start = when.get("date")
        ev.date_end = when.get("end")
        where = view.get("where") or {}
        ev.lat, ev.lon = where.get("lat"), where.get("lon")
        ev.n_reports = summ["n_reports"]
        ev.n_publishers = summ["n_publishers"]
        tolls = view.get("fatalities") or {}
        ev.fatalities_min, ev.fatalities_max = tolls.get("min"), tolls.get("max")

    def _new_event(self, s: Session, eid: str, locked: bool = False) -> FusedEventRow:
        ev = s.get(FusedEventRow, eid)
        now = _now()
        if ev is None:
            ev = FusedEventRow(id=eid, state="active", locked=locked, n_reports=0, n_publishers=0, summary={},
                               created_at=now, updated_at=now)
            s.add(ev)
        else:  # an id that existed before (retracted, then its founding report came back)
            ev.state = "active"
            ev.locked = ev.locked or locked
        s.flush()
        return ev

    def _fresh_id(self, s: Session, keys: list[str], salt: str = "") -> str:
        eid = event_id_for([k + salt for k in keys]) if salt else event_id_for(keys)
        ev = s.get(FusedEventRow, eid)
        if ev is None or ev.state == "retracted":
            return eid
        return self._fresh_id(s, keys, salt + "'")

    # ------------------------------------------------------------------ fusion
    def fuse_pending(self, document_id: str | None = None) -> dict[str, int]:
        """Attach unfused active reports (of one document, or all) to events; returns counts
        ``{"reports": fused, "attached": to existing events, "created": new events}``."""
        with self.session() as s, s.begin():  # type: ignore[attr-defined]
            where: list[Any] = [EventReportRow.event_id.is_(None)]
            if document_id:
                where.append(EventReportRow.document_id == document_id)
            pending = self._member_records(s, where)
            if not pending:
                return {"reports": 0, "attached": 0, "created": 0}
            types = _compatible_types({rec["plover"] for _, rec in pending})
            cand_ids = list(
                s.scalars(
                    select(FusedEventRow.id)
                    .where(FusedEventRow.state == "active", FusedEventRow.plover.in_(types))
                    .where(or_(FusedEventRow.review.is_(None), FusedEventRow.review != "rejected"))
                    .order_by(FusedEventRow.created_at, FusedEventRow.id)
                )
            )
            by_event: dict[str, list[dict[str, Any]]] = defaultdict(list)
            if cand_ids:
                for i in range(0, len(cand_ids), 500):
                    for _, rec in self._member_records(s, [EventReportRow.event_id.in_(cand_ids[i : i + 500])]):
                        by_event[rec["event_id"]].append(rec)
            locked = {e.id: e.locked for e in s.scalars(select(FusedEventRow).where(FusedEventRow.id.in_(cand_ids)))}
            existing = [Cluster(by_event[e], id=e, locked=locked.get(e, False)) for e in cand_ids if by_event.get(e)]
            rows = {rec["key"]: row for row, rec in pending}
            result = cluster([rec for _, rec in pending], actors=self.actor_index(), existing=existing)
            attached = created = 0
            touched: set[str] = set()
            for c in result:
                new = [m for m in c.members if m["key"] in rows]
                if not new:
                    continue
                if c.id is None:
                    c.id = self._fresh_id(s, [m["key"] for m in c.members])
                    self._new_event(s, c.id)
                    created += 1
                else:
                    attached += len(new)
                for m in new:
                    rows[m["key"]].event_id = c.id
                touched.add(c.id)
            s.flush()
            for eid in sorted(touched):
                self._refresh_event(s, eid)
            return {"reports": len(pending), "attached": attached, "created": created}

    def fuse_document(self, doc_id: str) -> dict[str, int]:
        """``fuse_pending`` for one document (its content-hash id or its external ``doc`` name)."""
        with self.session() as s:  # type: ignore[attr-defined]
            did = s.scalar(select(DocumentRow.id).where(or_(DocumentRow.id == doc_id, DocumentRow.doc == doc_id)))
        return self.fuse_pending(did or doc_id)

    def refuse_all(self) -> dict[str, int]:
        """Re-cluster every unlocked event from scratch (after a KB or scorer change).

        Ids are kept by best member overlap; ids that vanish get a ``refuse`` redirect to the
        event that took most of their reports.
        """
        with self.session() as s, s.begin():  # type: ignore[attr-defined]
            locked_ids = set(s.scalars(select(FusedEventRow.id).where(FusedEventRow.locked.is_(True),
                                                                       FusedEventRow.state == "active")))
            all_recs = self._member_records(s, [])
            rows = {rec["key"]: row for row, rec in all_recs}
            old_of = {rec["key"]: row.event_id for row, rec in all_recs}
            fixed: dict[str, list[dict[str, Any]]] = defaultdict(list)
            free = []
            for row, rec in all_recs:
                if row.event_id is not None and row.event_id in locked_ids:
                    fixed[row.event_id].append(rec)
                else:
                    free.append(rec)
            existing = [Cluster(m, id=e, locked=True) for e, m in sorted(fixed.items())]
            result = cluster(free, actors=self.actor_index(), existing=existing)
            # stable ids: greedy best overlap between new clusters and old events
            overlaps = []
            for ci, c in enumerate(result):
                if c.id is not None:
                    continue
                counts: dict[str, int] = defaultdict(int)
                for m in c.members:
                    old = old_of.get(m["key"])
                    if old and old not in locked_ids:
                        counts[old] += 1
                for eid, n in counts.items():
                    overlaps.append((n, -ci, eid, ci))
            overlaps.sort(reverse=True)
            taken: set[str] = set()
            for _, _, eid, ci in overlaps:
                if result[ci].id is None and eid not in taken:
                    result[ci].id = eid
                    taken.add(eid)
            created = 0
            new_of: dict[str, str] = {}
            for c in result:
                if c.id is None:
                    c.id = self._fresh_id(s, [m["key"] for m in c.members])
                    created += 1
                self._new_event(s, c.id)
                for m in c.members:
                    rows[m["key"]].event_id = c.id
                    new_of[m["key"]] = c.id
            s.flush()
            gone = {e for e in old_of.values() if e} - {c.id for c in result}
            now = _now()
            for eid in sorted(gone):
                dest: dict[str, int] = defaultdict(int)
                for k, e in old_of.items():
                    if e == eid and k in new_of:
                        dest[new_of[k]] += 1
                ev = s.get(FusedEventRow, eid)
                if ev is not None:
                    ev.state = "merged" if dest else "retracted"
                if dest:
                    target = max(sorted(dest), key=lambda d: dest[d])
                    s.add(EventRedirectRow(old_id=eid, new_id=target, reason="refuse", at=now))
            for c in result:
                self._refresh_event(s, c.id)  # type: ignore[arg-type]
            return {"reports": len(all_recs), "events": len(result), "created": created, "retired": len(gone)}

    # ------------------------------------------------------------------ reading events
    def resolve_event_id(self, eid: str, s: Session | None = None) -> str:
        """Follow merge/re-fusion redirects from an old id to the live event id."""
        own = s is None
        s = s or self.session()  # type: ignore[attr-defined]
        try:
            seen = set()
            while eid not in seen:
                seen.add(eid)
                ev = s.get(FusedEventRow, eid)
                if ev is not None and ev.state == "active":
                    return eid
                nxt = s.scalar(
                    select(EventRedirectRow.new_id)
                    .where(EventRedirectRow.old_id == eid, EventRedirectRow.reason != "split")
                    .order_by(EventRedirectRow.id.desc())
                )
                if nxt is None:
                    return eid
                eid = nxt
            return eid
        finally:
            if own:
                s.close()

    def redirects(self, eid: str | None = None) -> list[dict[str, Any]]:
        with self.session() as s:  # type: ignore[attr-defined]
            q = select(EventRedirectRow).order_by(EventRedirectRow.id)
            if eid:
                q = q.where(or_(EventRedirectRow.old_id == eid, EventRedirectRow.new_id == eid))
            return [{"old": r.old_id, "new": r.new_id, "reason": r.reason, "at": r.at.isoformat()} for r in s.scalars(q)]

    def fused_event(self, eid: str, reports: bool = True) -> dict[str, Any] | None:
        """One fused event (redirects followed), with its member report records."""
        from eventwatch.store.store import EventFilter

        with self.session() as s:  # type: ignore[attr-defined]
            real = self.resolve_event_id(eid, s)
            ev = s.get(FusedEventRow, real)
            if ev is None:
                return None
            rec = self._event_record(s, ev)
        if reports:
            rec["members"] = self.events(EventFilter(event=real, include_rejected=True))  # type: ignore[attr-defined]
        if real != eid:
            rec["redirected_from"] = eid
        return rec

    def _event_record(self, s: Session, ev: FusedEventRow, corr: dict[str, Any] | None = None) -> dict[str, Any]:
        from eventwatch.store.store import apply_corrections

        rec = {"id": ev.id, "state": ev.state, "review": ev.review, "locked": bool(ev.locked),
               "updated_at": ev.updated_at.isoformat(timespec="seconds") if ev.updated_at else None}
        rec |= dict(ev.summary or {})
        if corr is None:
            corr = self._corrections(s, ["event:" + ev.id]).get("event:" + ev.id)
        if corr:
            apply_corrections(rec, corr, self._correction_meta(s, ["event:" + ev.id]).get("event:" + ev.id))
            _normalise_event_fields(rec)
        return rec

    def fused_events(self, f: Any = None) -> list[dict[str, Any]]:
        """Fused events matching an ``EventFilter`` (oldest first)."""
        from eventwatch.store.store import EventFilter, _radius_box, _within

        f = f or EventFilter()
        with self.session() as s:  # type: ignore[attr-defined]
            q = select(FusedEventRow).where(FusedEventRow.state == "active")
            if not f.include_rejected and f.review != "rejected":
                q = q.where(or_(FusedEventRow.review.is_(None), FusedEventRow.review != "rejected"))
            if f.review:
                q = q.where(FusedEventRow.review.is_(None) if f.review == "unreviewed" else FusedEventRow.review == f.review)
            if f.event:
                q = q.where(FusedEventRow.id == self.resolve_event_id(f.event, s))
            if f.since:
                from sqlalchemy import func

                q = q.where(func.coalesce(FusedEventRow.date_end, FusedEventRow.date_start) >= f.since)
            if f.until:
                q = q.where(FusedEventRow.date_start <= f.until + "\uffff")
            if f.plover:
                q = q.where(FusedEventRow.plover == f.plover.upper())
            if f.status:
                q = q.where(FusedEventRow.status == f.status)
            if f.min_publishers:
                q = q.where(FusedEventRow.n_publishers >= f.min_publishers)
            if f.bbox:
                min_lon, min_lat, max_lon, max_lat = f.bbox
                q = q.where(FusedEventRow.lat.between(min_lat, max_lat), FusedEventRow.lon.between(min_lon, max_lon))
            if f.radius:
                q = q.where(*_radius_box(FusedEventRow.lat, FusedEventRow.lon, f.radius))
            if f.text or f.doc or f.publisher or f.min_confidence is not None:
                sub = EventFilter(text=f.text, doc=f.doc, publisher=f.publisher, min_confidence=f.min_confidence)
                ids = {r["event"] for r in self.events(sub) if r.get("event")}  # type: ignore[attr-defined]
                q = q.where(FusedEventRow.id.in_(sorted(ids)))
            # undated events last (NULL sorts first in SQLite, last in PostgreSQL)
            q = q.order_by(FusedEventRow.date_start.is_(None), FusedEventRow.date_start, FusedEventRow.id)
            evs = list(s.scalars(q))
            corr = self._corrections(s, ["event:" + e.id for e in evs])
            match = self.actor_matcher(f.actor) if f.actor else None  # type: ignore[attr-defined]
            out = []
            for ev in evs:
                rec = self._event_record(s, ev, corr.get("event:" + ev.id, {}))
                if match and not match([*rec.get("actor1", []), *rec.get("actor2", [])]):
                    continue
                if f.radius and not _within(rec.get("where"), f.radius):
                    continue
                if f.flag and f.flag not in rec.get("flags", []):
                    continue
                out.append(rec)
                if f.limit and len(out) >= f.limit:
                    break
            return out



def _normalise_event_fields(rec: dict[str, Any]) -> None:
    """Analyst values in the fused event's shapes: one place (not a list), tolls as ranges."""
    where = rec.get("where")
    if isinstance(where, list):
        rec["where"] = where[0] if where else None
    for name in ("fatalities", "injured"):
        v = rec.get(name)
        if isinstance(v, int) and not isinstance(v, bool):
            rec[name] = {"min": v, "max": v, "median": v, "by_source": {}, "analyst": True}
