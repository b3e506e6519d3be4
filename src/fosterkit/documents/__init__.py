"""Documents a service sends: letters to carers, the interviewer's discussion guide, the report.

Everything here is pure: a document is built as a :class:`Document` from records, the
taxonomy and a :class:`TemplatePack` (the service's own wording), and a document format
plugin lays it out in a file.
"""

from __future__ import annotations

from fosterkit.documents.model import (
    Block,
    Bullets,
    Document,
    Heading,
    Letterhead,
    PageBreak,
    Paragraph,
    ParagraphStyle,
    Table,
)

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
