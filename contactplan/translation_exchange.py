"""A package for a translation agency, and the reviewed file taken back
(``contactplan translations export`` and ``import``; ``docs/translating.md``).

**Export** writes what a translator or reviewer works in, for one language:

* ``contactplan-<locale>.xlf``: XLIFF 2.0, written by the Translate Toolkit,
  one unit a message (one a plural form), with the English source, the
  current translation, notes (where the message appears, what each
  placeholder holds, which plural form, whether and by whom it was
  reviewed) and every ``{placeholder}`` as a protected inline code (``<ph>``,
  which translation tools show as a tag that can be moved but not deleted,
  copied or retyped). A segment is ``translated`` (a draft),
  ``reviewed`` (a current review) or ``initial`` (not translated, or the
  English changed since).
* ``contactplan-<locale>.po``: the same for tools that take gettext
  catalogs (Poedit, Weblate), written by Babel: drafts are marked
  ``fuzzy`` (needs review), placeholders flagged ``python-brace-format``.
* one PDF a template (and one to a woman and one to a man where the
  language has gendered sentences), written with sample data by the
  letters API: the letter in the language, then the same letter in English.
* ``README.txt``, what to do and what to send back; with
  ``back_translation``, a spreadsheet (CSV) with an empty column for a
  back-translation into English.

**Import** takes one of those files back. It refuses the whole file (nothing
written) when any unit's English source or placeholders don't match the
catalog's, naming each message. Otherwise each translation that changed is
written into the catalog, and each message the reviewer confirmed is recorded
as reviewed by them on the date given (:mod:`contactplan.catalogs`); the
catalog is compiled again. A message counts as confirmed when the reviewer
changed its translation, or marked its segment ``reviewed`` or ``final``
(XLIFF) or cleared its ``fuzzy`` flag (PO); an unchanged draft left as it
was stays unreviewed, and a review that still holds is kept as it was.

Heavy: imports Babel, the Translate Toolkit and (for the PDFs) WeasyPrint,
only from the two commands.
"""

from __future__ import annotations

import csv
import datetime as dt
import gettext
import hashlib
import io
import re
import string
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import catalogs, clock
from . import languages as lang
from . import messages as msg
from .errors import ContactplanError, UsageError
from .vocabulary import LETTER_TEMPLATES

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog
    from babel.messages.catalog import Message as PoMessage
    from lxml import etree

__all__ = [
    "ExportResult",
    "ImportResult",
    "TranslationFileError",
    "export_package",
    "import_file",
    "locale_of",
    "parse_reviewer",
    "unit_id",
]

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
#: XLIFF segment states that say the reviewer confirmed the translation.
CONFIRMED_STATES = frozenset({"reviewed", "final"})
#: The largest file import reads.
MAX_IMPORT_BYTES = 8 * 1024 * 1024


#: What to install when the Translate Toolkit (the ``translators`` extra) is missing.
INSTALL_HINT = (
    "an XLIFF file for a translation agency needs the Translate Toolkit: install the extra with "
    "pip install 'contactplan[translators]' (or uv sync --extra translators)"
)


def _need_toolkit() -> None:
    """Raise :class:`UsageError` saying what to install when the Translate Toolkit is missing."""
    try:
        import translate.storage.xliff2  # noqa: F401
    except ImportError as exc:
        raise UsageError(f"{INSTALL_HINT} ({exc})") from None


class TranslationFileError(ContactplanError):
    """A file ``translations import`` refuses: every problem, one a line."""

    def __init__(self, file: str, problems: list[str]) -> None:
        problems = list(dict.fromkeys(problems))
        self.file = file
        self.problems = problems
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        lines = "\n".join(f"  {problem}" for problem in problems)
        super().__init__(f"{file}: refused, nothing was changed ({count}):\n{lines}")


# --------------------------------------------------------------------------
# Which catalog, which messages


def locale_of(tag: str) -> str:
    """The catalog (a name in :data:`contactplan.catalogs.LOCALES`) for the
    language ``tag`` names: exactly that language and script."""
    if lang.is_english(tag):
        raise UsageError("--language: English is the source text: there is nothing to translate")
    for locale in catalogs.LOCALES:
        if catalogs.locale_tag(locale) == tag:
            return locale
    for locale in catalogs.LOCALES:
        if lang.same_written(tag, catalogs.locale_tag(locale)):
            return locale
    known = ", ".join(catalogs.locale_tag(locale) for locale in catalogs.LOCALES)
    raise UsageError(
        f"--language: contactplan has no catalog for {lang.english_name(tag)} [{tag}] "
        f"(catalogs: {known}); docs/translating.md says how to add a language"
    )


def unit_id(context: str | None, msgid: str, form: int | None = None) -> str:
    """The stable id of a message in an exported file (an XML NMTOKEN):
    ``m`` and 12 hexadecimal digits of SHA-256 of its context and text, and
    ``-p<form>`` for a plural form."""
    digest = hashlib.sha256(f"{context or ''}\x04{msgid}".encode()).hexdigest()[:12]
    return f"m{digest}" if form is None else f"m{digest}-p{form}"


def _ids(message: PoMessage) -> list[str]:
    return [message.id] if isinstance(message.id, str) else list(message.id)


