"""The store: documents, event reports and actor mentions in SQLite or PostgreSQL.

Each processed document is written in ONE transaction (document row, its reports and
its mentions), so a run killed at any point leaves the database consistent, and a
re-run skips every document already processed by the same extractor version.

Reports are matched across re-extractions by a stable key (document id + quote span +
plover), so fused-event membership, reviews and corrections survive.  Fusion lives in
:mod:`eventwatch.store.fusion`, analyst review in :mod:`eventwatch.store.review`; the schema
is created and upgraded by the Alembic migrations in :mod:`eventwatch.migrations`.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Select, String, cast, create_engine, delete, event, func, or_, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from eventwatch import migrations
from eventwatch.fuse.cluster import stable_report_key
from eventwatch.fuse.features import haversine_km
from eventwatch.models import (
    EXTRACTOR_VERSION,
    ActorMention,
    Document,
    DocumentFailure,
    DocumentResult,
    IngestError,
    Removed,
)
from eventwatch.store.fusion import FusionMixin
from eventwatch.store.locking import database_lock
from eventwatch.store.review import ReviewMixin
from eventwatch.store.schema import (
    ActorMentionRow,
    DocumentRow,
    EventReportRow,
    FusedEventRow,
    IngestErrorRow,
)

DEFAULT_DB = "sqlite:///data/eventwatch.sqlite"


def default_url() -> str:
    return os.environ.get("EVENTWATCH_DB") or DEFAULT_DB


def normalise_url(url: str) -> str:
    """Accept a bare file path as an SQLite database; use psycopg 3 for PostgreSQL."""
    if "://" not in url:
        return f"sqlite:///{url}"
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


@dataclass(slots=True)
class FailedDocument:
    """A document the pipeline failed on (``eventwatch documents --failed``)."""

    id: str
    doc: str
    source_path: str | None
    stage: str | None
    reason: str | None
    at: datetime | None


@dataclass(slots=True)
class EventFilter:
    """Filters shared by ``eventwatch events``, ``export``, ``review list`` and the REST API.

    ``Store.events`` / ``events_page`` / ``iter_events`` apply them to reports (all through
    ``Store._report_select`` + ``Store._post_filter``), ``Store.fused_events`` to fused events.
    """

    since: str | None = None  # YYYY-MM-DD, inclusive
    until: str | None = None
    plover: str | None = None
    status: str | None = None
    actor: str | None = None  # actor1 or actor2: KB aliases and sub-groups, else case-insensitive substring
    doc: str | None = None
    publisher: str | None = None
    text: str | None = None  # full-text search (FTS5 / to_tsvector) or substring of the quote
    bbox: tuple[float, float, float, float] | None = None  # min_lon, min_lat, max_lon, max_lat
    min_confidence: float | None = None
    limit: int | None = None  # at most this many (``events``; ``events_page`` takes its own limit)
    radius: tuple[float, float, float] | None = None  # lat, lon, km
    min_publishers: int | None = None  # corroboration: independent publishers of the fused event
    event: str | None = None  # fused event id (redirects followed)
    review: str | None = None  # confirmed | rejected | unreviewed
    flag: str | None = None  # fused events: disputed_attribution | conflicting_toll | conflicting_status
    include_rejected: bool = False
    max_confidence: float | None = None  # exclusive upper bound (the API's confidence bands)
    event_ids: tuple[str, ...] | None = None  # reports of these fused events (live ids, no redirects)


class Store(FusionMixin, ReviewMixin):
    """Database access.  ``Store(url)`` migrates the schema to the newest Alembic revision."""

    def __init__(self, url: str | None = None, kb: Any = None) -> None:
        self.url = normalise_url(url or default_url())
        if self.url.startswith("sqlite:///") and not self.url.startswith("sqlite:///:memory:"):
            Path(self.url.removeprefix("sqlite:///")).expanduser().parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(self.url, future=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        with database_lock(self.engine, "migrate"):  # two processes opening a new database: one migrates
            migrations.upgrade(self.engine)
        self._session = sessionmaker(self.engine, expire_on_commit=False)
        self._kb = kb
        self._kb_loaded = kb is not None
        self._matchers: dict[str, Any] = {}

    def exclusive(self, on_wait: Callable[[], None] | None = None) -> AbstractContextManager[None]:
        """The database's write lock (``with store.exclusive(): ...``): concurrent runs take turns."""
        return database_lock(self.engine, "run", on_wait)

    def session(self) -> Session:
        return self._session()

    def close(self) -> None:
        self.engine.dispose()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def kb(self) -> Any:
        """The actor knowledge base (loaded on first use; None when it cannot be loaded)."""
        if not self._kb_loaded:
            self._kb_loaded = True
            try:
                from eventwatch.resolve.kb import KnowledgeBase

                self._kb = KnowledgeBase.load()
            except Exception:  # noqa: BLE001 - fusion and filters work with plain names
                self._kb = None
        return self._kb

    @kb.setter
    def kb(self, value: Any) -> None:
        self._kb, self._kb_loaded = value, True
        self._matchers.clear()
        self._actor_index = None

    # ------------------------------------------------------------------ documents
    def document_state(self, doc_id: str) -> str | None:
        with self.session() as s:
            return s.scalar(select(DocumentRow.state).where(DocumentRow.id == doc_id))

    def add_document(self, document: Document, minhash: bytes | None = None) -> bool:
        """Insert an ingested document (with its near-duplicate signature blob, if any);
        False (and nothing written) when its id exists."""
        with self.session() as s, s.begin():
            if s.get(DocumentRow, document.id) is not None:
                return False
            row = _document_row(document)
            row.minhash = minhash
            s.add(row)
            try:
                s.flush()
            except IntegrityError:  # another process stored the same content meanwhile
                s.rollback()
                return False
        return True

    def documents(self, state: str | None = None) -> Iterator[Document]:
        with self.session() as s:
            q = select(DocumentRow).order_by(DocumentRow.ingested_at, DocumentRow.id)
            if state:
                q = q.where(DocumentRow.state == state)
            for row in s.scalars(q):
                yield _document(row)

    def pending(self, retry_failed: bool = False) -> list[Document]:
        """Documents not yet processed by this extractor version (resume after a kill).

        A document that failed (state ``failed``) is not retried on every run: only with
        ``retry_failed`` (``eventwatch run --retry-failed``) or under a new extractor version.
        """
        with self.session() as s:
            todo = [DocumentRow.state == "ingested", DocumentRow.extractor_version != EXTRACTOR_VERSION]
            if retry_failed:
                todo.append(DocumentRow.state == "failed")
            q = (
                select(DocumentRow)
                .where(or_(*todo))
                .where(DocumentRow.state != "skipped")
                .order_by(DocumentRow.ingested_at, DocumentRow.id)
            )
            return [_document(row) for row in s.scalars(q)]

    def record_failure(self, failure: DocumentFailure) -> None:
        """Mark a document ``failed`` with the stage and the one-line reason; nothing else changes."""
        with self.session() as s, s.begin():
            self._write_failure(s, failure)

    def _write_failure(self, s: Session, failure: DocumentFailure) -> None:
        row = s.get(DocumentRow, failure.document.id)
        if row is None:
            row = _document_row(failure.document)
            s.add(row)
        row.state = "failed"
        row.failure_stage = failure.stage[:16]
        row.failure_reason = failure.reason
        row.processed_at = _now()
        row.extractor_version = EXTRACTOR_VERSION

    def failed_documents(self) -> list[FailedDocument]:
        """Documents in state ``failed``, oldest first."""
        with self.session() as s:
            q = (
                select(DocumentRow.id, DocumentRow.doc, DocumentRow.source_path, DocumentRow.failure_stage,
                       DocumentRow.failure_reason, DocumentRow.processed_at)
                .where(DocumentRow.state == "failed")
                .order_by(DocumentRow.ingested_at, DocumentRow.id)
            )
            return [FailedDocument(*row) for row in s.execute(q)]

    def near_duplicate_index(self) -> Any:
        """The near-duplicate index over stored originals, in ingestion order.

        Built from the persisted signature blobs; documents stored without one (databases
        from before migration 0003) are sketched from their text once and the blob saved.
        """
        from eventwatch.ingest.dedup import NearDuplicateIndex  # the ingest stack is heavy: import on use

        index = NearDuplicateIndex()
        with self.session() as s, s.begin():
            q = (
                select(DocumentRow.id, DocumentRow.minhash)
                .where(DocumentRow.near_duplicate_of.is_(None))
                .order_by(DocumentRow.ingested_at, DocumentRow.id)
            )
            for doc_id, blob in s.execute(q).all():
                if blob is None:
                    row = s.get(DocumentRow, doc_id)
                    assert row is not None
                    row.minhash = blob = index.signature_bytes(row.text)
                index.add_signature(doc_id, blob, link=False)
        return index

    def save_result(self, result: DocumentResult) -> None:
        """Write one pipeline result atomically, matching reports to earlier rows by stable key.

        A report whose key (document id + quote span + plover) was stored before updates that
        row in place (its id, fused event, review and corrections survive); a new key inserts a
        row (fused later by ``fuse_pending``); a stored key no longer extracted is retracted.
        """
        self.save_results([result])

    def save_results(self, results: list[DocumentResult]) -> None:
        """``save_result`` for a batch, in ONE transaction: all of it is stored, or none of it."""
        with self.session() as s, s.begin():
            for result in results:
                if result.failure is not None:
                    self._write_failure(s, result.failure)
                else:
                    self._write_records(s, result.document, [r.to_interchange() for r in result.events],
                                        result.analysis.actors)

    def save_records(
        self, document: Document, records: list[dict[str, Any]], actors: list[ActorMention] | None = None
    ) -> list[str]:
        """``save_result`` for interchange records (gold files, other extractors); returns keys."""
        with self.session() as s, s.begin():
            return self._write_records(s, document, records, actors)

    def _write_records(
        self, s: Session, document: Document, records: list[dict[str, Any]], actors: list[ActorMention] | None
    ) -> list[str]:
        now = _now()
        keys = report_keys(document.id, records)
        row = s.get(DocumentRow, document.id)
        if row is None:
            row = _document_row(document)
            s.add(row)
            s.flush()
        else:
            _update_document_row(row, document)
        old = {r.key: r for r in s.scalars(select(EventReportRow).where(EventReportRow.document_id == document.id))}
        touched: set[str] = set()
        for key, record in zip(keys, records, strict=True):
            rep = old.pop(key, None)
            if rep is None:
                s.add(_report_row(document.id, record, key))
                continue
            if rep.data != record or rep.state != "active":
                _fill_report_row(rep, record)
                rep.state = "active"
                if rep.event_id:
                    touched.add(rep.event_id)
        for rep in old.values():
            if rep.state != "retracted":
                rep.state = "retracted"
                if rep.event_id:
                    touched.add(rep.event_id)
        s.execute(delete(ActorMentionRow).where(ActorMentionRow.document_id == document.id))
        skipped = not document.is_english or document.near_duplicate_of is not None
        row.state = "skipped" if skipped else "processed"
        row.failure_stage = row.failure_reason = None
        row.processed_at = now
        row.extractor_version = EXTRACTOR_VERSION
        for m in actors or []:
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
        s.flush()
        for eid in sorted(touched):
            self._refresh_event(s, eid)
        return keys

    def record_error(self, error: IngestError) -> None:
        with self.session() as s, s.begin():
            s.add(IngestErrorRow(path=error.path, reason=error.reason, at=_now()))

    # ------------------------------------------------------------------ queries
    def _text_condition(self, column: Any, table: str, query: str) -> Any:
        """Full-text match of ``column`` (FTS5 on SQLite, to_tsvector on PostgreSQL) OR substring."""
        like = func.lower(column).contains(query.lower(), autoescape=True)  # % and _ are literal
        tokens = re.findall(r"\w+", query)
        if not tokens:
            return like
        if self.dialect == "sqlite":
            fts = " ".join('"' + t.replace('"', "") + '"' for t in tokens)
            ids = text(f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH :q").bindparams(q=fts)
            return or_(EventReportRow.id.in_(ids), like)
        if self.dialect == "postgresql":
            tsv = func.to_tsvector("english", column).op("@@")(func.plainto_tsquery("english", query))
            return or_(tsv, like)
        return like

    def _report_select(self, s: Session, f: EventFilter, *cols: Any) -> Select:
        """``select(*cols)`` over active reports joined to their documents with every condition of
        ``f`` that SQL can decide.  This is the one implementation of report filtering (the CLI,
        ``review list``, exports and the REST API all come through it); what SQL cannot decide
        exactly (KB actor matching, exact radius distance) is ``_post_filter``'s.  The radius
        and actor conditions here are only cheap supersets."""
        q = select(*cols).select_from(EventReportRow).join(DocumentRow, DocumentRow.id == EventReportRow.document_id)
        q = q.where(EventReportRow.state == "active")
        # a decision on the fused event is a decision on each of its reports
        def in_events(review: str) -> Any:
            return EventReportRow.event_id.in_(select(FusedEventRow.id).where(FusedEventRow.review == review))

        if not f.include_rejected and f.review != "rejected":
            q = q.where(or_(EventReportRow.review.is_(None), EventReportRow.review != "rejected"))
            q = q.where(or_(EventReportRow.event_id.is_(None), ~in_events("rejected")))
        if f.review == "unreviewed":
            q = q.where(EventReportRow.review.is_(None),
                        or_(EventReportRow.event_id.is_(None), EventReportRow.event_id.not_in(
                            select(FusedEventRow.id).where(FusedEventRow.review.is_not(None)))))
        elif f.review:
            q = q.where(or_(EventReportRow.review == f.review, in_events(f.review)))
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
            q = q.where(self._text_condition(EventReportRow.quote, "reports", f.text))
        if f.min_confidence is not None:
            q = q.where(EventReportRow.confidence >= f.min_confidence)
        if f.max_confidence is not None:
            q = q.where(EventReportRow.confidence < f.max_confidence)
        if f.bbox:
            min_lon, min_lat, max_lon, max_lat = f.bbox
            q = q.where(EventReportRow.lat.between(min_lat, max_lat), EventReportRow.lon.between(min_lon, max_lon))
        if f.radius:
            q = q.where(*_radius_box(EventReportRow.lat, EventReportRow.lon, f.radius))
        if f.actor:
            pre = self._actor_prefilter(s, f.actor)
            if pre is not None:
                q = q.where(pre)
        if f.event:
            q = q.where(EventReportRow.event_id == self.resolve_event_id(f.event, s))
        if f.event_ids is not None:
            q = q.where(EventReportRow.event_id.in_(f.event_ids))
        if f.min_publishers:
            q = q.where(
                EventReportRow.event_id.in_(
                    select(FusedEventRow.id).where(FusedEventRow.n_publishers >= f.min_publishers)
                )
            )
        return q

    def _actor_prefilter(self, s: Session, needle: str) -> Any:
        """A SQL superset of ``actor_matcher(needle)`` when the needle is no KB actor (plain
        substring): the lower-cased JSON text of actor1 + actor2 contains it, or the row has an
        analyst's actor correction.  None when no cheap superset exists (KB aliases/sub-groups)."""
        if not getattr(self.actor_matcher(needle), "substring_only", False):
            return None
        low = needle.lower()
        # JSON text escapes non-ASCII (\uXXXX) and '"', '\': only a plain ASCII needle is a substring
        # of the JSON text whenever it is one of a name (K KELVIN SIGN and I WITH DOT ABOVE lower to ASCII)
        if not (low.isascii() and all(c.isprintable() and c not in '"\\' for c in low)):
            return None
        from eventwatch.store.schema import CorrectionRow

        both = func.lower(cast(EventReportRow.actor1, String) + cast(EventReportRow.actor2, String))
        corrected = select(func.substr(CorrectionRow.target, 8)).where(
            CorrectionRow.target.like("report:%"), CorrectionRow.field.in_(("actor1", "actor2"))
        )
        conds = [both.contains(low, autoescape=True), EventReportRow.key.in_(corrected)]
        for ascii_char, escaped in (("k", "\\u212a"), ("i", "\\u0130")):
            if ascii_char in low:
                conds.append(both.contains(escaped, autoescape=True))
        return or_(*conds)

    def _post_filter(self, f: EventFilter) -> tuple[Any, frozenset[str]] | None:
        """The conditions of ``f`` decided in Python on the (corrected) record, and the record
        fields they read; None when SQL decides everything."""
        match = self.actor_matcher(f.actor) if f.actor else None
        radius = f.radius
        if match is None and radius is None:
            return None

        def keep(record: dict[str, Any]) -> bool:
            if match is not None and not match([*(record.get("actor1") or []), *(record.get("actor2") or [])]):
                return False
            return radius is None or _within(record.get("where"), radius)

        fields = ({"actor1", "actor2"} if match else set()) | ({"where"} if radius else set())
        return keep, frozenset(fields)

    def events(self, f: EventFilter | None = None) -> list[dict[str, Any]]:
        """Stored event reports (interchange records) matching the filter, oldest first.

        Each record carries ``key`` (stable report key), ``event`` (fused event id or None),
        ``publisher``, ``review`` and, when an analyst corrected a field, the corrected value
        in place and ``corrected: {field: {"value": analyst, "machine": machine}}``.
        """
        return self.events_page(f or EventFilter(), with_total=False)[0]

    def events_page(
        self, f: EventFilter | None = None, offset: int = 0, limit: int | None = None, with_total: bool = True,
        *, handles: bool = False,
    ) -> tuple[list[dict[str, Any]], int | None]:
        """One page of ``events(f)`` (oldest first) and, with ``with_total``, the number of matches.

        ``limit`` defaults to ``f.limit`` (None: every match).  When SQL decides the whole filter
        the page is a LIMIT/OFFSET query and the total a COUNT; otherwise the candidates are
        streamed in light form (only the fields the Python conditions read, corrections
        applied) and only the page's records are built.  ``handles`` adds the database handles
        ``report_id``, ``document_id``, ``published`` and ``title`` to each record.
        """
        f = f or EventFilter()
        limit = f.limit if limit is None else limit
        cols = (EventReportRow, DocumentRow.publisher, DocumentRow.doc, DocumentRow.published, DocumentRow.title)
        order = (EventReportRow.date_start, EventReportRow.id)
        post = self._post_filter(f)
        with self.session() as s:
            total: int | None = None
            if post is None:
                q = self._report_select(s, f, *cols).order_by(*order)
                if offset:
                    q = q.offset(offset)
                if limit is not None:
                    q = q.limit(limit)
                rows = s.execute(q).all()
                if with_total:
                    if not offset and (limit is None or len(rows) < limit):
                        total = len(rows)
                    else:
                        total = int(s.scalar(self._report_select(s, f, func.count())) or 0)
            else:
                keep, fields = post
                ids: list[int] = []
                n = 0
                for rec in self._light_records(s, f, fields, order):
                    if not keep(rec):
                        continue
                    if n >= offset and (limit is None or len(ids) < limit):
                        ids.append(rec["_id"])
                    n += 1
                    if not with_total and limit is not None and len(ids) >= limit:
                        break
                total = n if with_total else None
                rows = []
                for i in range(0, len(ids), 500):
                    rows += s.execute(
                        select(*cols).join(DocumentRow, DocumentRow.id == EventReportRow.document_id)
                        .where(EventReportRow.id.in_(ids[i:i + 500]))
                    ).all()
                rank = {rid: j for j, rid in enumerate(ids)}
                rows.sort(key=lambda r: rank[r[0].id])
            targets = [t for r in rows for t in ("report:" + (r[0].key or ""), "event:" + (r[0].event_id or ""))]
            corrections = self._corrections(s, targets)
            meta = self._correction_meta(s, targets)
            reviews = self._event_reviews(s, sorted({r[0].event_id for r in rows if r[0].event_id}))
            out = []
            for row, publisher, doc, published, title in rows:
                rtarget, etarget = "report:" + (row.key or ""), "event:" + (row.event_id or "")
                record = _report_record(row, publisher, doc, corrections.get(rtarget), meta.get(rtarget))
                record["event_review"] = reviews.get(row.event_id or "")
                _apply_event_corrections(record, corrections.get(etarget), meta.get(etarget))
                if handles:
                    record["report_id"] = row.id
                    record["document_id"] = row.document_id
                    record["published"] = published.isoformat() if hasattr(published, "isoformat") else published
                    record["title"] = title
                out.append(record)
            return out, total

    def iter_events(self, f: EventFilter | None, fields: tuple[str, ...]) -> Iterator[dict[str, Any]]:
        """Stream light records of ``events(f)`` (oldest first), for aggregates over many reports.

        Each holds ``_id`` (row id) and only ``fields`` (of ``LIGHT_FIELDS``), read from columns
        (or extracted from the stored record) instead of loading it, with the analysts'
        corrections of those fields applied: the same values as in ``events(f)``.  ``place``
        (first place ``{name, lat, lon}`` or None) and ``date`` (start date) are cheap column
        forms of ``where`` / ``when``.
        """
        f = f or EventFilter()
        post = self._post_filter(f)
        keep, need = post if post is not None else (None, frozenset())
        with self.session() as s:
            order = (EventReportRow.date_start, EventReportRow.id)
            for rec in self._light_records(s, f, frozenset(fields) | need, order):
                if keep is None or keep(rec):
                    yield rec

    def _light_records(
        self, s: Session, f: EventFilter, fields: frozenset[str], order: tuple[Any, ...]
    ) -> Iterator[dict[str, Any]]:
        """Matching reports (SQL conditions only) as ``{"_id": row id, field: value}`` built from
        columns, with the analysts' corrections of those fields applied."""
        unknown = set(fields) - set(LIGHT_FIELDS)
        if unknown:
            raise ValueError(f"not a light field: {', '.join(sorted(unknown))}")
        wanted = sorted(fields)
        plain = [n for n in wanted if not isinstance(LIGHT_FIELDS[n], tuple)]
        derived = [n for n in wanted if n in _DERIVED]
        corrections = self._field_corrections(s, sorted({_DERIVED[n][0] if n in _DERIVED else n for n in wanted}))
        cols = [EventReportRow.id, EventReportRow.key, *(LIGHT_FIELDS[n] for n in plain)]
        if "place" in derived:
            cols += LIGHT_FIELDS["place"]
        q = self._report_select(s, f, *cols).order_by(*order).execution_options(yield_per=2000)
        n_plain = 2 + len(plain)
        for row in s.execute(q):
            rec: dict[str, Any] = dict(zip(plain, row[2:n_plain], strict=True))
            rec["_id"] = row[0]
            if "place" in derived:
                name, lat, lon = row[n_plain:n_plain + 3]
                rec["place"] = {"name": name, "lat": lat, "lon": lon} if name is not None else None
            corr = corrections.get("report:" + row[1]) if corrections and row[1] else None
            if corr:
                for name in wanted:
                    if name in _DERIVED:
                        source, fn = _DERIVED[name]
                        if source in corr:
                            rec[name] = fn(corr[source])
                    elif name in corr:
                        rec[name] = corr[name]
            yield rec

    def _field_corrections(self, s: Session, fields: list[str]) -> dict[str, dict[str, Any]]:
        """Report corrections of these fields, by target (analysts' corrections are few)."""
        from eventwatch.store.schema import CorrectionRow

        out: dict[str, dict[str, Any]] = {}
        q = (
            select(CorrectionRow.target, CorrectionRow.field, CorrectionRow.value)
            .where(CorrectionRow.field.in_(fields), CorrectionRow.target.like("report:%"))
            .order_by(CorrectionRow.id)
        )
        for target, name, value in s.execute(q):
            out.setdefault(target, {})[name] = value
        return out

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search over documents (title + text), best match first."""
        tokens = re.findall(r"\w+", query)
        if not tokens:
            return []
        with self.session() as s:
            if self.dialect == "sqlite":
                fts = " ".join('"' + t + '"' for t in tokens)
                q = text(
                    "SELECT d.id, d.doc, d.title, d.publisher, d.published, "
                    "snippet(documents_fts, 1, '[', ']', '...', 12) FROM documents_fts "
                    "JOIN documents d ON d.rowid = documents_fts.rowid "
                    "WHERE documents_fts MATCH :q ORDER BY bm25(documents_fts) LIMIT :n"
                ).bindparams(q=fts, n=limit)
            elif self.dialect == "postgresql":
                q = text(
                    "SELECT d.id, d.doc, d.title, d.publisher, d.published, "
                    "ts_headline('english', d.text, plainto_tsquery('english', :q)) FROM documents d "
                    "WHERE to_tsvector('english', coalesce(d.title, '') || ' ' || d.text) "
                    "@@ plainto_tsquery('english', :q) "
                    "ORDER BY ts_rank(to_tsvector('english', coalesce(d.title, '') || ' ' || d.text), "
                    "plainto_tsquery('english', :q)) DESC LIMIT :n"
                ).bindparams(q=query, n=limit)
            else:  # pragma: no cover
                q = text(
                    "SELECT id, doc, title, publisher, published, substr(text, 1, 80) FROM documents "
                    "WHERE lower(text) LIKE :q LIMIT :n"
                ).bindparams(q=f"%{query.lower()}%", n=limit)
            return [
                {"id": i, "doc": d, "title": t, "publisher": p, "published": str(pub) if pub else None,
                 "snippet": snip}
                for i, d, t, p, pub, snip in s.execute(q)
            ]

    def actor_matcher(self, needle: str) -> Any:
        """A predicate over actor-name lists: the actor, its KB aliases and its sub-groups
        (actors whose ``parent`` chain reaches it), or a case-insensitive substring."""
        cached = self._matchers.get(needle)
        if cached is not None:
            return cached
        if len(self._matchers) >= 256:  # the API takes arbitrary needles: keep the cache bounded
            self._matchers.clear()
        low = needle.lower()
        kb = self.kb
        ids: set[str] = set()
        if kb is not None:
            try:
                roots = {a.id for a in kb.lookup(needle)}
                # a person (a head of state, a commander) stands for the actors they hold roles in
                persons = kb.lookup_person(needle) if hasattr(kb, "lookup_person") else []
                roots |= {r.actor for p in persons for r in p.roles}
                if roots:
                    ids = set(roots)
                    for a in kb.actors.values():
                        if any(p.id in roots for p in kb.ancestors(a.id)):
                            ids.add(a.id)
            except Exception:  # noqa: BLE001
                ids = set()
        cache: dict[str, bool] = {}

        def match(names: list[str]) -> bool:
            for n in names:
                if low in n.lower():
                    return True
                if ids:
                    if n not in cache:
                        try:
                            cache[n] = any(a.id in ids for a in kb.lookup(n))
                        except Exception:  # noqa: BLE001
                            cache[n] = False
                    if cache[n]:
                        return True
            return False

        match.substring_only = not ids  # type: ignore[attr-defined]
        self._matchers[needle] = match
        return match

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
            for text_, n, doc in s.execute(q):
                count, docs = agg.get(text_, (0, []))
                agg[text_] = (count + n, [*docs, doc])
            ranked = sorted(agg.items(), key=lambda kv: (-kv[1][0], kv[0]))[:limit]
            return [(t, n, docs[:3]) for t, (n, docs) in ranked]

    def stats(self) -> dict[str, Any]:
        with self.session() as s:

            def counts(column: Any, *where: Any) -> dict[Any, int]:
                q = select(column, func.count()).where(*where).group_by(column)
                return dict(s.execute(q).all())

            def total(*where: Any, table: Any = DocumentRow) -> int:
                return int(s.scalar(select(func.count()).select_from(table).where(*where)) or 0)

            active = EventReportRow.state == "active"
            by_state = counts(DocumentRow.state)
            by_type = counts(EventReportRow.plover, active)
            return {
                "documents": sum(by_state.values()),
                "documents_by_state": by_state,
                "documents_by_language": {k or "unknown": v for k, v in counts(DocumentRow.language).items()},
                "near_duplicates": total(DocumentRow.near_duplicate_of.is_not(None)),
                "event_reports": sum(by_type.values()),
                "reports_by_type": by_type,
                "reports_by_status": counts(EventReportRow.status, active),
                "actor_mentions": total(table=ActorMentionRow),
                "unknown_actor_mentions": total(ActorMentionRow.actor_id.is_(None), table=ActorMentionRow),
                "ingest_errors": total(table=IngestErrorRow),
                "failed_documents": counts(DocumentRow.failure_stage, DocumentRow.state == "failed"),
                "documents_with_ingest_notes": total(DocumentRow.ingest_note.is_not(None)),
                "fused_events": total(FusedEventRow.state == "active", table=FusedEventRow),
                "reports_pending_fusion": total(
                    active, EventReportRow.event_id.is_(None), table=EventReportRow
                ),
            }


def report_keys(document_id: str, records: list[dict[str, Any]]) -> list[str]:
    """Stable keys of one document's reports; repeats of a key get ``~2``, ``~3``... in order."""
    seen: dict[str, int] = {}
    out: list[str] = []
    for r in records:
        q = (r.get("evidence") or {}).get("quote") or {}
        k = stable_report_key(document_id, q.get("start"), q.get("end"), r.get("plover") or "",
                              fallback=str(r.get("id") or r.get("quote") or ""))
        seen[k] = seen.get(k, 0) + 1
        out.append(k if seen[k] == 1 else f"{k}~{seen[k]}")
    return out


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _report_record(
    row: EventReportRow, publisher: str | None, doc: str | None, corrections: dict[str, Any] | None,
    meta: dict[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    record = dict(row.data)
    record["doc"] = doc
    record["publisher"] = publisher
    record["key"] = row.key
    record["event"] = row.event_id
    record["review"] = row.review
    if corrections:
        apply_corrections(record, corrections, meta)
    return record


def apply_corrections(
    record: dict[str, Any], corrections: dict[str, Any], meta: dict[str, dict[str, Any]] | None = None
) -> dict[str, Any]:
    """Overlay analyst values; keep the machine value beside each in ``corrected`` (with who,
    when and why when ``meta`` gives them)."""
    corrected = record.setdefault("corrected", {})
    for field_name, value in corrections.items():
        corrected[field_name] = {"value": value, "machine": record.get(field_name)} | (meta or {}).get(field_name, {})
        record[field_name] = value
    return record


#: event-level corrections that carry over to each member report (same field, same shape)
_EVENT_TO_REPORT = ("plover", "mode", "acled", "actor1", "actor2", "when", "status", "source", "fatalities",
                    "injured")


def _apply_event_corrections(
    record: dict[str, Any], corrections: dict[str, Any] | None, meta: dict[str, dict[str, Any]] | None
) -> None:
    """An analyst's correction of the fused event shows on each of its reports (unless the
    report itself was corrected), marked ``scope: event``."""
    if not corrections:
        return
    corrected = record.setdefault("corrected", {})
    for field_name, value in corrections.items():
        if field_name in corrected:
            continue
        if field_name == "where":
            value = value if isinstance(value, list) else [value] if isinstance(value, dict) else value
        elif field_name not in _EVENT_TO_REPORT:
            continue
        corrected[field_name] = ({"value": value, "machine": record.get(field_name), "scope": "event"}
                                 | (meta or {}).get(field_name, {}))
        record[field_name] = value


#: record fields that ``iter_events`` / the post-filters read without loading the whole record:
#: the indexed column, or the field extracted from the stored record (same value as in ``events``)
LIGHT_FIELDS: dict[str, Any] = {
    "actor1": EventReportRow.actor1,
    "actor2": EventReportRow.actor2,
    "plover": EventReportRow.plover,
    "status": EventReportRow.status,
    "fatalities": EventReportRow.fatalities,
    "injured": EventReportRow.injured,
    "confidence": EventReportRow.confidence,
    "event": EventReportRow.event_id,
    "review": EventReportRow.review,
    "key": EventReportRow.key,
    "where": EventReportRow.data["where"],
    "when": EventReportRow.data["when"],
    "publisher": DocumentRow.publisher,
    "doc": DocumentRow.doc,
    # cheaper columns (no JSON): the first place {name, lat, lon} or None; the start date
    "place": (EventReportRow.place, EventReportRow.lat, EventReportRow.lon),
    "date": EventReportRow.date_start,
}
#: light fields derived from a record field: (the corrected field, value of the light field from it)
_DERIVED: dict[str, tuple[str, Any]] = {
    "place": ("where", lambda v: _first_place(v)),
    "date": ("when", lambda v: v.get("date") if isinstance(v, dict) else None),
}


def _first_place(where: Any) -> dict[str, Any] | None:
    first = where[0] if isinstance(where, list) and where else where if isinstance(where, dict) else None
    if not isinstance(first, dict) or first.get("name") is None:
        return None
    return {"name": first["name"], "lat": first.get("lat"), "lon": first.get("lon")}


def _radius_box(lat_col: Any, lon_col: Any, radius: tuple[float, float, float]) -> list[Any]:
    lat, lon, km = radius
    dlat = km / 111.0
    dlon = km / max(1e-6, 111.0 * math.cos(math.radians(lat)))
    return [lat_col.between(lat - dlat, lat + dlat), lon_col.between(lon - dlon, lon + dlon)]


def _within(where: list[dict[str, Any]] | dict[str, Any] | None, radius: tuple[float, float, float]) -> bool:
    places = where if isinstance(where, list) else [where] if where else []
    lat, lon, km = radius
    return any(
        p.get("lat") is not None and haversine_km(lat, lon, p["lat"], p["lon"]) <= km for p in places
    )


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
    row.ingest_note = d.ingest_note


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
        ingest_note=row.ingest_note,
    )


def _report_row(document_id: str, r: dict[str, Any], key: str | None = None) -> EventReportRow:
    row = EventReportRow(document_id=document_id, key=key, state="active")
    _fill_report_row(row, r)
    return row


def _fill_report_row(row: EventReportRow, r: dict[str, Any]) -> None:
    """Machine columns of a report row from its interchange record (analyst fields untouched)."""
    first = r["where"][0] if r.get("where") else None
    when = r.get("when") or {}
    acled = r.get("acled") or [None, None]
    row.local_id = r.get("id") or ""
    row.plover = r["plover"]
    row.mode = r.get("mode")
    row.acled_type = acled[0]
    row.acled_subtype = acled[1]
    row.actor1 = list(r.get("actor1") or [])
    row.actor2 = list(r.get("actor2") or [])
    row.place = first["name"] if first else None
    row.lat = first["lat"] if first else None
    row.lon = first["lon"] if first else None
    row.date_start = when.get("date")
    row.date_end = when.get("end")
    row.date_precision = when.get("precision")
    row.status = r.get("status") or "occurred"
    row.source = r.get("source")
    row.fatalities = r.get("fatalities")
    row.injured = r.get("injured")
    row.quote = r.get("quote") or ""
    row.confidence = r.get("confidence", 0.5)
    row.extractor_version = r.get("extractor_version", EXTRACTOR_VERSION)
    row.data = r
