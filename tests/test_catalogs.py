"""The letter catalogs: availability (exact language and script, nothing
untranslated or fuzzy), and the checks every shipped catalog must pass."""

from __future__ import annotations

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from contactplan import catalog_tool, catalogs
from contactplan.messages import LANGUAGE_NAMES, OPTIONAL, TEMPLATES, VARIANTS

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


def _messages(mo: Path) -> tuple[dict[object, str], dict[str, str]]:
    """A compiled catalog by its meaning: its messages, and its header fields
    except those naming the tool that wrote it (so any Babel version compares equal)."""
    with mo.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    messages = {k: v for k, v in catalog._catalog.items() if k != ""}  # type: ignore[attr-defined]
    header = {k: v for k, v in catalog.info().items() if k not in ("generated-by",)}
    return messages, header


@pytest.mark.parametrize("po", PO_FILES, ids=PO_IDS)
def test_mo_is_compiled_from_po(po: Path, tmp_path: Path) -> None:
    """Compared by messages, not bytes: the bytes change with the Babel version."""
    shipped = po.with_suffix(".mo")
    assert shipped.is_file(), f"{shipped} missing: run python -m contactplan.catalog_tool compile"
    copy = tmp_path / po.parent.parent.name / "LC_MESSAGES"
    copy.mkdir(parents=True)
    shutil.copy(po, copy / po.name)
    fresh = catalog_tool.compile_catalog(po.parent.parent.name, tmp_path)
    assert _messages(shipped) == _messages(fresh), (
        f"{shipped} is out of date: run python -m contactplan.catalog_tool compile"
    )


def test_stale_mo_is_noticed(tmp_path: Path) -> None:
    """The near miss of the test above: one changed translation is a difference."""
    po = LOCALES_DIR / "pl" / "LC_MESSAGES" / "contactplan.po"
    shipped = catalog_tool.compile_catalog("pl", _copy_catalog(tmp_path / "a", po, po.read_text("utf-8")))
    changed = po.read_text("utf-8").replace('msgstr "Z poważaniem,"', 'msgstr "Pozdrawiam,"', 1)
    assert changed != po.read_text("utf-8")
    fresh = catalog_tool.compile_catalog("pl", _copy_catalog(tmp_path / "b", po, changed))
    assert _messages(shipped) != _messages(fresh)


def _copy_catalog(root: Path, po: Path, text: str) -> Path:
    folder = root / po.parent.parent.name / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / po.name).write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("po", PO_FILES, ids=PO_IDS)
def test_catalog_is_honest_about_review(po: Path) -> None:
    """No catalog claims a review that did not happen: every shipped catalog
    is a draft, with no review recorded for any message, and none says a
    whole catalog was reviewed."""
    extras = catalog_tool.extra_headers(po.read_text(encoding="utf-8"))
    assert extras.get("X-Contactplan-Reviewed", "no") == "no"
    assert catalog_tool.read_reviews(po) == {}
    with po.open("rb") as handle:
        catalog = read_po(handle)
    assert str(catalog.locale_identifier) == po.parent.parent.name


def test_no_shipped_translation_is_reviewed() -> None:
    rows = [row for row in catalogs.translation_table() if row.locale != "en"]
    assert rows and all(row.reviewed_messages == 0 and not row.reviewed for row in rows)
    assert all(row.messages >= len(TEMPLATES[row.template]) for row in rows)


@pytest.mark.parametrize("po", PO_FILES, ids=PO_IDS)
def test_plural_rule_means_what_cldr_says(po: Path) -> None:
    with po.open("rb") as handle:
        catalog = read_po(handle)
    name = po.parent.parent.name
    assert catalog_tool.plural_disagreement(name, catalog.num_plurals, catalog.plural_expr) is None


def test_plural_forms_of_new_catalogs() -> None:
    assert catalog_tool.plural_forms("pl")[0] == 3
    assert catalog_tool.plural_forms("ar")[0] == 6
    assert catalog_tool.plural_forms("zh_Hant")[0] == 1
    # where Babel's own table disagrees with CLDR
    assert catalog_tool.plural_forms("cy")[0] == 6
    assert catalog_tool.plural_forms("fa")[0] == 2
    # CLDR 42 and later: a form for millions (GNU gettext's wording)
    for name in ("es", "fr", "it", "pt"):
        assert catalog_tool.plural_forms(name)[0] == 3, name


