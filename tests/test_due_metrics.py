"""What is due in the exit-interview process, and the figures on how well it runs."""

from __future__ import annotations

import datetime

import attrs
import pytest

from fosterkit import (
    Carer,
    DataCollectionRecord,
    Departure,
    ExitProcess,
    Household,
    HouseholdStatus,
    Initiator,
    InterviewStage,
    LeavingRoute,
    ProcessPolicy,
    Triage,
    due,
    process_metrics,
)
from fosterkit.interviews import (
    Appointment,
    Booking,
    Cancellation,
    ChecklistSent,
    DueItem,
    DueKind,
    Escalation,
    Finding,
    Interview,
    Location,
    PreInterview,
    ProcessMetrics,
    ProcessReview,
    ResponseKind,
    Share,
    StageTwoWindow,
    Suggestion,
    breaches,
)
from fosterkit.records import (
    ApprovalKind,
    ConsideringLeaving,
    ConversationOutcome,
    HeldBy,
    PlacementType,
    Service,
    ServiceKind,
    StatusChange,
)
from test_process_rules import STAGE_ONE_ON, held_with_disclosure

D = datetime.date
S1 = InterviewStage.EXIT_STAGE_1
S2 = InterviewStage.EXIT_STAGE_2

SSW = "SSW-12"
INDEPENDENT = "IRO-5"
NOTICE = D(2026, 3, 2)
FEES = "finance.fees_allowances"
CONDUCT = "concerns.inappropriate_conduct"
CHECKLIST = "leaving-carers"


def departure(
    id: str = "DEP-1", notice_on: datetime.date = NOTICE, route: LeavingRoute = LeavingRoute.RESIGNATION
) -> Departure:
    return Departure(
        id=id,
        household_id=f"HH-{id}",
        notice_on=notice_on,
        initiated_by=Initiator.SERVICE if route.ended_by_service else Initiator.CARER,
        route=route,
    )


def started(
    id: str = "EXIT-1",
    departure_id: str = "DEP-1",
    notice_on: datetime.date = NOTICE,
    route: LeavingRoute = LeavingRoute.RESIGNATION,
) -> ExitProcess:
    return ExitProcess.start(
        id,
        departure(departure_id, notice_on, route),
        supervising_social_worker=SSW,
        line_management=("TM-3",),
    )


def ask(process: ExitProcess, on: datetime.date) -> ExitProcess:
    return process.ask_before_interview(on, raise_relationships=False, wants_companion=False)


def appointment(
    id: str, on: datetime.date, stage: InterviewStage = S1, interviewer: str = INDEPENDENT
) -> Appointment:
    return Appointment(
        id=id, stage=stage, on=on, location=Location.VIDEO, location_agreed=True, interviewer=interviewer
    )


def record(
    id: str,
    on: datetime.date,
    *,
    departure_id: str = "DEP-1",
    stage: InterviewStage = S1,
    suggestions: tuple[str, ...] = (),
) -> DataCollectionRecord:
    return DataCollectionRecord(
        id=id,
        departure_id=departure_id,
        stage=stage,
        interviewed_on=on,
        primary_reason=FEES,
        secondary_reasons=(CONDUCT,),
        suggestions=tuple(Suggestion(id=s, text=f"Suggestion {s}") for s in suggestions),
        consent_to_anonymised_use=True,
    )


def offered() -> ExitProcess:
    return started().offer(D(2026, 3, 3))


def booked() -> ExitProcess:
    """Exit stage 1 booked on 5 March for 12 March."""
    return ask(offered(), D(2026, 3, 4)).book(appointment("A1", D(2026, 3, 12)), D(2026, 3, 5))


def held() -> ExitProcess:
    """Stage 1 held on 12 March (window 9 to 23 April), checklist sent, nothing triaged yet."""
    return (
        booked()
        .complete("A1", record("DCR-1", D(2026, 3, 12), suggestions=("S1", "S2")))
        .send_checklist(D(2026, 3, 6), checklist=CHECKLIST, version="2026.1")
    )


