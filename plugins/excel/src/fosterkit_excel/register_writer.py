"""Writing the register workbook: a Guidance sheet, then one sheet per table of the layout.

Each table's sheet has its header in row 1, frozen, locked and repeated on every printed page;
the cells below are unlocked, wrap their text and carry a drop-down or a date check where the
column takes one. Drop-down lists live on a hidden *Lists* sheet (the reason codes are too many
to write into a validation). Sheets print landscape, one page wide, with the sheet's name and
page numbers in the footer.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]
from openpyxl.styles import Alignment  # type: ignore[import-untyped, unused-ignore]
from openpyxl.workbook.defined_name import DefinedName  # type: ignore[import-untyped, unused-ignore]

from fosterkit import Taxonomy
from fosterkit.plugins import DueNow, column_letter
from fosterkit_excel.audit_styles import (
    BOLD,
    DATE_FORMAT,
    TITLE_FONT,
    UNLOCKED,
    date_validation,
    fit_rows,
    header_row,
    heading,
    list_validation,
    print_setup,
    protect,
    put_text,
)
from fosterkit_excel.register_cells import cell_value
from fosterkit_excel.register_due import DUE_NOW, write_due_now
from fosterkit_excel.register_layout import (
    CHOICES,
    GUIDANCE,
    REASONS,
    REGISTER_VERSION,
    TABLES,
    Kind,
    Table,
    label,
)
from fosterkit_excel.register_rows import Row, get_path, sheet_rows
from fosterkit_excel.report_writer import _save

__all__ = ["GUIDANCE_LABELS", "LISTS", "SPARE_ROWS", "write_register"]

LISTS: Final = "Lists"
#: Rows below the last one written that are unlocked and checked, ready for new entries.
SPARE_ROWS: Final = 200
#: The Guidance sheet's labels in column A; the reader finds the values beside them.
GUIDANCE_LABELS: Final = ("Service", "Register version")
_STAMP: Final = datetime.datetime(2000, 1, 1)
#: Data cells: wrapped, from the top left (a date beside text would otherwise run into it).
_CELL = Alignment(horizontal="left", vertical="top", wrap_text=True)
#: About how many width units of columns print legibly across one landscape A4 page.
_PAGE_WIDTH: Final = 190

_GUIDE: Final = (
    (
        "What this is",
        "The working file for the service's exit interviews: each sheet holds one kind of thing "
        "(households, leavers, processes, bookings, interviews and what followed), one per row. "
        "Ids link the sheets: a booking names its process, a finding names its interview record.",
    ),
    (
        "Filling it in",
        "Type in the rows below the grey header; add rows at the bottom. Pick from the list in a "
        "cell where there is one; type dates as 31/03/2027. Where a cell takes several values "
        "(reasons, approved for), separate them with semicolons. Type values, not formulas: "
        "fosterkit refuses a formula or an error such as #DIV/0! in a cell.",
    ),
    (
        "Reading it back",
        "fosterkit register read finds each column by its header, so columns may be moved and "
        "columns of your own added; keep the headers and sheet names as they are. Every value it "
        "cannot take is listed with its sheet, row and column, and the rest is read.",
    ),
    (
        "Reasons",
        "Reasons are codes from the reasons-for-leaving list; the Lists sheet (unhide it) gives "
        "each code with its meaning.",
    ),
)


_DUE_NOW_GUIDE: Final = (
    "What was due or overdue on the day this file was made, overdue first: worked out by fosterkit "
    "from the other sheets, not typed in. It does not change as you work, and reading the register "
    "back passes over it; make the register again to bring it up to date."
)


def write_register(
    records: Sequence[object],
    service: str,
    taxonomy: Taxonomy,
    path: Path,
    due: DueNow | None = None,
) -> None:
    """Write the register holding ``records`` for ``service`` to ``path`` as an .xlsx workbook.

    Given ``due``, a *Due now* sheet after the guidance lists what is due on its day (overdue
    first), and the workbook opens on it.
    """
    rows = sheet_rows(records)
    wb = Workbook()
    wb.remove(wb.active)
    _guidance(wb.create_sheet(GUIDANCE), service, due_sheet=due is not None)
    if due is not None:
        write_due_now(wb.create_sheet(DUE_NOW), due.today, due.items)
    lists = _lists(wb, taxonomy)
    for table in TABLES:
        _table(wb.create_sheet(table.sheet), table, rows[table.sheet], lists)
    wb.move_sheet(LISTS, offset=len(TABLES))
    wb.properties.title = "".join(
        ch if ch.isprintable() else " " for ch in f"Exit interview register: {service}"
    )
    wb.properties.creator = "fosterkit"
    wb.active = 0 if due is None else 1
    _save(wb, path, _STAMP)


def _guidance(ws: Any, service: str, *, due_sheet: bool) -> None:
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 100
    heading(ws, 1, "Exit interview register", columns=2, font=TITLE_FONT)
    row = 3
    for text, value in zip(GUIDANCE_LABELS, (service, str(REGISTER_VERSION)), strict=True):
        put_text(ws, row, 1, text).font = BOLD
        put_text(ws, row, 2, value)
        row += 1
    row += 1
    heading(ws, row, "How to use it", columns=2)
    for text, value in _GUIDE:
        row += 1
        put_text(ws, row, 1, text).font = BOLD
        put_text(ws, row, 2, value)
    row += 2
    heading(ws, row, "The sheets", columns=2)
    if due_sheet:
        row += 1
        put_text(ws, row, 1, DUE_NOW).font = BOLD
        put_text(ws, row, 2, _DUE_NOW_GUIDE)
    for table in TABLES:
        row += 1
        put_text(ws, row, 1, table.sheet).font = BOLD
        needed = ", ".join(c.header for c in table.columns if c.required)
        put_text(ws, row, 2, f"Each row: {table.row}. Needed in every row: {needed}.")
    fit_rows(ws)
    print_setup(ws, freeze="A3")
    _footer(ws)
    protect(ws)


def _lists(wb: Any, taxonomy: Taxonomy) -> dict[str, str]:
    """The hidden sheet of drop-down lists; returns each list's defined name."""
    ws = wb.create_sheet(LISTS)
    ws.sheet_state = "hidden"
    names: dict[str, str] = {}
    columns: list[tuple[str, list[str], list[str] | None]] = [
        (name, [label(v) for v in values], None) for name, values in CHOICES.items()
    ]
    codes = list(taxonomy.codes)
    meanings = [taxonomy.get(code).label for code in codes]
    columns.append((REASONS, codes, meanings))
    index = 0
    for name, values, notes in columns:
        letter = column_letter(index)
        put_text(ws, 1, index + 1, name).font = BOLD
        for row, value in enumerate(values, start=2):
            put_text(ws, row, index + 1, value, wrap=False)
        ws.column_dimensions[letter].width = 28
        defined = f"fk_{name}"
        wb.defined_names[defined] = DefinedName(
            defined, attr_text=f"{LISTS}!${letter}$2:${letter}${len(values) + 1}"
        )
        names[name] = defined
        index += 1
        if notes is not None:
            put_text(ws, 1, index + 1, "meaning").font = BOLD
            for row, note in enumerate(notes, start=2):
                put_text(ws, row, index + 1, note, wrap=False)
            ws.column_dimensions[column_letter(index)].width = 50
            index += 1
    return names


