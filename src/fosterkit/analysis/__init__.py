"""Learning from exit interviews: themes, priorities, cost of turnover and sharing, small counts hidden."""

from fosterkit.analysis._summaries import Summaries, summarise
from fosterkit.analysis.approval_kinds import ApprovalKindRates, NationalComparison
from fosterkit.analysis.cost import (
    AGENCY_WEEKLY_2016_17,
    IN_HOUSE_WEEKLY_2016_17,
    CostAssumptions,
    CostEstimate,
    CostPart,
    cost_assumptions_from_dict,
    turnover_cost,
)
from fosterkit.analysis.exit_insights import exit_insights, exit_insights_with_log
from fosterkit.analysis.insights import (
    SUPPRESSED,
    ElementInsight,
    Insights,
    ReasonCount,
    StageCount,
    Suppressed,
    ThemeCount,
    shown,
)
from fosterkit.analysis.national import NATIONAL_CATEGORIES, NationalRule, national_category
from fosterkit.analysis.periods import Period, half_year, last_complete_half_year, reporting_year
from fosterkit.analysis.publication import (
    SPECIAL_CATEGORY_TABLES,
    CellRef,
    Figure,
    Publication,
    PublishedTable,
    Relation,
    TableLine,
    Withheld,
    publish_tables,
)
from fosterkit.analysis.rates import CountRow, RetentionRates, retention_rates
from fosterkit.analysis.report import Priority, Report, build_report
from fosterkit.analysis.sharing import (
    SharingError,
    SharingPolicy,
    pseudonymise,
    pseudonymise_all,
    shorten_postcode,
)
from fosterkit.analysis.suppression import protect, suppress, suppress_total
from fosterkit.analysis.themes import (
    Breakdown,
    ThemeColumn,
    ThemeRow,
    ThemeTable,
    ThemeTrend,
    reason_themes,
    suppress_grid,
    theme_trend,
)

__all__ = [
    "AGENCY_WEEKLY_2016_17",
    "IN_HOUSE_WEEKLY_2016_17",
    "NATIONAL_CATEGORIES",
    "SPECIAL_CATEGORY_TABLES",
    "SUPPRESSED",
    "ApprovalKindRates",
    "Breakdown",
    "CellRef",
    "CostAssumptions",
    "CostEstimate",
    "CostPart",
    "CountRow",
    "ElementInsight",
    "Figure",
    "Insights",
    "NationalComparison",
    "NationalRule",
    "Period",
    "Priority",
    "Publication",
    "PublishedTable",
    "ReasonCount",
    "Relation",
    "Report",
    "RetentionRates",
    "SharingError",
    "SharingPolicy",
    "StageCount",
    "Summaries",
    "Suppressed",
    "TableLine",
    "ThemeColumn",
    "ThemeCount",
    "ThemeRow",
    "ThemeTable",
    "ThemeTrend",
    "Withheld",
    "build_report",
    "cost_assumptions_from_dict",
    "exit_insights",
    "exit_insights_with_log",
    "half_year",
    "last_complete_half_year",
    "national_category",
    "protect",
    "pseudonymise",
    "pseudonymise_all",
    "publish_tables",
    "reason_themes",
    "reporting_year",
    "retention_rates",
    "shorten_postcode",
    "shown",
    "summarise",
    "suppress",
    "suppress_grid",
    "suppress_total",
    "theme_trend",
    "turnover_cost",
]
