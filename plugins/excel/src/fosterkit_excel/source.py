"""The ``excel`` source reader: every row of one sheet of a workbook kept outside fosterkit.

A case system's export or a hand-kept spreadsheet is read as it is: title rows, merged header
rows and blank rows all come through, each with its row number as Excel shows it, and cells
are typed values (text, whole numbers, fractions, booleans, dates, date-times, times) or
``None`` for an empty cell. Finding the header and mapping columns is the import's job.

Two engines read the sheet. ``calamine`` (python-calamine, in Rust) is the default: many times
faster (figures in ``docs/performance.md``), but it holds the whole sheet in memory.
``openpyxl`` streams the sheet in flat memory. Both give the same rows, but for the few
differences the plugin's README lists. A workbook that calamine cannot be shown to hold in
:data:`MAX_CALAMINE_CELLS` cells (:mod:`fosterkit_excel.sheet_area`) is streamed with openpyxl.

Before either engine sees the file it is checked (:mod:`fosterkit_excel.archive`): a file that
is not a zip archive, is damaged, would unpack to far more than it holds, or whose XML declares
a document type is refused with :class:`~fosterkit.errors.SourceError`, before any row.
"""

from __future__ import annotations

import datetime
import itertools
import math
import os
import sys
import warnings
import zipfile
import zlib
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, TypeVar

from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]
from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from fosterkit.errors import SourceError, cannot_read
from fosterkit.plugins import Cell, Option, OptionError, SourceRow
from fosterkit_excel import archive, sheet_area
from fosterkit_excel.xstring import unescape

__all__ = ["ENGINES", "MAX_CALAMINE_CELLS", "SUFFIXES", "read_excel_rows", "source_options"]

T = TypeVar("T")

#: The engines, the default first.
ENGINES = ("calamine", "openpyxl")
#: The suffixes the reader is offered for: workbooks in the Office Open XML format.
SUFFIXES = (".xlsx", ".xlsm")
#: calamine loads a sheet as one rectangle of cells (about 32 bytes each); a workbook whose
#: cells may span more than this is streamed with openpyxl instead (see :mod:`.sheet_area`).
MAX_CALAMINE_CELLS = 20_000_000

#: Parts whose presence means calamine might read the archive as another format (.xlsb, .ods).
_OTHER_FORMATS = ("xl/workbook.bin", "content.xml")
#: How many rows openpyxl reads at a time (its warnings are silenced per batch, not per row).
_BATCH = 512
#: What reading a damaged archive raises (a bad checksum, bad compressed data, an encrypted part).
_DAMAGED = (zipfile.BadZipFile, OSError, EOFError, zlib.error, RuntimeError, NotImplementedError, ValueError)
#: Past this a whole number cannot be a float, which is all an Excel cell can hold.
_LARGEST = int(sys.float_info.max)


def source_options() -> tuple[Option, ...]:
    """The reader's options, ``sheet`` and ``engine``."""
    return (
        Option(
            name="sheet",
            type=str,
            default="",
            description="the sheet to read (empty: the first visible worksheet, as Excel lists them)",
        ),
        Option(
            name="engine",
            type=str,
            default=ENGINES[0],
            description="calamine (fast; holds the sheet in memory) or openpyxl (streams in flat memory)",
            choices=ENGINES,
        ),
    )


def read_excel_rows(path: Path, options: Mapping[str, object]) -> Generator[SourceRow, None, None]:
    """Yield ``(row_number, cells)`` for every row of one sheet of the workbook at ``path``.

    Rows are numbered as Excel numbers them, from row 1 wherever the data starts; cell 0 is
    column A. A blank row is an empty list, and each row stops at its last cell holding a value;
    blank rows after the last value are not yielded. A file that cannot be read raises
    :class:`~fosterkit.errors.SourceError` before any row.
    """
    source = os.fspath(path)
    sheet = str(options.get("sheet", "") or "")
    engine = str(options.get("engine", ENGINES[0]))
    if engine not in ENGINES:
        raise OptionError(f"option 'engine' is one of {', '.join(ENGINES)}, not {engine!r}")
    try:
        handle = Path(path).open("rb")  # noqa: SIM115 - closed below, after the failure is reported
    except OSError as err:
        raise SourceError(source, cannot_read(err)) from None
    with handle:
        fits = _check(handle, source, engine == "calamine")
        handle.seek(0)
        rows = _calamine_rows(handle, source, sheet) if fits else _openpyxl_rows(handle, source, sheet)
        yield from _numbered(rows)


