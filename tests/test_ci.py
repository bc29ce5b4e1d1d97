"""CI runs the README's commands and nothing else (issue 20): whatever the
tests need of a machine, `make test` sets up itself, so that CI can't hide
a set-up step the README's command lacks."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CI_RUN = ROOT / ".ci" / "run"
README = ROOT / "README.md"
MAKEFILE = ROOT / "Makefile"
SETUP = ROOT / "tools" / "test-machine.sh"


def _commands(script: str) -> list[str]:
    """The lines of a shell script that run something (not comments, not blank)."""
    return [line.strip() for line in script.splitlines() if line.strip() and not line.strip().startswith("#")]


def _make_targets_run_by_ci() -> list[str]:
    text = CI_RUN.read_text(encoding="utf-8")
    loop = re.search(r"for target in ([\w\- ]+); do", text)
    assert loop is not None, "the CI script runs make targets in one loop"
    return loop.group(1).split()


def test_ci_runs_only_the_readmes_make_targets() -> None:
    readme = README.read_text(encoding="utf-8")
    documented = set(re.findall(r"`make ([\w-]+)`", readme)) | set(
        re.findall(r"^make ([\w-]+)", readme, re.M)
    )
    targets = _make_targets_run_by_ci()
    assert targets[:2] == ["demo", "test"]
    assert {"test-future", "lint", "test-latest"} <= set(targets)
    assert set(targets) <= documented, set(targets) - documented


def test_ci_adds_no_set_up_of_its_own() -> None:
    run = "\n".join(_commands(CI_RUN.read_text(encoding="utf-8")))
    for word in (
        "apt-get",
        "apt",
        "npm",
        "pip",
        "uv",
        "dpkg",
        "sudo",
        "CONTACTPLAN_ICALJS",
        "HYPOTHESIS_PROFILE",
    ):
        assert not re.search(rf"\b{word}\b", run), word
    assert re.findall(r"^make\b.*$", run, re.M) == ['make "$target"']  # once, in the loop over the targets


def test_the_test_targets_set_up_the_machine_first() -> None:
    makefile = MAKEFILE.read_text(encoding="utf-8")
    for target in ("test", "test-future", "test-latest"):
        rule = re.search(rf"^{target}:(.*)$", makefile, re.M)
        assert rule is not None, target
        assert rule.group(1).split()[0] == "test-machine", target
    assert "sh tools/test-machine.sh" in makefile


def test_the_set_up_script_is_valid_shell_and_names_every_package_the_readme_does() -> None:
    assert subprocess.run(["sh", "-n", str(SETUP)], check=False).returncode == 0
    script = SETUP.read_text(encoding="utf-8")
    packages = re.search(r'^PACKAGES="(.*?)"$', script, re.M | re.S)
    assert packages is not None
    named = set(packages.group(1).replace("\\\n", " ").split())
    readme = README.read_text(encoding="utf-8")
    quick_start = readme[readme.index("## Quick start") : readme.index("### Installing")]
    for package in ("postgresql", "chromium", "poppler-utils", "fonts-noto-core", "fonts-noto-cjk",
                    "fonts-noto-extra", "fonts-noto-ui-core", "faketime", "fontconfig", "gettext", "openssl"):  # fmt: skip
        assert package in named, package
        assert f"`{package}`" in quick_start, package


def test_future_runs_leave_out_only_chromium_and_say_why() -> None:
    makefile = MAKEFILE.read_text(encoding="utf-8")
    rule = makefile[makefile.index("\ntest-future:") :].split("\n\n")[0]
    assert 'faketime -f $(AHEAD) $(BIN)/python -m pytest -m "not chromium"' in rule
    assert re.search(r"^AHEAD \?= \+500d$", makefile, re.M)
    why = "never finishes loading a page under libfaketime"
    for text in (makefile, CI_RUN.read_text(encoding="utf-8")):
        assert why in " ".join(text.replace("#", " ").split())
