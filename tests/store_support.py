"""Database fixtures for the store's tests: SQLite always, and PostgreSQL in
a throwaway cluster the tests start themselves (pytest-postgresql's executor
with the machine's ``pg_ctl``), so that the same tests run on both engines.

* ``store_url``: a fresh, empty database for one test, once on SQLite and
  once on PostgreSQL (parametrized). PostgreSQL tests are skipped, with the
  reason printed, when no ``pg_ctl`` is found; ``.ci/run`` installs Debian's
  ``postgresql`` so that on CI they always run.
* ``initdb`` refuses to run as root: when the tests run as root, the cluster
  runs as ``nobody`` through a small ``pg_ctl`` wrapper (``setpriv``) and
  its data folder belongs to ``nobody``. It listens on 127.0.0.1 only,
  with a password, and is stopped with ``pg_ctl stop`` and, should that
  fail, by the postmaster's process id. A cluster left running by a test
  session that was killed is stopped (by its process id) when the next one
  starts.

Test modules use these with ``pytest_plugins = ["store_support"]``.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import pwd
import secrets
import shutil
import signal
import stat
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ENGINES = ["sqlite", "postgresql"]
#: The clusters' folders in the temporary folder, each with an ``owner`` file
#: (the test session's process id).
PREFIX = "contactplan-pg-"
CLUSTER_USER = "nobody"


def find_pg_ctl() -> str | None:
    """The machine's pg_ctl: on PATH, else the newest Debian/Ubuntu install."""
    found = shutil.which("pg_ctl")
    if found:
        return found
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[-3]), reverse=True
    )
    return candidates[0] if candidates else None


class PgCluster:
    """A throwaway PostgreSQL cluster on 127.0.0.1 with a random port and password."""

    def __init__(self, pg_ctl: str, *, durable: bool = False) -> None:
        from port_for import get_port

        self.pg_ctl = pg_ctl
        self.durable = durable
        self.port = int(get_port(None) or 0)
        self.password = "pw-" + secrets.token_hex(8)
        self.user = "postgres"
        self.root = Path(tempfile.mkdtemp(prefix=PREFIX))
        (self.root / "owner").write_text(str(os.getpid()))
        self.home = self.root / "cluster"
        self.home.mkdir()
        self.datadir = self.home / "data"
        self.executor: object | None = None
        self._names = itertools.count(1)
        self.owner: pwd.struct_passwd | None = None
        if os.geteuid() == 0:
            self.owner = pwd.getpwnam(CLUSTER_USER)
            os.chown(self.home, self.owner.pw_uid, self.owner.pw_gid)
            os.chmod(self.root, 0o711)
            self.pg_ctl = self._wrapper()

    def _wrapper(self) -> str:
        """A pg_ctl that runs as the cluster's unprivileged user."""
        assert self.owner is not None
        wrapper = self.root / "pg_ctl"
        wrapper.write_text(
            "#!/bin/sh\n"
            "cd / || exit 1\n"
            f"exec setpriv --reuid={self.owner.pw_uid} --regid={self.owner.pw_gid} --clear-groups "
            f'-- "{self.pg_ctl}" "$@"\n'
        )
        wrapper.chmod(stat.S_IRWXU)
        return str(wrapper)

    def start(self) -> None:
        from pytest_postgresql.executors import PostgreSQLExecutor

        cluster = self

        class Executor(PostgreSQLExecutor):
            def init_directory(self) -> None:
                # The password file must be readable by the cluster's user.
                if self._directory_initialised:
                    return
                password_file = cluster.home / "pwfile"
                password_file.write_text(cluster.password)
                if cluster.owner is not None:
                    os.chown(password_file, cluster.owner.pw_uid, cluster.owner.pw_gid)
                password_file.chmod(0o600)
                try:
                    options = [f"--username={self.user}", "--auth=scram-sha-256", f"--pwfile={password_file}"]
                    self._run_initdb(self._build_initdb_command(options, pgdata=self.datadir))
                finally:
                    password_file.unlink()
                self._directory_initialised = True

        settings = "-c listen_addresses=127.0.0.1"
        if not self.durable:
            settings += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self.executor = executor = Executor(
            executable=self.pg_ctl,
            host="127.0.0.1",
            port=self.port,
            datadir=str(self.datadir),
            unixsocketdir=str(self.home),
            logfile=str(self.home / "postgresql.log"),
            startparams="-w",
            dbname="postgres",
            user=self.user,
            password=self.password,
            postgres_options=settings,
        )
        executor.start()
        self._wait_ready()

    def _wait_ready(self, seconds: float = 60.0) -> None:
        import psycopg

        deadline = time.monotonic() + seconds
        while True:
            try:
                psycopg.connect(self.url()).close()
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def url(self, database: str = "postgres", *, password: bool = True) -> str:
        secret = f":{self.password}" if password else ""
        return f"postgresql://{self.user}{secret}@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        """A new empty database; its URL."""
        import psycopg

        name = f"contactplan_test_{next(self._names)}"
        with psycopg.connect(
            host="127.0.0.1", port=self.port, user=self.user, password=self.password, dbname="postgres",
            autocommit=True,
        ) as connection:  # fmt: skip
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def _postmaster_pid(self) -> int | None:
        try:
            return int((self.datadir / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def stop(self) -> None:
        pid = self._postmaster_pid()
        executor, self.executor = self.executor, None
        if executor is not None:
            with contextlib.suppress(Exception):
                executor.stop()  # type: ignore[attr-defined]
        with contextlib.suppress(Exception):
            subprocess.run(
                [self.pg_ctl, "stop", "-D", str(self.datadir), "-m", "fast", "-w"],
                capture_output=True,
                timeout=60,
                check=False,
            )
        if pid is not None:
            for _ in range(100):
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    break
                os.kill(pid, signal.SIGTERM)
                time.sleep(0.1)
        shutil.rmtree(self.root, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def reap_orphans() -> None:
    """Stop the clusters of earlier test sessions that were killed before
    they could stop them (their owner process is gone): by the postmaster's
    process id, then remove their folders."""
    for root in Path(tempfile.gettempdir()).glob(f"{PREFIX}*"):
        try:
            owner = int((root / "owner").read_text())
        except (OSError, ValueError):
            continue
        if _alive(owner):
            continue
        try:
            pid = int((root / "cluster" / "data" / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            pid = None
        if pid is not None and _alive(pid):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGTERM)
            for _ in range(100):
                if not _alive(pid):
                    break
                time.sleep(0.1)
        if pid is None or not _alive(pid):
            shutil.rmtree(root, ignore_errors=True)


def start_cluster(*, durable: bool = False) -> tuple[PgCluster | None, str]:
    """A started cluster, or None and why not."""
    reap_orphans()
    pg_ctl = find_pg_ctl()
    if pg_ctl is None:
        return None, "PostgreSQL is not installed (no pg_ctl on PATH or in /usr/lib/postgresql/*/bin)"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return None, "psycopg is not installed (the postgres extra)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(CLUSTER_USER)
        except KeyError:
            return None, f"running as root and there is no user {CLUSTER_USER!r} to run PostgreSQL as"
        if shutil.which("setpriv") is None:
            return None, "running as root and setpriv (util-linux) is missing"
    cluster = PgCluster(pg_ctl, durable=durable)
    try:
        cluster.start()
    except Exception as exc:
        log = cluster.home / "postgresql.log"
        detail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        cluster.stop()
        raise RuntimeError(f"PostgreSQL did not start with {pg_ctl}: {exc}\n{detail}") from exc
    return cluster, ""


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    cluster, why = start_cluster()
    if cluster is None:
        print(f"\nstore tests on PostgreSQL skipped: {why}")
        pytest.skip(f"PostgreSQL tests skipped: {why}")
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(params=ENGINES)
def engine_name(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def store_url(engine_name: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database on each engine."""
    if engine_name == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite3'}"
    cluster: PgCluster = request.getfixturevalue("pg_cluster")
    return cluster.create_database()


