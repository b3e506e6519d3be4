"""The body: each block of a :class:`fosterkit.plugins.Document` as Word's own paragraphs and tables."""

from __future__ import annotations

from typing import Any

from docx.document import Document as WordDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Length, Pt
from docx.text.paragraph import Paragraph as WordParagraph

from fosterkit.plugins import (
    Block,
    Bullets,
    Heading,
    PageBreak,
    Paragraph,
    ParagraphStyle,
    Table,
)
from fosterkit_word.styles import NOTE, TEXT_WIDTH
from fosterkit_word.text import add_text

__all__ = ["Body"]

_STYLES = {ParagraphStyle.NORMAL: "Normal", ParagraphStyle.NOTE: NOTE, ParagraphStyle.QUOTE: "Quote"}
#: A light grey behind the header row of a table, so it reads as a header on paper too.
_HEADER_SHADE = "D9D9D9"
#: The fewest and most characters a column's width is reckoned for (see :func:`column_widths`).
_NARROWEST, _WIDEST = 6, 40
#: Space above and below the words in a cell, so rows do not crowd each other.
_CELL_PADDING = Pt(2)


class Body:
    """Adds blocks to a python-docx document one by one, carrying a page break to the block after it."""

    def __init__(self, doc: WordDocument) -> None:
        self._doc = doc
        self._break_pending = False
        self._numbered_lists = 0
        self._after_table = False

    def add(self, block: Block) -> None:
        """Lay ``block`` out at the end of the document."""
        if isinstance(block, PageBreak):
            self._break_pending = True
        elif isinstance(block, Heading):
            self._paragraph(block.text, f"Heading {block.level}")
        elif isinstance(block, Paragraph):
            self._paragraph(block.text, _STYLES[block.style])
        elif isinstance(block, Bullets):
            self._bullets(block)
        else:
            self._table(block)

    def title(self, text: str) -> None:
        """The document's title, in Word's Title style."""
        self._paragraph(text, "Title")

    def _paragraph(self, text: str, style: str) -> WordParagraph:
        paragraph = self._doc.add_paragraph(style=style)
        self._after_table = False
        add_text(paragraph, text)
        if self._break_pending:
            paragraph.paragraph_format.page_break_before = True
            self._break_pending = False
        return paragraph

    def _bullets(self, block: Bullets) -> None:
        style = "List Number" if block.numbered else "List Bullet"
        numbering = self._restarted_numbering() if block.numbered else None
        for item in block.items:
            paragraph = self._paragraph(item, style)
            if numbering is not None:
                num_pr: Any = paragraph._p.get_or_add_pPr().get_or_add_numPr()
                num_pr.get_or_add_ilvl().val = 0
                num_pr.get_or_add_numId().val = numbering

    def _restarted_numbering(self) -> int | None:
        """For every numbered list after the first, a numbering of List Number's kind that starts again at 1.

        Word (and LibreOffice) number every List Number paragraph of a document in one run, so
        without this a second list would go on from where the first stopped.
        """
        self._numbered_lists += 1
        if self._numbered_lists == 1:
            return None
        style: Any = self._doc.styles["List Number"].element
        numbering: Any = self._doc.part.numbering_part.element
        num = numbering.num_having_numId(style.pPr.numPr.numId.val)
        restarted = numbering.add_num(num.abstractNumId.val)
        restarted.add_lvlOverride(ilvl=0).add_startOverride(1)
        number: int = restarted.numId
        return number

    def _table(self, block: Table) -> None:
        if block.caption:
            self._paragraph(block.caption, "Caption")
        elif self._break_pending or self._after_table:
            # A table needs a paragraph before it to start a page, and two tables side by side
            # would run together into one: an empty paragraph stands between.
            self._paragraph("", "Normal")
        table = self._doc.add_table(rows=1 + len(block.rows), cols=len(block.header))
        table.style = self._doc.styles["Table Grid"]
        table.autofit = False
        widths = column_widths(block)
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        for number, cells in enumerate((block.header, *block.rows)):
            row = table.rows[number]
            _row_properties(row._tr, header=number == 0)
            for cell, text, width in zip(row.cells, cells, widths, strict=True):
                cell.width = width
                paragraph = cell.paragraphs[0]
                paragraph.paragraph_format.space_before = _CELL_PADDING
                paragraph.paragraph_format.space_after = _CELL_PADDING
                run = add_text(paragraph, text)
                if number == 0:
                    run.bold = True
                    _shade(cell._tc)
        self._after_table = True


def column_widths(table: Table) -> list[Length]:
    """Each column's share of the page's width, after the longest text in it (within limits).

    A column of counts needs little room, a column of reasons much more; a heading may wrap, so
    only its longest word counts. No column is reckoned narrower than a short word or wider
    than a long sentence, so none is squeezed to nothing.
    """
    headings = [max((len(word) for word in heading.split()), default=0) for heading in table.header]
    cells = [max((len(cell) for cell in column), default=0) for column in zip(*table.rows, strict=True)]
    lengths = [max(pair) for pair in zip(headings, cells or [0] * len(headings), strict=True)]
    weights = [min(max(length, _NARROWEST), _WIDEST) for length in lengths]
    return [Emu(TEXT_WIDTH * weight // sum(weights)) for weight in weights]


def _row_properties(tr: Any, *, header: bool) -> None:
    """Keep a row on one page; the header row is repeated at the top of every page the table runs to."""
    tr_pr = tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


def _shade(tc: Any) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), _HEADER_SHADE)
    tc.get_or_add_tcPr().append(shading)
