"""A mapping checked against the record classes and the taxonomy, with a reader made for every field.

:func:`compile_mapping` does all the checking a mapping can have before a file is opened
(unknown kinds and fields, required fields left unmapped, value maps and defaults that are not
valid) and reports every problem at once. What it builds is used for every row, so no decision
about a field is taken again per cell.
"""

from __future__ import annotations

import datetime
import difflib
import enum
import re
from collections.abc import Iterator
from typing import Any

import attrs
from attrs import frozen

from fosterkit._util.types import list_item, unwrap_optional
from fosterkit.errors import Problem
from fosterkit.imports.mapping import TODO, FieldMapping, ImportMapping, MappingError, RecordMapping
from fosterkit.imports.values import (
    NOT_RECORDED,
    UNKNOWN,
    BadValue,
    ValueKind,
    ValueReader,
    date_format_problem,
    normalise,
    not_recorded,
    value_reader,
)
from fosterkit.reasons import Taxonomy, holds_reason_codes
from fosterkit.serial.kinds import RECORD_KINDS

__all__ = ["CompiledField", "CompiledMapping", "CompiledRecord", "compile_mapping", "value_kind"]

#: A step of a field's path: a field name, or an index into a list of records.
Step = str | int

_SEGMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:\[(\d+)\])?")

_SCALAR_KINDS: dict[Any, ValueKind] = {
    str: ValueKind.TEXT,
    int: ValueKind.INT,
    float: ValueKind.FLOAT,
    bool: ValueKind.BOOL,
    datetime.date: ValueKind.DATE,
}

#: Marks "no default" (``None`` is a default an optional field may have).
NO_DEFAULT: Any = object()


@frozen(kw_only=True)
class CompiledField:
    """One mapped field: where it goes in the record, what it holds, and how its cells are read."""

    mapping: FieldMapping
    steps: tuple[Step, ...]
    kind: ValueKind
    many: bool
    """The field holds a list of values (reason codes, placement types)."""
    optional: bool
    """The field may be left out (it has a default in the record class, or may be nothing)."""
    read: ValueReader = attrs.field(repr=False, eq=False)
    default: Any = attrs.field(default=NO_DEFAULT, repr=False)
    """The default, already read as the field's value; :data:`NO_DEFAULT` when there is none."""

    item: tuple[Step, ...] = attrs.field(init=False, repr=False, eq=False)
    """The steps up to the last list index: the list item this field belongs to (``()`` if none)."""
    items: tuple[tuple[Step, ...], ...] = attrs.field(init=False, repr=False, eq=False)
    """Every list item on the way to the field (``carers[0]``, then any list inside it)."""

    def __attrs_post_init__(self) -> None:
        cuts = [i + 1 for i, step in enumerate(self.steps) if isinstance(step, int)]
        object.__setattr__(self, "items", tuple(self.steps[:cut] for cut in cuts))
        object.__setattr__(self, "item", self.items[-1] if cuts else ())


@frozen(kw_only=True)
class CompiledRecord:
    """The records of one kind a row gives: the class, and its mapped fields."""

    kind: str
    cls: type = attrs.field(repr=False)
    fields: tuple[CompiledField, ...]


@frozen(kw_only=True)
class CompiledMapping:
    """A mapping ready to map rows: every record's fields, and the columns the file must have."""

    mapping: ImportMapping
    records: tuple[CompiledRecord, ...]

    @property
    def columns(self) -> tuple[str, ...]:
        """Every column the mapping reads, in the order first named."""
        names = (c for r in self.records for f in r.fields for c in f.mapping.columns)
        return tuple(dict.fromkeys(names))

    @property
    def ignored(self) -> tuple[str, ...]:
        """The columns the mapping deliberately leaves out."""
        return self.mapping.source.ignore


