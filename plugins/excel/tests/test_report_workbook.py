"""The retention report workbook as written: sheets, tables, charts, priorities and cost."""

from __future__ import annotations

import datetime
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs
import openpyxl  # type: ignore[import-untyped, unused-ignore]
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
from fosterkit.analysis.cost import CostAssumptions, format_pounds
from fosterkit.analysis.insights import SUPPRESSED, shown
from fosterkit.analysis.periods import Period
from fosterkit.analysis.publication import PublishedTable
from fosterkit.analysis.report import Report, build_report
from fosterkit.analysis.themes import Breakdown
from fosterkit.framework import Catalogue
from fosterkit.interviews import Answer
from fosterkit.plugins import FORMULA_STARTS, make_plugin_manager, report_formats, restore
from fosterkit.records import (
    AgeBand,
    ApprovalKind,
    Equality,
    PlacementType,
    Service,
    ServiceKind,
    StatusChange,
)
from fosterkit.testing.strategies import texts
from fosterkit_excel.report_charts import BAR_NOTE, LINE_NOTE, bar_order, period_name
from fosterkit_excel.report_tables import collapsed_text
from fosterkit_excel.report_writer import (
    ABOUT,
    CONVERSATIONS,
    COST,
    LEAVERS,
    PRIORITIES,
    PROCESS,
    SHEETS,
    THEME_CHART_TITLE,
    THEMES,
    TREND,
    TREND_CHART_TITLE,
    YOU_SAID,
    write_report_workbook,
)
from fosterkit_excel.xstring import unescape

D = datetime.date
PERIOD = Period(D(2026, 4, 1), D(2026, 9, 30))
MADE_ON = D(2026, 11, 2)
FEES = "finance.fees_allowances"
BURNOUT = "wellbeing.burnout"
INJECTION = "=HYPERLINK(1)"
TAXONOMY = load_taxonomy()
LEAVER_TABLES = (
    "summary",
    "households_by_approval_kind",
    "route",
    "initiated",
    "destination",
    "tenure",
    "preventable",
    "national_category",
)
ASSUMPTIONS = CostAssumptions(recruit_and_approve=12_000, weeks_to_replace=10)


# -- small record builders -----------------------------------------------------------------------


def home(id: str, approved_on: datetime.date, *, carers: Iterable[Equality | None] = (None,)) -> Household:
    return Household(
        id=id,
        service=Service(name="Anytown Fostering", kind=ServiceKind.LOCAL_AUTHORITY),
        carers=tuple(Carer(id=f"{id}-C{n}", equality=e) for n, e in enumerate(carers, start=1)),
        approved_on=approved_on,
        approval_kind=ApprovalKind.MAINSTREAM,
        approved_for=(PlacementType.SHORT_TERM,),
        caring_now=False,
        history=(StatusChange(status=HouseholdStatus.APPROVED, since=approved_on),),
    )


def leave(
    id: str, notice_on: datetime.date, *reasons: str, route: LeavingRoute = LeavingRoute.RESIGNATION
) -> Departure:
    return Departure(
        id=id,
        household_id=f"HH-{id}",
        notice_on=notice_on,
        initiated_by=Initiator.SERVICE if route.ended_by_service else Initiator.CARER,
        route=route,
        stated_reasons=reasons,
    )


def said(departure_id: str, primary: str, preventable: Answer | None = None) -> DataCollectionRecord:
    return DataCollectionRecord(
        id=f"DCR-{departure_id}",
        departure_id=departure_id,
        stage=InterviewStage.EXIT_STAGE_1,
        interviewed_on=D(2026, 10, 5),
        primary_reason=primary,
        preventable=preventable,
        consent_to_anonymised_use=True,
    )


