"""A store that always reads back (issue 25), on SQLite and PostgreSQL: one
stored case that can't be read (cut short) or that a stricter reader refuses
in part never hides the others from ``db list``, ``db check``, ``db
history``, ``db show``, the caseload or ``read_case``; references that are
paths are refused, and a store that already holds one still shows and
exports it; a read-only store opens read-only; no password in a message."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from contactplan.casefile import load_case, load_case_text
from contactplan.casefile.validate import REFERENCE_RULE, Validator
from contactplan.cli import app
from contactplan.errors import CaseFileError
from contactplan.model import Case
from contactplan.store import Store, StoreError, check_store, safe_url
from contactplan.store.document import STORED_RULE_CODE, encode
from contactplan.store.store import StoredCase, UnreadableCase
from contactplan.store.summaries import caseload

pytest_plugins = ["store_support"]

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
GOOD = EXAMPLES / "nowak-family-good.yaml"
FAILURES = EXAMPLES / "nowak-family-failures.yaml"
AKHTAR = EXAMPLES / "akhtar-haddad-family.yaml"
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def renamed(case: Case, reference: str) -> Case:
    return msgspec.structs.replace(case, case=msgspec.structs.replace(case.case, reference=reference))


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with Store(store_url) as opened:
        yield opened


def put_document(store: Store, reference: str, document: str) -> None:
    """Write a stored document behind the store's back: what a newer rule, a
    disk error or a cut-off write leaves."""
    with store.engine.begin() as connection:
        case_id = connection.execute(
            sa.text("SELECT id FROM cases WHERE reference = :r"), {"r": reference}
        ).scalar_one()
        connection.execute(
            sa.text("UPDATE case_versions SET document = :d WHERE case_id = :c"),
            {"d": document, "c": case_id},
        )


def three_cases_two_broken(store: Store, team: str | None = None) -> None:
    """CP-2026-0142 (with errors) fine; CP-2026-0311 cut short; CP-2026-0999
    holding an id (``Magda``) this reader refuses, as a stricter later rule would."""
    store.save(load_case(FAILURES), None, "Jo Smith", team=team)
    akhtar = load_case(AKHTAR)
    store.save(akhtar, None, "Jo Smith", team=team)
    other = renamed(load_case(GOOD), "CP-2026-0999")
    store.save(other, None, "Jo Smith", team=team)
    whole = encode(akhtar)
    put_document(store, "CP-2026-0311", whole[: len(whole) // 2])
    put_document(store, "CP-2026-0999", encode(other).replace('"magda"', '"Magda"'))


def test_one_bad_document_never_stops_db_check_and_both_are_counted(store: Store, store_url: str) -> None:
    three_cases_two_broken(store)
    db = ("--database", store_url)
    code, out, err = run("db", "check", *db, "--today", "2026-11-22", "--format", "json")
    assert code == 2
    assert err.count("contactplan: error:") == 1
    assert "CP-2026-0311 (in the store): could not be read: the stored document is cut short" in err
    found = json.loads(out)
    assert {f["case"] for f in found} == {"CP-2026-0142", "CP-2026-0999"}
    # the case with errors is checked as ever: its errors are not lost behind the bad one
    assert sum(f["severity"] == "error" for f in found if f["case"] == "CP-2026-0142") >= 5
    # the refused id is a finding on the case, read and checked as saved
    (stored_rule,) = [f for f in found if f["code"] == STORED_RULE_CODE]
    assert stored_rule["case"] == "CP-2026-0999" and stored_rule["severity"] == "error"
    assert (
        "members[0].id" in stored_rule["message"] and "an id uses only lower-case" in stored_rule["message"]
    )
    assert any(f["case"] == "CP-2026-0999" and f["code"] != STORED_RULE_CODE for f in found)
    code, out, _ = run("db", "check", *db, "--today", "2026-11-22")
    assert code == 2
    assert out.splitlines()[-1].endswith("in 2 of 2 open cases checked; 1 case could not be read.")


def test_listing_history_show_and_the_caseload_name_the_bad_case_and_go_on(
    store: Store, store_url: str
) -> None:
    three_cases_two_broken(store)
    db = ("--database", store_url)
    code, out, _ = run("db", "list", *db, "--format", "json")
    assert code == 0 and [c["case"] for c in json.loads(out)] == [
        "CP-2026-0142",
        "CP-2026-0311",
        "CP-2026-0999",
    ]
    # history: who, when and why are kept beside the document: told, with one message for the bad version
    code, out, err = run("db", "history", "CP-2026-0311", *db)
    assert code == 2 and out.startswith("version 1 ")
    assert "could not be read" in out
    assert err.count("\n") == 1 and "CP-2026-0311: version 1 could not be read" in err
    code, out, err = run("db", "show", "CP-2026-0311", *db)
    assert code == 2 and out == "" and err.count("\n") == 1 and "could not be read" in err
    # the case a stricter reader refuses in part: shown and exported as saved, with a warning
    code, out, err = run("db", "show", "CP-2026-0999", *db)
    assert code == 0 and "id: Magda" in out and "members[0].id" in err
    code, out, err = run("db", "export", "CP-2026-0999", *db)
    assert code == 0 and "id: Magda" in out and "correct it before importing it again" in err
    # the web page's API: never an exception for a bad document
    broken = store.read_case("CP-2026-0311")
    assert isinstance(broken, UnreadableCase) and not broken.readable and "cut short" in broken.message
    partly = store.read_case("CP-2026-0999")
    assert isinstance(partly, StoredCase) and partly.problems and partly.case.members[0].id == "Magda"
    rows = {row.reference: row for row in caseload(store)}
    assert set(rows) == {"CP-2026-0142", "CP-2026-0311", "CP-2026-0999"}
    assert rows["CP-2026-0311"].unreadable and "cut short" in rows["CP-2026-0311"].unreadable
    assert rows["CP-2026-0142"].unreadable is None and rows["CP-2026-0142"].interpreter


def test_a_case_saved_under_a_rule_set_reads_back_under_a_stricter_one(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = load_case(GOOD)
    store.save(case, None, "Jo Smith")
    # a later release refuses the tag 'pl' (as a stricter rule would refuse a tag it once took)
    before = Validator.tag

    def stricter(self: Validator, text: str, path: tuple[str | int, ...]) -> str:
        if text == "pl":
            raise self.doc.error(path, "language 'pl' is no longer accepted: write it as a region tag")
        return before(self, text, path)

    monkeypatch.setattr(Validator, "tag", stricter)
    stored = store.load_stored(case.reference)
    assert stored.case == case  # read as saved
    assert len(stored.problems) == 1 and "'pl' is no longer accepted" in stored.problems[0]
    report = check_store(store, today=case.contacts[0].start.date())
    assert report.unreadable == []
    (refused,) = [f for f in report.cases[0].findings if f.code == STORED_RULE_CODE]
    assert "no longer accepted" in refused.message
    # the case can't be saved again until it is corrected: the reader of the day refuses it
    with pytest.raises(CaseFileError, match="no longer accepted"):
        store.save(stored.case, stored.version, "Jo Smith")


# --------------------------------------------------------------------------
# References are names, not paths


@pytest.mark.parametrize(
    ("reference", "said"),
    [
        ("CP-1\nforged line", "a space or a line break"),
        ("CP-1\x1b[31m", "a control character"),
        ("R/members/add", "a word the web page uses"),
        ("CP-1/settings", "a word the web page uses"),
        ("CP-1/Outcomes/visit-1", "a word the web page uses"),
        ("CP/../0142", "a '.'"),
        ("CP//0142", "an empty part"),
        ("/CP-1", "an empty part"),
        ("CP 2026", "a space"),
    ],
)
def test_a_reference_that_is_a_path_is_refused_with_the_rule(store: Store, reference: str, said: str) -> None:
    with pytest.raises(CaseFileError) as caught:
        store.save(renamed(load_case(GOOD), reference), None, "Jo Smith")
    assert said in str(caught.value) and REFERENCE_RULE in str(caught.value)
    assert store.list() == []


def test_references_with_slashes_and_capitals_are_names(store: Store) -> None:
    for reference in ("CP/2026/0412", "cp_2026-X", "new", "CASE/A/b_1"):
        store.save(renamed(load_case(GOOD), reference), None, "Jo Smith")
    assert len(store.list()) == 4


def test_a_store_that_already_holds_a_path_as_reference_shows_and_exports_it(
    store: Store, store_url: str, tmp_path: Path
) -> None:
    store.save(load_case(GOOD), None, "Jo Smith")
    with store.engine.begin() as connection:
        connection.execute(sa.text("UPDATE cases SET reference = 'R/members/add'"))
    put_document(store, "R/members/add", encode(renamed(load_case(GOOD), "R/members/add")))
    db = ("--database", store_url)
    code, out, _ = run("db", "list", *db, "--format", "json")
    assert code == 0 and json.loads(out)[0]["case"] == "R/members/add"
    target = tmp_path / "out.yaml"
    code, _, err = run("db", "export", "R/members/add", "-o", str(target), *db)
    assert code == 0 and "a word the web page uses" in err
    assert "reference: R/members/add" in target.read_text(encoding="utf-8")
    with pytest.raises(CaseFileError, match="a word the web page uses"):
        load_case_text(target.read_text(encoding="utf-8"), "out.yaml")


# --------------------------------------------------------------------------
# Read-only stores, passwords


def _without_privileges() -> list[str]:
    """Run a command that obeys the files' modes. A user other than root
    does already; root writes anything, so as root the command runs with
    every capability dropped (root without CAP_DAC_OVERRIDE is refused a
    file mode 0444 and a folder mode 0555 like anyone). Not as another
    user: the checkout (and so the package) may be private to root, as
    under /root; not in a mount namespace: a chroot can't make one."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.fail("the tests run as root and need setpriv (util-linux) to drop root's privileges")
    return ["setpriv", "--bounding-set=-all", "--inh-caps=-all", "--"]


