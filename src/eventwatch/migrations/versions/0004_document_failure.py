"""Record why a document failed (stage, reason) and how ingestion repaired it (ingest note).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as b:
        b.add_column(sa.Column("failure_stage", sa.String(16)))
        b.add_column(sa.Column("failure_reason", sa.Text()))
        b.add_column(sa.Column("ingest_note", sa.Text()))


def downgrade() -> None:
    with op.batch_alter_table("documents") as b:
        b.drop_column("ingest_note")
        b.drop_column("failure_reason")
        b.drop_column("failure_stage")
