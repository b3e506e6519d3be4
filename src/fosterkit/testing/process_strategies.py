"""Hypothesis strategies for the exit-interview process (re-exported by ``strategies``).

:func:`exit_processes` builds each process the way a service would, through the process's own
operations, so every process it draws breaks no rule.
"""

from __future__ import annotations

import datetime

import attrs
from hypothesis import strategies as st

from fosterkit.interviews import (
    Appointment,
    Cancellation,
    ChecklistSent,
    Companion,
    CompanionKind,
    ComplaintReferral,
    Escalation,
    ExitProcess,
    Finding,
    InterviewStage,
    Location,
    OptOut,
    PreInterview,
    ProcessPolicy,
    Response,
    ResponseKind,
)
from fosterkit.interviews.process import EscalationRoute
from fosterkit.reasons import Triage
from fosterkit.records import Departure, Initiator
from fosterkit.testing._common import SOME_REASONS, unicode_text
from fosterkit.testing.carers_strategies import departures, record_ids
from fosterkit.testing.interview_strategies import data_collection_records

__all__ = [
    "cancellations",
    "checklists_sent",
    "complaint_referrals",
    "escalations",
    "exit_processes",
    "findings",
    "opt_outs",
    "pre_interviews",
    "process_policies",
    "responses",
]

_DAYS = st.dates(datetime.date(1990, 1, 1), datetime.date(2040, 12, 31))
_EXIT = st.sampled_from([InterviewStage.EXIT_STAGE_1, InterviewStage.EXIT_STAGE_2])
_REASONS = st.sampled_from(
    ["interviewer ill", "carer unwell", "snow", "room double-booked", "family emergency"]
)
_COMPLAINTS_ROUTES = st.sampled_from(["the service's complaints procedure", "the council's complaints team"])
_SAFEGUARDING_ROUTES = st.sampled_from([r for r in EscalationRoute if r.is_safeguarding])


def _note() -> st.SearchStrategy[str]:
    return unicode_text(max_size=40)


_FROM, _UNTIL = datetime.date(2000, 1, 1), datetime.date(2040, 1, 1)


def process_policies() -> st.SearchStrategy[ProcessPolicy]:
    """A service's time limits."""
    days = st.integers(0, 90)
    return st.builds(
        ProcessPolicy,
        offer_within_days=days,
        stage_one_within_days=days,
        stage_two_weeks=st.tuples(st.integers(1, 8), st.integers(0, 6)).map(lambda w: (w[0], w[0] + w[1])),
        stage_two_notice_days=days,
        rebook_within_days=days,
        triage_within_days=days,
        escalate_within_days=days,
        feedback_within_days=days,
        checklist_within_days=days,
        post_approval_from=st.one_of(st.none(), st.dates(_FROM, _UNTIL)),
        post_approval_months=st.integers(1, 12),
        post_approval_notice_days=days,
        post_approval_grace_days=days,
        follow_up_notice_days=days,
        process_review_months=st.integers(1, 24),
        process_review_notice_days=days,
        communicate_within_days=days,
    )


@st.composite
def pre_interviews(draw: st.DrawFn) -> PreInterview:
    """The carer's answers to the questions asked before an interview."""
    wants_companion = draw(st.booleans())
    explained, route = draw(_complaints_explained())
    return PreInterview(
        asked_on=draw(_DAYS),
        raise_relationships=draw(st.booleans()),
        relationships_note=draw(_note()),
        wants_companion=wants_companion,
        companion=draw(st.one_of(st.none(), st.sampled_from(CompanionKind))) if wants_companion else None,
        wants_own_social_worker=draw(st.booleans()),
        complaints_explained=explained,
        complaints_route=route,
    )


def _complaints_explained(*, told: bool = False) -> st.SearchStrategy[tuple[bool | None, str]]:
    """Whether complaints were explained and where they go; not recorded; or (unless ``told``) not told."""
    choices: list[st.SearchStrategy[tuple[bool | None, str]]] = [
        st.just((None, "")),
        _COMPLAINTS_ROUTES.map(lambda route: (True, route)),
    ]
    if not told:
        choices.append(st.just((False, "")))
    return st.one_of(choices)


def opt_outs() -> st.SearchStrategy[OptOut]:
    """A carer declining an exit stage."""
    return st.builds(OptOut, stage=_EXIT, on=_DAYS, note=_note())


def complaint_referrals() -> st.SearchStrategy[ComplaintReferral]:
    """A complaint passed on, with its reference."""
    return st.builds(ComplaintReferral, on=_DAYS, reference=record_ids())


