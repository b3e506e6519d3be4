"""The audit workbook's *Exit interview insights* sheet: themes, stages and ranked elements."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fosterkit.plugins import SUPPRESSED, Insights, raised_text, shown
from fosterkit_excel.audit_styles import (
    BOLD,
    LEFT_TOP,
    TITLE_FONT,
    fit_rows,
    heading,
    print_setup,
    put_number,
    put_text,
)

__all__ = ["write_insights"]


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
    """Fill ``ws`` with the exit interview insights: summary, themes, stages and ranked elements."""
    for letter, width in {"A": 40, "B": 12, "C": 45, "D": 10, "E": 10, "F": 60}.items():
        ws.column_dimensions[letter].width = width
    heading(ws, 1, "Exit interview insights", columns=6, font=TITLE_FONT)
    period = f"{insights.start.strftime('%d/%m/%Y')} to {insights.end.strftime('%d/%m/%Y')}"
    put_text(ws, 1, 2, period, wrap=False).font = BOLD

    heading(ws, 3, "Summary", columns=2)
    summary = [
        ("Households that left", insights.departures),
        ("Exit interviews held", insights.interviewed),
        ("Said the move could have been prevented", insights.preventable),
        ("Answered whether it could have been prevented", insights.preventable_base),
    ]
    row = 4
    for label, count in summary:
        put_text(ws, row, 1, label)
        _count(ws, row, 2, count)
        row += 1
    put_text(ws, row, 1, "Percentage who said it could have been prevented")
    if insights.preventable_percent is not None:
        cell = put_number(ws, row, 2, round(insights.preventable_percent, 1))
        cell.number_format = "0.0"
        cell.alignment = LEFT_TOP
    elif insights.preventable_base == 0:
        put_text(ws, row, 2, "none answered", wrap=False)
    else:
        put_text(ws, row, 2, str(SUPPRESSED), wrap=False)
    row += 2

    heading(ws, row, "Reasons for leaving, by theme", columns=3)
    row += 1
    _table_header(ws, row, ("Theme", "Main reason", "Mentioned"))
    row += 1
    for theme in insights.themes:
        put_text(ws, row, 1, theme.label)
        _count(ws, row, 2, theme.primary)
        _count(ws, row, 3, theme.mentioned)
        row += 1
    row += 1
    if insights.stages:
        row = _stages(ws, row, insights)

    heading(ws, row, "Key principles and recommendations ranked by the reasons they address", columns=6)
    row += 1
    _table_header(ws, row, ("Rank", "Id", "Title", "Score", "Leavers", "Reasons behind it"))
    row += 1
    for element in insights.elements:
        put_number(ws, row, 1, element.rank).alignment = LEFT_TOP
        put_text(ws, row, 2, element.element_id)
        put_text(ws, row, 3, element.title)
        score = put_number(ws, row, 4, element.score)
        score.number_format = "0.00"
        score.alignment = LEFT_TOP
        _count(ws, row, 5, element.leavers)
        reasons = "; ".join(
            f"{r.label} ({shown(r.leavers)}{', ' + raised_text(r.raised_at) if r.raised_at else ''})"
            for r in element.reasons
        )
        put_text(ws, row, 6, reasons)
        row += 1
    row += 1

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
        f"{SUPPRESSED} marks a count from 1 to {insights.threshold}, held back so that no one can be "
        "identified from it.",
    )
    fit_rows(ws)
    print_setup(ws)


def _stages(ws: Any, row: int, insights: Insights) -> int:
    """The themes by where each reason was raised, from ``row``; returns the next free row."""
    heading(ws, row, "Reasons for leaving, by where they were raised", columns=4)
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
    return row + 2


def _table_header(ws: Any, row: int, titles: Sequence[str]) -> None:
    for column, title in enumerate(titles, start=1):
        put_text(ws, row, column, title).font = BOLD


def _wide_text(ws: Any, row: int, text: str) -> None:
    """A paragraph across columns A-F, with its row tall enough to show it."""
    put_text(ws, row, 1, text)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
    lines = sum(1 + len(part) // 160 for part in text.split("\n"))
    ws.row_dimensions[row].height = 15 * lines
