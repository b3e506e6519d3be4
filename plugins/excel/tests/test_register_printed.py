"""The register workbook as it prints: LibreOffice turns it into PDF, and the pages are read back.

Two registers are printed once for the module: the walkthrough's (docs/examples) and an empty
one. Every page is told apart by the sheet name in its footer; each page of a sheet must show
all of that sheet's headers, no error value, nothing smaller than 9 pt and nothing off the paper,
and the whole stays within a page count measured when the layout was made. A last test reads
back a register in which a team inserted a column of its own.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]

from fosterkit.adapters.jsonl import read_jsonl
from fosterkit.adapters.register_files import make_register_file, read_register_file
from fosterkit.testing.rendering import (
    ERROR_SHOWN,
    PrintedWord,
    page_sizes,
    page_texts,
    printed_words,
    require_renderer,
    to_pdf,
)
from fosterkit_excel.register_layout import TABLES
from fosterkit_excel.register_writer import RULED_ROWS

SERVICE = "Anytown Fostering"
WALKTHROUGH = Path(__file__).parents[3] / "docs" / "examples" / "register-walkthrough.jsonl"
#: Measured when the layout was made: 20 pages with the walkthrough, 19 empty (one a sheet,
#: two for Start here, one for Due now); a few more are allowed before the test says so.
MOST_PAGES = {"walkthrough": 23, "empty": 22}
_FOOTER = re.compile(rf"^\s*{SERVICE}\s+(?P<sheet>\S.*?)\s+Page (?P<page>\d+) of (?P<pages>\d+)\s*$")


class Printed:
    """One register printed: its pages' text, words and sizes, and the sheet each page is of."""

    def __init__(self, pdf: Path) -> None:
        self.texts = page_texts(pdf)
        self.words = printed_words(pdf)
        self.sizes = page_sizes(pdf)
        self.footers = [_footer(self.words, page) for page in range(1, len(self.texts) + 1)]
        self.sheets = [footer["sheet"] for footer in self.footers]


def _footer(words: list[PrintedWord], page: int) -> re.Match[str]:
    """The footer of ``page``: the line of words lowest on it (service, sheet, Page X of Y)."""
    on_page = [w for w in words if w.page == page]
    bottom = max(w.y0 for w in on_page)
    line = sorted((w for w in on_page if w.y0 > bottom - 3), key=lambda w: w.x0)
    found = _FOOTER.match(" ".join(w.text for w in line))
    assert found, (page, [w.text for w in line])
    return found


@pytest.fixture(scope="module", params=["walkthrough", "empty"])
def printed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Printed]:
    require_renderer()
    name: str = request.param
    folder = tmp_path_factory.mktemp(name)
    path = folder / f"{name}.xlsx"
    records = read_jsonl(WALKTHROUGH) if name == "walkthrough" else []
    make_register_file(path, service=SERVICE, records=records)
    return name, Printed(to_pdf(path, folder))


def _printed_together(words: list[PrintedWord], header: str) -> bool:
    """Whether the words of ``header`` are printed in order, each close by the one before.

    Close: on the same line or the next, across or (for a header turned up the page) up it.
    """

    def follows(previous: PrintedWord, rest: list[str]) -> bool:
        if not rest:
            return True
        return any(
            w.text == rest[0] and w is not previous and _near(w, previous) and follows(w, rest[1:])
            for w in words
        )

    first, *rest = header.split()
    return any(start.text == first and follows(start, rest) for start in words)


def _near(word: PrintedWord, previous: PrintedWord) -> bool:
    return abs(word.x0 - previous.x1) < 90 and abs(word.y0 - previous.y0) < 90


def test_every_page_of_a_sheet_shows_all_its_headers(printed: tuple[str, Printed]) -> None:
    _, book = printed
    tables = {table.sheet: table for table in TABLES}
    seen = set()
    for page, sheet in enumerate(book.sheets, start=1):
        if sheet not in tables:
            continue
        seen.add(sheet)
        words = [w for w in book.words if w.page == page]
        missing = [c.header for c in tables[sheet].columns if not _printed_together(words, c.header)]
        assert not missing, (sheet, page, missing)
    assert seen == set(tables)


