"""A letter's content: one section per language, each a list of paragraphs.

A paragraph is a translated sentence whose placeholders are filled with
:class:`Value` parts. Values come from the case file (names, places) or are
written here (dates by Babel, times on the 24-hour clock, language names from
the catalogs' table). Each is isolated with an explicit direction
(:attr:`Value.dir`): right to left when its first strong character is (an
Urdu name, an Arabic date), left to right otherwise, also when it has none
(a phone number, a postcode, a time). In HTML that is ``<bdi dir=...>``
(WeasyPrint does not apply ``<bdi>``'s own ``dir=auto``, so the PDF needs it
spelt out to agree with the browser); in plain text LEFT-TO-RIGHT or
RIGHT-TO-LEFT ISOLATE ... POP DIRECTIONAL ISOLATE. A value Babel wrote in the
section's language (a date, a list of names) takes the section's direction
when it holds a letter of that direction ("Anna اور Kuba" reads right to left
in Urdu).

Each paragraph belongs to a *block* of the printed page, in the order of the
Home Office "send a letter" pattern: ``sender`` (logo area and the agency's
details), ``address`` (the recipient's name and address, placed for a window
envelope), ``meta`` (reference and date), ``title`` (the main heading),
``key`` (what matters first, large: the date, time and place of the
appointment), ``body``, ``closing`` (the standard paragraphs, sign-off and
signature, kept together), ``note`` (the line that says an English copy
follows).

The address must fit the envelope's window whole (:func:`window_size`): the
text is made smaller, down to a floor, and an address that still does not fit
is refused, never cut.

Babel is imported inside the functions that use it.
"""

from __future__ import annotations

import datetime as dt
import gettext
import string
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from .. import catalogs
from .. import languages as lang
from .. import messages as msg
from ..errors import UsageError
from ..model import Case, Contact, Interpreter, Interpreting, Letter, Member
from ..vocabulary import LETTER_TEMPLATES
from ..wording import one_line

if TYPE_CHECKING:
    from babel import Locale

__all__ = [
    "CLOCK_NOTE_LANGUAGES",
    "ENGLISH_COPY_HEADING",
    "PRACTITIONER_HEADING",
    "WINDOW",
    "Direction",
    "LetterError",
    "Paragraph",
    "Part",
    "Section",
    "Value",
    "address_lines",
    "describe_fallbacks",
    "fallback_messages",
    "fallbacks_in",
    "first_strong",
    "sections",
    "text_width_em",
    "window_size",
]

#: The emergency number and the national domestic abuse helpline (cli.md).
EMERGENCY_NUMBER = "999"
HELPLINE_NUMBER = "0808 2000 247"
#: Heading of the English copy; only ever shown in English.
ENGLISH_COPY_HEADING = "English copy for the agency's records"
#: Heading of the page for the practitioner that ends a domestic abuse
#: support letter; only ever shown in English, never handed over.
PRACTITIONER_HEADING = "For the practitioner only: remove this page, do not hand it over"
#: Babel locale for the English sections (a UK agency writes UK dates).
ENGLISH_LOCALE = "en_GB"
#: Time zones whose clock is "UK time".
UK_ZONES = frozenset({"Europe/London", "Europe/Belfast", "GB", "GB-Eire"})
#: Languages whose readers may count the hours from dawn (Ethiopian and
#: East African clocks, where 14:30 can be read as 8:30): their letters say
#: which clock the times are on (``CLOCK_NOTE``).
CLOCK_NOTE_LANGUAGES = frozenset({"ti", "am", "tig", "om", "sw"})
#: Spoken-language tags that name the same language as a key of
#: :data:`contactplan.messages.LANGUAGE_NAMES`.
_LANGUAGE_ALIASES = {"cmn": "zh", "prs": "fa-AF", "pes": "fa", "pnb": "pa", "sgn-GB": "bfi"}
#: The communication need a large-print letter meets (case-file.md).
LARGE_PRINT = "large_print"

Block = Literal["sender", "address", "meta", "title", "key", "body", "closing", "note"]
Gender = Literal["female", "male"]
Direction = Literal["ltr", "rtl"]


class LetterError(UsageError):
    """A letter that cannot be written as asked (no contact, no translation,
    an address that does not fit the envelope's window)."""


