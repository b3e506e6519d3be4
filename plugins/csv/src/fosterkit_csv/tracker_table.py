"""The response tracker as one tidy CSV table, and reading it back.

The header is ``service``, ``pack`` and ``pack_version``, then the keys of
:data:`fosterkit.tracker.COLUMNS`; each row is one recommendation, repeating the service and
pack so every row stands on its own. Statuses are written as their values (``in_progress``) and
read as values or labels, dates are ISO (``2027-03-31``), and text that a spreadsheet would run
as a formula gets an apostrophe in front, as the records exporter does, which the reader takes
off again. The file is UTF-8 with a byte-order mark, so Excel opens it as UTF-8.

Reading accepts the columns in any order, and UTF-8 with or without the mark, or Windows-1252
(what Excel writes when it saves "CSV"). Rows are numbered as a spreadsheet numbers them: the
header is row 1.
"""

from __future__ import annotations

import csv
import datetime
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Final

from fosterkit import Catalogue, PackSet
from fosterkit.errors import CellProblem, Problem, SourceError, StructureError
from fosterkit.plugins import TRACKER_COLUMNS as COLUMNS
from fosterkit.plugins import (
    ResponseTracker,
    SourceRow,
    TrackerReading,
    UnreadableRow,
    check_fits,
    neutralise,
    read_entries,
    restore,
    tracker_row,
)
from fosterkit_csv.source import read_csv_rows

__all__ = ["HEADER", "read_tracker_table", "write_tracker_table"]

#: The columns saying whose tracker it is, before the tracker's own columns.
_META: Final = ("service", "pack", "pack_version")
#: The header the writer writes.
HEADER: Final = (*_META, *(column.key for column in COLUMNS))
#: The columns the reader needs: all but those shown for reading only (theme and title).
_REQUIRED: Final = (*_META, *(c.key for c in COLUMNS if c.editable or c.key == "recommendation"))
_STATUS: Final = [column.key for column in COLUMNS].index("status")
#: How much of an unreadable row's text a problem repeats.
_SHOWN: Final = 200


def _error(path: Path, message: str, where: str = "") -> StructureError:
    return StructureError([Problem(path=where, message=message)], os.fspath(path))


# -- writing -----------------------------------------------------------------------------------


def _text(value: str | datetime.date | None, where: str) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if "\0" in value:
        # A NUL makes the file look binary to every CSV reader, this plugin's included.
        raise ValueError(f"{where}: the text holds a NUL character, which a CSV file cannot carry")
    return neutralise(value)


def write_tracker_table(tracker: ResponseTracker, catalogue: Catalogue, path: Path) -> None:
    """Write ``tracker`` (for the pack ``catalogue``) to ``path`` as CSV, one row per entry."""
    check_fits(tracker, catalogue)
    meta = (tracker.service, tracker.pack, tracker.pack_version)
    # utf-8-sig starts the file with the byte-order mark Excel needs to read it as UTF-8;
    # newline="" hands line endings to the csv module, which keeps breaks inside cells as they are.
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        for entry in tracker.entries:
            values = list(tracker_row(entry, catalogue))
            values[_STATUS] = entry.status.value
            cells = [*meta, *values]
            writer.writerow(
                _text(value, f"recommendation {entry.recommendation}, column {key}")
                for key, value in zip(HEADER, cells, strict=True)
            )


# -- reading -----------------------------------------------------------------------------------


class _Table:
    """The problems found so far in one file, named as ``row 7, column status``."""

    def __init__(self, path: Path) -> None:
        self.sheet = path.name
        self.problems: list[CellProblem] = []

    def problem(self, cell: str, value: str, message: str) -> None:
        self.problems.append(CellProblem(sheet=self.sheet, cell=cell, value=value, message=message))


def _source_rows(path: Path) -> Iterator[SourceRow]:
    """The file's rows, a file that cannot be read at all raising :class:`StructureError`."""
    rows = read_csv_rows(path, {"encoding": "auto"})
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except SourceError as err:
            raise _error(path, err.reason) from None
        yield row


