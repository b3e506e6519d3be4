"""The audit tool's records: cycles, carrying actions forward, and what a workbook will hold."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fosterkit.adapters.packs import load_catalogue
from fosterkit.audit import (
    ActionStatus,
    AuditAction,
    AuditAnswer,
    AuditCycle,
    CellProblem,
    Position,
    PriorityChoice,
    PriorityLevel,
    default_cycle_end,
    next_cycle,
    plan_audit_workbook,
)
from fosterkit.errors import FieldError
from fosterkit.testing.audit_strategies import audit_cycles

CATALOGUE = load_catalogue()
D = datetime.date


def _cycle(**changes: object) -> AuditCycle:
    fields: dict[str, object] = {
        "service": "Anytown Fostering",
        "start": D(2026, 4, 1),
        "end": D(2026, 9, 30),
        "pack": CATALOGUE.pack.id,
        "pack_version": CATALOGUE.pack.version,
    }
    fields.update(changes)
    return AuditCycle(**fields)  # type: ignore[arg-type]


def test_choices_parse_as_people_type_them() -> None:
    assert Position.parse("  Partly   in Place ") is Position.PARTLY_IN_PLACE
    assert PriorityLevel.parse("HIGH") is PriorityLevel.HIGH
    assert ActionStatus.parse("in progress") is ActionStatus.IN_PROGRESS
    with pytest.raises(ValueError, match="'sort of' is not one of 'not in place'"):
        Position.parse("sort of")


def test_only_done_actions_are_closed() -> None:
    assert [s for s in ActionStatus if not s.is_open] == [ActionStatus.DONE]


def test_a_cycle_refuses_blank_and_repeated_answers() -> None:
    qid = CATALOGUE.questions[0].id
    with pytest.raises(FieldError, match="blank"):
        _cycle(answers=(AuditAnswer(question_id=qid),))
    twice = (AuditAnswer(question_id=qid, owner="Sam"), AuditAnswer(question_id=qid, owner="Jo"))
    with pytest.raises(FieldError, match="answered twice"):
        _cycle(answers=twice)
    with pytest.raises(FieldError, match="listed twice"):
        _cycle(priorities=(PriorityChoice(element_id="KP1"), PriorityChoice(element_id="KP1", focus=True)))
    with pytest.raises(FieldError, match="before it starts"):
        _cycle(end=D(2026, 3, 1))


def test_cycle_label_and_lookups() -> None:
    qid = CATALOGUE.questions[3].id
    cycle = _cycle(
        answers=(AuditAnswer(question_id=qid, position=Position.IN_PLACE),),
        priorities=(PriorityChoice(element_id="KP3", focus=True), PriorityChoice(element_id="R7")),
        actions=(
            AuditAction(action="Start a peer group", status=ActionStatus.DONE),
            AuditAction(action="Review short breaks", status=ActionStatus.BLOCKED),
        ),
    )
    assert cycle.label == "1 Apr 2026 to 30 Sep 2026"
    assert cycle.answer(qid) == AuditAnswer(question_id=qid, position=Position.IN_PLACE)
    assert cycle.answer(CATALOGUE.questions[0].id) is None
    assert cycle.positions == {qid: Position.IN_PLACE}
    assert cycle.focus == ("KP3",)
    assert [a.action for a in cycle.open_actions] == ["Review short breaks"]


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (D(2026, 4, 1), D(2026, 9, 30)),
        (D(2026, 10, 1), D(2027, 3, 31)),
        (D(2026, 8, 31), D(2027, 2, 27)),  # no 31 February: the cycle ends the day before 28 Feb
        (D(2026, 11, 23), D(2027, 5, 22)),
    ],
)
def test_default_cycle_is_six_calendar_months(start: datetime.date, end: datetime.date) -> None:
    assert default_cycle_end(start) == end


def test_next_cycle_carries_open_actions_and_keeps_their_origin() -> None:
    first = _cycle(
        answers=(AuditAnswer(question_id=CATALOGUE.questions[0].id, position=Position.NOT_IN_PLACE),),
        actions=(
            AuditAction(action="Done already", status=ActionStatus.DONE),
            AuditAction(action="Still going", status=ActionStatus.IN_PROGRESS, link="KP3"),
            AuditAction(action="Old one", carried_from="1 Oct 2025 to 31 Mar 2026"),
        ),
    )
    second = next_cycle(first)
    assert (second.start, second.end) == (D(2026, 10, 1), D(2027, 3, 31))
    assert second.answers == ()
    assert second.priorities == ()
    assert [(a.action, a.carried_from) for a in second.actions] == [
        ("Still going", "1 Apr 2026 to 30 Sep 2026"),
        ("Old one", "1 Oct 2025 to 31 Mar 2026"),
    ]


@given(audit_cycles(CATALOGUE), st.integers(1, 400))
def test_next_cycle_keeps_every_open_action_and_nothing_else(cycle: AuditCycle, days: int) -> None:
    start = cycle.end + datetime.timedelta(days=days)
    after = next_cycle(cycle, start=start)
    assert after.start == start
    assert [a.action for a in after.actions] == [a.action for a in cycle.actions if a.status.is_open]
    assert all(a.carried_from for a in after.actions)
    assert after.end >= after.start


def test_plan_for_a_first_cycle_starts_today() -> None:
    plan = plan_audit_workbook(CATALOGUE, service="Anytown", today=D(2026, 11, 23))
    assert (plan.cycle.start, plan.cycle.end) == (D(2026, 11, 23), D(2027, 5, 22))
    assert plan.previous == {}
    assert plan.insights is None
    assert plan.generated_on == D(2026, 11, 23)


def test_plan_from_last_cycle_shows_its_positions() -> None:
    qid = CATALOGUE.questions[5].id
    last = _cycle(
        answers=(AuditAnswer(question_id=qid, position=Position.PARTLY_IN_PLACE, owner="Sam"),),
        actions=(AuditAction(action="Keep going"),),
    )
    plan = plan_audit_workbook(CATALOGUE, service="Anytown", today=D(2026, 11, 23), previous=last)
    assert plan.cycle.start == D(2026, 10, 1)
    assert plan.previous == {qid: Position.PARTLY_IN_PLACE}
    assert plan.previous_label == last.label
    assert [a.action for a in plan.cycle.actions] == ["Keep going"]


def test_plan_from_a_quarterly_cycle_runs_another_quarter() -> None:
    last = _cycle(start=D(2026, 4, 1), end=D(2026, 6, 30))
    plan = plan_audit_workbook(CATALOGUE, service="Anytown", today=D(2026, 11, 23), previous=last)
    assert (plan.cycle.start, plan.cycle.end) == (D(2026, 7, 1), D(2026, 9, 30))
    chosen = plan_audit_workbook(
        CATALOGUE, service="Anytown", today=D(2026, 11, 23), previous=last, start=D(2026, 8, 1)
    )
    assert (chosen.cycle.start, chosen.cycle.end) == (D(2026, 8, 1), D(2026, 10, 31))


def test_plan_refuses_a_cycle_from_another_pack() -> None:
    with pytest.raises(ValueError, match="for pack 'regional'"):
        plan_audit_workbook(CATALOGUE, service="A", today=D(2026, 1, 1), previous=_cycle(pack="regional"))


def test_a_workbook_refuses_content_the_catalogue_does_not_have() -> None:
    from fosterkit.audit import AuditWorkbook

    with pytest.raises(KeyError, match="no question"):
        AuditWorkbook(
            catalogue=CATALOGUE,
            cycle=_cycle(answers=(AuditAnswer(question_id="nope", owner="x"),)),
            generated_on=D(2026, 1, 1),
        )
    with pytest.raises(FieldError, match="R99"):
        AuditWorkbook(
            catalogue=CATALOGUE,
            cycle=_cycle(actions=(AuditAction(action="x", link="R99"),)),
            generated_on=D(2026, 1, 1),
        )


def test_cell_problem_names_the_cell_as_a_spreadsheet_does() -> None:
    problem = CellProblem(sheet="Action plan", cell="D7", value="soon", message="'soon' is not a date")
    assert problem.where == "'Action plan'!D7"
    assert str(problem) == "'Action plan'!D7: 'soon' is not a date"
    assert CellProblem(sheet="Assess", cell="F12", value="", message="m").where == "Assess!F12"
