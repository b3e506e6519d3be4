"""A reason code given in two reason columns is kept once and noted in the summary, not rejected."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from fosterkit.adapters.jsonl import read_jsonl
from fosterkit.cli import main
from fosterkit.interviews import DataCollectionRecord
from fosterkit.records import Departure

LEAVERS = [
    ("Ref", "Household", "Notice", "Main Reason", "Other Reasons", "Also"),
    ("D1", "H1", "02/05/2026", "RET", "personal.retirement; finance.fees_allowances", ""),
    ("D2", "H2", "03/05/2026", "finance.fees_allowances", "personal.health", "personal.health"),
    ("D3", "H3", "04/05/2026", "personal.health", "finance.fees_allowances", ""),
]

MAPPING = """
schema_version = 1
[records.departure]
id = "Ref"
household_id = "Household"
notice_on = "Notice"
route = { default = "resignation" }
initiated_by = { default = "carer" }
[records.departure.stated_reasons]
columns = ["Main Reason", "Other Reasons", "Also"]
split = ";"
values = { RET = "personal.retirement" }
"""

INTERVIEWS = [
    ("Ref", "Leaver", "Stage", "Date", "Main", "Others", "Consent"),
    ("I1", "D1", "exit_stage_1", "10/05/2026", "RET", "personal.retirement; personal.health", "yes"),
]

INTERVIEW_MAPPING = """
schema_version = 1
[records.data_collection_record]
secondary_reasons = { column = "Others", split = ";" }
id = "Ref"
departure_id = "Leaver"
stage = "Stage"
interviewed_on = "Date"
primary_reason = { column = "Main", values = { RET = "personal.retirement" } }
consent_to_anonymised_use = "Consent"
"""


def run(tmp_path: Path, rows: Sequence[tuple[str, ...]], mapping: str, *json_flag: str) -> tuple[int, Path]:
    source = tmp_path / "export.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    (tmp_path / "map.toml").write_text(mapping, encoding="utf-8")
    out = tmp_path / "records.jsonl"
    args = ["import", str(source), "--mapping", str(tmp_path / "map.toml"), "--out", str(out), *json_flag]
    return main(args), out


def test_a_code_in_the_main_and_a_secondary_column_is_kept_once_with_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(tmp_path, LEAVERS, MAPPING)
    text = capsys.readouterr().out
    assert code == 0, text
    assert "accepted 3, rejected 0" in text
    found = {d.id: d for d in read_jsonl(out) if isinstance(d, Departure)}
    # The main reason stays first; the repeat in the secondary column is dropped.
    assert found["D1"].stated_reasons == ("personal.retirement", "finance.fees_allowances")
    assert found["D2"].stated_reasons == ("finance.fees_allowances", "personal.health")
    assert found["D3"].stated_reasons == ("personal.health", "finance.fees_allowances")
    assert "notes on accepted rows (2):" in text
    assert "row 2: code `personal.retirement` in column `Other Reasons` is already given" in text
    assert "row 3: code `personal.health` in column `Also` is already given" in text
    assert "row 4" not in text.split("notes on accepted rows")[1]


def test_the_notes_in_json_name_row_column_and_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out = run(tmp_path, LEAVERS, MAPPING, "--json")
    summary = json.loads(capsys.readouterr().out)
    assert code == 0
    assert summary["rejected"] == 0
    assert [(n["row"], n["column"]) for n in summary["notes"]] == [(2, "Other Reasons"), (3, "Also")]
    assert "`personal.retirement`" in summary["notes"][0]["message"]


def test_the_primary_reason_wins_over_the_same_secondary_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(tmp_path, INTERVIEWS, INTERVIEW_MAPPING, "--json")
    summary = json.loads(capsys.readouterr().out)
    assert code == 0, summary["problems"]
    (record,) = [r for r in read_jsonl(out) if isinstance(r, DataCollectionRecord)]
    assert record.primary_reason == "personal.retirement"
    assert record.secondary_reasons == ("personal.health",)
    assert [(n["row"], n["column"]) for n in summary["notes"]] == [(2, "Others")]
