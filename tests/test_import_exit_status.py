"""The exit status tells the outcome when the output's reader leaves early, and for sources with no rows.

``fosterkit import ... | head -1`` closes the pipe before everything is printed; the command
still exits 1 when rows were rejected, with no traceback. A source that is empty (0 bytes, or
only blank rows) or holds a header and nothing below it is refused in one line naming the file,
exit 2, by ``import``, ``mapping check`` and ``mapping init`` alike, for CSV, JSON Lines and Excel.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from fosterkit.adapters.importing import import_source, open_source
from fosterkit.cli import main
from fosterkit.errors import SourceError

MAPPING = """
schema_version = 1

[records.departure]
id = "Ref"
household_id = "Household"
notice_on = "Notice"
initiated_by = { default = "carer" }
route = { column = "Route", values = { RES = "resignation", RET = "retirement" } }
"""

HEADER = "Ref,Household,Notice,Route"
HEADINGS: list[object] = ["Ref", "Household", "Notice", "Route"]
GOOD = ["D1,H1,01/02/2024,RES", "D2,H2,03/02/2024,RET"]
BAD = [f"D{n},H{n},31/02/2024,RES" for n in range(3, 40)]  # no 31 February: each row is rejected


def write(folder: Path, name: str, text: str) -> Path:
    (folder / "map.toml").write_text(MAPPING, encoding="utf-8")
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "fosterkit", *args]


def import_args(source: Path) -> list[str]:
    return [
        "import",
        str(source),
        "--mapping",
        str(source.with_name("map.toml")),
        "--out",
        str(source.with_name("out.jsonl")),
    ]


def clean_stderr(text: bytes) -> str:
    said = text.decode("utf-8", "replace")
    assert "Traceback" not in said
    assert "BrokenPipeError" not in said
    assert "Exception ignored" not in said
    return said


# -- a reader that leaves early ---------------------------------------------------------------


def test_no_reader_at_all_still_gives_the_rejected_rows_status(tmp_path: Path) -> None:
    source = write(tmp_path, "leavers.csv", "\n".join([HEADER, *GOOD, *BAD]) + "\n")
    reading, writing = os.pipe()
    os.close(reading)  # the read end is closed before the command starts: every write to it fails
    try:
        done = subprocess.run(
            command(*import_args(source)), stdout=writing, stderr=subprocess.PIPE, check=False
        )
    finally:
        os.close(writing)
    clean_stderr(done.stderr)
    assert done.returncode == 1
    assert len((tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()) == 2  # the import went on


@pytest.mark.parametrize("json", [False, True], ids=["summary", "json"])
def test_reading_one_line_then_closing_keeps_the_status(tmp_path: Path, json: bool) -> None:
    source = write(tmp_path, "leavers.csv", "\n".join([HEADER, *GOOD, *BAD]) + "\n")
    args = import_args(source) + (["--json"] if json else [])
    with subprocess.Popen(command(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        first = process.stdout.readline()  # as `head -1` does
        process.stdout.close()
        said = process.stderr.read()
        code = process.wait()
    assert first.strip()
    clean_stderr(said)
    assert code == 1


def test_closing_at_once_keeps_the_status(tmp_path: Path) -> None:
    source = write(tmp_path, "leavers.csv", "\n".join([HEADER, *GOOD, *BAD]) + "\n")
    with subprocess.Popen(
        command(*import_args(source)), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        process.stdout.close()
        said = process.stderr.read()
        code = process.wait()
    clean_stderr(said)
    assert code == 1


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (["taxonomy"], 0),  # a long listing: success stays success
        (["--help"], 0),
        (["checklist", "--route", "not-a-route"], 2),
    ],
    ids=["taxonomy", "help", "bad-option"],
)
def test_other_commands_keep_their_status_with_no_reader(args: list[str], status: int) -> None:
    reading, writing = os.pipe()
    os.close(reading)
    try:
        done = subprocess.run(command(*args), stdout=writing, stderr=subprocess.PIPE, check=False)
    finally:
        os.close(writing)
    clean_stderr(done.stderr)
    assert done.returncode == status


def test_an_error_still_reaches_standard_error_with_no_reader_of_the_output(tmp_path: Path) -> None:
    source = write(tmp_path, "leavers.csv", "")
    reading, writing = os.pipe()
    os.close(reading)
    try:
        done = subprocess.run(
            command(*import_args(source)), stdout=writing, stderr=subprocess.PIPE, check=False
        )
    finally:
        os.close(writing)
    said = clean_stderr(done.stderr)
    assert done.returncode == 2
    assert said == f"fosterkit: {source}: the file is empty: there are no rows in it\n"


# -- sources with nothing to import -----------------------------------------------------------

EMPTY = "the file is empty: there are no rows in it"


def header_only(row: int) -> str:
    return f"the file has a header (row {row}) but no rows below it"


def workbook(rows: list[list[object]]) -> Callable[[Path], None]:
    def save(path: Path) -> None:
        openpyxl = pytest.importorskip("openpyxl")
        book = openpyxl.Workbook()
        for row in rows:
            book.active.append(row)
        book.save(path)

    return save


def text(content: str) -> Callable[[Path], None]:
    def save(path: Path) -> None:
        path.write_text(content, encoding="utf-8", newline="")

    return save


CASES = {
    "csv-0-bytes": ("leavers.csv", text(""), EMPTY),
    "csv-blank-lines": ("leavers.csv", text("\r\n,,,\r\n\r\n"), EMPTY),
    "csv-byte-order-mark-only": ("leavers.csv", text("\ufeff"), EMPTY),
    "csv-header-only": ("leavers.csv", text(HEADER + "\r\n"), header_only(1)),
    "csv-header-and-blank-rows": ("leavers.csv", text(HEADER + "\r\n,,,\r\n\r\n"), header_only(1)),
    "csv-title-and-header": ("leavers.csv", text("Leavers 2024\r\n" + HEADER + "\r\n"), header_only(2)),
    "jsonl-0-bytes": ("leavers.jsonl", text(""), EMPTY),
    "jsonl-blank-lines": ("leavers.jsonl", text("\n  \n\n"), EMPTY),
    "jsonl-empty-objects": ("leavers.jsonl", text("{}\n{}\n"), EMPTY),
    "xlsx-0-bytes": ("leavers.xlsx", text(""), EMPTY),
    "xlsx-blank-sheet": ("leavers.xlsx", workbook([]), EMPTY),
    "xlsx-header-only": ("leavers.xlsx", workbook([HEADINGS]), header_only(1)),
    "xlsx-header-and-blank-rows": (
        "leavers.xlsx",
        workbook([HEADINGS, [None, ""], []]),
        header_only(1),
    ),
}

COMMANDS: dict[str, Callable[[Path], list[str]]] = {
    "import": import_args,
    "import-json": lambda source: [*import_args(source), "--json"],
    "mapping-check": lambda source: ["mapping", "check", str(source.with_name("map.toml")), str(source)],
    "mapping-init": lambda source: ["mapping", "init", str(source)],
    "mapping-init-out": lambda source: [
        "mapping",
        "init",
        str(source),
        "--out",
        str(source.with_name("draft.toml")),
    ],
}


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("run", list(COMMANDS))
def test_a_source_with_nothing_to_import_is_refused_in_one_line(
    tmp_path: Path, case: str, run: str, capsys: pytest.CaptureFixture[str]
) -> None:
    name, make, reason = CASES[case]
    source = write(tmp_path, name, "")
    make(source)
    assert main(COMMANDS[run](source)) == 2
    captured = capsys.readouterr()
    assert captured.err == f"fosterkit: {source}: {reason}\n"
    assert captured.out == "" or run == "mapping-check"  # check names the mapping before the source
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["map.toml", name])  # nothing written


@pytest.mark.parametrize("case", ["csv-header-only", "jsonl-0-bytes", "xlsx-header-only"])
def test_the_library_says_the_same(tmp_path: Path, case: str) -> None:
    name, make, reason = CASES[case]
    source = write(tmp_path, name, "")
    make(source)
    with pytest.raises(SourceError) as caught:
        open_source(source, tmp_path / "map.toml")
    assert str(caught.value) == f"{source}: {reason}"
    with pytest.raises(SourceError, match="no rows"):
        import_source(source, tmp_path / "map.toml", out=tmp_path / "out.jsonl")
    assert not (tmp_path / "out.jsonl").exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("leavers.csv", HEADER + "\r\n\r\n" + GOOD[0] + "\r\n"),
        ("leavers.jsonl", '\n{}\n{"Ref": "D1", "Household": "H1", "Notice": "01/02/2024", "Route": "RES"}\n'),
    ],
)
def test_one_row_after_blank_ones_is_enough(
    tmp_path: Path, name: str, content: str, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(tmp_path, name, content)
    assert main([*import_args(source), "--json"]) == 0
    assert '"blank": 1' in capsys.readouterr().out
    assert main(["mapping", "check", str(tmp_path / "map.toml"), str(source)]) == 0
    assert main(["mapping", "init", str(source)]) == 0
