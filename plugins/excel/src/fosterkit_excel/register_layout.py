"""The register workbook's sheets, declared as data: one :class:`Table` per sheet, one :class:`Column` each.

To add a column, add a line here; to add a sheet, add a table here, say where its rows come
from in the records (:mod:`fosterkit_excel.register_rows`) and how they are put back
(:mod:`fosterkit_excel.register_build`). The writer, the reader and the guidance follow.
Columns and their kinds are described in :mod:`fosterkit_excel.register_columns`.
"""

from __future__ import annotations

from typing import Final

from fosterkit.plugins import SupportArea
from fosterkit_excel.register_columns import (
    CHOICES,
    REASONS,
    Column,
    Kind,
    Table,
    choice_column,
    date_column,
    id_column,
    label,
    link_column,
    yes_no_column,
)

__all__ = [
    "BEFORE_NOTICE",
    "CHANGES",
    "CHOICES",
    "FORMER_GUIDANCE",
    "GUIDANCE",
    "POST_APPROVAL",
    "POST_SUGGESTIONS",
    "REASONS",
    "REGISTER_VERSION",
    "REVIEWS",
    "TABLES",
    "Column",
    "Kind",
    "Table",
    "label",
    "ratings",
    "table",
]

#: The version of the register's layout, written on the Guidance sheet and checked on reading.
REGISTER_VERSION: Final = 1
GUIDANCE: Final = "Start here"
#: What the first sheet was called before version 0.x of fosterkit: still read.
FORMER_GUIDANCE: Final = "Guidance"


def ratings() -> tuple[Column, ...]:
    """One rating column for each area of support, in the order ratings are read back."""
    return tuple(
        Column(
            f"Rating: {label(str(area.value)).lower()}", f"#{area.value}", Kind.SCORE, width=4.5, turned=True
        )
        for area in SupportArea
    )


def _answer_column(header: str, path: str) -> Column:
    """A narrow column of Yes, No or Not sure, its header turned up the page."""
    return Column(header, path, Kind.CHOICE, "answer", width=5, turned=True)


HOUSEHOLDS, STATUS, LEAVERS, PROCESSES = "Households", "Status changes", "Leavers", "Exit processes"
POST_APPROVAL, POST_SUGGESTIONS = "Post-approval interviews", "Post-approval suggestions"
BEFORE_NOTICE, REVIEWS, CHANGES = "Before notice", "Process reviews", "Changes decided"
BEFORE, OPT_OUTS, COMPLAINTS, BOOKINGS = "Before interview", "Opt-outs", "Complaints", "Bookings"
INTERVIEWS, SUGGESTIONS, FINDINGS, RESPONSES = "Interviews", "Suggestions", "Findings", "Responses"

