"""Records as table rows: the one flattening every tabular exporter (CSV, Excel, a database) uses.

A record's kind fixes its columns. Each scalar field is a column named after the field. A
nested record that is always there gives dotted columns (``service.name``). Lists, and nested
records that may be absent, are one column holding JSON (``["finance.fees_allowances"]``). Dates
are dates, numbers are numbers, yes/no are booleans, enumerations are their values, and an
absent value is an empty cell.

Text a spreadsheet would read as a formula (leading ``=``, ``+``, ``-``, ``@``, tab, carriage
return or line feed, or their full-width forms) is prefixed with an apostrophe on the way out,
and the prefix is removed on the way back, so round trips are exact.

Special-category fields (equality data) are left out unless asked for by name. This module
does no I/O; the plugins that read and write files use it.
"""

from __future__ import annotations

import datetime
import enum
import functools
import json
import keyword
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, get_args

import attrs
from attrs import frozen

from fosterkit._util.types import list_item, unwrap_optional
from fosterkit.errors import FosterkitError, Problem, StructureError
from fosterkit.interviews.record import is_free_text
from fosterkit.records import is_special_category
from fosterkit.serial.converter import converter, structure, unstructure
from fosterkit.serial.kinds import RECORD_KINDS, record_kind

__all__ = [
    "FORMULA_STARTS",
    "CellKind",
    "Column",
    "MixedKindsError",
    "TableSchema",
    "Value",
    "can_hold_special_category",
    "neutralise",
    "restore",
    "single_kind",
    "table_schema",
    "without_special_category",
]

#: A cell's value as exporters receive it.
Value = str | int | float | bool | datetime.date | None

#: The first characters that make a spreadsheet treat text as a formula, full-width forms included.
FORMULA_STARTS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")

_ESCAPE = "'"


def neutralise(text: str) -> str:
    """``text`` made safe to put in a spreadsheet cell; :func:`restore` gives it back exactly."""
    if text and (text[0] in FORMULA_STARTS or text[0] == _ESCAPE):
        return _ESCAPE + text
    return text


def restore(text: str) -> str:
    """The original text of a cell written with :func:`neutralise`."""
    return text[1:] if text.startswith(_ESCAPE) else text


class CellKind(enum.Enum):
    """What a column holds."""

    TEXT = "text"
    ENUM = "enum"
    DATE = "date"
    INT = "int"
    FLOAT = "float"
    BOOL = "bool"
    JSON = "json"
    """A list, or a nested record that may be absent, as JSON text."""


@frozen(kw_only=True)
class Column:
    """One column: its header, where its value sits in the record, and what it holds."""

    name: str
    path: tuple[str, ...]
    kind: CellKind
    optional: bool
    """An empty cell means ``None`` (otherwise, for text, the empty string)."""
    type: Any = attrs.field(eq=False, repr=False)
    """The field's Python type, for JSON columns."""
    free_text: bool = False


_SCALARS = {
    str: CellKind.TEXT,
    int: CellKind.INT,
    float: CellKind.FLOAT,
    bool: CellKind.BOOL,
    datetime.date: CellKind.DATE,
}


def _columns(cls: type, prefix: tuple[str, ...], special: bool) -> Iterator[Column]:
    attrs.resolve_types(cls)
    for field in attrs.fields(cls):
        if is_special_category(field) and not special:
            continue
        path = (*prefix, field.name)
        inner, optional = unwrap_optional(field.type)
        if isinstance(inner, type) and issubclass(inner, enum.Enum):
            kind = CellKind.ENUM
        elif isinstance(inner, type) and inner in _SCALARS:
            kind = _SCALARS[inner]
        elif attrs.has(inner) and not optional:
            yield from _columns(inner, path, special)
            continue
        else:
            kind = CellKind.JSON
        yield Column(
            name=".".join(path),
            path=path,
            kind=kind,
            optional=optional,
            type=field.type,
            free_text=is_free_text(field),
        )


@functools.cache
def can_hold_special_category(kind: Any) -> bool:
    """Whether values of type ``kind`` can hold special-category data at any depth.

    ``kind`` is a record class or a type such as ``tuple[Carer, ...]``; the answer is worked out
    once per type.
    """
    if attrs.has(kind):
        attrs.resolve_types(kind)
        return any(is_special_category(f) or can_hold_special_category(f.type) for f in attrs.fields(kind))
    return any(can_hold_special_category(arg) for arg in get_args(kind) if arg is not Ellipsis)


