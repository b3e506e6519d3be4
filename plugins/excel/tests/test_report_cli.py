"""``fosterkit report`` end to end through the Excel plugin: the workbook, the cost, a failed write."""

from __future__ import annotations

from pathlib import Path

import openpyxl  # type: ignore[import-untyped, unused-ignore]
import pytest

import fosterkit_excel.plugin
from fosterkit.cli import main
from fosterkit.plugins import make_plugin_manager, report_formats
from fosterkit_excel.report_writer import SHEETS

RECORDS = Path(__file__).resolve().parents[3] / "docs" / "examples" / "records.jsonl"
PERIOD = "2025-04-01..2025-09-30"


def test_report_writes_the_workbook_with_cost(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cost = tmp_path / "cost.toml"
    cost.write_text(
        'recruit_and_approve = 5000\nrecruit_and_approve_source = "illustration"\n'
        'weeks_to_replace = 26\nweeks_to_replace_source = "illustration"\n',
        encoding="utf-8",
    )
    out = tmp_path / "report.xlsx"
    argv = ["report", str(RECORDS), "--out", str(out), "--period", PERIOD, "--service", "Anytown Fostering"]
    assert main([*argv, "--cost", str(cost), "--breakdowns", "none"]) == 0
    printed = capsys.readouterr().out
    assert f"Wrote {out}: the retention report for Anytown Fostering" in printed
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == list(SHEETS)  # every sheet, in order (listed in test_report_workbook)
    cost_text = [str(c.value) for row in book["Cost"].iter_rows() for c in row if c.value is not None]
    assert "Cost: Estimated cost of turnover: £227,766" in printed
    assert any("227,766" in text for text in cost_text)


def test_report_without_cost_says_why(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.xlsx"
    assert main(["report", str(RECORDS), "--out", str(out), "--period", PERIOD]) == 0
    assert "Cost: No cost assumptions were given" in capsys.readouterr().out


def test_the_excel_plugin_offers_the_report_format() -> None:
    assert ".xlsx" in report_formats(make_plugin_manager())[0]["excel"].suffixes


def test_a_failed_report_write_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.xlsx"
    out.write_bytes(b"last half-year's report")

    def broken(report: object, path: Path) -> None:
        path.write_bytes(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fosterkit_excel.plugin, "write_report_workbook", broken)
    assert main(["report", str(RECORDS), "--out", str(out), "--period", PERIOD, "--force"]) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert out.read_bytes() == b"last half-year's report"
    assert not list(tmp_path.glob(".report.xlsx.*"))