def first_strong(text: str) -> Direction:
    """The direction of ``text`` by its first strong character (Unicode's
    rule P2, as ``dir=auto`` and FIRST STRONG ISOLATE have it): ``rtl`` for a
    Hebrew or Arabic-script letter, ``ltr`` for any other letter, and ``ltr``
    when there is none (digits, a phone number, a postcode, an e-mail
    address): numbers read left to right in every script contactplan writes."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return "ltr"


@dataclass(frozen=True, slots=True)
class Value:
    """Text inserted into a sentence: never translated, always isolated with
    an explicit direction (``direction``, or by its first strong character)."""

    text: str
    direction: Direction | None = None

    @property
    def dir(self) -> Direction:
        return self.direction or first_strong(one_line(self.text))


Part = str | Value


@dataclass(slots=True)
class Paragraph:
    parts: list[Part]
    css: str = ""
    block: Block = "body"


@dataclass(slots=True)
class Section:
    """One language's letter (or the English copy, or the practitioner's page).

    ``large_print``: the recipient needs large print (16 pt and more);
    ``window_pt``: the size of the address in the envelope's window;
    ``fallbacks``: the messages of :data:`contactplan.messages.FALLBACKS`
    the catalog left out, said another way in this section."""

    tag: str
    rtl: bool
    title: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    english_copy: bool = False
    practitioner: bool = False
    large_print: bool = False
    window_pt: float = 0.0
    fallbacks: list[msg.Message] = field(default_factory=list)

    def block(self, name: Block) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.block == name]


# ---- the envelope's window

#: GOV.UK Notify's address block, the window of a C5 or DL window envelope:
#: 95.4 mm by 26.8 mm, 24.6 mm from the left edge and 39.5 mm from the top of
#: the page (Notify's letter specification). ``pad`` is the space kept inside
#: it at the left and right; the address is set with ``line_height``, at the
#: largest of ``sizes`` (points) at which every line fits whole on one line
#: and all of them fit its height: down to 8 pt, at which the recipient's name
#: and seven lines of address fit (Notify prints seven lines in all).
WINDOW: dict[str, float | tuple[float, ...]] = {
    "width_mm": 95.4,
    "height_mm": 26.8,
    "left_mm": 24.6,
    "top_mm": 39.5,
    "pad_mm": 2.0,
    "line_height": 1.15,
    "sizes": tuple(16.0 - 0.25 * i for i in range(33)),  # 16 pt down to 8 pt
}
#: The largest size of the address in the window: 11 pt, as the letter's
#: text; 16 pt in a large-print letter, as far as it fits.
WINDOW_LARGEST = {False: 11.0, True: 16.0}
_PT_PER_MM = 72 / 25.4
#: Advance widths of the printable ASCII characters (space to ~) in Noto Sans
#: Regular, the window's face, in thousandths of an em (its ``hmtx`` table;
#: tests/test_letters_window.py checks them against the installed font). A
#: letter with an accent is taken as 10% wider than its base letter; any other character
#: is taken as 1.3 em, wider than Noto Sans draws any Latin letter (its
#: widest, the digraph Ǳ, is 1.29 em).
_ASCII_WIDTHS = (
    260, 269, 408, 646, 572, 831, 732, 225, 300, 300, 551, 572, 268, 322, 268, 372,
    572, 572, 572, 572, 572, 572, 572, 572, 572, 572, 268, 268, 572, 572, 572, 434,
    899, 639, 650, 632, 730, 556, 519, 728, 741, 339, 273, 619, 524, 907, 760, 781,
    605, 781, 622, 549, 556, 731, 600, 930, 586, 566, 572, 329, 372, 329, 572, 444,
    281, 561, 615, 480, 615, 564, 344, 615, 618, 258, 258, 534, 258, 935, 618, 605,
    615, 615, 413, 479, 361, 618, 508, 786, 529, 510, 470, 380, 551, 380, 572,
)  # fmt: skip


def text_width_em(text: str) -> float:
    """How wide ``text`` is set in the window's face, in ems (at most: see
    :data:`_ASCII_WIDTHS`)."""
    total = 0.0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        base = unicodedata.normalize("NFD", ch)[0]
        code = ord(base)
        width = _ASCII_WIDTHS[code - 32] if 32 <= code < 127 else 1300
        total += width * 1.1 if base != ch else width  # a horn can widen the letter (Vietnamese ư: 9%)
    return total / 1000


def window_size(lines: list[str], largest: float = WINDOW_LARGEST[False]) -> float | None:
    """The size (points) to print ``lines`` at in the envelope's window: the
    largest of ``WINDOW["sizes"]`` up to ``largest`` at which each line fits
    its width on one line and all of them fit its height; None when none
    does."""
    sizes = WINDOW["sizes"]
    assert isinstance(sizes, tuple)
    width = (float(WINDOW["width_mm"]) - 2 * float(WINDOW["pad_mm"])) * _PT_PER_MM  # type: ignore[arg-type]
    height = float(WINDOW["height_mm"]) * _PT_PER_MM  # type: ignore[arg-type]
    widest = max((text_width_em(line) for line in lines), default=0.0)
    for size in (s for s in sizes if s <= largest):
        if len(lines) * size * float(WINDOW["line_height"]) <= height and widest * size <= width:  # type: ignore[arg-type]
            return size
    return None


def _window_problem(lines: list[str]) -> str:
    """Why ``lines`` do not fit the window, in words a practitioner can act on."""
    sizes = WINDOW["sizes"]
    assert isinstance(sizes, tuple)
    smallest = sizes[-1]
    line_height = float(WINDOW["line_height"])  # type: ignore[arg-type]
    height = float(WINDOW["height_mm"]) * _PT_PER_MM  # type: ignore[arg-type]
    most = int(height // (smallest * line_height))
    if len(lines) > most:
        return (
            f"{len(lines)} lines with the name, and at most {most} fit (the name and "
            f"{most - 1} lines of address): leave out what the post does not need (a county, a country)"
        )
    width = (float(WINDOW["width_mm"]) - 2 * float(WINDOW["pad_mm"])) * _PT_PER_MM  # type: ignore[arg-type]
    long = [line for line in lines if text_width_em(line) * smallest > width]
    return f"the line {one_line(long[0])!r} is too long for the window: split it where a comma would go"


def address_lines(case: Case, letter: Letter) -> list[str]:
    """The lines of the recipient's postal address printed on the letter:
    the lines of a list as they are, a text's commas and line breaks as
    lines, for a window envelope.

    ``delivery: safe_contact``: the recipient's safe contact's address,
    never the family home's. A domestic abuse support letter prints no
    address except a safe contact's: it must not be posted home."""
    recipient = case.member(letter.to)
    if letter.delivery == "safe_contact":
        address = recipient.safe_contact.address if recipient.safe_contact is not None else None
    elif letter.template == "domestic_abuse_support":
        address = None
    else:
        address = recipient.address
    if not address:
        return []
    if isinstance(address, list):
        parts = (one_line(line).strip() for line in address)
    else:
        parts = (part.strip() for line in address.splitlines() for part in line.split(","))
    return [part for part in parts if part]


