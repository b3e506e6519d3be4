"""Safe publication: aggregate tables suppressed together, so no hidden count can be worked out."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction
from typing import Any
from unittest import mock

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fosterkit import Carer, LeavingRoute
from fosterkit.analysis import (
    PRACTICE_TABLES,
    SUPPRESSED,
    Breakdown,
    CellRef,
    Publication,
    Suppressed,
    protect,
    publish_tables,
)
from fosterkit.analysis import publication as publication_module
from fosterkit.interviews import Answer
from fosterkit.records import AgeBand, DestinationKind, Equality
from fosterkit.serial.converter import unstructure
from test_analysis_rates import H1, TAXONOMY, home, leave, said, scenario

D = datetime.date
THEMES = [r.code for r in TAXONOMY.walk() if r.is_live and r.code.count(".") == 1]
#: Tables whose rows are a partition of their total row, and whose columns add up across.
ROWS_ADD_UP = ("route", "initiated", "destination", "tenure", "preventable", "main_theme_", "carers_by_")


def publish(records: list[object], **options: Any) -> Publication:
    return publish_tables(records, taxonomy=TAXONOMY, period=H1, **options)


@contextmanager
def unsuppressed() -> Iterator[None]:
    """Publication without any suppression: the true counts behind a publication, for checking."""
    with mock.patch.object(publication_module, "protect", return_value=set()):
        yield


def whole(count: int | Suppressed) -> int:
    """A count of an unsuppressed publication, which is never ``SUPPRESSED``."""
    assert count is not SUPPRESSED
    return count


def cells(publication: Publication) -> dict[CellRef, int | Suppressed]:
    return {
        CellRef(table=t.name, row=r.code, column=c.code): count
        for t in publication.tables
        for r, line in zip(t.rows, t.counts, strict=True)
        for c, count in zip(t.columns, line, strict=True)
    }


# -- a stream of records from a service of any size -------------------------------------------


@st.composite
def services(draw: st.DrawFn, max_departures: int = 40) -> list[object]:
    """Households and departures (with interviews) around 2026-27 H1, ids linked."""
    count = draw(st.integers(0, max_departures))
    records: list[object] = []
    for n in range(count):
        approved = D(2015, 1, 1) + datetime.timedelta(days=draw(st.integers(0, 4300)))
        ages = draw(st.lists(st.sampled_from([None, *AgeBand]), min_size=1, max_size=2))
        if draw(st.booleans()) or n == 0:
            records.append(home(f"HH-D{n}", approved, ages=ages))
        route = draw(st.sampled_from(list(LeavingRoute)))
        destination = draw(st.sampled_from(list(DestinationKind))) if route is LeavingRoute.TRANSFER else None
        notice = D(2025, 4, 1) + datetime.timedelta(days=draw(st.integers(0, 600)))
        reasons = draw(st.lists(st.sampled_from(THEMES), max_size=3, unique=True))
        records.append(leave(f"D{n}", notice, *reasons, route=route, destination=destination))
        interviewed = draw(st.booleans())
        if reasons and interviewed:
            answer = draw(st.sampled_from([None, *Answer]))
            records.append(said(f"D{n}", draw(st.sampled_from(THEMES)), preventable=answer))
    return records


# -- the auditor: an independent check by exact elimination over fractions --------------------


def recoverable(publication: Publication, truth: dict[CellRef, int | Suppressed]) -> list[CellRef]:
    """Hidden non-zero cells that the shown cells and the relations fix exactly."""
    shown = cells(publication)
    hidden = sorted({ref for ref, value in shown.items() if value is SUPPRESSED}, key=repr)
    index = {ref: i for i, ref in enumerate(hidden)}
    rows: list[dict[int, Fraction]] = []
    for relation in publication.relations:
        row: dict[int, Fraction] = {}
        for ref, sign in [(relation.total, -1), *((p, 1) for p in relation.parts)]:
            if ref in index:
                row[index[ref]] = row.get(index[ref], Fraction(0)) + sign
        row = {i: c for i, c in row.items() if c}
        if row:
            rows.append(row)
    # Gauss-Jordan elimination, then a variable is fixed when its row holds nothing else.
    pivots: dict[int, dict[int, Fraction]] = {}
    for row in rows:
        for col in [c for c in list(row) if c in pivots]:
            if col in row:
                factor = row[col]
                for i, c in pivots[col].items():
                    row[i] = row.get(i, Fraction(0)) - factor * c
                row = {i: c for i, c in row.items() if c}
        if not row:
            continue
        col = min(row)
        lead = row[col]
        row = {i: c / lead for i, c in row.items()}
        for other in pivots.values():
            if col in other:
                factor = other[col]
                for i, c in row.items():
                    other[i] = other.get(i, Fraction(0)) - factor * c
                for i in [i for i, c in other.items() if not c]:
                    del other[i]
        pivots[col] = row
    fixed = [hidden[col] for col, row in pivots.items() if len(row) == 1]
    return [ref for ref in fixed if truth[ref]]


# -- examples ----------------------------------------------------------------------------------


def test_the_scenario_publishes_its_headline_figures() -> None:
    published = publish(scenario())
    summary = published.table("summary")
    assert summary.count("households_at_start", "count") == 40
    assert summary.count("departures", "count") == 19
    assert summary.count("approvals", "count") is SUPPRESSED  # four approvals: suppressed
    assert published.figure("leaving_rate").value == 47.5
    assert published.period_label.startswith("2026-27 H1")


def test_the_true_counts_behind_the_scenario() -> None:
    with unsuppressed():
        published = publish(scenario())
    route = published.table("route")
    assert [route.count(r.value, "count") for r in LeavingRoute] == [10, 0, 5, 0, 0, 4]
    assert route.count("total", "count") == 19
    assert published.table("initiated").count("voluntary", "count") == 15
    assert published.table("destination").count("independent_agency", "count") == 4
    assert published.table("tenure").count("under_1", "count") == 4
    themes = published.table("main_theme_by_route")
    assert themes.count("positive") == 4  # P1, P2 (stated), P3 (stage 1) and P5 (stage 2)
    assert themes.count("none") == 8
    assert themes.count("total", "resignation") == 10
    assert published.table("carers_by_age_band").count("total", "count") == 13


def test_an_empty_period_gives_tables_of_zeros() -> None:
    published = publish([])
    assert all(count == 0 for count in cells(published).values())
    own = [f for f in published.figures if f.code not in ("net_change", "national_mainstream_leaving_rate")]
    assert all(figure.value is None for figure in own)
    assert published.figure("net_change").value == 0
    assert published.figure("national_mainstream_leaving_rate").value == 14.0  # not the service's: national
    assert [w.name for w in published.withheld] == ["carers_by_age_band"]


def test_no_id_date_or_free_text_reaches_the_publication() -> None:
    records = scenario()
    text = json.dumps(unstructure(publish(records, special_category=("age_band", "disability"))))
    for record in records:
        for name in ("id", "household_id", "departure_id"):
            value = getattr(record, name, None)
            if isinstance(value, str):
                assert f'"{value}"' not in text
    assert "Anytown" not in text
    assert "2026-05-01" not in text  # a notice date


def test_special_category_tables_only_above_the_threshold_and_only_when_asked() -> None:
    def household(n: int, ethnicity: str | None) -> object:
        h = home(f"HH-Q{n}", D(2020, 1, 1))
        carer = Carer(id=f"Q{n}", equality=Equality(ethnicity=ethnicity, disability=n % 2 == 0))
        return attrs.evolve(h, carers=(carer,))

    records: list[object] = []
    for n in range(6):
        records += [household(n, "White British" if n < 3 else None), leave(f"Q{n}", D(2026, 5, 1))]
    published = publish(records, special_category=("ethnicity", "disability"))
    assert [t.name for t in published.tables if t.name.startswith("carers")] == ["carers_by_disability"]
    assert [w.name for w in published.withheld] == ["carers_by_ethnicity"]
    assert "3 or fewer" not in published.withheld[0].reason
    assert "White British" not in json.dumps(unstructure(published))
    assert not any(t.name.startswith("carers") for t in publish(records, special_category=()).tables)


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"threshold": 2}, "threshold"),
        ({"threshold": 11}, "threshold"),
        ({"trend_periods": 0}, "trend_periods"),
        ({"special_category": ("religion",)}, "special_category"),
        ({"special_category": "age_band"}, "special_category"),
        ({"breakdowns": (Breakdown.NONE,)}, "breakdowns"),
        ({"households_at_start": -1}, "households_at_start"),
    ],
)
def test_bad_options_are_refused_with_a_clear_error(options: dict[str, Any], words: str) -> None:
    with pytest.raises((ValueError, TypeError), match=words):
        publish([], **options)


def test_a_count_shown_in_two_tables_is_shown_or_hidden_in_both() -> None:
    published = publish(scenario())
    shown = cells(published)
    same = [r for r in published.relations if len(r.parts) == 1]
    assert same
    for relation in same:
        assert shown[relation.total] == shown[relation.parts[0]]


def test_the_two_way_leak_is_closed_with_the_fewest_inner_cells() -> None:
    g = {
        ("r1", "c1"): 2,
        ("r1", "c2"): 9,
        ("r2", "c1"): 8,
        ("r2", "c2"): 7,
        ("r1", "t"): 11,
        ("r2", "t"): 15,
        ("t", "c1"): 10,
        ("t", "c2"): 16,
        ("t", "t"): 26,
    }
    sums = [
        (("r1", "t"), [("r1", "c1"), ("r1", "c2")]),
        (("r2", "t"), [("r2", "c1"), ("r2", "c2")]),
        (("t", "c1"), [("r1", "c1"), ("r2", "c1")]),
        (("t", "c2"), [("r1", "c2"), ("r2", "c2")]),
        (("t", "t"), [("r1", "t"), ("r2", "t")]),
        (("t", "t"), [("t", "c1"), ("t", "c2")]),
    ]
    assert protect(g, sums) == {("r1", "c1"), ("r1", "c2"), ("r2", "c1"), ("r2", "c2")}


def test_protect_refuses_a_sum_of_unknown_entries() -> None:
    with pytest.raises(KeyError, match="no count"):
        protect({"a": 1}, [("a", ["b"])])


# -- properties --------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(records=services(), threshold=st.integers(3, 6))
def test_no_hidden_count_can_be_worked_out(records: list[object], threshold: int) -> None:
    options = {"threshold": threshold, "trend_periods": 3, "special_category": ("age_band",)}
    published = publish(records, **options)
    with unsuppressed():
        truth = cells(publish(records, **options))
    shown = cells(published)
    assert shown.keys() == truth.keys()
    for ref, value in shown.items():
        assert value is SUPPRESSED or value == truth[ref]
        assert value is SUPPRESSED or value == 0 or value > threshold  # primary suppression
    # Differencing a row, a column or a total: no sum holds exactly one hidden non-zero count.
    for relation in published.relations:
        lone = [ref for ref in (relation.total, *relation.parts) if shown[ref] is SUPPRESSED]
        assert not (len(lone) == 1 and truth[lone[0]]), relation
    # Nor can any combination of the sums, across every table, fix one.
    assert recoverable(published, truth) == []


@settings(max_examples=30, deadline=None)
@given(records=services())
def test_counts_are_conserved_across_breakdowns(records: list[object]) -> None:
    with unsuppressed():
        published = publish(records)
    departures = published.table("summary").count("departures", "count")
    for table in published.tables:
        if table.name == "summary" or table.unit != "departures" or "trend" in table.name:
            continue
        if table.name in PRACTICE_TABLES:  # sub-populations: those offered, those that held stage 1
            continue
        if table.rows[-1].code != "total":  # themes by where raised overlap and have no total
            assert table.name == "any_theme_by_stage"
            continue
        total_row = table.counts[-1]
        if table.name.startswith(ROWS_ADD_UP):
            for j in range(len(table.columns)):
                assert sum(whole(line[j]) for line in table.counts[:-1]) == total_row[j], table.name
        if table.name != "destination":
            assert total_row[-1] == departures, table.name
        if len(table.columns) > 1 and not table.name.endswith("placement_type"):
            for line in table.counts:
                assert sum(whole(c) for c in line[:-1]) == line[-1], table.name
    trend = published.table("main_theme_trend")
    assert trend.counts[-1][-1] == departures
    # Every relation the publication lists holds for the true counts.
    truth = cells(published)
    for relation in published.relations:
        assert truth[relation.total] == sum(whole(truth[p]) for p in relation.parts)


@settings(max_examples=25, deadline=None)
@given(data=st.data(), records=services(max_departures=25))
def test_the_publication_does_not_depend_on_record_order(data: st.DataObject, records: list[object]) -> None:
    shuffled = data.draw(st.permutations(records))
    assert publish(shuffled) == publish(records)


def test_the_auditor_finds_the_leaks_primary_suppression_alone_leaves() -> None:
    def primary_only(values: dict[Any, int], sums: object, threshold: int, **_options: object) -> set[Any]:
        return {key for key, value in values.items() if 1 <= value <= threshold}

    with mock.patch.object(publication_module, "protect", primary_only):
        leaky = publish(scenario())
    with unsuppressed():
        truth = cells(publish(scenario()))
    assert CellRef(table="route", row="termination_other", column="count") in recoverable(leaky, truth)
