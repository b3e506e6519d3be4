"""Yes/no fields read booleans as spreadsheets and case systems write them, in every source format.

The CSV here is built as LibreOffice Calc writes one after opening an export and saving it again:
booleans it recognised become ``TRUE``/``FALSE``, text is quoted only where it must be, dates
are written as shown (dd/mm/yyyy for an English locale), lines end with a bare line feed and
there is no byte-order mark.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fosterkit.cli import main
from fosterkit.imports.values import BadValue, ValueKind, clean, value_reader

READ = value_reader(ValueKind.BOOL)

YES = ["TRUE", "True", "true", "Yes", "YES", "yes", "Y", "y", "1", "T", "1.0"]
NO = ["FALSE", "False", "false", "No", "NO", "no", "N", "n", "0", "F", "0.0"]


def read(cell: object) -> object:
    """A cell as an import reads it: cleaned (trimmed), then read as yes or no."""
    return READ(clean(cell))


@pytest.mark.parametrize("text", YES)
def test_every_written_yes(text: str) -> None:
    assert read(text) is True
    assert read(f"  {text}\t") is True


@pytest.mark.parametrize("text", NO)
def test_every_written_no(text: str) -> None:
    assert read(text) is False
    assert read(f" {text} ") is False


@pytest.mark.parametrize(
    ("cell", "expected"),
    [(True, True), (False, False), (1, True), (0, False), (1.0, True), (0.0, False)],
)
def test_typed_cells_from_excel_and_json(cell: object, expected: bool) -> None:
    assert READ(cell) is expected


@given(
    word=st.sampled_from(["true", "false", "yes", "no", "y", "n", "1", "0"]),
    flips=st.lists(st.booleans(), min_size=5, max_size=5),
    before=st.text(alphabet=" \t\u00a0", max_size=3),
    after=st.text(alphabet=" \t\u00a0", max_size=3),
)
def test_any_case_and_surrounding_spaces(word: str, flips: list[bool], before: str, after: str) -> None:
    cased = "".join(c.upper() if flip else c for c, flip in zip(word, flips, strict=False))
    expected = word in ("true", "yes", "y", "1")
    assert read(before + cased + after) is expected
    assert READ(before + cased + after) is expected  # trimmed even when not cleaned first


@pytest.mark.parametrize("cell", ["maybe", "2", "-1", "yes please", "TRUE1", "0.5", "oui", 2, 0.5, -1])
def test_anything_else_is_not_yes_or_no(cell: object) -> None:
    with pytest.raises(BadValue, match="is not yes or no"):
        READ(cell)


def test_a_date_cell_is_not_yes_or_no() -> None:
    with pytest.raises(BadValue):
        READ(datetime.date(2024, 1, 31))


def test_a_value_map_reads_typed_cells_as_their_text_would_be() -> None:
    # A column "Vacant": TRUE means no child is placed. A CSV holds the text, a workbook a boolean.
    vacant = value_reader(ValueKind.BOOL, values={"TRUE": False, "FALSE": True})
    assert vacant("TRUE") is False
    assert vacant("true") is False
    assert vacant(True) is False
    assert vacant(False) is True
    ones = value_reader(ValueKind.BOOL, values={"1": False, "0": True})
    assert ones(1) is False
    assert ones(1.0) is False
    assert ones("0") is True


# -- through the real command ---------------------------------------------------------------

MAPPING = """
schema_version = 1

[records.household]
id = "Household"
"service.name" = { default = "Anytown Fostering" }
"service.kind" = { default = "local_authority" }
"carers[0].id" = "Carer"
"carers[0].equality.disability" = "Disability"
approved_on = "Approved"
approval_kind = { default = "mainstream" }
approved_for = { default = "long_term" }
caring_now = "Caring"
"history[0].status" = { default = "approved" }
"history[0].since" = "Approved"
"""

HEADER = ["Household", "Carer", "Approved", "Caring", "Disability"]


def libreoffice_csv(rows: list[list[str]]) -> bytes:
    """A CSV as LibreOffice Calc saves it: UTF-8, no mark, LF line ends, quotes only where needed."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return text.getvalue().encode("utf-8")


