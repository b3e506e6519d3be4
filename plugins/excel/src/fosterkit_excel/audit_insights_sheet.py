"""The audit workbook's *Exit interview insights* sheet: themes (with a chart), stages and ranked elements.

A count held back (1 to the threshold) is ``[c]`` alone in its cell, with the key at the foot of
the sheet; in running text it is written out ("fewer than 6"). The percentage is a real one: a
fraction shown as ``52.4%``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openpyxl.utils import get_column_letter  # type: ignore[import-untyped, unused-ignore]
from openpyxl.worksheet.pagebreak import Break  # type: ignore[import-untyped, unused-ignore]

from fosterkit.plugins import SUPPRESSED, Insights, raised_text
from fosterkit_excel.audit_styles import (
    BOLD,
    LEFT_TOP,
    TITLE_FONT,
    fit_rows,
    header_row,
    heading,
    print_setup,
    put_number,
    put_text,
)
from fosterkit_excel.report_charts import bar_chart
from fosterkit_excel.report_paging import keep_together

__all__ = ["THEME_CHART", "write_insights"]


def _count(ws: Any, row: int, column: int, count: object) -> None:
    """A count, or ``[c]`` in its place, aligned left so short tables read easily.

    Counts are ``int | Suppressed``; the plugin API names only the marker, so ``count`` is typed
    ``object`` and anything else raises ``TypeError``.
    """
    if isinstance(count, int) and not isinstance(count, bool):
        put_number(ws, row, column, count).alignment = LEFT_TOP
    elif count is SUPPRESSED:
        put_text(ws, row, column, str(SUPPRESSED), wrap=False).alignment = LEFT_TOP
    else:
        raise TypeError(f"a count is an int or SUPPRESSED, not {count!r}")


def write_insights(ws: Any, insights: Insights) -> None:
    """Fill ``ws`` with the exit interview insights: summary, themes with a chart, stages, ranked elements.

    Printed landscape, one page wide, each table and the chart on one page; the ranked elements
    start a page, and their header repeats on each page they run over.
    """
    for letter, width in _WIDTHS.items():
        ws.column_dimensions[letter].width = width
    heading(ws, 1, "Exit interview insights", columns=6, font=TITLE_FONT)
    period = f"{insights.start.strftime('%d/%m/%Y')} to {insights.end.strftime('%d/%m/%Y')}"
    put_text(ws, 1, 2, period, wrap=False).font = BOLD
    blocks: list[tuple[int, int]] = []
    row = _summary(ws, 3, insights, blocks)
    row = _themes(ws, row, insights, blocks)
    if insights.stages:
        row = _stages(ws, row, insights, blocks)
    elements, row = _elements(ws, row, insights)
    if insights.notes:
        heading(ws, row, "Notes", columns=6)
        row += 1
        for note in insights.notes:
            _wide_text(ws, row, note)
            row += 1
        row += 1
    _wide_text(
        ws,
        row,
        f"{SUPPRESSED} marks {_held_back(insights)}, held back so that no one can be identified from it.",
    )
    fit_rows(ws)
    ws.row_dimensions[1].height = 24  # room for the title
    print_setup(ws, title_rows=f"{elements}:{elements + 1}")
    ws.page_setup.orientation = "landscape"
    keep_together(ws, blocks)
    ws.row_breaks.append(Break(id=elements - 1))  # the ranked elements start a page, their header repeated


#: Column widths: within what a landscape page prints at 9 pt or more once fitted to its width.
_WIDTHS = {"A": 40, "B": 12, "C": 45, "D": 10, "E": 10, "F": 60}


def _held_back(insights: Insights) -> str:
    return f"a count from 1 to {insights.threshold}"


def _summary(ws: Any, row: int, insights: Insights, blocks: list[tuple[int, int]]) -> int:
    """The summary counts and the share who said leaving could have been prevented; the next free row."""
    heading(ws, row, "Summary", columns=2)
    first = row
    row += 1
    summary = [
        ("Households that left", insights.departures),
        ("Exit interviews held", insights.interviewed),
        ("Said the move could have been prevented", insights.preventable),
        ("Answered whether it could have been prevented", insights.preventable_base),
    ]
    for label, count in summary:
        put_text(ws, row, 1, label)
        _count(ws, row, 2, count)
        row += 1
    put_text(ws, row, 1, "Percentage who said it could have been prevented")
    if insights.preventable_percent is not None:
        cell = put_number(ws, row, 2, insights.preventable_percent / 100)  # a fraction, shown as 52.4%
        cell.number_format = "0.0%"
        cell.alignment = LEFT_TOP
    elif insights.preventable_base == 0:
        put_text(ws, row, 2, "none answered", wrap=False)
    else:
        put_text(ws, row, 2, str(SUPPRESSED), wrap=False).alignment = LEFT_TOP
    blocks.append((first, row))
    return row + 2


def _themes(ws: Any, row: int, insights: Insights, blocks: list[tuple[int, int]]) -> int:
    """The themes table, then a chart of the main reasons under it; returns the next free row."""
    heading(ws, row, "Reasons for leaving, by theme", columns=3)
    first = row
    _table_header(ws, row + 1, ("Theme", "Main reason", "Mentioned"))
    row += 2
    for theme in insights.themes:
        put_text(ws, row, 1, theme.label)
        _count(ws, row, 2, theme.primary)
        _count(ws, row, 3, theme.mentioned)
        row += 1
    if not insights.themes:
        blocks.append((first, row - 1))
        return row + 1
    chart = bar_chart(  # beside the table
        ws,
        first,
        [(theme.label, theme.primary) for theme in insights.themes],
        title=THEME_CHART,
        category="Theme of the main reason",
        data_title=(
            "Chart data: leavers by theme of the main reason (largest first; a blank is a count "
            "held back, not drawn)"
        ),
        span=6,
        column=4,
        width=14.5,
        note=(
            f"A theme with no bar and no number has {_held_back(insights)}, held back so that no one "
            f"can be identified. The table shows it as {SUPPRESSED}; its cell in the chart "
            "data is blank."
        ),
    )
    blocks += [(first, max(chart.last, row - 1)), (chart.last + 2, chart.next_row - 2)]
    return chart.next_row


#: The title of the insights sheet's chart.
THEME_CHART = "Leavers by theme of the main reason"


def _elements(ws: Any, row: int, insights: Insights) -> tuple[int, int]:
    """The ranked principles and recommendations from ``row``: returns ``row`` and the next free row."""
    heading(ws, row, "Key principles and recommendations ranked by the reasons they address", columns=6)
    _table_header(ws, row + 1, ("Rank", "Id", "Title", "Score", "Leavers", "Reasons behind it"))
    here = row + 2
    for element in insights.elements:
        put_number(ws, here, 1, element.rank).alignment = LEFT_TOP
        put_text(ws, here, 2, element.element_id)
        put_text(ws, here, 3, element.title)
        score = put_number(ws, here, 4, element.score)
        score.number_format = "0.00"
        score.alignment = LEFT_TOP
        _count(ws, here, 5, element.leavers)
        put_text(ws, here, 6, "; ".join(_reason(r, insights.threshold) for r in element.reasons))
        here += 1
    return row, here + 1


def _reason(reason: Any, threshold: int) -> str:
    """A reason (a ``ReasonCount``), how many leavers gave it and where: ``Fees (fewer than 6, stage 1)``."""
    count = f"fewer than {threshold + 1}" if reason.leavers is SUPPRESSED else str(reason.leavers)
    raised = f", {raised_text(reason.raised_at)}" if reason.raised_at else ""
    return f"{reason.label} ({count}{raised})"


def _stages(ws: Any, row: int, insights: Insights, blocks: list[tuple[int, int]]) -> int:
    """The themes by where each reason was raised, from ``row``; returns the next free row."""
    heading(ws, row, "Reasons for leaving, by where they were raised", columns=4)
    first = row
    row += 1
    _table_header(ws, row, ("Theme", "Stage 1 interview", "Stage 2 interview", "Departure record only"))
    row += 1
    for stage in insights.stages:
        put_text(ws, row, 1, stage.label)
        _count(ws, row, 2, stage.stage_1)
        _count(ws, row, 3, stage.stage_2)
        _count(ws, row, 4, stage.stated)
        row += 1
    _wide_text(
        ws,
        row,
        "A reason raised at both interview stages counts in both columns. Departure record only: the "
        "reasons recorded when the household left, counted only where no interview gave a reason.",
    )
    blocks.append((first, row))
    return row + 2


def _table_header(ws: Any, row: int, titles: Sequence[str]) -> None:
    """A table's header row, bold and shaded as every workbook's headers are."""
    header_row(
        ws, {get_column_letter(column): title for column, title in enumerate(titles, start=1)}, {}, row=row
    )


def _wide_text(ws: Any, row: int, text: str) -> None:
    """A paragraph across columns A-F, with its row tall enough to show it."""
    put_text(ws, row, 1, text)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
    lines = sum(1 + len(part) // 160 for part in text.split("\n"))
    ws.row_dimensions[row].height = 15 * lines
