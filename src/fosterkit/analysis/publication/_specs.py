"""The tables of a publication, as data: what each counts, its rows and columns, and which lines add up.

:data:`TABLES` lists every table in the order it is published. A table counts one population
(departures with notice in the period, or carers in leaving households) by its rows and, for
some, by columns. Most rows are fixed here; the rows of themes and of recorded ethnicities come
from the taxonomy and the records, and the columns of a breakdown or a trend from
:data:`BREAKDOWNS` and the periods (:mod:`fosterkit.analysis.publication._layout` works them
out). A table marked ``per`` is repeated, once for each breakdown chosen or each special
category asked for; neighbouring tables repeated for the same thing are repeated together, so
the main-reason and any-reason tables of one breakdown sit side by side.

Two tables serve issue 19's must-haves 4 and 6: ``any_theme_by_stage`` counts the themes by
where each reason was raised (stage 1, stage 2, or stated on the departure record only), and
``households_by_approval_kind`` splits the summary's households and departures between
mainstream households and connected persons.

The tables of :data:`PRACTICE_TABLES` (issue 22) show what the service did: how the exit
interviews were offered, taken up and held, whether urgent findings were escalated in time, what
became of carers' suggestions ("you said, we did") and how households considering leaving
decided. The process tables count departures and add up to counts shown elsewhere (those offered
are a row of the offer table, the departures its total), so they are suppressed with the rest.
"""

from __future__ import annotations

import enum

from attrs import field, frozen

from fosterkit.analysis._categories import (
    AGE_LABELS,
    PREVENTABLE_ROWS,
    STAGE_1,
    STAGE_2,
    STATED,
    TENURE_BANDS,
    UNKNOWN_TENURE,
    Breakdown,
    label,
)
from fosterkit.analysis.national import NATIONAL_CATEGORIES
from fosterkit.interviews.policy import DEFAULT_POLICY
from fosterkit.records import ApprovalKind, DestinationKind, LeavingRoute

__all__ = [
    "BREAKDOWNS",
    "KINDS",
    "MEASURES",
    "NOT_CODED",
    "PRACTICE_TABLES",
    "RESPONSE_COLUMNS",
    "SAID_AT",
    "SPECIAL_CATEGORIES",
    "SPECIAL_CATEGORY_TABLES",
    "TABLES",
    "UNKNOWN_KIND",
    "WHERE_RAISED",
    "BreakdownColumns",
    "Columns",
    "Measure",
    "Per",
    "Rows",
    "SpecialCategory",
    "TableSpec",
]

#: Rows as ``(code, label)``.
Lines = tuple[tuple[str, str], ...]


class Rows(enum.Enum):
    """Rows that are not fixed in the specification."""

    MEASURES = "measures"
    """The rows of :data:`MEASURES`, each a count of its own; no total row."""
    THEMES = "themes"
    """Every live theme of the taxonomy, then any other theme given, then those not in the taxonomy."""
    THEMES_OR_NONE = "themes_or_none"
    """Those of ``THEMES``, then departures with no reason recorded."""
    SPECIAL = "special"
    """The values of the table's special category (:attr:`SpecialCategory.rows`)."""
    APPROVAL_KINDS = "approval_kinds"
    """The approval kinds (:data:`KINDS`), then departures whose household is not known, if any."""
    SUGGESTION_THEMES = "suggestion_themes"
    """Every live theme of the taxonomy, any other theme used, then :data:`NOT_CODED`."""


class Columns(enum.Enum):
    """The columns of a table."""

    COUNT = "count"
    """One column, ``count``; no total column."""
    BREAKDOWN = "breakdown"
    """The columns of the breakdown (:data:`BREAKDOWNS`), ``unknown`` if used, then ``total``."""
    PERIODS = "periods"
    """The periods of the trend, earliest first; no total, which would change with every release."""
    STAGES = "stages"
    """Where a reason was raised (:data:`WHERE_RAISED`); no total, as a departure may fall in several."""
    MEASURES = "measures"
    """One column for each measure of :data:`MEASURES`, each a count of its own; no total column."""
    YES_NO = "yes_no"
    """Yes, no and the total: each row a question of its own (its code the dimension), whose yes
    and no add up to the units the table counts, the same total in every row."""
    RESPONSES = "responses"
    """What became of a suggestion (:data:`RESPONSE_COLUMNS`), then ``total``."""