#: Every sheet of the register in the order it is written, with its columns.
TABLES: Final = (
    Table(HOUSEHOLDS, "a fostering household", (
        id_column("Household id"),
        Column("Service", "service.name", width=18, required=True),
        choice_column("Service kind", "service.kind", "service_kind", required=True),
        choice_column("Approval", "approval_kind", "approval_kind", required=True),
        date_column("Approved on", "approved_on", required=True),
        Column("Approved for", "approved_for", Kind.CHOICES, "placement", width=20, required=True),
        yes_no_column("Caring now", "caring_now", required=True),
        Column("Carer 1 id", "carers.0.id", Kind.ID, width=12, required=True),
        Column("Carer 2 id", "carers.1.id", Kind.ID, width=12),
    )),
    Table(STATUS, "a change in a household's status, approval first", (
        link_column("Household id", HOUSEHOLDS),
        choice_column("Status", "status", "status", required=True),
        date_column("Since", "since", required=True),
        Column("Note", "note", width=40),
    )),
    Table(POST_APPROVAL, "interview with a household about six months after approval", (
        id_column("Interview id"),
        link_column("Household id", HOUSEHOLDS, "household_id"),
        date_column("Interviewed on", "interviewed_on", required=True),
        Column("Interviewer", "interviewer", Kind.ID, width=11, required=True),
        Column("Recruitment: what went well", "recruitment_went_well", width=20),
        Column("Recruitment: what could improve", "recruitment_could_improve", width=20),
        Column("Concerns", "concerns", Kind.CHOICES, REASONS, width=18),
        yes_no_column("Consent to anonymised use", "consent_to_anonymised_use", required=True, turned=True),
        *ratings(),
    )),
    Table(POST_SUGGESTIONS, "suggestion a new carer made at a post-approval interview", (
        link_column("Interview id", POST_APPROVAL),
        Column("Suggestion id", "id", Kind.ID, width=11, required=True),
        Column("Suggestion", "text", width=50, required=True),
        choice_column("Theme", "theme", REASONS, width=20),
    )),
    Table(BEFORE_NOTICE, "conversation with a carer considering leaving, before any notice", (
        id_column("Conversation id", width=13),
        link_column("Household id", HOUSEHOLDS, "household_id"),
        date_column("Held on", "held_on", required=True),
        Column("Held by", "held_by", Kind.ID, width=11, required=True),
        choice_column("Held by (role)", "held_by_role", "held_by", width=18, required=True),
        Column("Concerns", "concerns", Kind.CHOICES, REASONS, width=20),
        Column("Support offered", "support_offered", width=26),
        choice_column("Outcome", "outcome", "conversation_outcome", width=12, required=True),
        date_column("Follow up on", "follow_up_on"),
        link_column("Leaver id", LEAVERS, "departure_id", required=False),
    )),
    Table(LEAVERS, "a household's leaving: notice, route and stated reasons", (
        id_column("Leaver id"),
        link_column("Household id", HOUSEHOLDS, "household_id"),
        date_column("Notice on", "notice_on", required=True),
        date_column("Leaving on", "leaving_on"),
        choice_column("Initiated by", "initiated_by", "initiator", width=12, required=True),
        choice_column("Route", "route", "route", width=24, required=True),
        choice_column("Destination", "destination", "destination", width=18),
        Column("Stated reasons", "stated_reasons", Kind.CHOICES, REASONS, width=22),
    )),
    Table(PROCESSES, "the exit-interview process for one leaver", (
        id_column("Process id"),
        link_column("Leaver id", LEAVERS),
        Column("Supervising social worker", "supervising_social_worker", Kind.ID, width=16, required=True),
        Column("Line management", "line_management", Kind.CHOICES, width=18),
        date_column("Offered on", "offered_on"),
        Column("Checklist", "checklist_sent.checklist", Kind.ID, width=16),
        Column("Checklist version", "checklist_sent.version", width=10),
        date_column("Checklist sent on", "checklist_sent.on"),
        date_column("Stage 1 held on", "stage_two_window.stage_one_on"),
        date_column("Stage 2 window opens", "stage_two_window.opens"),
        date_column("Stage 2 window closes", "stage_two_window.closes"),
        Column("Window moved because", "stage_two_window.moved_because", width=20),
    )),
    Table(BEFORE, "what the carer was asked before the interview (one row per process)", (
        link_column("Process id", PROCESSES),
        date_column("Asked on", "asked_on", required=True),
        yes_no_column("Raise relationships", "raise_relationships", required=True, width=14),
        Column("Relationships note", "relationships_note", width=24),
        yes_no_column("Wants companion", "wants_companion", required=True),
        choice_column("Companion", "companion", "companion", width=12),
        yes_no_column("Wants own social worker", "wants_own_social_worker"),
        Column("Complaints explained", "complaints_explained", Kind.YES_NO, width=12),
        Column("Complaints go to", "complaints_route", width=24),
    )),
    Table(OPT_OUTS, "a stage the carer declined (declining stage 1 declines both)", (
        link_column("Process id", PROCESSES),
        choice_column("Stage", "stage", "exit_stage", width=14, required=True),
        date_column("On", "on", required=True),
        Column("Note", "note", width=40),
    )),
    Table(COMPLAINTS, "a complaint passed to the complaints process (its reference only)", (
        link_column("Process id", PROCESSES),
        date_column("On", "on", required=True),
        Column("Reference", "reference", width=20),
    )),
    Table(BOOKINGS, "an appointment: when, where, who, and how it ended", (
        Column("Appointment id", "appointment.id", Kind.ID, width=12, required=True),
        link_column("Process id", PROCESSES),
        choice_column("Stage", "appointment.stage", "exit_stage", width=11, required=True),
        date_column("On", "appointment.on", required=True),
        choice_column("Location", "appointment.location", "location", width=13, required=True),
        yes_no_column("Location agreed", "appointment.location_agreed", required=True, turned=True),
        Column("Interviewer", "appointment.interviewer", Kind.ID, width=11, required=True),
        yes_no_column("Interviewer can escalate", "interviewer_can_escalate", turned=True),
        Column("Also present", "appointment.also_present", Kind.CHOICES, width=13),
        choice_column("Companion", "appointment.companion.kind", "companion", width=11),
        date_column("Booked on", "booked_on", required=True),
        date_column("Cancelled on", "cancellation.on"),
        choice_column("Cancelled by", "cancellation.by", "initiator", width=10),
        Column("Cancellation reason", "cancellation.reason", width=16),
        Column("Record id", "@Interviews", Kind.ID, width=11, link=INTERVIEWS),
    )),
    Table(INTERVIEWS, "what one exit interview found (the data collection record)", (
        id_column("Record id"),
        link_column("Leaver id", LEAVERS, "departure_id"),
        choice_column("Stage", "stage", "exit_stage", width=10, required=True),
        date_column("Interviewed on", "interviewed_on", required=True),
        choice_column("Main reason", "primary_reason", REASONS, width=17, required=True),
        Column("Other reasons", "secondary_reasons", Kind.CHOICES, REASONS, width=17),
        _answer_column("Preventable", "preventable"),
        Column("What would have kept them", "would_have_kept", width=13),
        _answer_column("Foster again", "foster_again"),
        _answer_column("Recommend fostering", "recommend_fostering"),
        Column("What went well", "went_well", width=13),
        yes_no_column("Consent to anonymised use", "consent_to_anonymised_use", required=True, turned=True),
        *ratings(),
        date_column("Fed back on", "^feedback_sent_on"),
    )),
    Table(SUGGESTIONS, "something the carer suggested the service changes", (
        link_column("Record id", INTERVIEWS),
        Column("Suggestion id", "id", Kind.ID, width=11, required=True),
        Column("Suggestion", "text", width=50, required=True),
        choice_column("Theme", "theme", REASONS, width=20),
    )),
    Table(FINDINGS, "one reason from an interview, triaged, and any urgent escalation", (
        link_column("Record id", INTERVIEWS),
        choice_column("Reason", "reason", REASONS, width=20, required=True),
        choice_column("Triage", "triage", "triage", width=10, required=True),
        Column("Safeguarding", "safeguarding", Kind.YES_NO, width=12),
        date_column("Triaged on", "triaged_on", required=True),
        Column("Escalated to", "escalation.owner", width=16),
        choice_column("Escalation route", "escalation.route", "escalation_route", width=20),
        date_column("Escalated on", "escalation.raised_on"),
        date_column("Due by", "escalation.due_on"),
        date_column("Done on", "escalation.done_on"),
    )),
    Table(RESPONSES, "you said, we did: the service's answer to one suggestion", (
        link_column("Record id", INTERVIEWS),
        Column("Suggestion id", "suggestion_id", Kind.ID, width=11, required=True),
        choice_column("Response", "kind", "response", width=16, required=True),
        date_column("On", "on", required=True),
        Column("Why it cannot change", "reason", width=40),
        Column("What we did or will do", "summary", width=40),
        yes_no_column("Publish it", "publish"),
    )),
    Table(REVIEWS, "annual review of the exit-interview process", (
        id_column("Review id"),
        date_column("Held on", "held_on", required=True),
        Column("What it found", "findings", width=44),
        date_column("Carers told on", "communicated_to_carers_on"),
        date_column("Staff told on", "communicated_to_staff_on"),
        date_column("Next due on", "next_due_on"),
    )),
    Table(CHANGES, "change a review of the process decided", (
        link_column("Review id", REVIEWS),
        Column("Change", "text", width=56, required=True),
    )),
)  # fmt: skip


def table(sheet: str) -> Table:
    """The table of ``sheet``."""
    return next(t for t in TABLES if t.sheet == sheet)
