"""Figures on how well the exit-interview process runs, for the service's annual review.

The figures are over departures, not over processes: every leaver is offered an interview,
so a leaver nobody opened a process for counts, as not offered, and is shown as such.

Every share carries its count and its base, so a reader can see "3 of 4" as well as "75%";
a share of nothing has no percentage rather than a made-up one.

Beside them: how many carers considering leaving were talked to and how many stayed, how many
post-approval interviews were held, and when the process was last reviewed and whether carers
and staff were told what it decided.
"""

from __future__ import annotations

import datetime
import statistics
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from attrs import define, field, frozen

from fosterkit.interviews.policy import DEFAULT_POLICY, ProcessPolicy
from fosterkit.interviews.post_approval import PostApprovalInterview
from fosterkit.interviews.process import Booking, ExitProcess, Finding, Interview, StaffRole
from fosterkit.interviews.process_review import ProcessReview, latest_review
from fosterkit.interviews.stages import InterviewStage
from fosterkit.reasons import Triage
from fosterkit.records import (
    ConsideringLeaving,
    ConversationOutcome,
    Departure,
    Initiator,
    latest_conversations,
)

__all__ = [
    "AROUND_THE_PROCESS",
    "DepartureProcess",
    "ProcessFacts",
    "ProcessMetrics",
    "Share",
    "escalated_in_time",
    "interviewer_independent",
    "process_facts",
    "process_metrics",
]


def _within(instance: Share, _attribute: object, value: int) -> None:
    if not 0 <= value <= instance.of:
        raise ValueError(f"count {value} is outside 0..{instance.of}")


@frozen
class Share:
    """``count`` out of ``of``."""

    of: int
    count: int = field(validator=_within)

    @property
    def percent(self) -> float | None:
        """The share as a percentage (0-100), or ``None`` when there is nothing to share."""
        return None if self.of == 0 else 100 * self.count / self.of

    def __str__(self) -> str:
        percent = self.percent
        return f"{self.count} of {self.of}" + ("" if percent is None else f" ({percent:.0f}%)")


#: A share of nothing, the figure when there is nothing to count.
_NONE = Share(0, 0)


@frozen(kw_only=True)
class ProcessMetrics:
    """The process figures for one period, over departures (by notice date), each counted once.

    The headline shares (``without_process``, ``offered``, ``took_up``, ``declined``,
    ``checklist_sent``) are out of every departure in the period, with or without an exit
    process: a leaver nobody opened a process for counts as not offered. The figures on
    appointments and interviews are over the processes of those departures.
    """

    departures: int
    """Departures with notice in the period, each once, whether or not a process was opened."""
    without_process: Share
    """Departures nobody opened an exit process for."""
    offered: Share
    """Departures offered an exit interview."""
    took_up: Share
    """Departures whose carer was offered an interview and held exit stage 1."""
    declined: Share
    """Departures whose carer was offered an interview, declined, and held no exit stage 1."""
    checklist_sent: Share
    """Departures whose carer was sent the leaving checklist."""
    took_up_of_offered: Share
    """Of departures offered an interview, those that held exit stage 1."""
    stage_two_completion: Share
    """Of departures that held exit stage 1, those that also held stage 2."""
    median_days_notice_to_stage_one: float | None
    """From notice to exit stage 1, over departures that held it."""
    processes: int
    """Exit processes belonging to the departures in the period."""
    cancellations: int
    cancellations_with_reason: Share
    median_days_to_rebook: float | None
    """From a cancellation by the service to its rebooking, over those rebooked."""
    independent_interviewer: Share
    """Interviews held whose interviewer was independent of the carer's supervising social worker."""
    feedback_given: Share
    """Interviews after which the carer was sent feedback."""
    urgent_escalated_in_time: Share
    """Urgent findings escalated (owner and date) within the policy's days of the interview."""
    conversations: int = 0
    """Considering-leaving conversations held in the period."""
    households_considering_leaving: int = 0
    """Households with a considering-leaving conversation in the period."""
    stayed: Share = _NONE
    """Of those households, the ones whose latest conversation in the period says the carer stayed."""
    left: Share = _NONE
    """Of those households, the ones whose latest conversation in the period says the carer left."""
    undecided: Share = _NONE
    """Of those households, the ones whose latest conversation in the period left the carer undecided."""
    post_approval_interviews: int = 0
    """Post-approval interviews held in the period."""
    last_process_review_on: datetime.date | None = None
    """The latest review of the process held before the end of the period (``None``: none recorded)."""
    last_review_told_carers: bool | None = None
    """Whether carers were told what that review found and decided (``None``: no review)."""
    last_review_told_staff: bool | None = None
    """Whether staff were told what that review found and decided (``None``: no review)."""


