"""The reader against hostile and mistaken input (issues 11 and 17).

Every case here failed on the reader as it was: it was read as something
else (``GMT``, ``bsl``, ``Kurdish``), hung (a FIFO), ran out of memory
(``/dev/zero``), crashed (a 1,000-subtag tag, a 900,000-character time zone,
the year 2), took quadratic time (8,000 members named by numbers), or was
silently skipped by ``check DIR``. Each now is one
:class:`~contactplan.errors.CaseFileError` naming the file, the line and the
field, with the fix; near misses stay valid.
"""

from __future__ import annotations

import os
import signal
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from contactplan.casefile import iter_case_files, load_case, load_case_text
from contactplan.errors import CaseFileError

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, devices and signals are POSIX")

BASE = """\
contactplan: 1
case:
  reference: CP-TEST-1
members:
  - id: mum
    name: Test Parent
    role: parent
    languages:
      - {tag: pl, speaks: native, reads: fluent}
  - id: kid
    name: Test Child
    role: subject_child
    date_of_birth: 2018-01-01
    languages:
      - {tag: pl, speaks: native}
interpreters:
  - {id: int-pl, name: Test Interpreter, languages: [pl], registration: "NRPSI 1"}
contacts:
  - id: c1
    kind: home_visit
    start: 2026-12-01T10:00
    attendees: [mum, kid]
    interpreting:
      - {for: [mum], language: pl, interpreter: int-pl, status: confirmed}
    seen_alone:
      - {child: kid, duration_minutes: 20, language: pl}
"""


def with_line(old: str, new: str) -> str:
    assert old in BASE, old
    return BASE.replace(old, new, 1)


def refused(text: str) -> CaseFileError:
    with pytest.raises(CaseFileError) as caught:
        load_case_text(text, "case.yaml")
    error = caught.value
    assert str(error).startswith(f"case.yaml:{error.line}: "), str(error)
    assert len(str(error)) < 400, "a message stays short whatever the value"
    return error


# --------------------------------------------------------------------------
# Time zones: a place, never an abbreviation or a fixed offset

ZONE_LINE = "  reference: CP-TEST-1\n"


def with_zone(zone: str) -> str:
    return with_line(ZONE_LINE, f'{ZONE_LINE}  timezone: "{zone}"\n')


@pytest.mark.parametrize(
    "zone", ["GMT", "UTC", "BST", "EST", "CET", "Etc/GMT", "Etc/UTC", "Etc/GMT-1", "+01:00", "UTC+1", "Zulu"]
)
def test_time_zone_abbreviations_and_offsets_are_refused(zone: str) -> None:
    error = refused(with_zone(zone))
    assert (error.line, error.field) == (4, "case.timezone")
    assert "not a place" in error.message
    assert error.hint is not None and "write the place, e.g. Europe/London" in error.hint


def test_gmt_says_why() -> None:
    error = refused(with_zone("GMT"))
    assert "no summer time" in str(error)


def test_a_city_alone_gets_its_place() -> None:
    assert refused(with_zone("London")).hint == "write 'Europe/London'"


@pytest.mark.parametrize("zone", ["Europe/London", "America/New_York", "America/Argentina/Buenos_Aires"])
def test_places_are_read(zone: str) -> None:
    assert load_case_text(with_zone(zone), "case.yaml").case.timezone == zone


def test_a_misspelt_place_gets_a_suggestion() -> None:
    error = refused(with_zone("Europe/Londn"))
    assert "did you mean 'Europe/London'" in str(error)


def test_a_900000_character_time_zone_is_refused_naming_the_line() -> None:
    error = refused(with_zone("A" * 900_000))  # was a RecursionError
    assert (error.line, error.field) == (4, "case.timezone")


# --------------------------------------------------------------------------
# Language tags that mean something else, and names


TAG_LINE = "      - {tag: pl, speaks: native}\n"