class Per(enum.Enum):
    """What a table is repeated for."""

    PUBLICATION = "publication"
    """Once."""
    BREAKDOWN = "breakdown"
    """Once per breakdown chosen: ``{dimension}`` and ``{heading}`` (in lower case) are filled in."""
    SPECIAL_CATEGORY = "special_category"
    """Once per special category asked for: ``{category}`` (its name), ``{category_words}`` and
    ``{category_label}`` are filled in."""


@frozen(kw_only=True)
class TableSpec:
    """A table of the publication before anything is counted."""

    name: str
    title: str
    unit: str
    """What the table counts, in words for a reader: ``departures``, ``carers``, ..."""
    row_dimension: str
    """What the rows are; a count's key holds ``(row_dimension, row code)``."""
    row_heading: str
    rows: Lines | Rows
    columns: Columns = Columns.COUNT
    population: str = "departures"
    """The units counted: ``departures``, ``carers`` or ``households``."""
    conditions: tuple[tuple[str, str], ...] = ()
    """What every unit counted meets, besides falling in the period."""
    rows_add_up: bool = True
    """Each unit falls in one row only, so the rows add up to the total row."""
    columns_add_up: bool = False
    """Each unit falls in one column only, so the columns add up to the total column."""
    total_row: bool = True
    """It ends with a total row (the units in each column, whatever their row)."""
    per: Per = Per.PUBLICATION
    special_category: bool = False
    """It counts special-category data, and is published only when asked for and enough carers have it."""
    notes: tuple[str, ...] = field(default=())
    period_dimension: str = "period"
    """The condition that places a unit in the period: ``period`` for units that fall in one period
    only (a departure by its notice date), so a year's count is its halves' added up; another name
    for units that may fall in several (a household talked to in both halves of a year)."""


@frozen
class Measure:
    """A row of the summary table: a count of ``population`` under ``(dimension, the period)``.

    ``heading`` is its short name, for a column of the table by approval kind.
    """

    code: str
    label: str
    population: str
    dimension: str
    heading: str


@frozen
class BreakdownColumns:
    """The columns a breakdown gives a theme table: ``dimension`` names them in the counts' keys."""

    by: Breakdown
    dimension: str
    heading: str
    overlapping: bool = False
    """A departure may fall in several columns, so the columns do not add up."""
    notes: tuple[str, ...] = ()


@frozen
class SpecialCategory:
    """A special category of carers' equality data that may be published."""

    name: str
    rows: Lines | None
    """Its rows; ``None`` for the values recorded, in alphabetical order."""


#: The rows of the summary table.
MEASURES: tuple[Measure, ...] = (
    Measure(
        "households_at_start",
        "Approved households at the start of the period (all: mainstream and connected persons)",
        "households",
        "at_start",
        "Households at the start",
    ),
    Measure(
        "approvals",
        "Households approved in the period (all: mainstream and connected persons)",
        "households",
        "approved_in",
        "Households approved",
    ),
    Measure(
        "departures",
        "Departures (notice given in the period; all: mainstream and connected persons)",
        "departures",
        "period",
        "Departures",
    ),
)

#: The rows of the table by approval kind: each kind's code and a label saying which households
#: it covers; departures without a household record add :data:`UNKNOWN_KIND`.
KINDS: tuple[tuple[str, str], ...] = (
    (ApprovalKind.MAINSTREAM.value, "Mainstream households"),
    (ApprovalKind.CONNECTED_PERSON.value, "Connected persons (family and friends)"),
)
#: The row of departures whose household record is missing (they have no household counts).
UNKNOWN_KIND = ("unknown", "Household not known (departures only)")

