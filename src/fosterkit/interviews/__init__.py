"""Interviews with carers: stages, the data collection record, and the exit-interview process.

The process for one departure is an :class:`ExitProcess`: immutable state whose operations
return the next state or raise :class:`RuleBroken`. A :class:`PostApprovalInterview` records the
interview six months after approval, and a :class:`ProcessReview` the annual review of the
process. :func:`due` lists what is due or overdue, and :func:`process_metrics` gives the
figures for the annual review.
"""

from fosterkit.interviews.checklist import LETTER_WIDTH, Checklist, ChecklistItem, render_checklist
from fosterkit.interviews.due import due
from fosterkit.interviews.due_items import DueItem, DueKind
from fosterkit.interviews.integrity import RecordChecker, check_records
from fosterkit.interviews.integrity_result import (
    REPORTED_ONLY,
    RULES,
    SETS_ASIDE,
    CheckResult,
    Position,
    RecordProblem,
)
from fosterkit.interviews.metrics import ProcessMetrics, Share, process_metrics
from fosterkit.interviews.policy import DEFAULT_POLICY, ProcessPolicy
from fosterkit.interviews.post_approval import PostApprovalInterview, post_approval_reason_problems
from fosterkit.interviews.process import (
    EXIT_STAGES,
    Booking,
    BookingStatus,
    Cancellation,
    ChecklistSent,
    ComplaintReferral,
    Escalation,
    EscalationRoute,
    ExitProcess,
    Finding,
    Interview,
    OptOut,
    PreInterview,
    ProcessError,
    Response,
    ResponseKind,
    StaffRole,
    suggested_triage,
)
from fosterkit.interviews.process_review import ProcessReview
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
from fosterkit.interviews.rules import Breach, Rule, RuleBroken, breaches
from fosterkit.interviews.safeguarding import DISCLOSURE_REASONS, disclosures, is_referred, safeguarding_due
from fosterkit.interviews.stages import (
    LEGACY_STAGE_VALUES,
    POST_APPROVAL_INTERVIEW_MONTHS,
    STAGE_TWO_WEEKS,
    Appointment,
    Companion,
    CompanionKind,
    InterviewStage,
    Location,
    StageTwoWindow,
    add_months,
    post_approval_interview_due,
)

__all__ = [
    "DEFAULT_POLICY",
    "DISCLOSURE_REASONS",
    "EXIT_STAGES",
    "FREE_TEXT",
    "LEGACY_STAGE_VALUES",
    "LETTER_WIDTH",
    "POST_APPROVAL_INTERVIEW_MONTHS",
    "REPORTED_ONLY",
    "RULES",
    "SETS_ASIDE",
    "STAGE_TWO_WEEKS",
    "Answer",
    "Appointment",
    "Booking",
    "BookingStatus",
    "Breach",
    "Cancellation",
    "CheckResult",
    "Checklist",
    "ChecklistItem",
    "ChecklistSent",
    "Companion",
    "CompanionKind",
    "ComplaintReferral",
    "DataCollectionRecord",
    "DueItem",
    "DueKind",
    "Escalation",
    "EscalationRoute",
    "ExitProcess",
    "Finding",
    "Interview",
    "InterviewStage",
    "Location",
    "OptOut",
    "Position",
    "PostApprovalInterview",
    "PreInterview",
    "ProcessError",
    "ProcessMetrics",
    "ProcessPolicy",
    "ProcessReview",
    "Rating",
    "RecordChecker",
    "RecordProblem",
    "Response",
    "ResponseKind",
    "Rule",
    "RuleBroken",
    "Share",
    "StaffRole",
    "StageTwoWindow",
    "Suggestion",
    "SupportArea",
    "add_months",
    "breaches",
    "check_records",
    "disclosures",
    "due",
    "is_free_text",
    "is_referred",
    "post_approval_interview_due",
    "post_approval_reason_problems",
    "process_metrics",
    "record_reason_problems",
    "render_checklist",
    "safeguarding_due",
    "suggested_triage",
]
