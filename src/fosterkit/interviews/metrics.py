"""Figures on how well the exit-interview process runs, for the service's annual review.

Every share carries its count and its base, so a reader can see "3 of 4" as well as "75%";
a share of nothing has no percentage rather than a made-up one.
"""

from __future__ import annotations

import datetime
import statistics
from collections.abc import Iterable

from attrs import define, field, frozen

from fosterkit.interviews.policy import DEFAULT_POLICY, ProcessPolicy
from fosterkit.interviews.process import Booking, ExitProcess, StaffRole
from fosterkit.interviews.stages import InterviewStage
from fosterkit.reasons import Triage
from fosterkit.records import Initiator

__all__ = ["ProcessMetrics", "Share", "process_metrics"]


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


@frozen(kw_only=True)
class ProcessMetrics:
    """The process figures for one period (departures by notice date)."""

    departures: int
    offered: Share
    """Departures offered an exit interview."""
    took_up: Share
    """Of those offered, carers who held exit stage 1."""
    declined: Share
    """Of those offered, carers who declined."""
    stage_two_completion: Share
    """Of carers who held stage 1, those who also held stage 2."""
    median_days_notice_to_stage_one: float | None
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
    checklist_sent: Share
    """Departures whose carer was sent the leaving checklist."""


@define
class _Tally:
    departures: int = 0
    offered: int = 0
    took_up: int = 0
    declined: int = 0
    stage_two: int = 0
    to_stage_one: list[int] = field(factory=list)
    cancellations: int = 0
    with_reason: int = 0
    to_rebook: list[int] = field(factory=list)
    interviews: int = 0
    independent: int = 0
    feedback: int = 0
    urgent: int = 0
    urgent_in_time: int = 0
    checklist: int = 0

    def add(self, p: ExitProcess, policy: ProcessPolicy) -> None:
        self.departures += 1
        self.checklist += p.checklist_sent is not None
        if p.offered_on is None:
            return
        self.offered += 1
        first = p.held(InterviewStage.EXIT_STAGE_1)
        if first is not None and first.interview is not None:
            self.took_up += 1
            self.to_stage_one.append((first.interview.record.interviewed_on - p.departure.notice_on).days)
            self.stage_two += p.held(InterviewStage.EXIT_STAGE_2) is not None
        self.declined += first is None and p.opted_out(InterviewStage.EXIT_STAGE_1) is not None
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
        self.independent += p.role(booking.appointment.interviewer) is StaffRole.INDEPENDENT
        self.feedback += interview.feedback_sent_on is not None
        limit = interview.record.interviewed_on + datetime.timedelta(days=policy.escalate_within_days)
        for finding in interview.findings:
            if finding.triage is Triage.URGENT:
                self.urgent += 1
                escalation = finding.escalation
                self.urgent_in_time += (
                    escalation is not None
                    and bool(escalation.owner.strip())
                    and escalation.due_on is not None
                    and escalation.raised_on <= limit
                )


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def process_metrics(
    processes: Iterable[ExitProcess],
    *,
    policy: ProcessPolicy = DEFAULT_POLICY,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> ProcessMetrics:
    """The process figures over ``processes`` whose notice falls in ``[start, end)``.

    ``processes`` is read once, one at a time, so it may be a stream of any length.
    """
    t = _Tally()
    for process in processes:
        notice = process.departure.notice_on
        if (start is None or notice >= start) and (end is None or notice < end):
            t.add(process, policy)
    return ProcessMetrics(
        departures=t.departures,
        offered=Share(t.departures, t.offered),
        took_up=Share(t.offered, t.took_up),
        declined=Share(t.offered, t.declined),
        stage_two_completion=Share(t.took_up, t.stage_two),
        median_days_notice_to_stage_one=_median(t.to_stage_one),
        cancellations=t.cancellations,
        cancellations_with_reason=Share(t.cancellations, t.with_reason),
        median_days_to_rebook=_median(t.to_rebook),
        independent_interviewer=Share(t.interviews, t.independent),
        feedback_given=Share(t.interviews, t.feedback),
        urgent_escalated_in_time=Share(t.urgent, t.urgent_in_time),
        checklist_sent=Share(t.departures, t.checklist),
    )
