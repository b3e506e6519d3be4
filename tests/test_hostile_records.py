"""Hostile JSON Lines records fail cleanly: one plain line naming the file, line and field.

Deep nesting, numbers of thousands of digits, infinities, lone surrogates and bytes that are not
UTF-8 are each refused by the reader, the command line exits 2 without a traceback, and no lone
surrogate ever reaches a file that is written.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import attrs
import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st

import fosterkit.cli.checklist
from fosterkit.adapters import jsonl
from fosterkit.adapters.jsonl import (
    MAX_DIGITS,
    RecordLine,
    RejectedLine,
    decode_line,
    lone_surrogate,
    read_jsonl,
    scan_jsonl,
    write_jsonl,
)
from fosterkit.adapters.jsonl_plugin import read_json_rows
from fosterkit.cli import main
from fosterkit.errors import FosterkitError, StructureError
from fosterkit.imports.source import UnreadableRow
from fosterkit.records import Household
from fosterkit.testing.carers_strategies import households

HEAD = '{"schema_version":1,"kind":"departure"'
GOOD = HEAD + ',"id":"D1"'
DEEP = 100_000


def _deep_list(depth: int) -> str:
    return "[" * depth + "]" * depth


def _deep_object(depth: int) -> str:
    return '{"a":' * depth + "1" + "}" * depth


def _rejected(text: str) -> RejectedLine:
    (result,) = scan_jsonl(io.StringIO(text + "\n"))
    assert isinstance(result, RejectedLine)
    return result


def _one_problem(text: str) -> str:
    (problem,) = _rejected(text).problems
    return problem.describe()


def _household() -> Household:
    return find(households(), lambda _h: True, settings=settings(database=None))


# -- the reader ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            _deep_list(DEEP),
            "line 1: [0][0][0][0][0][0]...: nested too deeply to read (more than 64 levels), at column 65",
        ),
        (
            _deep_object(DEEP),
            "line 1: a.a.a.a.a.a...: nested too deeply to read (more than 64 levels), at column 321",
        ),
        (
            f'{GOOD},"x":{_deep_list(DEEP)}}}',
            "line 1: x[0][0][0][0][0]...: nested too deeply to read (more than 64 levels), at column 117",
        ),
    ],
)
def test_deep_nesting_is_refused_naming_its_line_field_and_column(line: str, expected: str) -> None:
    assert _one_problem(line) == expected


@given(depth=st.integers(min_value=2_000, max_value=50_000), as_list=st.booleans())
def test_any_deep_nesting_is_one_rejected_line_never_an_exception(depth: int, as_list: bool) -> None:
    line = _deep_list(depth) if as_list else _deep_object(depth)
    (problem,) = _rejected(line).problems
    assert problem.message.startswith("nested too deeply to read (more than 64 levels), at column ")
    assert problem.field == (None if as_list else "a")


def test_deep_nesting_stops_iter_jsonl_naming_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text("\n" + _deep_object(DEEP) + "\n", encoding="utf-8")
    with pytest.raises(StructureError) as caught:
        read_jsonl(path)
    assert str(caught.value) == (
        f"{path}: invalid data: line 2: a.a.a.a.a.a...: "
        "nested too deeply to read (more than 64 levels), at column 321"
    )
    assert isinstance(caught.value, FosterkitError)


@given(
    digits=st.integers(min_value=MAX_DIGITS + 1, max_value=12_000),
    field=st.sampled_from(["id", "leaving_on"]),
)
def test_a_number_of_too_many_digits_names_its_field(digits: int, field: str) -> None:
    line = f'{HEAD},"{field}":{"7" * digits}}}'
    (problem,) = _rejected(line).problems
    assert problem.field == field
    assert problem.message.startswith(f"a number of {digits} digits (at most {MAX_DIGITS})")


def test_a_number_of_the_most_digits_is_read_as_a_number() -> None:
    data, problem = decode_line('{"n":' + "9" * MAX_DIGITS + "}")
    assert problem is None
    assert data == {"n": int("9" * MAX_DIGITS)}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("NaN", "NaN is not a number JSON allows"),
        ("Infinity", "Infinity is not a number JSON allows"),
        ("-Infinity", "-Infinity is not a number JSON allows"),
        ("1e999999", "a number too large to read (1e999999)"),
        ("-1" + "0" * 400 + ".5", "a number too large to read"),
    ],
)
def test_numbers_no_record_can_hold_are_refused(value: str, message: str) -> None:
    (problem,) = _rejected(f'{GOOD},"leaving_on":{value}}}').problems
    assert problem.field == "leaving_on"
    assert problem.message.startswith(message)


@pytest.mark.parametrize(
    ("escape", "where"),
    [
        ('"id":"\\ud800"', "id"),
        ('"id":"x\\udfffy"', "id"),
        ('"id":"D1","stated_reasons":["ok","\\uDC80"]', "stated_reasons[1]"),
        ('"id":"D1","\\ud800":1', "\\ud800"),  # shown escaped, so it can always be printed
        ('"id":"D1","x":{"y":["\\ude00"]}', "x.y[0]"),
    ],
)
def test_a_lone_surrogate_escape_is_refused_naming_where_it_is(escape: str, where: str) -> None:
    line = '{"schema_version":1,"kind":"departure",' + escape + "}"
    (problem,) = _rejected(line).problems
    assert problem.path == where
    assert problem.field == where.rsplit(".", 1)[-1].split("[")[0]
    problem.describe().encode("utf-8")  # no lone surrogate in the message itself
    assert "lone surrogate" in problem.message


def test_a_surrogate_pair_is_a_character_and_is_read() -> None:
    data, problem = decode_line('{"name":"\\ud83d\\ude00"}')
    assert problem is None
    assert data == {"name": "\N{GRINNING FACE}"}


@given(
    household=households(),
    surrogate=st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),
    at=st.integers(min_value=0, max_value=10),
)
def test_no_line_with_a_lone_surrogate_is_ever_read_as_a_record(
    household: Household, surrogate: str, at: int
) -> None:
    name = household.service.name
    line = io.StringIO()
    write_jsonl([household], line)
    data = json.loads(line.getvalue())
    data["service"]["name"] = name[:at] + surrogate + name[at:]
    result = _rejected(json.dumps(data))  # ensure_ascii: the surrogate is written as an escape
    assert [p.path for p in result.problems] == ["service.name"]


def test_bytes_that_are_not_utf8_are_refused_with_their_column(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    path.write_bytes(b'{"id":"\xff\xfe"}\n')
    with pytest.raises(StructureError) as caught:
        read_jsonl(path)
    assert str(caught.value) == f"{path}: invalid data: line 1: id: not UTF-8 text, at column 8"


@pytest.mark.parametrize("text", ["", "\n\n   \n", "\r\n\t\r\n"])
def test_an_empty_or_blank_file_holds_no_records(tmp_path: Path, text: str) -> None:
    path = tmp_path / "records.jsonl"
    path.write_bytes(text.encode())
    assert read_jsonl(path) == []
    assert list(scan_jsonl(path)) == []


@pytest.mark.parametrize(
    ("line", "got"), [('"hello"', "text"), ("42", "integer"), ("[1, 2]", "a list"), ("null", "nothing")]
)
def test_a_line_that_is_not_an_object_is_refused(line: str, got: str) -> None:
    assert _one_problem(line) == f"line 1: expected a record (a JSON object), got {got}"


def test_good_lines_around_a_hostile_one_are_kept() -> None:
    record = io.StringIO()
    write_jsonl([_household()], record)
    text = record.getvalue() + _deep_list(DEEP) + "\n" + record.getvalue()
    results = list(scan_jsonl(io.StringIO(text)))
    assert [isinstance(r, RecordLine) for r in results] == [True, False, True]
    assert results[1].text == _deep_list(DEEP)


@pytest.mark.parametrize("ending", ["\n", ""])
def test_a_line_too_long_is_refused_without_holding_it_whole(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, ending: str
) -> None:
    monkeypatch.setattr(jsonl, "MAX_LINE", 50)
    record = io.StringIO()
    write_jsonl([_household()], record)
    path = tmp_path / "records.jsonl"
    long = '{"a":"' + "x" * 500 + '"}'
    path.write_text("\n" + long + "\n" + "[" * 49 + ending, encoding="utf-8")
    results = list(scan_jsonl(path))
    assert [r.line for r in results] == [2, 3]
    first = results[0]
    assert isinstance(first, RejectedLine)
    assert first.text == long[:50]
    assert [p.describe() for p in first.problems] == [
        "line 2: longer than 50 characters, far more than any record needs"
    ]
    assert "not valid JSON" in results[1].problems[0].message  # type: ignore[union-attr]


@pytest.mark.parametrize(("line", "too_long"), [('"12345678"', False), ('"123456789"', True)])
def test_a_line_of_the_most_characters_is_read_whole(
    monkeypatch: pytest.MonkeyPatch, line: str, too_long: bool
) -> None:
    monkeypatch.setattr(jsonl, "MAX_LINE", 10)
    (result,) = scan_jsonl(io.StringIO(line + "\n"))
    assert isinstance(result, RejectedLine)
    assert result.text == line[:10]
    assert ("longer than 10 characters" in result.problems[0].message) is too_long


def test_lone_surrogate_walks_any_depth_without_recursion() -> None:
    data: object = "\udc80"
    for _ in range(DEEP):
        data = [data]
    assert lone_surrogate(data) == "[0]" * DEEP
    assert lone_surrogate({"a": ["ok", {"b": "fine"}]}) is None


# -- writing ---------------------------------------------------------------------------------


def test_a_lone_surrogate_never_reaches_a_written_file(tmp_path: Path) -> None:
    good = _household()
    bad = attrs.evolve(good, service=attrs.evolve(good.service, name="Our \udc80 service"))
    path = tmp_path / "out.jsonl"
    with pytest.raises(StructureError) as caught:
        write_jsonl([good, bad], path)
    assert not path.exists()
    assert str(caught.value) == (
        f"{path}: invalid data: record 2: service.name (id {good.id!r}): holds a lone surrogate "
        "(text that is not Unicode), which cannot be written"
    )
    stream = io.StringIO()
    with pytest.raises(StructureError):
        write_jsonl([good, bad], stream)
    assert stream.getvalue().count("\n") == 1  # the good record only, none of the bad one
    assert "\udc80" not in stream.getvalue()


# -- the JSON Lines source reader for imports ------------------------------------------------


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (_deep_list(DEEP), "[0][0][0][0][0][0]...: nested too deeply to read"),
        ('{"a":' + "1" * 6000 + "}", "a: a number of 6000 digits (at most 30), at column 6"),
        ('{"a":[1,' + "1" * 400 + "]}", "a[1]: a number of 400 digits (at most 30)"),
        ('{"a":{"b":1e400}}', "a.b: a number too large to read"),
        ('{"a":NaN}', "a: NaN is not a number JSON allows"),
        ('{"a":1,"a":2}', "the key 'a' appears more than once"),
        ('{"\\udc80":1}', "\\udc80: holds a lone surrogate"),
        ('{"a":{"b":["\\ud800"]}}', "a.b[0]: holds a lone surrogate"),
        ('"text"', "the line is not a JSON object"),
    ],
)
def test_the_import_source_reader_keeps_hostile_lines_as_unreadable(
    tmp_path: Path, line: str, message: str
) -> None:
    path = tmp_path / "source.jsonl"
    path.write_text('{"a":1}\n' + line + "\n", encoding="utf-8")
    rows = list(read_json_rows(path, {}))
    assert rows[0] == (1, {"a": 1})
    number, row = rows[1]
    assert number == 2
    assert isinstance(row, UnreadableRow)
    assert row.message.startswith(message)
    assert row.text == line


def test_the_import_source_reader_refuses_a_line_too_long(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(jsonl, "MAX_LINE", 20)
    path = tmp_path / "source.jsonl"
    path.write_text('{"a":"' + "x" * 100 + '"}\n{"b":2}\n', encoding="utf-8")
    rows = list(read_json_rows(path, {}))
    number, row = rows[0]
    assert number == 1
    assert isinstance(row, UnreadableRow)
    assert row.message.startswith("the line is longer than")
    assert row.text == '{"a":"' + "x" * 14
    assert rows[1] == (2, {"b": 2})


# -- the command line ------------------------------------------------------------------------


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fosterkit", *args],
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (_deep_list(DEEP).encode(), "line 1: [0][0][0][0][0][0]...: nested too deeply to read"),
        (_deep_object(DEEP).encode(), "line 1: a.a.a.a.a.a...: nested too deeply to read"),
        (f'{GOOD},"leaving_on":{"1" * 5000}}}'.encode(), "line 1: leaving_on: a number of 5000 digits"),
        (f'{GOOD},"notice_on":1e99999}}'.encode(), "line 1: notice_on: a number too large"),
        (b'{"schema_version":1,"kind":"exit_process","id":"\\ud800"}', "line 1: id: holds a lone surrogate"),
        (b'{"id":"\xff"}', "line 1: id: not UTF-8 text, at column 8"),
        (b"[1, 2]", "line 1: expected a record (a JSON object), got"),
    ],
)
def test_the_command_line_exits_2_with_one_line_naming_file_and_line(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "records.jsonl"
    path.write_bytes(content + b"\n")
    result = _run("process", "due", "--today", "2026-01-01", str(path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"fosterkit: {path}: invalid data: {expected}")


@pytest.mark.parametrize("text", ["", "\n  \n\n"])
def test_the_command_line_reads_an_empty_file_as_no_records(tmp_path: Path, text: str) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text(text, encoding="utf-8")
    result = _run("process", "due", "--today", "2026-01-01", str(path))
    assert (result.returncode, result.stderr) == (0, "")
    assert "0 due on 1 Jan 2026" in result.stdout


@pytest.mark.parametrize(
    ("error", "said"),
    [
        (RecursionError("maximum recursion depth exceeded"), "nested too deeply"),
        (MemoryError(), "too large to hold in memory"),
        (ValueError("Exceeds the limit (4300 digits)\nfor integer string conversion"), "Exceeds the limit"),
    ],
)
def test_main_turns_what_no_reader_caught_into_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], error: Exception, said: str
) -> None:
    def boom() -> None:
        raise error

    monkeypatch.setattr(fosterkit.cli.checklist, "load_checklist", boom)
    assert main(["checklist"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"fosterkit: cannot use the input: {said}")
    assert err.count("\n") == 1
