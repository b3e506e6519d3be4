"""Learning from exit interviews: themes, priorities, cost of turnover and sharing, small counts hidden."""

from fosterkit.analysis.cost import (
    AGENCY_WEEKLY_2016_17,
    IN_HOUSE_WEEKLY_2016_17,
    CostAssumptions,
    CostEstimate,
    CostPart,
    cost_assumptions_from_dict,
    turnover_cost,
)
from fosterkit.analysis.exit_insights import exit_insights
from fosterkit.analysis.insights import SUPPRESSED, ElementInsight, Insights, ReasonCount, ThemeCount, shown
from fosterkit.analysis.periods import Period, half_year, last_complete_half_year, reporting_year
from fosterkit.analysis.rates import CountRow, RetentionRates, retention_rates
from fosterkit.analysis.sharing import (
    SharingError,
    SharingPolicy,
    pseudonymise,
    pseudonymise_all,
    shorten_postcode,
)
from fosterkit.analysis.suppression import suppress, suppress_total
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
    "SUPPRESSED",
    "Breakdown",
    "CostAssumptions",
    "CostEstimate",
    "CostPart",
    "CountRow",
    "ElementInsight",
    "Insights",
    "Period",
    "ReasonCount",
    "RetentionRates",
    "SharingError",
    "SharingPolicy",
    "ThemeColumn",
    "ThemeCount",
    "ThemeRow",
    "ThemeTable",
    "ThemeTrend",
    "cost_assumptions_from_dict",
    "exit_insights",
    "half_year",
    "last_complete_half_year",
    "pseudonymise",
    "pseudonymise_all",
    "reason_themes",
    "reporting_year",
    "retention_rates",
    "shorten_postcode",
    "shown",
    "suppress",
    "suppress_grid",
    "suppress_total",
    "theme_trend",
    "turnover_cost",
]
