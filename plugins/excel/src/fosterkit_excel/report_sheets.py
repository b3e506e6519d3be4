"""The report's sheets that are not tables of counts: Figures, Compared, Priorities and Cost.

Each prints with its header row repeated on every page it runs over.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from openpyxl.styles import Alignment  # type: ignore[import-untyped, unused-ignore]

from fosterkit.plugins import SUPPRESSED, CostEstimate, Figure, Priority, Report
from fosterkit_excel.audit_styles import BOLD, TITLE_FONT, header_row, heading, put_number, put_text
from fosterkit_excel.report_names import (
    COMPARED,
    COST,
    sheet_intro,
)
from fosterkit_excel.report_paging import finish_sheet
from fosterkit_excel.report_tables import COUNT_FORMAT, RIGHT_TOP, RIGHT_TOP_WRAP, put_count, wide_note

__all__ = ["write_compared", "write_cost", "write_figures", "write_priorities"]

_PERCENT_FORMAT = "0.0"
_POUNDS_FORMAT = "£#,##0"
_UNITS = {"count": "count", "percent": "per cent"}


def write_figures(ws: Any, figures: Sequence[Figure], intro: str = "") -> None:
    """Fill the Figures sheet: each rate or share, its value (``[c]`` if not shown) and unit."""
    heading(ws, 1, "Figures", columns=3, font=TITLE_FONT)
    first = 3
    if intro:
        ws.column_dimensions["A"].width = 70
        wide_note(ws, 3, intro, 3)
        first = 5
    header_row(ws, {"A": "Figure", "B": "Value", "C": "Unit"}, {"A": 70, "B": 12, "C": 12}, row=first)
    ws[f"B{first}"].alignment = RIGHT_TOP_WRAP
    row = first + 1
    for figure in figures:
        put_text(ws, row, 1, figure.label)
        if figure.value is None or figure.value is SUPPRESSED:  # cannot be worked out, or suppressed
            put_text(ws, row, 2, str(SUPPRESSED), wrap=False).alignment = RIGHT_TOP
        else:
            cell = put_number(ws, row, 2, figure.value)
            cell.number_format = _PERCENT_FORMAT if figure.unit == "percent" else COUNT_FORMAT
            cell.alignment = RIGHT_TOP
        put_text(ws, row, 3, _UNITS.get(figure.unit, figure.unit))
        row += 1
    row += 1
    put_text(
        ws,
        row,
        1,
        f"{SUPPRESSED}: not shown, because a count it needs is suppressed (or it cannot be worked "
        "out, such as a share of none).",
    )
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
    finish_sheet(ws, header=first)


_CHANGE_FORMAT = "+#,##0;-#,##0;0"
_NOT_WORKED_OUT = "\u2013"  # an en dash: a hyphen would be taken for the start of a formula


def write_compared(ws: Any, report: Report) -> None:
    """This period beside the previous one: each count as its own publication shows it, and the change."""
    comparison = report.comparison
    widths = {"A": 70, "B": 24, "C": 24, "D": 12}
    heading(ws, 1, "Compared with the previous period", columns=4, font=TITLE_FONT)
    row = 2
    intro = sheet_intro(report, COMPARED)
    if intro:
        for letter, width in widths.items():
            ws.column_dimensions[letter].width = width
        wide_note(ws, row, intro, 4)
        row += 1
    if comparison is None:  # not reached: the sheet is left out without a comparison
        finish_sheet(ws)
        return
    row += 1
    titles = {"A": "Count", "B": comparison.previous_label, "C": comparison.period_label, "D": "Change"}
    header_row(ws, titles, widths, row=row)
    for column in range(2, 5):
        ws.cell(row=row, column=column).alignment = RIGHT_TOP_WRAP
    first = row + 1
    for here, line in enumerate(comparison.counts, start=first):
        put_text(ws, here, 1, line.label)
        put_count(ws, here, 2, line.previous)
        put_count(ws, here, 3, line.current)
        change = line.change
        if change is None:
            put_text(ws, here, 4, _NOT_WORKED_OUT, wrap=False).alignment = RIGHT_TOP
        else:
            cell = put_number(ws, here, 4, change)
            cell.number_format = _CHANGE_FORMAT
            cell.alignment = RIGHT_TOP
    row = first + len(comparison.counts) + 1
    put_text(
        ws,
        row,
        1,
        f"{SUPPRESSED}: suppressed in that period's own publication. {_NOT_WORKED_OUT}: no change is "
        "worked out where either count is suppressed.",
    )
    finish_sheet(ws, header=first - 1)


# -- Priorities ----------------------------------------------------------------------------------


def write_priorities(ws: Any, priorities: Sequence[Priority], intro: str = "") -> None:
    """Fill the Priorities sheet: principles and recommendations by rank, with the reasons behind each."""
    heading(ws, 1, "Priorities", columns=4, font=TITLE_FONT)
    if intro:
        ws.column_dimensions["A"].width = 8
        for letter, width in {"B": 12, "C": 60, "D": 70}.items():
            ws.column_dimensions[letter].width = width
        wide_note(ws, 3, intro, 4)
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
    finish_sheet(ws, header=4)


# -- Cost ----------------------------------------------------------------------------------------


def write_cost(ws: Any, report: Report) -> None:
    """Fill the Cost sheet: the estimate with its working and assumptions, or why there is none."""
    widths = {"A": 40, "B": 14, "C": 110}
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width
    heading(ws, 1, "Cost of turnover", columns=3, font=TITLE_FONT)
    intro = sheet_intro(report, COST)
    if intro:
        wide_note(ws, 2, intro, 3)
    if report.cost is None:
        put_text(ws, 3, 1, report.cost_withheld or "The cost of turnover is not estimated.", wrap=False)
    else:
        _estimate(ws, report.cost)
    finish_sheet(ws)


def _estimate(ws: Any, cost: CostEstimate) -> None:
    lines = cost.lines()
    put_text(ws, 3, 1, lines[0], wrap=False).font = BOLD
    header_row(ws, {"A": "Part", "B": "Amount", "C": "How it was worked out"}, {}, row=5)
    ws["B5"].alignment = RIGHT_TOP_WRAP
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
    cell.alignment = RIGHT_TOP
    return cell
