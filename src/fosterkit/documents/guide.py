"""The interviewer's discussion guide for both exit stages, organised by the taxonomy's themes.

The guide opens with how to hold the conversation (respect, no judgement, professionals working
together, recording suggestions, consent, a safeguarding disclosure on the day), then what to
settle before meeting, then the first conversation theme by theme: each top-level theme of the
taxonomy with the pack's prompts and the codes under it for recording, and last the second
conversation's reflective questions. Every word comes from the template pack or the taxonomy.
"""

from __future__ import annotations

from collections.abc import Mapping

from fosterkit.documents.letters import letterhead
from fosterkit.documents.model import Block, Bullets, Document, Heading, Paragraph
from fosterkit.documents.templates import DocumentTexts, TemplatePack, fill
from fosterkit.interviews import DEFAULT_POLICY, ProcessPolicy
from fosterkit.reasons import Taxonomy

__all__ = ["discussion_guide", "unknown_themes"]

_KIND = "discussion_guide"


def unknown_themes(pack: TemplatePack, taxonomy: Taxonomy) -> tuple[str, ...]:
    """The keys of ``[discussion_guide.themes]`` that are not top-level themes of ``taxonomy``."""
    roots = {reason.code for reason in taxonomy.roots()}
    themes = pack.document(_KIND).keyed.get("themes", {})
    return tuple(code for code in themes if code not in roots)


def _paragraphs(texts: DocumentTexts, names: tuple[str, ...], values: Mapping[str, object]) -> list[Block]:
    found = (fill(texts.one(name), values).strip() for name in names)
    return [Paragraph(text) for text in found if text]


def _heading(template: str, values: Mapping[str, object], level: int = 1) -> list[Block]:
    text = fill(template, values).strip()
    return [Heading(text, level)] if text else []


def _bullets(templates: tuple[str, ...], values: Mapping[str, object]) -> list[Block]:
    items = tuple(text for text in (fill(t, values).strip() for t in templates) if text)
    return [Bullets(items)] if items else []


def _theme(texts: DocumentTexts, taxonomy: Taxonomy, code: str, values: Mapping[str, object]) -> list[Block]:
    """One theme's section: its label, the prompts, and the codes under it to record with."""
    label = taxonomy.get(code).label
    at = {**values, "theme": label}
    blocks: list[Block] = [Heading(label, 2)]
    blocks += _paragraphs(texts, ("theme_prompt",), at)
    blocks += _bullets(texts.keyed.get("themes", {}).get(code, ()), at)
    under = [reason for reason in taxonomy.children(code) if reason.is_live]
    if under:
        blocks += _paragraphs(texts, ("codes_intro",), at)
        template = texts.one("code_item")
        items = (fill(template, {**at, "label": r.label, "code": r.code}).strip() for r in under)
        codes = tuple(item for item in items if item)
        if codes:
            blocks.append(Bullets(codes))
    return blocks


def discussion_guide(
    taxonomy: Taxonomy, pack: TemplatePack, *, policy: ProcessPolicy = DEFAULT_POLICY
) -> Document:
    """The interviewer's guide for exit stages 1 and 2, with a section for each theme of ``taxonomy``.

    A theme code in the pack's ``[discussion_guide.themes]`` that is not a top-level theme of
    ``taxonomy`` raises :class:`~fosterkit.documents.templates.TemplateError` naming it.
    """
    unknown = unknown_themes(pack, taxonomy)
    if unknown:
        roots = ", ".join(reason.code for reason in taxonomy.roots())
        raise pack.problem(
            f"{_KIND}.themes.{unknown[0]}",
            f"{unknown[0]!r} is not a theme of taxonomy {taxonomy.pack.id}; its themes are {roots}",
        )
    texts = pack.document(_KIND)
    opens, closes = policy.stage_two_weeks
    values = {
        "service": pack.service.name,
        "stage_two_from": opens,
        "stage_two_to": closes,
        "feedback_days": policy.feedback_within_days,
    }
    blocks: list[Block] = _paragraphs(texts, ("intro",), values)
    blocks += _heading(texts.one("practice_heading"), values)
    blocks += _bullets(texts.many("practice"), values)
    blocks += _heading(texts.one("before_heading"), values)
    blocks += _bullets(texts.many("before"), values)
    blocks += _heading(texts.one("stage_one_heading"), values)
    blocks += _paragraphs(texts, ("stage_one_intro",), values)
    for theme in taxonomy.roots():
        if theme.is_live:
            blocks += _theme(texts, taxonomy, theme.code, values)
    blocks += _heading(texts.one("stage_two_heading"), values)
    blocks += _paragraphs(texts, ("stage_two_intro",), values)
    blocks += _bullets(texts.many("stage_two_questions"), values)
    blocks += _heading(texts.one("closing_heading"), values)
    blocks += _bullets(texts.many("closing"), values)
    return Document(
        kind=_KIND,
        title=fill(texts.one("title"), values).strip() or _KIND,
        letterhead=letterhead(pack),
        blocks=tuple(blocks),
    )
