"""Writing the retention report workbook: the published tables, figures, priorities and cost, with charts.

The sheets follow the report's audience (``report.sections``): a sheet with nothing for the
audience is left out, and the About sheet says who the report is for and lists the sheets it
holds. The process tables (``exit_interview_*`` and ``urgent_escalations``), "you said, we did"
(its table and the service's published changes), the conversations before notice and the
comparison with the previous period each have a sheet of their own. When the report carries
its audience's wording, each sheet opens with the introduction to its sections.

A :class:`~fosterkit.analysis.Report` is already safe to share (its tables were suppressed
together), so this module only lays it out. Each table is a block: a title row, a header row
(the row heading, then the column labels), then one row per line. A suppressed count is the
text ``[c]``, right-aligned like the numbers beside it; every other count is a number. Text
is always written as text, neutralised, so a label that starts with ``=`` never becomes a
formula; the workbook holds no formulas at all.

Each chart plots a small "chart data" block written under it (below the chart's note), not the
table cells: a spreadsheet draws text in a chart's values, such as ``[c]``, as zero. In the chart
data a suppressed count is the error value ``#N/A`` (a real error cell, not a formula), which a
spreadsheet leaves out of a chart: no point or bar is drawn for it. The note under each chart
says so.

The file is the same, byte for byte, each time the same report is written: the only date in it
is ``report.made_on`` (the document properties and the zip entries carry it, at midnight).
"""

from __future__ import annotations

import datetime
import math
import os
import zipfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from attrs import frozen
from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]
from openpyxl.chart import BarChart, LineChart, Reference  # type: ignore[import-untyped, unused-ignore]
from openpyxl.chart.data_source import AxDataSource, StrRef  # type: ignore[import-untyped, unused-ignore]
from openpyxl.chart.series import SeriesLabel  # type: ignore[import-untyped, unused-ignore]
from openpyxl.styles import Alignment  # type: ignore[import-untyped, unused-ignore]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped, unused-ignore]
from openpyxl.writer.excel import ExcelWriter  # type: ignore[import-untyped, unused-ignore]

from fosterkit.plugins import (
    SUPPRESSED,
    CostEstimate,
    Figure,
    Priority,
    Publication,
    PublishedTable,
    Report,
    Withheld,
)
from fosterkit_excel.audit_styles import (
    BOLD,
    TITLE_FONT,
    fit_rows,
    header_row,
    heading,
    print_setup,
    put_date,
    put_number,
    put_text,
)
from fosterkit_excel.staging import staged_beside

__all__ = [
    "ABOUT",
    "COMPARED",
    "CONVERSATIONS",
    "COST",
    "FIGURES",
    "LEAVERS",
    "PRIORITIES",
    "PROCESS",
    "SHEETS",
    "THEMES",
    "THEME_CHART_TITLE",
    "TREND",
    "TREND_CHART_TITLE",
    "YOU_SAID",
    "write_report_workbook",
]

ABOUT = "About"
FIGURES = "Figures"
LEAVERS = "Leavers"
THEMES = "Themes"
TREND = "Trend"
PRIORITIES = "Priorities"
COST = "Cost"
COMPARED = "Compared"
PROCESS = "Process"
YOU_SAID = "You said, we did"
CONVERSATIONS = "Conversations"
#: Every sheet a report may have, in order; a report holds those with something for its audience.
SHEETS = (
    ABOUT,
    FIGURES,
    LEAVERS,
    THEMES,
    TREND,
    COMPARED,
    PROCESS,
    YOU_SAID,
    CONVERSATIONS,
    PRIORITIES,
    COST,
)
#: The report sections (``report.sections``) whose introductions open each sheet.
_SHEET_SECTIONS = {
    FIGURES: ("figures",),
    LEAVERS: ("summary", "leavers", "equality"),
    THEMES: ("main_themes", "any_themes", "theme_breakdowns"),
    TREND: ("trend",),
    COMPARED: ("comparison",),
    PROCESS: ("process",),
    YOU_SAID: ("you_said_we_did",),
    CONVERSATIONS: ("conversations",),
    PRIORITIES: ("priorities",),
    COST: ("cost",),
}

THEME_CHART_TITLE = "Departures by theme of the main reason"
TREND_CHART_TITLE = "Departures by period"

#: The code of every total row and column of a published table.
_TOTAL = "total"
#: The tables on the Leavers sheet, in this order (then the ``carers_by_*`` tables).
_LEAVER_TABLES = (
    "summary",
    "households_by_approval_kind",
    "route",
    "initiated",
    "destination",
    "tenure",
    "preventable",
    "national_category",
)
_TREND_TABLES = ("main_theme_trend", "any_theme_trend")
#: The themes of this period for all departures, first on the Themes sheet.
_THEME_TABLES = ("main_theme", "any_theme")
_YOU_SAID_TABLE = "you_said_we_did"
_CONVERSATION_TABLE = "considering_leaving"


