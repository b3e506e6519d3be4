"""Carers, households and departures: their rules, round trips and status over time."""

from __future__ import annotations

import datetime
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fosterkit import FieldError, StructureError, load_taxonomy, structure, unstructure
from fosterkit.records import (
    ApprovalKind,
    Carer,
    Departure,
    DestinationKind,
    Equality,
    Household,
    HouseholdStatus,
    Initiator,
    LeavingRoute,
    PlacementType,
    Service,
    ServiceKind,
    StatusChange,
    is_special_category,
    reason_problems,
)
from fosterkit.testing import strategies as fks

D = datetime.date


def household(**changes: Any) -> Household:
    base = Household(
        id="HH-001",
        service=Service(name="Anytown Fostering", kind=ServiceKind.LOCAL_AUTHORITY),
        carers=(Carer(id="C-1"), Carer(id="C-2")),
        approved_on=D(2019, 4, 1),
        approval_kind=ApprovalKind.MAINSTREAM,
        approved_for=(PlacementType.SHORT_TERM, PlacementType.SHORT_BREAKS),
        caring_now=True,
        history=(
            StatusChange(status=HouseholdStatus.APPROVED, since=D(2019, 4, 1)),
            StatusChange(status=HouseholdStatus.ON_HOLD, since=D(2022, 1, 10)),
            StatusChange(status=HouseholdStatus.LEAVING, since=D(2024, 2, 1)),
            StatusChange(status=HouseholdStatus.DEREGISTERED, since=D(2024, 3, 1)),
        ),
    )
    return attrs.evolve(base, **changes)


