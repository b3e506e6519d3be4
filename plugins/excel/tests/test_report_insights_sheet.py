"""The audit workbook's insights sheet: a sorted chart of the themes, real percentages, plain counts."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped, unused-ignore]
import pytest
from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]

from fosterkit.analysis.insights import SUPPRESSED, ElementInsight, Insights, ReasonCount, ThemeCount
from fosterkit_excel.audit_insights_sheet import THEME_CHART, write_insights


def insights(**changes: Any) -> Insights:
    fields: dict[str, Any] = {
        "start": datetime.date(2025, 4, 1),
        "end": datetime.date(2026, 3, 31),
        "threshold": 5,
        "departures": 40,
        "interviewed": 31,
        "themes": (
            ThemeCount(code="money", label="Money", primary=SUPPRESSED, mentioned=7),
            ThemeCount(code="other", label="Other", primary=0, mentioned=0),
            ThemeCount(code="support", label="Support from the service", primary=12, mentioned=20),
            ThemeCount(code="valued", label="Being valued", primary=8, mentioned=9),
        ),
        "preventable": 11,
        "preventable_base": 21,
        "preventable_percent": 100 * 11 / 21,
        "elements": (
            ElementInsight(
                element_id="KP3",
                title="Peer support",
                rank=1,
                score=12.5,
                leavers=15,
                reasons=(
                    ReasonCount(code="isolated", label="Felt isolated", leavers=9, raised_at=("stage_1",)),
                    ReasonCount(code="no-group", label="No support group", leavers=SUPPRESSED),
                ),
            ),
            ElementInsight(
                element_id="R4", title="Self-care", rank=2, score=4.0, leavers=SUPPRESSED, reasons=()
            ),
        ),
        "notes": ("Counts are of households.",),
    }
    fields.update(changes)
    return Insights(**fields)


def written(tmp_path: Path, made: Insights) -> tuple[Any, Any]:
    """The insights sheet read back (for its cells) and as built (openpyxl reads no charts back)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Exit interview insights"
    write_insights(ws, made)
    wb.save(tmp_path / "insights.xlsx")
    return openpyxl.load_workbook(tmp_path / "insights.xlsx").active, ws


def values(ws: Any) -> list[object]:
    return [cell.value for row in ws.iter_rows() for cell in row if cell.value is not None]


def row_of(ws: Any, label: str) -> int:
    return int(next(cell.row for cell in ws["A"] if cell.value == label))


def test_the_percentage_is_a_real_one(tmp_path: Path) -> None:
    ws, _built = written(tmp_path, insights())
    cell = ws.cell(row_of(ws, "Percentage who said it could have been prevented"), 2)
    assert cell.value == pytest.approx(11 / 21)
    assert cell.number_format == "0.0%"


@pytest.mark.parametrize(("base", "shown"), [(0, "none answered"), (SUPPRESSED, "[c]")])
def test_a_percentage_that_cannot_be_shown_says_why(tmp_path: Path, base: object, shown: str) -> None:
    ws, _built = written(tmp_path, insights(preventable_base=base, preventable_percent=None))
    assert ws.cell(row_of(ws, "Percentage who said it could have been prevented"), 2).value == shown


def test_a_count_held_back_is_words_in_text_and_c_alone_in_a_cell(tmp_path: Path) -> None:
    ws, _built = written(tmp_path, insights())
    text = [value for value in values(ws) if isinstance(value, str)]
    assert not any("([c]" in value or "[c])" in value or "[c]," in value for value in text)
    rank_1 = row_of(ws, "Rank") + 1
    assert ws.cell(rank_1, 6).value == "Felt isolated (9, stage 1); No support group (fewer than 6)"
    assert ws.cell(rank_1 + 1, 5).value == "[c]"
    assert ws.cell(row_of(ws, "Money"), 2).value == "[c]"
    assert any(str(value).startswith("[c] marks a count from 1 to 5") for value in text)


def test_the_themes_chart_is_sorted_with_gaps_and_a_note(tmp_path: Path) -> None:
    ws, built = written(tmp_path, insights())
    (chart,) = built._charts
    title = "".join(run.t for paragraph in chart.title.tx.rich.p for run in paragraph.r or ())
    assert title == THEME_CHART
    assert chart.display_blanks == "gap"
    area = chart.series[0].val.numRef.f.split("!")[1].replace("$", "")
    labels = chart.series[0].cat.strRef.f.split("!")[1].replace("$", "")
    plotted = [(row[0].value, value[0].value) for row, value in zip(ws[labels], ws[area], strict=True)]
    assert plotted == [("Support from the service", 12), ("Being valued", 8), ("Money", None), ("Other", 0)]
    assert any("no bar and no number" in str(value) for value in values(ws))


def test_the_sheet_prints_with_its_title_whole_and_the_ranking_header_repeated(tmp_path: Path) -> None:
    ws, _built = written(tmp_path, insights())
    assert ws.row_dimensions[1].height >= 24  # the 16 pt title is not cut
    header = row_of(ws, "Rank")
    assert ws.print_title_rows == f"${header - 1}:${header}"  # the heading and the header of the ranking
    assert header - 2 in [brk.id for brk in ws.row_breaks.brk]  # the ranking starts a page
    assert ws.page_setup.orientation == "landscape"
    widths = sum(ws.column_dimensions[letter].width for letter in "ABCDEF")
    assert widths <= 180  # printed one page wide at 9 pt or more
