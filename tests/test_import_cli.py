from __future__ import annotations

import json
from pathlib import Path

import pytest

from fosterkit.adapters.packs import parse_mapping_toml
from fosterkit.cli import main

ROWS = [
    {"ref": "D1", "hh": "H1", "notice": "01/02/2024", "route": "RES", "why": "RET"},
    {"ref": "D2", "hh": "H2", "notice": "2024-02-03", "route": "RET", "why": "personal.health"},
]

MAPPING = """
schema_version = 1
[records.departure]
id = "ref"
household_id = "hh"
notice_on = "notice"
initiated_by = { default = "carer" }
route = { column = "route", values = { RES = "resignation", RET = "retirement" } }
stated_reasons = { column = "why", values = { RET = "personal.retirement" } }
"""


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "leavers.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in ROWS), encoding="utf-8")
    (tmp_path / "map.toml").write_text(MAPPING, encoding="utf-8")
    return path


def test_import_json_summary(source: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = source.with_name("records.jsonl")
    code = main(
        ["import", str(source), "--mapping", str(source.with_name("map.toml")), "--out", str(out), "--json"]
    )
    assert code == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["accepted"] == 2
    assert summary["records"] == {"new": 2, "updated": 0, "unchanged": 0}
    assert summary["rejects"] == str(source.with_name("records.rejects.jsonl"))
    assert summary["problems"] == []


def test_quiet_import_prints_nothing(source: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = [
        "import",
        str(source),
        "--mapping",
        str(source.with_name("map.toml")),
        "--out",
        str(source.with_name("r.jsonl")),
    ]
    assert main([*args, "--quiet"]) == 0
    assert capsys.readouterr().out == ""


def test_a_broken_mapping_is_exit_2_with_every_problem(
    source: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = source.with_name("bad.toml")
    bad.write_text(MAPPING.replace('id = "ref"', 'idd = "ref"'), encoding="utf-8")
    args = ["import", str(source), "--mapping", str(bad), "--out", str(source.with_name("r.jsonl"))]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "Departure has no field 'idd'; did you mean 'id'?" in err
    assert "required field 'id' is not mapped" in err
    assert not source.with_name("r.jsonl").exists()


def test_mapping_check(source: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mapping", "check", str(source.with_name("map.toml")), str(source)]) == 0
    out = capsys.readouterr().out
    assert "a mapping for departure, reading 5 columns" in out
    assert "its rows name their own columns" in out
    assert main(["mapping", "check", str(source.with_name("map.toml"))]) == 0


def test_mapping_init_drafts_and_will_not_overwrite(source: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = source.with_name("draft.toml")
    assert main(["mapping", "init", str(source), "--out", str(target)]) == 0
    assert "marked TODO" in capsys.readouterr().out
    draft = parse_mapping_toml(target.read_text(encoding="utf-8"))
    assert draft.records[0].kind == "departure"
    target.write_text("mine", encoding="utf-8")
    assert main(["mapping", "init", str(source), "--out", str(target)]) == 2
    assert target.read_text(encoding="utf-8") == "mine"
    assert main(["mapping", "init", str(source), "--out", str(target), "--force"]) == 0
    assert target.read_text(encoding="utf-8") != "mine"
    assert main(["mapping", "init", str(source)]) == 0
    assert "schema_version = 1" in capsys.readouterr().out


def test_mapping_init_refuses_an_unknown_reader_option(
    source: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["mapping", "init", str(source), "--option", "sheet=x"]) == 2
    assert "unknown option 'sheet'" in capsys.readouterr().err


def test_the_progress_line() -> None:
    from fosterkit.cli.imports import progress_line

    assert progress_line(2000, None) == "2,000 rows read"
    assert progress_line(5000, 10000) == "[###############...............]  50% 5,000 of about 10,000 rows"
    assert progress_line(12000, 10000).startswith("[" + "#" * 30 + "] 100%")


def test_a_draft_into_a_missing_folder_is_a_clear_error(
    source: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["mapping", "init", str(source), "--out", str(source.with_name("no") / "map.toml")]) == 2
    assert "No such file or directory" in capsys.readouterr().err
