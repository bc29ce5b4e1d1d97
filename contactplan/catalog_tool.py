"""Maintain the letter catalogs: ``python -m contactplan.catalog_tool``.

A thin layer over Babel's own extract / init / update / compile, for two
reasons (``docs/translating.md``):

* Babel drops header fields it does not know when it reads a catalog, so a
  plain ``pybabel update`` or ``pybabel compile`` would lose contactplan's
  own ``X-Contactplan-*`` fields. This tool keeps them (and drops the
  retired whole-catalog review fields: reviews are recorded message by
  message in ``contactplan.reviews.json``, :mod:`contactplan.catalogs`).
* Babel's own ``Plural-Forms`` table disagrees with CLDR for some languages
  (it gives Farsi and Turkish one form, Welsh five); ``init`` writes forms
  that agree with CLDR for every whole number.

``check`` (also run by the tests) validates each catalog: Babel's format
checkers, the named ``{placeholders}`` of every translation against the
source (Babel's checkers do not look at those), the plural forms against
CLDR, the contactplan header fields, and the record of reviews beside it.

Not imported by the command line; babel is imported here at module level.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gettext
import io
import json
import re
import string
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.checkers import checkers as babel_checkers
from babel.messages.mofile import write_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po, write_po
from babel.plural import to_gettext

from . import clock
from .catalogs import (
    BABEL_LOCALES,
    DOMAIN,
    LOCALES,
    REVIEWS_FILE,
    locales_dir,
    source_digest,
    translation_digest,
)

__all__ = [
    "RETIRED_HEADERS",
    "ReviewRecord",
    "check_catalog",
    "check_reviews",
    "compile_catalog",
    "extra_headers",
    "init_catalog",
    "plural_forms",
    "read_reviews",
    "update_catalog",
    "write_reviews",
]

_EXTRA = re.compile(r'^"(X-Contactplan-[A-Za-z-]+): (.*)\\n"$', re.MULTILINE)
#: Header fields of the whole-catalog review, retired for reviews message by
#: message: left out whenever this tool writes a catalog.
RETIRED_HEADERS = ("X-Contactplan-Reviewed", "X-Contactplan-Review-Note", "X-Contactplan-Reviewer")


# ---- plural forms

#: Catalogs written in a variety Babel does not take by default: ``pt`` is
#: European Portuguese (Babel's ``pt`` is Brazilian).
CLDR_LOCALES: dict[str, str] = BABEL_LOCALES
#: Every whole number from 0 to a million is compared, then these larger ones.
_COMPARED_UP_TO = 1_000_000
_LARGER = tuple(
    sorted(
        {10**k + d for k in range(6, 19) for d in (-1, 0, 1, 2, 3, 11, 21, 101)}
        | {2_000_000, 5_000_000, 12_000_000, 21_000_000, 2**31 - 1, 2**31, 2**63 - 1}
    )
)
_CLDR_ORDER = ("zero", "one", "two", "few", "many", "other")


def _cldr_locale(locale_name: str) -> Locale:
    return Locale.parse(CLDR_LOCALES.get(locale_name, locale_name))


def _gettext_of_cldr(locale: Locale) -> tuple[int, str]:
    """CLDR's rule for whole numbers as a gettext expression (Babel's own
    conversion, with the operands that are 0 for whole numbers set to 0)."""
    match = re.fullmatch(r"nplurals=(\d+); plural=(.*);", to_gettext(locale.plural_form))
    assert match is not None, "Babel's to_gettext changed its output"
    # e and c (the compact exponent) are 0 for a whole number written out
    return int(match[1]), re.sub(r"\b[ec]\b", "0", match[2])


@functools.lru_cache(maxsize=64)
def _cldr_categories(locale_name: str) -> Callable[[int], str]:
    """CLDR's plural category of a whole number, fast enough for a million of them."""
    locale = _cldr_locale(locale_name)
    _, expr = _gettext_of_cldr(locale)
    rule = gettext.c2py(expr)
    tags = [tag for tag in _CLDR_ORDER if tag in locale.plural_form.tags or tag == "other"]
    # to_gettext numbers the categories in CLDR's order; prove it on a sample
    for n in (*range(0, 1001), *_LARGER):
        if tags[rule(n)] != locale.plural_form(n):
            raise ValueError(f"Babel's gettext form of CLDR's rule for {locale_name} disagrees with CLDR")
    return lambda n: tags[rule(n)]


