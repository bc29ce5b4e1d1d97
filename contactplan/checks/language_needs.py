"""Language needs: recorded, assessed, recently, not through the family, not
overridden without a reason, and precise enough to book an interpreter
(CP401-CP406). Young children need no languages: none of these apply to them."""

from __future__ import annotations

from collections.abc import Iterator

from .. import languages as lang
from ..model import LEVELS, Member, level_rank
from ..wording import format_day, names
from ._examples import KID, case_file
from .context import Context
from .registry import Family, Hit

FAMILY = Family("language_needs", "Language needs", 4)

_ASSESSED = "language_assessment: {date: 2026-09-14, method: professional_interpreter, by: Jo Smith}"


def _mum(languages: str, extra: str = f",\n   {_ASSESSED}") -> str:
    kid = KID[:-1] + f",\n   {_ASSESSED}}}"
    return f"- {{id: mum, name: Ana Example, role: parent, languages: {languages}{extra}}}\n{kid}"


_POLISH = "[{tag: pl, speaks: native, reads: fluent}]"


def _considered(context: Context) -> list[Member]:
    """The members these checks look at: everyone but young children (today)."""
    return [m for m in context.case.members if not context.is_young(m.id)]


def _involved(context: Context) -> list[str]:
    """Members who attend a contact that is not cancelled or receive a letter, in member order."""
    ids = {m for c in context.case.contacts if c.status != "cancelled" for m in c.attendees}
    ids.update(letter.to for letter in context.case.letters)
    return [m.id for m in _considered(context) if m.id in ids]


@FAMILY.check(
    "CP401",
    "language-needs-unrecorded",
    "error",
    "Someone in the plan has no languages recorded",
    fix="Ask the person, with a professional interpreter if in doubt, which languages they speak and read "
    "and how well; record them under `languages:` with a `language_assessment`.",
    example=case_file(members=_mum("[]")),
    fixed=case_file(members=_mum(_POLISH)),
)
def language_needs_unrecorded(context: Context) -> Iterator[Hit]:
    """What it finds: a member who attends a contact or receives a letter has
    no `languages` (young children excepted: they need none). Their needs
    are unknown, so no other check can tell whether they need an
    interpreter or can read a letter.

    Why it matters: the review behind this tool found that nobody ever
    explored the mother's ability in English. Unrecorded is not the same as
    "speaks English": it is the gap through which every later failure passes.

    How to fix the plan: ask the person, with a professional interpreter if
    there is any doubt, which languages they speak and read and how well, and
    record them under `languages:` with a `language_assessment`.
    """
    for member_id in _involved(context):
        if not context.needs(member_id).known:
            yield Hit(
                f"{context.name(member_id)} has no languages recorded: whether they need an interpreter "
                "or can read a letter is unknown",
                member=member_id,
            )


@FAMILY.check(
    "CP402",
    "language-needs-unassessed",
    "warning",
    "Languages recorded without an assessment",
    fix="Assess the person's languages, ideally with a professional interpreter, and record "
    "`language_assessment` (date, method, by).",
    example=case_file(members=_mum(_POLISH, "")),
    fixed=case_file(members=_mum(_POLISH)),
)
def language_needs_unassessed(context: Context) -> Iterator[Hit]:
    """What it finds: a member with languages recorded and no
    `language_assessment` saying when, how and by whom they were established.

    Why it matters: levels written down from a first impression ("speaks some
    English") decide whether an interpreter is booked. Without knowing how
    they were found out, nobody can tell whether to trust them.

    How to fix the plan: assess the person's languages, ideally with a
    professional interpreter, and record `language_assessment` (date, method,
    by).
    """
    for member in _considered(context):
        if member.languages and member.language_assessment is None:
            yield Hit(
                f"{member.name}'s languages are recorded but not how or when they were assessed",
                member=member.id,
            )


