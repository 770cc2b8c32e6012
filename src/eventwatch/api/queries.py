"""Read queries the API needs beyond ``Store.events`` (pagination, totals, aggregates).

These are read-only SQL queries over the store's tables.  They mirror the semantics of
:class:`eventwatch.store.EventFilter` (same columns, same inclusive date bounds, same
case-insensitive actor / publisher / quote matching) but push LIMIT/OFFSET and counts into
the database so that a filtered page over 100,000+ reports stays fast.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, String, cast, func, or_, select
from sqlalchemy.orm import Session

from eventwatch.store.schema import DocumentRow, EventReportRow


_STATE = getattr(EventReportRow, "state", None)
_REVIEW = getattr(EventReportRow, "review", None)


@dataclass(slots=True)
class Query:
    """The API's event filter: the fields of ``EventFilter`` plus pagination."""

    since: str | None = None
    until: str | None = None
    plover: str | None = None
    status: str | None = None
    actor: str | None = None
    doc: str | None = None
    publisher: str | None = None
    text: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    min_confidence: float | None = None
    max_confidence: float | None = None
    include_rejected: bool = False
    limit: int | None = None
    offset: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def _json_safe_needle(needle: str) -> bool:
    """True when a substring of the JSON text of a list implies nothing wrong (no escaping)."""
    return needle.isascii() and all(c.isprintable() and c not in '"\\' for c in needle)


def _filtered(q: Select, f: Query) -> tuple[Select, str | None]:
    """Apply ``f`` to a select over EventReportRow joined to DocumentRow.

    Returns the select and, when the actor match cannot be decided in SQL alone, the
    lower-cased needle the caller must still check in Python.
    """
    if _STATE is not None:  # newer stores keep retracted reports (lifecycle column)
        q = q.where(_STATE == "active")
    if _REVIEW is not None and not f.include_rejected:
        q = q.where(or_(_REVIEW.is_(None), _REVIEW != "rejected"))
    if f.since:
        q = q.where(func.coalesce(EventReportRow.date_end, EventReportRow.date_start) >= f.since)
    if f.until:
        q = q.where(EventReportRow.date_start <= f.until + "\uffff")
    if f.plover:
        q = q.where(EventReportRow.plover == f.plover.upper())
    if f.status:
        q = q.where(EventReportRow.status == f.status.lower())
    if f.doc:
        q = q.where(DocumentRow.doc == f.doc)
    if f.publisher:
        q = q.where(func.lower(DocumentRow.publisher) == f.publisher.lower())
    if f.text:
        q = q.where(func.lower(EventReportRow.quote).contains(f.text.lower(), autoescape=True))
    if f.min_confidence is not None:
        q = q.where(EventReportRow.confidence >= f.min_confidence)
    if f.max_confidence is not None:
        q = q.where(EventReportRow.confidence < f.max_confidence)
    if f.bbox:
        min_lon, min_lat, max_lon, max_lat = f.bbox
        q = q.where(EventReportRow.lat.between(min_lat, max_lat), EventReportRow.lon.between(min_lon, max_lon))
    post: str | None = None
    if f.actor:
        needle = f.actor.lower()
        # Cheap SQL pre-filter on the JSON text of both actor lists (a superset of the
        # matches when the needle needs no JSON escaping); the exact test runs in Python.
        if _json_safe_needle(needle):
            both = func.lower(cast(EventReportRow.actor1, String) + cast(EventReportRow.actor2, String))
            q = q.where(both.contains(needle, autoescape=True))
        post = needle
    return q, post


def _actor_match(needle: str, a1: list[str], a2: list[str]) -> bool:
    return any(needle in str(a).lower() for a in [*(a1 or []), *(a2 or [])])


def record_of(row: EventReportRow, doc_row: DocumentRow | None = None, publisher: str | None = None,
              doc: str | None = None, published: Any = None, title: str | None = None) -> dict[str, Any]:
    """The API record of one report: the interchange record plus its database handles."""
    rec = dict(row.data or {})
    if doc_row is not None:
        publisher, doc, published, title = doc_row.publisher, doc_row.doc, doc_row.published, doc_row.title
    rec["doc"] = doc if doc is not None else rec.get("doc")
    rec["publisher"] = publisher
    rec["report_id"] = row.id
    if getattr(row, "key", None):
        rec["key"] = row.key
    rec["event"] = getattr(row, "event_id", None)
    rec["review"] = getattr(row, "review", None)
    rec["document_id"] = row.document_id
    rec["published"] = published.isoformat() if hasattr(published, "isoformat") else published
    rec["title"] = title
    return rec


