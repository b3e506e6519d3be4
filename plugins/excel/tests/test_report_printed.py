"""The retention report and the insights sheet, printed by LibreOffice and read back page by page.

Each workbook is written once and printed once per module (printing takes seconds); the tests
check what the pages show: no error values, every table whole on one page with its header, a
table with nothing to show as one line, a bounded number of pages, nothing under 9 pt, and no
word off the paper.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
import openpyxl  # type: ignore[import-untyped, unused-ignore]
import pytest
from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]

from fosterkit import iter_jsonl, load_catalogue, load_taxonomy
from fosterkit.analysis import exit_insights, parse_period
from fosterkit.cli import main
from fosterkit.testing.rendering import (
    ERROR_SHOWN,
    PrintedWord,
    page_sizes,
    page_texts,
    printed_words,
    require_renderer,
    squashed,
    to_pdf,
)
from fosterkit_excel.audit_insights_sheet import write_insights
from fosterkit_excel.print_layout import finish_printing

RECORDS = Path(__file__).resolve().parents[3] / "docs" / "examples" / "records.jsonl"
#: The smallest printed size allowed, in points.
SMALLEST = 9
#: A printed word's box is about this many times its font size (measured: 11 pt text is 12.7 high).
BOX_PER_POINT = 1.15
#: How far up from the foot of a page the footer's words sit, in points.
FOOTER_ZONE = 60
#: Pages each workbook prints, measured when written (35, 34 and 4), with room to grow.
MOST_PAGES = {"example": 42, "small": 40, "insights": 7}


@attrs.frozen
class Printed:
    """A workbook and what LibreOffice printed of it."""

    xlsx: Path
    pages: list[str]
    words: list[PrintedWord]
    sizes: list[tuple[float, float]]

    def page_of_sheet(self, number: int) -> str:
        """The sheet a page prints, from its footer (service | sheet | Page X of Y)."""
        footer = [w for w in self.words if w.page == number and self._in_footer(w)]
        middle = self.sizes[number - 1][0] / 2
        return " ".join(w.text for w in footer if abs((w.x0 + w.x1) / 2 - middle) < 120)

    def _in_footer(self, word: PrintedWord) -> bool:
        return word.y0 > self.sizes[word.page - 1][1] - FOOTER_ZONE


def _print(xlsx: Path) -> Printed:
    pdf = to_pdf(xlsx, xlsx.parent / "pdf")
    return Printed(xlsx, [squashed(page) for page in page_texts(pdf)], printed_words(pdf), page_sizes(pdf))


def _report(records: Path, out: Path) -> Path:
    argv = ["report", str(records), "--out", str(out), "--no-log", "--trend", "8", "--any-period", "--force"]
    assert main(argv) == 0
    return out


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Printed:
    require_renderer()
    return _print(_report(RECORDS, tmp_path_factory.mktemp("example") / "report.xlsx"))


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Printed:
    """A small service: the example's first twelve households, so most counts are suppressed."""
    require_renderer()
    tmp = tmp_path_factory.mktemp("small")
    lines = [json.loads(line) for line in RECORDS.read_text(encoding="utf-8").splitlines() if line.strip()]
    homes = {r["id"] for r in lines if r["kind"] == "household"}
    homes = set(sorted(homes)[:12])
    departures = {r["id"] for r in lines if r["kind"] == "departure" and r["household_id"] in homes}
    kept = [r for r in lines if r.get("id") in homes | departures or r.get("departure_id") in departures]
    records = tmp / "records.jsonl"
    records.write_text("".join(json.dumps(r) + "\n" for r in kept), encoding="utf-8")
    return _print(_report(records, tmp / "report.xlsx"))


@pytest.fixture(scope="module")
def insights(tmp_path_factory: pytest.TempPathFactory) -> Printed:
    """The insights sheet for the example records, in a workbook of its own."""
    require_renderer()
    made = exit_insights(
        iter_jsonl(RECORDS),
        catalogue=load_catalogue(),
        taxonomy=load_taxonomy(),
        period=parse_period("2026-27 H1"),
    )
    wb = Workbook()
    ws = wb.active
    ws.title = "Exit interview insights"
    write_insights(ws, made)
    finish_printing(wb, "Anytown Fostering")
    path = tmp_path_factory.mktemp("insights") / "insights.xlsx"
    wb.save(path)
    return _print(path)


