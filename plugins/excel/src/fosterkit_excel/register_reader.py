"""Reading a register workbook back: each sheet's rows, their values, and each cell that cannot be taken.

The archive is checked first, as every reader of the plugin does. Columns are found by their
header text in row 1, so a column moved or added by hand does no harm (each is reported as a
note), and a column left out that no row needs is read as blank (a note too); a missing sheet or
needed column, or a register of another layout version, is refused naming it. The first sheet
was called *Guidance* before it was *Start here*: both are read. A formula or an error
value (``#DIV/0!``) in a cell is never taken: the cell is listed as a problem, and so is every
value its column cannot take. Rows are then put together into records by
:mod:`fosterkit_excel.register_build`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]

from fosterkit.errors import CellProblem
from fosterkit.plugins import RegisterReading, column_letter
from fosterkit_excel.archive import MAX_OWN_TOTAL_BYTES
from fosterkit_excel.audit_reader import cell_text
from fosterkit_excel.reader import check_workbook_archive, quietly, structure_error
from fosterkit_excel.register_build import ReadRow, build_records
from fosterkit_excel.register_cells import Unreadable, read_cell
from fosterkit_excel.register_layout import FORMER_GUIDANCE, GUIDANCE, REGISTER_VERSION, TABLES, Table
from fosterkit_excel.register_writer import GUIDANCE_LABELS

__all__ = ["read_register"]

#: How far down the Guidance sheet the reader looks for its labels.
_SEARCH_ROWS: Final = 50


def read_register(path: Path) -> RegisterReading:
    """Read the register workbook at ``path``: its records, every value that could not be taken, and notes.

    A file that is not a register, is damaged, lacks a sheet or a needed column, or was made for
    another version of the register's layout raises :class:`~fosterkit.errors.StructureError`.
    """
    check_workbook_archive(path, MAX_OWN_TOTAL_BYTES)
    with path.open("rb") as handle:
        wb = quietly(path, lambda: load_workbook(handle, read_only=True, data_only=False))
        try:
            service, version = _guidance(wb, path)
            problems: list[CellProblem] = []
            notes: list[str] = []
            rows = {table.sheet: list(_rows(wb, table, path, problems, notes)) for table in TABLES}
        finally:
            wb.close()
    records, more = build_records(rows)
    return RegisterReading(
        service=service, version=version, records=records, problems=(*problems, *more), notes=tuple(notes)
    )


def _guidance(wb: Any, path: Path) -> tuple[str, int]:
    names = list(wb.sheetnames)
    missing = [t.sheet for t in TABLES if t.sheet not in names]
    guidance = GUIDANCE if GUIDANCE in names else FORMER_GUIDANCE
    if guidance not in names or len(missing) == len(TABLES):
        listed = ", ".join(repr(n) for n in names) or "none"
        raise structure_error(
            path, f"not a fosterkit register: it has no {GUIDANCE!r} sheet or register sheets ({listed})"
        )
    rows = quietly(
        path, lambda: list(wb[guidance].iter_rows(max_row=_SEARCH_ROWS, max_col=2, values_only=True))
    )
    found: dict[str, tuple[str, str]] = {}
    for number, row in enumerate(rows, start=1):
        cells = [*row, None, None]
        text = cell_text(cells[0]).strip()
        if text in GUIDANCE_LABELS and text not in found:
            found[text] = (cell_text(cells[1]).strip(), f"{guidance}!B{number}")
    for text in GUIDANCE_LABELS:
        if not found.get(text, ("", ""))[0]:
            raise structure_error(
                path, f"the {guidance} sheet has no {text.lower()} beside the label {text!r} in column A"
            )
    version_text, cell = found["Register version"]
    if version_text != str(REGISTER_VERSION):
        raise structure_error(
            path,
            f"this register was made for register version {version_text!r}; this fosterkit reads version "
            f"{REGISTER_VERSION}: make a new register with 'fosterkit register new --from' from the records",
            cell,
        )
    if missing:
        raise structure_error(path, f"the register has no {missing[0]!r} sheet; was it renamed or deleted?")
    return found["Service"][0], REGISTER_VERSION


def _columns(header: tuple[Any, ...], table: Table, path: Path, notes: list[str]) -> list[int | None]:
    """Where each of ``table``'s columns is in the sheet, found by header text (``None``: not there).

    A needed column missing is an error; anything else that differs from the layout is a note.
    """
    titles = [cell_text(value).strip() for value in header]
    where = {title.casefold(): index for index, title in reversed(list(enumerate(titles)))}
    places: list[int | None] = []
    for column in table.columns:
        index = where.get(column.header.casefold())
        if index is None and (column.required or column.link):
            message = (
                f"the {table.sheet!r} sheet has no column headed {column.header!r} in row 1, and every row "
                "needs it; was it renamed or deleted?"
            )
            raise structure_error(path, message, f"{table.sheet}!1")
        if index is None:
            notes.append(
                f"{table.sheet}: no column headed {column.header!r}, so its values are read as blank"
            )
        places.append(index)
    known = {column.header.casefold() for column in table.columns}
    for index, title in enumerate(titles):
        if title and title.casefold() not in known:
            notes.append(
                f"{table.sheet}: column {column_letter(index)}, headed {title!r}, is not one of the "
                "register's; it is passed over"
            )
    found = [index for index in places if index is not None]
    if found != sorted(found):
        notes.append(
            f"{table.sheet}: the columns are in another order than the register's; "
            "each was read by its header"
        )
    return places


def _rows(
    wb: Any, table: Table, path: Path, problems: list[CellProblem], notes: list[str]
) -> Iterator[ReadRow]:
    """The sheet's rows that hold anything, with their values; unreadable cells go in ``problems``."""
    ws = wb[table.sheet]
    rows = quietly(path, lambda: iter(ws.iter_rows()))
    header = quietly(path, lambda: next(rows, None)) or ()
    places = _columns(tuple(c.value for c in header), table, path, notes)
    number = 1
    while True:
        row = quietly(path, lambda: next(rows, None))
        number += 1
        if row is None:
            return
        cells = [row[i] if i is not None and i < len(row) else None for i in places]
        if all(getattr(c, "value", None) in (None, "") for c in cells):
            continue
        read = ReadRow(table=table, number=number)
        for column, index, cell in zip(table.columns, places, cells, strict=True):
            if index is None:
                continue
            ref = f"{column_letter(index)}{number}"
            read.cells[column.path] = ref
            value = getattr(cell, "value", None)
            shown = cell_text(value)
            read.shown[column.path] = shown
            kind = getattr(cell, "data_type", None)
            message = None
            if kind == "f" or (isinstance(value, str) and kind != "s" and value.startswith("=")):
                message = "holds a formula; type the value itself"
            elif kind == "e":
                message = f"holds the error value {shown}; type the value itself"
            else:
                try:
                    parsed = read_cell(column, value)
                except Unreadable as err:
                    message = f"{column.header}: {err}"
                else:
                    if parsed is not None:
                        read.values[column.path] = parsed
            if message is not None:
                read.bad = True
                problems.append(CellProblem(sheet=table.sheet, cell=ref, value=shown, message=message))
        yield read
