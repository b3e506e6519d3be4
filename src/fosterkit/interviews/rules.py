"""The rules of the exit-interview process, and the breaches of them a state can hold.

:func:`breaches` lists every rule a process state breaks, each with where and what to do
instead. Operations on :class:`~fosterkit.interviews.process.ExitProcess` refuse to add a breach
by raising :class:`RuleBroken`; states read from elsewhere may hold breaches already, and this
is how a service finds them.
"""

from __future__ import annotations

import datetime
import enum

from attrs import frozen

from fosterkit.errors import FosterkitError
from fosterkit.interviews.process import (
    EXIT_STAGES,
    Booking,
    BookingStatus,
    ExitProcess,
    Finding,
    Interview,
    ResponseKind,
    StaffRole,
)
from fosterkit.interviews.stages import InterviewStage
from fosterkit.reasons import Triage

__all__ = ["Breach", "Rule", "RuleBroken", "breaches"]


class Rule(enum.Enum):
    """A rule of the exit-interview process."""

    OFFER_FIRST = "offer_first"
    """Nothing is booked or declined before the exit interview is offered."""
    ASK_BEFORE_BOOKING = "ask_before_booking"
    """The carer is asked about relationships, a companion and their own worker before booking."""
    COMPLAINT_REFERENCE = "complaint_reference"
    """A complaint is routed to the complaints process and its reference kept."""
    INDEPENDENT_INTERVIEWER = "independent_interviewer"
    """The interviewer is neither the supervising social worker nor in their line management."""
    OWN_SOCIAL_WORKER_ALONGSIDE = "own_social_worker_alongside"
    """The supervising social worker attends only at the carer's request; their managers never."""
    CANCELLATION_REASON = "cancellation_reason"
    """Every cancellation gives its reason."""
    ONE_BOOKING_PER_STAGE = "one_booking_per_stage"
    """One live appointment per stage, and none for a stage already held."""
    STAGE_ORDER = "stage_order"
    """Stage 2 is booked after stage 1 is held, inside the stage 2 window."""
    OPT_OUT = "opt_out"
    """A carer opts out of a stage not yet held; nothing is then booked for it."""
    RECORD_MATCHES = "record_matches"
    """A data collection record belongs to this departure and the stage it was held at."""
    FINDINGS_FROM_RECORD = "findings_from_record"
    """A finding is one of the record's reasons, triaged once."""
    URGENT_ESCALATION = "urgent_escalation"
    """An urgent finding is escalated to an owner with a date."""
    RESPONSE_TO_SUGGESTION = "response_to_suggestion"
    """A response answers one of the record's suggestions."""
    RESPONSE_REASON = "response_reason"
    """A suggestion the service cannot act on is answered with the reason."""
    FEEDBACK_AFTER_RESPONSES = "feedback_after_responses"
    """Feedback goes to the carer once every suggestion has a response."""
    WINDOW_MOVE_REASON = "window_move_reason"
    """Moving the stage 2 window records why."""
    DATES_IN_ORDER = "dates_in_order"
    """Nothing is dated before what it follows (notice, offer, booking, interview)."""
    INTERVIEWER_CAN_ESCALATE = "interviewer_can_escalate"
    """The interviewer can act on the carer's feedback or escalate it into the service."""
    LOCATION_AGREED = "location_agreed"
    """An interview is held only where the carer agreed to meet."""
    COMPANION_WANTED = "companion_wanted"
    """A companion comes only when the carer said they wanted one."""
    COMPLAINTS_EXPLAINED = "complaints_explained"
    """Before an interview is held, the carer is told complaints go to the complaints process, and where."""
    SAFEGUARDING_ROUTE = "safeguarding_route"
    """A child-protection disclosure goes by a safeguarding route, not the service's own."""
    SAFEGUARDING_SAME_DAY = "safeguarding_same_day"
    """A child-protection disclosure is referred, and due, on the day of the interview."""


