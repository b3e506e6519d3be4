"""The exit-interview process for one departure, as immutable state with checked operations.

Every operation (``offer``, ``book``, ``cancel``, ``complete``, ``triage`` ...) returns the next
state, or raises :class:`~fosterkit.interviews.rules.RuleBroken` naming the rule and what to do
instead. The state itself may come from elsewhere (a case system, an import); whatever rules it
already breaks are listed by :func:`~fosterkit.interviews.rules.breaches`, and an operation only
refuses to add new ones.
"""

from __future__ import annotations

import datetime
import enum
from typing import Any

import attrs
from attrs import field, frozen

from fosterkit._util import validators as v
from fosterkit.errors import FieldError, FosterkitError
from fosterkit.interviews.policy import DEFAULT_POLICY, ProcessPolicy
from fosterkit.interviews.record import FREE_TEXT, DataCollectionRecord
from fosterkit.interviews.stages import Appointment, CompanionKind, InterviewStage, Location, StageTwoWindow
from fosterkit.reasons import REASON_CODES, Taxonomy, Triage
from fosterkit.records import Departure, Initiator

__all__ = [
    "EXIT_STAGES",
    "Booking",
    "BookingStatus",
    "ChecklistSent",
    "ComplaintReferral",
    "Escalation",
    "EscalationRoute",
    "ExitProcess",
    "Finding",
    "Interview",
    "OptOut",
    "PreInterview",
    "ProcessError",
    "Response",
    "ResponseKind",
    "StaffRole",
    "suggested_triage",
]

#: The two exit stages, in order.
EXIT_STAGES = (InterviewStage.EXIT_STAGE_1, InterviewStage.EXIT_STAGE_2)

_date = v.instance_of(datetime.date)
_maybe_date = v.instance_of((datetime.date, type(None)))


class ProcessError(FosterkitError):
    """An operation that cannot apply to this process (an unknown appointment, say)."""


class StaffRole(enum.Enum):
    """How a member of staff stands towards the leaving carer."""

    SUPERVISING_SOCIAL_WORKER = "supervising_social_worker"
    LINE_MANAGEMENT = "line_management"
    """In the line-management chain of the carer's supervising social worker."""
    INDEPENDENT = "independent"


class ResponseKind(enum.Enum):
    """The service's answer to a carer's suggestion."""

    WILL_CHANGE = "will_change"
    ALREADY_CHANGED = "already_changed"
    UNDER_REVIEW = "under_review"
    CANNOT_CHANGE = "cannot_change"
    """Needs the reason, which the carer is told."""


class BookingStatus(enum.Enum):
    """Where a booked appointment stands."""

    BOOKED = "booked"
    CANCELLED = "cancelled"
    COMPLETED = "completed"


def _exit_stage(_instance: object, attribute: attrs.Attribute[Any], value: InterviewStage) -> None:
    if value not in EXIT_STAGES:
        raise FieldError(attribute.name, "expected exit stage 1 or 2")


@frozen(kw_only=True)
class OptOut:
    """The carer declined an exit stage. Declining stage 1 declines stage 2 as well."""

    stage: InterviewStage = field(validator=[v.instance_of(InterviewStage), _exit_stage])
    on: datetime.date = field(validator=_date)
    note: str = field(default="", validator=v.optional_text, metadata={FREE_TEXT: True})


def _companion(instance: PreInterview, _attribute: object, value: CompanionKind | None) -> None:
    if value is not None and not instance.wants_companion:
        raise FieldError("companion", "a companion is only named when the carer wants one")


def _complaints_route(instance: PreInterview, _attribute: object, value: str) -> None:
    if value.strip() and instance.complaints_explained is not True:
        raise FieldError("complaints_route", "where complaints go is recorded only when it was explained")


