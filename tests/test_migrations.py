"""Alembic migrations: a fresh database, a legacy create_all database, schema == models."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from eventwatch import migrations
from eventwatch.store import EventFilter, Store
from eventwatch.store.schema import Base
from test_store import _postgres_url, make_document, make_result


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    return f"sqlite:///{tmp_path / 'ew.sqlite'}" if request.param == "sqlite" else _postgres_url()


def _ignore(obj, name, type_, reflected, compare_to):
    # FTS5 virtual tables and their shadow tables; expression (GIN) indexes on PostgreSQL
    return not (type_ == "table" and "_fts" in (name or "")) and not (
        type_ == "index" and (name or "").endswith("_tsv")
    )


def test_fresh_database_is_at_head_and_matches_the_models(url):
    store = Store(url)
    assert migrations.current(store.engine) == migrations.head()
    with store.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"include_object": _ignore, "compare_type": False})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == []
    store.close()


def test_a_legacy_create_all_database_is_stamped_and_upgraded(url):
    # build the schema exactly as the pre-Alembic store did (revision 0001), with data
    engine = create_engine(url)
    migrations.upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE alembic_version"))  # create_all never made one
    engine.dispose()
    document = make_document()
    legacy = create_engine(url)
    with legacy.begin() as conn:
        conn.execute(
            text("INSERT INTO documents (id, doc, text, removed, state, publisher) "
                 "VALUES (:i, :d, :t, '[]', 'processed', 'Test Wire')"),
            {"i": document.id, "d": document.doc, "t": document.text},
        )
        import json

        rec = make_result(document).events[0].to_interchange()
        conn.execute(
            text("INSERT INTO event_reports (document_id, local_id, plover, actor1, actor2, status, quote, "
                 "confidence, extractor_version, data, lat, lon, date_start) VALUES (:doc, 'x', 'ASSAULT', '[]', "
                 "'[]', 'occurred', :q, 0.5, '0.1.0', :data, 16.27, -0.04, '2022-03-07')"),
            {"doc": document.id, "q": rec["quote"], "data": json.dumps(rec)},
        )
    legacy.dispose()
    store = Store(url)
    assert migrations.current(store.engine) == migrations.head()
    (row,) = store.events()
    assert row["key"].startswith("r-")
    assert store.events(EventFilter(text="killing three"))  # FTS backfilled
    # re-saving the same result matches the backfilled key: no duplicate
    store.save_result(make_result(document))
    assert [r["key"] for r in store.events()] == [row["key"]]
    assert store.fuse_pending()["created"] == 1
    assert "fused_events" in inspect(store.engine).get_table_names()
    store.close()


def test_downgrade_to_initial_and_back(url):
    store = Store(url)
    migrations.downgrade(store.engine, "0001")
    assert "fused_events" not in inspect(store.engine).get_table_names()
    migrations.upgrade(store.engine)
    assert migrations.current(store.engine) == migrations.head()
    store.close()
