"""Interviews with carers: stages, appointments, when they fall due, and the data collection record.

The exit-interview process itself (its rules, what is due and the metrics) is being built;
see the project's issues.
"""

from fosterkit.interviews.record import (
    FREE_TEXT,
    Answer,
    DataCollectionRecord,
    Rating,
    Suggestion,
    SupportArea,
    is_free_text,
    record_reason_problems,
)
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
    "FREE_TEXT",
    "POST_APPROVAL_REVIEW_MONTHS",
    "STAGE_TWO_WEEKS",
    "Answer",
    "Appointment",
    "Companion",
    "CompanionKind",
    "DataCollectionRecord",
    "InterviewStage",
    "Location",
    "Rating",
    "StageTwoWindow",
    "Suggestion",
    "SupportArea",
    "add_months",
    "is_free_text",
    "post_approval_review_due",
    "record_reason_problems",
]
