"""Rows into records: find the header, then map each row, or keep it with every problem found in it.

:func:`map_rows` takes the rows a source reader yields and a compiled mapping. It checks the
header once (every mapped column present, every other column mapped or ignored) and raises
:class:`~fosterkit.imports.mapping.MappingError` before any row is mapped if it does not fit.
After that it never raises for a row: each becomes a :class:`MappedRow` holding its records or
a :class:`RejectedRow` holding its cells and problems, so nothing is lost.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

import attrs
from attrs import define, frozen

from fosterkit.errors import Problem, StructureError
from fosterkit.imports.compiled import NO_DEFAULT, CompiledField, CompiledMapping, CompiledRecord, Step
from fosterkit.imports.mapping import RESERVED_COLUMNS, MappingError
from fosterkit.imports.source import Cell, SourceRow, UnreadableRow
from fosterkit.imports.values import NOT_RECORDED, BadValue, ValueKind, clean, normalise, shown
from fosterkit.serial.converter import structure

__all__ = [
    "HEADER_SCAN_ROWS",
    "MappedRow",
    "RejectedRow",
    "RowCounts",
    "RowProblem",
    "SourceTable",
    "blank_row",
    "map_rows",
]

#: How many rows are searched for the header when the mapping does not say which row it is.
HEADER_SCAN_ROWS = 50

#: How many runs of blank rows, and how many totals rows, :class:`RowCounts` keeps the numbers of.
KEPT_ROWS = 100

#: Cells as a row holds them: in column order, or by name.
Cells = Sequence[Cell] | Mapping[str, Cell]


@frozen(kw_only=True)
class RowProblem:
    """One thing wrong with one row: the row, the column (when one is to blame) and what is wrong."""

    row: int
    message: str
    """A sentence naming the value and the column: "`31/02/2024` in column `Date Left` is not a date ..."."""
    column: str | None = None
    entry: str | None = None
    """The id of the record the problem is in, when known."""

    def describe(self) -> str:
        """One line for people: ``row 7: ...``."""
        return f"row {self.row}: {self.message}"


@frozen(kw_only=True)
class MappedRow:
    """A row that gave its records."""

    row: int
    records: tuple[Any, ...]
    cells: Cells = attrs.field(repr=False)
    notes: tuple[RowProblem, ...] = ()
    """What was changed in taking the row (a reason code given twice, kept once)."""


@frozen(kw_only=True)
class RejectedRow:
    """A row that could not be taken: its cells as read (or its text, if unreadable) and every problem."""

    row: int
    problems: tuple[RowProblem, ...]
    cells: Cells | None = attrs.field(default=None, repr=False)
    text: str = attrs.field(default="", repr=False)
    """The row as the reader saw it, when it could not get cells out of it."""


@define
class RowCounts:
    """What the rows were: counted as :func:`map_rows` goes, with the numbers of rows passed over."""

    before_header: int = 0
    """Rows above the header (titles, grouped headings)."""
    blank: int = 0
    rows: int = 0
    """Rows after the header that were not blank: each is mapped, rejected or a totals row."""
    totals: int = 0
    """Rows that only total the others (``Total``, ``Grand total`` and numbers), passed over."""
    blank_rows: list[tuple[int, int]] = attrs.Factory(list)
    """The blank rows, as runs of consecutive rows (first, last): the first :data:`KEPT_ROWS` runs."""
    totals_rows: list[int] = attrs.Factory(list)
    """The totals rows' numbers: the first :data:`KEPT_ROWS`."""

    def note_blank(self, number: int) -> None:
        """Count a blank row, extending the last run when it follows it."""
        self.blank += 1
        runs = self.blank_rows
        if runs and runs[-1][1] == number - 1:
            runs[-1] = (runs[-1][0], number)
        elif len(runs) < KEPT_ROWS:
            runs.append((number, number))

    def note_totals(self, number: int) -> None:
        """Count a totals row."""
        self.totals += 1
        if len(self.totals_rows) < KEPT_ROWS:
            self.totals_rows.append(number)


@frozen(kw_only=True)
class SourceTable:
    """A source past its header: the header, where it was, and its rows, mapped as they are read."""

    header: tuple[str, ...] | None
    """The header's cells as text; ``None`` when rows name their own columns (JSON Lines)."""
    header_row: int
    rows: Iterator[MappedRow | RejectedRow] = attrs.field(repr=False)
    counts: RowCounts = attrs.field(repr=False)