# --- checks before reading ------------------------------------------------------------------


def _check(handle: IO[bytes], source: str, calamine: bool) -> bool:
    """Refuse a file that is not a sound workbook; say whether calamine may load it whole."""
    try:
        workbook = zipfile.ZipFile(handle)
    except zipfile.BadZipFile as err:
        handle.seek(0)
        raise SourceError(source, archive.not_a_workbook(handle.read(512), err)) from None
    except (OSError, EOFError, ValueError) as err:
        raise SourceError(source, f"cannot read the file: {archive.describe(err)}") from None
    with workbook:
        try:
            _check_parts(workbook)
            if calamine:
                return sheet_area.fits(workbook, MAX_CALAMINE_CELLS)
            for part in workbook.infolist():  # unpack every part once, so damage shows now
                with workbook.open(part) as stream:
                    while stream.read(1 << 20):
                        pass
            return False
        except archive.Refused as err:
            raise SourceError(source, str(err)) from None
        except _DAMAGED as err:
            raise SourceError(source, f"a damaged workbook: {archive.describe(err)}") from None


def _check_parts(workbook: zipfile.ZipFile) -> None:
    archive.check_archive(workbook, max_parts=archive.MAX_PARTS, max_part_bytes=archive.MAX_PART_BYTES)
    names = {part.filename.replace("\\", "/").lower() for part in workbook.infolist()}
    if "xl/workbook.xml" not in names:
        raise archive.Refused("not an Excel workbook: the zip archive has no xl/workbook.xml")
    other = [name for name in _OTHER_FORMATS if name in names]
    if other:
        raise archive.Refused(f"not a plain .xlsx workbook: it also holds {', '.join(other)}")


# --- choosing the sheet ---------------------------------------------------------------------


def _choose(wanted: str, sheets: Sequence[tuple[str, bool, bool]], source: str) -> str:
    """The sheet to read, from ``(name, is_worksheet, is_visible)`` in workbook order."""
    names = [name for name, _, _ in sheets]
    if wanted:
        found = [s for s in sheets if s[0] == wanted] or [
            s for s in sheets if s[0].casefold() == wanted.casefold()
        ]
        if len(found) != 1:
            raise SourceError(source, f"there is no sheet {wanted!r} (sheets: {', '.join(names) or 'none'})")
        name, worksheet, _ = found[0]
        if not worksheet:
            raise SourceError(source, f"sheet {name!r} is a chart, not a worksheet of cells")
        return name
    worksheets = [(name, visible) for name, worksheet, visible in sheets if worksheet]
    if not worksheets:
        raise SourceError(source, f"the workbook has no worksheets (sheets: {', '.join(names) or 'none'})")
    return next((name for name, visible in worksheets if visible), worksheets[0][0])


# --- the engines ----------------------------------------------------------------------------


