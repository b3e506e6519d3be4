"""``check_records``: every cross-record rule, in any order and mix of kinds, in one pass."""

from __future__ import annotations

import datetime
import random

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fosterkit.interviews import (
    REPORTED_ONLY,
    RULES,
    SETS_ASIDE,
    Booking,
    CheckResult,
    DataCollectionRecord,
    ExitProcess,
    Interview,
    InterviewStage,
    check_records,
)
from fosterkit.records import Departure, Household, Initiator, LeavingRoute
from fosterkit.testing import strategies as fks
from test_due_metrics import appointment, record
from test_due_metrics import household as approved_household

D = datetime.date
S1, S2 = InterviewStage.EXIT_STAGE_1, InterviewStage.EXIT_STAGE_2
APPROVED = D(2020, 1, 1)
NOTICE = D(2026, 3, 2)
INTERVIEWED = D(2026, 3, 20)


def household(id: str = "HH-1") -> Household:
    return approved_household(id, APPROVED)


def departure(
    id: str = "DEP-1", household_id: str = "HH-1", notice_on: D = NOTICE, leaving_on: D | None = None
) -> Departure:
    return Departure(
        id=id,
        household_id=household_id,
        notice_on=notice_on,
        leaving_on=leaving_on,
        initiated_by=Initiator.CARER,
        route=LeavingRoute.RESIGNATION,
    )


def interview(
    id: str = "DCR-1", departure_id: str = "DEP-1", stage: InterviewStage = S1, on: D = INTERVIEWED
) -> DataCollectionRecord:
    return record(id, on, departure_id=departure_id, stage=stage)


def booking(id: str, stage: InterviewStage, on: D, *, held: bool = True) -> Booking:
    held_record = Interview(record=interview(f"REC-{id}", stage=stage, on=on)) if held else None
    return Booking(appointment=appointment(id, on, stage), booked_on=on, interview=held_record)


def process(id: str = "EP-1", dep: Departure | None = None, *bookings: Booking) -> ExitProcess:
    started = ExitProcess.start(id, dep or departure(), supervising_social_worker="SSW-1")
    return attrs.evolve(started, bookings=bookings)


def found(result: CheckResult) -> list[tuple[object, str, str | None, str]]:
    return [(p.position, p.kind, p.id, p.rule) for p in result.problems]


def test_consistent_records_have_no_problems() -> None:
    records = [household(), departure(), interview(), interview("DCR-2", stage=S2, on=D(2026, 4, 30))]
    result = check_records(records)
    assert result.ok
    assert result.records == 4
    assert result.kinds == {"household": 1, "departure": 1, "data_collection_record": 2}
    assert result.summary() == (
        "4 records checked (2 data_collection_record, 1 departure, 1 household): "
        "0 problem(s), 0 record(s) set aside"
    )


def test_a_departure_whose_household_is_missing_is_reported_and_kept() -> None:
    result = check_records([(1, departure(household_id="HH-9")), (2, household())])
    [problem] = result.problems
    assert found(result) == [(1, "departure", "DEP-1", "missing_household")]
    assert problem.describe() == "line 1: departure 'DEP-1': its household 'HH-9' is not in the records"
    assert not problem.sets_aside
    assert result.set_aside == frozenset()


def test_an_interview_for_an_unknown_departure_is_set_aside_whatever_the_order() -> None:
    result = check_records([(3, interview(departure_id="DEP-7")), (5, departure()), (9, household())])
    assert found(result) == [(3, "data_collection_record", "DCR-1", "missing_departure")]
    assert result.problems[0].sets_aside
    assert "its departure 'DEP-7' is not in the records" in result.problems[0].message
    assert result.set_aside == frozenset({3})


def test_an_exit_process_needs_its_departure() -> None:
    result = check_records([household(), departure("DEP-2"), process()])
    assert found(result) == [("record 3", "exit_process", "EP-1", "missing_departure")]