def _numbers() -> Iterator[int]:
    yield from range(0, _COMPARED_UP_TO + 1)
    yield from _LARGER


@functools.lru_cache(maxsize=256)
def plural_disagreement(locale_name: str, nplurals: int, expr: str) -> str | None:
    """Why the gettext rule ``nplurals``/``expr`` does not sort whole numbers
    as CLDR does for ``locale_name`` (one line), or None when it does.

    Compared by meaning, never as text: each form of the rule must be exactly
    one of CLDR's categories for every n from 0 to a million and a sample of
    larger n. A rule that is not a valid gettext expression says so.
    """
    import babel

    cldr = f"CLDR (Babel {babel.__version__})"
    try:
        rule = gettext.c2py(expr)
    except (ValueError, SyntaxError, RecursionError):
        return f"{expr!r} is not a valid gettext plural expression"
    try:
        categories = _cldr_categories(locale_name)
    except (ValueError, LookupError) as exc:
        return f"cannot compare with {cldr}: {exc}"
    form_of: dict[str, tuple[int, int]] = {}
    category_of: dict[int, tuple[str, int]] = {}
    for n in _numbers():
        form, category = rule(n), categories(n)
        if not 0 <= form < nplurals:
            return f"n={n} gives form {form}, but there are only {nplurals} forms (nplurals={nplurals})"
        first = form_of.setdefault(category, (form, n))
        if first[0] != form:
            return (
                f"{cldr} puts n={first[1]} and n={n} in one category ({category!r}), "
                f"the catalog's rule gives them forms {first[0]} and {form}"
            )
        other = category_of.setdefault(form, (category, n))
        if other[0] != category:
            return (
                f"the catalog's rule gives n={other[1]} ({other[0]!r} in {cldr}) and n={n} "
                f"({category!r}) the same form {form}"
            )
    if len(category_of) != nplurals:
        return f"{nplurals} forms, but whole numbers fall into {len(category_of)} categories in {cldr}"
    return None


def plural_forms(locale_name: str) -> tuple[int, str]:
    """``(nplurals, plural expression)`` for a new catalog, agreeing with CLDR
    for whole numbers: Babel's gettext table where it does, else CLDR's own
    rule (which always does)."""
    table = get_plural(CLDR_LOCALES.get(locale_name, locale_name))
    candidates = [(table.num_plurals, table.plural_expr)]
    candidates += _PLURAL_PREFERRED.get(locale_name, [])
    for nplurals, expr in candidates:
        if plural_disagreement(locale_name, nplurals, expr) is None:
            return nplurals, expr
    return _gettext_of_cldr(_cldr_locale(locale_name))


#: GNU gettext's own wording of rules CLDR has changed (Spanish, French,
#: Italian and Portuguese gained a form for millions in CLDR 42).
_PLURAL_PREFERRED: dict[str, list[tuple[int, str]]] = {
    "es": [(3, "(n == 1) ? 0 : ((n != 0 && n % 1000000 == 0) ? 1 : 2)")],
    "it": [(3, "(n == 1) ? 0 : ((n != 0 && n % 1000000 == 0) ? 1 : 2)")],
    "pt": [(3, "(n == 1) ? 0 : ((n != 0 && n % 1000000 == 0) ? 1 : 2)")],
    "fr": [(3, "(n == 0 || n == 1) ? 0 : ((n != 0 && n % 1000000 == 0) ? 1 : 2)")],
}


def _has_plural(nplurals: int, expr: str) -> str:
    return f"nplurals={nplurals}; plural={expr};"


# ---- reading and writing with contactplan's header fields


def extra_headers(po_text: str) -> dict[str, str]:
    """The ``X-Contactplan-*`` fields of a catalog's header."""
    header = po_text.split("\n\n", 1)[0]
    return {name: value for name, value in _EXTRA.findall(header)}


