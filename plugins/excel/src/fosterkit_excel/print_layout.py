"""How every workbook fosterkit writes prints: A4, one page wide, a footer naming what is printed.

:func:`finish_printing` runs once a workbook is built, over every visible sheet: it sets the
print area to the cells in use, fits the columns to one page wide, and puts the service, the
sheet's name and *Page X of Y* in the footer. Each sheet chose its own orientation, frozen
panes and repeated header rows before (:func:`fosterkit_excel.audit_styles.print_setup`).
"""

from __future__ import annotations

import math
from typing import Any, Final

from openpyxl.utils import get_column_letter  # type: ignore[import-untyped, unused-ignore]

__all__ = ["FOOTER_SIZE", "finish_printing", "footer_text", "print_scale"]

#: The smallest size the footer prints at, in points.
FOOTER_SIZE: Final = 9
#: How many units of column width fit across A4 at 100%, within the default margins.
_PAGE_WIDTH: Final = {"landscape": 146.0, "portrait": 97.0}
#: The width of a column given none (Excel's and LibreOffice's default, 8.43 characters).
_DEFAULT_WIDTH: Final = 8.43


def footer_text(text: str) -> str:
    """``text`` as a header or footer shows it literally (``&`` starts a code there, so is doubled)."""
    printable = "".join(ch if ch.isprintable() else " " for ch in text)
    return printable.replace("&", "&&")[:80]


def print_scale(ws: Any, last_column: int) -> float:
    """About how much fitting ``ws``'s columns A to ``last_column`` to one page wide shrinks it (1 = not)."""
    widths = 0.0
    for column in range(1, last_column + 1):
        dimension = ws.column_dimensions.get(get_column_letter(column))
        width = dimension.width if dimension is not None and dimension.width else _DEFAULT_WIDTH
        widths += 0 if dimension is not None and dimension.hidden else width
    page = _PAGE_WIDTH.get(ws.page_setup.orientation or "portrait", _PAGE_WIDTH["portrait"])
    return min(1.0, page / widths) if widths else 1.0


def finish_printing(wb: Any, service: str) -> None:
    """Set the print area and footer of every visible sheet of ``wb`` (see the module's docstring)."""
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        last_row, last_column = ws.max_row, ws.max_column
        ws.print_area = f"A1:{get_column_letter(last_column)}{last_row}"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.print_options.horizontalCentered = False
        # LibreOffice shrinks the footer with the sheet (Excel does not, given scaleWithDoc
        # false): its size is chosen so that, shrunk, it still prints at FOOTER_SIZE or more.
        size = math.ceil(FOOTER_SIZE / print_scale(ws, last_column))
        ws.HeaderFooter.scaleWithDoc = False
        for part, text in (
            (ws.oddFooter.left, footer_text(service)),
            (ws.oddFooter.center, footer_text(ws.title)),
            (ws.oddFooter.right, "Page &P of &N"),
        ):
            part.text = text
            part.size = size
            part.font = "Calibri"
