"""``fosterkit check`` and the check the analyses and exporters run first (``--no-check``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fosterkit.adapters.checking import check_file, usable_records
from fosterkit.adapters.jsonl import read_jsonl, write_jsonl
from fosterkit.errors import StructureError
from test_check_records import departure, household, interview
from test_cli import run

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "docs" / "examples" / "records.jsonl"
H1 = "2026-04-01..2026-09-30"


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    """Line 2 is from another schema version; DCR-7's departure is missing; HH-1 has two departures."""
    path = tmp_path / "messy.jsonl"
    write_jsonl(
        [
            interview("DCR-7", departure_id="DEP-7"),
            household("HH-2"),
            departure("DEP-1"),
            interview(),
            household(),
            departure("DEP-2", notice_on=departure().notice_on),
        ],
        path,
    )
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace('"schema_version":1,', '"schema_version":0,')
    path.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    return path


def test_the_example_records_have_no_cross_record_problems(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", str(EXAMPLES))
    assert (code, err) == (0, "")
    assert (
        "171 records checked (data collection record 51, departure 60, household 60): "
        "0 problems, 0 records set aside"
    ) in out


def test_check_names_every_problem_with_its_line_and_exits_1(
    messy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "check", str(messy))
    assert (code, err) == (1, "")
    lines = out.splitlines()
    assert lines[0] == (
        "line 1: data_collection_record 'DCR-7': its departure 'DEP-7' is not in the records [set aside]"
    )
    assert lines[1].startswith("line 2: record 'HH-2': schema_version")
    assert lines[1].endswith("[set aside]")
    assert lines[2].startswith(
        "line 3: departure 'DEP-1': household 'HH-1' is also leaving by departure 'DEP-2'"
    )
    assert lines[3].startswith("line 6: departure 'DEP-2': ")
    assert lines[4] == (
        f"{messy}: 6 records checked (data collection record 2, departure 2, household 1): "
        "4 problems, 2 records set aside."
    )
    assert lines[5] == "By rule: invalid line 1, missing departure 1, overlapping departures 2."


def test_check_json(messy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", str(messy), "--json")
    assert code == 1
    data = json.loads(out)
    assert data["set_aside"] == 2
    assert data["by_rule"] == {"invalid_line": 1, "missing_departure": 1, "overlapping_departures": 2}
    assert data["problems"][0] == {
        "line": 1,
        "kind": "data_collection_record",
        "id": "DCR-7",
        "rule": "missing_departure",
        "sets_aside": True,
        "message": "its departure 'DEP-7' is not in the records",
    }


def test_an_unreadable_file_exits_2_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "check", str(tmp_path / "nope.jsonl"))
    assert (code, out) == (2, "")
    assert "nope.jsonl" in err
    assert "Traceback" not in err


def test_a_file_of_departures_alone_notes_what_was_not_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "departures.jsonl"
    write_jsonl([departure()], path)
    code, out, _ = run(capsys, "check", str(path))
    assert code == 0
    assert "Note: no households in the records: departures' households were not checked." in out


def test_usable_records_leave_out_what_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    write_jsonl([household(), departure(), interview(), interview("DCR-9", departure_id="DEP-9")], path)
    records, result = usable_records(path)
    assert [r.id for r in records] == ["HH-1", "DEP-1", "DCR-1"]  # type: ignore[attr-defined]
    assert result.set_aside == frozenset({4})
    assert check_file(path) == result


def test_usable_records_refuse_a_file_with_bad_lines(messy: Path) -> None:
    with pytest.raises(StructureError, match=r"line 2: .*schema"):
        usable_records(messy)


@pytest.fixture
def unattributed(tmp_path: Path) -> Path:
    """Good records and one interview for a departure that is not there."""
    path = tmp_path / "records.jsonl"
    write_jsonl([household(), departure(), interview(), interview("DCR-9", departure_id="DEP-9")], path)
    return path


def test_export_says_what_it_set_aside_and_no_check_keeps_everything(
    unattributed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.jsonl"
    code, stdout, err = run(capsys, "export", str(unattributed), "--to", "jsonl", "--out", str(out))
    assert code == 0
    assert stdout == f"3 records exported to {out} (jsonl)\n"
    assert err == (
        f"fosterkit: warning: {unattributed}: set aside 1 of 4 records (missing departure 1); "
        f"run 'fosterkit check {unattributed}' to see each one\n"
    )
    code, stdout, err = run(
        capsys, "export", str(unattributed), "--to", "jsonl", "--out", str(out), "--no-check", "--force"
    )
    assert (code, err) == (0, "")
    assert len(read_jsonl(out)) == 4


def test_reported_problems_are_said_but_records_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "records.jsonl"
    write_jsonl([departure(household_id="HH-9"), household()], path)
    code, stdout, err = run(capsys, "export", str(path), "--to", "jsonl", "--out", str(tmp_path / "o.jsonl"))
    assert code == 0
    assert stdout.startswith("2 records exported")
    assert err == f"fosterkit: warning: {path}: 1 other problem found, records kept (missing household 1)\n"


@pytest.mark.parametrize(
    "command",
    [
        ["publish", "--out", "{tmp}/f.csv", "--period", H1],
        ["share", "--out", "{tmp}/shared.jsonl", "--key-file", "{tmp}/key"],
        ["audit-workbook", "{tmp}/audit.xlsx", "--records"],
    ],
    ids=["publish", "share", "audit-workbook"],
)
def test_the_analyses_check_first_and_say_so(
    command: list[str], unattributed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "key").write_bytes(
        bytes.fromhex("db52918c84eff03429c48c01584d77c050c18a52dfd7806944f108c9666d9214")
    )
    (tmp_path / "key").chmod(0o600)
    args = [part.format(tmp=tmp_path) for part in command]
    args = [*args, str(unattributed)] if args[-1] == "--records" else [args[0], str(unattributed), *args[1:]]
    code, _, err = run(capsys, *args)
    assert code == 0
    assert "set aside 1 of 4 records (missing departure 1)" in err
    code, _, err = run(capsys, *args, "--no-check", "--force")
    assert code == 0, err
    assert "set aside" not in err


def test_report_checks_first(unattributed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.xlsx"
    code, stdout, err = run(capsys, "report", str(unattributed), "--out", str(out), "--period", H1)
    assert code == 0, err
    assert stdout.startswith(f"Wrote {out}")
    assert "set aside 1 of 4 records (missing departure 1)" in err


def test_a_command_still_refuses_a_file_with_bad_lines(
    messy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "publish", str(messy), "--out", str(tmp_path / "f.csv"), "--period", H1)
    assert code == 2
    assert "line 2" in err
    assert not (tmp_path / "f.csv").exists()