class _Catalog(Catalog):
    """A Babel catalog that writes contactplan's header fields too."""

    extras: dict[str, str]

    def _headers(self) -> list[tuple[str, str]]:
        headers = Catalog._get_mime_headers(self)
        at = next(i for i, (name, _) in enumerate(headers) if name == "MIME-Version")
        return headers[:at] + list(getattr(self, "extras", {}).items()) + headers[at:]

    mime_headers = property(_headers, Catalog._set_mime_headers)


def _po_path(locale_name: str, root: Path) -> Path:
    if locale_name not in LOCALES:
        raise SystemExit(f"{locale_name!r} is not in contactplan.catalogs.LOCALES: add it there first")
    return root / locale_name / "LC_MESSAGES" / f"{DOMAIN}.po"


def _read(po: Path) -> _Catalog:
    text = po.read_text(encoding="utf-8")
    catalog = read_po(io.StringIO(text), domain=DOMAIN)
    catalog.__class__ = _Catalog
    assert isinstance(catalog, _Catalog)
    catalog.extras = extra_headers(text)
    return catalog


def _po_bytes(catalog: Catalog) -> bytes:
    """The ``.po`` text, without the retired whole-catalog review fields."""
    if isinstance(catalog, _Catalog):
        catalog.extras = {k: v for k, v in catalog.extras.items() if k not in RETIRED_HEADERS}
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, include_previous=True)
    return buffer.getvalue()


def _write(po: Path, catalog: Catalog) -> None:
    po.write_bytes(_po_bytes(catalog))


def _template(root: Path) -> Catalog:
    with (root / f"{DOMAIN}.pot").open("rb") as handle:
        return read_po(handle, domain=DOMAIN)


def init_catalog(locale_name: str, root: Path | None = None) -> Path:
    """A new, empty catalog for ``locale_name`` from ``contactplan.pot``, with
    CLDR plural forms. Nothing in it is reviewed (no record of reviews)."""
    root = root or locales_dir()
    po = _po_path(locale_name, root)
    if po.exists():
        raise SystemExit(f"{po} exists: use update")
    catalog = _Catalog(locale=locale_name, domain=DOMAIN, project="contactplan", fuzzy=False)
    catalog.extras = {}
    nplurals, expr = plural_forms(locale_name)
    catalog.mime_headers = [("Plural-Forms", _has_plural(nplurals, expr))]
    catalog.update(_template(root))
    po.parent.mkdir(parents=True, exist_ok=True)
    _write(po, catalog)
    return po


def update_catalog(locale_name: str, root: Path | None = None) -> Path:
    """Merge ``contactplan.pot`` into a catalog (changed messages become
    fuzzy), and forget the reviews of messages the template no longer has."""
    root = root or locales_dir()
    po = _po_path(locale_name, root)
    catalog = _read(po)
    template = _template(root)
    catalog.update(template, update_header_comment=False)
    _write(po, catalog)
    keys = {(m.context, _strings(m.id)[0]) for m in template if m.id}
    records = read_reviews(po)
    kept = {key: record for key, record in records.items() if key in keys}
    if len(kept) != len(records):
        write_reviews(po, kept)
    return po


def compile_catalog(locale_name: str, root: Path | None = None) -> Path:
    """``contactplan.mo`` beside the ``.po``; fuzzy messages are left out."""
    root = root or locales_dir()
    po = _po_path(locale_name, root)
    catalog = _read(po)
    for message in list(catalog):
        # Babel fills an empty plural form with the English source: leave the
        # whole message out instead, so that it counts as untranslated.
        if message.id and message.pluralizable and not all(_strings(message.string)):
            message.string = ("",) * catalog.num_plurals
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    mo = po.with_suffix(".mo")
    mo.write_bytes(buffer.getvalue())
    return mo


def extract(root: Path | None = None) -> Path:
    """``contactplan.pot`` from the source messages (``contactplan/messages.py``)."""
    from babel.messages.frontend import CommandLineInterface

    root = root or locales_dir()
    source = Path(__file__).resolve().parent.parent
    pot = root / f"{DOMAIN}.pot"
    CommandLineInterface().run(  # type: ignore[no-untyped-call]
        [
            "pybabel",
            "--quiet",
            "extract",
            "--mapping-file", str(source / "babel.cfg"),
            "--add-comments", "TRANSLATORS:",
            "--no-location",
            "--sort-output",
            "--project", "contactplan",
            "--copyright-holder", "contactplan developers",
            "--width", "100",
            "--output-file", str(pot),
            str(source),
        ]
    )  # fmt: skip
    return pot