def _is_process(name: str) -> bool:
    return name.startswith("exit_interview_") or name == "urgent_escalations"


_CHART_NOTE = (
    "Suppressed counts are left out of the chart: no point or bar is drawn for them. The tables "
    f"show them as {SUPPRESSED}, and the chart data below shows them as #N/A."
)
#: How the chart data shows a suppressed count: an error value, which a chart leaves out.
_NOT_PLOTTED = "#N/A"
_THEME_DATA_TITLE = (
    "Chart data: departures by theme of the main reason "
    f"(suppressed counts left as {_NOT_PLOTTED} so they are not drawn)"
)
_TREND_DATA_TITLE = (
    f"Chart data: departures by period (suppressed counts left as {_NOT_PLOTTED} so they are not drawn)"
)
_THEME_AXIS = "Theme of the main reason"
_PERIOD_AXIS = "Period"
_VALUES_AXIS = "Departures"

_RIGHT_TOP = Alignment(horizontal="right", vertical="top")
_RIGHT_TOP_WRAP = Alignment(horizontal="right", vertical="top", wrap_text=True)
_COUNT_FORMAT = "#,##0"
_PERCENT_FORMAT = "0.0"
_POUNDS_FORMAT = "£#,##0"
_UNITS = {"count": "count", "percent": "per cent"}

#: The height, in centimetres, of one row at the default height (15 points).
_ROW_CM = 15 / 72 * 2.54
#: The height, in centimetres, of the trend chart.
_TREND_HEIGHT = 9.0
#: The columns after A on the table sheets: wide enough for a label, with room for a wrapped one.
_COUNT_WIDTH = 16
#: The columns after A on a sheet of more than :data:`_WIDE_SHEET` columns: their labels wrap more.
_NARROW_COUNT_WIDTH = 11
_WIDE_SHEET = 6


@frozen
class _Tables:
    """The report's tables, by the sheet each goes on."""

    leavers: list[PublishedTable]
    themes: list[PublishedTable]
    trend: list[PublishedTable]
    process: list[PublishedTable]
    you_said: list[PublishedTable]
    conversations: list[PublishedTable]


def _sorted(tables: Sequence[PublishedTable]) -> _Tables:
    themes = [t for name in _THEME_TABLES for t in tables if t.name == name]
    themes += [t for t in tables if t.name.startswith(("main_theme_by_", "any_theme_by_"))]
    trend = [t for name in _TREND_TABLES for t in tables if t.name == name]
    process = [t for t in tables if _is_process(t.name)]
    you_said = [t for t in tables if t.name == _YOU_SAID_TABLE]
    conversations = [t for t in tables if t.name == _CONVERSATION_TABLE]
    elsewhere = {t.name for t in (*themes, *trend, *process, *you_said, *conversations)}
    # The Leavers tables in their order, then the carers tables and any other table (one that a
    # later fosterkit adds) in the publication's order.
    leavers = [t for name in _LEAVER_TABLES for t in tables if t.name == name]
    leavers += [t for t in tables if t.name not in elsewhere and t.name not in _LEAVER_TABLES]
    return _Tables(leavers, themes, trend, process, you_said, conversations)


def _present(report: Report, tables: _Tables) -> tuple[str, ...]:
    """The sheets with something for the report's audience, in order."""
    has = {
        ABOUT: True,
        FIGURES: bool(report.publication.figures),
        LEAVERS: bool(tables.leavers),
        THEMES: bool(tables.themes),
        TREND: bool(tables.trend),
        COMPARED: report.comparison is not None,
        PROCESS: bool(tables.process),
        YOU_SAID: bool(tables.you_said or report.publication.changes),
        CONVERSATIONS: bool(tables.conversations),
        PRIORITIES: "priorities" in report.sections,
        COST: "cost" in report.sections,
    }
    return tuple(name for name in SHEETS if has[name])


