"""The retention report laid out as a document: every table it holds, in its audience's sections and words."""

from __future__ import annotations

import attrs
import pytest

from fosterkit.adapters.document_files import builtin_template_text, parse_template_pack
from fosterkit.analysis import Audience
from fosterkit.documents import Heading, Paragraph, Table, report_document
from test_report_audiences import report_for

PACK = parse_template_pack(builtin_template_text(), source="built-in")


@pytest.mark.parametrize("audience", list(Audience))
def test_every_table_of_the_report_is_shown_and_nothing_else(audience: Audience) -> None:
    report = report_for(audience)
    document = report_document(report, PACK)
    captions = [block.caption for block in document.blocks if isinstance(block, Table) and block.caption]
    assert captions == [table.title for table in report.publication.tables]
    headings = [block.text for block in document.blocks if isinstance(block, Heading) and block.level == 1]
    report_texts = PACK.document("report")
    assert headings[: len(report.sections)] == [report_texts.one(f"{s}_heading") for s in report.sections]
    assert document.title == "Retention report: Anytown Fostering, " + report.publication.period_label
    assert document.letterhead.service == "Anytown Fostering"


def test_every_count_is_shown_as_the_publication_shows_it() -> None:
    report = report_for(Audience.MANAGEMENT)
    document = report_document(report, PACK)
    shown = {block.caption: block for block in document.blocks if isinstance(block, Table)}
    for table in report.publication.tables:
        rows = shown[table.title].rows
        assert [row[0] for row in rows] == [line.label for line in table.rows]
        for row, counts in zip(rows, table.counts, strict=True):
            assert list(row[1:]) == [
                ("[c]" if c is not None and not isinstance(c, int) else f"{c:,}") for c in counts
            ]


def test_the_words_are_the_packs_and_an_empty_text_is_left_out() -> None:
    texts = dict(PACK.document("report").texts)
    texts["summary_heading"] = "How many of us there are"
    ours = dict(PACK.documents)
    ours["report"] = attrs.evolve(PACK.document("report"), texts=texts)
    panel = dict(PACK.document("report_panel").texts)
    panel["summary"] = ""
    ours["report_panel"] = attrs.evolve(PACK.document("report_panel"), texts=panel)
    document = report_document(report_for(Audience.PANEL), attrs.evolve(PACK, documents=ours))
    words = [block.text for block in document.blocks if isinstance(block, (Heading, Paragraph))]
    assert "How many of us there are" in words
    after = words[words.index("How many of us there are") + 1]
    assert after != PACK.document("report_panel").one("summary")
    assert "" not in words
