"""Letters as PDF (WeasyPrint, the ``pdf`` extra): one A4 page per language
for the bundled appointment and missed-appointment letters in all 37
languages, fonts embedded, the recipient's name and the date readable in the
extracted text; and the print stylesheet of the HTML page.

needs the catalogs (every language's letter must be complete) and the Noto
fonts (Debian's fonts-noto-core, fonts-noto-cjk, fonts-noto-extra; .ci/run
installs them).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import msgspec
import pypdf
import pytest

from contactplan import catalogs, languages
from contactplan.casefile import load_case
from contactplan.errors import MissingExtraError
from contactplan.letters import compose, render_letter
from contactplan.letters.html import css
from contactplan.letters.pdf import to_pdf

ROOT = Path(__file__).resolve().parent.parent
NOWAK = ROOT / "examples" / "nowak-family-good.yaml"
AKHTAR = ROOT / "examples" / "akhtar-haddad-family.yaml"
TODAY = dt.date(2026, 11, 22)
LOCALES = list(catalogs.LOCALES)
LETTERS = [(NOWAK, "inv-hv-02"), (NOWAK, "missed-paed-01"), (AKHTAR, "missed-paed-01")]


def _words(text: str) -> list[str]:
    """The date's runs of digits and of letters (extraction may split "22ی")."""
    return re.findall(r"\d+|[^\W\d_]+", text)


@pytest.mark.parametrize(("case_file", "letter_id"), LETTERS, ids=[f"{p.stem}-{i}" for p, i in LETTERS])
@pytest.mark.parametrize("locale", LOCALES)
def test_one_page_per_language_with_name_and_date(locale: str, case_file: Path, letter_id: str) -> None:
    case = load_case(case_file)
    letter = case.letter(letter_id)
    tag = catalogs.locale_tag(locale)
    pdf = render_letter(case, letter, [tag], format="pdf", today=TODAY)
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2, (
        f"{tag}: {len(reader.pages)} pages for 2 sections (the letter and the English copy)"
    )
    first = reader.pages[0].extract_text()
    recipient = case.member(letter.to).name
    assert recipient in first, tag
    w = compose._Writer(case, tag, case.member(letter.to))
    date = w.date(TODAY).text
    if languages.is_rtl(tag):
        # extraction gives right-to-left lines in visual order: the date's words, on one line
        assert any(all(word in line for word in _words(date)) for line in first.splitlines()), (tag, date)
    else:
        assert date in first, (tag, date)
    english = reader.pages[1].extract_text()
    assert recipient in english and "22 November 2026" in english
    assert re.search(r"1 / 2", first) and re.search(r"2 / 2", english)  # page X / Y in the footer


def test_fonts_are_embedded() -> None:
    case = load_case(AKHTAR)
    pdf = render_letter(case, case.letter("missed-paed-01"), ["ur"], format="pdf", today=TODAY)
    assert isinstance(pdf, bytes)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    fonts = {}
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            font = font.get_object()
            descriptor = (
                font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            )
            descriptor = descriptor.get_object()
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font["/BaseFont"])] = embedded
    assert fonts and all(fonts.values()), fonts
    assert any("Nastaliq" in name for name in fonts) and any("Noto-Sans" in name for name in fonts)
    assert not any("Serif" in name for name in fonts), fonts  # Latin names in the Urdu letter: Noto Sans


def test_missing_weasyprint_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import fails as if not installed
    case = load_case(NOWAK)
    parts = compose.sections(case, case.letter("inv-hv-02"), ["pl"], today=TODAY)
    with pytest.raises(MissingExtraError) as caught:
        to_pdf(parts, case.reference)
    assert "pip install 'contactplan[pdf]'" in str(caught.value)


def test_pdf_command_writes_a_file(tmp_path: Path) -> None:
    target = tmp_path / "letter.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "contactplan", "letter", str(AKHTAR), "inv-hv-02-samina", "--format", "pdf",
         "-o", str(target), "--today", "2026-11-22"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert target.read_bytes().startswith(b"%PDF") and (target.stat().st_mode & 0o777) == 0o600


def test_pdf_pages_render_to_png(tmp_path: Path) -> None:
    """The pages can be looked at: pdftoppm turns them into pictures."""
    if subprocess.run(["which", "pdftoppm"], capture_output=True, check=False).returncode:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    case = load_case(AKHTAR)
    pdf = render_letter(case, case.letter("missed-paed-01"), ["ur"], format="pdf", today=TODAY)
    assert isinstance(pdf, bytes)
    (tmp_path / "letter.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "30", "-png", str(tmp_path / "letter.pdf"), str(tmp_path / "page")], check=True
    )
    assert len(list(tmp_path.glob("page-*.png"))) == 2


# ---- the printed page (HTML)


