"""No lost update and no damage, with real processes, on SQLite and PostgreSQL.

* Several processes save the same case in a loop for a few seconds: every
  save that returned a version is in the history with its writer and its
  change, every one that did not got a ConflictError, no version number is
  used twice, and nothing else is in the history.
* A writer killed with SIGKILL in the middle of its loop: the store opens,
  its integrity check passes, and the last version committed is intact.
* Several writers create the same new case at once: one wins, the others get
  a ConflictError.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import sqlalchemy as sa

from contactplan.casefile import load_case
from contactplan.store import ConflictError, Store

pytest_plugins = ["store_support"]

SUPPORT = str(Path(__file__).resolve().parent / "store_support.py")
GOOD = Path(__file__).resolve().parent.parent / "examples" / "nowak-family-good.yaml"
REFERENCE = "CP-2026-0142"
WRITERS = int(os.environ.get("CONTACTPLAN_STORE_WRITERS", "4"))
SECONDS = float(os.environ.get("CONTACTPLAN_STORE_SECONDS", "3"))


def _writer(
    url: str, name: str, seconds: float, log: Path, go: Path | None = None
) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, SUPPORT, url, REFERENCE, name, str(seconds), str(log), *([str(go)] if go else [])],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _log(path: Path) -> tuple[list[tuple[int, str]], int]:
    saved, conflicts = [], 0
    for line in path.read_text(encoding="utf-8").splitlines():
        kind, *rest = line.split()
        if kind == "ready":
            continue
        if kind == "ok":
            saved.append((int(rest[0]), rest[1]))
        else:
            assert kind == "conflict", line
            conflicts += 1
    return saved, conflicts


def _consistent(store: Store) -> None:
    """The record holds together: each case's version is its newest, versions run 1..N."""
    with store.engine.connect() as connection:
        rows = connection.execute(
            sa.text(
                "SELECT c.version, max(v.version), count(v.version) FROM cases c "
                "JOIN case_versions v ON v.case_id = c.id GROUP BY c.id, c.version"
            )
        ).all()
    assert rows and all(current == newest == count for current, newest, count in rows)
    if store.engine.dialect.name == "sqlite":
        with sqlite3.connect(store.location) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def test_concurrent_writers_lose_nothing(store_url: str, tmp_path: Path) -> None:
    with Store(store_url) as store:
        store.save(load_case(GOOD), None, "setup")
    logs = [tmp_path / f"w{n}.log" for n in range(WRITERS)]
    go = tmp_path / "go"
    processes = [_writer(store_url, f"w{n}", SECONDS, log, go) for n, log in enumerate(logs)]
    deadline = time.monotonic() + 120
    while not all(log.exists() and "ready" in log.read_text(encoding="utf-8") for log in logs):
        assert all(p.poll() is None for p in processes), [p.communicate()[1].decode() for p in processes]
        assert time.monotonic() < deadline
        time.sleep(0.02)
    go.touch()  # all of them start saving at once
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()
    saved: list[tuple[int, str, str]] = []
    conflicts = 0
    for n, log in enumerate(logs):
        ok, failed = _log(log)
        saved += [(version, token, f"w{n}") for version, token in ok]
        conflicts += failed
    versions = [version for version, _, _ in saved]
    assert len(versions) == len(set(versions)), "a version number was used twice"
    assert saved and conflicts, (len(saved), conflicts)
    with Store(store_url) as store:
        history = store.history(REFERENCE, changes=False)
        # every version but the first is a save some writer was told succeeded
        assert [e.version for e in history] == list(range(1, len(saved) + 2))
        by_version = {e.version: e for e in history}
        for version, token, name in saved:
            assert (by_version[version].by, by_version[version].reason) == (name, token)
            case, _ = store.load(REFERENCE, version)
            assert case.contacts[0].notes == token
        _consistent(store)
    print(f"\n{WRITERS} writers, {SECONDS:g} s: {len(saved)} saves, {conflicts} conflicts")


def test_a_writer_killed_mid_loop_leaves_a_sound_store(store_url: str, tmp_path: Path) -> None:
    with Store(store_url) as store:
        store.save(load_case(GOOD), None, "setup")
    log = tmp_path / "killed.log"
    log.touch()
    process = _writer(store_url, "killed", 60, log)
    deadline = time.monotonic() + 60
    while log.read_text(encoding="utf-8").count("ok ") < 5:
        assert process.poll() is None, process.communicate()[1].decode()
        assert time.monotonic() < deadline
        time.sleep(0.02)
    time.sleep(0.013)
    os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL
    saved, _ = _log(log)
    last_logged = max(version for version, _ in saved)
    with Store(store_url) as store:
        _consistent(store)
        case, version = store.load(REFERENCE)
        # the save in flight either committed whole (not yet logged) or not at all
        assert version in (last_logged, last_logged + 1)
        history = store.history(REFERENCE, changes=False)
        assert history[-1].version == version
        assert case.contacts[0].notes == history[-1].reason
        for logged_version, token in saved:
            assert store.load(REFERENCE, logged_version)[0].contacts[0].notes == token
        assert store.save(case, version, "after the crash") == version + 1


def test_writers_creating_the_same_case_at_once_one_wins(store_url: str) -> None:
    case = load_case(GOOD)
    stores = [Store(store_url) for _ in range(4)]
    start = threading.Barrier(len(stores))
    outcomes: list[object] = []

    def create(store: Store) -> None:
        start.wait()
        try:
            outcomes.append(store.save(case, None, "racer"))
        except ConflictError as error:
            outcomes.append(error)

    threads = [threading.Thread(target=create, args=(s,)) for s in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    for store in stores:
        store.close()
    assert sorted(o for o in outcomes if isinstance(o, int)) == [1]
    conflicts = [o for o in outcomes if isinstance(o, ConflictError)]
    assert len(conflicts) == 3 and all(c.found_version == 1 and c.case is case for c in conflicts)


def test_several_processes_opening_a_new_store_at_once_all_get_it(store_url: str) -> None:
    probe = (
        "import sys\n"
        "from contactplan.store import Store\n"
        "with Store(sys.argv[1]) as store:\n"
        "    print(store.revision)\n"
    )
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", probe, store_url], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(4)
    ]
    results = [p.communicate(timeout=120) for p in processes]
    assert [p.returncode for p in processes] == [0] * 4, [err.decode() for _, err in results]
    from contactplan.store.migrate import head_revision

    assert {out.decode().strip() for out, _ in results} == {head_revision()}