def without_special_category(record: Any) -> Any:
    """``record`` with every special-category field, at any depth, set back to its default.

    A record that holds none comes back as the same object.
    """
    if isinstance(record, tuple):
        cleaned = tuple(without_special_category(item) for item in record)
        return record if all(a is b for a, b in zip(cleaned, record, strict=True)) else cleaned
    kind: Any = type(record)
    if not attrs.has(kind) or not can_hold_special_category(kind):
        return record
    changes: dict[str, Any] = {}
    for field in attrs.fields(kind):
        value = getattr(record, field.name)
        if is_special_category(field):
            if value is not None:
                changes[field.name] = None
        else:
            cleaned_value = without_special_category(value)
            if cleaned_value is not value:
                changes[field.name] = cleaned_value
    return attrs.evolve(record, **changes) if changes else record


class MixedKindsError(FosterkitError):
    """A table holds one kind of record; another kind turned up."""


@frozen
class TableSchema:
    """The columns of one kind of record, and how rows and records turn into each other."""

    kind: str
    cls: type = attrs.field(repr=False)
    columns: tuple[Column, ...] = attrs.field(repr=False)
    special_category: bool = False
    """Whether special-category fields are included."""
    _plans: dict[tuple[bool, bool], Callable[[object], tuple[Any, ...]]] = attrs.field(
        factory=dict, init=False, eq=False, repr=False
    )
    """Row makers already worked out, by ``(safe, text)``."""
    _read_plans: dict[bool, list[tuple[Column, Callable[[object], Any]]]] = attrs.field(
        factory=dict, init=False, eq=False, repr=False
    )
    """Cell readers already worked out, by ``safe``."""

    def _readers(self, safe: bool) -> list[tuple[Column, Callable[[object], Any]]]:
        readers = self._read_plans.get(safe)
        if readers is None:
            unguard = restore if safe else _same
            readers = self._read_plans[safe] = [(c, _cell_reader(c, unguard)) for c in self.columns]
        return readers

    def _plan(self, *, safe: bool, text: bool) -> Callable[[object], tuple[Any, ...]]:
        plan = self._plans.get((safe, text))
        if plan is None:
            plan = self._plans[safe, text] = _plan(self, safe=safe, text=text)
        return plan

    @property
    def header(self) -> tuple[str, ...]:
        """The column names, in order."""
        return tuple(c.name for c in self.columns)

    def row(self, record: object, *, safe: bool = True) -> tuple[Value, ...]:
        """The record's cells, typed; with ``safe``, text is neutralised for spreadsheets."""
        return self._plan(safe=safe, text=False)(record)

    def text_row(self, record: object) -> tuple[str, ...]:
        """The record's cells as text (for CSV): ISO dates, ``true``/``false``, empty for nothing."""
        return self._plan(safe=True, text=True)(record)

    def row_maker(self, *, safe: bool = True) -> Callable[[object], tuple[Value, ...]]:
        """The function :meth:`row` calls, worked out once: for exporters, to call per record."""
        return self._plan(safe=safe, text=False)

    def text_row_maker(self) -> Callable[[object], tuple[str, ...]]:
        """The function :meth:`text_row` calls, worked out once: for exporters, to call per record."""
        return self._plan(safe=True, text=True)

    def record(self, cells: Sequence[object], *, where: str | None = None, safe: bool = True) -> Any:
        """The record a row holds, from typed or text cells; ``where`` (``row 7``) names it in errors.

        ``safe`` says the cells were written neutralised (as :meth:`row` writes by default).
        """
        if len(cells) != len(self.columns):
            message = f"expected {len(self.columns)} cells, got {len(cells)}"
            raise StructureError([Problem(path="", message=message)], where)
        data: dict[str, Any] = {}
        problems: list[Problem] = []
        for (column, read), cell in zip(self._readers(safe), cells, strict=True):
            try:
                value = read(cell)
            except ValueError as err:
                problems.append(Problem(path=column.name, field=column.path[-1], message=str(err)))
                continue
            path = column.path
            if len(path) == 1:
                data[path[0]] = value
                continue
            node = data
            for part in path[:-1]:
                node = node.setdefault(part, {})
            node[path[-1]] = value
        if problems:
            raise StructureError([attrs.evolve(p, entry=_entry(data)) for p in problems], where)
        return structure(data, self.cls, source=where)

    def check_header(self, header: Sequence[object], *, where: str | None = None) -> None:
        """Refuse a header that is not this schema's, naming the missing and unexpected columns."""
        given = [str(h) for h in header]
        if given == list(self.header):
            return
        missing = [h for h in self.header if h not in given]
        extra = [h for h in given if h not in self.header]
        parts = []
        if missing:
            parts.append(f"missing columns {', '.join(missing)}")
        if extra:
            parts.append(f"unexpected columns {', '.join(extra)}")
        if not parts:
            parts.append("the columns are in a different order")
        message = f"not a {self.kind} table: " + "; ".join(parts)
        raise StructureError([Problem(path="header", message=message)], where)


