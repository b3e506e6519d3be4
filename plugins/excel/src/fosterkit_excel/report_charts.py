"""The charts of the retention report and of the audit workbook's insights sheet.

Each chart plots a small block of chart data written under it, not a table: a spreadsheet draws
text in a chart's values (such as ``[c]``) as zero. In the chart data a suppressed count is a
blank cell, and the chart shows blanks as gaps, so no bar or point is drawn for it; a note under
the chart says so. Lines are straight with a marker on each real point (a smoothed line bulges
past the counts it joins), bars run largest first with suppressed counts and zeros last, each
bar carries its number (so a zero is told from a gap), and no value axis goes below zero.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Final

from attrs import frozen
from openpyxl.chart import BarChart, LineChart, Reference  # type: ignore[import-untyped, unused-ignore]
from openpyxl.chart.data_source import AxDataSource, StrRef  # type: ignore[import-untyped, unused-ignore]
from openpyxl.chart.label import DataLabelList  # type: ignore[import-untyped, unused-ignore]
from openpyxl.chart.series import SeriesLabel  # type: ignore[import-untyped, unused-ignore]
from openpyxl.chart.text import RichText  # type: ignore[import-untyped, unused-ignore]
from openpyxl.drawing.text import (  # type: ignore[import-untyped, unused-ignore]
    CharacterProperties,
    Paragraph,
    ParagraphProperties,
)
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped, unused-ignore]

from fosterkit.plugins import SUPPRESSED
from fosterkit_excel.audit_styles import header_row, heading, put_text
from fosterkit_excel.report_tables import COUNT_FORMAT, RIGHT_TOP, RIGHT_TOP_WRAP, wide_note

__all__ = [
    "BAR_NOTE",
    "LINE_NOTE",
    "THEME_CHART_TITLE",
    "TREND_CHART_TITLE",
    "VALUES_AXIS",
    "Placed",
    "bar_chart",
    "bar_order",
    "line_chart",
    "period_name",
]

THEME_CHART_TITLE: Final = "Departures by theme of the main reason"
TREND_CHART_TITLE: Final = "Departures by period"
VALUES_AXIS: Final = "Departures"
#: Under a bar chart with a suppressed count.
BAR_NOTE: Final = (
    f"A theme with no bar and no number has its count suppressed ({SUPPRESSED} in the tables): small "
    "enough to identify someone, or held back so that such a count cannot be worked out from the "
    "others. Its cell in the chart data is left blank."
)
#: Under a line chart with a suppressed count.
LINE_NOTE: Final = (
    f"Where the line has a gap, that period's count is suppressed ({SUPPRESSED} in the tables): small "
    "enough to identify someone, or held back so that such a count cannot be worked out from the "
    "others. Its cell in the chart data is left blank."
)

#: What a chart plots: a label and its count (``SUPPRESSED`` where the count is suppressed), in order.
#: (Counts are ``int | Suppressed``; the plugin API names only the marker, so they are typed ``object``.)
Points = Sequence[tuple[str, object]]

#: The height, in points, of a row at the default height.
_ROW_POINTS = 15.0
_CM_POINTS = 72 / 2.54
#: The size, in points, of the text on a chart's axes and labels (9 pt or more once printed small).
_TEXT_POINTS = 11
_LINE_HEIGHT_CM = 9.0
_CHART_WIDTH_CM = 20.0


@frozen
class Placed:
    """Where a chart went: its first row, the last row of it and its note, and the next free row."""

    first: int
    last: int
    next_row: int


def bar_order(points: Points) -> list[tuple[str, object]]:
    """``points`` largest count first; then suppressed counts, then zeros, each in their order."""
    shown = [p for p in points if p[1] is not SUPPRESSED and p[1] != 0]
    shown.sort(key=lambda point: -int(str(point[1])))
    return [*shown, *(p for p in points if p[1] is SUPPRESSED), *(p for p in points if p[1] == 0)]


def period_name(label: str) -> str:
    """A period's label without its dates: ``2026-27 H1 (1 Apr 2026 to 30 Sep 2026)`` gives ``2026-27 H1``."""
    return label.partition(" (")[0] or label


def _text_size(points: int, *, bold: bool = False) -> RichText:
    size = CharacterProperties(sz=points * 100, b=bold)
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=size), endParaRPr=size)])


def _step(points: Points) -> float:
    """A round step between the value axis's marks: about six marks, never less than one."""
    top = max((int(str(count)) for _label, count in points if count is not SUPPRESSED), default=0)
    rough = max(1.0, top / 6)
    power = 10 ** math.floor(math.log10(rough))
    return float(next(n * power for n in (1, 2, 5, 10) if n * power >= rough))


