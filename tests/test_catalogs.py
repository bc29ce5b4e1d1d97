"""The letter catalogs: availability (exact language and script, nothing
untranslated or fuzzy), and the checks every shipped catalog must pass."""

from __future__ import annotations

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.pofile import read_po

from contactplan import catalog_tool, catalogs
from contactplan.messages import TEMPLATES

ROOT = Path(__file__).resolve().parent.parent
LOCALES_DIR = ROOT / "locales"
PO_FILES = sorted(LOCALES_DIR.glob("*/LC_MESSAGES/contactplan.po"))
PO_IDS = [p.parent.parent.name for p in PO_FILES]


# ---- availability


@pytest.mark.parametrize("tag", ["pl", "ur", "ar"])
@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_shipped_drafts_are_available_and_unreviewed(template: str, tag: str) -> None:
    status = catalogs.status(template, tag)
    assert status.available and status.locale == tag and status.missing == ()
    assert status.reviewed is False


@pytest.mark.parametrize("tag", ["en", "en-GB", "en-US"])
def test_english_is_the_source(tag: str) -> None:
    status = catalogs.status("appointment", tag)
    assert (status.available, status.reviewed, status.locale) == (True, True, "en")


@pytest.mark.parametrize(
    "tag",
    [
        "pa-Arab",  # gettext would fall back to pa (Gurmukhi)
        "syl",  # Sylheti: no catalog, and Bengali is not Sylheti
        "ar-Latn",  # Arabic in Latin letters is not the Arabic catalog
        "ur-Latn",
    ],
)
def test_no_catalog_for_another_script_or_language(tag: str) -> None:
    assert catalogs.locale_for(tag) is None
    assert not catalogs.status("appointment", tag).available


def test_script_decides_between_chinese_catalogs() -> None:
    present = catalogs.catalog_locales()
    assert catalogs.locale_for("zh-Hant") == ("zh_Hant" if "zh_Hant" in present else None)
    assert catalogs.locale_for("zh-Hans") == ("zh_Hans" if "zh_Hans" in present else None)


def test_region_of_the_same_written_language_uses_the_catalog() -> None:
    assert catalogs.locale_for("ar-EG") == "ar"
    assert catalogs.locale_for("ur-PK") == "ur"


def test_unknown_template_is_an_error() -> None:
    with pytest.raises(ValueError):
        catalogs.status("birthday", "pl")


def test_locale_names_come_from_the_allow_list() -> None:
    for name in ("../../etc", "pl/../ur", "PL", "xx"):
        with pytest.raises(ValueError):
            catalogs._mo_path(name)
    shipped = {p.name for p in LOCALES_DIR.iterdir() if p.is_dir()}
    assert shipped <= set(catalogs.LOCALES), shipped - set(catalogs.LOCALES)
    assert set(catalogs.catalog_locales()) == {
        n for n in shipped if (LOCALES_DIR / n / "LC_MESSAGES" / "contactplan.mo").is_file()
    }


def _compiled(tmp_path: Path, po_text: str) -> gettext.GNUTranslations:
    po = tmp_path / "pl" / "LC_MESSAGES" / "contactplan.po"
    po.parent.mkdir(parents=True)
    po.write_text(po_text, encoding="utf-8")
    mo = catalog_tool.compile_catalog("pl", tmp_path)
    with mo.open("rb") as handle:
        return gettext.GNUTranslations(handle)


def _polish_text() -> str:
    return (LOCALES_DIR / "pl" / "LC_MESSAGES" / "contactplan.po").read_text(encoding="utf-8")


def test_fuzzy_message_makes_the_template_unavailable(tmp_path: Path) -> None:
    text = _polish_text().replace('msgid "Yours sincerely,"', '#, fuzzy\nmsgid "Yours sincerely,"', 1)
    missing = catalogs._untranslated(_compiled(tmp_path, text), TEMPLATES["appointment"])
    assert missing == ("Yours sincerely,",)


def test_untranslated_plural_form_makes_the_template_unavailable(tmp_path: Path) -> None:
    text = _polish_text().replace('msgstr[2] "Spotkanie potrwa około {minutes} minut."', 'msgstr[2] ""', 1)
    missing = catalogs._untranslated(_compiled(tmp_path, text), TEMPLATES["appointment"])
    assert missing == ("It will take about {minutes} minute.",)
    # a message the template does not use does not matter
    assert catalogs._untranslated(_compiled(tmp_path / "b", text), TEMPLATES["domestic_abuse_support"]) == ()


def test_complete_catalog_near_miss(tmp_path: Path) -> None:
    assert catalogs._untranslated(_compiled(tmp_path, _polish_text()), TEMPLATES["appointment"]) == ()


# ---- every shipped catalog


def test_at_least_the_three_first_catalogs_ship() -> None:
    assert {"pl", "ur", "ar"} <= set(PO_IDS)


