"""The whole address in the envelope's window (issue 23).

GOV.UK Notify's address block (24.6 mm from the left, 39.5 mm from the top,
95.4 by 26.8 mm) holds the recipient's name and the address, a line each, set
smaller when there are many lines (down to 8 pt), never cut: an address that
still does not fit is refused, naming it, in every format. The case file
takes an address as one text (its commas part the lines) or as a list of
lines.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import msgspec
import pytest
from typer.testing import CliRunner

from contactplan.casefile import load_case, load_case_text
from contactplan.cli import app
from contactplan.letters import Format, LetterError, compose, render_letter
from contactplan.model import Case

ROOT = Path(__file__).resolve().parent.parent
NOWAK = ROOT / "examples" / "nowak-family-good.yaml"
TODAY = dt.date(2026, 11, 22)
SEVEN = "Flat 3, Block C, Example House, 12 Example Road, Example Town, Example County, EX2 2BB"
EIGHT = (
    "Flat 3, Block C, Example House, 12 Example Road, Example Estate, Example Town, Example County, EX2 2BB"
)
MM = 72 / 25.4
#: The window, in points from the top left of the page: left, top, right, bottom.
WINDOW = (24.6 * MM, 39.5 * MM, (24.6 + 95.4) * MM, (39.5 + 26.8) * MM)
runner = CliRunner()


def _addressed(address: str | list[str]) -> Case:
    case = load_case(NOWAK)
    members = [msgspec.structs.replace(m, address=address) if m.id == "magda" else m for m in case.members]
    return msgspec.structs.replace(case, members=members)


# ---- what fits


def test_a_short_address_is_printed_at_11_pt() -> None:
    assert compose.window_size(["Magda Nowak", "12 Example Road", "Example City EX2 2BB"]) == 11.0


def test_seven_lines_of_address_and_the_name_fit_smaller() -> None:
    lines = ["Magda Nowak", *(part.strip() for part in SEVEN.split(","))]
    size = compose.window_size(lines)
    assert size is not None and 8.0 <= size < 11.0
    assert len(lines) * size * 1.15 <= 26.8 * MM


def test_eight_lines_of_address_do_not_fit() -> None:
    assert compose.window_size(["Magda Nowak", *(part.strip() for part in EIGHT.split(","))]) is None


def test_a_line_too_long_for_the_window_does_not_fit() -> None:
    long = "Flat 3 Block C Example House 12 Example Road Example Town Example County"
    assert compose.window_size(["Magda Nowak", long]) is None
    assert compose.window_size(["Magda Nowak", long[:40]]) is not None


def test_the_widths_are_those_of_the_windows_face() -> None:
    """The table of advance widths is Noto Sans's, and no Latin letter is
    wider than the model takes it to be (the address is never set wider
    than measured)."""
    fonttools = pytest.importorskip("fontTools.ttLib")
    path = Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf")
    if not path.exists():
        pytest.skip("Noto Sans is not installed here (fonts-noto-core)")
    font = fonttools.TTFont(str(path))
    cmap, metrics, units = font.getBestCmap(), font["hmtx"].metrics, font["head"].unitsPerEm
    for code in range(32, 127):
        assert compose.text_width_em(chr(code)) == pytest.approx(metrics[cmap[code]][0] / units), chr(code)
    for code in range(0xA0, 0x250):
        ch = chr(code)
        if code in cmap and unicodedata.category(ch)[0] in "LN":
            assert compose.text_width_em(ch) >= metrics[cmap[code]][0] / units - 0.001, ch


# ---- in the letter


def test_seven_lines_print_whole_in_the_window_of_the_pdf(tmp_path: Path) -> None:
    pytest.importorskip("weasyprint")
    if shutil.which("pdftotext") is None:
        pytest.skip("needs pdftotext (poppler-utils)")
    case = _addressed(SEVEN)
    pdf = render_letter(case, case.letter("inv-hv-02"), ["pl"], format="pdf", today=TODAY)
    assert isinstance(pdf, bytes)
    _all_in_the_window(pdf, tmp_path, "weasyprint")


def test_seven_lines_print_whole_in_the_window_from_the_browser(tmp_path: Path) -> None:
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists() or shutil.which("pdftotext") is None:
        pytest.skip("needs Debian's Chromium and pdftotext")
    from playwright.sync_api import sync_playwright

    case = _addressed(SEVEN)
    page_html = render_letter(case, case.letter("inv-hv-02"), ["pl"], today=TODAY)
    assert isinstance(page_html, str)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            page.set_content(page_html)
            pdf = page.pdf(prefer_css_page_size=True, print_background=True)
        finally:
            browser.close()
    _all_in_the_window(pdf, tmp_path, "chromium")


def _all_in_the_window(pdf: bytes, tmp_path: Path, name: str) -> None:
    """Every word of the name and address lies inside the window, and nothing
    else does. A word's box is the face's ascent and descent, which reach
    beyond the line and above the capitals: 2.5 points of slack."""
    import xml.etree.ElementTree as ET

    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    xml = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-bbox", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    words: list[Any] = list(ET.fromstring(xml).iter("{http://www.w3.org/1999/xhtml}word"))
    left, top, right, bottom = WINDOW
    inside = [
        w.text
        for w in words
        if left - 1 <= float(w.attrib["xMin"]) and float(w.attrib["xMax"]) <= right + 1
        and top - 2.5 <= float(w.attrib["yMin"]) and float(w.attrib["yMax"]) <= bottom + 2.5
    ]  # fmt: skip
    expected = "Magda Nowak Flat 3 Block C Example House 12 Example Road Example Town Example County EX2 2BB"
    assert " ".join(inside) == expected


def test_eight_lines_are_refused_naming_the_address_in_every_format() -> None:
    case = _addressed(EIGHT)
    formats: tuple[Format, ...] = ("html", "text", "pdf")
    for fmt in formats:
        with pytest.raises(LetterError) as refused:
            render_letter(case, case.letter("inv-hv-02"), ["pl"], format=fmt, today=TODAY)
        message = str(refused.value)
        assert "Magda Nowak's address (members: magda, address)" in message
        assert "envelope's window" in message and "9 lines" in message and "at most 8" in message


def test_the_command_refuses_it_and_writes_nothing(tmp_path: Path) -> None:
    text = NOWAK.read_text(encoding="utf-8").replace(
        '"12 Example Road, Example City EX2 2BB"', f'"{EIGHT}"', 1
    )
    assert EIGHT in text
    case_file = tmp_path / "case.yaml"
    case_file.write_text(text, encoding="utf-8")
    target = tmp_path / "letter.pdf"
    result = runner.invoke(
        app,
        [
            "letter",
            str(case_file),
            "inv-hv-02",
            "--format",
            "pdf",
            "-o",
            str(target),
            "--today",
            "2026-11-22",
        ],
    )
    assert result.exit_code == 2 and not target.exists()
    assert "address" in result.stderr and "window" in result.stderr and "Traceback" not in result.stderr


def test_a_long_line_is_refused_naming_it() -> None:
    case = _addressed("Flat 3 Block C Example House 12 Example Road Example Town Example County EX2 2BB")
    with pytest.raises(LetterError, match=r"the line 'Flat 3 Block C .*' is too long"):
        render_letter(case, case.letter("inv-hv-02"), ["pl"], today=TODAY)


def test_a_safe_contacts_address_is_named_as_such() -> None:
    from contactplan.model import Letter, SafeContact

    case = load_case(NOWAK)
    safe = SafeContact(address=EIGHT)
    members = [msgspec.structs.replace(m, safe_contact=safe) if m.id == "magda" else m for m in case.members]
    case = msgspec.structs.replace(case, members=members)
    letter = Letter(id="da", template="domestic_abuse_support", to="magda", delivery="safe_contact")
    with pytest.raises(
        LetterError, match=r"safe contact's address \(members: magda, safe_contact, address\)"
    ):
        render_letter(case, letter, ["pl"], today=TODAY)


# ---- the case file: one text, or lines


def test_an_address_given_as_lines_is_printed_as_those_lines() -> None:
    text = NOWAK.read_text(encoding="utf-8").replace(
        'address: "12 Example Road, Example City EX2 2BB"',
        'address:\n      - "Flat 3, Block C"\n      - 12 Example Road\n      - Example City\n      - EX2 2BB',
        1,
    )
    case = load_case_text(text, "case.yaml")
    assert case.member("magda").address == ["Flat 3, Block C", "12 Example Road", "Example City", "EX2 2BB"]
    lines = compose.address_lines(case, case.letter("inv-hv-02"))
    assert lines == ["Flat 3, Block C", "12 Example Road", "Example City", "EX2 2BB"]  # a list's commas stay


def test_an_address_as_one_text_is_split_on_commas_and_line_breaks() -> None:
    case = _addressed("12 Example Road,\nExample City, EX2 2BB")
    assert compose.address_lines(case, case.letter("inv-hv-02")) == [
        "12 Example Road",
        "Example City",
        "EX2 2BB",
    ]


def test_an_address_of_the_wrong_shape_is_an_input_error() -> None:
    from contactplan.errors import CaseFileError

    text = NOWAK.read_text(encoding="utf-8").replace(
        'address: "12 Example Road, Example City EX2 2BB"', "address: {street: 12 Example Road}", 1
    )
    with pytest.raises(CaseFileError, match=r"address: expected text or a list"):
        load_case_text(text, "case.yaml")
