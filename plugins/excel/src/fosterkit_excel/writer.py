"""Writing records to an .xlsx workbook, one row at a time, with xlsxwriter's ``constant_memory`` mode.

xlsxwriter was chosen over openpyxl's write-only mode by measurement (``docs/performance.md``):
it wrote the same sheet in about half the time, in the same flat memory. openpyxl still writes
the audit and report workbooks and does all the reading.
"""

from __future__ import annotations

import contextlib
import datetime
import itertools
import math
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import xlsxwriter  # type: ignore[import-untyped, unused-ignore]
from xlsxwriter.worksheet import Worksheet  # type: ignore[import-untyped, unused-ignore]

from fosterkit.errors import Problem, StructureError
from fosterkit.plugins import CellKind, Column, OptionError, TableSchema, Value, scratch_folder, single_kind
from fosterkit_excel.xstring import escape

__all__ = ["DATE_FORMAT", "MAX_RECORDS", "MAX_TEXT", "OPTIONS", "check_sheet_name", "write_records"]

#: The number format of date cells.
DATE_FORMAT = "yyyy-mm-dd"
#: The most characters (UTF-16 code units, as Excel counts them) a cell holds.
MAX_TEXT = 32767
#: The most records a sheet holds: Excel's 1,048,576 rows, less the header.
MAX_RECORDS = 1_048_575
#: The first day a spreadsheet holds (day 1 of Excel's 1900 date system), as an ordinal.
_FIRST_DAY = datetime.date(1900, 1, 1).toordinal()
#: Whole numbers beyond this lose digits in a spreadsheet, which keeps 15 significant digits.
_MAX_WHOLE = 10**15 - 1
#: The sheet of a workbook written from no records and no ``kind``.
EMPTY_SHEET = "records"

#: The workbook options: rows go to a temporary file as they are written (flat memory), and
#: text is never turned into a formula, a link or a number, whatever it looks like.
OPTIONS: dict[str, object] = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "default_date_format": DATE_FORMAT,
}

_SHEET_FORBIDDEN = frozenset("[]:*?/\\")
_END = object()


class _Sheet(Worksheet):  # type: ignore[misc]
    """A worksheet that writes each text exactly as :func:`escape` made it.

    xlsxwriter escapes the characters XML cannot hold itself, in a way that does not always
    read back exactly (``_x0041_x0042_`` loses an underscore), and writes text that looks like
    rich text (``<r>...</r>``) into the XML as it is. The writer escapes every text with
    :func:`escape` first, so both are switched off here. The tests check both cases.
    """

    @staticmethod
    def _escape_control_characters(data: Any) -> Any:
        return data

    def _xml_rich_inline_string(self, string: str, attributes: Any = ()) -> None:
        # Only ever plain text that happens to start with <r> and end with </r>: written
        # escaped, as any other text (it cannot start or end with white space to preserve).
        self._xml_inline_string(string, False, list(attributes))


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


def _refused(record: object, position: int, column: Column | None, message: str) -> StructureError:
    entry = getattr(record, "id", None)
    problem = Problem(
        path=column.name if column is not None else "",
        field=column.path[-1] if column is not None else None,
        entry=entry if isinstance(entry, str) else None,
        message=message,
    )
    return StructureError([problem], f"record {position}")


_TEXTUAL = (CellKind.TEXT, CellKind.ENUM, CellKind.JSON)


