"""A missing optional extra (issue 20): every command that needs one says
which to install, in one line, exit status 2, no traceback.

Each command runs in a child Python in which the extra's modules can't be
imported (as after ``pip install contactplan`` without the extra): a finder
at the front of ``sys.meta_path`` refuses them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from contactplan.errors import MissingExtraError
from contactplan.extras import EXTRAS, MODULES, missing, needed

ROOT = Path(__file__).resolve().parent.parent
GOOD = ROOT / "examples" / "nowak-family-good.yaml"

#: A child Python without the modules named in argv[1] (comma-separated),
#: running the command line with the rest of argv.
WITHOUT = """
import sys
blocked = set(sys.argv[1].split(","))

class Without:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in blocked:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, Without())
sys.argv = ["contactplan", *sys.argv[2:]]
from contactplan.__main__ import main
main()
"""


def run_without(modules: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", WITHOUT, modules, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


@pytest.mark.parametrize(
    ("modules", "extra", "args"),
    [
        ("caldav", "caldav", ["publish", str(GOOD), "--caldav", "http://127.0.0.1:9/"]),
        ("weasyprint", "pdf", ["letter", str(GOOD), "inv-hv-02", "--format", "pdf", "-o", "{tmp}/x.pdf"]),
        ("weasyprint", "pdf", ["letters", str(GOOD), "--format", "pdf", "-o", "{tmp}/letters"]),
        ("flask", "web", ["serve", "--port", "9", "--database", "{tmp}/s.sqlite3"]),
        ("waitress", "web", ["serve", "--port", "9", "--database", "{tmp}/s.sqlite3"]),
        ("argon2", "web", ["users", "add", "jo", "--database", "{tmp}/s.sqlite3"]),
        ("psycopg", "postgres", ["db", "check", "--database", "postgresql://jo@127.0.0.1:9/cases"]),
        (
            "psycopg",
            "postgres",
            ["db", "import", str(GOOD), "--database", "postgresql://jo@127.0.0.1:9/cases"],
        ),
        ("psycopg", "postgres", ["serve", "--port", "9", "--database", "postgresql://jo@127.0.0.1:9/cases"]),
    ],
)
def test_a_missing_extra_is_one_line_naming_it_and_exit_2(
    tmp_path: Path, modules: str, extra: str, args: list[str]
) -> None:
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    done = run_without(modules, *argv, stdin="a long enough password for jo\n" * 2)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("contactplan: error:")]
    assert len(lines) == 1, done.stderr
    assert f"pip install 'contactplan[{extra}]'" in lines[0]
    assert not [p for p in tmp_path.rglob("*") if p.is_file() and p.suffix in {".pdf", ".html"}]


def test_the_commands_run_with_the_extras_installed(tmp_path: Path) -> None:
    """The near miss: the same child Python, nothing refused."""
    done = run_without("nothing", "letter", str(GOOD), "inv-hv-02", "--today", "2026-11-22", "-o", "-")
    assert done.returncode == 0, done.stderr
    assert "<html" in done.stdout


def test_every_module_names_a_known_extra() -> None:
    assert set(MODULES.values()) == set(EXTRAS)
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    for extra in EXTRAS:
        assert f"\n{extra} = [" in text, extra


def test_an_import_error_of_an_extra_becomes_the_error_to_show() -> None:
    error = missing(ModuleNotFoundError("No module named 'caldav.davclient'", name="caldav.davclient"))
    assert isinstance(error, MissingExtraError) and error.extra == "caldav"
    assert "pip install 'contactplan[caldav]'" in str(error)
    assert missing(ModuleNotFoundError("No module named 'nothing_of_ours'", name="nothing_of_ours")) is None
    with pytest.raises(MissingExtraError, match=r"contactplan\[pdf\]"), needed("pdf"):
        raise ModuleNotFoundError("No module named 'weasyprint'", name="weasyprint")


def test_an_import_error_that_is_no_extra_stays_a_defect() -> None:
    """A module of the package itself missing is a bug to see, not an extra to install."""
    done = run_without("yaml", "check", str(GOOD), "--today", "2026-11-22")
    assert done.returncode != 0
    assert "Traceback" in done.stderr and "contactplan[" not in done.stderr