def escalation(raised_on: datetime.date, due_on: datetime.date) -> Escalation:
    return Escalation(owner="head-of-service", raised_on=raised_on, due_on=due_on)


def triaged() -> ExitProcess:
    return (
        held()
        .triage("DCR-1", FEES, Triage.THEMATIC, D(2026, 3, 13))
        .triage(
            "DCR-1",
            CONDUCT,
            Triage.URGENT,
            D(2026, 3, 13),
            escalation=escalation(D(2026, 3, 13), D(2026, 3, 20)),
        )
    )


def listed(items: list[DueItem]) -> list[tuple[DueKind, str, datetime.date, bool, str, str | None]]:
    return [(i.kind, i.subject, i.due_on, i.overdue, i.why, i.ref) for i in items]


def of_kind(items: list[DueItem], kind: DueKind) -> list[tuple[datetime.date, bool, str, str | None]]:
    return [(i.due_on, i.overdue, i.why, i.ref) for i in items if i.kind is kind]


# -- due: one kind at a time ---------------------------------------------------------------------------


def test_a_new_process_is_due_an_offer_and_the_checklist() -> None:
    offer = (DueKind.OFFER, "EXIT-1", D(2026, 3, 9))
    checklist = (DueKind.CHECKLIST, "EXIT-1", D(2026, 3, 16))
    assert listed(due([started()], NOTICE)) == [
        (*offer, False, "offer an exit interview", None),
        (*checklist, False, "send the leaving carer's checklist", None),
    ]
    assert listed(due([started()], D(2026, 3, 9))) == [
        (*offer, False, "offer an exit interview", None),
        (*checklist, False, "send the leaving carer's checklist", None),
    ]
    assert listed(due([started()], D(2026, 3, 10))) == [
        (*offer, True, "offer an exit interview", None),
        (*checklist, False, "send the leaving carer's checklist", None),
    ]
    assert listed(due([started()], D(2026, 3, 17))) == [
        (*offer, True, "offer an exit interview", None),
        (*checklist, True, "send the leaving carer's checklist", None),
    ]


def test_once_offered_stage_one_is_due_within_the_policy_days() -> None:
    process = offered()
    assert of_kind(due([process], D(2026, 3, 3)), DueKind.OFFER) == []
    why = "book and hold exit stage 1"
    assert of_kind(due([process], D(2026, 3, 30)), DueKind.STAGE_ONE) == [(D(2026, 3, 30), False, why, None)]
    assert of_kind(due([process], D(2026, 3, 31)), DueKind.STAGE_ONE) == [(D(2026, 3, 30), True, why, None)]
    policy = ProcessPolicy(stage_one_within_days=14)
    assert of_kind(due([process], D(2026, 3, 17), policy=policy), DueKind.STAGE_ONE) == [
        (D(2026, 3, 16), True, why, None)
    ]
    # Booked: no longer listed as to be booked.
    assert of_kind(due([booked()], D(2026, 3, 5)), DueKind.STAGE_ONE) == []


def test_an_appointment_whose_day_has_come_needs_its_outcome() -> None:
    process = booked()
    why = "exit_stage_1 was booked for 2026-03-12: record it as held or cancelled"
    assert of_kind(due([process], D(2026, 3, 11)), DueKind.OUTCOME) == []
    assert of_kind(due([process], D(2026, 3, 12)), DueKind.OUTCOME) == [(D(2026, 3, 12), False, why, "A1")]
    assert of_kind(due([process], D(2026, 3, 13)), DueKind.OUTCOME) == [(D(2026, 3, 12), True, why, "A1")]
    assert of_kind(due([held()], D(2026, 3, 13)), DueKind.OUTCOME) == []


