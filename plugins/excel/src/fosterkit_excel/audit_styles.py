"""Cell helpers, styles, validations and print settings shared by the audit workbook's sheets."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from typing import Any

from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side  # type: ignore[import-untyped, unused-ignore]
from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped, unused-ignore]
from openpyxl.worksheet.dimensions import RowDimension  # type: ignore[import-untyped, unused-ignore]

from fosterkit.plugins import EvidenceGrade, neutralise
from fosterkit_excel.xstring import escape

__all__ = [
    "ANSWER_BORDER",
    "ANSWER_FILL",
    "BOLD",
    "DATE_FORMAT",
    "GRADE_FILLS",
    "HEADING_FONT",
    "LEFT_TOP",
    "MAX_TEXT",
    "TITLE_FONT",
    "UNLOCKED",
    "WRAP",
    "answer_cell",
    "date_validation",
    "fit_rows",
    "header_row",
    "heading",
    "list_validation",
    "print_setup",
    "protect",
    "put_date",
    "put_number",
    "put_text",
    "sentence_case",
    "set_row_height",
    "sheet_ref",
]

#: How dates are shown: the way people in the UK write them.
DATE_FORMAT = "dd/mm/yyyy"
#: The most characters (UTF-16 code units) a cell holds.
MAX_TEXT = 32767
#: Date validations accept dates up to 31 Dec 2100 (Excel's day 73415).
_LAST_DAY = 73415

_HEADER_FILL = PatternFill(fill_type="solid", start_color="D9E1F2", end_color="D9E1F2")
#: A pale shade on the cells people fill in.
ANSWER_FILL = PatternFill(fill_type="solid", start_color="FFF9E6", end_color="FFF9E6")
GRADE_FILLS = {
    EvidenceGrade.STRONG: PatternFill(fill_type="solid", start_color="C6EFCE", end_color="C6EFCE"),
    EvidenceGrade.GOOD: PatternFill(fill_type="solid", start_color="FFEB9C", end_color="FFEB9C"),
    EvidenceGrade.PROMISING: PatternFill(fill_type="solid", start_color="DDEBF7", end_color="DDEBF7"),
}
_THIN = Side(style="thin", color="A6A6A6")
#: A thin grey box round each cell people fill in, so the answer area shows on screen and on paper.
ANSWER_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
BOLD = Font(name="Calibri", bold=True)
TITLE_FONT = Font(name="Calibri", bold=True, size=16)
HEADING_FONT = Font(name="Calibri", bold=True, size=12)
WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")
LEFT_TOP = Alignment(horizontal="left", vertical="top")
UNLOCKED = Protection(locked=False)

_PLAIN_SHEET_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")


def sheet_ref(sheet: str) -> str:
    """``sheet`` as a formula names it: quoted (with quotes doubled) unless it is a plain word."""
    if _PLAIN_SHEET_NAME.match(sheet):
        return sheet
    return "'" + sheet.replace("'", "''") + "'"


def sentence_case(word: str) -> str:
    """``word`` as a dropdown shows it: its first letter a capital ("in progress" -> "In progress")."""
    return word[:1].upper() + word[1:]


def put_text(ws: Any, row: int, column: int, text: str, *, wrap: bool = True) -> Any:
    """Write ``text`` as a plain text cell (never a formula, whatever it starts with)."""
    cell = ws.cell(row=row, column=column)
    cell.alignment = WRAP if wrap else _TOP
    if not text:
        return cell
    value = escape(neutralise(text))
    if len(value) > MAX_TEXT or len(value.encode("utf-16-le")) // 2 > MAX_TEXT:
        raise ValueError(
            f"{ws.title}!{cell.coordinate}: the text is longer than a cell holds ({MAX_TEXT} characters)"
        )
    cell.value = value
    cell.data_type = "s"
    return cell


def put_date(ws: Any, row: int, column: int, day: datetime.date | None) -> Any:
    """Write ``day`` as a real date cell shown as 31/03/2027 (the format is set even when blank)."""
    cell = ws.cell(row=row, column=column)
    cell.number_format = DATE_FORMAT
    cell.alignment = _TOP
    if day is not None:
        cell.value = day
    return cell


def put_number(ws: Any, row: int, column: int, value: int | float | str | None) -> Any:
    """Write a number (or a formula, given as ``"=..."``), aligned to the top of its row."""
    cell = ws.cell(row=row, column=column, value=value)
    cell.alignment = _TOP
    return cell


def answer_cell(cell: Any) -> Any:
    """Make ``cell`` an answer cell, as every workbook marks them: shaded, boxed, unlocked, wrapped.

    A number format already set on the cell (a date's, say) is kept.
    """
    cell.fill = ANSWER_FILL
    cell.border = ANSWER_BORDER
    cell.protection = UNLOCKED
    cell.alignment = WRAP
    return cell


class _GrowingRow(RowDimension):  # type: ignore[misc]
    """A row height that is only a starting point: Excel and LibreOffice grow the row as text is typed.

    openpyxl marks every row given a height as *custom*, which spreadsheets never resize; this
    row writes its height without that mark.
    """

    @property
    def customHeight(self) -> bool:
        return False


def set_row_height(ws: Any, row: int, height: float) -> None:
    """Give ``row`` a height of ``height`` points that still grows with the text typed into it."""
    ws.row_dimensions[row] = _GrowingRow(ws, index=row, ht=height)


def heading(ws: Any, row: int, text: str, *, columns: int = 1, font: Any = HEADING_FONT) -> None:
    """A bold, shaded heading across the first ``columns`` columns of ``row``."""
    put_text(ws, row, 1, text, wrap=False).font = font
    for column in range(1, columns + 1):
        ws.cell(row=row, column=column).fill = _HEADER_FILL


def header_row(ws: Any, columns: Mapping[str, str], widths: Mapping[str, float], row: int = 1) -> None:
    """Write a bold, shaded header row from the layout's ``{letter: header}`` and set column widths."""
    for letter, title in columns.items():
        cell = ws[f"{letter}{row}"]
        put_text(ws, cell.row, cell.column, title)
        cell.font = BOLD
        cell.fill = _HEADER_FILL
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width


def fit_rows(ws: Any, *, min_lines: int = 1) -> None:
    """Make each row tall enough for its wrapped text, as no spreadsheet does on opening a file.

    Heights are set so that they still grow as people type (:func:`set_row_height`); a row
    holding an answer cell is at least ``min_lines`` lines tall, room to write by hand on paper.
    """
    merged = {cell for bounds in ws.merged_cells.ranges for cell in bounds.cells}
    for row in ws.iter_rows():
        lines = 1
        for cell in row:
            if cell.fill == ANSWER_FILL and cell.row > 1:
                lines = max(lines, min_lines)
            if not isinstance(cell.value, str) or not cell.alignment.wrap_text:
                continue
            if (cell.row, cell.column) in merged:
                continue
            width = ws.column_dimensions[cell.column_letter].width or 10
            per_line = max(1, int(width * 1.2) - 1)
            needed = sum(-(-max(1, len(part)) // per_line) for part in cell.value.split("\n"))
            lines = max(lines, needed)
        if lines > 1:
            set_row_height(ws, row[0].row, 15 * lines)


def print_setup(
    ws: Any, *, freeze: str = "A2", title_rows: str = "1:1", orientation: str = "landscape"
) -> None:
    """Freeze panes, and print on A4 (``orientation``), one page wide, repeating ``title_rows``."""
    ws.freeze_panes = freeze
    ws.page_setup.orientation = orientation
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = title_rows


def protect(ws: Any, *, filters: bool = False) -> None:
    """Protect the sheet without a password; people may still resize columns and rows (and filter)."""
    ws.protection.sheet = True
    # In a sheet's protection, True means the action is blocked.
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    if filters:
        ws.protection.autoFilter = False
        ws.protection.sort = False


def list_validation(ws: Any, cells: str, choices: Iterable[str] | str, what: str) -> DataValidation:
    """A dropdown over ``cells``: the ``choices`` given, or the range a defined name holds."""
    if isinstance(choices, str):
        formula, allowed = choices, f"one of the {what} listed"
    else:
        words = list(choices)
        formula, allowed = '"' + ",".join(words) + '"', "one of: " + ", ".join(words)
    validation = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showDropDown=False,  # False shows the arrow
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle=f"Not a {what}"[:32],
        error=f"Choose {allowed}, from the list in the cell, or leave the cell blank."[:255],
    )
    validation.add(cells)
    ws.add_data_validation(validation)
    return validation


def date_validation(ws: Any, cells: str, *, since: int = 2000) -> DataValidation:
    """Accept only dates from 1 January ``since`` to 31 December 2100 in ``cells``."""
    first = (datetime.date(since, 1, 1) - datetime.date(1899, 12, 30)).days  # Excel's day number
    validation = DataValidation(
        type="date",
        operator="between",
        formula1=str(first),
        formula2=str(_LAST_DAY),
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle="Not a date",
        error=f"Enter a date, such as 31/03/2027 (from {since} to 2100), or leave the cell blank.",
    )
    validation.add(cells)
    ws.add_data_validation(validation)
    return validation
