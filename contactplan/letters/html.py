"""A letter as one self-contained, printable HTML page: a section per
language with its own ``lang`` and ``dir``, every value escaped and isolated
in ``<bdi>``."""

from __future__ import annotations

import html

from ..wording import BIDI_CONTROLS, one_line
from .compose import ENGLISH_COPY_HEADING, Part, Section

__all__ = ["to_html"]


# Font stacks for every script the catalogs are written in: a Noto face, the
# face Windows and macOS ship, then the generic family.
_FONTS = {
    "": '"Noto Sans", "Segoe UI", "Helvetica Neue", Arial, sans-serif',
    "ar": '"Noto Naskh Arabic", "Noto Sans Arabic", "Segoe UI", "Geeza Pro", Tahoma, sans-serif',
    "fa": '"Vazirmatn", "Noto Naskh Arabic", "Segoe UI", Tahoma, sans-serif',
    "ps": '"Noto Naskh Arabic", "Segoe UI", Tahoma, sans-serif',
    "ckb": '"Noto Naskh Arabic", "Noto Sans Arabic", "Segoe UI", Tahoma, sans-serif',
    "ur": '"Noto Nastaliq Urdu", "Jameel Noto Nastaleeq", "Urdu Typesetting", "Noto Naskh Arabic", '
    '"Segoe UI", Tahoma, serif',
    "bn": '"Noto Sans Bengali", "Vrinda", "Nirmala UI", "Bangla MN", sans-serif',
    "gu": '"Noto Sans Gujarati", "Shruti", "Nirmala UI", "Gujarati MT", sans-serif',
    "pa": '"Noto Sans Gurmukhi", "Raavi", "Nirmala UI", "Gurmukhi MN", sans-serif',
    "ta": '"Noto Sans Tamil", "Latha", "Nirmala UI", "Tamil MN", sans-serif',
    "ti": '"Noto Sans Ethiopic", "Nyala", "Ebrima", "Kefa", sans-serif',
    "zh-Hans": '"Noto Sans SC", "Microsoft YaHei", "PingFang SC", "Heiti SC", sans-serif',
    "zh-Hant": '"Noto Sans TC", "Microsoft JhengHei", "PingFang TC", "Heiti TC", sans-serif',
}


def _css() -> str:
    fonts = "\n".join(f"[lang|={key}] {{ font-family: {stack}; }}" for key, stack in _FONTS.items() if key)
    return f"""
@page {{ size: A4; margin: 18mm 20mm; }}
html {{ font-family: {_FONTS[""]}; font-size: 12pt; line-height: 1.5; color: #000; background: #fff; }}
{fonts}
[lang|=ur] {{ line-height: 2.1; }}
body {{ margin: 0; }}
.letter {{ max-width: 170mm; margin: 0 auto; padding: 12mm 0; }}
.letter + .letter {{ break-before: page; page-break-before: always; }}
p {{ margin: 0 0 0.8em; }}
p.sender, p.recipient, p.detail {{ margin: 0; }}
p.sender {{ text-align: end; }}
p.name {{ font-weight: bold; }}
p.recipient:first-of-type {{ margin-top: 1.5em; }}
p.title {{ font-size: 1.3em; font-weight: bold; margin-top: 1.2em; }}
p.important {{ font-weight: bold; }}
p.detail {{ margin-inline-start: 1em; }}
p.signature {{ margin-top: 2em; }}
.copy-note {{ border: 1px solid #000; padding: 0.3em 0.6em; font-weight: bold; }}
@media print {{ .letter {{ padding: 0; }} }}
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
        f"<style>\n{_css()}\n</style>\n"
        "</head>\n"
        f"<body>\n{body}\n</body>\n"
        "</html>\n"
    )


def _plain_title(text: str) -> str:
    """Text for <title>, which cannot hold <bdi>: no direction controls."""
    return "".join(c for c in one_line(text) if c not in BIDI_CONTROLS)


def _html_section(section: Section) -> str:
    lines = [f'<section class="letter" lang="{_attr(section.tag)}" dir="{"rtl" if section.rtl else "ltr"}">']
    if section.english_copy:
        lines.append(f'<p class="copy-note">{html.escape(ENGLISH_COPY_HEADING)}</p>')
    for paragraph in section.paragraphs:
        css = f' class="{_attr(paragraph.css)}"' if paragraph.css else ""
        lines.append(f"<p{css}>{''.join(_html_part(p) for p in paragraph.parts)}</p>")
    lines.append("</section>")
    return "\n".join(lines)


def _html_part(part: Part) -> str:
    if isinstance(part, str):
        return html.escape(part, quote=False)
    return f"<bdi>{html.escape(one_line(part.text))}</bdi>"


def _attr(text: str) -> str:
    return html.escape(text, quote=True)