def scenario() -> list[object]:
    """Thirty households at the start, of which ten leave: eight over fees, two retiring.

    Each of the eight has a carer whose recorded ethnicity looks like a formula.
    """
    records: list[object] = [home(f"STOCK{n}", D(2015, 1, 5)) for n in range(20)]
    carer = Equality(ethnicity=INJECTION, age_band=AgeBand.FROM_45_TO_54)
    for n in range(1, 9):
        records += [
            home(f"HH-F{n}", D(2020, 1, 1), carers=(carer,)),
            leave(f"F{n}", D(2026, 5, 1), FEES),
            said(f"F{n}", FEES, Answer.NO),
        ]
    for n in range(1, 3):
        records += [
            home(f"HH-R{n}", D(2010, 1, 1)),
            leave(f"R{n}", D(2026, 6, 1), BURNOUT, route=LeavingRoute.RETIREMENT),
        ]
    return records


def report_of(records: Iterable[object], catalogue: Catalogue, **options: Any) -> Report:
    options.setdefault("special_category", ("age_band", "ethnicity"))
    return build_report(
        records,
        taxonomy=TAXONOMY,
        catalogue=catalogue,
        period=PERIOD,
        service="Anytown Fostering",
        made_on=MADE_ON,
        **options,
    )


# -- reading the workbook back -------------------------------------------------------------------


def text(value: object) -> object:
    """A cell's value as it was before it was written (neutralised and escaped text restored)."""
    return restore(unescape(value)) if isinstance(value, str) else value


def cells(ws: Any) -> Iterator[Any]:
    for row in ws.iter_rows():
        yield from (cell for cell in row if cell.value is not None)


def column_a(ws: Any) -> list[object]:
    return [ws.cell(row=row, column=1).value for row in range(1, ws.max_row + 1)]


def block_rows(ws: Any, table: PublishedTable) -> tuple[int, int]:
    """The header row and first row of counts of ``table``'s block, found by its title."""
    title_row = column_a(ws).index(table.title) + 1
    return title_row + 1, title_row + 2


def check_block(ws: Any, table: PublishedTable) -> None:
    """The block of ``table`` holds its headings, labels and counts, suppressed ones as ``[c]``.

    A table with no count above zero is one line instead, naming it and saying why.
    """
    collapsed = collapsed_text(table)
    if collapsed is not None:
        assert collapsed.startswith(f"{table.title}: every count is ")
        assert collapsed in column_a(ws)
        assert not any(isinstance(c, int) and c > 0 for line in table.counts for c in line)
        return
    header, first = block_rows(ws, table)
    assert text(ws.cell(row=header, column=1).value) == table.row_heading
    for column, line in enumerate(table.columns, start=2):
        assert text(ws.cell(row=header, column=column).value) == line.label
    for row, (line, counts) in enumerate(zip(table.rows, table.counts, strict=True), start=first):
        assert text(ws.cell(row=row, column=1).value) == line.label
        for column, count in enumerate(counts, start=2):
            cell = ws.cell(row=row, column=column)
            assert cell.value == shown(count)
            assert cell.alignment.horizontal == "right"
            if count is not SUPPRESSED:
                assert isinstance(cell.value, int)
    for offset, note in enumerate(table.notes):
        assert ws.cell(row=first + len(table.rows) + offset, column=1).value == note


def chart_title(chart: Any) -> str:
    return "".join(run.t for paragraph in chart.title.tx.rich.p for run in paragraph.r or ())


def ref(chart: Any) -> tuple[str, str]:
    """The formulas of a one-series chart's values and categories."""
    series = chart.series[0]
    return series.val.numRef.f, series.cat.strRef.f


def area(sheet: str, first_column: int, first_row: int, last_column: int, last_row: int) -> str:
    letter = openpyxl.utils.get_column_letter
    return f"'{sheet}'!${letter(first_column)}${first_row}:${letter(last_column)}${last_row}"


