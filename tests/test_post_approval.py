"""Post-approval interviews: the renamed stage and its old value, the record, the start date, the figures."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given

import fosterkit as fk
import fosterkit.adapters.packs
from fosterkit import FieldError, InterviewStage, StructureError, load_taxonomy
from fosterkit.cli import main
from fosterkit.interviews import (
    DEFAULT_POLICY,
    DueKind,
    PostApprovalInterview,
    ProcessPolicy,
    Rating,
    Suggestion,
    SupportArea,
    due,
    is_free_text,
    post_approval_interview_due,
    post_approval_reason_problems,
    process_metrics,
)
from fosterkit.records import ApprovalKind, PlacementType, Service, ServiceKind, StatusChange
from fosterkit.serial.converter import structure
from fosterkit.serial.kinds import record_from_dict, record_to_dict
from fosterkit.testing import strategies as fks

D = datetime.date
START = D(2024, 4, 1)
SINCE = ProcessPolicy(post_approval_from=START)


APPROVED = D(2025, 10, 1)


def household(id: str = "HH-1", approved_on: datetime.date = APPROVED) -> fk.Household:
    return fk.Household(
        id=id,
        service=Service(name="Northshire Fostering", kind=ServiceKind.LOCAL_AUTHORITY),
        carers=(fk.Carer(id=f"{id}-C1"),),
        approved_on=approved_on,
        approval_kind=ApprovalKind.MAINSTREAM,
        approved_for=(PlacementType.SHORT_TERM,),
        caring_now=True,
        history=(StatusChange(status=fk.HouseholdStatus.APPROVED, since=approved_on),),
    )


def interview(**changes: Any) -> PostApprovalInterview:
    values: dict[str, Any] = {
        "id": "PAI-1",
        "household_id": "HH-1",
        "interviewed_on": D(2026, 4, 2),
        "interviewer": "IND-1",
        "recruitment_went_well": "the assessing worker kept in touch every week",
        "recruitment_could_improve": "panel date moved twice",
        "ratings": (Rating(area=SupportArea.TRAINING, score=4),),
        "concerns": ("support.supervising_social_worker",),
        "suggestions": (Suggestion(id="S1", text="a buddy carer from the start"),),
        "consent_to_anonymised_use": True,
    }
    return PostApprovalInterview(**{**values, **changes})


# -- the name, and the old value ---------------------------------------------------------------


def test_the_stage_is_an_interview_and_its_old_value_still_reads() -> None:
    assert InterviewStage.POST_APPROVAL_INTERVIEW.value == "post_approval_interview"
    assert InterviewStage("post_approval_review") is InterviewStage.POST_APPROVAL_INTERVIEW
    assert structure("post_approval_review", InterviewStage) is InterviewStage.POST_APPROVAL_INTERVIEW
    with pytest.raises(StructureError, match="'post_approval' is not one of 'post_approval_interview'"):
        structure("post_approval", InterviewStage)
    assert post_approval_interview_due(D(2026, 1, 15)) == D(2026, 7, 15)


def test_a_record_written_with_the_old_stage_value_still_loads() -> None:
    appointment = fk.interviews.Appointment(
        id="A1",
        stage=InterviewStage.POST_APPROVAL_INTERVIEW,
        on=D(2026, 4, 2),
        location=fk.interviews.Location.CARERS_HOME,
        location_agreed=True,
        interviewer="IND-1",
    )
    departure = fk.Departure(
        id="DEP-1",
        household_id="HH-1",
        notice_on=D(2026, 3, 2),
        initiated_by=fk.Initiator.CARER,
        route=fk.LeavingRoute.RETIREMENT,
    )
    process = attrs.evolve(
        fk.ExitProcess.start("EXIT-1", departure, supervising_social_worker="SSW-1"),
        bookings=(fk.interviews.Booking(appointment=appointment, booked_on=D(2026, 3, 3)),),
    )
    old = json.loads(
        json.dumps(record_to_dict(process)).replace("post_approval_interview", "post_approval_review")
    )
    assert old["bookings"][0]["appointment"]["stage"] == "post_approval_review"
    assert record_from_dict(old) == process
    assert (
        record_to_dict(record_from_dict(old))["bookings"][0]["appointment"]["stage"]
        == "post_approval_interview"
    )


@given(fks.data_collection_records())
def test_a_data_collection_record_points_a_post_approval_interview_to_its_own_record(
    record: fk.DataCollectionRecord,
) -> None:
    data = {**record_to_dict(record), "stage": "post_approval_review"}
    with pytest.raises(
        StructureError, match="record a post-approval interview as a post_approval_interview record"
    ):
        record_from_dict(data)


# -- the record --------------------------------------------------------------------------------


def test_the_record_keeps_what_a_new_carer_said() -> None:
    found = interview()
    assert post_approval_reason_problems(found, load_taxonomy()) == []
    fields = attrs.fields_dict(PostApprovalInterview)
    free = {name for name, field in fields.items() if is_free_text(field)}
    assert free == {"recruitment_went_well", "recruitment_could_improve"}
    assert not {"primary_reason", "departure_id"} & set(fields)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ratings": (Rating(area=SupportArea.TRAINING, score=3),) * 2}, "ratings", "rated more than once"),
        ({"suggestions": (Suggestion(id="S1", text="x"),) * 2}, "suggestions", "used more than once"),
        ({"concerns": ("support.training",) * 2}, "concerns", "more than once"),
        ({"household_id": ""}, "household_id", "not a valid id"),
    ],
)
def test_a_record_that_does_not_add_up_is_refused(changes: dict[str, Any], field: str, message: str) -> None:
    with pytest.raises(FieldError, match=message) as info:
        interview(**changes)
    assert info.value.field == field


def test_unknown_concerns_are_named() -> None:
    problems = post_approval_reason_problems(interview(concerns=("support.trainin",)), load_taxonomy())
    assert [(p.entry, p.path) for p in problems] == [("PAI-1", "concerns[0]")]


@given(fks.post_approval_interviews())
def test_a_post_approval_interview_round_trips_through_its_serialised_form(
    found: PostApprovalInterview,
) -> None:
    data = record_to_dict(found)
    assert data["kind"] == "post_approval_interview"
    assert record_from_dict(json.loads(json.dumps(data))) == found


@given(fks.post_approval_interviews())
def test_the_validators_hold_for_every_generated_interview(found: PostApprovalInterview) -> None:
    assert len({r.area for r in found.ratings}) == len(found.ratings)
    assert len({s.id for s in found.suggestions}) == len(found.suggestions)
    if found.ratings:
        with pytest.raises(FieldError):
            attrs.evolve(found, ratings=(*found.ratings, found.ratings[0]))


# -- what is due -------------------------------------------------------------------------------


def listed(today: datetime.date, *households: fk.Household, **kwargs: Any) -> list[str]:
    items = due([], today, households=households, **kwargs)
    assert {i.kind for i in items} <= {DueKind.POST_APPROVAL_INTERVIEW}
    return [i.subject for i in items]


def test_with_no_start_date_no_household_is_due_one() -> None:
    assert DEFAULT_POLICY.post_approval_from is None
    long_ago = household("HH-OLD", D(2008, 5, 1))
    assert listed(D(2026, 4, 1), long_ago, household()) == []


def test_only_households_approved_on_or_after_the_start_date_are_due_one() -> None:
    before = household("HH-0", START - datetime.timedelta(days=1))
    on = household("HH-1", START)
    after = household("HH-2", D(2025, 10, 1))
    assert listed(D(2026, 4, 1), before, on, after, policy=SINCE) == ["HH-1", "HH-2"]
    [item] = due([], D(2026, 4, 1), households=[after], policy=SINCE)
    assert item.describe() == (
        "HH-2: post_approval_interview due 2026-04-01: "
        "post-approval interview: approved on 2025-10-01, interview due about 2026-04-01"
    )


def test_a_recorded_interview_is_held() -> None:
    other = interview(id="PAI-2", household_id="HH-2")
    households = (household(), household("HH-2"), household("HH-3"))
    assert listed(D(2026, 4, 1), *households, policy=SINCE, post_approval_interviews=[interview()]) == [
        "HH-2",
        "HH-3",
    ]
    assert listed(
        D(2026, 4, 1),
        *households,
        policy=SINCE,
        post_approval_interviews=[other],
        post_approval_held=["HH-3"],
    ) == ["HH-1"]


def test_a_policy_file_sets_the_start_date() -> None:
    policy = fosterkit.adapters.packs.parse_policy_toml(
        "post_approval_from = 2024-04-01\npost_approval_months = 3\n"
    )
    assert (policy.post_approval_from, policy.post_approval_months) == (START, 3)
    with pytest.raises(StructureError, match="review_months"):
        fosterkit.adapters.packs.parse_policy_toml("review_months = 3\n")


# -- the figures and the command line ----------------------------------------------------------


def test_the_figures_count_interviews_held_in_the_period() -> None:
    interviews = [interview(), interview(id="PAI-2", interviewed_on=D(2025, 1, 5))]
    assert process_metrics([], post_approval_interviews=interviews).post_approval_interviews == 2
    metrics = process_metrics([], post_approval_interviews=interviews, start=D(2026, 4, 1), end=D(2027, 4, 1))
    assert metrics.post_approval_interviews == 1


def test_process_commands_take_post_approval_interviews(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "records.jsonl"
    policy = tmp_path / "policy.toml"
    policy.write_text("post_approval_from = 2024-04-01\n", encoding="utf-8")
    fk.write_jsonl([household(), household("HH-2"), interview()], path)
    assert main(["process", "due", str(path), "--today", "2026-04-01", "--policy", str(policy)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in out[:-1]] == ["HH-2"]
    assert main(["process", "metrics", str(path)]) == 0
    assert "post approval interviews: 1" in capsys.readouterr().out.splitlines()


def test_process_check_reports_an_overdue_post_approval_interview(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = tmp_path / "records.jsonl"
    fk.write_jsonl([household("HH-1", APPROVED), household("HH-2", datetime.date(2019, 5, 1))], records)
    policy = tmp_path / "policy.toml"
    policy.write_text("post_approval_from = 2020-01-01\n", encoding="utf-8")
    late = fk.interviews.post_approval_interview_due(APPROVED) + datetime.timedelta(days=60)
    status = main(["process", "check", str(records), "--policy", str(policy), "--today", late.isoformat()])
    out = capsys.readouterr().out
    assert status == 1
    assert "HH-1: post_approval_interview OVERDUE" in out
    assert "HH-2" not in out  # approved before the service began holding them