@pytest.mark.parametrize("folder_writable", [False, True])
def test_a_store_that_can_only_be_read_opens_read_only(folder_writable: bool) -> None:
    folder = Path(tempfile.mkdtemp(prefix="contactplan-ro-"))
    try:
        path = folder / "store.sqlite3"
        with Store(str(path)) as store:
            store.save(load_case(GOOD), None, "Jo Smith")
        path.chmod(0o444)
        folder.chmod(0o777 if folder_writable else 0o555)

        def command(*args: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [
                    *_without_privileges(),
                    sys.executable,
                    "-m",
                    "contactplan",
                    *args,
                    "--database",
                    str(path),
                ],
                capture_output=True,
                text=True,
                cwd="/",
                env={**os.environ, "HOME": str(folder)},
                check=False,
            )

        listed = command("db", "list", "--format", "json")
        assert listed.returncode == 0, listed.stderr
        assert [c["case"] for c in json.loads(listed.stdout)] == ["CP-2026-0142"]
        assert "opened read-only" in listed.stderr and "not recorded in the audit" in listed.stderr
        checked = command("db", "check", "--today", "2026-11-22")
        assert checked.returncode in (0, 1) and "1 of 1 open case checked" in checked.stdout
        shown = command("db", "history", "CP-2026-0142")
        assert shown.returncode == 0 and shown.stdout.startswith("version 1")
        refused = command("db", "import", str(AKHTAR))
        assert refused.returncode == 2 and "Traceback" not in refused.stderr
        assert "read-only: nothing was saved" in refused.stderr
    finally:
        folder.chmod(0o700)
        shutil.rmtree(folder)


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://jo@127.0.0.1:1/cases?password=pa55-sekret",
        "postgresql://jo@127.0.0.1:1/cases?sslmode=disable&password=pa55-sekret",
        "postgresql://jo:pa55-sekret@127.0.0.1:1/cases",
    ],
)
def test_a_password_in_the_url_is_never_shown(url: str) -> None:
    assert "pa55-sekret" not in safe_url(url)
    with pytest.raises(StoreError) as caught:
        Store(url)
    assert "pa55-sekret" not in str(caught.value)
    code, out, err = run("db", "list", "--database", url)
    assert code == 2 and "pa55-sekret" not in out + err and err.count("\n") == 1


def test_a_password_given_in_the_query_to_a_real_server_is_never_shown(pg_cluster: object) -> None:
    cluster = pg_cluster
    url = cluster.url(password=False) + "?password=wrong-sekret"  # type: ignore[attr-defined]
    with pytest.raises(StoreError) as caught:
        Store(url)
    assert "password authentication failed" in str(caught.value)
    assert "wrong-sekret" not in str(caught.value)
    good = cluster.url(password=False) + f"?password={cluster.password}"  # type: ignore[attr-defined]
    with Store(good) as store:
        assert cluster.password not in store.location  # type: ignore[attr-defined]
        assert store.list() == []


def test_due_over_the_store_names_the_bad_case_and_lists_the_others(store: Store, store_url: str) -> None:
    three_cases_two_broken(store)
    code, out, err = run("due", "--database", store_url, "--today", "2027-02-15", "--format", "json")
    assert code == 2 and err.count("contactplan: error:") == 1
    assert "CP-2026-0311 (in the store): could not be read" in err
    assert {item["case"] for item in json.loads(out)} == {"CP-2026-0142", "CP-2026-0999"}
