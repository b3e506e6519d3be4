"""The analyses and exports read a register workbook as they read the records it holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from fosterkit.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples"
PERIOD = "2025-04-01..2026-03-31"


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("register")
    path = folder / "register.xlsx"
    argv = [
        "register",
        "new",
        str(path),
        "--service",
        "Anytown Fostering",
        "--from",
        str(EXAMPLES / "records.jsonl"),
    ]
    assert main(argv) == 0
    return path


@pytest.mark.parametrize(
    ("command", "out"),
    [
        (["publish", "--period", PERIOD], "figures.csv"),
        (["export", "--to", "csv", "--kind", "departure"], "departures.csv"),
        (["export", "--to", "jsonl"], "all.jsonl"),
        (["share", "--key-file", "{key}"], "shared.jsonl"),
    ],
)
def test_a_register_gives_what_its_records_give(
    register: Path, tmp_path: Path, command: list[str], out: str, capsys: pytest.CaptureFixture[str]
) -> None:
    key = tmp_path / "sharing.key"
    assert main(["share", "--new-key", str(key)]) == 0
    argv = [part.replace("{key}", str(key)) for part in command]
    outputs = []
    for source in (EXAMPLES / "records.jsonl", register):
        target = tmp_path / f"{source.suffix[1:]}-{out}"
        assert main([argv[0], str(source), *argv[1:], "--out", str(target)]) == 0
        outputs.append(target.read_bytes())
    capsys.readouterr()
    # A register holds records by sheet, so records files come out in another order.
    assert sorted(outputs[0].splitlines()) == sorted(outputs[1].splitlines())
    if not out.endswith(".jsonl"):
        assert outputs[0] == outputs[1]


def test_a_value_the_register_cannot_take_is_said_and_its_row_left_out(
    register: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]

    book = load_workbook(register)
    sheet = book["Leavers"]
    headers = [c.value for c in sheet[1]]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value)
    sheet.cell(row, headers.index("Notice on") + 1).value = "=1/0"
    broken = tmp_path / "broken.xlsx"
    book.save(broken)
    assert (
        main(["export", str(broken), "--to", "csv", "--kind", "departure", "--out", str(tmp_path / "d.csv")])
        == 0
    )
    err = capsys.readouterr().err
    assert f"{broken}: 1 value of the register not read" in err
    assert len((tmp_path / "d.csv").read_text(encoding="utf-8").splitlines()) == 1 + 59


def test_check_reads_a_register(register: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(register)]) == 0
    out = capsys.readouterr().out
    held = len((EXAMPLES / "records.jsonl").read_text(encoding="utf-8").splitlines())
    assert f"{register}: {held} records checked" in out