def _forms(message: PoMessage) -> list[str]:
    value = message.string
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _where_used() -> dict[tuple[str | None, str], list[str]]:
    """The letters each message appears in, by (msgctxt, msgid)."""
    used: dict[tuple[str | None, str], list[str]] = {}
    for template, messages in msg.TEMPLATES.items():
        label = LETTER_TEMPLATES[template].label
        # the optional messages (msg.OPTIONAL) go where the message they stand in for is used
        extra = [sign for sign, hearing in msg.SIGNER.items() if hearing in messages]
        if msg.GENERIC_KIND in messages:
            extra += msg.KIND_NAMES.values()
        if msg.GREETING in messages:
            extra += [g for g in msg.VOCATIVE_GREETINGS.values()]
        if msg.INTERPRETER_BOOKED in messages:
            extra.append(msg.RELAY_BOOKED)
        messages = (*messages, *(m for m in extra if m not in messages))
        ids = {m.id for m in messages}
        for message in messages:
            used.setdefault((message.context, message.id), []).append(label)
        for (neutral, _, _), variant in msg.VARIANTS.items():
            if neutral in ids:
                used.setdefault((variant.context, variant.id), []).append(label)
        if msg.INTERPRETER_BOOKED in messages:
            for name in msg.LANGUAGE_NAMES.values():
                used.setdefault((name.context, name.id), []).append(label)
    return used


def _plural_numbers(catalog: Catalog) -> list[list[int]]:
    """For each plural form of the catalog's language, the first numbers that take it."""
    rule = gettext.c2py(catalog.plural_expr)
    numbers: list[list[int]] = [[] for _ in range(catalog.num_plurals)]
    for n in range(0, 1001):
        form = rule(n)
        if 0 <= form < len(numbers) and len(numbers[form]) < 6:
            numbers[form].append(n)
    return numbers


def _form_source(ids: list[str], numbers: list[list[int]], form: int) -> str:
    """The English text shown for plural form ``form``: the singular for a
    form used for 1 (and not for every number), else the plural."""
    if len(ids) < 2:
        return ids[0]
    singular = 1 in numbers[form] and len(numbers) > 1
    return ids[0] if singular else ids[1]


def _note(message: PoMessage) -> str:
    """The translators' comment, without its ``TRANSLATORS:`` label."""
    text = " ".join(line.strip() for line in message.auto_comments)
    return re.sub(r"^TRANSLATORS:\s*", "", text)


# --------------------------------------------------------------------------
# Placeholders as inline codes


def _pieces(text: str) -> list[tuple[str, str | None]]:
    """``text`` as (literal, placeholder name or None) pairs, as
    ``str.format`` reads it; a malformed text is one literal."""
    try:
        return [(literal, name) for literal, name, _, _ in string.Formatter().parse(text)]
    except ValueError:
        return [(text, None)]


