"""What is due: the next steps of every leaver and process, and of the practice around them.

Every leaver is offered an exit interview, whatever the route of leaving (after an allegation
or a standards-of-care concern too). A departure nobody has opened an exit process for is due
exactly what a process just opened would be: the offer and the leaving checklist.

Around the exit process: a household approved on or after the policy's
``post_approval_from`` is due a post-approval interview; a carer who was undecided after a
considering-leaving conversation is due its follow-up; and the service is due its annual review
of the process, and to tell carers and staff what the last review decided.

``today`` is always passed in; fosterkit never reads the clock. An item is overdue when
``today`` is past its due date.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable, Iterator, Sequence

from attrs import frozen

from fosterkit.interviews.due_items import DueItem, DueKind
from fosterkit.interviews.policy import DEFAULT_POLICY, ProcessPolicy
from fosterkit.interviews.post_approval import PostApprovalInterview
from fosterkit.interviews.process import BookingStatus, ExitProcess, Interview
from fosterkit.interviews.process_review import ProcessReview, latest_review
from fosterkit.interviews.rules import Breach, Rule
from fosterkit.interviews.safeguarding import safeguarding_due
from fosterkit.interviews.stages import InterviewStage, add_months
from fosterkit.reasons import Triage
from fosterkit.records import (
    ConsideringLeaving,
    ConversationOutcome,
    Departure,
    Household,
    latest_conversations,
)

__all__ = [
    "NO_REVIEW_YET",
    "DueItem",
    "DueKind",
    "due",
    "offers_overdue",
    "practice_overdue",
    "without_process",
]

_STAGE_1 = InterviewStage.EXIT_STAGE_1
_STAGE_2 = InterviewStage.EXIT_STAGE_2


#: The subject of the process review item when no review has been recorded yet (never an id).
NO_REVIEW_YET = "(first review)"


def due(
    processes: Iterable[ExitProcess],
    today: datetime.date,
    *,
    policy: ProcessPolicy = DEFAULT_POLICY,
    households: Iterable[Household] = (),
    post_approval_held: Collection[str] = (),
    departures: Iterable[Departure] = (),
    post_approval_interviews: Iterable[PostApprovalInterview] = (),
    conversations: Iterable[ConsideringLeaving] = (),
    process_reviews: Iterable[ProcessReview] | None = None,
) -> list[DueItem]:
    """Everything due or overdue on ``today``, overdue first, then by due date.

    ``departures`` that no process belongs to (matched by departure id) are each due, once, the
    offer of an exit interview and the leaving checklist, from their notice date, whatever the
    route of leaving. ``households`` approved on or after ``policy.post_approval_from`` are due
    a post-approval interview unless their id is in ``post_approval_held`` or one of
    ``post_approval_interviews`` is theirs. The latest of each household's ``conversations``
    is due its follow-up while the carer is undecided and has not given notice. The latest of
    ``process_reviews`` gives the next review's date and whether carers and staff still need
    telling; with none (an empty collection), the first review is due
    ``policy.process_review_months`` after the notice of the earliest exit process. Left as
    ``None``, reviews of the process are not followed and nothing about them is listed.
    """
    processes = list(processes)
    departures = list(departures)
    items = [item for process in processes for item in _process_items(process, today, policy)]
    for departure in without_process(departures, processes):
        items.extend(_leaver_items(departure, today, policy))
    held = {*post_approval_held, *(i.household_id for i in post_approval_interviews)}
    items.extend(_post_approval_items(households, held, today, policy))
    notices = [*departures, *(p.departure for p in processes)]
    items.extend(_follow_up_items(conversations, notices, today, policy))
    if process_reviews is not None:
        items.extend(_process_review_items(process_reviews, processes, today, policy))
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


#: Kinds of item that :func:`practice_overdue` reports once overdue.
_PRACTICE = (
    DueKind.POST_APPROVAL_INTERVIEW,
    DueKind.FOLLOW_UP,
    DueKind.PROCESS_REVIEW,
    DueKind.TELL_CARERS,
    DueKind.TELL_STAFF,
)


def practice_overdue(items: Iterable[DueItem]) -> list[DueItem]:
    """The overdue items among ``items`` about the practice around the exit process.

    A household's post-approval interview (only households approved on or after the policy's
    ``post_approval_from`` are due one), a carer's follow-up after a considering-leaving
    conversation, the next review of the process
    and telling carers and staff what the last one decided. The first review, when no review is
    recorded, is left out: it is listed by :func:`due`, but a file that records no review says
    nothing about whether one was held.
    """
    return [i for i in items if i.overdue and i.kind in _PRACTICE and i.subject != NO_REVIEW_YET]


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
    yield from safeguarding_due(p, today)


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
        if finding.safeguarding:
            continue  # referred the same day by a safeguarding route: see safeguarding_due
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


def _post_approval_items(
    households: Iterable[Household],
    held: Collection[str],
    today: datetime.date,
    policy: ProcessPolicy,
) -> Iterator[DueItem]:
    """Post-approval interviews, for households approved on or after the policy's start date."""
    start = policy.post_approval_from
    if start is None:
        return
    for household in households:
        if household.id in held or household.status.is_final or household.approved_on < start:
            continue
        due_on = add_months(household.approved_on, policy.post_approval_months)
        if today < _days(due_on, -policy.post_approval_notice_days):
            continue
        overdue = today > _days(due_on, policy.post_approval_grace_days)
        why = f"post-approval interview: approved on {household.approved_on}, interview due about {due_on}"
        yield DueItem(
            kind=DueKind.POST_APPROVAL_INTERVIEW,
            subject=household.id,
            due_on=due_on,
            overdue=overdue,
            why=why,
            household_id=household.id,
        )