def referenced(wb: Any, formula: str) -> list[Any]:
    """The cells a chart reference such as ``'Themes'!$B$30:$B$43`` points at, in order."""
    sheet, coordinates = formula.rsplit("!", 1)
    found = wb[sheet.strip("'")][coordinates.replace("$", "")]
    return [cell for line in found for cell in line]


def chart_data(ws: Any, title: str) -> tuple[int, int]:
    """The first and last rows of the chart data titled ``Chart data: <title> (...)``."""
    starts = [str(value).startswith(f"Chart data: {title} (") for value in column_a(ws)]
    assert starts.count(True) == 1
    first = starts.index(True) + 3  # the title, then the header row, then the points
    assert [ws.cell(row=first - 1, column=c).value for c in (1, 2)][1] == "Departures"
    last = first
    while ws.cell(row=last + 1, column=1).value is not None:
        last += 1
    return first, last


def check_points(ws: Any, first: int, points: Sequence[tuple[str, object]]) -> None:
    """From row ``first``, the chart data holds ``points``: a label, then a count or a blank."""
    for row, (label, count) in enumerate(points, start=first):
        assert text(ws.cell(row=row, column=1).value) == label
        cell = ws.cell(row=row, column=2)
        if count is SUPPRESSED:
            assert cell.value is None
        else:
            assert (cell.value, cell.data_type) == (count, "n")
        assert cell.alignment.horizontal == "right"


def check_plotted(wb: Any, chart: Any) -> None:
    """A chart's values are numbers or blanks (never text, drawn as zero, nor ``#N/A``); labels are text."""
    values, labels = ref(chart)
    assert chart.display_blanks == "gap"
    for cell in referenced(wb, values):
        assert cell.value is None or (isinstance(cell.value, int) and cell.data_type == "n")
    assert all(cell.data_type == "s" for cell in referenced(wb, labels))
    assert len(referenced(wb, values)) == len(referenced(wb, labels))


def has_note(ws: Any, note: str) -> bool:
    """Whether ``note`` (about the gaps a chart leaves for suppressed counts) is on ``ws``."""
    return any(cell.value == note for cell in cells(ws))


# -- fixtures ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.fixture(scope="module")
def report(catalogue: Catalogue) -> Report:
    return report_of(scenario(), catalogue, assumptions=ASSUMPTIONS)