def value_kind(kind: Any, attribute: attrs.Attribute[Any]) -> ValueKind | None:
    """What an import reads into a field of type ``kind`` (``None``: nothing a cell can fill)."""
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return ValueKind.ENUM
    found = _SCALAR_KINDS.get(kind)
    if found is ValueKind.TEXT and holds_reason_codes(attribute):
        return ValueKind.REASON
    return found


class _Bad(Exception):
    pass


def _parse_path(text: str) -> list[tuple[str, int | None]]:
    parts = []
    for chunk in text.split("."):
        found = _SEGMENT.fullmatch(chunk.strip())
        if found is None:
            raise _Bad(
                f"{text!r} is not a field path (names joined by dots, with [n] after a list of records)"
            )
        parts.append((found.group(1), int(found.group(2)) if found.group(2) is not None else None))
    return parts


def _has_default(attribute: attrs.Attribute[Any]) -> bool:
    return attribute.default is not attrs.NOTHING


@frozen
class _Target:
    steps: tuple[Step, ...]
    leaf: Any
    attribute: attrs.Attribute[Any]
    optional: bool


def _resolve(cls: type, text: str) -> _Target:
    """Follow a field path through the record classes, or say why it leads nowhere."""
    current: Any = cls
    steps: list[Step] = []
    optional = False
    parts = _parse_path(text)
    attribute: attrs.Attribute[Any] | None = None
    for position, (name, index) in enumerate(parts):
        if not attrs.has(current):
            shown = ".".join(str(s) for s in steps)
            raise _Bad(f"{shown!r} holds a single value; it has no field {name!r}")
        attrs.resolve_types(current)
        by_name = attrs.fields_dict(current)
        if name not in by_name:
            close = difflib.get_close_matches(name, list(by_name), n=2, cutoff=0.5)
            hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
            raise _Bad(f"{current.__name__} has no field {name!r}{hint}")
        attribute = by_name[name]
        steps.append(name)
        kind, maybe = unwrap_optional(attribute.type)
        optional = optional or maybe or _has_default(attribute)
        last = position == len(parts) - 1
        item = list_item(kind)
        if index is not None:
            if item is None or not attrs.has(item):
                raise _Bad(
                    f"{name!r} is not a list of records, so it takes no [{index}]; name its columns instead"
                )
            steps.append(index)
            current = item
            if last:
                raise _Bad(f"{text!r} is a record; map its fields, as {text}.{attrs.fields(item)[0].name}")
            continue
        if item is not None and attrs.has(item):
            raise _Bad(
                f"{name!r} is a list of records: map each one's fields, "
                f"as {name}[0].{attrs.fields(item)[0].name}"
            )
        if attrs.has(kind) and last:
            first = attrs.fields(kind)[0].name
            raise _Bad(f"{name!r} is a group of fields: map each one, as {text}.{first}")
        current = kind
    assert attribute is not None
    return _Target(tuple(steps), current, attribute, optional)


def _reader(
    target: _Target, spec: FieldMapping, mapping: ImportMapping, taxonomy: Taxonomy
) -> tuple[ValueKind, bool, ValueReader, ValueReader]:
    """What the field holds, whether it holds several, and its readers with and without the value map."""
    item = list_item(target.leaf)
    many = item is not None
    kind = value_kind(item if many else target.leaf, target.attribute)
    if kind is None:
        raise _Bad(f"{spec.path!r} holds {target.leaf!r}, which an import cannot fill from cells")
    choices = (item if many else target.leaf) if kind is ValueKind.ENUM else None
    dates = spec.dates or mapping.source.dates

    def make(values: dict[str, Any]) -> ValueReader:
        return value_reader(
            kind, values=values, choices=choices, taxonomy=taxonomy, dates=dates, field=spec.path
        )

    plain = make({})
    unknown = _unknown_codes(spec, plain)
    kept = {key: target for key, target in spec.values.items() if key not in unknown}
    return kind, many, not_recorded(make(kept), unknown), plain


