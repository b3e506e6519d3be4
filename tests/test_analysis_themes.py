"""Themes by breakdown and across periods: counts, two-way suppression, purity."""

from __future__ import annotations

import datetime
import random

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fosterkit import (
    Carer,
    DataCollectionRecord,
    Departure,
    Household,
    HouseholdStatus,
    Initiator,
    InterviewStage,
    LeavingRoute,
    load_taxonomy,
)
from fosterkit.analysis import SUPPRESSED, Period, Suppressed, half_year
from fosterkit.analysis.themes import (
    Breakdown,
    ThemeRow,
    ThemeTable,
    ThemeTrend,
    _tally,
    reason_themes,
    suppress_grid,
    theme_trend,
)
from fosterkit.reasons import Reason, TaxonomyExtension, extend_taxonomy
from fosterkit.records import ApprovalKind, PlacementType, Service, ServiceKind, StatusChange
from fosterkit.testing.strategies import data_collection_records, departures, households

D = datetime.date
TAXONOMY = load_taxonomy()
H1 = Period(D(2026, 4, 1), D(2026, 9, 30))
H2 = Period(D(2026, 10, 1), D(2027, 3, 31))
FEES = "finance.fees_allowances"
TRAINING = "support.training"
RETIREMENT = "personal.retirement"
S1 = InterviewStage.EXIT_STAGE_1
S2 = InterviewStage.EXIT_STAGE_2
APPROVED = D(2020, 5, 1)
IN_H1 = D(2026, 6, 1)


def home(
    id: str,
    *,
    kind: ServiceKind = ServiceKind.LOCAL_AUTHORITY,
    approved_on: datetime.date = APPROVED,
    approved_for: tuple[PlacementType, ...] = (PlacementType.LONG_TERM,),
    caring_now: bool = False,
) -> Household:
    return Household(
        id=id,
        service=Service(name="Anytown Fostering", kind=kind),
        carers=(Carer(id=f"{id}-C1"),),
        approved_on=approved_on,
        approval_kind=ApprovalKind.MAINSTREAM,
        approved_for=approved_for,
        caring_now=caring_now,
        history=(StatusChange(status=HouseholdStatus.APPROVED, since=approved_on),),
    )


def leave(
    id: str,
    *reasons: str,
    notice_on: datetime.date = IN_H1,
    route: LeavingRoute = LeavingRoute.RESIGNATION,
    leaving_on: datetime.date | None = None,
) -> Departure:
    return Departure(
        id=id,
        household_id=f"HH-{id}",
        notice_on=notice_on,
        leaving_on=leaving_on,
        initiated_by=Initiator.SERVICE if route.ended_by_service else Initiator.CARER,
        route=route,
        stated_reasons=reasons,
    )


def said(departure_id: str, *reasons: str, stage: InterviewStage = S1) -> DataCollectionRecord:
    return DataCollectionRecord(
        id=f"DCR-{departure_id}-{stage.value}",
        departure_id=departure_id,
        stage=stage,
        interviewed_on=D(2026, 10, 5) if stage is S1 else D(2026, 12, 1),
        primary_reason=reasons[0],
        secondary_reasons=reasons[1:],
        consent_to_anonymised_use=True,
    )


def row(table: ThemeTable | ThemeTrend, code: str) -> ThemeRow:
    return next(r for r in table.rows if r.code == code)


def cells(table: ThemeTable | ThemeTrend, code: str, which: str = "primary") -> dict[str, int | Suppressed]:
    found = row(table, code)
    values = found.primary if which == "primary" else found.mentioned
    return {c.code: value for c, value in zip(table.columns, values, strict=True)}


# -- exact examples ----------------------------------------------------------------------------


