"""Reading records back from an .xlsx workbook, row by row, in openpyxl's read-only mode.

openpyxl parses the workbook's XML through defusedxml (a dependency of this plugin), so a file
with entity declarations is refused rather than expanded. A file that is not a workbook, or is
damaged, raises :class:`~fosterkit.errors.StructureError` naming the file.
"""

from __future__ import annotations

import itertools
import os
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]
from openpyxl.cell.cell import ERROR_CODES  # type: ignore[import-untyped, unused-ignore]

from fosterkit.errors import CellProblem, Problem, StructureError, cannot_read
from fosterkit.plugins import RECORD_KINDS, TableSchema, table_schema, without_special_category
from fosterkit_excel.archive import BROKEN as _BROKEN
from fosterkit_excel.archive import (
    MAX_OWN_TOTAL_BYTES,
    MAX_PART_BYTES,
    MAX_TOTAL_BYTES,
    Refused,
    check_archive,
    not_a_workbook,
)
from fosterkit_excel.archive import describe as _describe
from fosterkit_excel.xstring import unescape

__all__ = [
    "MAX_PART_BYTES",
    "check_workbook_archive",
    "error_value_message",
    "is_error_value",
    "quietly",
    "read_records",
    "structure_error",
]

T = TypeVar("T")


def structure_error(path: Path, message: str, where: str = "") -> StructureError:
    """The error for a workbook that cannot be read at all: ``message`` about ``where`` in ``path``."""
    return StructureError([Problem(path=where, message=message)], os.fspath(path))


def quietly(path: Path, step: Callable[[], T]) -> T:
    """Run one openpyxl step, its warnings silenced and its failures turned into a StructureError."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return step()
    except _BROKEN as err:
        raise structure_error(path, f"not a readable .xlsx workbook: {_describe(err)}") from None


def check_workbook_archive(path: Path, max_total: int = MAX_TOTAL_BYTES) -> None:
    """Refuse a file that is not a zip archive, or that is too costly or unsafe to read.

    See :func:`fosterkit_excel.archive.check_archive`.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            # The limits are read here, so tests can lower them. openpyxl parses with lxml instead
            # of defusedxml when lxml is installed, so entity declarations are refused here too,
            # whatever parser openpyxl ends up using.
            check_archive(archive, max_total=max_total, max_part_bytes=MAX_PART_BYTES)
    except Refused as err:
        raise structure_error(path, f"not a readable .xlsx workbook: {err}") from None
    except OSError as err:
        raise structure_error(path, cannot_read(err)) from None
    except (zipfile.BadZipFile, EOFError, ValueError, zlib.error) as err:
        with path.open("rb") as handle:
            head = handle.read(512)
        raise structure_error(path, not_a_workbook(head, err)) from None


def _sheet(wb: Any, path: Path, name: str) -> Any:
    names = list(wb.sheetnames)
    if name:
        if name not in names:
            raise structure_error(path, f"there is no sheet {name!r} (sheets: {', '.join(names) or 'none'})")
        return wb[name]
    if len(names) != 1:
        listed = ", ".join(names) or "none"
        raise structure_error(
            path, f"the workbook has {len(names)} sheets ({listed}); choose one with sheet="
        )
    return wb[names[0]]


def _trimmed(cells: Sequence[object]) -> list[object]:
    values = list(cells)
    while values and values[-1] is None:
        values.pop()
    return values


def _schema(
    header: list[object], title: str, kind: str, special: bool, path: Path, where: str
) -> TableSchema:
    """The schema the header is for: the ``kind`` asked for, else the sheet's name, else the header's own."""
    names = [str(h) if h is not None else "" for h in header]
    if kind:
        schema = table_schema(kind, special_category=special)
        _check_header(schema, names, path, where)
        return schema
    candidates = ([title] if title in RECORD_KINDS else []) + [k for k in RECORD_KINDS if k != title]
    for candidate in candidates:
        if tuple(names) == table_schema(candidate, special_category=special).header:
            return table_schema(candidate, special_category=special)
        if tuple(names) == table_schema(candidate, special_category=not special).header:
            _check_header(table_schema(candidate, special_category=special), names, path, where)
    if title in RECORD_KINDS:
        _check_header(table_schema(title, special_category=special), names, path, where)
    known = ", ".join(RECORD_KINDS)
    message = f"the header is not that of any record kind ({known}); name the kind with kind="
    raise structure_error(path, message, where)


def _check_header(schema: TableSchema, names: list[str], path: Path, where: str) -> None:
    try:
        schema.check_header(names, where=where)
    except StructureError as err:
        message = err.problems[0].message
        with_special = table_schema(schema.kind, special_category=True)
        if not schema.special_category and tuple(names) == with_special.header:
            message += " (they are special-category data: read them with special_category=True)"
        raise structure_error(path, message, where) from None


def _cells(row: Sequence[object], width: int, path: Path, where: str) -> list[object]:
    cells = [unescape(c) if isinstance(c, str) else c for c in row]
    if len(cells) > width:
        extra = [n for n in range(width, len(cells)) if cells[n] is not None]
        if extra:
            message = f"a value beyond the last column of the header (column {extra[0] + 1})"
            raise structure_error(path, message, where)
        del cells[width:]
    cells.extend([None] * (width - len(cells)))
    return cells