def with_tag(tag: str) -> str:
    return with_line(TAG_LINE, f'      - {{tag: "{tag}", speaks: native}}\n')


@pytest.mark.parametrize(
    ("tag", "fix"),
    [
        ("bsl", "'bfi'"),
        ("BSL", "'bfi'"),
        ("asl", "'ase'"),
        ("isl", "'isg'"),
        ("sgn", "which sign language?"),
    ],
)
def test_tags_that_mean_something_else_are_refused_with_what_to_write(tag: str, fix: str) -> None:
    error = refused(with_tag(tag))
    assert (error.line, error.field) == (15, "members[1].languages[0].tag")
    assert fix in str(error)


def test_bsl_in_an_arrangement_and_the_register_too() -> None:
    text = with_line("languages: [pl], registration", "languages: [pl, BSL], registration")
    error = refused(text)
    assert (error.line, error.field) == (17, "interpreters[0].languages[1]")
    assert "Basa-Gumna" in str(error)


@pytest.mark.parametrize("tag", ["bfi", "sgn-GB", "ase", "isg", "is"])
def test_sign_language_near_misses_are_read(tag: str) -> None:
    load_case_text(with_tag(tag), "case.yaml")


@pytest.mark.parametrize(
    ("name", "tags"),
    [
        ("Polish", ["pl"]),
        ("Polsh", ["pl"]),
        ("Kurdish", ["kmr", "ckb", "sdh"]),
        ("Chinese", ["cmn", "yue", "zh-Hans", "zh-Hant"]),
        ("Punjabi", ["pa-Guru", "pa-Arab"]),
        ("Mirpuri", ["phr"]),
        ("Pahari", ["phr"]),
        ("Pothwari", ["phr"]),
        ("Sylheti", ["syl"]),
        ("Bangla", ["bn"]),
        ("Farsi", ["fa"]),
        ("Dari", ["fa-AF"]),
        ("Patois", ["jam"]),
        ("sign language", ["bfi"]),
        ("Romani", ["rmc", "rmy", "rmn", "rmo", "rmw", "rml", "rmf", "rom"]),  # every Romani language
        ("Romanes", ["rmc", "rmy", "rmn", "rmo", "rmw", "rml", "rmf"]),
        ("Roma", ["rmc", "rmy", "rmn", "rmo", "rmw", "rml", "rmf"]),
        ("Tigrinya", ["ti"]),
    ],
)
def test_a_language_name_in_the_file_suggests_its_tags(name: str, tags: list[str]) -> None:
    error = refused(with_tag(name))
    assert (error.line, error.field) == (15, "members[1].languages[0].tag")
    for tag in tags:
        assert f"'{tag}'" in str(error)


def test_a_tag_of_1000_subtags_is_refused_naming_the_line() -> None:
    error = refused(with_tag("en-" + "-".join(["abcde"] * 1000)))  # was a RecursionError
    assert (error.line, error.field) == (15, "members[1].languages[0].tag")


# --------------------------------------------------------------------------
# Dates


def test_a_uk_date_suggests_the_iso_date() -> None:
    error = refused(with_line("date_of_birth: 2018-01-01", "date_of_birth: 01/12/2018"))
    assert (error.line, error.field) == (13, "members[1].date_of_birth")
    assert "2018-12-01 (1 December 2018)" in str(error)


def test_a_uk_date_and_time_suggests_the_iso_form() -> None:
    error = refused(with_line("start: 2026-12-01T10:00", "start: 01/12/2026 10:00"))
    assert (error.line, error.field) == (21, "contacts[0].start")
    assert "2026-12-01T10:00" in str(error) and "1 December 2026" in str(error)