def test_an_exit_process_that_disagrees_with_the_departure_record_is_reported() -> None:
    copy = departure(notice_on=D(2026, 3, 1))
    result = check_records([household(), departure(), process("EP-1", copy)])
    assert found(result) == [("record 3", "exit_process", "EP-1", "departure_mismatch")]
    assert "line" not in result.problems[0].message
    assert "record 2" in result.problems[0].message


def test_duplicate_ids_set_aside_every_copy_and_what_belongs_to_them() -> None:
    records = [(4, departure()), (1, household()), (7, departure()), (8, interview()), (9, household("HH-2"))]
    result = check_records(records)
    assert found(result) == [
        (4, "departure", "DEP-1", "duplicate_id"),
        (7, "departure", "DEP-1", "duplicate_id"),
        (8, "data_collection_record", "DCR-1", "reference_set_aside"),
    ]
    assert result.problems[0].message == "the same id is used by the departure at line 7"
    assert result.set_aside == frozenset({4, 7, 8})
    assert result.by_rule(set_aside=True) == {"duplicate_id": 2, "reference_set_aside": 1}


def test_the_same_id_in_two_kinds_is_not_a_duplicate() -> None:
    assert check_records([household("X-1"), departure("X-1", household_id="X-1")]).ok


def test_notice_before_approval() -> None:
    result = check_records([departure(notice_on=D(2019, 5, 1)), household()])
    assert found(result) == [("record 1", "departure", "DEP-1", "notice_before_approval")]
    assert "before household 'HH-1' (record 2) was approved on 2020-01-01" in result.problems[0].message


def test_leaving_before_notice_is_caught_even_if_a_record_slipped_past_its_validators() -> None:
    with attrs.validators.disabled():
        bad = departure(notice_on=D(2026, 3, 2), leaving_on=D(2026, 3, 1))
    assert found(check_records([household(), bad])) == [
        ("record 2", "departure", "DEP-1", "leaving_before_notice")
    ]


def test_an_interview_before_notice() -> None:
    result = check_records([interview(on=D(2026, 3, 1)), departure(), household()])
    assert found(result) == [("record 1", "data_collection_record", "DCR-1", "interview_before_notice")]


def test_an_appointment_before_notice_in_a_process() -> None:
    early = booking("AP-1", S1, D(2026, 2, 1), held=False)
    result = check_records([household(), departure(), process("EP-1", None, early)])
    assert found(result) == [("record 3", "exit_process", "EP-1", "interview_before_notice")]
    assert "appointment 'AP-1'" in result.problems[0].message


def test_stage_2_without_stage_1_and_before_it() -> None:
    alone = interview("DCR-2", stage=S2, on=D(2026, 5, 1))
    result = check_records([alone, departure(), household()])
    assert found(result) == [("record 1", "data_collection_record", "DCR-2", "stage_2_without_stage_1")]
    early = interview("DCR-3", stage=S2, on=D(2026, 3, 10))
    result = check_records([early, interview(on=D(2026, 3, 20)), departure(), household()])
    assert found(result) == [("record 1", "data_collection_record", "DCR-3", "stage_2_before_stage_1")]


def test_stage_order_inside_a_process() -> None:
    second = booking("AP-2", S2, D(2026, 5, 1))
    result = check_records([household(), departure(), process("EP-1", None, second)])
    assert found(result) == [("record 3", "exit_process", "EP-1", "stage_2_without_stage_1")]
    first = booking("AP-1", S1, D(2026, 3, 20))
    assert check_records([household(), departure(), process("EP-1", None, first, second)]).ok


def test_one_departure_per_household_at_a_time() -> None:
    earlier = departure("DEP-1", notice_on=D(2024, 1, 1), leaving_on=D(2024, 3, 1))
    later = departure("DEP-2", notice_on=D(2026, 1, 1))
    assert check_records([household(), earlier, later]).ok
    open_ended = departure("DEP-3", notice_on=D(2026, 2, 1))
    result = check_records([open_ended, household(), earlier, later])
    assert found(result) == [
        ("record 1", "departure", "DEP-3", "overlapping_departures"),
        ("record 4", "departure", "DEP-2", "overlapping_departures"),
    ]
    assert "departure 'DEP-2' (record 4) from 2026-01-01 to no leaving date" in result.problems[0].message


