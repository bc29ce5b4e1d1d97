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
"""

from __future__ import annotations

import functools
import gettext
from dataclasses import dataclass
from pathlib import Path

from . import languages as lang
from .messages import OPTIONAL, TEMPLATES, Message

__all__ = [
    "BABEL_LOCALES",
    "DOMAIN",
    "LOCALES",
    "CatalogStatus",
    "babel_locale",
    "catalog_locales",
    "locale_for",
    "locales_dir",
    "lookup",
    "status",
    "translation",
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
    "es",
    "fa",
    "fr",
    "gu",
    "it",
    "lt",
    "lv",
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

REVIEWED_HEADER = "x-contactplan-reviewed"
REVIEWER_HEADER = "x-contactplan-reviewer"


@dataclass(frozen=True, slots=True)
class CatalogStatus:
    """Whether ``template`` can be written in ``language``.

    ``locale`` is the catalog that would be used (None when there is none);
    ``missing`` the source messages the template needs that the catalog does
    not translate; ``reviewed`` whether a qualified translator has reviewed
    the catalog (English, the source, counts as reviewed).
    """

    language: str
    template: str
    available: bool
    reviewed: bool
    locale: str | None
    missing: tuple[str, ...] = ()
    reviewer: str | None = None

    def as_dict(self) -> dict[str, object]:
        """The ``translations --format json`` object (``cli.md``)."""
        return {
            "language": self.language,
            "template": self.template,
            "complete": self.available,
            "reviewed": self.reviewed,
        }


@functools.cache
def locales_dir() -> Path:
    """``locales/``: inside the installed package (the wheel puts it at
    ``contactplan/locales``), else at the top of a source checkout."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "locales", package.parent / "locales"):
        if candidate.is_dir():
            return candidate
    return package / "locales"


def _mo_path(locale: str) -> Path:
    if locale not in LOCALES:  # never a path from input
        raise ValueError(f"not a contactplan catalog: {locale!r}")
    return locales_dir() / locale / "LC_MESSAGES" / f"{DOMAIN}.mo"


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
    table: dict[object, str] = getattr(catalog, "_catalog", {})
    nplurals = _nplurals(catalog)
    missing = []
    for message in messages:
        if message in OPTIONAL:
            continue
        if message.plural is None:
            ok = bool(lookup(catalog, message))
        else:
            # a form equal to the English source is one Babel filled in for an empty one
            forms = [table.get((message.id, i)) for i in range(nplurals)]
            ok = all(form and form not in message for form in forms)
        if not ok:
            missing.append(message.id)
    return tuple(missing)


@functools.lru_cache(maxsize=1024)
def status(template: str, tag: str) -> CatalogStatus:
    """Whether ``template`` can be written for a reader of ``tag`` (a
    canonical BCP 47 tag), from which catalog, and whether it was reviewed."""
    if template not in TEMPLATES:
        raise ValueError(f"unknown template {template!r}")
    locale = locale_for(tag)
    if locale is None:
        return CatalogStatus(tag, template, available=False, reviewed=False, locale=None)
    if locale == SOURCE_LOCALE:
        return CatalogStatus(tag, template, available=True, reviewed=True, locale=locale)
    catalog = translation(locale)
    assert isinstance(catalog, gettext.GNUTranslations)
    info = catalog.info()
    missing = _untranslated(catalog, TEMPLATES[template])
    reviewer = info.get(REVIEWER_HEADER) or None
    reviewed = info.get(REVIEWED_HEADER, "no").strip().lower() == "yes" and reviewer is not None
    return CatalogStatus(
        tag,
        template,
        available=not missing,
        reviewed=reviewed,
        locale=locale,
        missing=missing,
        reviewer=reviewer,
    )


def translation_table() -> list[CatalogStatus]:
    """Every template in English and in every installed catalog's language."""
    tags = ["en", *(locale_tag(locale) for locale in catalog_locales())]
    return [status(template, tag) for tag in tags for template in TEMPLATES]
