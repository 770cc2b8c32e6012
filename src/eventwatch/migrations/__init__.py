"""Alembic migrations of the eventwatch schema, run programmatically by ``Store``.

``upgrade(engine)`` brings any database to ``head``: an empty one gets the whole schema, a
database created by the pre-Alembic ``create_all`` (tables present, no ``alembic_version``)
is stamped at ``0001`` (the schema it has) and then upgraded.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

HERE = Path(__file__).resolve().parent
INITIAL = "0001"


def config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    return cfg


def head() -> str:
    return ScriptDirectory.from_config(config()).get_current_head() or INITIAL


def current(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Upgrade (stamping a legacy ``create_all`` database first) in one transaction."""
    cfg = config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        insp = inspect(conn)
        if not insp.has_table("alembic_version") and insp.has_table("documents"):
            command.stamp(cfg, INITIAL)
        command.upgrade(cfg, revision)


def downgrade(engine: Engine, revision: str) -> None:
    cfg = config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
