"""Persist each document's near-duplicate signature (MinHash + shingle hashes).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as b:
        b.add_column(sa.Column("minhash", sa.LargeBinary()))


def downgrade() -> None:
    with op.batch_alter_table("documents") as b:
        b.drop_column("minhash")