@pytest.mark.parametrize("written", ["31/02/2026", "1st December 2026"])
def test_impossible_or_worded_dates_get_no_suggestion(written: str) -> None:
    error = refused(with_line("date_of_birth: 2018-01-01", f"date_of_birth: {written}"))
    assert "UK way" not in str(error) and "YYYY-MM-DD" in str(error)


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("date_of_birth: 2018-01-01", "date_of_birth: 0002-01-01", "members[1].date_of_birth"),
        ("date_of_birth: 2018-01-01", "date_of_birth: 9999-12-31", "members[1].date_of_birth"),
        ("start: 2026-12-01T10:00", "start: 9999-12-31T23:00", "contacts[0].start"),
        ("start: 2026-12-01T10:00", "start: 0002-01-01T10:00", "contacts[0].start"),
    ],
)
def test_dates_outside_1900_to_2200_are_refused(old: str, new: str, field: str) -> None:
    error = refused(with_line(old, new))
    assert error.field == field and "1900 to 2200" in str(error)


@pytest.mark.parametrize("day", ["1900-01-01", "2200-12-31"])
def test_dates_at_the_ends_of_the_range_are_read(day: str) -> None:
    load_case_text(with_line("date_of_birth: 2018-01-01", f"date_of_birth: {day}"), "case.yaml")


# --------------------------------------------------------------------------
# Numbers within sane bounds


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("    kind: home_visit\n", "    kind: home_visit\n    duration_minutes: 2147483648\n", "contacts[0].duration_minutes"),
        ("    kind: home_visit\n", "    kind: home_visit\n    duration_minutes: 1441\n", "contacts[0].duration_minutes"),
        ("    kind: home_visit\n", "    kind: home_visit\n    sequence: 2147483648\n", "contacts[0].sequence"),
        ("duration_minutes: 20", "duration_minutes: 99999999999999999999", "contacts[0].seen_alone[0].duration_minutes"),
    ],
)  # fmt: skip
def test_numbers_past_sane_bounds_are_refused(old: str, new: str, field: str) -> None:
    assert refused(with_line(old, new)).field == field


@pytest.mark.parametrize(
    "key", ["seen_alone_max_gap_days", "language_assessment_max_age_days", "interpreter_confirm_hours",
            "young_child_age_years", "missed_contacts_threshold", "interpreted_contact_min_minutes"],
)  # fmt: skip
def test_policy_values_past_sane_bounds_are_refused(key: str) -> None:
    error = refused(BASE + f"policy:\n  {key}: 2147483648\n")
    assert (error.line, error.field) == (28, f"policy.{key}")


def test_numbers_within_bounds_are_read() -> None:
    text = with_line(
        "    kind: home_visit\n",
        "    kind: home_visit\n    duration_minutes: 1440\n    sequence: 2147483647\n",
    )
    case = load_case_text(text + "policy:\n  young_child_age_years: 18\n", "case.yaml")
    assert case.contacts[0].sequence == 2_147_483_647


# --------------------------------------------------------------------------
# Lists where mappings are expected


@pytest.mark.parametrize(
    ("old", "new", "line", "field", "shape"),
    [
        ("    languages:\n      - {tag: pl, speaks: native}\n", "    languages: [pl]\n", 14,
         "members[1].languages[0]", "- {tag: pl, speaks: native}"),
        ("    languages:\n      - {tag: pl, speaks: native}\n", "    languages: [Polish]\n", 14,
         "members[1].languages[0]", "- {tag: pl, speaks: native}"),
        ("      - {child: kid, duration_minutes: 20, language: pl}\n", "      [kid]\n", 25,
         "contacts[0].seen_alone[0]", "- {child: kid}"),
        ("    languages:\n      - {tag: pl, speaks: native}\n", "    languages: pl\n", 14,
         "members[1].languages", "- {tag: pl, speaks: native}"),
    ],
)  # fmt: skip
def test_a_list_of_words_where_mappings_are_expected_shows_the_shape(
    old: str, new: str, line: int, field: str, shape: str
) -> None:
    error = refused(with_line(old, new).replace("    seen_alone:\n      [kid]", "    seen_alone: [kid]"))
    assert (error.line, error.field) == (line, field), str(error)
    assert shape in str(error)


# --------------------------------------------------------------------------
# Only regular files are read