def cancellations() -> st.SearchStrategy[Cancellation]:
    """A cancellation with its reason."""
    return st.builds(Cancellation, on=_DAYS, by=st.sampled_from(Initiator), reason=_REASONS)


@st.composite
def escalations(draw: st.DrawFn, *, safeguarding: bool = False) -> Escalation:
    """An escalation with an owner, raised and due dates, and perhaps done.

    With ``safeguarding``, it goes by a safeguarding route and is due the day it is raised.
    """
    raised = draw(_DAYS)
    later = st.integers(0, 60).map(lambda d: raised + datetime.timedelta(days=d))
    return Escalation(
        owner=draw(record_ids()),
        raised_on=raised,
        due_on=raised if safeguarding else draw(later),
        done_on=draw(st.one_of(st.none(), later)),
        route=draw(_SAFEGUARDING_ROUTES if safeguarding else st.sampled_from(EscalationRoute)),
    )


@st.composite
def findings(draw: st.DrawFn, reason: str | None = None) -> Finding:
    """A triaged finding; urgent ones carry an escalation, and some are safeguarding disclosures."""
    triage = draw(st.sampled_from(Triage))
    safeguarding = triage is Triage.URGENT and draw(st.booleans())
    return Finding(
        reason=reason or draw(st.sampled_from(SOME_REASONS)),
        triage=triage,
        triaged_on=draw(_DAYS),
        escalation=draw(escalations(safeguarding=safeguarding)) if triage is Triage.URGENT else None,
        safeguarding=safeguarding,
    )


@st.composite
def responses(draw: st.DrawFn, suggestion_id: str | None = None) -> Response:
    """A response to a suggestion; ``cannot_change`` ones give a reason."""
    kind = draw(st.sampled_from(ResponseKind))
    reason = draw(_REASONS) if kind is ResponseKind.CANNOT_CHANGE else ""
    return Response(
        suggestion_id=suggestion_id or draw(record_ids()), kind=kind, on=draw(_DAYS), reason=reason
    )


def checklists_sent() -> st.SearchStrategy[ChecklistSent]:
    """A note that the leaving checklist was sent."""
    return st.builds(ChecklistSent, checklist=st.just("leaving-carers"), version=st.just("1"), on=_DAYS)


