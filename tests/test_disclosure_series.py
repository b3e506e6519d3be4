"""Disclosure control across a series of publications, tested by attacking them with an integer programme.

An attacker holds every count a service has published, in every release (``publish``, ``report``
and the audit workbook's insights), and knows how the tables fit together: each release's rows
and columns add up, the routes make up who ended the approval, those interviewed and those not
make up the departures, two counts of the same leavers are one, and the counts of a year are
those of its halves added up. For each suppressed count
the attacker solves for the least and greatest whole numbers consistent with all of that
(``scipy.optimize.milp``); a count is recovered when the two meet. Nothing may be recovered.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable, Sequence

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp  # type: ignore[import-untyped, unused-ignore]
from scipy.sparse import lil_matrix  # type: ignore[import-untyped, unused-ignore]

from fosterkit.analysis import SUPPRESSED, Period
from fosterkit.analysis._summaries import summarise
from fosterkit.analysis.periods import NonStandardPeriodError, half_year, quarter, reporting_year
from fosterkit.analysis.publication import (
    PublicationLog,
    publish_tables,
    publish_with_log,
    released_counts,
)
from fosterkit.analysis.publication._counts import Key, count
from fosterkit.analysis.publication._insight_counts import insight_counts, insight_sums
from fosterkit.analysis.publication._layout import cross_sums, lay_out
from fosterkit.analysis.publication._log import period_sums
from fosterkit.analysis.publication._specs import BREAKDOWNS, SPECIAL_CATEGORIES
from fosterkit.records import ApprovalKind, LeavingRoute
from test_analysis_rates import TAXONOMY
from test_consent import CODES, S1, S2, answers, departure, household, interview, reason_lists

D = datetime.date
Sum = tuple[Key, tuple[Key, ...]]
H1 = half_year(D(2026, 4, 1))
H2_BEFORE = half_year(D(2025, 10, 1))


# -- the attacker ------------------------------------------------------------------------------


def release_sums(records: list[object], periods: Sequence[Period], keys: Iterable[Key]) -> list[Sum]:
    """The sums a reader of one release (for the last of ``periods``, with its trend) knows."""
    period = periods[-1]
    counts = count(
        summarise(records), taxonomy=TAXONOMY, period=period, periods=periods, households_at_start=None
    )
    layouts, _ = lay_out(
        TAXONOMY,
        period,
        periods,
        counts,
        threshold=5,
        chosen=list(BREAKDOWNS),
        wanted=[c for c in SPECIAL_CATEGORIES if c.name == "age_band"],
    )
    known = set(keys)
    here = f"{period.start}/{period.end}"
    sums = [s for layout in layouts for s in layout.sums()] + cross_sums(here)
    sums += insight_sums(TAXONOMY, here, known)
    return [(t, ps) for t, ps in sums if t in known and all(p in known for p in ps)]


Release = tuple[Sequence[Period], dict[Key, int | None]]


def attack(records: list[object], releases: Sequence[Release], truth: dict[Key, int]) -> list[Key]:
    """The suppressed non-zero counts the releases together pin to their true value."""
    published: dict[Key, int | None] = {}
    sums: list[Sum] = []
    for periods, cells in releases:
        for k, value in cells.items():
            before = published.get(k, value)
            # A count shown in one release and hidden in another is simply known.
            published[k] = value if value is not None else before
            assert before is None or value is None or before == value, f"{k}: {before} then {value}"
        sums += release_sums(records, periods, cells)
    hidden = sorted((k for k, v in published.items() if v is None), key=repr)
    sums += period_sums(published)
    if not hidden:
        return []
    index = {k: i for i, k in enumerate(hidden)}
    rows: list[tuple[dict[int, int], int]] = []
    for total, parts in dict.fromkeys(sums):
        coefficients: dict[int, int] = {}
        constant = 0
        for k, sign in ((total, 1), *((p, -1) for p in parts)):
            if k in index:
                coefficients[index[k]] = coefficients.get(index[k], 0) + sign
            else:
                value = published[k]
                assert value is not None
                constant -= sign * value
        coefficients = {i: c for i, c in coefficients.items() if c}
        if coefficients:
            rows.append((coefficients, constant))
        else:
            assert constant == 0, f"published counts break a sum: {total}"
    if not rows:
        return []
    matrix = lil_matrix((len(rows), len(hidden)))
    for r, (coefficients, _constant) in enumerate(rows):
        for i, c in coefficients.items():
            matrix[r, i] = c
    rhs = np.array([constant for _coefficients, constant in rows], dtype=float)
    constraint = LinearConstraint(matrix.tocsr(), rhs, rhs)
    n = len(hidden)
    bounds = Bounds(np.zeros(n), np.full(n, 10_000.0))
    integral = np.ones(n)
    true = np.array([truth.get(k, 0) for k in hidden], dtype=float)
    open_cells = {i for i, k in enumerate(hidden) if truth.get(k, 0)}

    def solve(objective: np.ndarray) -> np.ndarray:
        result = milp(objective, constraints=[constraint], bounds=bounds, integrality=integral)
        assert result.success, result.message  # the truth is always a solution
        return np.asarray(np.round(result.x), dtype=float)

    rng = np.random.default_rng(0)
    for _ in range(3):  # solutions far from the truth clear many cells at once
        x = solve(rng.normal(size=n))
        open_cells -= {i for i in open_cells if x[i] != true[i]}
    recovered = []
    for i in sorted(open_cells):
        for direction in (1.0, -1.0):
            objective = np.zeros(n)
            objective[i] = direction
            x = solve(objective)
            open_cells -= {j for j in open_cells if x[j] != true[j]}
            if x[i] != true[i]:
                break
        else:
            recovered.append(hidden[i])
    return recovered


def truth_of(records: list[object], periods: Iterable[Period]) -> dict[Key, int]:
    """Every true count, of every period, under its key."""
    summaries = summarise(records)
    truth: dict[Key, int] = {}
    for period in periods:
        counted = count(
            summaries, taxonomy=TAXONOMY, period=period, periods=[period], households_at_start=None
        )
        truth.update(insight_counts(summaries, taxonomy=TAXONOMY, period=period))
        truth.update(counted.counts)
    return truth


#: A release: a publication (``publish`` or ``report``) or the audit workbook's insights (``"insights"``).
Step = Period | tuple[str, Period]


def run_series(
    records: list[object], steps: Sequence[Step], *, logged: bool = True, trend_periods: int = 4
) -> list[Release]:
    """Release each of ``steps`` in turn, threading the log if ``logged``; what each release showed.

    A publication shows every count its log entry holds for its periods; the insights every
    count of their period (more than the workbook shows: the attacker gets the benefit).
    """
    log = PublicationLog()
    releases: list[Release] = []
    for step in steps:
        if isinstance(step, tuple):
            period = step[1]
            released, after = released_counts(
                records, taxonomy=TAXONOMY, period=period, log=log if logged else None
            )
            cells = {k: None if v is SUPPRESSED else v for k, v in released.cells.items()}
            releases.append(([period], cells))
        else:
            shown = [step]
            while len(shown) < trend_periods:
                shown.insert(0, shown[0].previous)
            _publication, after = publish_with_log(
                records,
                taxonomy=TAXONOMY,
                period=step,
                log=log if logged else None,
                trend_periods=trend_periods,
            )
            codes = {f"{p.start}/{p.end}" for p in shown}
            cells = {k: v for k, v in after.cells.items() if any(value in codes for _d, value in k[1])}
            releases.append((shown, cells))
        if logged:
            log = after
    return releases


def recovered_in(records: list[object], releases: Sequence[Release]) -> list[Key]:
    periods = {p for shown, _cells in releases for p in shown}
    return attack(records, releases, truth_of(records, periods))


# -- the attacks -------------------------------------------------------------------------------


SERIES = settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


@st.composite
def leavers(draw: st.DrawFn, fewest: int = 5, most: int = 60) -> list[object]:
    """A service with ``fewest`` to ``most`` leavers over two reporting years (2025-26 and 2026-27).

    Mainstream and connected-person households (some missing), every leaving route, interviews
    at either stage or both with and without consent, and stated reasons.
    """
    records: list[object] = []
    for n in range(draw(st.integers(fewest, most))):
        approved = D(2012, 1, 1) + datetime.timedelta(days=draw(st.integers(0, 5000)))
        if draw(st.integers(0, 5)):
            records.append(household(f"HH-D{n}", approved, draw(st.sampled_from(list(ApprovalKind)))))
        notice = D(2025, 4, 1) + datetime.timedelta(days=draw(st.integers(0, 729)))
        stated = draw(st.lists(st.sampled_from(CODES), max_size=2, unique=True))
        route = draw(st.sampled_from(list(LeavingRoute)))
        records.append(departure(f"D{n}", notice, *stated, route=route))
        for stage in (S1, S2):
            if draw(st.booleans()):
                records.append(
                    interview(
                        f"D{n}",
                        *draw(reason_lists),
                        stage=stage,
                        consent=draw(st.integers(0, 4)) > 0,
                        preventable=draw(answers),
                    )
                )
    return records


Q1, Q2, Q3, Q4 = (quarter(D(2026, 4, 1) + datetime.timedelta(days=92 * n)) for n in range(4))
H2 = half_year(D(2026, 10, 1))
YEAR = reporting_year(D(2026, 4, 1))
#: What a service routinely releases over a year, in order: each quarter, each half, the year,
#: with the audit workbook's insights after each half; then the next year's first quarter.
ROUTINE: list[Step] = [
    Q1,
    Q2,
    H1,
    ("insights", H1),
    Q3,
    Q4,
    H2,
    ("insights", H2),
    YEAR,
    ("insights", YEAR),
]


@SERIES
@given(records=leavers())
def test_two_consecutive_half_years_pin_no_suppressed_count(records: list[object]) -> None:
    releases = run_series(records, [H2_BEFORE, H1], logged=False)
    assert recovered_in(records, releases) == []


@SERIES
@given(records=leavers())
def test_insights_and_publication_of_one_period_pin_no_suppressed_count(
    records: list[object],
) -> None:
    """Even with no log between them: the workbook hides exactly what ``publish`` hides."""
    releases = run_series(records, [H1, ("insights", H1)], logged=False)
    publication, insights = releases[0][1], releases[1][1]
    assert {k: v for k, v in insights.items() if k in publication} == {
        k: v for k, v in publication.items() if k in insights
    }
    assert recovered_in(records, releases) == []


@SERIES
@given(records=leavers())
def test_nested_periods_released_with_the_log_pin_no_suppressed_count(records: list[object]) -> None:
    year = reporting_year(D(2025, 4, 1))
    q3, q4 = quarter(D(2025, 10, 1)), quarter(D(2026, 1, 1))
    releases = run_series(
        records, [q3, q4, ("insights", q4), half_year(D(2025, 10, 1)), year], trend_periods=1
    )
    assert recovered_in(records, releases) == []


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=leavers())
def test_a_years_routine_releases_with_the_log_pin_no_suppressed_count(records: list[object]) -> None:
    assert recovered_in(records, run_series(records, ROUTINE)) == []


def test_the_attack_finds_a_count_when_nested_periods_ignore_the_log() -> None:
    """The attacker is real: without the log, two quarters and their half give a count away."""
    from test_analysis_rates import home, leave

    q3, q4, h2 = quarter(D(2025, 10, 1)), quarter(D(2026, 1, 1)), half_year(D(2025, 10, 1))
    records: list[object] = []
    for n in range(9):  # nine resignations in Q3, two in Q4, each household on record
        notice = D(2025, 10, 6) if n < 9 else D(2026, 1, 6)
        records += [home(f"H{n}", D(2015, 1, 1)), leave(f"D{n}", notice, "finance.fees")]
    for n in range(9, 11):
        records += [home(f"H{n}", D(2015, 1, 1)), leave(f"D{n}", D(2026, 1, 6), "finance.fees")]
    naive = run_series(records, [q3, q4, h2], logged=False, trend_periods=1)
    assert recovered_in(records, naive) != []
    safe = run_series(records, [q3, q4, h2], trend_periods=1)
    assert recovered_in(records, safe) == []


def test_a_period_that_is_not_a_reporting_period_is_refused() -> None:
    shifted = Period(D(2026, 4, 2), D(2026, 10, 1))
    with pytest.raises(NonStandardPeriodError, match="not a reporting period"):
        publish_tables([], taxonomy=TAXONOMY, period=shifted)
    assert publish_tables([], taxonomy=TAXONOMY, period=shifted, any_period=True).start == shifted.start


def test_the_trend_shows_no_column_for_all_its_periods() -> None:
    publication = publish_tables([], taxonomy=TAXONOMY, period=H1)
    trend = publication.table("main_theme_trend")
    assert [c.code for c in trend.columns] == [f"{p.start}/{p.end}" for p in itertools.islice(_back(H1), 4)][
        ::-1
    ]


def _back(period: Period) -> Iterable[Period]:
    while True:
        yield period
        period = period.previous