def test_a_service_cancellation_is_due_for_rebooking() -> None:
    process = booked().cancel("A1", D(2026, 3, 9), by=Initiator.SERVICE, reason="interviewer ill")
    why = "the service cancelled exit_stage_1 on 2026-03-09: rebook it"
    assert listed(due([process], D(2026, 3, 19))) == [
        (DueKind.CHECKLIST, "EXIT-1", D(2026, 3, 16), True, "send the leaving carer's checklist", None),
        (DueKind.REBOOKING, "EXIT-1", D(2026, 3, 19), False, why, "A1"),
    ]
    assert of_kind(due([process], D(2026, 3, 20)), DueKind.REBOOKING) == [(D(2026, 3, 19), True, why, "A1")]
    rebooked = process.book(appointment("A2", D(2026, 3, 23)), D(2026, 3, 20))
    assert of_kind(due([rebooked], D(2026, 3, 20)), DueKind.REBOOKING) == []


def test_the_stage_two_window_is_listed_from_a_week_before_it_opens() -> None:
    process = triaged()
    assert of_kind(due([process], D(2026, 4, 1)), DueKind.STAGE_TWO) == []
    assert of_kind(due([process], D(2026, 4, 2)), DueKind.STAGE_TWO) == [
        (D(2026, 4, 23), False, "the stage 2 window opens on 2026-04-09: book exit stage 2", None)
    ]
    open_why = "the stage 2 window is open (2026-04-09 to 2026-04-23): hold exit stage 2"
    assert of_kind(due([process], D(2026, 4, 9)), DueKind.STAGE_TWO) == [
        (D(2026, 4, 23), False, open_why, None)
    ]
    assert of_kind(due([process], D(2026, 4, 23)), DueKind.STAGE_TWO) == [
        (D(2026, 4, 23), False, open_why, None)
    ]
    assert of_kind(due([process], D(2026, 4, 24)), DueKind.STAGE_TWO) == [
        (
            D(2026, 4, 23),
            True,
            "the stage 2 window closed on 2026-04-23: hold stage 2, or move the window (with a reason)",
            None,
        )
    ]
    moved = process.move_stage_two_window(D(2026, 5, 4), D(2026, 5, 15), because="carer away in April")
    assert of_kind(due([moved], D(2026, 4, 24)), DueKind.STAGE_TWO) == []
    assert of_kind(due([moved], D(2026, 4, 27)), DueKind.STAGE_TWO) == [
        (D(2026, 5, 15), False, "the stage 2 window opens on 2026-05-04: book exit stage 2", None)
    ]
    booked_two = process.book(appointment("A2", D(2026, 4, 16), S2), D(2026, 4, 2))
    assert of_kind(due([booked_two], D(2026, 4, 9)), DueKind.STAGE_TWO) == []
    declined = process.decline(D(2026, 4, 2), S2)
    assert of_kind(due([declined], D(2026, 4, 9)), DueKind.STAGE_TWO) == []


def test_findings_are_due_for_triage() -> None:
    process = held()
    assert of_kind(due([process], D(2026, 3, 14)), DueKind.TRIAGE) == [
        (
            D(2026, 3, 14),
            False,
            "triage finance.fees_allowances, concerns.inappropriate_conduct as urgent or thematic",
            "DCR-1",
        )
    ]
    process = process.triage("DCR-1", FEES, Triage.THEMATIC, D(2026, 3, 13))
    assert of_kind(due([process], D(2026, 3, 15)), DueKind.TRIAGE) == [
        (D(2026, 3, 14), True, "triage concerns.inappropriate_conduct as urgent or thematic", "DCR-1")
    ]
    assert of_kind(due([triaged()], D(2026, 3, 15)), DueKind.TRIAGE) == []


def test_an_escalation_is_due_from_its_owner_by_its_date() -> None:
    process = triaged()
    why = "head-of-service to act on urgent finding concerns.inappropriate_conduct"
    assert of_kind(due([process], D(2026, 3, 20)), DueKind.ESCALATION) == [
        (D(2026, 3, 20), False, why, "DCR-1")
    ]
    assert of_kind(due([process], D(2026, 3, 21)), DueKind.ESCALATION) == [
        (D(2026, 3, 20), True, why, "DCR-1")
    ]
    closed = process.close_escalation("DCR-1", CONDUCT, D(2026, 3, 19))
    assert of_kind(due([closed], D(2026, 3, 21)), DueKind.ESCALATION) == []