def _window(case: Case, letter: Letter, large_print: bool = False) -> tuple[list[str], float]:
    """The lines in the window (the recipient's name, then the address) and
    their size; :class:`LetterError` naming the address when it cannot fit."""
    recipient = case.member(letter.to)
    lines = [one_line(recipient.name), *address_lines(case, letter)]
    size = window_size(lines, WINDOW_LARGEST[large_print])
    if size is None:
        name = one_line(recipient.name)
        whose = (
            f"{name}'s safe contact's address (members: {recipient.id}, safe_contact, address)"
            if letter.delivery == "safe_contact"
            else f"{name}'s address (members: {recipient.id}, address)"
        )
        raise LetterError(
            f"letter {letter.id}: {whose} can't be printed whole in the envelope's window: "
            f"{_window_problem(lines)}; nothing was written"
        )
    return lines, size


# ---- one language


def _gender(value: str | None) -> Gender | None:
    """A recorded gender that selects a variant (``other`` and none: neutral)."""
    if value == "female":
        return "female"
    if value == "male":
        return "male"
    return None


class _Writer:
    """Everything that depends on a section's language: its catalog, its
    Babel locale, how dates, times, numbers, lists and language names are
    written in it, and the recipient's gender for the sentences addressed to
    them."""

    def __init__(self, case: Case, tag: str, recipient: Member) -> None:
        from babel import Locale

        status_locale = catalogs.locale_for(tag)
        if status_locale is None:
            raise LetterError(f"no translation in {lang.english_name(tag)} [{tag}]")
        self.case = case
        self.english = status_locale == catalogs.SOURCE_LOCALE
        babel_name = ENGLISH_LOCALE if self.english else catalogs.babel_locale(status_locale)
        # a letter from the ``pt`` catalog is European Portuguese, whoever reads it
        varied = not self.english and "_" in babel_name and babel_name != status_locale
        self.tag = "en" if self.english else (catalogs.locale_tag(babel_name) if varied else tag)
        self.rtl = lang.is_rtl(self.tag)
        self.catalog: gettext.NullTranslations = catalogs.translation(status_locale)
        self.locale: Locale = Locale.parse(babel_name)
        self.zone = case.timezone()
        self.recipient_gender = _gender(recipient.gender)
        # Chinese and Japanese put no space between sentences.
        self.sentence_gap = "" if lang.script_of(self.tag) in {"Hans", "Hant", "Jpan"} else " "
        self.fallbacks: list[msg.Message] = []

    # -- sentences

    def _variant(self, message: msg.Message, interpreter_gender: Gender | None) -> str | None:
        """The catalog's gendered variant of ``message`` for this letter, if
        the language needs one and the catalog has it (else None: neutral)."""
        for whose, gender in (("recipient", self.recipient_gender), ("interpreter", interpreter_gender)):
            variant = msg.VARIANTS.get((message.id, whose, gender)) if gender else None
            if variant is not None and not self.english:
                found = catalogs.lookup(self.catalog, variant)
                if found:
                    return found
        return None

    def template(self, message: msg.Message, n: int | None = None, interpreter: Gender | None = None) -> str:
        if message.plural is not None:
            return self.catalog.ngettext(message.id, message.plural, n if n is not None else 1)
        found = self._variant(message, interpreter)
        if found:
            return found
        if message.context is not None:  # gettext() would find the message without the context
            return message.id if self.english else (catalogs.lookup(self.catalog, message) or message.id)
        return self.catalog.gettext(message.id)

    def text(
        self,
        message: msg.Message,
        n: int | None = None,
        *,
        interpreter: Gender | None = None,
        **values: Part | list[Part],
    ) -> Paragraph:
        """One translated sentence with its placeholders filled."""
        return Paragraph(_fill(self.template(message, n, interpreter), values))

    def plain(self, message: msg.Message) -> str:
        return self.template(message)

    def has(self, message: msg.Message) -> bool:
        """Whether this section's catalog translates ``message`` (English always does)."""
        return self.english or catalogs.lookup(self.catalog, message) is not None

    def choose(self, message: msg.Message) -> msg.Message | None:
        """``message``, or when the catalog leaves out this message of
        :data:`~contactplan.messages.FALLBACKS`, what the letter says
        instead (None: nothing), remembered in :attr:`fallbacks`."""
        if message not in msg.FALLBACKS or self.has(message):
            return message
        if message not in self.fallbacks:
            self.fallbacks.append(message)
        return msg.FALLBACKS[message]

    def kind_name(self, kind: str) -> str:
        """The name of a kind of contact; the generic name ("Appointment")
        when the catalog has none for it yet."""
        return self.plain(self.choose(msg.KIND_NAMES[kind]) or msg.GENERIC_KIND)

    # -- values

    def _written(self, text: str) -> Value:
        """Text Babel wrote in this section's language (a date, a list of
        names): in the section's direction when it holds a letter of that
        direction, else by its first strong character."""
        own = ("R", "AL") if self.rtl else ("L",)
        mine = any(unicodedata.bidirectional(ch) in own for ch in text)
        return Value(text, ("rtl" if self.rtl else "ltr") if mine else None)

    def date(self, day: dt.date, form: str = "long") -> Value:
        from babel.dates import format_date

        return self._written(str(format_date(day, form, locale=self.locale)))

    def when(self, start: dt.datetime) -> tuple[Value, list[Part]]:
        """The day (Babel, in full) and the time: ``14:30`` on the 24-hour
        clock in Latin digits, whatever the locale or Babel version, with
        which clock it is ("UK time", or the zone's own name)."""
        from babel.dates import format_date, get_timezone_location

        local = start.astimezone(self.zone)
        day = format_date(local.date(), "full", locale=self.locale)
        clock = Value(f"{local.hour:02d}:{local.minute:02d}")
        key = str(getattr(self.zone, "key", self.zone))
        if key in UK_ZONES:
            time = _fill(self.template(msg.TIME_UK), {"time": clock})
        else:
            zone = self._written(str(get_timezone_location(self.zone, locale=self.locale)))
            time = _fill(self.template(msg.TIME_IN_ZONE), {"time": clock, "zone": zone})
        return self._written(str(day)), time

    def number(self, n: int) -> Value:
        from babel.numbers import format_decimal

        return Value(str(format_decimal(n, locale=self.locale)))

    def names(self, items: list[str]) -> Value:
        from babel.lists import format_list

        return self._written(str(format_list(items, locale=self.locale)))

    def language_name(self, tag: str) -> Value:
        """The spoken language ``tag`` names, in this section's language:
        from :data:`contactplan.messages.LANGUAGE_NAMES` (Mandarin,
        Cantonese, Sorani, Dari, ...), else CLDR's name of the bare language
        (no script, no region): never "Chinese (Simplified)"."""
        base, keys = _language_keys(tag)
        for key in keys:
            message = msg.LANGUAGE_NAMES.get(key)
            if message is None:
                continue
            if self.english:
                return Value(message.id)
            found = catalogs.lookup(self.catalog, message)
            if found:
                return Value(found)
            break
        if self.english:
            return Value(lang.english_name(base))
        name = self.locale.languages.get(base)
        return Value(str(name) if name else lang.own_name(base))


