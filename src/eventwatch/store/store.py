"""The store: documents, event reports and actor mentions in SQLite or PostgreSQL.

Each processed document is written in ONE transaction (document row, its reports and
its mentions), so a run killed at any point leaves the database consistent, and a
re-run skips every document already processed by the same extractor version.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, delete, event, func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from eventwatch.models import EXTRACTOR_VERSION, Document, DocumentResult, IngestError, Removed
from eventwatch.store.schema import (
    ActorMentionRow,
    Base,
    DocumentRow,
    EventReportRow,
    IngestErrorRow,
)

DEFAULT_DB = "sqlite:///data/eventwatch.sqlite"


def default_url() -> str:
    return os.environ.get("EVENTWATCH_DB") or DEFAULT_DB


def normalise_url(url: str) -> str:
    """Accept a bare file path as an SQLite database; use psycopg 3 for PostgreSQL."""
    if "://" not in url:
        return f"sqlite:///{url}"
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


@dataclass(slots=True)
class EventFilter:
    """Filters shared by ``eventwatch events``, ``export`` and (later) the API."""

    since: str | None = None  # YYYY-MM-DD, inclusive
    until: str | None = None
    plover: str | None = None
    status: str | None = None
    actor: str | None = None  # matches actor1 or actor2 (case-insensitive substring)
    doc: str | None = None
    publisher: str | None = None
    text: str | None = None  # substring of the quote
    bbox: tuple[float, float, float, float] | None = None  # min_lon, min_lat, max_lon, max_lat
    min_confidence: float | None = None
    limit: int | None = None


class Store:
    """Database access.  ``Store(url)`` creates the schema when missing."""

    def __init__(self, url: str | None = None) -> None:
        self.url = normalise_url(url or default_url())
        if self.url.startswith("sqlite:///") and not self.url.startswith("sqlite:///:memory:"):
            Path(self.url.removeprefix("sqlite:///")).expanduser().parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(self.url, future=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        Base.metadata.create_all(self.engine)
        self._session = sessionmaker(self.engine, expire_on_commit=False)

    def session(self) -> Session:
        return self._session()

    def close(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------------ documents
    def document_state(self, doc_id: str) -> str | None:
        with self.session() as s:
            return s.scalar(select(DocumentRow.state).where(DocumentRow.id == doc_id))

    def add_document(self, document: Document) -> bool:
        """Insert an ingested document; False (and nothing written) when its id exists."""
        with self.session() as s, s.begin():
            if s.get(DocumentRow, document.id) is not None:
                return False
            s.add(_document_row(document))
        return True

    def documents(self, state: str | None = None) -> Iterator[Document]:
        with self.session() as s:
            q = select(DocumentRow).order_by(DocumentRow.ingested_at, DocumentRow.id)
            if state:
                q = q.where(DocumentRow.state == state)
            for row in s.scalars(q):
                yield _document(row)

    def pending(self) -> list[Document]:
        """Documents not yet processed by this extractor version (resume after a kill)."""
        with self.session() as s:
            q = (
                select(DocumentRow)
                .where(
                    or_(
                        DocumentRow.state == "ingested",
                        DocumentRow.extractor_version != EXTRACTOR_VERSION,
                    )
                )
                .where(DocumentRow.state != "skipped")
                .order_by(DocumentRow.ingested_at, DocumentRow.id)
            )
            return [_document(row) for row in s.scalars(q)]

    def texts(self) -> Iterator[tuple[str, str]]:
        """(id, text) of originals, to rebuild the near-duplicate index."""
        with self.session() as s:
            q = select(DocumentRow.id, DocumentRow.text).where(DocumentRow.near_duplicate_of.is_(None))
            for doc_id, text in s.execute(q):
                yield doc_id, text

    def save_result(self, result: DocumentResult) -> None:
        """Write one pipeline result atomically, replacing earlier machine output."""
        document = result.document
        with self.session() as s, s.begin():
            row = s.get(DocumentRow, document.id)
            if row is None:
                row = _document_row(document)
                s.add(row)
            else:
                _update_document_row(row, document)
            s.execute(delete(EventReportRow).where(EventReportRow.document_id == document.id))
            s.execute(delete(ActorMentionRow).where(ActorMentionRow.document_id == document.id))
            skipped = not document.is_english or document.near_duplicate_of is not None
            row.state = "skipped" if skipped else "processed"
            row.processed_at = datetime.now(UTC).replace(tzinfo=None)
            row.extractor_version = EXTRACTOR_VERSION
            for report in result.events:
                s.add(_report_row(document.id, report.to_interchange()))
            for m in result.analysis.actors:
                s.add(
                    ActorMentionRow(
                        document_id=document.id,
                        start=m.span.start,
                        end=m.span.end,
                        text=m.span.text,
                        actor_id=m.actor_id,
                        name=m.name,
                        how=m.how,
                    )
                )

    def record_error(self, error: IngestError) -> None:
        with self.session() as s, s.begin():
            s.add(IngestErrorRow(path=error.path, reason=error.reason, at=datetime.now(UTC).replace(tzinfo=None)))

    # ------------------------------------------------------------------ queries
    def events(self, f: EventFilter | None = None) -> list[dict[str, Any]]:
        """Stored event reports (interchange records) matching the filter, oldest first."""
        f = f or EventFilter()
        with self.session() as s:
            q = select(EventReportRow, DocumentRow.publisher, DocumentRow.doc).join(DocumentRow)
            if f.since:
                q = q.where(func.coalesce(EventReportRow.date_end, EventReportRow.date_start) >= f.since)
            if f.until:
                q = q.where(EventReportRow.date_start <= f.until + "\uffff")
            if f.plover:
                q = q.where(EventReportRow.plover == f.plover.upper())
            if f.status:
                q = q.where(EventReportRow.status == f.status)
            if f.doc:
                q = q.where(DocumentRow.doc == f.doc)
            if f.publisher:
                q = q.where(func.lower(DocumentRow.publisher) == f.publisher.lower())
            if f.text:
                q = q.where(func.lower(EventReportRow.quote).contains(f.text.lower()))
            if f.min_confidence is not None:
                q = q.where(EventReportRow.confidence >= f.min_confidence)
            if f.bbox:
                min_lon, min_lat, max_lon, max_lat = f.bbox
                q = q.where(
                    EventReportRow.lat.between(min_lat, max_lat), EventReportRow.lon.between(min_lon, max_lon)
                )
            q = q.order_by(EventReportRow.date_start, EventReportRow.id)
            out: list[dict[str, Any]] = []
            needle = f.actor.lower() if f.actor else None
            for row, publisher, doc in s.execute(q):
                if needle and not any(needle in a.lower() for a in [*row.actor1, *row.actor2]):
                    continue
                record = dict(row.data)
                record["doc"] = doc
                record["publisher"] = publisher
                out.append(record)
                if f.limit and len(out) >= f.limit:
                    break
            return out

    def unknown_actors(self, limit: int = 50) -> list[tuple[str, int, list[str]]]:
        """Organisation-like spans the KB could not resolve: (text, count, example docs)."""
        with self.session() as s:
            q = (
                select(ActorMentionRow.text, func.count(), DocumentRow.doc)
                .join(DocumentRow, DocumentRow.id == ActorMentionRow.document_id)
                .where(ActorMentionRow.actor_id.is_(None))
                .group_by(ActorMentionRow.text, DocumentRow.doc)
            )
            agg: dict[str, tuple[int, list[str]]] = {}
            for text, n, doc in s.execute(q):
                count, docs = agg.get(text, (0, []))
                agg[text] = (count + n, [*docs, doc])
            ranked = sorted(agg.items(), key=lambda kv: (-kv[1][0], kv[0]))[:limit]
            return [(text, n, docs[:3]) for text, (n, docs) in ranked]

    def stats(self) -> dict[str, Any]:
        with self.session() as s:

            def counts(column: Any) -> dict[Any, int]:
                return {key: n for key, n in s.execute(select(column, func.count()).group_by(column))}

            def total(*where: Any, table: Any = DocumentRow) -> int:
                return int(s.scalar(select(func.count()).select_from(table).where(*where)) or 0)

            by_state = counts(DocumentRow.state)
            by_type = counts(EventReportRow.plover)
            return {
                "documents": sum(by_state.values()),
                "documents_by_state": by_state,
                "documents_by_language": {k or "unknown": v for k, v in counts(DocumentRow.language).items()},
                "near_duplicates": total(DocumentRow.near_duplicate_of.is_not(None)),
                "event_reports": sum(by_type.values()),
                "reports_by_type": by_type,
                "reports_by_status": counts(EventReportRow.status),
                "actor_mentions": total(table=ActorMentionRow),
                "unknown_actor_mentions": total(ActorMentionRow.actor_id.is_(None), table=ActorMentionRow),
                "ingest_errors": total(table=IngestErrorRow),
            }


# ---------------------------------------------------------------------- helpers
def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _document_row(d: Document) -> DocumentRow:
    row = DocumentRow(id=d.id, text=d.text, doc=d.doc, state="ingested")
    _update_document_row(row, d)
    return row


def _update_document_row(row: DocumentRow, d: Document) -> None:
    row.doc = d.doc
    row.title = d.title
    row.url = d.url
    row.publisher = d.publisher
    row.published = d.published
    row.published_source = d.published_source
    row.published_confidence = d.published_confidence
    row.published_evidence = d.published_evidence
    row.language = d.language
    row.text = d.text
    row.source_path = d.source_path
    row.raw_sha = d.raw_sha
    row.ingested_at = (d.ingested_at or datetime.now(UTC)).replace(tzinfo=None)
    row.removed = [{"kind": r.kind, "text": r.text, "start": r.start, "end": r.end} for r in d.removed]
    row.near_duplicate_of = d.near_duplicate_of


def _document(row: DocumentRow) -> Document:
    return Document(
        id=row.id,
        doc=row.doc,
        text=row.text,
        title=row.title,
        url=row.url,
        publisher=row.publisher,
        published=row.published if isinstance(row.published, date) else None,
        published_source=row.published_source,
        published_confidence=row.published_confidence,
        published_evidence=row.published_evidence,
        language=row.language,
        source_path=row.source_path,
        ingested_at=row.ingested_at,
        removed=[Removed(**r) for r in (row.removed or [])],
        near_duplicate_of=row.near_duplicate_of,
        raw_sha=row.raw_sha,
    )


def _report_row(document_id: str, r: dict[str, Any]) -> EventReportRow:
    first = r["where"][0] if r["where"] else None
    when = r.get("when") or {}
    acled = r.get("acled") or [None, None]
    return EventReportRow(
        document_id=document_id,
        local_id=r["id"],
        plover=r["plover"],
        mode=r.get("mode"),
        acled_type=acled[0],
        acled_subtype=acled[1],
        actor1=r["actor1"],
        actor2=r["actor2"],
        place=first["name"] if first else None,
        lat=first["lat"] if first else None,
        lon=first["lon"] if first else None,
        date_start=when.get("date"),
        date_end=when.get("end"),
        date_precision=when.get("precision"),
        status=r["status"],
        source=r.get("source"),
        fatalities=r.get("fatalities"),
        injured=r.get("injured"),
        quote=r["quote"],
        confidence=r.get("confidence", 0.5),
        extractor_version=r.get("extractor_version", EXTRACTOR_VERSION),
        data=r,
    )
