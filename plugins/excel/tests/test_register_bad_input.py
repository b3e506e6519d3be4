"""The register read back after people have worked in it: every bad value named by sheet, row and column.

Each test makes a register from one carer's exit (written here, not a stored file), changes it
as a person might in Excel, and reads it back.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]

from fosterkit import (
    DataCollectionRecord,
    Departure,
    ExitProcess,
    Household,
    Initiator,
    InterviewStage,
    LeavingRoute,
)
from fosterkit.adapters.register_files import make_register_file, read_register_file
from fosterkit.errors import StructureError
from fosterkit.interviews import Appointment, Location
from fosterkit.reasons import Triage
from fosterkit.records import (
    ApprovalKind,
    Carer,
    HouseholdStatus,
    PlacementType,
    Service,
    ServiceKind,
    StatusChange,
)

D = datetime.date


def _exit() -> list[object]:
    """One household, its leaving, and its exit process to a response fed back."""
    home = Household(
        id="H1",
        service=Service(name="Anytown", kind=ServiceKind.LOCAL_AUTHORITY),
        carers=(Carer(id="C1"),),
        approved_on=D(2015, 4, 1),
        approval_kind=ApprovalKind.MAINSTREAM,
        approved_for=(PlacementType.LONG_TERM,),
        caring_now=False,
        history=(StatusChange(status=HouseholdStatus.APPROVED, since=D(2015, 4, 1)),),
    )
    leaver = Departure(
        id="D1",
        household_id="H1",
        notice_on=D(2026, 1, 5),
        initiated_by=Initiator.CARER,
        route=LeavingRoute.RESIGNATION,
    )
    process = ExitProcess.start("P1", leaver, supervising_social_worker="ssw1", line_management=("tm1",))
    process = process.offer(D(2026, 1, 6)).ask_before_interview(
        D(2026, 1, 7), raise_relationships=False, wants_companion=False
    )
    appointment = Appointment(
        id="A1", stage=InterviewStage.EXIT_STAGE_1, on=D(2026, 1, 20), location=Location.PHONE,
        location_agreed=True, interviewer="ind1",
    )  # fmt: skip
    record = DataCollectionRecord(
        id="R1", departure_id="D1", stage=InterviewStage.EXIT_STAGE_1, interviewed_on=D(2026, 1, 20),
        primary_reason="support.training", consent_to_anonymised_use=True,
    )  # fmt: skip
    process = process.book(appointment, D(2026, 1, 8)).complete("A1", record)
    process = process.triage("R1", "support.training", Triage.THEMATIC, D(2026, 1, 21))
    return [home, leaver, process]


@pytest.fixture
def register(tmp_path: Path) -> Path:
    path = tmp_path / "register.xlsx"
    make_register_file(path, service="Anytown", records=_exit())
    return path


def _letter(ws: Any, header: str) -> str:
    return str(next(c.column_letter for c in ws[1] if c.value == header))


def _type(path: Path, sheet: str, header: str, value: object, row: int = 2) -> str:
    """Type ``value`` into the column headed ``header`` of ``sheet``; returns the cell's reference."""
    wb = load_workbook(path)
    ws = wb[sheet]
    ref = f"{_letter(ws, header)}{row}"
    ws[ref] = value
    wb.save(path)
    return ref


def _kinds(records: tuple[object, ...]) -> list[str]:
    return sorted(type(r).__name__ for r in records)


def test_the_register_reads_back_clean(register: Path) -> None:
    result = read_register_file(register)
    assert result.clean
    assert _kinds(result.reading.records) == ["Departure", "ExitProcess", "Household"]


def test_a_value_in_the_wrong_column_is_named_and_the_rest_is_read(register: Path) -> None:
    ref = _type(register, "Bookings", "On", "next Tuesday")
    before = register.read_bytes()
    result = read_register_file(register)
    (problem, *others) = result.reading.problems
    assert (problem.sheet, problem.cell, problem.value) == ("Bookings", ref, "next Tuesday")
    assert "not a date" in problem.message
    assert any("not read" in p.message and p.sheet == "Exit processes" for p in others)
    assert _kinds(result.reading.records) == ["Departure", "Household"]
    assert register.read_bytes() == before  # nothing entered is lost


def test_a_value_from_another_sheet_is_not_a_choice(register: Path) -> None:
    ref = _type(register, "Interviews", "Stage", "Carers home")
    problem = read_register_file(register).reading.problems[0]
    assert (problem.sheet, problem.cell, problem.value) == ("Interviews", ref, "Carers home")
    assert "Exit stage 1" in problem.message


def test_a_broken_link_between_sheets_is_named(register: Path) -> None:
    ref = _type(register, "Interviews", "Leaver id", "D404")
    problem = read_register_file(register).reading.problems[0]
    assert (problem.sheet, problem.cell, problem.value) == ("Interviews", ref, "D404")
    assert "'Leavers'" in problem.message


def test_a_row_for_an_unknown_household_is_named(register: Path) -> None:
    ref = _type(register, "Status changes", "Household id", "H404")
    problem = read_register_file(register).reading.problems[0]
    assert (problem.sheet, problem.cell) == ("Status changes", ref)


