"""Reading a source's first rows: finding the header row, naming the columns, sampling the rows below.

A table's header is the row a person would call it: the first of the first rows with (nearly)
the most distinct labels, so title rows and grouped headings above it are passed over. Rows
that name their own cells (JSON Lines) have no header: their keys are the columns.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence

import attrs
from attrs import define, frozen

from fosterkit.imports.draft.cells import NUMBER, date_form, reads
from fosterkit.imports.draft.toml_text import has_surrogate, shown_string, toml_string
from fosterkit.imports.mapping import RESERVED_COLUMNS
from fosterkit.imports.rows import HEADER_SCAN_ROWS
from fosterkit.imports.source import Cell, SourceRow, UnreadableRow
from fosterkit.imports.values import clean, normalise, shown

__all__ = ["Column", "SourceSample", "auto_header", "column_cells", "paired_cells", "read_source"]

_RESERVED = frozenset(normalise(c) for c in RESERVED_COLUMNS)

#: The cells of one row: by position (tables) or by name (rows naming their cells).
_Cells = Sequence[Cell] | Mapping[str, Cell]


@frozen
class Column:
    """One column of the source, as the draft names it."""

    name: str
    place: int | str
    """The column's index (tables) or key (rows naming their cells)."""


@define
class SourceSample:
    """What the draft read of a source: its columns, the header, and the sampled rows below it."""

    columns: list[Column] = attrs.Factory(list)
    rows: list[_Cells] = attrs.Factory(list)
    header_row: int = 0
    header_cells: list[str] = attrs.Factory(list)
    """The header's texts, trimmed (tables only)."""
    scanned: list[list[str]] = attrs.Factory(list)
    """The texts of the rows above the header (tables only)."""
    warnings: list[str] = attrs.Factory(list)
    named: bool = False
    """Rows name their own cells (JSON Lines): there is no header row."""


def _heading(cell: Cell) -> str:
    """A header cell's text as the import compares it."""
    if cell is None:
        return ""
    return (cell if isinstance(cell, str) else shown(cell)).strip()


def _is_label(text: str) -> bool:
    """Text that reads as a heading: not a date and not a number."""
    return date_form(text) is None and not reads(NUMBER, text)


def _blank(cells: _Cells) -> bool:
    values = cells.values() if isinstance(cells, Mapping) else cells
    return all(clean(c) is None for c in values)


def _add_column(source: SourceSample, name: str, place: int | str, seen: set[str], where: str) -> None:
    """Add column ``name``, unless it is blank, reserved, not text, or named twice (with a warning)."""
    if not name:
        return
    key = normalise(name)
    if key in _RESERVED:
        return
    if has_surrogate(name):
        source.warnings.append(
            f"{where} is named {shown_string(name)}, which is not text in the file's encoding: "
            "set the encoding under [source] and draft again"
        )
        return
    if key in seen:
        source.warnings.append(
            f"{where} is called {toml_string(name)} like an earlier column: rename one before importing"
        )
        return
    seen.add(key)
    source.columns.append(Column(name, place))


def _header_index(rows: list[Sequence[Cell]]) -> int | None:
    """The row a person would call the header: the first with (nearly) the most distinct labels."""
    scores = [len({normalise(t) for t in map(_heading, cells) if t and _is_label(t)}) for cells in rows]
    best = max(scores, default=0)
    if not best:
        return None
    need = max(1, math.ceil(0.8 * best))
    return next(i for i, score in enumerate(scores) if score >= need)


def read_source(rows: Iterable[SourceRow], sample: int) -> SourceSample:
    """The source's header and columns, and up to ``sample`` non-blank rows below the header."""
    stream = iter(rows)
    first: list[tuple[int, Sequence[Cell]]] = []
    for number, cells in stream:
        if isinstance(cells, UnreadableRow):
            continue
        if isinstance(cells, Mapping):
            return _read_named(cells, stream, sample)
        first.append((number, cells))
        if len(first) >= HEADER_SCAN_ROWS:
            break
    return _read_table(first, stream, sample)


def _read_named(first: Mapping[str, Cell], stream: Iterator[SourceRow], sample: int) -> SourceSample:
    """A source whose rows name their cells: each key met in the sample is a column."""
    source = SourceSample(named=True)
    if not _blank(first):
        source.rows.append(first)
    source.rows.extend(_data(stream, sample - len(source.rows), named=True))
    seen: set[str] = set()
    keys: set[str] = set()
    for cells in source.rows:
        assert isinstance(cells, Mapping)
        for key in cells:
            if key in keys:
                continue
            keys.add(key)
            if not key.strip():
                source.warnings.append("some rows have a field with a blank name; it cannot be mapped")
            _add_column(source, key.strip(), key, seen, f"field {shown_string(key)}")
    return source


def _read_table(
    first: list[tuple[int, Sequence[Cell]]], stream: Iterator[SourceRow], sample: int
) -> SourceSample:
    """A table: the header found among its ``first`` rows names the columns; the rows below are sampled."""
    source = SourceSample()
    index = _header_index([cells for _, cells in first])
    if index is None:
        if first:
            source.warnings.append(
                f"no header found in the first {len(first)} rows: the file names no columns"
            )
        return source
    source.header_row, header = first[index]
    source.header_cells = [_heading(c) for c in header]
    source.scanned = [[_heading(c) for c in cells] for _, cells in first[:index]]
    seen: set[str] = set()
    for position, name in enumerate(source.header_cells):
        _add_column(source, name, position, seen, f"column {position + 1}")
    source.rows = list(_data(itertools.chain(first[index + 1 :], stream), sample, named=False))
    return source


def _data(rows: Iterator[SourceRow], sample: int, *, named: bool) -> Iterator[_Cells]:
    """Up to ``sample`` rows of the source's own shape, unreadable and blank rows passed over."""
    taken = 0
    if sample < 1:
        return
    for _, cells in rows:
        if isinstance(cells, UnreadableRow) or isinstance(cells, Mapping) != named or _blank(cells):
            continue
        yield cells
        taken += 1
        if taken >= sample:
            return


def column_cells(source: SourceSample, column: Column) -> list[object]:
    """The column's non-blank cells in the sampled rows, cleaned."""
    found: list[object] = []
    for cells in source.rows:
        value = _cell(cells, column)
        if value is not None and value != []:
            found.append(value)
    return found


def auto_header(source: SourceSample, wanted: set[str]) -> int:
    """The row the import would take for the header when the mapping names none (-1: no row)."""
    if not wanted:
        return 0
    for number, texts in enumerate([*source.scanned, source.header_cells]):
        if wanted <= {normalise(t) for t in texts if t}:
            return number
    return -1


def paired_cells(source: SourceSample, one: Column, other: Column) -> list[tuple[object, object]]:
    """The two columns' cells row by row, cleaned, where neither is blank."""
    found: list[tuple[object, object]] = []
    for cells in source.rows:
        pair = [_cell(cells, column) for column in (one, other)]
        if all(value is not None and value != [] for value in pair):
            found.append((pair[0], pair[1]))
    return found


def _cell(cells: _Cells, column: Column) -> object:
    if isinstance(cells, Mapping):
        return clean(cells.get(str(column.place)))
    assert isinstance(column.place, int)
    return clean(cells[column.place]) if column.place < len(cells) else None