@frozen(kw_only=True)
class Breach:
    """One rule a process state breaks: where (a field path), what is wrong, and what to do instead."""

    rule: Rule
    path: str
    message: str
    instead: str

    def describe(self) -> str:
        """The breach as one line."""
        return f"{self.path}: {self.message} [{self.rule.value}]; instead, {self.instead}"


class RuleBroken(FosterkitError):
    """An operation would break a rule of the process; ``breaches`` says which and what to do instead."""

    def __init__(self, process_id: str, breaches: tuple[Breach, ...]) -> None:
        self.process_id = process_id
        self.breaches = breaches
        lines = [f"{process_id}: {b.describe()}" for b in breaches]
        super().__init__("\n".join(lines))

    @property
    def rules(self) -> tuple[Rule, ...]:
        """The rules broken, in the order found."""
        return tuple(b.rule for b in self.breaches)


class _Finder:
    """Collects the breaches of one state."""

    def __init__(self, process: ExitProcess) -> None:
        self.process = process
        self.found: list[Breach] = []

    def add(self, rule: Rule, path: str, message: str, instead: str) -> None:
        self.found.append(Breach(rule=rule, path=path, message=message, instead=instead))

    def order(self, path: str, later: datetime.date, earlier: datetime.date | None, what: str) -> None:
        """Require ``later`` not to be before ``earlier`` (the date of ``what``)."""
        if earlier is not None and later < earlier:
            self.add(
                Rule.DATES_IN_ORDER,
                path,
                f"{later} is before {what} ({earlier})",
                f"give a date on or after {what}",
            )


def breaches(process: ExitProcess) -> tuple[Breach, ...]:
    """Every rule ``process`` breaks, in a stable order (by field path)."""
    finder = _Finder(process)
    _offer_and_answers(finder)
    for index, booking in enumerate(process.bookings):
        _booking(finder, index, booking)
    return tuple(finder.found)


def _offer_and_answers(f: _Finder) -> None:
    p = f.process
    notice = p.departure.notice_on
    if p.offered_on is not None:
        f.order("offered_on", p.offered_on, notice, "notice")
    if p.pre_interview is not None:
        f.order("pre_interview.asked_on", p.pre_interview.asked_on, notice, "notice")
    for index, opt_out in enumerate(p.opt_outs):
        path = f"opt_outs[{index}]"
        if p.offered_on is None:
            f.add(
                Rule.OFFER_FIRST,
                path,
                "the carer declined an interview never offered",
                "record the offer first",
            )
        f.order(f"{path}.on", opt_out.on, p.offered_on, "the offer")
        if sum(o.stage is opt_out.stage for o in p.opt_outs[:index]):
            f.add(Rule.OPT_OUT, path, f"a second opt-out of {opt_out.stage.value}", "keep the first one")
        held = p.held(opt_out.stage)
        if (
            held is not None
            and held.interview is not None
            and held.interview.record.interviewed_on <= opt_out.on
        ):
            f.add(
                Rule.OPT_OUT,
                path,
                f"{opt_out.stage.value} was already held on {held.interview.record.interviewed_on}",
                "opt out of a later stage only",
            )
    for index, complaint in enumerate(p.complaints):
        if not complaint.reference.strip():
            f.add(
                Rule.COMPLAINT_REFERENCE,
                f"complaints[{index}].reference",
                "a complaint was routed without a reference",
                "give the complaints process's reference for it",
            )
    if p.checklist_sent is not None:
        f.order("checklist_sent.on", p.checklist_sent.on, notice, "notice")
    _complaints_explained(f)


def _complaints_explained(f: _Finder) -> None:
    """An interview held when the carer was recorded as not told where complaints go."""
    p = f.process
    asked = p.pre_interview
    if asked is None or asked.complaints_explained is None or not p.interviews:
        return  # not recorded (older records): nothing to judge
    if asked.complaints_explained is False:
        f.add(
            Rule.COMPLAINTS_EXPLAINED,
            "pre_interview.complaints_explained",
            "an interview was held, but the carer was not told that complaints go outside it",
            "tell the carer complaints go to the complaints process, and where, before the interview",
        )
    elif not asked.complaints_route.strip():
        f.add(
            Rule.COMPLAINTS_EXPLAINED,
            "pre_interview.complaints_route",
            "the carer was told complaints go outside the interview, but not where",
            "record where complaints go (the service's complaints procedure, say)",
        )