def test_references_to_a_kind_not_in_the_records_are_not_checked_and_say_so() -> None:
    result = check_records([departure(), interview()])
    assert result.ok
    assert result.unchecked == ("no households in the records: departures' households were not checked",)
    result = check_records([interview()])
    assert result.ok
    assert "no departures in the records" in result.unchecked[0]


def test_every_rule_is_documented_as_setting_aside_or_reported() -> None:
    assert set(SETS_ASIDE).isdisjoint(REPORTED_ONLY)
    assert set(RULES) == {*SETS_ASIDE, *REPORTED_ONLY}


def test_records_of_other_kinds_are_counted() -> None:
    result = check_records(["not a record", household()])
    assert result.ok
    assert result.kinds == {"str": 1, "household": 1}


# -- properties ----------------------------------------------------------------------------------


@st.composite
def consistent_records(draw: st.DrawFn) -> list[object]:
    """Households, each with at most one departure after approval, and its interviews in order."""
    records: list[object] = []
    for n in range(draw(st.integers(0, 6))):
        home = attrs.evolve(draw(fks.households()), id=f"HH-{n}")
        records.append(home)
        if not draw(st.booleans()):
            continue
        notice_on = home.approved_on + datetime.timedelta(days=draw(st.integers(0, 3000)))
        leaving = draw(st.one_of(st.none(), st.integers(0, 200)))
        leaving_on = None if leaving is None else notice_on + datetime.timedelta(days=leaving)
        gone = attrs.evolve(
            draw(fks.departures(household_id=home.id)),
            id=f"DEP-{n}",
            notice_on=notice_on,
            leaving_on=leaving_on,
        )
        records.append(gone)
        stages = draw(st.sampled_from([(), (S1,), (S1, S2)]))
        for k, stage in enumerate(stages):
            day = notice_on + datetime.timedelta(days=10 + 40 * k)
            records.append(interview(f"DCR-{n}-{k}", gone.id, stage, day))
    return records


@given(records=consistent_records())
def test_a_consistent_set_has_no_problems(records: list[object]) -> None:
    result = check_records(records)
    assert result.problems == ()
    assert result.records == len(records)


@st.composite
def messy_records(draw: st.DrawFn) -> list[object]:
    """A consistent set, then some records dropped, some repeated, some ids reused."""
    records = draw(consistent_records())
    records = [r for r in records if draw(st.integers(0, 4))]
    records += draw(st.lists(st.sampled_from(records), max_size=3)) if records else []
    records.append(departure("DEP-0", household_id="HH-0", notice_on=D(2030, 1, 1)))
    records.append(interview("DCR-X", "DEP-X", S2))
    return records


@given(records=messy_records(), seed=st.integers(0, 2**32))
def test_shuffling_records_never_changes_the_problems_found(records: list[object], seed: int) -> None:
    placed = list(enumerate(records, start=1))
    shuffled = placed[:]
    random.Random(seed).shuffle(shuffled)
    assert check_records(shuffled) == check_records(placed)


@given(records=messy_records())
def test_each_problem_names_a_known_rule_and_sets_aside_as_documented(records: list[object]) -> None:
    result = check_records(records)
    for problem in result.problems:
        assert problem.rule in RULES
        assert problem.sets_aside is (problem.rule in SETS_ASIDE)
        assert problem.describe().startswith(f"{problem.position}: {problem.kind}")
    assert result.set_aside == {p.position for p in result.problems if p.sets_aside}


@pytest.mark.parametrize("rule", sorted(RULES))
def test_each_rule_has_a_plain_english_meaning(rule: str) -> None:
    assert RULES[rule][0].islower()
    assert not RULES[rule].endswith(".")