def _placeholder_names(text: str) -> list[str]:
    try:
        return [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError:
        return ["<malformed braces>"]


def _rich(text: str, ids: dict[str, str]) -> Any:
    """``text`` as the Translate Toolkit's rich text: literal runs and one
    ``<ph>`` for each ``{placeholder}`` (``ids``: placeholder name -> ph id)."""
    from translate.storage.placeables import StringElem, xliff

    parts: list[Any] = []
    for literal, name in _pieces(text):
        if literal:
            parts.append(literal)
        if name is not None:
            shown = "{" + name + "}"
            ph_id = ids.setdefault(name, str(len(ids) + 1))
            attributes = {"disp": shown, "equiv": shown, "canCopy": "no", "canDelete": "no"}
            parts.append(xliff.Ph(id=ph_id, xml_attrib=attributes))
    return [StringElem(parts)]


def _brace(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


#: Inline elements whose content is text of the segment (an annotation, a
#: paired code a tool added around words): their text is kept.
_WRAPPERS = frozenset({"mrk", "pc"})
#: Inline markers that carry no text (the start and end of a code or an
#: annotation): left out.
_MARKERS = frozenset({"sm", "em", "sc", "ec"})


def _text_of(node: etree._Element | None, names: dict[str, str], problems: list[str], where: str) -> str:
    """An XLIFF ``<source>`` or ``<target>`` as gettext text: its characters
    and ``{name}`` for each ``<ph>`` (``names``: ph id -> placeholder name,
    from the source). The text of annotations a tool added (``<mrk>``,
    ``<pc>``) is kept and their markers left out; ``<cp>`` is its character.
    A brace typed as text is a problem: placeholders are the tags."""
    if node is None:
        return ""
    out: list[str] = []
    typed: list[str] = []

    def walk(element: etree._Element) -> None:
        out.append(element.text or "")
        typed.append(element.text or "")
        for child in element:
            local = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
            if local == "ph":
                name = names.get(child.get("id", ""))
                if name is None:
                    equiv = child.get("equiv") or child.get("disp") or ""
                    match = re.fullmatch(r"\{([A-Za-z_][A-Za-z0-9_]*)\}", equiv)
                    name = match[1] if match else None
                if name is None:
                    problems.append(
                        f"{where}: an inline code (ph id {child.get('id')!r}) that is no placeholder"
                    )
                else:
                    out.append("\x00" + name + "\x01")
            elif local in _WRAPPERS:
                walk(child)
            elif local == "cp":
                try:
                    out.append(chr(int(child.get("hex", ""), 16)))
                except (ValueError, OverflowError):
                    problems.append(f"{where}: <cp hex={child.get('hex')!r}> is not a character")
            elif local and local not in _MARKERS:
                problems.append(f"{where}: markup <{local}> where only text and placeholders belong")
            out.append(child.tail or "")
            typed.append(child.tail or "")

    walk(node)
    if any("{" in text or "}" in text for text in typed):
        problems.append(f"{where}: a brace {{ or }} typed as text: placeholders are the tags of the file")
    return _brace("".join(out)).replace("\x00", "{").replace("\x01", "}")


# --------------------------------------------------------------------------
# Export


@dataclass
class ExportResult:
    """What ``translations export`` wrote: the files (by name, in ``folder``),
    and the templates that could not be shown translated (incomplete)."""

    folder: Path
    files: list[str]
    locale: str
    messages: int
    reviewed: int
    incomplete: list[str] = field(default_factory=list)


def _po_catalog(locale: str, root: Path) -> Catalog:
    from .catalog_tool import _po_path, _read

    po = _po_path(locale, root)
    if not po.is_file():
        raise UsageError(f"no catalog {po}: run python -m contactplan.catalog_tool init {locale}")
    return _read(po)


def _template(root: Path) -> Catalog:
    from babel.messages.pofile import read_po

    with (root / f"{catalogs.DOMAIN}.pot").open("rb") as handle:
        return read_po(handle, domain=catalogs.DOMAIN)


@dataclass(frozen=True)
class _Entry:
    """One source message with its catalog's state."""

    source: PoMessage
    forms: list[str]
    fuzzy: bool
    review: catalogs.Review | None
    used_in: list[str]

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.source.context, _ids(self.source)[0])


def _entries(locale: str, root: Path) -> tuple[Catalog, list[_Entry]]:
    """Each message of the template with its translation, fuzzy state and
    current review in catalog ``locale``."""
    from .catalog_tool import _po_path, read_reviews

    po_catalog = _po_catalog(locale, root)
    records = read_reviews(_po_path(locale, root))
    used = _where_used()
    entries = []
    for source in _template(root):
        if not source.id:
            continue
        ids = _ids(source)
        found = po_catalog.get(ids[0], context=source.context)
        forms = _forms(found) if found is not None else []
        translated = bool(forms) and all(forms)
        fuzzy = found is not None and found.fuzzy
        review = None
        record = records.get((source.context, ids[0]))
        if record is not None and translated and not fuzzy:
            digest_ok = record["source"] == catalogs.source_digest(
                ids[0], ids[1] if len(ids) > 1 else None, source.context
            )
            if digest_ok and record["translation"] == catalogs.translation_digest(forms):
                review = catalogs.Review(**record)
        entries.append(
            _Entry(source, forms if translated else [], fuzzy, review, used.get((source.context, ids[0]), []))
        )
    return po_catalog, entries


def _review_note(entry: _Entry) -> str:
    if entry.review is not None:
        r = entry.review
        return f"Reviewed by {r.reviewer} ({r.qualification}) on {r.date}."
    if entry.fuzzy:
        return "The English text changed since this was translated: check the translation against it."
    if entry.forms:
        return "Draft translation: not yet reviewed by a qualified translator."
    return "Not translated yet."


def _context_note(context: str | None) -> str | None:
    """What a message's context (msgctxt) means for the translator."""
    if context in msg.RECIPIENT_GENDER_CONTEXTS.values():
        return (
            f"A variant of a sentence, used in a letter {context}: leave it empty if your language says it "
            "the same way to anyone."
        )
    if context is not None and context in msg.INTERPRETER_GENDER_CONTEXTS.values():
        return (
            f"A variant of a sentence, used when the interpreter is a {context.split()[0]} one: leave it "
            "empty if your language says it the same way whoever interprets."
        )
    if context == "language name":
        return (
            "The name of a language an interpreter speaks, as its speakers would recognise it in your "
            "language (not a script or a country). Leave it empty to use the usual name."
        )
    return None


def _xliff(locale: str, po_catalog: Catalog, entries: list[_Entry]) -> bytes:
    """The XLIFF 2.0 file, built with the Translate Toolkit."""
    from translate.storage.xliff2 import Xliff2File

    tag = catalogs.locale_tag(locale)
    store = Xliff2File()
    store.setsourcelanguage("en")
    store.settargetlanguage(tag)
    numbers = _plural_numbers(po_catalog)
    for entry in entries:
        ids = _ids(entry.source)
        forms = range(po_catalog.num_plurals) if len(ids) > 1 else [None]
        for form in forms:
            source = ids[0] if form is None else _form_source(ids, numbers, form)
            unit = store.UnitClass(source)
            store.addunit(unit)
            unit.setid(unit_id(entry.source.context, ids[0], form))
            placeholder_ids: dict[str, str] = {}
            unit.rich_source = _rich(source, placeholder_ids)
            target = entry.forms[form or 0] if entry.forms else ""
            if target:
                unit.rich_target = _rich(target, dict(placeholder_ids))
            state = "initial" if not target or entry.fuzzy else ("reviewed" if entry.review else "translated")
            unit.xmlelement.set("state", state)
            notes = [("description", _note(entry.source))]
            if (context := _context_note(entry.source.context)) is not None:
                notes.append(("variant", context))
            if entry.used_in:
                notes.append(("location", "Used in: " + ", ".join(entry.used_in) + "."))
            if form is not None:
                shown = ", ".join(str(n) for n in numbers[form]) + (
                    ", ..." if len(numbers[form]) == 6 else ""
                )
                notes.append(
                    (
                        "plural",
                        f"Plural form {form + 1} of {po_catalog.num_plurals}: for numbers like {shown}.",
                    )
                )
            placeholders = ", ".join("{" + name + "}" for name in placeholder_ids)
            if placeholders:
                notes.append(
                    (
                        "placeholders",
                        f"Keep each placeholder ({placeholders}) once; move it where your sentence needs it.",
                    )
                )
            notes.append(("review", _review_note(entry)))
            _unit_notes(unit, notes)
    root = store.document.getroot()
    body = next(root.iterchildren(f"{{{XLIFF_NS}}}file"))
    body.set("id", f"contactplan-{locale}")
    body.set("canResegment", "no")  # a message is one sentence or label: never split it
    body.set("original", f"{locale}/LC_MESSAGES/{catalogs.DOMAIN}.po")
    if lang.is_rtl(tag):
        body.set("trgDir", "rtl")
    return bytes(store)  # indented by the toolkit, never inside <source>, <target> or <note>


def _unit_notes(unit: Any, notes: list[tuple[str, str]]) -> None:
    """The unit's notes where XLIFF 2.0 puts them: a ``<notes>`` first in the
    ``<unit>`` (the Translate Toolkit's ``addnote`` puts them in the segment,
    which the XLIFF 2.0 schema does not allow), and ``xml:space`` on the
    unit, not the segment."""
    from lxml import etree

    segment = unit.xmlelement
    element = unit.getunitelement()
    space = "{http://www.w3.org/XML/1998/namespace}space"
    if segment.get(space) is not None:
        element.set(space, segment.attrib.pop(space))
    container = etree.Element(f"{{{XLIFF_NS}}}notes")
    for category, text in notes:
        if text:
            note = etree.SubElement(container, f"{{{XLIFF_NS}}}note", category=category)
            note.text = text
    if len(container):
        element.insert(0, container)


def _po(locale: str, po_catalog: Catalog, entries: list[_Entry]) -> bytes:
    """The same messages as a gettext catalog, written by Babel: drafts
    ``fuzzy`` (needs review), placeholders flagged ``python-brace-format``."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    from . import __version__

    name = lang.english_name(catalogs.locale_tag(locale))
    out = Catalog(
        locale=po_catalog.locale,
        domain=catalogs.DOMAIN,
        project="contactplan",
        version=__version__,
        copyright_holder="contactplan developers",
        header_comment=(
            f"# contactplan: letters to families in {name}, for translation and review (see README.txt).\n"
            "# A message marked fuzzy is a draft: clear the mark when you have checked it."
        ),
        fuzzy=False,
    )
    out.mime_headers = [
        ("Plural-Forms", f"nplurals={po_catalog.num_plurals}; plural={po_catalog.plural_expr};")
    ]
    for entry in entries:
        ids = _ids(entry.source)
        flags = set()
        if any(_placeholder_names(text) for text in ids):
            flags.add("python-brace-format")
        if entry.forms and entry.review is None:
            flags.add("fuzzy")
        comments = [_note(entry.source)]
        if (context := _context_note(entry.source.context)) is not None:
            comments.append(context)
        if entry.used_in:
            comments.append("Used in: " + ", ".join(entry.used_in) + ".")
        comments.append(_review_note(entry))
        string_value: str | tuple[str, ...]
        if len(ids) > 1:
            string_value = tuple(entry.forms) if entry.forms else ("",) * po_catalog.num_plurals
        else:
            string_value = entry.forms[0] if entry.forms else ""
        out.add(
            tuple(ids) if len(ids) > 1 else ids[0],
            string_value,
            auto_comments=comments,
            flags=flags,
            context=entry.source.context,
        )
    buffer = io.BytesIO()
    write_po(buffer, out, width=100, omit_header=False)
    return buffer.getvalue()


def _sample_case(locale: str, *, gender: str | None, today: dt.date, english: bool = False) -> str:
    """A case file (JSON text) with one letter of each template to a reader
    of catalog ``locale``: invented names, an interpreter booked, a child
    seen alone, a missed appointment followed up, a support letter handed
    over at a visit. ``gender``: the recipient's and the interpreter's;
    ``english``: the recipient reads English too (for a template shown in
    English only)."""
    import json

    written = catalogs.locale_tag(locale)
    spoken = {"zh_Hans": "cmn", "zh_Hant": "yue", "pa_Guru": "pa"}.get(locale, locale.split("_")[0])
    said = {"gender": gender} if gender else {}
    recipient = {"female": "Sara Example", "male": "Adam Example"}.get(gender or "", "Sam Example")
    interpreter = {"female": "Amina Example", "male": "Omar Example"}.get(gender or "", "Kim Example")
    home = "1 Sample Road, Example City EX2 2BB"
    languages = [{"tag": written, "speaks": "native", "reads": "native"}]
    if spoken != written.split("-")[0]:  # Mandarin read in Simplified Chinese
        languages = [{"tag": spoken, "speaks": "native"}, {**languages[0], "speaks": "none"}]
    if english:
        languages.append({"tag": "en", "speaks": "fluent", "reads": "fluent"})
    booked = {"for": ["parent"], "language": spoken, "interpreter": "int-1", "mode": "in_person"}
    booked["status"] = "confirmed"

    def start(days: int) -> str:
        return f"{today + dt.timedelta(days=days)}T10:30"

    case = {
        "contactplan": 1,
        "case": {
            "reference": "SAMPLE-0001",
            "timezone": "Europe/London",
            "agency": {
                "name": "Example City Council Children's Services",
                "address": "Civic Centre, Example Street, Example City EX1 1AA",
                "phone": "01234 567890",
                "email": "childrens.services@example.gov.uk",
            },
            "lead_practitioner": {"name": "Jo Smith", "role": "Social Worker", "phone": "01234 567891"},
        },
        "members": [
            {
                "id": "parent",
                "name": recipient,
                "role": "parent",
                **said,
                "address": home,
                "languages": languages,
                "preferred_spoken": spoken if len(languages) > 1 else written,
                "preferred_written": written,
            },
            {
                "id": "child",
                "name": "Noor Example",
                "role": "subject_child",
                "date_of_birth": f"{today.year - 6}-03-01",
                "languages": [{"tag": "en", "speaks": "fluent", "reads": "basic"}],
            },
        ],
        "interpreters": [
            {"id": "int-1", "name": interpreter, **said, "languages": [spoken], "registration": "NRPSI 10001"}
        ],
        "contacts": [
            {
                "id": "missed",
                "kind": "health_appointment",
                "start": start(-7),
                "duration_minutes": 30,
                "status": "was_not_brought",
                "location": "Example City Child Development Centre",
                "practitioners": [{"name": "Dr Sam Patel"}],
                "attendees": ["parent", "child"],
            },
            {
                "id": "call",
                "kind": "home_visit",
                "start": start(3),
                "duration_minutes": 60,
                "location": home,
                "practitioners": [{"name": "Jo Smith"}],
                "attendees": ["parent"],
                "interpreting": [booked],
            },
            {
                "id": "visit",
                "kind": "home_visit",
                "start": start(14),
                "duration_minutes": 60,
                "location": home,
                "follow_up_of": "missed",
                "practitioners": [{"name": "Jo Smith"}, {"name": "Dr Sam Patel"}],
                "attendees": ["parent", "child"],
                "interpreting": [booked],
                "seen_alone": [{"child": "child", "duration_minutes": 20}],
            },
        ],
        "letters": [
            {"id": "appointment", "template": "appointment", "to": "parent", "contact": "visit"},
            {
                "id": "missed_appointment",
                "template": "missed_appointment",
                "to": "parent",
                "contact": "missed",
            },
            {
                "id": "domestic_abuse_support",
                "template": "domestic_abuse_support",
                "to": "parent",
                "delivery": "by_hand",
                "explained_at": "call",
            },
        ],
    }
    return json.dumps(case, ensure_ascii=False, indent=1)


def _has_variants(po_catalog: Catalog, template: str, gender: str) -> bool:
    """Whether the catalog translates a sentence of ``template`` differently for ``gender``."""
    ids = {m.id for m in msg.TEMPLATES[template]}
    contexts = {msg.RECIPIENT_GENDER_CONTEXTS[gender], msg.INTERPRETER_GENDER_CONTEXTS[gender]}
    for (neutral, _, _), variant in msg.VARIANTS.items():
        if neutral in ids and variant.context in contexts:
            found = po_catalog.get(variant.id, context=variant.context)
            if found is not None and not found.fuzzy and all(_forms(found)) and _forms(found):
                return True
    return False


def _pdfs(locale: str, po_catalog: Catalog, today: dt.date) -> tuple[dict[str, bytes], list[str]]:
    """Each template as a PDF with sample data, in the language then in
    English, through the letters API; an incomplete template in English only."""
    from .api import load_case, render_letter

    tag = catalogs.locale_tag(locale)
    files: dict[str, bytes] = {}
    incomplete: list[str] = []
    for template in msg.TEMPLATES:
        available = catalogs.status(template, tag).available
        if not available:
            incomplete.append(template)
        versions: list[tuple[str, str | None]] = [(template, None)]
        if available:
            versions += [
                (f"{template}-to-a-{'woman' if g == 'female' else 'man'}", g)
                for g in ("female", "male")
                if _has_variants(po_catalog, template, g)
            ]
        for name, gender in versions:
            sample = _sample_case(locale, gender=gender, today=today, english=not available)
            case = load_case(sample, name="sample case")
            rendered = render_letter(
                case,
                template,
                format="pdf",
                languages=[tag] if available else ["en"],
                english_copy=True,
                today=today,
            )
            assert isinstance(rendered.content, bytes)
            files[f"{name}.pdf" if available else f"{name}-english-only.pdf"] = rendered.content
    return files, incomplete


def _back_translation(entries: list[_Entry], po_catalog: Catalog) -> bytes:
    """A spreadsheet (CSV, UTF-8 with a byte order mark for Excel): one row a
    message, with an empty column for a back-translation into English."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "used in", "note", "English", "translation", "back-translation into English"])
    for entry in entries:
        ids = _ids(entry.source)
        forms = range(po_catalog.num_plurals) if len(ids) > 1 else [None]
        numbers = _plural_numbers(po_catalog)
        for form in forms:
            source = ids[0] if form is None else _form_source(ids, numbers, form)
            target = entry.forms[form or 0] if entry.forms else ""
            note = _note(entry.source)
            if form is not None:
                note += f" (plural form {form + 1}: numbers like {', '.join(map(str, numbers[form]))})"
            writer.writerow(
                [
                    unit_id(entry.source.context, ids[0], form),
                    ", ".join(entry.used_in),
                    note,
                    source,
                    target,
                    "",
                ]
            )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _readme(locale: str, files: list[str], entries: list[_Entry], incomplete: list[str]) -> str:
    tag = catalogs.locale_tag(locale)
    name = lang.english_name(tag)
    reviewed = sum(1 for e in entries if e.review is not None)
    translated = sum(1 for e in entries if e.forms and not e.fuzzy)
    lines = [
        f"contactplan: letters to families in {name} [{tag}], for translation and review",
        "",
        "These letters go to parents and carers whose child's safety social workers, health visitors",
        "or school staff are concerned about. Write as you would speak to them: short sentences,",
        "everyday words, the polite form your language uses with someone you do not know.",
        "",
        f"Messages: {len(entries)}; translated: {translated}; "
        f"reviewed by a qualified translator: {reviewed}.",
        "",
        "What is here",
        f"  contactplan-{locale}.xlf  XLIFF 2.0, for translation tools (Trados, memoQ, Phrase, ...)",
        f"  contactplan-{locale}.po   the same messages as a gettext catalog (Poedit, Weblate)",
        "  *.pdf                each letter with invented sample data: in the language, then in English,",
        "                       so you see every sentence where it is used. '-to-a-woman' and '-to-a-man'",
        "                       show the sentences your language says differently to a woman or a man.",
    ]
    if any(f.endswith(".csv") for f in files):
        lines.append(
            f"  contactplan-{locale}-back-translation.csv  a column for a back-translation into English"
        )
    if incomplete:
        lines += [
            "",
            "Not complete yet (shown in English only): " + ", ".join(incomplete) + ".",
        ]
    lines += [
        "",
        "Work in one of the two files and send back only that one.",
        "",
        "Placeholders: {date}, {time}, {name} and the others are filled in by contactplan. Keep each",
        "one exactly once, move it where your sentence needs it. In the XLIFF file they are tags.",
        "",
        "Review: a reviewer is a professionally qualified translator (for example registered with",
        "NRPSI, a member of the CIOL or the ITI, or the agency's own qualified reviewer) working into",
        "their own language. Confirm each message you have checked against the English and the notes:",
        "  XLIFF: set the segment to reviewed (or final); a translation you correct counts as confirmed.",
        "  PO: clear the 'fuzzy' (needs work) mark; a translation you correct counts as confirmed.",
        "Leave unconfirmed what you have not checked: it stays marked as a draft. Tell us your name",
        "and qualification: they are recorded with each message you confirmed, with the date.",
    ]
    return "\n".join(lines) + "\n"


def export_package(
    tag: str,
    folder: Path,
    *,
    back_translation: bool = False,
    today: dt.date | None = None,
) -> ExportResult:
    """Write the package for language ``tag`` into ``folder`` (all files or
    none). Reads the catalogs contactplan uses (``locales_dir()``)."""
    from .files import write_files_together

    _need_toolkit()
    locale = locale_of(lang.normalize_tag(tag))
    root = catalogs.locales_dir()
    day = today or clock.today()
    po_catalog, entries = _entries(locale, root)
    pdfs, incomplete = _pdfs(locale, po_catalog, day)
    files: dict[str, str | bytes] = {
        f"contactplan-{locale}.xlf": _xliff(locale, po_catalog, entries),
        f"contactplan-{locale}.po": _po(locale, po_catalog, entries),
        **pdfs,
    }
    if back_translation:
        files[f"contactplan-{locale}-back-translation.csv"] = _back_translation(entries, po_catalog)
    files["README.txt"] = _readme(locale, list(files), entries, incomplete)
    write_files_together(folder, files)
    return ExportResult(
        folder,
        list(files),
        locale,
        len(entries),
        sum(1 for e in entries if e.review is not None),
        incomplete,
    )


# --------------------------------------------------------------------------
# Import


@dataclass
class ImportResult:
    """What ``translations import`` changed in catalog ``locale``."""

    locale: str
    po: Path
    changed: list[str] = field(default_factory=list)
    reviewed: list[str] = field(default_factory=list)
    unconfirmed: list[str] = field(default_factory=list)


def parse_reviewer(text: str) -> tuple[str, str]:
    """``"NAME, QUALIFICATION"`` -> (name, qualification), both required."""
    name, sep, qualification = text.partition(",")
    name, qualification = " ".join(name.split()), " ".join(qualification.split())
    if not sep or not name or not qualification:
        raise UsageError(
            f"--reviewer: {text!r}: give the reviewer's name and qualification, "
            'e.g. "Amina Rahman, NRPSI 12345" (or CIOL, ITI, or the agency\'s)'
        )
    if any(not c.isprintable() for c in name + qualification):
        raise UsageError("--reviewer: control characters are not part of a name")
    return name, qualification


@dataclass
class _Returned:
    """One message as the returned file has it: its translation by plural
    form (0 for a message without plural; a form the file leaves empty is
    absent), and whether the reviewer confirmed it."""

    forms: dict[int, str] = field(default_factory=dict)
    confirmed: bool = False


def _describe(context: str | None, msgid: str) -> str:
    shown = msgid if len(msgid) <= 70 else msgid[:67] + "..."
    return f'message "{shown}"' + (f" ({context})" if context else "")


def _expected(po_catalog: Catalog) -> dict[str, tuple[PoMessage, int | None, str]]:
    """Every unit id a file exported from ``po_catalog`` can have -> the
    message, its plural form and the English source shown for it."""
    numbers = _plural_numbers(po_catalog)
    found: dict[str, tuple[PoMessage, int | None, str]] = {}
    for message in po_catalog:
        if not message.id:
            continue
        ids = _ids(message)
        if len(ids) > 1:
            for form in range(po_catalog.num_plurals):
                found[unit_id(message.context, ids[0], form)] = (
                    message,
                    form,
                    _form_source(ids, numbers, form),
                )
        else:
            found[unit_id(message.context, ids[0])] = (message, None, ids[0])
    return found


def _check_placeholders(source: str, target: str, where: str, problems: list[str]) -> None:
    """Each placeholder of the English once in the translation, and no other."""
    if not target:
        return
    wanted, got = Counter(_placeholder_names(source)), Counter(_placeholder_names(target))
    if "<malformed braces>" in got:
        problems.append(f"{where}: a brace {{ or }} in the translation that is not a placeholder")
    elif wanted != got:
        said = []
        if missing := sorted((wanted - got).elements()):
            said.append("missing " + ", ".join("{" + n + "}" for n in missing))
        if extra := sorted((got - wanted).elements()):
            said.append("not in the English or repeated: " + ", ".join("{" + n + "}" for n in extra))
        problems.append(f"{where}: placeholders do not match the English ({'; '.join(said)})")


def _ph_names(node: etree._Element | None) -> dict[str, str]:
    """The ``<ph>`` codes of an exported source: ph id -> placeholder name."""
    found: dict[str, str] = {}
    if node is None:
        return found
    for child in node:
        if isinstance(child.tag, str) and child.tag.rsplit("}", 1)[-1] == "ph":
            match = re.fullmatch(
                r"\{([A-Za-z_][A-Za-z0-9_]*)\}", child.get("equiv") or child.get("disp") or ""
            )
            if match:
                found[child.get("id", "")] = match[1]
    return found


def _parse_xliff(data: bytes, label: str) -> Any:
    _need_toolkit()
    from translate.storage.xliff2 import Xliff2File

    try:
        return Xliff2File.parsestring(data)  # type: ignore[no-untyped-call]
    except Exception as exc:  # lxml's syntax errors, an XLIFF 1.x file, a wrong root: one message
        raise TranslationFileError(label, [f"not an XLIFF 2.0 file: {exc}"]) from None


def _xliff_messages(
    store: Any, expected: dict[str, tuple[PoMessage, int | None, str]], problems: list[str]
) -> dict[tuple[str | None, str], _Returned]:
    """The translations of an XLIFF 2.0 file, unit by unit, checked against
    the catalog: the unit is one of its messages, with its English, with
    the English's placeholders."""
    returned: dict[tuple[str | None, str], _Returned] = {}
    for unit in store.units:
        uid = unit.getid() or ""
        if "::" in uid and uid.split("::")[0] in expected:
            message = expected[uid.split("::")[0]][0]
            problems.append(
                f"{_describe(message.context, _ids(message)[0])}: split into several segments: "
                "join them into one (each message is one segment)"
            )
            continue
        known = expected.get(uid)
        if known is None:
            problems.append(
                f"unit {uid!r}: not a message of this catalog (exported from another version? export again)"
            )
            continue
        message, form, source = known
        ids = _ids(message)
        where = _describe(message.context, ids[0]) + (f", plural form {form + 1}" if form is not None else "")
        source_node = unit.get_source_dom()
        names = _ph_names(source_node)
        shown = _text_of(source_node, names, problems, where)
        if shown != source:
            problems.append(f"{where}: the English in the file is not contactplan's ({shown!r})")
            continue
        target = _text_of(unit.get_target_dom(), names, problems, where)
        _check_placeholders(source, target, where, problems)
        entry = returned.setdefault((message.context, ids[0]), _Returned())
        if target:
            entry.forms[form or 0] = target
        entry.confirmed = entry.confirmed or unit.xmlelement.get("state") in CONFIRMED_STATES
    return returned


def _parse_po(data: bytes, label: str) -> Catalog:
    from babel.messages.pofile import PoFileError, read_po

    try:
        return read_po(io.BytesIO(data), domain=catalogs.DOMAIN, abort_invalid=True)
    except (PoFileError, ValueError, UnicodeDecodeError) as exc:
        raise TranslationFileError(label, [f"not a gettext catalog (.po): {exc}"]) from None


def _po_messages(
    returned_catalog: Catalog, po_catalog: Catalog, problems: list[str]
) -> dict[tuple[str | None, str], _Returned]:
    """The translations of a returned ``.po``, checked like an XLIFF file's;
    a message the reviewer left ``fuzzy`` is not confirmed."""
    returned: dict[tuple[str | None, str], _Returned] = {}
    for message in returned_catalog:
        if not message.id:
            continue
        ids = _ids(message)
        where = _describe(message.context, ids[0])
        mine = po_catalog.get(ids[0], context=message.context)
        if mine is None:
            problems.append(
                f"{where}: not a message of this catalog (exported from another version? export again)"
            )
            continue
        if _ids(mine) != ids:
            problems.append(f"{where}: the English plural in the file is not contactplan's")
            continue
        entry = returned.setdefault((message.context, ids[0]), _Returned())
        for number, text in enumerate(_forms(message)):
            plural = f", plural form {number + 1}" if len(ids) > 1 else ""
            _check_placeholders(ids[0], text, where + plural, problems)
            if text:
                entry.forms[number] = text
        entry.confirmed = not message.fuzzy
    return returned


def _target_locale(declared: str | None, label: str) -> str:
    if not declared:
        raise TranslationFileError(
            label, ["the file does not say its language (trgLang, or Language in a .po)"]
        )
    try:
        return locale_of(lang.normalize_tag(declared.replace("_", "-")))
    except (UsageError, ValueError) as exc:
        raise TranslationFileError(label, [f"language {declared!r}: {exc}"]) from None


def default_locales_folder() -> Path:
    """Where ``import`` writes without ``--locales``: the folder
    ``CONTACTPLAN_LOCALES`` names, else ``locales/`` of the source checkout
    contactplan runs from. An installed contactplan has none: say so."""
    import os

    chosen = os.environ.get(catalogs.LOCALES_ENV)
    if chosen:
        return Path(chosen).expanduser()
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "locales").is_dir():
        return checkout / "locales"
    raise UsageError(
        "contactplan is installed, not run from a source checkout: give --locales DIR "
        f"(a copy of the locales folder), or set {catalogs.LOCALES_ENV}"
    )


