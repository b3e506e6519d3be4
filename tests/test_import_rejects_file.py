"""The rejects file is always UTF-8 and re-imports with the same mapping (issue 20, must-have 6).

A cp1252 export read as UTF-8 gives rows with bytes that are not UTF-8; a row may hold a NUL or
another control character. The rejects file shows those escaped and says so, so it is valid UTF-8
that the same mapping reads again; and importing a rejects file does not add another pair of
fosterkit's columns each time.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from fosterkit.adapters.importing import ESCAPED_NOTE
from fosterkit.cli import main
from test_importing import MAPPING_TEXT, leaver, write_source

CSV_MAPPING = MAPPING_TEXT.replace("[source]\n", '[source]\nformat = "csv"\nencoding = "utf-8"\n').replace(
    'stated_reasons = { columns = ["reasons"]', 'stated_reasons = { column = "reasons"'
)
HEADER = b"ref,hh,name,notice,left,route,reasons\n"


def import_file(source: Path, mapping: Path, out: Path) -> int:
    return main(["import", str(source), "--mapping", str(mapping), "--out", str(out), "--quiet", "--force"])


def rows_of(path: Path) -> list[list[str]]:
    text = path.read_bytes().decode("utf-8-sig")  # strict: the file must be UTF-8
    return list(csv.reader(text.splitlines()))


def test_bytes_that_are_not_utf8_and_control_characters_are_shown_escaped_and_flagged(tmp_path: Path) -> None:
    mapping = tmp_path / "map.toml"
    mapping.write_text(CSV_MAPPING, encoding="utf-8")
    source = tmp_path / "export.csv"
    source.write_bytes(
        HEADER
        + "D1,HD1,Zoë,01/02/2024,31/02/2024,RET,RET\n".encode("cp1252")
        + b"D2,HD2,Sam,01/02/2024,31/02/2024,RET,RET\x07\n"
        + b"D3,HD3,Kim,01/02/2024,01/03/2024,RET,RET\n"
    )
    out = tmp_path / "records.jsonl"
    assert import_file(source, mapping, out) == 1
    rejects = tmp_path / "records.rejects.csv"
    header, *rows = rows_of(rejects)
    assert header == [
        "fosterkit_row",
        "fosterkit_problems",
        "ref",
        "hh",
        "name",
        "notice",
        "left",
        "route",
        "reasons",
    ]
    by_row = {row[0]: row for row in rows}
    assert set(by_row) == {"2", "3"}
    assert by_row["2"][4] == "Zo\\xeb"
    assert ESCAPED_NOTE in by_row["2"][1]
    assert "\\x07" in "".join(by_row["3"])
    assert "\x07" not in rejects.read_text(encoding="utf-8-sig")


def test_a_rejects_file_reimports_with_the_same_mapping_and_adds_no_columns(tmp_path: Path) -> None:
    mapping = tmp_path / "map.toml"
    mapping.write_text(CSV_MAPPING, encoding="utf-8")
    source = tmp_path / "export.csv"
    source.write_bytes(HEADER + b"D1,HD1,Zo\xeb,01/02/2024,31/02/2024,RET,RET\n")
    out = tmp_path / "records.jsonl"
    assert import_file(source, mapping, out) == 1
    first = tmp_path / "records.rejects.csv"
    again = tmp_path / "again.csv"
    again.write_bytes(first.read_bytes())
    out2 = tmp_path / "second.jsonl"
    assert import_file(again, mapping, out2) == 1  # read without trouble; the bad date is still bad
    second = tmp_path / "second.rejects.csv"
    assert rows_of(second)[0] == rows_of(first)[0]  # the same columns, no second pair
    assert len(rows_of(second)) == 2


def test_a_jsonl_rejects_file_keeps_one_row_number_and_one_list_of_problems(tmp_path: Path) -> None:
    mapping = tmp_path / "map.toml"
    mapping.write_text(MAPPING_TEXT, encoding="utf-8")
    source = write_source(tmp_path / "export.jsonl", [leaver("D1", left="31/02/2024", name="A\u0000B")])
    out = tmp_path / "records.jsonl"
    assert import_file(source, mapping, out) == 1
    first = tmp_path / "records.rejects.jsonl"
    (row,) = [json.loads(line) for line in first.read_text(encoding="utf-8").splitlines()]
    assert row["name"] == "A\\x00B"
    assert ESCAPED_NOTE in row["fosterkit_problems"]
    again = tmp_path / "again.jsonl"
    again.write_text(first.read_text(encoding="utf-8"), encoding="utf-8")
    assert import_file(again, mapping, tmp_path / "second.jsonl") == 1
    (row2,) = [
        json.loads(line)
        for line in (tmp_path / "second.rejects.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert row2["fosterkit_row"] == 1
    assert sorted(row2) == sorted(row)
