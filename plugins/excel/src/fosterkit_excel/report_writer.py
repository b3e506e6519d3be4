"""Writing the retention report workbook: the published tables, figures, priorities and cost, with charts.

The sheets follow the report's audience (``report.sections``): a sheet with nothing for the
audience is left out, and the Start here sheet says who the report is for and lists the sheets it
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

Each chart plots a small "chart data" block written under it, not the table cells
(:mod:`fosterkit_excel.report_charts`): a suppressed count is a blank there, drawn as a gap. A
table with nothing to show collapses to one line (:mod:`fosterkit_excel.report_tables`). Each
sheet prints portrait or landscape as its width fits, with each table and chart kept on one page
(:mod:`fosterkit_excel.report_paging`).

The file is the same, byte for byte, each time the same report is written: the only date in it
is ``report.made_on`` (the document properties and the zip entries carry it, at midnight).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from attrs import frozen
from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped, unused-ignore]

from fosterkit.plugins import (
    Publication,
    PublishedTable,
    Report,
)
from fosterkit_excel.audit_styles import (
    BOLD,
    TITLE_FONT,
    fit_rows,
    header_row,
    heading,
    put_text,
)
from fosterkit_excel.print_layout import finish_printing
from fosterkit_excel.report_about import write_about, write_withheld
from fosterkit_excel.report_charts import (
    THEME_CHART_TITLE,
    TREND_CHART_TITLE,
    bar_chart,
    line_chart,
    period_name,
)
from fosterkit_excel.report_names import (
    ABOUT,
    COMPARED,
    CONVERSATIONS,
    COST,
    FIGURES,
    LEAVERS,
    PRIORITIES,
    PROCESS,
    SHEETS,
    THEMES,
    TREND,
    YOU_SAID,
    sheet_intro,
)
from fosterkit_excel.report_paging import finish_sheet, print_sheet, spans
from fosterkit_excel.report_saving import save_stamped
from fosterkit_excel.report_sheets import write_compared, write_cost, write_figures, write_priorities
from fosterkit_excel.report_tables import (
    TOTAL,
    column_points,
    merged_text,
    row_points,
    tall_enough,
    wide_note,
    write_tables,
)

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


_THEME_AXIS = "Theme of the main reason"
_PERIOD_AXIS = "Period"
_THEME_DATA_TITLE = (
    "Chart data: departures by theme of the main reason (largest first; a blank is a suppressed "
    "count, not drawn)"
)
_TREND_DATA_TITLE = "Chart data: departures by period (a blank is a suppressed count, not drawn)"
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
        ABOUT: lambda ws: write_about(ws, report, present),
        FIGURES: lambda ws: write_figures(ws, publication.figures, sheet_intro(report, FIGURES)),
        LEAVERS: lambda ws: _leavers(ws, publication, tables.leavers, sheet_intro(report, LEAVERS)),
        THEMES: lambda ws: _themes(ws, publication, tables.themes, sheet_intro(report, THEMES)),
        TREND: lambda ws: _trend(ws, publication, sheet_intro(report, TREND)),
        COMPARED: lambda ws: write_compared(ws, report),
        PROCESS: lambda ws: _tables_sheet(ws, "The exit-interview process", report, tables.process, PROCESS),
        YOU_SAID: lambda ws: _you_said(ws, report, tables.you_said),
        CONVERSATIONS: lambda ws: _tables_sheet(
            ws, "Conversations before notice", report, tables.conversations, CONVERSATIONS
        ),
        PRIORITIES: lambda ws: write_priorities(ws, report.priorities, sheet_intro(report, PRIORITIES)),
        COST: lambda ws: write_cost(ws, report),
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
    finish_printing(wb, service)
    save_stamped(wb, path, made)


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
    wide_note(ws, 3, intro, span)
    return span, 5


def _widest(tables: Iterable[PublishedTable]) -> int:
    return max((1 + len(t.columns) for t in tables), default=2)


# -- Leavers, Themes and Trend -------------------------------------------------------------------


def _leavers(ws: Any, publication: Publication, tables: Sequence[PublishedTable], intro: str = "") -> None:
    span, row = _table_sheet(ws, "Leavers", publication, _widest(tables), intro)
    written, row = write_tables(ws, row, tables, span)
    heading(ws, row, "Tables left out", columns=2)
    end = write_withheld(ws, row + 1, publication.withheld)
    finish_sheet(ws, [*spans(written), (row, end - 1)])


def _main_trend(publication: Publication) -> PublishedTable | None:
    return next((t for t in publication.tables if t.name == "main_theme_trend"), None)


def _trend(ws: Any, publication: Publication, intro: str = "") -> None:
    """Fill the Trend sheet; the chart plots the total row of ``main_theme_trend``, if there is one."""
    tables = [t for name in _TREND_TABLES for t in publication.tables if t.name == name]
    span, row = _table_sheet(ws, "Reasons for leaving, period by period", publication, _widest(tables), intro)
    if not tables:
        put_text(ws, row, 1, "There is no trend in this report.", wrap=False)
    main = _main_trend(publication)
    points = row_points(main, TOTAL) if main is not None and any(r.code == TOTAL for r in main.rows) else []
    charts = []
    if points:
        named = [(period_name(label), count) for label, count in points]
        chart = line_chart(
            ws,
            row,
            named,
            title=TREND_CHART_TITLE,
            category=_PERIOD_AXIS,
            data_title=_TREND_DATA_TITLE,
            span=span,
        )
        charts.append(chart)
        row = chart.next_row
    written, _row = write_tables(ws, row, tables, span)
    finish_sheet(ws, spans(written, *charts))


def _themes(ws: Any, publication: Publication, tables: Sequence[PublishedTable], intro: str = "") -> None:
    """Fill the Themes sheet; the chart plots the first main-theme table, or else this period's trend."""
    span, row = _table_sheet(ws, "Reasons for leaving, by theme", publication, _widest(tables), intro)
    main = next((t for t in tables if t.name == "main_theme" or t.name.startswith("main_theme_by_")), None)
    trend = _main_trend(publication)
    points: list[tuple[str, object]] = []
    if main is not None:
        total = next((c.code for c in main.columns if c.code == TOTAL or len(main.columns) == 1), None)
        points = column_points(main, total) if total is not None else []
    elif trend is not None and trend.columns:
        # Without a main-theme table, this period's column of the trend (its last column).
        points = column_points(trend, trend.columns[-1].code)
    if main is None:
        also = f"; the chart shows this period's column of the trend (sheet {TREND})" if points else ""
        put_text(ws, row, 1, f"No breakdown by theme was chosen for this report{also}.", wrap=False)
        row += 2
    charts = []
    if points:
        chart = bar_chart(
            ws,
            row,
            points,
            title=THEME_CHART_TITLE,
            category=_THEME_AXIS,
            data_title=_THEME_DATA_TITLE,
            span=span,
        )
        charts.append(chart)
        row = chart.next_row
    written, _row = write_tables(ws, row, tables, span)
    finish_sheet(ws, spans(written, *charts))