def table_schema(kind: str | type, *, special_category: bool = False) -> TableSchema:
    """The table schema of a record kind (``"departure"``) or class."""
    if isinstance(kind, str):
        try:
            cls = RECORD_KINDS[kind]
        except KeyError:
            known = ", ".join(RECORD_KINDS)
            raise KeyError(f"unknown record kind {kind!r}; known kinds: {known}") from None
        name = kind
    else:
        cls = kind
        name = next((n for n, c in RECORD_KINDS.items() if c is kind), kind.__name__)
    return TableSchema(name, cls, tuple(_columns(cls, (), special_category)), special_category)


def single_kind(
    records: Iterable[object], *, kind: str | None = None, special_category: bool = False
) -> tuple[TableSchema | None, Iterator[object]]:
    """The schema of a stream of records of one kind, and the stream (read lazily, as it was).

    Without ``kind`` the first record decides. A record of another kind raises
    :class:`MixedKindsError` naming its position and id when the stream reaches it.
    """
    stream = iter(records)
    if kind is None:
        try:
            first = next(stream)
        except StopIteration:
            return None, iter(())
        schema = table_schema(record_kind(first), special_category=special_category)
        stream = _chain(first, stream)
    else:
        schema = table_schema(kind, special_category=special_category)
    return schema, _checked(schema, stream)


def _chain(first: object, rest: Iterator[object]) -> Iterator[object]:
    yield first
    yield from rest


def _checked(schema: TableSchema, stream: Iterator[object]) -> Iterator[object]:
    for position, record in enumerate(stream, start=1):
        if type(record) is not schema.cls:
            name = getattr(record, "id", None)
            about = f" (id {name!r})" if isinstance(name, str) else ""
            raise MixedKindsError(
                f"record {position}{about} is a {type(record).__name__}; "
                f"this table holds {schema.kind} records (export one kind at a time)"
            )
        yield record


def _get(record: object, path: tuple[str, ...]) -> Any:
    value = record
    for part in path:
        value = getattr(value, part)
    return value


def _same(text: str) -> str:
    return text


def _json_text(guard: Callable[[str], str], kind: Any) -> Callable[[Any], str]:
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    if list_item(unwrap_optional(kind)[0]) in (str, int):  # a list of codes: nothing to unstructure

        def plain(value: Any) -> str:
            return guard(dumps(list(value)))

        return plain

    def convert(value: Any) -> str:
        return guard(dumps(unstructure(value)))

    return convert


def _enum_text(guard: Callable[[str], str]) -> Callable[[Any], str]:
    def convert(value: Any) -> str:
        return guard(str(value.value))

    return convert


def _bool_text(value: bool) -> str:
    return "true" if value else "false"


def _date_text(value: datetime.date) -> str:
    return value.isoformat()


_TEXT_OF: dict[CellKind, Callable[[Any], str]] = {
    CellKind.BOOL: _bool_text,
    CellKind.DATE: _date_text,
    CellKind.INT: str,
    CellKind.FLOAT: repr,
}


def _converter(column: Column, guard: Callable[[str], str], *, text: bool) -> Callable[[Any], Any] | None:
    """What turns a non-empty value of ``column`` into its cell; ``None`` when it goes in as it is."""
    kind = column.kind
    if kind is CellKind.TEXT:
        return None if guard is _same else guard
    if kind is CellKind.ENUM:
        return _enum_text(guard)
    if kind is CellKind.JSON:
        return _json_text(guard, column.type)
    return _TEXT_OF[kind] if text else None