#: The figures on the practice around the exit process, by the kind of record each comes from.
AROUND_THE_PROCESS: dict[str, tuple[str, ...]] = {
    "considering_leaving": ("conversations", "households_considering_leaving", "stayed", "left", "undecided"),
    "post_approval_interview": ("post_approval_interviews",),
    "process_review": ("last_process_review_on", "last_review_told_carers", "last_review_told_staff"),
}


def interviewer_independent(p: ExitProcess, booking: Booking) -> bool:
    """Whether ``booking``'s interviewer is not the carer's social worker nor one of its managers."""
    return p.role(booking.appointment.interviewer) is StaffRole.INDEPENDENT


def escalated_in_time(finding: Finding, interview: Interview, policy: ProcessPolicy) -> bool:
    """Whether ``finding`` was escalated (an owner and a date) within the policy's days of ``interview``."""
    limit = interview.record.interviewed_on + datetime.timedelta(days=policy.escalate_within_days)
    escalation = finding.escalation
    return escalation is not None and escalation.assigned and escalation.raised_on <= limit


class ProcessFacts(NamedTuple):
    """A few facts of one exit process, as the figures over departures read them (a small tuple).

    Everything after ``checklist`` is over the interviews held in a process whose interview was
    offered, as :func:`process_metrics` counts them.
    """

    offered: bool = False
    stage_one_on: datetime.date | None = None
    """The day exit stage 1 was held, if it was (in a process that offered an interview)."""
    stage_two: bool = False
    """Stage 2 was held too, in the process that held stage 1."""
    opted_out: bool = False
    """The carer declined stage 1 and it was not held."""
    checklist: bool = False
    not_independent: bool = False
    """Some interview held had an interviewer who was not independent."""
    feedback_missing: bool = False
    """Some interview held was not followed by feedback to the carer."""
    urgent: bool = False
    """Some interview held had an urgent finding."""
    urgent_late: bool = False
    """Some urgent finding was not escalated in time."""


def process_facts(p: ExitProcess, policy: ProcessPolicy = DEFAULT_POLICY) -> ProcessFacts:
    """The facts of ``p`` the figures over departures need (:class:`DepartureProcess` joins a departure's)."""
    checklist = p.checklist_sent is not None
    if p.offered_on is None:
        return ProcessFacts(checklist=checklist)
    first = p.held(InterviewStage.EXIT_STAGE_1)
    stage_one_on = None
    if first is not None and first.interview is not None:
        stage_one_on = first.interview.record.interviewed_on
    held = [b for b in p.bookings if b.interview is not None]
    urgent = [
        (finding, b.interview)
        for b in held
        if b.interview is not None
        for finding in b.interview.findings
        if finding.triage is Triage.URGENT
    ]
    return ProcessFacts(
        offered=True,
        stage_one_on=stage_one_on,
        stage_two=stage_one_on is not None and p.held(InterviewStage.EXIT_STAGE_2) is not None,
        opted_out=first is None and p.opted_out(InterviewStage.EXIT_STAGE_1) is not None,
        checklist=checklist,
        not_independent=any(not interviewer_independent(p, b) for b in held),
        feedback_missing=any(b.interview is not None and b.interview.feedback_sent_on is None for b in held),
        urgent=bool(urgent),
        urgent_late=any(not escalated_in_time(f, interview, policy) for f, interview in urgent),
    )


