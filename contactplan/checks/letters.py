"""Letters: each letter in a language its recipient reads, from a translation
that exists and has been reviewed, gone through with someone who can't read
it (CP301-CP304).

:func:`letter_findings` and :func:`due_languages` are also what
``contactplan letter`` uses to refuse a letter (the errors CP301, CP302,
CP303 and CP601) or warn about it (CP304): one piece of code for the rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from .. import languages as lang
from ..errors import UsageError
from ..findings import Finding
from ..languages import LanguageNeeds, Match
from ..model import Case, Contact, Letter
from ..vocabulary import LETTER_TEMPLATES
from ..wording import names
from ._examples import KID, case_file, contact
from .context import Context, covering
from .registry import Family, Hit

FAMILY = Family("letters", "Letters", 3)


def _available(template: str, tag: str) -> bool:
    from .. import catalogs

    return catalogs.status(template, tag).available


def _reviewed(template: str, tag: str) -> bool:
    from .. import catalogs

    return catalogs.status(template, tag).reviewed


def _recipient(context: Context, letter: Letter) -> None:
    """A letter to someone who is not in the case is a usage error, not a finding."""
    if letter.to not in context.members:
        raise UsageError(f"letter {letter.id!r}: no member {letter.to!r} in the case file")
    for field, value in (("contact", letter.contact), ("explained_at", letter.explained_at)):
        if value is not None and value not in context.contacts:
            raise UsageError(f"letter {letter.id!r}: {field}: no contact {value!r} in the case file")


def _given(letter: Letter, languages: list[str] | None) -> list[str] | None:
    """The languages asked for: ``--language``, else the case file's; None when
    contactplan chooses."""
    given = languages if languages is not None else letter.languages
    if not given:
        return None
    return list(dict.fromkeys(lang.normalize_tag(tag) for tag in given))


def _needs(context: Context, letter: Letter) -> LanguageNeeds:
    """The recipient's needs on the day of the contact the letter is about, else today."""
    about = context.contacts.get(letter.contact) if letter.contact is not None else None
    return context.needs(letter.to, context.day(about) if about is not None else None)


def _due(context: Context, letter: Letter, languages: list[str] | None) -> list[str]:
    given = _given(letter, languages)
    if given is not None:
        return given
    needs = _needs(context, letter)
    if needs.written is not None:
        return [needs.written]
    if needs.spoken is not None and _available(letter.template, needs.spoken):
        return [needs.spoken]
    return ["en"]


def due_languages(case: Case, letter: Letter, languages: list[str] | None = None) -> list[str]:
    """The languages the letter would be written in: those asked for
    (``languages``, else the letter's ``languages``); when none are, the
    recipient's written language; for a recipient with no written language,
    their spoken language if it has a translation, else English."""
    context = Context.build(case)
    _recipient(context, letter)
    return _due(context, letter, languages)


def unreadable(needs: LanguageNeeds, given: list[str] | None) -> bool:
    """The CP301 situation: the languages asked for leave out the recipient's
    written language, and do not include English for someone who reads it well."""
    if not needs.known or needs.written is None or given is None:
        return False
    if any(lang.same_written(needs.written, tag) for tag in given):
        return False
    return not (needs.reads_english and any(lang.is_english(tag) for tag in given))


def _about(context: Context, letter: Letter) -> str:
    return f"the {LETTER_TEMPLATES[letter.template].label} {letter.id} to {context.name(letter.to)}"


def _language_list(tags: list[str]) -> str:
    return names([lang.written_name(tag) for tag in tags])


def _english_only(context: Context, letter: Letter, languages: list[str] | None) -> Iterator[Hit]:
    needs = _needs(context, letter)
    given = _given(letter, languages)
    if not unreadable(needs, given) or given is None or needs.written is None:
        return
    if not _available(letter.template, needs.written):
        return  # due in a language with no translation: CP302, not CP301
    yield Hit(
        f"{_about(context, letter)} is in {_language_list(given)}, which they do not read well enough: "
        f"send it in {lang.written_name(needs.written)}",
        member=letter.to,
        contact=letter.contact,
        letter=letter.id,
    )