def _plan(schema: TableSchema, *, safe: bool, text: bool) -> Callable[[object], tuple[Any, ...]]:
    """A row maker for ``schema``, worked out once: compiled for its columns when it can be.

    The compiled maker gives exactly what :func:`_general_plan` gives (a property test checks
    it), without a loop over the columns or a call per cell.
    """
    return _compiled_plan(schema, safe=safe, text=text) or _general_plan(schema, safe=safe, text=text)


#: The first characters :func:`neutralise` puts an apostrophe before.
_GUARDED = FORMULA_STARTS | {_ESCAPE}


def _guard_lines(cell: str, expression: str) -> list[str]:
    """Lines setting ``cell`` to ``neutralise(expression)``, without a call."""
    return [
        f"        {cell} = {expression}",
        f"        if {cell} and {cell}[0] in _GUARDED:",
        f"            {cell} = _ESCAPE + {cell}",
    ]


def _cell_lines(
    column: Column, number: int, namespace: dict[str, Any], *, safe: bool, text: bool
) -> list[str] | None:
    """The source that sets ``c<number>`` from ``v<number>``, the column's value; ``None``: as it is.

    What the source needs besides the builtins goes into ``namespace``.
    """
    value, cell = f"v{number}", f"c{number}"
    kind = column.kind
    expression: str
    guard = safe
    empty = "''" if text else "None"
    lines = [f"    if {value} is None:", f"        {cell} = {empty}"]
    if kind is CellKind.TEXT:
        if not safe:
            return [f"    {cell} = '' if {value} is None else {value}"] if text else None
        expression = value
    elif kind is CellKind.ENUM:
        members = list(unwrap_optional(column.type)[0])
        plain = all(type(m.value) is str for m in members)
        expression = f"{value}._value_" if plain else f"str({value}._value_)"
        # Values no member has need no guard: the enumeration's values are all known.
        guard = safe and any(neutralise(str(m.value)) != str(m.value) for m in members)
    elif kind is CellKind.JSON:
        inner = unwrap_optional(column.type)[0]
        item = list_item(inner)
        if item in (str, int):  # a list of codes: nothing to unstructure, and JSON starting with [
            expression = f"_dumps(list({value}))"
            guard = False
        else:
            # The converter's hook for the declared type, found once, rather than a lookup by
            # the value's type for the list and each of its items.
            namespace[f"_unstructure{number}"] = converter.get_unstructure_hook(inner)
            expression = f"_dumps(_unstructure{number}({value}))"
        if item is not None:
            lines += [f"    elif not {value}:", f"        {cell} = '[]'"]
    elif not text:
        return None
    elif kind is CellKind.BOOL:
        expression = f"'true' if {value} else 'false'"
        guard = False
    elif kind is CellKind.DATE:
        expression = f"{value}.isoformat()"
        guard = False
    else:  # INT, FLOAT
        expression = f"{'repr' if kind is CellKind.FLOAT else 'str'}({value})"
        guard = False
    lines.append("    else:")
    return lines + (_guard_lines(cell, expression) if guard else [f"        {cell} = {expression}"])


def _compiled_plan(
    schema: TableSchema, *, safe: bool, text: bool
) -> Callable[[object], tuple[Any, ...]] | None:
    """:func:`_general_plan`'s row maker as one function, generated from the columns' source.

    Each field is read straight from the record and each cell made inline, so a row costs a
    call, not one per cell. ``None`` when a field's name is not a plain identifier.
    """
    names = [part for column in schema.columns for part in column.path]
    if not all(name.isidentifier() and not keyword.iskeyword(name) for name in names):
        return None  # pragma: no cover - attrs fields are identifiers
    namespace: dict[str, Any] = {
        "_GUARDED": _GUARDED,
        "_ESCAPE": _ESCAPE,
        "_strip": without_special_category,
        "_dumps": json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode,
    }
    lines = ["def row(record):"]
    if not schema.special_category and can_hold_special_category(schema.cls):
        lines.append("    record = _strip(record)")
    cells = []
    for number, column in enumerate(schema.columns):
        lines.append(f"    v{number} = record.{'.'.join(column.path)}")
        made = _cell_lines(column, number, namespace, safe=safe, text=text)
        lines += made or []
        cells.append(f"c{number}" if made else f"v{number}")
    lines.append(f"    return ({''.join(cell + ', ' for cell in cells)})")
    source = "\n".join(lines) + "\n"
    exec(compile(source, f"<fosterkit row maker: {schema.kind}>", "exec"), namespace)
    row: Callable[[object], tuple[Any, ...]] = namespace["row"]
    row.__doc__ = source  # what it does, for anyone debugging it
    return row


