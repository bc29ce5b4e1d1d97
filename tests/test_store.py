"""The store's Python API (``docs/store.md``), on SQLite and on PostgreSQL:
versions, conflicts, history, closing, stored findings, derived tables,
caseload double bookings (CP701), invitations sent, and bad input."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from contactplan.casefile import load_case
from contactplan.errors import CaseFileError
from contactplan.model import Case
from contactplan.store import (
    CaseClosedError,
    ConflictError,
    Store,
    StoreError,
    UnknownCaseError,
    check_store,
)

pytest_plugins = ["store_support"]

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
GOOD = EXAMPLES / "nowak-family-good.yaml"
FAILURES = EXAMPLES / "nowak-family-failures.yaml"
AKHTAR = EXAMPLES / "akhtar-haddad-family.yaml"


def renamed(case: Case, reference: str) -> Case:
    return msgspec.structs.replace(case, case=msgspec.structs.replace(case.case, reference=reference))


def with_member_name(case: Case, member: str, name: str) -> Case:
    members = [msgspec.structs.replace(m, name=name) if m.id == member else m for m in case.members]
    return msgspec.structs.replace(case, members=members)


def shifted(case: Case, minutes: int) -> Case:
    contacts = [
        msgspec.structs.replace(c, start=c.start + dt.timedelta(minutes=minutes)) for c in case.contacts
    ]
    return msgspec.structs.replace(case, contacts=contacts)


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with Store(store_url) as opened:
        yield opened


# --------------------------------------------------------------------------
# Versions and conflicts


def test_save_then_load_gives_the_same_case_and_versions_count_up(store: Store) -> None:
    case = load_case(GOOD)
    assert store.save(case, None, "Jo Smith", "opened") == 1
    loaded, version = store.load(case.reference)
    assert (loaded, version) == (case, 1)
    changed = with_member_name(loaded, "magda", "Magdalena Nowak")
    assert store.save(changed, 1, "Priya Shah") == 2
    assert store.load(case.reference) == (changed, 2)
    assert store.load(case.reference, 1) == (case, 1)


def test_a_save_from_an_old_version_is_a_conflict_that_names_what_differs(store: Store) -> None:
    case = load_case(GOOD)
    store.save(case, None, "Jo Smith")
    store.save(with_member_name(case, "magda", "Magdalena Nowak"), 1, "Priya Shah", "name corrected")
    mine = with_member_name(case, "kuba", "Jakub Nowak")
    with pytest.raises(ConflictError) as caught:
        store.save(mine, 1, "Jo Smith")
    error = caught.value
    assert error.case is mine  # nothing the caller typed is lost
    assert (error.expected_version, error.found_version, error.found_by) == (1, 2, "Priya Shah")
    assert error.theirs == ["member magda changed (name)"]
    assert error.mine == ["member kuba changed (name)"]
    assert error.current == with_member_name(case, "magda", "Magdalena Nowak")
    message = str(error)
    assert "version 2" in message and "version 1" in message and "Priya Shah" in message
    assert "member magda changed (name)" in message and "member kuba changed (name)" in message
    # nothing was written
    assert [e.version for e in store.history(case.reference)] == [1, 2]
    assert store.load(case.reference)[1] == 2


def test_a_new_case_whose_reference_is_taken_is_a_conflict(store: Store) -> None:
    case = load_case(GOOD)
    store.save(case, None, "Jo Smith")
    with pytest.raises(ConflictError, match="already has this case") as caught:
        store.save(load_case(FAILURES), None, "Someone Else")
    assert caught.value.found_version == 1 and caught.value.expected_version is None
    assert store.load(case.reference) == (case, 1)


def test_a_version_the_store_never_had_is_a_conflict(store: Store) -> None:
    case = load_case(GOOD)
    store.save(case, None, "Jo Smith")
    with pytest.raises(ConflictError, match="there is no version 7"):
        store.save(case, 7, "Jo Smith")


def test_saving_to_an_unknown_case_names_it(store: Store) -> None:
    with pytest.raises(UnknownCaseError, match="CP-2026-0142"):
        store.save(load_case(GOOD), 3, "Jo Smith")
    with pytest.raises(UnknownCaseError, match="no case 'CP-NOPE'"):
        store.load("CP-NOPE")
    with pytest.raises(UnknownCaseError, match="no case 'CP-NOPE'"):
        store.history("CP-NOPE")


def test_an_unknown_version_is_named(store: Store) -> None:
    store.save(load_case(GOOD), None, "Jo Smith")
    with pytest.raises(UnknownCaseError, match="no version 5 in the store \\(versions 1 to 1\\)"):
        store.load("CP-2026-0142", 5)


def test_who_saves_must_be_named(store: Store) -> None:
    with pytest.raises(StoreError, match="who is saving"):
        store.save(load_case(GOOD), None, "   ")


# --------------------------------------------------------------------------
# Only what passes the reader is stored


def test_a_case_that_does_not_pass_the_reader_is_refused_with_its_message(store: Store) -> None:
    case = load_case(GOOD)
    contact = msgspec.structs.replace(case.contacts[0], attendees=["nobody-here"])
    broken = msgspec.structs.replace(case, contacts=[contact, *case.contacts[1:]])
    with pytest.raises(CaseFileError) as caught:
        store.save(broken, None, "Jo Smith")
    message = str(caught.value)
    assert "contacts[0].attendees[0]" in message and "nobody-here" in message
    assert store.list("all") == []


def test_case_file_text_is_read_by_the_reader_with_its_lines(store: Store) -> None:
    text = GOOD.read_text(encoding="utf-8")
    assert store.save(text, None, "Jo Smith") == 1
    assert store.load("CP-2026-0142")[0] == load_case(GOOD)
    with pytest.raises(CaseFileError, match=r"new\.yaml|<case>:\d+: members\[0\]\.langauges"):
        store.save(text.replace("    languages:", "    langauges:", 1), 1, "Jo Smith")


# --------------------------------------------------------------------------
# History, closing, nothing deleted


def test_history_keeps_who_when_why_and_what_changed(store: Store) -> None:
    case = load_case(GOOD)
    before = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    store.save(case, None, "Jo Smith", "opened")
    store.save(with_member_name(case, "magda", "M. Nowak"), 1, "Priya Shah", "name from passport")
    store.close_case(case.reference, "Jo Smith", "family moved away")
    store.reopen_case(case.reference, "Jo Smith", "family back")
    history = store.history(case.reference)
    assert [(e.version, e.action, e.status, e.by, e.reason) for e in history] == [
        (1, "created", "open", "Jo Smith", "opened"),
        (2, "saved", "open", "Priya Shah", "name from passport"),
        (3, "closed", "closed", "Jo Smith", "family moved away"),
        (4, "reopened", "open", "Jo Smith", "family back"),
    ]
    assert history[1].changes == ["member magda changed (name)"]
    assert history[2].changes == [] and history[3].changes == []
    assert all(before < e.at <= dt.datetime.now(dt.UTC) for e in history)
    assert all(e.at.tzinfo is not None for e in history)


def test_a_closed_case_leaves_the_caseload_but_is_kept_and_refuses_saves(store: Store) -> None:
    case = load_case(GOOD)
    store.save(case, None, "Jo Smith")
    store.save(renamed(load_case(AKHTAR), "CP-2026-0200"), None, "Jo Smith")
    assert store.close_case(case.reference, "Jo Smith", "closed at review") == 2
    assert [s.reference for s in store.list()] == ["CP-2026-0200"]
    assert [(s.reference, s.status) for s in store.list("closed")] == [("CP-2026-0142", "closed")]
    assert len(store.list("all")) == 2
    assert store.load(case.reference) == (case, 2)
    with pytest.raises(CaseClosedError, match="reopen it"):
        store.save(case, 2, "Jo Smith")
    with pytest.raises(StoreError, match="already closed"):
        store.close_case(case.reference, "Jo Smith")
    assert store.close_case(case.reference, "Jo Smith", status="archived") == 3
    assert [s.status for s in store.list("archived")] == ["archived"]
    assert store.reopen_case(case.reference, "Jo Smith") == 4
    assert store.save(with_member_name(case, "magda", "M"), 4, "Jo Smith") == 5


def test_close_with_an_old_version_is_refused(store: Store) -> None:
    case = load_case(GOOD)
    store.save(case, None, "Jo Smith")
    store.save(with_member_name(case, "magda", "M"), 1, "Jo Smith")
    with pytest.raises(StoreError, match="version 2 was saved after version 1"):
        store.close_case(case.reference, "Jo Smith", expected_version=1)


# --------------------------------------------------------------------------
# Stored findings, derived tables, caseload


def test_findings_are_stored_with_each_version_and_counted_in_the_list(store: Store) -> None:
    failures = load_case(FAILURES)
    store.save(failures, None, "Jo Smith")
    stored = store.findings(failures.reference)
    from contactplan.api import check_case

    expected = check_case(failures, today=dt.date.today())
    assert [(f.code, f.member, f.contact, f.letter) for f in stored] == [
        (f.code, f.member, f.contact, f.letter) for f in expected
    ]
    (summary,) = store.list()
    assert summary.errors == sum(1 for f in expected if f.fails)
    assert summary.warnings == sum(1 for f in expected if f.severity == "warning")
    assert summary.checked_on == dt.date.today()
    # closing copies them to the new version
    store.close_case(failures.reference, "Jo Smith")
    assert len(store.findings(failures.reference)) == len(expected)
    assert len(store.findings(failures.reference, 1)) == len(expected)


def test_refreshing_findings_touches_only_stale_versions(store: Store) -> None:
    case = load_case(GOOD)
    store.save(case, None, "Jo Smith")
    assert store.refresh_findings([(case.reference, 1, [])], dt.date.today()) == 0
    assert store.findings(case.reference) != []
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    assert store.refresh_findings([(case.reference, 1, [])], tomorrow) == 1
    assert store.findings(case.reference) == []
    assert store.list()[0].checked_on == tomorrow


def _rows(store: Store, table: str) -> list[tuple[object, ...]]:
    import sqlalchemy as sa

    with store.engine.connect() as connection:
        return [tuple(r) for r in connection.execute(sa.text(f"SELECT * FROM {table} ORDER BY 1, 2, 3"))]


def test_derived_tables_follow_the_current_version(store: Store) -> None:
    case = load_case(GOOD)
    store.save(case, None, "Jo Smith")
    contacts = _rows(store, "contacts")
    assert len(contacts) == len(case.contacts)
    hv02 = next(r for r in contacts if r[1] == "hv-02")
    # 10:00 in London on 1 December is 10:00 UTC; the row's instants are UTC
    start = hv02[4] if isinstance(hv02[4], dt.datetime) else dt.datetime.fromisoformat(str(hv02[4]))
    assert start.replace(tzinfo=None) == dt.datetime(2026, 12, 1, 10, 0)
    bookings = _rows(store, "bookings")
    assert {(r[1], r[3]) for r in bookings} >= {("hv-02", "int-pl-ewa")}
    assert all(r[-1] in ("registration:nrpsi 12345", "registration:nrpsi 23456") for r in bookings)
    store.save(shifted(case, 60), 1, "Jo Smith")
    hv02 = next(r for r in _rows(store, "contacts") if r[1] == "hv-02")
    start = hv02[4] if isinstance(hv02[4], dt.datetime) else dt.datetime.fromisoformat(str(hv02[4]))
    assert start.replace(tzinfo=None) == dt.datetime(2026, 12, 1, 11, 0)
    assert len(_rows(store, "contacts")) == len(case.contacts)


def test_an_interpreter_booked_for_two_families_at_once_is_found_in_both(store: Store) -> None:
    first = load_case(GOOD)
    second = renamed(load_case(GOOD), "CP-2026-0999")
    store.save(first, None, "Jo Smith")
    store.save(second, None, "Priya Shah")
    clashes = {(b.reference, b.contact): b for b in store.double_bookings()}
    planned_booked = {
        c.id
        for c in first.contacts
        if c.status == "planned" and any(a.interpreter and a.status != "cancelled" for a in c.interpreting)
    }
    assert planned_booked
    assert set(clashes) == {
        (ref, cid) for ref in (first.reference, second.reference) for cid in planned_booked
    }
    booking = clashes[(first.reference, "hv-02")]
    assert (second.reference, "hv-02") in [(r, c) for r, c, _, _ in booking.clashes]
    report = check_store(store, today=dt.date(2026, 11, 22))
    cp701 = [(r.reference, f.contact) for r, f in report.findings if f.code == "CP701"]
    assert sorted(cp701) == sorted(clashes)
    found = next(f for r, f in report.findings if f.code == "CP701" and r.reference == first.reference)
    assert found.severity == "error" and found.member is None
    assert "CP-2026-0999" in found.message
    assert "Ewa Kowalska" in found.message or "Adam Lis" in found.message


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda c: shifted(c, 24 * 60), id="a day later"),
        pytest.param(lambda c: msgspec.structs.replace(c, interpreters=[
            msgspec.structs.replace(i, registration=f"NRPSI 9{n}", email=None) for n, i in enumerate(c.interpreters)
        ]), id="other interpreters"),
    ],
)  # fmt: skip
def test_near_misses_are_not_double_bookings(store: Store, change: object) -> None:
    first = load_case(GOOD)
    store.save(first, None, "Jo Smith")
    store.save(change(renamed(load_case(GOOD), "CP-2026-0999")), None, "Jo Smith")  # type: ignore[operator]
    assert store.double_bookings() == []


def test_a_closed_case_books_nobody(store: Store) -> None:
    store.save(load_case(GOOD), None, "Jo Smith")
    store.save(renamed(load_case(GOOD), "CP-2026-0999"), None, "Jo Smith")
    assert store.double_bookings()
    store.close_case("CP-2026-0999", "Jo Smith")
    assert store.double_bookings() == []


def test_the_same_interpreter_by_email_when_there_is_no_registration(store: Store) -> None:
    def email_only(case: Case) -> Case:
        return msgspec.structs.replace(
            case,
            interpreters=[msgspec.structs.replace(i, registration=None) for i in case.interpreters],
        )

    store.save(email_only(load_case(GOOD)), None, "Jo Smith")
    other = email_only(renamed(load_case(GOOD), "CP-2026-0999"))
    other = msgspec.structs.replace(
        other,
        interpreters=[
            msgspec.structs.replace(i, email=i.email.upper()) for i in other.interpreters if i.email
        ],
    )
    store.save(other, None, "Jo Smith")
    assert store.double_bookings()


# --------------------------------------------------------------------------
# Invitations sent (issue 16)


def test_last_sent_remembers_the_latest_invitation_per_recipient(store: Store) -> None:
    at = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
    assert store.last_sent("uid-1@contactplan", "ewa@example.org") is None
    store.record_sent("uid-1@contactplan", "ewa@example.org", 0, "request", at)
    store.record_sent("uid-1@contactplan", "Ewa@Example.org", 1, "request", at + dt.timedelta(hours=1))
    store.record_sent("uid-1@contactplan", "jo@example.org", 0, "request", at)
    assert store.last_sent("uid-1@contactplan", "ewa@example.org") == (1, "request")
    store.record_sent("uid-1@contactplan", "ewa@example.org", 2, "cancel", at + dt.timedelta(hours=2))
    assert store.last_sent("uid-1@contactplan", "EWA@example.org") == (2, "cancel")
    assert store.last_sent("uid-1@contactplan", "jo@example.org") == (0, "request")
    assert store.last_sent("uid-2@contactplan", "ewa@example.org") is None
    with pytest.raises(StoreError, match="time zone"):
        store.record_sent("uid-1@contactplan", "ewa@example.org", 3, "request", dt.datetime(2026, 11, 30))


# --------------------------------------------------------------------------
# SQLite settings, the default store, bad URLs


def test_the_embedded_default_is_private_and_durable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    from contactplan.store import default_path

    path = default_path()
    assert path.is_relative_to(tmp_path) and path.name == "contactplan.sqlite3"
    with Store() as store:
        store.save(load_case(GOOD), None, "Jo Smith")
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    for extra in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if extra.exists():
            assert stat.S_IMODE(extra.stat().st_mode) & 0o077 == 0


def test_a_new_sqlite_file_is_created_private_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        with Store(str(tmp_path / "team.sqlite3")):
            pass
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "team.sqlite3").stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("mysql://jo:sekret-pw@db.example/cases", "not mysql"),
        ("sqlite:///", "needs a file"),
        ("sqlite://", "needs a file"),
        ("postgresql+asyncpg://jo:sekret-pw@localhost/x", "psycopg 3"),
        ("postgresql://jo:sekret-pw@127.0.0.1:1/cases", "cannot use the store"),
        ("::not a url::", "not a database URL"),
        ("postgresql://jo:sekret-pw@db.example:abc/cases", "not a database URL"),
    ],
)
def test_bad_urls_give_one_message_without_the_password(url: str, expected: str) -> None:
    with pytest.raises(StoreError) as caught:
        Store(url)
    assert expected in str(caught.value)
    assert "sekret-pw" not in str(caught.value)


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_text("these are not the droids\n" * 100)
    with pytest.raises(StoreError, match=r"notes\.sqlite3: cannot use the store: file is not a database"):
        Store(str(path))


def test_a_folder_that_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        Store(str(tmp_path / "nowhere" / "x.sqlite3"))


def test_a_database_of_something_else_is_not_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE cases (x INTEGER)")
    with pytest.raises(StoreError, match="not a contactplan store"):
        Store(str(path))


def test_a_wrong_password_is_never_shown(pg_cluster: object) -> None:
    url = pg_cluster.url().replace(pg_cluster.password, "wrong-sekret")  # type: ignore[attr-defined]
    with pytest.raises(StoreError) as caught:
        Store(url)
    message = str(caught.value)
    assert "password authentication failed" in message
    assert "wrong-sekret" not in message and pg_cluster.password not in message  # type: ignore[attr-defined]


# --------------------------------------------------------------------------
# Whatever the values hold, a stored case comes back the same, and so does
# an exported one (YAML or JSON)


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff")
    | st.sampled_from("\n\t"),
    min_size=1,
    max_size=40,
)
_TRICKY = st.sampled_from(
    [
        "no",
        "yes",
        "0123",
        "12:30",
        "null",
        "~",
        "- x",
        "# not a comment",
        "a: b",
        '"',
        "'",
        "2026-12-01",
        "1e3",
        ".inf",
        "&a",
        "*a",
        "!tag",
        "%",
        "@",
        "`",
    ]
)


@given(name=_TEXT | _TRICKY, notes=_TEXT | _TRICKY, address=_TEXT | _TRICKY)
def test_values_survive_the_store_and_export(name: str, notes: str, address: str) -> None:
    from contactplan.casefile import load_case_text
    from contactplan.store.document import case_json, case_yaml, decode, validated_document

    case = load_case(GOOD)
    case = with_member_name(case, "magda", name)
    first = msgspec.structs.replace(case.contacts[0], notes=notes, location=address)
    case = msgspec.structs.replace(case, contacts=[first, *case.contacts[1:]])
    try:
        valid, document = validated_document(case)
    except CaseFileError:
        assume(False)
        raise
    assert decode(document, "x") == valid == case
    assert load_case_text(case_yaml(valid, "header\nlines"), "y") == case
    assert load_case_text(case_json(valid), "j") == case
