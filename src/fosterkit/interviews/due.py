"""What is due: the next steps of every process, and of every household's post-approval review.

``today`` is always passed in; fosterkit never reads the clock. An item is overdue when
``today`` is past its due date.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Collection, Iterable, Iterator

from attrs import frozen

from fosterkit.interviews.policy import DEFAULT_POLICY, ProcessPolicy
from fosterkit.interviews.process import BookingStatus, ExitProcess, Interview
from fosterkit.interviews.stages import InterviewStage, add_months
from fosterkit.reasons import Triage
from fosterkit.records import Household

__all__ = ["DueItem", "DueKind", "due"]

_STAGE_1 = InterviewStage.EXIT_STAGE_1
_STAGE_2 = InterviewStage.EXIT_STAGE_2


class DueKind(enum.Enum):
    """What needs doing."""

    OFFER = "offer"
    CHECKLIST = "checklist"
    STAGE_ONE = "stage_one"
    OUTCOME = "outcome"
    """An appointment's date has come: record it as held or cancelled."""
    REBOOKING = "rebooking"
    STAGE_TWO = "stage_two"
    TRIAGE = "triage"
    ESCALATION = "escalation"
    FEEDBACK = "feedback"
    POST_APPROVAL_REVIEW = "post_approval_review"


@frozen(kw_only=True)
class DueItem:
    """One thing due: for which process (or household), by when, whether overdue, and why."""

    kind: DueKind
    subject: str
    """The process id, or the household id for a post-approval review."""
    due_on: datetime.date
    overdue: bool
    why: str
    ref: str | None = None
    """The appointment or record the item is about, when there is one."""

    def describe(self) -> str:
        """The item as one line."""
        state = "OVERDUE" if self.overdue else "due"
        about = f" ({self.ref})" if self.ref else ""
        return f"{self.subject}{about}: {self.kind.value} {state} {self.due_on}: {self.why}"


def due(
    processes: Iterable[ExitProcess],
    today: datetime.date,
    *,
    policy: ProcessPolicy = DEFAULT_POLICY,
    households: Iterable[Household] = (),
    reviews_held: Collection[str] = (),
) -> list[DueItem]:
    """Everything due or overdue on ``today``, overdue first, then by due date.

    ``households`` with ids not in ``reviews_held`` are checked for their post-approval review.
    """
    items = [item for process in processes for item in _process_items(process, today, policy)]
    items.extend(_review_items(households, reviews_held, today, policy))
    return sorted(items, key=lambda i: (not i.overdue, i.due_on, i.subject, i.kind.value, i.ref or ""))


def _item(
    kind: DueKind, subject: str, due_on: datetime.date, today: datetime.date, why: str, ref: str | None = None
) -> DueItem:
    return DueItem(kind=kind, subject=subject, due_on=due_on, overdue=today > due_on, why=why, ref=ref)


def _days(day: datetime.date, days: int) -> datetime.date:
    return day + datetime.timedelta(days=days)


def _process_items(p: ExitProcess, today: datetime.date, policy: ProcessPolicy) -> Iterator[DueItem]:
    notice = p.departure.notice_on
    if p.offered_on is None:
        yield _item(
            DueKind.OFFER, p.id, _days(notice, policy.offer_within_days), today, "offer an exit interview"
        )
    if p.checklist_sent is None:
        due_on = _days(notice, policy.checklist_within_days)
        yield _item(DueKind.CHECKLIST, p.id, due_on, today, "send the leaving carer's checklist")
    for booking in p.bookings:
        appointment = booking.appointment
        if booking.status is BookingStatus.BOOKED and appointment.on <= today:
            why = f"{appointment.stage.value} was booked for {appointment.on}: record it as held or cancelled"
            yield _item(DueKind.OUTCOME, p.id, appointment.on, today, why, appointment.id)
        if p.awaits_rebooking(booking) and booking.cancellation is not None:
            cancelled = booking.cancellation
            why = f"the service cancelled {appointment.stage.value} on {cancelled.on}: rebook it"
            due_on = _days(cancelled.on, policy.rebook_within_days)
            yield _item(DueKind.REBOOKING, p.id, due_on, today, why, appointment.id)
    yield from _stage_items(p, today, policy)
    for interview in p.interviews:
        yield from _interview_items(p.id, interview, today, policy)


