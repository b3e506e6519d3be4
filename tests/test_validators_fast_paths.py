"""The one-call validators refuse what the composed checks they replace refuse, in the same words."""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any

import attrs
from hypothesis import given
from hypothesis import strategies as st

from fosterkit._util import validators as v
from fosterkit.errors import FieldError


class _Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


@attrs.define
class _Holder:
    x: object = None


_ATTRIBUTE = attrs.fields(_Holder).x


def _outcome(check: Callable[[Any, Any, Any], None], value: object) -> tuple[str, str] | None:
    try:
        check(None, _ATTRIBUTE, value)
    except FieldError as err:
        return (err.field, err.message)
    return None


def _composed(*checks: Callable[[Any, Any, Any], None]) -> Callable[[Any, Any, Any], None]:
    def check(instance: Any, attribute: Any, value: Any) -> None:
        for one in checks:
            one(instance, attribute, value)

    return check


_SPACES = st.sampled_from(["", " ", "\t", "\u3000", "\x1c", "\x85", "a", " a ", "x\u2028"])
_TEXTS = st.lists(_SPACES, max_size=3).map("".join)
_ATOMS = st.one_of(_TEXTS, st.none(), st.booleans(), st.integers(), st.sampled_from(list(_Colour)))
_VALUES = st.one_of(
    _ATOMS, st.tuples(_ATOMS, _ATOMS), st.lists(_ATOMS, max_size=3).map(tuple), st.lists(_ATOMS)
)


def _old_text(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise FieldError(attribute.name, f"expected text, got {type(value).__name__}")
    if not value.strip():
        raise FieldError(attribute.name, "must not be empty")


@given(_VALUES)
def test_text_refuses_what_strip_refused(value: object) -> None:
    assert _outcome(v.text, value) == _outcome(_old_text, value)
    assert _outcome(v.optional(v.text), value) == (None if value is None else _outcome(_old_text, value))


@given(_VALUES)
def test_distinct_texts_is_tuple_then_texts_then_distinct(value: object) -> None:
    old = _composed(v.instance_of(tuple), v.items(v.text), v.distinct_items)
    assert _outcome(v.distinct_texts, value) == _outcome(old, value)


@given(_VALUES, st.sampled_from([int, bool, str, _Colour]))
def test_tuple_items_is_tuple_then_items(value: object, kind: type) -> None:
    old = _composed(v.instance_of(tuple), v.items(v.instance_of(kind)))
    assert _outcome(v.tuple_items(kind), value) == _outcome(old, value)


@given(_VALUES, st.sampled_from([int, bool, (int, type(None)), (_Colour, type(None)), (bool, type(None))]))
def test_instance_of_refuses_a_stray_bool(value: object, kind: type | tuple[type, ...]) -> None:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    refused = (isinstance(value, bool) and bool not in kinds) or not isinstance(value, kinds)
    assert (_outcome(v.instance_of(kind), value) is not None) == refused


@given(st.one_of(_ATOMS, st.sampled_from(["A", "a-1", "a.", "-a", "a b", "ab\n", "é"])))
def test_optional_identifier_is_identifier_unless_none(value: object) -> None:
    expected = None if value is None else _outcome(v.identifier, value)
    assert _outcome(v.optional(v.identifier), value) == expected


@given(st.lists(st.sampled_from(["a", "b", "c", _Colour.RED, _Colour.BLUE]), max_size=6))
def test_repeats_is_empty_only_without_repeats(keys: list[object]) -> None:
    found = v.repeats(keys)
    assert (found == []) == (len(set(keys)) == len(keys))
    assert all(keys.index(key) == index and keys.count(key) == count for index, key, count in found)
