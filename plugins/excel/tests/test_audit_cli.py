"""``fosterkit audit-workbook`` and ``fosterkit audit-read`` with the Excel plugin installed."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]

import fosterkit
from fosterkit.cli import main
from fosterkit_excel import audit_layout as layout

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = ROOT / "docs" / "examples" / "records.jsonl"


def test_the_main_job_writes_a_workbook_that_reads_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "audit.xlsx"
    assert main(["audit-workbook", str(out), "--service", "Anytown Fostering", "--start", "2026-10-01"]) == 0
    said = capsys.readouterr().out
    assert f"Wrote {out}" in said
    assert "cycle 1 Oct 2026 to 31 Mar 2027" in said
    assert main(["audit-read", str(out)]) == 0
    assert "Anytown Fostering: cycle 1 Oct 2026 to 31 Mar 2027" in capsys.readouterr().out


def test_records_add_the_insights_sheet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "audit.xlsx"
    code = main(
        ["audit-workbook", str(out), "--records", str(SAMPLE), "--start", "2026-11-23", "--threshold", "3"]
    )
    assert code == 0
    assert (
        "Exit interview insights for 1 Apr 2026 to 30 Sep 2026 (counts 1-3 suppressed)"
        in capsys.readouterr().out
    )
    wb = load_workbook(out, read_only=True)
    assert layout.INSIGHTS in wb.sheetnames
    wb.close()


def test_a_period_can_be_chosen(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "audit.xlsx"
    assert (
        main(["audit-workbook", str(out), "--records", str(SAMPLE), "--period", "2025-04-01..2026-03-31"])
        == 0
    )
    assert "insights for 1 Apr 2025 to 31 Mar 2026" in capsys.readouterr().out


def test_from_last_cycle_carries_actions_and_warns_about_bad_cells(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    last = tmp_path / "last.xlsx"
    fosterkit.generate_audit_workbook(
        last, service="Anytown Fostering", today=datetime.date(2026, 4, 1), end=datetime.date(2026, 9, 30)
    )
    wb = load_workbook(last)
    wb["Assess"]["F2"] = "in place"
    wb["Assess"]["F3"] = "sort of"
    wb["Action plan"]["A2"] = "Open a carers' café"
    wb["Action plan"]["F2"] = "blocked"
    wb.save(last)
    assert main(["audit-read", str(last)]) == 1
    assert "problem: Assess!F3: 'sort of' is not a position" in capsys.readouterr().out
    out = tmp_path / "next.xlsx"
    assert main(["audit-workbook", str(out), "--from", str(last)]) == 0
    captured = capsys.readouterr()
    assert "warning" in captured.err
    assert "Assess!F3" in captured.err
    assert "cycle 1 Oct 2026 to 31 Mar 2027" in captured.out
    assert "Carried 1 open action and 1 position from 1 Apr 2026 to 30 Sep 2026." in captured.out
    reading = fosterkit.read_audit_workbook(out)
    assert reading.cycle.service == "Anytown Fostering"
    assert [a.action for a in reading.cycle.actions] == ["Open a carers' café"]


def test_audit_read_json_lists_problems_with_cells(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "audit.xlsx"
    fosterkit.generate_audit_workbook(path, service="Anytown", today=datetime.date(2026, 11, 23))
    wb = load_workbook(path)
    wb["Plan"]["K2"] = "next week"
    wb.save(path)
    assert main(["audit-read", str(path), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["problems"][0]["where"] == "Plan!K2"
    assert data["problems"][0]["value"] == "next week"
    assert data["cycle"]["service"] == "Anytown"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["audit-workbook", "{tmp}/audit.ods"], "cannot write or read an audit workbook as .ods"),
        (["audit-workbook", "{tmp}/missing/audit.xlsx"], "cannot write in"),
        (["audit-read", "{tmp}/nothing.xlsx"], "no such file"),
        (["audit-workbook", "{tmp}/a.xlsx", "--threshold", "2", "--records", str(SAMPLE)], "threshold"),
    ],
)
def test_bad_requests_are_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main([a.replace("{tmp}", str(tmp_path)) for a in args]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_a_failed_write_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "audit.xlsx"
    out.write_bytes(b"the old workbook")

    def broken(*_args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr("fosterkit_excel.audit_writer.write_audit_workbook", broken)
    monkeypatch.setattr("fosterkit_excel.plugin.write_audit_workbook", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        fosterkit.generate_audit_workbook(out, service="A", today=datetime.date(2026, 1, 1))
    assert out.read_bytes() == b"the old workbook"
    assert [p.name for p in tmp_path.iterdir()] == ["audit.xlsx"]