@pytest.mark.parametrize(
    ("name", "nplurals", "expr", "why"),
    [
        ("es", 2, "(n != 1)", "n=1000000"),  # the rule before CLDR 42: millions are their own form now
        ("pl", 2, "(n != 1)", "n=2"),  # few and many in one form
        ("pl", 3, "(n==1 ? 0 : n%10>=2 && n%10<=4 ? 1 : 2)", "n=12"),  # 12 is many, not few
        ("fr", 3, "(n > 1 ? 2 : n == 0 ? 1 : 0)", "n=0"),  # 0 is one in French
        ("de", 3, "(n != 1)", "only 2 forms"),  # an unused form
        ("pl", 3, "(n == 1 ? 0 : n ? 1 : 4)", "form 4"),  # a form that does not exist
        ("pl", 3, "n ==== 1", "not a valid"),
    ],
)
def test_plural_rules_compared_by_meaning(name: str, nplurals: int, expr: str, why: str) -> None:
    found = catalog_tool.plural_disagreement(name, nplurals, expr)
    assert found is not None and why.split()[-1] in found, found


def test_same_rule_written_differently_agrees() -> None:
    """Text differs, meaning is the same: no problem."""
    assert (
        catalog_tool.plural_disagreement(
            "pl", 3, "n==1 ? 0 : (n%10>=2 && n%10<=4 && (n%100<12 || n%100>14)) ? 1 : 2"
        )
        is None
    )
    assert catalog_tool.plural_disagreement("tr", 2, "n != 1") is None
    assert catalog_tool.plural_disagreement("tr", 2, "(n == 1 ? 0 : 1)") is None


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
        'msgstr "{time} ({strefa})"',  # a translated placeholder name
        'msgstr "{time}"',  # a placeholder left out
        'msgstr "{time} ({zone}) {name}"',  # one added
        'msgstr "{time} ({zone)"',  # broken braces
    ],
)
def test_wrong_placeholders_are_reported(tmp_path: Path, new: str) -> None:
    problems = _checked(tmp_path, 'msgstr "{time} ({zone})"', new)
    assert any("placeholders" in p for p in problems), problems


def test_moved_placeholders_are_fine(tmp_path: Path) -> None:
    assert _checked(tmp_path, 'msgstr "{time} ({zone})"', 'msgstr "({zone}) {time}"') == []


def test_a_whole_catalog_is_never_marked_reviewed(tmp_path: Path) -> None:
    """Reviews are recorded message by message: the old header claim is refused."""
    problems = _checked(tmp_path, "X-Contactplan-Reviewed: no", "X-Contactplan-Reviewed: yes")
    assert any("X-Contactplan-Reviewed" in p and "message by message" in p for p in problems), problems


def test_wrong_plural_forms_are_reported(tmp_path: Path) -> None:
    problems = _checked(tmp_path, "nplurals=3;", "nplurals=2;")
    assert any("Plural-Forms" in p or "plural forms" in p for p in problems), problems


def test_check_never_crashes_on_a_rule_cldr_no_longer_agrees_with(tmp_path: Path) -> None:
    """A Spanish catalog with the rule of an older CLDR: one line, not a traceback."""
    po = LOCALES_DIR / "es" / "LC_MESSAGES" / "contactplan.po"
    text = po.read_text(encoding="utf-8")
    old = text[text.index('"Plural-Forms:') : text.index("\n", text.index('"Plural-Forms:')) + 3]
    copy = tmp_path / "es" / "LC_MESSAGES" / "contactplan.po"
    copy.parent.mkdir(parents=True)
    copy.write_text(text.replace(old, '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'), encoding="utf-8")
    problems = catalog_tool.check_catalog(copy)
    plural = [p for p in problems if "Plural-Forms" in p]
    assert len(plural) == 1 and "\n" not in plural[0] and "1000000" in plural[0], problems


# ---- the template and the source


def test_pot_has_every_source_message(tmp_path: Path) -> None:
    with (LOCALES_DIR / "contactplan.pot").open("rb") as handle:
        pot = read_po(handle)
    in_pot = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in pot if m.id}
    in_code = {(m.context, m.id) for messages in TEMPLATES.values() for m in messages}
    in_code |= {(m.context, m.id) for m in OPTIONAL}
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
        msg.GENERIC_KIND.id,
        msg.APPOINTMENT_TITLE.id,
        msg.MISSED_TITLE.id,
        msg.ABUSE_TITLE.id,
    }
    # a time with its clock ("14:30 UK time") is a value put into a sentence, not a sentence
    values = {msg.TIME_UK.id, msg.TIME_IN_ZONE.id}
    names |= {m.id for m in LANGUAGE_NAMES.values()}
    label = re.compile(r"[A-Z][a-z ]+: \{[a-z]+\}( at \{[a-z]+\})?")
    for messages in (*TEMPLATES.values(), OPTIONAL):
        for message in messages:
            for text in filter(None, (message.id, message.plural)):
                if text in names:
                    assert "{" not in text, text
                    continue
                if text in values:
                    assert text.startswith("{time}"), text
                    continue
                assert label.fullmatch(text) or text.endswith((".", ":", ",")), text
                assert text[0].isupper() or text.startswith("{"), text


