"""The exit-interview process: each rule refused with what to do instead, and the path that is allowed."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import attrs
import pytest

from fosterkit import (
    DataCollectionRecord,
    Departure,
    ExitProcess,
    Initiator,
    InterviewStage,
    LeavingRoute,
    ProcessPolicy,
    Rule,
    RuleBroken,
    Triage,
    due,
)
from fosterkit.interviews import (
    Appointment,
    Booking,
    BookingStatus,
    Cancellation,
    ChecklistSent,
    Companion,
    CompanionKind,
    ComplaintReferral,
    DueKind,
    Escalation,
    Finding,
    Interview,
    Location,
    PreInterview,
    ProcessError,
    ResponseKind,
    StaffRole,
    StageTwoWindow,
    Suggestion,
    breaches,
)
from fosterkit.interviews.process import EscalationRoute
from fosterkit.records import DestinationKind

D = datetime.date
S1 = InterviewStage.EXIT_STAGE_1
S2 = InterviewStage.EXIT_STAGE_2

SSW = "SSW-12"
TEAM_MANAGER = "TM-3"
SERVICE_MANAGER = "SM-1"
INDEPENDENT = "IRO-5"

NOTICE = D(2026, 3, 2)
OFFERED = D(2026, 3, 3)
ASKED = D(2026, 3, 4)
BOOKED = D(2026, 3, 5)
STAGE_ONE_ON = D(2026, 3, 12)
# Holding stage 1 on 12 March opens the default stage 2 window: 4 to 6 weeks later.
WINDOW_OPENS = D(2026, 4, 9)
WINDOW_CLOSES = D(2026, 4, 23)
STAGE_TWO_BOOKED = D(2026, 3, 20)
STAGE_TWO_ON = D(2026, 4, 16)

FEES = "finance.fees_allowances"
CONDUCT = "concerns.inappropriate_conduct"
DISCLOSURE = "concerns.safeguarding"
PEER = Companion(kind=CompanionKind.PEER)


# -- building states -------------------------------------------------------------------------------


def departure(route: LeavingRoute = LeavingRoute.RESIGNATION) -> Departure:
    return Departure(
        id="DEP-1",
        household_id="HH-1",
        notice_on=NOTICE,
        initiated_by=Initiator.SERVICE if route.ended_by_service else Initiator.CARER,
        route=route,
        destination=DestinationKind.INDEPENDENT_AGENCY if route is LeavingRoute.TRANSFER else None,
        stated_reasons=(FEES,),
    )


def started(route: LeavingRoute = LeavingRoute.RESIGNATION) -> ExitProcess:
    return ExitProcess.start(
        "EXIT-1",
        departure(route),
        supervising_social_worker=SSW,
        line_management=(TEAM_MANAGER, SERVICE_MANAGER),
    )


def offered() -> ExitProcess:
    return started().offer(OFFERED)


def ask(
    process: ExitProcess,
    on: datetime.date = ASKED,
    *,
    own_worker: bool = False,
    companion: bool = False,
    complaints: bool | None = None,
    complaints_route: str = "",
) -> ExitProcess:
    return process.ask_before_interview(
        on,
        raise_relationships=False,
        wants_companion=companion,
        wants_own_social_worker=own_worker,
        complaints_explained=complaints,
        complaints_route=complaints_route,
    )


def asked(*, own_worker: bool = False) -> ExitProcess:
    return ask(offered(), own_worker=own_worker)


def appointment(
    id: str = "A1",
    stage: InterviewStage = S1,
    on: datetime.date = STAGE_ONE_ON,
    *,
    interviewer: str = INDEPENDENT,
    also_present: tuple[str, ...] = (),
    agreed: bool = True,
    companion: Companion | None = None,
) -> Appointment:
    return Appointment(
        id=id,
        stage=stage,
        on=on,
        location=Location.NEUTRAL_VENUE,
        location_agreed=agreed,
        interviewer=interviewer,
        also_present=also_present,
        companion=companion,
    )


def booked() -> ExitProcess:
    return asked().book(appointment(), BOOKED)


def record(
    id: str = "DCR-1",
    stage: InterviewStage = S1,
    on: datetime.date = STAGE_ONE_ON,
    *,
    departure_id: str = "DEP-1",
    suggestions: tuple[str, ...] = ("S1", "S2"),
    secondary: tuple[str, ...] = (CONDUCT,),
) -> DataCollectionRecord:
    return DataCollectionRecord(
        id=id,
        departure_id=departure_id,
        stage=stage,
        interviewed_on=on,
        primary_reason=FEES,
        secondary_reasons=secondary,
        suggestions=tuple(Suggestion(id=s, text=f"Suggestion {s}") for s in suggestions),
        consent_to_anonymised_use=True,
    )


def held() -> ExitProcess:
    return booked().complete("A1", record())


ESCALATED = D(2026, 3, 13)
ACT_BY = D(2026, 3, 20)


def escalation(raised_on: datetime.date = ESCALATED, due_on: datetime.date | None = ACT_BY) -> Escalation:
    return Escalation(owner="head-of-service", raised_on=raised_on, due_on=due_on)


def triaged() -> ExitProcess:
    return (
        held()
        .triage("DCR-1", FEES, Triage.THEMATIC, D(2026, 3, 13))
        .triage("DCR-1", CONDUCT, Triage.URGENT, D(2026, 3, 13), escalation=escalation())
    )


def stage_two() -> Appointment:
    return appointment("A2", S2, STAGE_TWO_ON)


COMPLAINTS_ROUTE = "the service's complaints procedure"


def held_with_disclosure() -> ExitProcess:
    """Stage 1 held; the carer disclosed a concern about a child's safety."""
    return booked().complete("A1", record(secondary=(CONDUCT, DISCLOSURE)))


def referral(
    route: EscalationRoute = EscalationRoute.LADO,
    raised_on: datetime.date = STAGE_ONE_ON,
    due_on: datetime.date = STAGE_ONE_ON,
) -> Escalation:
    return Escalation(owner="safeguarding-lead", raised_on=raised_on, due_on=due_on, route=route)


def triage_disclosure(process: ExitProcess, escalation: Escalation) -> ExitProcess:
    return process.triage(
        "DCR-1", DISCLOSURE, Triage.URGENT, STAGE_ONE_ON, escalation=escalation, safeguarding=True
    )


# -- every rule: refused, and the allowed path ---------------------------------------------------------


@attrs.frozen(kw_only=True)
class Case:
    """An operation on a valid ``state`` that breaks ``rule``, and the right way to do it."""

    name: str
    rule: Rule
    state: Callable[[], ExitProcess]
    broken: Callable[[ExitProcess], ExitProcess]
    path: str
    instead: str
    allowed: Callable[[ExitProcess], ExitProcess]


