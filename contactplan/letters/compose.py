"""A letter's content: one section per language, each a list of paragraphs.

A paragraph is a translated sentence whose placeholders are filled with
:class:`Value` parts. Values come from the case file (names, places) or are
written here (dates by Babel, times on the 24-hour clock, language names from
the catalogs' table): in HTML each is escaped and wrapped in ``<bdi>``, so
that a name with hidden direction marks cannot reorder an Urdu sentence; in
plain text right-to-left sections isolate them with FIRST STRONG ISOLATE ...
POP DIRECTIONAL ISOLATE.

Each paragraph belongs to a *block* of the printed page, in the order of the
Home Office "send a letter" pattern: ``sender`` (logo area and the agency's
details), ``address`` (the recipient's name and address, placed for a window
envelope), ``meta`` (reference and date), ``title`` (the main heading),
``body``, ``closing`` (the standard paragraphs, sign-off and signature, kept
together), ``note`` (the line that says an English copy follows).

Babel is imported inside the functions that use it.
"""

from __future__ import annotations

import datetime as dt
import gettext
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from .. import catalogs
from .. import languages as lang
from .. import messages as msg
from ..errors import UsageError
from ..model import Case, Contact, Interpreting, Letter, Member
from ..vocabulary import LETTER_TEMPLATES

if TYPE_CHECKING:
    from babel import Locale

__all__ = [
    "CLOCK_NOTE_LANGUAGES",
    "ENGLISH_COPY_HEADING",
    "PRACTITIONER_HEADING",
    "LetterError",
    "Paragraph",
    "Part",
    "Section",
    "Value",
    "sections",
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

Block = Literal["sender", "address", "meta", "title", "body", "closing", "note"]
Gender = Literal["female", "male"]


class LetterError(UsageError):
    """A letter that cannot be written as asked (no contact, no translation)."""


@dataclass(frozen=True, slots=True)
class Value:
    """Text inserted into a sentence: never translated, always isolated."""

    text: str


Part = str | Value


@dataclass(slots=True)
class Paragraph:
    parts: list[Part]
    css: str = ""
    block: Block = "body"


@dataclass(slots=True)
class Section:
    """One language's letter (or the English copy, or the practitioner's page)."""

    tag: str
    rtl: bool
    title: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    english_copy: bool = False
    practitioner: bool = False

    def block(self, name: Block) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.block == name]


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
        self.catalog: gettext.NullTranslations = catalogs.translation(status_locale)
        self.locale: Locale = Locale.parse(babel_name)
        self.zone = case.timezone()
        self.recipient_gender = _gender(recipient.gender)
        # Chinese and Japanese put no space between sentences.
        self.sentence_gap = "" if lang.script_of(self.tag) in {"Hans", "Hant", "Jpan"} else " "

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
        return self._variant(message, interpreter) or self.catalog.gettext(message.id)

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
        return self.catalog.gettext(message.id)

    # -- values

    def date(self, day: dt.date, form: str = "long") -> Value:
        from babel.dates import format_date

        return Value(str(format_date(day, form, locale=self.locale)))

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
            zone = Value(str(get_timezone_location(self.zone, locale=self.locale)))
            time = _fill(self.template(msg.TIME_IN_ZONE), {"time": clock, "zone": zone})
        return Value(str(day)), time

    def number(self, n: int) -> Value:
        from babel.numbers import format_decimal

        return Value(str(format_decimal(n, locale=self.locale)))

    def names(self, items: list[str]) -> Value:
        from babel.lists import format_list

        return Value(str(format_list(items, locale=self.locale)))

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


# ---- the letter's content


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


def _interpreter_gender(case: Case, arrangement: Interpreting) -> Gender | None:
    """The booked interpreter's recorded gender (None: none booked, or unknown)."""
    if arrangement.interpreter is None:
        return None
    known = {i.id: i for i in case.interpreters}
    found = known.get(arrangement.interpreter)
    return _gender(found.gender) if found is not None else None


_MODE_SENTENCES = {
    "in_person": msg.INTERPRETER_IN_PERSON,
    "telephone": msg.INTERPRETER_TELEPHONE,
    "video": msg.INTERPRETER_VIDEO,
}


def _details(w: _Writer, contact: Contact, recipient: Member, clock_note: bool) -> Iterator[Paragraph]:
    day, time = w.when(_start(w.case, contact))
    yield _detail(w.text(msg.WHAT, kind=w.plain(msg.KIND_NAMES[contact.kind])))
    yield _detail(w.text(msg.WHEN, date=day, time=time))
    if clock_note:
        yield _detail(w.text(msg.CLOCK_NOTE), "detail clock-note")
    if contact.location:
        yield _detail(w.text(msg.WHERE, place=Value(contact.location)))
    if contact.practitioners:
        yield _detail(w.text(msg.WHO, people=w.names([p.name for p in contact.practitioners])))
    minutes = contact.duration_minutes
    yield _detail(w.text(msg.DURATION, minutes, minutes=w.number(minutes)))
    arrangement = _arrangement(contact, recipient.id)
    if arrangement is not None:
        who = _interpreter_gender(w.case, arrangement)
        booked = msg.INTERPRETER_BOOKED if arrangement.status == "confirmed" else msg.INTERPRETER_REQUESTED
        sentence = w.text(booked, interpreter=who, language=w.language_name(arrangement.language))
        mode = w.text(_MODE_SENTENCES[arrangement.mode], interpreter=who)
        sentence.parts += [w.sentence_gap, *mode.parts]
        yield sentence


