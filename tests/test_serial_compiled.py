"""The compiled structure functions build exactly what the converter builds, or nothing."""

from __future__ import annotations

import datetime
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fosterkit.errors import StructureError
from fosterkit.records import Departure
from fosterkit.serial._compiled import compiled_structure
from fosterkit.serial.converter import structure
from fosterkit.serial.kinds import RECORD_KINDS, record_from_dict, record_to_dict
from fosterkit.testing import strategies

KINDS = strategies.records_by_kind()

#: JSON values of every kind, to put where a field's value was.
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=6,
)


#: A valid departure as JSON Lines holds it.
DEPARTURE: dict[str, Any] = {
    "schema_version": 1,
    "kind": "departure",
    "id": "DEP-1",
    "household_id": "HH-1",
    "notice_on": "2025-01-01",
    "initiated_by": "carer",
    "route": "retirement",
    "stated_reasons": ["finance.payment_problems"],
}


def converted(data: dict[str, Any], cls: type) -> tuple[str, object]:
    body = {key: value for key, value in data.items() if key not in ("schema_version", "kind")}
    try:
        return ("record", structure(body, cls))
    except StructureError as err:
        return ("error", err.problems)


def test_every_record_kind_has_a_strategy() -> None:
    assert set(KINDS) == set(RECORD_KINDS)


@pytest.mark.parametrize("kind", list(KINDS))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_compiled_function_builds_the_record(kind: str, data: st.DataObject) -> None:
    record = data.draw(KINDS[kind], label="record")
    compiled = compiled_structure(RECORD_KINDS[kind], ("schema_version", "kind"))
    assert compiled(record_to_dict(record)) == record


def _places(value: object, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside ``value`` (dict keys and list indexes)."""
    found = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _places(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _places(item, (*path, index))
    return found


def _replace(data: Any, path: tuple[Any, ...], value: object) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


@pytest.mark.parametrize("kind", list(KINDS))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), value=JSON)
def test_a_changed_value_is_built_as_the_converter_builds_it_or_refused(
    kind: str, data: st.DataObject, value: object
) -> None:
    record = data.draw(KINDS[kind], label="record")
    serialised = record_to_dict(record)
    places = [p for p in _places(serialised) if p[0] not in ("schema_version", "kind")]
    _replace(serialised, data.draw(st.sampled_from(places), label="place"), value)
    compiled = compiled_structure(RECORD_KINDS[kind], ("schema_version", "kind"))
    try:
        built = compiled(serialised)
    except Exception:  # noqa: BLE001 - refused: the converter decides, whatever it says
        return
    assert converted(serialised, RECORD_KINDS[kind]) == ("record", built)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("notice_on", "2025-13-01"),
        ("notice_on", 20250101),
        ("id", 7),
        ("route", "walked_off"),
        ("stated_reasons", "finance.payment_problems"),
        ("stated_reasons", ["x", 1]),
        ("unknown", 1),
    ],
)
def test_a_bad_record_gets_the_converter_s_problems(field: str, value: object) -> None:
    data: dict[str, Any] = {**DEPARTURE, field: value}
    with pytest.raises(StructureError) as raised:
        record_from_dict(data)
    assert raised.value.problems == converted(data, RECORD_KINDS["departure"])[1]


def test_a_date_is_read_as_the_converter_reads_it() -> None:
    data = dict(DEPARTURE)
    record = record_from_dict(data)
    assert isinstance(record, Departure)
    assert record.notice_on == datetime.date(2025, 1, 1)


#: Run in a fresh interpreter: writes a never-seen class's function with a Ctrl-C landing as its
#: source runs, and prints whether CPython took note to end the process by SIGINT at exit.
_INTERRUPTED_WHILE_WRITING = """
import ctypes, sys
import attrs
from fosterkit.serial._compiled import compiled_structure

@attrs.frozen
class Fresh:
    name: str

def interrupt(frame, event, arg):
    name = frame.f_code.co_filename
    if event == "call" and frame.f_code.co_name == "<module>" and name.startswith("<"):
        if name == "<string>" or name.startswith("<fosterkit structure"):
            raise KeyboardInterrupt

sys.settrace(interrupt)
try:
    compiled_structure(Fresh)
except KeyboardInterrupt:
    sys.settrace(None)
    print(ctypes.c_int.in_dll(ctypes.pythonapi, "_Py_UnhandledKeyboardInterrupt").value)
"""


@pytest.mark.skipif(sys.implementation.name != "cpython", reason="CPython's own flag")
def test_a_ctrl_c_while_a_function_is_written_is_not_remembered_for_exit() -> None:
    """Regression: a Ctrl-C landing while generated source ran made ``fosterkit`` exit by SIGINT.

    CPython notes a ``KeyboardInterrupt`` that leaves code run from a *string* and, at exit, kills
    the process by SIGINT even though the command caught the interrupt and asked for status 130.
    Run from a code object, nothing is noted.
    """
    ran = subprocess.run(
        [sys.executable, "-"], input=_INTERRUPTED_WHILE_WRITING, capture_output=True, text=True, check=True
    )
    assert ran.stdout == "0\n", ran.stderr