CASES = [
    # OFFER_FIRST
    Case(
        name="decline-before-offer",
        rule=Rule.OFFER_FIRST,
        state=started,
        broken=lambda p: p.decline(OFFERED),
        path="opt_outs[0]",
        instead="record the offer first",
        allowed=lambda p: p.offer(OFFERED).decline(OFFERED),
    ),
    Case(
        name="book-before-offer",
        rule=Rule.OFFER_FIRST,
        state=started,
        broken=lambda p: ask(p).book(appointment(), BOOKED),
        path="bookings[0]",
        instead="record the offer first",
        allowed=lambda p: ask(p.offer(OFFERED)).book(appointment(), BOOKED),
    ),
    # ASK_BEFORE_BOOKING
    Case(
        name="book-without-asking",
        rule=Rule.ASK_BEFORE_BOOKING,
        state=offered,
        broken=lambda p: p.book(appointment(), BOOKED),
        path="bookings[0]",
        instead="ask the carer those questions first (ask_before_interview)",
        allowed=lambda p: ask(p).book(appointment(), BOOKED),
    ),
    Case(
        name="book-before-the-day-asked",
        rule=Rule.ASK_BEFORE_BOOKING,
        state=lambda: ask(offered(), D(2026, 3, 6)),
        broken=lambda p: p.book(appointment(), BOOKED),
        path="bookings[0]",
        instead="ask the carer those questions first (ask_before_interview)",
        allowed=lambda p: p.book(appointment(), D(2026, 3, 6)),
    ),
    # COMPLAINT_REFERENCE
    Case(
        name="complaint-without-reference",
        rule=Rule.COMPLAINT_REFERENCE,
        state=held,
        broken=lambda p: p.route_complaint(D(2026, 3, 13), " "),
        path="complaints[0].reference",
        instead="give the complaints process's reference for it",
        allowed=lambda p: p.route_complaint(D(2026, 3, 13), "CMP-2026-014"),
    ),
    # INDEPENDENT_INTERVIEWER
    Case(
        name="supervising-social-worker-interviews",
        rule=Rule.INDEPENDENT_INTERVIEWER,
        state=asked,
        broken=lambda p: p.book(appointment(interviewer=SSW), BOOKED),
        path="bookings[0].appointment.interviewer",
        instead="choose an interviewer outside the supervising social worker's line management",
        allowed=lambda p: p.book(appointment(interviewer=INDEPENDENT), BOOKED),
    ),
    Case(
        name="supervising-social-worker-interviews-though-carer-asked-for-them",
        rule=Rule.INDEPENDENT_INTERVIEWER,
        state=lambda: asked(own_worker=True),
        broken=lambda p: p.book(appointment(interviewer=SSW), BOOKED),
        path="bookings[0].appointment.interviewer",
        instead="choose an interviewer outside the supervising social worker's line management",
        allowed=lambda p: p.book(appointment(interviewer=INDEPENDENT, also_present=(SSW,)), BOOKED),
    ),
    Case(
        name="team-manager-interviews",
        rule=Rule.INDEPENDENT_INTERVIEWER,
        state=asked,
        broken=lambda p: p.book(appointment(interviewer=TEAM_MANAGER), BOOKED),
        path="bookings[0].appointment.interviewer",
        instead="choose an interviewer outside the supervising social worker's line management",
        allowed=lambda p: p.book(appointment(interviewer="IRO-6"), BOOKED),
    ),
    Case(
        name="service-manager-interviews-stage-two",
        rule=Rule.INDEPENDENT_INTERVIEWER,
        state=held,
        broken=lambda p: p.book(attrs.evolve(stage_two(), interviewer=SERVICE_MANAGER), STAGE_TWO_BOOKED),
        path="bookings[1].appointment.interviewer",
        instead="choose an interviewer outside the supervising social worker's line management",
        allowed=lambda p: p.book(stage_two(), STAGE_TWO_BOOKED),
    ),
    # OWN_SOCIAL_WORKER_ALONGSIDE
    Case(
        name="supervising-social-worker-attends-unasked",
        rule=Rule.OWN_SOCIAL_WORKER_ALONGSIDE,
        state=asked,
        broken=lambda p: p.book(appointment(also_present=(SSW,)), BOOKED),
        path="bookings[0].appointment.also_present[0]",
        instead="leave them out, or record that the carer asked for them",
        allowed=lambda p: ask(p, own_worker=True).book(appointment(also_present=(SSW,)), BOOKED),
    ),
    Case(
        name="line-manager-attends-though-carer-asked-for-own-worker",
        rule=Rule.OWN_SOCIAL_WORKER_ALONGSIDE,
        state=lambda: asked(own_worker=True),
        broken=lambda p: p.book(appointment(also_present=(SSW, TEAM_MANAGER)), BOOKED),
        path="bookings[0].appointment.also_present[1]",
        instead="leave them out of the interview",
        allowed=lambda p: p.book(appointment(also_present=(SSW, "ADMIN-2")), BOOKED),
    ),
    Case(
        name="service-manager-attends",
        rule=Rule.OWN_SOCIAL_WORKER_ALONGSIDE,
        state=asked,
        broken=lambda p: p.book(appointment(also_present=(SERVICE_MANAGER,)), BOOKED),
        path="bookings[0].appointment.also_present[0]",
        instead="leave them out of the interview",
        allowed=lambda p: p.book(appointment(), BOOKED),
    ),
    # CANCELLATION_REASON
    Case(
        name="service-cancels-without-reason",
        rule=Rule.CANCELLATION_REASON,
        state=booked,
        broken=lambda p: p.cancel("A1", D(2026, 3, 9), by=Initiator.SERVICE, reason=" "),
        path="bookings[0].cancellation.reason",
        instead="give the reason the carer will be told",
        allowed=lambda p: p.cancel("A1", D(2026, 3, 9), by=Initiator.SERVICE, reason="interviewer ill"),
    ),
    Case(
        name="carer-cancels-without-reason",
        rule=Rule.CANCELLATION_REASON,
        state=booked,
        broken=lambda p: p.cancel("A1", D(2026, 3, 9), by=Initiator.CARER, reason=""),
        path="bookings[0].cancellation.reason",
        instead="give the reason the carer will be told",
        allowed=lambda p: p.cancel("A1", D(2026, 3, 9), by=Initiator.CARER, reason="child unwell"),
    ),
    # ONE_BOOKING_PER_STAGE
    Case(
        name="second-live-booking",
        rule=Rule.ONE_BOOKING_PER_STAGE,
        state=booked,
        broken=lambda p: p.book(appointment("A2", on=D(2026, 3, 19)), D(2026, 3, 6)),
        path="bookings[1]",
        instead="cancel the other appointment first",
        allowed=lambda p: p.cancel("A1", D(2026, 3, 6), by=Initiator.CARER, reason="carer away").book(
            appointment("A2", on=D(2026, 3, 19)), D(2026, 3, 6)
        ),
    ),
    Case(
        name="booking-a-stage-already-held",
        rule=Rule.ONE_BOOKING_PER_STAGE,
        state=held,
        broken=lambda p: p.book(appointment("A2", S1, D(2026, 3, 20)), D(2026, 3, 13)),
        path="bookings[1]",
        instead="record what followed on the interview already held",
        allowed=lambda p: p.book(stage_two(), D(2026, 3, 13)),
    ),
    # STAGE_ORDER
    Case(
        name="stage-two-before-stage-one-held",
        rule=Rule.STAGE_ORDER,
        state=booked,
        broken=lambda p: p.book(stage_two(), D(2026, 3, 6)),
        path="bookings[1]",
        instead="hold exit stage 1 first",
        allowed=lambda p: p.complete("A1", record()).book(stage_two(), STAGE_TWO_BOOKED),
    ),
    Case(
        name="stage-two-after-the-window",
        rule=Rule.STAGE_ORDER,
        state=held,
        broken=lambda p: p.book(appointment("A2", S2, D(2026, 5, 4)), STAGE_TWO_BOOKED),
        path="bookings[1].appointment.on",
        instead="book inside the window, or move the window with the carer's reason",
        allowed=lambda p: p.move_stage_two_window(
            D(2026, 4, 27), D(2026, 5, 8), because="carer away until the end of April"
        ).book(appointment("A2", S2, D(2026, 5, 4)), STAGE_TWO_BOOKED),
    ),
    Case(
        name="stage-two-before-the-window",
        rule=Rule.STAGE_ORDER,
        state=held,
        broken=lambda p: p.book(appointment("A2", S2, D(2026, 3, 26)), STAGE_TWO_BOOKED),
        path="bookings[1].appointment.on",
        instead="book inside the window, or move the window with the carer's reason",
        allowed=lambda p: p.book(appointment("A2", S2, WINDOW_OPENS), STAGE_TWO_BOOKED),
    ),
    Case(
        name="not-an-exit-stage",
        rule=Rule.STAGE_ORDER,
        state=asked,
        broken=lambda p: p.book(appointment(stage=InterviewStage.POST_APPROVAL_INTERVIEW), BOOKED),
        path="bookings[0].appointment.stage",
        instead="book exit stage 1 or 2",
        allowed=lambda p: p.book(appointment(stage=S1), BOOKED),
    ),
    # OPT_OUT
    Case(
        name="opt-out-of-a-stage-already-held",
        rule=Rule.OPT_OUT,
        state=held,
        broken=lambda p: p.decline(D(2026, 3, 13), S1),
        path="opt_outs[0]",
        instead="opt out of a later stage only",
        allowed=lambda p: p.decline(D(2026, 3, 13), S2),
    ),
    Case(
        name="book-a-declined-stage",
        rule=Rule.OPT_OUT,
        state=lambda: booked().decline(D(2026, 3, 6), S2),
        broken=lambda p: p.complete("A1", record()).book(stage_two(), STAGE_TWO_BOOKED),
        path="bookings[1]",
        instead="respect the opt-out; cancel this appointment",
        allowed=lambda p: p.complete("A1", record()),
    ),
    # RECORD_MATCHES
    Case(
        name="record-for-another-departure",
        rule=Rule.RECORD_MATCHES,
        state=booked,
        broken=lambda p: p.complete("A1", record(departure_id="DEP-2")),
        path="bookings[0].interview.record.departure_id",
        instead="use departure 'DEP-1'",
        allowed=lambda p: p.complete("A1", record()),
    ),
    Case(
        name="record-for-the-wrong-stage",
        rule=Rule.RECORD_MATCHES,
        state=booked,
        broken=lambda p: p.complete("A1", record(stage=S2)),
        path="bookings[0].interview.record.stage",
        instead="record exit_stage_1",
        allowed=lambda p: p.complete("A1", record(stage=S1)),
    ),
    # FINDINGS_FROM_RECORD
    Case(
        name="finding-not-on-the-record",
        rule=Rule.FINDINGS_FROM_RECORD,
        state=held,
        broken=lambda p: p.triage("DCR-1", "support.out_of_hours", Triage.THEMATIC, D(2026, 3, 13)),
        path="bookings[0].interview.findings[0].reason",
        instead="triage one of the reasons the record gives",
        allowed=lambda p: p.triage("DCR-1", FEES, Triage.THEMATIC, D(2026, 3, 13)),
    ),
    # URGENT_ESCALATION
    Case(
        name="urgent-without-escalation",
        rule=Rule.URGENT_ESCALATION,
        state=held,
        broken=lambda p: p.triage("DCR-1", CONDUCT, Triage.URGENT, D(2026, 3, 13)),
        path="bookings[0].interview.findings[0].escalation",
        instead="escalate it to a named owner with a date to act by",
        allowed=lambda p: p.triage("DCR-1", CONDUCT, Triage.URGENT, D(2026, 3, 13), escalation=escalation()),
    ),
    Case(
        name="urgent-escalated-without-owner",
        rule=Rule.URGENT_ESCALATION,
        state=held,
        broken=lambda p: p.triage(
            "DCR-1",
            CONDUCT,
            Triage.URGENT,
            D(2026, 3, 13),
            escalation=attrs.evolve(escalation(), owner=" "),
        ),
        path="bookings[0].interview.findings[0].escalation",
        instead="escalate it to a named owner with a date to act by",
        allowed=lambda p: p.triage("DCR-1", CONDUCT, Triage.URGENT, D(2026, 3, 13), escalation=escalation()),
    ),
    Case(
        name="urgent-escalated-without-due-date",
        rule=Rule.URGENT_ESCALATION,
        state=held,
        broken=lambda p: p.triage(
            "DCR-1", CONDUCT, Triage.URGENT, D(2026, 3, 13), escalation=escalation(due_on=None)
        ),
        path="bookings[0].interview.findings[0].escalation",
        instead="escalate it to a named owner with a date to act by",
        allowed=lambda p: p.triage("DCR-1", CONDUCT, Triage.URGENT, D(2026, 3, 13), escalation=escalation()),
    ),
    # RESPONSE_TO_SUGGESTION
    Case(
        name="response-to-unknown-suggestion",
        rule=Rule.RESPONSE_TO_SUGGESTION,
        state=held,
        broken=lambda p: p.respond("DCR-1", "S9", ResponseKind.WILL_CHANGE, D(2026, 3, 20)),
        path="bookings[0].interview.responses[0].suggestion_id",
        instead="answer one of: S1, S2",
        allowed=lambda p: p.respond("DCR-1", "S1", ResponseKind.WILL_CHANGE, D(2026, 3, 20)),
    ),
    # RESPONSE_REASON
    Case(
        name="cannot-change-without-reason",
        rule=Rule.RESPONSE_REASON,
        state=held,
        broken=lambda p: p.respond("DCR-1", "S1", ResponseKind.CANNOT_CHANGE, D(2026, 3, 20), reason=" "),
        path="bookings[0].interview.responses[0].reason",
        instead="give the reason, so the carer knows they were heard",
        allowed=lambda p: p.respond(
            "DCR-1", "S1", ResponseKind.CANNOT_CHANGE, D(2026, 3, 20), reason="set by the council's budget"
        ),
    ),
    # FEEDBACK_AFTER_RESPONSES
    Case(
        name="feedback-before-every-response",
        rule=Rule.FEEDBACK_AFTER_RESPONSES,
        state=lambda: held().respond("DCR-1", "S1", ResponseKind.WILL_CHANGE, D(2026, 3, 20)),
        broken=lambda p: p.send_feedback("DCR-1", D(2026, 3, 25)),
        path="bookings[0].interview.feedback_sent_on",
        instead="respond to every suggestion first",
        allowed=lambda p: p.respond("DCR-1", "S2", ResponseKind.UNDER_REVIEW, D(2026, 3, 24)).send_feedback(
            "DCR-1", D(2026, 3, 25)
        ),
    ),
    # WINDOW_MOVE_REASON
    Case(
        name="window-moved-without-reason",
        rule=Rule.WINDOW_MOVE_REASON,
        state=held,
        broken=lambda p: p.move_stage_two_window(D(2026, 4, 27), D(2026, 5, 8), because=" "),
        path="stage_two_window.moved_because",
        instead="record why it moved (the carer's wishes, say)",
        allowed=lambda p: p.move_stage_two_window(
            D(2026, 4, 27), D(2026, 5, 8), because="carer away until the end of April"
        ),
    ),
    # DATES_IN_ORDER
    Case(
        name="offer-before-notice",
        rule=Rule.DATES_IN_ORDER,
        state=started,
        broken=lambda p: p.offer(D(2026, 3, 1)),
        path="offered_on",
        instead="give a date on or after notice",
        allowed=lambda p: p.offer(NOTICE),
    ),
    Case(
        name="asked-before-notice",
        rule=Rule.DATES_IN_ORDER,
        state=offered,
        broken=lambda p: ask(p, D(2026, 3, 1)),
        path="pre_interview.asked_on",
        instead="give a date on or after notice",
        allowed=lambda p: ask(p, NOTICE),
    ),
    Case(
        name="declined-before-offer",
        rule=Rule.DATES_IN_ORDER,
        state=offered,
        broken=lambda p: p.decline(NOTICE),
        path="opt_outs[0].on",
        instead="give a date on or after the offer",
        allowed=lambda p: p.decline(OFFERED),
    ),
    Case(
        name="booked-before-offer",
        rule=Rule.DATES_IN_ORDER,
        state=lambda: ask(offered(), NOTICE),
        broken=lambda p: p.book(appointment(), NOTICE),
        path="bookings[0].booked_on",
        instead="give a date on or after the offer",
        allowed=lambda p: p.book(appointment(), OFFERED),
    ),
    Case(
        name="appointment-before-booking",
        rule=Rule.DATES_IN_ORDER,
        state=asked,
        broken=lambda p: p.book(appointment(on=ASKED), BOOKED),
        path="bookings[0].appointment.on",
        instead="give a date on or after the booking",
        allowed=lambda p: p.book(appointment(on=BOOKED), BOOKED),
    ),
    Case(
        name="cancelled-before-booking",
        rule=Rule.DATES_IN_ORDER,
        state=booked,
        broken=lambda p: p.cancel("A1", ASKED, by=Initiator.SERVICE, reason="interviewer ill"),
        path="bookings[0].cancellation.on",
        instead="give a date on or after the booking",
        allowed=lambda p: p.cancel("A1", BOOKED, by=Initiator.SERVICE, reason="interviewer ill"),
    ),
    Case(
        name="interviewed-before-booking",
        rule=Rule.DATES_IN_ORDER,
        state=booked,
        broken=lambda p: p.complete("A1", record(on=ASKED)),
        path="bookings[0].interview.record.interviewed_on",
        instead="give a date on or after the booking",
        allowed=lambda p: p.complete("A1", record(on=BOOKED)),
    ),
    Case(
        name="triaged-before-interview",
        rule=Rule.DATES_IN_ORDER,
        state=held,
        broken=lambda p: p.triage("DCR-1", FEES, Triage.THEMATIC, D(2026, 3, 11)),
        path="bookings[0].interview.findings[0].triaged_on",
        instead="give a date on or after the interview",
        allowed=lambda p: p.triage("DCR-1", FEES, Triage.THEMATIC, STAGE_ONE_ON),
    ),
    Case(
        name="escalated-before-interview",
        rule=Rule.DATES_IN_ORDER,
        state=held,
        broken=lambda p: p.triage(
            "DCR-1", CONDUCT, Triage.URGENT, STAGE_ONE_ON, escalation=escalation(raised_on=D(2026, 3, 11))
        ),
        path="bookings[0].interview.findings[0].escalation.raised_on",
        instead="give a date on or after the interview",
        allowed=lambda p: p.triage(
            "DCR-1", CONDUCT, Triage.URGENT, STAGE_ONE_ON, escalation=escalation(raised_on=STAGE_ONE_ON)
        ),
    ),
    Case(
        name="escalation-due-before-raised",
        rule=Rule.DATES_IN_ORDER,
        state=held,
        broken=lambda p: p.triage(
            "DCR-1", CONDUCT, Triage.URGENT, STAGE_ONE_ON, escalation=escalation(due_on=STAGE_ONE_ON)
        ),
        path="bookings[0].interview.findings[0].escalation.due_on",
        instead="give a date on or after the escalation",
        allowed=lambda p: p.triage(
            "DCR-1", CONDUCT, Triage.URGENT, STAGE_ONE_ON, escalation=escalation(due_on=D(2026, 3, 13))
        ),
    ),
    Case(
        name="escalation-closed-before-raised",
        rule=Rule.DATES_IN_ORDER,
        state=triaged,
        broken=lambda p: p.close_escalation("DCR-1", CONDUCT, STAGE_ONE_ON),
        path="bookings[0].interview.findings[1].escalation.done_on",
        instead="give a date on or after the escalation",
        allowed=lambda p: p.close_escalation("DCR-1", CONDUCT, D(2026, 3, 13)),
    ),
    Case(
        name="response-before-interview",
        rule=Rule.DATES_IN_ORDER,
        state=held,
        broken=lambda p: p.respond("DCR-1", "S1", ResponseKind.WILL_CHANGE, D(2026, 3, 11)),
        path="bookings[0].interview.responses[0].on",
        instead="give a date on or after the interview",
        allowed=lambda p: p.respond("DCR-1", "S1", ResponseKind.WILL_CHANGE, STAGE_ONE_ON),
    ),
    Case(
        name="feedback-before-interview",
        rule=Rule.DATES_IN_ORDER,
        state=lambda: booked().complete("A1", record(suggestions=())),
        broken=lambda p: p.send_feedback("DCR-1", D(2026, 3, 11)),
        path="bookings[0].interview.feedback_sent_on",
        instead="give a date on or after the interview",
        allowed=lambda p: p.send_feedback("DCR-1", STAGE_ONE_ON),
    ),
    Case(
        name="checklist-before-notice",
        rule=Rule.DATES_IN_ORDER,
        state=started,
        broken=lambda p: p.send_checklist(D(2026, 3, 1), checklist="leaving-carers", version="2026.1"),
        path="checklist_sent.on",
        instead="give a date on or after notice",
        allowed=lambda p: p.send_checklist(NOTICE, checklist="leaving-carers", version="2026.1"),
    ),
    # INTERVIEWER_CAN_ESCALATE
    Case(
        name="independent-interviewer-with-no-route-to-act",
        rule=Rule.INTERVIEWER_CAN_ESCALATE,
        state=asked,
        broken=lambda p: p.book(appointment(), BOOKED, interviewer_can_escalate=False),
        path="bookings[0].interviewer_can_escalate",
        instead="choose an interviewer who can, or give them a named manager to take feedback to",
        allowed=lambda p: p.book(appointment(), BOOKED, interviewer_can_escalate=True),
    ),
    # LOCATION_AGREED
    Case(
        name="held-where-the-carer-did-not-agree",
        rule=Rule.LOCATION_AGREED,
        state=lambda: asked().book(appointment(agreed=False), BOOKED),
        broken=lambda p: p.complete("A1", record()),
        path="bookings[0].appointment.location_agreed",
        instead="agree the location with the carer before the interview (agree_location)",
        allowed=lambda p: p.agree_location("A1").complete("A1", record()),
    ),
    # COMPANION_WANTED
    Case(
        name="companion-booked-though-the-carer-said-no",
        rule=Rule.COMPANION_WANTED,
        state=asked,
        broken=lambda p: p.book(appointment(companion=PEER), BOOKED),
        path="bookings[0].appointment.companion",
        instead="leave the companion out, or ask the carer again before booking",
        allowed=lambda p: ask(p, companion=True).book(appointment(companion=PEER), BOOKED),
    ),
    # COMPLAINTS_EXPLAINED
    Case(
        name="held-without-explaining-complaints",
        rule=Rule.COMPLAINTS_EXPLAINED,
        state=lambda: ask(offered(), complaints=False).book(appointment(), BOOKED),
        broken=lambda p: p.complete("A1", record()),
        path="pre_interview.complaints_explained",
        instead="tell the carer complaints go to the complaints process, and where, before the interview",
        allowed=lambda p: ask(p, complaints=True, complaints_route=COMPLAINTS_ROUTE).complete("A1", record()),
    ),
    Case(
        name="held-without-saying-where-complaints-go",
        rule=Rule.COMPLAINTS_EXPLAINED,
        state=lambda: ask(offered(), complaints=True).book(appointment(), BOOKED),
        broken=lambda p: p.complete("A1", record()),
        path="pre_interview.complaints_route",
        instead="record where complaints go (the service's complaints procedure, say)",
        allowed=lambda p: ask(p, complaints=True, complaints_route=COMPLAINTS_ROUTE).complete("A1", record()),
    ),
    # SAFEGUARDING_ROUTE
    Case(
        name="disclosure-by-the-generic-route",
        rule=Rule.SAFEGUARDING_ROUTE,
        state=held_with_disclosure,
        broken=lambda p: triage_disclosure(p, referral(EscalationRoute.SERVICE)),
        path="bookings[0].interview.findings[0].escalation.route",
        instead="refer it to the designated safeguarding lead, the LADO or children's social care",
        allowed=lambda p: triage_disclosure(p, referral(EscalationRoute.LADO)),
    ),
    # SAFEGUARDING_SAME_DAY
    Case(
        name="disclosure-to-be-acted-on-days-later",
        rule=Rule.SAFEGUARDING_SAME_DAY,
        state=held_with_disclosure,
        broken=lambda p: triage_disclosure(p, referral(due_on=ESCALATED)),
        path="bookings[0].interview.findings[0].escalation.due_on",
        instead=f"refer it, to be acted on, the day it was made ({STAGE_ONE_ON})",
        allowed=lambda p: triage_disclosure(p, referral(EscalationRoute.SAFEGUARDING_LEAD)),
    ),
]


