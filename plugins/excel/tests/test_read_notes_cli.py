"""A column a team adds to a workbook is read past and named in a note, on the command line too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]

from fosterkit.cli import main


def _add_rag_column(path: Path, sheet: str, before: int) -> None:
    wb = load_workbook(path)
    ws = wb[sheet]
    ws.insert_cols(before)
    ws.cell(row=1, column=before, value="RAG")
    ws.cell(row=2, column=before, value="Red")
    wb.save(path)


@pytest.fixture
def audit(tmp_path: Path) -> Path:
    path = tmp_path / "audit.xlsx"
    assert main(["audit-workbook", str(path), "--service", "Anytown Fostering"]) == 0
    _add_rag_column(path, "Action plan", 6)
    return path


@pytest.fixture
def tracker(tmp_path: Path) -> Path:
    path = tmp_path / "tracker.xlsx"
    command = ["tracker", "new", "--pack", "stocktake-2018", "--out", str(path), "--service", "Anytown"]
    assert main(command) == 0
    _add_rag_column(path, "Tracker", 4)
    return path


def test_audit_read_prints_a_note_and_still_succeeds(audit: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["audit-read", str(audit)]) == 0
    out = capsys.readouterr().out
    [note] = [line for line in out.splitlines() if line.startswith("  note: ")]
    assert "Action plan" in note
    assert "'RAG'" in note
    assert "problem:" not in out


def test_audit_read_json_lists_the_notes(audit: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["audit-read", str(audit), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["problems"] == []
    assert len(data["notes"]) == 1
    assert "'RAG'" in data["notes"][0]


def test_tracker_check_prints_a_note_and_still_succeeds(
    tracker: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["tracker", "check", str(tracker)]) == 0
    out = capsys.readouterr().out
    notes = [line for line in out.splitlines() if line.startswith("  note: ") and "RAG" in line]
    assert len(notes) == 1, out
    assert main(["tracker", "check", str(tracker), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["problems"] == []
    assert any("RAG" in note for note in data["notes"])


def test_register_read_prints_a_note_and_still_succeeds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    register = tmp_path / "register.xlsx"
    assert main(["register", "new", str(register), "--service", "Anytown"]) == 0
    _add_rag_column(register, "Leavers", 3)
    wb = load_workbook(register)
    wb["Leavers"].cell(row=2, column=3, value=None)  # no leaver: the RAG column stays empty
    wb.save(register)
    capsys.readouterr()
    assert main(["register", "read", str(register), "--out", str(tmp_path / "records.jsonl")]) == 0
    out = capsys.readouterr().out
    notes = [line for line in out.splitlines() if line.startswith("  note: ")]
    assert len(notes) == 1, out
    assert "'RAG'" in notes[0]
    command = ["register", "read", str(register), "--out", str(tmp_path / "again.jsonl"), "--json"]
    assert main(command) == 0
    assert len(json.loads(capsys.readouterr().out)["notes"]) == 1
