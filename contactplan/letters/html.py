"""A letter as one self-contained, printable HTML page: a section per
language with its own ``lang`` and ``dir``, every value escaped and isolated
in ``<bdi>`` with an explicit ``dir`` (:attr:`.compose.Value.dir`: a browser
would work it out itself, WeasyPrint does not).

Each section is laid out like a posted letter (the Home Office "send a
letter" pattern): the sender's logo area and details, the recipient's name
and address where a C5 window envelope shows it (GOV.UK Notify's address
block: 24.6 mm from the left edge, 39.5 mm from the top, 95.4 mm by 26.8 mm;
its lines set on one line each at the size :func:`.compose.window_size`
chose), the reference and date in the letter's own direction, the main
heading, what matters first in a box (the date, time and place, large), the
body with the appointment's other details set apart, and the closing kept
together with the signature. Each section starts on a new A4 page. A
large-print section (the recipient's ``large_print`` need) sets everything
at 16 pt or more, the address in the window apart (it is for the post), and
moves the sender's details out of the letterhead, whose height places the
window. In Urdu, Latin letters and digits (a postcode, a phone number, a
date's digits) are drawn from the Latin face, not from Nastaliq. The page margins are zero, so a browser
prints no header or footer of its own (they could show the file's path, which
may name the family); the section's padding is the margin instead.
:mod:`.pdf` adds real margins and "page X of Y" in the footer.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from ..wording import BIDI_CONTROLS, one_line
from .compose import ENGLISH_COPY_HEADING, Paragraph, Part, Section

__all__ = ["FONTS", "css", "to_html"]


# Font stacks for every script the catalogs are written in: a Noto face (the
# names Debian's fonts-noto packages use first), the face Windows and macOS
# ship, then the generic family. English (the copy for the records, the
# practitioner's page) has its own Latin stack and line height, so that it
# never inherits the Urdu or Chinese ones from <html lang>.
_LATIN = '"Noto Sans", "Segoe UI", "Helvetica Neue", Arial, sans-serif'
FONTS = {
    "en": _LATIN,
    "ar": '"Noto Naskh Arabic", "Noto Sans Arabic", "Segoe UI", "Geeza Pro", Tahoma, sans-serif',
    "fa": '"Vazirmatn", "Noto Naskh Arabic", "Segoe UI", Tahoma, sans-serif',
    "ps": '"Noto Naskh Arabic", "Segoe UI", Tahoma, sans-serif',
    "ckb": '"Noto Naskh Arabic", "Noto Sans Arabic", "Segoe UI", Tahoma, sans-serif',
    "ur": '"Noto Nastaliq Urdu", "Jameel Noto Nastaleeq", "Urdu Typesetting", "Noto Naskh Arabic", '
    '"Segoe UI", Tahoma, serif',
    "bn": '"Noto Sans Bengali", "Vrinda", "Nirmala UI", "Bangla MN", sans-serif',
    "gu": '"Noto Sans Gujarati", "Shruti", "Nirmala UI", "Gujarati MT", sans-serif',
    "ne": '"Noto Sans Devanagari", "Mangal", "Nirmala UI", "Kohinoor Devanagari", sans-serif',
    "pa": '"Noto Sans Gurmukhi", "Raavi", "Nirmala UI", "Gurmukhi MN", sans-serif',
    "ta": '"Noto Sans Tamil", "Latha", "Nirmala UI", "Tamil MN", sans-serif',
    "hi": '"Noto Sans Devanagari", "Mangal", "Nirmala UI", "Kohinoor Devanagari", sans-serif',
    "ml": '"Noto Sans Malayalam", "Kartika", "Nirmala UI", "Malayalam MN", sans-serif',
    "ti": '"Noto Sans Ethiopic", "Nyala", "Ebrima", "Kefa", sans-serif',
    "zh-Hans": '"Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "PingFang SC", "Heiti SC", sans-serif',
    "zh-Hant": '"Noto Sans CJK TC", "Noto Sans TC", "Microsoft JhengHei", "PingFang TC", "Heiti TC", '
    "sans-serif",
}
# Latin letters inside another script's section (names, addresses, e-mail
# addresses) come from the Latin face, not from whatever the system's generic
# family is (Noto Serif beside Nastaliq).
FONTS = {
    key: stack if key == "en" else stack.rsplit(", ", 1)[0] + f', "Noto Sans", {stack.rsplit(", ", 1)[1]}'
    for key, stack in FONTS.items()
}
#: Line heights for scripts that need more (Nastaliq's tall, sloping lines).
_LINE_HEIGHTS = {"en": "1.4", "ur": "1.95", "ar": "1.55", "fa": "1.55", "ps": "1.55", "ckb": "1.55"}


#: Sections whose script's face draws Latin letters and digits badly
#: (Nastaliq): their Latin runs are drawn from the Latin face.
_LATIN_RUNS_IN = frozenset({"ur"})
#: A run of Latin letters and digits, with the spaces and ASCII punctuation between them.
_LATIN_RUN = re.compile(r"[0-9A-Za-z\u00c0-\u024f](?:[ .,:;/@+\-_'&()#]*[0-9A-Za-z\u00c0-\u024f])*")


def css() -> str:
    """The page's stylesheet: A4, one language a page, print-safe."""
    fonts = "\n".join(f"[lang|={key}] {{ font-family: {stack}; }}" for key, stack in FONTS.items())
    heights = "\n".join(f"[lang|={key}] {{ line-height: {h}; }}" for key, h in _LINE_HEIGHTS.items())
    return f"""
@page {{ size: A4; margin: 0; }}
html {{ font-family: {_LATIN}; font-size: 11pt; line-height: 1.4; color: #000; background: #fff; }}
{fonts}
{heights}
body {{ margin: 0; }}
.latn {{ font-family: {_LATIN}; line-height: 0; }}
.letter {{ width: 210mm; box-sizing: border-box; padding: 10mm 18mm 14mm; margin: 0 auto;
  box-decoration-break: clone; -webkit-box-decoration-break: clone; }}
.letter + .letter {{ break-before: page; page-break-before: always; }}
p {{ margin: 0 0 0.55em; }}
.letterhead {{ display: flex; justify-content: space-between; align-items: flex-start; gap: 6mm;
  height: 29.5mm; overflow: hidden; }}
.logo {{ border: 1.5pt solid #000; padding: 2mm 3mm; font-weight: bold; max-width: 70mm; line-height: 1.3; }}
.sender {{ font-size: 9pt; line-height: 1.35; text-align: end; }}
.sender p, .window p, .meta p, .details p, .key p {{ margin: 0; }}
.sender .name {{ font-weight: bold; }}
.band {{ display: flex; direction: ltr; justify-content: space-between; align-items: flex-start;
  height: 26.8mm; margin-bottom: 4mm; }}
.window {{ direction: ltr; text-align: left; width: 95.4mm; height: 26.8mm; margin-left: 6.6mm;
  box-sizing: border-box; padding: 0 2mm; font-family: {_LATIN}; line-height: 1.15; white-space: nowrap; }}
.meta {{ font-size: 10pt; max-width: 60mm; }}
h1 {{ font-size: 15pt; line-height: 1.3; margin: 0 0 0.5em; }}
.key {{ border: 2pt solid #000; padding: 2mm 4mm; margin: 0 0 0.8em;
  break-inside: avoid; page-break-inside: avoid; }}
.key .key-heading, .key .key-what {{ font-weight: bold; }}
.key .key-line {{ font-size: 15pt; font-weight: bold; }}
.key .key-note {{ font-size: 9.5pt; margin-top: 0.2em; }}
.details {{ border-inline-start: 3pt solid #000; padding-inline-start: 3mm; margin: 0 0 0.7em; }}
p.important {{ font-weight: bold; }}
.closing {{ break-inside: avoid; page-break-inside: avoid; }}
p.signature {{ margin-top: 1.4em; font-weight: bold; }}
p.copy-follows {{ font-size: 9.5pt; border-top: 0.5pt solid #000; padding-top: 0.4em; margin-top: 0.8em; }}
.copy-note {{ border: 1.5pt solid #000; padding: 0.3em 0.6em; font-weight: bold; margin-bottom: 1em; }}
.practitioner h1 {{ margin-top: 0.6em; }}
.large-print {{ font-size: 16pt; }}
.large-print .sender, .large-print .meta, .large-print .key .key-note, .large-print p.copy-follows {{
  font-size: 16pt; }}
.large-print .sender, .large-print .meta {{ text-align: start; max-width: none; }}
.large-print div.sender, .large-print div.meta {{ margin: 0 0 0.7em; }}
.large-print h1 {{ font-size: 24pt; }}
.large-print .key .key-line {{ font-size: 21pt; }}
.large-print .logo {{ font-size: 16pt; max-width: none; }}
@media screen {{ body {{ background: #eee; }} .letter {{ background: #fff; margin: 8mm auto; }} }}
""".strip()