def test_an_imported_urgent_finding_without_an_escalation_is_due_to_be_escalated() -> None:
    base = held()
    booking = base.bookings[0]
    assert booking.interview is not None
    finding = Finding(reason=CONDUCT, triage=Triage.URGENT, triaged_on=D(2026, 3, 12))
    interview = attrs.evolve(booking.interview, findings=(finding,))
    process = attrs.evolve(base, bookings=(attrs.evolve(booking, interview=interview),))
    assert of_kind(due([process], D(2026, 3, 15)), DueKind.ESCALATION) == [
        (
            D(2026, 3, 14),
            True,
            "escalate urgent finding concerns.inappropriate_conduct to an owner with a date",
            "DCR-1",
        )
    ]


def test_feedback_is_due_within_the_policy_days_of_the_interview() -> None:
    process = triaged()
    assert of_kind(due([process], D(2026, 4, 9)), DueKind.FEEDBACK) == [
        (D(2026, 4, 9), False, "respond to suggestions S1, S2, then send feedback", "DCR-1")
    ]
    process = process.respond("DCR-1", "S1", ResponseKind.WILL_CHANGE, D(2026, 3, 20))
    assert of_kind(due([process], D(2026, 4, 10)), DueKind.FEEDBACK) == [
        (D(2026, 4, 9), True, "respond to suggestions S2, then send feedback", "DCR-1")
    ]
    process = process.respond("DCR-1", "S2", ResponseKind.UNDER_REVIEW, D(2026, 3, 20))
    assert of_kind(due([process], D(2026, 4, 10)), DueKind.FEEDBACK) == [
        (D(2026, 4, 9), True, "send the carer feedback", "DCR-1")
    ]
    policy = ProcessPolicy(feedback_within_days=14)
    assert of_kind(due([process], D(2026, 3, 26), policy=policy), DueKind.FEEDBACK) == [
        (D(2026, 3, 26), False, "send the carer feedback", "DCR-1")
    ]
    assert of_kind(due([process], D(2026, 3, 27), policy=policy), DueKind.FEEDBACK) == [
        (D(2026, 3, 26), True, "send the carer feedback", "DCR-1")
    ]
    sent = process.send_feedback("DCR-1", D(2026, 3, 25))
    assert of_kind(due([sent], D(2026, 4, 10)), DueKind.FEEDBACK) == []


# -- due: a finished process, and ordering --------------------------------------------------------------


def finished() -> ExitProcess:
    return (
        triaged()
        .close_escalation("DCR-1", CONDUCT, D(2026, 3, 18))
        .respond("DCR-1", "S1", ResponseKind.WILL_CHANGE, D(2026, 3, 20))
        .respond("DCR-1", "S2", ResponseKind.CANNOT_CHANGE, D(2026, 3, 20), reason="set nationally")
        .send_feedback("DCR-1", D(2026, 3, 25))
        .book(appointment("A2", D(2026, 4, 16), S2), D(2026, 3, 26))
        .complete("A2", record("DCR-2", D(2026, 4, 16), stage=S2))
        .triage("DCR-2", FEES, Triage.THEMATIC, D(2026, 4, 17))
        .triage("DCR-2", CONDUCT, Triage.THEMATIC, D(2026, 4, 17))
        .send_feedback("DCR-2", D(2026, 4, 30))
    )


@pytest.mark.parametrize("today", [D(2026, 5, 1), D(2026, 12, 31)])
def test_nothing_is_due_for_a_finished_process(today: datetime.date) -> None:
    process = finished()
    assert breaches(process) == ()
    assert due([process], today) == []
    assert due([process], today, households=[household()], post_approval_held={"HH-1"}) == []


def test_nothing_is_due_once_the_carer_declines_and_has_the_checklist() -> None:
    process = (
        booked().decline(D(2026, 3, 6)).send_checklist(D(2026, 3, 6), checklist=CHECKLIST, version="2026.1")
    )
    assert due([process], D(2026, 6, 1)) == []


