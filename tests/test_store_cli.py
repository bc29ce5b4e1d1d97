"""``contactplan db ...`` through the command line: init, import, export,
list, history, show, check, close, on SQLite and PostgreSQL; bad input is
one message and exit 2, never a traceback or a password; ``contactplan
check`` never imports SQLAlchemy."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from contactplan.casefile import load_case
from contactplan.cli import app
from contactplan.store import ENV_VAR

pytest_plugins = ["store_support"]

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
GOOD = str(EXAMPLES / "nowak-family-good.yaml")
FAILURES = str(EXAMPLES / "nowak-family-failures.yaml")
AKHTAR = str(EXAMPLES / "akhtar-haddad-family.yaml")
KEYS = ["file", "case", "code", "name", "severity", "message", "member", "contact", "letter", "acknowledged"]

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_a_team_s_day_with_the_store(store_url: str, tmp_path: Path) -> None:
    db = ("--database", store_url)
    code, out, _ = run("db", "init", *db)
    assert code == 0 and "up to date" in out
    code, out, err = run("db", "import", FAILURES, AKHTAR, *db, "--by", "Jo Smith")
    assert (code, err) == (0, "")
    assert "CP-2026-0142: version 1 (created)" in out and "2 cases: 2 new" in out
    # the same reference again: refused without --replace, then a new version
    code, _, err = run("db", "import", GOOD, *db, "--by", "Jo Smith")
    assert code == 2 and "already in the store: CP-2026-0142" in err and "--replace" in err
    code, out, _ = run(
        "db", "import", GOOD, *db, "--by", "Priya Shah", "--reason", "plan redone", "--replace"
    )
    assert code == 0 and "CP-2026-0142: version 2 (saved)" in out
    code, out, _ = run("db", "import", GOOD, *db, "--replace")
    assert code == 0 and "version 2 (unchanged)" in out
    # list, history, show
    code, out, _ = run("db", "list", *db)
    assert code == 0 and re.search(r"CP-2026-0142\s+2\s+open", out)
    code, out, _ = run("db", "list", *db, "--format", "json")
    listed = {item["case"]: item for item in json.loads(out)}
    assert listed["CP-2026-0142"]["version"] == 2 and listed["CP-2026-0142"]["updated_by"] == "Priya Shah"
    code, out, _ = run("db", "history", "CP-2026-0142", *db)
    assert code == 0
    assert re.search(r"^version 1 .* created by Jo Smith: imported from a case file$", out, re.M)
    assert re.search(r"^version 2 .* saved by Priya Shah: plan redone$", out, re.M)
    assert "    contact hv-02 changed (" in out
    code, out, _ = run("db", "history", "CP-2026-0142", *db, "--format", "json")
    assert [e["version"] for e in json.loads(out)] == [1, 2]
    code, out, _ = run("db", "show", "CP-2026-0142", "--version", "1", *db)
    assert code == 0 and out.startswith("# CP-2026-0142, version 1 (open): created by Jo Smith")
    assert load_case_text_of(out) == load_case(FAILURES)
    # export reads back to the same case, as YAML and as JSON, written privately
    for name in ("case.yaml", "case.json"):
        target = tmp_path / name
        code, out, _ = run("db", "export", "CP-2026-0142", "-o", str(target), *db)
        assert code == 0 and load_case(target) == load_case(GOOD)
        assert target.stat().st_mode & 0o077 == 0
    code, out, _ = run("db", "export", "CP-2026-0142", *db)
    assert load_case_text_of(out) == load_case(GOOD)
    # db check: the open cases, as check sees the same files
    code, out, err = run("db", "check", *db, "--today", "2026-11-22", "--format", "json")
    assert code == 0 and err == ""
    found = json.loads(out)
    assert all(list(item)[: len(KEYS)] == KEYS and item["file"] is None for item in found)
    code, files_out, _ = run("check", GOOD, AKHTAR, "--today", "2026-11-22", "--format", "json")
    as_files = json.loads(files_out)

    def keys(items: list[dict[str, object]]) -> list[str]:
        return sorted(
            json.dumps([f["case"], f["code"], f["member"], f["contact"], f["letter"]]) for f in items
        )

    assert keys(found) == keys(as_files)
    # close: it leaves the caseload, and is still there
    code, out, _ = run("db", "close", "CP-2026-0311", *db, "--reason", "case closed at review")
    assert code == 0 and "closed (version 2)" in out
    code, out, _ = run("db", "list", *db, "--format", "json")
    assert [item["case"] for item in json.loads(out)] == ["CP-2026-0142"]
    code, out, _ = run("db", "list", *db, "--status", "all", "--format", "json")
    assert len(json.loads(out)) == 2


def load_case_text_of(text: str) -> object:
    from contactplan.casefile import load_case_text

    return load_case_text(text, "<out>")


def test_db_check_fails_on_errors_and_prints_one_line_a_finding(tmp_path: Path) -> None:
    db = ("--database", str(tmp_path / "s.sqlite3"))
    run("db", "import", FAILURES, *db)
    code, out, err = run("db", "check", *db, "--today", "2026-11-22")
    assert code == 1 and err == ""
    *lines, summary = out.splitlines()
    assert lines and all(line.startswith("CP-2026-0142: CP") for line in lines)
    assert summary.endswith("in 1 of 1 open case checked.")
    code, out, _ = run("db", "check", *db, "--today", "2026-11-22", "--select", "CP3")
    assert all(" CP3" in line for line in out.splitlines()[:-1])
    code, _, err = run("db", "check", *db, "--select", "CP999")
    assert code == 2 and "--select" in err


def test_the_environment_names_the_store_when_no_option_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "from-env.sqlite3"))
    code, _, _ = run("db", "import", GOOD)
    assert code == 0 and (tmp_path / "from-env.sqlite3").exists()
    code, out, _ = run("db", "list", "--format", "json")
    assert [item["case"] for item in json.loads(out)] == ["CP-2026-0142"]


def test_an_unreadable_file_imports_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(Path(GOOD).read_text(encoding="utf-8").replace("    languages:", "    langauges:", 1))
    db = ("--database", str(tmp_path / "s.sqlite3"))
    code, out, err = run("db", "import", AKHTAR, str(bad), *db)
    assert code == 2 and out == ""
    assert f"{bad}:" in err and "langauges" in err and "nothing imported" in err
    code, out, _ = run("db", "list", *db, "--format", "json")
    assert json.loads(out) == []


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("db", "show", "CP-NOPE"), "no case 'CP-NOPE'"),
        (("db", "history", "CP-NOPE"), "no case 'CP-NOPE'"),
        (("db", "export", "CP-NOPE"), "no case 'CP-NOPE'"),
        (("db", "show", "CP-2026-0142", "--version", "9"), "no version 9"),
        (("db", "list", "--status", "deleted"), "--status"),
    ],
)
def test_unknown_references_are_one_message(tmp_path: Path, args: tuple[str, ...], expected: str) -> None:
    db = ("--database", str(tmp_path / "s.sqlite3"))
    run("db", "import", GOOD, *db)
    code, out, err = run(*args, *db)
    assert code == 2 and out == ""
    assert err.startswith("contactplan: error:") and expected in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://jo:pa55-sekret@127.0.0.1:1/cases",
        "mysql://jo:pa55-sekret@db.example/cases",
        "postgresql://jo:pa55-sekret@db.example:port/cases",
    ],
)
@pytest.mark.parametrize("command", ["init", "list", "check"])
def test_a_bad_database_is_one_message_without_the_password(url: str, command: str) -> None:
    code, out, err = run("db", command, "--database", url)
    assert code == 2 and out == ""
    assert err.startswith("contactplan: error:") and len(err.strip().splitlines()) == 1
    assert "pa55-sekret" not in err


def test_a_file_that_is_not_a_database_is_one_message(tmp_path: Path) -> None:
    path = tmp_path / "cases.sqlite3"
    path.write_bytes(b"not a database at all" * 100)
    code, _, err = run("db", "list", "--database", str(path))
    assert code == 2 and "file is not a database" in err


def test_check_never_imports_the_database_libraries() -> None:
    probe = (
        "import sys\n"
        "from contactplan.cli import app\n"
        "try:\n"
        f"    app(['check', {GOOD!r}, '--today', '2026-11-22'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in ('sqlalchemy', 'alembic', 'psycopg') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_db_check_brings_stale_stored_findings_up_to_date(tmp_path: Path) -> None:
    import datetime as dt

    import sqlalchemy as sa

    from contactplan.store import Store

    path = tmp_path / "s.sqlite3"
    other = tmp_path / "other.yaml"
    other.write_text(Path(GOOD).read_text(encoding="utf-8").replace("CP-2026-0142", "CP-2026-0999"))
    run("db", "import", GOOD, str(other), "--database", str(path))
    yesterday = dt.date.today() - dt.timedelta(days=1)
    with Store(str(path)) as store, store.engine.begin() as connection:
        connection.execute(sa.text("UPDATE case_versions SET checked_on = :d"), {"d": yesterday})
        connection.execute(sa.text("DELETE FROM findings"))
    code, out, _ = run("db", "check", "--database", str(path), "--format", "json")
    assert code == 1
    reported = json.loads(out)
    assert any(f["code"] == "CP701" for f in reported)  # the same interpreter in both families
    with Store(str(path)) as store:
        assert {s.checked_on for s in store.list()} == {dt.date.today()}
        stored = store.findings("CP-2026-0142")
        mine = [f for f in reported if f["case"] == "CP-2026-0142" and "CP-2026-0999" not in f["message"]]
        assert sorted(f.code for f in stored) == sorted(f["code"] for f in mine)
        assert not any("CP-2026-0999" in f.message for f in stored)


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--host", " localhost"), "--host ' localhost': not an address"),
        (("--host", ""), "--host '': not an address"),
        (("--host", "nosuchhost.invalid", "--behind-proxy"), "no such address on this machine"),
        (("--trust-header", "X-User: admin"), "not a header name"),
    ],
)
def test_bad_serve_options_are_one_message(tmp_path: Path, args: tuple[str, ...], said: str) -> None:
    code, out, err = run("serve", *args, "--database", str(tmp_path / "s.sqlite3"), "--port", "1")
    assert code == 2 and out == "" and err.count("\n") == 1 and said in err