def to_html(parts: list[Section], reference: str) -> str:
    main = parts[0]
    body = "\n".join(_html_section(s) for s in parts)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{_attr(main.tag)}" dir="{"rtl" if main.rtl else "ltr"}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(main.title)} \u2013 {html.escape(_plain_title(reference))}</title>\n"
        f"<style>\n{css()}\n</style>\n"
        "</head>\n"
        f"<body>\n{body}\n</body>\n"
        "</html>\n"
    )


def _plain_title(text: str) -> str:
    """Text for <title>, which cannot hold <bdi>: no direction controls."""
    return "".join(c for c in one_line(text) if c not in BIDI_CONTROLS)


def _html_section(section: Section) -> str:
    kind = "letter practitioner" if section.practitioner else "letter"
    kind += " large-print" if section.large_print else ""
    direction = "rtl" if section.rtl else "ltr"
    latin = section.tag.split("-")[0] in _LATIN_RUNS_IN

    def p(paragraph: Paragraph) -> str:
        return _p(paragraph, latin)

    lines = [f'<section class="{kind}" lang="{_attr(section.tag)}" dir="{direction}">']
    sender = section.block("sender")
    logo = [x for x in sender if x.css == "logo"]
    rest = [x for x in sender if x.css != "logo"]
    if sender:
        lines.append('<header class="letterhead">')
        lines += [f'<div class="logo">{_inline(x, latin)}</div>' for x in logo]
        if rest and not section.large_print:
            lines += ['<div class="sender">', *(p(x) for x in rest), "</div>"]
        lines.append("</header>")
    address, meta = section.block("address"), section.block("meta")
    beside = meta and not section.large_print  # large print: the reference and date under the window
    if address:
        lines.append('<div class="band">')
        lines.append(f'<div class="window" style="font-size: {section.window_pt:g}pt">')
        lines += [p(x) for x in address]
        lines.append("</div>")
        if beside:
            lines += [f'<div class="meta" dir="{direction}">', *(p(x) for x in meta), "</div>"]
        lines.append("</div>")
    if section.large_print and rest:
        lines += ['<div class="sender">', *(p(x) for x in rest), "</div>"]
    if meta and not section.practitioner and not (address and beside):
        lines += [f'<div class="meta" dir="{direction}">', *(p(x) for x in meta), "</div>"]
    if section.english_copy:  # below the address: the window envelope shows only the address
        lines.append(f'<p class="copy-note">{html.escape(ENGLISH_COPY_HEADING)}</p>')
    for paragraph in section.block("title"):
        lines.append(f"<h1>{_inline(paragraph, latin)}</h1>")
    key = section.block("key")
    if key:
        lines += ['<div class="key">', *(p(x) for x in key), "</div>"]
    lines += _body(section.block("body"), latin)
    closing = section.block("closing")
    if closing:
        lines += ['<div class="closing">', *(p(x) for x in closing), "</div>"]
    lines += [p(x) for x in section.block("note")]
    if section.practitioner:
        lines += [p(x) for x in meta]
    lines.append("</section>")
    return "\n".join(lines)


