"""Who a retention report is for, and the sections each reader gets.

A report is written for one :class:`Audience`. What each audience gets is data
(:data:`SECTIONS`): a tuple of section names, in the order a reader meets them.

- **Management** gets everything: every table and figure, the priorities, the cost of turnover,
  the comparison with the previous period, the process figures, "you said, we did" and the
  conversations before notice.
- **The fostering panel** gets the summary and its figures, why carers leave (the themes of the
  main and of any reason, for all departures together, without the breakdowns whose cells are
  small), the comparison, the process figures, "you said, we did", the conversations and the
  priorities; not the cost, the breakdowns, the trend or the equality tables.
- **A carers' association** gets nothing about any one carer and nothing granular: the summary
  with its headline figures, the themes of the main reasons, the comparison, "you said, we did"
  with the summaries the service marked publishable, and how many carers who were considering
  leaving stayed. It does not get the priorities: each lists every reason behind it by name,
  even a reason one carer gave, so in a small service a named reason can point to the carer who
  gave it; and they are the service's working list, while what it decided to do is shown under
  "you said, we did".

Each table of a publication belongs to one section (:func:`section_of`); a table a later
fosterkit adds falls under ``leavers``, which only management gets, until it is placed. The
short introduction each section has for each audience is data too
(the template pack's ``report_management``, ``report_panel`` and ``report_carers_association``
tables, read by :func:`fosterkit.documents.report_wording`).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

from attrs import field, frozen

from fosterkit._util import validators as v
from fosterkit.errors import FieldError

__all__ = [
    "ALL_SECTIONS",
    "ANY_THEMES",
    "COMPARISON",
    "CONVERSATIONS",
    "COST",
    "EQUALITY",
    "FIGURES",
    "HEADLINE_FIGURES",
    "LEAVERS",
    "MAIN_THEMES",
    "PRIORITIES",
    "PROCESS",
    "SECTIONS",
    "SUMMARY",
    "THEME_BREAKDOWNS",
    "TREND",
    "YOU_SAID_WE_DID",
    "Audience",
    "AudienceWording",
    "section_of",
]


class Audience(enum.Enum):
    """Who a report is written for."""

    MANAGEMENT = "management"
    PANEL = "panel"
    CARERS_ASSOCIATION = "carers_association"

    @property
    def title(self) -> str:
        """The audience as a report names it: ``the fostering panel``."""
        return _TITLES[self]


_TITLES = {
    Audience.MANAGEMENT: "the service's managers",
    Audience.PANEL: "the fostering panel",
    Audience.CARERS_ASSOCIATION: "a foster carers' association",
}

SUMMARY = "summary"
"""The households and departures, with the headline figures (:data:`HEADLINE_FIGURES`)."""
FIGURES = "figures"
"""Every rate and share worked out from the counts shown."""
LEAVERS = "leavers"
"""Departures by route, initiator, destination, tenure, prevention, national category, approval kind."""
MAIN_THEMES = "main_themes"
"""Departures by the theme of the main reason, all departures together."""
ANY_THEMES = "any_themes"
"""Departures giving any reason under each theme, all departures together."""
THEME_BREAKDOWNS = "theme_breakdowns"
"""The themes broken down by service kind, route, tenure and the rest, and by where raised."""
TREND = "trend"
"""The themes period by period."""
EQUALITY = "equality"
"""The special-category tables of carers in leaving households."""
COMPARISON = "comparison"
"""This period beside the previous one of the same length."""
PROCESS = "process"
"""The exit-interview process: offers, take-up, how interviews were held, urgent escalations."""
YOU_SAID_WE_DID = "you_said_we_did"
"""Suggestions by theme and what became of them, with the service's publishable summaries."""
CONVERSATIONS = "conversations"
"""Conversations with carers considering leaving, and how many stayed."""
PRIORITIES = "priorities"
"""Key principles and recommendations ranked by the reasons they address."""
COST = "cost"
"""The estimated cost of turnover."""

#: Every section, in the order a report shows them.
ALL_SECTIONS = (
    SUMMARY,
    FIGURES,
    LEAVERS,
    MAIN_THEMES,
    ANY_THEMES,
    THEME_BREAKDOWNS,
    TREND,
    EQUALITY,
    COMPARISON,
    PROCESS,
    YOU_SAID_WE_DID,
    CONVERSATIONS,
    PRIORITIES,
    COST,
)

#: The sections each audience gets, in report order.
SECTIONS: Mapping[Audience, tuple[str, ...]] = {
    Audience.MANAGEMENT: ALL_SECTIONS,
    Audience.PANEL: (
        SUMMARY,
        FIGURES,
        MAIN_THEMES,
        ANY_THEMES,
        COMPARISON,
        PROCESS,
        YOU_SAID_WE_DID,
        CONVERSATIONS,
        PRIORITIES,
    ),
    Audience.CARERS_ASSOCIATION: (SUMMARY, MAIN_THEMES, COMPARISON, YOU_SAID_WE_DID, CONVERSATIONS),
}

#: The figures the summary shows to an audience that does not get every figure.
HEADLINE_FIGURES = (
    "net_change",
    "leaving_rate",
    "mainstream_leaving_rate",
    "national_mainstream_leaving_rate",
)

#: The tables each section is made of, by exact name; prefixes are in :data:`_PREFIXES`.
_NAMED = {
    "summary": SUMMARY,
    "main_theme": MAIN_THEMES,
    "any_theme": ANY_THEMES,
    "main_theme_trend": TREND,
    "any_theme_trend": TREND,
    "urgent_escalations": PROCESS,
    "you_said_we_did": YOU_SAID_WE_DID,
    "considering_leaving": CONVERSATIONS,
}
_PREFIXES = (
    ("main_theme_by_", THEME_BREAKDOWNS),
    ("any_theme_by_", THEME_BREAKDOWNS),
    ("carers_by_", EQUALITY),
    ("exit_interview_", PROCESS),
)


def section_of(table: str) -> str:
    """The section the table called ``table`` belongs to; ``leavers`` for one not placed here."""
    if table in _NAMED:
        return _NAMED[table]
    return next((section for prefix, section in _PREFIXES if table.startswith(prefix)), LEAVERS)


def _introductions(instance: object, attribute: object, value: Mapping[str, str]) -> None:
    for section, text in value.items():
        if section not in ALL_SECTIONS:
            raise FieldError(
                str(section), f"no section {section!r}; the sections are {', '.join(ALL_SECTIONS)}"
            )
        if not isinstance(text, str):
            raise FieldError(section, "an introduction is some text (empty for none)")


def _frozen_map(value: Mapping[str, str]) -> dict[str, str]:
    return dict(value)


@frozen(kw_only=True)
class AudienceWording:
    """How a report addresses one audience: who it is for, and an introduction to each section."""

    audience: Audience = field(validator=v.instance_of(Audience))
    purpose: str = field(validator=v.optional_text)
    """A sentence saying who the report is for and what it is for (empty for none)."""
    introductions: Mapping[str, str] = field(converter=_frozen_map, validator=_introductions)
    """By section name: a short introduction to that section, for this reader."""

    def introduction(self, section: str) -> str:
        """The introduction to ``section``, or ``""`` if it has none."""
        return self.introductions.get(section, "")