def _table(ws: Any, table: Table, rows: list[Row], lists: dict[str, str]) -> None:
    letters = [column_letter(i) for i in range(len(table.columns))]
    header_row(
        ws,
        {letter: c.header for letter, c in zip(letters, table.columns, strict=True)},
        {letter: c.width for letter, c in zip(letters, table.columns, strict=True)},
    )
    last = len(rows) + 1
    for number, row in enumerate(rows, start=2):
        for index, column in enumerate(table.columns, start=1):
            value = cell_value(column, get_path(row, column.path))
            if isinstance(value, str):
                put_text(ws, number, index, value, wrap=column.kind is Kind.TEXT)
            elif value is not None:
                ws.cell(row=number, column=index, value=value)
    end = last + SPARE_ROWS
    for index, (letter, column) in enumerate(zip(letters, table.columns, strict=True), start=1):
        for number in range(2, end + 1):
            cell = ws.cell(row=number, column=index)
            cell.protection = UNLOCKED
            cell.alignment = _CELL
            if column.kind is Kind.DATE:
                cell.number_format = DATE_FORMAT
        cells = f"{letter}2:{letter}{end}"
        if column.kind is Kind.DATE:
            date_validation(ws, cells, since=1950)
        elif column.kind is Kind.CHOICE and column.choices:
            list_validation(ws, cells, lists[column.choices], column.header.lower())
        elif column.kind is Kind.YES_NO:
            list_validation(ws, cells, ["Yes", "No"], "yes or no")
    ws.auto_filter.ref = f"A1:{letters[-1]}{last}"
    fit_rows(ws)
    print_setup(ws, freeze="B2")
    # A wide sheet is printed over as many pages across as keep its text legible.
    ws.page_setup.fitToWidth = max(1, round(sum(c.width for c in table.columns) / _PAGE_WIDTH))
    _footer(ws)
    protect(ws, filters=True)
    ws.protection.insertRows = False
    ws.protection.deleteRows = False


def _footer(ws: Any) -> None:
    ws.oddFooter.left.text = "&A"
    ws.oddFooter.right.text = "Page &P of &N"