def _general_plan(schema: TableSchema, *, safe: bool, text: bool) -> Callable[[object], tuple[Any, ...]]:
    """A row maker for ``schema``, worked out once: one getter for all fields, one converter per column.

    Exports call it for every record, so nothing is decided per cell: the fields are read with
    one :func:`operator.attrgetter`, and only the columns that need it are converted. For
    ``text`` (CSV) every value becomes text and an absent one the empty string.
    """
    guard = neutralise if safe else _same
    columns = schema.columns
    getter = operator.attrgetter(*(".".join(column.path) for column in columns))
    single = len(columns) == 1
    converters = [_converter(column, guard, text=text) for column in columns]
    steps = [(i, convert) for i, convert in enumerate(converters) if convert is not None]
    strip = not schema.special_category and can_hold_special_category(schema.cls)

    def values_of(record: object) -> list[Any]:
        if strip:
            record = without_special_category(record)
        got = getter(record)
        return [got] if single else list(got)

    if text:

        def text_row(record: object) -> tuple[Any, ...]:
            return tuple(
                [
                    "" if value is None else value if convert is None else convert(value)
                    for value, convert in zip(values_of(record), converters, strict=True)
                ]
            )

        return text_row

    def row(record: object) -> tuple[Any, ...]:
        values = values_of(record)
        for i, convert in steps:
            value = values[i]
            if value is not None:
                values[i] = convert(value)
        return tuple(values)

    return row


def _read_cell(column: Column, cell: object, unguard: Callable[[str], str]) -> Any:
    """The JSON-like value a cell holds; the converter then checks it like any other input."""
    if cell is None or cell == "":
        return None if column.optional else ("" if column.kind is CellKind.TEXT else cell)
    kind = column.kind
    if isinstance(cell, datetime.datetime):
        cell = cell.date() if cell.time() == datetime.time() else cell
    if not isinstance(cell, str):
        if kind is CellKind.FLOAT and isinstance(cell, int) and not isinstance(cell, bool):
            return float(cell)
        return cell
    text = unguard(cell)
    if kind is CellKind.INT:
        return _parse(int, text)
    if kind is CellKind.FLOAT:
        return _parse(float, text)
    if kind is CellKind.BOOL:
        return {"true": True, "false": False}.get(text, text)
    if kind is CellKind.JSON:
        try:
            return json.loads(text)
        except json.JSONDecodeError as err:
            raise ValueError(f"{_short(text)} is not valid JSON ({err.msg})") from None
    return text


def _json_value(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise ValueError(f"{_short(text)} is not valid JSON ({err.msg})") from None


def _cell_reader(column: Column, unguard: Callable[[str], str]) -> Callable[[object], Any]:
    """A reader for ``column``'s cells, worked out once: text cells (CSV) take a short path.

    It gives what :func:`_read_cell` gives for every cell; typed cells (a spreadsheet's) go
    through :func:`_read_cell` itself.
    """
    kind = column.kind
    blank_text = None if column.optional else ""
    parse: Callable[[str], Any]
    if kind is CellKind.INT:
        parse = functools.partial(_parse, int)
    elif kind is CellKind.FLOAT:
        parse = functools.partial(_parse, float)
    elif kind is CellKind.BOOL:
        words = {"true": True, "false": False}

        def parse(text: str) -> Any:
            return words.get(text, text)

    elif kind is CellKind.JSON:
        parse = _json_value
    else:
        parse = _same

    def read(cell: object) -> Any:
        if cell.__class__ is str:
            if cell == "":
                return blank_text
            return parse(unguard(cell))
        return _read_cell(column, cell, unguard)

    return read


def _parse(kind: type[int] | type[float], text: str) -> object:
    try:
        return kind(text)
    except ValueError:
        return text  # the converter names what was expected


def _short(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _entry(data: Mapping[str, Any]) -> str | None:
    value = data.get("id")
    return value if isinstance(value, str) else None
