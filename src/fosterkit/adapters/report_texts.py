"""Adapter: the wording a report uses for each audience, from a template pack.

The report's purpose and section introductions for each audience are texts of the template pack
(``report_management``, ``report_panel``, ``report_carers_association``), so a service words its
reports where it words its letters: the built-in pack, or its own (``--templates PACK.toml``).
"""

from __future__ import annotations

from fosterkit.adapters.document_files import Target, load_template_pack, parse_template_pack
from fosterkit.analysis.audiences import Audience, AudienceWording
from fosterkit.documents.report_document import report_wording

__all__ = ["load_audience_wording", "parse_audience_wording"]


def parse_audience_wording(text: str, *, source: str = "<string>") -> dict[Audience, AudienceWording]:
    """The wording for each audience in the template pack ``text``; a ``TemplateError`` naming ``source``."""
    return report_wording(parse_template_pack(text, source=source))


def load_audience_wording(path: Target | None = None) -> dict[Audience, AudienceWording]:
    """The wording for each audience: from the built-in template pack, or the pack at ``path``."""
    return report_wording(load_template_pack(path))
