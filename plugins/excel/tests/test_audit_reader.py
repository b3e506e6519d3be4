"""Reading the audit workbook back: exact round trips, problems named by cell, hostile files refused."""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]

from fosterkit import load_catalogue
from fosterkit.audit import plan_audit_workbook
from fosterkit.errors import StructureError
from fosterkit.plugins import (
    ActionStatus,
    AuditAction,
    AuditAnswer,
    AuditCycle,
    Position,
    PriorityChoice,
    PriorityLevel,
)
from fosterkit.testing.conformance import check_audit_format, check_plugin
from fosterkit_excel import audit_layout as layout
from fosterkit_excel import read_audit_workbook, write_audit_workbook
from fosterkit_excel.writer import write_records

CATALOGUE = load_catalogue()
D = datetime.date
TODAY = D(2026, 11, 23)


def _blank(path: Path, **cycle: object) -> Path:
    plan = plan_audit_workbook(CATALOGUE, service="Anytown Fostering", today=TODAY, **cycle)  # type: ignore[arg-type]
    write_audit_workbook(plan, path)
    return path


def _first_rows(sheet: str) -> list[str]:
    step = layout.STEP_SHEETS.index(sheet)
    return [q.id for q in CATALOGUE.questions if q.step.position == step + 1]


def test_the_format_passes_the_conformance_kit(tmp_path: Path) -> None:
    check_audit_format(check_plugin("excel").audit_formats["excel"], tmp_path, catalogue=CATALOGUE)


def test_a_blank_workbook_reads_as_an_empty_cycle(tmp_path: Path) -> None:
    reading = read_audit_workbook(_blank(tmp_path / "blank.xlsx"))
    assert reading.ok
    assert reading.cycle == AuditCycle(
        service="Anytown Fostering",
        start=TODAY,
        end=D(2027, 5, 22),
        pack=CATALOGUE.pack.id,
        pack_version=CATALOGUE.pack.version,
    )


def _fill(path: Path, edits: dict[str, dict[str, object]]) -> None:
    """Type values into cells, as a person would in Excel, and save."""
    wb = load_workbook(path)
    for sheet, cells in edits.items():
        for ref, value in cells.items():
            wb[sheet][ref] = value
    wb.save(path)


def test_what_people_type_is_read_and_every_bad_value_is_named_by_cell(tmp_path: Path) -> None:
    path = _blank(tmp_path / "filled.xlsx")
    assess = _first_rows("Assess")
    _fill(
        path,
        {
            "Assess": {
                "F2": "In place",
                "H2": "Peer group meets monthly",
                "I2": "high",
                "J2": "Sam",
                "K2": datetime.datetime(2027, 3, 31),
                "F3": "sort of",
                "J3": "Jo",
                "K4": "next week",
                "F4": "not in place",
                "K5": "31/02/2027",
                "F5": "partly in place",
                "K6": "15/01/2027",
            },
            "Priorities": {"G2": "yes", "H2": "Carers told us", "G3": "maybe", "I3": "Ali"},
            "Action plan": {
                "A2": "Start a carers' peer group",
                "B2": "KP3",
                "D2": datetime.datetime(2026, 12, 1),
                "E2": "soon",
                "F2": "in progress",
                "A3": "Review short breaks",
                "B3": "KP99",
                "F3": "finished",
                "C4": "an owner but no action",
            },
        },
    )
    reading = read_audit_workbook(path)
    assert [(p.where, p.value) for p in reading.problems] == [
        ("Assess!F3", "sort of"),
        ("Assess!K4", "next week"),
        ("Assess!K5", "31/02/2027"),
        ("Priorities!G3", "maybe"),
        ("'Action plan'!E2", "soon"),
        ("'Action plan'!B3", "KP99"),
        ("'Action plan'!F3", "finished"),
        ("'Action plan'!A4", ""),
    ]
    assert "'sort of' is not a position" in reading.problems[0].message
    assert "not a date" in reading.problems[1].message
    cycle = reading.cycle
    assert cycle.answer(assess[0]) == AuditAnswer(
        question_id=assess[0],
        position=Position.IN_PLACE,
        reflections="Peer group meets monthly",
        priority=PriorityLevel.HIGH,
        owner="Sam",
        target_date=D(2027, 3, 31),
    )
    # The rest of a row with a bad cell is kept.
    assert cycle.answer(assess[1]) == AuditAnswer(question_id=assess[1], owner="Jo")
    assert cycle.answer(assess[2]) == AuditAnswer(question_id=assess[2], position=Position.NOT_IN_PLACE)
    assert cycle.answer(assess[4]) == AuditAnswer(question_id=assess[4], target_date=D(2027, 1, 15))
    assert cycle.priorities == (
        PriorityChoice(element_id="KP1", focus=True, rationale="Carers told us"),
        PriorityChoice(element_id="KP2", focus=False, lead="Ali"),
    )
    assert cycle.actions == (
        AuditAction(
            action="Start a carers' peer group",
            link="KP3",
            start=D(2026, 12, 1),
            status=ActionStatus.IN_PROGRESS,
        ),
        AuditAction(action="Review short breaks"),
    )