def _step(source: str, step: Callable[[], T]) -> T:
    """Run one step of an engine, its warnings silenced and its failures turned into a SourceError."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return step()
    except (*archive.BROKEN, CalamineError, RuntimeError, OSError) as err:
        if "integer string conversion" in str(err):  # openpyxl reading a number of thousands of digits
            message = "a cell holds a number of thousands of digits, which no workbook saved by Excel holds"
            raise SourceError(source, message) from None
        raise SourceError(source, f"not a readable Excel workbook: {archive.describe(err)}") from None
    except BaseException as err:  # a Rust panic in calamine arrives as pyo3's PanicException
        if type(err).__name__ != "PanicException":
            raise
        message = f"not a readable Excel workbook: calamine failed ({err}); try the option engine=openpyxl"
        raise SourceError(source, message) from None


def _calamine_rows(handle: IO[bytes], source: str, sheet: str) -> Iterator[list[Cell]]:
    with _step(source, lambda: CalamineWorkbook.from_filelike(handle)) as workbook:
        sheets = [
            (m.name, m.typ == SheetTypeEnum.WorkSheet, m.visible == SheetVisibleEnum.Visible)
            for m in workbook.sheets_metadata
        ]
        name = _choose(sheet, sheets, source)
        data = _step(source, lambda: workbook.get_sheet_by_name(name))
    start = data.start
    if start is None:  # nothing in the sheet (and iter_rows fails on it in older releases)
        return
    # iter_rows yields the rows above the data as empty rows, but starts each row at the first
    # column holding data: put back the columns to its left.
    lead = [None] * start[1]
    for row in data.iter_rows():
        yield _calamine_cells(lead + row if lead else row, lead)


def _calamine_cells(row: list[Any], lead: list[None]) -> list[Cell]:
    """One calamine row as cells, changed in place: ``""`` (an empty cell) becomes ``None``.

    Most cells need nothing done, so the row is searched (in C) rather than looped over.
    """
    at = len(lead) - 1
    try:
        while True:
            at = row.index("", at + 1)
            row[at] = None
    except ValueError:
        pass
    if datetime.timedelta in map(type, row):
        row = [_duration(value) if type(value) is datetime.timedelta else value for value in row]
    while row and row[-1] is None:
        row.pop()
    return row


def _openpyxl_rows(handle: IO[bytes], source: str, sheet: str) -> Iterator[list[Cell]]:
    workbook = _step(source, lambda: load_workbook(handle, read_only=True, data_only=True, keep_links=False))
    try:
        names = list(workbook.sheetnames)
        kinds = {id(ws) for ws in workbook.worksheets}
        sheets = [(n, id(workbook[n]) in kinds, workbook[n].sheet_state == "visible") for n in names]
        worksheet = workbook[_choose(sheet, sheets, source)]
        worksheet.reset_dimensions()  # some writers get the sheet's size wrong: read what is there
        rows = _step(source, lambda: worksheet.iter_rows(values_only=True))
        while batch := _step(source, lambda: list(itertools.islice(rows, _BATCH))):
            yield from map(_openpyxl_cells, batch)
    finally:
        workbook.close()


def _openpyxl_cells(row: Iterable[Any]) -> list[Cell]:
    cells: list[Cell] = []
    add = cells.append
    for value in row:
        kind = type(value)
        if kind is str:
            add(unescape(value) if "_x" in value else (value or None))  # Excel's _x000D_ escapes
        elif kind is datetime.datetime:
            midnight = not (value.hour or value.minute or value.second or value.microsecond)
            add(value.date() if midnight else value)
        elif kind is datetime.timedelta:
            add(_duration(value))
        elif kind is int and not -_LARGEST < value < _LARGEST:
            add(math.inf if value > 0 else -math.inf)  # as calamine reads it: no cell holds more
        else:
            add(value)
    while cells and cells[-1] is None:
        cells.pop()
    return cells


def _duration(value: datetime.timedelta) -> str:
    """A duration (a cell formatted ``[h]:mm:ss``) as Excel shows it: hours, minutes, seconds."""
    seconds = round(value.total_seconds())
    hours, rest = divmod(abs(seconds), 3600)
    return f"{'-' if seconds < 0 else ''}{hours}:{rest // 60:02d}:{rest % 60:02d}"


def _numbered(rows: Iterable[list[Cell]]) -> Iterator[SourceRow]:
    """Number the rows from 1, holding blank rows back until a row with a value follows them."""
    blank = 0
    for number, cells in enumerate(rows, start=1):
        if not cells:
            blank += 1
            continue
        for held in range(number - blank, number):
            yield held, []
        blank = 0
        yield number, cells
