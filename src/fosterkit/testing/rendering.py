"""Print a workbook or document as a person would, and read back what each page shows.

LibreOffice (headless) turns an ``.xlsx`` or ``.docx`` into a PDF; poppler's ``pdftotext``
reads it back page by page, and with word boxes, so a test can check what a printed page shows
rather than what the file's XML says: that a header repeats on every page of a sheet, that a
question is printed whole, that nothing is smaller than 9 pt or off the paper.

Rendering needs ``soffice`` and ``pdftotext`` (on Debian and Ubuntu, the packages named in
:data:`RENDER_TOOLS`; the README's install line installs them). :func:`require_renderer` skips
the calling test when they are missing and fails it under CI (``CI`` set), where they must be.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from xml.etree import ElementTree

from attrs import field, frozen

__all__ = [
    "ERROR_SHOWN",
    "RENDER_TOOLS",
    "PrintedWord",
    "missing_tools",
    "page_sizes",
    "page_texts",
    "printed_words",
    "require_renderer",
    "squashed",
    "to_pdf",
]

#: The programs rendering needs, and the Debian/Ubuntu package each comes in.
RENDER_TOOLS = {
    "soffice": "libreoffice-calc-nogui and libreoffice-writer-nogui",
    "pdftotext": "poppler-utils",
}

#: What a spreadsheet cell shows when a formula fails, in Excel's words or LibreOffice's.
ERROR_SHOWN = re.compile(r"#DIV/0!|#N/A|#VALUE!|#REF!|#NAME\?|#NUM!|#NULL!|Err:\d{3}")

_XHTML = "{http://www.w3.org/1999/xhtml}"


def missing_tools() -> list[str]:
    """The rendering programs not found on ``PATH``, each with the package that brings it."""
    return [f"{tool} ({package})" for tool, package in RENDER_TOOLS.items() if shutil.which(tool) is None]


def require_renderer() -> None:
    """Skip the calling pytest test when a rendering program is missing; fail it under CI."""
    import pytest  # only tests call this; fosterkit.testing does not depend on pytest

    missing = missing_tools()
    if not missing:
        return
    reason = f"rendering needs {' and '.join(missing)}: not installed"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must install it (see the install line in README.md)")
    pytest.skip(reason)


def to_pdf(path: Path, out_dir: Path) -> Path:
    """``path`` printed to ``out_dir``/<name>.pdf by LibreOffice, headless, with a profile of its own.

    Raises :class:`RuntimeError` with LibreOffice's words when the conversion fails.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="fosterkit-render-") as profile:
        done = subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation={Path(profile).resolve().as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out_dir),
                str(path),
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    pdf = out_dir / f"{path.stem}.pdf"
    if done.returncode or not pdf.is_file() or pdf.stat().st_size == 0:
        raise RuntimeError(
            f"LibreOffice could not print {path}: {done.stderr.strip() or done.stdout.strip()}"
        )
    return pdf


def _pdftotext(pdf: Path, *options: str) -> str:
    done = subprocess.run(
        ["pdftotext", *options, str(pdf), "-"], capture_output=True, text=True, timeout=120, check=True
    )
    return done.stdout


def page_texts(pdf: Path) -> list[str]:
    """The text each page of ``pdf`` shows, laid out as printed (``pdftotext -layout``), in order."""
    pages = _pdftotext(pdf, "-layout").split("\f")
    if pages and not pages[-1].strip():
        pages.pop()  # pdftotext ends the last page with a form feed too
    return pages


def squashed(text: str) -> str:
    """``text`` with every run of white space made one space: for finding wrapped text on a page."""
    return " ".join(text.split())


@frozen
class PrintedWord:
    """One word as printed: its page (from 1), its box in points from the top left, and its text."""

    page: int = field()
    x0: float = field()
    y0: float = field()
    x1: float = field()
    y1: float = field()
    text: str = field()

    @page.validator
    def _check_page(self, _attribute: object, value: int) -> None:
        if value < 1:
            raise ValueError(f"pages count from 1, not {value}")

    @property
    def height(self) -> float:
        """The height of the word's box: about 1.2 times its font size."""
        return self.y1 - self.y0


def _bbox(pdf: Path) -> ElementTree.Element:
    return ElementTree.fromstring(_pdftotext(pdf, "-bbox"))


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    """Each page's width and height, in points."""
    return [
        (float(page.get("width", "0")), float(page.get("height", "0")))
        for page in _bbox(pdf).iter(f"{_XHTML}page")
    ]


def printed_words(pdf: Path) -> list[PrintedWord]:
    """Every word printed in ``pdf``, with its page and box (``pdftotext -bbox``)."""
    words: list[PrintedWord] = []
    for number, page in enumerate(_bbox(pdf).iter(f"{_XHTML}page"), start=1):
        for word in page.iter(f"{_XHTML}word"):
            x0, y0, x1, y1 = (float(word.get(key, "0")) for key in ("xMin", "yMin", "xMax", "yMax"))
            words.append(PrintedWord(number, x0, y0, x1, y1, word.text or ""))
    return words
