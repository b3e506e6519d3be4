"""What is due: the next steps of every leaver and process, and of every household's review.

Every leaver is offered an exit interview, whatever the route of leaving (after an allegation
or a standards-of-care concern too). A departure nobody has opened an exit process for is due
exactly what a process just opened would be: the offer and the leaving checklist.

``today`` is always passed in; fosterkit never reads the clock. An item is overdue when
``today`` is past its due date.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Collection, Iterable, Iterator

from attrs import field, frozen

from fosterkit._util import validators as v
from fosterkit.interviews.policy import DEFAULT_POLICY, ProcessPolicy
from fosterkit.interviews.process import BookingStatus, ExitProcess, Interview
from fosterkit.interviews.rules import Breach, Rule
from fosterkit.interviews.stages import InterviewStage, add_months
from fosterkit.reasons import Triage
from fosterkit.records import Departure, Household

__all__ = ["DueItem", "DueKind", "due", "offers_overdue", "without_process"]

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


_maybe_id = v.optional(v.identifier)


@frozen(kw_only=True)
class DueItem:
    """One thing due: for which leaver, process or household, by when, whether overdue, and why."""

    kind: DueKind
    subject: str
    """The process id; the departure id for a leaver with no exit process; the household id for
    a post-approval review."""
    due_on: datetime.date
    overdue: bool
    why: str
    ref: str | None = None
    """The appointment or record the item is about, when there is one."""
    process_id: str | None = field(default=None, validator=_maybe_id)
    """The exit process, or ``None`` for a leaver nobody has opened a process for (or a review)."""
    departure_id: str | None = field(default=None, validator=_maybe_id)
    """The departure the item is about (``None`` for a post-approval review)."""
    household_id: str | None = field(default=None, validator=_maybe_id)
    """The household the item is about."""

    @property
    def without_process(self) -> bool:
        """Whether the item is about a leaver nobody has opened an exit process for."""
        return self.departure_id is not None and self.process_id is None

    def describe(self) -> str:
        """The item as one line."""
        state = "OVERDUE" if self.overdue else "due"
        if self.without_process:
            about = f" (household {self.household_id}, no exit process)"
        else:
            about = f" ({self.ref})" if self.ref else ""
        return f"{self.subject}{about}: {self.kind.value} {state} {self.due_on}: {self.why}"


def due(
    processes: Iterable[ExitProcess],
    today: datetime.date,
    *,
    policy: ProcessPolicy = DEFAULT_POLICY,
    households: Iterable[Household] = (),
    reviews_held: Collection[str] = (),
    departures: Iterable[Departure] = (),
) -> list[DueItem]:
    """Everything due or overdue on ``today``, overdue first, then by due date.

    ``departures`` that no process belongs to (matched by departure id) are each due, once, the
    offer of an exit interview and the leaving checklist, from their notice date, whatever the
    route of leaving. ``households`` with ids not in ``reviews_held`` are checked for their
    post-approval review.
    """
    processes = list(processes)
    items = [item for process in processes for item in _process_items(process, today, policy)]
    for departure in without_process(departures, processes):
        items.extend(_leaver_items(departure, today, policy))
    items.extend(_review_items(households, reviews_held, today, policy))
    return sorted(items, key=lambda i: (not i.overdue, i.due_on, i.subject, i.kind.value, i.ref or ""))


def without_process(departures: Iterable[Departure], processes: Iterable[ExitProcess]) -> list[Departure]:
    """The departures no process belongs to (matched by departure id), each id once, in order."""
    seen = {p.departure.id for p in processes}
    found = []
    for departure in departures:
        if departure.id not in seen:
            seen.add(departure.id)
            found.append(departure)
    return found


def offers_overdue(items: Iterable[DueItem]) -> list[tuple[DueItem, Breach]]:
    """The overdue offers among ``items``, each with its breach: a leaver not offered an interview.

    For a leaver with no exit process the breach's path is ``exit_process``; for a process never
    offered, ``offered_on``.
    """
    found = []
    for item in items:
        if item.kind is DueKind.OFFER and item.overdue:
            breach = Breach(
                rule=Rule.OFFER_FIRST,
                path="exit_process" if item.without_process else "offered_on",
                message=f"no exit interview offered; the offer was due by {item.due_on}",
                instead=(
                    "open an exit process and offer an exit interview, whatever the route of leaving"
                    if item.without_process
                    else "offer an exit interview, whatever the route of leaving"
                ),
            )
            found.append((item, breach))
    return found


@frozen
class _About:
    """Whom an item is about."""

    subject: str
    process_id: str | None = None
    departure_id: str | None = None
    household_id: str | None = None

    @classmethod
    def process(cls, p: ExitProcess) -> _About:
        return cls(p.id, p.id, p.departure.id, p.departure.household_id)

    def item(
        self, kind: DueKind, due_on: datetime.date, today: datetime.date, why: str, ref: str | None = None
    ) -> DueItem:
        return DueItem(
            kind=kind,
            subject=self.subject,
            due_on=due_on,
            overdue=today > due_on,
            why=why,
            ref=ref,
            process_id=self.process_id,
            departure_id=self.departure_id,
            household_id=self.household_id,
        )


_OFFER = "offer an exit interview"
_CHECKLIST = "send the leaving carer's checklist"


def _leaver_items(departure: Departure, today: datetime.date, policy: ProcessPolicy) -> Iterator[DueItem]:
    """What a departure nobody has opened a process for is due: the offer and the checklist."""
    about = _About(departure.id, None, departure.id, departure.household_id)
    notice = departure.notice_on
    why = f"no exit process yet ({departure.route.value}, notice {notice}): open one and "
    yield about.item(DueKind.OFFER, _days(notice, policy.offer_within_days), today, why + _OFFER)
    yield about.item(DueKind.CHECKLIST, _days(notice, policy.checklist_within_days), today, why + _CHECKLIST)


def _days(day: datetime.date, days: int) -> datetime.date:
    return day + datetime.timedelta(days=days)


def _process_items(p: ExitProcess, today: datetime.date, policy: ProcessPolicy) -> Iterator[DueItem]:
    about = _About.process(p)
    notice = p.departure.notice_on
    if p.offered_on is None:
        yield about.item(DueKind.OFFER, _days(notice, policy.offer_within_days), today, _OFFER)
    if p.checklist_sent is None:
        due_on = _days(notice, policy.checklist_within_days)
        yield about.item(DueKind.CHECKLIST, due_on, today, _CHECKLIST)
    for booking in p.bookings:
        appointment = booking.appointment
        if booking.status is BookingStatus.BOOKED and appointment.on <= today:
            why = f"{appointment.stage.value} was booked for {appointment.on}: record it as held or cancelled"
            yield about.item(DueKind.OUTCOME, appointment.on, today, why, appointment.id)
        if p.awaits_rebooking(booking) and booking.cancellation is not None:
            cancelled = booking.cancellation
            why = f"the service cancelled {appointment.stage.value} on {cancelled.on}: rebook it"
            due_on = _days(cancelled.on, policy.rebook_within_days)
            yield about.item(DueKind.REBOOKING, due_on, today, why, appointment.id)
    yield from _stage_items(p, about, today, policy)
    for interview in p.interviews:
        yield from _interview_items(about, interview, today, policy)


def _waiting(p: ExitProcess, stage: InterviewStage) -> bool:
    """Whether ``stage`` still needs booking: offered, not declined, held, booked or awaiting a rebooking."""
    return (
        p.offered_on is not None
        and p.opted_out(stage) is None
        and p.held(stage) is None
        and p.live_booking(stage) is None
        and not any(p.awaits_rebooking(b) for b in p.bookings if b.stage is stage)
    )


def _stage_items(
    p: ExitProcess, about: _About, today: datetime.date, policy: ProcessPolicy
) -> Iterator[DueItem]:
    if _waiting(p, _STAGE_1):
        due_on = _days(p.departure.notice_on, policy.stage_one_within_days)
        yield about.item(DueKind.STAGE_ONE, due_on, today, "book and hold exit stage 1")
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
    yield about.item(DueKind.STAGE_TWO, window.closes, today, why)


def _interview_items(
    about: _About, interview: Interview, today: datetime.date, policy: ProcessPolicy
) -> Iterator[DueItem]:
    record = interview.record
    held_on = record.interviewed_on
    if interview.untriaged:
        why = f"triage {', '.join(interview.untriaged)} as urgent or thematic"
        yield about.item(DueKind.TRIAGE, _days(held_on, policy.triage_within_days), today, why, record.id)
    for finding in interview.findings:
        escalation = finding.escalation
        if escalation is None or escalation.due_on is None or not escalation.owner.strip():
            if finding.triage is Triage.URGENT:
                due_on = _days(held_on, policy.escalate_within_days)
                why = f"escalate urgent finding {finding.reason} to an owner with a date"
                yield about.item(DueKind.ESCALATION, due_on, today, why, record.id)
        elif escalation.done_on is None:
            why = f"{escalation.owner} to act on urgent finding {finding.reason}"
            yield about.item(DueKind.ESCALATION, escalation.due_on, today, why, record.id)
    if interview.feedback_sent_on is None:
        waiting = interview.unanswered
        why = (
            f"respond to suggestions {', '.join(waiting)}, then send feedback"
            if waiting
            else "send the carer feedback"
        )
        yield about.item(DueKind.FEEDBACK, _days(held_on, policy.feedback_within_days), today, why, record.id)


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
            kind=DueKind.POST_APPROVAL_REVIEW,
            subject=household.id,
            due_on=due_on,
            overdue=overdue,
            why=why,
            household_id=household.id,
        )