@FAMILY.check(
    "CP403",
    "language-assessment-stale",
    "warning",
    "The language assessment is out of date",
    fix="Assess the person's languages again and update `language_assessment`.",
    example=case_file(members=_mum(_POLISH, f",\n   {_ASSESSED.replace('2026-09-14', '2025-06-01')}")),
    fixed=case_file(members=_mum(_POLISH)),
)
def language_assessment_stale(context: Context) -> Iterator[Hit]:
    """What it finds: a language assessment older than
    `language_assessment_max_age_days` (default 365) on `--today`.

    Why it matters: people's English changes, children's languages change
    fast, and circumstances change who can speak freely. An old assessment
    keeps deciding about interpreters long after it stopped being true.

    How to fix the plan: assess the person's languages again and update
    `language_assessment`.
    """
    limit = context.policy.language_assessment_max_age_days
    for member in _considered(context):
        assessment = member.language_assessment
        if assessment is None:
            continue
        age = (context.today - assessment.date).days
        if age > limit:
            yield Hit(
                f"{member.name}'s languages were last assessed on {format_day(assessment.date)}, "
                f"{age} days ago (the limit is {limit})",
                member=member.id,
            )


@FAMILY.check(
    "CP404",
    "assessed-through-family",
    "warning",
    "Language needs were assessed through the family",
    fix="Assess again with a professional interpreter (`method: professional_interpreter`).",
    example=case_file(
        members=_mum(_POLISH, f",\n   {_ASSESSED.replace('professional_interpreter', 'family_interpreter')}")
    ),
    fixed=case_file(members=_mum(_POLISH)),
)
def assessed_through_family(context: Context) -> Iterator[Hit]:
    """What it finds: a language assessment whose method is
    `family_interpreter`: the person's languages were established with a
    family member interpreting.

    Why it matters: a relative interpreting will say the person "understands
    everything", and the person may not contradict them in front of the
    family. An assessment made that way often concludes that no interpreter
    is needed.

    How to fix the plan: assess again with a professional interpreter
    (`method: professional_interpreter`).
    """
    for member in _considered(context):
        assessment = member.language_assessment
        if assessment is not None and assessment.method == "family_interpreter":
            yield Hit(
                f"{member.name}'s languages were assessed with a family member interpreting: "
                "assess again with a professional interpreter",
                member=member.id,
            )


_SOME_ENGLISH = "[{tag: pl, speaks: native, reads: fluent}, {tag: en, speaks: conversational, reads: basic}]"


@FAMILY.check(
    "CP405",
    "interpreter-need-overridden",
    "warning",
    "Recorded as needing no interpreter though their English is not fluent",
    fix="Check with a professional interpreter that the person can follow in English, record why none is "
    "needed, or leave `interpreter:` out.",
    example=case_file(members=_mum(_SOME_ENGLISH, f",\n   interpreter: not_needed, {_ASSESSED}")),
    fixed=case_file(members=_mum(_SOME_ENGLISH)),
)
def interpreter_need_overridden(context: Context) -> Iterator[Hit]:
    """What it finds: `interpreter: not_needed` for a person whose preferred
    spoken language is not English and whose English `speaks` is below
    `fluent` (no English recorded counts as none). A signer still counts as
    needing an interpreter whatever is recorded.

    Why it matters: "her English is fine" is what a parent's partner, a
    receptionist or a hurried first visit says. A parent who can manage the
    shopping in English can't follow a child protection conference in it,
    and an override hides that from every other check.

    How to fix the plan: check with a professional interpreter that the
    person can follow a conversation about their child in English, and
    record why no interpreter is needed (and how it was assessed); otherwise
    leave `interpreter:` out so that one is booked.
    """
    fluent = level_rank("fluent")
    for member in _considered(context):
        needs = context.needs(member.id)
        if member.interpreter != "not_needed" or not needs.known or needs.spoken is None:
            continue
        if lang.is_english(needs.spoken):
            continue
        english = max((level_rank(e.speaks) for e in member.languages if lang.is_english(e.tag)), default=0)
        if english >= fluent:
            continue
        level = LEVELS[english]
        signer = " (a signer still gets one)" if needs.signer else ""
        verb = "signs" if needs.signer else "speaks"
        english_words = "no English" if level == "none" else f"English only at {level} level"
        yield Hit(
            f"{member.name} is recorded as not needing an interpreter{signer} but {verb} "
            f"{lang.english_name(needs.spoken)}, and {english_words}: check with a professional "
            "interpreter that they can follow, and record why",
            member=member.id,
        )


