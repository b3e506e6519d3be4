"""The retention report as a document (a Word file with the Word plugin), for one audience.

:func:`report_document` lays out a :class:`~fosterkit.analysis.Report` (already cut to its
audience's sections, every count already suppressed) as headings, introductions and tables;
:func:`report_wording` gives each audience's purpose and section introductions from the
template pack, which the report workbook uses too. Every word of the document's own comes from
the pack's ``report`` table and the audience's table (``report_panel``, say); the tables' titles,
labels and notes are the publication's.
"""

from __future__ import annotations

from collections.abc import Mapping

from fosterkit.analysis import Figure, PublishedTable, Report
from fosterkit.analysis.audiences import (
    COMPARISON,
    COST,
    FIGURES,
    PRIORITIES,
    SECTIONS,
    YOU_SAID_WE_DID,
    Audience,
    AudienceWording,
    section_of,
)
from fosterkit.analysis.suppression import SUPPRESSED
from fosterkit.documents.letters import format_date
from fosterkit.documents.model import (
    Block,
    Bullets,
    Document,
    Heading,
    Letterhead,
    Paragraph,
    ParagraphStyle,
    Table,
)
from fosterkit.documents.templates import DocumentTexts, TemplatePack, fill

__all__ = ["audience_kind", "report_document", "report_wording"]


def audience_kind(audience: Audience) -> str:
    """The pack table holding ``audience``'s wording: ``report_management``, ``report_panel``, ..."""
    return f"report_{audience.value}"


def report_wording(pack: TemplatePack) -> dict[Audience, AudienceWording]:
    """Each audience's purpose and section introductions, from ``pack``."""
    wording = {}
    for audience in Audience:
        texts = pack.document(audience_kind(audience))
        wording[audience] = AudienceWording(
            audience=audience,
            purpose=texts.one("purpose"),
            introductions={section: texts.one(section) for section in SECTIONS[audience]},
        )
    return wording


def _said(text: str, style: ParagraphStyle = ParagraphStyle.NORMAL) -> list[Block]:
    """A paragraph of ``text``, or nothing for a text the pack leaves empty."""
    return [Paragraph(text, style)] if text.strip() else []


def _count(value: object) -> str:
    return str(SUPPRESSED) if value is SUPPRESSED else f"{value:,}"


def _figure(figure: Figure, texts: DocumentTexts, values: Mapping[str, object]) -> str:
    if figure.value is SUPPRESSED:
        return str(SUPPRESSED)
    if figure.value is None:
        return fill(texts.one("not_worked_out"), values)
    if figure.unit == "percent":
        return f"{figure.value:.1f}%"
    return f"{figure.value:,}"


def _short(label: str) -> str:
    """A period's name without its dates (``2025-26 H1``), for a narrow column heading."""
    return label.split(" (", 1)[0]


def _change(change: int | None, texts: DocumentTexts, values: Mapping[str, object]) -> str:
    if change is None:
        return fill(texts.one("not_worked_out"), values)
    return f"{change:+,}" if change else "0"


def _table(table: PublishedTable) -> list[Block]:
    rows = tuple(
        (line.label, *(_count(value) for value in counts))
        for line, counts in zip(table.rows, table.counts, strict=True)
    )
    header = (table.row_heading, *(line.label for line in table.columns))
    blocks: list[Block] = [Table(header=header, rows=rows, caption=table.title)]
    blocks += [Paragraph(note, ParagraphStyle.NOTE) for note in table.notes]
    return blocks


def _section(report: Report, section: str, texts: DocumentTexts, values: Mapping[str, object]) -> list[Block]:
    """The blocks of one section, after its heading and introduction."""
    publication = report.publication
    blocks: list[Block] = []
    rows: tuple[tuple[str, ...], ...]
    if section == FIGURES or (section == "summary" and FIGURES not in report.sections):
        rows = tuple((f.label, _figure(f, texts, values)) for f in publication.figures)
        if rows:
            header = tuple(fill(t, values) for t in texts.many("figure_columns"))
            blocks.append(Table(header=(header[0], header[1]), rows=rows))
        if section == FIGURES:
            return blocks
    for table in publication.tables:
        if section_of(table.name) == section:
            blocks += _table(table)
    if section == COMPARISON and report.comparison is not None:
        comparison = report.comparison
        what, change = (fill(t, values) for t in texts.many("comparison_columns"))
        rows = tuple(
            (
                count.label,
                _count(count.previous),
                _count(count.current),
                _change(count.change, texts, values),
            )
            for count in comparison.counts
        )
        header = (what, _short(comparison.previous_label), _short(comparison.period_label), change)
        blocks.append(Table(header=header, rows=rows))
    if section == YOU_SAID_WE_DID and publication.changes:
        blocks.append(Heading(fill(texts.one("changes_heading"), values), level=2))
        header = tuple(fill(t, values) for t in texts.many("change_columns"))
        rows = tuple((c.theme_label, c.outcome_label, c.summary) for c in publication.changes)
        blocks.append(Table(header=(header[0], header[1], header[2]), rows=rows))
    if section == PRIORITIES:
        items = tuple(
            fill(
                texts.one("priority_item"),
                {**values, "id": p.element_id, "title": p.title, "reasons": "; ".join(p.reasons)},
            )
            for p in report.priorities
        )
        blocks += [Bullets(items, numbered=True)] if items else _said(fill(texts.one("nothing"), values))
    if section == COST:
        lines = report.cost.lines() if report.cost is not None else (report.cost_withheld or "",)
        blocks += [Paragraph(line) for line in lines if line]
    return blocks


def report_document(report: Report, pack: TemplatePack) -> Document:
    """``report`` as a document for its audience, worded from ``pack``.

    The service named is the report's own (from ``--service`` or the records); the pack gives
    the letterhead's contact and logo and every heading and introduction. Sections are those of
    the report, in its order; a section with nothing to show says so in the pack's words.
    """
    texts = pack.document("report")
    audience = pack.document(audience_kind(report.audience))
    publication = report.publication
    values: dict[str, object] = {
        "service": report.service,
        "period": publication.period_label,
        "audience": report.audience.title,
        "date": format_date(report.made_on, pack.document("letter").many("months")),
        "threshold": publication.threshold,
    }
    blocks: list[Block] = [
        *_said(fill(texts.one("for_line"), values)),
        *_said(fill(audience.one("purpose"), values)),
        *_said(fill(texts.one("made_line"), values), ParagraphStyle.NOTE),
    ]
    for section in report.sections:
        blocks.append(Heading(fill(texts.one(f"{section}_heading"), values)))
        blocks += _said(fill(audience.one(section), values))
        blocks += _section(report, section, texts, values) or _said(fill(texts.one("nothing"), values))
    if publication.withheld:
        blocks.append(Heading(fill(texts.one("withheld_heading"), values)))
        blocks.append(Bullets(tuple(f"{w.title}: {w.reason}" for w in publication.withheld)))
    blocks.append(Heading(fill(texts.one("notes_heading"), values)))
    blocks += [Bullets(publication.notes)] if publication.notes else _said(fill(texts.one("nothing"), values))
    return Document(
        kind="report",
        title=fill(texts.one("title"), values),
        letterhead=Letterhead(service=report.service, contact=pack.service.contact, logo=pack.service.logo),
        blocks=tuple(blocks),
        footer=fill(texts.one("footer"), values),
    )
