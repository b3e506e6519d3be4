"""One reading of the records: summaries shared by every analysis give what a fresh read gives."""

from __future__ import annotations

import ast
import datetime
import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fosterkit import Departure, Household, Initiator, LeavingRoute, load_catalogue
from fosterkit.analysis import (
    Breakdown,
    build_report,
    exit_insights,
    publish_tables,
    reason_themes,
    retention_rates,
    theme_trend,
)
from fosterkit.analysis._kept import Leaver
from fosterkit.analysis._summaries import Summaries, summarise
from fosterkit.analysis.publication._specs import BREAKDOWNS, PRACTICE_TABLES, TABLES, Per
from fosterkit.analysis.report import for_sections
from fosterkit.analysis.themes import _tally as theme_tally
from fosterkit.records import AgeBand, Carer, DestinationKind, Equality, PlacementType
from test_analysis import record_streams
from test_analysis_publication import services
from test_analysis_rates import H1, TAXONOMY, home, leave, said, streams
from test_analysis_themes import service_records

D = datetime.date
CATALOGUE = load_catalogue()
ANALYSIS = Path(__file__).resolve().parents[1] / "src" / "fosterkit" / "analysis"


@st.composite
def versions(draw: st.DrawFn, records: list[object]) -> list[object]:
    """``records`` with differing versions of some households and departures (the same ids) mixed in."""
    found = [r for r in records if isinstance(r, (Household, Departure))]
    records = list(records)
    for record in draw(st.lists(st.sampled_from(found), max_size=3)) if found else []:
        if isinstance(record, Household):
            changed: object = draw(
                st.sampled_from(
                    [
                        attrs.evolve(record, caring_now=not record.caring_now),
                        attrs.evolve(record, approved_for=(PlacementType.SHORT_BREAKS,)),
                        attrs.evolve(
                            record, carers=(Carer(id="Z", equality=Equality(age_band=AgeBand.FROM_65)),)
                        ),
                    ]
                )
            )
        else:
            route = draw(st.sampled_from(list(LeavingRoute)))
            changed = draw(
                st.sampled_from(
                    [
                        attrs.evolve(
                            record,
                            route=route,
                            destination=DestinationKind.LOCAL_AUTHORITY
                            if route is LeavingRoute.TRANSFER
                            else None,
                            initiated_by=Initiator.SERVICE if route.ended_by_service else Initiator.CARER,
                        ),
                        attrs.evolve(record, stated_reasons=("positive.adoption",)),
                        attrs.evolve(record, leaving_on=record.notice_on + datetime.timedelta(days=400)),
                    ]
                )
            )
        records.insert(draw(st.integers(0, len(records))), changed)
    return records


#: Record streams of every shape the analyses' own tests draw, some with differing versions of a record.
any_records = st.one_of(service_records(), services(), streams(), record_streams()).flatmap(versions)


def every_analysis(records: Any, threshold: int, by: Breakdown) -> list[object]:
    """Themes, trend, rates, insights, publication and report for 2026-27 H1, from ``records``."""
    return [
        reason_themes(records, taxonomy=TAXONOMY, period=H1, by=by, threshold=threshold),
        reason_themes(records, taxonomy=TAXONOMY, period=H1, level=2, threshold=threshold),
        theme_trend(records, taxonomy=TAXONOMY, periods=[H1.previous, H1], threshold=threshold),
        retention_rates(records, taxonomy=TAXONOMY, period=H1, threshold=threshold),
        exit_insights(records, catalogue=CATALOGUE, taxonomy=TAXONOMY, period=H1, threshold=threshold),
        publish_tables(records, taxonomy=TAXONOMY, period=H1, threshold=threshold, trend_periods=2),
        build_report(
            records,
            taxonomy=TAXONOMY,
            catalogue=CATALOGUE,
            period=H1,
            service="Anytown",
            made_on=D(2027, 1, 1),
            threshold=threshold,
            trend_periods=2,
        ),
    ]


# -- properties --------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(records=any_records, threshold=st.integers(3, 6), by=st.sampled_from(list(Breakdown)))
def test_analyses_from_shared_summaries_equal_those_from_a_fresh_read(
    records: list[object], threshold: int, by: Breakdown
) -> None:
    shared = summarise(records)
    assert every_analysis(shared, threshold, by) == every_analysis(records, threshold, by)


@settings(max_examples=60, deadline=None)
@given(data=st.data(), records=any_records)
def test_the_summaries_do_not_depend_on_record_order(data: st.DataObject, records: list[object]) -> None:
    shuffled = data.draw(st.permutations(records))
    assert summarise(shuffled) == summarise(records)


@settings(max_examples=60, deadline=None)
@given(data=st.data(), records=any_records)
def test_a_record_seen_again_changes_nothing(data: st.DataObject, records: list[object]) -> None:
    repeats = data.draw(st.lists(st.sampled_from(records), max_size=5)) if records else []
    assert summarise(records + repeats) == summarise(records)


@settings(max_examples=40, deadline=None)
@given(records=any_records)
def test_each_analysis_keeps_the_same_version_whichever_comes_first(records: list[object]) -> None:
    forwards, backwards = summarise(records), summarise(reversed(records))
    assert every_analysis(forwards, 5, Breakdown.TENURE_BAND) == every_analysis(
        backwards, 5, Breakdown.TENURE_BAND
    )


