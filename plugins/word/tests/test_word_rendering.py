"""Word documents as they print: LibreOffice turns them into PDF, and the pages are read back.

Each check here is on what a person holding the printout sees: every block's words, the
letterhead and "Page X of Y" on every page, the header row of a long table again on the next
page, the logo, nothing too small to read and nothing off the edge of the paper. The rendering
is done once for the module (LibreOffice takes seconds to start).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import attrs
import pytest
from rendering import pdf_pages, pdf_text, render, require_renderer

from fosterkit.plugins import Document, DocumentFormat, PageBreak, Paragraph, Table
from fosterkit.testing import conformance

LONG_TABLE = Table(
    header=("Reason for leaving", "Carers", "What we did"),
    rows=tuple((f"Reason number {n}", str(n), "Changed" if n % 2 else "Under review") for n in range(1, 81)),
    caption="Every reason, one row each",
)
AFTER_BREAK = "This paragraph starts a page of its own."


@pytest.fixture(scope="module")
def word() -> DocumentFormat:
    return conformance.check_plugin("word").document_formats["word"]


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> Document:
    logo = conformance.sample_logo(tmp_path_factory.mktemp("logo") / "logo.png")
    sample = conformance.sample_document(logo=str(logo))
    return attrs.evolve(sample, blocks=(*sample.blocks, LONG_TABLE, PageBreak(), Paragraph(AFTER_BREAK)))


@pytest.fixture(scope="module")
def rendered(word: DocumentFormat, document: Document, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The PDF of :func:`document` as LibreOffice prints it."""
    require_renderer()
    folder = tmp_path_factory.mktemp("render")
    word.write(document, folder / "letter.docx")
    return render(folder / "letter.docx", folder)


@pytest.fixture(scope="module")
def pages(rendered: Path) -> list[str]:
    return [
        subprocess.run(
            ["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(rendered), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, _page_count(rendered) + 1)
    ]


def _page_count(pdf: Path) -> int:
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.count("\f")


def squashed(text: str) -> str:
    return " ".join(text.split())


def test_every_part_of_every_block_is_printed(pages: list[str], document: Document) -> None:
    printed = squashed("\n".join(pages))
    missing = [p for p in conformance.document_parts(document) if p not in printed]
    assert not missing


def test_the_kit_with_printed_words(word: DocumentFormat, tmp_path: Path) -> None:
    require_renderer()
    conformance.check_document_format(word, tmp_path, words=lambda p: pdf_text(p, tmp_path), max_examples=3)


def test_lists_show_their_bullets_and_numbers_each_from_one(pages: list[str]) -> None:
    lines = [line.strip() for line in "\n".join(pages).splitlines()]
    assert "• Respite was hard to arrange" in [squashed(line) for line in lines]
    numbered = [squashed(line) for line in lines if re.match(r"\d\.\s", line)]
    assert numbered[:4] == [
        "1. A duty worker every night",
        "2. Respite booked within a week",
        "1. Review in six months",
        '2. =HYPERLINK("http://example.invalid","click")',
    ]


def test_the_letterhead_and_page_x_of_y_are_on_every_page(pages: list[str]) -> None:
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert "Anytown Fostering Service" in page, number
        assert "Town Hall, Anytown AN1 1AA" in page, number
        assert re.search(rf"OFFICIAL-SENSITIVE\s+Page {number} of {len(pages)}\s*$", page), page[-300:]


def test_a_long_tables_header_row_is_repeated_on_the_next_page(pages: list[str]) -> None:
    starts = [n for n, page in enumerate(pages) if "Every reason, one row each" in page]
    assert starts
    first = starts[0]
    assert "Reason number 80" not in pages[first]  # the table runs over
    following = pages[first + 1]
    header = following.index("Reason for leaving")
    assert following.index("Reason number") > header
    assert re.search(r"Reason for leaving\s+Carers\s+What we did", following)


def test_a_page_break_starts_a_new_page(pages: list[str]) -> None:
    page = next(page for page in pages if AFTER_BREAK in page)
    before = page[: page.index(AFTER_BREAK)]
    assert "Reason number" not in before
    assert squashed(before).endswith("fostering@anytown.example")  # only the letterhead above it


def test_the_logo_is_printed_on_every_page(rendered: Path, pages: list[str]) -> None:
    listing = subprocess.run(
        ["pdfimages", "-list", str(rendered)], capture_output=True, text=True, check=True
    )
    on_pages = {int(line.split()[0]) for line in listing.stdout.splitlines()[2:] if line.strip()}
    assert on_pages == set(range(1, len(pages) + 1))


def _words(pdf: Path) -> tuple[list[tuple[float, float]], list[tuple[float, float, float, float, str]]]:
    """Each page's size, and each printed word's box (points) with its text, from ``pdftotext -bbox``."""
    xhtml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True)
    root = ElementTree.fromstring(xhtml.stdout)
    ns = "{http://www.w3.org/1999/xhtml}"
    sizes: list[tuple[float, float]] = []
    words: list[tuple[float, float, float, float, str]] = []
    for page in root.iter(f"{ns}page"):
        sizes.append((float(page.get("width", "0")), float(page.get("height", "0"))))
        for word in page.iter(f"{ns}word"):
            x0, y0, x1, y1 = (float(word.get(k, "0")) for k in ("xMin", "yMin", "xMax", "yMax"))
            words.append((x0, y0, x1, y1, word.text or ""))
    return sizes, words


def test_the_print_is_a4_readable_and_nothing_is_cut_off(rendered: Path) -> None:
    sizes, words = _words(rendered)
    assert {(round(w / 72 * 2.54, 1), round(h / 72 * 2.54, 1)) for w, h in sizes} == {(21.0, 29.7)}
    width, height = sizes[0]
    for x0, y0, x1, y1, text in words:
        margin = 28  # points: 1 cm of bare paper at every edge
        assert min(x0, y0) >= margin, text
        assert x1 <= width - margin, text
        assert y1 <= height - margin, text
    heights = sorted(y1 - y0 for _, y0, _, y1, _ in words)
    body = max(set(heights), key=heights.count)  # the commonest: 11 pt body text
    assert heights[0] >= body * 9 / 11 * 0.97, (heights[0], body)  # nothing under 9 pt


def test_the_pages_helper_reads_pages_one_by_one(word: DocumentFormat, tmp_path: Path) -> None:
    require_renderer()
    sample = conformance.sample_document()
    word.write(sample, tmp_path / "short.docx")
    pages = pdf_pages(tmp_path / "short.docx", tmp_path)
    assert len(pages) == 2  # the sample breaks its page once
    assert "Page 1 of 2" in pages[0]
    assert "Page 2 of 2" in pages[1]
