"""Reading a register workbook back: each sheet's rows, their values, and each cell that cannot be taken.

The archive is checked first, as every reader of the plugin does. Columns are found by their
header text in row 1, so a column moved or added by hand does no harm; a missing sheet or
column, or a register of another layout version, is refused naming it. A formula or an error
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
from fosterkit_excel.audit_reader import _text
from fosterkit_excel.reader import _check_archive, _error, _quietly
from fosterkit_excel.register_build import ReadRow, build_records
from fosterkit_excel.register_cells import Unreadable, read_cell
from fosterkit_excel.register_layout import GUIDANCE, REGISTER_VERSION, TABLES, Table
from fosterkit_excel.register_writer import GUIDANCE_LABELS

__all__ = ["read_register"]

#: How far down the Guidance sheet the reader looks for its labels.
_SEARCH_ROWS: Final = 50


def read_register(path: Path) -> RegisterReading:
    """Read the register workbook at ``path``: its records, and every value that could not be taken.

    A file that is not a register, is damaged, lacks a sheet or a column, or was made for
    another version of the register's layout raises :class:`~fosterkit.errors.StructureError`.
    """
    _check_archive(path, MAX_OWN_TOTAL_BYTES)
    with path.open("rb") as handle:
        wb = _quietly(path, lambda: load_workbook(handle, read_only=True, data_only=False))
        try:
            service, version = _guidance(wb, path)
            problems: list[CellProblem] = []
            rows = {table.sheet: list(_rows(wb, table, path, problems)) for table in TABLES}
        finally:
            wb.close()
    records, more = build_records(rows)
    return RegisterReading(service=service, version=version, records=records, problems=(*problems, *more))


def _guidance(wb: Any, path: Path) -> tuple[str, int]:
    names = list(wb.sheetnames)
    missing = [t.sheet for t in TABLES if t.sheet not in names]
    if GUIDANCE not in names or len(missing) == len(TABLES):
        listed = ", ".join(repr(n) for n in names) or "none"
        raise _error(
            path, f"not a fosterkit register: it has no {GUIDANCE!r} sheet or register sheets ({listed})"
        )
    rows = _quietly(
        path, lambda: list(wb[GUIDANCE].iter_rows(max_row=_SEARCH_ROWS, max_col=2, values_only=True))
    )
    found: dict[str, tuple[str, str]] = {}
    for number, row in enumerate(rows, start=1):
        cells = [*row, None, None]
        text = _text(cells[0]).strip()
        if text in GUIDANCE_LABELS and text not in found:
            found[text] = (_text(cells[1]).strip(), f"{GUIDANCE}!B{number}")
    for text in GUIDANCE_LABELS:
        if not found.get(text, ("", ""))[0]:
            raise _error(
                path, f"the {GUIDANCE} sheet has no {text.lower()} beside the label {text!r} in column A"
            )
    version_text, cell = found["Register version"]
    if version_text != str(REGISTER_VERSION):
        raise _error(
            path,
            f"this register was made for register version {version_text!r}; this fosterkit reads version "
            f"{REGISTER_VERSION}: make a new register with 'fosterkit register new --from' from the records",
            cell,
        )
    if missing:
        raise _error(path, f"the register has no {missing[0]!r} sheet; was it renamed or deleted?")
    return found["Service"][0], REGISTER_VERSION


def _columns(header: tuple[Any, ...], table: Table, path: Path) -> list[int]:
    """Where each of ``table``'s columns is in the sheet, found by header text."""
    where = {_text(value).strip().casefold(): index for index, value in reversed(list(enumerate(header)))}
    places = []
    for column in table.columns:
        index = where.get(column.header.casefold())
        if index is None:
            message = (
                f"the {table.sheet!r} sheet has no column headed {column.header!r} in row 1; "
                "was it renamed or deleted?"
            )
            raise _error(path, message, f"{table.sheet}!1")
        places.append(index)
    return places


def _rows(wb: Any, table: Table, path: Path, problems: list[CellProblem]) -> Iterator[ReadRow]:
    """The sheet's rows that hold anything, with their values; unreadable cells go in ``problems``."""
    ws = wb[table.sheet]
    rows = _quietly(path, lambda: iter(ws.iter_rows()))
    header = _quietly(path, lambda: next(rows, None)) or ()
    places = _columns(tuple(c.value for c in header), table, path)
    number = 1
    while True:
        row = _quietly(path, lambda: next(rows, None))
        number += 1
        if row is None:
            return
        cells = [row[i] if i < len(row) else None for i in places]
        if all(getattr(c, "value", None) in (None, "") for c in cells):
            continue
        read = ReadRow(table=table, number=number)
        for column, index, cell in zip(table.columns, places, cells, strict=True):
            ref = f"{column_letter(index)}{number}"
            read.cells[column.path] = ref
            value = getattr(cell, "value", None)
            shown = _text(value)
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
