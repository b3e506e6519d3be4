"""Cost of turnover: exact arithmetic, stated assumptions, and refusal of figures that make no sense."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fosterkit import Departure, Initiator, LeavingRoute
from fosterkit.adapters.packs import load_cost_file, parse_cost_toml
from fosterkit.analysis.cost import (
    AGENCY_WEEKLY_2016_17,
    IN_HOUSE_WEEKLY_2016_17,
    STOCKTAKE_2018,
    CostAssumptions,
    cost_assumptions_from_dict,
    format_pounds,
    turnover_cost,
)
from fosterkit.errors import FieldError, StructureError

BASE = CostAssumptions(recruit_and_approve=5000, weeks_to_replace=26)


def departure(id: str) -> Departure:
    return Departure(
        id=id,
        household_id="HH-" + id,
        notice_on=datetime.date(2026, 5, 1),
        initiated_by=Initiator.CARER,
        route=LeavingRoute.RESIGNATION,
    )


# -- exact examples ------------------------------------------------------------------------------------


def test_the_2018_figures_are_the_defaults() -> None:
    assert BASE.weekly_in_house == IN_HOUSE_WEEKLY_2016_17 == Decimal(475)
    assert BASE.weekly_agency == AGENCY_WEEKLY_2016_17 == Decimal(798)
    assert BASE.placements_per_household == 1
    assert BASE.source("weekly_agency") == STOCKTAKE_2018
    assert "no official figure" in BASE.source("recruit_and_approve")


def test_three_departures_two_of_them_caring() -> None:
    estimate = turnover_cost(3, BASE, caring=2)
    assert estimate.recruitment.amount == Decimal(15000)
    assert estimate.extra_placements.amount == Decimal(323 * 26 * 2)  # 16,796
    assert estimate.total == Decimal(31796)
    assert estimate.recruitment.working == "3 departures x £5,000 = £15,000"
    assert estimate.extra_placements.working == (
        "(£798 - £475) a week x 26 weeks x 1 placement x 2 caring departures "
        "x 100% placed with an agency = £16,796"
    )
    text = estimate.explain()
    assert text.startswith("Estimated cost of turnover: £31,796\n")
    assert "In-house placement: £475 a week (2016-17 average, National Fostering Stocktake" in text


def test_pence_and_shares_are_exact_and_rounded_only_for_display() -> None:
    assumptions = CostAssumptions(
        recruit_and_approve=Decimal("4999.50"),
        weeks_to_replace=Decimal("12.5"),
        placements_per_household=Decimal("1.3"),
    )
    estimate = turnover_cost(1, assumptions, replaced_by_agency_share=Decimal("0.75"))
    assert estimate.extra_placements.amount == Decimal("3936.5625")  # 323 x 12.5 x 1.3 x 0.75
    assert estimate.total == Decimal("8936.0625")
    assert format_pounds(estimate.total) == "£8,936"
    assert estimate.recruitment.working == "1 departure x £4,999.50 = £5,000"
    assert "x 75% placed with an agency = £3,937" in estimate.extra_placements.working


def test_departure_records_are_counted_once_each() -> None:
    records = [departure("D1"), departure("D2"), departure("D1")]
    assert turnover_cost(records, BASE).departures == 2
    assert turnover_cost(iter(records), BASE).total == turnover_cost(2, BASE).total


@pytest.mark.parametrize(
    ("amount", "shown"),
    [(Decimal("0.5"), "£1"), (Decimal("1.49"), "£1"), (Decimal("2.5"), "£3"), (1234567, "£1,234,567")],
)
def test_format_pounds_rounds_halves_up(amount: Decimal | int, shown: str) -> None:
    assert format_pounds(amount) == shown


def test_a_changed_default_does_not_keep_the_stocktake_as_its_source() -> None:
    changed = attrs.evolve(BASE, weekly_agency=900)
    assert changed.source("weekly_agency") == "set by the service; no source given"
    noted = attrs.evolve(changed, weekly_agency_source="our 2025-26 framework contract")
    assert "our 2025-26 framework contract" in turnover_cost(1, noted).explain()


# -- properties ----------------------------------------------------------------------------------------

# Under half the £100,000 a week allowed, so an agency placement (in-house + money), raised a
# little, stays within it.
money = st.decimals(min_value=0, max_value=49_990, places=2)
counts = st.integers(0, 10_000)


@st.composite
def assumptions(draw: st.DrawFn) -> CostAssumptions:
    in_house = draw(money)
    return CostAssumptions(
        recruit_and_approve=draw(money),
        weeks_to_replace=draw(st.decimals(min_value=0, max_value=516, places=1)),
        weekly_in_house=in_house,
        weekly_agency=in_house + draw(money),
        placements_per_household=draw(st.decimals(min_value="0.1", max_value=6, places=1)),
    )


@given(assumptions(), counts, counts)
def test_linear_in_departures(a: CostAssumptions, m: int, n: int) -> None:
    assert turnover_cost(m + n, a).total == turnover_cost(m, a).total + turnover_cost(n, a).total
    assert turnover_cost(3 * m, a).total == 3 * turnover_cost(m, a).total


@given(assumptions())
def test_no_departures_cost_nothing(a: CostAssumptions) -> None:
    estimate = turnover_cost(0, a)
    assert estimate.total == 0
    assert estimate.parts[0].amount == estimate.parts[1].amount == 0


@given(assumptions(), counts, st.decimals(min_value=0, max_value=1, places=2))
def test_never_negative_and_parts_add_up(a: CostAssumptions, n: int, share: Decimal) -> None:
    estimate = turnover_cost(n, a, replaced_by_agency_share=share)
    assert estimate.recruitment.amount >= 0
    assert estimate.extra_placements.amount >= 0
    assert estimate.total == estimate.recruitment.amount + estimate.extra_placements.amount


@pytest.mark.parametrize(
    "name", ["recruit_and_approve", "weeks_to_replace", "weekly_agency", "placements_per_household"]
)
# Steps of at most 4 keep every raised figure within its bound (weeks 520, placements 10).
@given(a=assumptions(), n=counts, more=st.decimals(min_value="0.01", max_value=4, places=2))
def test_monotone_in_each_assumption(name: str, a: CostAssumptions, n: int, more: Decimal) -> None:
    raised = attrs.evolve(a, **{name: getattr(a, name) + more})
    assert turnover_cost(n, raised).total >= turnover_cost(n, a).total
    if n:
        # recruitment grows with every departure; the rest grows with every caring one
        assert turnover_cost(n, raised).total > turnover_cost(n, a).total or (
            name != "recruit_and_approve" and turnover_cost(n, raised).extra_placements.amount == 0
        )


@given(a=assumptions(), n=counts, less=money)
def test_a_cheaper_in_house_placement_never_lowers_the_cost(
    a: CostAssumptions, n: int, less: Decimal
) -> None:
    cheaper = attrs.evolve(a, weekly_in_house=max(Decimal(0), a.weekly_in_house - less))
    assert turnover_cost(n, cheaper).total >= turnover_cost(n, a).total


@given(a=assumptions(), n=counts.filter(bool), data=st.data())
def test_monotone_in_caring_and_share(a: CostAssumptions, n: int, data: st.DataObject) -> None:
    fewer = data.draw(st.integers(0, n))
    assert turnover_cost(n, a, caring=fewer).total <= turnover_cost(n, a).total
    low, high = sorted(data.draw(st.lists(st.decimals(0, 1, places=2), min_size=2, max_size=2)))
    assert (
        turnover_cost(n, a, replaced_by_agency_share=low).total
        <= turnover_cost(n, a, replaced_by_agency_share=high).total
    )


# -- refusals ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"recruit_and_approve": -1}, "recruit_and_approve", "at least 0"),
        ({"recruit_and_approve": 5000.0}, "recruit_and_approve", "got float"),
        ({"recruit_and_approve": "5000"}, "recruit_and_approve", "got str"),
        ({"recruit_and_approve": True}, "recruit_and_approve", "got bool"),
        ({"recruit_and_approve": Decimal("NaN")}, "recruit_and_approve", "finite"),
        ({"weeks_to_replace": Decimal("-0.5")}, "weeks_to_replace", "at least 0"),
        ({"weekly_in_house": -475}, "weekly_in_house", "at least 0"),
        ({"weekly_agency": 400}, "weekly_agency", "weekly_agency >= weekly_in_house"),
        ({"placements_per_household": 0}, "placements_per_household", "more than 0"),
        ({"weekly_agency_source": "  "}, "weekly_agency_source", "must not be empty"),
    ],
)
def test_invalid_assumptions_are_refused_naming_the_field(
    changes: dict[str, Any], field: str, words: str
) -> None:
    values: dict[str, Any] = {"recruit_and_approve": 5000, "weeks_to_replace": 26, **changes}
    with pytest.raises(FieldError, match=words) as caught:
        CostAssumptions(**values)
    assert caught.value.field == field


def test_the_figures_without_an_official_source_are_required() -> None:
    with pytest.raises(TypeError, match="recruit_and_approve"):
        CostAssumptions(weeks_to_replace=26)  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"caring": 4}, "caring must be a whole number from 0 to the 3 departures"),
        ({"caring": -1}, "caring"),
        ({"replaced_by_agency_share": Decimal("1.01")}, "replaced_by_agency_share"),
        ({"replaced_by_agency_share": 0.5}, "replaced_by_agency_share"),
    ],
)
def test_bad_arguments_are_refused(kwargs: dict[str, Any], words: str) -> None:
    with pytest.raises(ValueError, match=words):
        turnover_cost(3, BASE, **kwargs)


def test_bad_departures_are_refused() -> None:
    with pytest.raises(ValueError, match="cannot be negative"):
        turnover_cost(-1, BASE)
    with pytest.raises(TypeError, match="item 2 is a str"):
        turnover_cost([departure("D1"), "D2"], BASE)  # type: ignore[list-item]


# -- from TOML -----------------------------------------------------------------------------------------


def test_assumptions_from_toml() -> None:
    text = """
    recruit_and_approve = 6500
    recruit_and_approve_source = "2024-25 recruitment spend divided by approvals"
    weeks_to_replace = 30.5
    weekly_agency = "812.40"
    """
    assumptions = parse_cost_toml(text)
    assert assumptions.recruit_and_approve == 6500
    assert assumptions.weeks_to_replace == Decimal("30.5")
    assert assumptions.weekly_agency == Decimal("812.40")
    assert assumptions.weekly_in_house == 475
    assert assumptions.source("recruit_and_approve") == "2024-25 recruitment spend divided by approvals"


def test_toml_problems_are_all_reported() -> None:
    with pytest.raises(StructureError) as caught:
        cost_assumptions_from_dict({"weekly_agnecy": 800, "weeks_to_replace": 26}, source="cost.toml")
    paths = [p.path for p in caught.value.problems]
    assert paths == ["weekly_agnecy", "recruit_and_approve"]
    assert caught.value.source == "cost.toml"
    with pytest.raises(StructureError, match=r"recruit_and_approve.*at least 0"):
        cost_assumptions_from_dict({"recruit_and_approve": -5, "weeks_to_replace": 26})
    with pytest.raises(StructureError, match="got str"):
        cost_assumptions_from_dict({"recruit_and_approve": "lots", "weeks_to_replace": 26})


def test_assumptions_read_from_a_toml_file(tmp_path: Path) -> None:
    text = (
        'recruit_and_approve = 6500\nrecruit_and_approve_source = "our 2025 budget"\nweeks_to_replace = 20\n'
    )
    assumptions = parse_cost_toml(text, source="cost.toml")
    assert assumptions.recruit_and_approve == 6500
    assert assumptions.source("recruit_and_approve") == "our 2025 budget"
    path = tmp_path / "cost.toml"
    path.write_text(text, encoding="utf-8")
    assert load_cost_file(path) == assumptions
    with pytest.raises(StructureError, match=r"cost\.toml"):
        parse_cost_toml("weeks_to_replace = 20\n", source="cost.toml")
