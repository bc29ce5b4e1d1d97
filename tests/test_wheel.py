"""The built wheel carries the compiled catalogs where contactplan looks for them."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(importlib.util.find_spec("build") is None, reason="the build package is not installed")
def test_wheel_contains_the_catalogs(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    (wheel,) = tmp_path.glob("contactplan-*.whl")
    archive = zipfile.ZipFile(wheel)
    names = set(archive.namelist())
    assert not [n for n in names if "POT_" in n], "working notes in the wheel"
    from test_hygiene import machine_paths

    assert [hit for n in sorted(names) for hit in machine_paths(n, archive.read(n))] == []
    assert "contactplan/locales/pl/LC_MESSAGES/contactplan.mo" in names
    assert "contactplan/locales/ur/LC_MESSAGES/contactplan.mo" in names
    assert "contactplan/catalogs.py" in names


def test_catalogs_found_inside_an_installed_package(tmp_path: Path) -> None:
    """Laid out as the wheel installs it (locales inside the package), the
    catalogs are found without a source checkout."""
    import shutil

    site = tmp_path / "site"
    shutil.copytree(ROOT / "contactplan", site / "contactplan", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "locales", site / "contactplan" / "locales")
    code = (
        "import contactplan.catalogs as c; "
        "print(c.locales_dir()); print(c.status('appointment', 'pl').available)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=site
    )
    assert result.returncode == 0, result.stderr
    where, available = result.stdout.split()
    assert Path(where) == site / "contactplan" / "locales"
    assert available == "True"
