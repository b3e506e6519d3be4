"""Where the support offer and its gaps sit in the audit workbook. The writer and reader follow this.

The *Support offer* sheet lists the service's programmes, the *Offer figures* sheet their
figures per period; on both, row 1 is a guide line and the header is on :data:`HEADER_ROW`,
with data below it. The *Gaps* sheet is derived, locked and never read back.
"""

from __future__ import annotations

import enum
from typing import Final, TypeVar

__all__ = [
    "CARERS_CELL",
    "FIGURE_COLUMNS",
    "FIGURE_ROWS",
    "GAPS",
    "HEADER_ROW",
    "OFFER",
    "OFFER_FIGURES",
    "OFFER_QUESTIONS",
    "PROGRAMME_COLUMNS",
    "PROGRAMME_ROWS",
    "choice_of",
    "split_list",
]

OFFER: Final = "Support offer"
OFFER_FIGURES: Final = "Offer figures"
GAPS: Final = "Gaps"

#: The header row of the Support offer and Offer figures sheets; data starts on the next row.
HEADER_ROW: Final = 3
#: The cell holding the number of approved fostering households (the base of reach); its label is in A2.
CARERS_CELL: Final = "C2"

#: Blank rows made ready below the programmes and figures carried from last cycle.
PROGRAMME_ROWS: Final = 20
FIGURE_ROWS: Final = 40

#: Support offer sheet: one programme a row, all filled in by people.
PROGRAMME_COLUMNS: Final = {
    "A": "Programme id",
    "B": "Name",
    "C": "Provider",
    "D": "Kind",
    "E": "Recommendations",
    "F": "Key principles",
    "G": "Delivery",
    "H": "For whom",
    "I": "Places per year",
}

#: Offer figures sheet: one programme and period a row (a further row for the same programme and
#: period with no counts adds another outcome measure, or another group of attendees, to it).
FIGURE_COLUMNS: Final = {
    "A": "Programme id",
    "B": "Period",
    "C": "Referred",
    "D": "Started",
    "E": "Completed",
    "F": "Sessions offered",
    "G": "Sessions attended",
    "H": "Acceptability",
    "I": "Acceptability scale",
    "J": "Outcome area",
    "K": "Outcome measure",
    "L": "Outcome scale",
    "M": "Before",
    "N": "After",
    "O": "Group of carers",
    "P": "Attendees in the group",
    "Q": "Carers in the group",
}

#: Assess questions about mapping the support offered, its take-up and who uses it: their
#: question cells link to the Support offer sheet (where the catalogue has them).
OFFER_QUESTIONS: Final = ("AS-KNOW-08", "AS-DATA-02", "AS-TRAIN-01", "AS-TRAIN-02", "AS-EDIE-02")

E = TypeVar("E", bound=enum.Enum)


def _folded(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def choice_of(kind: type[E], text: str) -> E | None:
    """The member of ``kind`` whose label or value ``text`` is (ignoring case, spaces and dashes)."""
    wanted = _folded(text)
    for member in kind:
        label = str(getattr(member, "label", member.value))
        if wanted in (_folded(label), _folded(str(member.value))):
            return member
    return None


def split_list(text: str) -> list[str]:
    """The items of a cell listing several, separated by commas or semicolons."""
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]
