"""``fosterkit report --for AUDIENCE``: the workbook holds the sheets its reader gets, and no others."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import attrs
import openpyxl  # type: ignore[import-untyped, unused-ignore]
import pytest

from fosterkit import load_catalogue, load_taxonomy
from fosterkit.adapters.report_texts import load_audience_wording
from fosterkit.analysis import Audience, PublishedChange, parse_period
from fosterkit.analysis.publication import publish_tables
from fosterkit.analysis.report import Report, build_report
from fosterkit.cli import main
from fosterkit_excel.report_writer import (
    ABOUT,
    COMPARED,
    PRIORITIES,
    SHEETS,
    YOU_SAID,
    write_report_workbook,
)

RECORDS = Path(__file__).resolve().parents[3] / "docs" / "examples" / "records.jsonl"
COST = (
    'recruit_and_approve = 5000\nrecruit_and_approve_source = "illustration"\n'
    'weeks_to_replace = 26\nweeks_to_replace_source = "illustration"\n'
)


def texts(book: Any) -> list[str]:
    return [str(c.value) for ws in book for row in ws.iter_rows() for c in row if c.value is not None]


def about(book: Any) -> dict[str, str]:
    ws = book[ABOUT]
    return {
        str(ws.cell(row=r, column=1).value): ws.cell(row=r, column=2).value for r in range(1, ws.max_row + 1)
    }


def write(tmp_path: Path, *extra: str, name: str = "report.xlsx") -> Any:
    cost = tmp_path / "cost.toml"
    cost.write_text(COST, encoding="utf-8")
    out = tmp_path / name
    argv = ["report", str(RECORDS), "--out", str(out), "--no-log", "--cost", str(cost), *extra]
    assert main([*argv, "--special-category", "age_band,ethnicity"]) == 0
    return openpyxl.load_workbook(out)


@pytest.fixture(scope="module")
def management(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return write(tmp_path_factory.mktemp("m"), "--period", "2026-27 H1")


@pytest.fixture(scope="module")
def association(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return write(tmp_path_factory.mktemp("a"), "--period", "2026-27 H1", "--for", "carers-association")


def test_a_carers_association_gets_no_breakdown_equality_cost_or_priorities(
    management: Any, association: Any
) -> None:
    assert association.sheetnames == [
        "Start here",
        "Figures",
        "Leavers",
        "Themes",
        "Compared",
        "You said, we did",
        "Conversations",
    ]
    shown = "\n".join(texts(association))
    for ws in management:  # every title of a breakdown, equality, trend or process table is left out
        for row in ws.iter_rows():
            for cell in row:
                value = str(cell.value or "")
                if value.startswith(("Departures by leaving route", "Carers in leaving households by")):
                    assert value not in shown
    for words in (
        "by leaving route",
        "Carers in leaving households",
        "Cost of turnover",
        "Priorities",
        "period by period",
        "by where the reason was raised",
        "exit interview offered",
        "Departures offered an exit interview",
    ):
        assert words.lower() not in shown.lower(), words
    assert "Departures by theme of the main reason" in shown
    described = about(association)
    assert described["For"] == "A foster carers' association"
    assert "nothing about any one carer" in described["About this report"]
    assert described["Service"] == "Anytown Fostering"  # from the records: no --service given
    ws = association[ABOUT]
    guide = [ws.cell(row=r, column=1).value for r in range(1, ws.max_row + 1)]
    for name in association.sheetnames[1:]:
        assert name in guide
    assert "Cost" not in guide
    assert "Priorities" not in guide
    assert "Trend" not in guide


def test_the_panel_gets_priorities_and_process_but_not_cost(tmp_path: Path) -> None:
    book = write(tmp_path, "--period", "2026-27 H1", "--for", "panel", "--service", "Anytown")
    assert "Cost" not in book.sheetnames
    assert "Trend" not in book.sheetnames
    assert {"Priorities", "Process", "Compared", "Themes"} <= set(book.sheetnames)
    assert about(book)["For"] == "The fostering panel"
    shown = "\n".join(texts(book))
    assert "by leaving route" not in shown
    assert "Carers in leaving households" not in shown
    assert "Departures offered an exit interview" in shown


def test_management_gets_every_sheet(management: Any) -> None:
    assert management.sheetnames == list(SHEETS)
    assert about(management)["For"] == "The service's managers"


def test_a_named_half_year_reports_as_its_dates(tmp_path: Path) -> None:
    by_name = write(tmp_path, "--period", "2025-26 H1", "--for", "carers-association", name="a.xlsx")
    by_dates = write(
        tmp_path, "--period", "2025-04-01..2025-09-30", "--for", "carers-association", name="b.xlsx"
    )
    assert texts(by_name) == texts(by_dates)


def test_the_compared_sheet_shows_c_and_no_change_where_either_side_is_suppressed(management: Any) -> None:
    ws = management[COMPARED]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_col=1, max_col=4)]
    header = next(i for i, row in enumerate(rows) if row[0] == "Count")
    assert rows[header][1:3] == [
        "2025-26 H2 (1 Oct 2025 to 31 Mar 2026)",
        "2026-27 H1 (1 Apr 2026 to 30 Sep 2026)",
    ]
    lines = [row for row in rows[header + 1 :] if row[0] and row[1] is not None]
    assert any(row[1] == "[c]" or row[2] == "[c]" for row in lines)
    for _label, before, now, change in lines:
        if "[c]" in (before, now):
            assert change == "\u2013"  # an en dash
        else:
            assert change == now - before


def test_you_said_we_did_lists_what_the_service_did(tmp_path: Path) -> None:
    period = parse_period("2026-27 H1")
    report = build_report(
        [],
        taxonomy=load_taxonomy(),
        catalogue=load_catalogue(),
        period=period,
        service="Anytown Fostering",
        made_on=datetime.date(2026, 11, 2),
        audience=Audience.CARERS_ASSOCIATION,
        wording=load_audience_wording()[Audience.CARERS_ASSOCIATION],
    )
    change = PublishedChange(
        theme="finance",
        theme_label="Money and work",
        outcome="already_changed",
        outcome_label="Changed",
        summary="=Fees are now paid on the first working day of each month; an officer answers queries.",
    )
    report = attrs.evolve(report, publication=attrs.evolve(report.publication, changes=(change,)))
    path = tmp_path / "report.xlsx"
    write_report_workbook(report, path)
    ws = openpyxl.load_workbook(path)[YOU_SAID]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_col=1, max_col=3)]
    header = rows.index(["Theme", "What became of it", "What the service did"])
    assert rows[header + 1][:2] == ["Money and work", "Changed"]
    assert (
        rows[header + 1][2]
        == "'=Fees are now paid on the first working day of each month; an officer answers queries."
    )
    assert ws.cell(row=header + 2, column=3).data_type != "f"


def test_a_report_without_its_sections_leaves_their_sheets_out(tmp_path: Path) -> None:
    report: Report = build_report(
        [],
        taxonomy=load_taxonomy(),
        catalogue=load_catalogue(),
        period=parse_period("2026-27"),
        service="S",
        made_on=datetime.date(2027, 5, 1),
    )
    bare = attrs.evolve(
        report,
        sections=("summary",),
        comparison=None,
        publication=attrs.evolve(
            publish_tables([], taxonomy=load_taxonomy(), period=parse_period("2026-27")),
            tables=(report.publication.table("summary"),),
            figures=(),
        ),
    )
    path = tmp_path / "bare.xlsx"
    write_report_workbook(bare, path)
    assert openpyxl.load_workbook(path).sheetnames == [ABOUT, "Leavers"]
    assert PRIORITIES not in openpyxl.load_workbook(path).sheetnames
