"""The response tracker as it prints: LibreOffice turns it into PDF, and the pages are read back.

Two trackers are printed once each for the module: a blank one, and one filled in as a person
would (statuses typed in the Tracker sheet, a few of them blank or in lower case, long
responses). The checks are on what a person holding the printout sees: every recommendation
and the header on each Tracker page, the Summary's counts (live formulas, worked out by
LibreOffice) equal to what fosterkit counts, whole headers lined up over their numbers,
nothing shown as an error, nothing under 9 pt or off the paper.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import attrs
import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]

from fosterkit import installed_packs, make_plugin_manager, new_tracker
from fosterkit.plugins import TRACKER_COLUMNS, ResponseStatus, status_by_theme
from fosterkit.testing.rendering import (
    ERROR_SHOWN,
    PrintedWord,
    page_sizes,
    page_texts,
    printed_words,
    require_renderer,
    to_pdf,
)
from fosterkit_excel.audit_styles import set_row_height
from fosterkit_excel.tracker_book import SUMMARY, TRACKER, read_tracker_book, write_tracker_book

PACKS, _FAILURES = installed_packs(make_plugin_manager())
STOCKTAKE = PACKS.get("stocktake-2018")
SERVICE = "Anytown Fostering"
IDS = [rec.id for rec in STOCKTAKE.recommendations]
#: A long response: five sentences, ending with a mark to find where the text ends on the page.
LONG = (
    "The panel agreed this in March after a review of every carer's file. "
    "We wrote to all carers to explain the change and asked for their views. "
    "Two workshops were held and the notes are on the shared drive. "
    "The business plan now names an owner and a budget line for it. "
    "We will report progress to the corporate parenting panel each quarter. END{id}"
)
#: Rows given long responses (one at the start, middle and end of the sheet).
LONG_ROWS = ("3.2", "5.5", IDS[-1])
#: What is typed in each row's Status cell, row by row (None leaves it blank: Not started).
TYPED = [
    None,
    "In place",
    "in progress",
    "Planned",
    "Under review",
    "Not adopted",
    "FOR GOVERNMENT OR OTHERS",
    "Not started",
]
#: The font size a word box is tall (Carlito, as LibreOffice prints it): 11 pt text is 12.87 pt.
BOX_PER_POINT = 12.87 / 11
#: The footer sits in the page's bottom margin: its size is finish_printing's (it scales with the sheet).
FOOTER_MARGIN = 50
#: Page bounds, measured: the blank tracker prints on 5 pages, the filled one on 6.
MAX_PAGES = {"blank": 7, "filled": 9}


def _typed(index: int) -> str | None:
    return TYPED[index % len(TYPED)]


def _fill(path: Path) -> None:
    """Type a status into every row of the Tracker sheet, as a person would, and save."""
    wb = load_workbook(path)
    ws = wb[TRACKER]
    status = [c.key for c in TRACKER_COLUMNS].index("status") + 1
    for index in range(len(IDS)):
        ws.cell(row=2 + index, column=status).value = _typed(index)
    # openpyxl marks every row height it loaded as fixed; Excel keeps them growing, so put that back.
    for row, dimension in list(ws.row_dimensions.items()):
        if dimension.ht is not None:
            set_row_height(ws, row, dimension.ht)
    wb.save(path)


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The blank and filled-in trackers' workbooks and PDFs: ``blank``, ``filled`` and ``*.pdf``."""
    require_renderer()
    folder = tmp_path_factory.mktemp("tracker")
    blank = new_tracker(STOCKTAKE, service=SERVICE)
    entries = tuple(
        attrs.evolve(
            entry,
            response=LONG.format(id=entry.recommendation) if entry.recommendation in LONG_ROWS else "",
            owner="Head of service" if index % 3 == 0 else "",
            due=datetime.date(2020, 3, 31) if index % 4 == 0 else datetime.date(2099, 3, 31),
        )
        for index, entry in enumerate(blank.entries)
    )
    write_tracker_book(blank, STOCKTAKE, folder / "blank.xlsx")
    write_tracker_book(attrs.evolve(blank, entries=entries), STOCKTAKE, folder / "filled.xlsx")
    _fill(folder / "filled.xlsx")
    found = {name: folder / f"{name}.xlsx" for name in ("blank", "filled")}
    for name in ("blank", "filled"):
        found[f"{name}.pdf"] = to_pdf(found[name], folder / "pdf")
    return found