# -- Process, Conversations, You said, we did, Compared -------------------------------------------


def _tables_sheet(ws: Any, title: str, report: Report, tables: Sequence[PublishedTable], sheet: str) -> None:
    """A sheet of ``tables`` under ``title``, opened by the introduction to ``sheet``'s sections."""
    span, row = _table_sheet(ws, title, report.publication, _widest(tables), sheet_intro(report, sheet))
    written, _row = write_tables(ws, row, tables, span)
    finish_sheet(ws, spans(written))


def _you_said(ws: Any, report: Report, tables: Sequence[PublishedTable]) -> None:
    """The suggestions by theme and what became of them, then what the service did, in its words.

    Each change is a row: its theme, what became of it, and the service's summary across the
    remaining columns (at least wide enough to read), its row tall enough to show it all.
    """
    publication = report.publication
    widest = max(3, _widest(tables))
    span, row = _table_sheet(ws, "You said, we did", publication, widest, sheet_intro(report, YOU_SAID))
    written, row = write_tables(ws, row, tables, span)
    heading(ws, row, "What the service did", columns=span)
    row += 1
    if not publication.changes:
        put_text(ws, row, 1, "The service published no summary of a change for this period.", wrap=False)
        finish_sheet(ws, [*spans(written), (row - 1, row)])
        return
    if span == 3:  # no table beside it: the summary has column C to itself
        ws.column_dimensions["C"].width = 80
    header_row(ws, {"A": "Theme", "B": "What became of it", "C": "What the service did"}, {}, row=row)
    if span > 3:
        ws.merge_cells(start_row=row, start_column=3, end_row=row, end_column=span)
    for here, change in enumerate(publication.changes, start=row + 1):
        put_text(ws, here, 1, change.theme_label)
        put_text(ws, here, 2, change.outcome_label)
        merged_text(ws, here, 3, span, change.summary)
    fit_rows(ws)
    for here, change in enumerate(publication.changes, start=row + 1):  # fit_rows sees only A and B
        tall_enough(ws, here, 3, span, change.summary)
    print_sheet(ws, [*spans(written), (row - 1, row + min(3, len(publication.changes)))])