def _body(paragraphs: list[Paragraph], latin: bool) -> Iterator[str]:
    """The body's paragraphs, each run of an appointment's details in one box."""
    in_details = False
    for paragraph in paragraphs:
        detail = paragraph.css.split(" ")[0] == "detail"
        if detail and not in_details:
            yield '<div class="details">'
        elif not detail and in_details:
            yield "</div>"
        in_details = detail
        yield _p(paragraph, latin)
    if in_details:
        yield "</div>"


def _p(paragraph: Paragraph, latin: bool = False) -> str:
    css = f' class="{_attr(paragraph.css)}"' if paragraph.css else ""
    return f"<p{css}>{_inline(paragraph, latin)}</p>"


def _inline(paragraph: Paragraph, latin: bool = False) -> str:
    return "".join(_html_part(p, latin) for p in paragraph.parts)


def _html_part(part: Part, latin: bool = False) -> str:
    if isinstance(part, str):
        return _text(part, latin)
    return f'<bdi dir="{part.dir}">{_text(one_line(part.text), latin)}</bdi>'


def _text(text: str, latin: bool) -> str:
    """``text`` escaped; with ``latin``, each run of Latin letters and digits
    in a ``<span class="latn">`` (the Latin face)."""
    if not latin:
        return html.escape(text, quote=False)
    out: list[str] = []
    at = 0
    for run in _LATIN_RUN.finditer(text):
        out.append(html.escape(text[at : run.start()], quote=False))
        out.append(f'<span class="latn">{html.escape(run.group(), quote=False)}</span>')
        at = run.end()
    out.append(html.escape(text[at:], quote=False))
    return "".join(out)


def _attr(text: str) -> str:
    return html.escape(text, quote=True)