def _unknown_codes(spec: FieldMapping, plain: ValueReader) -> list[str]:
    """The local codes mapped to ``unknown`` where ``unknown`` is not itself a value of the field."""
    if not any(isinstance(t, str) and normalise(t) == UNKNOWN for t in spec.values.values()):
        return []
    try:
        plain(UNKNOWN)
    except BadValue:
        return [k for k, t in spec.values.items() if isinstance(t, str) and normalise(t) == UNKNOWN]
    return []  # the field has a value called unknown: the code maps to it like any other


def _check_values(spec: FieldMapping, plain: ValueReader, where: str, *, optional: bool) -> Iterator[Problem]:
    """Each value-map target must itself be a valid value of the field (read without the map).

    ``unknown`` is also allowed on a field that may be left out: the code then means "not recorded".
    """
    unknown = set(_unknown_codes(spec, plain))
    for key, target in spec.values.items():
        if key in unknown:
            if not optional:
                message = (
                    f"{key!r} maps to {UNKNOWN!r}, but {spec.path} is required and cannot be left unknown"
                )
                yield Problem(path=f"{where}.values.{key}", field="values", message=message)
            continue
        try:
            plain(target)
        except BadValue as err:
            yield Problem(path=f"{where}.values.{key}", field="values", message=f"{target!r} {err.tail}")


def _default_value(
    spec: FieldMapping, many: bool, read: ValueReader, where: str
) -> tuple[Any, list[Problem]]:
    if spec.default is None:
        return NO_DEFAULT, []
    raw = spec.default
    if isinstance(raw, list) and not many:
        return NO_DEFAULT, [
            Problem(
                path=f"{where}.default", field="default", message="this field takes one value, not a list"
            )
        ]
    items = raw if isinstance(raw, list) else [raw]
    if many and isinstance(raw, str) and spec.split:
        items = [piece.strip() for piece in raw.split(spec.split) if piece.strip()]
    try:
        values = [value for item in items if (value := read(item)) is not NOT_RECORDED]
    except BadValue as err:
        return NO_DEFAULT, [Problem(path=f"{where}.default", field="default", message=f"{raw!r} {err.tail}")]
    if not values:  # a default mapped to unknown: no default
        return NO_DEFAULT, []
    return (tuple(values) if many else values[0]), []


def _todo(spec: FieldMapping, where: str) -> list[Problem]:
    """The places a drafted mapping left for a person to fill in."""
    found = []
    if TODO in spec.columns:
        found.append(
            Problem(path=where, message="the column is still TODO: name the file's column, or give a default")
        )
    if spec.default == TODO:
        found.append(Problem(path=f"{where}.default", message="the default is still TODO: fill it in"))
    for key, target in spec.values.items():
        if target == TODO:
            found.append(
                Problem(path=f"{where}.values.{key}", message=f"{key!r} still maps to TODO: choose its value")
            )
    return found


def _compile_field(
    spec: FieldMapping, record: RecordMapping, cls: type, mapping: ImportMapping, taxonomy: Taxonomy
) -> tuple[CompiledField | None, list[Problem]]:
    where = f"records.{record.kind}.{spec.path}"
    problems: list[Problem] = []
    try:
        target = _resolve(cls, spec.path)
        kind, many, read, plain = _reader(target, spec, mapping, taxonomy)
    except _Bad as err:
        return None, [Problem(path=where, field=spec.path, message=str(err))]
    compiled = CompiledField(
        mapping=spec, steps=target.steps, kind=kind, many=many, optional=target.optional, read=read
    )
    todo = _todo(spec, where)
    if todo:
        return compiled, todo
    if spec.split and not many:
        problems.append(
            Problem(
                path=f"{where}.split", field="split", message="only a field holding several values is split"
            )
        )
    for name in spec.dates:
        problem = date_format_problem(name)
        if problem:
            problems.append(Problem(path=f"{where}.dates", field="dates", message=problem))
    if spec.dates and kind is not ValueKind.DATE:
        problems.append(
            Problem(path=f"{where}.dates", field="dates", message="only a date field takes date forms")
        )
    if not spec.columns and spec.default is None:
        problems.append(Problem(path=where, field=spec.path, message="name a column, or give a default"))
    problems.extend(_check_values(spec, plain, where, optional=target.optional))
    default, more = _default_value(spec, many, read, where)
    problems.extend(more)
    return attrs.evolve(compiled, default=default), problems