def _booking(f: _Finder, index: int, booking: Booking) -> None:
    p = f.process
    path = f"bookings[{index}]"
    appointment = booking.appointment
    if p.offered_on is None:
        f.add(
            Rule.OFFER_FIRST, path, "an interview was booked before it was offered", "record the offer first"
        )
    f.order(f"{path}.booked_on", booking.booked_on, p.offered_on, "the offer")
    f.order(f"{path}.appointment.on", appointment.on, booking.booked_on, "the booking")
    if appointment.stage not in EXIT_STAGES:
        f.add(
            Rule.STAGE_ORDER,
            f"{path}.appointment.stage",
            "only exit stages belong to an exit process",
            "book exit stage 1 or 2",
        )
        return
    asked = p.pre_interview
    if asked is None or asked.asked_on > booking.booked_on:
        f.add(
            Rule.ASK_BEFORE_BOOKING,
            path,
            "booked before the carer was asked about relationships, a companion and their own worker",
            "ask the carer those questions first (ask_before_interview)",
        )
    _independence(f, path, booking)
    _arrangements(f, path, booking)
    _stage_rules(f, index, booking)
    if booking.cancellation is not None:
        f.order(f"{path}.cancellation.on", booking.cancellation.on, booking.booked_on, "the booking")
        if not booking.cancellation.reason.strip():
            f.add(
                Rule.CANCELLATION_REASON,
                f"{path}.cancellation.reason",
                "the appointment was cancelled without a reason",
                "give the reason the carer will be told",
            )
    if booking.interview is not None:
        _interview(f, f"{path}.interview", booking, booking.interview)


def _independence(f: _Finder, path: str, booking: Booking) -> None:
    p = f.process
    appointment = booking.appointment
    role = p.role(appointment.interviewer)
    if role is not StaffRole.INDEPENDENT:
        who = (
            "the supervising social worker"
            if role is StaffRole.SUPERVISING_SOCIAL_WORKER
            else "in their line management"
        )
        f.add(
            Rule.INDEPENDENT_INTERVIEWER,
            f"{path}.appointment.interviewer",
            f"{appointment.interviewer!r} is {who}",
            "choose an interviewer outside the supervising social worker's line management",
        )
    asked_for_own = p.pre_interview is not None and p.pre_interview.wants_own_social_worker
    for position, staff in enumerate(appointment.also_present):
        role = p.role(staff)
        where = f"{path}.appointment.also_present[{position}]"
        if role is StaffRole.LINE_MANAGEMENT:
            f.add(
                Rule.OWN_SOCIAL_WORKER_ALONGSIDE,
                where,
                f"{staff!r} is in the supervising social worker's line management",
                "leave them out of the interview",
            )
        elif role is StaffRole.SUPERVISING_SOCIAL_WORKER and not asked_for_own:
            f.add(
                Rule.OWN_SOCIAL_WORKER_ALONGSIDE,
                where,
                "the supervising social worker attends, but the carer did not ask for them",
                "leave them out, or record that the carer asked for them",
            )


