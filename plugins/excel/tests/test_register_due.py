"""The register's *Due now* sheet: today's work, overdue first, worked out from the records, not read back."""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]

from fosterkit import Departure, Household, Initiator, LeavingRoute
from fosterkit.adapters.jsonl import write_jsonl
from fosterkit.adapters.practice_records import due_now, gather
from fosterkit.adapters.register_files import make_register_file, read_register_file
from fosterkit.cli.register import add_commands
from fosterkit.records import (
    ApprovalKind,
    Carer,
    ConsideringLeaving,
    ConversationOutcome,
    HeldBy,
    HouseholdStatus,
    PlacementType,
    Service,
    ServiceKind,
    StatusChange,
)

D = datetime.date
TODAY = D(2026, 6, 1)


def _home(key: str, approved: datetime.date) -> Household:
    return Household(
        id=key,
        service=Service(name="Anytown", kind=ServiceKind.LOCAL_AUTHORITY),
        carers=(Carer(id=f"C-{key}"),),
        approved_on=approved,
        approval_kind=ApprovalKind.MAINSTREAM,
        approved_for=(PlacementType.SHORT_TERM,),
        caring_now=True,
        history=(StatusChange(status=HouseholdStatus.APPROVED, since=approved),),
    )


def _practice() -> list[object]:
    """A leaver nobody has offered an interview (overdue), an undecided carer, a new household."""
    leaver = Departure(
        id="D1", household_id="H1", notice_on=D(2026, 3, 2), initiated_by=Initiator.CARER,
        route=LeavingRoute.RESIGNATION,
    )  # fmt: skip
    talk = ConsideringLeaving(
        id="T1", household_id="H2", held_on=D(2026, 5, 20), held_by="tm1",
        held_by_role=HeldBy.LINE_MANAGEMENT, outcome=ConversationOutcome.UNDECIDED,
        follow_up_on=D(2026, 6, 1),
    )  # fmt: skip
    return [_home("H1", D(2012, 5, 1)), _home("H2", D(2025, 12, 1)), leaver, talk]


def _rows(path: Path, sheet: str) -> list[tuple[Any, ...]]:
    ws = load_workbook(path)[sheet]
    return [tuple(c.value for c in row) for row in ws.iter_rows()]


@pytest.fixture
def register(tmp_path: Path) -> Path:
    path = tmp_path / "register.xlsx"
    make_register_file(path, service="Anytown", records=_practice(), today=TODAY)
    return path


def test_due_now_comes_after_the_guidance_and_the_file_opens_on_it(register: Path) -> None:
    wb = load_workbook(register)
    assert wb.sheetnames[:3] == ["Start here", "Due now", "Households"]
    assert wb.active.title == "Due now"
    assert wb["Due now"].protection.sheet


def test_due_now_lists_every_item_due_overdue_first(register: Path) -> None:
    items = due_now(gather(_practice()), TODAY)
    assert [i.overdue for i in items] == [True, True, False]
    rows = _rows(register, "Due now")
    assert "On 1 June 2026" in rows[1][0]
    assert rows[3] == ("State", "Due on", "What", "For", "Household", "About", "Why")
    listed = rows[4:]
    assert [(r[0], r[1].date(), r[3], r[6]) for r in listed] == [
        ("Overdue" if i.overdue else "Due", i.due_on, i.subject, i.why) for i in items
    ]
    states = [r[0] for r in listed]
    assert states == sorted(states, key=lambda s: s != "Overdue")
    assert ("Follow up", "H2") in {(r[2], r[3]) for r in listed}


def test_reading_back_passes_over_due_now(register: Path) -> None:
    wb = load_workbook(register)
    wb["Due now"]["D5"] = "=1/0"  # even a formula typed into it is not read
    wb.save(register)
    result = read_register_file(register)
    assert result.reading.problems == ()
    assert sorted(result.reading.records, key=repr) == sorted(_practice(), key=repr)


def test_a_register_made_without_a_day_has_no_due_now(tmp_path: Path) -> None:
    path = tmp_path / "register.xlsx"
    make_register_file(path, service="Anytown", records=_practice())
    assert "Due now" not in load_workbook(path).sheetnames


def test_nothing_due_is_said_so(tmp_path: Path) -> None:
    path = tmp_path / "register.xlsx"
    make_register_file(path, service="Anytown", records=[_home("H1", D(2012, 5, 1))], today=TODAY)
    assert "Nothing is due" in _rows(path, "Due now")[1][0]


def test_register_new_from_records_writes_due_now_for_the_day_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    parser = argparse.ArgumentParser()
    add_commands(parser.add_subparsers())
    source, book = tmp_path / "in.jsonl", tmp_path / "register.xlsx"
    write_jsonl(_practice(), source)
    command = ["register", "new", str(book), "--service", "Anytown", "--from", str(source)]
    args = parser.parse_args([*command, "--today", "2026-06-01"])
    assert args.run(args) == 0
    assert "'Due now' sheet lists what is due or overdue on 1 Jun 2026" in capsys.readouterr().out
    assert _rows(book, "Due now")[4:] == _rows(tmp_path / "register.xlsx", "Due now")[4:]
    assert len(_rows(book, "Due now")) == 4 + len(due_now(gather(_practice()), TODAY))


def test_a_blank_stage_two_window_is_opened_by_the_held_stage_one(tmp_path: Path) -> None:
    """A team that records stage 1 as held but leaves the window blank still sees stage 2 fall due."""
    from fosterkit import ExitProcess, read_jsonl
    from fosterkit.adapters.register_files import read_register_file
    from fosterkit.cli import main

    walkthrough = Path(__file__).resolve().parents[3] / "docs" / "examples" / "register-walkthrough.jsonl"
    made = tmp_path / "made.xlsx"
    assert (
        main(["register", "new", str(made), "--service", "Anytown Fostering", "--from", str(walkthrough)])
        == 0
    )
    book = load_workbook(made)
    sheet = book["Exit processes"]
    headers = [cell.value for cell in sheet[1]]
    for name in ("Stage 1 held on", "Stage 2 window opens", "Stage 2 window closes"):
        for row in range(2, sheet.max_row + 1):
            sheet.cell(row, headers.index(name) + 1).value = None
    blanked = tmp_path / "blanked.xlsx"
    book.save(blanked)
    [read] = [r for r in read_register_file(blanked).reading.records if isinstance(r, ExitProcess)]
    [kept] = [r for r in read_jsonl(walkthrough) if isinstance(r, ExitProcess)]
    assert read.stage_two_window == kept.stage_two_window