def _sheet_of_each_page(pdf: Path) -> list[str]:
    """The sheet each page prints, from its footer (service | sheet | Page X of Y)."""
    sheets = []
    for text in page_texts(pdf):
        match = re.search(rf"{SERVICE}\s+(Start here|Tracker|Summary)\s+Page \d+ of \d+", text)
        assert match, text[-300:]
        sheets.append(match[1])
    return sheets


def _words_on(pdf: Path, sheet: str) -> dict[int, list[PrintedWord]]:
    pages = [n for n, name in enumerate(_sheet_of_each_page(pdf), start=1) if name == sheet]
    words = printed_words(pdf)
    return {page: [w for w in words if w.page == page] for page in pages}


@pytest.mark.parametrize("name", ["blank", "filled"])
def test_the_sheets_print_in_order_within_a_bound(printed: dict[str, Path], name: str) -> None:
    sheets = _sheet_of_each_page(printed[f"{name}.pdf"])
    assert sheets[0] == "Start here"
    assert sheets[-1] == "Summary"
    assert set(sheets) == {"Start here", "Tracker", "Summary"}
    assert sheets == sorted(sheets, key=["Start here", "Tracker", "Summary"].index)
    assert len(sheets) <= MAX_PAGES[name]


@pytest.mark.parametrize("name", ["blank", "filled"])
def test_every_tracker_page_has_the_header_and_every_recommendation_is_printed(
    printed: dict[str, Path], name: str
) -> None:
    pages = _words_on(printed[f"{name}.pdf"], TRACKER)
    assert len(pages) >= 2  # so the header is seen repeated
    ids: list[str] = []
    for words in pages.values():
        first_column = min(w.x0 for w in words)
        first_row = min(w.y0 for w in words if w.x0 < first_column + 5 and w.text in IDS)
        # Above the first row, whole (word boxes of adjacent lines overlap by about a point).
        header = {w.text for w in words if w.y1 <= first_row + 2}
        for column in TRACKER_COLUMNS:
            assert set(column.heading.split()) <= header, (column.heading, header)
        ids += [w.text for w in words if w.x0 < first_column + 5 and w.text in IDS]
    assert ids == IDS


def test_a_long_response_is_printed_whole_before_the_next_row(printed: dict[str, Path]) -> None:
    pages = _words_on(printed["filled.pdf"], TRACKER)
    for rec in LONG_ROWS:
        (end,) = [w for words in pages.values() for w in words if w.text == f"END{rec}"]
        following = IDS[IDS.index(rec) + 1 :]
        below = [w for w in pages[end.page] if following and w.text == following[0]]
        assert all(end.y1 <= w.y0 for w in below), rec


@pytest.mark.parametrize("name", ["blank", "filled"])
def test_nothing_shows_an_error_value(printed: dict[str, Path], name: str) -> None:
    shown = "\n".join(page_texts(printed[f"{name}.pdf"]))
    assert not ERROR_SHOWN.findall(shown)


@pytest.mark.parametrize("name", ["blank", "filled"])
def test_every_word_is_on_the_paper_and_nothing_is_under_9_pt(printed: dict[str, Path], name: str) -> None:
    pdf = printed[f"{name}.pdf"]
    sizes = page_sizes(pdf)
    small = []
    for word in printed_words(pdf):
        width, height = sizes[word.page - 1]
        assert word.x0 >= 0, word
        assert word.y0 >= 0, word
        assert word.x1 <= width, word
        assert word.y1 <= height, word
        if word.y0 < height - FOOTER_MARGIN and word.height < 9 * BOX_PER_POINT * 0.99:
            small.append((word.page, word.text, round(word.height / BOX_PER_POINT, 1)))
    assert not small