# --------------------------------------------------------------------------
# A writer process for the concurrency and crash tests:
#   python tests/store_support.py URL REFERENCE NAME SECONDS LOG [GO]
# warms up (imports, opens the store), writes "ready" to LOG, waits for the
# file GO to exist (when given), then saves the case in a loop for SECONDS
# (load, change, save) and writes one
# line to LOG for each attempt: "ok VERSION TOKEN" after a save returned, or
# "conflict EXPECTED FOUND" for a ConflictError. Anything else ends it with
# a traceback (the test then fails).


def writer(url: str, reference: str, name: str, seconds: float, log_path: str, go: str | None) -> None:
    import msgspec

    import contactplan.checks  # noqa: F401  (imported before the clock starts)
    from contactplan.store import ConflictError, Store

    with Store(url) as store, open(log_path, "a", encoding="utf-8", buffering=1) as log:
        store.load(reference)
        log.write("ready\n")
        while go is not None and not os.path.exists(go):
            time.sleep(0.01)
        deadline = time.monotonic() + seconds
        n = 0
        while time.monotonic() < deadline:
            case, version = store.load(reference)
            n += 1
            token = f"{name}-{n}"
            first = msgspec.structs.replace(case.contacts[0], notes=token)
            changed = msgspec.structs.replace(case, contacts=[first, *case.contacts[1:]])
            try:
                saved = store.save(changed, version, name, token)
            except ConflictError as error:
                assert error.case is changed and error.found_version is not None
                log.write(f"conflict {version} {error.found_version}\n")
            else:
                log.write(f"ok {saved} {token}\n")


if __name__ == "__main__":
    import sys

    url, reference, name = sys.argv[1:4]
    writer(url, reference, name, float(sys.argv[4]), sys.argv[5], sys.argv[6] if len(sys.argv) > 6 else None)
