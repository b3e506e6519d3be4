"""Accepted records are never changed silently (issue 20): a conflict is rejected unless ``--update``.

The case from the issue: a source holds one leaver twice with different values; the first row is
accepted, the second rejected. Fixing a row of the rejects file and importing it again used to
flip the accepted record to the other row's values with only "1 updated" said.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from fosterkit.adapters.jsonl import read_jsonl
from fosterkit.cli import main
from test_importing import MAPPING_TEXT, leaver, write_source


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code = main(["import", *args, "--json", "--force"])
    return code, json.loads(capsys.readouterr().out)


def test_reimporting_a_fixed_rejects_file_changes_no_accepted_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = tmp_path / "map.toml"
    mapping.write_text(MAPPING_TEXT, encoding="utf-8")
    out = tmp_path / "records.jsonl"
    source = write_source(tmp_path / "export.jsonl", [leaver("D1"), leaver("D1", left="05/03/2024")])
    code, summary = run(capsys, str(source), "--mapping", str(mapping), "--out", str(out))
    assert (code, summary["accepted"], summary["conflicts"]) == (1, 1, 1)
    accepted = read_jsonl(out)
    rejects = tmp_path / "records.rejects.jsonl"
    again = tmp_path / "fixed.jsonl"
    again.write_text(rejects.read_text(encoding="utf-8"), encoding="utf-8")

    code, summary = run(capsys, str(again), "--mapping", str(mapping), "--out", str(out))
    assert code == 1
    assert summary["records"] == {"new": 0, "updated": 0, "unchanged": 0}
    assert summary["conflicts"] == 1
    (problem,) = summary["problems"]
    assert problem["id"] == "D1"
    assert "leaving_on" in problem["message"]
    assert "--update" in problem["message"]
    assert read_jsonl(out) == accepted  # nothing changed

    code, summary = run(capsys, str(again), "--mapping", str(mapping), "--out", str(out), "--update")
    assert code == 0
    assert summary["records"] == {"new": 0, "updated": 1, "unchanged": 0}
    assert summary["changed"] == [{"kind": "departure", "id": "D1", "fields": ["leaving_on"]}]
    assert str(read_jsonl(out)[0].leaving_on) == "2024-03-05"  # type: ignore[attr-defined]


def test_the_same_values_again_are_unchanged_not_a_conflict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = tmp_path / "map.toml"
    mapping.write_text(MAPPING_TEXT, encoding="utf-8")
    out = tmp_path / "records.jsonl"
    source = write_source(tmp_path / "export.jsonl", [leaver("D1"), leaver("D2")])
    assert run(capsys, str(source), "--mapping", str(mapping), "--out", str(out))[0] == 0
    code, summary = run(capsys, str(source), "--mapping", str(mapping), "--out", str(out))
    assert code == 0
    assert summary["records"] == {"new": 0, "updated": 0, "unchanged": 2}
    assert summary["changed"] == []
