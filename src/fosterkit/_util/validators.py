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


# The checks below take the common, valid case first (``type(value) is str``, ``type(value) in
# kinds``) and only then the general test that words the problem: they are called for every
# field of every record read, so each costs one call and a test or two. ``value.isspace()``
# is true only for a non-empty string of white space (the same white space ``str.strip``
# removes), so ``value and not value.isspace()`` is ``bool(value.strip())`` without a copy.

_match_id = _ID.match


def text(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Require a string with at least one non-space character."""
    if type(value) is str and value and not value.isspace():
        return
    if not isinstance(value, str):
        raise FieldError(attribute.name, f"expected text, got {type(value).__name__}")
    if not value.strip():
        raise FieldError(attribute.name, "must not be empty")


def optional_text(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Require a string (which may be empty)."""
    if type(value) is not str and not isinstance(value, str):
        raise FieldError(attribute.name, f"expected text, got {type(value).__name__}")


def identifier(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Require an id: letters, digits, ``.``, ``_`` and ``-``, starting and ending alphanumeric."""
    if type(value) is str and _match_id(value):
        return
    if not isinstance(value, str) or not _match_id(value):
        raise FieldError(
            attribute.name,
            f"{value!r} is not a valid id (letters, digits, '.', '_' or '-', "
            "starting and ending with a letter or digit)",
        )


def instance_of(kind: type | tuple[type, ...]) -> Callable[[object, attrs.Attribute[Any], object], None]:
    """Require an instance of ``kind`` (``bool`` is not accepted as an ``int``)."""
    kinds = kind if isinstance(kind, tuple) else (kind,)
    # A value whose type is one of ``kinds`` itself passes at once (a ``bool`` only when
    # ``bool`` is one of them); a subclass's instance takes the general test.
    exact = frozenset(kinds)

    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if type(value) in exact:
            return
        is_stray_bool = isinstance(value, bool) and bool not in kinds
        if is_stray_bool or not isinstance(value, kinds):
            raise FieldError(attribute.name, _expected(kinds, value))

    return check


def _expected(kinds: tuple[type, ...], value: object) -> str:
    names = " or ".join(k.__name__ for k in kinds)
    return f"expected {names}, got {type(value).__name__}"


def non_negative(_instance: object, attribute: attrs.Attribute[Any], value: int) -> None:
    """Require an integer of zero or more."""
    if value < 0:
        raise FieldError(attribute.name, f"must be zero or more, got {value}")


def distinct_items(_instance: object, attribute: attrs.Attribute[Any], value: Sequence[object]) -> None:
    """Require a sequence without repeated items."""
    if len(set(value)) == len(value):
        return
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
    """Require a tuple whose items are all instances of ``kind`` (as a list, for ``[*tuple_of(X), more]``)."""
    return [tuple_items(kind)]


def tuple_items(kind: type) -> Callable[[object, attrs.Attribute[Any], Any], None]:
    """Require a tuple whose items are all instances of ``kind``, in one check.

    The same checks and messages as ``instance_of(tuple)`` then ``items(instance_of(kind))``.
    """
    check_tuple = instance_of(tuple)
    check_item = instance_of(kind)

    def check(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if type(value) is not tuple:
            check_tuple(instance, attribute, value)
        for index, item in enumerate(value):
            if type(item) is not kind:
                try:
                    check_item(instance, attribute, item)
                except FieldError as err:
                    raise FieldError(f"{attribute.name}[{index}]", err.message) from None

    return check


def distinct_texts(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Require a tuple of distinct texts, in one check.

    The same checks and messages as ``instance_of(tuple)``, ``items(text)`` then
    ``distinct_items``.
    """
    if type(value) is not tuple:
        _check_tuple(_instance, attribute, value)
    for index, item in enumerate(value):
        if type(item) is not str or not item or item.isspace():
            try:
                text(_instance, attribute, item)
            except FieldError as err:
                raise FieldError(f"{attribute.name}[{index}]", err.message) from None
    if len(set(value)) != len(value):
        distinct_items(_instance, attribute, value)


_check_tuple = instance_of(tuple)


def all_of(
    first: Callable[[Any, Any, Any], None], then: Callable[[Any, Any, Any], None]
) -> Callable[[Any, Any, Any], None]:
    """Run ``first`` then ``then``: two checks as one, cheaper than a list (``attrs.validators.and_``)."""

    def check(instance: Any, attribute: Any, value: Any) -> None:
        first(instance, attribute, value)
        then(instance, attribute, value)

    return check


def optional(
    check: Callable[[object, attrs.Attribute[Any], Any], None],
) -> Callable[[object, attrs.Attribute[Any], Any], None]:
    """Accept ``None``, or any value that passes ``check``."""
    if check is text:
        return _optional_text
    if check is identifier:
        return _optional_identifier

    def check_unless_none(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            check(instance, attribute, value)

    return check_unless_none


def _optional_text(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """``optional(text)`` in one call."""
    if value is not None:
        text(_instance, attribute, value)


def _optional_identifier(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """``optional(identifier)`` in one call."""
    if value is not None and (type(value) is not str or not _match_id(value)):
        identifier(_instance, attribute, value)


def repeats(keys: Sequence[K]) -> list[tuple[int, K, int]]:
    """Each key that occurs more than once: ``(index of its first occurrence, key, count)``, in order."""
    if len(set(keys)) == len(keys):
        return []
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