def _missing(
    context: Context, letter: Letter, languages: list[str] | None, writing: bool = False
) -> Iterator[Hit]:
    """CP302. In the checks (``writing`` false) not for a letter already
    sent (it went out: CP301 covers an English one), nor for a recipient
    with no written language (a translation would not help them: CP303 is
    the finding). ``contactplan letter`` (``writing``) refuses to write any
    letter in a language with no translation."""
    needs = _needs(context, letter)
    if not writing and (letter.sent is not None or (needs.known and needs.written is None)):
        return
    due = _due(context, letter, languages)
    if unreadable(needs, _given(letter, languages)) and needs.written is not None:
        due = [needs.written, *due]
    missing = [tag for tag in dict.fromkeys(due) if not _available(letter.template, tag)]
    if missing:
        yield Hit(
            f"{_about(context, letter)} is due in {_language_list(missing)} and contactplan has no "
            f"complete translation of the {letter.template} template in "
            f"{'that language' if len(missing) == 1 else 'those languages'}: "
            "have it translated, or contact them with an interpreter",
            member=letter.to,
            contact=letter.contact,
            letter=letter.id,
        )


def print_problem(context: Context, letter: Letter) -> str | None:
    """Why the recipient can't read a printed letter (the reason of CP303
    before ``explained_at`` is looked at), or None when they can."""
    member = context.members[letter.to]
    needs = _needs(context, letter)
    if not needs.known or needs.young_child:
        return None
    if needs.written is None:
        return "reads no language well enough to read it"
    unmet = [n for n in member.communication_needs if n not in ("deaf_relay", "lipspeaker")]
    if unmet:
        return f"needs {names([n.replace('_', ' ') for n in unmet])}, which a printed letter does not meet"
    return None


def _covered_there(context: Context, where: Contact, member_id: str, needs: LanguageNeeds) -> bool:
    """A professional interpreter in the person's spoken language covers them
    at ``where`` (in person or by video for a signer)."""
    spoken = needs.spoken
    if spoken is None:
        return False
    for arrangement in covering(where, member_id):
        if not arrangement.professional or lang.match_spoken(spoken, arrangement.language) is not Match.EXACT:
            continue
        if arrangement.interpreter is not None and not lang.lists_language(
            context.interpreters[arrangement.interpreter].languages, arrangement.language
        ):
            continue
        if needs.signer and arrangement.mode == "telephone":
            continue
        return True
    return False


def explanation_problem(context: Context, letter: Letter) -> str | None:
    """Why the letter's ``explained_at`` does not count (case-file.md), or
    None when it does: planned or held, attended by the recipient, before the
    contact the letter is about, with a professional interpreter in their
    spoken language where they need one (in person or by video for a signer)."""
    if letter.explained_at is None:
        return "no contact is named in explained_at"
    where = context.contacts[letter.explained_at]
    named = f"{context.describe(where)} ({where.id}), named in explained_at,"
    if not context.counts(where):
        standing = context.standing(where).value
        return f"{named} {'has' if standing.startswith('no ') else 'is'} {standing.replace('_', ' ')}"
    if letter.to not in where.attendees:
        return f"{named} is not attended by {context.name(letter.to)}"
    about = context.contacts.get(letter.contact) if letter.contact is not None else None
    if about is not None and not context.start(where) < context.start(about):
        return f"{named} does not come before {context.describe(about)}"
    needs = context.needs(letter.to, context.day(where))
    if needs.signer and where.kind == "phone_call":
        return f"{named} is a phone call, which a signer can't use"
    if needs.interpreter_needed and not _covered_there(context, where, letter.to, needs):
        language = lang.english_name(needs.spoken) if needs.spoken else "their language"
        return f"{named} has no professional interpreter in {language} for them"
    return None