def _readable(text: str) -> bool:
    """Whether the encoding defined every byte of ``text`` (undefined ones come as lone surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _header(path: Path, rows: Iterator[SourceRow], table: _Table) -> tuple[int, int, dict[str, int]]:
    """The header's row number, its width and where each column is; problems for columns not read."""
    for number, cells in rows:
        if isinstance(cells, UnreadableRow):
            raise _error(path, f"the header is not valid CSV: {cells.message}", f"row {number}")
        if not isinstance(cells, list) or not any(str(cell).strip() for cell in cells):
            continue
        keys = [str(cell).strip().lower() for cell in cells]
        repeated = sorted({key for key in keys if key and keys.count(key) > 1})
        if repeated:
            raise _error(
                path, f"the header has the column(s) {', '.join(repeated)} more than once", f"row {number}"
            )
        missing = [key for key in _REQUIRED if key not in keys]
        if missing:
            message = (
                f"the header lacks the column(s) {', '.join(missing)}; "
                f"a response tracker table has the columns {', '.join(HEADER)}"
            )
            raise _error(path, message, f"row {number}")
        for key in keys:
            if key and key not in HEADER:
                table.problem(
                    f"row {number}, column {key}", key, f"column {key!r} is not read; its cells are left out"
                )
        return number, len(keys), {key: index for index, key in enumerate(keys) if key in HEADER}
    raise _error(path, "the file is empty: it has no header row")


def read_tracker_table(path: str | os.PathLike[str], packs: PackSet) -> TrackerReading:
    """Read a response tracker table written by :func:`write_tracker_table` (and edited since).

    The service, pack and pack version come from the first row below the header; a later row
    naming others is a problem on that cell, and the row is still read. Values that cannot be
    accepted are listed in the reading's ``problems`` by row and column. A file that cannot be
    read, lacks a column the tracker needs, has no rows or names a pack that is not installed
    raises :class:`~fosterkit.errors.StructureError`.
    """
    source = Path(path)
    table = _Table(source)
    rows = _source_rows(source)
    header_row, width, where = _header(source, rows, table)
    first: dict[str, tuple[str, int]] = {}
    body: list[tuple[int, list[str | None]]] = []
    for number, cells in rows:
        if isinstance(cells, UnreadableRow):
            text = cells.text if len(cells.text) <= _SHOWN else cells.text[:_SHOWN] + "..."
            table.problem(
                f"row {number}", text, f"the row is not valid CSV ({cells.message}); it is not read"
            )
            continue
        if not isinstance(cells, list) or not any(str(cell).strip() for cell in cells):
            continue
        values = [restore(str(cell)) for cell in cells]
        for index, value in enumerate(values):
            if not _readable(value):
                key = next((k for k, i in where.items() if i == index), f"{index + 1}")
                shown = value.encode("utf-8", "replace").decode("utf-8")
                message = "the cell holds bytes that are not text in UTF-8 or Windows-1252; it is not read"
                table.problem(f"row {number}, column {key}", shown, message)
                values[index] = ""
        extra = [value for value in values[width:] if value.strip()]
        if extra:
            message = (
                f"the row has {len(values)} cells where the header has {width}; "
                "the cells past the header are not read"
            )
            table.problem(f"row {number}", " | ".join(extra), message)
        values += [""] * (width - len(values))
        _agree(table, first, number, {key: values[where[key]] for key in _META})
        body.append((number, [values[where[c.key]] if c.key in where else None for c in COLUMNS]))
    if not first:
        raise _error(
            source,
            "the file has no rows below its header, so it names no service or pack",
            f"row {header_row}",
        )
    for key in _META:
        value, number = first[key]
        if not value.strip():
            raise _error(
                source, f"the first row names no {key}; the tracker needs it", f"row {number}, column {key}"
            )
    pack_id = first["pack"][0].strip()
    try:
        catalogue = packs.get(pack_id)
    except KeyError as err:
        where_pack = f"row {first['pack'][1]}, column pack"
        raise _error(
            source, f"the tracker is for pack {pack_id!r}, which is not installed: {err.args[0]}", where_pack
        ) from None
    entries, problems = read_entries(
        body,
        catalogue,
        sheet=table.sheet,
        cell_name=lambda column, row: f"row {row}, column {COLUMNS[column].key}",
    )
    tracker = ResponseTracker(
        pack=catalogue.pack.id,
        pack_version=first["pack_version"][0],
        service=first["service"][0],
        entries=entries,
    )
    return TrackerReading(tracker=tracker, problems=(*table.problems, *problems))


def _agree(table: _Table, first: dict[str, tuple[str, int]], number: int, meta: dict[str, str]) -> None:
    """Take the service and pack from the first row; name each later cell that differs (blank is fine)."""
    if not first:
        first.update((key, (value, number)) for key, value in meta.items())
        return
    for key, value in meta.items():
        taken, row = first[key]
        if value.strip() and value != taken:
            message = f"the {key} is {value!r} here but {taken!r} on row {row}, whose is used"
            table.problem(f"row {number}, column {key}", value, message)