#: The dimension of where a reason was raised, in the counts' keys.
SAID_AT = "said_at"

#: The columns of the table of themes by where a reason was raised: ``(code, label)``, the codes
#: those of :data:`~fosterkit.analysis._categories.STAGE_COLUMNS`.
WHERE_RAISED: tuple[tuple[str, str], ...] = (
    (STAGE_1[0], "At the stage 1 interview"),
    (STAGE_2[0], "At the stage 2 interview"),
    (STATED[0], "Only on the departure record"),
)

#: The breakdowns of the theme tables, in the order they are published by default.
BREAKDOWNS: tuple[BreakdownColumns, ...] = (
    BreakdownColumns(Breakdown.SERVICE_KIND, "service_kind", "Service kind"),
    BreakdownColumns(Breakdown.ROUTE, "route", "Leaving route"),
    BreakdownColumns(Breakdown.TENURE_BAND, "tenure", "Tenure band"),
    BreakdownColumns(
        Breakdown.PLACEMENT_TYPE,
        "placement_type",
        "Placement type",
        overlapping=True,
        notes=("A household approved for several types of fostering counts under each.",),
    ),
    BreakdownColumns(Breakdown.CARING, "caring", "Caring"),
    BreakdownColumns(
        Breakdown.APPROVAL_KIND,
        "approval_kind",
        "Approval kind",
        notes=(
            "Mainstream households and connected persons (family and friends) are counted apart; "
            "national mainstream figures compare only with the mainstream column.",
        ),
    ),
)

#: The row of suggestions nobody has coded under a theme: (code, label).
NOT_CODED = ("not_coded", "Not coded")

#: The columns of "you said, we did": what became of a suggestion, by the service's latest response.
RESPONSE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("will_change", "Will change"),
    ("already_changed", "Changed"),
    ("under_review", "Under review"),
    ("cannot_change", "Cannot change"),
    ("no_response", "No response yet"),
)

_ON_TIME_NOTE = (
    f"In time: stage 1 held within {DEFAULT_POLICY.stage_one_within_days} days of notice, and an urgent "
    f"finding escalated (an owner and a date to act by) within {DEFAULT_POLICY.escalate_within_days} "
    "days of its interview. These are fosterkit's default time limits, not the service's own."
)

