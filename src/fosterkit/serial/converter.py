"""The one cattrs converter: every fosterkit type is structured and unstructured here.

Structuring is strict: a number is not text, ``"yes"`` is not a boolean, a string is not a
list, and unknown keys are refused. When data does not fit, :class:`StructureError` lists every
problem with its path (``questions[3].tags[0]``), the id of the entry it sits in, and the field.
Serialised forms with a ``schema_version`` are in :mod:`fosterkit.serial.forms`; records and
their kinds in :mod:`fosterkit.serial.kinds`.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, get_args

import attrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn
from cattrs.preconf.json import JsonConverter, make_converter

from fosterkit._util.types import list_item
from fosterkit.errors import (
    CatalogueError,
    FieldError,
    Problem,
    StructureError,
)

__all__ = [
    "brief",
    "converter",
    "entry_label",
    "own_id",
    "problems_from",
    "quick_hook",
    "structure",
    "type_name",
    "unstructure",
]

T = TypeVar("T")

#: Keys that identify an entry in a list, tried in this order when naming where a problem is.
_ENTRY_KEYS = ("id", "code", "grade")


def type_name(value: object) -> str:
    """What kind of value this is, in words for people ("text", "a table", "a list")."""
    names = {str: "text", int: "integer", float: "number", bool: "true/false", type(None): "nothing"}
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, (list, tuple)):
        return "a list"
    return names.get(type(value), type(value).__name__)


def _strict_str(value: object, _: type) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {type_name(value)}")
    return value


def _strict_int(value: object, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected a whole number, got {type_name(value)}")
    return value


def _strict_float(value: object, _: type) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"expected a number, got {type_name(value)}")
    return float(value)


def _strict_bool(value: object, _: type) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected true or false, got {type_name(value)}")
    return value


def _date(value: object, _: type) -> datetime.date:
    if isinstance(value, datetime.datetime):
        raise TypeError("expected a date without a time of day")
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a date in the form YYYY-MM-DD") from None
    raise TypeError(f"expected a date (YYYY-MM-DD), got {type_name(value)}")


def _enum_hook(kind: type[enum.Enum]) -> Callable[[object, type], enum.Enum]:
    by_value = {member.value: member for member in kind}
    allowed = ", ".join(repr(v) for v in by_value)

    def structure_enum(value: object, _: type) -> enum.Enum:
        try:
            return by_value[value]
        except (KeyError, TypeError):
            pass
        try:  # a value an earlier version wrote, which the enumeration's ``_missing_`` renames
            return kind(value)
        except (ValueError, TypeError):
            raise ValueError(f"{value!r} is not one of {allowed}") from None

    return structure_enum


def _tuple_hook_factory(
    conv: JsonConverter, *, detailed: bool = True
) -> Callable[[Any], Callable[[object, type], tuple[Any, ...]]]:
    def factory(kind: Any) -> Callable[[object, type], tuple[Any, ...]]:
        (item_type, _ellipsis) = get_args(kind)
        item_hook = conv.get_structure_hook(item_type)

        def structure_tuple(value: object, _: type) -> tuple[Any, ...]:
            if not isinstance(value, (list, tuple)):
                raise TypeError(f"expected a list, got {type_name(value)}")
            items: list[Any] = []
            errors: list[Exception] = []
            for index, item in enumerate(value):
                try:
                    items.append(item_hook(item, item_type))
                except Exception as err:  # noqa: BLE001 - collected and re-raised as a group
                    err.__notes__ = [
                        *getattr(err, "__notes__", []),
                        IterableValidationNote(f"index {index}", index, item_type),
                    ]
                    errors.append(err)
            if errors:
                raise IterableValidationError(f"While structuring {kind}", errors, kind)
            return tuple(items)

        def structure_tuple_quickly(value: object, _: type) -> tuple[Any, ...]:
            if not isinstance(value, (list, tuple)):
                raise TypeError(f"expected a list, got {type_name(value)}")
            return tuple([item_hook(item, item_type) for item in value])

        return structure_tuple if detailed else structure_tuple_quickly

    return factory


def _attrs_hook_factory(
    conv: JsonConverter, *, detailed: bool = True
) -> Callable[[type], Callable[[object, type], Any]]:
    def factory(cls: type) -> Callable[[object, type], Any]:
        inner: Callable[[Mapping[str, Any], type], Any] = make_dict_structure_fn(
            cls, conv, _cattrs_forbid_extra_keys=True, _cattrs_detailed_validation=detailed
        )

        def structure_class(value: object, kind: type) -> Any:
            if not isinstance(value, Mapping):
                raise TypeError(f"expected a table of fields, got {type_name(value)}")
            return inner(value, kind)

        return structure_class

    return factory


def _make_converter(*, detailed: bool = True) -> JsonConverter:
    """The converter; with ``detailed=False``, its quick twin.

    The twin accepts and builds the same, but stops at the first problem, with a bare exception.
    """
    conv = make_converter(forbid_extra_keys=True, detailed_validation=detailed)
    conv.register_structure_hook(str, _strict_str)
    conv.register_structure_hook(int, _strict_int)
    conv.register_structure_hook(float, _strict_float)
    conv.register_structure_hook(bool, _strict_bool)
    conv.register_structure_hook(datetime.date, _date)
    conv.register_unstructure_hook(datetime.date, lambda d: d.isoformat())
    conv.register_structure_hook_factory(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), _enum_hook
    )
    conv.register_structure_hook_factory(
        lambda t: list_item(t) is not None, _tuple_hook_factory(conv, detailed=detailed)
    )
    conv.register_structure_hook_factory(attrs.has, _attrs_hook_factory(conv, detailed=detailed))
    return conv


#: The converter. Use :func:`structure` / :func:`unstructure` rather than calling it directly,
#: so that errors come back as :class:`StructureError`.
converter: JsonConverter = _make_converter()

#: The same hooks without cattrs' detailed validation (about a third quicker on records): it
#: accepts and builds exactly what :data:`converter` does, but its errors say little, so
#: :func:`structure` tries it first and, only when it fails, structures again with
#: :data:`converter` to find every problem.
_quick: JsonConverter = _make_converter(detailed=False)


# -- errors ----------------------------------------------------------------------------------


def _note(err: BaseException, kind: type[T]) -> T | None:
    for note in getattr(err, "__notes__", ()):
        if isinstance(note, kind):
            return note
    return None


def _render(path: list[str | int]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def entry_label(raw: object, path: list[str | int]) -> str | None:
    """The id of the innermost list entry on ``path`` that has one, else of the record itself."""
    found = own_id(raw) if path else None
    node = raw
    for part in path:
        try:
            node = node[part]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(part, int):
            found = own_id(node) or found
    return found


def brief(value: object) -> str:
    """``repr(value)`` for a message, short: a number of hundreds of digits is described, not written."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 100:
        return f"a number of about {int(value.bit_length() * 0.30103)} digits"
    shown = repr(value)
    return shown if len(shown) <= 80 else shown[:77] + "..."