def test_no_breakdown_counts_main_and_any_reason_once_per_row() -> None:
    records: list[object] = [leave(f"F{n}", FEES, TRAINING) for n in range(8)]
    records += [leave(f"R{n}", RETIREMENT, FEES, "finance.payment_problems") for n in range(7)]
    table = reason_themes(records, taxonomy=TAXONOMY, period=H1)
    assert [c.code for c in table.columns] == ["all"]
    assert table.leavers == 15
    assert (row(table, "finance").primary, row(table, "finance").primary_total) == ((8,), 8)
    # The retirees gave two finance reasons each but count once in the finance row.
    assert (row(table, "finance").mentioned, row(table, "finance").mentioned_total) == ((15,), 15)
    assert (row(table, "personal").primary, row(table, "support").mentioned) == ((7,), (8,))
    assert [r.code for r in table.rows] == [r.code for r in TAXONOMY.roots()]


def test_interview_reasons_replace_stated_ones_and_both_stages_count() -> None:
    records: list[object] = [leave(f"A{n}", FEES) for n in range(6)]
    records += [said(f"A{n}", RETIREMENT, stage=S1) for n in range(6)]
    records += [said(f"A{n}", TRAINING, FEES, stage=S2) for n in range(6)]
    table = reason_themes(records, taxonomy=TAXONOMY, period=H1)
    assert row(table, "support").primary == (6,)  # the main reason is stage 2's
    assert row(table, "finance").primary == (0,)
    assert row(table, "finance").mentioned == (6,)
    assert row(table, "personal").mentioned == (6,)  # stage 1's retirement still counts


def test_level_two_gives_a_row_per_reason() -> None:
    records = [leave(f"F{n}", FEES) for n in range(6)] + [
        leave(f"P{n}", "finance.payment_problems") for n in range(6)
    ]
    table = reason_themes(records, taxonomy=TAXONOMY, period=H1, level=2)
    assert cells(table, FEES) == {"all": 6}
    assert cells(table, "finance.payment_problems") == {"all": 6}
    assert "finance" not in [r.code for r in table.rows]
    assert row(table, FEES).label == TAXONOMY.get(FEES).label


def test_by_route() -> None:
    records = [leave(f"F{n}", FEES) for n in range(7)]
    records += [leave(f"R{n}", RETIREMENT, route=LeavingRoute.RETIREMENT) for n in range(9)]
    table = reason_themes(records, taxonomy=TAXONOMY, period=H1, by=Breakdown.ROUTE)
    assert [c.code for c in table.columns] == [r.value for r in LeavingRoute]
    assert cells(table, "finance")["resignation"] == 7
    assert cells(table, "personal")["retirement"] == 9
    assert [c.leavers for c in table.columns][:3] == [7, 9, 0]


def test_by_service_kind_with_a_missing_household() -> None:
    records: list[object] = [leave(f"L{n}", FEES) for n in range(6)]
    records += [home(f"HH-L{n}") for n in range(6)]
    records += [leave(f"I{n}", FEES) for n in range(7)]
    records += [home(f"HH-I{n}", kind=ServiceKind.INDEPENDENT_AGENCY) for n in range(7)]
    records += [leave(f"X{n}", FEES) for n in range(6)]  # no household record
    table = reason_themes(records, taxonomy=TAXONOMY, period=H1, by=Breakdown.SERVICE_KIND)
    assert cells(table, "finance") == {
        "local_authority": 6,
        "independent_agency": 7,
        "trust": 0,
        "unknown": 6,
    }
    assert table.columns[-1].label == "Not known"
    assert any("no household record" in note for note in table.notes)


def test_by_tenure_band() -> None:
    records: list[object] = []
    for n in range(6):
        records += [leave(f"N{n}", FEES), home(f"HH-N{n}", approved_on=D(2025, 9, 1))]  # under a year
        records += [leave(f"O{n}", FEES), home(f"HH-O{n}", approved_on=D(2014, 1, 1))]  # 10 or more
        # Left (by the leaving date) before the household's recorded approval: not known.
        records += [
            leave(f"B{n}", FEES, leaving_on=D(2026, 6, 2)),
            home(f"HH-B{n}", approved_on=D(2026, 7, 1)),
        ]
    table = reason_themes(records, taxonomy=TAXONOMY, period=H1, by=Breakdown.TENURE_BAND)
    assert cells(table, "finance") == {
        "under_1": 6,
        "1_to_2": 0,
        "2_to_5": 0,
        "5_to_10": 0,
        "10_plus": 6,
        "unknown": 6,
    }


