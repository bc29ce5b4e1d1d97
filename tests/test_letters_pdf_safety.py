"""A PDF letter is never worse than no letter (issue 20): where this machine
has no font for a script of the letter, the letter is refused naming the
language and the Debian package, and nothing is written; WeasyPrint runs in
a child process, so a crash (Pango segfaults with no fonts at all) or a
runaway layout is one plain error, and the web server goes on serving.

Fonts are taken away by pointing fontconfig (``FONTCONFIG_FILE``) at a setup
with an empty font folder, or one with only the DejaVu fonts: the check and
the child both read it, as Pango would.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from web_support import REF, ClientRequest, import_file, signed_in, visible

from contactplan.errors import PdfRefused
from contactplan.letters import pdf
from contactplan.letters.pdf_worker import own_file

ROOT = Path(__file__).resolve().parent.parent
NOWAK = ROOT / "examples" / "nowak-family-good.yaml"
AKHTAR = ROOT / "examples" / "akhtar-haddad-family.yaml"
BEGUM = ROOT / "examples" / "begum-family-history.yaml"


def _setup(folder: Path, fonts: Path | None) -> Path:
    """A fontconfig file whose only fonts are those in ``fonts`` (None: an empty folder)."""
    empty = folder / "no-fonts"
    empty.mkdir(exist_ok=True)
    conf = folder / ("fonts.conf" if fonts else "empty.conf")
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
        f"<fontconfig><dir>{fonts or empty}</dir><cachedir>{folder / 'cache'}</cachedir></fontconfig>\n",
        encoding="utf-8",
    )
    return conf


def _dejavu_folder() -> Path:
    found = subprocess.run(
        ["fc-match", "-f", "%{file}", "DejaVu Sans"], capture_output=True, text=True, check=True
    ).stdout
    assert "DejaVu" in found, f"the DejaVu fonts (fonts-dejavu-core) are part of the test machine: {found!r}"
    return Path(found).parent


@pytest.fixture
def no_fonts(tmp_path: Path) -> Path:
    return _setup(tmp_path, None)


@pytest.fixture
def dejavu_only(tmp_path: Path) -> Path:
    return _setup(tmp_path, _dejavu_folder())


@pytest.fixture
def fresh_worker() -> Iterator[None]:
    """Each test its own child process, ended afterwards."""
    pdf._end_worker()
    yield
    pdf._end_worker()


def _letter(
    conf: Path, case: Path, letter: str, language: str, target: Path
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "contactplan", "letter", str(case), letter, "--language", language,
         "--format", "pdf", "-o", str(target), "--today", "2026-11-22"],
        capture_output=True, text=True, check=False, env={**_env(), "FONTCONFIG_FILE": str(conf)},
    )  # fmt: skip


def _env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith("FONTCONFIG")}


# ---- the command


def test_a_bengali_letter_with_no_fonts_is_refused_naming_the_package(no_fonts: Path, tmp_path: Path) -> None:
    target = tmp_path / "letter.pdf"
    done = _letter(no_fonts, BEGUM, "inv-hv-1", "bn", target)
    assert done.returncode == 2, done.stderr
    assert "no font for Bengali letters" in done.stderr and "fonts-noto-core" in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert not target.exists() and list(tmp_path.glob("*.pdf")) == []


@pytest.mark.parametrize(
    ("case", "letter", "language", "name"),
    [(BEGUM, "inv-hv-1", "bn", "Bengali"), (AKHTAR, "missed-paed-01", "ur", "Urdu")],
)
def test_with_only_dejavu_bengali_and_urdu_are_refused(
    dejavu_only: Path, tmp_path: Path, case: Path, letter: str, language: str, name: str
) -> None:
    """DejaVu Sans has no Bengali (boxes) and no Nastaliq (Urdu words run together, lines off the page)."""
    target = tmp_path / "letter.pdf"
    done = _letter(dejavu_only, case, letter, language, target)
    assert done.returncode == 2, done.stderr
    assert (
        f"no font for {name} letters" in done.stderr
        and "install the Debian package fonts-noto-core" in done.stderr
    )
    assert not target.exists()


def test_with_only_dejavu_a_polish_letter_is_written(dejavu_only: Path, tmp_path: Path) -> None:
    target = tmp_path / "letter.pdf"
    done = _letter(dejavu_only, NOWAK, "inv-hv-02", "pl", target)
    assert done.returncode == 0, done.stderr
    assert target.read_bytes().startswith(b"%PDF")


# ---- the child process


def test_a_crash_in_the_child_is_one_plain_error(
    no_fonts: Path, monkeypatch: pytest.MonkeyPatch, fresh_worker: None
) -> None:
    """With no fonts at all Pango segfaults: the child dies, this process carries on."""
    monkeypatch.setenv("FONTCONFIG_FILE", str(no_fonts))
    with pytest.raises(PdfRefused, match=r"WeasyPrint crashed \(SIGSEGV\)"):
        pdf.render_documents([("<p>Hello</p>", "")])
    monkeypatch.delenv("FONTCONFIG_FILE")
    assert pdf.render_documents([("<p>Hello</p>", "")]).startswith(b"%PDF")  # a new child


def test_a_layout_past_the_time_limit_is_one_plain_error(fresh_worker: None) -> None:
    with pytest.raises(PdfRefused, match=r"took longer than 0\.01 seconds"):
        pdf.render_documents([("<p>Hello</p>", "")], seconds=0.01)
    assert pdf.render_documents([("<p>Hello</p>", "")]).startswith(b"%PDF")


def test_write_pdf_options_and_a_finisher_reach_the_child(
    monkeypatch: pytest.MonkeyPatch, fresh_worker: None
) -> None:
    """The shape of the call of the tagged letters (issue 23): WeasyPrint's
    ``pdf_variant`` and a module-level finisher, imported in the child."""
    import io

    import pypdf

    here = sys.modules[_finish.__module__].__file__
    assert here is not None
    monkeypatch.setenv("PYTHONPATH", str(Path(here).parent))  # the child imports this module by name

    made = pdf.render_documents(
        [("<html lang='pl'><p>Dzień dobry</p></html>", "")], pdf_variant="pdf/ua-1", finisher=_finish
    )
    reader = pypdf.PdfReader(io.BytesIO(made))
    assert "/MarkInfo" in reader.root_object  # tagged: PDF/UA-1
    assert reader.metadata is not None and reader.metadata.get("/Subject") == "finished in the child"
    with pytest.raises(ValueError, match="module-level"):
        pdf.render_documents([("<p>x</p>", "")], finisher=lambda document, made: None)


def _finish(document: object, made: object) -> None:
    import pydyf  # type: ignore[import-untyped]

    made.info["Subject"] = pydyf.String("finished in the child")  # type: ignore[attr-defined]


def test_nothing_is_fetched_but_the_packages_own_files(tmp_path: Path, fresh_worker: None) -> None:
    outside = tmp_path / "style.css"
    outside.write_text("p { color: red }", encoding="utf-8")
    assert not own_file(outside.as_uri(), pdf.OWN_FILES)
    assert not own_file("http://127.0.0.1:9/style.css", pdf.OWN_FILES)
    assert not own_file((pdf.OWN_FILES / "pdf.py").as_uri(), pdf.OWN_FILES)  # code, not a style
    page = f'<link rel="stylesheet" href="{outside.as_uri()}"><p>Hello</p>'
    with pytest.raises(PdfRefused, match="not one of contactplan's own files"):
        pdf.render_documents([(page, "")])
    with pytest.raises(PdfRefused, match="not one of contactplan's own files"):
        pdf.render_documents([('<img src="http://127.0.0.1:9/x.png"><p>Hello</p>', "")])


# ---- the web page


def test_the_web_page_says_it_cant_print_urdu_and_offers_no_pdf(
    app: Flask, dejavu_only: Path, monkeypatch: pytest.MonkeyPatch, fresh_worker: None
) -> None:
    client = signed_in(app)
    import_file(client, AKHTAR)
    monkeypatch.setenv("FONTCONFIG_FILE", str(dejavu_only))
    preview = client.get("/cases/CP-2026-0311/letters/missed-paed-01")
    assert preview.status_code == 200
    words = visible(preview.text)
    assert "This server can't print Urdu letters: ask your administrator to install fonts-noto-core." in words
    assert "Download as PDF" not in preview.text
    asked = client.get("/cases/CP-2026-0311/letters/missed-paed-01/letter.pdf")
    assert asked.status_code == 422 and "This server can't print Urdu letters" in visible(asked.text)
    assert "U+06" not in asked.text  # no code points on the page
    assert client.get("/cases/CP-2026-0311").status_code == 200


def test_the_web_server_survives_a_crash_in_the_child(
    app: Flask, no_fonts: Path, monkeypatch: pytest.MonkeyPatch, fresh_worker: None
) -> None:
    """The font check bypassed, the child meets no fonts at all and segfaults."""
    client = signed_in(app)
    import_file(client)
    ClientRequest(app).submit(f"/cases/{REF}/letters/inv-hv-02/edit", {"languages": ""})
    monkeypatch.setattr(pdf, "pdf_problems", lambda parts, reference: [])
    monkeypatch.setenv("FONTCONFIG_FILE", str(no_fonts))
    crashed = client.get(f"/cases/{REF}/letters/inv-hv-02/letter.pdf")
    assert crashed.status_code == 422
    assert "This server couldn't print this letter as PDF" in visible(crashed.text)
    assert "SIGSEGV" not in crashed.text
    monkeypatch.delenv("FONTCONFIG_FILE")
    assert client.get(f"/cases/{REF}").status_code == 200
    again = client.get(f"/cases/{REF}/letters/inv-hv-02/letter.pdf")
    assert again.status_code == 200 and again.data.startswith(b"%PDF")


def test_with_no_fonts_at_all_the_page_says_one_sentence_a_package(
    no_fonts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from contactplan import api

    case = api.load_case(AKHTAR)
    monkeypatch.setenv("FONTCONFIG_FILE", str(no_fonts))
    problems = api.pdf_problems(case, "missed-paed-01", today=dt.date(2026, 11, 22))
    assert {p.language for p in problems} >= {"Urdu", "English"}
    assert api.pdf_advice(problems) == [
        "This server can't print Urdu letters or English letters: ask your administrator to install "
        "fonts-noto-core."
    ]
    monkeypatch.delenv("FONTCONFIG_FILE")
    assert api.pdf_problems(case, "missed-paed-01", today=dt.date(2026, 11, 22)) == []