class _Walk:
    """Moves a process on through its operations, with a clock that only goes forward."""

    def __init__(self, draw: st.DrawFn, process: ExitProcess, independent: str) -> None:
        self.draw = draw
        self.process = process
        self.independent = independent
        self.today = process.departure.notice_on
        self.count = 0

    def later(self, most: int = 10) -> datetime.date:
        self.today += datetime.timedelta(days=self.draw(st.integers(0, most)))
        return self.today

    def appointment(self, stage: InterviewStage, on: datetime.date) -> Appointment:
        self.count += 1
        asked = self.process.pre_interview
        own = asked is not None and asked.wants_own_social_worker and self.draw(st.booleans())
        kind = None if asked is None or not asked.wants_companion else asked.companion
        companion = Companion(kind=kind) if kind is not None and self.draw(st.booleans()) else None
        return Appointment(
            id=f"A{self.count}",
            stage=stage,
            on=on,
            location=self.draw(st.sampled_from(Location)),
            location_agreed=self.draw(st.booleans()),  # agreed later, before it is held
            interviewer=self.independent,
            also_present=(self.process.supervising_social_worker,) if own else (),
            companion=companion,
        )

    def book(self, appointment: Appointment, booked_on: datetime.date) -> None:
        """Book with an interviewer who can act on feedback (recorded, or not, as older records)."""
        can = self.draw(st.sampled_from([True, None]))
        self.process = self.process.book(appointment, booked_on, interviewer_can_escalate=can)

    def hold(self, stage: InterviewStage) -> bool:
        """Book ``stage`` (perhaps cancelling and rebooking first); hold it. False if the walk stops."""
        for _attempt in range(self.draw(st.integers(0, 2))):
            booked_on = self.later()
            on = self._slot(stage, booked_on)
            appointment = self.appointment(stage, on)
            self.book(appointment, booked_on)
            by = self.draw(st.sampled_from(Initiator))
            self.process = self.process.cancel(
                appointment.id, self.later(), by=by, reason=self.draw(_REASONS)
            )
        booked_on = self.later()
        appointment = self.appointment(stage, self._slot(stage, booked_on))
        self.book(appointment, booked_on)
        if not appointment.location_agreed and self.draw(st.booleans()):
            self.process = self.process.agree_location(appointment.id)
        if not self.draw(st.booleans()):
            return False
        if not self.process.booking(appointment.id).appointment.location_agreed:
            self.process = self.process.agree_location(appointment.id)
        self.today = appointment.on
        record = self.draw(
            data_collection_records(
                departure_id=self.process.departure.id, stage=stage, interviewed_on=appointment.on
            )
        )
        record = attrs.evolve(record, id=f"DCR-{appointment.id}")  # one id per interview held
        self.process = self.process.complete(appointment.id, record)
        self.follow_up(record.id)
        return True

    def _slot(self, stage: InterviewStage, booked_on: datetime.date) -> datetime.date:
        window = self.process.stage_two_window
        if stage is InterviewStage.EXIT_STAGE_2 and window is not None:
            if window.closes < booked_on:
                opens = booked_on + datetime.timedelta(days=1)
                self.process = self.process.move_stage_two_window(
                    opens, opens + datetime.timedelta(days=14), because="to suit the carer"
                )
                window = self.process.stage_two_window
                assert window is not None
            start = max(window.opens, booked_on)
            return start + datetime.timedelta(days=self.draw(st.integers(0, (window.closes - start).days)))
        return booked_on + datetime.timedelta(days=self.draw(st.integers(0, 20)))

    def follow_up(self, record_id: str) -> None:
        interview = self.process.interview(record_id)
        for reason in interview.record.reasons:
            if not self.draw(st.booleans()):
                continue
            on = self.later(3)
            triage = self.draw(st.sampled_from(Triage))
            safeguarding = triage is Triage.URGENT and self.draw(st.booleans())
            escalation = None
            if safeguarding:  # a disclosure: referred the day of the interview
                on = interview.record.interviewed_on
                escalation = Escalation(
                    owner="safeguarding-lead", raised_on=on, due_on=on, route=self.draw(_SAFEGUARDING_ROUTES)
                )
            elif triage is Triage.URGENT:
                escalation = Escalation(
                    owner="duty-manager", raised_on=on, due_on=on + datetime.timedelta(days=7)
                )
            self.process = self.process.triage(
                record_id, reason, triage, on, escalation=escalation, safeguarding=safeguarding
            )
        for suggestion in interview.record.suggestions:
            if self.draw(st.booleans()):
                kind = self.draw(st.sampled_from(ResponseKind))
                reason = "outside the service's control" if kind is ResponseKind.CANNOT_CHANGE else ""
                self.process = self.process.respond(
                    record_id, suggestion.id, kind, self.later(), reason=reason
                )
        if not self.process.interview(record_id).unanswered and self.draw(st.booleans()):
            self.process = self.process.send_feedback(record_id, self.later())


@st.composite
def exit_processes(draw: st.DrawFn, departure: Departure | None = None) -> ExitProcess:
    """A process at any point of its life, reached through its own operations."""
    dep = departure or draw(departures())
    staff = draw(st.lists(record_ids(), min_size=4, max_size=4, unique=True))
    walk = _Walk(
        draw,
        ExitProcess.start(
            draw(record_ids()), dep, supervising_social_worker=staff[0], line_management=(staff[1], staff[2])
        ),
        independent=staff[3],
    )
    if draw(st.booleans()):
        walk.process = walk.process.send_checklist(walk.later(), checklist="leaving-carers", version="1")
    if not draw(st.integers(0, 9)):
        return walk.process
    walk.process = walk.process.offer(walk.later())
    if draw(st.booleans()):
        walk.process = walk.process.route_complaint(walk.later(), reference=draw(record_ids()))
    if not draw(st.integers(0, 4)):
        return walk.process.decline(walk.later(), note=draw(_note()))
    wants_companion = draw(st.booleans())
    explained, route = draw(_complaints_explained(told=True))
    walk.process = walk.process.ask_before_interview(
        walk.later(),
        raise_relationships=draw(st.booleans()),
        wants_companion=wants_companion,
        companion=draw(st.sampled_from(CompanionKind)) if wants_companion else None,
        wants_own_social_worker=draw(st.booleans()),
        complaints_explained=explained,
        complaints_route=route,
    )
    if not walk.hold(InterviewStage.EXIT_STAGE_1):
        return walk.process
    if not draw(st.integers(0, 3)):
        return walk.process.decline(walk.later(), InterviewStage.EXIT_STAGE_2)
    walk.hold(InterviewStage.EXIT_STAGE_2)
    return walk.process
