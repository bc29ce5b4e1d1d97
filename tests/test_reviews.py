"""Reviews message by message (issue 24, item 1): the record beside each
catalog, what counts as a current review, and how a review lapses when the
English or the translation changes. Always on a test's copy of the
catalogs: no shipped catalog is ever marked reviewed."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from contactplan import catalog_tool, catalogs, clock
from contactplan.messages import DURATION, GREETING, SIGN_OFF, TEMPLATES, VARIANTS

DAY = dt.date(2026, 12, 1)


def _po(root: Path, locale: str = "pl") -> Path:
    return root / locale / "LC_MESSAGES" / "contactplan.po"


def _review_all(root: Path, locale: str, template: str) -> int:
    """Record a review of every message ``template`` uses in ``locale``,
    as ``translations import`` would; returns how many."""
    po = _po(root, locale)
    with po.open("rb") as handle:
        catalog = read_po(handle)
    used = catalogs.template_messages(template, catalogs.translation(locale))
    records = catalog_tool.read_reviews(po)
    for message in used:
        found = catalog.get(message.id, context=message.context)
        assert found is not None and not found.fuzzy
        forms = [found.string] if isinstance(found.string, str) else list(found.string or ())
        records[(message.context, message.id)] = catalog_tool.review_record(
            found, forms, "Ewa Example", "NRPSI 10001", DAY
        )
    catalog_tool.write_reviews(po, records)
    catalogs.clear_caches()
    return len(used)


def _edit(root: Path, old: str, new: str, locale: str = "pl") -> None:
    po = _po(root, locale)
    text = po.read_text(encoding="utf-8")
    assert old in text
    po.write_text(text.replace(old, new, 1), encoding="utf-8")
    catalog_tool.compile_catalog(locale, root)
    catalogs.clear_caches()


def test_every_message_of_a_template_reviewed(locales_copy: Path) -> None:
    count = _review_all(locales_copy, "pl", "appointment")
    status = catalogs.status("appointment", "pl")
    assert (status.reviewed, status.messages, status.reviewed_messages, status.unreviewed) == (
        True,
        count,
        count,
        (),
    )
    assert status.as_dict() == {
        "language": "pl",
        "template": "appointment",
        "complete": True,
        "reviewed": True,
        "messages": count,
        "reviewed_messages": count,
    }
    # the near miss: the missed appointment letter has messages of its own, unreviewed
    missed = catalogs.status("missed_appointment", "pl")
    assert not missed.reviewed and 0 < missed.reviewed_messages < missed.messages
    assert "We will contact you soon to make a new appointment." in missed.unreviewed
    # other languages are untouched
    assert catalogs.status("appointment", "ur").reviewed_messages == 0


def test_one_message_short_is_not_reviewed(locales_copy: Path) -> None:
    count = _review_all(locales_copy, "pl", "appointment")
    po = _po(locales_copy)
    records = catalog_tool.read_reviews(po)
    del records[(None, SIGN_OFF.id)]
    catalog_tool.write_reviews(po, records)
    catalogs.clear_caches()
    status = catalogs.status("appointment", "pl")
    assert not status.reviewed and status.reviewed_messages == count - 1
    assert status.unreviewed == (SIGN_OFF.id,)


def test_a_translation_changed_after_its_review_lapses(locales_copy: Path) -> None:
    _review_all(locales_copy, "pl", "appointment")
    _edit(locales_copy, 'msgstr "Z poważaniem,"', 'msgstr "Pozdrawiam,"')
    status = catalogs.status("appointment", "pl")
    assert status.unreviewed == (SIGN_OFF.id,)
    assert catalogs.current_review("pl", catalogs.translation("pl"), SIGN_OFF) is None


def test_a_changed_english_source_makes_the_review_lapse(locales_copy: Path) -> None:
    """The record keeps a digest of the English it was made against: a new
    plural text (same msgid, so the same key) no longer matches it."""
    _review_all(locales_copy, "pl", "appointment")
    catalog = catalogs.translation("pl")
    assert catalogs.current_review("pl", catalog, DURATION) is not None
    changed = DURATION._replace(plural="It will last about {minutes} minutes.")
    assert catalogs.current_review("pl", catalog, changed) is None
    # a changed msgid is another message: no review at all
    assert catalogs.current_review("pl", catalog, SIGN_OFF._replace(id="Yours faithfully,")) is None


def test_reviews_survive_update_and_compile(locales_copy: Path) -> None:
    count = _review_all(locales_copy, "pl", "appointment")
    before = (_po(locales_copy).with_name(catalogs.REVIEWS_FILE)).read_bytes()
    catalog_tool.update_catalog("pl", locales_copy)
    catalog_tool.compile_catalog("pl", locales_copy)
    catalogs.clear_caches()
    assert _po(locales_copy).with_name(catalogs.REVIEWS_FILE).read_bytes() == before
    assert catalogs.status("appointment", "pl").reviewed_messages == count
    assert catalog_tool.check_catalog(_po(locales_copy)) == []


def test_update_forgets_reviews_of_messages_that_are_gone(locales_copy: Path) -> None:
    _review_all(locales_copy, "pl", "appointment")
    po = _po(locales_copy)
    records = catalog_tool.read_reviews(po)
    gone = dict(records[(None, SIGN_OFF.id)])
    records[(None, "A sentence no letter says any more.")] = gone
    catalog_tool.write_reviews(po, records)
    assert any("no such message" in p for p in catalog_tool.check_catalog(po))
    catalog_tool.update_catalog("pl", locales_copy)
    assert (None, "A sentence no letter says any more.") not in catalog_tool.read_reviews(po)
    assert (None, SIGN_OFF.id) in catalog_tool.read_reviews(po)


def test_the_record_merges_line_by_line(locales_copy: Path) -> None:
    """One review a line, sorted by message: two reviews of different
    messages change different lines."""
    _review_all(locales_copy, "pl", "appointment")
    text = _po(locales_copy).with_name(catalogs.REVIEWS_FILE).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.lstrip().startswith('{"msgctxt"')]
    assert len(lines) == len(json.loads(text)["reviews"])
    keys = [
        (json.loads(line.rstrip(","))["msgctxt"] or "", json.loads(line.rstrip(","))["msgid"])
        for line in lines
    ]
    assert keys == sorted(keys)


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        '{"reviews": "all of them"}',
        '["a list"]',
    ],
)
def test_a_broken_record_is_no_review_and_check_says_so(locales_copy: Path, text: str) -> None:
    po = _po(locales_copy)
    po.with_name(catalogs.REVIEWS_FILE).write_text(text, encoding="utf-8")
    catalogs.clear_caches()
    assert catalogs.reviews("pl") == {}
    assert catalogs.status("appointment", "pl").reviewed_messages == 0
    assert any(catalogs.REVIEWS_FILE in p for p in catalog_tool.check_catalog(po))


def test_a_review_without_a_reviewer_is_no_review(locales_copy: Path) -> None:
    _review_all(locales_copy, "pl", "appointment")
    po = _po(locales_copy)
    path = po.with_name(catalogs.REVIEWS_FILE)
    data = json.loads(path.read_text(encoding="utf-8"))
    for entry in data["reviews"]:
        if entry["msgid"] == GREETING.id and entry["msgctxt"] is None:
            entry["qualification"] = " "
    path.write_text(json.dumps(data), encoding="utf-8")
    catalogs.clear_caches()
    assert GREETING.id in catalogs.status("appointment", "pl").unreviewed
    assert any("qualification missing or empty" in p for p in catalog_tool.check_catalog(po))


def test_check_refuses_a_review_dated_in_the_future_or_twice(locales_copy: Path) -> None:
    po = _po(locales_copy)
    with po.open("rb") as handle:
        catalog = read_po(handle)
    found = catalog.get(SIGN_OFF.id)
    assert found is not None
    record = catalog_tool.review_record(found, [str(found.string)], "Ewa Example", "CIOL", DAY)
    with clock.frozen(dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.UTC)):
        catalog_tool.write_reviews(po, {(None, SIGN_OFF.id): record})
        assert any("in the future" in p for p in catalog_tool.check_catalog(po))
    text = po.with_name(catalogs.REVIEWS_FILE).read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if "msgctxt" in line)
    po.with_name(catalogs.REVIEWS_FILE).write_text(
        text.replace(line, f"{line},\n    {line}"), encoding="utf-8"
    )
    assert any("reviewed twice" in p for p in catalog_tool.check_catalog(po))


def test_a_variant_is_counted_only_where_the_catalog_translates_it(locales_copy: Path) -> None:
    """A gendered variant a catalog leaves empty is not a message its
    letters use (the neutral sentence is); one it translates is."""
    female = VARIANTS[(GREETING.id, "recipient", "female")]
    for locale in ("pl", "ur", "zh_Hans"):
        catalog = catalogs.translation(locale)
        used = catalogs.template_messages("appointment", catalog)
        assert set(TEMPLATES["appointment"]) <= set(used)
        assert (female in used) == (catalogs.lookup(catalog, female) is not None)


def test_a_copy_of_the_catalogs_is_read_only_when_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CONTACTPLAN_LOCALES names the folder; without it, the shipped one."""
    catalogs.clear_caches()
    shipped = catalogs.locales_dir()
    copy = tmp_path / "mine"
    shutil.copytree(shipped, copy)
    monkeypatch.setenv(catalogs.LOCALES_ENV, str(copy))
    catalogs.clear_caches()
    try:
        assert catalogs.locales_dir() == copy.resolve()
    finally:
        monkeypatch.delenv(catalogs.LOCALES_ENV)
        catalogs.clear_caches()
    assert catalogs.locales_dir() == shipped