def test_every_rule_has_a_case() -> None:
    assert {case.rule for case in CASES} == set(Rule)
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_breaking_a_rule_is_refused_with_the_path_and_what_to_do_instead(case: Case) -> None:
    state = case.state()
    assert breaches(state) == ()
    with pytest.raises(RuleBroken) as caught:
        case.broken(state)
    error = caught.value
    assert error.process_id == "EXIT-1"
    assert error.rules == (case.rule,)
    breach = error.breaches[0]
    assert (breach.path, breach.instead) == (case.path, case.instead)
    assert str(error).splitlines()[0] == (
        f"EXIT-1: {case.path}: {breach.message} [{case.rule.value}]; instead, {case.instead}"
    )


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_the_right_way_is_allowed(case: Case) -> None:
    state = case.state()
    after = case.allowed(state)
    assert after != state
    assert breaches(after) == ()


def test_a_refused_operation_leaves_the_state_as_it_was() -> None:
    state = booked()
    copy = booked()
    with pytest.raises(RuleBroken):
        state.cancel("A1", D(2026, 3, 9), by=Initiator.SERVICE, reason="")
    assert state == copy
    assert state.booking("A1").status is BookingStatus.BOOKED


def test_several_breaches_are_reported_together() -> None:
    with pytest.raises(RuleBroken) as caught:
        offered().book(appointment(interviewer=SSW, also_present=(TEAM_MANAGER,)), BOOKED)
    assert caught.value.rules == (
        Rule.ASK_BEFORE_BOOKING,
        Rule.INDEPENDENT_INTERVIEWER,
        Rule.OWN_SOCIAL_WORKER_ALONGSIDE,
    )
    assert [b.path for b in caught.value.breaches] == [
        "bookings[0]",
        "bookings[0].appointment.interviewer",
        "bookings[0].appointment.also_present[0]",
    ]
    assert len(str(caught.value).splitlines()) == 3