@pytest.mark.parametrize("po", PO_FILES, ids=PO_IDS)
def test_catalog_passes_contactplan_checks(po: Path) -> None:
    assert catalog_tool.check_catalog(po) == []


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU msgfmt not installed")
@pytest.mark.parametrize("po", PO_FILES, ids=PO_IDS)
def test_catalog_passes_msgfmt_check_format(po: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        ["msgfmt", "--check-format", "--check-header", "-o", str(tmp_path / "out.mo"), str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("po", PO_FILES, ids=PO_IDS)
def test_mo_is_compiled_from_po(po: Path, tmp_path: Path) -> None:
    shipped = po.with_suffix(".mo")
    assert shipped.is_file(), f"{shipped} missing: run python -m contactplan.catalog_tool compile"
    copy = tmp_path / po.parent.parent.name / "LC_MESSAGES"
    copy.mkdir(parents=True)
    shutil.copy(po, copy / po.name)
    fresh = catalog_tool.compile_catalog(po.parent.parent.name, tmp_path)
    with shipped.open("rb") as a, fresh.open("rb") as b:
        old, new = gettext.GNUTranslations(a), gettext.GNUTranslations(b)
    assert old._catalog == new._catalog, (
        f"{shipped} is out of date: run python -m contactplan.catalog_tool compile"
    )  # type: ignore[attr-defined]


@pytest.mark.parametrize("po", PO_FILES, ids=PO_IDS)
def test_catalog_header_is_honest(po: Path) -> None:
    extras = catalog_tool.extra_headers(po.read_text(encoding="utf-8"))
    assert extras.get("X-Contactplan-Reviewed") in ("yes", "no")
    if extras["X-Contactplan-Reviewed"] == "yes":
        assert extras.get("X-Contactplan-Reviewer")
    else:
        assert extras.get("X-Contactplan-Review-Note") == catalog_tool.DRAFT_NOTE
    with po.open("rb") as handle:
        catalog = read_po(handle)
    assert str(catalog.locale_identifier) == po.parent.parent.name


@pytest.mark.parametrize("po", PO_FILES, ids=PO_IDS)
def test_plural_count_matches_cldr(po: Path) -> None:
    with po.open("rb") as handle:
        catalog = read_po(handle)
    locale = Locale.parse(po.parent.parent.name)
    whole_number_categories = {locale.plural_form(n) for n in range(0, 1001)}
    assert catalog.num_plurals == len(whole_number_categories)


def test_polish_has_three_plural_forms() -> None:
    assert catalog_tool.plural_forms("pl")[0] == 3
    assert catalog_tool.plural_forms("ar")[0] == 6
    assert catalog_tool.plural_forms("zh_Hant")[0] == 1
    # where Babel's own table disagrees with CLDR
    assert catalog_tool.plural_forms("cy")[0] == 6
    assert catalog_tool.plural_forms("fa") == (2, "((((n == 0)) || ((n == 1))) ? 0 : 1)")


# ---- the placeholder check itself


def test_placeholders_are_found() -> None:
    assert catalog_tool.placeholders("When: {date} at {time}") == {"date", "time"}
    assert catalog_tool.placeholders("no placeholders") == set()
    assert catalog_tool.placeholders("broken {date") == {"<malformed braces>"}


def _checked(tmp_path: Path, old: str, new: str) -> list[str]:
    text = _polish_text()
    assert old in text
    po = tmp_path / "pl" / "LC_MESSAGES" / "contactplan.po"
    po.parent.mkdir(parents=True)
    po.write_text(text.replace(old, new, 1), encoding="utf-8")
    return catalog_tool.check_catalog(po)


@pytest.mark.parametrize(
    "new",
    [
        'msgstr "Kiedy: {data}, godz. {time}"',  # a translated placeholder name
        'msgstr "Kiedy: {date}"',  # a placeholder left out
        'msgstr "Kiedy: {date}, godz. {time} {name}"',  # one added
        'msgstr "Kiedy: {date, godz. {time}"',  # broken braces
    ],
)
def test_wrong_placeholders_are_reported(tmp_path: Path, new: str) -> None:
    problems = _checked(tmp_path, 'msgstr "Kiedy: {date}, godz. {time}"', new)
    assert any("placeholders" in p for p in problems), problems


def test_moved_placeholders_are_fine(tmp_path: Path) -> None:
    assert _checked(tmp_path, 'msgstr "Kiedy: {date}, godz. {time}"', 'msgstr "Godz. {time}, {date}"') == []


def test_claimed_review_needs_a_reviewer(tmp_path: Path) -> None:
    problems = _checked(tmp_path, "X-Contactplan-Reviewed: no", "X-Contactplan-Reviewed: yes")
    assert any("X-Contactplan-Reviewer" in p for p in problems)


def test_wrong_plural_forms_are_reported(tmp_path: Path) -> None:
    problems = _checked(tmp_path, "nplurals=3;", "nplurals=2;")
    assert any("Plural-Forms" in p or "plural forms" in p for p in problems), problems


# ---- the template and the source


def test_pot_has_every_source_message(tmp_path: Path) -> None:
    with (LOCALES_DIR / "contactplan.pot").open("rb") as handle:
        pot = read_po(handle)
    in_pot = {m.id if isinstance(m.id, str) else m.id[0] for m in pot if m.id}
    in_code = {m.id for messages in TEMPLATES.values() for m in messages}
    assert in_pot == in_code
    for message in pot:
        if message.id:
            assert any(c.startswith("TRANSLATORS:") for c in message.auto_comments), message.id


def test_pot_is_up_to_date(tmp_path: Path) -> None:
    pot = catalog_tool.extract(tmp_path)
    with pot.open("rb") as fresh, (LOCALES_DIR / "contactplan.pot").open("rb") as shipped:
        new, old = read_po(fresh), read_po(shipped)
    assert [(m.id, m.auto_comments) for m in new] == [(m.id, m.auto_comments) for m in old]


def test_every_message_is_a_whole_sentence_a_label_or_a_name() -> None:
    import re

    from contactplan import messages as msg

    names = {m.id for m in msg.KIND_NAMES.values()} | {
        msg.APPOINTMENT_TITLE.id,
        msg.MISSED_TITLE.id,
        msg.ABUSE_TITLE.id,
    }
    label = re.compile(r"[A-Z][a-z ]+: \{[a-z]+\}( at \{[a-z]+\})?")
    for messages in TEMPLATES.values():
        for message in messages:
            for text in filter(None, (message.id, message.plural)):
                if text in names:
                    assert "{" not in text, text
                    continue
                assert label.fullmatch(text) or text.endswith((".", ":", ",")), text
                assert text[0].isupper() or text.startswith("{"), text