def run_import(tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, Any]]:
    (tmp_path / "map.toml").write_text(MAPPING, encoding="utf-8")
    out = tmp_path / "records.jsonl"
    code = main(
        ["import", str(tmp_path / name), "--mapping", str(tmp_path / "map.toml"), "--out", str(out), "--json"]
    )
    return code, json.loads(capsys.readouterr().out)


def households(tmp_path: Path) -> dict[str, tuple[object, object]]:
    lines = (tmp_path / "records.jsonl").read_text(encoding="utf-8").splitlines()
    found = {}
    for line in lines:
        record = json.loads(line)
        found[record["id"]] = (record["caring_now"], record["carers"][0]["equality"]["disability"])
    return found


def test_a_csv_saved_by_libreoffice_with_true_and_false_imports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = libreoffice_csv(
        [
            ["H1", "C1", "01/02/2020", "TRUE", "FALSE"],
            ["H2", "C2", "15/06/2019", "FALSE", "TRUE"],
            ["H3", "C3", "03/03/2021", "TRUE", "TRUE"],
            ["H4", "C4", "04/04/2018", "FALSE", "FALSE"],
        ]
    )
    assert b"\r" not in data
    assert not data.startswith(b"\xef\xbb\xbf")
    (tmp_path / "leavers.csv").write_bytes(data)
    code, summary = run_import(tmp_path, "leavers.csv", capsys)
    assert code == 0, summary["problems"]
    assert (summary["accepted"], summary["rejected"]) == (4, 0)
    assert households(tmp_path) == {
        "H1": (True, False),
        "H2": (False, True),
        "H3": (True, True),
        "H4": (False, False),
    }


def test_every_written_form_imports_from_csv_and_anything_else_is_a_rejected_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    forms = [(" True ", "No"), ("Yes", "n"), ("Y", "0"), ("1", "FALSE"), ("yes", " N"), ("maybe", "no")]
    rows = [
        [f"H{i}", f"C{i}", "01/02/2020", caring, disability] for i, (caring, disability) in enumerate(forms)
    ]
    (tmp_path / "leavers.csv").write_bytes(libreoffice_csv(rows))
    code, summary = run_import(tmp_path, "leavers.csv", capsys)
    assert code == 1
    assert (summary["accepted"], summary["rejected"]) == (5, 1)
    [problem] = summary["problems"]
    assert problem["row"] == 7
    assert problem["column"] == "Caring"
    assert problem["message"].startswith("`maybe` in column `Caring` is not yes or no")
    assert households(tmp_path) == {
        "H0": (True, False),
        "H1": (True, False),
        "H2": (True, False),
        "H3": (True, False),
        "H4": (True, False),
    }


def test_booleans_from_a_json_lines_source(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cells = [(True, False), ("TRUE", "false"), (" Yes ", "N"), (1, 0), (1.0, 0.0), ("y", "0"), ("2", "no")]
    lines = [
        json.dumps(dict(zip(HEADER, [f"H{i}", f"C{i}", "2020-02-01", caring, disability], strict=True)))
        for i, (caring, disability) in enumerate(cells)
    ]
    (tmp_path / "leavers.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, summary = run_import(tmp_path, "leavers.jsonl", capsys)
    assert code == 1
    assert (summary["accepted"], summary["rejected"]) == (6, 1)
    [problem] = summary["problems"]
    assert (problem["row"], problem["column"]) == (7, "Caring")
    assert "`2` in column `Caring` is not yes or no" in problem["message"]
    assert set(households(tmp_path).values()) == {(True, False)}


def test_booleans_from_an_excel_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    approved = datetime.datetime(2020, 2, 1)
    cells = [(True, False), (1, 0), (1.0, 0.0), ("TRUE", "FALSE"), (" Yes", "no "), ("Y", 0), (7, False)]
    for i, (caring, disability) in enumerate(cells):
        sheet.append([f"H{i}", f"C{i}", approved, caring, disability])
    book.save(tmp_path / "leavers.xlsx")
    code, summary = run_import(tmp_path, "leavers.xlsx", capsys)
    assert code == 1
    assert (summary["accepted"], summary["rejected"]) == (6, 1)
    [problem] = summary["problems"]
    assert (problem["row"], problem["column"]) == (8, "Caring")
    assert "`7` in column `Caring` is not yes or no" in problem["message"]
    assert set(households(tmp_path).values()) == {(True, False)}
