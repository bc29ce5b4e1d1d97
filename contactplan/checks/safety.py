"""Safety: help with domestic abuse reaches the victim safely, and an alleged
perpetrator never interprets (CP601-CP602)."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Letter
from ..vocabulary import CONTACT_KINDS
from ..wording import names
from ._examples import EWA, KID, MUM, case_file, contact
from .context import Context
from .interpreting import family_hits
from .registry import Family, Hit

FAMILY = Family("safety", "Safety", 6)

_PARTNER = "- {id: dad, name: Tom Example, role: partner, alleged_perpetrator: true,\n   languages: [{tag: pl, speaks: native}, {tag: en, speaks: fluent, reads: fluent}]}"  # noqa: E501
_SAFE_MUM = MUM[:-1] + ",\n   safe_contact: {address: 'c/o Example Refuge, PO Box 12, Example City'}}"
_SUPPORT = "- {id: da-1, template: domestic_abuse_support, to: mum}"


def unsafe_route(context: Context, letter: Letter) -> Iterator[Hit]:
    """CP601 for one letter: a domestic abuse support letter by post, handed
    over where an alleged perpetrator is, or to a safe contact the recipient
    doesn't have."""
    if letter.template != "domestic_abuse_support":
        return
    recipient = context.members[letter.to]
    what = f"the domestic abuse support letter {letter.id} to {recipient.name}"
    where_id = letter.contact
    if letter.delivery == "post":
        problem = "goes by post to the family home, where someone who harms them may open it"
    elif letter.delivery == "by_hand":
        where = context.contacts.get(letter.explained_at) if letter.explained_at is not None else None
        if where is None:
            problem = "is to be handed over but no contact is named in explained_at"
        elif CONTACT_KINDS[where.kind].is_call:
            where_id = where.id
            problem = f"is to be handed over at {context.describe(where)}, where nobody can hand it over"
        else:
            where_id = where.id
            present = [
                m
                for m in dict.fromkeys(where.attendees)
                if m != letter.to and context.members[m].alleged_perpetrator
            ]
            if not present:
                return
            who = names([context.name(m) for m in present])
            problem = (
                f"is to be handed over at {context.describe(where)}, which {who} "
                f"(alleged perpetrator) {'attends' if len(present) == 1 else 'attend'}"
            )
    else:
        safe = recipient.safe_contact
        if safe is not None and (safe.address or safe.email):
            return
        problem = "is to go to their safe_contact, and no safe address or email is recorded for them"
    yield Hit(
        f"{what} {problem}: hand it over when they are seen alone (delivery: by_hand) "
        "or send it to a safe address they have given (delivery: safe_contact)",
        member=letter.to,
        contact=where_id,
        letter=letter.id,
    )


@FAMILY.check(
    "CP601",
    "unsafe-letter-route",
    "error",
    "A domestic abuse support letter has no safe route",
    fix="Hand the letter over when the person is seen without the alleged perpetrator (`delivery: by_hand`, "
    "`explained_at:`), or send it to a `safe_contact` they have given (`delivery: safe_contact`).",
    example=case_file(letters=_SUPPORT),
    fixed=case_file(members=_SAFE_MUM + "\n" + KID, letters=_SUPPORT[:-1] + ", delivery: safe_contact}"),
)
def unsafe_letter_route(context: Context) -> Iterator[Hit]:
    """What it finds: a `domestic_abuse_support` letter sent by post (the
    default `delivery`), handed over (`delivery: by_hand`) at a contact an
    alleged perpetrator attends, or sent to the recipient's `safe_contact`
    (`delivery: safe_contact`) when none is recorded (an address or email).
    A letter already `sent` is still checked.

    Why it matters: a support letter posted to the family home can tell the
    abuser what the victim has been told, and put them at risk. In the
    review behind this tool the letter about help with domestic abuse went
    by post, in English, to the home the mother shared with her partner.

    How to fix the plan: hand the letter over when the person is seen
    without the alleged perpetrator (`delivery: by_hand`, with the contact
    in `explained_at`), or send it to a safe address they have given
    (`safe_contact:` on the member, `delivery: safe_contact`).
    """
    for letter in context.case.letters:
        yield from unsafe_route(context, letter)


_FAMILY = MUM + "\n" + KID + "\n" + _PARTNER


@FAMILY.check(
    "CP602",
    "alleged-perpetrator-interprets",
    "error",
    "An alleged perpetrator interprets",
    fix="Book a professional interpreter, and see the person (and the child) without the alleged "
    "perpetrator present.",
    example=case_file(
        members=_FAMILY,
        contacts=contact(
            attendees="[mum, kid, dad]", interpreting="{for: [mum], language: pl, by: dad, status: confirmed}"
        ),
    ),
    fixed=case_file(members=_FAMILY, interpreters=EWA, contacts=contact()),
)
def alleged_perpetrator_interprets(context: Context) -> Iterator[Hit]:
    """What it finds: a member recorded as `alleged_perpetrator: true`
    interprets for anyone at a planned or held contact (`by:` in
    `interpreting` or in `seen_alone`). Reported instead of CP101-CP103. One
    finding per contact.

    Why it matters: a person alleged to harm the family decides what the
    practitioner hears and what the victim or the child is told, in front of
    the person they fear. Nothing said that way can be trusted, and saying
    anything may put them in danger.

    How to fix the plan: book a professional interpreter from the register,
    and see the victim and the child without the alleged perpetrator present.
    """
    return family_hits(
        context,
        "CP602",
        "{role}, alleged perpetrator",
        "book a professional interpreter and see them without the alleged perpetrator",
    )