def test_a_record_without_suggestions_says_there_is_nothing_to_answer() -> None:
    state = booked().complete("A1", record(suggestions=()))
    with pytest.raises(RuleBroken) as caught:
        state.respond("DCR-1", "S1", ResponseKind.WILL_CHANGE, D(2026, 3, 20))
    assert caught.value.breaches[0].instead == "answer one of: none (the record has no suggestions)"


# -- every route of leaving ------------------------------------------------------------------------------


@pytest.mark.parametrize("route", list(LeavingRoute), ids=lambda route: route.value)
def test_every_route_is_offered_and_interviewed(route: LeavingRoute) -> None:
    process = started(route)
    assert process.departure.route is route
    expected_by = Initiator.SERVICE if route.value.startswith("termination") else Initiator.CARER
    assert process.departure.initiated_by is expected_by
    process = ask(process.offer(OFFERED)).book(appointment(), BOOKED).complete("A1", record())
    held_at = process.held(S1)
    assert held_at is not None
    assert held_at.interview is not None
    assert held_at.interview.record.id == "DCR-1"
    assert process.stage_two_window == StageTwoWindow(
        stage_one_on=STAGE_ONE_ON, opens=WINDOW_OPENS, closes=WINDOW_CLOSES
    )
    process = process.book(stage_two(), STAGE_TWO_BOOKED).complete(
        "A2", record("DCR-2", S2, STAGE_TWO_ON, suggestions=())
    )
    assert [i.record.id for i in process.interviews] == ["DCR-1", "DCR-2"]
    assert breaches(process) == ()