#: The tables of the practice around leaving (issue 22), in the order published.
_PRACTICE: tuple[TableSpec, ...] = (
    TableSpec(
        name="exit_interview_offer",
        title="Departures offered an exit interview",
        unit="departures",
        row_dimension="exit_offer",
        row_heading="Exit interview",
        rows=(
            ("yes", "Offered"),
            ("no", "Not offered (an exit process is recorded)"),
            ("no_process", "No exit process recorded: not offered"),
        ),
        notes=(
            "Every leaver should be offered an exit interview; the total is every departure. A departure "
            "with no exit process recorded counts as not offered, even where an interview record exists "
            "on its own.",
        ),
    ),
    TableSpec(
        name="exit_interview_take_up",
        title="Departures offered an exit interview, by the interviews held",
        unit="departures",
        row_dimension="exit_take_up",
        row_heading="Interviews held",
        rows=(
            ("both_stages", "Stage 1 and stage 2 held"),
            ("stage_1_only", "Stage 1 held, stage 2 not (yet)"),
            ("declined", "Declined: no interview held"),
            ("not_held", "Not (yet) held"),
        ),
        conditions=(("exit_offer", "yes"),),
        notes=("The total is the departures offered an exit interview.",),
    ),
    TableSpec(
        name="exit_interview_conduct",
        title="Departures that held exit stage 1: how the interviews were held",
        unit="departures",
        row_dimension="conduct",
        row_heading="Question",
        rows=(
            ("independent", "Interviewer independent of the supervising social worker at every interview"),
            ("stage_1_on_time", "Stage 1 held on time"),
            ("feedback_given", "Feedback sent to the carer after every interview"),
        ),
        columns=Columns.YES_NO,
        conditions=(("exit_stage_1", "held"),),
        rows_add_up=False,
        columns_add_up=True,
        total_row=False,
        notes=(
            "Each row counts every departure that held exit stage 1 once, as yes or no. Independent: "
            "neither the carer's supervising social worker nor one of that worker's managers.",
            _ON_TIME_NOTE,
        ),
    ),
    TableSpec(
        name="urgent_escalations",
        title="Departures with an urgent finding, by whether every urgent finding was escalated in time",
        unit="departures",
        row_dimension="escalated_in_time",
        row_heading="Escalated in time",
        rows=(("yes", "Every urgent finding escalated in time"), ("no", "Not every one")),
        conditions=(("urgent_finding", "yes"),),
        notes=(_ON_TIME_NOTE,),
    ),
    TableSpec(
        name="you_said_we_did",
        title="You said, we did: carers' suggestions by theme and what became of them",
        unit="suggestions",
        population="suggestions",
        row_dimension="suggestion_theme",
        row_heading="Theme of the suggestion",
        rows=Rows.SUGGESTION_THEMES,
        columns=Columns.RESPONSES,
        columns_add_up=True,
        notes=(
            "Counts suggestions, not carers: one carer may make several. Only suggestions from exit "
            "interviews whose carer consented to anonymised use are counted, in the period of the "
            "departure's notice; what became of each is the service's latest response to it.",
        ),
    ),
    TableSpec(
        name="considering_leaving",
        title="Households with a considering-leaving conversation in the period, by how it ended",
        unit="households",
        population="households",
        period_dimension="considered_in",
        row_dimension="conversation_outcome",
        row_heading="Latest outcome in the period",
        rows=(("stayed", "Stayed"), ("left", "Left"), ("undecided", "Undecided")),
        notes=(
            "Conversations held before any notice was given; each household counts once, by its "
            "latest conversation in the period. A household talked to in two periods counts in both, "
            "so a year's count is not its halves' added up.",
        ),
    ),
)

#: The names of the tables of the practice around leaving, in the order published.
PRACTICE_TABLES: tuple[str, ...] = tuple(spec.name for spec in _PRACTICE)

#: The special categories, in the order their tables are published.
SPECIAL_CATEGORIES: tuple[SpecialCategory, ...] = (
    SpecialCategory("age_band", tuple((band.value, name) for band, name in AGE_LABELS.items())),
    SpecialCategory("disability", (("yes", "Disabled"), ("no", "Not disabled"))),
    SpecialCategory("ethnicity", None),
)

#: The special-category tables a caller may ask for by name; ``age_band`` is in by default.
SPECIAL_CATEGORY_TABLES = tuple(category.name for category in SPECIAL_CATEGORIES)

