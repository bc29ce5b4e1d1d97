"""Which letter templates contactplan can write in which language.

A light module (standard library gettext only): ``contactplan check`` imports
it for CP302 and CP304.

gettext and Babel fall back quietly: to the English source text for a message
that is missing, untranslated or fuzzy, to English when no catalog is found,
and from a script to the bare language (no ``pa_Arab`` catalog: ``pa``, which
is Gurmukhi). A letter built that way would be "translated" with English
sentences inside, or in a script the reader does not read. So here a language
is *available* for a template only when

* a catalog exists for exactly that language in that script
  (:func:`contactplan.languages.same_written`), and
* every message the template uses (:data:`contactplan.messages.TEMPLATES`) is
  translated in the compiled catalog, every plural form of it too. Fuzzy and
  untranslated messages never reach a ``.mo`` file (pybabel compile leaves
  them out), and a test keeps each ``.mo`` in step with its ``.po``.

Catalog names come from :data:`LOCALES`, an allow-list of the directories
shipped in ``locales/``; no path is ever built from input.

**Reviews, message by message.** Beside each catalog,
``contactplan.reviews.json`` records which messages a qualified translator
has reviewed: who (name and qualification), when, and digests of the English
source and of the translation they confirmed (:func:`source_digest`,
:func:`translation_digest`). A review counts only while both still match the
message in :mod:`contactplan.messages` and its translation in the compiled
catalog: a changed English text, context or plural, or a translation edited
afterwards, makes it lapse by itself. A file that can't be read counts as no
reviews (never as a review). ``docs/translating.md`` says why the record
lives in its own file.

``CONTACTPLAN_LOCALES`` names another ``locales/`` folder to read (a
service's own reviewed copy of the catalogs).
"""

from __future__ import annotations

import functools
import gettext
import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import languages as lang
from .messages import INTERPRETER_BOOKED, LANGUAGE_NAMES, OPTIONAL, TEMPLATES, VARIANTS, Message

__all__ = [
    "BABEL_LOCALES",
    "DOMAIN",
    "LOCALES",
    "LOCALES_ENV",
    "REVIEWS_FILE",
    "CatalogStatus",
    "Review",
    "babel_locale",
    "catalog_locales",
    "clear_caches",
    "current_review",
    "locale_for",
    "locales_dir",
    "lookup",
    "message_key",
    "reviews",
    "source_digest",
    "status",
    "template_messages",
    "translated_forms",
    "translation",
    "translation_digest",
    "translation_table",
]

DOMAIN = "contactplan"

#: Every catalog contactplan may ship, as Babel locale names (script where it
#: matters). Only these names are ever looked up under ``locales/``.
LOCALES: tuple[str, ...] = (
    "ar",
    "bg",
    "bn",
    "ckb",
    "cs",
    "cy",
    "de",
    "el",
    "es",
    "fa",
    "fr",
    "gu",
    "hi",
    "hu",
    "it",
    "lt",
    "lv",
    "ml",
    "ne",
    "pa_Guru",
    "pl",
    "ps",
    "pt",
    "ro",
    "ru",
    "sk",
    "so",
    "sq",
    "ta",
    "ti",
    "tl",
    "tr",
    "uk",
    "ur",
    "vi",
    "zh_Hans",
    "zh_Hant",
)

#: Catalogs written in a variety Babel does not take by default: ``pt`` is
#: European Portuguese (Babel's ``pt`` is Brazilian), so its letters' dates
#: and language names come from Babel's ``pt_PT``.
BABEL_LOCALES: dict[str, str] = {"pt": "pt_PT"}

#: The source language of every template.
SOURCE_LOCALE = "en"

#: The environment variable naming another ``locales/`` folder to read.
LOCALES_ENV = "CONTACTPLAN_LOCALES"
#: The record of reviews beside each catalog's ``.po`` file.
REVIEWS_FILE = f"{DOMAIN}.reviews.json"


@dataclass(frozen=True, slots=True)
class CatalogStatus:
    """Whether ``template`` can be written in ``language``, and how much of
    it a qualified translator has reviewed.

    ``locale`` is the catalog that would be used (None when there is none);
    ``missing`` the source messages the template needs that the catalog does
    not translate; ``messages`` how many messages the template uses in this
    catalog (:func:`template_messages`), ``reviewed_messages`` how many of
    those have a current review, ``unreviewed`` the English text of the
    others; ``reviewed`` is true only when every one is (English, the
    source, counts as reviewed).
    """

    language: str
    template: str
    available: bool
    reviewed: bool
    locale: str | None
    missing: tuple[str, ...] = ()
    messages: int = 0
    reviewed_messages: int = 0
    unreviewed: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        """The ``translations --format json`` object (``cli.md``)."""
        return {
            "language": self.language,
            "template": self.template,
            "complete": self.available,
            "reviewed": self.reviewed,
            "messages": self.messages,
            "reviewed_messages": self.reviewed_messages,
        }


