"""Render a Word document as a person would see it, with :mod:`fosterkit.testing.rendering`.

The tests check what a printed page shows, not only what the XML says: that every block's
words are there, the header row repeats on the next page, the footer counts the pages. Without
LibreOffice or pdftotext the render tests are skipped, saying why; under CI (``CI`` set) they
fail instead, since CI installs both (the install line in README.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fosterkit.testing.rendering import page_texts, require_renderer, to_pdf

__all__ = ["pdf_pages", "pdf_text", "render", "require_renderer"]


def render(docx: Path, tmp: Path) -> Path:
    """``docx`` converted to PDF by LibreOffice, headless, under ``tmp``."""
    require_renderer()
    try:
        return to_pdf(docx, tmp / f"{docx.stem}-pdf")
    except RuntimeError as err:
        pytest.fail(str(err))


def pdf_pages(docx: Path, tmp: Path) -> list[str]:
    """The text of each printed page of ``docx``, one page at a time."""
    return page_texts(render(docx, tmp))


def pdf_text(docx: Path, tmp: Path) -> str:
    """Every word ``docx`` shows when printed, page after page (pages end with a form feed)."""
    return "".join(page + "\f" for page in pdf_pages(docx, tmp))