#: Every table, in the order published.
TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        name="summary",
        title="Households and departures",
        unit="households and departures",
        row_dimension="measure",
        row_heading="Measure",
        rows=Rows.MEASURES,
        rows_add_up=False,
    ),
    TableSpec(
        name="route",
        title="Departures by leaving route",
        unit="departures",
        row_dimension="route",
        row_heading="Leaving route",
        rows=tuple((route.value, label(route.value)) for route in LeavingRoute),
    ),
    TableSpec(
        name="initiated",
        title="Departures the carer chose and departures ended by the service",
        unit="departures",
        row_dimension="initiated",
        row_heading="Who ended the approval",
        rows=(("voluntary", "The carer (resignation, retirement, transfer)"), ("service", "The service")),
    ),
    TableSpec(
        name="destination",
        title="Transfers to other fostering services, by kind of service",
        unit="departures",
        row_dimension="destination",
        row_heading="Kind of service",
        rows=tuple(
            (kind.value, "Not known" if kind is DestinationKind.UNKNOWN else label(kind.value))
            for kind in DestinationKind
        ),
        conditions=(("route", LeavingRoute.TRANSFER.value),),
    ),
    TableSpec(
        name="tenure",
        title="Departures by years from approval to leaving",
        unit="departures",
        row_dimension="tenure",
        row_heading="Tenure",
        rows=(*((code, name) for code, name, _years in TENURE_BANDS), UNKNOWN_TENURE),
        notes=("Under 1 year is early attrition: leaving within 12 months of approval.",),
    ),
    TableSpec(
        name="preventable",
        title="Departures by whether the leaver said leaving could have been prevented",
        unit="departures",
        row_dimension="preventable",
        row_heading="Could it have been prevented?",
        rows=PREVENTABLE_ROWS,
    ),
    TableSpec(
        name="national_category",
        title="Departures by national category",
        unit="departures",
        row_dimension="national_category",
        row_heading="National category",
        rows=NATIONAL_CATEGORIES,
        notes=(
            "The leaving route decides the category where it can (a transfer, a retirement, each kind "
            "of termination); for a resignation the main reason's category decides, never transfer or "
            "approval terminated. The national list is a working list, not yet confirmed against the "
            "official return.",
        ),
    ),
    TableSpec(
        name="households_by_approval_kind",
        title="Households and departures by approval kind: mainstream and connected persons apart",
        unit="households and departures",
        row_dimension="approval_kind",
        row_heading="Approval kind",
        rows=Rows.APPROVAL_KINDS,
        columns=Columns.MEASURES,
        notes=(
            "Connected persons are family and friends approved to foster a particular child. Each "
            "column adds up to the all-households figure of the summary table.",
            "National fostering figures are for mainstream households: only the mainstream row "
            "compares with them.",
        ),
    ),
    TableSpec(
        name="main_theme_by_{dimension}",
        title="Departures by theme of the main reason and {heading}",
        unit="departures",
        row_dimension="main_theme",
        row_heading="Theme of the main reason",
        rows=Rows.THEMES_OR_NONE,
        columns=Columns.BREAKDOWN,
        columns_add_up=True,
        per=Per.BREAKDOWN,
    ),
    TableSpec(
        name="any_theme_by_{dimension}",
        title="Departures giving any reason under each theme, by {heading}",
        unit="departures",
        row_dimension="any_theme",
        row_heading="Theme of any reason given",
        rows=Rows.THEMES,
        columns=Columns.BREAKDOWN,
        rows_add_up=False,
        columns_add_up=True,
        per=Per.BREAKDOWN,
        notes=("A departure counts once in each theme it gave a reason under, so rows overlap.",),
    ),
    TableSpec(
        name="any_theme_by_stage",
        title="Departures giving any reason under each theme, by where the reason was raised",
        unit="departures",
        row_dimension="any_theme",
        row_heading="Theme of any reason given",
        rows=Rows.THEMES,
        columns=Columns.STAGES,
        rows_add_up=False,
        total_row=False,
        notes=(
            "A departure counts once under each theme and place it gave a reason there. A reason "
            "raised at both interview stages counts in both columns, so neither the rows nor the "
            "columns add up to a total, and none is given.",
            "Only on the departure record: the reasons recorded when the household left, counted only "
            "where no interview the carer agreed to share gave a reason.",
        ),
    ),
    TableSpec(
        name="main_theme_trend",
        title="Departures by theme of the main reason, period by period",
        unit="departures",
        row_dimension="main_theme",
        row_heading="Theme",
        rows=Rows.THEMES_OR_NONE,
        columns=Columns.PERIODS,
    ),
    TableSpec(
        name="any_theme_trend",
        title="Departures giving any reason under each theme, period by period",
        unit="departures",
        row_dimension="any_theme",
        row_heading="Theme",
        rows=Rows.THEMES,
        columns=Columns.PERIODS,
        rows_add_up=False,
    ),
    TableSpec(
        name="carers_by_{category}",
        title="Carers in leaving households by {category_words}",
        unit="carers",
        population="carers",
        row_dimension="{category}",
        row_heading="{category_label}",
        conditions=(("has_{category}", "yes"),),
        rows=Rows.SPECIAL,
        per=Per.SPECIAL_CATEGORY,
        special_category=True,
        notes=("Special-category data: only carers with it recorded are counted.",),
    ),
    *_PRACTICE,
)