def test_termination_of_approval_is_initiated_by_the_service() -> None:
    termination = departure(LeavingRoute.TERMINATION_AFTER_ALLEGATION)
    assert termination.initiated_by is Initiator.SERVICE
    process = started(LeavingRoute.TERMINATION_AFTER_ALLEGATION).offer(OFFERED)
    assert process.offered_on == OFFERED
    assert [item.kind for item in due([process], OFFERED)] == [DueKind.CHECKLIST, DueKind.STAGE_ONE]


# -- opting out ------------------------------------------------------------------------------------------


def test_declining_stage_one_declines_stage_two_and_cancels_live_bookings() -> None:
    process = booked().decline(D(2026, 3, 6), note="does not want to talk about it")
    assert process.opted_out(S1) == process.opt_outs[0]
    assert process.opted_out(S2) == process.opt_outs[0]
    assert process.opt_outs[0].note == "does not want to talk about it"
    booking = process.booking("A1")
    assert booking.status is BookingStatus.CANCELLED
    assert booking.cancellation == Cancellation(
        on=D(2026, 3, 6), by=Initiator.CARER, reason="the carer opted out"
    )
    assert process.live_booking(S1) is None
    assert breaches(process) == ()
    # Cancelled by the carer: nothing to rebook, and no stage left to book.
    assert [item.kind for item in due([process], D(2026, 3, 7))] == [DueKind.CHECKLIST]


def test_declining_stage_two_cancels_only_stage_two() -> None:
    process = held().book(stage_two(), STAGE_TWO_BOOKED).decline(D(2026, 3, 21), S2)
    assert process.opted_out(S1) is None
    assert process.opted_out(S2) == process.opt_outs[0]
    assert process.booking("A1").status is BookingStatus.COMPLETED
    assert process.booking("A2").cancellation == Cancellation(
        on=D(2026, 3, 21), by=Initiator.CARER, reason="the carer opted out"
    )
    assert not process.awaits_rebooking(process.booking("A2"))
    assert DueKind.STAGE_TWO not in {item.kind for item in due([process], WINDOW_OPENS)}


