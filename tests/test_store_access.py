"""Only who should, and on the record (issue 26), on SQLite and PostgreSQL:
two teams, four users (a practitioner in each team, an admin, an auditor):
each sees and changes only what they should in lists, counts, checks,
history, exports and double bookings, through the API and the command line;
restricted cases; moving a case; an account without a team sees nothing;
the audit records every read, change and refusal and can't be changed; the
store that has no admin yet belongs to whoever runs the command line;
acknowledgements keep who brought them."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from contactplan.casefile import load_case
from contactplan.cli import app
from contactplan.model import Acknowledgement, Case, Date
from contactplan.store import Store, UnknownCaseError, check_store
from contactplan.store.access import AccessError, Actor
from contactplan.store.summaries import caseload
from contactplan.store.users import add_user, ensure_sso_user, list_users, set_user

pytest_plugins = ["store_support"]

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
GOOD = EXAMPLES / "nowak-family-good.yaml"
AKHTAR = EXAMPLES / "akhtar-haddad-family.yaml"
PASSWORD = "a long passphrase for tests"
NORTH, SOUTH = "CP-2026-0142", "CP-2026-0311"
runner = CliRunner()


def run(*args: str, given: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=given)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def renamed(case: Case, reference: str) -> Case:
    return msgspec.structs.replace(case, case=msgspec.structs.replace(case.case, reference=reference))


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """Two teams and four accounts; the Nowak case in north (with a copy,
    CP-2026-0999, that shares its interpreter), the Akhtar-Haddad case in south."""
    with Store(store_url) as opened:
        add_user(opened, "Ada Admin", PASSWORD, role="admin")
        admin = opened.acting("Ada Admin")
        add_user(opened, "Jo North", PASSWORD, role="practitioner", team="north", actor=admin)
        add_user(opened, "Sam South", PASSWORD, role="manager", team="south", actor=admin)
        add_user(opened, "Ann Auditor", PASSWORD, role="auditor", actor=admin)
        opened.save(load_case(GOOD), None, actor=admin, team="north")
        opened.save(renamed(load_case(GOOD), "CP-2026-0999"), None, actor=admin, team="south")
        opened.save(load_case(AKHTAR), None, actor=opened.acting("Sam South"))
        yield opened


def seen(store: Store, name: str) -> set[str]:
    return {s.reference for s in store.list(actor=store.acting(name))}


def test_each_sees_only_their_team_s_cases_admins_and_auditors_all(store: Store) -> None:
    assert seen(store, "Jo North") == {NORTH}
    assert seen(store, "Sam South") == {SOUTH, "CP-2026-0999"}
    assert seen(store, "Ada Admin") == seen(store, "Ann Auditor") == {NORTH, SOUTH, "CP-2026-0999"}
    jo = store.acting("Jo North")
    assert [row.reference for row in caseload(store, actor=jo)] == [NORTH]
    assert [c.reference for c in store.open_cases(actor=jo)] == [NORTH]
    # checks: the cases Jo may see, and their counts only
    report = check_store(store, actor=jo, today=dt.date(2026, 11, 22))
    assert [c.reference for c in report.cases] == [NORTH]
    # a case Jo may not see is exactly an unknown one: not found, whatever is asked
    for ask in (
        lambda: store.load(SOUTH, actor=jo),
        lambda: store.history(SOUTH, actor=jo),
        lambda: store.findings(SOUTH, actor=jo),
        lambda: store.read_case(SOUTH, actor=jo),
    ):
        with pytest.raises(UnknownCaseError) as caught:
            ask()
        assert str(caught.value) == f"no case {SOUTH!r} in the store ({store.location})"
    with pytest.raises(UnknownCaseError):
        store.close_case(SOUTH, actor=jo)


def test_double_bookings_with_a_case_one_may_not_see_keep_the_clash_not_the_case(store: Store) -> None:
    everyone = {(b.reference, b.contact): b.clashes for b in store.double_bookings()}
    assert any(other[0] == "CP-2026-0999" for clashes in everyone.values() for other in clashes)
    jo = store.double_bookings(actor=store.acting("Jo North"))
    assert jo and {b.reference for b in jo} == {NORTH}
    assert all(other[0] in (NORTH, None) for b in jo for other in b.clashes)
    assert any(other[:2] == (None, None) for b in jo for other in b.clashes)


def test_practitioners_change_their_team_s_cases_auditors_nothing(store: Store) -> None:
    jo, ann = store.acting("Jo North"), store.acting("Ann Auditor")
    case, version = store.load(NORTH, actor=jo)
    assert store.save(case, version, actor=jo, reason="seen") == version + 1
    assert store.history(NORTH)[-1].by == "Jo North"
    with pytest.raises(AccessError, match="auditors read cases and change nothing"):
        store.save(case, version + 1, actor=ann)
    with pytest.raises(AccessError, match="auditors"):
        store.close_case(NORTH, actor=ann)
    assert store.load(NORTH, actor=ann)[1] == version + 1
    # a practitioner adds cases to their own team only
    with pytest.raises(AccessError, match="their own team only"):
        store.save(renamed(case, "CP-NEW-1"), None, actor=jo, team="south")
    store.save(renamed(case, "CP-NEW-2"), None, actor=jo)
    assert "CP-NEW-2" in seen(store, "Jo North") and "CP-NEW-2" not in seen(store, "Sam South")


def test_a_restricted_case_is_seen_by_the_people_named_only(store: Store) -> None:
    admin, sam, jo = store.acting("Ada Admin"), store.acting("Sam South"), store.acting("Jo North")
    with pytest.raises(AccessError, match="only an admin, or a manager"):
        store.restrict_case(NORTH, ["Jo North"], actor=jo)
    assert store.restrict_case(SOUTH, ["Jo North"], actor=sam) == ["Jo North"]
    assert seen(store, "Sam South") == {"CP-2026-0999"}  # Sam restricted it to Jo: Sam no longer sees it
    assert seen(store, "Jo North") == {NORTH, SOUTH}
    assert SOUTH in seen(store, "Ann Auditor")
    (restricted,) = [s for s in store.list(actor=admin) if s.reference == SOUTH]
    assert restricted.restricted and restricted.team == "south"
    store.restrict_case(SOUTH, [], actor=admin)
    assert seen(store, "Sam South") == {SOUTH, "CP-2026-0999"} and SOUTH not in seen(store, "Jo North")
    with pytest.raises(AccessError, match="no account 'Nobody'"):
        store.restrict_case(SOUTH, ["Nobody"], actor=admin)


def test_an_admin_moves_a_case_to_another_team(store: Store) -> None:
    with pytest.raises(AccessError, match="only an admin"):
        store.move_case(NORTH, "south", actor=store.acting("Sam South"))
    assert store.move_case(NORTH, "south", actor=store.acting("Ada Admin")) == "north"
    assert seen(store, "Jo North") == set()
    assert NORTH in seen(store, "Sam South")
    with pytest.raises(AccessError, match=r"no team 'sooth'.*did you mean 'south'"):
        store.move_case(NORTH, "sooth", actor=store.acting("Ada Admin"))


def test_a_single_sign_on_user_without_a_team_sees_nothing_until_given_one(store: Store) -> None:
    ensure_sso_user(store, "Łukasz Nowicki")
    newcomer = store.acting("Łukasz Nowicki", via="web", address="10.0.0.7")
    assert store.list(actor=newcomer) == [] and caseload(store, actor=newcomer) == []
    with pytest.raises(AccessError, match="no account"):
        store.acting("Nobody Known", via="web")
    set_user(store, "Łukasz Nowicki", team="north", actor=store.acting("Ada Admin"))
    assert seen(store, "Łukasz Nowicki") == {NORTH}
    (account,) = [a for a in list_users(store) if a.name == "Łukasz Nowicki"]
    assert account.source == "sso" and account.team == "north"


def test_the_audit_records_reads_changes_and_refusals_and_can_t_be_changed(store: Store) -> None:
    jo = store.acting("Jo North").at("web", "192.0.2.10")
    store.load(NORTH, actor=jo, audit="view")
    store.record(jo, "download", NORTH, detail="letter inv-1 as PDF")
    with pytest.raises(UnknownCaseError):
        store.load(SOUTH, actor=jo, audit="view")
    with pytest.raises(UnknownCaseError):
        store.load("CP-NOPE", actor=jo, audit="view")
    ann = store.acting("Ann Auditor")
    about = [
        (e.actor, e.action, e.outcome, e.address) for e in store.audit_entries(actor=ann, reference=SOUTH)
    ]
    assert ("Jo North", "view", "refused", "192.0.2.10") in about
    mine = store.audit_entries(actor=ann, user="Jo North")
    assert [(e.action, e.reference, e.outcome) for e in mine] == [
        ("view", NORTH, "ok"),
        ("download", NORTH, "ok"),
        ("view", SOUTH, "refused"),
        ("view", "CP-NOPE", "not found"),
    ]
    assert mine[0].via == "web" and mine[0].role == "practitioner" and mine[0].version == 1
    # reading the audit is itself recorded; a practitioner may not read it
    with pytest.raises(AccessError, match="only admins and auditors"):
        store.audit_entries(actor=jo)
    assert [e.outcome for e in store.audit_entries(user="Jo North") if e.action == "audit"] == ["refused"]
    assert any(e.actor == "Ann Auditor" and e.action == "audit" for e in store.audit_entries())
    # append-only in the database itself: no UPDATE, no DELETE
    for statement in ("UPDATE audit SET actor = 'someone else'", "DELETE FROM audit"):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), store.engine.begin() as connection:
            connection.execute(sa.text(statement))
    if store.engine.dialect.name == "postgresql":
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), store.engine.begin() as connection:
            connection.execute(sa.text("TRUNCATE audit"))
    assert store.audit_entries()[0].actor == "Ada Admin"


def test_imported_acknowledgements_say_who_brought_them(store: Store) -> None:
    jo = store.acting("Jo North")
    case, version = store.load(NORTH, actor=jo)
    forged = Acknowledgement(
        code="CP101", reason="seen", by="Head of Service", date=Date(2026, 1, 1), member="magda"
    )
    store.import_cases([msgspec.structs.replace(case, acknowledged=[forged])], replace=True, actor=jo)
    (record,) = store.acknowledgements(NORTH, actor=jo)
    assert record.source == "imported" and record.recorded_by == "Jo North"
    assert record.words.startswith(
        "from the imported file, by Head of Service on 2026-01-01, imported by Jo North on "
    )
    # an acknowledgement saved by someone signed in, in their own name today, reads as theirs
    case, version = store.load(NORTH, actor=jo)
    today = record.recorded_at.date() if record.recorded_at else dt.date.today()
    own = Acknowledgement(
        code="CP101", reason="held", by="Jo North", date=Date(today.year, today.month, today.day)
    )
    store.save(msgspec.structs.replace(case, acknowledged=[forged, own]), version, actor=jo)
    words = [r.words for r in store.acknowledgements(NORTH, actor=jo)]
    assert words[0].startswith("from the imported file, by Head of Service")
    assert words[1] == f"by Jo North on {today.isoformat()}"


# --------------------------------------------------------------------------
# Through the command line


def test_two_teams_four_users_through_the_command_line(store_url: str, tmp_path: Path) -> None:
    db = ("--database", store_url)
    # a new store has no admin: whoever runs the command line owns it, and adds the first admin
    assert run("users", "add", "Ada Admin", "--role", "admin", *db, given=PASSWORD + "\n")[0] == 0
    code, _, err = run("db", "list", *db)
    assert code == 2 and "the command line acts as" in err and "--as NAME" in err
    admin = ("--as", "Ada Admin")
    code, out, _ = run("users", "add", "Jo North", "--team", "north", *db, *admin, given=PASSWORD + "\n")
    assert code == 0 and "practitioner in team north (a new team)" in out
    run(
        "users",
        "add",
        "Sam South",
        "--team",
        "south",
        "--role",
        "manager",
        *db,
        *admin,
        given=PASSWORD + "\n",
    )
    run("users", "add", "Ann Auditor", "--role", "auditor", *db, *admin, given=PASSWORD + "\n")
    code, _, err = run(
        "users", "add", "Eve", "--team", "north", *db, "--as", "Jo North", given=PASSWORD + "\n"
    )
    assert code == 2 and "only an admin may add or change accounts" in err
    assert run("db", "import", str(GOOD), "--team", "north", *db, *admin)[0] == 0
    code, _, err = run("db", "import", str(AKHTAR), "--team", "north", *db, "--as", "Sam South")
    assert code == 2 and "their own team only (south)" in err
    assert run("db", "import", str(AKHTAR), *db, "--as", "Sam South")[0] == 0

    def listed(who: str) -> list[str]:
        code, out, _ = run("db", "list", *db, "--as", who, "--format", "json")
        assert code == 0
        return [c["case"] for c in json.loads(out)]

    assert listed("Jo North") == [NORTH] and listed("Sam South") == [SOUTH]
    for replace in ((), ("--replace",)):
        code, _, err = run("db", "import", str(AKHTAR), *replace, *db, "--as", "Jo North")
        assert code == 2 and "can't see" in err and SOUTH not in err
    assert listed("Ann Auditor") == listed("Ada Admin") == [NORTH, SOUTH]
    code, out, _ = run("db", "check", *db, "--as", "Jo North", "--today", "2026-11-22", "--format", "json")
    assert {f["case"] for f in json.loads(out)} <= {NORTH} and code in (0, 1)
    for command in (("db", "show", SOUTH), ("db", "history", SOUTH), ("db", "export", SOUTH)):
        code, out, err = run(*command, *db, "--as", "Jo North")
        assert code == 2 and out == "" and f"no case {SOUTH!r}" in err
    code, _, err = run("db", "close", NORTH, *db, "--as", "Ann Auditor")
    assert code == 2 and "auditors read cases and change nothing" in err
    # restrict and move
    code, out, _ = run("db", "restrict", SOUTH, "--to", "Jo North", *db, "--as", "Sam South")
    assert code == 0 and "restricted to Jo North" in out
    assert listed("Jo North") == [NORTH, SOUTH] and listed("Sam South") == []
    assert run("db", "restrict", SOUTH, "--lift", *db, *admin)[0] == 0
    code, out, _ = run("db", "move", NORTH, "--team", "south", *db, *admin)
    assert code == 0 and "moved from north to south" in out
    assert listed("Jo North") == [] and listed("Sam South") == [NORTH, SOUTH]
    code, out, _ = run("users", "list", *db, *admin)
    assert "Jo North" in out and "practitioner" in out and "north" in out
    # the audit: who saw what, refused attempts too; only admins and auditors read it
    code, out, _ = run("db", "audit", SOUTH, *db, "--as", "Ann Auditor", "--format", "json")
    entries = json.loads(out)
    assert {"at", "user", "role", "via", "from", "action", "case", "version", "outcome", "detail"} == set(
        entries[0]
    )
    assert any(
        e["user"] == "Jo North" and e["action"] == "show" and e["outcome"] == "refused" for e in entries
    )
    assert all(e["via"] == "cli" and "@" in e["from"] for e in entries)
    code, out, _ = run("db", "audit", *db, "--user", "Jo North", "--since", "2000-01-01", *admin)
    assert code == 0 and "refused" in out and "Jo North" in out
    code, _, err = run("db", "audit", *db, "--as", "Jo North")
    assert code == 2 and "only admins and auditors may read the audit" in err
    code, _, err = run("db", "audit", *db, *admin, "--since", "yesterday")
    assert code == 2 and "--since" in err


def test_a_single_person_s_store_works_as_before(tmp_path: Path) -> None:
    db = ("--database", str(tmp_path / "mine.sqlite3"))
    assert run("db", "import", str(GOOD), *db, "--by", "Jo Smith")[0] == 0
    code, out, _ = run("db", "list", *db, "--format", "json")
    assert code == 0 and json.loads(out)[0]["updated_by"] == "Jo Smith"
    code, out, _ = run("db", "audit", *db, "--format", "json")
    (entry,) = [e for e in json.loads(out) if e["action"] == "import"]
    assert entry["user"] == "Jo Smith" and entry["role"] == "owner" and entry["case"] == NORTH


def test_an_account_s_role_and_team_are_checked_and_changed_by_an_admin(store: Store) -> None:
    with pytest.raises(AccessError, match="only an admin"):
        set_user(store, "Jo North", role="admin", actor=store.acting("Jo North"))
    account = set_user(store, "Jo North", team="south", actor=store.acting("Ada Admin"))
    assert account.team == "south" and seen(store, "Jo North") == {SOUTH, "CP-2026-0999"}
    from contactplan.store.users import UserError

    with pytest.raises(UserError, match="--role"):
        set_user(store, "Jo North", role="boss")
    assert isinstance(store.acting("Jo North"), Actor)
