"""Database schema (SQLAlchemy 2 declarative), one schema for SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class DocumentRow(Base):
    """An ingested document.  ``state`` moves ingested -> processed (or skipped)."""

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
    state: Mapped[str] = mapped_column(String(16), default="ingested", index=True)
    processed_at: Mapped[datetime | None] = mapped_column(DateTime)
    extractor_version: Mapped[str | None] = mapped_column(String(20))

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
