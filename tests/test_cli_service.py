"""Without --service, commands that read records call the service what the household records call it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fosterkit.cli import main

RECORDS = Path(__file__).resolve().parents[1] / "docs" / "examples" / "records.jsonl"
LINES = RECORDS.read_text(encoding="utf-8").splitlines()


def _records(tmp_path: Path, lines: list[str]) -> str:
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def _two_services(tmp_path: Path) -> str:
    changed, done = [], False
    for line in LINES:
        if not done and '"kind":"household"' in line:
            line, done = line.replace("Anytown Fostering", "Borough Fostering"), True
        changed.append(line)
    return _records(tmp_path, changed)


def _no_households(tmp_path: Path) -> str:
    return _records(tmp_path, [line for line in LINES if '"kind":"household"' not in line])


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[dict[str, object], str]:
    assert main([*argv, "--json"]) == 0
    out, err = capsys.readouterr()
    return json.loads(out), err


@pytest.mark.parametrize(
    "command",
    [
        ["report", "{records}", "--out", "{tmp}/r.xlsx", "--no-log"],
        ["audit-workbook", "{tmp}/a.xlsx", "--records", "{records}", "--no-log"],
        ["register", "new", "{tmp}/reg.xlsx", "--from", "{records}"],
    ],
    ids=["report", "audit-workbook", "register new"],
)
def test_the_service_comes_from_the_records_else_the_default_said_in_one_line(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def run(records: str, folder: str, *more: str) -> tuple[dict[str, object], str]:
        (tmp_path / folder).mkdir()
        argv = [part.format(records=records, tmp=tmp_path / folder) for part in command]
        return _run(capsys, *argv, *more)

    said, err = run(str(RECORDS), "one")
    assert said["summary"]["service"] == "Anytown Fostering"  # type: ignore[index]
    assert err == ""
    said, err = run(_two_services(tmp_path), "two")
    assert said["summary"]["service"] == "Fostering service"  # type: ignore[index]
    assert err.count("\n") == 1
    assert "name 2 services (Anytown Fostering, Borough Fostering), so" in err
    assert "calls the service 'Fostering service' (give --service NAME)" in err
    said, err = run(_no_households(tmp_path), "none")
    assert said["summary"]["service"] == "Fostering service"  # type: ignore[index]
    assert "the household records name no service" in err
    said, err = run(_two_services(tmp_path), "given", "--service", "Our Service")
    assert said["summary"]["service"] == "Our Service"  # type: ignore[index]
    assert err == ""


def test_a_register_with_neither_records_nor_a_name_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["register", "new", str(tmp_path / "reg.xlsx")]) == 2
    assert capsys.readouterr().err == (
        "fosterkit: give the service's name with --service NAME (or records with --from to take it from)\n"
    )
    assert not (tmp_path / "reg.xlsx").exists()


def test_letters_say_when_the_records_name_no_one_service(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = _two_services(tmp_path)
    said, err = _run(
        capsys, "letter", "offer", "--record", "DEP-001", "--from", records, "--out", str(tmp_path / "l.docx")
    )
    assert said["command"] == "letter"
    assert "name 2 services (Anytown Fostering, Borough Fostering), so the letters call the service" in err
