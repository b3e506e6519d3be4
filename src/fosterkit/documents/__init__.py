"""Documents a service sends: letters to carers, the interviewer's discussion guide, the report.

Everything here is pure: a document is built as a :class:`Document` from records, the
taxonomy and a :class:`TemplatePack` (the service's own wording), and a document format
plugin lays it out in a file.
"""

from __future__ import annotations

from fosterkit.documents.guide import discussion_guide
from fosterkit.documents.letters import (
    LETTER_KINDS,
    checklist_letter,
    explain_letter,
    feedback_letter,
    merge,
    offer_letter,
)
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
from fosterkit.documents.report_document import audience_kind, report_document, report_wording
from fosterkit.documents.templates import (
    TEMPLATE_KINDS,
    TemplateError,
    TemplatePack,
    template_pack_from_dict,
)

__all__ = [
    "LETTER_KINDS",
    "TEMPLATE_KINDS",
    "Block",
    "Bullets",
    "Document",
    "Heading",
    "Letterhead",
    "PageBreak",
    "Paragraph",
    "ParagraphStyle",
    "Table",
    "TemplateError",
    "TemplatePack",
    "audience_kind",
    "checklist_letter",
    "discussion_guide",
    "explain_letter",
    "feedback_letter",
    "merge",
    "offer_letter",
    "report_document",
    "report_wording",
    "template_pack_from_dict",
]