@define
class DepartureProcess:
    """What is known of one departure, from the facts of every exit process that belongs to it.

    Joining the same process twice changes nothing, and the order never matters.
    """

    notice_on: datetime.date
    has_process: bool = False
    offered: bool = False
    opted_out: bool = False
    stage_one_on: datetime.date | None = None
    """The day exit stage 1 was held (the earliest, if more than one process held it)."""
    stage_two: bool = False
    checklist: bool = False
    not_independent: bool = False
    feedback_missing: bool = False
    urgent: bool = False
    urgent_late: bool = False

    def join(self, facts: ProcessFacts) -> None:
        """Add the facts of one of its processes."""
        self.has_process = True
        self.checklist |= facts.checklist
        self.offered |= facts.offered
        if facts.stage_one_on is not None:
            held_on = facts.stage_one_on
            self.stage_one_on = held_on if self.stage_one_on is None else min(self.stage_one_on, held_on)
        self.stage_two |= facts.stage_two
        self.opted_out |= facts.opted_out
        self.not_independent |= facts.not_independent
        self.feedback_missing |= facts.feedback_missing
        self.urgent |= facts.urgent
        self.urgent_late |= facts.urgent_late

    @property
    def took_up(self) -> bool:
        """Offered an interview, and exit stage 1 was held."""
        return self.stage_one_on is not None

    @property
    def declined(self) -> bool:
        """Offered an interview, declined stage 1, and held none."""
        return self.opted_out and not self.took_up

    def stage_one_in_time(self, policy: ProcessPolicy = DEFAULT_POLICY) -> bool:
        """Stage 1 was held by the day it is due (notice and the policy's days, as in ``due``)."""
        return self.stage_one_on is not None and self.stage_one_on <= self.notice_on + datetime.timedelta(
            days=policy.stage_one_within_days
        )


@define
class _Tally:
    """The figures on appointments and interviews, over processes."""

    processes: int = 0
    cancellations: int = 0
    with_reason: int = 0
    to_rebook: list[int] = field(factory=list)
    interviews: int = 0
    independent: int = 0
    feedback: int = 0
    urgent: int = 0
    urgent_in_time: int = 0

    def add(self, p: ExitProcess, policy: ProcessPolicy) -> None:
        self.processes += 1
        if p.offered_on is None:
            return
        for booking in p.bookings:
            self._booking(p, booking, policy)

    def _booking(self, p: ExitProcess, booking: Booking, policy: ProcessPolicy) -> None:
        if booking.cancellation is not None:
            self.cancellations += 1
            self.with_reason += bool(booking.cancellation.reason.strip())
            rebooking = p.rebooking(booking)
            if rebooking is not None and booking.cancellation.by is Initiator.SERVICE:
                self.to_rebook.append((rebooking.booked_on - booking.cancellation.on).days)
        interview = booking.interview
        if interview is None:
            return
        self.interviews += 1
        self.independent += interviewer_independent(p, booking)
        self.feedback += interview.feedback_sent_on is not None
        for finding in interview.findings:
            if finding.triage is Triage.URGENT:
                self.urgent += 1
                self.urgent_in_time += escalated_in_time(finding, interview, policy)


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def _conversation_figures(
    conversations: Iterable[ConsideringLeaving], inside: Callable[[datetime.date], bool]
) -> dict[str, Any]:
    """How many conversations in the period, and each household's latest outcome in it."""
    held = [c for c in conversations if inside(c.held_on)]
    outcomes = [c.outcome for c in latest_conversations(held)]
    total = len(outcomes)
    return {
        "conversations": len(held),
        "households_considering_leaving": total,
        "stayed": Share(total, outcomes.count(ConversationOutcome.STAYED)),
        "left": Share(total, outcomes.count(ConversationOutcome.LEFT)),
        "undecided": Share(total, outcomes.count(ConversationOutcome.UNDECIDED)),
    }


