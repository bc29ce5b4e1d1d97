"""The case file itself: acknowledgements of findings about the past,
entries that match nothing (CP901), and entries that try to wave away what
can't be (CP902).

An entry of ``acknowledged`` covers each finding with its code whose
``member``, ``contact`` and ``letter`` equal those the entry names (ids it
leaves out match anything). Only what is past can be acknowledged: a
finding that names a held or missed contact, or a sent letter. Findings
about the whole case or about what is still to come (CP201, CP203, CP205,
CP206, CP401-CP406, CP503, CP504, CP505, CP701, and any finding about a
planned contact or an unsent letter) can't be: they describe a child who is
not being seen or a plan that can still be put right. A covered finding
that may be acknowledged is still reported, marked acknowledged (with the
reason, by whom, when), and no longer makes ``check`` exit 1.
:meth:`Acknowledgements.apply` does this after every other check has run
(and after ``--select``/``--ignore``), adds CP901 for each entry that
matched nothing among the codes checked, and CP902 for each entry that
matched only findings it may not silence.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass

from ..findings import Finding
from ..model import MISSED_STATUSES, Acknowledgement, Case
from ._examples import KID, MUM, case_file, contact
from .context import Context
from .registry import Check, Family, Hit

FAMILY = Family("case_file", "The case file itself", 9)


def matches(entry: Acknowledgement, finding: Finding) -> bool:
    """Whether ``entry`` covers ``finding``."""
    return (
        entry.code == finding.code
        and (entry.member is None or entry.member == finding.member)
        and (entry.contact is None or entry.contact == finding.contact)
        and (entry.letter is None or entry.letter == finding.letter)
    )


#: Codes about the whole case or about what is still to come: never
#: acknowledged, whatever they name (case-file.md).
NEVER_ACKNOWLEDGED: frozenset[str] = frozenset(
    {"CP201", "CP203", "CP205", "CP206", "CP401", "CP402", "CP403", "CP404", "CP405", "CP406"}
    | {"CP503", "CP504", "CP505", "CP701"}
)
#: The recorded statuses of a contact that is past: held, or missed.
PAST_STATUSES: frozenset[str] = frozenset({"held"}) | MISSED_STATUSES


@dataclass(frozen=True, slots=True)
class Acknowledgements:
    """A case's ``acknowledged`` entries, with what is past: the held or
    missed contacts and the sent letters, the only things a finding may be
    acknowledged for."""

    entries: tuple[Acknowledgement, ...]
    past_contacts: frozenset[str]
    sent_letters: frozenset[str]

    @classmethod
    def of(cls, case: Case) -> Acknowledgements:
        return cls(
            tuple(case.acknowledged),
            frozenset(c.id for c in case.contacts if c.status in PAST_STATUSES),
            frozenset(item.id for item in case.letters if item.sent is not None),
        )

    def can_acknowledge(self, finding: Finding) -> bool:
        """Only what is past: a finding that names a sent letter, or (naming
        no letter) a held or missed contact, and whose code is not about
        the whole case or what is still to come (:data:`NEVER_ACKNOWLEDGED`)."""
        if finding.code in NEVER_ACKNOWLEDGED:
            return False
        if finding.letter is not None:
            return finding.letter in self.sent_letters
        return finding.contact is not None and finding.contact in self.past_contacts

    def apply(self, findings: list[Finding], checked: Collection[str]) -> list[Finding]:
        """``findings`` marked with the entries that cover them, then CP901
        for each entry of a code in ``checked`` that covers none, and CP902
        for each that covers only findings it may not silence (each when
        CP901 or CP902 itself is in ``checked``)."""
        if not self.entries:
            return findings
        by_code: dict[str, list[int]] = {}
        for index, entry in enumerate(self.entries):
            by_code.setdefault(entry.code, []).append(index)
        used: set[int] = set()
        silenced: set[int] = set()
        marked = [self._mark(finding, by_code, used, silenced) for finding in findings]
        extra: list[Finding] = []
        if "CP901" in checked:
            check = _check("CP901")
            extra += [
                check.finding(_unused(self.entries[i], i))
                for i, entry in enumerate(self.entries)
                if i not in used and entry.code not in ("CP901", "CP902") and entry.code in checked
            ]
        if "CP902" in checked:
            check = _check("CP902")
            extra += [
                check.finding(_not_allowed(self.entries[i], i))
                for i, entry in enumerate(self.entries)
                if i in used and i not in silenced and entry.code in checked
            ]
        seen = {f.key for f in marked}
        for finding in extra:
            if finding.key not in seen:
                seen.add(finding.key)
                marked.append(self._mark(finding, by_code, used, silenced))
        return marked

    def _mark(
        self, finding: Finding, by_code: dict[str, list[int]], used: set[int], silenced: set[int]
    ) -> Finding:
        chosen: Acknowledgement | None = None
        allowed = self.can_acknowledge(finding)
        for index in by_code.get(finding.code, ()):
            entry = self.entries[index]
            if matches(entry, finding):
                used.add(index)
                if allowed:
                    silenced.add(index)
                    if chosen is None:
                        chosen = entry
        if chosen is None:
            return finding
        return finding.acknowledge(chosen.reason, chosen.by, chosen.date.isoformat())


def _check(code: str) -> Check:
    return next(c for c in FAMILY.checks if c.code == code)


def _unused(entry: Acknowledgement, index: int) -> Hit:
    pairs = (("member", entry.member), ("contact", entry.contact), ("letter", entry.letter))
    named = [f"{what} {value}" for what, value in pairs if value]
    ids = f" ({', '.join(named)})" if named else ""
    return Hit(
        f"acknowledgement {index + 1} of {entry.code}{ids}, by {entry.by} on {entry.date.isoformat()}, "
        "matches no finding: remove it, or correct its code or ids",
        contact=entry.contact,
        letter=entry.letter,
    )


_SIS = (
    "- {id: mum, name: Ana Example, role: parent, languages: [{tag: pl, speaks: native, reads: fluent}]}\n"
    "- {id: kid, name: Kit Example, role: subject_child, date_of_birth: 2016-05-01,\n"
    "   languages: [{tag: en, speaks: native, reads: fluent}]}\n"
    "- {id: sis, name: Ola Example, role: sibling, date_of_birth: 2014-03-01,\n"
    "   languages: [{tag: pl, speaks: native}, {tag: en, speaks: fluent}]}"
)
_HELD = contact(
    id="hv-0",
    start="2026-11-02T10:00",
    status="held",
    interpreting="{for: [mum], language: pl, by: sis, status: confirmed}",
    more="seen: [mum, kid]",
)
_ACK = (
    "acknowledged:\n"
    "  - code: CP101\n"
    "    contact: {contact}\n"
    "    reason: Held before the interpreter was booked; discussed with the team.\n"
    "    by: Jo Smith, Social Worker\n"
    "    date: 2026-11-05"
)


@FAMILY.check(
    "CP901",
    "unused-acknowledgement",
    "warning",
    "An acknowledgement matches no finding",
    fix="Remove the entry from `acknowledged:` if the finding went away, or correct its code or ids.",
    example=case_file(members=_SIS, contacts=_HELD + "\n" + contact(), end=_ACK.format(contact="hv-1")),
    fixed=case_file(members=_SIS, contacts=_HELD + "\n" + contact(), end=_ACK.format(contact="hv-0")),
)
def unused_acknowledgement(context: Context) -> Iterator[Hit]:
    """What it finds: an entry of `acknowledged` that matches no finding
    among the codes checked (`--select`/`--ignore` apply first): the finding
    went away (the plan was put right), or the entry is misspelt (a wrong
    code, member, contact or letter). Found after every other check, by
    :meth:`Acknowledgements.apply`.

    Why it matters: an acknowledgement says a practitioner saw a failure
    and learnt from it. One that matches nothing silences nothing today, but
    a misspelt one leaves the finding it was meant for failing, and a stale
    one may silence a new finding tomorrow that nobody has looked at.

    How to fix the plan: remove the entry if the finding went away, or
    correct its code and ids so that it names the finding it is about.
    """
    del context
    return iter(())


def _not_allowed(entry: Acknowledgement, index: int) -> Hit:
    pairs = (("member", entry.member), ("contact", entry.contact), ("letter", entry.letter))
    named = [f"{what} {value}" for what, value in pairs if value]
    ids = f" ({', '.join(named)})" if named else ""
    return Hit(
        f"acknowledgement {index + 1} of {entry.code}{ids}, by {entry.by} on {entry.date.isoformat()} "
        f'("{_short(entry.reason)}"), covers only what can\'t be acknowledged: a finding about the whole '
        "case or about what is still to come, which can still be put right. The finding stays as it was: "
        "put it right, and remove the entry",
        letter=entry.letter,
    )


def _short(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


_SHY = (
    "acknowledged:\n"
    "  - code: CP201\n"
    "    member: kid\n"
    "    reason: Great-aunt says Kit is too shy to be seen without her.\n"
    "    by: Jo Smith, Social Worker\n"
    "    date: 2026-11-20"
)


@FAMILY.check(
    "CP902",
    "acknowledgement-not-allowed",
    "error",
    "An acknowledgement tries to silence what can't be acknowledged",
    fix="Remove the entry from `acknowledged:` and put the finding right: only what is past (a held or "
    "missed contact, a sent letter) can be acknowledged.",
    example=case_file(members=MUM + "\n" + KID, contacts=contact(seen_alone=None), end=_SHY),
    fixed=case_file(members=MUM + "\n" + KID),
)
def acknowledgement_not_allowed(context: Context) -> Iterator[Hit]:
    """What it finds: an entry of `acknowledged` that matches findings,
    none of which may be acknowledged: only what is past can be (a finding
    that names a held or missed contact, or a sent letter). Findings about
    the whole case or about what is still to come (CP201, CP203, CP205,
    CP206, CP401-CP406, CP503, CP504, CP505, CP701, and any finding about a
    planned contact or an unsent letter) stay as they were. One finding per
    entry (member and contact null). An entry that silences some findings
    it matches is not this, even when it also matches others it may not
    silence. Found after every other check, by :meth:`Acknowledgements.apply`,
    among the codes checked.

    Why it matters: "Great-aunt says she is too shy to be seen without her"
    is the sentence from the inquiry into a child's death, not a reason to
    stop asking. A child who is not seen alone, not visited or not brought
    to appointments is a child at risk today: a note in the file must never
    turn that green.

    How to fix the plan: remove the entry, and put the finding right: plan
    the time alone, the visit or the follow-up it asks for. A reason a
    child can't be seen alone belongs in the case record and in a
    discussion with a manager, not in an acknowledgement.
    """
    del context
    return iter(())
