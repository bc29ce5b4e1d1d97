"""The drafted catalogs of issue 24 item 5 (German, Greek, Hungarian,
Malayalam, Hindi, Tagalog) where the language needs more than the neutral
sentence: the greeting and the verbs follow the reader's recorded gender, the
Greek greeting takes the vocative, a female interpreter is named as one, and a
reader recorded as Filipino (``fil``) gets the Tagalog catalog. Each case has
its near miss: with no gender recorded, the neutral wording.

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


def _magda(gender: str | None, vocative: str | None = None) -> Case:
    case = load_case(NOWAK)
    members = [
        msgspec.structs.replace(m, gender=gender, name_vocative=vocative) if m.id == "magda" else m
        for m in case.members
    ]
    return msgspec.structs.replace(case, members=members)


def _text(case: Case, letter_id: str, tag: str) -> str:
    out = render_letter(case, case.letter(letter_id), [tag], format="text", english_copy=False, today=TODAY)
    assert isinstance(out, str)
    return "".join(c for c in out if c not in "\u2066\u2067\u2069")


@pytest.mark.parametrize(
    ("tag", "gender", "vocative", "greeting"),
    [
        ("de", "female", None, "Sehr geehrte Frau Magda Nowak,"),
        ("de", "male", None, "Sehr geehrter Herr Magda Nowak,"),
        ("de", None, None, "Guten Tag Magda Nowak,"),
        ("el", "female", None, "Αξιότιμη κυρία Magda Nowak,"),
        ("el", "male", "Γιώργο", "Αξιότιμε κύριε Γιώργο,"),
        ("el", None, None, "Αξιότιμε/Αξιότιμη Magda Nowak,"),
        ("hu", "female", "Magdo", "Tisztelt Magda Nowak!"),  # no vocative in Hungarian: the full name
        ("hi", "female", None, "आदरणीय Magda Nowak,"),
        ("ml", "male", None, "ബഹുമാനപ്പെട്ട Magda Nowak,"),
        ("tl", None, None, "Mahal na Magda Nowak,"),
    ],
)
def test_the_greeting(tag: str, gender: str | None, vocative: str | None, greeting: str) -> None:
    assert greeting in _text(_magda(gender, vocative), "inv-hv-02", tag).splitlines()


@pytest.mark.parametrize(
    ("tag", "gender", "sentence"),
    [
        ("hi", "female", "आप अकेली नहीं हैं।"),
        ("hi", None, "आप अकेले नहीं हैं।"),
        ("el", "female", "Δεν είστε μόνη."),
        ("el", "male", "Δεν είστε μόνος."),
        ("el", None, "Δεν είστε μόνοι."),
    ],
)
def test_you_are_not_alone_agrees_with_the_reader(tag: str, gender: str | None, sentence: str) -> None:
    assert sentence in _text(_magda(gender), "da-support", tag)


def test_the_interpreters_gender_in_german_and_malayalam() -> None:
    """Ewa, the Polish interpreter of the example, is a woman."""
    case = load_case(NOWAK)
    german = _text(case, "inv-hv-02", "de")
    assert "Die Dolmetscherin ist persönlich vor Ort." in german
    assert "Dolmetscherin oder der Dolmetscher ist persönlich" not in german
    assert "ദ്വിഭാഷി നേരിട്ട് സന്നിഹിതയായിരിക്കും." in _text(case, "inv-hv-02", "ml")


@pytest.mark.parametrize("tag", ["fil", "tl", "fil-PH"])
def test_a_reader_recorded_as_filipino_gets_the_tagalog_catalog(tag: str) -> None:
    assert catalogs.locale_for(tag) == "tl"
    assert "Paanyaya sa isang tipanan" in _text(load_case(NOWAK), "inv-hv-02", tag)


@pytest.mark.parametrize("tag", ["de", "el", "hu", "ml", "hi", "tl"])
def test_each_is_a_complete_unreviewed_draft(tag: str) -> None:
    for template in ("appointment", "missed_appointment", "domestic_abuse_support"):
        status = catalogs.status(template, tag)
        assert status.available and status.missing == () and status.reviewed is False, (tag, template)