def _row_writer(ws: Any, schema: TableSchema) -> Callable[[object, int], None]:
    """What writes one record's row: text as text, dates as dates, numbers and booleans as such.

    The columns are sorted by kind once, so each cell is written by the worksheet method for its
    kind with no choice made per cell. (xlsxwriter sorts a row's cells by column itself.)
    """
    columns = schema.columns
    texts = tuple(i for i, c in enumerate(columns) if c.kind in _TEXTUAL)
    dates = tuple(i for i, c in enumerate(columns) if c.kind is CellKind.DATE)
    booleans = tuple(i for i, c in enumerate(columns) if c.kind is CellKind.BOOL)
    numbers = tuple(i for i, c in enumerate(columns) if c.kind in (CellKind.INT, CellKind.FLOAT))
    write_string, write_number = ws.write_string, ws.write_number
    write_datetime, write_boolean = ws.write_datetime, ws.write_boolean
    row_of = schema.row_maker()
    half = MAX_TEXT // 2

    def write_row(record: object, row: int) -> None:
        values: tuple[Any, ...] = row_of(record)
        for col in texts:
            value = values[col]
            if value:  # None and empty text are both an empty cell
                if "_x" in value or not value.isprintable():
                    value = escape(value)
                if len(value) > half and _utf16(value) > MAX_TEXT:
                    message = f"text longer than a cell holds ({MAX_TEXT})"
                    raise _refused(record, row, columns[col], message)
                write_string(row, col, value)
        for col in dates:
            value = values[col]
            if value is not None:
                if value.toordinal() < _FIRST_DAY:
                    message = f"{value} is before 1 January 1900, the first day a spreadsheet holds"
                    raise _refused(record, row, columns[col], message)
                write_datetime(row, col, value)  # the workbook's default date format: DATE_FORMAT
        for col in booleans:
            value = values[col]
            if value is not None:
                write_boolean(row, col, value)
        for col in numbers:
            value = values[col]
            if value is not None:
                write_number(row, col, _number(value, record, row, columns[col]))

    return write_row


def _number(value: Value, record: object, position: int, column: Column) -> Value:
    if isinstance(value, int) and abs(value) > _MAX_WHOLE:
        raise _refused(record, position, column, f"{value} has more digits than a spreadsheet keeps (15)")
    if isinstance(value, float) and (not math.isfinite(value) or float(f"{value:.15g}") != value):
        raise _refused(record, position, column, f"{value!r} cannot be held exactly in a spreadsheet")
    return value


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _width(name: str) -> int:
    """A column's width: room for its header, within 12 to 40 characters."""
    return max(12, min(40, len(name) + 4))


def _header(wb: Any, ws: Any, schema: TableSchema) -> None:
    bold = wb.add_format({"bold": True})
    ws.freeze_panes(1, 0)
    for number, name in enumerate(schema.header):
        ws.set_column(number, number, _width(name))
        ws.write_string(0, number, escape(name), bold)


def _discard(wb: Any) -> None:
    """Close the row files of a workbook that will not be saved (its folder is removed after)."""
    for ws in wb.worksheets():
        # xlsxwriter has no public way to abandon a constant_memory sheet: close its row file.
        stream = getattr(ws, "row_data_fh", None)
        if stream is not None:
            with contextlib.suppress(Exception):
                stream.close()


def _rows(ws: Any, schema: TableSchema, stream: Iterator[object]) -> int:
    """Write a row for each record of ``stream``; how many. More than a sheet holds are refused."""
    write_row = _row_writer(ws, schema)
    count = 0
    for count, record in enumerate(itertools.islice(stream, MAX_RECORDS), start=1):
        write_row(record, count)
    extra = next(stream, _END)
    if extra is not _END:
        message = f"an Excel sheet holds at most {MAX_RECORDS:,} records under its header"
        raise _refused(extra, MAX_RECORDS + 1, None, message)
    return count


def write_records(
    records: Iterable[object],
    path: Path,
    *,
    kind: str | None = None,
    special_category: bool = False,
    sheet: str = "",
) -> int:
    """Write records of one kind to ``path`` as one sheet with a header row; returns how many.

    Rows are written as the records arrive, so memory stays flat however many there are. The
    rows wait in a folder beside ``path`` (never the system's temporary folder), removed when
    the workbook is written or abandoned.
    """
    schema, stream = single_kind(records, kind=kind, special_category=special_category)
    title = check_sheet_name(sheet or (schema.kind if schema is not None else EMPTY_SHEET))
    with scratch_folder(path) as scratch:
        wb = xlsxwriter.Workbook(str(path), {**OPTIONS, "tmpdir": str(scratch)})
        try:
            ws = wb.add_worksheet(title, worksheet_class=_Sheet)
            count = 0
            if schema is not None:
                _header(wb, ws, schema)
                count = _rows(ws, schema, stream)
            wb.close()
        except BaseException:
            _discard(wb)
            raise
    return count
