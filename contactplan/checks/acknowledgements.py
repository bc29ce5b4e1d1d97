"""The case file itself: acknowledgements of findings about the past, and
entries that match nothing (CP901).

An entry of ``acknowledged`` covers each finding with its code whose
``member``, ``contact`` and ``letter`` equal those the entry names (ids it
leaves out match anything). A covered finding is still reported, marked
acknowledged (with the reason, by whom, when), and no longer makes
``check`` exit 1, except an error about a letter not yet sent or, for a
finding about no letter, an error about a planned contact: those can still
be put right. :meth:`Acknowledgements.apply` does this after every other
check has run (and after ``--select``/``--ignore``), and adds CP901 for each
entry that matched nothing among the codes checked.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass

from ..findings import Finding
from ..model import Acknowledgement, Case
from ._examples import case_file, contact
from .context import Context
from .registry import Family, Hit

FAMILY = Family("case_file", "The case file itself", 9)


def matches(entry: Acknowledgement, finding: Finding) -> bool:
    """Whether ``entry`` covers ``finding``."""
    return (
        entry.code == finding.code
        and (entry.member is None or entry.member == finding.member)
        and (entry.contact is None or entry.contact == finding.contact)
        and (entry.letter is None or entry.letter == finding.letter)
    )


@dataclass(frozen=True, slots=True)
class Acknowledgements:
    """A case's ``acknowledged`` entries, with what they may not silence."""

    entries: tuple[Acknowledgement, ...]
    planned: frozenset[str]
    unsent: frozenset[str]

    @classmethod
    def of(cls, case: Case) -> Acknowledgements:
        return cls(
            tuple(case.acknowledged),
            frozenset(c.id for c in case.contacts if c.status == "planned"),
            frozenset(item.id for item in case.letters if item.sent is None),
        )

    def can_acknowledge(self, finding: Finding) -> bool:
        """Not an error that can still be put right: about an unsent letter,
        or (about no letter) about a planned contact."""
        if finding.severity != "error":
            return True
        if finding.letter is not None:
            return finding.letter not in self.unsent
        return finding.contact not in self.planned

    def apply(self, findings: list[Finding], checked: Collection[str]) -> list[Finding]:
        """``findings`` marked with the entries that cover them, then CP901
        for each entry of a code in ``checked`` that covers none (when CP901
        itself is in ``checked``)."""
        if not self.entries:
            return findings
        by_code: dict[str, list[int]] = {}
        for index, entry in enumerate(self.entries):
            by_code.setdefault(entry.code, []).append(index)
        used: set[int] = set()
        marked = [self._mark(finding, by_code, used) for finding in findings]
        if "CP901" not in checked:
            return marked
        check = next(c for c in FAMILY.checks if c.code == "CP901")
        unused = [
            check.finding(_unused(self.entries[i], i))
            for i, entry in enumerate(self.entries)
            if i not in used and entry.code != "CP901" and entry.code in checked
        ]
        seen = {f.key for f in marked}
        for finding in unused:
            if finding.key not in seen:
                seen.add(finding.key)
                marked.append(self._mark(finding, by_code, used))
        return marked

    def _mark(self, finding: Finding, by_code: dict[str, list[int]], used: set[int]) -> Finding:
        chosen: Acknowledgement | None = None
        for index in by_code.get(finding.code, ()):
            entry = self.entries[index]
            if matches(entry, finding):
                used.add(index)
                if chosen is None and self.can_acknowledge(finding):
                    chosen = entry
        if chosen is None:
            return finding
        return finding.acknowledge(chosen.reason, chosen.by, chosen.date.isoformat())


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