def test_status_over_time_and_tenure() -> None:
    hh = household()
    assert hh.status is HouseholdStatus.DEREGISTERED
    assert hh.status_on(D(2019, 3, 31)) is None
    assert hh.status_on(D(2023, 6, 1)) is HouseholdStatus.ON_HOLD
    assert hh.tenure_days(D(2030, 1, 1)) == (D(2024, 3, 1) - D(2019, 4, 1)).days


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"carers": ()}, "carers: a household has one or two carers, not 0"),
        ({"carers": (Carer(id="A"), Carer(id="B"), Carer(id="C"))}, "not 3"),
        ({"carers": (Carer(id="A"), Carer(id="A"))}, "different ids"),
        ({"approved_for": ()}, "at least one placement type"),
        (
            {"history": (StatusChange(status=HouseholdStatus.ON_HOLD, since=D(2019, 4, 1)),)},
            "starts with status",
        ),
        (
            {
                "history": (
                    StatusChange(status=HouseholdStatus.APPROVED, since=D(2019, 4, 1)),
                    StatusChange(status=HouseholdStatus.TRANSFERRED, since=D(2020, 1, 1)),
                    StatusChange(status=HouseholdStatus.APPROVED, since=D(2021, 1, 1)),
                )
            },
            "nothing follows 'transferred'",
        ),
        (
            {
                "history": (
                    StatusChange(status=HouseholdStatus.APPROVED, since=D(2019, 4, 1)),
                    StatusChange(status=HouseholdStatus.ON_HOLD, since=D(2019, 1, 1)),
                )
            },
            "history[1].since: 2019-01-01 is before",
        ),
    ],
)
def test_household_rules(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(FieldError, match=message.replace("[", r"\[").replace("]", r"\]")):
        household(**changes)


def test_equality_attributes_are_marked_special_category() -> None:
    marked = [a.name for a in attrs.fields(Carer) if is_special_category(a)]
    assert marked == ["equality"]
    assert not any(is_special_category(a) for a in attrs.fields(Household))


def test_placement_types_cross_walk_to_ssda903() -> None:
    assert PlacementType.LONG_TERM.ssda903_placement(ApprovalKind.MAINSTREAM) == "U4"
    assert PlacementType.LONG_TERM.ssda903_placement(ApprovalKind.CONNECTED_PERSON) == "U1"
    assert PlacementType.FOSTERING_FOR_ADOPTION.ssda903_placement(ApprovalKind.MAINSTREAM) == "U5"
    assert PlacementType.SHORT_TERM.ssda903_placement(ApprovalKind.MAINSTREAM) == "U6"


def departure(**changes: Any) -> Departure:
    base = Departure(
        id="DEP-1",
        household_id="HH-001",
        notice_on=D(2024, 2, 1),
        leaving_on=D(2024, 3, 1),
        initiated_by=Initiator.CARER,
        route=LeavingRoute.TRANSFER,
        destination=DestinationKind.INDEPENDENT_AGENCY,
        stated_reasons=("finance.fees_allowances", "support.supervising_social_worker"),
    )
    return attrs.evolve(base, **changes)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"leaving_on": D(2024, 1, 1)}, "leaving_on: 2024-01-01 is before notice"),
        ({"destination": None}, "a transfer says what kind of service"),
        ({"route": LeavingRoute.RESIGNATION}, "only a transfer has a destination"),
        (
            {"route": LeavingRoute.TERMINATION_AFTER_ALLEGATION, "destination": None},
            "a termination of approval is initiated by the service",
        ),
        (
            {"route": LeavingRoute.RETIREMENT, "destination": None, "initiated_by": Initiator.SERVICE},
            "a retirement is initiated by the carer",
        ),
    ],
)
def test_departure_rules(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(FieldError, match=message):
        departure(**changes)


def test_termination_routes_are_departures_too() -> None:
    ended = departure(
        route=LeavingRoute.TERMINATION_AFTER_STANDARDS_CONCERN,
        destination=None,
        initiated_by=Initiator.SERVICE,
    )
    assert ended.route.ended_by_service


def test_unknown_stated_reasons_are_named_with_suggestions() -> None:
    problems = reason_problems(
        departure(stated_reasons=("finance.fees_alowances", "retirement")), load_taxonomy()
    )
    assert [(p.entry, p.path) for p in problems] == [
        ("DEP-1", "stated_reasons[0]"),
        ("DEP-1", "stated_reasons[1]"),
    ]
    assert "did you mean 'finance.fees_allowances'" in problems[0].message
    assert "personal.retirement" in problems[1].message
    assert reason_problems(departure(), load_taxonomy()) == []


def test_malformed_record_names_the_field_path() -> None:
    data = unstructure(household())
    data["history"][1]["status"] = "paused"
    data["carers"][0]["equality"] = {"age_band": "40ish"}
    with pytest.raises(StructureError) as caught:
        structure(data, Household, source="households.jsonl line 3")
    paths = {p.path for p in caught.value.problems}
    assert paths == {"history[1].status", "carers[0].equality.age_band"}
    assert str(caught.value).startswith("households.jsonl line 3: invalid data")


@given(fks.households())
def test_households_round_trip(hh: Household) -> None:
    assert structure(unstructure(hh), Household) == hh


@given(fks.departures())
def test_departures_round_trip(dep: Departure) -> None:
    assert structure(unstructure(dep), Departure) == dep


@given(fks.households(), st.data())
def test_status_on_each_change_date_is_the_last_change_that_day(hh: Household, data: st.DataObject) -> None:
    change = data.draw(st.sampled_from(hh.history))
    same_day = [c for c in hh.history if c.since == change.since]
    assert hh.status_on(change.since) is same_day[-1].status
    assert hh.tenure_days(change.since) >= 0


@given(fks.equalities())
def test_equality_round_trips(equality: Equality) -> None:
    assert structure(unstructure(equality), Equality) == equality


def test_departure_reasons_can_be_drawn_from_a_given_strategy() -> None:
    from hypothesis import given
    from hypothesis import strategies as st

    from fosterkit.testing.strategies import departures

    @given(departures(reasons=st.sampled_from(["personal.health"])))
    def check(departure: Departure) -> None:
        assert set(departure.stated_reasons) <= {"personal.health"}

    check()


def test_a_record_made_in_code_names_its_id_in_a_field_error() -> None:
    import datetime

    import fosterkit as fk

    with pytest.raises(FieldError, match=r"^household_id: '' is not a valid id .* \(departure 'DEP-9'\)$"):
        fk.Departure(
            id="DEP-9",
            household_id="",
            notice_on=datetime.date(2026, 3, 2),
            initiated_by=fk.Initiator.CARER,
            route=fk.LeavingRoute.RESIGNATION,
        )
