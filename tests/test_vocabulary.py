"""Each vocabulary of the format is defined once: the model's Literals and
the tables that describe them agree, so adding a kind of contact or a letter
template can't be half done."""

from __future__ import annotations

import typing

from contactplan import messages, model
from contactplan.vocabulary import CONTACT_KINDS, INTERPRETING_MODES, LETTER_TEMPLATES


def test_contact_kinds_table_matches_the_model() -> None:
    assert tuple(CONTACT_KINDS) == typing.get_args(model.ContactKind)


def test_every_contact_kind_has_a_translatable_name() -> None:
    assert set(messages.KIND_NAMES) == set(CONTACT_KINDS)


def test_letter_templates_table_matches_the_model_and_messages() -> None:
    assert tuple(LETTER_TEMPLATES) == typing.get_args(model.Template)
    assert set(messages.TEMPLATES) == set(LETTER_TEMPLATES)


def test_interpreting_modes_table_matches_the_model() -> None:
    assert tuple(INTERPRETING_MODES) == typing.get_args(model.InterpretingMode)


def test_id_prefixes_are_unique_ids() -> None:
    import re

    prefixes = [kind.prefix for kind in CONTACT_KINDS.values()]
    assert len(set(prefixes)) == len(prefixes)
    assert all(re.fullmatch(model.ID_PATTERN, prefix) for prefix in prefixes)


def test_calls_are_not_in_person_and_see_no_child() -> None:
    for kind in CONTACT_KINDS.values():
        assert not (kind.is_call and kind.sees_child), kind.name
    assert {k.name for k in CONTACT_KINDS.values() if k.is_call} == {"phone_call", "video_call"}
    assert {k.name for k in CONTACT_KINDS.values() if k.sees_child} == {
        "home_visit",
        "school_visit",
        "office_visit",
        "health_appointment",
        "development_review",
    }
