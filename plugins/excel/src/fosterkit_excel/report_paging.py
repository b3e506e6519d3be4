"""Where a sheet of tables and charts breaks between printed pages, and which way up it prints.

A printed table or chart is read whole: :func:`keep_together` puts a page break before a block of
rows (a table, a chart with its note) that would otherwise run over the foot of a page, when the
block fits on a page of its own. It reckons as LibreOffice and Excel print a sheet set to one page
wide (:func:`fosterkit_excel.print_layout.finish_printing`): every row at its height, scaled by
the page's width over the width of the sheet's columns.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Final

from openpyxl.utils import get_column_letter  # type: ignore[import-untyped, unused-ignore]
from openpyxl.worksheet.pagebreak import Break  # type: ignore[import-untyped, unused-ignore]

from fosterkit_excel.audit_styles import fit_rows, print_setup
from fosterkit_excel.print_layout import print_scale
from fosterkit_excel.report_charts import Placed
from fosterkit_excel.report_tables import TableBlock

__all__ = [
    "DEFAULT_ROW",
    "choose_orientation",
    "finish_sheet",
    "keep_together",
    "print_sheet",
    "row_height",
    "sheet_width",
    "spans",
]

#: The height, in points, of a row with no height of its own.
DEFAULT_ROW: Final = 15.0
#: The width of a column with no width of its own, in the units column widths are given in.
_DEFAULT_WIDTH = 8.43
#: The height, in points, that an A4 page has for rows at full size (less the margins), by orientation.
_PAGE_POINTS = {"landscape": 595.0 - 144.0, "portrait": 842.0 - 144.0}
#: Room kept spare on each page, for rows that print a little taller than reckoned.
_SPARE = 0.97
#: A sheet at most this wide prints portrait, nearly full size; a wider one prints landscape.
_PORTRAIT_WIDEST = 105.0


def sheet_width(ws: Any) -> float:
    """The width of the columns in use on ``ws``, in column-width units."""
    total = 0.0
    for column in range(1, ws.max_column + 1):
        dimension = ws.column_dimensions.get(get_column_letter(column))
        width = dimension.width if dimension is not None and dimension.customWidth else None
        total += width or _DEFAULT_WIDTH
    return total


def row_height(ws: Any, row: int) -> float:
    """The height, in points, that ``row`` prints at full size."""
    dimension = ws.row_dimensions.get(row)
    return float(dimension.height) if dimension is not None and dimension.height else DEFAULT_ROW


def choose_orientation(ws: Any) -> str:
    """Print ``ws`` portrait if its columns fit a portrait page nearly full size, else landscape."""
    orientation = "portrait" if sheet_width(ws) <= _PORTRAIT_WIDEST else "landscape"
    ws.page_setup.orientation = orientation
    return orientation


def _page_rows(ws: Any) -> float:
    """The height of rows, in points at full size, that one printed page of ``ws`` holds."""
    orientation = ws.page_setup.orientation or "landscape"
    return _PAGE_POINTS[orientation] * _SPARE / print_scale(ws, ws.max_column)


def _repeated(ws: Any) -> tuple[int, int] | None:
    """The first and last of the rows ``ws`` repeats at the top of each printed page, if any."""
    titles = ws.print_title_rows
    if not titles:
        return None
    first, _colon, last = titles.replace("$", "").partition(":")
    return int(first), int(last or first)


def keep_together(ws: Any, blocks: Sequence[tuple[int, int]]) -> None:
    """Break pages of ``ws`` so that each block (its first and last rows) prints on one page.

    A block taller than a page is left to run over pages. Call this once the sheet's rows, column
    widths, orientation and repeated rows are set.
    """
    page = _page_rows(ws)
    repeated = _repeated(ws)
    repeat_height = sum(row_height(ws, r) for r in range(repeated[0], repeated[1] + 1)) if repeated else 0.0
    starts = dict(blocks)
    used = 0.0
    for row in range(1, ws.max_row + 1):
        top = repeat_height if repeated and row > repeated[1] else 0.0
        height = row_height(ws, row)
        block = sum(row_height(ws, r) for r in range(row, starts[row] + 1)) if row in starts else 0.0
        if block and used > top and used + block > page and top + block <= page:
            ws.row_breaks.append(Break(id=row - 1))  # a break after the row before
            used = top
        elif used + height > page:  # the page ends here of itself
            used = top
        used += height


def finish_sheet(ws: Any, blocks: Iterable[tuple[int, int]] = (), *, header: int = 0) -> None:
    """Size the rows, then set how ``ws`` prints: which way up, and ``blocks`` each kept on one page.

    ``blocks`` are the first and last rows of each table or chart. A sheet of one long table
    repeats its ``header`` row on every page; any other repeats its title.
    """
    fit_rows(ws)
    print_sheet(ws, blocks, header=header)


def print_sheet(ws: Any, blocks: Iterable[tuple[int, int]] = (), *, header: int = 0) -> None:
    """Set how ``ws`` prints, its rows already sized (see :func:`finish_sheet`)."""
    titles = f"{header}:{header}" if header else "1:1"
    print_setup(ws, freeze="A1", title_rows=titles)  # "A1": no frozen panes
    ws.row_dimensions[1].height = max(24, ws.row_dimensions[1].height or 0)  # room for the title
    choose_orientation(ws)
    keep_together(ws, list(blocks))


def spans(blocks: Iterable[TableBlock], *placed: Placed) -> list[tuple[int, int]]:
    """The rows of each table block and of each chart (with its note, then its chart data)."""
    spans = [(block.title, block.end) for block in blocks]
    for chart in placed:
        spans += [(chart.first, chart.last), (chart.last + 2, chart.next_row - 2)]
    return spans