def _text(cell: Cell) -> str:
    return "" if cell is None else shown(cell) if not isinstance(cell, str) else cell


def blank_row(cells: Cells) -> bool:
    """Whether every cell of a row is blank (spaces only, or nothing)."""
    values = cells.values() if isinstance(cells, Mapping) else cells
    return all(clean(c) is None for c in values)


_TOTALS_WORD = re.compile(r"(grand\s+|sub[\s-]*)?totals?\b", re.IGNORECASE)
_NUMBER = re.compile(r"[-+]?[£$]?\d[\d,]*(\.\d+)?%?")


def _totals(cells: Cells) -> bool:
    """Whether a row only totals the others: one cell saying ``Total`` (or the like), the rest numbers."""
    values = [clean(c) for c in (cells.values() if isinstance(cells, Mapping) else cells)]
    words = [
        v
        for v in values
        if v is not None
        and not isinstance(v, (int, float))
        and not (isinstance(v, str) and _NUMBER.fullmatch(v.strip()))
    ]
    return len(words) == 1 and isinstance(words[0], str) and _TOTALS_WORD.match(words[0].strip()) is not None


# -- the header ---------------------------------------------------------------------------------


@frozen
class _Place:
    """Where one field's cells are: column indexes (tables) or normalised names (named rows).

    ``names`` are the columns as the file spells them, for messages.
    """

    field: CompiledField
    where: tuple[int | str, ...]
    names: tuple[str, ...]
    single: bool = attrs.field(init=False)
    """One column giving one value, with nothing to split."""

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "single", len(self.where) == 1 and not self.field.many)


@frozen
class _Plan:
    record: CompiledRecord
    places: tuple[_Place, ...]
    lists: bool = attrs.field(init=False)
    """Whether any field sits in a list item (whose items are then gathered into lists)."""
    read_order: tuple[_Place, ...] = attrs.field(init=False)
    """``places`` with reason fields holding several codes last, so a main reason keeps its code."""

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "lists", any(place.field.items for place in self.places))
        object.__setattr__(self, "read_order", tuple(sorted(self.places, key=_secondary)))


def _plans(
    compiled: CompiledMapping, position: Mapping[str, int | str], header: Sequence[str] | None
) -> tuple[_Plan, ...]:
    def place(field: CompiledField) -> _Place:
        where = tuple(position[normalise(c)] for c in field.mapping.columns)
        names = tuple(
            header[w].strip() if header is not None and isinstance(w, int) else c
            for w, c in zip(where, field.mapping.columns, strict=True)
        )
        return _Place(field, where, names)

    return tuple(_Plan(r, tuple(place(f) for f in r.fields)) for r in compiled.records)


def _header_problems(
    compiled: CompiledMapping, header: Sequence[str], row: int
) -> tuple[dict[str, int], list[Problem]]:
    names = [normalise(h) for h in header]
    where = f"header (row {row})"
    problems: list[Problem] = []
    position: dict[str, int] = {}
    for index, name in enumerate(names):
        if name:
            position.setdefault(name, index)
    for column in compiled.columns:
        key = normalise(column)
        if key not in position:
            options = [h for h in header if h.strip()]
            close = difflib.get_close_matches(column, options, n=2, cutoff=0.6)
            hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
            problems.append(Problem(path=where, message=f"the file has no column {column!r}{hint}"))
        elif names.count(key) > 1:
            problems.append(
                Problem(
                    path=where,
                    message=f"the file has {names.count(key)} columns called {column!r}; rename all but one",
                )
            )
    known = {normalise(c) for c in (*compiled.columns, *compiled.ignored, *RESERVED_COLUMNS)}
    stray = [h.strip() for h, n in zip(header, names, strict=True) if n and n not in known]
    if stray:
        listed = ", ".join(repr(s) for s in stray)
        message = (
            f"columns neither mapped nor ignored: {listed} (map them, or list them under ignore in [source])"
        )
        problems.append(Problem(path=where, message=message))
    return position, problems


