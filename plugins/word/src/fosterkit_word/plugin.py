"""The ``word`` document format: letters, the discussion guide and reports as Word (.docx) files."""

from __future__ import annotations

from fosterkit.plugins import DocumentFormat, hookimpl
from fosterkit_word.writer import write_document

__all__ = ["fosterkit_document_formats"]


@hookimpl
def fosterkit_document_formats() -> list[DocumentFormat]:
    """The ``word`` format, writing ``.docx`` files."""
    return [
        DocumentFormat(
            name="word",
            suffixes=(".docx",),
            description=(
                "a Word document (.docx): A4, the letterhead on every page, Word's own heading, "
                "list and table styles, page X of Y"
            ),
            write=write_document,
        )
    ]