def _follow_up_items(
    conversations: Iterable[ConsideringLeaving],
    departures: Sequence[Departure],
    today: datetime.date,
    policy: ProcessPolicy,
) -> Iterator[DueItem]:
    """Follow-ups of undecided carers who have not given notice since (the exit process takes over)."""
    notices: dict[str, list[datetime.date]] = {}
    for departure in departures:
        notices.setdefault(departure.household_id, []).append(departure.notice_on)
    for conversation in latest_conversations(conversations):
        due_on = conversation.follow_up_on
        if conversation.outcome is not ConversationOutcome.UNDECIDED or due_on is None:
            continue
        if any(day >= conversation.held_on for day in notices.get(conversation.household_id, ())):
            continue
        if today < _days(due_on, -policy.follow_up_notice_days):
            continue
        why = f"the carer was undecided after the conversation on {conversation.held_on}: talk again"
        yield DueItem(
            kind=DueKind.FOLLOW_UP,
            subject=conversation.household_id,
            due_on=due_on,
            overdue=today > due_on,
            why=why,
            ref=conversation.id,
            household_id=conversation.household_id,
        )


def _process_review_items(
    reviews: Iterable[ProcessReview],
    processes: Sequence[ExitProcess],
    today: datetime.date,
    policy: ProcessPolicy,
) -> Iterator[DueItem]:
    """The next review of the process, and telling carers and staff what the last one decided."""
    latest = latest_review(reviews)
    if latest is None:
        if not processes:
            return
        first = min(p.departure.notice_on for p in processes)
        subject, due_on = NO_REVIEW_YET, add_months(first, policy.process_review_months)
        why = (
            f"no review of the process recorded yet: the first is due {policy.process_review_months} "
            f"months after the first exit process (notice {first})"
        )
    else:
        subject, due_on = latest.id, latest.next_due(policy)
        why = f"review the process: the last review was on {latest.held_on}"
        for kind, told, who in (
            (DueKind.TELL_CARERS, latest.communicated_to_carers_on, "carers"),
            (DueKind.TELL_STAFF, latest.communicated_to_staff_on, "staff"),
        ):
            if told is None:
                tell_on = _days(latest.held_on, policy.communicate_within_days)
                what = f"tell {who} what the review of the process on {latest.held_on} found and decided"
                yield DueItem(kind=kind, subject=latest.id, due_on=tell_on, overdue=today > tell_on, why=what)
    if today >= _days(due_on, -policy.process_review_notice_days):
        yield DueItem(
            kind=DueKind.PROCESS_REVIEW, subject=subject, due_on=due_on, overdue=today > due_on, why=why
        )