def write_report_workbook(report: Report, path: Path) -> None:
    """Write the retention report workbook for ``report`` to ``path`` (.xlsx)."""
    publication = report.publication
    wb = Workbook()
    wb.remove(wb.active)
    tables = _sorted(publication.tables)
    present = _present(report, tables)
    sheets = {name: wb.create_sheet(name) for name in present}
    fill = {
        ABOUT: lambda ws: _about(ws, report, present),
        FIGURES: lambda ws: _figures(ws, publication.figures, _intro(report, FIGURES)),
        LEAVERS: lambda ws: _leavers(ws, publication, tables.leavers, _intro(report, LEAVERS)),
        THEMES: lambda ws: _themes(ws, publication, tables.themes, _intro(report, THEMES)),
        TREND: lambda ws: _trend(ws, publication, _intro(report, TREND)),
        COMPARED: lambda ws: _compared(ws, report),
        PROCESS: lambda ws: _tables_sheet(ws, "The exit-interview process", report, tables.process, PROCESS),
        YOU_SAID: lambda ws: _you_said(ws, report, tables.you_said),
        CONVERSATIONS: lambda ws: _tables_sheet(
            ws, "Conversations before notice", report, tables.conversations, CONVERSATIONS
        ),
        PRIORITIES: lambda ws: _priorities(ws, report.priorities, _intro(report, PRIORITIES)),
        COST: lambda ws: _cost(ws, report),
    }
    for name, ws in sheets.items():
        fill[name](ws)

    # Document properties are XML that openpyxl does not escape: keep printable characters only.
    service = "".join(ch if ch.isprintable() else " " for ch in report.service)
    wb.properties.title = f"Retention report: {service}, {publication.period_label}"
    wb.properties.creator = "fosterkit"
    made = datetime.datetime.combine(report.made_on, datetime.time())
    wb.properties.created = made
    wb.properties.modified = made
    wb.active = 0
    _save(wb, path, made)


# -- blocks: one published table each ------------------------------------------------------------


@frozen
class _Block:
    """Where a table was written: the worksheet, its header row and first row of counts."""

    ws: Any
    table: PublishedTable
    header: int
    first: int

    @property
    def last(self) -> int:
        """The last row of counts (the total row, if the table has one)."""
        return self.first + len(self.table.rows) - 1


def _parts(table: PublishedTable) -> int:
    """How many rows ``table`` has before its total row."""
    codes = [line.code for line in table.rows]
    return codes.index(_TOTAL) if _TOTAL in codes else len(codes)


#: What a chart plots: a label and its count (``SUPPRESSED`` where the count is suppressed), in order.
#: (Counts are ``int | Suppressed``; the plugin API names only the marker, so they are typed ``object``.)
_Points = Sequence[tuple[str, object]]


def _column_points(table: PublishedTable, column: str) -> list[tuple[str, object]]:
    """The rows of ``table`` before its total row, with their counts in ``column``."""
    return [(line.label, table.count(line.code, column)) for line in table.rows[: _parts(table)]]


def _row_points(table: PublishedTable, row: str) -> list[tuple[str, object]]:
    """The columns of ``table`` other than its total column, with their counts in ``row``."""
    return [(line.label, table.count(row, line.code)) for line in table.columns if line.code != _TOTAL]


def _count(ws: Any, row: int, column: int, count: object) -> Any:
    """A count as a number, or ``[c]`` in its place; both right-aligned, as figures are."""
    if isinstance(count, int) and not isinstance(count, bool):
        cell = put_number(ws, row, column, count)
        cell.number_format = _COUNT_FORMAT
    elif count is SUPPRESSED:
        cell = put_text(ws, row, column, str(SUPPRESSED), wrap=False)
    else:
        raise TypeError(f"a count is an int or SUPPRESSED, not {count!r}")
    cell.alignment = _RIGHT_TOP
    return cell


def _block(ws: Any, row: int, table: PublishedTable, span: int) -> tuple[_Block, int]:
    """Write ``table`` from ``row``; returns where it went and the next free row (after a gap).

    Its notes wrap across the first ``span`` columns (those the sheet sizes), so none runs off the
    printed page and shrinks the print.
    """
    width = 1 + len(table.columns)
    heading(ws, row, table.title, columns=width)
    titles = {"A": table.row_heading} | {
        get_column_letter(column): line.label for column, line in enumerate(table.columns, start=2)
    }
    header_row(ws, titles, {}, row=row + 1)
    for column in range(2, width + 1):
        ws.cell(row=row + 1, column=column).alignment = _RIGHT_TOP_WRAP
    block = _Block(ws, table, row + 1, row + 2)
    for here, (line, counts) in enumerate(zip(table.rows, table.counts, strict=True), start=block.first):
        label = put_text(ws, here, 1, line.label)
        total = line.code == _TOTAL
        if total:
            label.font = BOLD
        for column, count in enumerate(counts, start=2):
            cell = _count(ws, here, column, count)
            if total or table.columns[column - 2].code == _TOTAL:
                cell.font = BOLD
    row = block.last + 1
    for note in table.notes:
        _note(ws, row, note, span)
        row += 1
    return block, row + 1


def _note(ws: Any, row: int, text: str, span: int) -> None:
    """A paragraph wrapped across columns A to ``span``, its row tall enough to show it."""
    _merged_text(ws, row, 1, max(2, span), text)


def _merged_text(ws: Any, row: int, first: int, last: int, text: str) -> None:
    """``text`` wrapped across columns ``first`` to ``last`` of ``row``, the row tall enough for it."""
    put_text(ws, row, first, text)
    if last > first:
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    _tall_enough(ws, row, first, last, text)


