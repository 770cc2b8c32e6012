"""Database-wide locks so that concurrent ``eventwatch`` processes cannot race.

Two ``eventwatch run`` on one database used to race on migrations (half the input lost on a
new database) and on inserts (``UNIQUE constraint failed``).  Schema migrations and the
write phase of ``run`` / ``ingest`` now each hold an exclusive lock on the database:

* SQLite: an ``flock`` on ``<database file>.<name>.lock`` beside the database (released by
  the kernel when the process dies, so a killed run never leaves a stale lock);
* PostgreSQL: a session advisory lock (``pg_advisory_lock``) keyed by the lock name;
* in-memory SQLite and other back ends: no lock (a single process owns the database).

A second process waits for the first one; ``on_wait`` is called once when it has to wait,
so the command line can say why it is paused.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, text


def _sqlite_path(engine: Engine) -> Path | None:
    db = engine.url.database
    if engine.dialect.name != "sqlite" or not db or db == ":memory:" or db.startswith("file:"):
        return None
    return Path(db).expanduser()


@contextmanager
def database_lock(engine: Engine, name: str, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the exclusive lock ``name`` on ``engine``'s database for the ``with`` block."""
    path = _sqlite_path(engine)
    if path is not None:
        import fcntl

        lock_path = path.with_name(f"{path.name}.{name}.lock")
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        with open(lock_path, "a+b") as f:
            try:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if on_wait is not None:
                    on_wait()
                fcntl.flock(f, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(f, fcntl.LOCK_UN)
        return
    if engine.dialect.name == "postgresql":
        key = int.from_bytes(hashlib.sha256(f"eventwatch:{name}".encode()).digest()[:8], "big", signed=True)
        with engine.connect() as conn:
            got = conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar()
            if not got:
                if on_wait is not None:
                    on_wait()
                conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": key})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                conn.commit()
        return
    yield
