"""Letters: each letter in a language its recipient reads, from a translation
that exists and has been reviewed (CP301-CP304).

:func:`letter_findings` and :func:`due_languages` are also what
``contactplan letter`` uses to refuse a letter (CP301, CP302) or warn about
it (CP303, CP304): one piece of code for the rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from .. import languages as lang
from ..errors import UsageError
from ..findings import Finding
from ..languages import LanguageNeeds
from ..model import Case, Letter
from ..vocabulary import LETTER_TEMPLATES
from ..wording import names
from .context import Context
from .registry import Family, Hit

FAMILY = Family("letters", "Letters", 3)


def _available(template: str, tag: str) -> bool:
    from .. import catalogs

    return catalogs.status(template, tag).available


def _reviewed(template: str, tag: str) -> bool:
    from .. import catalogs

    return catalogs.status(template, tag).reviewed


def _recipient(case: Case, letter: Letter) -> None:
    """A letter to someone who is not in the case is a usage error, not a finding."""
    if letter.to not in {m.id for m in case.members}:
        raise UsageError(f"letter {letter.id!r}: no member {letter.to!r} in the case file")


def _given(letter: Letter, languages: list[str] | None) -> list[str] | None:
    """The languages asked for: ``--language``, else the case file's; None when
    contactplan chooses."""
    given = languages if languages is not None else letter.languages
    if not given:
        return None
    return list(dict.fromkeys(lang.normalize_tag(tag) for tag in given))


def due_languages(case: Case, letter: Letter, languages: list[str] | None = None) -> list[str]:
    """The languages the letter would be written in: those asked for
    (``languages``, else the letter's ``languages``); when none are, the
    recipient's written language; for a recipient with no written language,
    their spoken language if it has a translation, else English."""
    _recipient(case, letter)
    given = _given(letter, languages)
    if given is not None:
        return given
    needs = lang.needs_for(case.member(letter.to))
    if needs.written is not None:
        return [needs.written]
    if needs.spoken is not None and _available(letter.template, needs.spoken):
        return [needs.spoken]
    return ["en"]


def unreadable(needs: LanguageNeeds, given: list[str] | None) -> bool:
    """The CP301 situation: the languages asked for leave out the recipient's
    written language, and do not include English for someone who reads it well."""
    if not needs.known or needs.written is None or given is None:
        return False
    if any(lang.same_written(needs.written, tag) for tag in given):
        return False
    return not (needs.reads_english and any(lang.is_english(tag) for tag in given))


def _about(case: Case, letter: Letter) -> str:
    return f"the {LETTER_TEMPLATES[letter.template].label} {letter.id} to {case.member(letter.to).name}"


def _language_list(tags: list[str]) -> str:
    return names([lang.english_name(tag) for tag in tags])


def _english_only(case: Case, letter: Letter, languages: list[str] | None) -> Iterator[Hit]:
    needs = lang.needs_for(case.member(letter.to))
    given = _given(letter, languages)
    if not unreadable(needs, given) or given is None or needs.written is None:
        return
    if not _available(letter.template, needs.written):
        return  # due in a language with no translation: CP302, not CP301
    yield Hit(
        f"{_about(case, letter)} is in {_language_list(given)}, which they do not read well enough: "
        f"send it in {lang.english_name(needs.written)}",
        member=letter.to,
        contact=letter.contact,
        letter=letter.id,
    )


def _missing(case: Case, letter: Letter, languages: list[str] | None) -> Iterator[Hit]:
    due = due_languages(case, letter, languages)
    needs = lang.needs_for(case.member(letter.to))
    if unreadable(needs, _given(letter, languages)) and needs.written is not None:
        due = [needs.written, *due]
    missing = [tag for tag in dict.fromkeys(due) if not _available(letter.template, tag)]
    if missing:
        yield Hit(
            f"{_about(case, letter)} is due in {_language_list(missing)} and contactplan has no "
            f"complete translation of the {letter.template} template in "
            f"{'that language' if len(missing) == 1 else 'those languages'}: "
            "have it translated, or contact them with an interpreter",
            member=letter.to,
            contact=letter.contact,
            letter=letter.id,
        )


def _unreadable_print(case: Case, letter: Letter) -> Iterator[Hit]:
    member = case.member(letter.to)
    needs = lang.needs_for(member)
    if not needs.known:
        return
    what = f"the {LETTER_TEMPLATES[letter.template].label} {letter.id}"
    if needs.written is None:
        problem = f"reads no language well enough to read {what}"
    elif member.communication_needs:
        wanted = names([n.replace("_", " ") for n in member.communication_needs])
        problem = f"needs {wanted}, which a printed letter does not meet, for {what}"
    else:
        return
    yield Hit(
        f"{member.name} {problem}: follow it up in person or by phone with an interpreter",
        member=letter.to,
        contact=letter.contact,
        letter=letter.id,
    )


def _unreviewed(case: Case, letter: Letter, languages: list[str] | None) -> Iterator[Hit]:
    due = due_languages(case, letter, languages)
    drafts = [t for t in due if _available(letter.template, t) and not _reviewed(letter.template, t)]
    if drafts:
        yield Hit(
            f"the {_language_list(drafts)} translation used for {_about(case, letter)} has not been "
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
    """CP301-CP304 for one letter. ``languages`` is ``--language`` (it replaces
    the letter's own ``languages``); with neither, contactplan chooses
    (:func:`due_languages`). ``today`` is accepted for symmetry with the other
    checks: no letter check depends on the date."""
    del today
    _recipient(case, letter)
    hits = [
        ("CP301", _english_only(case, letter, languages)),
        ("CP302", _missing(case, letter, languages)),
        ("CP303", _unreadable_print(case, letter)),
        ("CP304", _unreviewed(case, letter, languages)),
    ]
    by_code = {check.code: check for check in FAMILY.checks}
    return [by_code[code].finding(hit) for code, found in hits for hit in found]


@FAMILY.check(
    "CP301",
    "english-only-letter",
    "error",
    "A letter leaves out the recipient's written language",
    fix="Leave out the letter's `languages:` (or `--language`) so that contactplan writes it in the "
    "language they read, or add that language; `contactplan languages CASE_FILE` shows it.",
)
def english_only_letter(context: Context) -> Iterator[Hit]:
    """What it finds: a letter whose languages (`languages:` in the case file,
    or `--language` to `contactplan letter`) leave out the recipient's
    written language, unless they include English and the recipient reads
    English adequately (`reads: fluent` or better). When the written language
    has no translation the finding is CP302 instead.

    Why it matters: in the review behind this tool, letters about the child's
    medical appointments and about help with domestic abuse went in English
    to a mother who could not read them. The appointments were missed, and
    were then read as the family not engaging.

    How to fix the plan: leave `languages:` out, so contactplan writes the
    letter in the recipient's written language (see `contactplan
    languages`), or list that language.
    """
    for letter in context.case.letters:
        yield from _english_only(context.case, letter, None)


@FAMILY.check(
    "CP302",
    "letter-translation-missing",
    "error",
    "A letter is due in a language with no translation",
    fix="Book a telephone interpreter to read the letter to them in their language, and ask for a "
    "translation of the template (see docs/translating.md); `contactplan translations` lists what exists.",
)
def letter_translation_missing(context: Context) -> Iterator[Hit]:
    """What it finds: a letter is due in a language (asked for, or the
    recipient's written language) for which contactplan has no complete
    translation of the letter's template (`contactplan translations`).

    Why it matters: a letter that cannot be written in the family's language
    is either sent in English, which they cannot read, or not sent at all.
    Either way the family does not learn about the appointment or the help on
    offer.

    How to fix the plan: have the template translated (see the translators'
    guide), or give the information in person or by phone through a
    professional interpreter and record that.
    """
    for letter in context.case.letters:
        yield from _missing(context.case, letter, None)


@FAMILY.check("CP303", "letter-unreadable", "warning", "The recipient cannot read a printed letter")
def letter_unreadable(context: Context) -> Iterator[Hit]:
    """What it finds: a letter to someone who reads no language well enough
    (nothing above `basic`), or who has a communication need a printed letter
    does not meet (`easy_read`, `large_print`, `braille`, `audio`,
    `sign_language_video`).

    Why it matters: sending the letter is not the same as telling the person.
    An appointment they never knew about becomes "did not attend" in the
    record.

    How to fix the plan: also give the information in person or by phone,
    with a professional interpreter in their spoken language, and record that
    it was given.
    """
    for letter in context.case.letters:
        yield from _unreadable_print(context.case, letter)


@FAMILY.check("CP304", "translation-unreviewed", "info", "The translation used has not been reviewed")
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
        yield from _unreviewed(context.case, letter, None)