def _find_header(
    rows: Iterator[SourceRow],
    compiled: CompiledMapping,
    counts: RowCounts,
    source: str | None,
    unreadable: list[SourceRow],
) -> tuple[int, tuple[str, ...] | None, Cells | None]:
    """The header row and its cells, or the first row when rows name their own columns.

    Rows that could not be read before it are added to ``unreadable``: above a header they are
    title rows, but where rows name their own columns (or no row could be read) they are rows.
    """
    wanted = {normalise(c) for c in compiled.columns}
    header_row = compiled.mapping.source.header_row
    seen: list[tuple[int, list[str]]] = []
    for number, cells in rows:
        if isinstance(cells, UnreadableRow):
            counts.before_header += 1  # a broken title row; a broken header is never found
            unreadable.append((number, cells))
            continue
        if isinstance(cells, Mapping):
            counts.before_header -= len(unreadable)
            return number, None, cells
        text = [_text(c) for c in cells]
        is_header = number == header_row if header_row else wanted <= {normalise(t) for t in text if t}
        if is_header:
            return number, tuple(text), None
        counts.before_header += 1
        seen.append((number, text))
        if header_row and number > header_row:
            break
        if not header_row and len(seen) >= HEADER_SCAN_ROWS:
            break
    if not seen:
        counts.before_header -= len(unreadable)
        return 0, None, None
    if header_row:
        message = f"the file has no row {header_row} (header_row in [source])"
        raise MappingError([Problem(path="header", message=message)], source)
    best_row, best = max(seen, key=lambda s: len(wanted & {normalise(t) for t in s[1] if t}))
    if not wanted & {normalise(t) for t in best if t}:
        listed = ", ".join(repr(c) for c in compiled.columns)
        message = (
            f"no row among the first {len(seen)} names any mapped column ({listed}); "
            "is this the right file and mapping?"
        )
        raise MappingError([Problem(path="header", message=message)], source)
    _, problems = _header_problems(compiled, best, best_row)
    problems = [p for p in problems if "has no column" in p.message] or problems
    raise MappingError(problems, source)


# -- one row ------------------------------------------------------------------------------------


def _put(data: dict[Any, Any], steps: tuple[Step, ...], value: Any) -> None:
    node = data
    for step in steps[:-1]:
        node = node.setdefault(step, {})
    node[steps[-1]] = value


def _lists(node: Any, present: set[tuple[Step, ...]], here: tuple[Step, ...] = ()) -> Any:
    """Int-keyed tables become lists, leaving out the items no column gave a value to."""
    if not isinstance(node, dict):
        return node
    if node and all(isinstance(k, int) for k in node):
        return [_lists(node[k], present, (*here, k)) for k in sorted(node) if (*here, k) in present]
    return {k: _lists(v, present, (*here, k)) for k, v in node.items()}


def _path(steps: tuple[Step, ...]) -> str:
    out = ""
    for step in steps:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out


def _under(path: str, prefix: str) -> bool:
    """Whether ``path`` is ``prefix`` or lies inside it (``carers[1].id`` lies inside ``carers``)."""
    return path == prefix or path.startswith((f"{prefix}.", f"{prefix}["))


def _bad_text(text: str) -> bool:
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _say(value: object, column: str, err: BadValue) -> str:
    noun = f"{err.noun} " if err.noun else ""
    return f"{noun}`{shown(value)}` in column `{column}` {err.tail}"


@define
class _Codes:
    """The reason codes one record (or list item) has so far, and the notes on codes given again."""

    notes: list[RowProblem]
    taken: set[str] = attrs.Factory(set)

    def repeated(self, number: int, column: str, code: str, path: str) -> None:
        message = f"code `{code}` in column `{column}` is already given for this record; kept once ({path})"
        self.notes.append(RowProblem(row=number, message=message, column=column))


def _ident(
    plan: _Plan, cells: Callable[[_Place, Any], Iterator[tuple[str, object]]], lookup: Any
) -> str | None:
    """The id a row gives a record, as its cell reads, when a column gives one."""
    for place in plan.places:
        if place.field.steps == ("id",):
            for _column, value in cells(place, lookup):
                return value if isinstance(value, str) else shown(value)
    return None


def _secondary(place: _Place) -> bool:
    """Whether the place is a reason field holding several codes (sorted after the others)."""
    return place.field.kind is ValueKind.REASON and place.field.many