@frozen(kw_only=True)
class PreInterview:
    """What the carer was asked before the interview, and what they said."""

    asked_on: datetime.date = field(validator=_date)
    raise_relationships: bool = field(validator=v.instance_of(bool))
    """Whether the carer wants to talk about particular relationships or members of staff."""
    relationships_note: str = field(default="", validator=v.optional_text, metadata={FREE_TEXT: True})
    wants_companion: bool = field(validator=v.instance_of(bool))
    companion: CompanionKind | None = field(
        default=None, validator=[v.instance_of((CompanionKind, type(None))), _companion]
    )
    wants_own_social_worker: bool = field(default=False, validator=v.instance_of(bool))
    """The carer asked for their own supervising social worker to be there."""
    complaints_explained: bool | None = field(default=None, validator=v.instance_of((bool, type(None))))
    """Whether the carer was told that complaints go to the complaints process, not the interview
    (``None``: not recorded, as in records made before this was kept)."""
    complaints_route: str = field(default="", validator=[v.optional_text, _complaints_route])
    """Where the carer was told complaints go (the service's complaints procedure, say)."""


@frozen(kw_only=True)
class ComplaintReferral:
    """A complaint passed to the service's complaints process; only its reference is kept here."""

    on: datetime.date = field(validator=_date)
    reference: str = field(validator=v.optional_text)


@frozen(kw_only=True)
class Cancellation:
    """Who cancelled an appointment, when, and why."""

    on: datetime.date = field(validator=_date)
    by: Initiator = field(validator=v.instance_of(Initiator))
    reason: str = field(validator=v.optional_text)


class EscalationRoute(enum.Enum):
    """Where an urgent finding is sent: the service's own route, or a safeguarding route."""

    SERVICE = "service"
    """A manager in the service who can act on it."""
    SAFEGUARDING_LEAD = "safeguarding_lead"
    """The service's designated safeguarding lead, who refers on."""
    LADO = "lado"
    """The local authority designated officer: an allegation against someone who works with children."""
    CHILDRENS_SOCIAL_CARE = "childrens_social_care"
    """Children's social care: a concern that a child is at risk of harm."""

    @property
    def is_safeguarding(self) -> bool:
        """Whether this is a safeguarding route (anything but the service's own)."""
        return self is not EscalationRoute.SERVICE


@frozen(kw_only=True)
class Escalation:
    """An urgent finding handed to someone who must act on it by a date."""

    owner: str = field(validator=v.optional_text)
    """Who is responsible (a staff id or role)."""
    raised_on: datetime.date = field(validator=_date)
    due_on: datetime.date | None = field(default=None, validator=_maybe_date)
    done_on: datetime.date | None = field(default=None, validator=_maybe_date)
    route: EscalationRoute = field(default=EscalationRoute.SERVICE, validator=v.instance_of(EscalationRoute))
    """Where it was sent: the service's own route unless it is a safeguarding matter."""

    @property
    def assigned(self) -> bool:
        """Whether it names an owner and a date to act by (an escalation in name only does not)."""
        return bool(self.owner.strip()) and self.due_on is not None


def _safeguarding(instance: Finding, _attribute: object, value: bool) -> None:
    if value and instance.triage is not Triage.URGENT:
        raise FieldError("safeguarding", "a safeguarding finding is triaged urgent")


@frozen(kw_only=True)
class Finding:
    """One reason given in an interview, triaged as urgent or thematic.

    ``safeguarding`` marks the level above urgent: a child-protection disclosure, which goes by a
    safeguarding route (:class:`EscalationRoute`) on the day of the interview.
    """

    reason: str = field(validator=v.text, metadata={REASON_CODES: True})
    triage: Triage = field(validator=v.instance_of(Triage))
    triaged_on: datetime.date = field(validator=_date)
    escalation: Escalation | None = field(default=None, validator=v.instance_of((Escalation, type(None))))
    safeguarding: bool = field(default=False, validator=[v.instance_of(bool), _safeguarding])
    """A child-protection disclosure: urgent, and referred by a safeguarding route the same day."""