def test_a_formula_with_no_saved_value_is_reported_not_read_as_blank(tmp_path: Path) -> None:
    path = _blank(tmp_path / "formula.xlsx")
    _fill(path, {"Assess": {"H2": '="Peer group "&"monthly"'}, "Action plan": {"A2": "=1+1"}})
    reading = read_audit_workbook(path, CATALOGUE)
    found = {(p.where, p.value) for p in reading.problems}
    assert found == {("Assess!H2", '="Peer group "&"monthly"'), ("'Action plan'!A2", "=1+1")}
    assert all("formula with no saved value" in p.message for p in reading.problems)


def test_a_question_id_the_catalogue_does_not_know_is_reported(tmp_path: Path) -> None:
    path = _blank(tmp_path / "edited.xlsx")
    _fill(path, {"Plan": {"A2": "made-up-question", "F2": "in place"}, "Do": {"F2": "in place"}})
    reading = read_audit_workbook(path)
    assert [str(p) for p in reading.problems] == [
        f"Plan!A2: question 'made-up-question' is not in the {CATALOGUE.pack.id} catalogue"
    ]
    assert [a.question_id for a in reading.cycle.answers] == [_first_rows("Do")[0]]


def test_next_cycle_carries_open_actions_and_shows_last_positions(tmp_path: Path) -> None:
    last = _blank(tmp_path / "last.xlsx")
    _fill(
        last,
        {
            "Assess": {"F2": "partly in place"},
            "Review": {"F3": "in place"},
            "Action plan": {
                "A2": "Done thing",
                "F2": "done",
                "A3": "Open thing",
                "F3": "blocked",
                "B3": "R7",
            },
        },
    )
    previous = read_audit_workbook(last).cycle
    plan = plan_audit_workbook(CATALOGUE, service="Anytown Fostering", today=TODAY, previous=previous)
    path = tmp_path / "next.xlsx"
    write_audit_workbook(plan, path)
    reading = read_audit_workbook(path)
    assert reading.cycle.start == D(2027, 5, 23)
    assert reading.cycle.answers == ()
    assert reading.cycle.actions == (
        AuditAction(action="Open thing", link="R7", status=ActionStatus.BLOCKED, carried_from=previous.label),
    )
    wb = load_workbook(path, read_only=True)
    assert wb["Assess"]["G2"].value == "Partly in place"
    assert wb["Review"]["G3"].value == "In place"
    assert wb["Assess"]["G3"].value is None
    wb.close()


# -- workbooks that are not ours, damaged or hostile ---------------------------------------------


def test_a_records_workbook_is_not_an_audit_workbook(tmp_path: Path) -> None:
    path = tmp_path / "records.xlsx"
    write_records(iter(()), path, kind="household")
    with pytest.raises(StructureError, match="not a fosterkit audit workbook: it has no 'fosterkit' sheet"):
        read_audit_workbook(path)


def test_renamed_or_deleted_sheets_are_named(tmp_path: Path) -> None:
    path = _blank(tmp_path / "renamed.xlsx")
    wb = load_workbook(path)
    wb["Plan"].title = "Planning"
    del wb["Progress"]
    wb.save(path)
    with pytest.raises(StructureError) as caught:
        read_audit_workbook(path)
    message = str(caught.value)
    assert "missing the sheet(s) 'Plan', 'Progress'" in message
    assert "'Planning'" in message


def test_a_renamed_column_that_is_read_is_one_clear_error(tmp_path: Path) -> None:
    path = _blank(tmp_path / "renamed.xlsx")
    _fill(path, {"Assess": {"F1": "Position"}})
    with pytest.raises(
        StructureError, match=r"Assess!1:1: the 'Assess' sheet has no column headed 'Current position'"
    ):
        read_audit_workbook(path)


def test_a_workbook_for_another_pack_is_refused(tmp_path: Path) -> None:
    path = _blank(tmp_path / "other.xlsx")
    _fill(path, {layout.META: {"B3": "regional-framework"}})
    with pytest.raises(StructureError, match="'regional-framework', which is not built in"):
        read_audit_workbook(path)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "broken.xlsx: the file is empty$"),
        (b"PK\x03\x04 this is not really a zip", "broken.xlsx: a damaged or incomplete workbook"),
        (b"name,date\nSam,2026-01-01\n", "it holds text in columns .a CSV file. under an Excel file name$"),
    ],
)
def test_a_file_that_is_not_a_workbook_is_a_clear_error(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(content)
    with pytest.raises(StructureError, match=expected):
        read_audit_workbook(path)


def test_a_truncated_workbook_is_a_clear_error(tmp_path: Path) -> None:
    path = _blank(tmp_path / "cut.xlsx")
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(StructureError, match=r"cut\.xlsx"):
        read_audit_workbook(path)


def _rewrite_part(path: Path, part: str, change: bytes) -> None:
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info.filename) for info in source.infolist()}
    body = parts[part].split(b"?>", 1)[-1]
    parts[part] = change + body
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def test_an_entity_bomb_is_refused(tmp_path: Path) -> None:
    path = _blank(tmp_path / "bomb.xlsx")
    doctype = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    _rewrite_part(path, "xl/workbook.xml", doctype)
    with pytest.raises(StructureError, match="declares a document type"):
        read_audit_workbook(path)


def test_a_decompression_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    path = _blank(tmp_path / "zipbomb.xlsx")
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/media/padding.bin", "w", force_zip64=True) as part,
    ):
        chunk = bytes(1024 * 1024)
        for _ in range(300):
            part.write(chunk)
    with pytest.raises(StructureError, match="decompression bomb"):
        read_audit_workbook(path)
