"""Read queries of the API beyond ``Store.events_page``: single reports and documents, and the
aggregates (actors, network, places, timeline, publishers).

Report *filtering* is not implemented here: every filtered read goes through the store
(``Store.events_page`` for pages, ``Store.iter_events`` for aggregates), i.e. through
``Store._report_select`` + ``Store._post_filter``, so an API filter means exactly what the same
filter of ``eventwatch events`` means (KB actor aliases and sub-groups, full-text ``text``,
radius, corroboration, fused event, review state) and records carry the analysts' corrections.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from eventwatch.store import EventFilter, Store
from eventwatch.store.schema import DocumentRow, EventReportRow

_STATE = getattr(EventReportRow, "state", None)


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


def actor_counts(store: Store, f: EventFilter) -> list[dict[str, Any]]:
    a1: Counter[str] = Counter()
    a2: Counter[str] = Counter()
    for r in store.iter_events(f, ("actor1", "actor2")):
        a1.update(set(r["actor1"] or []))
        a2.update(set(r["actor2"] or []))
    names = sorted(set(a1) | set(a2), key=lambda n: (-(a1[n] + a2[n]), n))
    return [{"name": n, "reports": a1[n] + a2[n], "as_actor1": a1[n], "as_actor2": a2[n]} for n in names]


def network(store: Store, f: EventFilter, quad_of: dict[str, str]) -> dict[str, Any]:
    """Who acts on whom: one edge per (actor1, actor2) with event counts by quad class."""
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    degree: Counter[str] = Counter()
    for r in store.iter_events(f, ("actor1", "actor2", "plover")):
        plover = r["plover"]
        kind = "conflict" if "conflict" in quad_of.get(plover, "conflict") else "cooperation"
        for a in set(r["actor1"] or []):
            for b in set(r["actor2"] or []):
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


def places(store: Store, f: EventFilter, limit: int) -> list[dict[str, Any]]:
    """The first (event) place of each matching report, with report counts."""
    c: Counter[tuple[str, Any, Any]] = Counter()
    for r in store.iter_events(f, ("place",)):
        p = r["place"]
        if p is not None:
            c[(p["name"], p["lat"], p["lon"])] += 1
    ranked = sorted(c.items(), key=lambda kv: (-kv[1], kv[0][0]))[:limit]
    return [{"name": p, "lat": la, "lon": lo, "reports": n} for (p, la, lo), n in ranked]


def timeline(store: Store, f: EventFilter) -> list[dict[str, Any]]:
    """Reports per ISO week (Monday start) with counts by PLOVER type; undated reports skipped."""
    weeks: dict[str, Counter[str]] = defaultdict(Counter)
    for r in store.iter_events(f, ("date", "plover")):
        start = r["date"]
        if not start or not isinstance(start, str):
            continue
        try:
            d = date.fromisoformat(start[:10]) if len(start) >= 10 else date.fromisoformat(start[:7] + "-01")
        except ValueError:
            continue
        monday = (d - timedelta(days=d.weekday())).isoformat()
        weeks[monday][r["plover"]] += 1
    return [
        {"week": w, "count": sum(c.values()), "by_type": dict(c.most_common())} for w, c in sorted(weeks.items())
    ]


def publishers(store: Store, f: EventFilter, top: int = 10) -> list[dict[str, Any]]:
    """Per outlet: documents, reports by type, whom it blames (actor1) and whom it names as target."""
    with store.session() as s:
        docs = dict(s.execute(select(DocumentRow.publisher, func.count()).group_by(DocumentRow.publisher)).all())
    agg: dict[str | None, dict[str, Any]] = {}
    for r in store.iter_events(f, ("publisher", "plover", "fatalities", "actor1", "actor2")):
        g = agg.setdefault(r["publisher"], {"types": Counter(), "blames": Counter(), "targets": Counter(),
                                            "reports": 0, "fatalities": 0})
        g["reports"] += 1
        g["types"][r["plover"]] += 1
        g["fatalities"] += r["fatalities"] if isinstance(r["fatalities"], int) else 0
        g["blames"].update(set(r["actor1"] or []))
        g["targets"].update(set(r["actor2"] or []))
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
    out: dict[str, Any] = {
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
        "failure": {"stage": row.failure_stage, "reason": row.failure_reason} if row.state == "failed" else None,
        "ingest_note": row.ingest_note,
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