def test_by_placement_type_counts_a_household_under_each_type() -> None:
    both = (PlacementType.SHORT_TERM, PlacementType.EMERGENCY)  # out of enum order on purpose
    records: list[object] = [leave(f"A{n}", FEES) for n in range(6)]
    records += [home(f"HH-A{n}", approved_for=both) for n in range(6)]
    table = reason_themes(records, taxonomy=TAXONOMY, period=H1, by=Breakdown.PLACEMENT_TYPE)
    finance = cells(table, "finance")
    assert (finance["emergency"], finance["short_term"], finance["long_term"]) == (6, 6, 0)
    assert row(table, "finance").primary_total == 6
    assert table.leavers == 6
    assert any("several types" in note for note in table.notes)


def test_by_caring() -> None:
    records: list[object] = [leave(f"C{n}", FEES) for n in range(6)] + [
        home(f"HH-C{n}", caring_now=True) for n in range(6)
    ]
    records += [leave(f"N{n}", RETIREMENT) for n in range(8)] + [home(f"HH-N{n}") for n in range(8)]
    table = reason_themes(records, taxonomy=TAXONOMY, period=H1, by=Breakdown.CARING)
    assert cells(table, "finance") == {"caring": 6, "not_caring": 0}
    assert cells(table, "personal") == {"caring": 0, "not_caring": 8}
    assert any("not necessarily when notice was given" in note for note in table.notes)


def test_unknown_and_migrated_codes() -> None:
    old = Reason(code="finance.old_fees", label="Fees (old code)", retired="2026.2", successor=FEES)
    taxonomy = extend_taxonomy(TAXONOMY, TaxonomyExtension(name="anytown", reasons=(old,)))
    records = [leave(f"O{n}", "finance.old_fees") for n in range(6)]
    records += [leave(f"U{n}", "no.such_code", "also.unknown") for n in range(7)]
    table = reason_themes(records, taxonomy=taxonomy, period=H1, level=2)
    assert cells(table, FEES) == {"all": 6}
    assert "finance.old_fees" not in [r.code for r in table.rows]
    unknown = row(table, "unknown")
    # Two unknown codes, but each departure counts once in the unknown row.
    assert (unknown.label, unknown.primary, unknown.mentioned) == ("Not in the taxonomy", (7,), (7,))
    assert table.rows[-1].code == "unknown"
    assert any("2 reason codes not in the taxonomy" in note for note in table.notes)


def test_outside_the_period_and_without_reasons_are_left_out() -> None:
    records = [leave(f"F{n}", FEES) for n in range(6)]
    records += [leave(f"L{n}", FEES, notice_on=D(2026, 10, 1)) for n in range(6)]
    records += [leave("Z")]
    table = reason_themes(records, taxonomy=TAXONOMY, period=H1)
    assert table.leavers == 6
    assert any("no reasons recorded" in note for note in table.notes)


def test_small_counts_are_hidden_with_a_partner_in_row_and_column() -> None:
    records = [leave(f"F{n}", FEES) for n in range(8)]
    records += [leave(f"R{n}", RETIREMENT, route=LeavingRoute.RETIREMENT) for n in range(7)]
    records += [leave(f"G{n}", FEES, route=LeavingRoute.RETIREMENT) for n in range(2)]
    table = reason_themes(records, taxonomy=TAXONOMY, period=H1, by=Breakdown.ROUTE)
    finance = row(table, "finance")
    # 2 is small; 8 goes with it so the row total cannot give it away, and both column totals go
    # so neither column gives it away either. The row total and grand total can stay.
    assert finance.primary[:2] == (SUPPRESSED, SUPPRESSED)
    assert finance.primary_total == 10
    assert [c.leavers for c in table.columns][:2] == [SUPPRESSED, SUPPRESSED]
    assert table.leavers == 17