class _RowMapper:
    def __init__(self, plans: tuple[_Plan, ...], header: tuple[str, ...] | None, compiled: CompiledMapping):
        self.plans = plans
        self._said: dict[tuple[str, str], tuple[int, list[str]]] = {}
        """This row's cells found wrong so far: where their problem is, and the fields reading them."""
        self._fails = 0
        """Values found wrong so far, in every row: a field's reading failed when it grows."""
        self.header = header
        self.width = len(header) if header is not None else 0
        self.unnamed = {i for i, h in enumerate(header or ()) if not h.strip()}
        self.known = {normalise(c) for c in (*compiled.columns, *compiled.ignored, *RESERVED_COLUMNS)}

    def map(self, number: int, cells: Cells) -> MappedRow | RejectedRow:
        problems: list[RowProblem] = []
        if isinstance(cells, Mapping):
            lookup: Any = {normalise(k): v for k, v in cells.items()}
            for key in cells:
                if normalise(key) not in self.known:
                    message = (
                        f"column `{key}` is neither mapped nor ignored "
                        "(map it, or list it under ignore in [source])"
                    )
                    problems.append(RowProblem(row=number, message=message, column=key))
        else:
            lookup = cells
            problems.extend(self._stray_cells(number, cells))
        records = []
        notes: list[RowProblem] = []
        self._said = {}
        starts: list[tuple[int, _Plan]] = []
        for plan in self.plans:
            starts.append((len(problems), plan))
            record = self._record(plan, number, lookup, problems, notes)
            if record is not None:
                records.append(record)
        if problems:  # only then are the ids wanted, to name each problem's record
            ids = [(start, _ident(plan, self._cells, lookup)) for start, plan in starts]
            return RejectedRow(row=number, problems=self._finished(problems, ids), cells=cells)
        return MappedRow(row=number, records=tuple(records), cells=cells, notes=tuple(notes))

    def _finished(
        self, problems: list[RowProblem], ids: list[tuple[int, str | None]]
    ) -> tuple[RowProblem, ...]:
        """The row's problems, each naming the id of its record where known, values read twice said once."""
        for index, fields in self._said.values():
            if fields[1:]:
                others = " and ".join(fields[1:])
                verb = "does" if len(fields) == 2 else "do"
                also = f"{others}, read from the same cell, {verb} not take it either"
                message = f"{problems[index].message} ({also})"
                problems[index] = attrs.evolve(problems[index], message=message)
        # A problem belongs to the record whose fields were being read when it was found; those
        # found before any record (stray cells, unknown columns) to the row's first id.
        first = next((ident for _, ident in ids if ident is not None), None)
        out = []
        for index, problem in enumerate(problems):
            if problem.entry is None:
                owner = [ident for start, ident in ids if start <= index]
                problem = attrs.evolve(problem, entry=(owner[-1] if owner else None) or first)
            out.append(problem)
        return tuple(out)

    def _bad(
        self,
        number: int,
        column: str,
        cell: object,
        field: CompiledField,
        problem: RowProblem,
        problems: list[RowProblem],
    ) -> None:
        """Add a problem with a cell, unless its value was already found wrong for another field."""
        self._fails += 1
        key = (column, shown(cell))
        said = self._said.get(key)
        if said is not None:
            said[1].append(_path(field.steps))
            return
        self._said[key] = (len(problems), [_path(field.steps)])
        problems.append(problem)

    def _stray_cells(self, number: int, cells: Sequence[Cell]) -> Iterator[RowProblem]:
        for index in range(self.width, len(cells)):
            if clean(cells[index]) is not None:
                message = (
                    f"`{shown(cells[index])}` is beyond the last column of the header (column {index + 1})"
                )
                yield RowProblem(row=number, message=message)
                return
        for index in self.unnamed:
            if index < len(cells) and clean(cells[index]) is not None:
                message = f"`{shown(cells[index])}` is in column {index + 1}, which has no header"
                yield RowProblem(row=number, message=message)

    @staticmethod
    def _cells(place: _Place, lookup: Any) -> Iterator[tuple[str, object]]:
        """The field's non-blank cells, cleaned, each with its column's name."""
        for where, name in zip(place.where, place.names, strict=True):
            if isinstance(where, int):
                cell = lookup[where] if where < len(lookup) else None
            else:
                cell = lookup.get(where)
            value = clean(cell)
            if value is not None:
                yield name, value

    def _value(
        self, place: _Place, lookup: Any, number: int, problems: list[RowProblem], codes: _Codes | None = None
    ) -> Any:
        """The field's value from its cells; :data:`NO_DEFAULT` when they are blank or could not be read.

        ``codes`` holds the reason codes the record already has: a field holding several leaves
        out a code given before (noting it), so a code repeated across columns is kept once.
        """
        field = place.field
        if place.single:  # one column, one value: most fields, so done without the general walk
            where = place.where[0]
            if isinstance(where, int):
                cell = clean(lookup[where] if where < len(lookup) else None)
            else:
                cell = clean(lookup.get(where))
            if cell is None:
                return NO_DEFAULT
            column = place.names[0]
            if isinstance(cell, str) and _bad_text(cell):
                self._bad(number, column, cell, field, self._undecodable(number, cell, column), problems)
                return NO_DEFAULT
            try:
                value = field.read(cell)
            except BadValue as err:
                problem = RowProblem(row=number, message=_say(cell, column, err), column=column)
                self._bad(number, column, cell, field, problem, problems)
                return NO_DEFAULT
            if codes is not None and isinstance(value, str):
                codes.taken.add(value)
            return value
        given = list(self._cells(place, lookup))
        if not field.many:
            given = given[:1]
        items: list[object] = []
        unknown = False
        for column, cell in given:
            pieces = cell if isinstance(cell, list) and field.many else [cell]
            if field.mapping.split:
                pieces = [
                    p.strip() if isinstance(p, str) else p
                    for c in pieces
                    for p in (c.split(field.mapping.split) if isinstance(c, str) else [c])
                ]
            for piece in pieces:
                if piece in ("", None):
                    continue
                if isinstance(piece, str) and _bad_text(piece):
                    self._bad(
                        number, column, piece, field, self._undecodable(number, piece, column), problems
                    )
                    continue
                try:
                    value = field.read(piece)
                except BadValue as err:
                    problem = RowProblem(row=number, message=_say(piece, column, err), column=column)
                    self._bad(number, column, piece, field, problem, problems)
                    continue
                if value is NOT_RECORDED:
                    unknown = True
                elif codes is not None and isinstance(value, str) and value in codes.taken:
                    if field.many:
                        codes.repeated(number, column, value, _path(field.steps))
                        continue
                    items.append(value)
                else:
                    if codes is not None and isinstance(value, str):
                        codes.taken.add(value)
                    items.append(value)
        if not items:
            return NOT_RECORDED if unknown else NO_DEFAULT
        return tuple(items) if field.many else items[0]

    def _record(
        self, plan: _Plan, number: int, lookup: Any, problems: list[RowProblem], notes: list[RowProblem]
    ) -> Any:
        data: dict[Any, Any] = {}
        present: set[tuple[Step, ...]] = set()
        missing: list[_Place] = []
        reported: list[str] = []
        codes: dict[tuple[Step, ...], _Codes] = {}
        for place in plan.read_order:
            field = place.field
            before = self._fails
            found = None
            if field.kind is ValueKind.REASON:
                found = codes.setdefault(field.item, _Codes(notes))
            value = self._value(place, lookup, number, problems, found)
            if self._fails > before:
                reported.append(_path(field.steps))
            elif value is NOT_RECORDED:
                continue  # mapped to unknown: left out, so the record's own default stands
            elif value is not NO_DEFAULT:
                _put(data, field.steps, value)
                present.update(field.items)
            elif field.default is not NO_DEFAULT:
                _put(data, field.steps, field.default)
            elif not field.optional:
                missing.append(place)
        # Fields fed by the same empty cells are named in one message.
        wanting: dict[tuple[str, ...], list[str]] = {}
        for place in missing:
            field = place.field
            if field.item and field.item not in present:
                continue  # the whole list item is absent: it is left out, not refused
            wanting.setdefault(place.names, []).append(_path(field.steps))
            reported.append(_path(field.steps))
        for names, paths in wanting.items():
            named = ", ".join(f"`{c}`" for c in names)
            where = f"column {named} is empty" if named else "no column gives it"
            needed = f"{paths[0]} is" if len(paths) == 1 else f"{' and '.join(paths)} are"
            message = f"{where}, and {needed} required"
            problems.append(RowProblem(row=number, message=message, column=names[0] if names else None))
        body = _lists(data, present) if plan.lists else data
        try:
            record: Any = structure(body, plan.record.cls)
        except StructureError as err:
            # Fields already reported are missing from the body: the converter's word on them adds nothing.
            fresh = [p for p in err.problems if not any(_under(p.path, path) for path in reported)]
            problems.extend(self._located(plan, number, body, fresh, lookup))
            return None
        return None if reported else record

    def _located(
        self, plan: _Plan, number: int, body: Mapping[str, Any], found: Iterable[Problem], lookup: Any
    ) -> Iterator[RowProblem]:
        """Problems the converter found, put in terms of the columns that fed the field."""
        entry = body.get("id") if isinstance(body.get("id"), str) else None
        for problem in found:
            places = [
                place
                for place in plan.places
                if _under(_path(place.field.steps), problem.path)
                or _under(problem.path, _path(place.field.steps))
            ]
            given = [pair for place in places for pair in self._cells(place, lookup)]
            if len(given) == 1:
                column, cell = given[0]
                message = f"`{shown(cell)}` in column `{column}`: {problem.message}"
                yield RowProblem(row=number, message=message, column=column, entry=entry)
                continue
            if given:
                about = " (from " + ", ".join(f"`{c}`" for c, _ in given) + ")"
            else:
                named = [c for place in places for c in place.names]
                about = " (" + ", ".join(f"`{c}`" for c in named) + " empty)" if named else ""
            message = f"{problem.path or plan.record.kind}{about}: {problem.message}"
            yield RowProblem(row=number, message=message, entry=entry)

    @staticmethod
    def _undecodable(number: int, text: str, column: str) -> RowProblem:
        readable = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        message = (
            f"`{readable}` in column `{column}` holds bytes that are not text in the file's encoding "
            '(a file saved by Excel on Windows needs encoding = "cp1252" under [source])'
        )
        return RowProblem(row=number, message=message, column=column)