def _review_figures(reviews: Iterable[ProcessReview], end: datetime.date | None) -> dict[str, Any]:
    """The latest review of the process before ``end``, and whether carers and staff were told of it."""
    before = (r for r in reviews if end is None or r.held_on < end)
    last = latest_review(before)
    if last is None:
        return {}
    return {
        "last_process_review_on": last.held_on,
        "last_review_told_carers": last.communicated_to_carers_on is not None,
        "last_review_told_staff": last.communicated_to_staff_on is not None,
    }


def process_metrics(
    processes: Iterable[ExitProcess],
    *,
    departures: Iterable[Departure] = (),
    policy: ProcessPolicy = DEFAULT_POLICY,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    conversations: Iterable[ConsideringLeaving] = (),
    post_approval_interviews: Iterable[PostApprovalInterview] = (),
    process_reviews: Iterable[ProcessReview] = (),
) -> ProcessMetrics:
    """The process figures over the departures whose notice falls in ``[start, end)``.

    Each departure counts once: the departure of every process in ``processes`` (matched by
    departure id, so two processes for one departure count it once), and every departure in
    ``departures`` that no process belongs to. A departure's notice date is its first process's
    copy, or the departure record's when it has no process. Both are read once, processes first,
    one record at a time, keeping a few facts per departure.

    ``conversations`` and ``post_approval_interviews`` count when held in the period (outcomes by
    each household's latest conversation in it); the last of ``process_reviews`` is the latest
    held before ``end``.
    """

    def inside(day: datetime.date) -> bool:
        return (start is None or day >= start) and (end is None or day < end)

    t = _Tally()
    seen: dict[str, DepartureProcess | None] = {}  # every departure id met; its facts when in the period
    for process in processes:
        departure = process.departure
        if departure.id not in seen:
            inside_now = inside(departure.notice_on)
            seen[departure.id] = DepartureProcess(departure.notice_on) if inside_now else None
        leaver = seen[departure.id]
        if leaver is not None:
            leaver.join(process_facts(process, policy))
            t.add(process, policy)
    for departure in departures:
        if departure.id not in seen:
            inside_now = inside(departure.notice_on)
            seen[departure.id] = DepartureProcess(departure.notice_on) if inside_now else None
    leavers = [leaver for leaver in seen.values() if leaver is not None]
    total = len(leavers)
    offered = sum(leaver.offered for leaver in leavers)
    to_stage_one = [(x.stage_one_on - x.notice_on).days for x in leavers if x.stage_one_on is not None]
    took_up = [leaver for leaver in leavers if leaver.took_up]
    return ProcessMetrics(
        departures=total,
        without_process=Share(total, sum(not leaver.has_process for leaver in leavers)),
        offered=Share(total, offered),
        took_up=Share(total, len(took_up)),
        declined=Share(total, sum(leaver.declined for leaver in leavers)),
        checklist_sent=Share(total, sum(leaver.checklist for leaver in leavers)),
        took_up_of_offered=Share(offered, len(took_up)),
        stage_two_completion=Share(len(took_up), sum(leaver.stage_two for leaver in took_up)),
        median_days_notice_to_stage_one=_median(to_stage_one),
        processes=t.processes,
        cancellations=t.cancellations,
        cancellations_with_reason=Share(t.cancellations, t.with_reason),
        median_days_to_rebook=_median(t.to_rebook),
        independent_interviewer=Share(t.interviews, t.independent),
        feedback_given=Share(t.interviews, t.feedback),
        urgent_escalated_in_time=Share(t.urgent, t.urgent_in_time),
        post_approval_interviews=sum(inside(i.interviewed_on) for i in post_approval_interviews),
        **_conversation_figures(conversations, inside),
        **_review_figures(process_reviews, end),
    )