def test_everything_hidden_when_the_total_is_small() -> None:
    table = reason_themes([leave(f"F{n}", FEES) for n in range(3)], taxonomy=TAXONOMY, period=H1)
    assert (table.leavers, row(table, "finance").primary, row(table, "finance").primary_total) == (
        SUPPRESSED,
        (SUPPRESSED,),
        SUPPRESSED,
    )


def test_suppress_grid_on_a_small_example() -> None:
    #          A   B  total
    grid = [[8, 2, 10], [0, 7, 7], [8, 9, 17]]
    hidden = suppress_grid(grid, 5)
    assert (0, 1) in hidden  # primary
    assert (0, 0) in hidden  # row partner
    for line in [*grid_lines(3, 3)]:
        assert sum(cell in hidden for cell in line) != 1
    assert suppress_grid([[0, 0], [0, 0]], 5) == set()
    with pytest.raises(ValueError, match="as long"):
        suppress_grid([[1, 2], [3]], 5)
    with pytest.raises(ValueError, match="negative"):
        suppress_grid([[-1, 2]], 5)


def grid_lines(height: int, width: int) -> list[list[tuple[int, int]]]:
    return [[(i, j) for j in range(width)] for i in range(height)] + [
        [(i, j) for i in range(height)] for j in range(width)
    ]


# -- trend -------------------------------------------------------------------------------------


def test_trend_has_a_column_per_period() -> None:
    records = [leave(f"A{n}", FEES) for n in range(6)]
    records += [leave(f"B{n}", FEES, notice_on=D(2026, 11, 1)) for n in range(9)]
    records += [leave(f"C{n}", FEES, notice_on=D(2027, 6, 1)) for n in range(6)]  # after both
    trend = theme_trend(records, taxonomy=TAXONOMY, periods=[H1, H2])
    assert [c.label for c in trend.columns] == [H1.label, H2.label]
    assert [c.code for c in trend.columns] == ["2026-04-01/2026-09-30", "2026-10-01/2027-03-31"]
    assert row(trend, "finance").primary == (6, 9)
    assert trend.leavers == 15
    assert trend.periods == (H1, H2)


def test_trend_periods_must_not_overlap_and_must_be_given() -> None:
    with pytest.raises(ValueError, match="overlap"):
        theme_trend([], taxonomy=TAXONOMY, periods=[H1, Period(D(2026, 9, 30), D(2026, 12, 31))])
    with pytest.raises(ValueError, match="at least one"):
        theme_trend([], taxonomy=TAXONOMY, periods=[])


# -- errors and empty periods ------------------------------------------------------------------


@pytest.mark.parametrize("threshold", [0, 2, 11, 5.0, True, "5"])
def test_threshold_outside_three_to_ten_is_an_error(threshold: object) -> None:
    with pytest.raises(ValueError, match="threshold"):
        reason_themes([], taxonomy=TAXONOMY, period=H1, threshold=threshold)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="threshold"):
        theme_trend([], taxonomy=TAXONOMY, periods=[H1], threshold=threshold)  # type: ignore[arg-type]


@pytest.mark.parametrize("level", [0, -1, True, 1.0])
def test_level_below_one_is_an_error(level: object) -> None:
    with pytest.raises(ValueError, match="level"):
        reason_themes([], taxonomy=TAXONOMY, period=H1, level=level)  # type: ignore[arg-type]


def test_breakdown_must_be_a_breakdown() -> None:
    with pytest.raises(TypeError, match="Breakdown"):
        reason_themes([], taxonomy=TAXONOMY, period=H1, by="route")  # type: ignore[arg-type]


@pytest.mark.parametrize("by", list(Breakdown))
def test_an_empty_period_gives_an_empty_table(by: Breakdown) -> None:
    records = [leave("F1", FEES, notice_on=D(2025, 6, 1)), home("HH-F1")]
    table = reason_themes(records, taxonomy=TAXONOMY, period=H1, by=by)
    assert table.leavers == 0
    assert all(c.leavers == 0 for c in table.columns)
    assert all(
        set(r.primary) | set(r.mentioned) == {0} and r.primary_total == r.mentioned_total == 0
        for r in table.rows
    )
    assert "unknown" not in [c.code for c in table.columns]
    trend = theme_trend([], taxonomy=TAXONOMY, periods=[H1, H2])
    assert trend.leavers == 0