def test_overdue_items_come_first_then_by_due_date() -> None:
    new = started("EXIT-A", "DEP-A")
    interviewed = attrs.evolve(held(), id="EXIT-B")
    items = due(
        [interviewed, new], D(2026, 3, 20), policy=SINCE_2020, households=[household("HH-9", D(2025, 9, 25))]
    )
    assert [(i.kind, i.subject, i.due_on, i.overdue) for i in items] == [
        (DueKind.OFFER, "EXIT-A", D(2026, 3, 9), True),
        (DueKind.TRIAGE, "EXIT-B", D(2026, 3, 14), True),
        (DueKind.CHECKLIST, "EXIT-A", D(2026, 3, 16), True),
        (DueKind.POST_APPROVAL_INTERVIEW, "HH-9", D(2026, 3, 25), False),
        (DueKind.FEEDBACK, "EXIT-B", D(2026, 4, 9), False),
    ]
    assert items[1].describe() == (
        "EXIT-B (DCR-1): triage OVERDUE 2026-03-14: triage finance.fees_allowances, "
        "concerns.inappropriate_conduct as urgent or thematic"
    )
    assert (
        items[4].describe()
        == "EXIT-B (DCR-1): feedback due 2026-04-09: respond to suggestions S1, S2, then send feedback"
    )


def test_every_kind_of_item_is_produced() -> None:
    service_cancelled = booked().cancel("A1", D(2026, 3, 9), by=Initiator.SERVICE, reason="interviewer ill")
    scenarios = [
        due([started()], NOTICE),
        due([offered()], NOTICE),
        due([booked()], D(2026, 3, 12)),
        due([service_cancelled], D(2026, 3, 10)),
        due([held()], D(2026, 4, 9)),
        due([triaged()], D(2026, 3, 14)),
        due([], D(2026, 7, 1), policy=SINCE_2020, households=[household()]),
        due([], D(2026, 7, 1), conversations=[undecided_conversation()]),
        due([], D(2027, 3, 1), process_reviews=[ProcessReview(id="PR-1", held_on=D(2026, 3, 2))]),
        due([held_with_disclosure()], STAGE_ONE_ON),
    ]
    assert {item.kind for items in scenarios for item in items} == set(DueKind)


# -- due: post-approval interviews ----------------------------------------------------------------------


APPROVED = D(2026, 1, 15)
#: A service that has held post-approval interviews since 2020.
SINCE_2020 = ProcessPolicy(post_approval_from=D(2020, 1, 1))


def undecided_conversation() -> ConsideringLeaving:
    return ConsideringLeaving(
        id="CL-1",
        household_id="HH-1",
        held_on=D(2026, 6, 1),
        held_by="TM-1",
        held_by_role=HeldBy.LINE_MANAGEMENT,
        outcome=ConversationOutcome.UNDECIDED,
        follow_up_on=D(2026, 7, 1),
    )


def household(id: str = "HH-1", approved_on: datetime.date = APPROVED, *later: StatusChange) -> Household:
    return Household(
        id=id,
        service=Service(name="Northshire Fostering", kind=ServiceKind.LOCAL_AUTHORITY),
        carers=(Carer(id=f"{id}-C1"),),
        approved_on=approved_on,
        approval_kind=ApprovalKind.MAINSTREAM,
        approved_for=(PlacementType.SHORT_TERM,),
        caring_now=True,
        history=(StatusChange(status=HouseholdStatus.APPROVED, since=approved_on), *later),
    )


def reviews(
    today: datetime.date,
    *households: Household,
    policy: ProcessPolicy | None = None,
    held: tuple[str, ...] = (),
) -> list[tuple[object, ...]]:
    items = due([], today, policy=policy or SINCE_2020, households=households, post_approval_held=held)
    assert {i.kind for i in items} <= {DueKind.POST_APPROVAL_INTERVIEW}
    return [(i.subject, i.due_on, i.overdue, i.why, i.ref) for i in items]


def test_a_post_approval_interview_is_listed_before_it_is_due_and_overdue_after_the_grace() -> None:
    why = "post-approval interview: approved on 2026-01-15, interview due about 2026-07-15"
    item = ("HH-1", D(2026, 7, 15))
    assert reviews(D(2026, 6, 16), household()) == []
    assert reviews(D(2026, 6, 17), household()) == [(*item, False, why, None)]
    assert reviews(D(2026, 7, 16), household()) == [(*item, False, why, None)]
    assert reviews(D(2026, 8, 12), household()) == [(*item, False, why, None)]
    assert reviews(D(2026, 8, 13), household()) == [(*item, True, why, None)]


