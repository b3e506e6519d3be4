"""The rendering helpers of fosterkit.testing: print a workbook, read back each page and word."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]

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


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_renderer()
    tmp = tmp_path_factory.mktemp("render")
    wb = Workbook()
    ws = wb.active
    ws.title = "First"
    ws["A1"] = "Hello printed   world"
    ws["A2"] = "=1/0"
    wb.create_sheet("Second")["B3"] = "Second page words"
    wb.save(tmp / "two.xlsx")
    return to_pdf(tmp / "two.xlsx", tmp / "out")


def test_each_sheet_prints_on_its_own_page_with_its_words(pdf: Path) -> None:
    pages = page_texts(pdf)
    assert len(pages) == 2
    assert "Hello printed world" in squashed(pages[0])
    assert "Second page words" in squashed(pages[1])
    assert ERROR_SHOWN.search(pages[0]) is not None  # LibreOffice shows the failed formula
    assert ERROR_SHOWN.search(pages[1]) is None


def test_words_carry_their_page_and_a_box_on_the_paper(pdf: Path) -> None:
    sizes = page_sizes(pdf)
    words = printed_words(pdf)
    assert len(sizes) == 2
    assert {w.page for w in words} == {1, 2}
    for word in words:
        width, height = sizes[word.page - 1]
        assert 0 <= word.x0 < word.x1 <= width
        assert 0 <= word.y0 < word.y1 <= height
        assert 5 < word.height < 30
    assert [w.text for w in words if w.page == 2] == ["Second", "page", "words"]


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    require_renderer()
    with pytest.raises(RuntimeError, match="could not print"):
        to_pdf(tmp_path / "absent.xlsx", tmp_path / "out")


def test_pages_count_from_one() -> None:
    with pytest.raises(ValueError, match="from 1"):
        PrintedWord(0, 0, 0, 1, 1, "x")
