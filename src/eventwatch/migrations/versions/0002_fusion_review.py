"""Fusion and review: stable report keys, fused events, redirects, corrections, audit log,
full-text search (SQLite FTS5 tables kept in sync by triggers; PostgreSQL GIN indexes).

Revision ID: 0002
Revises: 0001
Create Date: 2025-01-02
"""

from __future__ import annotations

import hashlib
from collections import Counter

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SQLITE_FTS = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS reports_fts USING fts5(quote, tokenize='porter unicode61')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5(title, text, tokenize='porter unicode61')",
    ("CREATE TRIGGER reports_fts_ai AFTER INSERT ON event_reports BEGIN "
     "INSERT INTO reports_fts(rowid, quote) VALUES (new.id, new.quote); END"),
    ("CREATE TRIGGER reports_fts_ad AFTER DELETE ON event_reports BEGIN "
     "DELETE FROM reports_fts WHERE rowid = old.id; END"),
    ("CREATE TRIGGER reports_fts_au AFTER UPDATE OF quote ON event_reports BEGIN "
     "UPDATE reports_fts SET quote = new.quote WHERE rowid = old.id; END"),
    ("CREATE TRIGGER documents_fts_ai AFTER INSERT ON documents BEGIN "
     "INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, coalesce(new.title, ''), new.text); END"),
    ("CREATE TRIGGER documents_fts_ad AFTER DELETE ON documents BEGIN "
     "DELETE FROM documents_fts WHERE rowid = old.rowid; END"),
    ("CREATE TRIGGER documents_fts_au AFTER UPDATE OF title, text ON documents BEGIN "
     "UPDATE documents_fts SET title = coalesce(new.title, ''), text = new.text WHERE rowid = old.rowid; END"),
    "INSERT INTO reports_fts(rowid, quote) SELECT id, quote FROM event_reports",
    "INSERT INTO documents_fts(rowid, title, text) SELECT rowid, coalesce(title, ''), text FROM documents",
]
PG_FTS = [
    ("CREATE INDEX IF NOT EXISTS ix_event_reports_quote_tsv ON event_reports "
     "USING gin (to_tsvector('english', quote))"),
    ("CREATE INDEX IF NOT EXISTS ix_documents_text_tsv ON documents "
     "USING gin (to_tsvector('english', coalesce(title, '') || ' ' || text))"),
]


def _key(document_id: str, data: dict, plover: str, local_id: str) -> str:
    q = (data.get("evidence") or {}).get("quote") or {}
    span = f"{q.get('start')}:{q.get('end')}" if q.get("start") is not None else "q:" + str(local_id)
    raw = f"{document_id}|{span}|{plover.upper()}"
    return "r-" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:20]


def upgrade() -> None:
    with op.batch_alter_table("event_reports") as b:
        b.add_column(sa.Column("key", sa.String(48)))
        b.add_column(sa.Column("state", sa.String(16), nullable=False, server_default="active"))
        b.add_column(sa.Column("review", sa.String(16)))
        b.add_column(sa.Column("event_id", sa.String(40)))

    # backfill stable keys of existing reports (same rule as eventwatch.fuse.stable_report_key)
    bind = op.get_bind()
    reports = sa.table(
        "event_reports",
        sa.column("id", sa.Integer),
        sa.column("document_id", sa.String),
        sa.column("plover", sa.String),
        sa.column("local_id", sa.String),
        sa.column("data", sa.JSON),
        sa.column("key", sa.String),
    )
    seen: Counter[str] = Counter()
    rows = bind.execute(
        sa.select(reports.c.id, reports.c.document_id, reports.c.plover, reports.c.local_id, reports.c.data)
        .order_by(reports.c.id)
    ).all()
    for rid, document_id, plover, local_id, data in rows:
        k = _key(document_id, data or {}, plover or "", local_id or "")
        seen[k] += 1
        if seen[k] > 1:
            k = f"{k}~{seen[k]}"
        bind.execute(sa.update(reports).where(reports.c.id == rid).values(key=k))

    op.create_index("ix_event_reports_key", "event_reports", ["key"], unique=True)
    op.create_index("ix_event_reports_state", "event_reports", ["state"])
    op.create_index("ix_event_reports_event_id", "event_reports", ["event_id"])

    op.create_table(
        "fused_events",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("review", sa.String(16)),
        sa.Column("locked", sa.Boolean(), nullable=False),
        sa.Column("plover", sa.String(16)),
        sa.Column("status", sa.String(16)),
        sa.Column("date_start", sa.String(10)),
        sa.Column("date_end", sa.String(10)),
        sa.Column("lat", sa.Float()),
        sa.Column("lon", sa.Float()),
        sa.Column("n_reports", sa.Integer(), nullable=False),
        sa.Column("n_publishers", sa.Integer(), nullable=False),
        sa.Column("fatalities_min", sa.Integer()),
        sa.Column("fatalities_max", sa.Integer()),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    for col in ("state", "review", "plover", "status", "date_start", "n_publishers"):
        op.create_index(f"ix_fused_events_{col}", "fused_events", [col])
    op.create_index("ix_fused_events_latlon", "fused_events", ["lat", "lon"])

    op.create_table(
        "event_redirects",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("old_id", sa.String(40), nullable=False),
        sa.Column("new_id", sa.String(40), nullable=False),
        sa.Column("reason", sa.String(40), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_event_redirects_old_id", "event_redirects", ["old_id"])
    op.create_index("ix_event_redirects_new_id", "event_redirects", ["new_id"])

    op.create_table(
        "corrections",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("target", sa.String(80), nullable=False),
        sa.Column("field", sa.String(40), nullable=False),
        sa.Column("value", sa.JSON()),
        sa.Column("by", sa.String(120), nullable=False),
        sa.Column("why", sa.Text()),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("target", "field", name="uq_corrections_target_field"),
    )
    op.create_index("ix_corrections_target", "corrections", ["target"])

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("who", sa.String(120), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("target", sa.String(80), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("why", sa.Text()),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_audit_log_target", "audit_log", ["target"])

    statements = SQLITE_FTS if bind.dialect.name == "sqlite" else PG_FTS if bind.dialect.name == "postgresql" else []
    for stmt in statements:
        op.execute(stmt)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for t in ("reports_fts_ai", "reports_fts_ad", "reports_fts_au", "documents_fts_ai", "documents_fts_ad",
                  "documents_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {t}")
        op.execute("DROP TABLE IF EXISTS reports_fts")
        op.execute("DROP TABLE IF EXISTS documents_fts")
    elif bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_event_reports_quote_tsv")
        op.execute("DROP INDEX IF EXISTS ix_documents_text_tsv")
    for t in ("audit_log", "corrections", "event_redirects", "fused_events"):
        op.drop_table(t)
    op.drop_index("ix_event_reports_key", "event_reports")
    op.drop_index("ix_event_reports_state", "event_reports")
    op.drop_index("ix_event_reports_event_id", "event_reports")
    with op.batch_alter_table("event_reports") as b:
        for c in ("event_id", "review", "state", "key"):
            b.drop_column(c)