def _language_keys(tag: str) -> tuple[str, list[str]]:
    """The bare language of ``tag`` and the keys to look it up by in
    :data:`contactplan.messages.LANGUAGE_NAMES`: language-REGION, then
    language (the script is never part of a spoken language's name)."""
    import langcodes

    try:
        parsed = langcodes.Language.get(tag)
    except (LookupError, ValueError):
        return tag, [tag]
    base = str(parsed.language or tag)
    keys = [f"{base}-{parsed.territory}"] if parsed.territory else []
    keys.append(base)
    keys = [_LANGUAGE_ALIASES.get(key, key) for key in keys]
    if tag in _LANGUAGE_ALIASES:
        keys.insert(0, _LANGUAGE_ALIASES[tag])
    return base, keys


def _fill(template: str, values: dict[str, Part | list[Part]]) -> list[Part]:
    """A translated sentence as parts: its own text, and the values for its
    named placeholders (left as written when a value is missing)."""
    parts: list[Part] = []
    for literal, name, _spec, _conversion in string.Formatter().parse(template):
        if literal:
            parts.append(literal)
        if name is not None:
            value = values.get(name, "{" + name + "}")
            parts.extend(value if isinstance(value, list) else [value])
    return parts


# ---- who and what a letter is about


def _start(case: Case, contact: Contact) -> dt.datetime:
    return case.localize(contact.start)