def _refuse_special(schema: TableSchema, record: Any, path: Path, where: str) -> None:
    """A row holding equality data, read without ``special_category=True``, is refused, not cut."""
    cleaned = without_special_category(record)
    if cleaned == record:
        return
    column = next(c for c in schema.columns if _get(cleaned, c.path) != _get(record, c.path))
    entry = getattr(record, "id", None)
    problem = Problem(
        path=column.name,
        field=column.path[-1],
        entry=entry if isinstance(entry, str) else None,
        message="holds special-category (equality) data: read it with special_category=True",
    )
    raise StructureError([problem], f"{os.fspath(path)}: {where}")


def _get(record: object, path: tuple[str, ...]) -> object:
    value = record
    for part in path:
        value = getattr(value, part)
    return value


def read_records(
    path: Path, *, kind: str = "", special_category: bool = False, sheet: str = ""
) -> Iterator[Any]:
    """Yield the records of one sheet of ``path``, one row at a time.

    The first row is the header; it names the record kind unless ``kind`` is given (the sheet's
    name is tried first). Rows with no values at all are passed over.
    """
    check_workbook_archive(path)
    # openpyxl keeps the file open while rows are read, and leaves it open if loading fails: hold
    # the file here so it is closed however reading ends.
    with path.open("rb") as handle:
        wb = quietly(path, lambda: load_workbook(handle, read_only=True, data_only=True))
        yield from _sheet_records(wb, path, kind=kind, special_category=special_category, sheet=sheet)


def _sheet_records(wb: Any, path: Path, *, kind: str, special_category: bool, sheet: str) -> Iterator[Any]:
    try:
        ws = _sheet(wb, path, sheet)
        title = str(ws.title)
        rows = quietly(path, lambda: iter(ws.iter_rows(values_only=True)))
        header = quietly(path, lambda: next(rows, None))
        if header is None or not _trimmed(header):
            return
        schema = _schema(_trimmed(header), title, kind, special_category, path, f"{title} row 1")
        width = len(schema.columns)
        for number in itertools.count(2):
            row = quietly(path, lambda: next(rows, None))
            if row is None:
                return
            if all(c is None for c in row):
                continue
            where = f"{title} row {number}"
            cells = _cells(row, width, path, where)
            record = schema.record(cells, where=f"{os.fspath(path)}: {where}")
            if not special_category:
                _refuse_special(schema, record, path, where)
            yield record
    finally:
        wb.close()


def is_error_value(value: object) -> bool:
    """Whether a saved cell value is an error a failed formula left (``#DIV/0!``, ``#N/A``...)."""
    return isinstance(value, str) and value in ERROR_CODES


def error_value_message(value: str) -> str:
    """Why a cell holding the error value ``value`` is not read: the same words for every workbook."""
    return (
        f"the cell holds the error value {value}, not a value; "
        "type the answer itself (a formula that fails is not read)"
    )


def unsaved_formulas(source: Path, sheets: Sequence[str]) -> tuple[CellProblem, ...]:
    """Formulas in ``sheets`` with no value saved beside them, which a reader would take as blank.

    Excel saves each formula's value, and that value is what the readers read. A file edited by
    a program that writes formulas without values would otherwise lose what such a cell holds
    without a word.
    """
    with source.open("rb") as handle:
        formulas = quietly(source, lambda: load_workbook(handle, read_only=True, data_only=False))
        values = None
        try:
            found = [
                (name, cell.coordinate, cell.value)
                for name in sheets
                if name in formulas.sheetnames
                for row in formulas[name].iter_rows()
                for cell in row
                if getattr(cell, "data_type", None) == "f" and isinstance(cell.value, str)
            ]
            if not found:
                return ()
            handle.seek(0)
            values = quietly(source, lambda: load_workbook(handle, read_only=False, data_only=True))
            return tuple(
                CellProblem(
                    sheet=name,
                    cell=ref,
                    value=text,
                    message="the cell holds a formula with no saved value; type the text itself, or open "
                    "and save the file in Excel so the value is saved",
                )
                for name, ref, text in found
                if values[name][ref].value is None
            )
        finally:
            formulas.close()
            if values is not None:
                values.close()


def read_filled_in(
    source: Path, read: Callable[[Any], T], sheets: Sequence[str]
) -> tuple[T, tuple[CellProblem, ...]]:
    """Read a workbook people fill in: ``read(workbook)`` over its saved values, then unsaved formulas.

    The archive is checked first (bombs, document types). The workbook is opened read-only with
    the values Excel saved, and closed however ``read`` ends. The second result lists the
    formulas in ``sheets`` that have no saved value (see :func:`unsaved_formulas`); the caller
    adds them to its own problems.
    """
    check_workbook_archive(source, MAX_OWN_TOTAL_BYTES)
    # openpyxl leaves the file open if loading fails: hold it here so it is closed however reading ends.
    with source.open("rb") as handle:
        wb = quietly(source, lambda: load_workbook(handle, read_only=True, data_only=True))
        try:
            result = read(wb)
        finally:
            wb.close()
    return result, unsaved_formulas(source, sheets)
