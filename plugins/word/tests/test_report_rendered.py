"""The retention report as a Word document, for each audience, as it prints.

``fosterkit report --out REPORT.docx --for AUDIENCE`` lays the report out through the Word
plugin; LibreOffice prints it and pdftotext reads it back. Each audience's document must show
the headings and introductions of its own sections, in the pack's words, and nothing of the
sections it does not get.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rendering import pdf_text

from fosterkit.adapters.document_files import builtin_template_text
from fosterkit.adapters.toml_files import toml_data
from fosterkit.analysis.audiences import ALL_SECTIONS, SECTIONS, Audience
from fosterkit.cli import main
from fosterkit.errors import ProblemsError

ROOT = Path(__file__).resolve().parents[3]
RECORDS = ROOT / "docs" / "examples" / "records.jsonl"
PACK = toml_data(builtin_template_text(), "the built-in template pack", ProblemsError)
PLACEHOLDER = re.compile(r"\{[A-Za-z_]*\}")


def _flat(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split())


@pytest.mark.parametrize("audience", list(Audience))
def test_each_audience_gets_its_sections_and_no_others(audience: Audience, tmp_path: Path) -> None:
    out = tmp_path / f"{audience.value}.docx"
    command = ["report", str(RECORDS), "--out", str(out), "--period", "2025-26 H1", "--today", "2026-01-10"]
    assert main([*command, "--for", audience.value.replace("_", "-"), "--no-log"]) == 0
    text = pdf_text(out, tmp_path)
    lines = {_flat(line) for line in text.splitlines()}
    printed = _flat(text)
    assert not PLACEHOLDER.findall(printed)
    wording = PACK[f"report_{audience.value}"]
    assert _flat(wording["purpose"]) in printed
    for section in ALL_SECTIONS:
        heading = PACK["report"][f"{section}_heading"]
        if section in SECTIONS[audience]:
            assert heading in lines, section
            assert _flat(wording[section]) in printed, section
        else:
            assert heading not in lines, section
    assert "Retention report: Anytown Fostering, 2025-26 H1" in printed


def test_a_carers_association_report_holds_no_breakdown_or_cost(tmp_path: Path) -> None:
    out = tmp_path / "association.docx"
    command = ["report", str(RECORDS), "--out", str(out), "--period", "2025-26 H1", "--no-log"]
    assert main([*command, "--for", "carers-association"]) == 0
    printed = _flat(pdf_text(out, tmp_path))
    for words in ("Departures by route", "by tenure", "Estimated cost", "age band", "Where to act first"):
        assert words not in printed


def test_a_suffix_no_format_writes_names_both_kinds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.odt"
    assert main(["report", str(RECORDS), "--out", str(out), "--period", "2025-26 H1", "--no-log"]) == 2
    assert "cannot write a report as .odt: installed formats write .docx, .xlsx" in capsys.readouterr().err
    assert not out.exists()
