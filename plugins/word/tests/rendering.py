"""Render a Word document as a person would see it: LibreOffice makes a PDF, pdftotext reads it.

The tests check what a printed page shows, not only what the XML says: that every block's
words are there, the header row repeats on the next page, the footer counts the pages. Without
LibreOffice or pdftotext the render tests are skipped, saying why; under CI (``CI`` set) they
fail instead, since CI installs both (the install line in README.md).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

__all__ = ["pdf_pages", "pdf_text", "render", "require_renderer"]

#: The programs rendering needs, and the Debian/Ubuntu package each comes in.
TOOLS = {"soffice": "libreoffice-writer-nogui", "pdftotext": "poppler-utils"}


def require_renderer() -> None:
    """Skip the calling test when LibreOffice or pdftotext is missing; fail it under CI."""
    missing = [f"{tool} ({package})" for tool, package in TOOLS.items() if shutil.which(tool) is None]
    if not missing:
        return
    reason = f"rendering needs {' and '.join(missing)}: not installed"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must install it (see the install line in README.md)")
    pytest.skip(reason)


def render(docx: Path, tmp: Path) -> Path:
    """``docx`` converted to PDF by LibreOffice, headless, with a profile of its own under ``tmp``."""
    require_renderer()
    out = tmp / f"{docx.stem}-pdf"
    out.mkdir(parents=True, exist_ok=True)
    profile = (tmp / f"{docx.stem}-profile").resolve()
    done = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(docx),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    pdf = out / f"{docx.stem}.pdf"
    if done.returncode or not pdf.is_file():
        pytest.fail(f"LibreOffice could not convert {docx}: {done.stderr}")
    return pdf


def _pdftotext(pdf: Path, *options: str) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", *options, str(pdf), "-"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout


def pdf_text(docx: Path, tmp: Path) -> str:
    """Every word ``docx`` shows when printed, page after page (pages end with a form feed)."""
    return _pdftotext(render(docx, tmp))


def pdf_pages(docx: Path, tmp: Path) -> list[str]:
    """The text of each printed page of ``docx``, one page at a time (``pdftotext -f N -l N``)."""
    pdf = render(docx, tmp)
    count = _pdftotext(pdf).count("\f")
    return [_pdftotext(pdf, "-f", str(n), "-l", str(n)) for n in range(1, count + 1)]
