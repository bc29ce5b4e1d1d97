"""The privacy screen of calendar and invitation text (issue 26): does this
text name someone in the family?

Calendars sync to phones and are seen by colleagues; invitations go to
interpreters outside the agency. Free text from the case file (a contact's
title or location, a booking reference, a practitioner's role) and the case
reference itself are compared with what identifies the family:

* each word of each member's name, compared **without accents** and with
  Latin letters folded to their plain form ("Zielinski" is "Zieliński",
  "Lukasz" is "Łukasz"; Cyrillic and Greek names are compared in Latin
  letters too: "Olena" is "Олена"), by anyascii;
* each date of birth, in the ways people write dates;
* each address: whole, each part between commas, the **street name alone**
  (without the house number: "Elm Road", "Elm Rd") and the **postcode
  alone** (with or without its space).

:meth:`PrivacyScreen.may_show` says whether free text may be shown;
:meth:`PrivacyScreen.screened_reference` is the case reference with every
part that names the family replaced by ``***`` (``CP-NOWAK-KUBA`` becomes
``CP-***-***``), which calendars and invitations show instead of it unless
names are asked for; :func:`reference_names` says what a reference holds,
for the warning when a case is imported or started.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata

from ..model import Case

__all__ = ["HIDDEN", "PrivacyScreen", "fold", "normalized", "reference_names", "screened_reference"]

#: What stands in a reference for a part that names the family.
HIDDEN = "***"
_MONTH_NAMES = [
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
]  # fmt: skip
#: A UK postcode (any letter case, with or without its space).
_POSTCODE = re.compile(r"\b([a-z]{1,2}[0-9][a-z0-9]?) ?([0-9][a-z]{2})\b", re.IGNORECASE)
#: Street words written in full or short: compared in their short form.
_STREET_WORDS = {
    "road": "rd", "street": "st", "avenue": "ave", "av": "ave", "lane": "ln", "drive": "dr",
    "close": "cl", "crescent": "cres", "place": "pl", "gardens": "gdns", "terrace": "ter",
    "terr": "ter", "court": "ct", "square": "sq", "grove": "gr", "park": "pk", "way": "way",
}  # fmt: skip
_STREETS = frozenset(_STREET_WORDS.values())
#: Scripts whose letters are compared in plain Latin letters (whole words come out).
_FOLDED_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")


def normalized(text: str) -> str:
    """Text as compared for privacy: NFKC, format characters (soft hyphen,
    zero-width space, direction marks) removed, case folded, one space between words."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return " ".join(unicodedata.normalize("NFKC", text.casefold()).split())


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    from anyascii import anyascii

    try:
        name = unicodedata.name(ch)
    except ValueError:
        return ch
    if name.startswith(_FOLDED_SCRIPTS):
        return anyascii(ch).lower()
    return ch


def fold(text: str) -> str:
    """:func:`normalized` text without accents, its Latin, Cyrillic and Greek
    letters in plain Latin letters (``zieliński`` -> ``zielinski``, ``łukasz``
    -> ``lukasz``); other scripts as they are."""
    decomposed = unicodedata.normalize("NFKD", normalized(text))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    if plain.isascii():
        return plain
    return "".join(ch if ch.isascii() else _fold_char(ch) for ch in plain)


def _words(text: str) -> set[str]:
    """The words of ``text`` (two letters or more, not numbers), as written and folded."""
    found = set()
    for form in {normalized(text), fold(text)}:
        found |= {w for w in re.findall(r"\w+", form) if len(w) >= 2 and not w.isdigit()}
    return found


def _plain(text: str) -> str:
    """Folded text as words between single spaces, street words short, for
    matching parts of addresses as whole words: `` 14 elm rd leeds ``."""
    words = re.findall(r"\w+", fold(text))
    return " " + " ".join(_STREET_WORDS.get(w, w) for w in words) + " "


def _postcodes(text: str) -> set[str]:
    return {(m[1] + m[2]).lower() for m in _POSTCODE.finditer(fold(text))}