def events_page(s: Session, f: Query, with_total: bool = True) -> tuple[list[dict[str, Any]], int | None]:
    """One page of reports (oldest first) and the number of matches."""
    cols = (EventReportRow, DocumentRow.publisher, DocumentRow.doc, DocumentRow.published, DocumentRow.title)
    q, post = _filtered(select(*cols).join(DocumentRow, DocumentRow.id == EventReportRow.document_id), f)
    q = q.order_by(EventReportRow.date_start, EventReportRow.id)
    if post is None:
        total = None
        if with_total:
            cq, _ = _filtered(
                select(func.count()).select_from(EventReportRow).join(
                    DocumentRow, DocumentRow.id == EventReportRow.document_id
                ),
                f,
            )
            total = int(s.scalar(cq) or 0)
        if f.offset:
            q = q.offset(f.offset)
        if f.limit is not None:
            q = q.limit(f.limit)
        rows = [record_of(r, None, p, d, pub, t) for r, p, d, pub, t in s.execute(q)]
        return rows, total
    # actor filter decided in Python: stream the candidates
    out: list[dict[str, Any]] = []
    n = 0
    for r, p, d, pub, t in s.execute(q.execution_options(yield_per=500)):
        if not _actor_match(post, r.actor1, r.actor2):
            continue
        if n >= f.offset and (f.limit is None or len(out) < f.limit):
            out.append(record_of(r, None, p, d, pub, t))
        n += 1
        if not with_total and f.limit is not None and len(out) >= f.limit:
            break
    return out, n if with_total else None


def report(s: Session, ref: str) -> tuple[EventReportRow, DocumentRow] | None:
    """A report by database id (digits) or by its interchange id (``<doc>-NNN``)."""
    if ref.isdigit() and len(ref) < 19:
        row = s.get(EventReportRow, int(ref))
        if row is not None:
            return row, row.document
    row = s.scalars(
        select(EventReportRow).where(EventReportRow.local_id == ref).order_by(EventReportRow.id).limit(1)
    ).first()
    return (row, row.document) if row is not None else None


def related_reports(s: Session, row: EventReportRow, limit: int = 20) -> list[dict[str, Any]]:
    """Other reports that plausibly describe the same event (a stand-in until fusion lands):
    same PLOVER type, dates within a day, places within ~25 km (or both unlocated)."""
    if getattr(row, "event_id", None):  # the store fused them: the event's other members
        q = (select(EventReportRow, DocumentRow).join(DocumentRow, DocumentRow.id == EventReportRow.document_id)
             .where(EventReportRow.event_id == row.event_id, EventReportRow.id != row.id))
        if _STATE is not None:
            q = q.where(_STATE == "active")
        q = q.order_by(EventReportRow.date_start, EventReportRow.id).limit(limit)
        return [record_of(r, d) for r, d in s.execute(q)]
    q = (
        select(EventReportRow, DocumentRow)
        .join(DocumentRow, DocumentRow.id == EventReportRow.document_id)
        .where(EventReportRow.plover == row.plover, EventReportRow.id != row.id)
    )
    if row.date_start:
        try:
            d = date.fromisoformat(row.date_start[:10])
            lo, hi = (d - timedelta(days=1)).isoformat(), (d + timedelta(days=1)).isoformat()
            q = q.where(EventReportRow.date_start.between(lo, hi + "\uffff"))
        except ValueError:
            q = q.where(EventReportRow.date_start == row.date_start)
    else:
        q = q.where(EventReportRow.date_start.is_(None), EventReportRow.document_id == row.document_id)
    if row.lat is not None and row.lon is not None:
        dlat = 0.25
        dlon = 0.25 / max(0.1, math.cos(math.radians(row.lat)))
        q = q.where(EventReportRow.lat.between(row.lat - dlat, row.lat + dlat),
                    EventReportRow.lon.between(row.lon - dlon, row.lon + dlon))
    else:
        q = q.where(EventReportRow.lat.is_(None))
    q = q.order_by(EventReportRow.date_start, EventReportRow.id).limit(limit)
    return [record_of(r, d) for r, d in s.execute(q)]