@pytest.mark.parametrize(
    ("first", "second"),
    [(S1, S1), (S1, S2), (S2, S2)],
    ids=["stage-1-twice", "stage-2-after-stage-1", "stage-2-twice"],
)
def test_cannot_opt_out_twice(first: InterviewStage, second: InterviewStage) -> None:
    process = offered().decline(ASKED, first)
    with pytest.raises(ProcessError, match=f"EXIT-1: the carer has already opted out of {second.value}"):
        process.decline(D(2026, 3, 5), second)


def test_declining_stage_one_after_declining_stage_two_is_allowed() -> None:
    process = offered().decline(ASKED, S2).decline(D(2026, 3, 5), S1)
    assert [o.stage for o in process.opt_outs] == [S2, S1]
    assert breaches(process) == ()


# -- complaints ------------------------------------------------------------------------------------------


def test_a_complaint_keeps_its_reference_and_is_not_a_finding() -> None:
    before = triaged()
    process = before.route_complaint(D(2026, 3, 14), "CMP-2026-014")
    assert process.complaints == (ComplaintReferral(on=D(2026, 3, 14), reference="CMP-2026-014"),)
    assert process.interviews == before.interviews
    assert [f.reason for f in process.interview("DCR-1").findings] == [FEES, CONDUCT]
    assert breaches(process) == ()


# -- independence of the interviewer ---------------------------------------------------------------------


def test_roles_follow_the_callers_line_management() -> None:
    process = started()
    assert process.role(SSW) is StaffRole.SUPERVISING_SOCIAL_WORKER
    assert process.role(TEAM_MANAGER) is StaffRole.LINE_MANAGEMENT
    assert process.role(SERVICE_MANAGER) is StaffRole.LINE_MANAGEMENT
    assert process.role(INDEPENDENT) is StaffRole.INDEPENDENT


def test_own_social_worker_attends_alongside_an_independent_interviewer_when_asked() -> None:
    process = asked(own_worker=True).book(appointment(also_present=(SSW,)), BOOKED)
    booking = process.booking("A1")
    assert booking.appointment.interviewer == INDEPENDENT
    assert booking.appointment.also_present == (SSW,)
    assert process.pre_interview is not None
    assert process.pre_interview.wants_own_social_worker is True
    assert breaches(process) == ()


def test_taking_back_the_request_for_own_worker_is_refused_while_they_are_booked_to_attend() -> None:
    process = asked(own_worker=True).book(appointment(also_present=(SSW,)), BOOKED)
    with pytest.raises(RuleBroken) as caught:
        ask(process, own_worker=False)
    assert caught.value.rules == (Rule.OWN_SOCIAL_WORKER_ALONGSIDE,)


# -- cancelling and rebooking ----------------------------------------------------------------------------

CANCELLED_ON = D(2026, 3, 9)


def cancelled_by(by: Initiator) -> ExitProcess:
    return booked().cancel("A1", CANCELLED_ON, by=by, reason="interviewer ill")


def rebooking_items(
    process: ExitProcess, today: datetime.date, policy: ProcessPolicy
) -> list[tuple[object, ...]]:
    return [
        (item.due_on, item.overdue, item.ref, item.why)
        for item in due([process], today, policy=policy)
        if item.kind is DueKind.REBOOKING
    ]


@pytest.mark.parametrize(
    ("policy", "due_on"),
    [(ProcessPolicy(), D(2026, 3, 19)), (ProcessPolicy(rebook_within_days=3), D(2026, 3, 12))],
    ids=["default-10-days", "custom-3-days"],
)
def test_a_service_cancellation_is_due_for_rebooking(policy: ProcessPolicy, due_on: datetime.date) -> None:
    process = cancelled_by(Initiator.SERVICE)
    assert process.awaits_rebooking(process.booking("A1"))
    why = "the service cancelled exit_stage_1 on 2026-03-09: rebook it"
    assert rebooking_items(process, CANCELLED_ON, policy) == [(due_on, False, "A1", why)]
    assert rebooking_items(process, due_on, policy) == [(due_on, False, "A1", why)]
    day_after = due_on + datetime.timedelta(days=1)
    assert rebooking_items(process, day_after, policy) == [(due_on, True, "A1", why)]
    # While it awaits its rebooking, stage 1 is not listed separately.
    assert DueKind.STAGE_ONE not in {item.kind for item in due([process], day_after, policy=policy)}


def test_a_carer_cancellation_needs_no_rebooking_item() -> None:
    process = cancelled_by(Initiator.CARER)
    assert not process.awaits_rebooking(process.booking("A1"))
    items = due([process], D(2026, 3, 25))
    assert DueKind.REBOOKING not in {item.kind for item in items}
    stage_one = [item for item in items if item.kind is DueKind.STAGE_ONE]
    assert [(i.due_on, i.overdue, i.why) for i in stage_one] == [
        (D(2026, 3, 30), False, "book and hold exit stage 1")
    ]


def test_a_rebooking_clears_the_rebooking_item() -> None:
    process = cancelled_by(Initiator.SERVICE).book(appointment("A2", on=D(2026, 3, 16)), D(2026, 3, 11))
    assert process.rebooking(process.booking("A1")) == process.booking("A2")
    assert not process.awaits_rebooking(process.booking("A1"))
    assert DueKind.REBOOKING not in {item.kind for item in due([process], D(2026, 3, 25))}
    assert breaches(process) == ()


def test_a_cancellation_keeps_who_when_and_why() -> None:
    process = cancelled_by(Initiator.SERVICE)
    assert process.booking("A1").cancellation == Cancellation(
        on=CANCELLED_ON, by=Initiator.SERVICE, reason="interviewer ill"
    )
    assert process.live_booking(S1) is None


# -- triage, escalation, responses and feedback ----------------------------------------------------------


def test_triage_of_a_reason_again_replaces_it() -> None:
    process = held().triage("DCR-1", FEES, Triage.URGENT, STAGE_ONE_ON, escalation=escalation(STAGE_ONE_ON))
    process = process.triage("DCR-1", FEES, Triage.THEMATIC, D(2026, 3, 13))
    interview = process.interview("DCR-1")
    assert interview.findings == (Finding(reason=FEES, triage=Triage.THEMATIC, triaged_on=D(2026, 3, 13)),)
    assert interview.untriaged == (CONDUCT,)


def test_closing_an_escalation_records_when() -> None:
    process = triaged().close_escalation("DCR-1", CONDUCT, D(2026, 3, 18))
    finding = process.interview("DCR-1").finding(CONDUCT)
    assert finding is not None
    assert finding.escalation == Escalation(
        owner="head-of-service", raised_on=D(2026, 3, 13), due_on=D(2026, 3, 20), done_on=D(2026, 3, 18)
    )
    assert DueKind.ESCALATION not in {item.kind for item in due([process], D(2026, 3, 25))}


def test_closing_an_escalation_that_was_never_raised_is_an_error() -> None:
    with pytest.raises(
        ProcessError, match=r"reason 'finance\.fees_allowances' of record 'DCR-1' has no escalation"
    ):
        triaged().close_escalation("DCR-1", FEES, D(2026, 3, 18))
    with pytest.raises(ProcessError, match="has no escalation"):
        held().close_escalation("DCR-1", CONDUCT, D(2026, 3, 18))


