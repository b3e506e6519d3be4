"""A document as fosterkit builds it: a title, a letterhead and a run of plain blocks.

Letters, the discussion guide and the report are built here, in the core, as :class:`Document`
values; a document format (the Word plugin offers ``word``) lays one out in a file. The blocks
are deliberately few (headings, paragraphs, lists, tables, page breaks), so any format can
show every one of them, and nothing about fonts or page size is decided here.
"""

from __future__ import annotations

import enum

from attrs import field, frozen

from fosterkit._util import validators as v
from fosterkit.errors import FieldError

__all__ = [
    "Block",
    "Bullets",
    "Document",
    "Heading",
    "Letterhead",
    "PageBreak",
    "Paragraph",
    "ParagraphStyle",
    "Table",
]


def _level(_instance: object, _attribute: object, value: int) -> None:
    if not 1 <= value <= 3:
        raise FieldError("level", f"a heading is of level 1, 2 or 3, not {value}")


@frozen
class Heading:
    """A heading of level 1 (a section), 2 or 3."""

    text: str = field(validator=v.text)
    level: int = field(default=1, validator=[v.instance_of(int), _level])


class ParagraphStyle(enum.Enum):
    """How a paragraph stands out, if at all."""

    NORMAL = "normal"
    NOTE = "note"
    """Smaller print: a note on the figures, a data-protection line."""
    QUOTE = "quote"
    """Set apart: a carer's suggestion quoted back to them."""


@frozen
class Paragraph:
    """A paragraph of text; a line break inside it is kept (an address, a signature)."""

    text: str = field(validator=v.text)
    style: ParagraphStyle = field(default=ParagraphStyle.NORMAL, validator=v.instance_of(ParagraphStyle))


@frozen
class Bullets:
    """A list of points, numbered or not."""

    items: tuple[str, ...] = field(validator=[v.instance_of(tuple), v.items(v.text)])
    numbered: bool = field(default=False, validator=v.instance_of(bool))


def _rows(instance: Table, _attribute: object, value: tuple[tuple[str, ...], ...]) -> None:
    width = len(instance.header)
    for i, row in enumerate(value):
        if not isinstance(row, tuple) or not all(isinstance(cell, str) for cell in row):
            raise FieldError(f"rows[{i}]", "expected a tuple of text cells")
        if len(row) != width:
            raise FieldError(f"rows[{i}]", f"has {len(row)} cells, the header has {width}")


@frozen
class Table:
    """A table with one header row; every cell is text, already worded (``[c]`` for a suppressed count)."""

    header: tuple[str, ...] = field(validator=[v.instance_of(tuple), v.items(v.text)])
    rows: tuple[tuple[str, ...], ...] = field(validator=[v.instance_of(tuple), _rows])
    caption: str = field(default="", validator=v.optional_text)


@frozen
class PageBreak:
    """Start a new page (between merged letters, say)."""


#: Any block a document holds.
Block = Heading | Paragraph | Bullets | Table | PageBreak
_BLOCKS = (Heading, Paragraph, Bullets, Table, PageBreak)


@frozen(kw_only=True)
class Letterhead:
    """Who the document is from: shown at the top of every page."""

    service: str = field(validator=v.text)
    contact: str = field(default="", validator=v.optional_text)
    logo: str = field(default="", validator=v.optional_text)
    """The path of an image file (PNG or JPEG) to show beside the service's name; empty for none."""


@frozen(kw_only=True)
class Document:
    """A whole document: what it is, its title, its letterhead, its blocks and a footer line."""

    kind: str = field(validator=v.identifier)
    """What the document is: ``offer``, ``explain``, ``feedback``, ``checklist``, ``discussion_guide``,
    ``report``."""
    title: str = field(validator=v.text)
    letterhead: Letterhead = field(validator=v.instance_of(Letterhead))
    blocks: tuple[Block, ...] = field(validator=[v.instance_of(tuple), v.items(v.instance_of(_BLOCKS))])
    footer: str = field(default="", validator=v.optional_text)
    """A line at the foot of every page (a protective marking, say), beside the page number."""

    def text(self) -> str:
        """Every word of the document as plain text, one block to a line (for checks and search)."""
        lines = [self.letterhead.service, self.letterhead.contact, self.title]
        for block in self.blocks:
            if isinstance(block, (Heading, Paragraph)):
                lines.append(block.text)
            elif isinstance(block, Bullets):
                lines.extend(block.items)
            elif isinstance(block, Table):
                lines.append(block.caption)
                lines.extend(" ".join(row) for row in (block.header, *block.rows))
        lines.append(self.footer)
        return "\n".join(line for line in lines if line)
