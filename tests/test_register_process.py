"""``fosterkit process due | metrics | check`` read a register workbook as they read JSON Lines.

The register is made here from records (no stored file); a value is spoiled in it as a person
might, and each command lists that value first and works from the rest.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]

import fosterkit as fk
from fosterkit.adapters.jsonl import write_jsonl
from fosterkit.adapters.register_files import make_register_file
from fosterkit.cli import main
from fosterkit.records import ApprovalKind, Carer, PlacementType, Service, ServiceKind, StatusChange

D = datetime.date


def _records() -> list[object]:
    """Two households, each with a leaver nobody has yet offered an exit interview."""
    found: list[object] = []
    for key in ("1", "2"):
        found.append(
            fk.Household(
                id=f"H{key}", service=Service(name="Anytown", kind=ServiceKind.LOCAL_AUTHORITY),
                carers=(Carer(id=f"C{key}"),), approved_on=D(2015, 4, 1),
                approval_kind=ApprovalKind.MAINSTREAM, approved_for=(PlacementType.LONG_TERM,),
                caring_now=False,
                history=(StatusChange(status=fk.HouseholdStatus.APPROVED, since=D(2015, 4, 1)),),
            )
        )  # fmt: skip
        found.append(
            fk.Departure(
                id=f"D{key}", household_id=f"H{key}", notice_on=D(2026, 1, 5),
                initiated_by=fk.Initiator.CARER, route=fk.LeavingRoute.RESIGNATION,
            )
        )  # fmt: skip
    return found


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    jsonl, book = tmp_path / "records.jsonl", tmp_path / "register.xlsx"
    write_jsonl(_records(), jsonl)
    make_register_file(book, service="Anytown", records=_records())
    return jsonl, book


@pytest.mark.parametrize(
    "command",
    [
        ("due", "--today", "2026-03-01"),
        ("metrics", "--from", "2026-01-01"),
        ("check", "--today", "2026-03-01"),
        ("due", "--today", "2026-03-01", "--json"),
    ],
)
def test_a_register_gives_what_its_records_give(
    files: tuple[Path, Path], command: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    jsonl, book = files
    action, *options = command
    from_jsonl = _run(capsys, "process", action, str(jsonl), *options)
    assert _run(capsys, "process", action, str(book), *options) == from_jsonl


def test_a_value_not_read_is_listed_first_and_the_rest_is_used(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, book = files
    wb = load_workbook(book)
    ws = wb["Leavers"]
    column = next(c.column_letter for c in ws[1] if c.value == "Notice on")
    ws[f"{column}3"] = "#DIV/0!"  # the second leaver's notice date
    wb.save(book)
    code, out, _ = _run(capsys, "process", "due", str(book), "--today", "2026-03-01")
    lines = out.splitlines()
    assert code == 0
    assert lines[0].startswith(f"not read: Leavers!{column}3")
    assert "'#DIV/0!'" in lines[0]
    assert any(line.startswith("D1 ") for line in lines)
    assert not any(line.startswith("D2 ") for line in lines)


def test_check_exits_1_when_a_register_value_is_not_read(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, book = files
    make_register_file(book, service="Anytown", records=_records()[:1], force=True)  # nothing due
    assert _run(capsys, "process", "check", str(book), "--today", "2026-01-06")[0] == 0
    wb = load_workbook(book)
    wb["Households"]["E2"] = "=TODAY()"
    wb.save(book)
    code, out, _ = _run(capsys, "process", "check", str(book), "--today", "2026-01-06")
    assert code == 1
    assert out.startswith("not read: Households!E2")


def test_json_output_stays_json_and_problems_go_to_stderr(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, book = files
    wb = load_workbook(book)
    wb["Leavers"]["C3"] = "soon"
    wb.save(book)
    code, out, err = _run(capsys, "process", "due", str(book), "--today", "2026-03-01", "--json")
    assert code == 0
    assert [item["subject"] for item in json.loads(out)] == ["D1", "D1"]
    assert err.startswith("not read: Leavers!C3")
