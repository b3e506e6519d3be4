"""The publication's counting gives what counting each departure key by key gives (issue 25).

:func:`~fosterkit.analysis.publication._counts.count` makes each group of a departure's keys
once for each distinct set of the facts that decide it, counts by key number, looks only at the
departures with notice in the trend's periods and counts households from their dates in order.
Here it is checked against the plainest way of counting: every key of every departure and
household made one by one, each unit counted once under the set of its keys.
"""

from __future__ import annotations

import datetime
from collections import Counter

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fosterkit.analysis import summarise
from fosterkit.analysis._categories import UNKNOWN_THEME, answer_row, classifier
from fosterkit.analysis._summaries import Summaries
from fosterkit.analysis.national import national_lookup
from fosterkit.analysis.periods import Period
from fosterkit.analysis.publication._counts import (
    NO_REASON,
    Counts,
    Key,
    count,
    key,
    period_code,
    practice_keys,
)
from fosterkit.analysis.publication._specs import BREAKDOWNS, SAID_AT, SPECIAL_CATEGORY_TABLES
from fosterkit.records import ApprovalKind, Departure, Household, PlacementType
from fosterkit.testing.process_strategies import exit_processes
from test_analysis_publication import services
from test_analysis_rates import H1, TAXONOMY, home


def _one_by_one(summaries: Summaries, period: Period, periods: list[Period]) -> Counter[Key]:
    """The counts of :func:`count` (without suggestions and conversations), every key made alone."""
    reading = summaries.read()
    theme = classifier(TAXONOMY, 1)
    national = national_lookup(TAXONOMY)
    at = ("period", period_code(period))
    span = ("period", f"{periods[0].start.isoformat()}/{periods[-1].end.isoformat()}")
    counted: Counter[Key] = Counter()
    for departure_id, leaver in reading.leavers.items():
        inside = [p for p in periods if p.contains(leaver.notice_on)]
        if not inside:
            continue
        given = list(dict.fromkeys(theme(code) or UNKNOWN_THEME[0] for code in leaver.reasons))
        main = given[0] if given else NO_REASON[0]
        keys: list[Key] = []
        for base in (("period", period_code(inside[0])), span):
            keys += [key("departures", base), key("departures", base, ("main_theme", main))]
            keys += [key("departures", base, ("any_theme", t)) for t in given]
        if inside[0] == period:
            home = reading.homes.get(leaver.household_id)
            route = ("route", leaver.route.value)
            keys.append(
                key("departures", at, ("national_category", national(leaver.route, leaver.main_reason)))
            )
            keys += [
                key("departures", at, ("any_theme", theme(reason) or UNKNOWN_THEME[0]), (SAID_AT, where))
                for reason, where in leaver.sourced
            ]
            keys += practice_keys(summaries.process(departure_id, leaver.notice_on), at)
            keys += [
                key("departures", at, route),
                key(
                    "departures",
                    at,
                    ("initiated", "service" if leaver.route.ended_by_service else "voluntary"),
                ),
                key("departures", at, ("preventable", answer_row(leaver.answer))),
            ]
            if leaver.destination is not None:
                keys.append(key("departures", at, route, ("destination", leaver.destination.value)))
            for breakdown in BREAKDOWNS:
                for column in leaver.columns(breakdown.by, home):
                    where = (breakdown.dimension, column)
                    keys += [key("departures", at, where), key("departures", at, where, ("main_theme", main))]
                    keys += [key("departures", at, where, ("any_theme", t)) for t in given]
            for carer in () if home is None else home.carers:
                for name, value in zip(SPECIAL_CATEGORY_TABLES, carer, strict=True):
                    if value:
                        has = (f"has_{name}", "yes")
                        counted.update([key("carers", at, has, (name, value)), key("carers", at, has)])
        counted.update(set(keys))
    for home in reading.homes.values():
        kind = ("approval_kind", home.approval_kind.value)
        if period.contains(home.approved_on):
            counted.update(
                [key("households", ("approved_in", at[1])), key("households", ("approved_in", at[1]), kind)]
            )
        if home.at_start(period):
            counted.update(
                [key("households", ("at_start", at[1])), key("households", ("at_start", at[1]), kind)]
            )
    return counted


def _without_suggestions_and_talks(counts: Counts) -> Counter[Key]:
    return Counter(
        {k: n for k, n in counts.counts.items() if k[0] != "suggestions" and k[1][0][0] != "considered_in"}
    )


@st.composite
def _services_with_processes(draw: st.DrawFn) -> list[object]:
    """A service's records, households of every kind, and an exit process for some departures."""
    records = draw(services(max_departures=30))
    for n, record in enumerate(list(records)):
        if isinstance(record, Departure) and draw(st.booleans()):
            records.append(draw(exit_processes(record)))
        elif isinstance(record, Household):
            records[n] = attrs.evolve(
                record,
                approved_for=tuple(draw(st.lists(st.sampled_from(PlacementType), min_size=1, unique=True))),
                approval_kind=draw(st.sampled_from(ApprovalKind)),
                caring_now=draw(st.booleans()),
            )
    return records


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=_services_with_processes(), trend=st.integers(1, 4))
def test_counting_by_groups_gives_the_counts_of_every_key_made_alone(
    records: list[object], trend: int
) -> None:
    summaries = summarise(records)
    periods = [H1]
    while len(periods) < trend:
        periods.insert(0, periods[0].previous)
    for period, within in ((H1, [H1]), (H1, periods), (periods[0], [periods[0]])):
        counts = count(summaries, taxonomy=TAXONOMY, period=period, periods=within, households_at_start=None)
        assert _without_suggestions_and_talks(counts) == _one_by_one(summaries, period, within)


def test_households_there_at_the_start_are_counted_as_home_at_start_says() -> None:
    """Households approved or gone on the day before the period, on its first day and on its last."""
    day_before = H1.start - datetime.timedelta(days=1)
    records: list[object] = [
        home("HH-1", day_before),
        home("HH-2", day_before, left_on=day_before),
        home("HH-3", day_before, left_on=H1.start),
        home("HH-4", H1.start),
        home("HH-5", H1.end),
    ]
    summaries = summarise(records)
    counts = count(summaries, taxonomy=TAXONOMY, period=H1, periods=[H1], households_at_start=None)
    homes = summaries.read().homes.values()
    here = period_code(H1)
    assert counts.counts[key("households", ("at_start", here))] == sum(h.at_start(H1) for h in homes) == 2
    assert counts.counts[key("households", ("approved_in", here))] == 2