def import_file(
    path: Path,
    reviewer: str,
    *,
    date: dt.date | None = None,
    locales: Path | None = None,
) -> ImportResult:
    """Take a reviewed XLIFF 2.0 or PO file back into its catalog under
    ``locales`` (default: :func:`default_locales_folder`). Raises
    :class:`TranslationFileError` naming each message whose English source
    or placeholders don't match (nothing is written then)."""
    from .catalog_tool import _po_bytes, _po_path, _read, read_reviews, review_record, reviews_text
    from .files import read_regular, write_atomic
    from .wording import shown_path

    name, qualification = parse_reviewer(reviewer)
    day = date or clock.today()
    if day > clock.today():
        raise UsageError(f"--date: {day} is in the future: a review is recorded on the day it was done")
    root = locales if locales is not None else default_locales_folder()
    label = shown_path(path)
    data = read_regular(path, MAX_IMPORT_BYTES, label)
    suffix = path.suffix.lower()
    is_xliff = suffix in (".xlf", ".xliff") or (
        suffix != ".po" and data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<"
    )
    store = _parse_xliff(data, label) if is_xliff else None
    returned_po = None if is_xliff else _parse_po(data, label)
    if store is not None:
        declared = store.gettargetlanguage()
    else:
        assert returned_po is not None
        declared = str(returned_po.locale_identifier) if returned_po.locale else None
    locale = _target_locale(declared, label)
    po = _po_path(locale, root)
    if not po.is_file():
        raise UsageError(f"--locales: no catalog {shown_path(po)} to update")
    po_catalog = _read(po)
    problems: list[str] = []
    if store is not None:
        returned = _xliff_messages(store, _expected(po_catalog), problems)
    else:
        assert returned_po is not None
        returned = _po_messages(returned_po, po_catalog, problems)
    for key, entry in returned.items():
        message = po_catalog.get(key[1], context=key[0])
        assert message is not None
        if len(_ids(message)) > 1 and entry.forms and len(entry.forms) != po_catalog.num_plurals:
            empty = [str(i + 1) for i in range(po_catalog.num_plurals) if i not in entry.forms]
            problems.append(f"{_describe(*key)}: plural form {', '.join(empty)} left empty")
    if problems:
        raise TranslationFileError(label, problems)

    records = read_reviews(po)
    result = ImportResult(locale, po)
    for key, entry in returned.items():
        message = po_catalog.get(key[1], context=key[0])
        assert message is not None
        if not entry.forms:
            continue  # left empty in the file: the catalog keeps what it has
        new = [entry.forms[i] for i in sorted(entry.forms)]
        changed = new != _forms(message)
        confirmed = changed or entry.confirmed
        shown = _describe(*key)
        if message.fuzzy and not confirmed:
            result.unconfirmed.append(shown)  # an old translation of changed English, left as it was
            continue
        if changed or message.fuzzy:
            message.string = tuple(new) if len(_ids(message)) > 1 else new[0]
            message.flags.discard("fuzzy")
            message.previous_id = []
            result.changed.append(shown)
        fresh = review_record(message, new, name, qualification, day)
        current = records.get(key)
        holds = current is not None and all(current[k] == fresh[k] for k in ("source", "translation"))
        if confirmed and not (holds and not changed):
            records[key] = fresh
            result.reviewed.append(shown)
        elif not holds:
            result.unconfirmed.append(shown)
    if result.changed or result.reviewed:
        write_atomic(po, _po_bytes(po_catalog), mode=0o644)
        write_atomic(po.with_suffix(".mo"), _compiled(locale, root), mode=0o644)
        write_atomic(po.with_name(catalogs.REVIEWS_FILE), reviews_text(locale, records), mode=0o644)
    catalogs.clear_caches()
    return result


def _compiled(locale: str, root: Path) -> bytes:
    """The ``.mo`` for the ``.po`` under ``root``, compiled as the catalog
    tool compiles (fuzzy and half-translated plurals left out)."""
    import shutil
    import tempfile

    from .catalog_tool import _po_path, compile_catalog

    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / locale / "LC_MESSAGES"
        copy.mkdir(parents=True)
        shutil.copy(_po_path(locale, root), copy / f"{catalogs.DOMAIN}.po")
        return compile_catalog(locale, Path(scratch)).read_bytes()


def summary_lines(result: ImportResult, reviewer: str, day: dt.date) -> Iterable[str]:
    """What an import did, for the person who ran it."""
    yield (
        f"{result.po}: {len(result.changed)} translation{'s' if len(result.changed) != 1 else ''} changed, "
        f"{len(result.reviewed)} message{'s' if len(result.reviewed) != 1 else ''} marked reviewed by "
        f"{reviewer} on {day}"
    )
    for shown in result.reviewed:
        yield f"  reviewed: {shown}"
    if result.unconfirmed:
        yield f"  {len(result.unconfirmed)} not confirmed by the reviewer: still drafts"