def test_post_approval_interview_follows_the_policy() -> None:
    policy = ProcessPolicy(
        post_approval_from=APPROVED,
        post_approval_months=3,
        post_approval_notice_days=7,
        post_approval_grace_days=0,
    )
    why = "post-approval interview: approved on 2026-01-15, interview due about 2026-04-15"
    assert reviews(D(2026, 4, 7), household(), policy=policy) == []
    assert reviews(D(2026, 4, 8), household(), policy=policy) == [("HH-1", D(2026, 4, 15), False, why, None)]
    assert reviews(D(2026, 4, 15), household(), policy=policy) == [("HH-1", D(2026, 4, 15), False, why, None)]
    assert reviews(D(2026, 4, 16), household(), policy=policy) == [("HH-1", D(2026, 4, 15), True, why, None)]


def test_an_interview_approved_at_month_end_is_due_at_the_end_of_the_shorter_month() -> None:
    assert reviews(D(2026, 2, 1), household("HH-2", D(2025, 8, 31))) == [
        (
            "HH-2",
            D(2026, 2, 28),
            False,
            "post-approval interview: approved on 2025-08-31, interview due about 2026-02-28",
            None,
        )
    ]


def test_no_interview_is_listed_once_held() -> None:
    assert reviews(D(2026, 7, 1), household(), household("HH-2"), held=("HH-1",)) == [
        (
            "HH-2",
            D(2026, 7, 15),
            False,
            "post-approval interview: approved on 2026-01-15, interview due about 2026-07-15",
            None,
        )
    ]


@pytest.mark.parametrize(
    ("status", "listed_still"),
    [
        (HouseholdStatus.DEREGISTERED, False),
        (HouseholdStatus.TRANSFERRED, False),
        (HouseholdStatus.ON_HOLD, True),
        (HouseholdStatus.LEAVING, True),
    ],
)
def test_no_interview_is_listed_for_a_household_that_has_left(
    status: HouseholdStatus, listed_still: bool
) -> None:
    changed = household("HH-1", D(2026, 1, 15), StatusChange(status=status, since=D(2026, 5, 1)))
    assert changed.status is status
    assert len(reviews(D(2026, 8, 20), changed)) == (1 if listed_still else 0)


# -- metrics ----------------------------------------------------------------------------------------------


def exit_1() -> ExitProcess:
    """Cancelled by the service and rebooked 2 days later; both stages held, all done in time."""
    return (
        ask(started("EXIT-1", "DEP-1", D(2026, 3, 2)).offer(D(2026, 3, 3)), D(2026, 3, 4))
        .book(appointment("A1", D(2026, 3, 10)), D(2026, 3, 5))
        .cancel("A1", D(2026, 3, 9), by=Initiator.SERVICE, reason="interviewer ill")
        .book(appointment("A2", D(2026, 3, 12)), D(2026, 3, 11))
        .complete("A2", record("DCR-1", D(2026, 3, 12), suggestions=("S1",)))
        .triage("DCR-1", FEES, Triage.THEMATIC, D(2026, 3, 13))
        .triage(
            "DCR-1",
            CONDUCT,
            Triage.URGENT,
            D(2026, 3, 13),
            escalation=escalation(D(2026, 3, 14), D(2026, 3, 20)),
        )
        .respond("DCR-1", "S1", ResponseKind.WILL_CHANGE, D(2026, 3, 20))
        .send_feedback("DCR-1", D(2026, 3, 25))
        .book(appointment("A3", D(2026, 4, 16), S2), D(2026, 3, 20))
        .complete("A3", record("DCR-2", D(2026, 4, 16), stage=S2))
        .send_feedback("DCR-2", D(2026, 4, 20))
        .send_checklist(D(2026, 3, 6), checklist=CHECKLIST, version="2026.1")
    )