# -- properties --------------------------------------------------------------------------------

CODES = [FEES, TRAINING, RETIREMENT, "finance.payment_problems", "positive.adoption", "not.a_code"]
SINGLE_COLUMN = [Breakdown.SERVICE_KIND, Breakdown.ROUTE, Breakdown.TENURE_BAND, Breakdown.CARING]


@st.composite
def service_records(draw: st.DrawFn) -> list[object]:
    """Households, their departures in H1 or just outside it, and interview records, in any order."""
    reasons = st.sampled_from(CODES)
    records: list[object] = []
    for household in draw(st.lists(households(), max_size=12, unique_by=lambda h: h.id)):
        with_household = draw(st.booleans())  # otherwise the household record is missing
        departure = draw(departures(household_id=household.id, reasons=reasons))
        notice_on = D(2026, 3, 1) + datetime.timedelta(days=draw(st.integers(0, 240)))
        departure = attrs.evolve(departure, notice_on=notice_on, leaving_on=None)
        interview = draw(
            st.one_of(st.none(), data_collection_records(reasons=reasons, departure_id=departure.id))
        )
        # Copies with their own ids make counts above the threshold common without slow drawing.
        for copy in range(draw(st.integers(1, 8))):
            household_id, departure_id = f"{household.id}-{copy}", f"{departure.id}-{copy}"
            if with_household:
                records.append(attrs.evolve(household, id=household_id))
            records.append(attrs.evolve(departure, id=departure_id, household_id=household_id))
            if interview is not None:
                records.append(
                    attrs.evolve(interview, id=f"{interview.id}-{copy}", departure_id=departure_id)
                )
    return records


def all_lines(table: ThemeTable) -> list[list[int | Suppressed]]:
    """Every row and column of the published primary and mentioned tables, each with its total."""
    bottom = [c.leavers for c in table.columns] + [table.leavers]
    lines: list[list[int | Suppressed]] = []
    for which in ("primary", "mentioned"):
        grid = [
            [
                *(r.primary if which == "primary" else r.mentioned),
                r.primary_total if which == "primary" else r.mentioned_total,
            ]
            for r in table.rows
        ] + [bottom]
        lines += grid
        lines += [list(line) for line in zip(*grid, strict=True)]
    return lines


@given(service_records(), st.sampled_from(SINGLE_COLUMN), st.integers(1, 2))
def test_counts_are_conserved_across_breakdowns(records: list[object], by: Breakdown, level: int) -> None:
    total = _tally(records, taxonomy=TAXONOMY, level=level, by=Breakdown.NONE, periods=[H1], trend=False)
    split = _tally(records, taxonomy=TAXONOMY, level=level, by=by, periods=[H1], trend=False)
    assert split.total == total.total == sum(split.leavers.values())
    for code, _label in total.rows:
        for cells_, totals in (
            (split.primary, split.primary_totals),
            (split.mentioned, split.mentioned_totals),
        ):
            by_column = sum(cells_.get((code, c), 0) for c, _ in split.columns)
            assert by_column == totals.get(code, 0)
        assert split.primary_totals.get(code, 0) == total.primary.get((code, "all"), 0)
        assert split.mentioned_totals.get(code, 0) == total.mentioned.get((code, "all"), 0)
    assert sum(split.primary_totals.values()) == split.total


@settings(max_examples=30)
@given(service_records())
def test_placement_type_columns_count_each_approved_type(records: list[object]) -> None:
    split = _tally(
        records, taxonomy=TAXONOMY, level=1, by=Breakdown.PLACEMENT_TYPE, periods=[H1], trend=False
    )
    total = _tally(records, taxonomy=TAXONOMY, level=1, by=Breakdown.NONE, periods=[H1], trend=False)
    assert split.total == total.total
    assert split.primary_totals == {code: n for (code, _all), n in total.primary.items()}
    for code, _label in total.rows:
        assert sum(split.primary.get((code, c), 0) for c, _ in split.columns) >= split.primary_totals.get(
            code, 0
        )