def _axes(chart: Any, title: str, category: str, points: Points) -> None:
    chart.title = title
    for axis, name in ((chart.y_axis, VALUES_AXIS), (chart.x_axis, category)):
        axis.title = name
        for paragraph in axis.title.tx.rich.p:  # as large as the labels, bold
            for run in paragraph.r or ():
                run.rPr = CharacterProperties(sz=_TEXT_POINTS * 100, b=True)
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.scaling.min = 0  # counts: never below zero
    chart.y_axis.majorUnit = _step(points)
    chart.y_axis.number_format = "0"
    chart.x_axis.txPr = _text_size(_TEXT_POINTS)
    chart.y_axis.txPr = _text_size(_TEXT_POINTS)
    chart.legend = None
    chart.display_blanks = "gap"
    chart.width = _CHART_WIDTH_CM


def _chart_data(ws: Any, row: int, title: str, category: str, points: Points) -> tuple[int, int]:
    """The chart data from ``row``: a title, a header, then a label and count for each point.

    A suppressed count is a blank cell. Returns the first and last rows of the points.
    """
    heading(ws, row, title, columns=2)
    header_row(ws, {"A": category, "B": VALUES_AXIS}, {}, row=row + 1)
    ws.cell(row=row + 1, column=2).alignment = RIGHT_TOP_WRAP
    first = row + 2
    for here, (label, count) in enumerate(points, start=first):
        put_text(ws, here, 1, label)
        cell = ws.cell(row=here, column=2)
        if count is not SUPPRESSED:
            cell.value = count
            cell.number_format = COUNT_FORMAT
        cell.alignment = RIGHT_TOP
    return first, first + len(points) - 1


def _place(
    ws: Any, chart: Any, at: tuple[int, int], data: tuple[str, str], points: Points, note: str, span: int
) -> Placed:
    """Anchor ``chart`` at ``at`` (row, column); under it its note (if a count is suppressed), then its data.

    ``data`` is the chart data's title and category heading.
    """
    row, column = at
    rows = math.ceil(chart.height * _CM_POINTS / _ROW_POINTS) + 2
    last = row + rows - 1
    if any(count is SUPPRESSED for _label, count in points):
        last += 1
        wide_note(ws, last, note, span)
    first, end = _chart_data(ws, last + 2, data[0], data[1], points)
    chart.add_data(Reference(ws, min_col=2, min_row=first, max_row=end))
    series = chart.series[0]
    series.tx = SeriesLabel(v=VALUES_AXIS)
    labels = Reference(ws, min_col=1, min_row=first, max_row=end)
    series.cat = AxDataSource(strRef=StrRef(f=str(labels)))
    ws.add_chart(
        chart, f"{get_column_letter(column)}{row + 1}"
    )  # a row clear above it, so no edge shows on the page before
    return Placed(row, last, end + 2)


def bar_chart(
    ws: Any,
    row: int,
    points: Points,
    *,
    title: str,
    category: str,
    data_title: str,
    span: int,
    note: str = BAR_NOTE,
    column: int = 1,
    width: float = _CHART_WIDTH_CM,
) -> Placed:
    """A bar for each point, largest first, from ``row``, over its chart data (:func:`bar_order`).

    The chart's left edge is at ``column`` and it is ``width`` cm wide (beside a table, say);
    ``note`` goes under it when a count is suppressed.
    """
    points = bar_order(points)
    chart = BarChart()
    chart.type = "bar"
    _axes(chart, title, category, points)
    chart.x_axis.title = None  # the labels name the themes; a title would print turned on its side
    chart.x_axis.scaling.orientation = "maxMin"  # the first (largest) at the top
    chart.y_axis.crosses = "max"  # and the counts along the foot of the chart
    chart.height = max(7.0, 0.5 * len(points) + 2.5)
    chart.gapWidth = 60  # bars a little thicker than the gaps between them
    chart.width = width
    placed = _place(ws, chart, (row, column), (data_title, category), points, note, span)
    labels = DataLabelList()
    labels.showVal = True
    for hidden in ("showLegendKey", "showCatName", "showSerName", "showPercent", "showBubbleSize"):
        setattr(labels, hidden, False)
    labels.txPr = _text_size(_TEXT_POINTS)
    chart.series[0].dLbls = labels
    return placed


def line_chart(
    ws: Any, row: int, points: Points, *, title: str, category: str, data_title: str, span: int
) -> Placed:
    """A straight line with a marker on each shown point, from ``row``, over its chart data."""
    chart = LineChart()
    _axes(chart, title, category, points)
    chart.height = _LINE_HEIGHT_CM
    placed = _place(ws, chart, (row, 1), (data_title, category), points, LINE_NOTE, span)
    series = chart.series[0]
    series.smooth = False
    series.marker.symbol = "circle"
    series.marker.size = 7
    return placed
