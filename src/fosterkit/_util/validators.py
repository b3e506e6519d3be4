"""attrs validators shared by the domain classes.

They raise :class:`~fosterkit.errors.FieldError`, which names the field, so problems found
while structuring data point at the exact place in the input.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

import attrs

from fosterkit.errors import FieldError

K = TypeVar("K", bound=Hashable)
C = TypeVar("C", bound=type)

_ID = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$")


def text(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Require a string with at least one non-space character."""
    if not isinstance(value, str):
        raise FieldError(attribute.name, f"expected text, got {type(value).__name__}")
    if not value.strip():
        raise FieldError(attribute.name, "must not be empty")


def optional_text(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Require a string (which may be empty)."""
    if not isinstance(value, str):
        raise FieldError(attribute.name, f"expected text, got {type(value).__name__}")


def identifier(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Require an id: letters, digits, ``.``, ``_`` and ``-``, starting and ending alphanumeric."""
    if not isinstance(value, str) or not _ID.match(value):
        raise FieldError(
            attribute.name,
            f"{value!r} is not a valid id (letters, digits, '.', '_' or '-', "
            "starting and ending with a letter or digit)",
        )


def instance_of(kind: type | tuple[type, ...]) -> Callable[[object, attrs.Attribute[Any], object], None]:
    """Require an instance of ``kind`` (``bool`` is not accepted as an ``int``)."""
    kinds = kind if isinstance(kind, tuple) else (kind,)

    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        is_stray_bool = isinstance(value, bool) and bool not in kinds
        if is_stray_bool or not isinstance(value, kinds):
            names = " or ".join(k.__name__ for k in kinds)
            raise FieldError(attribute.name, f"expected {names}, got {type(value).__name__}")

    return check


def non_negative(_instance: object, attribute: attrs.Attribute[Any], value: int) -> None:
    """Require an integer of zero or more."""
    if value < 0:
        raise FieldError(attribute.name, f"must be zero or more, got {value}")


def distinct_items(_instance: object, attribute: attrs.Attribute[Any], value: Sequence[object]) -> None:
    """Require a sequence without repeated items."""
    seen: set[object] = set()
    for item in value:
        if item in seen:
            raise FieldError(attribute.name, f"{item!r} is listed more than once")
        seen.add(item)


def items(
    check: Callable[[object, attrs.Attribute[Any], object], None],
) -> Callable[[object, attrs.Attribute[Any], Sequence[object]], None]:
    """Apply ``check`` to every item of a sequence, naming the item's index on failure."""

    def check_all(instance: object, attribute: attrs.Attribute[Any], value: Sequence[object]) -> None:
        for index, item in enumerate(value):
            try:
                check(instance, attribute, item)
            except FieldError as err:
                raise FieldError(f"{attribute.name}[{index}]", err.message) from None

    return check_all


def tuple_of(kind: type) -> list[Callable[[object, attrs.Attribute[Any], Any], None]]:
    """Require a tuple whose items are all instances of ``kind``."""
    return [instance_of(tuple), items(instance_of(kind))]


def optional(
    check: Callable[[object, attrs.Attribute[Any], Any], None],
) -> Callable[[object, attrs.Attribute[Any], Any], None]:
    """Accept ``None``, or any value that passes ``check``."""

    def check_unless_none(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            check(instance, attribute, value)

    return check_unless_none


def repeats(keys: Sequence[K]) -> list[tuple[int, K, int]]:
    """Each key that occurs more than once: ``(index of its first occurrence, key, count)``, in order."""
    counts = Counter(keys)
    first: dict[K, int] = {}
    for index, key in enumerate(keys):
        first.setdefault(key, index)
    return [(index, key, counts[key]) for key, index in first.items() if counts[key] > 1]


def names_its_id(cls: C) -> C:
    """Make ``cls``'s constructor name the record's ``id`` in a :class:`FieldError` it raises.

    The converter names the id of each record it reads; this does the same for a record made
    in code (``Departure(id="DEP-7", household_id="")``), where a bare field name would leave
    the caller guessing which of many records is wrong.
    """
    init: Callable[..., None] = vars(cls)["__init__"]
    # DataCollectionRecord: "data collection record"
    kind = re.sub(r"(?<!^)(?=[A-Z])", " ", cls.__name__).lower()

    @functools.wraps(init)
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        try:
            init(self, *args, **kwargs)
        except FieldError as err:
            record_id = kwargs.get("id")
            if err.entry is None and isinstance(record_id, str) and record_id:
                raise FieldError(err.field, err.message, entry=record_id, kind=kind) from None
            raise

    cls.__init__ = __init__  # type: ignore[misc]
    return cls
