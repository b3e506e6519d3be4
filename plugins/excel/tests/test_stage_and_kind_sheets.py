"""Issue 19, must-haves 4 and 6, as users see them: reasons by stage, mainstream apart from connected persons.

The report workbook puts the table of households and departures by approval kind on *Leavers*,
the table of themes by where each reason was raised on *Themes*, and says on *About* which
figures cover which households; the audit workbook's insights sheet shows the themes by stage.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import attrs
import openpyxl  # type: ignore[import-untyped, unused-ignore]
import pytest

from fosterkit import (
    Carer,
    DataCollectionRecord,
    Departure,
    Household,
    HouseholdStatus,
    Initiator,
    InterviewStage,
    LeavingRoute,
    load_catalogue,
    load_taxonomy,
)
from fosterkit.analysis.insights import SUPPRESSED, StageCount
from fosterkit.analysis.periods import Period
from fosterkit.analysis.report import Report, build_report
from fosterkit.plugins import AuditCycle, AuditWorkbook, Insights
from fosterkit.records import ApprovalKind, PlacementType, Service, ServiceKind, StatusChange
from fosterkit_excel import audit_layout as layout
from fosterkit_excel.audit_writer import write_audit_workbook
from fosterkit_excel.report_writer import ABOUT, FIGURES, LEAVERS, THEMES, write_report_workbook

D = datetime.date
PERIOD = Period(D(2026, 4, 1), D(2026, 9, 30))
S1, S2 = InterviewStage.EXIT_STAGE_1, InterviewStage.EXIT_STAGE_2
WORKER = "support.supervising_social_worker"
FEES = "finance.fees_allowances"
RETIREMENT = "personal.retirement"


def home(id: str, kind: ApprovalKind) -> Household:
    return Household(
        id=id,
        service=Service(name="Anytown Fostering", kind=ServiceKind.LOCAL_AUTHORITY),
        carers=(Carer(id=f"{id}-C1"),),
        approved_on=D(2015, 1, 5),
        approval_kind=kind,
        approved_for=(PlacementType.SHORT_TERM,),
        caring_now=False,
        history=(StatusChange(status=HouseholdStatus.APPROVED, since=D(2015, 1, 5)),),
    )


def leave(id: str, household_id: str, *reasons: str) -> Departure:
    return Departure(
        id=id,
        household_id=household_id,
        notice_on=D(2026, 6, 1),
        initiated_by=Initiator.CARER,
        route=LeavingRoute.RESIGNATION,
        stated_reasons=reasons,
    )


def said(id: str, stage: InterviewStage, reason: str) -> DataCollectionRecord:
    return DataCollectionRecord(
        id=f"DCR-{id}-{stage.value}",
        departure_id=id,
        stage=stage,
        interviewed_on=D(2026, 7, 1) if stage is S1 else D(2026, 8, 1),
        primary_reason=reason,
        consent_to_anonymised_use=True,
    )


def records(connected_leavers: int = 8) -> list[object]:
    """60 mainstream and 25 connected-person households; 14 mainstream leavers who complained of
    their social worker at stage 1, 7 of whom gave retirement at stage 2; connected persons who
    left stating fees only."""
    found: list[object] = [home(f"M{n}", ApprovalKind.MAINSTREAM) for n in range(60)]
    found += [home(f"C{n}", ApprovalKind.CONNECTED_PERSON) for n in range(25)]
    for n in range(14):
        found += [leave(f"DM{n}", f"M{n}", FEES), said(f"DM{n}", S1, WORKER)]
        if n < 7:
            found.append(said(f"DM{n}", S2, RETIREMENT))
    found += [leave(f"DC{n}", f"C{n}", FEES) for n in range(connected_leavers)]
    return found


def report_of(found: list[object]) -> Report:
    return build_report(
        found,
        taxonomy=load_taxonomy(),
        catalogue=load_catalogue(),
        period=PERIOD,
        service="Anytown Fostering",
        made_on=D(2026, 11, 2),
    )


@pytest.fixture(scope="module")
def report() -> Report:
    return report_of(records())


@pytest.fixture(scope="module")
def workbook(report: Report, tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = tmp_path_factory.mktemp("report") / "report.xlsx"
    write_report_workbook(report, path)
    return openpyxl.load_workbook(path)


def column_a(ws: Any) -> list[object]:
    return [ws.cell(row=row, column=1).value for row in range(1, ws.max_row + 1)]


def rows_after(ws: Any, title: str, count: int) -> list[tuple[object, ...]]:
    """The ``count`` rows after the header row of the block titled ``title``."""
    first = column_a(ws).index(title) + 3
    return [tuple(c.value for c in row) for row in ws.iter_rows(min_row=first, max_row=first + count - 1)]


def test_the_leavers_sheet_splits_households_and_departures_by_approval_kind(
    workbook: Any, report: Report
) -> None:
    ws = workbook[LEAVERS]
    titles = [t.title for t in report.publication.tables]
    summary, kinds = (report.publication.table(n) for n in ("summary", "households_by_approval_kind"))
    assert kinds.title in titles
    a = column_a(ws)
    assert a.index(summary.title) < a.index(kinds.title) < a.index(report.publication.table("route").title)
    header = a.index(kinds.title) + 2
    assert [ws.cell(row=header, column=c).value for c in range(1, 5)] == [
        "Approval kind",
        "Households at the start",
        "Households approved",
        "Departures",
    ]
    assert rows_after(ws, kinds.title, 3) == [
        ("Mainstream households", 60, 0, 14),
        ("Connected persons (family and friends)", 25, 0, 8),
        ("Total", 85, 0, 22),
    ]


def test_the_themes_sheet_ends_with_the_themes_by_where_raised(workbook: Any, report: Report) -> None:
    ws = workbook[THEMES]
    table = report.publication.table("any_theme_by_stage")
    a = column_a(ws)
    assert table.title in a
    header = a.index(table.title) + 2
    assert [ws.cell(row=header, column=c).value for c in range(2, 5)] == [
        "At the stage 1 interview",
        "At the stage 2 interview",
        "Only on the departure record",
    ]
    by_theme = {row[0]: row[1:4] for row in rows_after(ws, table.title, len(table.rows))}
    assert by_theme["Support from the service"] == (14, 0, 0)
    assert by_theme["Personal circumstances"] == (0, 7, 0)
    assert by_theme["Money and work"] == (
        0,
        0,
        8,
    )  # the connected persons stated fees; nobody was interviewed
    assert "Total" not in by_theme
    assert max(t.title and a.index(t.title) for t in report.publication.tables if t.title in a) == a.index(
        table.title
    )


def test_the_figures_say_which_households_each_covers(workbook: Any, report: Report) -> None:
    ws = workbook[FIGURES]
    values = {row[0].value: row[1].value for row in ws.iter_rows(min_row=4, max_col=2) if row[0].value}
    figure = report.publication.figure
    assert values[figure("mainstream_leaving_rate").label] == round(100 * 14 / 60, 1)
    assert values[figure("connected_person_leaving_rate").label] == round(100 * 8 / 25, 1)
    national = figure("national_mainstream_leaving_rate")
    assert values[national.label] == 14.0
    assert "Ofsted" in national.label
    labels = list(values)
    assert labels.index(national.label) == labels.index(figure("mainstream_leaving_rate_a_year").label) + 1
    assert "not comparable with the national" in figure("leaving_rate").label


def test_a_suppressed_kind_shows_its_rate_as_suppressed(tmp_path: Path) -> None:
    report = report_of(records(connected_leavers=2))
    path = tmp_path / "report.xlsx"
    write_report_workbook(report, path)
    ws = openpyxl.load_workbook(path)[FIGURES]
    values = {row[0].value: row[1].value for row in ws.iter_rows(min_row=4, max_col=2) if row[0].value}
    assert values[report.publication.figure("connected_person_leaving_rate").label] == "[c]"
    assert values[report.publication.figure("mainstream_leaving_rate").label] == "[c]"  # 16 - 2 would give it


def test_the_about_sheet_says_which_figures_are_mainstream_connected_or_all(workbook: Any) -> None:
    ws = workbook[ABOUT]
    guide = {
        row[0].value: row[1].value for row in ws.iter_rows(max_col=2) if row[0].value in (FIGURES, LEAVERS)
    }
    assert "Mainstream households only" in guide[FIGURES]
    assert "Connected persons (family and friends) only" in guide[FIGURES]
    assert "All households, mainstream and connected persons together" in guide[FIGURES]
    assert "split between mainstream households and connected persons" in guide[LEAVERS]


def test_notes_wrap_within_the_tables_so_the_sheets_print_at_a_readable_size(
    workbook: Any, report: Report
) -> None:
    notes = {note for table in report.publication.tables for note in table.notes}
    for name in (LEAVERS, THEMES):
        ws = workbook[name]
        merged = {(r.min_row, r.min_col): r for r in ws.merged_cells.ranges}
        written = [cell for row in ws.iter_rows(max_col=1) for cell in row if cell.value in notes]
        assert written
        for cell in written:
            assert cell.alignment.wrap_text
            assert merged[(cell.row, 1)].max_col >= 2
            assert ws.row_dimensions[cell.row].height >= 15
    # The sheet of wide theme tables narrows its count columns, so one page's width holds them.
    widths = [workbook[THEMES].column_dimensions[letter].width for letter in "BCDEFGHIJK"]
    assert sum(widths) + workbook[THEMES].column_dimensions["A"].width <= 160


# -- the audit workbook's insights sheet ----------------------------------------------------------


def insights(stages: tuple[StageCount, ...]) -> Insights:
    return Insights(
        start=D(2026, 4, 1),
        end=D(2026, 9, 30),
        threshold=5,
        departures=40,
        interviewed=31,
        themes=(),
        preventable=14,
        preventable_base=28,
        preventable_percent=50.0,
        elements=(),
        stages=stages,
    )


def audit_sheet(path: Path, found: Insights) -> Any:
    catalogue = load_catalogue()
    cycle = AuditCycle(
        service="Northshire fostering",
        start=D(2026, 11, 1),
        end=D(2027, 4, 30),
        pack=catalogue.pack.id,
        pack_version=catalogue.pack.version,
    )
    target = path / "audit.xlsx"
    write_audit_workbook(
        AuditWorkbook(catalogue=catalogue, cycle=cycle, generated_on=D(2026, 10, 20), insights=found), target
    )
    return openpyxl.load_workbook(target)[layout.INSIGHTS]


def test_the_insights_sheet_shows_the_themes_by_stage(tmp_path: Path) -> None:
    stages = (
        StageCount(
            code="support", label="Support from the service", stage_1=12, stage_2=SUPPRESSED, stated=0
        ),
        StageCount(code="personal", label="Personal circumstances", stage_1=0, stage_2=9, stated=SUPPRESSED),
    )
    ws = audit_sheet(tmp_path, insights(stages))
    a = column_a(ws)
    title = a.index("Reasons for leaving, by where they were raised") + 1
    header = [ws.cell(row=title + 1, column=c).value for c in range(1, 5)]
    assert header == ["Theme", "Stage 1 interview", "Stage 2 interview", "Departure record only"]
    rows = [tuple(ws.cell(row=title + r, column=c).value for c in range(1, 5)) for r in (2, 3)]
    assert rows == [("Support from the service", 12, "[c]", 0), ("Personal circumstances", 0, 9, "[c]")]
    suppressed = ws.cell(row=title + 2, column=3)
    assert suppressed.data_type == "s"  # text, as every other suppressed count on the sheet
    assert suppressed.alignment.horizontal == ws.cell(row=title + 2, column=2).alignment.horizontal == "left"
    note = ws.cell(row=title + 4, column=1).value
    assert note.startswith("A reason raised at both interview stages counts in both columns.")


def test_without_stages_the_insights_sheet_has_no_stage_table(tmp_path: Path) -> None:
    ws = audit_sheet(tmp_path, attrs.evolve(insights(()), stages=()))
    assert "Reasons for leaving, by where they were raised" not in column_a(ws)