def test_the_first_sheet_is_start_here_and_footers_count_the_pages(printed: tuple[str, Printed]) -> None:
    _, book = printed
    assert book.sheets[0] == "Start here"
    assert [(int(m["page"]), int(m["pages"])) for m in book.footers] == [
        (n, len(book.texts)) for n in range(1, len(book.texts) + 1)
    ]


def test_no_cell_prints_an_error_value(printed: tuple[str, Printed]) -> None:
    _, book = printed
    shown = [(n, ERROR_SHOWN.search(text)) for n, text in enumerate(book.texts, start=1)]
    assert [(n, m.group()) for n, m in shown if m] == []


def test_the_page_count_stays_within_its_bound(printed: tuple[str, Printed]) -> None:
    name, book = printed
    assert len(book.texts) <= MOST_PAGES[name]
    if name == "empty":  # each sheet's header and ruled rows fit on one page
        assert all(count == 1 for sheet, count in Counter(book.sheets).items() if sheet != "Start here")


def test_leavers_prints_ruled_rows_to_write_on(printed: tuple[str, Printed]) -> None:
    _, book = printed
    leavers = book.sheets.index("Leavers") + 1
    words = [w for w in book.words if w.page == leavers]
    header = max(w.y1 for w in words if w.text == "Leaver")
    footer = min(w.y0 for w in words if w.text == "Page")
    # the ruled rows are blank, but fill the page below the header: at least RULED_ROWS rows of 2 lines
    assert footer - header > RULED_ROWS * 2 * 11


def test_every_word_is_on_the_paper(printed: tuple[str, Printed]) -> None:
    _, book = printed
    assert {(round(w), round(h)) for w, h in book.sizes} <= {(842, 595), (595, 842)}  # A4
    margin = 14  # points: half a centimetre of bare paper at every edge
    for word in book.words:
        width, height = book.sizes[word.page - 1]
        assert margin <= word.x0, (word.page, word.text)
        assert word.x1 <= width - margin, (word.page, word.text)
        assert margin <= word.y0, (word.page, word.text)
        assert word.y1 <= height - margin, (word.page, word.text)


def _turned_words(sheet: str) -> set[str]:
    table = next((t for t in TABLES if t.sheet == sheet), None)
    return {word for c in table.columns if c.turned for word in c.header.split()} if table else set()


def test_nothing_prints_under_9_pt(printed: tuple[str, Printed]) -> None:
    _, book = printed
    heights = [round(w.height, 1) for w in book.words]
    body = max(set(heights), key=heights.count)  # the commonest: 11 pt text printed at 100%
    smallest = body * 9 / 11 * 0.97

    def size(word: PrintedWord) -> float:
        # a header turned up the page prints its line's height across, its length down
        turned = word.text in _turned_words(book.sheets[word.page - 1])
        return word.x1 - word.x0 if turned and word.height < smallest else word.height

    small = [(w.page, w.text, round(size(w), 1)) for w in book.words if size(w) < smallest]
    assert not small, (body, small[:10])


def test_a_column_inserted_by_a_team_is_a_note_and_every_value_is_read(tmp_path: Path) -> None:
    path = tmp_path / "register.xlsx"
    make_register_file(path, service=SERVICE, records=WALKTHROUGH)
    expected = read_register_file(path).reading
    wb = load_workbook(path)
    ws = wb["Leavers"]
    ws.insert_cols(3)
    ws["C1"], ws["C2"] = "RAG", "Amber"
    wb.save(path)
    result = read_register_file(path)
    assert result.clean
    assert result.reading.records == expected.records
    assert sorted(map(str, result.reading.records)) == sorted(map(str, read_jsonl(WALKTHROUGH)))
    assert result.reading.notes == (
        "Leavers: column C, headed 'RAG', is not one of the register's; it is passed over",
    )
