"""The audit workbook as printed (LibreOffice, headless), and read back after a team changed its columns.

Each workbook is rendered once per module: blank, and with exit interview insights from
``docs/examples/records.jsonl``. Pages are told apart by the sheet name in their footer.
"""

from __future__ import annotations

import collections
import datetime
import re
from pathlib import Path

import openpyxl  # type: ignore[import-untyped, unused-ignore]
import pytest

from fosterkit import load_catalogue
from fosterkit.errors import StructureError
from fosterkit.plugins import ActionStatus, Step
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
from fosterkit_excel import audit_layout as layout
from fosterkit_excel import audit_offer_layout as offer_layout
from fosterkit_excel import read_audit_workbook

CATALOGUE = load_catalogue()
ROOT = Path(__file__).resolve().parents[3]
SERVICE = "Northshire Fostering"
#: Pages measured when this was written: 31 blank and 32 with the insights sheet. The bound
#: leaves room for a few longer questions, not for a sheet printing row by row.
MOST_PAGES = 40


def _generate(out: Path, *extra: str) -> Path:
    from fosterkit.cli import main

    code = main(
        ["audit-workbook", "--service", SERVICE, "--start", "2026-04-01", "--no-log", *extra, str(out)]
    )
    assert code == 0
    return out


@pytest.fixture(scope="module", params=["blank", "records"])
def printed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A generated workbook and its PDF."""
    require_renderer()
    folder = tmp_path_factory.mktemp(f"printed-{request.param}")
    extra = (
        ("--records", str(ROOT / "docs" / "examples" / "records.jsonl")) if request.param == "records" else ()
    )
    workbook = _generate(folder / f"audit-{request.param}.xlsx", *extra)
    return workbook, to_pdf(workbook, folder / "pdf")


def _sheet_of(page: str) -> str:
    """The sheet a page prints, from the middle of its footer (``service  sheet  Page X of Y``)."""
    footer = next(line for line in reversed(page.splitlines()) if "Page " in line)
    parts = [part.strip() for part in footer.split("  ") if part.strip()]
    return parts[-2]


def _pages_by_sheet(pdf: Path) -> dict[str, list[str]]:
    pages: dict[str, list[str]] = collections.defaultdict(list)
    for page in page_texts(pdf):
        pages[_sheet_of(page)].append(page)
    return pages


def test_every_sheet_prints_with_its_footer(printed: tuple[Path, Path]) -> None:
    workbook, pdf = printed
    pages = page_texts(pdf)
    sheets = [ws.title for ws in openpyxl.load_workbook(workbook).worksheets if ws.sheet_state == "visible"]
    assert list(_pages_by_sheet(pdf)) == sheets
    for number, page in enumerate(pages, start=1):
        assert SERVICE in page
        assert f"Page {number} of {len(pages)}" in page
    assert len(pages) <= MOST_PAGES


def _question_column(words: list[PrintedWord]) -> str:
    """The words printed in one page's Question column (between its header and Tags'), in order."""
    header = min(word.y0 for word in words)
    top = [word for word in words if abs(word.y0 - header) < 2]
    left = max(word.x0 for word in top if word.text == "Question")  # not "Question id"
    right = next(word.x0 for word in top if word.text == "Tags")
    inside = [word for word in words if left - 1 <= word.x0 < right - 1 and word.y0 > header + 2]
    inside.sort(key=lambda word: (round(word.y0), word.x0))
    return _unbroken(" ".join(word.text for word in inside))


def _unbroken(text: str) -> str:
    """``text`` squashed, with a hyphenated word wrapped over two lines ("joined- up") made whole."""
    return re.sub(r"-\s+", "-", squashed(text))


def test_every_question_is_printed_whole_on_its_step_sheet(printed: tuple[Path, Path]) -> None:
    _workbook, pdf = printed
    sheets = [_sheet_of(page) for page in page_texts(pdf)]
    words: dict[int, list[PrintedWord]] = collections.defaultdict(list)
    for word in printed_words(pdf):
        words[word.page].append(word)
    for step, sheet in zip(Step, layout.STEP_SHEETS, strict=True):
        columns = [_question_column(words[n]) for n, name in enumerate(sheets, start=1) if name == sheet]
        assert columns, sheet
        for question in CATALOGUE.find_questions(step=step):
            text = _unbroken(question.text)
            assert any(text in column for column in columns), (sheet, question.id)


def test_every_header_repeats_on_every_page_of_its_sheet(printed: tuple[Path, Path]) -> None:
    _workbook, pdf = printed
    by_sheet = _pages_by_sheet(pdf)
    headed = {
        layout.FRAMEWORK: layout.FRAMEWORK_COLUMNS,
        **dict.fromkeys(layout.STEP_SHEETS, layout.STEP_COLUMNS),
        layout.PRIORITIES: layout.PRIORITY_COLUMNS,
        layout.ACTIONS: layout.ACTION_COLUMNS,
        layout.OFFER: offer_layout.PROGRAMME_COLUMNS,
        layout.OFFER_FIGURES: offer_layout.FIGURE_COLUMNS,
        layout.PROGRESS: layout.PROGRESS_COLUMNS,
    }
    for sheet, columns in headed.items():
        for number, page in enumerate(by_sheet[sheet], start=1):
            words = set(page.split())
            for letter, header in columns.items():
                if sheet in layout.STEP_SHEETS and letter == "L":
                    continue  # hidden: the ids each question touches, for the Progress formulas
                missing = [word for word in header.split() if word not in words]
                assert not missing, (sheet, number, header)


def test_no_cell_shows_an_error(printed: tuple[Path, Path]) -> None:
    _workbook, pdf = printed
    for number, page in enumerate(page_texts(pdf), start=1):
        assert not ERROR_SHOWN.search(page), (number, ERROR_SHOWN.search(page))


def _words(pdf: Path) -> list[PrintedWord]:
    return printed_words(pdf)


def test_every_word_is_on_the_paper_and_nothing_prints_under_9_pt(printed: tuple[Path, Path]) -> None:
    _workbook, pdf = printed
    sizes = page_sizes(pdf)
    words = _words(pdf)
    assert words
    for word in words:
        width, height = sizes[word.page - 1]
        assert word.x0 >= 0, word
        assert word.x1 <= width, word
        assert word.y0 >= 0, word
        assert word.y1 <= height, word
    pages: dict[int, list[float]] = collections.defaultdict(list)
    for word in words:
        pages[word.page].append(round(word.height, 1))
    for page, heights in pages.items():
        body = max(set(heights), key=heights.count)  # the commonest: 11 pt text, as scaled to fit
        # 9 pt text prints in a box about 9.2 pt high; the footer is 9 pt before scaling
        assert body >= 9.2, (page, body)
        assert min(heights) >= body * 9 / 11 * 0.97, (page, min(heights), body)


def test_a_blank_action_plan_prints_ruled_rows_on_one_page(printed: tuple[Path, Path]) -> None:
    workbook, pdf = printed
    pages = _pages_by_sheet(pdf)[layout.ACTIONS]
    assert len(pages) == 1
    ws = openpyxl.load_workbook(workbook)[layout.ACTIONS]
    last = 1 + layout.ACTION_ROWS
    assert ws.print_area == f"'{layout.ACTIONS}'!$A$1:$I${last}"
    for row in (2, last):
        assert ws[f"A{row}"].border.bottom.style == "thin"
        assert ws.row_dimensions[row].height >= 30  # two lines: room to write by hand


# -- a team's own column ---------------------------------------------------------------------------


def _filled(path: Path) -> Path:
    """A workbook with an action, an answer and a priority filled in, as a person would."""
    _generate(path)
    wb = openpyxl.load_workbook(path)
    actions = wb[layout.ACTIONS]
    for letter, value in zip(
        "ABCDEFGHI",
        (
            "Start a peer group",
            "KP3",
            "Sam",
            datetime.datetime(2026, 4, 10),
            datetime.datetime(2026, 6, 1),
            "In progress",
            "Venue booked",
            "12/05/2026",
            "",
        ),
        strict=True,
    ):
        actions[f"{letter}2"] = value or None
    wb["Assess"]["F2"] = "partly in place"  # lower case, as older workbooks wrote it
    wb["Assess"]["H2"] = "We map carers each quarter."
    wb.save(path)
    return path


def test_a_column_inserted_in_the_action_plan_is_noted_and_every_answer_read(tmp_path: Path) -> None:
    path = _filled(tmp_path / "audit.xlsx")
    before = read_audit_workbook(path, CATALOGUE)
    wb = openpyxl.load_workbook(path)
    ws = wb[layout.ACTIONS]
    ws.insert_cols(6)  # between Due (E) and Status, which moves to G
    ws["F1"] = "RAG"
    ws["F2"] = "Amber"
    ws["H2"] = "not a status"  # Progress notes, now in column H, is free text: any words do
    ws["G2"] = "In progress"
    wb.save(path)
    reading = read_audit_workbook(path, CATALOGUE)
    assert reading.notes == (
        "Action plan: column F 'RAG' is not one fosterkit reads; its values were left as they are",
    )
    assert reading.problems == ()
    (action,) = reading.cycle.actions
    (was,) = before.cycle.actions
    assert action.status is ActionStatus.IN_PROGRESS
    assert action.notes == "not a status"
    assert (action.action, action.link, action.owner, action.start, action.due, action.next_check_in) == (
        was.action,
        was.link,
        was.owner,
        was.start,
        was.due,
        was.next_check_in,
    )
    assert reading.cycle.answers == before.cycle.answers


def test_a_cell_in_a_moved_column_is_named_where_it_is_now(tmp_path: Path) -> None:
    path = _filled(tmp_path / "audit.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb[layout.ACTIONS]
    ws.insert_cols(2)
    ws["B1"] = "RAG"
    ws["F2"] = "31/02/2027"  # Due, now in column F
    wb.save(path)
    reading = read_audit_workbook(path, CATALOGUE)
    (problem,) = reading.problems
    assert (problem.sheet, problem.cell) == (layout.ACTIONS, "F2")
    assert "Due" in problem.message


def test_a_removed_required_column_is_one_clear_error(tmp_path: Path) -> None:
    path = _filled(tmp_path / "audit.xlsx")
    wb = openpyxl.load_workbook(path)
    wb[layout.ACTIONS].delete_cols(6)  # Status
    wb.save(path)
    with pytest.raises(StructureError) as caught:
        read_audit_workbook(path, CATALOGUE)
    assert len(caught.value.problems) == 1
    assert "the 'Action plan' sheet has no column headed 'Status' in row 1" in str(caught.value)