def _publish(instance: Response, _attribute: object, value: bool) -> None:
    if value and not instance.summary.strip():
        raise FieldError("publish", "only a response with a summary of what the service did can be published")


@frozen(kw_only=True)
class Response:
    """The service's response to one suggestion. A later response to the same suggestion replaces it."""

    suggestion_id: str = field(validator=v.identifier)
    kind: ResponseKind = field(validator=v.instance_of(ResponseKind))
    on: datetime.date = field(validator=_date)
    reason: str = field(default="", validator=v.optional_text, metadata={FREE_TEXT: True})
    """Why the service cannot make the change (required for ``cannot_change``)."""
    summary: str = field(default="", validator=v.optional_text)
    """What the service did or will do, in its own words, as it would tell carers generally."""
    publish: bool = field(default=False, validator=[v.instance_of(bool), _publish])
    """Whether ``summary`` may be published ("you said, we did"); it says nothing of any one carer."""


@frozen(kw_only=True)
class Interview:
    """A held interview: its record, the triage of its findings, responses and feedback."""

    record: DataCollectionRecord = field(validator=v.instance_of(DataCollectionRecord))
    findings: tuple[Finding, ...] = field(default=(), validator=v.tuple_of(Finding))
    responses: tuple[Response, ...] = field(default=(), validator=v.tuple_of(Response))
    feedback_sent_on: datetime.date | None = field(default=None, validator=_maybe_date)

    def finding(self, reason: str) -> Finding | None:
        """The finding for ``reason``, if it has been triaged."""
        return next((f for f in self.findings if f.reason == reason), None)

    def response(self, suggestion_id: str) -> Response | None:
        """The latest response to a suggestion."""
        return next((r for r in reversed(self.responses) if r.suggestion_id == suggestion_id), None)

    @property
    def untriaged(self) -> tuple[str, ...]:
        """The record's reasons not yet triaged."""
        done = {f.reason for f in self.findings}
        return tuple(r for r in self.record.reasons if r not in done)

    @property
    def unanswered(self) -> tuple[str, ...]:
        """Ids of suggestions with no response yet."""
        answered = {r.suggestion_id for r in self.responses}
        return tuple(s.id for s in self.record.suggestions if s.id not in answered)


def _cancelled_or_held(instance: Booking, _attribute: object, value: Interview | None) -> None:
    if value is not None and instance.cancellation is not None:
        raise FieldError("interview", "a cancelled appointment was not held")


@frozen(kw_only=True)
class Booking:
    """An appointment, when it was booked, and how it ended: cancelled, or held."""

    appointment: Appointment = field(validator=v.instance_of(Appointment))
    booked_on: datetime.date = field(validator=_date)
    cancellation: Cancellation | None = field(
        default=None, validator=v.instance_of((Cancellation, type(None)))
    )
    interview: Interview | None = field(
        default=None, validator=[v.instance_of((Interview, type(None))), _cancelled_or_held]
    )
    interviewer_can_escalate: bool | None = field(default=None, validator=v.instance_of((bool, type(None))))
    """Whether the interviewer can act on the carer's feedback or escalate it to someone in the
    service who can (``None``: not recorded, as in records made before this was kept)."""

    @property
    def status(self) -> BookingStatus:
        """Booked, cancelled or completed."""
        if self.cancellation is not None:
            return BookingStatus.CANCELLED
        return BookingStatus.BOOKED if self.interview is None else BookingStatus.COMPLETED

    @property
    def stage(self) -> InterviewStage:
        """The appointment's stage."""
        return self.appointment.stage


@frozen(kw_only=True)
class ChecklistSent:
    """Which leaving carers' checklist was sent, in which version, and when."""

    checklist: str = field(validator=v.identifier)
    version: str = field(validator=v.text)
    on: datetime.date = field(validator=_date)