def cannot_read(context: Context, letter: Letter) -> bool:
    """The CP303 situation: the recipient can't read the printed letter and
    nobody goes through it with them (no valid ``explained_at``)."""
    return print_problem(context, letter) is not None and explanation_problem(context, letter) is not None


def _past(context: Context, letter: Letter) -> bool:
    """Whether the letter belongs to the past: the contact it is about has
    started, or (about no contact) it was sent."""
    about = context.contacts.get(letter.contact) if letter.contact is not None else None
    if about is not None:
        return context.day(about) < context.today
    return letter.sent is not None


def _how(context: Context, letter: Letter) -> str:
    """How to put it right, never a date already past: before the contact
    the letter is about while it is still to come; for a letter whose
    contact has passed, what to do now."""
    needs = _needs(context, letter)
    about = context.contacts.get(letter.contact) if letter.contact is not None else None
    language = lang.english_name(needs.spoken) if needs.spoken else None
    if needs.signer:
        way = f"at a visit or by video call with a {language} interpreter"
    elif needs.interpreter_needed and language:
        way = f"at a visit or by phone with an interpreter in {language}"
    else:
        way = "at a visit or by phone"
    if _past(context, letter):
        now = "ask them what they understood of it, and" if about is not None else "go through it with them"
        if about is not None:
            return f"{now} go through letters with them {way} from now on"
        return f"{now} {way}"
    before = f" before {context.describe(about)}" if about is not None else ""
    return f"go through it with them{before}, {way}"


def _unreadable_print(context: Context, letter: Letter) -> Iterator[Hit]:
    problem = print_problem(context, letter)
    if problem is None:
        return
    why = explanation_problem(context, letter)
    if why is None:
        return
    what = f"the {LETTER_TEMPLATES[letter.template].label} {letter.id}"
    problem = (
        problem.replace(" it", f" {what}", 1) if problem.startswith("reads") else f"{problem}, for {what}"
    )
    if letter.explained_at is None:
        named = "" if _past(context, letter) else ", and name that contact in explained_at"
        advice = f"{_how(context, letter)}{named}"
    else:
        advice = f"{why}: {_how(context, letter)}"
    yield Hit(
        f"{context.name(letter.to)} {problem}: {advice}",
        member=letter.to,
        contact=letter.contact,
        letter=letter.id,
    )


def _unreviewed(context: Context, letter: Letter, languages: list[str] | None) -> Iterator[Hit]:
    due = _due(context, letter, languages)
    drafts = [t for t in due if _available(letter.template, t) and not _reviewed(letter.template, t)]
    if drafts:
        yield Hit(
            f"the {_language_list(drafts)} translation used for {_about(context, letter)} has not been "
            "reviewed by a qualified translator",
            member=letter.to,
            contact=letter.contact,
            letter=letter.id,
        )


def letter_findings(
    case: Case,
    letter: Letter,
    *,
    languages: list[str] | None = None,
    today: dt.date,
) -> list[Finding]:
    """CP301-CP304 and CP601 for one letter: what ``contactplan letter``
    refuses a letter with (the errors) or warns about. ``languages`` is
    ``--language`` (it replaces the letter's own ``languages``); with
    neither, contactplan chooses (:func:`due_languages`). ``today`` is the
    date ages are taken on when the letter is about no contact. The letter
    need not be in the case file (``--template``), but its recipient and the
    contacts it names must be."""
    from . import safety

    context = Context.build(case, today=today)
    _recipient(context, letter)
    hits = [
        ("CP301", FAMILY, _english_only(context, letter, languages)),
        ("CP302", FAMILY, _missing(context, letter, languages, writing=True)),
        ("CP303", FAMILY, _unreadable_print(context, letter)),
        ("CP304", FAMILY, _unreviewed(context, letter, languages)),
        ("CP601", safety.FAMILY, safety.unsafe_route(context, letter)),
    ]
    by_code = {check.code: check for family in (FAMILY, safety.FAMILY) for check in family.checks}
    return [by_code[code].finding(hit) for code, _, found in hits for hit in found]