def test_print_css() -> None:
    """A4 with no page margin (no room for a browser's own header and footer,
    which could print the file's path), each language on a new page, the
    closing kept with the signature, English in its own Latin font and line
    height."""
    sheet = css()
    assert "@page { size: A4; margin: 0; }" in sheet
    assert ".letter + .letter { break-before: page;" in sheet
    assert ".closing { break-inside: avoid;" in sheet
    assert '[lang|=en] { font-family: "Noto Sans"' in sheet
    assert "[lang|=en] { line-height: 1.4; }" in sheet
    assert "[lang|=ur] { line-height: 1.95; }" in sheet


def test_the_address_sits_in_the_window_of_a_c5_envelope() -> None:
    """GOV.UK Notify's address block: 24.6 mm from the left, 39.5 mm from the
    top (10 mm page margin + 29.5 mm letterhead), 95.4 by 26.8 mm, on the left
    whatever the script's direction."""
    sheet = css()
    assert "height: 29.5mm" in sheet and "padding: 10mm 18mm 14mm" in sheet
    window = sheet.split(".window {")[1].split("}")[0]
    assert "direction: ltr" in window and "width: 95.4mm" in window and "height: 26.8mm" in window
    assert "margin-left: 6.6mm" in window  # 18 + 6.6 = 24.6 mm from the left edge


def test_letter_structure_in_order() -> None:
    case = load_case(AKHTAR)
    page = render_letter(case, case.letter("inv-hv-02-samina"), ["ur"], today=TODAY)
    assert isinstance(page, str)
    section = page.split("<section")[1]
    order = ['class="letterhead"', 'class="logo"', 'class="sender"', 'class="window"', 'class="meta"', "<h1>",
             'class="details"', 'class="closing"', 'class="signature"', 'class="copy-follows"']  # fmt: skip
    positions = [section.index(mark) for mark in order]
    assert positions == sorted(positions)


@pytest.mark.chromium
def test_a_browser_prints_no_header_or_footer_with_the_file_path(tmp_path: Path) -> None:
    """Printed from Chromium with its default header and footer on: the page
    margin is zero, so no file path (which may name the family) is printed,
    and each language still fits one A4 page."""
    import shutil

    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("chromium is not installed")
    case = load_case(AKHTAR)
    page = render_letter(case, case.letter("missed-paed-01"), ["ur"], today=TODAY)
    assert isinstance(page, str)
    html_file = tmp_path / "samina-akhtar-letter.html"
    html_file.write_text(page, encoding="utf-8")
    pdf_file = tmp_path / "printed.pdf"
    printed = subprocess.run(
        [browser, "--headless", "--disable-gpu", "--no-sandbox", f"--print-to-pdf={pdf_file}", html_file.as_uri()],
        capture_output=True, timeout=120, check=False,
    )  # fmt: skip
    assert pdf_file.exists(), f"chromium could not print the letter: {printed.stderr[-600:]!r}"
    reader = pypdf.PdfReader(pdf_file)
    text = "".join(p.extract_text() for p in reader.pages)
    assert "samina-akhtar-letter" not in text and "file://" not in text
    assert len(reader.pages) == 2


def test_abuse_letter_pages_count_without_the_practitioners_page() -> None:
    """The letter handed over says "1 / 1": once the practitioner's page is
    taken off, nothing looks missing; that page says it is not part of it."""
    from contactplan.letters.pdf import PRACTITIONER_FOOTER
    from contactplan.model import Letter, SafeContact

    case = load_case(AKHTAR)
    safe = SafeContact(address="c/o Example Refuge, PO Box 12, Example City")
    members = [m if m.id != "samina" else msgspec.structs.replace(m, safe_contact=safe) for m in case.members]
    case = msgspec.structs.replace(case, members=members)
    letter = Letter(id="da", template="domestic_abuse_support", to="samina", delivery="safe_contact")
    pdf = render_letter(case, letter, ["ur"], format="pdf", today=TODAY)
    assert isinstance(pdf, bytes)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2
    first, last = (page.extract_text() for page in reader.pages)
    assert "1 / 1" in first and "c/o Example Refuge" in first and "Sample Lane" not in first
    assert PRACTITIONER_FOOTER in last and "/ " not in last.replace("c/o", "")


def test_the_pdf_is_tagged_with_each_sections_language() -> None:
    """PDF/UA-1 where WeasyPrint can: a structure tree a screen reader
    follows, the document's language the letter's, and each section's own
    (the English copy is read as English)."""
    case = load_case(AKHTAR)
    pdf = render_letter(case, case.letter("inv-hv-02-samina"), ["ur"], format="pdf", today=TODAY)
    assert isinstance(pdf, bytes)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    root: Any = reader.trailer["/Root"]
    assert root["/Lang"] == "ur" and root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert 'pdfuaid:part="1"' in xmp

    sections: list[str] = []

    def walk(node: object) -> None:
        element = node.get_object()  # type: ignore[attr-defined]
        if element.get("/S") == "/Sect":
            sections.append(str(element.get("/Lang")))
        kids = element.get("/K")
        for kid in kids if isinstance(kids, list) else []:
            if hasattr(kid, "get_object") and isinstance(kid.get_object(), dict):
                walk(kid)

    for top in root["/StructTreeRoot"].get_object()["/K"]:
        walk(top)
    assert sections == ["ur", "en"]