def _tall_enough(ws: Any, row: int, first: int, last: int, text: str) -> None:
    """Make ``row`` tall enough for ``text`` wrapped across columns ``first`` to ``last`` (never lower)."""
    width = sum(ws.column_dimensions[get_column_letter(c)].width or 10 for c in range(first, last + 1))
    per_line = max(1, int(width * 1.1) - 1)  # as fit_rows reckons, a little tighter for a merged cell
    height = 15 * -(-len(text) // per_line)
    ws.row_dimensions[row].height = max(height, ws.row_dimensions[row].height or 0)


def _blocks(ws: Any, row: int, tables: Iterable[PublishedTable], span: int) -> tuple[list[_Block], int]:
    blocks = []
    for table in tables:
        block, row = _block(ws, row, table, span)
        blocks.append(block)
    return blocks, row


def _table_sheet(
    ws: Any, title: str, publication: Publication, widest: int, intro: str = ""
) -> tuple[int, int]:
    """Head a sheet of tables and size its columns for tables ``widest`` columns wide.

    Returns its span and the first free row (after ``intro``, if any). A sheet of wide tables has
    narrower count columns (their headings wrap), so it prints at a readable size on one page's
    width.
    """
    span = max(2, widest)
    heading(ws, 1, title, columns=span, font=TITLE_FONT)
    put_text(ws, 2, 1, publication.period_label, wrap=False).font = BOLD
    ws.column_dimensions["A"].width = 48
    width = _COUNT_WIDTH if span <= _WIDE_SHEET else _NARROW_COUNT_WIDTH
    for column in range(2, span + 1):
        ws.column_dimensions[get_column_letter(column)].width = width
    if not intro:
        return span, 4
    _note(ws, 3, intro, span)
    return span, 5


def _intro(report: Report, sheet: str) -> str:
    """The introductions of the sections on ``sheet`` that the report holds, as one paragraph."""
    sections = [s for s in _SHEET_SECTIONS.get(sheet, ()) if s in report.sections]
    return " ".join(text for text in (report.introduction(s) for s in sections) if text)


def _widest(tables: Iterable[PublishedTable]) -> int:
    return max((1 + len(t.columns) for t in tables), default=2)


def _finish(ws: Any) -> None:
    fit_rows(ws)
    print_setup(ws, freeze="A1")  # "A1": no frozen panes


# -- charts --------------------------------------------------------------------------------------


def _bar_height(bars: int) -> float:
    """The height, in centimetres, of a bar chart with ``bars`` bars."""
    return max(8.0, 0.55 * bars + 3)


def _chart_space(height: float) -> int:
    """Rows of default height that a chart ``height`` cm tall covers, with one to spare."""
    return math.ceil(height / _ROW_CM) + 1


def _plotted(ws: Any, row: int, column: int, count: object) -> Any:
    """A count as a chart plots it: a number, or the error value ``#N/A`` (not drawn) if suppressed."""
    cell = ws.cell(row=row, column=column)
    if count is SUPPRESSED:
        cell.value = _NOT_PLOTTED
        cell.data_type = "e"  # an error value, not text (drawn as zero) and not a formula
    else:
        cell.value = count
        cell.number_format = _COUNT_FORMAT
    cell.alignment = _RIGHT_TOP
    return cell


def _place_chart(ws: Any, chart: Any, row: int, title: str, category: str, points: _Points) -> int:
    """Anchor ``chart`` at column A of ``row``, with the note about suppressed counts under it.

    Under the note goes the chart data, titled ``title``: a row for each of the ``points``, with
    its label (under the heading ``category``) and its count, a suppressed one as ``#N/A``. The
    chart plots these cells. Returns the next free row, after a gap.
    """
    note = row + _chart_space(chart.height)
    put_text(ws, note, 1, _CHART_NOTE, wrap=False)
    heading(ws, note + 2, title, columns=2)
    header_row(ws, {"A": category, "B": _VALUES_AXIS}, {}, row=note + 3)
    ws.cell(row=note + 3, column=2).alignment = _RIGHT_TOP_WRAP
    first = note + 4
    for here, (label, count) in enumerate(points, start=first):
        put_text(ws, here, 1, label)
        _plotted(ws, here, 2, count)
    last = first + len(points) - 1
    chart.add_data(Reference(ws, min_col=2, min_row=first, max_row=last))
    _labels(chart, Reference(ws, min_col=1, min_row=first, max_row=last))
    ws.add_chart(chart, f"A{row}")
    return last + 2


def _axes(chart: Any, title: str, values: str, categories: str) -> None:
    chart.title = title
    chart.y_axis.title = values
    chart.x_axis.title = categories
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend = None


def _labels(chart: Any, categories: Any) -> None:
    """Name the chart's one series, and take its category labels (text) from ``categories``."""
    series = chart.series[0]
    series.tx = SeriesLabel(v=_VALUES_AXIS)
    series.cat = AxDataSource(strRef=StrRef(f=str(categories)))


def _theme_chart(ws: Any, row: int, points: _Points) -> int:
    """A bar for each theme, from ``row``, over its chart data; returns the next free row."""
    chart = BarChart()
    chart.type = "bar"
    _axes(chart, THEME_CHART_TITLE, _VALUES_AXIS, _THEME_AXIS)
    chart.x_axis.scaling.orientation = "maxMin"  # the first theme at the top
    chart.width = 20
    chart.height = _bar_height(len(points))
    return _place_chart(ws, chart, row, _THEME_DATA_TITLE, _THEME_AXIS, points)


def _trend_chart(ws: Any, row: int, points: _Points) -> int:
    """A line with a point for each period, from ``row``, over its chart data; returns the next free row."""
    chart = LineChart()
    _axes(chart, TREND_CHART_TITLE, _VALUES_AXIS, _PERIOD_AXIS)
    chart.display_blanks = "gap"
    chart.width = 20
    chart.height = _TREND_HEIGHT
    row = _place_chart(ws, chart, row, _TREND_DATA_TITLE, _PERIOD_AXIS, points)
    chart.series[0].marker.symbol = "circle"
    return row


# -- About ---------------------------------------------------------------------------------------


def _about(ws: Any, report: Report, present: Sequence[str]) -> None:
    publication = report.publication
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 100
    heading(ws, 1, "Retention report", columns=2, font=TITLE_FONT)
    row = 3
    audience = report.audience.title
    details: list[tuple[str, str | int | datetime.date]] = [
        ("Service", report.service),
        ("For", audience[0].upper() + audience[1:]),
        ("Period", publication.period_label),
        ("From", publication.start),
        ("To", publication.end),
        ("Made on", report.made_on),
        ("Suppression threshold", publication.threshold),
    ]
    if report.wording is not None:
        details.insert(2, ("About this report", report.wording.purpose))
    for label, value in details:
        put_text(ws, row, 1, label).font = BOLD
        if isinstance(value, str):
            put_text(ws, row, 2, value)
        elif isinstance(value, datetime.date):
            put_date(ws, row, 2, value).alignment = Alignment(horizontal="left", vertical="top")
        else:
            put_number(ws, row, 2, value).alignment = Alignment(horizontal="left", vertical="top")
        row += 1
    put_text(ws, row, 1, str(SUPPRESSED)).font = BOLD
    put_text(
        ws,
        row,
        2,
        f"A suppressed count. Every count from 1 to {publication.threshold} is suppressed, and then "
        "other counts as well, so that no suppressed count can be worked out from the totals and "
        "other counts shown anywhere in this workbook. Rates and shares use only counts that are shown.",
    )
    row += 2

    heading(ws, row, "The sheets", columns=2)
    row += 1
    for name, text in _sheet_guide(report, present):
        put_text(ws, row, 1, name).font = BOLD
        put_text(ws, row, 2, text)
        row += 1
    row += 1

    if publication.notes:
        heading(ws, row, "Notes", columns=2)
        row += 1
        for number, note in enumerate(publication.notes, start=1):
            put_number(ws, row, 1, number).alignment = Alignment(horizontal="left", vertical="top")
            put_text(ws, row, 2, note)
            row += 1
        row += 1

    heading(ws, row, "Tables left out", columns=2)
    row += 1
    _withheld(ws, row, publication.withheld)
    _finish(ws)


def _sheet_guide(report: Report, present: Sequence[str]) -> list[tuple[str, str]]:
    """What each sheet of the workbook shows, for the sheets it has."""
    guide = [
        (
            FIGURES,
            "Rates and shares worked out from the counts shown. Mainstream households only: the "
            "mainstream leaving rate, and the national mainstream figure beside it (the only pair to "
            "compare). Connected persons (family and friends) only: their own leaving rate. All "
            "households, mainstream and connected persons together: every other figure, the overall "
            "leaving rate included, which is not comparable with the national figure.",
        ),
        (
            LEAVERS,
            "Households and departures, first for all households together, then split between "
            "mainstream households and connected persons (each column adding up to the all-households "
            "figure); departures of all households by leaving route, by who ended the approval, by "
            "where transfers went, by tenure, by whether leaving could have been prevented and by "
            "national category (the route first, then the main reason); and the carers in leaving "
            "households by any special-category data published.",
        ),
        (
            THEMES,
            "Departures of all households by the theme of the main reason and of any reason given, "
            "broken down in several ways (the approval-kind tables put mainstream households and "
            "connected persons in separate columns), with a chart "
            f"({THEME_CHART_TITLE.lower()}); last, the themes by where each reason was raised: at the "
            "stage 1 interview, at stage 2, or only on the departure record.",
        ),
        (
            TREND,
            "The themes period by period, this period last, with a chart of the departures in each period.",
        ),
        (PRIORITIES, "Key principles and recommendations, ranked by the reasons for leaving they address."),
        (
            COST,
            "An estimate of what turnover cost, with its working and assumptions."
            if report.cost is not None
            else "Why the cost of turnover is not estimated.",
        ),
        (
            COMPARED,
            "This period beside the previous one of the same length, each as its own publication "
            f"shows it; a count suppressed in either is {SUPPRESSED}, and the change is given only "
            "where both are shown.",
        ),
        (
            PROCESS,
            "How the exit-interview process ran: offers, take-up at each stage, how the interviews "
            "were held, and urgent concerns escalated.",
        ),
        (
            YOU_SAID,
            "Suggestions by theme and what became of them, and what the service did, in its own words "
            "where it chose to publish them.",
        ),
        (CONVERSATIONS, "Conversations with carers considering leaving, and how many stayed."),
    ]
    if "figures" not in report.sections:  # the headline figures alone
        headline = (
            "The headline figures: approvals less departures, and the leaving rate (the mainstream one "
            "beside the national mainstream figure, the only pair to compare)."
        )
        guide = [(FIGURES, headline) if n == FIGURES else (n, t) for n, t in guide]
    if "leavers" not in report.sections:  # the summary alone: no breakdowns
        guide = [
            (LEAVERS, "Households and departures in the period.") if n == LEAVERS else (n, t)
            for n, t in guide
        ]
    if "theme_breakdowns" not in report.sections:
        themes = "Departures by the theme of the main reason" + (
            " and of any reason given" if "any_themes" in report.sections else ""
        )
        guide = [(THEMES, f"{themes}, with a chart.") if n == THEMES else (n, t) for n, t in guide]
    texts = dict(guide)
    return [(name, texts[name]) for name in present if name in texts]


def _withheld(ws: Any, row: int, withheld: Sequence[Withheld]) -> int:
    """List the tables left out and why, from ``row``; returns the next free row."""
    if not withheld:
        put_text(ws, row, 1, "None: every table was published.", wrap=False)
        return row + 1
    for table in withheld:
        put_text(ws, row, 1, table.title).font = BOLD
        put_text(ws, row, 2, f"Not published: {table.reason}.")
        row += 1
    return row


# -- Figures -------------------------------------------------------------------------------------


def _figures(ws: Any, figures: Sequence[Figure], intro: str = "") -> None:
    heading(ws, 1, "Figures", columns=3, font=TITLE_FONT)
    first = 3
    if intro:
        ws.column_dimensions["A"].width = 70
        _note(ws, 3, intro, 3)
        first = 5
    header_row(ws, {"A": "Figure", "B": "Value", "C": "Unit"}, {"A": 70, "B": 12, "C": 12}, row=first)
    ws[f"B{first}"].alignment = _RIGHT_TOP_WRAP
    row = first + 1
    for figure in figures:
        put_text(ws, row, 1, figure.label)
        if figure.value is None or figure.value is SUPPRESSED:  # cannot be worked out, or suppressed
            put_text(ws, row, 2, str(SUPPRESSED), wrap=False).alignment = _RIGHT_TOP
        else:
            cell = put_number(ws, row, 2, figure.value)
            cell.number_format = _PERCENT_FORMAT if figure.unit == "percent" else _COUNT_FORMAT
            cell.alignment = _RIGHT_TOP
        put_text(ws, row, 3, _UNITS.get(figure.unit, figure.unit))
        row += 1
    row += 1
    put_text(
        ws,
        row,
        1,
        f"{SUPPRESSED}: not shown, because a count it needs is suppressed (or it cannot be worked "
        "out, such as a share of none).",
        wrap=False,
    )
    _finish(ws)


# -- Leavers, Themes and Trend -------------------------------------------------------------------


def _leavers(ws: Any, publication: Publication, tables: Sequence[PublishedTable], intro: str = "") -> None:
    span, row = _table_sheet(ws, "Leavers", publication, _widest(tables), intro)
    _written, row = _blocks(ws, row, tables, span)
    heading(ws, row, "Tables left out", columns=2)
    _withheld(ws, row + 1, publication.withheld)
    _finish(ws)


def _main_trend(publication: Publication) -> PublishedTable | None:
    return next((t for t in publication.tables if t.name == "main_theme_trend"), None)


def _trend(ws: Any, publication: Publication, intro: str = "") -> None:
    """Fill the Trend sheet; the chart plots the total row of ``main_theme_trend``, if there is one."""
    tables = [t for name in _TREND_TABLES for t in publication.tables if t.name == name]
    span, row = _table_sheet(ws, "Reasons for leaving, period by period", publication, _widest(tables), intro)
    if not tables:
        put_text(ws, row, 1, "There is no trend in this report.", wrap=False)
    main = _main_trend(publication)
    points = (
        _row_points(main, _TOTAL) if main is not None and any(r.code == _TOTAL for r in main.rows) else []
    )
    row = _trend_chart(ws, row, points) if points else row
    _blocks(ws, row, tables, span)
    _finish(ws)


def _themes(ws: Any, publication: Publication, tables: Sequence[PublishedTable], intro: str = "") -> None:
    """Fill the Themes sheet; the chart plots the first main-theme table, or else this period's trend."""
    span, row = _table_sheet(ws, "Reasons for leaving, by theme", publication, _widest(tables), intro)
    main = next((t for t in tables if t.name == "main_theme" or t.name.startswith("main_theme_by_")), None)
    trend = _main_trend(publication)
    points: list[tuple[str, object]] = []
    if main is not None:
        total = next((c.code for c in main.columns if c.code == _TOTAL or len(main.columns) == 1), None)
        points = _column_points(main, total) if total is not None else []
    elif trend is not None and trend.columns:
        # Without a main-theme table, this period's column of the trend (its last column).
        points = _column_points(trend, trend.columns[-1].code)
    if main is None:
        also = f"; the chart shows this period's column of the trend (sheet {TREND})" if points else ""
        put_text(ws, row, 1, f"No breakdown by theme was chosen for this report{also}.", wrap=False)
        row += 2
    if points:
        row = _theme_chart(ws, row, points)
    _blocks(ws, row, tables, span)
    _finish(ws)


# -- Process, Conversations, You said, we did, Compared -------------------------------------------


def _tables_sheet(ws: Any, title: str, report: Report, tables: Sequence[PublishedTable], sheet: str) -> None:
    """A sheet of ``tables`` under ``title``, opened by the introduction to ``sheet``'s sections."""
    span, row = _table_sheet(ws, title, report.publication, _widest(tables), _intro(report, sheet))
    _blocks(ws, row, tables, span)
    _finish(ws)


def _you_said(ws: Any, report: Report, tables: Sequence[PublishedTable]) -> None:
    """The suggestions by theme and what became of them, then what the service did, in its words.

    Each change is a row: its theme, what became of it, and the service's summary across the
    remaining columns (at least wide enough to read), its row tall enough to show it all.
    """
    publication = report.publication
    widest = max(3, _widest(tables))
    span, row = _table_sheet(ws, "You said, we did", publication, widest, _intro(report, YOU_SAID))
    _written, row = _blocks(ws, row, tables, span)
    heading(ws, row, "What the service did", columns=span)
    row += 1
    if not publication.changes:
        put_text(ws, row, 1, "The service published no summary of a change for this period.", wrap=False)
        _finish(ws)
        return
    if span == 3:  # no table beside it: the summary has column C to itself
        ws.column_dimensions["C"].width = 80
    header_row(ws, {"A": "Theme", "B": "What became of it", "C": "What the service did"}, {}, row=row)
    if span > 3:
        ws.merge_cells(start_row=row, start_column=3, end_row=row, end_column=span)
    for here, change in enumerate(publication.changes, start=row + 1):
        put_text(ws, here, 1, change.theme_label)
        put_text(ws, here, 2, change.outcome_label)
        _merged_text(ws, here, 3, span, change.summary)
    _finish(ws)
    for here, change in enumerate(publication.changes, start=row + 1):  # fit_rows sees only A and B
        _tall_enough(ws, here, 3, span, change.summary)


_CHANGE_FORMAT = "+#,##0;-#,##0;0"
_NOT_WORKED_OUT = "\u2013"  # an en dash: a hyphen would be taken for the start of a formula


def _compared(ws: Any, report: Report) -> None:
    """This period beside the previous one: each count as its own publication shows it, and the change."""
    comparison = report.comparison
    widths = {"A": 70, "B": 24, "C": 24, "D": 12}
    heading(ws, 1, "Compared with the previous period", columns=4, font=TITLE_FONT)
    row = 2
    intro = _intro(report, COMPARED)
    if intro:
        for letter, width in widths.items():
            ws.column_dimensions[letter].width = width
        _note(ws, row, intro, 4)
        row += 1
    if comparison is None:  # not reached: the sheet is left out without a comparison
        _finish(ws)
        return
    row += 1
    titles = {"A": "Count", "B": comparison.previous_label, "C": comparison.period_label, "D": "Change"}
    header_row(ws, titles, widths, row=row)
    for column in range(2, 5):
        ws.cell(row=row, column=column).alignment = _RIGHT_TOP_WRAP
    first = row + 1
    for here, line in enumerate(comparison.counts, start=first):
        put_text(ws, here, 1, line.label)
        _count(ws, here, 2, line.previous)
        _count(ws, here, 3, line.current)
        change = line.change
        if change is None:
            put_text(ws, here, 4, _NOT_WORKED_OUT, wrap=False).alignment = _RIGHT_TOP
        else:
            cell = put_number(ws, here, 4, change)
            cell.number_format = _CHANGE_FORMAT
            cell.alignment = _RIGHT_TOP
    row = first + len(comparison.counts) + 1
    put_text(
        ws,
        row,
        1,
        f"{SUPPRESSED}: suppressed in that period's own publication. {_NOT_WORKED_OUT}: no change is "
        "worked out where either count is suppressed.",
    )
    _finish(ws)


# -- Priorities ----------------------------------------------------------------------------------


def _priorities(ws: Any, priorities: Sequence[Priority], intro: str = "") -> None:
    heading(ws, 1, "Priorities", columns=4, font=TITLE_FONT)
    if intro:
        ws.column_dimensions["A"].width = 8
        for letter, width in {"B": 12, "C": 60, "D": 70}.items():
            ws.column_dimensions[letter].width = width
        _note(ws, 3, intro, 4)
    put_text(
        ws,
        2,
        1,
        "Key principles and recommendations ranked by the reasons for leaving they address, heaviest first.",
        wrap=False,
    )
    widths = {"A": 8, "B": 12, "C": 60, "D": 70}
    header_row(ws, {"A": "Rank", "B": "Id", "C": "Title", "D": "Reasons behind it"}, widths, row=4)
    if not priorities:
        put_text(ws, 5, 1, "No reasons for leaving were recorded in the period.", wrap=False)
    for row, priority in enumerate(priorities, start=5):
        put_number(ws, row, 1, priority.rank).alignment = Alignment(horizontal="left", vertical="top")
        put_text(ws, row, 2, priority.element_id)
        put_text(ws, row, 3, priority.title)
        put_text(ws, row, 4, "; ".join(priority.reasons))
    _finish(ws)


# -- Cost ----------------------------------------------------------------------------------------


def _cost(ws: Any, report: Report) -> None:
    widths = {"A": 40, "B": 14, "C": 110}
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width
    heading(ws, 1, "Cost of turnover", columns=3, font=TITLE_FONT)
    intro = _intro(report, COST)
    if intro:
        _note(ws, 2, intro, 3)
    if report.cost is None:
        put_text(ws, 3, 1, report.cost_withheld or "The cost of turnover is not estimated.", wrap=False)
    else:
        _estimate(ws, report.cost)
    _finish(ws)


def _estimate(ws: Any, cost: CostEstimate) -> None:
    lines = cost.lines()
    put_text(ws, 3, 1, lines[0], wrap=False).font = BOLD
    header_row(ws, {"A": "Part", "B": "Amount", "C": "How it was worked out"}, {}, row=5)
    ws["B5"].alignment = _RIGHT_TOP_WRAP
    row = 6
    for part in cost.parts:
        put_text(ws, row, 1, part.name)
        _pounds(ws, row, 2, part.amount)
        put_text(ws, row, 3, part.working)
        row += 1
    put_text(ws, row, 1, "Total").font = BOLD
    _pounds(ws, row, 2, cost.total).font = BOLD
    row += 2
    heading(ws, row, "Assumptions", columns=3)
    row += 1
    for line in cost.assumptions.lines():
        put_text(ws, row, 1, line, wrap=False)
        row += 1
    row += 1
    put_text(
        ws,
        row,
        1,
        "Amounts are worked out exactly and shown to the nearest pound. The departures are the "
        "published count for the period.",
        wrap=False,
    )


def _pounds(ws: Any, row: int, column: int, amount: Decimal) -> Any:
    cell = ws.cell(row=row, column=column, value=amount)  # exact; shown to the pound
    cell.number_format = _POUNDS_FORMAT
    cell.alignment = _RIGHT_TOP
    return cell


# -- saving --------------------------------------------------------------------------------------


class _StampedZip(zipfile.ZipFile):
    """A zip archive whose entries all carry one time, so the same workbook is the same file."""

    def __init__(self, path: Path, stamp: datetime.datetime) -> None:
        super().__init__(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        year = min(max(stamp.year, 1980), 2107)  # what a zip entry's date can hold
        self._stamp = (year, stamp.month, stamp.day, 0, 0, 0)

    def writestr(
        self,
        zinfo_or_arcname: str | zipfile.ZipInfo,
        data: Any,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        if isinstance(zinfo_or_arcname, str):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=self._stamp)
            info.compress_type = self.compression
            info.external_attr = 0o600 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(
        self,
        filename: str | os.PathLike[str],
        arcname: str | os.PathLike[str] | None = None,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        # openpyxl writes each worksheet from a temporary file, which carries the time it was made.
        data = Path(filename).read_bytes()
        name = os.fspath(filename if arcname is None else arcname)
        self.writestr(name, data, compress_type, compresslevel)


def _save(wb: Any, path: Path, made: datetime.datetime) -> None:
    """Save ``wb`` as ``Workbook.save`` does, but keeping ``made`` as its only time."""
    with staged_beside(path):
        archive = _StampedZip(path, made)
        try:
            ExcelWriter(wb, archive).save()  # Workbook.save would stamp the time of saving
        finally:
            archive.close()
