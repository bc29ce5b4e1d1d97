"""The questions of "Record what happened": one form a contact, with a
question for each child who can be seen alone and each interpreter booked.

The answers are page questions (``case=False``), not keys of the case: the
route turns them into the contact's ``status``, ``seen``, ``seen_alone`` and
its interpreting's ``status`` (:func:`contactplan.web.outcomes.routes.outcome`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from wtforms.validators import Length, Optional

from ...model import Case, Contact, Member
from ..fields import Checkboxes, Number, Radios, Select, TextInput
from ..mapping import CaseForm

__all__ = ["OUTCOMES", "Booked", "OutcomeForm", "outcome_form"]

#: What can have happened, in the order the question offers them.
OUTCOMES = [
    ("held", "It happened (held)"),
    ("was_not_brought", "The child was not brought"),
    ("no_access", "No access: nobody answered, or we were not let in"),
    ("did_not_attend", "They did not attend"),
    ("cancelled", "It was cancelled"),
]
YES_NO = [("yes", "Yes"), ("no", "No")]


@dataclass(frozen=True)
class Booked:
    """An interpreter booked for the contact: the position of the
    arrangement in the contact's interpreting, and the interpreter."""

    index: int
    interpreter: str
    name: str
    language: str


class OutcomeForm(CaseForm):
    status = Radios("What happened?", choices=OUTCOMES, case=False)
    seen = Checkboxes(
        "Who was seen?",
        description="Tick everyone a practitioner saw. Those not ticked are recorded as not seen.",
        case=False,
    )

    #: Filled by :func:`outcome_form`.
    children: ClassVar[tuple[Member, ...]] = ()
    booked: ClassVar[tuple[Booked, ...]] = ()

    def alone(self, child: int) -> Any:
        return self[f"alone_{child}"]

    def minutes(self, child: int) -> Any:
        return self[f"minutes_{child}"]

    def through(self, child: int) -> Any:
        return self[f"through_{child}"]

    def why_not(self, child: int) -> Any:
        return self[f"why_not_{child}"]

    def came(self, booked: int) -> Any:
        return self[f"came_{booked}"]


def pronoun(member: Member) -> str:
    return {"female": "her", "male": "his"}.get(member.gender or "", "their")


def outcome_form(
    case: Case, contact: Contact, children: list[Member], booked: list[Booked]
) -> type[OutcomeForm]:
    """The form for ``contact``: the questions for ``children`` (those who
    can be seen alone) and the interpreters ``booked``."""
    fields: dict[str, Any] = {"children": tuple(children), "booked": tuple(booked)}
    register = [(i.id, i.name) for i in case.interpreters]
    here = [b.interpreter for b in booked]
    ordered = sorted(register, key=lambda pair: (pair[0] not in here, pair[1]))
    for n, child in enumerate(children):
        first = child.name.split()[0] if child.name.split() else child.name
        fields[f"alone_{n}"] = Radios(
            f"Was {first} seen on {pronoun(child)} own?", choices=YES_NO, case=False
        )
        fields[f"minutes_{n}"] = Number(
            f"For how many minutes was {first} seen alone?",
            unit="minutes",
            case=False,
            render_kw={"classes": "govuk-input--width-3", "inputmode": "numeric", "spellcheck": "false"},
        )
        fields[f"through_{n}"] = Select(
            "Through which interpreter?",
            description="Choose “No interpreter” if the child spoke with you in English.",
            choices=[("", "No interpreter"), *ordered],
            case=False,
        )
        fields[f"why_not_{n}"] = TextInput(
            f"Why was {first} not seen alone?",
            validators=[Optional(), Length(max=500)],
            case=False,
            render_kw={"classes": "govuk-!-width-full"},
        )
    for n, b in enumerate(booked):
        fields[f"came_{n}"] = Radios(
            f"Did {b.name}, the {b.language} interpreter, come?", choices=YES_NO, case=False
        )
    return type("ContactOutcomeForm", (OutcomeForm,), fields)