_INVITE = "- {id: inv-1, template: appointment, to: mum, contact: hv-1}"


@FAMILY.check(
    "CP301",
    "english-only-letter",
    "error",
    "A letter leaves out the recipient's written language",
    fix="Leave out the letter's `languages:` (or `--language`) so that contactplan writes it in the "
    "language they read, or add that language; `contactplan languages CASE_FILE` shows it.",
    example=case_file(letters=_INVITE[:-1] + ", languages: [en]}"),
    fixed=case_file(letters=_INVITE),
)
def english_only_letter(context: Context) -> Iterator[Hit]:
    """What it finds: a letter whose languages (`languages:` in the case file,
    or `--language` to `contactplan letter`) leave out the recipient's
    written language, unless they include English and the recipient reads
    English adequately (`reads: fluent` or better). When the written language
    has no translation the finding is CP302 instead; a recipient with no
    written language is CP303. A letter already `sent` is still checked.

    Why it matters: in the review behind this tool, letters about the child's
    medical appointments and about help with domestic abuse went in English
    to a mother who could not read them. The appointments were missed, and
    were then read as the family not engaging.

    How to fix the plan: leave `languages:` out, so contactplan writes the
    letter in the recipient's written language (see `contactplan
    languages`), or list that language.
    """
    for letter in context.case.letters:
        yield from _english_only(context, letter, None)


_AMHARIC = (
    "- {id: mum, name: Ana Example, role: parent, languages: [{tag: am, speaks: native, reads: fluent}]}\n"
    + KID
)


@FAMILY.check(
    "CP302",
    "letter-translation-missing",
    "error",
    "A letter is due in a language with no translation",
    fix="Tell them what the letter says by phone or at a visit with a professional interpreter in their "
    "language instead, and ask for a translation of the template (see docs/translating.md).",
    example=case_file(
        members=_AMHARIC,
        interpreters="- {id: abeba, name: Abeba Example, languages: [am], registration: NRPSI 10007}",
        contacts=contact(interpreting="{for: [mum], language: am, interpreter: abeba, status: confirmed}"),
        letters="- {id: inv-1, template: appointment, to: mum, contact: hv-1, languages: [am]}",
    ),
    fixed=case_file(
        members=_AMHARIC,
        interpreters="- {id: abeba, name: Abeba Example, languages: [am], registration: NRPSI 10007}",
        contacts=contact(
            id="pc-1",
            kind="phone_call",
            start="2026-11-27T10:00",
            duration=30,
            attendees="[mum]",
            interpreting="{for: [mum], language: am, interpreter: abeba, mode: telephone, status: confirmed}",
            seen_alone=None,
            more="notes: Tell her about the visit on 1 December with the interpreter, instead of a letter",
        )
        + "\n"
        + contact(interpreting="{for: [mum], language: am, interpreter: abeba, status: confirmed}"),
    ),
)
def letter_translation_missing(context: Context) -> Iterator[Hit]:
    """What it finds: a letter is due in a language (asked for, or the
    recipient's written language) for which contactplan has no complete
    translation of the letter's template (`contactplan translations`). Not
    for a letter already `sent` (it went out; CP301 covers one in English),
    nor for a recipient who reads no language well enough: a translation
    would not help them, and CP303 is the finding.

    Why it matters: a letter that cannot be written in the family's language
    is either sent in English, which they cannot read, or not sent at all.
    Either way the family does not learn about the appointment or the help on
    offer.

    How to fix the plan: give the information in person or by phone
    through a professional interpreter in their language instead of the
    letter, and record that contact; ask for the template to be translated
    (see the translators' guide). `contactplan translations` lists what
    exists.
    """
    for letter in context.case.letters:
        yield from _missing(context, letter, None)