@dataclass(frozen=True, slots=True)
class Review:
    """A qualified translator's review of one message: who (``reviewer``,
    ``qualification``), when (``date``, ISO), and the digests of the English
    source and of the translation they confirmed."""

    reviewer: str
    qualification: str
    date: str
    source: str
    translation: str


@functools.cache
def locales_dir() -> Path:
    """``locales/``: the folder ``CONTACTPLAN_LOCALES`` names, else inside
    the installed package (the wheel puts it at ``contactplan/locales``),
    else at the top of a source checkout."""
    chosen = os.environ.get(LOCALES_ENV)
    if chosen:
        return Path(chosen).expanduser().resolve()
    package = Path(__file__).resolve().parent
    for candidate in (package / "locales", package.parent / "locales"):
        if candidate.is_dir():
            return candidate
    return package / "locales"


def clear_caches() -> None:
    """Forget every catalog, review and status read so far (after the
    catalogs changed on disk, or ``CONTACTPLAN_LOCALES`` did)."""
    for cached in (locales_dir, catalog_locales, locale_for, translation, reviews, status):
        cached.cache_clear()


def _mo_path(locale: str) -> Path:
    if locale not in LOCALES:  # never a path from input
        raise ValueError(f"not a contactplan catalog: {locale!r}")
    return locales_dir() / locale / "LC_MESSAGES" / f"{DOMAIN}.mo"


def _reviews_path(locale: str) -> Path:
    return _mo_path(locale).with_name(REVIEWS_FILE)


@functools.cache
def catalog_locales() -> list[str]:
    """The allow-listed catalogs that are actually installed, sorted."""
    return [locale for locale in LOCALES if _mo_path(locale).is_file()]


def locale_tag(locale: str) -> str:
    """``'pa_Guru'`` -> ``'pa-Guru'``."""
    return locale.replace("_", "-")


def babel_locale(locale: str) -> str:
    """The Babel locale that writes dates and names for catalog ``locale``
    in the catalog's own variety (``pt`` -> ``pt_PT``)."""
    return BABEL_LOCALES.get(locale, locale)


@functools.lru_cache(maxsize=512)
def locale_for(tag: str) -> str | None:
    """The installed catalog written in exactly ``tag``'s language and script
    (``pa-Arab`` finds none, ``zh-Hant`` finds ``zh_Hant``, ``pt-BR`` finds
    ``pt``); ``'en'`` for English, the source; None when there is none."""
    if lang.is_english(tag):
        return SOURCE_LOCALE
    for locale in catalog_locales():  # a catalog of exactly this variety first (pt-BR before pt)
        if locale_tag(locale) == tag:
            return locale
    for locale in catalog_locales():
        if lang.same_written(tag, locale_tag(locale)):
            return locale
    return None


@functools.lru_cache(maxsize=64)
def translation(locale: str) -> gettext.GNUTranslations | gettext.NullTranslations:
    """The compiled catalog for an allow-listed ``locale``, with no fallback;
    English (the source) is the messages themselves."""
    if locale == SOURCE_LOCALE:
        return gettext.NullTranslations()
    with _mo_path(locale).open("rb") as handle:
        return gettext.GNUTranslations(handle)


def _nplurals(catalog: gettext.GNUTranslations) -> int:
    forms = catalog.info().get("plural-forms", "")
    for part in forms.split(";"):
        key, _, value = part.strip().partition("=")
        if key.strip() == "nplurals" and value.strip().isdigit():
            return int(value.strip())
    return 2


def lookup(catalog: gettext.NullTranslations, message: Message) -> str | None:
    """``message``'s translation in ``catalog`` (its ``msgctxt`` too), or
    None when the catalog leaves it out or empty. Unlike ``gettext`` and
    ``pgettext``, never the English source text in its place: a letter uses
    the neutral sentence instead of an empty gendered variant, and CLDR's
    name instead of an empty language name."""
    table: dict[object, str] = getattr(catalog, "_catalog", {})
    key = message.id if message.context is None else f"{message.context}\x04{message.id}"
    return table.get(key) or None


def _untranslated(catalog: gettext.GNUTranslations, messages: tuple[Message, ...]) -> tuple[str, ...]:
    """The ids of ``messages`` the catalog does not translate, leaving out
    the :data:`~contactplan.messages.OPTIONAL` ones (gendered variants and
    language names, which fall back to the neutral sentence and CLDR)."""
    return tuple(
        message.id
        for message in messages
        if message not in OPTIONAL and translated_forms(catalog, message) is None
    )


def translated_forms(catalog: gettext.NullTranslations, message: Message) -> tuple[str, ...] | None:
    """``message``'s translation in a compiled catalog: one text, or one per
    plural form; None when any of them is missing or empty."""
    if message.plural is None:
        found = lookup(catalog, message)
        return None if found is None else (found,)
    if not isinstance(catalog, gettext.GNUTranslations):
        return None
    table: dict[object, str] = getattr(catalog, "_catalog", {})
    key = message_key(message)
    forms = [table.get((key, i)) for i in range(_nplurals(catalog))]
    # a form equal to the English source is one Babel filled in for an empty one
    if not all(form and form not in message for form in forms):
        return None
    return tuple(form for form in forms if form)