def _date_forms(day: dt.date) -> set[str]:
    """How a date of birth may be written: 2018-03-02, 02/03/2018, 2/3/2018,
    2 march 2018, 2 mar 2018, march 2 2018 (compared after :func:`normalized`)."""
    month = _MONTH_NAMES[day.month - 1]
    forms = {day.isoformat(), f"{day.day:02}/{day.month:02}/{day.year}", f"{day.day}/{day.month}/{day.year}"}
    forms |= {f"{day.day:02}.{day.month:02}.{day.year}", f"{day.day}.{day.month}.{day.year}"}
    for name in (month, month[:3]):
        forms |= {
            f"{day.day} {name} {day.year}",
            f"{name} {day.day} {day.year}",
            f"{name} {day.day}, {day.year}",
        }
    return forms


class PrivacyScreen:
    """What identifies the family of ``case``, and whether text names them."""

    def __init__(self, case: Case) -> None:
        self.case = case
        self.words: set[str] = set().union(*(_words(m.name) for m in case.members))
        self.dates: set[str] = set().union(
            *(_date_forms(m.date_of_birth) for m in case.members if m.date_of_birth)
        )
        self.addresses: set[str] = set()  # whole addresses, their parts and street names, as _plain text
        self.postcodes: set[str] = set()
        for member in case.members:
            if not member.address:
                continue
            self.postcodes |= _postcodes(member.address)
            whole = _plain(member.address)
            if whole.strip():
                self.addresses.add(whole)
            for part in re.split(r"[,\n;]", member.address):
                plain = _plain(part)
                if len(plain.strip()) >= 5:
                    self.addresses.add(plain)
                # the street alone: a part that starts with a house number or names a street
                words = plain.split()
                if words and (any(c.isdigit() for c in words[0]) or set(words) & _STREETS):
                    street = " " + " ".join(w for w in words if not any(c.isdigit() for c in w)) + " "
                    if len(street.strip()) >= 5 and len(street.split()) >= 2:
                        self.addresses.add(street)

    def found(self, text: str) -> list[str]:
        """What in ``text`` names the family: the words, dates, addresses and
        postcodes (as the family's record writes them, folded), in that order."""
        found = sorted(_words(text) & self.words)
        plain = normalized(text)
        found += sorted(form for form in self.dates if form in plain)
        spaced = _plain(text)
        found += sorted(a.strip() for a in self.addresses if a in spaced)
        found += sorted(p.upper() for p in _postcodes(text) & self.postcodes)
        joined = re.sub(r"\W+", "", fold(text))
        found += sorted(p.upper() for p in self.postcodes if p in joined and p.upper() not in found)
        return found

    def may_show(self, text: str) -> bool:
        """Whether free text names nobody in the family (a name or surname,
        with or without accents, a date of birth, an address, a street, a
        postcode)."""
        return not self.found(text)

    def screened_reference(self) -> str:
        """The case reference with each part that names the family (a word of
        a name, a date of birth, a postcode) replaced by :data:`HIDDEN`."""
        reference = self.case.reference
        for form in sorted(self.dates, key=len, reverse=True):
            reference = re.sub(re.escape(form), HIDDEN, reference, flags=re.IGNORECASE)
        for code in self.postcodes:
            pattern = re.escape(code[:-3]) + r"[\s_-]?" + re.escape(code[-3:])
            reference = re.sub(pattern, HIDDEN, reference, flags=re.IGNORECASE)
        parts = re.split(r"([^\w]+|_)", reference)
        return "".join(HIDDEN if part and _words(part) & self.words else part for part in parts)


def reference_names(case: Case) -> list[str]:
    """What in the case reference names the family (empty: nothing): for the
    warning when a case is imported or started."""
    screen = PrivacyScreen(case)
    reference = case.reference
    return [] if screen.screened_reference() == reference else screen.found(re.sub(r"[-_/]", " ", reference))


def screened_reference(case: Case) -> str:
    """The case reference as calendars and invitations show it without names."""
    return PrivacyScreen(case).screened_reference()