# ---- the record of reviews (contactplan.reviews.json beside each .po)

ReviewKey = tuple[str | None, str]
#: One review as written: reviewer, qualification, date, source, translation.
ReviewRecord = dict[str, str]
_REVIEW_FIELDS = ("reviewer", "qualification", "date", "source", "translation")
_ABOUT = (
    "Reviews by qualified translators, message by message (docs/translating.md). "
    "Written by `contactplan translations import`: do not edit by hand."
)


def _reviews_path(po: Path) -> Path:
    return po.with_name(REVIEWS_FILE)


def read_reviews(po: Path) -> dict[ReviewKey, ReviewRecord]:
    """The reviews recorded beside catalog ``po``, by ``(msgctxt, msgid)``
    (none when there is no record). Raises ``ValueError`` for a record that
    is not one (``check_reviews`` says what is wrong)."""
    path = _reviews_path(po)
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    found: dict[ReviewKey, ReviewRecord] = {}
    for item in data["reviews"]:
        found[(item.get("msgctxt"), item["msgid"])] = {name: item[name] for name in _REVIEW_FIELDS}
    return found


def reviews_text(locale_name: str, records: Mapping[ReviewKey, ReviewRecord]) -> str:
    """The record of reviews as written: JSON with one review a line, sorted
    by message, so that reviews of different messages merge line by line."""
    lines = [
        json.dumps({"msgctxt": key[0], "msgid": key[1], **records[key]}, ensure_ascii=False)
        for key in sorted(records, key=lambda k: (k[0] or "", k[1]))
    ]
    head = f'{{\n  "about": {json.dumps(_ABOUT)},\n  "locale": {json.dumps(locale_name)},\n  "reviews": ['
    return head + ("\n    " + ",\n    ".join(lines) + "\n  ]\n}\n" if lines else "]\n}\n")


def write_reviews(po: Path, records: Mapping[ReviewKey, ReviewRecord]) -> Path:
    """Write the record of reviews beside ``po`` (atomically)."""
    from .files import write_atomic

    path = _reviews_path(po)
    return write_atomic(path, reviews_text(po.parent.parent.name, records), mode=0o644)


def review_record(
    message: Message, forms: Sequence[str], reviewer: str, qualification: str, date: dt.date
) -> ReviewRecord:
    """A review of ``message`` (a Babel message) with translation ``forms``."""
    ids = _strings(message.id)
    return {
        "reviewer": reviewer,
        "qualification": qualification,
        "date": date.isoformat(),
        "source": source_digest(ids[0], ids[1] if len(ids) > 1 else None, message.context),
        "translation": translation_digest(list(forms)),
    }


def check_reviews(po: Path, catalog: Catalog) -> list[str]:
    """What is wrong with the record of reviews beside ``po``: not JSON, not
    the shape written, a field missing or empty, a date that is not a date
    or is in the future, a message reviewed twice or not in the catalog."""
    path = _reviews_path(po)
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [f"{path.name}: cannot be read as JSON: {exc}"]
    entries = data.get("reviews") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return [f'{path.name}: expected an object with a "reviews" list']
    keys = {(m.context, _strings(m.id)[0]) for m in catalog if m.id}
    problems: list[str] = []
    seen: set[ReviewKey] = set()
    today = clock.today()
    for number, item in enumerate(entries, 1):
        where = f"{path.name}: review {number}"
        if not isinstance(item, dict) or not isinstance(item.get("msgid"), str):
            problems.append(f"{where}: not a review of a message (msgid missing)")
            continue
        key = (item.get("msgctxt"), item["msgid"])
        where = f"{where} (msgid {key[1]!r})"
        empty = [
            name for name in _REVIEW_FIELDS if not (isinstance(item.get(name), str) and item[name].strip())
        ]
        if empty:
            problems.append(f"{where}: {', '.join(empty)} missing or empty")
            continue
        try:
            day = dt.date.fromisoformat(item["date"])
        except ValueError:
            problems.append(f"{where}: date {item['date']!r} is not YYYY-MM-DD")
        else:
            if day > today:
                problems.append(f"{where}: date {day} is in the future")
        if key in seen:
            problems.append(f"{where}: the message is reviewed twice")
        seen.add(key)
        if key not in keys:
            problems.append(f"{where}: no such message in the catalog (run update)")
    return problems