@pytest.fixture(scope="module")
def workbook(report: Report, tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = tmp_path_factory.mktemp("report") / "report.xlsx"
    write_report_workbook(report, path)
    return openpyxl.load_workbook(path)


# -- the tests -----------------------------------------------------------------------------------


def test_the_sheets_are_in_order(workbook: Any) -> None:
    assert workbook.sheetnames == list(SHEETS)
    assert SHEETS == (
        "Start here",
        "Figures",
        "Leavers",
        "Themes",
        "Trend",
        "Compared",
        "Process",
        "You said, we did",
        "Conversations",
        "Priorities",
        "Cost",
    )


def test_the_about_sheet_says_what_the_report_covers(workbook: Any, report: Report) -> None:
    ws = workbook[ABOUT]
    values = {
        ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value for r in range(1, ws.max_row + 1)
    }
    assert values["Service"] == "Anytown Fostering"
    assert values["Period"] == report.publication.period_label
    assert values["Made on"] == datetime.datetime(2026, 11, 2)
    assert values["Suppression threshold"] == 5
    assert "from 1 to 5" in values[str(SUPPRESSED)]
    shown_texts = [cell.value for cell in cells(ws)]
    for note in report.publication.notes:
        assert note in shown_texts
    assert report.publication.withheld == ()  # both special-category tables are published here
    assert "None: every table was published." in shown_texts


def test_withheld_tables_are_listed_with_their_reasons(catalogue: Catalogue, tmp_path: Path) -> None:
    report = report_of(scenario(), catalogue, special_category=("age_band", "disability"))
    (withheld,) = report.publication.withheld
    assert withheld.name == "carers_by_disability"
    path = tmp_path / "report.xlsx"
    write_report_workbook(report, path)
    wb = openpyxl.load_workbook(path)
    for sheet in (ABOUT, LEAVERS):
        rows = [(r[0].value, r[1].value) for r in wb[sheet].iter_rows(max_col=2)]
        assert (withheld.title, f"Not published: {withheld.reason}.") in rows


def test_the_figures_sheet_shows_values_and_suppressed_ones(workbook: Any, report: Report) -> None:
    ws = workbook["Figures"]
    rows = {r[0].value: (r[1].value, r[2].value) for r in ws.iter_rows(min_row=4, max_col=3)}
    for figure in report.publication.figures:
        value, unit = rows[figure.label]
        # a figure that cannot be worked out (None) is shown as [c], as a suppressed one is
        assert value == ("[c]" if figure.value is None or figure.value is SUPPRESSED else figure.value)
        assert unit == {"count": "count", "percent": "per cent"}[figure.unit]
    leaving_rate = report.publication.figure("leaving_rate")
    assert leaving_rate.value == pytest.approx(100 * 10 / 30, abs=0.05)
    assert rows[leaving_rate.label][0] == leaving_rate.value


def sheet_of(name: str) -> str:
    """The sheet the table called ``name`` is written on ("" for none)."""
    if name in LEAVER_TABLES or name.startswith("carers_by_"):
        return LEAVERS
    if name in ("main_theme", "any_theme") or name.startswith(("main_theme_by_", "any_theme_by_")):
        return THEMES
    if name in ("main_theme_trend", "any_theme_trend"):
        return TREND
    if name.startswith("exit_interview_") or name == "urgent_escalations":
        return PROCESS
    return {"you_said_we_did": YOU_SAID, "considering_leaving": CONVERSATIONS}.get(name, "")


def test_every_table_is_on_its_sheet(workbook: Any, report: Report) -> None:
    tables = {table.name: table for table in report.publication.tables}
    on = {name: sheet_of(name) for name in tables}
    assert "" not in on.values()
    for name, sheet in on.items():
        check_block(workbook[sheet], tables[name])


def test_a_small_count_is_suppressed_and_a_large_one_shown(workbook: Any, report: Report) -> None:
    ws = workbook[LEAVERS]
    summary, route = report.publication.table("summary"), report.publication.table("route")
    assert summary.count("households_at_start", "count") == 30
    assert route.count("retirement", "count") is SUPPRESSED  # two retired: below the threshold
    _header, first = block_rows(ws, summary)
    assert ws.cell(row=first, column=2).value == 30
    _header, first = block_rows(ws, route)
    retirement = first + [line.code for line in route.rows].index("retirement")
    assert ws.cell(row=retirement, column=1).value == "Retirement"
    assert ws.cell(row=retirement, column=2).value == "[c]"
    assert ws.cell(row=retirement, column=2).data_type == "s"


def test_text_that_looks_like_a_formula_is_neutralised(workbook: Any, report: Report) -> None:
    ethnicity = report.publication.table("carers_by_ethnicity")
    assert [line.label for line in ethnicity.rows] == [INJECTION, "Total"]
    ws = workbook[LEAVERS]
    _header, first = block_rows(ws, ethnicity)
    cell = ws.cell(row=first, column=1)
    assert cell.value == "'" + INJECTION
    assert cell.data_type == "s"
    for sheet in workbook:  # the workbook holds no formulas at all
        assert all(cell.data_type != "f" for cell in cells(sheet))


def test_a_service_name_that_looks_like_a_formula_is_neutralised(report: Report, tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    write_report_workbook(attrs.evolve(report, service="=1+1"), path)
    ws = openpyxl.load_workbook(path)[ABOUT]
    values = {row[0].value: row[1] for row in ws.iter_rows(max_col=2)}
    assert values["Service"].value == "'=1+1"
    assert values["Service"].data_type == "s"


def test_the_theme_chart_plots_the_total_column_of_the_first_main_theme_table(
    workbook: Any, report: Report
) -> None:
    first_main = next(t for t in report.publication.tables if t.name.startswith("main_theme_by_"))
    assert first_main.name == "main_theme_by_service_kind"
    ws = workbook[THEMES]
    (chart,) = ws._charts
    assert type(chart).__name__ == "BarChart"
    assert chart_title(chart) == THEME_CHART_TITLE
    # The chart plots its chart data, not the table: the themes and their totals, the total row left out.
    first, last = chart_data(ws, "departures by theme of the main reason")
    assert first_main.rows[-1].code == "total"
    assert last - first + 1 == len(first_main.rows) - 1
    assert ref(chart) == (area(THEMES, 2, first, 2, last), area(THEMES, 1, first, 1, last))
    points = [(line.label, first_main.count(line.code)) for line in first_main.rows[:-1]]
    check_points(ws, first, bar_order(points))  # largest first, suppressed and zero last
    _header, table_first = block_rows(ws, first_main)
    assert table_first > last  # the chart data comes before the tables
    assert has_note(ws, BAR_NOTE) == any(count is SUPPRESSED for _label, count in points)


def test_the_trend_chart_plots_the_total_row_across_the_periods(workbook: Any, report: Report) -> None:
    trend = report.publication.table("main_theme_trend")
    ws = workbook[TREND]
    (chart,) = ws._charts
    assert type(chart).__name__ == "LineChart"
    assert chart_title(chart) == TREND_CHART_TITLE
    first, last = chart_data(ws, "departures by period")
    periods = trend.columns  # one for each period, and no total of them (it would isolate a period)
    assert all(line.code != "total" for line in periods)
    assert last - first + 1 == len(periods)
    assert ref(chart) == (area(TREND, 2, first, 2, last), area(TREND, 1, first, 1, last))
    points = [(line.label, trend.count("total", line.code)) for line in periods]
    check_points(ws, first, [(period_name(label), count) for label, count in points])
    assert has_note(ws, LINE_NOTE) == any(count is SUPPRESSED for _label, count in points)


def test_a_suppressed_count_is_left_out_of_the_charts(catalogue: Catalogue, tmp_path: Path) -> None:
    # Two households left in an earlier period: too few to show, so that period's total is suppressed.
    earlier: list[object] = [home("HH-E1", D(2018, 1, 1)), home("HH-E2", D(2018, 1, 1))]
    earlier += [leave(f"E{n}", D(2025, 5, 1), FEES) for n in (1, 2)]
    report = report_of([*scenario(), *earlier], catalogue)
    path = tmp_path / "report.xlsx"
    write_report_workbook(report, path)
    wb = openpyxl.load_workbook(path)

    trend = report.publication.table("main_theme_trend")
    ws = wb[TREND]
    first, last = chart_data(ws, "departures by period")
    labels = [text(ws.cell(row=row, column=1).value) for row in range(first, last + 1)]
    assert labels == [period_name(line.label) for line in trend.columns]
    assert labels[-1] == "2026-27 H1"  # the period's name, without its dates
    codes = [line.code for line in trend.columns]
    earlier_period, this_period = codes.index("2025-04-01/2025-09-30"), codes.index("2026-04-01/2026-09-30")
    assert trend.counts[-1][earlier_period] is SUPPRESSED  # the total row
    assert trend.counts[-1][this_period] == 10
    suppressed, shown_count = ws.cell(first + earlier_period, 2), ws.cell(first + this_period, 2)
    assert suppressed.value is None  # a blank, drawn as a gap
    assert has_note(ws, LINE_NOTE)
    assert (shown_count.value, shown_count.data_type) == (10, "n")
    _header, table_first = block_rows(ws, trend)  # the table still shows it as [c]
    assert ws.cell(table_first + len(trend.rows) - 1, 2 + earlier_period).value == "[c]"

    main = report.publication.table("main_theme_by_service_kind")
    ws = wb[THEMES]
    first, last = chart_data(ws, "departures by theme of the main reason")
    labels = [text(ws.cell(row=row, column=1).value) for row in range(first, last + 1)]
    points = [(line.label, main.count(line.code)) for line in main.rows[:-1]]
    assert labels == [label for label, _count in bar_order(points)]
    assert SUPPRESSED in [count for _label, count in points]
    assert any(count is not SUPPRESSED for _label, count in points)
    check_points(ws, first, bar_order(points))
    assert has_note(ws, BAR_NOTE)

    for sheet in (THEMES, TREND):
        (chart,) = wb[sheet]._charts
        check_plotted(wb, chart)
        assert all(cell.data_type != "f" for cell in cells(wb[sheet]))


def test_without_theme_breakdowns_the_theme_chart_plots_this_period_of_the_trend(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    report = report_of(scenario(), catalogue, breakdowns=[])
    assert not any(t.name.startswith("main_theme_by_") for t in report.publication.tables)
    path = tmp_path / "report.xlsx"
    write_report_workbook(report, path)
    wb = openpyxl.load_workbook(path)
    trend = report.publication.table("main_theme_trend")
    this_period = trend.columns[-1].code  # the last column
    assert this_period == "2026-04-01/2026-09-30"
    ws = wb[THEMES]
    (chart,) = ws._charts
    first, last = chart_data(ws, "departures by theme of the main reason")
    assert last - first + 1 == len(trend.rows) - 1  # the total row is left out
    assert ref(chart) == (area(THEMES, 2, first, 2, last), area(THEMES, 1, first, 1, last))
    points = [(line.label, trend.count(line.code, this_period)) for line in trend.rows[:-1]]
    check_points(ws, first, bar_order(points))


def test_priorities_are_listed_by_rank(workbook: Any, report: Report) -> None:
    assert report.priorities
    ws = workbook[PRIORITIES]
    assert [c.value for c in ws[4]] == ["Rank", "Id", "Title", "Reasons behind it"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=5, max_col=4)]
    assert rows == [[p.rank, p.element_id, p.title, "; ".join(p.reasons)] for p in report.priorities]
    assert rows[0][0] == 1


def test_no_priorities_says_no_reasons_were_recorded(report: Report, tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    write_report_workbook(attrs.evolve(report, priorities=()), path)
    ws = openpyxl.load_workbook(path)[PRIORITIES]
    assert ws["A5"].value == "No reasons for leaving were recorded in the period."


def test_the_cost_sheet_shows_the_estimate(workbook: Any, report: Report) -> None:
    assert report.cost is not None
    assert report.cost.departures == 10
    ws = workbook[COST]
    texts_shown = [str(cell.value) for cell in cells(ws)]
    # Ten departures at £12,000. No household was caring (the caring table shows 0), so no
    # placement has to move to an agency.
    assert report.cost.caring == 0
    assert report.cost.total == 12_000 * 10
    assert format_pounds(report.cost.total) == "£120,000"
    assert "Estimated cost of turnover: £120,000" in texts_shown
    totals = [r for r in ws.iter_rows(max_col=2) if r[0].value == "Total"]
    assert [r[1].value for r in totals] == [int(report.cost.total)]
    assert totals[0][1].number_format == "£#,##0"
    for part in report.cost.parts:
        assert part.working in texts_shown
    for line in report.cost.assumptions.lines():
        assert line in texts_shown


def test_the_cost_sheet_says_why_there_is_no_estimate(catalogue: Catalogue, tmp_path: Path) -> None:
    report = report_of(scenario(), catalogue)
    assert report.cost is None
    assert report.cost_withheld == "No cost assumptions were given, so the cost of turnover is not estimated."
    path = tmp_path / "report.xlsx"
    write_report_workbook(report, path)
    ws = openpyxl.load_workbook(path)[COST]
    assert ws["A3"].value == report.cost_withheld
    assert ws.max_row == 3


def test_the_same_report_makes_the_same_file(report: Report, tmp_path: Path) -> None:
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    write_report_workbook(report, first)
    write_report_workbook(report, second)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:  # no part carries the time it was written
        assert {info.date_time for info in archive.infolist()} == {(2026, 11, 2, 0, 0, 0)}
    properties = openpyxl.load_workbook(first).properties
    assert properties.created == properties.modified == datetime.datetime(2026, 11, 2)
    assert properties.creator == "fosterkit"


def test_the_excel_plugin_offers_the_report_format() -> None:
    formats, failures = report_formats(make_plugin_manager())
    assert "excel" in formats
    assert not [f for f in failures if f.plugin == "excel"]
    excel = formats["excel"]
    assert (excel.plugin, excel.suffixes, excel.write) == ("excel", (".xlsx",), write_report_workbook)


# -- any report --------------------------------------------------------------------------------

_ROUTES = (LeavingRoute.RESIGNATION, LeavingRoute.RETIREMENT, LeavingRoute.TERMINATION_OTHER)
_REASONS = (FEES, BURNOUT, "support.training", "positive.adoption", "no.such_code")


@st.composite
def leavers(draw: st.DrawFn) -> list[object]:
    """Households that mostly leave in the period, carers with odd ethnicity text, some interviews."""
    records: list[object] = []
    ethnicities = st.one_of(st.none(), st.sampled_from([INJECTION, "+44", "@x", "White"]), texts(20))
    for n in range(draw(st.integers(0, 25))):
        drawn: list[str | None] = draw(st.lists(ethnicities, min_size=1, max_size=2))
        carers = [None if e is None else Equality(ethnicity=e) for e in drawn]
        records.append(home(f"HH-L{n}", D(2020, 1, 1) + datetime.timedelta(days=n), carers=carers))
        leaves: bool = draw(st.booleans())
        if not leaves:
            continue
        notice = D(2026, 4, 1) + datetime.timedelta(days=draw(st.integers(-400, 200)))
        reasons: list[str] = draw(st.lists(st.sampled_from(_REASONS), unique=True, max_size=2))
        records.append(leave(f"L{n}", notice, *reasons, route=draw(st.sampled_from(_ROUTES))))
        interviewed: bool = draw(st.booleans())
        if reasons and interviewed:
            records.append(said(f"L{n}", reasons[0], draw(st.sampled_from(Answer))))
    return records


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    records=leavers(),
    threshold=st.integers(3, 10),
    service=texts(30),
    with_cost=st.booleans(),
)
def test_any_report_is_written_as_published(
    catalogue: Catalogue,
    tmp_path_factory: pytest.TempPathFactory,
    records: list[object],
    threshold: int,
    service: str,
    with_cost: bool,
) -> None:
    report = report_of(
        records,
        catalogue,
        threshold=threshold,
        assumptions=ASSUMPTIONS if with_cost else None,
        breakdowns=[Breakdown.ROUTE, Breakdown.TENURE_BAND],
    )
    report = attrs.evolve(report, service=service)
    path = tmp_path_factory.mktemp("any") / "report.xlsx"
    write_report_workbook(report, path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == list(SHEETS)
    about = wb[ABOUT]
    assert text(about["B3"].value) == service
    for table in report.publication.tables:
        check_block(wb[sheet_of(table.name)], table)
    for sheet in wb:
        for cell in cells(sheet):
            assert cell.data_type != "f"
            if isinstance(cell.value, str) and cell.value[:1] in FORMULA_STARTS:
                pytest.fail(f"{sheet.title}!{cell.coordinate} would be read as a formula")
    assert len(wb[THEMES]._charts) == len(wb[TREND]._charts) == 1
    for sheet in (THEMES, TREND):
        check_plotted(wb, wb[sheet]._charts[0])