def _summary_words(pdf: Path) -> list[PrintedWord]:
    """The words of the Summary's one page, without its footer."""
    ((page, words),) = _words_on(pdf, SUMMARY).items()
    bottom = page_sizes(pdf)[page - 1][1] - FOOTER_MARGIN
    return [w for w in words if w.y0 < bottom]


def _summary_table(pdf: Path) -> tuple[list[list[PrintedWord]], dict[str, list[int]]]:
    """The Summary's header columns (words clustered by where they sit) and its counts by row title."""
    words = _summary_words(pdf)
    numbers = [w for w in words if w.text.isdigit()]
    first_row = min(w.y0 for w in numbers)
    # Word boxes of adjacent lines overlap by about a point; a header word cut off by its row is lower.
    header = sorted((w for w in words if w.y1 <= first_row + 2), key=lambda w: (w.x0 + w.x1) / 2)
    columns: list[list[PrintedWord]] = []
    for word in header:
        centre = (word.x0 + word.x1) / 2
        if columns and abs(centre - sum((w.x0 + w.x1) / 2 for w in columns[-1]) / len(columns[-1])) < 25:
            columns[-1].append(word)
        else:
            columns.append([word])
    counts: dict[str, list[int]] = {}
    lines: dict[float, list[PrintedWord]] = {}
    for number in numbers:
        lines.setdefault(round(number.y0), []).append(number)
    for y, found in lines.items():
        title = " ".join(
            w.text for w in sorted(words, key=lambda w: w.x0) if round(w.y0) == y and w not in found
        )
        counts[title] = [int(w.text) for w in sorted(found, key=lambda w: w.x0)]
    return columns, counts


@pytest.mark.parametrize("name", ["blank", "filled"])
def test_the_summary_headers_are_whole_and_over_their_numbers(printed: dict[str, Path], name: str) -> None:
    columns, _counts = _summary_table(printed[f"{name}.pdf"])
    titles = [" ".join(w.text for w in sorted(c, key=lambda w: (round(w.y0), w.x0))) for c in columns]
    assert titles == ["Theme", *(s.label for s in ResponseStatus), "Total"]
    words = _summary_words(printed[f"{name}.pdf"])
    totals = sorted((w for w in words if w.text.isdigit()), key=lambda w: w.y0)[-8:]  # the last row
    for column, number in zip(columns[1:], sorted(totals, key=lambda w: w.x0), strict=True):
        left, right = min(w.x0 for w in column), max(w.x1 for w in column)
        assert left - 2 <= (number.x0 + number.x1) / 2 <= right + 2, (column[0].text, number.text)


@pytest.mark.parametrize("name", ["blank", "filled"])
def test_the_summary_counts_what_fosterkit_reads(printed: dict[str, Path], name: str) -> None:
    reading = read_tracker_book(printed[name], PACKS)
    assert reading.ok
    _columns, counts = _summary_table(printed[f"{name}.pdf"])
    expected = {
        STOCKTAKE.theme(theme).title if theme else "No theme": [*by.values(), sum(by.values())]
        for theme, by in status_by_theme(reading.tracker, STOCKTAKE).items()
    }
    totals = reading.tracker.by_status()
    expected["All recommendations"] = [*totals.values(), len(IDS)]
    # A title that wraps prints its first line beside the numbers.
    got = {next(t for t in expected if t.startswith(title)): row for title, row in counts.items()}
    assert got == expected


def test_what_was_typed_is_what_fosterkit_reads(printed: dict[str, Path]) -> None:
    reading = read_tracker_book(printed["filled"], PACKS)
    typed = [ResponseStatus.parse(_typed(i) or "Not started") for i in range(len(IDS))]
    assert [e.status for e in reading.tracker.entries] == typed
    assert len(set(typed)) == len(ResponseStatus)  # every status counted somewhere