@given(service_records(), st.sampled_from(list(Breakdown)), st.integers(3, 10), st.integers(1, 2))
def test_no_suppressed_count_stands_alone_in_a_row_or_column(
    records: list[object], by: Breakdown, threshold: int, level: int
) -> None:
    table = reason_themes(records, taxonomy=TAXONOMY, period=H1, by=by, threshold=threshold, level=level)
    for line in all_lines(table):
        assert sum(value is SUPPRESSED for value in line) != 1
        assert all(value is SUPPRESSED or value == 0 or value > threshold for value in line)


@given(service_records(), st.sampled_from(list(Breakdown)), st.randoms(use_true_random=False))
def test_the_order_of_the_records_does_not_matter(
    records: list[object], by: Breakdown, rnd: random.Random
) -> None:
    shuffled = list(records)
    rnd.shuffle(shuffled)
    assert reason_themes(records, taxonomy=TAXONOMY, period=H1, by=by) == reason_themes(
        shuffled, taxonomy=TAXONOMY, period=H1, by=by
    )
    periods = [H1.previous, H1]
    assert theme_trend(records, taxonomy=TAXONOMY, periods=periods) == theme_trend(
        shuffled, taxonomy=TAXONOMY, periods=periods
    )


@given(service_records())
def test_records_are_read_once(records: list[object]) -> None:
    table = reason_themes(iter(records), taxonomy=TAXONOMY, period=H1, by=Breakdown.TENURE_BAND)
    assert table == reason_themes(records, taxonomy=TAXONOMY, period=H1, by=Breakdown.TENURE_BAND)
    trend = theme_trend(iter(records), taxonomy=TAXONOMY, periods=[H1.previous, H1])
    assert trend == theme_trend(records, taxonomy=TAXONOMY, periods=[H1.previous, H1])


@settings(max_examples=30)
@given(service_records())
def test_trend_columns_match_the_tables_for_each_period(records: list[object]) -> None:
    periods = [H1.previous, H1]
    trend = _tally(records, taxonomy=TAXONOMY, level=1, by=Breakdown.NONE, periods=periods, trend=True)
    for index, period in enumerate(periods):
        one = _tally(records, taxonomy=TAXONOMY, level=1, by=Breakdown.NONE, periods=[period], trend=False)
        code = trend.columns[index][0]
        assert trend.leavers.get(code, 0) == one.total
        for row_code, _label in one.rows:
            assert trend.primary.get((row_code, code), 0) == one.primary.get((row_code, "all"), 0)


@given(
    st.lists(st.lists(st.integers(0, 30), min_size=3, max_size=3), min_size=1, max_size=5),
    st.integers(3, 10),
)
def test_suppress_grid_leaves_no_line_with_a_single_hidden_entry(
    body: list[list[int]], threshold: int
) -> None:
    grid = [[*line, sum(line)] for line in body]
    grid.append([sum(column) for column in zip(*grid, strict=True)])
    hidden = suppress_grid(grid, threshold)
    assert hidden == suppress_grid(grid, threshold)
    for positions in grid_lines(len(grid), len(grid[0])):
        assert sum(cell in hidden for cell in positions) != 1
    for i, values in enumerate(grid):
        for j, value in enumerate(values):
            if 1 <= value <= threshold:
                assert (i, j) in hidden


def test_half_years_make_a_trend() -> None:
    # The usual use: consecutive half-years of the April-to-March reporting year.
    periods = [half_year(D(2025, 5, 1)), half_year(D(2025, 11, 1)), half_year(D(2026, 5, 1))]
    records = [leave(f"A{n}", FEES, notice_on=D(2025, 12, 24)) for n in range(6)]
    trend = theme_trend(records, taxonomy=TAXONOMY, periods=periods, level=2)
    assert cells(trend, FEES) == {c.code: n for c, n in zip(trend.columns, (0, 6, 0), strict=True)}
