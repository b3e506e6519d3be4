"""Where everything sits in the audit workbook. The writer and the reader both follow this.

Row 1 of every sheet but *Start here* and *Exit interview insights* is the header; data starts
on row 2. Columns are given as the letters the writer puts them at; the reader finds each by its
header, wherever a team has since moved it, and names cells where they are now.
"""

from __future__ import annotations

from typing import Final

from fosterkit_excel.audit_offer_layout import GAPS, OFFER, OFFER_FIGURES

__all__ = [
    "ACTIONS",
    "ACTION_COLUMNS",
    "ACTION_ROWS",
    "ELEMENTS_NAME",
    "FORMAT",
    "FORMAT_VERSION",
    "FRAMEWORK",
    "FRAMEWORK_COLUMNS",
    "GAPS",
    "INSIGHTS",
    "META",
    "META_KEYS",
    "OFFER",
    "OFFER_FIGURES",
    "OPTIONAL_SHEETS",
    "PRIORITIES",
    "PRIORITY_COLUMNS",
    "PROGRESS",
    "PROGRESS_COLUMNS",
    "SHEETS",
    "START",
    "STEP_COLUMNS",
    "STEP_SHEETS",
    "YES_NO",
]

START: Final = "Start here"
FRAMEWORK: Final = "Framework"
STEP_SHEETS: Final = ("Assess", "Plan", "Do", "Review")
PRIORITIES: Final = "Priorities"
ACTIONS: Final = "Action plan"
PROGRESS: Final = "Progress"
INSIGHTS: Final = "Exit interview insights"
META: Final = "fosterkit"
"""A hidden sheet of key/value rows that marks the workbook as ours and says what it holds."""

#: Every sheet in order; the insights sheet is present only when records were given, the gaps
#: sheet only when last cycle's workbook was given too.
SHEETS: Final = (
    START,
    FRAMEWORK,
    *STEP_SHEETS,
    PRIORITIES,
    ACTIONS,
    OFFER,
    OFFER_FIGURES,
    PROGRESS,
    INSIGHTS,
    GAPS,
    META,
)
#: Sheets a workbook may lack: insights and gaps come and go; workbooks written before the support
#: offer was added have neither offer sheet.
OPTIONAL_SHEETS: Final = (INSIGHTS, GAPS, OFFER, OFFER_FIGURES)

FORMAT: Final = "fosterkit audit workbook"
FORMAT_VERSION: Final = 1

#: Keys of the META sheet, column A, from row 1; values in column B (dates as ISO text).
META_KEYS: Final = (
    "format",
    "format_version",
    "pack",
    "pack_version",
    "service",
    "cycle_start",
    "cycle_end",
    "previous_cycle",
    "generated_on",
    "fosterkit_version",
)

#: The defined name holding the ids of every key principle and recommendation (Framework!$A).
ELEMENTS_NAME: Final = "KeyPrinciplesAndRecommendations"

YES_NO: Final = ("yes", "no")

#: Framework sheet: one row per key principle, then per recommendation.
FRAMEWORK_COLUMNS: Final = {
    "A": "Id",
    "B": "Kind",
    "C": "Title",
    "D": "Summary",
    "E": "Evidence grade",
    "F": "Questions touching it",
    "G": "Assess",
    "H": "Plan",
    "I": "Do",
    "J": "Review",
}

#: Step sheets: one row per question of the step in catalogue order. F, H, I, J, K are filled
#: in by people (unlocked); the rest are locked. L is hidden and holds the ids the question
#: touches as ",KP1,KP4,R1," for the Progress formulas.
STEP_COLUMNS: Final = {
    "A": "Question id",
    "B": "Section",
    "C": "Lens",
    "D": "Question",
    "E": "Tags",
    "F": "Current position",
    "G": "Last cycle",
    "H": "Reflections and evidence",
    "I": "Priority",
    "J": "Owner",
    "K": "Target date",
    "L": "Touches",
}

#: Priorities sheet: one row per key principle then recommendation. G, H, I are filled in.
PRIORITY_COLUMNS: Final = {
    "A": "Id",
    "B": "Kind",
    "C": "Title",
    "D": "Evidence grade",
    "E": "Questions touching it",
    "F": "Exit interview rank",
    "G": "Focus this cycle",
    "H": "Rationale",
    "I": "Lead",
}

#: Action plan: any number of rows, all filled in by people.
ACTION_COLUMNS: Final = {
    "A": "Action",
    "B": "Linked KP/R",
    "C": "Owner",
    "D": "Start",
    "E": "Due",
    "F": "Status",
    "G": "Progress notes",
    "H": "Next check-in",
    "I": "Carried from",
}

#: Blank action rows made ready (lists, date checks, ruled answer cells) below the carried-forward
#: actions: enough to fill one printed page by hand; more are inserted within the table.
ACTION_ROWS: Final = 18

#: Progress sheet: one row per key principle then recommendation; C-G are formulas. C-F are headed
#: by the positions (in sentence case): the formulas count the step sheets' answers equal to them.
PROGRESS_COLUMNS: Final = {
    "A": "Id",
    "B": "Title",
    "C": "Not in place",
    "D": "Partly in place",
    "E": "In place",
    "F": "Not applicable",
    "G": "Not answered",
    "H": "Questions touching it",
}