@pytest.mark.parametrize("value", ["=1/0", "#DIV/0!", "#N/A"])
def test_formulas_and_error_values_in_answer_cells_are_refused(register: Path, value: str) -> None:
    ref = _type(register, "Interviews", "What would have kept them", value)
    result = read_register_file(register)
    problem = result.reading.problems[0]
    assert (problem.sheet, problem.cell) == ("Interviews", ref)
    assert "formula" in problem.message or "error value" in problem.message
    assert "ExitProcess" not in _kinds(result.reading.records)


def test_a_blank_cell_a_row_needs_is_named(register: Path) -> None:
    ref = _type(register, "Bookings", "Interviewer", None)
    problem = read_register_file(register).reading.problems[0]
    assert (problem.sheet, problem.cell) == ("Bookings", ref)
    assert "Interviewer" in problem.message


def test_columns_inserted_and_moved_by_hand_still_read(register: Path) -> None:
    expected = read_register_file(register).reading.records
    wb = load_workbook(register)
    ws = wb["Interviews"]
    ws.insert_cols(2)
    ws["B1"], ws["B2"] = "Our notes", "rang twice first"
    leavers = wb["Leavers"]
    leavers.move_range("A1:A2", cols=leavers.max_column)  # the id column moved to the end
    wb.save(register)
    result = read_register_file(register)
    assert result.reading.problems == ()
    assert result.reading.records == expected
    assert result.reading.notes == (
        "Leavers: the columns are in another order than the register's; each was read by its header",
        "Interviews: column B, headed 'Our notes', is not one of the register's; it is passed over",
    )


def test_a_column_no_row_needs_left_out_is_a_note_and_read_as_blank(register: Path) -> None:
    wb = load_workbook(register)
    ws = wb["Leavers"]
    ws.delete_cols(int(ws[f"{_letter(ws, 'Destination')}1"].column))
    wb.save(register)
    result = read_register_file(register)
    assert result.clean
    assert _kinds(result.reading.records) == ["Departure", "ExitProcess", "Household"]
    assert result.reading.notes == (
        "Leavers: no column headed 'Destination', so its values are read as blank",
    )


def test_a_clean_register_has_no_notes(register: Path) -> None:
    assert read_register_file(register).reading.notes == ()


def test_a_missing_column_is_refused_naming_it(register: Path) -> None:
    wb = load_workbook(register)
    ws = wb["Findings"]
    ws[f"{_letter(ws, 'Triage')}1"] = "Priority"
    wb.save(register)
    with pytest.raises(
        StructureError, match=r"'Findings' sheet has no column headed 'Triage' in row 1, and every"
    ):
        read_register_file(register)


def test_a_register_of_another_version_is_named(register: Path) -> None:
    wb = load_workbook(register)
    ws = wb["Start here"]
    row = next(r for r in range(1, 20) if ws.cell(row=r, column=1).value == "Register version")
    ws.cell(row=row, column=2).value = "0"
    wb.save(register)
    with pytest.raises(StructureError, match=rf"Start here!B{row}.*register version '0'"):
        read_register_file(register)


def test_a_register_whose_first_sheet_is_still_called_guidance_reads(register: Path) -> None:
    expected = read_register_file(register).reading
    wb = load_workbook(register)
    assert wb.sheetnames[0] == "Start here"
    wb["Start here"].title = "Guidance"  # as fosterkit named it before
    wb.save(register)
    reading = read_register_file(register).reading
    assert (reading.service, reading.records, reading.notes) == (expected.service, expected.records, ())


def test_a_process_rule_broken_in_the_register_is_reported(register: Path) -> None:
    _type(register, "Bookings", "Interviewer", "ssw1")  # the carer's own supervising social worker
    result = read_register_file(register)
    assert result.reading.problems == ()
    assert [process for process, _ in result.breaches] == ["P1"]
    assert result.breaches[0][1].rule.value == "independent_interviewer"


def test_an_existing_register_is_not_replaced_without_force(register: Path) -> None:
    from fosterkit.adapters.register_files import RegisterError

    with pytest.raises(RegisterError, match="already exists"):
        make_register_file(register, service="Anytown")
    make_register_file(register, service="Anytown", force=True)
    assert register.stat().st_mode & 0o077 == 0


def test_the_commands_make_and_read_a_register(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import argparse

    from fosterkit.adapters.jsonl import read_jsonl, write_jsonl
    from fosterkit.cli.register import add_commands

    parser = argparse.ArgumentParser()
    add_commands(parser.add_subparsers())
    source, book, out = tmp_path / "in.jsonl", tmp_path / "register.xlsx", tmp_path / "out.jsonl"
    write_jsonl(_exit(), source)
    args = parser.parse_args(["register", "new", str(book), "--service", "Anytown", "--from", str(source)])
    assert args.run(args) == 0
    args = parser.parse_args(["register", "read", str(book), "--out", str(out)])
    assert args.run(args) == 0
    assert read_jsonl(out) == _exit()
    _type(book, "Bookings", "Interviewer", "ssw1")
    args = parser.parse_args(["register", "read", str(book), "--out", str(out), "--force", "--json"])
    assert args.run(args) == 1
    assert '"rule": "independent_interviewer"' in capsys.readouterr().out