def _arrangements(f: _Finder, path: str, booking: Booking) -> None:
    """The interviewer's route to act, the location agreed, and a companion only if wanted."""
    appointment = booking.appointment
    if booking.interviewer_can_escalate is False:
        f.add(
            Rule.INTERVIEWER_CAN_ESCALATE,
            f"{path}.interviewer_can_escalate",
            f"{appointment.interviewer!r} has no route to act on or escalate the carer's feedback",
            "choose an interviewer who can, or give them a named manager to take feedback to",
        )
    if booking.interview is not None and not appointment.location_agreed:
        f.add(
            Rule.LOCATION_AGREED,
            f"{path}.appointment.location_agreed",
            f"the interview was held at {appointment.location.value} without the carer agreeing it",
            "agree the location with the carer before the interview (agree_location)",
        )
    asked = f.process.pre_interview
    if (
        appointment.companion is not None
        and booking.status is not BookingStatus.CANCELLED
        and asked is not None
        and not asked.wants_companion
    ):
        f.add(
            Rule.COMPANION_WANTED,
            f"{path}.appointment.companion",
            f"a {appointment.companion.kind.value} comes along, but the carer said they wanted no companion",
            "leave the companion out, or ask the carer again before booking",
        )


def _stage_rules(f: _Finder, index: int, booking: Booking) -> None:
    p = f.process
    path = f"bookings[{index}]"
    stage = booking.stage
    earlier = p.bookings[:index]
    if booking.status is BookingStatus.BOOKED and any(
        b.stage is stage and b.status is BookingStatus.BOOKED for b in earlier
    ):
        f.add(
            Rule.ONE_BOOKING_PER_STAGE,
            path,
            f"{stage.value} is already booked",
            "cancel the other appointment first",
        )
    held_before = next((b for b in earlier if b.stage is stage and b.interview is not None), None)
    if held_before is not None and held_before.interview is not None:
        f.add(
            Rule.ONE_BOOKING_PER_STAGE,
            path,
            f"{stage.value} was already held on {held_before.interview.record.interviewed_on}",
            "record what followed on the interview already held",
        )
    opt_out = p.opted_out(stage)
    if opt_out is not None and booking.status is not BookingStatus.CANCELLED:
        held_first = booking.interview is not None and booking.interview.record.interviewed_on <= opt_out.on
        if not held_first:
            f.add(
                Rule.OPT_OUT,
                path,
                f"the carer opted out of {stage.value} on {opt_out.on}",
                "respect the opt-out; cancel this appointment",
            )
    if stage is InterviewStage.EXIT_STAGE_2:
        _stage_two(f, path, booking)


def _stage_two(f: _Finder, path: str, booking: Booking) -> None:
    p = f.process
    first = p.held(InterviewStage.EXIT_STAGE_1)
    first_on = None if first is None or first.interview is None else first.interview.record.interviewed_on
    if first_on is None or first_on > booking.booked_on:
        f.add(Rule.STAGE_ORDER, path, "stage 2 was booked before stage 1 was held", "hold exit stage 1 first")
        return
    window = p.stage_two_window
    if (
        window is not None
        and booking.status is not BookingStatus.CANCELLED
        and not window.is_open(booking.appointment.on)
    ):
        f.add(
            Rule.STAGE_ORDER,
            f"{path}.appointment.on",
            f"{booking.appointment.on} is outside the stage 2 window ({window.opens} to {window.closes})",
            "book inside the window, or move the window with the carer's reason",
        )


def _interview(f: _Finder, path: str, booking: Booking, interview: Interview) -> None:
    p = f.process
    record = interview.record
    f.order(f"{path}.record.interviewed_on", record.interviewed_on, booking.booked_on, "the booking")
    if record.stage is not booking.stage:
        f.add(
            Rule.RECORD_MATCHES,
            f"{path}.record.stage",
            f"the record is for {record.stage.value}",
            f"record {booking.stage.value}",
        )
    if record.departure_id != p.departure.id:
        f.add(
            Rule.RECORD_MATCHES,
            f"{path}.record.departure_id",
            f"the record is for departure {record.departure_id!r}",
            f"use departure {p.departure.id!r}",
        )
    _findings(f, path, interview)
    _responses(f, path, interview)