def _children(case: Case, contact: Contact | None) -> list[Member]:
    """The children a letter talks about: those seen alone at the contact,
    else the children attending it, else the case's subject children."""
    if contact is not None:
        alone = [case.member(s.child) for s in contact.seen_alone]
        if alone:
            return list({m.id: m for m in alone}.values())
        day = _start(case, contact).date()
        attending = [case.member(a) for a in contact.attendees if case.member(a).is_child(day)]
        if attending:
            return attending
    return case.subject_children()


def _arrangement(contact: Contact, member_id: str) -> Interpreting | None:
    """The live arrangement with a professional interpreter (booked or asked
    for) that covers ``member_id``."""
    for arrangement in contact.live_interpreting():
        if member_id in arrangement.for_ and arrangement.by is None:
            return arrangement
    return None


def _registered(case: Case, interpreter_id: str | None) -> Interpreter | None:
    if interpreter_id is None:
        return None
    return next((i for i in case.interpreters if i.id == interpreter_id), None)


def _interpreter_gender(case: Case, arrangement: Interpreting) -> Gender | None:
    """The booked interpreter's recorded gender (None: none booked, or unknown)."""
    found = _registered(case, arrangement.interpreter)
    return _gender(found.gender) if found is not None else None


def _relay(case: Case, arrangement: Interpreting, recipient: Member) -> Interpreter | None:
    """The Deaf relay interpreter booked beside the sign language
    interpreter for ``recipient``, who needs one (``deaf_relay``), when the
    arrangement is confirmed and names one."""
    if arrangement.status != "confirmed" or "deaf_relay" not in recipient.communication_needs:
        return None
    return _registered(case, arrangement.relay_interpreter)


def _signer(member: Member) -> str | None:
    """The sign language ``member`` uses, when their spoken language is one."""
    spoken = lang.spoken_language(member)
    return spoken if spoken is not None and lang.is_sign_language(spoken) else None


def _follow_up(case: Case, contact: Contact) -> Contact | None:
    """The planned contact that follows up a missed one, if there is one."""
    planned = [c for c in case.contacts if contact.id in c.follows_up and c.status == "planned"]
    return min(planned, key=lambda c: _start(case, c), default=None)


def _shown_contact(case: Case, letter: Letter, contact: Contact) -> Contact:
    """The contact whose date, time and place the letter puts first: the
    appointment it invites to; for a missed appointment the new one when
    there is one, else the one that was missed."""
    if letter.template != "missed_appointment":
        return contact
    return _follow_up(case, contact) or contact


def fallback_messages(case: Case, letter: Letter) -> tuple[msg.Message, ...]:
    """The messages of :data:`~contactplan.messages.FALLBACKS` this letter
    would use in a language that translates them: the name of the kind of
    contact it puts first, the wording for a Deaf reader who signs, the
    sentence naming a Deaf relay interpreter. A catalog that leaves one out
    still writes the letter, another way (CP304 says so)."""
    recipient = case.member(letter.to)
    used: list[msg.Message] = []
    shown = detailed = None
    if LETTER_TEMPLATES[letter.template].needs_contact and letter.contact is not None:
        contact = case.contact(letter.contact)
        shown = _shown_contact(case, letter, contact)
        # a missed appointment letter details the new appointment only
        detailed = contact if letter.template == "appointment" else _follow_up(case, contact)
    if shown is not None:
        used.append(msg.KIND_NAMES[shown.kind])
    arrangement = _arrangement(detailed, recipient.id) if detailed is not None else None
    if arrangement is not None and lang.is_sign_language(arrangement.language):
        confirmed = arrangement.status == "confirmed"
        used.append(msg.INTERPRETER_BOOKED_SIGN if confirmed else msg.INTERPRETER_REQUESTED_SIGN)
    if arrangement is not None and _relay(case, arrangement, recipient) is not None:
        used.append(msg.RELAY_BOOKED)
    if _signer(recipient) is not None:
        if letter.template == "domestic_abuse_support":
            used.append(msg.ABUSE_EMERGENCY_SIGN)
        used += [msg.INTERPRETER_FREE_SIGN, msg.CONTACT_US_SIGN]
    return tuple(dict.fromkeys(used))


def fallbacks_in(case: Case, letter: Letter, tag: str) -> tuple[msg.Message, ...]:
    """The messages of :func:`fallback_messages` the catalog for ``tag``
    leaves out: what the letter in that language says another way (none in
    English, the source, or with no catalog at all: that is CP302)."""
    locale = catalogs.locale_for(tag)
    if locale is None or locale == catalogs.SOURCE_LOCALE:
        return ()
    catalog = catalogs.translation(locale)
    return tuple(m for m in fallback_messages(case, letter) if catalogs.lookup(catalog, m) is None)


