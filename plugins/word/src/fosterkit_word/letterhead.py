"""The top and foot of every page: the letterhead (logo, service, contact) and "Page X of Y"."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.image.image import Image
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Length, Pt
from docx.text.paragraph import Paragraph

from fosterkit.errors import FosterkitError, cannot_read, file_looks_like
from fosterkit.plugins import Letterhead
from fosterkit_word.styles import TEXT_WIDTH
from fosterkit_word.text import add_text, xml_safe

__all__ = ["LogoError", "add_footer", "add_letterhead", "read_logo"]

#: How tall the logo is drawn, unless that would make it wider than :data:`_LOGO_WIDTH`.
_LOGO_HEIGHT = Cm(1.6)
_LOGO_WIDTH = Cm(5.5)
_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"


class LogoError(FosterkitError):
    """The letterhead's logo cannot be read, or is not a PNG or JPEG image."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: the letterhead's logo {reason}")


def read_logo(path: str) -> bytes:
    """The bytes of the PNG or JPEG image at ``path``; :class:`LogoError` if it is anything else."""
    try:
        blob = Path(path).read_bytes()
    except OSError as err:
        raise LogoError(path, f"cannot be read: {cannot_read(err)}") from err
    if not blob.startswith((_PNG, _JPEG)):
        raise LogoError(path, f"is not a PNG or JPEG image (it looks like {file_looks_like(blob[:512])})")
    return blob


def _logo_size(path: str, blob: bytes) -> tuple[Length | None, Length | None]:
    """The width or height to draw the logo at: :data:`_LOGO_HEIGHT` tall, or narrower if it is wide."""
    try:
        image = Image.from_blob(blob)
        ratio = image.px_width / image.px_height
    except Exception as err:  # python-docx's parsers raise many kinds for a damaged image
        raise LogoError(path, "is damaged: it starts as a PNG or JPEG image but is not one") from err
    if _LOGO_HEIGHT * ratio > _LOGO_WIDTH:
        return _LOGO_WIDTH, None
    return None, _LOGO_HEIGHT


def add_letterhead(section: Section, letterhead: Letterhead, logo: bytes | None) -> None:
    """Put the letterhead in the page header of ``section``: the logo at the left, the words at the right."""
    header = section.header
    header.is_linked_to_previous = False
    first: Paragraph = header.paragraphs[0]
    if logo is None:
        _words(first, letterhead)
        return
    width, height = _logo_size(letterhead.logo, logo)
    grid = header.add_table(1, 2, TEXT_WIDTH)
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = grid.rows[0].cells
    picture = left.paragraphs[0].add_run().add_picture(io.BytesIO(logo), width=width, height=height)
    inline: Any = picture._inline  # python-docx has no public setter for a picture's alternative text
    inline.docPr.set("descr", xml_safe(letterhead.service))
    _words(right.paragraphs[0], letterhead)
    # A header ends with a paragraph: the table goes before the (empty) one it starts with.
    first._p.addprevious(grid._tbl)


def _words(paragraph: Paragraph, letterhead: Letterhead) -> None:
    """The service's name, and below it the contact (one line or several), aligned right."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.paragraph_format.space_after = Pt(6)
    name = add_text(paragraph, letterhead.service)
    name.bold = True
    name.font.size = Pt(12)
    if letterhead.contact:
        paragraph.add_run().add_break()
        add_text(paragraph, letterhead.contact).font.size = Pt(10)


def add_footer(section: Section, footer: str) -> None:
    """Put ``footer`` at the foot of every page, and "Page X of Y" at the right of it."""
    section.footer.is_linked_to_previous = False
    paragraph = section.footer.paragraphs[0]
    # Not the Footer style: Word's and LibreOffice's own each bring tab stops (centre, right)
    # that would catch the tab before ours.
    paragraph.style = "Normal"
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    runs = []
    if footer:
        runs.append(add_text(paragraph, footer))
    runs.append(paragraph.add_run("\tPage "))
    runs.extend(_field(paragraph, "PAGE"))
    runs.append(paragraph.add_run(" of "))
    runs.extend(_field(paragraph, "NUMPAGES"))
    for run in runs:
        run.font.size = Pt(10)


def _field(paragraph: Paragraph, instruction: str) -> list[Any]:
    """A field Word and LibreOffice fill in when they lay the page out (``PAGE``, ``NUMPAGES``)."""
    runs = []
    for kind in ("begin", "instruction", "separate", "shown", "end"):
        run = paragraph.add_run()
        if kind == "instruction":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} \\* MERGEFORMAT "
        elif kind == "shown":
            element = OxmlElement("w:t")
            element.text = "1"  # what a reader that does not lay out pages shows
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)
        runs.append(run)
    return runs
