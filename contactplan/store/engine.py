"""Where the store lives and how to open it: database URLs, the embedded
SQLite default and its settings, and messages that never show a password.

* No URL: SQLite in the user's data folder (platformdirs), created on first
  use with mode 0600 in a folder of mode 0700.
* ``sqlite:///PATH`` or a bare path: a SQLite file; ``postgresql://...``:
  PostgreSQL through psycopg 3 (the ``postgres`` extra).
* SQLite runs in WAL mode with ``synchronous=FULL`` (a committed save
  survives a power cut) and foreign keys on; a write transaction starts with
  ``BEGIN IMMEDIATE`` so that two writers queue instead of failing.
* A SQLite file that can't be written (no permission, a read-only disk) is
  opened read-only (``mode=ro``; ``immutable`` when its folder can't be
  written either, so that SQLite needs no lock files): reading works.
* A password never reaches a message: neither ``user:password@`` nor a
  ``?password=`` in the URL (:func:`safe_url`, :func:`redact`).
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
#: Query parameters of a database URL that hold a secret (libpq's and others').
SECRET_PARAMETERS = frozenset({"password", "passwd", "pwd", "sslpassword", "secret", "token", "passfile"})
_SECRET_PARAMETER = re.compile(
    r"(?i)(?P<head>\b(?:" + "|".join(sorted(SECRET_PARAMETERS)) + r")\s*=\s*)(?P<secret>'[^']*'|[^&\s'\"]+)"
)


def _secrets(url: str) -> list[str]:
    """The secrets written in ``url``: its password and secret query parameters."""
    found: list[str] = []
    with contextlib.suppress(Exception):
        parsed = make_url(url)
        if parsed.password:
            found.append(str(parsed.password))
        for key, value in parsed.query.items():
            if key.lower() in SECRET_PARAMETERS:
                found.extend([value] if isinstance(value, str) else list(value))
    return [s for s in found if s]


def redact(text: str, url: str | None = None) -> str:
    """``text`` with any password from a URL (and ``url``'s own, from
    ``user:password@`` or ``?password=``) replaced by ``***``."""
    if url:
        for secret in sorted(_secrets(url), key=len, reverse=True):
            text = text.replace(secret, "***")
    text = _PASSWORD.sub(lambda m: f"{m['head']}***{m['tail']}", text)
    return _SECRET_PARAMETER.sub(lambda m: f"{m['head']}***", text)


def safe_url(url: str | URL) -> str:
    """A URL to show people: the password hidden, in ``user:password@`` and
    in the query (``?password=``)."""
    if isinstance(url, URL):
        hidden = {k: "***" for k in url.query if k.lower() in SECRET_PARAMETERS}
        shown = (url.update_query_dict(hidden) if hidden else url).render_as_string(hide_password=True)
        return shown.replace("%2A%2A%2A", "***")
    if "://" not in url:
        return url
    try:
        return safe_url(make_url(url))
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


def _prepare_sqlite_file(path: Path, *, default: bool) -> str | None:
    """Create the database file readable by its owner only before SQLite
    opens it. For a file that can't be written, how to open it read-only:
    ``ro``, or ``immutable`` when its folder can't be written either (SQLite
    then needs no lock files beside it); None for a file that can be written."""
    if path.exists():
        if path.is_dir():
            raise StoreError(f"{path}: is a folder, not a database")
        if os.access(path, os.W_OK):
            return None
        folder = path.parent
        wal = path.with_name(path.name + "-wal")
        shm = path.with_name(path.name + "-shm")
        if os.access(folder, os.W_OK) or (
            wal.exists() and shm.exists() and os.access(wal, os.W_OK) and os.access(shm, os.W_OK)
        ):
            return "ro"
        return "immutable"
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
        return None
    except OSError as exc:
        raise StoreError(f"{path}: cannot create the database: {exc.strerror or exc}") from None
    os.fchmod(fd, 0o600)
    os.close(fd)
    return None


def create_store_engine(url: str | None) -> tuple[Engine, str]:
    """An engine for ``url`` (None: the embedded default) and the URL to show people."""
    chosen = url or default_url()
    parsed = parse_url(chosen)
    shown = safe_url(chosen)
    if parsed.get_backend_name() == "sqlite":
        path = Path(str(parsed.database)).expanduser()
        read_only = _prepare_sqlite_file(path, default=url is None or chosen == default_url())
        if read_only is None:
            target = parsed.set(database=str(path))
        else:
            # SQLAlchemy passes the query to SQLite as a URI filename's parameters
            query = {"mode": "ro", "uri": "true"} | ({"immutable": "1"} if read_only == "immutable" else {})
            target = parsed.set(database=f"file:{path.resolve()}", query=query)
        engine = sa.create_engine(target, connect_args={"timeout": SQLITE_BUSY_SECONDS})
        _sqlite_settings(engine, read_only=read_only is not None)
        return engine, str(path)
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise StoreError(
            f"{shown}: PostgreSQL needs psycopg 3: pip install 'contactplan[postgres]'"
        ) from None
    engine = sa.create_engine(parsed, pool_pre_ping=True, connect_args={"connect_timeout": 10})
    return engine, shown


def _sqlite_settings(engine: Engine, *, read_only: bool = False) -> None:
    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite's own transaction handling is off: SQLAlchemy's "begin"
        # event below starts each transaction, IMMEDIATE for writers.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            if not read_only:
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
