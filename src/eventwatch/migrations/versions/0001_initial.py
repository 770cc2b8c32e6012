"""Initial schema: documents, event reports, actor mentions, ingest errors.

This is exactly what ``Base.metadata.create_all`` produced before Alembic was introduced, so
such databases are stamped at this revision.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("doc", sa.String(300), nullable=False),
        sa.Column("title", sa.Text()),
        sa.Column("url", sa.Text()),
        sa.Column("publisher", sa.String(300)),
        sa.Column("published", sa.Date()),
        sa.Column("published_source", sa.String(20)),
        sa.Column("published_confidence", sa.Float()),
        sa.Column("published_evidence", sa.Text()),
        sa.Column("language", sa.String(16)),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("source_path", sa.Text()),
        sa.Column("raw_sha", sa.String(64)),
        sa.Column("ingested_at", sa.DateTime()),
        sa.Column("removed", sa.JSON(), nullable=False),
        sa.Column("near_duplicate_of", sa.String(32)),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("processed_at", sa.DateTime()),
        sa.Column("extractor_version", sa.String(20)),
    )
    op.create_index("ix_documents_doc", "documents", ["doc"])
    op.create_index("ix_documents_publisher", "documents", ["publisher"])
    op.create_index("ix_documents_published", "documents", ["published"])
    op.create_index("ix_documents_near_duplicate_of", "documents", ["near_duplicate_of"])
    op.create_index("ix_documents_state", "documents", ["state"])

    op.create_table(
        "event_reports",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.String(32), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("local_id", sa.String(340), nullable=False),
        sa.Column("plover", sa.String(16), nullable=False),
        sa.Column("mode", sa.String(40)),
        sa.Column("acled_type", sa.String(60)),
        sa.Column("acled_subtype", sa.String(80)),
        sa.Column("actor1", sa.JSON(), nullable=False),
        sa.Column("actor2", sa.JSON(), nullable=False),
        sa.Column("place", sa.Text()),
        sa.Column("lat", sa.Float()),
        sa.Column("lon", sa.Float()),
        sa.Column("date_start", sa.String(10)),
        sa.Column("date_end", sa.String(10)),
        sa.Column("date_precision", sa.String(8)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("source", sa.Text()),
        sa.Column("fatalities", sa.Integer()),
        sa.Column("injured", sa.Integer()),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("extractor_version", sa.String(20), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
    )
    op.create_index("ix_event_reports_document_id", "event_reports", ["document_id"])
    op.create_index("ix_event_reports_plover", "event_reports", ["plover"])
    op.create_index("ix_event_reports_date_start", "event_reports", ["date_start"])
    op.create_index("ix_event_reports_status", "event_reports", ["status"])
    op.create_index("ix_event_reports_latlon", "event_reports", ["lat", "lon"])

    op.create_table(
        "actor_mentions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.String(32), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("actor_id", sa.String(120)),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("how", sa.String(16), nullable=False),
    )
    op.create_index("ix_actor_mentions_document_id", "actor_mentions", ["document_id"])
    op.create_index("ix_actor_mentions_actor_id", "actor_mentions", ["actor_id"])

    op.create_table(
        "ingest_errors",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    for t in ("ingest_errors", "actor_mentions", "event_reports", "documents"):
        op.drop_table(t)
