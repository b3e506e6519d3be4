"""A service's own time limits for the exit-interview process.

The exit-interview guide asks for a rebooking "at the earliest opportunity" and for feedback to
the carer, but sets no numbers of days. The defaults here are fosterkit's starting points, not
rules from the guide; every service sets its own.

Post-approval interviews come from a county council's response to the 2018 national fostering
stocktake (six months after approval, to learn from recruitment and the first support), and
are due only for households approved on or after the date the service started holding them
(:attr:`ProcessPolicy.post_approval_from`). The annual review of the process is due a year
after the last one, by default.
"""

from __future__ import annotations

import datetime

from attrs import field, frozen

from fosterkit._util import validators as v
from fosterkit.errors import FieldError
from fosterkit.interviews.stages import POST_APPROVAL_INTERVIEW_MONTHS, STAGE_TWO_WEEKS

__all__ = ["DEFAULT_POLICY", "ProcessPolicy"]

_days = [v.instance_of(int), v.non_negative]


def _weeks(_instance: object, _attribute: object, value: tuple[int, int]) -> None:
    ok = isinstance(value, tuple) and len(value) == 2 and all(type(w) is int for w in value)
    if not ok or not 1 <= value[0] <= value[1]:
        raise FieldError(
            "stage_two_weeks", f"expected (earliest, latest) weeks, 1 <= earliest <= latest, not {value}"
        )


@frozen(kw_only=True)
class ProcessPolicy:
    """How many days each step of the process may take before it counts as overdue."""

    offer_within_days: int = field(default=7, validator=_days)
    """From notice to offering an exit interview."""
    stage_one_within_days: int = field(default=28, validator=_days)
    """From notice to holding exit stage 1."""
    stage_two_weeks: tuple[int, int] = field(default=STAGE_TWO_WEEKS, validator=_weeks)
    """The default stage 2 window, in weeks after stage 1."""
    stage_two_notice_days: int = field(default=7, validator=_days)
    """How long before the stage 2 window opens to start listing it, so it can be booked."""
    rebook_within_days: int = field(default=10, validator=_days)
    """From a cancellation by the service to the rebooking."""
    triage_within_days: int = field(default=2, validator=_days)
    """From an interview to triaging each of its findings."""
    escalate_within_days: int = field(default=2, validator=_days)
    """From an interview to escalating an urgent finding."""
    feedback_within_days: int = field(default=28, validator=_days)
    """From an interview to sending the carer feedback on it."""
    checklist_within_days: int = field(default=14, validator=_days)
    """From notice to sending the leaving carer their checklist."""
    post_approval_from: datetime.date | None = field(
        default=None, validator=v.instance_of((datetime.date, type(None)))
    )
    """Households approved on or after this date are due a post-approval interview.

    ``None`` (the default): the service does not hold post-approval interviews yet, so none is
    due. A service sets the day it started; households approved before it are never listed, so
    years of past approvals do not all show as overdue.
    """
    post_approval_months: int = field(
        default=POST_APPROVAL_INTERVIEW_MONTHS, validator=[v.instance_of(int), v.non_negative]
    )
    """From approval to the post-approval interview."""
    post_approval_notice_days: int = field(default=28, validator=_days)
    """How long before the post-approval interview falls due to start listing it."""
    post_approval_grace_days: int = field(default=28, validator=_days)
    """How long after its due date the post-approval interview counts as overdue."""
    follow_up_notice_days: int = field(default=14, validator=_days)
    """How long before an undecided considering-leaving conversation's follow-up to start listing it."""
    process_review_months: int = field(default=12, validator=[v.instance_of(int), v.non_negative])
    """From one annual review of the process to the next, when the review does not set the date;
    and, before any review is recorded, from the service's first exit process to the first."""
    process_review_notice_days: int = field(default=28, validator=_days)
    """How long before the next review of the process falls due to start listing it."""
    communicate_within_days: int = field(default=28, validator=_days)
    """From a review of the process to telling carers, and staff, what it decided."""


#: The policy used when none is given.
DEFAULT_POLICY = ProcessPolicy()