@pytest.fixture
def alarm() -> Iterator[None]:
    """Fail instead of hanging for ever."""

    def fail(*_: object) -> None:
        raise TimeoutError("reading hung")

    old = signal.signal(signal.SIGALRM, fail)
    signal.alarm(10)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def test_a_fifo_is_refused_without_hanging(tmp_path: Path, alarm: None) -> None:
    fifo = tmp_path / "case.yaml"
    os.mkfifo(fifo)
    with pytest.raises(CaseFileError) as caught:
        load_case(fifo)
    assert "FIFO" in caught.value.message


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_link_to_a_device_is_refused_without_reading_it(tmp_path: Path, device: str, alarm: None) -> None:
    if not Path(device).exists():
        pytest.skip(f"no {device}")
    link = tmp_path / "case.yaml"
    link.symlink_to(device)
    with pytest.raises(CaseFileError, match="device"):
        load_case(link)


def test_a_socket_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
    except OSError:  # pragma: no cover - path too long for a socket
        pytest.skip("cannot bind a socket here")
    try:
        with pytest.raises(CaseFileError) as caught:
            load_case(path)
        assert "socket" in caught.value.message
    finally:
        server.close()


def test_a_dangling_link_and_a_loop_say_so(tmp_path: Path) -> None:
    (tmp_path / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    with pytest.raises(CaseFileError, match="does not exist"):
        load_case(tmp_path / "gone.yaml")
    with pytest.raises(CaseFileError, match="loop"):
        load_case(tmp_path / "loop.yaml")


def test_a_file_over_1_mib_is_refused_after_reading_at_most_1_mib_and_a_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * (3 * 1024 * 1024))
    read: list[int] = []
    real_read = os.read

    def counting(fd: int, n: int) -> bytes:
        chunk = real_read(fd, n)
        read.append(len(chunk))
        return chunk

    monkeypatch.setattr(os, "read", counting)
    monkeypatch.setattr(os, "fstat", lambda fd, real=os.fstat: _shrunk(real(fd)))  # a file that lies
    with pytest.raises(CaseFileError, match="larger than 1024 KiB"):
        load_case(path)
    assert sum(read) <= 1024 * 1024 + 1


def _shrunk(info: os.stat_result) -> os.stat_result:
    values = list(info)
    values[6] = 10  # st_size: as a growing file or /proc file would say
    return os.stat_result(values)


# --------------------------------------------------------------------------
# check DIR reports what it could not read


def good_case() -> str:
    return BASE


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "ok.yaml").write_text(good_case())
    (tmp_path / "dangling.yaml").symlink_to(tmp_path / "nowhere.yaml")
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path)  # a loop back up the tree
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "plan.yaml").write_text(good_case())
    (tmp_path / "notes.txt").write_text("not a case file")
    return tmp_path


@pytest.fixture
def unlistable(tree: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``locked/`` can't be listed (as root, chmod 000 would not stop us)."""
    real = os.scandir
    locked = str(tree / "locked")

    def scandir(path: object = ".") -> object:
        if os.fspath(path) == locked:  # type: ignore[call-overload]
            raise PermissionError(13, "Permission denied", locked)
        return real(path)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "scandir", scandir)
    return tree


def test_everything_below_a_folder_that_cannot_be_read_is_reported(unlistable: Path, alarm: None) -> None:
    found = [p.relative_to(unlistable).as_posix() for p in iter_case_files([unlistable])]
    assert found == ["dangling.yaml", "locked", "loop.yaml", "ok.yaml", "pipe.yaml", "sub/up", "zero.yaml"]
    problems = {}
    for path in iter_case_files([unlistable]):
        try:
            load_case(path)
        except CaseFileError as error:
            problems[path.relative_to(unlistable).as_posix()] = error.message
    assert set(problems) == {"dangling.yaml", "locked", "loop.yaml", "pipe.yaml", "sub/up", "zero.yaml"}
    assert "can't be listed" in problems["locked"]
    assert "loop" in problems["sub/up"] and "loop" in problems["loop.yaml"]


