"""What the checks found, in the page's words.

The checks speak to every front end; their ``fix`` lines speak the
command line's language (``leave out the letter's `languages:` (or
`--language`)``). A practitioner on the page never reads a case file key,
an option, a command or an id, so the page keeps its own words here:

- :data:`PAGE_FIX`: how to put each finding right, on the page, one
  sentence a rule (a test holds that every rule has one, and that none of
  them holds a key, an option or a command);
- :func:`page_message`: a finding's message with the ids it quotes named in
  words (``letter inv-hv-02`` is ``the appointment letter``, ``(paed-01)``
  goes) and any clause that names a case file key left out (the fix says
  it in words);
- codes stay, in small print, for those who look them up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..api import acknowledgement_of, can_acknowledge, rules
from ..findings import Finding
from ..model import Case
from .naming import contact_words, letter_words

__all__ = [
    "PAGE_FIX",
    "PageFinding",
    "fix_link",
    "page_finding",
    "page_message",
    "page_words",
    "speaks_code",
]

PAGE_FIX: dict[str, str] = {
    "CP101": "Book a professional interpreter from the register for this contact: the children must not interpret.",
    "CP102": "Book a professional interpreter from the register in the person's language: a child must not interpret.",
    "CP103": "Book a professional interpreter from the register: the family member can be there, but not interpret.",
    "CP104": "Book a registered interpreter, or add the interpreter's professional registration to the register once you have checked it.",
    "CP105": "Book an interpreter who doesn't know the family, or ask the person in private whether they are content, and note their answer.",
    "CP106": "Book another interpreter for the child's time alone: one who doesn't know the family.",
    "CP110": "Add an interpreter for them at this contact, in their preferred spoken language; or, once a professional interpreter has found that they follow English well, record that they don't need one.",
    "CP111": "Book an interpreter in the person's own spoken language (shown with their languages on the case page), whose entry on the register lists it.",
    "CP112": "Ask the family whether an interpreter in this variant suits them and note it, or book one in their own variant.",
    "CP113": "Confirm the booking with the interpreting agency and record it as confirmed, with its booking reference; or move the contact.",
    "CP114": "Book a professional interpreter of the gender they asked for, or add the interpreter's gender to the register if it is missing.",
    "CP115": "Make the contact longer, at least the time an interpreted contact needs, or split it into two.",
    "CP116": "Book the sign language interpreter in person, or make it a video call.",
    "CP117": "Book an interpreter in the person's preferred spoken language, or, once the contact has happened, acknowledge it with their reason for choosing this one.",
    "CP118": "Add a Deaf relay interpreter from the register to the interpreting for them.",
    "CP201": "Plan time alone with the child at a visit, with a professional interpreter in the child's language when they need one.",
    "CP202": "Choose a professional interpreter in the child's spoken language for the time alone.",
    "CP203": "Add time alone with the child to a contact inside the gap, or plan a contact such as a school visit.",
    "CP204": "Record who was seen at the contact; if the child was not seen, plan a contact that sees them soon.",
    "CP205": "Plan a visit the young child comes to (at home, at school or nursery, at the office, a health appointment or a development review), and record that they were seen.",
    "CP206": "Plan a visit that sees the child before the day one is due, and record who was seen at each visit held.",
    "CP301": "Leave the letter's languages empty, so that it is written in the language they read, or add that language.",
    "CP302": "Book a telephone interpreter to read the letter to them in their language, and ask for this letter to be translated.",
    "CP303": "Plan a visit or a phone call (a video call for a signer) before the appointment, with an interpreter in their spoken language, to go through the letter with them, and choose it as where the letter is gone through.",
    "CP304": "Nothing to change in the plan (the letter carries an English copy): ask for the translation to be reviewed by a qualified translator.",
    "CP401": "Ask the person, with a professional interpreter if in doubt, which languages they speak and read and how well, and record them with how you found out.",
    "CP402": "Assess the person's languages, with a professional interpreter where you can, and record when, how and by whom.",
    "CP403": "Assess the person's languages again and record the new assessment.",
    "CP404": "Assess their languages again with a professional interpreter, and record it.",
    "CP405": "Check with a professional interpreter that the person can follow English, and record why no interpreter is needed; or let their languages decide.",
    "CP406": "Record exactly which language they speak (for example Kurmanji or Sorani, Mandarin or Cantonese, which Romani) and which script they read.",
    "CP501": "Plan a follow-up contact, or send a missed appointment letter, and record which missed contacts it follows up.",
    "CP502": "Invite them again in the language they read, or go through the invitation with them at a visit or by phone with an interpreter, and note that it was not understood.",
    "CP503": "Plan a contact that includes them, with an interpreter if they need one; if they no longer live in the home, record that.",
    "CP504": "Record what happened at the contact: held (who was seen, and who was seen alone), missed, or cancelled.",
    "CP505": "Hold a safeguarding discussion about the missed health appointments, as the NHS “Was Not Brought” policies ask, and plan how the child will be seen.",
    "CP601": "Hand the letter over when the person is seen without the alleged perpetrator, or send it to a safe contact they have given.",
    "CP602": "Book a professional interpreter, and see the person (and the child) without the alleged perpetrator there.",
    "CP701": "Book another interpreter for one of the contacts, or move one of them.",
    "CP901": "The acknowledgement matches nothing now: the finding went away, or the acknowledgement names the wrong thing.",
    "CP902": "This is about something still to come, so it can't be acknowledged: put the plan right instead.",
}

#: What gives a text away as written for the command line or the case file.
_CODE_SPEAK = re.compile(r"`|--[a-z]|\bcontactplan [a-z]|\b[a-z]+_[a-z_]+\b|CASE_FILE")
_SNAKE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")
_CODES_IN_BRACKETS = re.compile(r"\s*\((?:CP\d{3}(?:,\s*)?)+\)")


def speaks_code(text: str) -> bool:
    """Whether ``text`` holds a case file key, an option, a command or a backtick."""
    return bool(_CODE_SPEAK.search(text))


@dataclass(frozen=True)
class PageFinding:
    finding: Finding
    message: str
    fix: str
    why: str
    acknowledgement: Any
    can_acknowledge: bool
    #: The page that puts it right, and the link's words (empty when none does).
    href: str = ""
    action: str = ""


def page_finding(finding: Finding, case: Case) -> PageFinding:
    check = rules().get(finding.code)
    why = check.sections.get("Why it matters", "") if check else ""
    return PageFinding(
        finding,
        page_message(finding, case),
        PAGE_FIX.get(finding.code) or _fallback_fix(check),
        "" if speaks_code(why) else why,
        acknowledgement_of(case, finding) if finding.acknowledged else None,
        not finding.acknowledged and can_acknowledge(case, finding),
        *(fix_link(finding, case) if not finding.acknowledged else ("", "")),
    )


#: Findings put right by planning a contact (or time alone) rather than by
#: changing the one they name.
_PLANNED_BY_THE_PLANNER = frozenset({"CP201", "CP203", "CP205", "CP206", "CP501", "CP503", "CP505"})


#: Findings no form of the case puts right: a translation to be reviewed,
#: an acknowledgement that matches nothing (or what can't be acknowledged).
_NO_FORM = frozenset({"CP304", "CP901", "CP902"})


def fix_link(finding: Finding, case: Case) -> tuple[str, str]:
    """The page that puts ``finding`` right and the link's words: the outcome
    of a contact to record (CP504), a visit to plan, the contact, letter or
    member it names; ``("", "")`` when no one page does."""
    from flask import url_for

    if finding.code in _NO_FORM:
        return "", ""
    reference = case.reference
    contacts = {c.id for c in case.contacts}
    if finding.code == "CP504" and finding.contact in contacts:
        return url_for("web.outcome", reference=reference, contact_id=finding.contact), "Record what happened"
    if finding.code in _PLANNED_BY_THE_PLANNER:
        return url_for("web.plan", reference=reference), "Plan a visit"
    if finding.letter and finding.letter in {x.id for x in case.letters}:
        return url_for("web.letter", reference=reference, letter_id=finding.letter), "Change the letter"
    if finding.contact in contacts:
        return url_for("web.contact", reference=reference, contact_id=finding.contact), "Change the contact"
    if finding.member and finding.member in {m.id for m in case.members}:
        return url_for("web.member", reference=reference, member_id=finding.member), "Change their details"
    return "", ""


def _fallback_fix(check: Any) -> str:
    fix = getattr(check, "fix", "") or ""
    return fix if fix and not speaks_code(fix) else ""


def page_message(finding: Finding, case: Case) -> str:
    """The finding's message for the page: no ids, no case file keys."""
    return page_words(finding.message, case)