def _findings(f: _Finder, path: str, interview: Interview) -> None:
    record = interview.record
    seen: set[str] = set()
    for index, finding in enumerate(interview.findings):
        where = f"{path}.findings[{index}]"
        if finding.reason not in record.reasons:
            f.add(
                Rule.FINDINGS_FROM_RECORD,
                f"{where}.reason",
                f"{finding.reason!r} is not among the record's reasons",
                "triage one of the reasons the record gives",
            )
        if finding.reason in seen:
            f.add(
                Rule.FINDINGS_FROM_RECORD,
                where,
                f"{finding.reason!r} is triaged twice",
                "keep one triage per reason",
            )
        seen.add(finding.reason)
        f.order(f"{where}.triaged_on", finding.triaged_on, record.interviewed_on, "the interview")
        escalation = finding.escalation
        if finding.triage is Triage.URGENT and (escalation is None or not escalation.assigned):
            f.add(
                Rule.URGENT_ESCALATION,
                f"{where}.escalation",
                "an urgent finding has no escalation with an owner and a date",
                "escalate it to a named owner with a date to act by",
            )
        if finding.safeguarding:
            _safeguarding(f, where, finding, record.interviewed_on)
        if escalation is not None:
            f.order(
                f"{where}.escalation.raised_on", escalation.raised_on, record.interviewed_on, "the interview"
            )
            if escalation.due_on is not None:
                f.order(
                    f"{where}.escalation.due_on", escalation.due_on, escalation.raised_on, "the escalation"
                )
            if escalation.done_on is not None:
                f.order(
                    f"{where}.escalation.done_on", escalation.done_on, escalation.raised_on, "the escalation"
                )


def _safeguarding(f: _Finder, where: str, finding: Finding, disclosed_on: datetime.date) -> None:
    """A child-protection disclosure: a safeguarding route, raised and due on the interview day.

    With no escalation at all, ``urgent_escalation`` already says so.
    """
    escalation = finding.escalation
    if escalation is None:
        return
    if not escalation.route.is_safeguarding:
        f.add(
            Rule.SAFEGUARDING_ROUTE,
            f"{where}.escalation.route",
            "a child-protection disclosure went by the service's own route",
            "refer it to the designated safeguarding lead, the LADO or children's social care",
        )
    dates = (
        ("raised_on", escalation.raised_on, "was referred on"),
        ("due_on", escalation.due_on, "is to be acted on by"),
    )
    for name, day, what in dates:
        if day is not None and day > disclosed_on:
            f.add(
                Rule.SAFEGUARDING_SAME_DAY,
                f"{where}.escalation.{name}",
                f"a child-protection disclosure made on {disclosed_on} {what} {day}",
                f"refer it, to be acted on, the day it was made ({disclosed_on})",
            )


def _responses(f: _Finder, path: str, interview: Interview) -> None:
    record = interview.record
    suggestions = {s.id for s in record.suggestions}
    for index, response in enumerate(interview.responses):
        where = f"{path}.responses[{index}]"
        if response.suggestion_id not in suggestions:
            f.add(
                Rule.RESPONSE_TO_SUGGESTION,
                f"{where}.suggestion_id",
                f"the record has no suggestion {response.suggestion_id!r}",
                f"answer one of: {', '.join(sorted(suggestions)) or 'none (the record has no suggestions)'}",
            )
        if response.kind is ResponseKind.CANNOT_CHANGE and not response.reason.strip():
            f.add(
                Rule.RESPONSE_REASON,
                f"{where}.reason",
                "the service cannot make the change but gives no reason",
                "give the reason, so the carer knows they were heard",
            )
        f.order(f"{where}.on", response.on, record.interviewed_on, "the interview")
    sent = interview.feedback_sent_on
    if sent is None:
        return
    f.order(f"{path}.feedback_sent_on", sent, record.interviewed_on, "the interview")
    missing = [
        s
        for s in sorted(suggestions)
        if not any(r.suggestion_id == s and r.on <= sent for r in interview.responses)
    ]
    if missing:
        f.add(
            Rule.FEEDBACK_AFTER_RESPONSES,
            f"{path}.feedback_sent_on",
            f"feedback was sent before suggestions {', '.join(repr(m) for m in missing)} had a response",
            "respond to every suggestion first",
        )
