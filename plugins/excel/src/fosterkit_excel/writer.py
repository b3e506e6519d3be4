"""Writing records to an .xlsx workbook, one row at a time, in openpyxl's write-only mode."""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped, unused-ignore]
from openpyxl.styles import Font  # type: ignore[import-untyped, unused-ignore]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped, unused-ignore]

from fosterkit.errors import Problem, StructureError
from fosterkit.exchange import OptionError
from fosterkit.tabular import CellKind, Column, TableSchema, Value, single_kind
from fosterkit_excel.xstring import escape

__all__ = ["DATE_FORMAT", "MAX_TEXT", "check_sheet_name", "write_records"]

#: The number format of date cells.
DATE_FORMAT = "yyyy-mm-dd"
#: The most characters (UTF-16 code units, as Excel counts them) a cell holds.
MAX_TEXT = 32767
#: Whole numbers beyond this lose digits in a spreadsheet, which keeps 15 significant digits.
_MAX_WHOLE = 10**15 - 1
#: The sheet of a workbook written from no records and no ``kind``.
EMPTY_SHEET = "records"

_SHEET_FORBIDDEN = frozenset("[]:*?/\\")
_BOLD = Font(bold=True)


def check_sheet_name(name: str) -> str:
    """``name`` if Excel accepts it as a sheet's name; :class:`OptionError` saying why not otherwise."""
    bad = sorted(set(name) & _SHEET_FORBIDDEN)
    problem = None
    if not name.strip():
        problem = "is empty"
    elif len(name) > 31:
        problem = f"is {len(name)} characters long (Excel allows 31)"
    elif bad:
        problem = f"contains {' '.join(bad)}, which Excel does not allow"
    elif name.startswith("'") or name.endswith("'"):
        problem = "starts or ends with an apostrophe, which Excel does not allow"
    elif name.casefold() == "history":
        problem = "is reserved by Excel"
    if problem:
        raise OptionError(f"sheet name {name!r} {problem}; choose another with the option sheet=")
    return name


def _too_big(record: object, position: int, column: Column, message: str) -> StructureError:
    entry = getattr(record, "id", None)
    problem = Problem(
        path=column.name,
        field=column.path[-1],
        entry=entry if isinstance(entry, str) else None,
        message=message,
    )
    return StructureError([problem], f"record {position}")


def _text_cell(ws: Any, text: str) -> Any:
    cell = WriteOnlyCell(ws, value=text)
    cell.data_type = "s"  # text, never a formula, whatever it starts with
    return cell


_Maker = Callable[[Any, object, int], Any]


def _makers(ws: Any, schema: TableSchema) -> list[_Maker]:
    """One cell maker per column, chosen once by the column's kind rather than per cell."""

    def text(column: Column) -> _Maker:
        def make(value: Any, record: object, position: int) -> Any:
            escaped = escape(value)
            if len(escaped) > MAX_TEXT or (2 * len(value) > MAX_TEXT and _utf16(value) > MAX_TEXT):
                raise _too_big(record, position, column, f"text longer than a cell holds ({MAX_TEXT})")
            return _text_cell(ws, escaped)

        return make

    def date(value: Any, record: object, position: int) -> Any:
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = DATE_FORMAT
        return cell

    def as_is(value: Any, record: object, position: int) -> Any:
        return value

    def number(column: Column) -> _Maker:
        def make(value: Any, record: object, position: int) -> Any:
            return _number(value, record, position, column)

        return make

    makers: list[_Maker] = []
    for column in schema.columns:
        if column.kind in (CellKind.TEXT, CellKind.ENUM, CellKind.JSON):
            makers.append(text(column))
        elif column.kind is CellKind.DATE:
            makers.append(date)
        elif column.kind is CellKind.BOOL:
            makers.append(as_is)
        else:
            makers.append(number(column))
    return makers


def _cells(ws: Any, schema: TableSchema) -> Callable[[object, int], list[Any]]:
    """What makes one record's row: text as text cells, dates as dates, numbers and booleans as such."""
    makers = _makers(ws, schema)
    row_of = schema.row

    def cells(record: object, position: int) -> list[Any]:
        return [
            None if value is None else make(value, record, position)
            for value, make in zip(row_of(record), makers, strict=True)
        ]

    return cells


def _number(value: Value, record: object, position: int, column: Column) -> Value:
    if isinstance(value, int) and abs(value) > _MAX_WHOLE:
        raise _too_big(record, position, column, f"{value} has more digits than a spreadsheet keeps (15)")
    if isinstance(value, float) and (not math.isfinite(value) or float(f"{value:.15g}") != value):
        raise _too_big(record, position, column, f"{value!r} cannot be held exactly in a spreadsheet")
    return value


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _header(ws: Any, schema: TableSchema) -> list[Any]:
    cells = []
    for number, name in enumerate(schema.header, start=1):
        ws.column_dimensions[get_column_letter(number)].width = max(12, min(40, len(name) + 4))
        cell = _text_cell(ws, name)
        cell.font = _BOLD
        cells.append(cell)
    return cells


def _discard(wb: Any) -> None:
    """Remove the temporary files of a workbook that will not be saved."""
    for ws in wb.worksheets:
        writer = getattr(ws, "_writer", None)
        if writer is None:
            continue
        # openpyxl has no public way to abandon a write-only sheet: close its row stream, then
        # its file, in that order, and remove the file.
        for stream in (getattr(ws, "_rows", None), writer):
            if stream is not None:
                with contextlib.suppress(Exception):
                    stream.close()
        with contextlib.suppress(OSError, ValueError, TypeError):
            Path(writer.out).unlink()


def write_records(
    records: Iterable[object],
    path: Path,
    *,
    kind: str | None = None,
    special_category: bool = False,
    sheet: str = "",
) -> int:
    """Write records of one kind to ``path`` as one sheet with a header row; returns how many.

    Rows are written as the records arrive, so memory stays flat however many there are.
    """
    schema, stream = single_kind(records, kind=kind, special_category=special_category)
    title = check_sheet_name(sheet or (schema.kind if schema is not None else EMPTY_SHEET))
    wb = Workbook(write_only=True)
    try:
        ws = wb.create_sheet(title)
        count = 0
        if schema is not None:
            ws.freeze_panes = "A2"
            ws.append(_header(ws, schema))
            row_of = _cells(ws, schema)
            append = ws.append
            for count, record in enumerate(stream, start=1):
                append(row_of(record, count))
        wb.save(path)
    except BaseException:
        _discard(wb)
        raise
    return count