def map_rows(
    rows: Iterable[SourceRow], compiled: CompiledMapping, *, source: str | None = None
) -> SourceTable:
    """Find the header among ``rows`` and map the rest as they are read.

    The header is the row named by the mapping's ``header_row``, or the first row (among the
    first :data:`HEADER_SCAN_ROWS`) naming every mapped column; rows above it are passed over.
    A header that does not fit the mapping raises :class:`MappingError` at once, naming each
    missing column (with the closest names in the file) and every column neither mapped nor
    ignored. Blank rows, and rows that only total the others (one cell saying ``Total`` or the
    like, the rest numbers, and not a record), are counted with their numbers in
    :attr:`SourceTable.counts` and passed over; every other row is yielded mapped or rejected.
    Rows that name their own columns (JSON Lines) have no header: each is checked alone.
    """
    stream = iter(rows)
    counts = RowCounts()
    unreadable: list[SourceRow] = []
    number, header, first = _find_header(stream, compiled, counts, source, unreadable)
    if header is not None:
        position, problems = _header_problems(compiled, header, number)
        if problems:
            raise MappingError(problems, source)
        plans = _plans(compiled, position, header)
        body: Iterator[SourceRow] = stream
    else:
        plans = _plans(compiled, {normalise(c): normalise(c) for c in compiled.columns}, None)
        # Rows that name their own columns: any unreadable before the first are rows, kept as rejects.
        body = itertools.chain(unreadable, [(number, first)] if first is not None else [], stream)
    mapper = _RowMapper(plans, header, compiled)
    return SourceTable(
        header=header,
        header_row=number if header is not None else 0,
        rows=_each(body, mapper, counts),
        counts=counts,
    )


def _each(
    rows: Iterator[SourceRow], mapper: _RowMapper, counts: RowCounts
) -> Iterator[MappedRow | RejectedRow]:
    for number, cells in rows:
        if isinstance(cells, UnreadableRow):
            counts.rows += 1
            problem = RowProblem(row=number, message=f"the row could not be read: {cells.message}")
            yield RejectedRow(row=number, problems=(problem,), text=cells.text)
            continue
        if blank_row(cells):
            counts.note_blank(number)
            continue
        counts.rows += 1
        mapped = mapper.map(number, cells)
        if isinstance(mapped, RejectedRow) and _totals(cells):
            counts.note_totals(number)
            continue
        yield mapped