def describe_fallbacks(missing: tuple[msg.Message, ...]) -> list[str]:
    """What a letter says instead of each of ``missing``, for a practitioner."""
    said: list[str] = []
    kinds = [m for m in missing if m in msg.KIND_NAMES.values()]
    said += [f'has no name for a "{m.id}" (the letter says "{msg.GENERIC_KIND.id}" instead)' for m in kinds]
    if any(m in msg.SIGNER for m in missing):
        said.append(
            "has no wording yet for a Deaf reader who signs (the letter uses the wording for hearing "
            'readers: "speaks", "call us")'
        )
    if msg.RELAY_BOOKED in missing:
        said.append("does not yet name a Deaf relay interpreter (the letter leaves that sentence out)")
    return said


# ---- the letter's content

_MODE_SENTENCES = {
    "in_person": msg.INTERPRETER_IN_PERSON,
    "telephone": msg.INTERPRETER_TELEPHONE,
    "video": msg.INTERPRETER_VIDEO,
}


def _key(paragraph: Paragraph, css: str) -> Paragraph:
    paragraph.css = css
    paragraph.block = "key"
    return paragraph


def _glance(
    w: _Writer, contact: Contact, heading: msg.Message | None, clock_note: bool
) -> Iterator[Paragraph]:
    """What matters first, large, in a box under the heading: what the
    appointment is, its date, its time and its place (the clinic's or
    office's name as the case file writes it)."""
    day, time = w.when(_start(w.case, contact))
    if heading is not None:
        yield _key(w.text(heading), "key-heading")
    yield _key(w.text(msg.WHAT, kind=w.kind_name(contact.kind)), "key-what")
    yield _key(w.text(msg.KEY_DATE, date=day), "key-line")
    yield _key(w.text(msg.KEY_TIME, time=time), "key-line")
    if contact.location:
        yield _key(w.text(msg.KEY_PLACE, place=Value(contact.location)), "key-line")
    if clock_note:
        yield _key(w.text(msg.CLOCK_NOTE), "key-note")


def _details(w: _Writer, contact: Contact, recipient: Member) -> Iterator[Paragraph]:
    """Who the reader will see, how long it takes, the interpreter booked
    for them (a sign language interpreter who signs, a Deaf relay
    interpreter by name) and how the interpreter takes part."""
    if contact.practitioners:
        yield _detail(w.text(msg.WHO, people=w.names([p.name for p in contact.practitioners])))
    minutes = contact.duration_minutes
    yield _detail(w.text(msg.DURATION, minutes, minutes=w.number(minutes)))
    arrangement = _arrangement(contact, recipient.id)
    if arrangement is None:
        return
    who = _interpreter_gender(w.case, arrangement)
    confirmed = arrangement.status == "confirmed"
    if lang.is_sign_language(arrangement.language):
        wanted = msg.INTERPRETER_BOOKED_SIGN if confirmed else msg.INTERPRETER_REQUESTED_SIGN
        booked = w.choose(wanted) or msg.INTERPRETER_BOOKED
    else:
        booked = msg.INTERPRETER_BOOKED if confirmed else msg.INTERPRETER_REQUESTED
    sentence = w.text(booked, interpreter=who, language=w.language_name(arrangement.language))
    mode = w.text(_MODE_SENTENCES[arrangement.mode], interpreter=who)
    sentence.parts += [w.sentence_gap, *mode.parts]
    yield _detail(sentence, "detail interpreter")
    relay = _relay(w.case, arrangement, recipient)
    if relay is not None and w.choose(msg.RELAY_BOOKED) is not None:
        yield _detail(w.text(msg.RELAY_BOOKED, name=Value(relay.name)), "detail interpreter")


def _detail(paragraph: Paragraph, css: str = "detail") -> Paragraph:
    paragraph.css = css
    return paragraph


def _appointment(w: _Writer, letter: Letter, contact: Contact | None, note: bool) -> Iterator[Paragraph]:
    assert contact is not None
    recipient = w.case.member(letter.to)
    yield from _glance(w, contact, None, note)
    yield _greeting(w, recipient)
    yield w.text(msg.APPOINTMENT_INTRO)
    yield from _details(w, contact, recipient)
    children = _children(w.case, contact)
    if len(children) == 1:
        yield w.text(msg.SEEN_ALONE_ONE, child=Value(children[0].name))
    elif children:
        yield w.text(msg.SEEN_ALONE_SEVERAL, children=w.names([c.name for c in children]))
    yield w.text(msg.REARRANGE)


def _missed(w: _Writer, letter: Letter, contact: Contact | None, note: bool) -> Iterator[Paragraph]:
    assert contact is not None
    recipient = w.case.member(letter.to)
    new = _follow_up(w.case, contact)
    yield from _glance(w, new or contact, msg.MISSED_NEW_DATE if new else msg.MISSED_BOX_HEADING, note)
    yield _greeting(w, recipient)
    day, time = w.when(_start(w.case, contact))
    children = _children(w.case, contact)
    if contact.status == "was_not_brought" and len(children) > 1:
        names = w.names([c.name for c in children])
        yield w.text(msg.MISSED_NOT_BROUGHT_SEVERAL, children=names, date=day, time=time)
    elif contact.status == "was_not_brought" and children:
        yield w.text(msg.MISSED_NOT_BROUGHT_ONE, child=Value(children[0].name), date=day, time=time)
    elif contact.status == "no_access":
        yield w.text(msg.MISSED_NO_ACCESS, date=day, time=time)
    else:
        yield w.text(msg.MISSED_DID_NOT_ATTEND, date=day, time=time)
    yield w.text(msg.MISSED_WHY_SEVERAL if len(children) > 1 else msg.MISSED_WHY_ONE)
    yield w.text(msg.MISSED_NOT_BLAME)
    if new is None:
        yield w.text(msg.MISSED_NO_NEW_DATE)
    else:
        yield from _details(w, new, recipient)


