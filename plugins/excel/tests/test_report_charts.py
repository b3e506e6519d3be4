"""The report's charts tell the truth: straight lines, gaps for suppressed counts, bars sorted."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import openpyxl  # type: ignore[import-untyped, unused-ignore]
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]

from fosterkit.cli import main
from fosterkit.plugins import SUPPRESSED
from fosterkit_excel.report_charts import BAR_NOTE, LINE_NOTE, bar_chart, bar_order, line_chart

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
RECORDS = Path(__file__).resolve().parents[3] / "docs" / "examples" / "records.jsonl"

POINTS: list[tuple[str, object]] = [
    ("Zero first", 0),
    ("Three", 3),
    ("Hidden", SUPPRESSED),
    ("Nine", 9),
    ("Another zero", 0),
    ("Three again", 3),
    ("Hidden too", SUPPRESSED),
]


def _sheet() -> Any:
    ws = Workbook().active
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 12
    return ws


def _values(ws: Any, chart: Any) -> list[Any]:
    """The cells a one-series chart plots, in order."""
    area = chart.series[0].val.numRef.f.split("!")[1].replace("$", "")
    return [row[0] for row in ws[area]]


def _labels(ws: Any, chart: Any) -> list[object]:
    area = chart.series[0].cat.strRef.f.split("!")[1].replace("$", "")
    return [row[0].value for row in ws[area]]


def test_bars_run_largest_first_with_suppressed_then_zero_last() -> None:
    assert [label for label, _count in bar_order(POINTS)] == [
        "Nine",
        "Three",
        "Three again",
        "Hidden",
        "Hidden too",
        "Zero first",
        "Another zero",
    ]


counts = st.one_of(st.integers(0, 500), st.just(SUPPRESSED))


@given(st.lists(st.tuples(st.text(max_size=5), counts), max_size=20))
def test_bar_order_keeps_every_point_and_sorts_them(points: list[tuple[str, object]]) -> None:
    ordered = bar_order(points)
    assert sorted(map(repr, ordered)) == sorted(map(repr, points))
    kinds = [0 if c is SUPPRESSED else (1 if c == 0 else -1) for _label, c in ordered]
    assert kinds == sorted(kinds)  # shown counts, then suppressed, then zeros
    shown = [c for _label, c in ordered if isinstance(c, int) and c != 0]
    assert shown == sorted(shown, reverse=True)


def test_a_bar_chart_plots_sorted_counts_and_leaves_suppressed_ones_blank() -> None:
    ws = _sheet()
    placed = bar_chart(
        ws, 1, POINTS, title="Bars", category="Theme", data_title="Chart data: bars (x)", span=2
    )
    (chart,) = ws._charts
    assert chart.display_blanks == "gap"
    assert chart.y_axis.scaling.min == 0
    assert _labels(ws, chart) == [label for label, _count in bar_order(POINTS)]
    values = _values(ws, chart)
    assert [cell.value for cell in values] == [9, 3, 3, None, None, 0, 0]
    assert all(cell.data_type != "e" for cell in values)  # no error value such as #N/A
    assert chart.series[0].dLbls.showVal  # each bar carries its number: a zero is told from a gap
    assert ws.cell(placed.last, 1).value == BAR_NOTE
    assert placed.first < placed.last < placed.next_row


def test_a_line_is_straight_with_markers_and_gaps() -> None:
    ws = _sheet()
    points = [("2025-26 H1", 4), ("2025-26 H2", SUPPRESSED), ("2026-27 H1", 12)]
    placed = line_chart(
        ws, 1, points, title="Line", category="Period", data_title="Chart data: line (x)", span=2
    )
    (chart,) = ws._charts
    (series,) = chart.series
    assert series.smooth is False
    assert series.marker.symbol == "circle"
    assert chart.display_blanks == "gap"
    assert chart.y_axis.scaling.min == 0
    assert [cell.value for cell in _values(ws, chart)] == [4, None, 12]  # kept in period order
    assert ws.cell(placed.last, 1).value == LINE_NOTE


def test_without_a_suppressed_count_there_is_no_note() -> None:
    ws = _sheet()
    placed = line_chart(
        ws, 1, [("A", 1), ("B", 0)], title="Line", category="P", data_title="Chart data: l (x)", span=2
    )
    notes = [cell.value for row in ws.iter_rows() for cell in row if cell.value in (LINE_NOTE, BAR_NOTE)]
    assert notes == []
    assert placed.next_row > placed.last


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("charts") / "report.xlsx"
    argv = ["report", str(RECORDS), "--out", str(out), "--no-log", "--trend", "8", "--any-period", "--force"]
    assert main(argv) == 0
    return out


def test_every_chart_in_the_written_report_is_straight_and_shows_gaps(report_file: Path) -> None:
    with zipfile.ZipFile(report_file) as archive:
        names = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        charts = [ElementTree.fromstring(archive.read(n)) for n in names]
    assert len(charts) == 2
    for chart in charts:
        assert [e.get("val") for e in chart.iter(f"{C}dispBlanksAs")] == ["gap"]
        assert "1" not in [e.get("val") for e in chart.iter(f"{C}smooth")]
        assert [e.get("val") for e in chart.iter(f"{C}min")] == ["0"]  # counts: never below zero
    (line,) = [chart for chart in charts if any(True for _ in chart.iter(f"{C}lineChart"))]
    for series in line.iter(f"{C}ser"):
        assert [e.get("val") for e in series.iter(f"{C}smooth")] == ["0"]


def test_no_cell_of_the_written_report_is_an_error_value(report_file: Path) -> None:
    wb = openpyxl.load_workbook(report_file)
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "e", f"{ws.title}!{cell.coordinate}"
                assert "#N/A" not in str(cell.value), f"{ws.title}!{cell.coordinate}"