def _waiting(p: ExitProcess, stage: InterviewStage) -> bool:
    """Whether ``stage`` still needs booking: offered, not declined, held, booked or awaiting a rebooking."""
    return (
        p.offered_on is not None
        and p.opted_out(stage) is None
        and p.held(stage) is None
        and p.live_booking(stage) is None
        and not any(p.awaits_rebooking(b) for b in p.bookings if b.stage is stage)
    )


def _stage_items(p: ExitProcess, today: datetime.date, policy: ProcessPolicy) -> Iterator[DueItem]:
    if _waiting(p, _STAGE_1):
        due_on = _days(p.departure.notice_on, policy.stage_one_within_days)
        yield _item(DueKind.STAGE_ONE, p.id, due_on, today, "book and hold exit stage 1")
    window = p.stage_two_window
    if window is None or p.held(_STAGE_1) is None or not _waiting(p, _STAGE_2):
        return
    if today < _days(window.opens, -policy.stage_two_notice_days):
        return
    if window.is_open(today):
        why = f"the stage 2 window is open ({window.opens} to {window.closes}): hold exit stage 2"
    elif today < window.opens:
        why = f"the stage 2 window opens on {window.opens}: book exit stage 2"
    else:
        why = (
            f"the stage 2 window closed on {window.closes}: hold stage 2, or move the window (with a reason)"
        )
    yield _item(DueKind.STAGE_TWO, p.id, window.closes, today, why)


def _interview_items(
    subject: str, interview: Interview, today: datetime.date, policy: ProcessPolicy
) -> Iterator[DueItem]:
    record = interview.record
    held_on = record.interviewed_on
    if interview.untriaged:
        why = f"triage {', '.join(interview.untriaged)} as urgent or thematic"
        yield _item(DueKind.TRIAGE, subject, _days(held_on, policy.triage_within_days), today, why, record.id)
    for finding in interview.findings:
        escalation = finding.escalation
        if escalation is None or escalation.due_on is None or not escalation.owner.strip():
            if finding.triage is Triage.URGENT:
                due_on = _days(held_on, policy.escalate_within_days)
                why = f"escalate urgent finding {finding.reason} to an owner with a date"
                yield _item(DueKind.ESCALATION, subject, due_on, today, why, record.id)
        elif escalation.done_on is None:
            why = f"{escalation.owner} to act on urgent finding {finding.reason}"
            yield _item(DueKind.ESCALATION, subject, escalation.due_on, today, why, record.id)
    if interview.feedback_sent_on is None:
        waiting = interview.unanswered
        why = (
            f"respond to suggestions {', '.join(waiting)}, then send feedback"
            if waiting
            else "send the carer feedback"
        )
        yield _item(
            DueKind.FEEDBACK, subject, _days(held_on, policy.feedback_within_days), today, why, record.id
        )


def _review_items(
    households: Iterable[Household],
    reviews_held: Collection[str],
    today: datetime.date,
    policy: ProcessPolicy,
) -> Iterator[DueItem]:
    held = set(reviews_held)
    for household in households:
        if household.id in held or household.status.is_final:
            continue
        due_on = add_months(household.approved_on, policy.review_months)
        if today < _days(due_on, -policy.review_notice_days):
            continue
        overdue = today > _days(due_on, policy.review_grace_days)
        why = f"post-approval review: approved on {household.approved_on}, review due about {due_on}"
        yield DueItem(
            kind=DueKind.POST_APPROVAL_REVIEW, subject=household.id, due_on=due_on, overdue=overdue, why=why
        )
