"""What a due item is: its kind, its subject, its date and why (see :mod:`~fosterkit.interviews.due`)."""

from __future__ import annotations

import datetime
import enum

from attrs import field, frozen

from fosterkit._util import validators as v

__all__ = ["DueItem", "DueKind"]


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
    SAFEGUARDING = "safeguarding"
    """A child-protection disclosure: triage, referral by a safeguarding route and action, on the
    day of the interview."""
    POST_APPROVAL_INTERVIEW = "post_approval_interview"
    """A household's interview about six months after approval."""
    FOLLOW_UP = "follow_up"
    """Talk again with a carer who was undecided after a considering-leaving conversation."""
    PROCESS_REVIEW = "process_review"
    """The annual review of the exit-interview process."""
    TELL_CARERS = "tell_carers"
    """Tell carers what the last review of the process decided."""
    TELL_STAFF = "tell_staff"
    """Tell staff what the last review of the process decided."""


_maybe_id = v.optional(v.identifier)


@frozen(kw_only=True)
class DueItem:
    """One thing due: for which leaver, process or household, by when, whether overdue, and why."""

    kind: DueKind
    subject: str
    """The process id; the departure id for a leaver with no exit process; the household id for
    a post-approval interview or a conversation's follow-up; the review id for a review of the
    process and telling carers and staff of it (:data:`NO_REVIEW_YET` before any review)."""
    due_on: datetime.date
    overdue: bool
    why: str
    ref: str | None = None
    """The appointment or record the item is about, when there is one (a conversation's id)."""
    process_id: str | None = field(default=None, validator=_maybe_id)
    """The exit process, or ``None`` (a leaver nobody has opened a process for, and every item
    not about an exit process)."""
    departure_id: str | None = field(default=None, validator=_maybe_id)
    """The departure the item is about (``None`` for items not about a leaver)."""
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
