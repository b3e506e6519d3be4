"""The categories every table of the analysis counts by, named the same way everywhere.

Themes, rates, exit insights and the publication draw their rows and columns from here: the
tenure bands, the answers to "could it have been prevented?", carers' age bands, the breakdowns
of a theme table, the rows of themes (or reasons) at a level of the taxonomy, and the rows and
columns for what is not known. Nothing here reads a record; :mod:`fosterkit.analysis._summaries`
says which category a household or departure falls in.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Callable, Iterable

from fosterkit.errors import UnknownCodeError
from fosterkit.interviews.record import Answer
from fosterkit.reasons import Taxonomy
from fosterkit.records import AgeBand, ApprovalKind, LeavingRoute, PlacementType, ServiceKind

__all__ = [
    "AGE_LABELS",
    "APPROVAL_KIND_LABELS",
    "POSITIVE_THEME",
    "PREVENTABLE_ROWS",
    "STAGE_1",
    "STAGE_2",
    "STAGE_COLUMNS",
    "STATED",
    "TENURE_BANDS",
    "UNKNOWN_COLUMN",
    "UNKNOWN_TENURE",
    "UNKNOWN_THEME",
    "Breakdown",
    "answer_row",
    "breakdown_columns",
    "classifier",
    "label",
    "row_codes",
    "tenure_band",
    "theme_rows",
]

#: The theme row for reason codes the taxonomy does not know: (code, label).
UNKNOWN_THEME = ("unknown", "Not in the taxonomy")

#: The column for departures whose household record is missing: (code, label).
UNKNOWN_COLUMN = ("unknown", "Not known")

#: The tenure row for departures whose tenure cannot be judged: (code, label).
UNKNOWN_TENURE = ("unknown", "Not known")

#: Where a reason came from: the stage 1 interview, the stage 2 interview, or the departure record
#: itself (used only when no consenting interview gave a reason); each ``(code, label)``.
STAGE_1 = ("stage_1", "Stage 1 interview")
STAGE_2 = ("stage_2", "Stage 2 interview")
STATED = ("stated", "Stated on the departure")

#: The columns of a theme table by stage, in order.
STAGE_COLUMNS = (STAGE_1, STAGE_2, STATED)

#: The labels of the approval kinds, saying which figure is which.
APPROVAL_KIND_LABELS: dict[ApprovalKind, str] = {
    ApprovalKind.MAINSTREAM: "Mainstream",
    ApprovalKind.CONNECTED_PERSON: "Connected persons (family and friends)",
}

#: The taxonomy theme whose reasons are positive endings.
POSITIVE_THEME = "positive"

#: Tenure bands as ``(code, label, upper bound in whole years or None)``, then the unknown row.
TENURE_BANDS: tuple[tuple[str, str, int | None], ...] = (
    ("under_1", "Under 1 year", 1),
    ("1_to_2", "1 to 2 years", 2),
    ("2_to_5", "2 to 5 years", 5),
    ("5_to_10", "5 to 10 years", 10),
    ("10_plus", "10 years or more", None),
)

#: The rows of the preventable table: ``(code, label)``.
PREVENTABLE_ROWS: tuple[tuple[str, str], ...] = (
    ("yes", "Yes"),
    ("no", "No"),
    ("not_sure", "Not sure"),
    ("not_asked", "Not asked or not answered"),
)

#: Labels of the age bands, in order.
AGE_LABELS: dict[AgeBand, str] = {
    AgeBand.UNDER_25: "Under 25",
    AgeBand.FROM_25_TO_34: "25 to 34",
    AgeBand.FROM_35_TO_44: "35 to 44",
    AgeBand.FROM_45_TO_54: "45 to 54",
    AgeBand.FROM_55_TO_64: "55 to 64",
    AgeBand.FROM_65: "65 and over",
}

_ANSWER_ROW = {Answer.YES: "yes", Answer.NO: "no", Answer.NOT_SURE: "not_sure"}


class Breakdown(enum.Enum):
    """What the columns of a theme table are."""

    NONE = "none"
    """A single column, ``all``."""
    SERVICE_KIND = "service_kind"
    """The kind of the household's service."""
    ROUTE = "route"
    """How the household left."""
    TENURE_BAND = "tenure_band"
    """Years from approval to leaving, in the bands of :data:`fosterkit.analysis.rates.TENURE_BANDS`."""
    PLACEMENT_TYPE = "placement_type"
    """Each type of fostering the household is approved for (a household may fall in several)."""
    CARING = "caring"
    """Whether a child lives with the household, as its record says now."""
    APPROVAL_KIND = "approval_kind"
    """Mainstream fostering or approval as a connected person (family and friends)."""


