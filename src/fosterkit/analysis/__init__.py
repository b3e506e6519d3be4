"""Learning from exit interviews: themes, preventability and priorities, with small numbers suppressed."""

from fosterkit.analysis.exit_insights import exit_insights
from fosterkit.analysis.insights import SUPPRESSED, ElementInsight, Insights, ReasonCount, ThemeCount, shown
from fosterkit.analysis.periods import Period, half_year, last_complete_half_year, reporting_year
from fosterkit.analysis.suppression import suppress, suppress_total

__all__ = [
    "SUPPRESSED",
    "ElementInsight",
    "Insights",
    "Period",
    "ReasonCount",
    "ThemeCount",
    "exit_insights",
    "half_year",
    "last_complete_half_year",
    "reporting_year",
    "shown",
    "suppress",
    "suppress_total",
]