# ---- optional messages: gendered variants and language names


def test_optional_messages_are_not_needed_for_a_template() -> None:
    """A catalog that leaves every variant and language name empty is still
    complete: the letter uses the neutral sentence and CLDR's name."""
    for messages in TEMPLATES.values():
        assert not set(messages) & set(OPTIONAL)
    for (neutral, _whose, _gender), variant in VARIANTS.items():
        assert variant.id == neutral and variant.context
    assert all(m.context == "language name" for m in LANGUAGE_NAMES.values())


def _mo(tmp_path: Path, messages: dict[object, str]) -> gettext.GNUTranslations:
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    catalog = Catalog(locale="pl")
    for key, text in messages.items():
        context, msgid = key if isinstance(key, tuple) else (None, key)
        catalog.add(msgid, text, context=context)
    path = tmp_path / "x.mo"
    with path.open("wb") as handle:
        write_mo(handle, catalog)
    with path.open("rb") as handle:
        return gettext.GNUTranslations(handle)


def test_lookup_reads_msgctxt_and_never_returns_the_source(tmp_path: Path) -> None:
    from contactplan.messages import GREETING

    variant = VARIANTS[(GREETING.id, "recipient", "female")]
    mo = _mo(
        tmp_path, {GREETING.id: "Dzień dobry {name},", ("to a woman", GREETING.id): "Szanowna Pani {name},"}
    )
    assert catalogs.lookup(mo, GREETING) == "Dzień dobry {name},"
    assert catalogs.lookup(mo, variant) == "Szanowna Pani {name},"
    male = VARIANTS[(GREETING.id, "recipient", "male")]
    assert catalogs.lookup(mo, male) is None  # empty: the neutral sentence is used
    assert mo.pgettext("to a man", GREETING.id) == GREETING.id  # what gettext would have printed


def test_untranslated_ignores_optional_messages(tmp_path: Path) -> None:
    from contactplan.messages import GREETING

    optional = VARIANTS[(GREETING.id, "recipient", "female")]
    mo = _mo(tmp_path, {GREETING.id: "Dzień dobry {name},"})
    assert catalogs._untranslated(mo, (GREETING, optional)) == ()
    assert catalogs._untranslated(_mo(tmp_path, {}), (GREETING,)) == (GREETING.id,)


@pytest.mark.parametrize(("tag", "expected"), [("pt", "pt"), ("pt-PT", "pt"), ("pt-BR", "pt")])
def test_portuguese_readers_get_the_european_catalog_written_by_pt_pt(tag: str, expected: str) -> None:
    """Only ``pt`` (European Portuguese) ships: a pt-BR reader gets it too
    (no pt-BR catalog exists), and its dates come from Babel's pt_PT."""
    assert catalogs.locale_for(tag) == expected
    assert catalogs.babel_locale("pt") == "pt_PT"


def test_check_names_the_variant_with_wrong_placeholders(tmp_path: Path) -> None:
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    from contactplan.messages import GREETING

    catalog = Catalog(locale="pl", domain="contactplan")
    catalog.add(GREETING.id, "Dzień dobry {name},")
    catalog.add(GREETING.id, "Szanowna Pani {imie},", context="to a woman")
    catalog.add("Mandarin", "{language}", context="language name")
    po = tmp_path / "pl" / "LC_MESSAGES" / "contactplan.po"
    po.parent.mkdir(parents=True)
    with po.open("wb") as handle:
        write_po(handle, catalog)
    problems = catalog_tool.check_catalog(po)
    assert any("msgctxt 'to a woman'" in p and "placeholders ['imie']" in p for p in problems), problems
    assert any("msgctxt 'language name'" in p for p in problems), problems
    assert not any(
        "Dzień dobry" in p or "msgid 'Dear {name},': placeholders" in p.split("msgctxt")[0] for p in problems
    )
