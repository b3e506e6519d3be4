"""A failed formula's error value (``#DIV/0!``, ``#N/A``...) is never read back as an answer.

Excel saves the error a formula gave as the cell's value; read as text it would become a
reflection, an action or a figure. Each is refused by its cell, read as blank, and the
command exits 1, as for any value it cannot take.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from pathlib import Path

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]
from openpyxl.cell.cell import ERROR_CODES  # type: ignore[import-untyped, unused-ignore]

from fosterkit import load_catalogue
from fosterkit.audit import plan_audit_workbook
from fosterkit.cli import main
from fosterkit_excel import audit_layout as layout
from fosterkit_excel import read_audit_workbook, write_audit_workbook

CATALOGUE = load_catalogue()


def _workbook(path: Path, cells: Mapping[tuple[str, str], object]) -> Path:
    plan = plan_audit_workbook(CATALOGUE, service="Anytown Fostering", today=datetime.date(2026, 4, 1))
    write_audit_workbook(plan, path)
    wb = load_workbook(path)
    for (sheet, ref), value in cells.items():
        wb[sheet][ref] = value
    wb.save(path)
    return path


@pytest.mark.parametrize("code", ERROR_CODES)
def test_an_error_value_in_an_answer_cell_is_refused_by_cell(code: str, tmp_path: Path) -> None:
    cells = {
        (layout.STEP_SHEETS[0], "H2"): code,
        (layout.ACTIONS, "A2"): "Set up a buddy scheme",
        (layout.ACTIONS, "B2"): code,
        (layout.OFFER_FIGURES, "A4"): code,
    }
    reading = read_audit_workbook(_workbook(tmp_path / "a.xlsx", cells), CATALOGUE)
    refused = {(p.sheet, p.cell) for p in reading.problems if code in p.message}
    assert refused == {(layout.STEP_SHEETS[0], "H2"), (layout.ACTIONS, "B2"), (layout.OFFER_FIGURES, "A4")}
    assert all(answer.reflections != code for answer in reading.cycle.answers)
    assert [(a.action, a.link) for a in reading.cycle.actions] == [("Set up a buddy scheme", None)]
    assert all(code not in repr(action) for action in reading.cycle.actions)


def test_audit_read_exits_1_on_an_error_value(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _workbook(tmp_path / "a.xlsx", {(layout.STEP_SHEETS[0], "H2"): "#DIV/0!"})
    assert main(["audit-read", str(path)]) == 1
    assert "Assess!H2: the cell holds the error value #DIV/0!" in capsys.readouterr().out


def test_a_tracker_response_that_is_an_error_value_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "tracker.xlsx"
    assert main(["tracker", "new", "--pack", "stocktake-2018", "--out", str(path)]) == 0
    wb = load_workbook(path)
    wb["Tracker"]["E2"] = "#DIV/0!"
    wb["Tracker"]["E3"] = "We now review delegated authority at each placement"
    wb.save(path)
    capsys.readouterr()
    assert main(["tracker", "check", str(path)]) == 1
    assert "Tracker!E2: the cell holds the error value #DIV/0!" in capsys.readouterr().out
