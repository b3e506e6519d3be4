"""Every document fosterkit writes, printed: each letter, the discussion guide and the report.

The documents are made by the commands a service runs (``fosterkit letter``,
``fosterkit discussion-guide``, ``fosterkit report --out REPORT.docx``) from the example records
and the built-in template pack, turned into PDF by LibreOffice and read back with pdftotext.
Each must show every part the issue asks of it (the opening words of each of the pack's texts
for that document, and the record's own details) and no placeholder left unfilled.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from rendering import pdf_text

from fosterkit.adapters.document_files import builtin_template_text
from fosterkit.adapters.toml_files import toml_data
from fosterkit.cli import main
from fosterkit.errors import ProblemsError

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "docs" / "examples"
PACK = toml_data(builtin_template_text(), "the built-in template pack", ProblemsError)
PLACEHOLDER = re.compile(r"\{[A-Za-z_]*\}")

#: For each letter, the pack's texts it must show for the walkthrough's exit process EXIT-31.
LETTER_PARTS = {
    "offer": (
        "title", "intro", "purpose", "stages_heading", "stage_one", "stage_two", "independence",
        "companion", "location", "complaints", "use_heading", "use_of_information", "consent", "closing",
    ),
    "explain": (
        "title", "intro", "steps_heading", "who_heading", "independence", "complaints", "use_heading",
        "use_of_information", "urgent", "publishing", "consent", "feedback", "review", "closing",
    ),
    "feedback": ("title", "intro", "suggestion_heading", "closing"),
    "checklist": ("title", "intro", "closing"),
}  # fmt: skip
GUIDE_PARTS = (
    "title", "intro", "practice_heading", "before_heading", "stage_one_heading", "stage_one_intro",
    "stage_two_heading", "stage_two_intro", "closing_heading", "closing",
)  # fmt: skip


def _flat(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split())


def _opening(template: str | list[str]) -> str:
    """The words of ``template`` (the first, of a list) before its first placeholder (at most eight)."""
    first = template[0] if isinstance(template, list) else template
    before = first.split("{", 1)[0]
    return " ".join(_flat(before).split()[:8])


def _parts(kind: str, names: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    for name in names:
        opening = _opening(PACK[kind][name])
        if len(opening) >= 8:
            yield name, opening


def _missing(printed: str, kind: str, names: tuple[str, ...]) -> list[str]:
    flat = _flat(printed)
    return [f"{kind}.{name}: {opening!r}" for name, opening in _parts(kind, names) if opening not in flat]


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("records") / "records.jsonl"
    names = ("register-walkthrough.jsonl", "records.jsonl")
    text = "".join((EXAMPLES / name).read_text(encoding="utf-8") for name in names)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("kind", sorted(LETTER_PARTS))
def test_each_letter_prints_every_part_filled_in(kind: str, records: Path, tmp_path: Path) -> None:
    out = tmp_path / f"{kind}.docx"
    command = ["letter", kind, "--record", "EXIT-31", "--from", str(records), "--out", str(out)]
    assert main([*command, "--today", "2026-12-07", "--to", "Sam Okafor"]) == 0
    printed = pdf_text(out, tmp_path)
    assert not _missing(printed, kind, LETTER_PARTS[kind])
    assert not PLACEHOLDER.findall(printed)
    flat = _flat(printed)
    assert "Dear Sam Okafor," in flat
    assert "7 December 2026" in flat
    assert "Our reference: DEP-31" in flat or "Our reference: EXIT-31" in flat


def test_the_feedback_letter_answers_each_suggestion(records: Path, tmp_path: Path) -> None:
    out = tmp_path / "feedback.docx"
    assert main(["letter", "feedback", "--record", "EXIT-31", "--from", str(records), "--out", str(out)]) == 0
    flat = _flat(pdf_text(out, tmp_path))
    assert "Pay for a sitter so carers can attend training" in flat


def test_merged_letters_print_each_on_its_own_pages(records: Path, tmp_path: Path) -> None:
    out = tmp_path / "offers.docx"
    walkthrough = ["--from", str(records), "--out", str(out)]
    assert main(["letter", "offer", "--record", "EXIT-31", "--record", "DEP-002", *walkthrough]) == 0
    flat = _flat(pdf_text(out, tmp_path))
    assert flat.count(_opening(PACK["offer"]["intro"])) == 2
    assert not PLACEHOLDER.findall(flat)


def test_the_discussion_guide_prints_every_part_and_theme(tmp_path: Path) -> None:
    out = tmp_path / "guide.docx"
    assert main(["discussion-guide", "--out", str(out)]) == 0
    printed = pdf_text(out, tmp_path)
    assert not _missing(printed, "discussion_guide", GUIDE_PARTS)
    assert not PLACEHOLDER.findall(printed)
    flat = _flat(printed)
    for code in PACK["discussion_guide"]["themes"]:
        assert _opening(PACK["discussion_guide"]["themes"][code]) in flat, code
