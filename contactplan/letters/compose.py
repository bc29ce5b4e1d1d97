"""A letter's content: one section per language, each a list of paragraphs.

A paragraph is a translated sentence whose placeholders are
filled with :class:`Value` parts. Values come from the case file (names,
places) or from Babel (dates, times, language names): in HTML each is
escaped and wrapped in ``<bdi>``, so that a name with hidden direction marks
cannot reorder an Urdu sentence; in plain text right-to-left sections
isolate them with FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE.

Babel is imported inside the functions that use it.
"""

from __future__ import annotations

import datetime as dt
import gettext
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .. import catalogs
from .. import languages as lang
from .. import messages as msg
from ..errors import UsageError
from ..model import Case, Contact, Interpreting, Letter, Member
from ..vocabulary import LETTER_TEMPLATES

if TYPE_CHECKING:
    from babel import Locale

__all__ = ["LetterError", "Paragraph", "Part", "Section", "Value", "sections"]

#: The emergency number and the national domestic abuse helpline (cli.md).
EMERGENCY_NUMBER = "999"
HELPLINE_NUMBER = "0808 2000 247"
#: Heading of the English copy; only ever shown in English.
#: Heading of the English copy; only ever shown in English.
ENGLISH_COPY_HEADING = "English copy for the agency's records"
#: Babel locale for the English sections (a UK agency writes UK dates).
ENGLISH_LOCALE = "en_GB"


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


@dataclass(slots=True)
class Section:
    tag: str
    rtl: bool
    title: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    english_copy: bool = False


# ---- one language


class _Writer:
    """Everything that depends on a section's language: its catalog, its
    Babel locale, and how dates, numbers and lists are written in it."""

    def __init__(self, case: Case, tag: str) -> None:
        from babel import Locale

        status_locale = catalogs.locale_for(tag)
        if status_locale is None:
            raise LetterError(f"no translation in {lang.english_name(tag)} [{tag}]")
        self.case = case
        self.tag = tag if status_locale != catalogs.SOURCE_LOCALE else "en"
        self.catalog: gettext.NullTranslations = catalogs.translation(status_locale)
        babel_name = ENGLISH_LOCALE if status_locale == catalogs.SOURCE_LOCALE else status_locale
        self.locale: Locale = Locale.parse(babel_name)
        self.zone = case.timezone()
        # Chinese and Japanese put no space between sentences.
        self.sentence_gap = "" if lang.script_of(self.tag) in {"Hans", "Hant", "Jpan"} else " "

    def text(self, message: msg.Message, n: int | None = None, **values: Part) -> Paragraph:
        """One translated sentence with its placeholders filled."""
        if message.plural is None:
            template = self.catalog.gettext(message.id)
        else:
            template = self.catalog.ngettext(message.id, message.plural, n if n is not None else 1)
        return Paragraph(_fill(template, values))

    def plain(self, message: msg.Message) -> str:
        return self.catalog.gettext(message.id)

    def date(self, day: dt.date, form: str = "long") -> Value:
        from babel.dates import format_date

        return Value(str(format_date(day, form, locale=self.locale)))

    def when(self, start: dt.datetime) -> tuple[Value, Value]:
        from babel.dates import format_date, format_time

        local = start.astimezone(self.zone)
        day = format_date(local.date(), "full", locale=self.locale)
        time = format_time(local, "short", tzinfo=self.zone, locale=self.locale)
        return Value(str(day)), Value(str(time))

    def number(self, n: int) -> Value:
        from babel.numbers import format_decimal

        return Value(str(format_decimal(n, locale=self.locale)))

    def names(self, items: list[str]) -> Value:
        from babel.lists import format_list

        return Value(str(format_list(items, locale=self.locale)))

    def language_name(self, tag: str) -> Value:
        """``tag``'s name in this section's language (``pl`` in Polish: ``polski``)."""
        from babel import Locale, UnknownLocaleError

        if self.tag == "en":
            return Value(lang.english_name(tag))
        try:
            name = Locale.parse(tag.replace("-", "_")).get_display_name(self.locale)
        except (ValueError, UnknownLocaleError):
            name = None
        return Value(str(name) if name else lang.own_name(tag))


def _fill(template: str, values: dict[str, Part]) -> list[Part]:
    """A translated sentence as parts: its own text, and the values for its
    named placeholders (left as written when a value is missing)."""
    parts: list[Part] = []
    for literal, name, _spec, _conversion in string.Formatter().parse(template):
        if literal:
            parts.append(literal)
        if name is not None:
            parts.append(values.get(name, "{" + name + "}"))
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


_MODE_SENTENCES = {
    "in_person": msg.INTERPRETER_IN_PERSON,
    "telephone": msg.INTERPRETER_TELEPHONE,
    "video": msg.INTERPRETER_VIDEO,
}


def _details(w: _Writer, contact: Contact, recipient: Member) -> Iterator[Paragraph]:
    day, time = w.when(_start(w.case, contact))
    yield _detail(w.text(msg.WHAT, kind=w.plain(msg.KIND_NAMES[contact.kind])))
    yield _detail(w.text(msg.WHEN, date=day, time=time))
    if contact.location:
        yield _detail(w.text(msg.WHERE, place=Value(contact.location)))
    if contact.practitioners:
        yield _detail(w.text(msg.WHO, people=w.names([p.name for p in contact.practitioners])))
    minutes = contact.duration_minutes
    yield _detail(w.text(msg.DURATION, minutes, minutes=w.number(minutes)))
    arrangement = _arrangement(contact, recipient.id)
    if arrangement is not None:
        booked = msg.INTERPRETER_BOOKED if arrangement.status == "confirmed" else msg.INTERPRETER_REQUESTED
        sentence = w.text(booked, language=w.language_name(arrangement.language))
        sentence.parts += [w.sentence_gap, *w.text(_MODE_SENTENCES[arrangement.mode]).parts]
        yield sentence


