"""Where the store lives and how to open it: database URLs, the embedded
SQLite default and its settings, and messages that never show a password.

* No URL: SQLite in the user's data folder (platformdirs), created on first
  use with mode 0600 in a folder of mode 0700.
* ``sqlite:///PATH`` or a bare path: a SQLite file; ``postgresql://...``:
  PostgreSQL through psycopg 3 (the ``postgres`` extra).
* SQLite runs in WAL mode with ``synchronous=FULL`` (a committed save
  survives a power cut) and foreign keys on; a write transaction starts with
  ``BEGIN IMMEDIATE`` so that two writers queue instead of failing.
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine, make_url

from ..errors import ContactplanError

__all__ = [
    "ENV_VAR",
    "StoreError",
    "create_store_engine",
    "default_path",
    "default_url",
    "redact",
    "resolve_url",
    "safe_url",
]

#: The environment variable that names the store when ``--database`` is not given.
ENV_VAR = "CONTACTPLAN_DATABASE_URL"
#: How long a writer waits for another writer on SQLite, in seconds.
SQLITE_BUSY_SECONDS = 30.0


class StoreError(ContactplanError):
    """The store cannot be opened or used as asked (a bad URL, a database
    that cannot be reached, an unknown case reference)."""


def default_path() -> Path:
    """The embedded store: ``contactplan.sqlite3`` in the user's data folder."""
    import platformdirs

    return Path(platformdirs.user_data_dir("contactplan", appauthor=False)) / "contactplan.sqlite3"


def default_url() -> str:
    return f"sqlite:///{default_path()}"


def resolve_url(option: str | None = None) -> str:
    """The store a front end should open: ``option`` (``--database``), else
    ``CONTACTPLAN_DATABASE_URL``, else the embedded default."""
    return option or os.environ.get(ENV_VAR) or default_url()


_PASSWORD = re.compile(r"(?P<head>://[^:/@\s]*:)(?P<secret>[^@\s]*)(?P<tail>@)")


def redact(text: str, url: str | None = None) -> str:
    """``text`` with any password from a URL (and ``url``'s own) replaced by ``***``."""
    if url:
        with contextlib.suppress(Exception):
            secret = make_url(url).password
            if secret:
                text = text.replace(str(secret), "***")
    return _PASSWORD.sub(lambda m: f"{m['head']}***{m['tail']}", text)


def safe_url(url: str | URL) -> str:
    """A URL to show people: the password hidden."""
    if isinstance(url, URL):
        return url.render_as_string(hide_password=True)
    if "://" not in url:
        return url
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return redact(url)


def _normalize(url: str) -> str:
    """A bare path is a SQLite file; ``postgresql://`` uses psycopg 3."""
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser()}"
    scheme, rest = url.split("://", 1)
    if scheme in ("postgresql", "postgres"):
        return f"postgresql+psycopg://{rest}"
    return url


def parse_url(url: str) -> URL:
    """The URL SQLAlchemy opens, or a :class:`StoreError` that says why not."""
    shown = safe_url(url)
    try:
        if "://" not in url and ":" in url:
            raise ValueError("neither a URL nor a path")
        parsed = make_url(_normalize(url))
    except Exception:
        raise StoreError(
            f"--database: {shown!r} is not a database URL (sqlite:///PATH or postgresql://...)"
        ) from None
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise StoreError(
            f"--database: {shown}: contactplan stores cases in SQLite or PostgreSQL, not {backend}"
        )
    if backend == "sqlite" and parsed.get_driver_name() != "pysqlite":
        raise StoreError(f"--database: {shown}: use sqlite:///PATH")
    if backend == "postgresql" and parsed.get_driver_name() != "psycopg":
        raise StoreError(f"--database: {shown}: use postgresql://USER@HOST/DATABASE (psycopg 3)")
    if backend == "sqlite" and parsed.database in (None, "", ":memory:"):
        raise StoreError(f"--database: {shown}: a store needs a file (sqlite:///PATH), not memory")
    return parsed


def _prepare_sqlite_file(path: Path, *, default: bool) -> None:
    """Create the database file readable by its owner only before SQLite opens it."""
    if path.exists():
        if path.is_dir():
            raise StoreError(f"{path}: is a folder, not a database")
        return
    folder = path.parent
    if default:
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{folder}: cannot create the store's folder: {exc.strerror or exc}") from None
    elif not folder.is_dir():
        raise StoreError(f"{path}: the folder {folder} does not exist")
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    except OSError as exc:
        raise StoreError(f"{path}: cannot create the database: {exc.strerror or exc}") from None
    os.fchmod(fd, 0o600)
    os.close(fd)


def create_store_engine(url: str | None) -> tuple[Engine, str]:
    """An engine for ``url`` (None: the embedded default) and the URL to show people."""
    chosen = url or default_url()
    parsed = parse_url(chosen)
    shown = safe_url(chosen)
    if parsed.get_backend_name() == "sqlite":
        path = Path(str(parsed.database)).expanduser()
        _prepare_sqlite_file(path, default=url is None or chosen == default_url())
        engine = sa.create_engine(
            parsed.set(database=str(path)),
            connect_args={"timeout": SQLITE_BUSY_SECONDS},
        )
        _sqlite_settings(engine)
        return engine, str(path)
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise StoreError(
            f"{shown}: PostgreSQL needs psycopg 3: pip install 'contactplan[postgres]'"
        ) from None
    engine = sa.create_engine(parsed, pool_pre_ping=True, connect_args={"connect_timeout": 10})
    return engine, shown


def _sqlite_settings(engine: Engine) -> None:
    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite's own transaction handling is off: SQLAlchemy's "begin"
        # event below starts each transaction, IMMEDIATE for writers.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_SECONDS * 1000)}")
        finally:
            cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(connection: sa.Connection) -> None:
        immediate = connection.get_execution_options().get("contactplan_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
