"""The store's schema migrations (Alembic, configured here in code: no
``alembic.ini``). The revisions live in ``migrations/versions/``, one file a
revision named ``rNNNN_what.py`` whose revision id is ``NNNN``; every
revision's downgrade either works or refuses clearly, since nothing is ever
deleted from the record.

Opening a store only reads the database's revision (plain SQL) and the
revision files' names: Alembic itself is imported only to migrate.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from .engine import StoreError

if TYPE_CHECKING:
    from alembic.config import Config

__all__ = ["VERSION_TABLE", "current_revision", "downgrade", "head_revision", "revisions", "upgrade"]

#: Alembic's bookkeeping table, named so that it cannot meet another application's.
VERSION_TABLE = "contactplan_schema_version"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_REVISION_FILE = re.compile(r"^r(?P<revision>\d{4})_\w+\.py$")


def _config(connection: sa.Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def revisions() -> list[str]:
    """Every revision, oldest first (each revises the one before it)."""
    names = (_REVISION_FILE.match(p.name) for p in (MIGRATIONS / "versions").iterdir())
    return sorted(m["revision"] for m in names if m)


def head_revision() -> str:
    """The revision this version of contactplan writes."""
    return revisions()[-1]


def current_revision(connection: sa.Connection) -> str | None:
    """The database's revision; None for a database contactplan never set up."""
    if not sa.inspect(connection).has_table(VERSION_TABLE):
        return None
    found = connection.execute(sa.text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()
    if len(found) > 1:
        raise StoreError(f"the store's schema has several revisions at once ({', '.join(found)})")
    return str(found[0]) if found else None


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database up to ``revision`` (default: the newest), in one transaction."""
    from alembic import command

    with engine.connect().execution_options(contactplan_write=True) as connection, connection.begin():
        command.upgrade(_config(connection), revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Go back to ``revision`` (``base``: nothing). Refused with a
    :class:`StoreError` when it would delete part of the record."""
    from alembic import command

    try:
        with engine.connect().execution_options(contactplan_write=True) as connection, connection.begin():
            command.downgrade(_config(connection), revision)
    except RuntimeError as exc:
        if str(exc).startswith("refused:"):
            raise StoreError(f"downgrade to {revision} {exc}") from None
        raise


def alembic_revisions() -> list[str]:
    """The revisions as Alembic sees them, oldest first (for the tests)."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(_config())
    return [script.revision for script in reversed(list(scripts.walk_revisions()))]