def exit_2() -> ExitProcess:
    """Booked, then declined: the carer's opt-out cancels the appointment, with its reason."""
    return (
        ask(started("EXIT-2", "DEP-2", D(2026, 3, 2)).offer(D(2026, 3, 3)), D(2026, 3, 4))
        .book(appointment("A1", D(2026, 3, 12)), D(2026, 3, 5))
        .decline(D(2026, 3, 6))
        .send_checklist(D(2026, 3, 10), checklist=CHECKLIST, version="2026.1")
    )


def exit_3() -> ExitProcess:
    """A termination: rebooked 6 days after the service cancelled; urgent finding escalated late."""
    return (
        ask(
            started("EXIT-3", "DEP-3", D(2026, 3, 16), LeavingRoute.TERMINATION_AFTER_ALLEGATION).offer(
                D(2026, 3, 17)
            ),
            D(2026, 3, 18),
        )
        .book(appointment("A1", D(2026, 4, 1)), D(2026, 3, 20))
        .cancel("A1", D(2026, 3, 25), by=Initiator.SERVICE, reason="interviewer on leave")
        .book(appointment("A2", D(2026, 4, 5)), D(2026, 3, 31))
        .complete("A2", record("DCR-3", D(2026, 4, 5), departure_id="DEP-3"))
        .triage(
            "DCR-3",
            CONDUCT,
            Triage.URGENT,
            D(2026, 4, 10),
            escalation=escalation(D(2026, 4, 10), D(2026, 4, 17)),
        )
    )


def exit_4() -> ExitProcess:
    """Imported: a cancellation without a reason, and an interview held by the carer's own worker."""
    process = ExitProcess(
        id="EXIT-4",
        departure=departure("DEP-4", D(2026, 3, 10)),
        supervising_social_worker=SSW,
        offered_on=D(2026, 3, 11),
        pre_interview=PreInterview(asked_on=D(2026, 3, 11), raise_relationships=True, wants_companion=False),
        bookings=(
            Booking(
                appointment=appointment("A1", D(2026, 3, 20)),
                booked_on=D(2026, 3, 12),
                cancellation=Cancellation(on=D(2026, 3, 18), by=Initiator.CARER, reason=""),
            ),
            Booking(
                appointment=appointment("A2", D(2026, 4, 3), interviewer=SSW),
                booked_on=D(2026, 3, 19),
                interview=Interview(
                    record=record("DCR-4", D(2026, 4, 3), departure_id="DEP-4"),
                    feedback_sent_on=D(2026, 4, 10),
                ),
            ),
        ),
        stage_two_window=StageTwoWindow.default(D(2026, 4, 3)),
        checklist_sent=ChecklistSent(checklist=CHECKLIST, version="2026.1", on=D(2026, 3, 12)),
    )
    assert [b.path for b in breaches(process)] == [
        "bookings[0].cancellation.reason",
        "bookings[1].appointment.interviewer",
    ]
    return process


def exit_5() -> ExitProcess:
    """Not yet offered."""
    return started("EXIT-5", "DEP-5", D(2026, 3, 20))


def exit_6() -> ExitProcess:
    """Last year's: offered, held, checklist sent."""
    return (
        ask(started("EXIT-6", "DEP-6", D(2025, 11, 3)).offer(D(2025, 11, 4)), D(2025, 11, 4))
        .book(appointment("A1", D(2025, 11, 10)), D(2025, 11, 5))
        .complete("A1", record("DCR-6", D(2025, 11, 10), departure_id="DEP-6"))
        .send_checklist(D(2025, 11, 5), checklist=CHECKLIST, version="2025.1")
    )


def portfolio() -> list[ExitProcess]:
    return [exit_1(), exit_2(), exit_3(), exit_4(), exit_5()]