PRINTED = ["example", "small", "insights"]


@pytest.fixture(params=PRINTED)
def printed(request: pytest.FixtureRequest) -> Printed:
    return request.getfixturevalue(request.param)  # type: ignore[no-any-return]


def _is_heading(cell: Any) -> bool:
    """A shaded, bold cell: a table's title (12 pt) or header (11 pt)."""
    rgb = str(cell.fill.fgColor.rgb or "")
    return rgb.endswith("D9E1F2") and bool(cell.font.b) and isinstance(cell.value, str)


def _tables(path: Path) -> list[tuple[str, str, str, list[str]]]:
    """Each block of a title row over a header row: its sheet, title, header and row labels."""
    found = []
    for ws in openpyxl.load_workbook(path):
        column = ws["A"]
        for cell in column[1:-1]:
            below = ws.cell(cell.row + 1, 1)
            if not (_is_heading(cell) and _is_heading(below)) or (cell.font.sz or 11) < 12:
                continue
            labels = []
            row = cell.row + 2
            while isinstance(ws.cell(row, 1).value, str | int) and not _is_heading(ws.cell(row, 1)):
                labels.append(str(ws.cell(row, 1).value))
                row += 1
            found.append((ws.title, cell.value, below.value, labels))
    return found


def test_no_cell_shows_an_error(printed: Printed) -> None:
    for number, page in enumerate(printed.pages, start=1):
        assert ERROR_SHOWN.search(page) is None, f"page {number}: {ERROR_SHOWN.search(page)}"


def test_every_table_prints_whole_on_one_page_with_its_header(printed: Printed) -> None:
    tables = _tables(printed.xlsx)
    assert len(tables) >= 3
    for sheet, title, header, labels in tables:
        # A wrapped label prints on several lines, between the counts beside it: its first words.
        parts = [
            " ".join(squashed(part).split()[:3]) for part in [title, header, *(labels[:1] + labels[-1:])]
        ]
        assert any(all(part in page for part in parts) for page in printed.pages), f"{sheet}: {title}"


def test_repeated_header_rows_print_on_every_page_of_their_sheet(printed: Printed) -> None:
    """From the page where a sheet's repeated rows first print, every later page of it shows them."""
    for ws in openpyxl.load_workbook(printed.xlsx):
        first = int(ws.print_title_rows.split(":")[0].strip("$"))
        header = squashed(str(ws.cell(first, 1).value))
        pages = [n for n in range(1, len(printed.pages) + 1) if printed.page_of_sheet(n) == ws.title]
        showing = [n for n in pages if header in printed.pages[n - 1]]
        assert showing, ws.title
        assert showing == [n for n in pages if n >= showing[0]], f"{ws.title}: {header}"


def test_a_table_with_nothing_to_show_is_one_line(small: Printed, example: Printed) -> None:
    for book in (small, example):
        lines = [
            str(cell.value)
            for ws in openpyxl.load_workbook(book.xlsx)
            for row in ws.iter_rows()
            for cell in row
            if ": every count is " in str(cell.value)
        ]
        assert lines
        for line in lines:
            assert any(squashed(line) in page for page in book.pages), line
    identifying = [
        page for page in small.pages if "every count is zero, or small enough to identify someone" in page
    ]
    assert identifying, "the small service has a table whose counts are all suppressed or zero"


def test_the_pages_stay_within_a_bound(request: pytest.FixtureRequest) -> None:
    for name in PRINTED:
        printed: Printed = request.getfixturevalue(name)
        assert 1 <= len(printed.pages) <= MOST_PAGES[name], name


def test_nothing_prints_under_9_pt(printed: Printed) -> None:
    body = [w for w in printed.words if not printed._in_footer(w)]
    small_words = [(w.page, w.text, round(w.height / BOX_PER_POINT, 1)) for w in body]
    assert [w for w in small_words if w[2] < SMALLEST] == []


def test_the_footer_prints_at_9_pt_or_more(example: Printed) -> None:
    footer = [w for w in example.words if example._in_footer(w)]
    assert footer
    assert min(w.height for w in footer) / BOX_PER_POINT >= SMALLEST


def test_every_word_is_on_the_paper(printed: Printed) -> None:
    for word in printed.words:
        width, height = printed.sizes[word.page - 1]
        assert 0 <= word.x0 < word.x1 <= width, word
        assert 0 <= word.y0 < word.y1 <= height, word
