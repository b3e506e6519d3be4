"""`fosterkit tracker new|check|export` end to end: a workbook filled in by hand, read back, exported."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl  # type: ignore[import-untyped, unused-ignore]
import pytest

from fosterkit.adapters.tracker_files import read_tracker
from fosterkit.cli import main
from fosterkit.plugins import ResponseStatus


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _fill(path: Path, cells: dict[str, object]) -> None:
    """Type into cells as a person would; text stays text, as Excel keeps text typed after an apostrophe."""
    book = openpyxl.load_workbook(path)
    sheet = book["Tracker"]
    for ref, value in cells.items():
        sheet[ref] = value
        if isinstance(value, str):
            sheet[ref].data_type = "s"
    book.save(path)


def _row_of(path: Path, recommendation: str) -> int:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        for number, row in enumerate(book["Tracker"].iter_rows(values_only=True), start=1):
            if row[0] == recommendation:
                return number
    finally:
        book.close()
    raise AssertionError(recommendation)


@pytest.fixture
def workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "tracker.xlsx"
    code, out, err = run(
        capsys,
        "tracker",
        "new",
        "--pack",
        "stocktake-2018",
        "--out",
        str(path),
        "--service",
        "Anytown Fostering",
    )
    assert (code, err) == (0, "")
    assert "Anytown Fostering's response tracker for stocktake-2018 2018.1" in out
    assert "28 recommendations" in out
    return path


def test_a_filled_in_tracker_is_summed_up(workbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    peer = _row_of(workbook, "3.7")
    exits = _row_of(workbook, "5.5")
    _fill(
        workbook,
        {
            f"D{peer}": "In place",
            f"E{peer}": "Peer support groups and mentoring already run",
            f"G{peer}": "Fostering manager",
            f"D{exits}": "in progress",
            f"F{exits}": "Evaluate retention every 6 months from exit interviews",
        },
    )
    code, out, _ = run(capsys, "tracker", "check", str(workbook))
    assert code == 0
    assert "28 recommendations: not started 26, in progress 1, in place 1" in out
    assert "Helping carers to make fostering more effective: 7, 1 in place, 6 still open" in out
    code, out, _ = run(capsys, "tracker", "check", str(workbook), "--json")
    data = json.loads(out)
    assert data["by_status"]["in_place"] == 1
    assert data["by_theme"]["recruitment"]["in_progress"] == 1
    assert data["problems"] == []


def test_export_to_csv_and_back(workbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    row = _row_of(workbook, "4.1")
    _fill(
        workbook, {f"D{row}": "Under review", f"E{row}": "=tiered fees under review", f"I{row}": "2027-03-31"}
    )
    out_csv = tmp_path / "tracker.csv"
    code, out, _ = run(capsys, "tracker", "export", str(workbook), "--out", str(out_csv))
    assert code == 0
    assert "28 responses" in out
    from_book = read_tracker(workbook).tracker
    from_csv = read_tracker(out_csv)
    assert from_csv.problems == ()
    assert from_csv.tracker == from_book
    entry = from_csv.tracker.entry("4.1")
    assert (entry.status, entry.response) == (ResponseStatus.UNDER_REVIEW, "=tiered fees under review")
    assert "'=tiered fees under review" in out_csv.read_text(encoding="utf-8-sig")


def test_a_tracker_with_problems_is_not_exported(
    workbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    row = _row_of(workbook, "6.2")
    _fill(workbook, {f"D{row}": "sort of"})
    code, out, _ = run(capsys, "tracker", "check", str(workbook))
    assert code == 1
    assert f"problem: Tracker!D{row}: 'sort of' is not a status" in out
    target = tmp_path / "out.csv"
    target.write_text("kept", encoding="utf-8")
    code, _, err = run(capsys, "tracker", "export", str(workbook), "--out", str(target), "--force")
    assert code == 2
    assert "exporting would lose them" in err
    assert f"Tracker!D{row}" in err
    assert target.read_text(encoding="utf-8") == "kept"


def test_next_year_carries_responses_forward(
    workbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    row = _row_of(workbook, "7.1")
    _fill(workbook, {f"D{row}": "In progress", f"H{row}": "MOMO survey results"})
    following = tmp_path / "2027.xlsx"
    code, out, _ = run(
        capsys, "tracker", "new", "--pack", "stocktake-2018", "--out", str(following), "--from", str(workbook)
    )
    assert code == 0
    assert "1 response carried forward" in out
    entry = read_tracker(following).tracker.entry("7.1")
    assert (entry.status, entry.evidence) == (ResponseStatus.IN_PROGRESS, "MOMO survey results")


def test_bad_requests_are_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "tracker", "new", "--pack", "nope", "--out", str(tmp_path / "t.xlsx"))
    assert code == 2
    assert "no pack 'nope' is installed" in err
    code, _, err = run(capsys, "tracker", "new", "--pack", "stocktake-2018", "--out", str(tmp_path / "t.ods"))
    assert code == 2
    assert "cannot write or read a response tracker as .ods: installed formats write .csv, .xlsx" in err
    code, _, err = run(capsys, "tracker", "check", str(tmp_path / "missing.xlsx"))
    assert code == 2
    assert "no such file" in err
    assert not list(tmp_path.iterdir())


def test_a_formula_without_a_saved_value_is_reported_not_lost(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    row = _row_of(workbook, "9.1")
    book = openpyxl.load_workbook(workbook)
    book["Tracker"][f"E{row}"] = '=CONCAT("support ", "care")'  # written by a program: no saved value
    book.save(workbook)
    code, out, _ = run(capsys, "tracker", "check", str(workbook))
    assert code == 1
    assert f"problem: Tracker!E{row}: the cell holds a formula with no saved value" in out
