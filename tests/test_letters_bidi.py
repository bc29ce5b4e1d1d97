"""Right-to-left letters read the same in print as in the browser (issue 23).

For each right-to-left language the catalogs write (Arabic, Farsi, Pashto,
Urdu, Sorani), the appointment letter is laid out twice: by WeasyPrint (the
PDF contactplan writes) and by Chromium (the HTML page, printed to PDF through
Playwright). ``pdftotext -bbox-layout`` gives each word's place on the page;
a line's *signature* is its words from left to right, Latin words and numbers
as they are, each run of right-to-left words as ``·``. The signatures of the
lines that hold a phone number, the place of the appointment (the house number
"7" must stay before "Sample Lane", not jump past the postcode), the letter's
date and the appointment's date, and the helpline number, must equal the golden
file ``tests/golden/letters/bidi-<language>.txt`` in both layouts, and so each
other: what the practitioner previews is what the family reads on paper.

Needs WeasyPrint, poppler-utils (pdftotext) and Debian's Chromium.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from golden_support import Golden

from contactplan.casefile import load_case
from contactplan.letters import render_letter
from contactplan.model import Case, Letter

pytest.importorskip("weasyprint")

ROOT = Path(__file__).resolve().parent.parent
AKHTAR = ROOT / "examples" / "akhtar-haddad-family.yaml"
GOLDEN = ROOT / "tests" / "golden" / "letters"
CHROMIUM = Path("/usr/bin/chromium")
TODAY = dt.date(2026, 11, 22)
RTL = ["ar", "fa", "ps", "ur", "ckb"]
#: The numbers and Latin words whose order is checked, each by a line that holds it.
ANCHORS = {
    "agency phone": ["567890"],
    "practitioner phone": ["567892"],
    "place": ["Sample", "3CC"],
}
_HAS_LTR = re.compile(r"[0-9A-Za-z]")
_NS = {"x": "http://www.w3.org/1999/xhtml"}

pytestmark = [
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)"),
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
]


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu", "--no-first-run"]
        )
        try:
            yield browser
        finally:
            browser.close()


def _printed_by_chromium(browser: Any, page_html: str) -> bytes:
    page = browser.new_page()
    try:
        page.set_content(page_html, wait_until="load")
        return bytes(page.pdf(prefer_css_page_size=True, print_background=True))
    finally:
        page.close()


def _lines(pdf: bytes, tmp_path: Path, name: str) -> list[list[tuple[float, str]]]:
    """The lines of the first page that hold a Latin word or a number, from
    the top, each as its words (x, text).

    pdftotext's own grouping of words into lines differs between the two
    engines for Nastaliq, whose glyphs climb above and below the line: so a
    line is found from its Latin words and numbers (their boxes are regular):
    the words whose middle lies near theirs, and which follow each
    other with no wide gap (the window and the reference beside it are two
    lines)."""
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    xml = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-bbox-layout", str(path), "-"],
        capture_output=True, check=True, text=True,
    ).stdout  # fmt: skip
    words = [
        _Word(
            float(w.attrib["xMin"]), float(w.attrib["xMax"]), float(w.attrib["yMin"]), float(w.attrib["yMax"]),
            w.text or "",
        )
        for w in ET.fromstring(xml).iterfind(".//x:word", _NS)
    ]  # fmt: skip
    rows: list[list[_Word]] = []
    for word in sorted((w for w in words if _HAS_LTR.search(w.text)), key=lambda w: w.middle):
        if rows and abs(word.middle - rows[-1][-1].middle) <= 3:
            rows[-1].append(word)
        else:
            rows.append([word])
    lines: list[list[tuple[float, str]]] = []
    for row in rows:
        reach = 0.35 * min(w.y1 - w.y0 for w in row)
        top, bottom = min(w.middle for w in row) - reach, max(w.middle for w in row) + reach
        runs: list[list[_Word]] = []
        for word in sorted((w for w in words if top <= w.middle <= bottom), key=lambda w: w.x0):
            if runs and word.x0 - max(w.x1 for w in runs[-1]) <= _GAP:
                runs[-1].append(word)
            else:
                runs.append([word])
        lines += [[(w.x0, w.text) for w in run] for run in runs if any(w in row for w in run)]
    return lines


@dataclass(frozen=True)
class _Word:
    x0: float
    x1: float
    y0: float
    y1: float
    text: str

    @property
    def middle(self) -> float:
        return (self.y0 + self.y1) / 2


#: A wider gap between two words (points) parts two lines side by side.
_GAP = 20.0


def signature(words: list[tuple[float, str]]) -> str:
    """A line's words from left to right: Latin words and numbers as they are
    (letters of another script dropped from them: extraction may glue a
    Sorani suffix to a number, or a sentence's full stop to the number
    before it), each run of right-to-left words as ``·``; punctuation on its
    own is left out (one engine spaces it off, the other does not)."""
    out: list[str] = []
    for _, text in words:
        if not any(c.isalnum() for c in text):
            continue
        ascii_part = "".join(c for c in text if c.isascii() and not c.isspace()).lstrip(".,:;!?)(")
        token = ascii_part if _HAS_LTR.search(text) else "·"
        if token == "·" and out and out[-1] == "·":
            continue
        out.append(token)
    return " ".join(out)


def _checked(lines: list[list[tuple[float, str]]]) -> dict[str, str]:
    """The signatures of the checked lines: the phone numbers and the place
    by anchor, the letter's date and the appointment's (the lines with a year
    that are not the reference), the helpline."""
    found: dict[str, str] = {}
    for label, anchor in ANCHORS.items():
        matches = [ws for ws in lines if all(any(a in t for _, t in ws) for a in anchor)]
        if matches:
            found[label] = signature(matches[-1])
    dated = [ws for ws in lines if any("2026" in t for _, t in ws) and not any("CP-" in t for _, t in ws)]
    for label, words in zip(("letter's date", "appointment's date"), dated, strict=False):
        found[label] = signature(words)
    helpline = [ws for ws in lines if any("2000" in t for _, t in ws)]
    if helpline:
        found["helpline"] = signature(helpline[0])
    return found


def _letters(case: Case) -> list[tuple[str, Letter]]:
    return [
        ("appointment", case.letter("inv-hv-02-samina")),
        ("domestic abuse support", Letter(id="da", template="domestic_abuse_support", to="samina", delivery="by_hand")),
    ]  # fmt: skip


@pytest.mark.parametrize("tag", RTL)
def test_rtl_letters_print_as_the_browser_shows_them(
    tag: str, chromium: Any, tmp_path: Path, golden: Golden
) -> None:
    case = load_case(AKHTAR)
    report: list[str] = []
    for kind, letter in _letters(case):
        page = render_letter(case, letter, [tag], english_copy=False, today=TODAY)
        pdf = render_letter(case, letter, [tag], format="pdf", english_copy=False, today=TODAY)
        assert isinstance(page, str) and isinstance(pdf, bytes)
        printed = _checked(_lines(pdf, tmp_path, f"{kind}-weasyprint"))
        shown = _checked(_lines(_printed_by_chromium(chromium, page), tmp_path, f"{kind}-chromium"))
        assert printed == shown, f"{tag} {kind}: the PDF and the browser disagree"
        report += [f"{kind}: {label}: {line}" for label, line in printed.items()]
    golden.check(GOLDEN / f"bidi-{tag}.txt", "\n".join(report) + "\n")
    text = "\n".join(report)
    # whatever the golden file says: numbers and the place read left to right
    assert "01234 567890" in text and "01234 567892" in text
    assert "7 Sample Lane, Example City EX3 3CC" in text
    assert "0808 2000 247" in text


def test_signature_keeps_numbers_and_folds_rtl_words() -> None:
    words = [(10.0, "2026"), (20.0, "ربماون"), (25.0, "ی"), (30.0, "ی22"), (40.0, ":خیرات")]
    assert signature(words) == "2026 · 22 ·"
    assert signature([(1.0, "."), (2.0, "0808"), (3.0, "2000")]) == signature([(1.0, ".0808"), (3.0, "2000")])