@settings(max_examples=30, deadline=None)
@given(records=any_records)
def test_the_report_reads_the_records_once(records: list[object]) -> None:
    reads = 0

    def stream() -> Iterator[object]:
        nonlocal reads
        reads += 1
        yield from records

    report = build_report(
        stream(), taxonomy=TAXONOMY, catalogue=CATALOGUE, period=H1, service="Anytown", made_on=D(2027, 1, 1)
    )
    assert reads == 1
    # The report shows the publication's tables for its sections (all of them, for management).
    assert report.publication == for_sections(
        publish_tables(records, taxonomy=TAXONOMY, period=H1), report.sections
    )
    insights = exit_insights(records, catalogue=CATALOGUE, taxonomy=TAXONOMY, period=H1)
    assert [p.element_id for p in report.priorities] == [e.element_id for e in insights.elements]


# -- examples ----------------------------------------------------------------------------------


def test_a_departure_is_summarised_with_what_its_latest_interview_said() -> None:
    records: list[object] = [
        leave("A", D(2026, 5, 1), "finance.fees_allowances"),
        home("HH-A", D(2020, 1, 1)),
    ]
    records += [said("A", "positive.adoption", preventable=None)]
    summaries = summarise(records)
    leaver = summaries.leavers["A"]
    assert (leaver.reasons, leaver.main_reason, leaver.interviewed) == (
        ("positive.adoption",),
        "positive.adoption",
        True,
    )
    assert leaver.stated_reasons == ("finance.fees_allowances",)
    assert leaver.tenure(summaries.homes["HH-A"]) == "5_to_10"
    assert leaver.tenure(None) == "unknown"
    assert repr(summaries) == "Summaries(1 households, 1 departures)"


def test_versions_that_differ_only_in_what_an_analysis_does_not_read_are_no_conflict_to_it() -> None:
    one = leave("A", D(2026, 5, 1), "finance.fees_allowances")
    other = attrs.evolve(one, route=LeavingRoute.RETIREMENT)
    summaries = summarise([one, other, home("HH-A", D(2020, 1, 1))])
    assert {version.route for version in summaries.leaver_versions["A"]} == {one.route, other.route}
    insights = exit_insights(summaries, catalogue=CATALOGUE, taxonomy=TAXONOMY, period=H1)
    rates = retention_rates(summaries, taxonomy=TAXONOMY, period=H1)
    assert not any("more than once" in note for note in insights.notes)  # the route is not read there
    assert any("more than once" in note for note in rates.notes)


def test_a_household_seen_in_two_versions_is_kept_by_the_key_of_each_analysis() -> None:
    not_caring = home("HH-A", D(2020, 1, 1))
    caring = attrs.evolve(not_caring, caring_now=True)
    records = [not_caring, caring, leave("A", D(2026, 5, 1), "finance.fees_allowances")]
    summaries = summarise(records)
    assert summaries.home_versions == {
        "HH-A": frozenset(summarise([caring]).homes.values()) | {summarise([not_caring]).homes["HH-A"]}
    }
    assert summarise(reversed(records)) == summaries
    tally = theme_tally(summaries, taxonomy=TAXONOMY, level=1, by=Breakdown.CARING, periods=[H1], trend=False)
    assert (tally.leavers, tally.conflicting) == ({"caring": 1}, True)  # the greater version: caring
    rates = retention_rates(summaries, taxonomy=TAXONOMY, period=H1)
    assert not any("more than once" in note for note in rates.notes)  # caring is not read there


def test_the_summaries_are_small() -> None:
    for summary in (
        summarise([home("HH-A", D(2020, 1, 1))]).homes["HH-A"],
        Leaver("HH-A", H1.start, None, LeavingRoute.RESIGNATION, None, ()),
    ):
        assert not hasattr(summary, "__dict__")  # slotted: no dictionary per household or departure
    assert isinstance(summarise([]), Summaries)


def test_the_tables_are_published_in_the_order_of_their_specifications() -> None:
    assert [spec.name for spec in TABLES] == [
        "summary",
        "route",
        "initiated",
        "destination",
        "tenure",
        "preventable",
        "national_category",
        "households_by_approval_kind",
        "main_theme_by_{dimension}",
        "any_theme_by_{dimension}",
        "any_theme_by_stage",
        "main_theme_trend",
        "any_theme_trend",
        "carers_by_{category}",
        *PRACTICE_TABLES,
    ]
    expected = ["summary", "route", "initiated", "destination", "tenure", "preventable", "national_category"]
    expected += ["households_by_approval_kind"]
    expected += [f"{kind}_theme_by_{b.dimension}" for b in BREAKDOWNS for kind in ("main", "any")]
    expected += ["any_theme_by_stage", "main_theme_trend", "any_theme_trend", "carers_by_age_band"]
    expected += PRACTICE_TABLES
    records: list[object] = [home(f"HH-{n}", D(2020, 1, 1), ages=[AgeBand.FROM_45_TO_54]) for n in range(8)]
    records += [leave(f"{n}", D(2026, 5, 1), "finance.fees_allowances") for n in range(8)]
    assert [t.name for t in publish_tables(records, taxonomy=TAXONOMY, period=H1).tables] == expected
    assert [spec.per for spec in TABLES].count(Per.BREAKDOWN) == 2


def test_no_analysis_module_imports_a_private_name_from_another() -> None:
    for path in sorted(ANALYSIS.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("fosterkit"):
                private = [alias.name for alias in node.names if alias.name.startswith("_")]
                assert not private, f"{path.relative_to(ANALYSIS)} imports {private} from {node.module}"


def test_summarising_leaves_the_garbage_collector_as_it_was() -> None:
    def failing() -> Iterator[object]:
        assert not gc.isenabled()  # paused while the records are read
        yield from ()
        raise ValueError("a broken stream")

    assert gc.isenabled()
    with pytest.raises(ValueError, match="a broken stream"):
        summarise(failing())
    assert gc.isenabled()
    gc.disable()
    try:
        summarise([])
        assert not gc.isenabled()  # not switched on by us when it was off
    finally:
        gc.enable()