def own_id(node: object) -> str | None:
    """The id (or code, or grade) a table of data names itself by, if it has one."""
    if isinstance(node, Mapping):
        for key in _ENTRY_KEYS:
            value = node.get(key)
            if isinstance(value, str):
                return value
            if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() <= 100:
                return str(value)
    return None


def _problem(raw: object, path: list[str | int], message: str) -> Problem:
    names = [p for p in path if isinstance(p, str)]
    return Problem(
        path=_render(path), message=message, entry=entry_label(raw, path), field=names[-1] if names else None
    )


def problems_from(err: BaseException, raw: object) -> list[Problem]:
    """Turn an exception raised while structuring ``raw`` into located problems."""
    found: list[Problem] = []

    def walk(exc: BaseException, path: list[str | int]) -> None:
        if isinstance(exc, ClassValidationError):
            for sub in exc.exceptions:
                attr = _note(sub, AttributeValidationNote)
                walk(sub, [*path, attr.name] if attr is not None else path)
        elif isinstance(exc, IterableValidationError):
            for sub in exc.exceptions:
                item = _note(sub, IterableValidationNote)
                walk(sub, [*path, item.index] if item is not None else path)
        elif isinstance(exc, ForbiddenExtraKeysError):
            for key in sorted(exc.extra_fields):
                found.append(_problem(raw, [*path, key], "unexpected field (not part of this record)"))
        elif type(exc) is KeyError:
            found.append(_problem(raw, path, "required field is missing"))
        elif isinstance(exc, FieldError):
            found.append(_problem(raw, [*path, *_split(exc.field)], exc.message))
        elif isinstance(exc, CatalogueError):
            prefix = _render(path)
            found.extend(
                attrs.evolve(p, path=f"{prefix}.{p.path}" if prefix else p.path) for p in exc.problems
            )
        else:
            found.append(_problem(raw, path, str(exc) or type(exc).__name__))

    walk(err, [])
    return found


def _split(field: str) -> list[str | int]:
    """``"tags[2]"`` -> ``["tags", 2]``."""
    parts: list[str | int] = []
    for chunk in field.replace("]", "").split("."):
        name, *indexes = chunk.split("[")
        if name:
            parts.append(name)
        parts.extend(int(i) for i in indexes)
    return parts


# -- public API --------------------------------------------------------------------------------


def structure(data: object, cls: type[T], *, source: str | None = None) -> T:
    """Build a ``cls`` from JSON-like ``data``; :class:`StructureError` lists every problem."""
    try:
        return _quick.structure(data, cls)
    except Exception:  # noqa: BLE001 - structured again below, to find every problem
        pass
    try:
        return converter.structure(data, cls)
    except CatalogueError as err:
        raise err.with_source(source) if source else err from None
    except Exception as err:  # noqa: BLE001 - every structuring failure becomes a StructureError
        raise StructureError(problems_from(err, data), source) from None


def quick_hook(kind: Any) -> Callable[[Any, Any], Any]:
    """The quick converter's structure hook for ``kind``.

    It builds what :func:`structure` builds, but raises a bare exception at the first problem
    (call :func:`structure` then, to have every problem worded).
    """
    hook: Callable[[Any, Any], Any] = _quick.get_structure_hook(kind)
    return hook


def unstructure(obj: object) -> Any:
    """Turn a fosterkit object into JSON-ready data (dicts, lists, strings, numbers)."""
    return converter.unstructure(obj)
