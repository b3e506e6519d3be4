"""Interview stages: due dates, the stage 2 window, appointments."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fosterkit import FieldError, InterviewStage, StructureError, structure, unstructure
from fosterkit.interviews import Appointment, StageTwoWindow, add_months, post_approval_interview_due
from fosterkit.testing import strategies as fks

D = datetime.date


def test_post_approval_interview_is_due_six_months_after_approval() -> None:
    assert post_approval_interview_due(D(2026, 1, 15)) == D(2026, 7, 15)
    assert post_approval_interview_due(D(2025, 8, 31)) == D(2026, 2, 28)
    assert post_approval_interview_due(D(2026, 1, 15), months=3) == D(2026, 4, 15)


def test_default_stage_two_window_is_four_to_six_weeks_after_stage_one() -> None:
    window = StageTwoWindow.default(D(2026, 3, 2))
    assert (window.opens, window.closes) == (D(2026, 3, 30), D(2026, 4, 13))
    assert window.moved_because == ""
    assert not window.is_open(D(2026, 3, 29))
    assert window.is_open(D(2026, 4, 13))
    assert window.is_overdue(D(2026, 4, 14))


def test_moving_the_window_needs_a_reason_which_is_kept() -> None:
    window = StageTwoWindow.default(D(2026, 3, 2))
    with pytest.raises(FieldError, match="say why the window moved"):
        window.moved(D(2026, 5, 1), D(2026, 5, 15), because=" ")
    moved = window.moved(D(2026, 5, 1), D(2026, 5, 15), because="carer away until May")
    assert moved.moved_because == "carer away until May"
    assert moved.stage_one_on == D(2026, 3, 2)


def test_window_rules() -> None:
    with pytest.raises(FieldError, match="stage 2 comes after stage 1"):
        StageTwoWindow(stage_one_on=D(2026, 3, 2), opens=D(2026, 3, 2), closes=D(2026, 4, 1))
    with pytest.raises(FieldError, match="closes"):
        StageTwoWindow(stage_one_on=D(2026, 3, 2), opens=D(2026, 4, 2), closes=D(2026, 4, 1))


def test_malformed_appointment_names_record_and_field() -> None:
    data = {
        "id": "APT-9",
        "stage": "exit_stage_3",
        "on": "2026-02-30",
        "location": "video",
        "location_agreed": True,
        "interviewer": "STAFF-12",
        "companion": {"kind": "peer"},
    }
    with pytest.raises(StructureError) as caught:
        structure(data, Appointment)
    assert {(p.entry, p.path) for p in caught.value.problems} == {("APT-9", "stage"), ("APT-9", "on")}
    assert "'2026-02-30' is not a date" in str(caught.value)


@given(fks.appointments())
def test_appointments_round_trip(appointment: Appointment) -> None:
    assert structure(unstructure(appointment), Appointment) == appointment


@given(fks.stage_two_windows())
def test_windows_round_trip_and_follow_stage_one(window: StageTwoWindow) -> None:
    assert structure(unstructure(window), StageTwoWindow) == window
    assert window.stage_one_on < window.opens <= window.closes


@given(st.dates(D(1990, 1, 1), D(2040, 1, 1)), st.integers(0, 48))
def test_add_months_stays_in_the_target_month(day: datetime.date, months: int) -> None:
    moved = add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day <= day.day


def test_stages() -> None:
    assert [s.value for s in InterviewStage] == ["post_approval_interview", "exit_stage_1", "exit_stage_2"]