def _iter_filtered(s: Session, f: Query, *cols: Any):
    q, post = _filtered(
        select(EventReportRow.actor1, EventReportRow.actor2, *cols).join(
            DocumentRow, DocumentRow.id == EventReportRow.document_id
        ),
        f,
    )
    for row in s.execute(q.execution_options(yield_per=2000)):
        if post is not None and not _actor_match(post, row[0], row[1]):
            continue
        yield row


def actor_counts(s: Session, f: Query) -> list[dict[str, Any]]:
    a1: Counter[str] = Counter()
    a2: Counter[str] = Counter()
    for actor1, actor2 in _iter_filtered(s, f):
        for name in set(actor1 or []):
            a1[name] += 1
        for name in set(actor2 or []):
            a2[name] += 1
    names = set(a1) | set(a2)
    out = [{"name": n, "reports": a1[n] + a2[n], "as_actor1": a1[n], "as_actor2": a2[n]} for n in names]
    out.sort(key=lambda r: (-r["reports"], r["name"]))
    return out


def network(s: Session, f: Query, quad_of: dict[str, str]) -> dict[str, Any]:
    """Who acts on whom: one edge per (actor1, actor2) with event counts by quad class."""
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    degree: Counter[str] = Counter()
    for actor1, actor2, plover in _iter_filtered(s, f, EventReportRow.plover):
        kind = "conflict" if "conflict" in quad_of.get(plover, "conflict") else "cooperation"
        for a in set(actor1 or []):
            for b in set(actor2 or []):
                if a == b:
                    continue
                e = edges.setdefault((a, b), {"source": a, "target": b, "weight": 0, "conflict": 0,
                                              "cooperation": 0, "types": Counter()})
                e["weight"] += 1
                e[kind] += 1
                e["types"][plover] += 1
                degree[a] += 1
                degree[b] += 1
    out_edges = []
    for e in edges.values():
        e["types"] = dict(e["types"].most_common())
        e["kind"] = "conflict" if e["conflict"] >= e["cooperation"] else "cooperation"
        out_edges.append(e)
    out_edges.sort(key=lambda e: (-e["weight"], e["source"], e["target"]))
    nodes = [{"id": n, "weight": w} for n, w in degree.most_common()]
    return {"nodes": nodes, "edges": out_edges}


def places(s: Session, f: Query, limit: int) -> list[dict[str, Any]]:
    q, post = _filtered(
        select(EventReportRow.place, EventReportRow.lat, EventReportRow.lon, func.count().label("n"))
        .join(DocumentRow, DocumentRow.id == EventReportRow.document_id)
        .where(EventReportRow.place.is_not(None)),
        replace(f, actor=None),
    )
    q = q.group_by(EventReportRow.place, EventReportRow.lat, EventReportRow.lon).order_by(
        func.count().desc(), EventReportRow.place
    )
    if f.actor:  # group in Python to honour the actor filter exactly
        c: Counter[tuple[str, float, float]] = Counter()
        for _a1, _a2, place, lat, lon in _iter_filtered(
            s, f, EventReportRow.place, EventReportRow.lat, EventReportRow.lon
        ):
            if place is not None:
                c[(place, lat, lon)] += 1
        return [{"name": p, "lat": la, "lon": lo, "reports": n} for (p, la, lo), n in c.most_common(limit)]
    return [{"name": p, "lat": la, "lon": lo, "reports": n} for p, la, lo, n in s.execute(q.limit(limit))]


def timeline(s: Session, f: Query) -> list[dict[str, Any]]:
    """Reports per ISO week (Monday start) with counts by PLOVER type; undated reports skipped."""
    weeks: dict[str, Counter[str]] = defaultdict(Counter)
    for _a1, _a2, start, plover in _iter_filtered(s, f, EventReportRow.date_start, EventReportRow.plover):
        if not start:
            continue
        try:
            d = date.fromisoformat(start[:10]) if len(start) >= 10 else date.fromisoformat(start[:7] + "-01")
        except ValueError:
            continue
        monday = (d - timedelta(days=d.weekday())).isoformat()
        weeks[monday][plover] += 1
    return [
        {"week": w, "count": sum(c.values()), "by_type": dict(c.most_common())} for w, c in sorted(weeks.items())
    ]