def _abuse(w: _Writer, letter: Letter, contact: Contact | None, note: bool) -> Iterator[Paragraph]:
    recipient = w.case.member(letter.to)
    emergency = Value(EMERGENCY_NUMBER)
    yield _greeting(w, recipient)
    yield w.text(msg.ABUSE_INTRO)
    signed = w.choose(msg.ABUSE_EMERGENCY_SIGN) if _signer(recipient) is not None else None
    if signed is msg.ABUSE_EMERGENCY_SIGN:
        yield _important(w.text(msg.ABUSE_EMERGENCY_SIGN, number=emergency))
    else:
        yield _important(w.text(msg.ABUSE_EMERGENCY, number=emergency))
        yield w.text(msg.ABUSE_SILENT, number=emergency)
    yield _important(w.text(msg.ABUSE_HELPLINE, phone=Value(HELPLINE_NUMBER)))
    yield w.text(msg.ABUSE_CONFIDENTIAL)
    yield w.text(msg.ABUSE_TALK_TO_US)


def _important(paragraph: Paragraph) -> Paragraph:
    paragraph.css = "important"
    return paragraph


def _greeting(w: _Writer, recipient: Member) -> Paragraph:
    """ "Dear ...": with the name in the vocative where the case file records
    it (``name_vocative``) and the language has a vocative greeting, else with
    the full name."""
    if recipient.name_vocative and not w.english:
        for gender in dict.fromkeys((w.recipient_gender, None)):
            found = catalogs.lookup(w.catalog, msg.VOCATIVE_GREETINGS[gender])
            if found:
                return Paragraph(_fill(found, {"name": Value(recipient.name_vocative)}))
    return w.text(msg.GREETING, name=Value(recipient.name))


_BODIES = {
    "appointment": (msg.APPOINTMENT_TITLE, _appointment),
    "missed_appointment": (msg.MISSED_TITLE, _missed),
    "domestic_abuse_support": (msg.ABUSE_TITLE, _abuse),
}


def _sender(w: _Writer) -> Iterator[Paragraph]:
    info = w.case.case
    if info.agency is not None:
        yield Paragraph([Value(info.agency.name)], "logo", "sender")
        if info.agency.address:
            yield Paragraph([Value(info.agency.address)], "sender", "sender")
        if info.agency.phone:
            yield Paragraph(w.text(msg.PHONE, phone=Value(info.agency.phone)).parts, "sender", "sender")
        if info.agency.email:
            yield Paragraph(w.text(msg.EMAIL, email=Value(info.agency.email)).parts, "sender", "sender")
    lead = info.lead_practitioner
    if lead is not None:
        yield Paragraph([Value(_named(lead.name, lead.role))], "sender name", "sender")
        if lead.phone:
            yield Paragraph(w.text(msg.PHONE, phone=Value(lead.phone)).parts, "sender", "sender")
        if lead.email:
            yield Paragraph(w.text(msg.EMAIL, email=Value(lead.email)).parts, "sender", "sender")


def _named(name: str, role: str | None) -> str:
    return f"{name}, {role}" if role else name


def _closing(w: _Writer, recipient: Member) -> list[Paragraph]:
    """The standard paragraphs, the sign-off and the signature. For a Deaf
    reader who signs: going through the letter in their sign language, and
    email, text message or video relay instead of a call."""
    sign = _signer(recipient)
    free = w.choose(msg.INTERPRETER_FREE_SIGN) if sign else msg.INTERPRETER_FREE
    contact_us = w.choose(msg.CONTACT_US_SIGN) if sign else msg.CONTACT_US
    language = w.language_name(sign) if sign else Value("")
    closing = [
        w.text(free or msg.INTERPRETER_FREE, language=language),
        w.text(contact_us or msg.CONTACT_US),
        w.text(msg.SIGN_OFF),
    ]
    lead = w.case.case.lead_practitioner
    if lead is not None:
        closing.append(Paragraph([Value(_named(lead.name, lead.role))], "signature"))
    for paragraph in closing:
        paragraph.block = "closing"
    return closing