def _unmapped(cls: type, prefix: tuple[Step, ...], mapped: list[tuple[Step, ...]]) -> Iterator[str]:
    """The required fields under ``prefix`` that no mapped path reaches."""
    attrs.resolve_types(cls)
    for attribute in attrs.fields(cls):
        if _has_default(attribute):
            continue
        here = (*prefix, attribute.name)
        below = [p for p in mapped if p[: len(here)] == here]
        if not below:
            yield ".".join(_render(here))
            continue
        kind, _ = unwrap_optional(attribute.type)
        item = list_item(kind)
        if item is not None and attrs.has(item):
            for index in sorted({p[len(here)] for p in below if len(p) > len(here)}, key=int):
                yield from _unmapped(item, (*here, index), mapped)
        elif attrs.has(kind):
            yield from _unmapped(kind, here, mapped)


def _render(steps: tuple[Step, ...]) -> list[str]:
    out: list[str] = []
    for step in steps:
        if isinstance(step, int):
            out[-1] = f"{out[-1]}[{step}]"
        else:
            out.append(step)
    return out


def compile_mapping(mapping: ImportMapping, taxonomy: Taxonomy) -> CompiledMapping:
    """Check ``mapping`` against the record classes and ``taxonomy`` and build its field readers.

    Raises :class:`MappingError` listing every problem: an unknown record kind or field, a
    required field no column or default fills, a value map or default that is not a valid
    value, a date form fosterkit does not know.
    """
    problems: list[Problem] = []
    for name in mapping.source.dates:
        problem = date_format_problem(name)
        if problem:
            problems.append(Problem(path="source.dates", field="dates", message=problem))
    if mapping.source.header_row < 0:
        problems.append(
            Problem(
                path="source.header_row", field="header_row", message="a row number is 1 or more (0: find it)"
            )
        )
    records: list[CompiledRecord] = []
    for record in mapping.records:
        cls = RECORD_KINDS.get(record.kind)
        if cls is None:
            known = ", ".join(RECORD_KINDS)
            problems.append(
                Problem(
                    path=f"records.{record.kind}", message=f"{record.kind!r} is not a record kind ({known})"
                )
            )
            continue
        fields: list[CompiledField] = []
        for spec in record.fields:
            compiled, found = _compile_field(spec, record, cls, mapping, taxonomy)
            problems.extend(found)
            if compiled is not None:
                fields.append(compiled)
        steps = [f.steps for f in fields]
        repeated = {f.steps for f in fields if steps.count(f.steps) > 1}
        for twice in sorted(repeated, key=str):
            path = ".".join(_render(twice))
            problems.append(
                Problem(path=f"records.{record.kind}.{path}", message="this field is mapped twice")
            )
        for missing in _unmapped(cls, (), steps):
            message = f"required field {missing!r} is not mapped: name its column or give a default"
            problems.append(Problem(path=f"records.{record.kind}", field=missing, message=message))
        if "id" not in attrs.fields_dict(cls):
            message = "records are matched by id when imported again, and this kind has none"
            problems.append(Problem(path=f"records.{record.kind}", message=message))
        records.append(CompiledRecord(kind=record.kind, cls=cls, fields=tuple(fields)))
    ignored = {normalise(c) for c in mapping.source.ignore}
    for done in records:
        for made in done.fields:
            for column in made.mapping.columns:
                if normalise(column) in ignored:
                    path = f"records.{done.kind}.{made.mapping.path}"
                    problems.append(
                        Problem(path=path, message=f"column {column!r} is both mapped and ignored")
                    )
    if problems:
        raise MappingError(problems, mapping.name or None)
    return CompiledMapping(mapping=mapping, records=tuple(records))