def publishers(s: Session, f: Query, top: int = 10) -> list[dict[str, Any]]:
    """Per outlet: documents, reports by type, whom it blames (actor1) and whom it names as target."""
    docs = dict(
        s.execute(select(DocumentRow.publisher, func.count()).group_by(DocumentRow.publisher)).all()
    )
    agg: dict[str | None, dict[str, Any]] = {}
    for a1, a2, publisher, plover, fatalities in _iter_filtered(
        s, f, DocumentRow.publisher, EventReportRow.plover, EventReportRow.fatalities
    ):
        g = agg.setdefault(publisher, {"types": Counter(), "blames": Counter(), "targets": Counter(),
                                       "reports": 0, "fatalities": 0})
        g["reports"] += 1
        g["types"][plover] += 1
        g["fatalities"] += fatalities or 0
        for a in set(a1 or []):
            g["blames"][a] += 1
        for a in set(a2 or []):
            g["targets"][a] += 1
    out = []
    for name in set(docs) | set(agg):
        g = agg.get(name) or {"types": Counter(), "blames": Counter(), "targets": Counter(), "reports": 0,
                              "fatalities": 0}
        if f.publisher and (name or "").lower() != f.publisher.lower():
            continue
        out.append({
            "publisher": name,
            "documents": int(docs.get(name, 0)),
            "reports": g["reports"],
            "fatalities_reported": g["fatalities"],
            "reports_by_type": dict(g["types"].most_common()),
            "blames": [{"actor": a, "reports": n} for a, n in g["blames"].most_common(top)],
            "targets": [{"actor": a, "reports": n} for a, n in g["targets"].most_common(top)],
        })
    out.sort(key=lambda r: (-r["reports"], -r["documents"], r["publisher"] or ""))
    return out


def documents_page(s: Session, limit: int, offset: int, publisher: str | None, state: str | None,
                   text: str | None) -> tuple[list[dict[str, Any]], int]:
    n_reports = (
        select(func.count()).where(EventReportRow.document_id == DocumentRow.id).correlate(DocumentRow)
        .scalar_subquery()
    )
    q = select(DocumentRow.id, DocumentRow.doc, DocumentRow.title, DocumentRow.publisher, DocumentRow.published,
               DocumentRow.language, DocumentRow.state, DocumentRow.url, DocumentRow.near_duplicate_of,
               n_reports.label("reports"))
    cq = select(func.count()).select_from(DocumentRow)
    conds = []
    if publisher:
        conds.append(func.lower(DocumentRow.publisher) == publisher.lower())
    if state:
        conds.append(DocumentRow.state == state)
    if text:
        conds.append(func.lower(DocumentRow.text).contains(text.lower(), autoescape=True))
    q = q.where(*conds).order_by(DocumentRow.published, DocumentRow.doc, DocumentRow.id).offset(offset).limit(limit)
    total = int(s.scalar(cq.where(*conds)) or 0)
    items = []
    for r in s.execute(q):
        m = r._asdict()
        m["published"] = m["published"].isoformat() if m["published"] else None
        items.append(m)
    return items, total


def document(s: Session, ref: str) -> DocumentRow | None:
    row = s.get(DocumentRow, ref)
    if row is None:
        row = s.scalars(select(DocumentRow).where(DocumentRow.doc == ref).order_by(DocumentRow.id).limit(1)).first()
    return row


def document_dict(row: DocumentRow, with_text: bool = True) -> dict[str, Any]:
    out = {
        "id": row.id,
        "doc": row.doc,
        "title": row.title,
        "url": row.url,
        "publisher": row.publisher,
        "published": row.published.isoformat() if row.published else None,
        "published_source": row.published_source,
        "published_confidence": row.published_confidence,
        "published_evidence": row.published_evidence,
        "language": row.language,
        "state": row.state,
        "source_path": row.source_path,
        "near_duplicate_of": row.near_duplicate_of,
        "ingested_at": row.ingested_at.isoformat() if row.ingested_at else None,
        "processed_at": row.processed_at.isoformat() if row.processed_at else None,
        "extractor_version": row.extractor_version,
    }
    if with_text:
        out["text"] = row.text
        out["removed"] = list(row.removed or [])
    return out