# ---- validation


def placeholders(text: str) -> set[str]:
    """The named ``{placeholders}`` of a python-brace-format text."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {"<malformed braces>"}


def _strings(value: str | Sequence[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _message_problems(catalog: Catalog, message: Message) -> Iterable[str]:
    where = f"msgid {_strings(message.id)[0]!r}"
    if message.context:  # a gendered variant or a language name: say which
        where = f"msgctxt {message.context!r} {where}"
    for checker in babel_checkers:
        try:
            checker(catalog, message)
        except Exception as exc:  # TranslationError and friends: report, never crash
            yield f"{where}: {exc}"
    sources = _strings(message.id)
    translations = [t for t in _strings(message.string) if t]
    expected = placeholders(sources[0])
    for source in sources[1:]:
        if placeholders(source) != expected:
            yield f"{where}: singular and plural source use different placeholders"
    for text in translations:
        found = placeholders(text)
        if found != expected:
            yield f"{where}: placeholders {sorted(found)} in a translation, {sorted(expected)} in the source"
    if message.pluralizable and translations and len(_strings(message.string)) != catalog.num_plurals:
        yield f"{where}: {len(_strings(message.string))} plural forms, the catalog has {catalog.num_plurals}"


def check_catalog(po: Path) -> list[str]:
    """Every problem in one ``.po`` file, as lines naming the file."""
    text = po.read_text(encoding="utf-8")
    locale_name = po.parent.parent.name
    problems: list[str] = []
    if locale_name not in LOCALES:
        problems.append(f"{locale_name!r} is not in contactplan.catalogs.LOCALES")
    catalog = read_po(io.StringIO(text), domain=DOMAIN)
    if str(catalog.locale_identifier) != locale_name:
        problems.append(f"Language is {catalog.locale_identifier!r}, the folder says {locale_name!r}")
    if locale_name in LOCALES:
        disagreement = plural_disagreement(locale_name, catalog.num_plurals, catalog.plural_expr)
        if disagreement is not None:
            nplurals, expr = plural_forms(locale_name)
            problems.append(
                f"Plural-Forms do not sort whole numbers as CLDR does: {disagreement} "
                f"(CLDR's rule: {_has_plural(nplurals, expr)!r})"
            )
    if extra_headers(text).get("X-Contactplan-Reviewed", "no") != "no":
        problems.append(
            "X-Contactplan-Reviewed: a whole catalog is no longer marked reviewed: reviews are recorded "
            f"message by message in {REVIEWS_FILE} (contactplan translations import)"
        )
    problems.extend(check_reviews(po, catalog))
    for message in catalog:
        if message.id:
            problems.extend(_message_problems(catalog, message))
    return [f"{po}: {problem}" for problem in problems]


# ---- command line


def _locales(names: list[str], root: Path) -> list[str]:
    if names:
        return names
    return [name for name in LOCALES if (root / name / "LC_MESSAGES" / f"{DOMAIN}.po").is_file()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m contactplan.catalog_tool", description=__doc__)
    parser.add_argument("action", choices=["extract", "init", "update", "compile", "check"])
    parser.add_argument("locales", nargs="*", help="catalog names, e.g. pl pa_Guru (default: every catalog)")
    parser.add_argument("-d", "--directory", type=Path, default=None, help="the locales folder")
    args = parser.parse_args(argv)
    root: Path = args.directory or locales_dir()
    if args.action == "extract":
        print(f"extracted {extract(root)}")
        return 0
    if args.action == "init" and not args.locales:
        parser.error("init needs a locale")
    problems: list[str] = []
    for name in _locales(args.locales, root):
        if args.action == "init":
            print(f"created {init_catalog(name, root)}")
        elif args.action == "update":
            print(f"updated {update_catalog(name, root)}")
        elif args.action == "compile":
            print(f"compiled {compile_catalog(name, root)}")
        else:
            problems.extend(check_catalog(_po_path(name, root)))
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