def _ambiguities(member: Member) -> list[str]:
    found: list[str] = []
    for entry in member.languages:
        subtags = entry.tag.split("-")
        base = subtags[0]
        scripts = [s for s in subtags[1:] if len(s) == 4 and s.isalpha()]
        if base == "ku":
            found.append(f"`{entry.tag}` (Kurdish: Kurmanji `kmr`, Sorani `ckb` or Southern Kurdish `sdh`?)")
        elif base == "rom":
            found.append(
                f"`{entry.tag}` (Romani: Carpathian `rmc`, Vlax `rmy`, Balkan `rmn` or another Romani "
                "language?)"
            )
        elif base == "zh" and entry.speaks != "none":
            found.append(f"`{entry.tag}` as a spoken language (Mandarin `cmn` or Cantonese `yue`?)")
        elif base == "pa" and entry.reads != "none" and not scripts:
            found.append(f"`{entry.tag}` read with no script (Gurmukhi `pa-Guru` or Shahmukhi `pa-Arab`?)")
    return found


_CHINESE = "[{tag: zh-Hant, speaks: native, reads: fluent}]"
_CANTONESE = "[{tag: yue, speaks: native}, {tag: zh-Hant, speaks: none, reads: fluent}]"
_HK = "- {id: wai, name: Wai Example, languages: [yue], registration: NRPSI 10008}"


@FAMILY.check(
    "CP406",
    "language-ambiguous",
    "warning",
    "A language tag doesn't say what to interpret or which script to write",
    fix="Record the spoken language exactly (`kmr`, `ckb`, `cmn`, `yue`, `rmc`, `rmy`) and the script read "
    "(`pa-Guru`, `pa-Arab`, `zh-Hans`, `zh-Hant`).",
    example=case_file(
        members=_mum(_CHINESE),
        interpreters=_HK,
        contacts=(
            "- {id: hv-1, kind: home_visit, start: 2026-12-01T10:00, duration_minutes: 90,\n"
            "   attendees: [mum, kid],\n"
            "   interpreting: [{for: [mum], language: yue, interpreter: wai, status: confirmed}],\n"
            "   seen_alone: [{child: kid}]}"
        ),
    ),
    fixed=case_file(
        members=_mum(_CANTONESE),
        interpreters=_HK,
        contacts=(
            "- {id: hv-1, kind: home_visit, start: 2026-12-01T10:00, duration_minutes: 90,\n"
            "   attendees: [mum, kid],\n"
            "   interpreting: [{for: [mum], language: yue, interpreter: wai, status: confirmed}],\n"
            "   seen_alone: [{child: kid}]}"
        ),
    ),
)
def language_ambiguous(context: Context) -> Iterator[Hit]:
    """What it finds: a member's language tag that doesn't say what an
    interpreter must speak or which script to write: `ku` (Kurmanji `kmr`,
    Sorani `ckb` or Southern Kurdish `sdh`), `zh` spoken (with or without a
    script, `zh-Hant`: Mandarin `cmn` or Cantonese `yue`), `rom` (Romani:
    Carpathian `rmc`, Vlax `rmy`, Balkan `rmn`, Sinte `rmo`, Welsh `rmw`,
    Baltic `rml`, Kalo `rmf`), `pa` read with no script (`pa-Guru` or
    `pa-Arab`). One finding per member.

    Why it matters: "Kurdish", "Chinese" and "Romani" are each several
    languages that speakers of one often don't understand; Punjabi is
    written in two scripts that readers of one can't read. The agency books
    an interpreter or prints a letter that fails the family. Roma parents
    are often given an interpreter in their home country's language
    (Slovak, Romanian) instead, which may be their second language and one
    they do not read.

    How to fix the plan: ask the person (with an interpreter) and record the
    spoken language exactly (`kmr`, `ckb`, `cmn`, `yue`, `rmc`, `rmy`) and
    the script they read (`pa-Guru`, `pa-Arab`, `zh-Hans`, `zh-Hant`).
    """
    for member in _considered(context):
        found = _ambiguities(member)
        if found:
            yield Hit(
                f"{member.name}'s languages don't say what to book or print: {names(found)}",
                member=member.id,
            )
