"""Interviews with carers: stages, appointments and when they fall due.

The exit-interview process itself (its rules, the data collection record, what is due and
the metrics) is being built; see the project's issues.
"""

from fosterkit.interviews.stages import (
    POST_APPROVAL_REVIEW_MONTHS,
    STAGE_TWO_WEEKS,
    Appointment,
    Companion,
    CompanionKind,
    InterviewStage,
    Location,
    StageTwoWindow,
    add_months,
    post_approval_review_due,
)

__all__ = [
    "POST_APPROVAL_REVIEW_MONTHS",
    "STAGE_TWO_WEEKS",
    "Appointment",
    "Companion",
    "CompanionKind",
    "InterviewStage",
    "Location",
    "StageTwoWindow",
    "add_months",
    "post_approval_review_due",
]