def label(value: str) -> str:
    """A code as a label: ``termination_other`` becomes ``Termination other``."""
    return value.replace("_", " ").capitalize()


def answer_row(answer: Answer | None) -> str:
    """The row of the preventable table an answer falls in; no answer is ``not_asked``."""
    return "not_asked" if answer is None else _ANSWER_ROW[answer]


def _anniversary(day: datetime.date, years: int) -> datetime.date:
    """``day`` moved on ``years`` years; 29 February falls back to the 28th in other years."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def tenure_band(approved_on: datetime.date, left_on: datetime.date) -> str:
    """The code of the tenure band for a household approved on ``approved_on`` that left on ``left_on``.

    Whole years count from the anniversary of approval; ``left_on`` is not before ``approved_on``.
    """
    for code, _label, years in TENURE_BANDS:
        if years is None or left_on < _anniversary(approved_on, years):
            return code
    raise AssertionError("unreachable: the last band is open")  # pragma: no cover


def breakdown_columns(by: Breakdown) -> list[tuple[str, str]]:
    """The columns always shown for ``by``, before any ``unknown``."""
    if by is Breakdown.NONE:
        return [("all", "All leavers")]
    if by is Breakdown.SERVICE_KIND:
        return [(kind.value, label(kind.value)) for kind in ServiceKind]
    if by is Breakdown.ROUTE:
        return [(route.value, label(route.value)) for route in LeavingRoute]
    if by is Breakdown.TENURE_BAND:
        return [(code, name) for code, name, _years in TENURE_BANDS]
    if by is Breakdown.PLACEMENT_TYPE:
        return [(kind.value, label(kind.value)) for kind in PlacementType]
    if by is Breakdown.APPROVAL_KIND:
        return [(kind.value, name) for kind, name in APPROVAL_KIND_LABELS.items()]
    return [("caring", "Caring"), ("not_caring", "Not caring")]


def classifier(taxonomy: Taxonomy, level: int | None = None) -> Callable[[str], str | None]:
    """A lookup from a reason code (or alias) as given to today's code, or its row at ``level``.

    Codes are brought up to date with :meth:`~fosterkit.reasons.Taxonomy.migrate`; with a
    ``level`` the code is then taken up to that level (1 for its theme). A code the taxonomy
    does not know gives ``None``. Each code is looked up once.
    """
    found: dict[str, str | None] = {}

    def lookup(given: str) -> str | None:
        if given not in found:
            try:
                code = taxonomy.migrate(given)
                found[given] = code if level is None else taxonomy.at_level(code, level)
            except UnknownCodeError:
                found[given] = None
        return found[given]

    return lookup


def row_codes(taxonomy: Taxonomy, level: int) -> list[str]:
    """The rows always shown at ``level``: each live reason there, in the taxonomy's order.

    A live reason shallower than ``level`` with no live children stands for itself.
    """
    rows: dict[str, None] = {}
    for reason in taxonomy.walk():
        if not reason.is_live:
            continue
        deep_enough = reason.code.count(".") + 1 >= level
        if deep_enough or not any(c.is_live for c in taxonomy.children(reason.code)):
            rows[taxonomy.at_level(reason.code, level)] = None
    return list(rows)


def theme_rows(taxonomy: Taxonomy, level: int, used: Iterable[str]) -> list[tuple[str, str]]:
    """The rows of a table of themes (or reasons at ``level``) as ``(code, label)``.

    Those of :func:`row_codes`, then any other row ``used`` (a retired code's theme, say) in the
    taxonomy's order, then :data:`UNKNOWN_THEME` if it is used.
    """
    used = set(used)
    shown = row_codes(taxonomy, level)
    extra = used - set(shown) - {UNKNOWN_THEME[0]}
    shown += [r.code for r in taxonomy.walk() if r.code in extra]
    rows = [(code, taxonomy.get(code).label) for code in shown]
    return rows + ([UNKNOWN_THEME] if UNKNOWN_THEME[0] in used else [])