def _detail(paragraph: Paragraph) -> Paragraph:
    paragraph.css = "detail"
    return paragraph


def _appointment(w: _Writer, letter: Letter, contact: Contact | None) -> Iterator[Paragraph]:
    assert contact is not None
    recipient = w.case.member(letter.to)
    yield w.text(msg.APPOINTMENT_INTRO)
    yield from _details(w, contact, recipient)
    children = _children(w.case, contact)
    if children:
        yield w.text(msg.SEEN_ALONE, len(children), children=w.names([c.name for c in children]))
    yield w.text(msg.REARRANGE)


def _follow_up(case: Case, contact: Contact) -> Contact | None:
    """The planned contact that follows up a missed one, if there is one."""
    planned = [c for c in case.contacts if c.follow_up_of == contact.id and c.status == "planned"]
    return min(planned, key=lambda c: _start(case, c), default=None)


def _missed(w: _Writer, letter: Letter, contact: Contact | None) -> Iterator[Paragraph]:
    assert contact is not None
    recipient = w.case.member(letter.to)
    day, time = w.when(_start(w.case, contact))
    children = _children(w.case, contact)
    if contact.status == "was_not_brought":
        yield w.text(
            msg.MISSED_NOT_BROUGHT,
            len(children),
            children=w.names([c.name for c in children]),
            date=day,
            time=time,
        )
    elif contact.status == "no_access":
        yield w.text(msg.MISSED_NO_ACCESS, date=day, time=time)
    else:
        yield w.text(msg.MISSED_DID_NOT_ATTEND, date=day, time=time)
    yield _detail(w.text(msg.WHAT, kind=w.plain(msg.KIND_NAMES[contact.kind])))
    yield w.text(msg.MISSED_WHY, max(len(children), 1))
    yield w.text(msg.MISSED_NOT_BLAME)
    new = _follow_up(w.case, contact)
    if new is None:
        yield w.text(msg.MISSED_NO_NEW_DATE)
    else:
        yield w.text(msg.MISSED_NEW_DATE)
        yield from _details(w, new, recipient)


def _abuse(w: _Writer, letter: Letter, contact: Contact | None) -> Iterator[Paragraph]:
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
        yield Paragraph([Value(info.agency.name)], "sender name")
        if info.agency.address:
            yield Paragraph([Value(info.agency.address)], "sender")
        if info.agency.phone:
            yield Paragraph(w.text(msg.PHONE, phone=Value(info.agency.phone)).parts, "sender")
        if info.agency.email:
            yield Paragraph(w.text(msg.EMAIL, email=Value(info.agency.email)).parts, "sender")
    lead = info.lead_practitioner
    if lead is not None:
        yield Paragraph([Value(_named(lead.name, lead.role))], "sender name")
        if lead.phone:
            yield Paragraph(w.text(msg.PHONE, phone=Value(lead.phone)).parts, "sender")
        if lead.email:
            yield Paragraph(w.text(msg.EMAIL, email=Value(lead.email)).parts, "sender")


def _named(name: str, role: str | None) -> str:
    return f"{name}, {role}" if role else name


def _section(
    case: Case, letter: Letter, contact: Contact | None, tag: str, *, today: dt.date, copy_follows: bool
) -> Section:
    w = _Writer(case, tag)
    title, body = _BODIES[letter.template]
    recipient = case.member(letter.to)
    section = Section(w.tag, lang.is_rtl(w.tag), w.plain(title))
    add = section.paragraphs.extend
    add(_sender(w))
    add([Paragraph([Value(recipient.name)], "recipient")])
    if recipient.address:
        add([Paragraph([Value(recipient.address)], "recipient")])
    add([_detail(w.text(msg.REFERENCE, reference=Value(case.reference)))])
    add([_detail(w.text(msg.LETTER_DATE, date=w.date(today)))])
    add([Paragraph([w.plain(title)], "title")])
    add([w.text(msg.GREETING, name=Value(recipient.name))])
    add(body(w, letter, contact))
    add([w.text(msg.INTERPRETER_FREE), w.text(msg.CONTACT_US), w.text(msg.SIGN_OFF)])
    lead = case.case.lead_practitioner
    if lead is not None:
        add([Paragraph([Value(_named(lead.name, lead.role))], "signature")])
    if copy_follows:
        add([_detail(w.text(msg.ENGLISH_COPY_FOLLOWS))])
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


def sections(
    case: Case, letter: Letter, languages: list[str], *, english_copy: bool = True, today: dt.date
) -> list[Section]:
    """The letter's sections: one for each of ``languages`` (normally from
    :func:`contactplan.checks.letters.due_languages`), then the English copy
    unless one of them is English or ``english_copy`` is False."""
    for tag in languages:
        if not catalogs.status(letter.template, tag).available:
            name = f"{lang.english_name(tag)} [{tag}]"
            raise LetterError(f"no complete translation of the {letter.template} template in {name}")
    contact = _contact(case, letter)
    tags = list(dict.fromkeys(languages))
    copy = english_copy and not any(lang.is_english(t) for t in tags)
    result = [_section(case, letter, contact, t, today=today, copy_follows=copy) for t in tags]
    if copy:
        english = _section(case, letter, contact, "en", today=today, copy_follows=False)
        english.english_copy = True
        result.append(english)
    return result
