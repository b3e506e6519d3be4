"""The page and the styles: A4 portrait, one readable font, and Word's own built-in styles.

The body is 11 pt and nothing is smaller than 9.5 pt. Headings use Word's built-in Heading 1-3
and the title Word's Title, so the navigation pane, a table of contents and a screen reader all
see the document's structure; lists use List Bullet and List Number, tables Table Grid (with
borders), captions Caption, quoted words Quote. Only one style is our own: ``Note``, for
smaller print. Every style names its font itself, so a theme cannot swap it.
"""

from __future__ import annotations

from typing import Any

from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import ParagraphStyle

__all__ = ["FONT", "NOTE", "TEXT_WIDTH", "prepare", "set_font"]

#: The one typeface: on every Windows and Mac computer, and metric-compatible Liberation Sans in LibreOffice.
FONT = "Arial"
#: The name of the one style of our own, for :class:`fosterkit.plugins.ParagraphStyle` ``NOTE``.
NOTE = "Note"
#: Dark blue for the title and the upper headings: over 12:1 against white.
_NAVY = RGBColor(0x1F, 0x38, 0x64)
_DARK_GREY = RGBColor(0x40, 0x40, 0x40)
_BLACK = RGBColor(0, 0, 0)
_LANGUAGE = "en-GB"
_PAGE_WIDTH, _PAGE_HEIGHT = 21.0, 29.7  # A4, in cm
_SIDE_MARGIN = 2.2
#: The width of the page between its side margins.
TEXT_WIDTH = Cm(_PAGE_WIDTH - 2 * _SIDE_MARGIN)


def prepare(doc: WordDocument) -> None:
    """Set ``doc`` (a new python-docx document) up as every fosterkit document is: page, font, styles."""
    _page(doc)
    _defaults(doc)
    _style(doc, "Normal", size=11, after=6)
    _style(doc, "Title", size=20, bold=True, colour=_NAVY, after=12)
    _style(doc, "Heading 1", size=16, bold=True, colour=_NAVY, before=18, after=6)
    _style(doc, "Heading 2", size=13, bold=True, colour=_NAVY, before=12, after=4)
    _style(doc, "Heading 3", size=11.5, bold=True, colour=_BLACK, before=10, after=2)
    _style(doc, "List Bullet", size=11, after=3)
    _style(doc, "List Number", size=11, after=3)
    caption = _style(doc, "Caption", size=10, bold=True, colour=_BLACK, before=6, after=3)
    caption.paragraph_format.keep_with_next = True  # a caption stays with its table
    quote = _style(doc, "Quote", size=11, italic=True, colour=_DARK_GREY, after=6)
    quote.paragraph_format.left_indent = Cm(1)
    quote.paragraph_format.right_indent = Cm(1)
    note = doc.styles.add_style(NOTE, WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = doc.styles["Normal"]
    note.quick_style = True
    _style(doc, NOTE, size=9.5, colour=_DARK_GREY, after=6)
    _bullet(doc)


def _bullet(doc: WordDocument) -> None:
    """List Bullet's mark as the character "•" in our font, not a private glyph of the Symbol font.

    The text a PDF or a screen reader gets from Symbol's bullet is a private-use character (or
    nothing); U+2022 is a bullet everywhere.
    """
    style: Any = doc.styles["List Bullet"].element
    numbering: Any = doc.part.numbering_part.element
    num = numbering.num_having_numId(style.pPr.numPr.numId.val)
    for level in numbering.iterchildren(qn("w:abstractNum")):
        if level.get(qn("w:abstractNumId")) != str(num.abstractNumId.val):
            continue
        for text in level.iter(qn("w:lvlText")):
            text.set(qn("w:val"), "\u2022")
        for rpr in level.iter(qn("w:rPr")):
            set_font(rpr)


def _page(doc: WordDocument) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(_PAGE_WIDTH), Cm(_PAGE_HEIGHT)
    section.left_margin = section.right_margin = Cm(_SIDE_MARGIN)
    section.top_margin = section.bottom_margin = Cm(2)
    section.header_distance = section.footer_distance = Cm(1)


def _defaults(doc: WordDocument) -> None:
    """The document's default run properties: our font (not the theme's), 11 pt, British English."""
    rpr: Any = doc.styles.element.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr"))
    if rpr is None:  # pragma: no cover - python-docx's template has them
        return
    set_font(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:  # pragma: no cover - python-docx's template has one
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), _LANGUAGE)


def set_font(rpr: Any) -> None:
    """Name :data:`FONT` in the run properties ``rpr`` for every script, dropping any theme font."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in list(fonts.attrib):
        if attribute.endswith("Theme"):  # a theme font wins over a named one
            del fonts.attrib[attribute]
    for script in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(script), FONT)


def _style(
    doc: WordDocument,
    name: str,
    *,
    size: float,
    bold: bool = False,
    italic: bool = False,
    colour: RGBColor = _BLACK,
    before: float = 0,
    after: float = 0,
) -> ParagraphStyle:
    style: Any = doc.styles[name]
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = italic
    style.font.color.rgb = colour
    set_font(style.element.get_or_add_rPr())
    style.paragraph_format.space_before = Pt(before)
    style.paragraph_format.space_after = Pt(after)
    result: ParagraphStyle = style
    return result
