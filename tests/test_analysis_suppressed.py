"""The suppressed-count marker: never zero, never None, never skipped by a truth test."""

from __future__ import annotations

import copy
import datetime
import pickle
from collections.abc import Iterator

import attrs
import pytest
from hypothesis import given, settings

from fosterkit import load_catalogue
from fosterkit.analysis import (
    SUPPRESSED,
    Figure,
    Suppressed,
    ThemeCount,
    build_report,
    exit_insights,
    reason_themes,
    retention_rates,
    shown,
    suppress,
    suppress_total,
    theme_trend,
)
from fosterkit.analysis.themes import Breakdown
from fosterkit.errors import FieldError
from test_analysis_publication import services
from test_analysis_rates import H1, TAXONOMY

CATALOGUE = load_catalogue()


# -- the marker ---------------------------------------------------------------------------------


def test_the_marker_is_not_zero_not_an_int_and_not_none() -> None:
    assert SUPPRESSED is Suppressed.SUPPRESSED
    assert list(Suppressed) == [SUPPRESSED]
    marker: object = SUPPRESSED
    assert marker != 0
    assert marker is not None
    assert marker != "[c]"  # it prints as [c] but is no string
    assert not isinstance(SUPPRESSED, int | str | float)
    assert isinstance(SUPPRESSED, Suppressed)


def test_a_truth_test_raises_and_says_what_to_do() -> None:
    with pytest.raises(TypeError, match="test it with `count is SUPPRESSED`"):
        bool(SUPPRESSED)
    count: int | Suppressed = suppress_total(3)
    with pytest.raises(TypeError, match="neither true nor false"):
        [row for row in [count] if row]  # the loop in the docs that once printed no rows


def test_arithmetic_and_ordering_refuse_the_marker() -> None:
    with pytest.raises(TypeError):
        _ = SUPPRESSED + 1  # type: ignore[operator]
    with pytest.raises(TypeError):
        _ = SUPPRESSED < 5  # type: ignore[operator]
    with pytest.raises(TypeError):
        sum([4, SUPPRESSED])  # type: ignore[list-item]


def test_the_marker_shows_as_c_and_stays_one_object() -> None:
    assert (str(SUPPRESSED), repr(SUPPRESSED), f"{SUPPRESSED}", f"{SUPPRESSED:>5}") == (
        "[c]",
        "[c]",
        "[c]",
        "  [c]",
    )
    assert repr({"a": SUPPRESSED, "b": 0}) == "{'a': [c], 'b': 0}"
    assert (shown(SUPPRESSED), shown(0), shown(7)) == ("[c]", 0, 7)
    assert copy.deepcopy(SUPPRESSED) is SUPPRESSED
    assert pickle.loads(pickle.dumps(SUPPRESSED)) is SUPPRESSED
    assert len({SUPPRESSED, Suppressed.SUPPRESSED}) == 1


def test_none_is_not_a_count() -> None:
    with pytest.raises(TypeError, match="not None"):
        shown(None)  # type: ignore[arg-type]
    for bad in (None, -1, True, 2.0, "[c]"):
        with pytest.raises(FieldError, match="primary"):
            ThemeCount(code="money", label="Money", primary=bad, mentioned=0)  # type: ignore[arg-type]
    assert ThemeCount(code="money", label="Money", primary=SUPPRESSED, mentioned=0).primary is SUPPRESSED


def test_suppression_gives_the_marker() -> None:
    assert suppress({"a": 2, "b": 9, "c": 0}) == {"a": SUPPRESSED, "b": SUPPRESSED, "c": 0}
    assert suppress({"a": 3}) == {"a": SUPPRESSED}
    assert (suppress_total(0), suppress_total(5), suppress_total(6)) == (0, SUPPRESSED, 6)


# -- every count the analyses return ------------------------------------------------------------


def counts_in(value: object, where: str) -> Iterator[tuple[str, object]]:
    """Every count held in an analysis result (each field typed with ``Suppressed``), by path."""
    if isinstance(value, Figure):
        if value.unit == "count":
            yield f"{where}.{value.code}", value.value
        return
    if attrs.has(type(value)):
        for field in attrs.fields(type(value)):  # type: ignore[arg-type]
            assert "int | None" not in str(field.type), f"{where}.{field.name} holds counts as None"
            item = getattr(value, field.name)
            if "Suppressed" in str(field.type):
                yield from _flat(item, f"{where}.{field.name}")
            else:
                yield from counts_in(item, f"{where}.{field.name}")
    elif isinstance(value, tuple):
        for n, item in enumerate(value):
            yield from counts_in(item, f"{where}[{n}]")


def _flat(value: object, where: str) -> Iterator[tuple[str, object]]:
    if isinstance(value, tuple):
        for n, item in enumerate(value):
            yield from _flat(item, f"{where}[{n}]")
    else:
        yield where, value


def is_count(value: object) -> bool:
    return value is SUPPRESSED or (type(value) is int and value >= 0)


@settings(max_examples=15, deadline=None)
@given(records=services(max_departures=30))
def test_every_count_the_analyses_return_is_a_whole_number_or_the_marker(records: list[object]) -> None:
    results: dict[str, object] = {
        "insights": exit_insights(records, catalogue=CATALOGUE, taxonomy=TAXONOMY, period=H1),
        "themes": reason_themes(records, taxonomy=TAXONOMY, period=H1, by=Breakdown.ROUTE),
        "reasons": reason_themes(records, taxonomy=TAXONOMY, period=H1, level=2),
        "trend": theme_trend(records, taxonomy=TAXONOMY, periods=[H1.previous, H1]),
        "rates": retention_rates(records, taxonomy=TAXONOMY, period=H1),
        "report": build_report(
            records,
            taxonomy=TAXONOMY,
            catalogue=CATALOGUE,
            period=H1,
            service="Anytown Fostering",
            made_on=datetime.date(2026, 11, 2),
        ),
    }
    seen = 0
    for name, result in results.items():
        for where, count in counts_in(result, name):
            seen += 1
            if "net_change" in where:  # approvals less departures: any sign
                assert count is SUPPRESSED or type(count) is int, where
            else:
                assert is_count(count), (where, count)
    assert seen > 100
