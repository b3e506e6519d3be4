"""Reading records from CSV, one row at a time, with errors that name the file, row and column.

Rows are counted as a spreadsheet counts them: the header is row 1, the first record row 2. A
quoted cell may span several lines of the file and is still one row.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs

from fosterkit.errors import Problem, StructureError, cannot_read
from fosterkit.plugins import RECORD_KINDS, Column, TableSchema, table_schema, without_special_category
from fosterkit_csv._special import special_columns

__all__ = ["read_csv", "schema_for_header"]

#: What the importer suggests when special-category data turns up without being asked for.
_ASK = "import with special_category=true to read special-category (equality) data"


def _error(
    name: str, row: int | None, message: str, *, column: str = "", entry: str | None = None
) -> StructureError:
    where = None if row is None else f"row {row}"
    return StructureError([Problem(path=column, message=message, entry=entry, source=where)], name)


def _rows(reader: Iterator[list[str]], name: str) -> Iterator[tuple[int, list[str]]]:
    """Each row with its number, or an error naming the row the csv module could not read."""
    number = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            raise _error(name, number + 1, f"not valid CSV ({err})") from None
        number += 1
        try:
            "".join(cells).encode("utf-8")
        except UnicodeEncodeError:
            # Bytes that are not UTF-8 were read as lone surrogates; name the first such cell.
            bad = next(i for i, c in enumerate(cells) if not _is_utf8(c))
            raise _error(name, number, f"cell {bad + 1} is not UTF-8 text") from None
        yield number, cells


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _candidates(kind: str) -> list[TableSchema]:
    kinds = [kind] if kind else list(RECORD_KINDS)
    return [table_schema(k, special_category=s) for k in kinds for s in (False, True)]


def _distance(schema: TableSchema, header: Sequence[str]) -> int:
    columns = set(schema.header)
    given = set(header)
    return len(columns - given) + len(given - columns)


def schema_for_header(header: Sequence[str], *, kind: str = "", source: str | None = None) -> TableSchema:
    """The table schema a CSV header belongs to, of ``kind`` or (without it) of any record kind.

    The header must match a schema exactly, with or without the special-category columns. When
    none does, :class:`StructureError` names the missing and unexpected columns against the
    closest kind (``kind`` itself when given).
    """
    if kind and kind not in RECORD_KINDS:
        known = ", ".join(RECORD_KINDS)
        raise _error(source or "", 1, f"unknown record kind {kind!r}; known kinds: {known}", column="header")
    given = list(header)
    matches = [s for s in _candidates(kind) if list(s.header) == given]
    kinds = list(dict.fromkeys(s.kind for s in matches))
    if len(kinds) > 1:
        message = f"the header fits several kinds ({', '.join(kinds)}); choose one with the kind option"
        raise _error(source or "", 1, message, column="header")
    if matches:
        # Without special-category columns when the header does not hold any.
        return matches[0]
    closest = min(_candidates(kind), key=lambda s: _distance(s, given))
    try:
        closest.check_header(given)
    except StructureError as err:
        message = err.problems[0].message
    else:  # pragma: no cover - no schema matched the header, so check_header refuses it
        message = f"not a {closest.kind} table"
    if not kind:
        message = f"the header matches no record kind (choose one with the kind option); closest: {message}"
    raise _error(source or "", 1, message, column="header")


def _at(row: int, source: str | None) -> str:
    return f"row {row}" if source is None else f"row {row}, {source}"


def _get(record: object, path: tuple[str, ...]) -> Any:
    value = record
    for part in path:
        value = getattr(value, part)
    return value


def _refuse_special(
    columns: tuple[Column, ...], record: object, name: str, row: int, entry: str | None
) -> None:
    """Refuse a record holding special-category data, naming the first column that holds some."""
    for column in columns:
        value = _get(record, column.path)
        if value is not None and without_special_category(value) != value:
            raise _error(name, row, f"holds special-category data; {_ASK}", column=column.name, entry=entry)


def read_csv(path: Path, *, kind: str = "", special_category: bool = False) -> Iterator[object]:
    """The records of a CSV file written by :func:`~fosterkit_csv.writer.write_csv`, one per row.

    ``kind`` says which kind of record the file holds; without it the header decides. The file
    is UTF-8, with or without a byte-order mark. Unless ``special_category`` is true, a file
    holding special-category (equality) data is refused at the first row that holds some. An
    empty file, or a header with no rows, holds no records. Any problem raises
    :class:`StructureError` naming the file, the row and, where there is one, the column and the
    record's id.
    """
    name = os.fspath(path)
    try:
        # surrogateescape: bytes that are not UTF-8 are reported with the row they are on.
        file = path.open(encoding="utf-8-sig", errors="surrogateescape", newline="")
    except OSError as err:
        raise _error(name, None, cannot_read(err)) from None
    with file:
        rows = _rows(csv.reader(file, strict=True), name)
        first = next(rows, None)
        if first is None:
            return
        header = first[1]
        schema = schema_for_header(header, kind=kind, source=name)
        if not special_category:
            plain = table_schema(schema.cls).header
            extra = [column for column in schema.header if column not in plain]
            if extra:
                message = f"the file has special-category columns ({', '.join(extra)}); {_ASK}"
                raise _error(name, 1, message, column="header")
        special = () if special_category else special_columns(schema)
        id_at = schema.header.index("id") if "id" in schema.header else None
        width = len(schema.header)
        for number, cells in rows:
            entry = (cells[id_at] or None) if id_at is not None and id_at < len(cells) else None
            if len(cells) != width:
                message = f"{len(cells)} cells where the header has {width} (a truncated or damaged row)"
                raise _error(name, number, message, entry=entry)
            try:
                record = schema.record(cells)
            except StructureError as err:
                located = [attrs.evolve(p, source=_at(number, p.source)) for p in err.problems]
                raise StructureError(located, name) from None
            if special:
                _refuse_special(special, record, name, number, entry)
            yield record
