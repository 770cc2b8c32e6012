"""Database schema (SQLAlchemy 2 declarative), one schema for SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class DocumentRow(Base):
    """An ingested document.  ``state`` moves ingested -> processed (or skipped, or failed)."""

    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # content hash
    doc: Mapped[str] = mapped_column(String(300), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(String(300), index=True)
    published: Mapped[date | None] = mapped_column(Date, index=True)
    published_source: Mapped[str | None] = mapped_column(String(20))
    published_confidence: Mapped[float | None] = mapped_column(Float)
    published_evidence: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    source_path: Mapped[str | None] = mapped_column(Text)
    raw_sha: Mapped[str | None] = mapped_column(String(64))
    ingested_at: Mapped[datetime | None] = mapped_column(DateTime)
    removed: Mapped[list[Any]] = mapped_column(JSON, default=list)
    near_duplicate_of: Mapped[str | None] = mapped_column(String(32), index=True)
    # MinHash signature + shingle hashes (eventwatch.ingest.dedup blob): the near-duplicate
    # index is rebuilt from these without re-reading and re-hashing every stored text
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)
    state: Mapped[str] = mapped_column(String(16), default="ingested", index=True)
    processed_at: Mapped[datetime | None] = mapped_column(DateTime)
    extractor_version: Mapped[str | None] = mapped_column(String(20))
    # state "failed": the pipeline stage that failed and the one-line reason (migration 0004)
    failure_stage: Mapped[str | None] = mapped_column(String(16))
    failure_reason: Mapped[str | None] = mapped_column(Text)
    ingest_note: Mapped[str | None] = mapped_column(Text)  # e.g. "not valid UTF-8; decoded as cp1252"

    reports: Mapped[list[EventReportRow]] = relationship(
        back_populates="document", cascade="all, delete-orphan"
    )


class EventReportRow(Base):
    """One event as one document reports it; ``data`` holds the full interchange record."""

    __tablename__ = "event_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    local_id: Mapped[str] = mapped_column(String(340))
    plover: Mapped[str] = mapped_column(String(16), index=True)
    mode: Mapped[str | None] = mapped_column(String(40))
    acled_type: Mapped[str | None] = mapped_column(String(60))
    acled_subtype: Mapped[str | None] = mapped_column(String(80))
    actor1: Mapped[list[Any]] = mapped_column(JSON, default=list)
    actor2: Mapped[list[Any]] = mapped_column(JSON, default=list)
    place: Mapped[str | None] = mapped_column(Text)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    date_start: Mapped[str | None] = mapped_column(String(10), index=True)
    date_end: Mapped[str | None] = mapped_column(String(10))
    date_precision: Mapped[str | None] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(16), index=True)
    source: Mapped[str | None] = mapped_column(Text)
    fatalities: Mapped[int | None] = mapped_column(Integer)
    injured: Mapped[int | None] = mapped_column(Integer)
    quote: Mapped[str] = mapped_column(Text)
    confidence: Mapped[float] = mapped_column(Float)
    extractor_version: Mapped[str] = mapped_column(String(20))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    # migration 0002: stable key (document id + quote span + plover), lifecycle, fused event
    key: Mapped[str | None] = mapped_column(String(48), unique=True, index=True)
    state: Mapped[str] = mapped_column(String(16), default="active", server_default="active", index=True)
    review: Mapped[str | None] = mapped_column(String(16))  # confirmed | rejected
    event_id: Mapped[str | None] = mapped_column(String(40), index=True)

    document: Mapped[DocumentRow] = relationship(back_populates="reports")

    __table_args__ = (Index("ix_event_reports_latlon", "lat", "lon"),)


class ActorMentionRow(Base):
    """Every actor mention found, resolved or not (unknown actors are reviewed from here)."""

    __tablename__ = "actor_mentions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    actor_id: Mapped[str | None] = mapped_column(String(120), index=True)
    name: Mapped[str] = mapped_column(Text)
    how: Mapped[str] = mapped_column(String(16))


class IngestErrorRow(Base):
    """Inputs that could not be ingested, kept so ``stats`` can report them."""

    __tablename__ = "ingest_errors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    path: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime)


# --------------------------------------------------------------------------- fusion & review
# Added by migration 0002.  ``EventReportRow`` gained ``key`` (stable key: document id + quote
# span + plover), ``state`` (active | retracted) and ``event_id`` (fused event membership).


class FusedEventRow(Base):
    """One real-world event fused from the reports of one or more documents.

    ``id`` is derived from the stable key of its founding member and never changes while the
    event lives; merged/split/retracted events keep their row (``state``) and a redirect.
    The other columns are a cache of the aggregate (recomputed whenever membership changes)
    so that events can be filtered in SQL.
    """

    __tablename__ = "fused_events"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    state: Mapped[str] = mapped_column(String(16), default="active", index=True)  # active|merged|retracted
    review: Mapped[str | None] = mapped_column(String(16), index=True)  # confirmed | rejected
    locked: Mapped[bool] = mapped_column(Boolean, default=False)  # membership set by an analyst
    plover: Mapped[str | None] = mapped_column(String(16), index=True)
    status: Mapped[str | None] = mapped_column(String(16), index=True)
    date_start: Mapped[str | None] = mapped_column(String(10), index=True)
    date_end: Mapped[str | None] = mapped_column(String(10))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    n_reports: Mapped[int] = mapped_column(Integer, default=0)
    n_publishers: Mapped[int] = mapped_column(Integer, default=0, index=True)
    fatalities_min: Mapped[int | None] = mapped_column(Integer)
    fatalities_max: Mapped[int | None] = mapped_column(Integer)
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (Index("ix_fused_events_latlon", "lat", "lon"),)


class EventRedirectRow(Base):
    """History of fused-event ids: ``old_id`` now lives on as ``new_id`` (merge, split, re-fusion)."""

    __tablename__ = "event_redirects"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    old_id: Mapped[str] = mapped_column(String(40), index=True)
    new_id: Mapped[str] = mapped_column(String(40), index=True)
    reason: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime] = mapped_column(DateTime)


class CorrectionRow(Base):
    """An analyst's value for one interchange field of a report (``report:<key>``) or an
    event (``event:<id>``).  The machine value stays in the report data; reads overlay this."""

    __tablename__ = "corrections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    target: Mapped[str] = mapped_column(String(80), index=True)
    field: Mapped[str] = mapped_column(String(40))
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    by: Mapped[str] = mapped_column(String(120))
    why: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (UniqueConstraint("target", "field", name="uq_corrections_target_field"),)


class AuditRow(Base):
    """Every analyst action: who did what to which event/report, when and why."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    who: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(20))  # confirm|correct|reject|merge|split|unreject
    target: Mapped[str] = mapped_column(String(80), index=True)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    why: Mapped[str | None] = mapped_column(Text)