def test_a_later_response_replaces_an_earlier_one() -> None:
    process = held().respond("DCR-1", "S1", ResponseKind.UNDER_REVIEW, D(2026, 3, 20))
    assert process.interview("DCR-1").unanswered == ("S2",)
    process = process.respond("DCR-1", "S1", ResponseKind.WILL_CHANGE, D(2026, 4, 2))
    interview = process.interview("DCR-1")
    response = interview.response("S1")
    assert response is not None
    assert (response.kind, response.on) == (ResponseKind.WILL_CHANGE, D(2026, 4, 2))
    assert [r.kind for r in interview.responses] == [ResponseKind.UNDER_REVIEW, ResponseKind.WILL_CHANGE]
    assert interview.unanswered == ("S2",)


def test_feedback_is_sent_once_every_suggestion_has_a_response() -> None:
    process = held().respond("DCR-1", "S1", ResponseKind.ALREADY_CHANGED, D(2026, 3, 20))
    with pytest.raises(RuleBroken) as caught:
        process.send_feedback("DCR-1", D(2026, 3, 25))
    assert caught.value.breaches[0].message == "feedback was sent before suggestions 'S2' had a response"
    process = process.respond(
        "DCR-1", "S2", ResponseKind.CANNOT_CHANGE, D(2026, 3, 24), reason="set nationally"
    ).send_feedback("DCR-1", D(2026, 3, 25))
    assert process.interview("DCR-1").feedback_sent_on == D(2026, 3, 25)
    with pytest.raises(ProcessError, match="feedback on 'DCR-1' was already sent on 2026-03-25"):
        process.send_feedback("DCR-1", D(2026, 3, 26))


def test_a_response_dated_after_the_feedback_does_not_count_for_it() -> None:
    process = held().respond("DCR-1", "S1", ResponseKind.WILL_CHANGE, D(2026, 3, 20))
    process = process.respond("DCR-1", "S2", ResponseKind.WILL_CHANGE, D(2026, 3, 30))
    with pytest.raises(RuleBroken) as caught:
        process.send_feedback("DCR-1", D(2026, 3, 25))
    assert caught.value.rules == (Rule.FEEDBACK_AFTER_RESPONSES,)


# -- stage 2 and its window ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "allowed"),
    [
        (D(2026, 4, 8), False),
        (WINDOW_OPENS, True),
        (WINDOW_CLOSES, True),
        (D(2026, 4, 24), False),
    ],
)
def test_stage_two_is_booked_inside_the_window(on: datetime.date, allowed: bool) -> None:
    state = held()
    if allowed:
        assert state.book(appointment("A2", S2, on), STAGE_TWO_BOOKED).live_booking(S2) is not None
    else:
        with pytest.raises(RuleBroken) as caught:
            state.book(appointment("A2", S2, on), STAGE_TWO_BOOKED)
        assert caught.value.rules == (Rule.STAGE_ORDER,)
        assert caught.value.breaches[0].message == (
            f"{on} is outside the stage 2 window (2026-04-09 to 2026-04-23)"
        )


def test_stage_two_may_be_booked_on_the_day_stage_one_is_held() -> None:
    process = held().book(stage_two(), STAGE_ONE_ON)
    assert breaches(process) == ()


def test_the_window_follows_the_policy() -> None:
    process = booked().complete("A1", record(), ProcessPolicy(stage_two_weeks=(2, 3)))
    assert process.stage_two_window == StageTwoWindow(
        stage_one_on=STAGE_ONE_ON, opens=D(2026, 3, 26), closes=D(2026, 4, 2)
    )


def test_moving_the_window_keeps_the_reason() -> None:
    process = held().move_stage_two_window(D(2026, 4, 27), D(2026, 5, 8), because="carer away in April")
    assert process.stage_two_window == StageTwoWindow(
        stage_one_on=STAGE_ONE_ON,
        opens=D(2026, 4, 27),
        closes=D(2026, 5, 8),
        moved_because="carer away in April",
    )


def test_moving_the_window_before_stage_one_is_an_error() -> None:
    with pytest.raises(ProcessError, match="EXIT-1: the stage 2 window opens when stage 1 is held"):
        booked().move_stage_two_window(D(2026, 4, 27), D(2026, 5, 8), because="carer away")


@pytest.mark.parametrize(
    ("opens", "closes", "message"),
    [
        (STAGE_ONE_ON, D(2026, 5, 8), "stage_two_window.opens: stage 2 comes after stage 1"),
        (D(2026, 5, 8), D(2026, 4, 27), "stage_two_window.closes: the window closes"),
    ],
)
def test_an_impossible_window_is_an_error(opens: datetime.date, closes: datetime.date, message: str) -> None:
    with pytest.raises(ProcessError, match=message):
        held().move_stage_two_window(opens, closes, because="carer away")


def test_moving_the_window_away_from_a_live_stage_two_booking_is_refused() -> None:
    process = held().book(stage_two(), STAGE_TWO_BOOKED)
    with pytest.raises(RuleBroken) as caught:
        process.move_stage_two_window(D(2026, 4, 27), D(2026, 5, 8), because="carer away")
    assert caught.value.rules == (Rule.STAGE_ORDER,)
    assert caught.value.breaches[0].path == "bookings[1].appointment.on"


# -- operations that cannot apply ------------------------------------------------------------------------


def done() -> ExitProcess:
    return (
        held()
        .book(stage_two(), STAGE_TWO_BOOKED)
        .cancel("A2", D(2026, 3, 21), by=Initiator.CARER, reason="carer unwell")
    )


@pytest.mark.parametrize(
    ("operation", "message"),
    [
        (
            lambda p: p.cancel("A9", D(2026, 3, 21), by=Initiator.SERVICE, reason="ill"),
            "EXIT-1: no appointment 'A9' (booked: 'A1', 'A2')",
        ),
        (lambda p: p.complete("A9", record("DCR-9")), "EXIT-1: no appointment 'A9' (booked: 'A1', 'A2')"),
        (
            lambda p: p.cancel("A1", D(2026, 3, 21), by=Initiator.SERVICE, reason="ill"),
            "EXIT-1: appointment 'A1' is already completed",
        ),
        (lambda p: p.complete("A1", record("DCR-9")), "EXIT-1: appointment 'A1' is already completed"),
        (
            lambda p: p.cancel("A2", D(2026, 3, 22), by=Initiator.SERVICE, reason="ill"),
            "EXIT-1: appointment 'A2' is already cancelled",
        ),
        (
            lambda p: p.complete("A2", record("DCR-2", S2, STAGE_TWO_ON)),
            "EXIT-1: appointment 'A2' is already cancelled",
        ),
        (
            lambda p: p.triage("DCR-9", FEES, Triage.THEMATIC, D(2026, 3, 21)),
            "EXIT-1: no interview with record 'DCR-9' (held: 'DCR-1')",
        ),
        (
            lambda p: p.respond("DCR-9", "S1", ResponseKind.WILL_CHANGE, D(2026, 3, 21)),
            "EXIT-1: no interview with record 'DCR-9' (held: 'DCR-1')",
        ),
        (
            lambda p: p.send_feedback("DCR-9", D(2026, 3, 21)),
            "EXIT-1: no interview with record 'DCR-9' (held: 'DCR-1')",
        ),
        (
            lambda p: p.close_escalation("DCR-9", CONDUCT, D(2026, 3, 21)),
            "EXIT-1: no interview with record 'DCR-9' (held: 'DCR-1')",
        ),
        (lambda p: p.offer(D(2026, 3, 21)), "EXIT-1: the exit interview was already offered on 2026-03-03"),
        (
            lambda p: p.book(appointment("A1", S2, STAGE_TWO_ON), D(2026, 3, 21)),
            "EXIT-1: bookings: appointment id 'A1' is used more than once",
        ),
        (
            lambda p: p.book(appointment("A3", S2, STAGE_TWO_ON), D(2026, 3, 21)).complete(
                "A3", record("DCR-1", S2)
            ),
            "EXIT-1: bookings: record id 'DCR-1' is used more than once",
        ),
        (
            lambda p: p.ask_before_interview(
                D(2026, 3, 21), raise_relationships=False, wants_companion=False, companion=CompanionKind.PEER
            ),
            "EXIT-1: PreInterview.companion: a companion is only named when the carer wants one",
        ),
    ],
)
def test_operations_that_cannot_apply_are_process_errors(
    operation: Callable[[ExitProcess], ExitProcess], message: str
) -> None:
    with pytest.raises(ProcessError) as caught:
        operation(done())
    assert str(caught.value) == message


