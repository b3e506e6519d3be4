"""The sheets a retention report workbook may have, in order, and the report sections each opens with."""

from __future__ import annotations

from fosterkit.plugins import Report

__all__ = [
    "ABOUT",
    "COMPARED",
    "CONVERSATIONS",
    "COST",
    "FIGURES",
    "LEAVERS",
    "PRIORITIES",
    "PROCESS",
    "SHEETS",
    "SHEET_SECTIONS",
    "THEMES",
    "TREND",
    "YOU_SAID",
    "sheet_intro",
]

ABOUT = "Start here"
FIGURES = "Figures"
LEAVERS = "Leavers"
THEMES = "Themes"
TREND = "Trend"
PRIORITIES = "Priorities"
COST = "Cost"
COMPARED = "Compared"
PROCESS = "Process"
YOU_SAID = "You said, we did"
CONVERSATIONS = "Conversations"
#: Every sheet a report may have, in order; a report holds those with something for its audience.
SHEETS = (
    ABOUT,
    FIGURES,
    LEAVERS,
    THEMES,
    TREND,
    COMPARED,
    PROCESS,
    YOU_SAID,
    CONVERSATIONS,
    PRIORITIES,
    COST,
)
#: The report sections (``report.sections``) whose introductions open each sheet.
SHEET_SECTIONS = {
    FIGURES: ("figures",),
    LEAVERS: ("summary", "leavers", "equality"),
    THEMES: ("main_themes", "any_themes", "theme_breakdowns"),
    TREND: ("trend",),
    COMPARED: ("comparison",),
    PROCESS: ("process",),
    YOU_SAID: ("you_said_we_did",),
    CONVERSATIONS: ("conversations",),
    PRIORITIES: ("priorities",),
    COST: ("cost",),
}


def sheet_intro(report: Report, sheet: str) -> str:
    """The introductions of the sections on ``sheet`` that the report holds, as one paragraph."""
    sections = [s for s in SHEET_SECTIONS.get(sheet, ()) if s in report.sections]
    return " ".join(text for text in (report.introduction(s) for s in sections) if text)
