"""The same fault with a file reads the same in every command, in plain words, naming the file.

A missing file, a folder, an empty file, a CSV file given an Excel name, a workbook or a CSV
file given a .jsonl name: each is given to every command that reads that kind of file, and
each must stop with exit status 2 and one line, ``fosterkit: FILE: WHAT``, with the same WHAT
everywhere and no jargon such as "(top level)".
"""

from __future__ import annotations

import contextlib
import io
import secrets
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]

from fosterkit.cli import main
from test_hostile_cli import EXAMPLES, RECORD_COMMANDS

Argv = Callable[[Path, Path], list[str]]

#: Every command that reads a workbook a person or another system made.
WORKBOOK_COMMANDS: dict[str, Argv] = {
    "audit-read": lambda w, _d: ["audit-read", str(w)],
    "audit-workbook --from": lambda w, d: ["audit-workbook", str(d / "next.xlsx"), "--from", str(w)],
    "tracker check": lambda w, _d: ["tracker", "check", str(w)],
    "tracker export": lambda w, d: ["tracker", "export", str(w), "--out", str(d / "t.csv")],
    "mapping init": lambda w, _d: ["mapping", "init", str(w)],
    "import": lambda w, d: ["import", str(w), "--mapping", str(d / "map.toml"), "--out", str(d / "o.jsonl")],
}

#: The mapping the import reads the workbook with: no format, so the suffix picks the Excel reader.
MAPPING = """schema_version = 1
[records.departure]
id = "Ref"
household_id = "Household ref"
notice_on = "Notice date"
route = { default = "resignation" }
initiated_by = { default = "carer" }
"""

#: Commands that read records, less the import whose records file may well not exist yet.
RECORDS_READ = {name: argv for name, argv in RECORD_COMMANDS.items() if name != "import into it"}


def _run(argv: list[str], out: io.StringIO | None = None) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out or io.StringIO()):
        code = main(argv)
    return code, err.getvalue()


def _said(folder: Path, argv: list[str], path: Path) -> str:
    """What a command says of the file, after ``fosterkit: FILE: ``; checks it is one line, exit 2."""
    code, err = _run(argv)
    assert code == 2, err
    assert "Traceback" not in err
    assert err.count("\n") == 1, err
    prefix = f"fosterkit: {path}: "
    assert err.startswith(prefix), err
    said = err[len(prefix) :].rstrip("\n")
    assert "(top level)" not in said
    assert "invalid data" not in said
    return said


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "map.toml").write_text(MAPPING, encoding="utf-8")
    (tmp_path / "key").write_bytes(secrets.token_bytes(32))
    (tmp_path / "key").chmod(0o600)
    return tmp_path


def _csv_text() -> bytes:
    return (EXAMPLES / "leavers.csv").read_bytes()


def _workbook(path: Path) -> Path:
    book = Workbook()
    book.active.append(["Ref", "Household ref", "Notice date"])
    book.save(path)
    return path


@pytest.mark.parametrize(
    ("fault", "make", "words"),
    [
        ("missing", lambda p: None, "no such file"),
        ("folder", lambda p: p.mkdir(), "a folder, not a file"),
    ],
)
def test_a_missing_file_or_a_folder_reads_the_same_everywhere(
    folder: Path, fault: str, make: Callable[[Path], object], words: str
) -> None:
    records = folder / "records.jsonl"
    workbook = folder / "book.xlsx"
    make(records)
    make(workbook)
    said = {name: _said(folder, argv(records, folder), records) for name, argv in RECORDS_READ.items()}
    said |= {
        name: _said(folder, argv(workbook, folder), workbook) for name, argv in WORKBOOK_COMMANDS.items()
    }
    assert set(said.values()) == {words}, said


def test_a_csv_file_with_an_excel_name_is_named_as_such_everywhere(folder: Path) -> None:
    workbook = folder / "leavers.xlsx"
    workbook.write_bytes(_csv_text())
    said = {name: _said(folder, argv(workbook, folder), workbook) for name, argv in WORKBOOK_COMMANDS.items()}
    assert set(said.values()) == {
        "not an Excel workbook: it holds text in columns (a CSV file) under an Excel file name"
    }, said


def test_an_empty_workbook_file_is_called_empty_everywhere(folder: Path) -> None:
    workbook = folder / "empty.xlsx"
    workbook.write_bytes(b"")
    said = {name: _said(folder, argv(workbook, folder), workbook) for name, argv in WORKBOOK_COMMANDS.items()}
    assert all(words.startswith("the file is empty") for words in said.values()), said


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (
            "csv",
            "not JSON Lines: it holds text in columns (a CSV file); bring a case system's export in "
            "with `fosterkit import` and a mapping",
        ),
        ("xlsx", "not JSON Lines: it holds a zip archive (an .xlsx workbook, or another zipped file)"),
        ("utf16", "not JSON Lines: it holds UTF-16 text (save it as UTF-8)"),
    ],
)
def test_a_file_of_another_kind_named_jsonl_is_refused_whole_everywhere(
    folder: Path, content: str, words: str
) -> None:
    records = folder / "records.jsonl"
    if content == "csv":
        records.write_bytes(_csv_text())
    elif content == "xlsx":
        records.write_bytes(_workbook(folder / "made.xlsx").read_bytes())
    else:
        records.write_bytes((EXAMPLES / "records.jsonl").read_text(encoding="utf-8").encode("utf-16"))
    said = {name: _said(folder, argv(records, folder), records) for name, argv in RECORDS_READ.items()}
    assert set(said.values()) == {words}, said


def test_a_records_file_with_one_bad_first_line_still_sets_that_line_aside(folder: Path) -> None:
    """Only a file that is plainly of another kind is refused whole: a stray line is one bad line."""
    records = folder / "records.jsonl"
    records.write_bytes(b"oops, a note typed here\n" + (EXAMPLES / "records.jsonl").read_bytes())
    out = io.StringIO()
    code, _err = _run(["check", str(records)], out)
    assert code == 1
    assert "line 1:" in out.getvalue()