def test_check_dir_reports_unreadable_inputs_and_checks_the_rest(unlistable: Path, alarm: None) -> None:
    from contactplan.api import check_paths

    report = check_paths([unlistable], today=None)
    assert [f.path for f in report.files] == [str(unlistable / "ok.yaml")]
    assert len(report.unreadable) == 6
    assert report.exit_status == 2
    assert "6 files could not be read" in report.summary()


def test_check_reports_an_unreadable_file_on_the_command_line_and_checks_the_others(
    tree: Path, alarm: None
) -> None:
    from contactplan.cli import app

    result = CliRunner().invoke(
        app, ["check", str(tree / "pipe.yaml"), str(tree / "nope.yaml"), str(tree / "ok.yaml")]
    )
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "pipe.yaml: is a FIFO" in result.output
    assert "nope.yaml: no such file" in result.output
    assert "1 file checked" in result.output and "2 files could not be read" in result.output


# --------------------------------------------------------------------------
# Linear time


def numbers_for_names(members: int) -> str:
    lines = ["contactplan: 1", "case: {reference: T-1}", "members:",
             "  - {id: kid, name: K, role: subject_child, date_of_birth: 2020-01-01}"]  # fmt: skip
    lines += [f"  - {{id: m{i}, name: {1000 + i}, role: relative, address: 0{i}}}" for i in range(members)]
    return "\n".join(lines) + "\n"


def best_time(text: str, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        load_case_text(text, "big.yaml")
        best = min(best, time.perf_counter() - started)
    return best


def test_names_yaml_reads_as_numbers_stay_text() -> None:
    case = load_case_text(numbers_for_names(3), "c.yaml")
    assert [m.name for m in case.members[1:]] == ["1000", "1001", "1002"]
    assert case.members[1].address == "00"


@pytest.mark.slow
def test_reading_is_linear_in_scalars_yaml_reads_as_numbers() -> None:
    """8,000 members named by numbers took 116 s to check (the reader
    converted the whole file again for each such name): 16x the members must
    take about 16x the time (here at most 3x that, for a busy machine), not
    256x."""
    small, large = numbers_for_names(250), numbers_for_names(4000)
    ratio = best_time(large, 2) / best_time(small, 5)
    assert ratio < 48, f"16x the members took {ratio:.1f}x the time"


# --------------------------------------------------------------------------
# On the command line: one message naming file, line and field; exit 2


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        (with_zone("GMT"), "case.yaml:4: case.timezone:", "write the place, e.g. Europe/London"),
        (with_tag("BSL"), "case.yaml:15: members[1].languages[0].tag:", "'bfi'"),
        (with_tag("Kurdish"), "case.yaml:15: members[1].languages[0].tag:", "'kmr' (Kurmanji) or 'ckb' (Sorani)"),
        (with_line("date_of_birth: 2018-01-01", "date_of_birth: 01/12/2018"), "case.yaml:13: members[1].date_of_birth:",
         "2018-12-01 (1 December 2018)"),
        (with_line("    languages:\n      - {tag: pl, speaks: native}\n", "    languages: [pl]\n"),
         "case.yaml:14: members[1].languages[0]:", "- {tag: pl, speaks: native}"),
    ],
    ids=["zone", "tag", "name", "uk-date", "list"],
)  # fmt: skip
def test_cli_refuses_with_the_fix_and_exit_2(tmp_path: Path, text: str, where: str, words: str) -> None:
    from contactplan.cli import app

    (tmp_path / "case.yaml").write_text(text)
    for command in (["check", "case.yaml"], ["languages", "case.yaml"]):
        cwd = os.getcwd()
        os.chdir(tmp_path)
        try:
            result = CliRunner().invoke(app, command)
        finally:
            os.chdir(cwd)
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
        assert where in result.output and words in result.output, result.output
