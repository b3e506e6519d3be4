"""The report's tables as blocks of cells: a title row, a header row, then a row for each line.

A suppressed count is the text ``[c]``, right-aligned like the numbers beside it; every other
count is a number. A table with nothing to show (every count suppressed or zero) is not laid out
as pages of ``[c]`` and ``0``: it collapses to one line that names it and says why
(:func:`collapsed_text`), so the reader still learns that the table exists.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from attrs import frozen
from openpyxl.styles import Alignment  # type: ignore[import-untyped, unused-ignore]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped, unused-ignore]

from fosterkit.plugins import SUPPRESSED, PublishedTable
from fosterkit_excel.audit_styles import BOLD, header_row, heading, put_number, put_text

__all__ = [
    "COUNT_FORMAT",
    "RIGHT_TOP",
    "RIGHT_TOP_WRAP",
    "TOTAL",
    "TableBlock",
    "collapsed_text",
    "column_points",
    "merged_text",
    "put_count",
    "row_points",
    "tall_enough",
    "wide_note",
    "write_table",
    "write_tables",
]

#: The code of every total row and column of a published table.
TOTAL: Final = "total"
COUNT_FORMAT: Final = "#,##0"
RIGHT_TOP: Final = Alignment(horizontal="right", vertical="top")
RIGHT_TOP_WRAP: Final = Alignment(horizontal="right", vertical="top", wrap_text=True)


@frozen
class TableBlock:
    """Where a table was written: its worksheet, its title row and last row, and its header row.

    ``header`` and ``first`` (the first row of counts) are 0 for a collapsed table.
    """

    ws: Any
    table: PublishedTable
    title: int
    header: int
    first: int
    end: int


def _counts(table: PublishedTable) -> list[object]:
    return [count for line in table.counts for count in line]


def collapsed_text(table: PublishedTable) -> str | None:
    """The one line ``table`` collapses to when it has nothing to show, else ``None``.

    A table has nothing to show when no count in it is a number above zero: each is suppressed,
    or zero (as every total is when all the rest are suppressed).
    """
    counts = _counts(table)
    if not counts or any(c is not SUPPRESSED and isinstance(c, int) and c > 0 for c in counts):
        return None
    if all(c is SUPPRESSED for c in counts):
        why = "every count is small enough to identify someone, or would let such a count be worked out"
    elif any(c is SUPPRESSED for c in counts):
        why = (
            "every count is zero, or small enough to identify someone, or would let such a count be "
            "worked out"
        )
    else:
        why = "every count is zero"
    return f"{table.title}: {why}, so none is shown."


def column_points(table: PublishedTable, column: str) -> list[tuple[str, object]]:
    """The rows of ``table`` before its total row, with their counts in ``column``."""
    return [(line.label, table.count(line.code, column)) for line in table.rows[: _parts(table)]]


def row_points(table: PublishedTable, row: str) -> list[tuple[str, object]]:
    """The columns of ``table`` other than its total column, with their counts in ``row``."""
    return [(line.label, table.count(row, line.code)) for line in table.columns if line.code != TOTAL]


def _parts(table: PublishedTable) -> int:
    """How many rows ``table`` has before its total row."""
    codes = [line.code for line in table.rows]
    return codes.index(TOTAL) if TOTAL in codes else len(codes)


def put_count(ws: Any, row: int, column: int, count: object) -> Any:
    """A count as a number, or ``[c]`` in its place; both right-aligned, as figures are.

    Counts are ``int | Suppressed``; the plugin API names only the marker, so ``count`` is typed
    ``object`` and anything else raises ``TypeError``.
    """
    if isinstance(count, int) and not isinstance(count, bool):
        cell = put_number(ws, row, column, count)
        cell.number_format = COUNT_FORMAT
    elif count is SUPPRESSED:
        cell = put_text(ws, row, column, str(SUPPRESSED), wrap=False)
    else:
        raise TypeError(f"a count is an int or SUPPRESSED, not {count!r}")
    cell.alignment = RIGHT_TOP
    return cell


def write_table(ws: Any, row: int, table: PublishedTable, span: int) -> tuple[TableBlock, int]:
    """Write ``table`` from ``row``; returns where it went and the next free row (after a gap).

    Its notes wrap across the first ``span`` columns (those the sheet sizes), so none runs off the
    printed page and shrinks the print. A table with nothing to show is one line instead.
    """
    collapsed = collapsed_text(table)
    if collapsed is not None:
        wide_note(ws, row, collapsed, span)
        ws.cell(row=row, column=1).font = BOLD
        return TableBlock(ws, table, row, 0, 0, row), row + 2
    width = 1 + len(table.columns)
    heading(ws, row, table.title, columns=width)
    titles = {"A": table.row_heading} | {
        get_column_letter(column): line.label for column, line in enumerate(table.columns, start=2)
    }
    header_row(ws, titles, {}, row=row + 1)
    for column in range(2, width + 1):
        ws.cell(row=row + 1, column=column).alignment = RIGHT_TOP_WRAP
    first = row + 2
    for here, (line, counts) in enumerate(zip(table.rows, table.counts, strict=True), start=first):
        label = put_text(ws, here, 1, line.label)
        total = line.code == TOTAL
        if total:
            label.font = BOLD
        for column, count in enumerate(counts, start=2):
            cell = put_count(ws, here, column, count)
            if total or table.columns[column - 2].code == TOTAL:
                cell.font = BOLD
    end = first + len(table.rows) - 1
    for note in table.notes:
        end += 1
        wide_note(ws, end, note, span)
    return TableBlock(ws, table, row, row + 1, first, end), end + 2


def write_tables(
    ws: Any, row: int, tables: Iterable[PublishedTable], span: int
) -> tuple[list[TableBlock], int]:
    """Write each of ``tables`` from ``row``, one under another; returns them and the next free row."""
    blocks = []
    for table in tables:
        block, row = write_table(ws, row, table, span)
        blocks.append(block)
    return blocks, row


def wide_note(ws: Any, row: int, text: str, span: int) -> None:
    """A paragraph wrapped across columns A to ``span``, its row tall enough to show it."""
    merged_text(ws, row, 1, max(2, span), text)


def merged_text(ws: Any, row: int, first: int, last: int, text: str) -> None:
    """``text`` wrapped across columns ``first`` to ``last`` of ``row``, the row tall enough for it."""
    put_text(ws, row, first, text)
    if last > first:
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    tall_enough(ws, row, first, last, text)


def tall_enough(ws: Any, row: int, first: int, last: int, text: str) -> None:
    """Make ``row`` tall enough for ``text`` wrapped across columns ``first`` to ``last`` (never lower)."""
    width = sum(ws.column_dimensions[get_column_letter(c)].width or 10 for c in range(first, last + 1))
    per_line = max(1, int(width * 1.1) - 1)  # as fit_rows reckons, a little tighter for a merged cell
    height = 15 * -(-len(text) // per_line)
    ws.row_dimensions[row].height = max(height, ws.row_dimensions[row].height or 0)