# ---- reviews


def message_key(message: Message) -> str:
    """The message's key in a compiled catalog: its ``msgctxt`` and
    ``msgid`` joined as gettext joins them."""
    return message.id if message.context is None else f"{message.context}\x04{message.id}"


def _digest(parts: Iterable[str]) -> str:
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()[:16]


def source_digest(msgid: str, plural: str | None = None, context: str | None = None) -> str:
    """What a review records of the English it was made against: a digest
    of the message's context, text and plural text (16 hexadecimal digits
    of SHA-256)."""
    return _digest([context or "", msgid, plural or ""])


def translation_digest(forms: Sequence[str]) -> str:
    """What a review records of the translation it confirmed: a digest of
    its text (every plural form, in order)."""
    return _digest(forms)


def _review(item: object) -> tuple[tuple[str | None, str], Review] | None:
    if not isinstance(item, dict):
        return None
    fields = ("reviewer", "qualification", "date", "source", "translation")
    context, msgid = item.get("msgctxt"), item.get("msgid")
    values = [item.get(name) for name in fields]
    if not isinstance(msgid, str) or not (context is None or isinstance(context, str)):
        return None
    if not all(isinstance(v, str) and v.strip() for v in values):
        return None
    return (context, msgid), Review(*(str(v) for v in values))


@functools.lru_cache(maxsize=64)
def reviews(locale: str) -> dict[tuple[str | None, str], Review]:
    """The reviews recorded for catalog ``locale``, by ``(msgctxt, msgid)``.
    A missing file is no reviews; so is one that can't be read or parsed
    (``python -m contactplan.catalog_tool check`` reports it), and so is
    each entry that lacks a field: a record is never guessed into a review."""
    try:
        data = json.loads(_reviews_path(locale).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    entries = data.get("reviews") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return {}
    found = dict(filter(None, (_review(item) for item in entries)))
    return found


def current_review(locale: str, catalog: gettext.NullTranslations, message: Message) -> Review | None:
    """The review of ``message`` in catalog ``locale`` that still holds: made
    against the same English source and the same translation as the catalog
    has now. None when it was never reviewed, or the review lapsed."""
    review = reviews(locale).get((message.context, message.id))
    if review is None:
        return None
    forms = translated_forms(catalog, message)
    if forms is None:
        return None
    if review.source != source_digest(message.id, message.plural, message.context):
        return None
    if review.translation != translation_digest(forms):
        return None
    return review


def template_messages(template: str, catalog: gettext.NullTranslations | None = None) -> tuple[Message, ...]:
    """The messages ``template`` uses: those it needs
    (:data:`~contactplan.messages.TEMPLATES`), and, for a catalog that
    translates them, the gendered variants of those sentences and the names
    of interpreting languages (a letter may use them instead)."""
    needed = TEMPLATES[template]
    if catalog is None:
        return needed
    ids = {message.id for message in needed}
    optional = [variant for (neutral, _, _), variant in VARIANTS.items() if neutral in ids]
    if INTERPRETER_BOOKED in needed:
        optional += LANGUAGE_NAMES.values()
    return needed + tuple(m for m in optional if translated_forms(catalog, m) is not None)


@functools.lru_cache(maxsize=1024)
def status(template: str, tag: str, messages: tuple[Message, ...] | None = None) -> CatalogStatus:
    """Whether ``template`` can be written for a reader of ``tag`` (a
    canonical BCP 47 tag), from which catalog, and how much of it is
    reviewed. ``messages``: the messages one letter uses, when known;
    by default every message the template may use (:func:`template_messages`)."""
    if template not in TEMPLATES:
        raise ValueError(f"unknown template {template!r}")
    locale = locale_for(tag)
    if locale is None:
        count = len(messages if messages is not None else TEMPLATES[template])
        return CatalogStatus(tag, template, available=False, reviewed=False, locale=None, messages=count)
    if locale == SOURCE_LOCALE:
        count = len(messages if messages is not None else TEMPLATES[template])
        return CatalogStatus(
            tag,
            template,
            available=True,
            reviewed=True,
            locale=locale,
            messages=count,
            reviewed_messages=count,
        )
    catalog = translation(locale)
    assert isinstance(catalog, gettext.GNUTranslations)
    missing = _untranslated(catalog, TEMPLATES[template])
    used = messages if messages is not None else template_messages(template, catalog)
    unreviewed = tuple(m.id for m in used if current_review(locale, catalog, m) is None)
    return CatalogStatus(
        tag,
        template,
        available=not missing,
        reviewed=not unreviewed and not missing,
        locale=locale,
        missing=missing,
        messages=len(used),
        reviewed_messages=len(used) - len(unreviewed),
        unreviewed=unreviewed,
    )


def translation_table() -> list[CatalogStatus]:
    """Every template in English and in every installed catalog's language."""
    tags = ["en", *(locale_tag(locale) for locale in catalog_locales())]
    return [status(template, tag) for tag in tags for template in TEMPLATES]
