"""The drafted catalogs of issue 24 item 5 for Czech, Slovak, Latvian, Nepali
and Vietnamese where the language needs more than the neutral sentence: the
greeting follows the reader's recorded gender (and, in Czech, the name in the
vocative), "you are not alone" agrees with the reader in Czech, Slovak and
Latvian, and a female interpreter is named as one. Each case has its near
miss: with no gender recorded, the neutral wording. Slovak takes no vocative
and Nepali and Vietnamese need no gendered sentence: the full name and the
neutral wording. Every one is complete and unreviewed.

needs the catalogs.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import msgspec
import pytest

from contactplan import catalogs
from contactplan.casefile import load_case
from contactplan.letters import render_letter
from contactplan.model import Case

ROOT = Path(__file__).resolve().parent.parent
NOWAK = ROOT / "examples" / "nowak-family-good.yaml"
TODAY = dt.date(2026, 11, 22)
TAGS = ["cs", "lv", "ne", "sk", "vi"]


def _magda(gender: str | None, vocative: str | None = None) -> Case:
    case = load_case(NOWAK)
    members = [
        msgspec.structs.replace(m, gender=gender, name_vocative=vocative) if m.id == "magda" else m
        for m in case.members
    ]
    return msgspec.structs.replace(case, members=members)


def _ewa(gender: str | None) -> Case:
    """The example's Polish interpreter, Ewa, with this gender recorded."""
    case = load_case(NOWAK)
    interpreters = [
        msgspec.structs.replace(i, gender=gender) if i.id == "int-pl-ewa" else i for i in case.interpreters
    ]
    return msgspec.structs.replace(case, interpreters=interpreters)


def _text(case: Case, letter_id: str, tag: str) -> str:
    out = render_letter(case, case.letter(letter_id), [tag], format="text", english_copy=False, today=TODAY)
    assert isinstance(out, str)
    return "".join(c for c in out if c not in "\u2066\u2067\u2069")


@pytest.mark.parametrize(
    ("tag", "gender", "vocative", "greeting"),
    [
        ("cs", "female", None, "Dobrý den, Magda Nowak,"),  # no vocative recorded: the neutral greeting
        ("cs", "female", "Magdo", "Vážená paní Magdo,"),
        ("cs", "male", "Marku", "Vážený pane Marku,"),
        ("cs", None, "Magdo", "Dobrý den, Magdo,"),
        ("sk", "female", None, "Vážená pani Magda Nowak,"),
        ("sk", "male", None, "Vážený pán Magda Nowak,"),
        ("sk", None, None, "Dobrý deň, Magda Nowak,"),
        ("sk", "female", "Magdo", "Vážená pani Magda Nowak,"),  # no vocative in Slovak: the full name
        ("lv", "female", None, "Godātā Magda Nowak!"),
        ("lv", "male", None, "Godātais Magda Nowak!"),
        ("lv", None, None, "Labdien, Magda Nowak!"),
        ("vi", "female", None, "Kính gửi bà Magda Nowak,"),
        ("vi", "male", None, "Kính gửi ông Magda Nowak,"),
        ("vi", None, None, "Kính gửi Magda Nowak,"),
        ("ne", "female", None, "आदरणीय Magda Nowak,"),
    ],
)
def test_the_greeting(tag: str, gender: str | None, vocative: str | None, greeting: str) -> None:
    assert greeting in _text(_magda(gender, vocative), "inv-hv-02", tag).splitlines()


@pytest.mark.parametrize(
    ("tag", "gender", "sentence"),
    [
        ("cs", "female", "Nejste v tom sama."),
        ("cs", "male", "Nejste v tom sám."),
        ("cs", None, "Nejste v tom sami."),
        ("sk", "female", "Nie ste v tom sama."),
        ("sk", None, "Nie ste v tom sami."),
        ("lv", "female", "Jūs neesat viena."),
        ("lv", "male", "Jūs neesat viens."),
        ("lv", None, "Jums ar to nav jātiek galā vienatnē."),
        ("ne", "female", "तपाईं एक्लै हुनुहुन्न।"),
        ("vi", "male", "Quý vị không đơn độc."),
    ],
)
def test_you_are_not_alone_agrees_with_the_reader(tag: str, gender: str | None, sentence: str) -> None:
    assert sentence in _text(_magda(gender), "da-support", tag)


@pytest.mark.parametrize(
    ("tag", "gender", "sentence"),
    [
        ("cs", "female", "Tlumočnice bude přítomna osobně."),
        ("cs", None, "Tlumočník bude přítomen osobně."),
        ("sk", "female", "Tlmočníčka bude prítomná osobne."),
        ("sk", None, "Tlmočník bude prítomný osobne."),
        ("lv", "female", "Tulce būs klāt personīgi."),
        ("lv", None, "Tulks būs klāt personīgi."),
        ("vi", "female", "Thông dịch viên sẽ có mặt trực tiếp."),
    ],
)
def test_the_interpreters_gender(tag: str, gender: str | None, sentence: str) -> None:
    assert sentence in _text(_ewa(gender), "inv-hv-02", tag)


@pytest.mark.parametrize("tag", TAGS)
def test_each_is_a_complete_unreviewed_draft(tag: str) -> None:
    assert catalogs.locale_for(tag) == tag
    for template in ("appointment", "missed_appointment", "domestic_abuse_support"):
        status = catalogs.status(template, tag)
        assert status.available and status.missing == () and status.reviewed is False, (tag, template)