def test_no_appointments_yet() -> None:
    with pytest.raises(ProcessError, match=r"no appointment 'A1' \(booked: none\)"):
        asked().cancel("A1", ASKED, by=Initiator.SERVICE, reason="ill")
    with pytest.raises(ProcessError, match=r"no interview with record 'DCR-1' \(held: none\)"):
        booked().triage("DCR-1", FEES, Triage.THEMATIC, BOOKED)


def test_start_with_a_bad_id_is_a_process_error() -> None:
    with pytest.raises(ProcessError, match="not a valid id"):
        ExitProcess.start("EXIT 1", departure(), supervising_social_worker=SSW)


# -- states imported with breaches -----------------------------------------------------------------------


def imported() -> ExitProcess:
    """A state from a case system: cancelled without a reason, and held by the carer's own worker."""
    return ExitProcess(
        id="EXIT-1",
        departure=departure(),
        supervising_social_worker=SSW,
        line_management=(TEAM_MANAGER,),
        offered_on=OFFERED,
        pre_interview=PreInterview(asked_on=ASKED, raise_relationships=False, wants_companion=False),
        bookings=(
            Booking(
                appointment=appointment("A1", on=D(2026, 3, 10)),
                booked_on=BOOKED,
                cancellation=Cancellation(on=D(2026, 3, 9), by=Initiator.SERVICE, reason=""),
            ),
            Booking(
                appointment=appointment("A2", interviewer=SSW),
                booked_on=D(2026, 3, 10),
                interview=Interview(record=record()),
            ),
        ),
        stage_two_window=StageTwoWindow.default(STAGE_ONE_ON),
    )


def test_breaches_lists_what_an_imported_state_already_breaks() -> None:
    found = breaches(imported())
    assert [(b.rule, b.path) for b in found] == [
        (Rule.CANCELLATION_REASON, "bookings[0].cancellation.reason"),
        (Rule.INDEPENDENT_INTERVIEWER, "bookings[1].appointment.interviewer"),
    ]
    assert found[1].describe() == (
        "bookings[1].appointment.interviewer: 'SSW-12' is the supervising social worker "
        "[independent_interviewer]; instead, choose an interviewer outside the supervising social "
        "worker's line management"
    )


def test_operations_unrelated_to_an_imported_breach_still_work() -> None:
    process = (
        imported()
        .triage("DCR-1", FEES, Triage.THEMATIC, D(2026, 3, 13))
        .triage("DCR-1", CONDUCT, Triage.URGENT, D(2026, 3, 13), escalation=escalation())
        .respond("DCR-1", "S1", ResponseKind.WILL_CHANGE, D(2026, 3, 20))
        .respond("DCR-1", "S2", ResponseKind.UNDER_REVIEW, D(2026, 3, 20))
        .send_feedback("DCR-1", D(2026, 3, 25))
        .send_checklist(D(2026, 3, 6), checklist="leaving-carers", version="2026.1")
        .book(appointment("A3", S2, STAGE_TWO_ON), STAGE_TWO_BOOKED)
    )
    assert process.checklist_sent == ChecklistSent(
        checklist="leaving-carers", version="2026.1", on=D(2026, 3, 6)
    )
    assert [b.rule for b in breaches(process)] == [Rule.CANCELLATION_REASON, Rule.INDEPENDENT_INTERVIEWER]


def test_new_breaches_of_an_imported_state_are_still_refused() -> None:
    with pytest.raises(RuleBroken) as caught:
        imported().book(appointment("A3", S2, STAGE_TWO_ON, interviewer=TEAM_MANAGER), STAGE_TWO_BOOKED)
    assert caught.value.rules == (Rule.INDEPENDENT_INTERVIEWER,)
    assert caught.value.breaches[0].path == "bookings[2].appointment.interviewer"
    with pytest.raises(RuleBroken) as caught:
        imported().book(appointment("A3", S2, STAGE_TWO_ON), STAGE_TWO_BOOKED).cancel(
            "A3", D(2026, 3, 21), by=Initiator.SERVICE, reason=" "
        )
    assert caught.value.rules == (Rule.CANCELLATION_REASON,)
    assert caught.value.breaches[0].path == "bookings[2].cancellation.reason"


def test_retriaging_one_reason_does_not_count_an_imported_breach_of_another_as_new() -> None:
    # Imported: fees triaged, then an urgent finding without an escalation (already a breach).
    base = held()
    booking = base.bookings[0]
    assert booking.interview is not None
    findings = (
        Finding(reason=FEES, triage=Triage.THEMATIC, triaged_on=STAGE_ONE_ON),
        Finding(reason=CONDUCT, triage=Triage.URGENT, triaged_on=STAGE_ONE_ON),
    )
    state = attrs.evolve(
        base, bookings=(attrs.evolve(booking, interview=attrs.evolve(booking.interview, findings=findings)),)
    )
    assert [b.rule for b in breaches(state)] == [Rule.URGENT_ESCALATION]
    # Re-triaging the fees reason has nothing to do with that breach.
    after = state.triage("DCR-1", FEES, Triage.URGENT, D(2026, 3, 13), escalation=escalation())
    assert [b.rule for b in breaches(after)] == [Rule.URGENT_ESCALATION]


def test_answering_part_of_an_imported_early_feedback_is_not_a_new_breach() -> None:
    # Imported: feedback sent on 20 March before either suggestion had a response.
    base = held()
    booking = base.bookings[0]
    assert booking.interview is not None
    early = attrs.evolve(booking.interview, feedback_sent_on=D(2026, 3, 20))
    state = attrs.evolve(base, bookings=(attrs.evolve(booking, interview=early),))
    assert [b.rule for b in breaches(state)] == [Rule.FEEDBACK_AFTER_RESPONSES]
    # A response to S1 dated before the feedback narrows the breach; it adds none.
    after = state.respond("DCR-1", "S1", ResponseKind.WILL_CHANGE, D(2026, 3, 18))
    assert [b.message for b in breaches(after)] == [
        "feedback was sent before suggestions 'S2' had a response"
    ]