def _unique_appointments(_instance: object, _attribute: object, value: tuple[Booking, ...]) -> None:
    repeated = v.repeats([b.appointment.id for b in value])
    if repeated:
        raise FieldError("bookings", f"appointment id {repeated[0][1]!r} is used more than once")
    records = v.repeats([b.interview.record.id for b in value if b.interview is not None])
    if records:
        raise FieldError("bookings", f"record id {records[0][1]!r} is used more than once")


@frozen(kw_only=True)
class ExitProcess:
    """The exit-interview process for one departure.

    ``supervising_social_worker`` and ``line_management`` (that worker's managers, up the chain)
    are staff ids the caller supplies; they decide who counts as independent.
    """

    id: str = field(validator=v.identifier)
    departure: Departure = field(validator=v.instance_of(Departure))
    supervising_social_worker: str = field(validator=v.identifier)
    line_management: tuple[str, ...] = field(
        default=(), validator=[v.instance_of(tuple), v.items(v.identifier), v.distinct_items]
    )
    offered_on: datetime.date | None = field(default=None, validator=_maybe_date)
    pre_interview: PreInterview | None = field(
        default=None, validator=v.instance_of((PreInterview, type(None)))
    )
    opt_outs: tuple[OptOut, ...] = field(default=(), validator=v.tuple_of(OptOut))
    complaints: tuple[ComplaintReferral, ...] = field(default=(), validator=v.tuple_of(ComplaintReferral))
    bookings: tuple[Booking, ...] = field(default=(), validator=[*v.tuple_of(Booking), _unique_appointments])
    stage_two_window: StageTwoWindow | None = field(
        default=None, validator=v.instance_of((StageTwoWindow, type(None)))
    )
    checklist_sent: ChecklistSent | None = field(
        default=None, validator=v.instance_of((ChecklistSent, type(None)))
    )

    # -- reading the state -------------------------------------------------------------------

    @classmethod
    def start(
        cls,
        id: str,
        departure: Departure,
        *,
        supervising_social_worker: str,
        line_management: tuple[str, ...] = (),
    ) -> ExitProcess:
        """A new process for ``departure``: nothing offered, booked or held yet."""
        try:
            return cls(
                id=id,
                departure=departure,
                supervising_social_worker=supervising_social_worker,
                line_management=tuple(line_management),
            )
        except FieldError as err:
            raise ProcessError(f"{id}: {err}") from None

    def role(self, staff: str) -> StaffRole:
        """How ``staff`` stands towards the carer: their worker, that worker's managers, or independent."""
        if staff == self.supervising_social_worker:
            return StaffRole.SUPERVISING_SOCIAL_WORKER
        if staff in self.line_management:
            return StaffRole.LINE_MANAGEMENT
        return StaffRole.INDEPENDENT

    def opted_out(self, stage: InterviewStage) -> OptOut | None:
        """The opt-out that covers ``stage`` (declining stage 1 covers stage 2 too)."""
        covering = {stage, InterviewStage.EXIT_STAGE_1}
        return next((o for o in self.opt_outs if o.stage in covering), None)

    def live_booking(self, stage: InterviewStage) -> Booking | None:
        """The appointment booked for ``stage`` and neither cancelled nor held."""
        return next((b for b in self.bookings if b.stage is stage and b.status is BookingStatus.BOOKED), None)

    def held(self, stage: InterviewStage) -> Booking | None:
        """The booking at which ``stage`` was held."""
        return next((b for b in self.bookings if b.stage is stage and b.interview is not None), None)

    def rebooking(self, booking: Booking) -> Booking | None:
        """The next booking for the same stage after ``booking``: its rebooking, if it was cancelled."""
        later = self.bookings[self.bookings.index(booking) + 1 :]
        return next((b for b in later if b.stage is booking.stage), None)

    def awaits_rebooking(self, booking: Booking) -> bool:
        """Whether the service cancelled ``booking`` and has not yet rebooked it (nor the carer opted out)."""
        cancellation = booking.cancellation
        return (
            cancellation is not None
            and cancellation.by is Initiator.SERVICE
            and self.opted_out(booking.stage) is None
            and self.rebooking(booking) is None
        )

    @property
    def interviews(self) -> tuple[Interview, ...]:
        """The interviews held, in booking order."""
        return tuple(b.interview for b in self.bookings if b.interview is not None)

    def booking(self, appointment_id: str) -> Booking:
        """The booking of this appointment."""
        for booking in self.bookings:
            if booking.appointment.id == appointment_id:
                return booking
        known = ", ".join(repr(b.appointment.id) for b in self.bookings) or "none"
        raise ProcessError(f"{self.id}: no appointment {appointment_id!r} (booked: {known})")

    def interview(self, record_id: str) -> Interview:
        """The interview whose data collection record has this id."""
        for interview in self.interviews:
            if interview.record.id == record_id:
                return interview
        known = ", ".join(repr(i.record.id) for i in self.interviews) or "none"
        raise ProcessError(f"{self.id}: no interview with record {record_id!r} (held: {known})")

    # -- operations ----------------------------------------------------------------------------

    def offer(self, on: datetime.date) -> ExitProcess:
        """Record that the carer was offered an exit interview, whatever the route of leaving."""
        if self.offered_on is not None:
            raise ProcessError(f"{self.id}: the exit interview was already offered on {self.offered_on}")
        return self._next(offered_on=on)

    def decline(
        self, on: datetime.date, stage: InterviewStage = InterviewStage.EXIT_STAGE_1, note: str = ""
    ) -> ExitProcess:
        """Record that the carer declined ``stage`` (stage 1 means the whole process).

        Any appointment still booked for a declined stage is cancelled, by the carer, with
        "the carer opted out" as the reason.
        """
        if self.opted_out(stage) is not None:
            raise ProcessError(f"{self.id}: the carer has already opted out of {stage.value}")
        declined = {stage, InterviewStage.EXIT_STAGE_2}
        reason = "the carer opted out"
        bookings = tuple(
            attrs.evolve(b, cancellation=Cancellation(on=on, by=Initiator.CARER, reason=reason))
            if b.stage in declined and b.status is BookingStatus.BOOKED
            else b
            for b in self.bookings
        )
        opt_out = self._build(OptOut, stage=stage, on=on, note=note)
        return self._next(opt_outs=(*self.opt_outs, opt_out), bookings=bookings)

    def ask_before_interview(
        self,
        asked_on: datetime.date,
        *,
        raise_relationships: bool,
        wants_companion: bool,
        companion: CompanionKind | None = None,
        wants_own_social_worker: bool = False,
        relationships_note: str = "",
        complaints_explained: bool | None = None,
        complaints_route: str = "",
    ) -> ExitProcess:
        """Record the carer's answers to the questions asked before the interview.

        ``complaints_explained`` records whether the carer was also told that complaints go to
        the complaints process rather than the interview, and ``complaints_route`` where.
        Asking again replaces the answers, until the first booking: bookings must follow the
        answers they rely on.
        """
        answers = self._build(
            PreInterview,
            asked_on=asked_on,
            raise_relationships=raise_relationships,
            relationships_note=relationships_note,
            wants_companion=wants_companion,
            companion=companion,
            wants_own_social_worker=wants_own_social_worker,
            complaints_explained=complaints_explained,
            complaints_route=complaints_route,
        )
        return self._next(pre_interview=answers)

    def route_complaint(self, on: datetime.date, reference: str) -> ExitProcess:
        """Pass a complaint to the complaints process. Only its reference is kept; it is not a finding."""
        referral = self._build(ComplaintReferral, on=on, reference=reference)
        return self._next(complaints=(*self.complaints, referral))

    def book(
        self,
        appointment: Appointment,
        booked_on: datetime.date,
        *,
        interviewer_can_escalate: bool | None = None,
    ) -> ExitProcess:
        """Book an exit interview. A booking after a cancellation for the same stage is the rebooking.

        ``interviewer_can_escalate`` records whether the interviewer can act on or escalate what
        the carer says; an interviewer who cannot is refused, however independent.
        """
        booking = self._build(
            Booking,
            appointment=appointment,
            booked_on=booked_on,
            interviewer_can_escalate=interviewer_can_escalate,
        )
        return self._next(bookings=(*self.bookings, booking))

    def agree_location(self, appointment_id: str, location: Location | None = None) -> ExitProcess:
        """Record that the carer agreed where a booked interview takes place (``location``, if it moved)."""
        booking = self._live(appointment_id)
        appointment = booking.appointment
        agreed = attrs.evolve(appointment, location=location or appointment.location, location_agreed=True)
        return self._replace(booking, attrs.evolve(booking, appointment=agreed))

    def cancel(self, appointment_id: str, on: datetime.date, *, by: Initiator, reason: str) -> ExitProcess:
        """Cancel a booked appointment, with its reason. A cancellation by the service needs a rebooking."""
        booking = self._live(appointment_id)
        cancellation = self._build(Cancellation, on=on, by=by, reason=reason)
        return self._replace(booking, attrs.evolve(booking, cancellation=cancellation))

    def complete(
        self, appointment_id: str, record: DataCollectionRecord, policy: ProcessPolicy = DEFAULT_POLICY
    ) -> ExitProcess:
        """Record that the appointment was held, with what was learned.

        Holding stage 1 opens the stage 2 window, ``policy.stage_two_weeks`` after it.
        """
        booking = self._live(appointment_id)
        held = attrs.evolve(booking, interview=Interview(record=record))
        window = self.stage_two_window
        if booking.stage is InterviewStage.EXIT_STAGE_1:
            window = StageTwoWindow.default(record.interviewed_on, policy.stage_two_weeks)
        return self._replace(booking, held, stage_two_window=window)

    def move_stage_two_window(
        self, opens: datetime.date, closes: datetime.date, *, because: str
    ) -> ExitProcess:
        """Move the stage 2 window to suit the carer; the reason is required and kept."""
        from fosterkit.interviews.rules import Breach, Rule, RuleBroken  # rules import this module

        if self.stage_two_window is None:
            raise ProcessError(f"{self.id}: the stage 2 window opens when stage 1 is held")
        if not because.strip():
            breach = Breach(
                rule=Rule.WINDOW_MOVE_REASON,
                path="stage_two_window.moved_because",
                message="the window was moved without a reason",
                instead="record why it moved (the carer's wishes, say)",
            )
            raise RuleBroken(self.id, (breach,))
        try:
            window = self.stage_two_window.moved(opens, closes, because)
        except FieldError as err:
            raise ProcessError(f"{self.id}: stage_two_window.{err}") from None
        return self._next(stage_two_window=window)

    def triage(
        self,
        record_id: str,
        reason: str,
        triage: Triage,
        on: datetime.date,
        *,
        escalation: Escalation | None = None,
        safeguarding: bool = False,
    ) -> ExitProcess:
        """Triage one reason from an interview: urgent ones need an escalation with an owner and date.

        ``safeguarding`` marks a child-protection disclosure (triaged urgent): its escalation goes
        by a safeguarding route, raised and due on the day of the interview.
        """
        interview = self.interview(record_id)
        finding = self._build(
            Finding,
            reason=reason,
            triage=triage,
            triaged_on=on,
            escalation=escalation,
            safeguarding=safeguarding,
        )
        earlier = interview.finding(reason)
        if earlier is None:
            findings = (*interview.findings, finding)
        else:  # triaged again: replaced where it stands, so other findings keep their place
            findings = tuple(finding if f is earlier else f for f in interview.findings)
        return self._update(interview, findings=findings)

    def close_escalation(self, record_id: str, reason: str, on: datetime.date) -> ExitProcess:
        """Record that the escalation of an urgent finding was dealt with."""
        interview = self.interview(record_id)
        finding = interview.finding(reason)
        if finding is None or finding.escalation is None:
            raise ProcessError(f"{self.id}: reason {reason!r} of record {record_id!r} has no escalation")
        closed = attrs.evolve(finding, escalation=attrs.evolve(finding.escalation, done_on=on))
        return self._update(
            interview, findings=tuple(closed if f is finding else f for f in interview.findings)
        )

    def respond(
        self,
        record_id: str,
        suggestion_id: str,
        kind: ResponseKind,
        on: datetime.date,
        *,
        reason: str = "",
        summary: str = "",
        publish: bool = False,
    ) -> ExitProcess:
        """Respond to a carer's suggestion. ``cannot_change`` needs the reason.

        ``summary`` says what the service did or will do, in its own words; ``publish`` lets it be
        published under "you said, we did".
        """
        interview = self.interview(record_id)
        response = self._build(
            Response,
            suggestion_id=suggestion_id,
            kind=kind,
            on=on,
            reason=reason,
            summary=summary,
            publish=publish,
        )
        return self._update(interview, responses=(*interview.responses, response))

    def send_feedback(self, record_id: str, on: datetime.date) -> ExitProcess:
        """Record that the carer was sent feedback: what the service will do about each suggestion."""
        interview = self.interview(record_id)
        if interview.feedback_sent_on is not None:
            raise ProcessError(
                f"{self.id}: feedback on {record_id!r} was already sent on {interview.feedback_sent_on}"
            )
        return self._update(interview, feedback_sent_on=on)

    def send_checklist(self, on: datetime.date, *, checklist: str, version: str) -> ExitProcess:
        """Record that the leaving carer was sent the checklist (which one, which version)."""
        sent = self._build(ChecklistSent, checklist=checklist, version=version, on=on)
        return self._next(checklist_sent=sent)

    # -- machinery -------------------------------------------------------------------------------

    def _build(self, cls: type[Any], **values: Any) -> Any:
        try:
            return cls(**values)
        except FieldError as err:
            raise ProcessError(f"{self.id}: {cls.__name__}.{err}") from None

    def _live(self, appointment_id: str) -> Booking:
        booking = self.booking(appointment_id)
        if booking.status is not BookingStatus.BOOKED:
            raise ProcessError(f"{self.id}: appointment {appointment_id!r} is already {booking.status.value}")
        return booking

    def _replace(self, old: Booking, new: Booking, **changes: Any) -> ExitProcess:
        bookings = tuple(new if b is old else b for b in self.bookings)
        return self._next(bookings=bookings, **changes)

    def _update(self, interview: Interview, **changes: Any) -> ExitProcess:
        booking = next(b for b in self.bookings if b.interview is interview)
        return self._replace(booking, attrs.evolve(booking, interview=attrs.evolve(interview, **changes)))

    def _next(self, **changes: Any) -> ExitProcess:
        """The state with ``changes``, if it breaks no rule this state did not already break."""
        from fosterkit.interviews.rules import RuleBroken, breaches  # rules import this module

        try:
            candidate = attrs.evolve(self, **changes)
        except FieldError as err:
            raise ProcessError(f"{self.id}: {err}") from None
        # a breach the state already had is the same rule at the same place, even if its wording
        # changed (fewer suggestions left unanswered, say)
        before = {(b.rule, b.path) for b in breaches(self)}
        new = tuple(b for b in breaches(candidate) if (b.rule, b.path) not in before)
        if new:
            raise RuleBroken(self.id, new)
        return candidate


def suggested_triage(record: DataCollectionRecord, taxonomy: Taxonomy) -> tuple[tuple[str, Triage], ...]:
    """Each reason on the record with the taxonomy's default triage (thematic where it gives none)."""
    return tuple((code, taxonomy.resolve(code).triage or Triage.THEMATIC) for code in record.reasons)