def _section(
    case: Case,
    letter: Letter,
    contact: Contact | None,
    tag: str,
    *,
    today: dt.date,
    copy_follows: bool,
    clock_note: bool,
    window: tuple[list[str], float],
    large_print: bool,
) -> Section:
    recipient = case.member(letter.to)
    w = _Writer(case, tag, recipient)
    title, body = _BODIES[letter.template]
    section = Section(w.tag, w.rtl, w.plain(title), large_print=large_print, window_pt=window[1])
    add = section.paragraphs.extend
    add(_sender(w))
    add(Paragraph([Value(line)], "recipient", "address") for line in window[0])
    add([Paragraph(w.text(msg.REFERENCE, reference=Value(case.reference)).parts, "meta", "meta")])
    add([Paragraph(w.text(msg.LETTER_DATE, date=w.date(today)).parts, "meta", "meta")])
    add([Paragraph([w.plain(title)], "title", "title")])
    add(body(w, letter, contact, clock_note))
    add(_closing(w, recipient))
    if copy_follows:
        add([Paragraph(w.text(msg.ENGLISH_COPY_FOLLOWS).parts, "copy-follows", "note")])
    section.fallbacks = w.fallbacks
    return section


def _practitioner_page(case: Case, letter: Letter) -> Section:
    """The last page of a domestic abuse support letter: how to hand it over
    safely. In English, for the practitioner; never handed over."""
    recipient = case.member(letter.to)
    name = Value(recipient.name)
    lines: list[list[Part]] = [
        ["This page is not part of the letter. Take it off before you hand the letter over or post it."],
    ]
    if letter.delivery == "safe_contact" and recipient.safe_contact is not None:
        lines.append(
            [
                "It goes to ",
                name,
                "'s safe contact, never to the family home: check with them first how and when it is "
                "safe to send or collect it.",
            ]
        )
    else:
        lines.append(
            [
                "Give it to ",
                name,
                " only when they are on their own, away from anyone who may harm them, with a professional "
                "interpreter if they need one. Never post it to the family home.",
            ]
        )
    lines += [
        [
            "Ask first whether it is safe for them to keep it: someone in the home may find it. If it is "
            "not, go through it with them, offer to save the helpline number (0808 2000 247) under "
            "another name, and keep the letter on the file.",
        ],
        ["Never ask a family member or a child to read, translate or pass it on."],
        [
            "Do not write what the letter is about on the envelope, in a covering note or in a text message.",
        ],
    ]
    section = Section("en", False, PRACTITIONER_HEADING, practitioner=True)
    section.paragraphs = [Paragraph([PRACTITIONER_HEADING], "title", "title")]
    section.paragraphs += [Paragraph(parts) for parts in lines]
    section.paragraphs.append(Paragraph(["Case reference: ", Value(case.reference)], "meta", "meta"))
    return section


# ---- the whole letter


def _contact(case: Case, letter: Letter) -> Contact | None:
    if not LETTER_TEMPLATES[letter.template].needs_contact:
        return None
    if letter.contact is None:
        raise LetterError(f"letter {letter.id}: a {letter.template} letter needs a contact")
    contact = case.contact(letter.contact)
    if letter.template == "missed_appointment" and not contact.is_missed:
        raise LetterError(
            f"letter {letter.id}: contact {contact.id} was not missed (status {contact.status}); "
            "a missed_appointment letter is about a contact with status was_not_brought, no_access "
            "or did_not_attend"
        )
    return contact


def _needs_clock_note(tags: list[str]) -> bool:
    return any(_language_keys(t)[0] in CLOCK_NOTE_LANGUAGES for t in tags)


def sections(
    case: Case,
    letter: Letter,
    languages: list[str],
    *,
    english_copy: bool | None = None,
    today: dt.date,
) -> list[Section]:
    """The letter's sections: one for each of ``languages`` (normally from
    :func:`contactplan.checks.letters.due_languages`), then the English copy
    unless one of them is English or ``english_copy`` is False (None, the
    default: an English copy, except for a domestic abuse support letter),
    then, for a domestic abuse support letter, the practitioner's page.

    A recipient who needs large print (``communication_needs:
    [large_print]``) gets every section they read in large print; the
    English copy kept for the records is in the usual size."""
    for tag in languages:
        if not catalogs.status(letter.template, tag).available:
            name = f"{lang.english_name(tag)} [{tag}]"
            raise LetterError(f"no complete translation of the {letter.template} template in {name}")
    contact = _contact(case, letter)
    large = LARGE_PRINT in case.member(letter.to).communication_needs
    window = _window(case, letter)
    tags = list(dict.fromkeys(languages))
    abuse = letter.template == "domestic_abuse_support"
    wanted = (not abuse) if english_copy is None else english_copy
    copy = wanted and not any(lang.is_english(t) for t in tags)
    note = _needs_clock_note(tags)
    read = _window(case, letter, large) if large else window
    result = [
        _section(
            case, letter, contact, t, today=today, copy_follows=copy, clock_note=note, window=read,
            large_print=large,
        )
        for t in tags
    ]  # fmt: skip
    if copy:
        english = _section(
            case, letter, contact, "en", today=today, copy_follows=False, clock_note=note, window=window,
            large_print=False,
        )  # fmt: skip
        english.english_copy = True
        result.append(english)
    if abuse:
        result.append(_practitioner_page(case, letter))
    return result