_NON_READER = (
    "- {id: mum, name: Ana Example, role: parent, languages: [{tag: pl, speaks: native, reads: basic}]}"
)
_CALL_FIRST = contact(
    id="pc-1", kind="phone_call", start="2026-11-27T10:00", duration=30, attendees="[mum]", seen_alone=None
)


@FAMILY.check(
    "CP303",
    "letter-unreadable",
    "error",
    "The recipient cannot read the letter and nobody goes through it with them",
    fix="Plan a visit or a phone call (a video call for a signer) before the appointment, with an "
    "interpreter in their spoken language, to go through the letter, and name it in `explained_at`.",
    example=case_file(members=_NON_READER + "\n" + KID, letters=_INVITE),
    fixed=case_file(
        members=_NON_READER + "\n" + KID,
        contacts=_CALL_FIRST + "\n" + contact(),
        letters=_INVITE[:-1] + ", explained_at: pc-1}",
    ),
)
def letter_unreadable(context: Context) -> Iterator[Hit]:
    """What it finds: a letter to someone who reads no language well enough
    (nothing above `basic`), or who has a communication need a printed letter
    does not meet (`easy_read`, `large_print`, `braille`, `audio`,
    `sign_language_video`), with no valid `explained_at`: a planned or held
    contact, attended by the recipient, before the contact the letter is
    about, with a professional interpreter in their spoken language where
    they need one (in person or by video for a signer).

    Why it matters: sending the letter is not the same as telling the
    person. Someone who reads no language (common among older Sylheti,
    Pashto or Somali speakers) can't be reached by any letter, translated or
    not; an appointment they never knew about becomes "did not attend" in
    the record.

    How to fix the plan: plan a visit or a phone call (a video call for a
    signer) before the appointment, with a professional interpreter in their
    spoken language, at which a practitioner goes through the letter with
    them, and name that contact in the letter's `explained_at`.
    """
    for letter in context.case.letters:
        yield from _unreadable_print(context, letter)


_ROMANIAN_MUM = (
    "- {id: mum, name: Ana Example, role: parent,\n"
    "   languages: [{tag: ro, speaks: native, reads: fluent}, {tag: en, speaks: basic, reads: fluent}]}"
)
_ION = "- {id: ion, name: Ion Example, languages: [ro], registration: NRPSI 10002}"
_WITH_ION = contact(interpreting="{for: [mum], language: ro, interpreter: ion, status: confirmed}")


@FAMILY.check(
    "CP304",
    "translation-unreviewed",
    "info",
    "The translation used has not been reviewed",
    fix="Nothing to change in the plan (the letter carries an English copy); have the catalog reviewed by "
    "a qualified translator and marked as reviewed.",
    example=case_file(
        members=_ROMANIAN_MUM + "\n" + KID, interpreters=_ION, contacts=_WITH_ION, letters=_INVITE
    ),
    # she reads English fluently too: until the Romanian translation is reviewed, the letter goes in English
    fixed=case_file(
        members=_ROMANIAN_MUM + "\n" + KID,
        interpreters=_ION,
        contacts=_WITH_ION,
        letters=_INVITE[:-1] + ", languages: [en]}",
    ),
)
def translation_unreviewed(context: Context) -> Iterator[Hit]:
    """What it finds: the translation a letter would be written from has not
    been reviewed by a qualified translator (the catalog is marked as a
    draft; `contactplan translations` shows which are).

    Why it matters: an unreviewed translation can be wrong in exactly the
    places that matter: a date, a time, what happens if the child is not
    brought. Families trust what a letter from the council says.

    How to fix the plan: nothing to change in the plan; the letter carries an
    English copy for the record. Have the catalog reviewed by a qualified
    translator and marked as reviewed.
    """
    for letter in context.case.letters:
        yield from _unreviewed(context, letter, None)