_OPTION_ASIDE = re.compile(r"\s*\([^()]*--[a-z][^()]*\)")


def _literal(text: str) -> str:
    """``text`` as a replacement for :func:`re.sub`, taken as written (a
    name holding ``\\1`` is a name, not a back-reference)."""
    return text.replace("\\", "\\\\")


def page_words(text: str, case: Case, *, member_ids: bool = False) -> str:
    """A text of the library (a finding, a planner's reason) for the page:
    the ids it quotes named in words, asides about options (``(choose
    others with --with)``) and clauses naming a case file key left out.
    ``member_ids``: the text names members by id (the planner's reasons do)."""
    text = _OPTION_ASIDE.sub("", text)
    for letter in case.letters:
        if letter.id not in text:
            continue
        pattern = re.escape(letter.id)
        text = re.sub(rf"\b(letter|invitation) {pattern}(?![\w-])", r"\1", text)
        text = re.sub(rf"\s*\({pattern}\)", "", text)
        said = letter_words(case, letter)
        text = re.sub(rf"(?<![\w-]){pattern}(?![\w-])", _literal(said), text)
    for contact in case.contacts:
        if contact.id not in text:
            continue
        pattern = re.escape(contact.id)
        text = re.sub(rf"\s*\({pattern}\)", "", text)
        said = contact_words(case, contact, article=True)
        text = re.sub(rf"(?<![\w-]){pattern}(?![\w-])", _literal(said), text)
    for interpreter in case.interpreters:
        if interpreter.id in text:
            pattern = re.escape(interpreter.id)
            text = re.sub(rf"\s*\({pattern}\)", "", text)
            text = re.sub(rf"(?<![\w-]){pattern}(?![\w-])", _literal(interpreter.name), text)
    for member in case.members:
        text = re.sub(rf"\s*\({re.escape(member.id)}\)", "", text)
        if member_ids:
            text = re.sub(rf"(?<![\w-]){re.escape(member.id)}(?![\w-])", _literal(member.name), text)
    text = _CODES_IN_BRACKETS.sub("", text)
    return _without_key_clauses(text)


def _without_key_clauses(text: str) -> str:
    """``...has none: add a relay_interpreter from the register`` ->
    ``...has none``: a clause naming a case file key is left out."""
    while True:
        found = _SNAKE.search(text)
        if found is None:
            return text
        start = max(text.rfind(sep, 0, found.start()) for sep in (": ", "; ", ", "))
        ends = [i for i in (text.find(sep, found.end()) for sep in ("; ", ", ", ": ")) if i != -1]
        end = min(ends) if ends else len(text)
        if start == -1:
            text = text[: found.start()] + text[found.end() :]
            continue
        text = text[:start] + text[end:]