def _detail(paragraph: Paragraph, css: str = "detail") -> Paragraph:
    paragraph.css = css
    return paragraph


def _appointment(w: _Writer, letter: Letter, contact: Contact | None, note: bool) -> Iterator[Paragraph]:
    assert contact is not None
    recipient = w.case.member(letter.to)
    yield w.text(msg.APPOINTMENT_INTRO)
    yield from _details(w, contact, recipient, note)
    children = _children(w.case, contact)
    if len(children) == 1:
        yield w.text(msg.SEEN_ALONE_ONE, child=Value(children[0].name))
    elif children:
        yield w.text(msg.SEEN_ALONE_SEVERAL, children=w.names([c.name for c in children]))
    yield w.text(msg.REARRANGE)


def _follow_up(case: Case, contact: Contact) -> Contact | None:
    """The planned contact that follows up a missed one, if there is one."""
    planned = [c for c in case.contacts if contact.id in c.follows_up and c.status == "planned"]
    return min(planned, key=lambda c: _start(case, c), default=None)


def _missed(w: _Writer, letter: Letter, contact: Contact | None, note: bool) -> Iterator[Paragraph]:
    assert contact is not None
    recipient = w.case.member(letter.to)
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
    yield _detail(w.text(msg.WHAT, kind=w.plain(msg.KIND_NAMES[contact.kind])))
    yield w.text(msg.MISSED_WHY_SEVERAL if len(children) > 1 else msg.MISSED_WHY_ONE)
    yield w.text(msg.MISSED_NOT_BLAME)
    new = _follow_up(w.case, contact)
    if new is None:
        yield w.text(msg.MISSED_NO_NEW_DATE)
    else:
        yield w.text(msg.MISSED_NEW_DATE)
        yield from _details(w, new, recipient, note)
    if new is None and note:
        yield _detail(w.text(msg.CLOCK_NOTE), "detail clock-note")


def _abuse(w: _Writer, letter: Letter, contact: Contact | None, note: bool) -> Iterator[Paragraph]:
    emergency = Value(EMERGENCY_NUMBER)
    yield w.text(msg.ABUSE_INTRO)
    yield _important(w.text(msg.ABUSE_EMERGENCY, number=emergency))
    yield w.text(msg.ABUSE_SILENT, number=emergency)
    yield _important(w.text(msg.ABUSE_HELPLINE, phone=Value(HELPLINE_NUMBER)))
    yield w.text(msg.ABUSE_CONFIDENTIAL)
    yield w.text(msg.ABUSE_TALK_TO_US)


def _important(paragraph: Paragraph) -> Paragraph:
    paragraph.css = "important"
    return paragraph


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


def address_lines(case: Case, letter: Letter) -> list[str]:
    """The lines of the recipient's postal address printed on the letter
    (its commas and line breaks become lines, for a window envelope).

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
    parts = (part.strip() for line in address.splitlines() for part in line.split(","))
    return [part for part in parts if part]


def _section(
    case: Case,
    letter: Letter,
    contact: Contact | None,
    tag: str,
    *,
    today: dt.date,
    copy_follows: bool,
    clock_note: bool,
) -> Section:
    recipient = case.member(letter.to)
    w = _Writer(case, tag, recipient)
    title, body = _BODIES[letter.template]
    section = Section(w.tag, lang.is_rtl(w.tag), w.plain(title))
    add = section.paragraphs.extend
    add(_sender(w))
    add([Paragraph([Value(recipient.name)], "recipient", "address")])
    add(Paragraph([Value(line)], "recipient", "address") for line in address_lines(case, letter))
    add([Paragraph(w.text(msg.REFERENCE, reference=Value(case.reference)).parts, "meta", "meta")])
    add([Paragraph(w.text(msg.LETTER_DATE, date=w.date(today)).parts, "meta", "meta")])
    add([Paragraph([w.plain(title)], "title", "title")])
    add([w.text(msg.GREETING, name=Value(recipient.name))])
    add(body(w, letter, contact, clock_note))
    closing = [w.text(msg.INTERPRETER_FREE), w.text(msg.CONTACT_US), w.text(msg.SIGN_OFF)]
    lead = case.case.lead_practitioner
    if lead is not None:
        closing.append(Paragraph([Value(_named(lead.name, lead.role))], "signature"))
    for paragraph in closing:
        paragraph.block = "closing"
    add(closing)
    if copy_follows:
        add([Paragraph(w.text(msg.ENGLISH_COPY_FOLLOWS).parts, "copy-follows", "note")])
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
    then, for a domestic abuse support letter, the practitioner's page."""
    for tag in languages:
        if not catalogs.status(letter.template, tag).available:
            name = f"{lang.english_name(tag)} [{tag}]"
            raise LetterError(f"no complete translation of the {letter.template} template in {name}")
    contact = _contact(case, letter)
    tags = list(dict.fromkeys(languages))
    abuse = letter.template == "domestic_abuse_support"
    wanted = (not abuse) if english_copy is None else english_copy
    copy = wanted and not any(lang.is_english(t) for t in tags)
    note = _needs_clock_note(tags)
    result = [
        _section(case, letter, contact, t, today=today, copy_follows=copy, clock_note=note) for t in tags
    ]
    if copy:
        english = _section(case, letter, contact, "en", today=today, copy_follows=False, clock_note=note)
        english.english_copy = True
        result.append(english)
    if abuse:
        result.append(_practitioner_page(case, letter))
    return result
