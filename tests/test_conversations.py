"""Considering-leaving conversations: the record's rules, its round trips, its follow-up and its figures."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import fosterkit as fk
from fosterkit import FieldError, StructureError, load_taxonomy
from fosterkit.cli import main
from fosterkit.interviews import DueKind, ProcessPolicy, due, process_metrics
from fosterkit.interviews.metrics import Share
from fosterkit.records import (
    ConsideringLeaving,
    ConversationOutcome,
    Departure,
    HeldBy,
    Initiator,
    LeavingRoute,
    conversation_reason_problems,
    is_free_text,
)
from fosterkit.serial.kinds import record_from_dict, record_to_dict
from fosterkit.testing import strategies as fks

D = datetime.date
HELD = D(2026, 6, 1)


def talk(**changes: Any) -> ConsideringLeaving:
    values: dict[str, Any] = {
        "id": "CL-1",
        "household_id": "HH-1",
        "held_on": HELD,
        "held_by": "TM-1",
        "held_by_role": HeldBy.LINE_MANAGEMENT,
        "concerns": ("support.training", "wellbeing.burnout"),
        "support_offered": "a mentor from the carers' group, and a short break in August",
        "outcome": ConversationOutcome.UNDECIDED,
        "follow_up_on": D(2026, 7, 1),
    }
    return ConsideringLeaving(**{**values, **changes})


# -- the record --------------------------------------------------------------------------------


def test_a_conversation_keeps_what_was_said_and_offered() -> None:
    conversation = talk()
    assert conversation.concerns == ("support.training", "wellbeing.burnout")
    assert conversation_reason_problems(conversation, load_taxonomy()) == []
    fields = attrs.fields_dict(ConsideringLeaving)
    assert is_free_text(fields["support_offered"])
    assert not is_free_text(fields["concerns"])


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"follow_up_on": None}, "follow_up_on", "an undecided conversation needs a follow-up date"),
        (
            {"follow_up_on": D(2026, 5, 31)},
            "follow_up_on",
            "2026-05-31 is before the conversation (2026-06-01)",
        ),
        ({"departure_id": "DEP-1"}, "departure_id", "only a carer who left has a departure"),
        (
            {"outcome": ConversationOutcome.STAYED, "departure_id": "DEP-1"},
            "departure_id",
            "not one who stayed",
        ),
        ({"concerns": ("support.training",) * 2}, "concerns", "more than once"),
        ({"held_by": "team manager"}, "held_by", "not a valid id"),
    ],
)
def test_a_conversation_that_does_not_add_up_is_refused(
    changes: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(FieldError, match=re.escape(message)) as info:
        talk(**changes)
    assert info.value.field == field


def test_a_carer_who_stayed_or_left_needs_no_follow_up() -> None:
    assert talk(outcome=ConversationOutcome.STAYED, follow_up_on=None).follow_up_on is None
    left = talk(outcome=ConversationOutcome.LEFT, follow_up_on=None, departure_id="DEP-1")
    assert left.departure_id == "DEP-1"


def test_unknown_concerns_are_named_with_the_field() -> None:
    problems = conversation_reason_problems(talk(concerns=("support.trainning",)), load_taxonomy())
    assert [(p.entry, p.path, p.field) for p in problems] == [("CL-1", "concerns[0]", "concerns")]
    assert "support.training" in problems[0].message


def test_the_held_by_roles_are_the_exit_process_staff_roles() -> None:
    assert [r.value for r in HeldBy] == [r.value for r in fk.interviews.StaffRole]


@given(fks.considering_leaving_conversations())
def test_a_conversation_round_trips_through_its_serialised_form(conversation: ConsideringLeaving) -> None:
    data = record_to_dict(conversation)
    assert data["kind"] == "considering_leaving"
    assert record_from_dict(json.loads(json.dumps(data))) == conversation


@given(fks.considering_leaving_conversations(), st.integers(1, 60))
def test_the_validators_hold_for_every_conversation(conversation: ConsideringLeaving, days: int) -> None:
    undecided = conversation.outcome is ConversationOutcome.UNDECIDED
    assert conversation.follow_up_on is not None or not undecided
    assert conversation.follow_up_on is None or conversation.follow_up_on >= conversation.held_on
    assert conversation.departure_id is None or conversation.outcome is ConversationOutcome.LEFT
    with pytest.raises(FieldError):
        attrs.evolve(conversation, outcome=ConversationOutcome.UNDECIDED, follow_up_on=None)
    early = conversation.held_on - datetime.timedelta(days=days)
    with pytest.raises(FieldError):
        attrs.evolve(conversation, follow_up_on=early)


def test_a_serialised_conversation_with_a_bad_field_names_it() -> None:
    data = {**record_to_dict(talk()), "follow_up_on": None}
    with pytest.raises(StructureError) as info:
        record_from_dict(data, source="line 4")
    [problem] = info.value.problems
    assert (problem.entry, problem.field) == ("CL-1", "follow_up_on")


# -- the follow-up -----------------------------------------------------------------------------


def follow_ups(
    today: datetime.date, *conversations: ConsideringLeaving, **kwargs: Any
) -> list[tuple[object, ...]]:
    items = due([], today, conversations=conversations, **kwargs)
    assert {i.kind for i in items} <= {DueKind.FOLLOW_UP}
    return [(i.subject, i.ref, i.due_on, i.overdue) for i in items]


def test_an_undecided_carer_is_due_a_follow_up_listed_ahead_and_overdue_after_it() -> None:
    assert follow_ups(D(2026, 6, 16), talk()) == []
    assert follow_ups(D(2026, 6, 17), talk()) == [("HH-1", "CL-1", D(2026, 7, 1), False)]
    assert follow_ups(D(2026, 7, 1), talk()) == [("HH-1", "CL-1", D(2026, 7, 1), False)]
    assert follow_ups(D(2026, 7, 2), talk()) == [("HH-1", "CL-1", D(2026, 7, 1), True)]
    [item] = due([], D(2026, 7, 2), conversations=[talk()])
    assert item.describe() == (
        "HH-1 (CL-1): follow_up OVERDUE 2026-07-01: "
        "the carer was undecided after the conversation on 2026-06-01: talk again"
    )


def test_the_follow_up_notice_follows_the_policy() -> None:
    policy = ProcessPolicy(follow_up_notice_days=0)
    assert follow_ups(D(2026, 6, 30), talk(), policy=policy) == []
    assert follow_ups(D(2026, 7, 1), talk(), policy=policy) == [("HH-1", "CL-1", D(2026, 7, 1), False)]


def test_only_the_latest_conversation_of_a_household_counts() -> None:
    later = talk(id="CL-2", held_on=D(2026, 7, 1), outcome=ConversationOutcome.STAYED, follow_up_on=None)
    assert follow_ups(D(2026, 8, 1), later, talk()) == []
    again = talk(id="CL-3", held_on=D(2026, 7, 1), follow_up_on=D(2026, 8, 1))
    assert follow_ups(D(2026, 8, 1), talk(), again) == [("HH-1", "CL-3", D(2026, 8, 1), False)]
    other = talk(id="CL-9", household_id="HH-2")
    assert [i[0] for i in follow_ups(D(2026, 7, 2), talk(), other)] == ["HH-1", "HH-2"]


def leaving(notice_on: datetime.date) -> Departure:
    return Departure(
        id="DEP-1",
        household_id="HH-1",
        notice_on=notice_on,
        initiated_by=Initiator.CARER,
        route=LeavingRoute.RESIGNATION,
    )


def test_notice_after_the_conversation_hands_over_to_the_exit_process() -> None:
    items = due([], D(2026, 7, 2), conversations=[talk()], departures=[leaving(D(2026, 6, 20))])
    assert DueKind.FOLLOW_UP not in {i.kind for i in items}
    assert {i.kind for i in items} == {DueKind.OFFER, DueKind.CHECKLIST}
    earlier = due([], D(2026, 7, 2), conversations=[talk()], departures=[leaving(D(2025, 1, 6))])
    assert DueKind.FOLLOW_UP in {i.kind for i in earlier}


# -- the figures -------------------------------------------------------------------------------


def test_the_figures_count_conversations_and_each_households_latest_outcome() -> None:
    conversations = [
        talk(),
        talk(id="CL-2", held_on=D(2026, 7, 1), outcome=ConversationOutcome.STAYED, follow_up_on=None),
        talk(id="CL-3", household_id="HH-2", outcome=ConversationOutcome.LEFT, follow_up_on=None),
        talk(id="CL-4", household_id="HH-3"),
        talk(
            id="CL-5",
            household_id="HH-4",
            held_on=D(2025, 6, 1),
            follow_up_on=None,
            outcome=ConversationOutcome.STAYED,
        ),
    ]
    metrics = process_metrics([], conversations=conversations, start=D(2026, 4, 1), end=D(2027, 4, 1))
    assert metrics.conversations == 4
    assert metrics.households_considering_leaving == 3
    assert (metrics.stayed, metrics.left, metrics.undecided) == (Share(3, 1), Share(3, 1), Share(3, 1))
    everything = process_metrics([], conversations=conversations)
    assert (everything.conversations, everything.stayed) == (5, Share(4, 2))


def test_no_conversations_give_shares_of_nothing() -> None:
    metrics = process_metrics([])
    assert (metrics.conversations, metrics.households_considering_leaving) == (0, 0)
    assert metrics.stayed.percent is None


# -- the command line --------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_process_commands_read_conversations_from_json_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "records.jsonl"
    stayed = talk(id="CL-2", household_id="HH-2", outcome=ConversationOutcome.STAYED, follow_up_on=None)
    fk.write_jsonl([talk(), stayed], path)
    code, out, _ = run(capsys, "process", "due", str(path), "--today", "2026-07-02")
    assert code == 0
    assert out.splitlines()[0].startswith("HH-1 (CL-1): follow_up OVERDUE 2026-07-01")
    code, out, _ = run(capsys, "process", "metrics", str(path))
    assert code == 0
    lines = out.splitlines()
    assert "conversations: 2" in lines
    assert "stayed: 1 of 2 (50%)" in lines
    assert "post approval interviews: 0" not in lines  # shown only when the file holds some
    code, out, _ = run(capsys, "process", "metrics", str(path), "--json")
    assert json.loads(out)["undecided"] == {"of": 2, "count": 1}
    code, out, _ = run(capsys, "process", "check", str(path), "--today", "2026-07-02")
    assert code == 1
    assert out.splitlines() == [
        "HH-1 (CL-1): follow_up OVERDUE 2026-07-01: "
        "the carer was undecided after the conversation on 2026-06-01: talk again",
        "1 rule breach found",
    ]
    assert run(capsys, "process", "check", str(path), "--today", "2026-07-01")[0] == 0


# -- cross-record checks -----------------------------------------------------------------------


def test_check_records_finds_conversations_of_unknown_or_later_households() -> None:
    home = fk.Household(
        id="HH-1",
        service=fk.records.Service(name="Anytown", kind=fk.records.ServiceKind.LOCAL_AUTHORITY),
        carers=(fk.Carer(id="C-1"),),
        approved_on=D(2026, 6, 2),
        approval_kind=fk.records.ApprovalKind.MAINSTREAM,
        approved_for=(fk.records.PlacementType.SHORT_TERM,),
        caring_now=False,
        history=(fk.records.StatusChange(status=fk.HouseholdStatus.APPROVED, since=D(2026, 6, 2)),),
    )
    stranger = talk(id="CL-2", household_id="HH-7")
    interview = fk.interviews.PostApprovalInterview(
        id="PAI-1",
        household_id="HH-1",
        interviewed_on=D(2026, 12, 2),
        interviewer="IND-1",
        consent_to_anonymised_use=True,
    )
    result = fk.interviews.check_records([home, talk(), stranger, interview])
    found = [(p.kind, p.id, p.rule, p.sets_aside) for p in result.problems]
    assert ("considering_leaving", "CL-1", "before_approval", False) in found
    assert ("considering_leaving", "CL-2", "missing_household", False) in found
    assert not [p for p in found if p[0] == "post_approval_interview"]
    assert result.kinds["considering_leaving"] == 2
    assert result.kinds["post_approval_interview"] == 1
    assert "before_approval" in fk.interviews.REPORTED_ONLY
    alone = fk.interviews.check_records([talk()])
    assert alone.unchecked == (
        "no households in the records: the households of departures, conversations and "
        "post-approval interviews were not checked",
    )