def test_metrics_of_a_small_portfolio() -> None:
    metrics = process_metrics(portfolio())
    assert metrics == ProcessMetrics(
        departures=5,
        without_process=Share(5, 0),
        offered=Share(5, 4),
        took_up=Share(5, 3),  # over departures, not over those offered
        declined=Share(5, 1),
        checklist_sent=Share(5, 3),
        took_up_of_offered=Share(4, 3),
        stage_two_completion=Share(3, 1),
        median_days_notice_to_stage_one=20.0,  # 10, 20 and 24 days
        processes=5,
        cancellations=4,
        cancellations_with_reason=Share(4, 3),
        median_days_to_rebook=4.0,  # 2 and 6 days
        independent_interviewer=Share(4, 3),
        feedback_given=Share(4, 3),
        urgent_escalated_in_time=Share(2, 1),
    )
    assert str(metrics.took_up_of_offered) == "3 of 4 (75%)"
    assert str(metrics.stage_two_completion) == "1 of 3 (33%)"


def test_metrics_use_the_policys_escalation_days() -> None:
    metrics = process_metrics(portfolio(), policy=ProcessPolicy(escalate_within_days=5))
    assert metrics.urgent_escalated_in_time == Share(2, 2)
    metrics = process_metrics(portfolio(), policy=ProcessPolicy(escalate_within_days=1))
    assert metrics.urgent_escalated_in_time == Share(2, 0)


def test_metrics_of_a_period_count_departures_by_notice_date() -> None:
    everything = [*portfolio(), exit_6()]
    metrics = process_metrics(everything, start=D(2026, 3, 10), end=D(2026, 3, 20))
    # EXIT-4 (notice on the start day) and EXIT-3; EXIT-5's notice is on the end day, so it is left out.
    assert metrics == ProcessMetrics(
        departures=2,
        without_process=Share(2, 0),
        offered=Share(2, 2),
        took_up=Share(2, 2),
        declined=Share(2, 0),
        checklist_sent=Share(2, 1),
        took_up_of_offered=Share(2, 2),
        stage_two_completion=Share(2, 0),
        median_days_notice_to_stage_one=22.0,  # 20 and 24 days
        processes=2,
        cancellations=2,
        cancellations_with_reason=Share(2, 1),
        median_days_to_rebook=6.0,
        independent_interviewer=Share(2, 1),
        feedback_given=Share(2, 1),
        urgent_escalated_in_time=Share(1, 0),
    )
    assert process_metrics(everything, start=D(2026, 3, 16)).departures == 2
    assert process_metrics(everything, end=D(2026, 3, 2)).departures == 1
    assert process_metrics(everything, end=D(2026, 3, 3)).departures == 3
    assert process_metrics(everything).departures == 6


def test_metrics_read_a_stream_once() -> None:
    assert process_metrics(p for p in portfolio()) == process_metrics(portfolio())


def test_metrics_of_nothing_have_no_percentages() -> None:
    metrics = process_metrics([])
    nothing = Share(0, 0)
    assert metrics == ProcessMetrics(
        departures=0,
        without_process=nothing,
        offered=nothing,
        took_up=nothing,
        declined=nothing,
        checklist_sent=nothing,
        took_up_of_offered=nothing,
        stage_two_completion=nothing,
        median_days_notice_to_stage_one=None,
        processes=0,
        cancellations=0,
        cancellations_with_reason=nothing,
        median_days_to_rebook=None,
        independent_interviewer=nothing,
        feedback_given=nothing,
        urgent_escalated_in_time=nothing,
    )


def test_a_share_shows_its_count_and_base() -> None:
    share = Share(4, 3)
    assert (share.of, share.count) == (4, 3)
    assert share.percent == 75.0
    assert str(share) == "3 of 4 (75%)"
    assert Share(of=3, count=1).percent == pytest.approx(100 / 3)
    assert str(Share(3, 2)) == "2 of 3 (67%)"
    assert Share(0, 0).percent is None
    assert str(Share(0, 0)) == "0 of 0"
    assert str(Share(5, 0)) == "0 of 5 (0%)"


@pytest.mark.parametrize(("of", "count"), [(3, 4), (3, -1)])
def test_a_share_cannot_exceed_its_base(of: int, count: int) -> None:
    with pytest.raises(ValueError, match=f"count {count} is outside 0..{of}"):
        Share(of, count)
