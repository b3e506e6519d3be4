"""Every command that writes a file: an existing one only with --force, one of its inputs never.

Issue 19, must-have 8. Each writing command is run three ways against a file that is already
there: without ``--force`` (refused, exit 2, one plain line naming the file, the file unchanged
byte for byte), with ``--force`` (replaced), and with its target being one of its own inputs,
by the same name, a symbolic link or a hard link (refused even with ``--force``).
"""

from __future__ import annotations

import datetime
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from fosterkit import generate_audit_workbook
from fosterkit.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "docs" / "examples"
PERIOD = "2025-04-01..2025-09-30"

#: Given the test's folder: the command's arguments for a target, a fresh target, and an input.
Setup = Callable[[Path], tuple[Callable[[Path], list[str]], Path, Path]]


def _records(folder: Path) -> Path:
    return Path(shutil.copy(EXAMPLES / "records.jsonl", folder / "records.jsonl"))


def _leavers(folder: Path) -> tuple[Path, Path]:
    source = Path(shutil.copy(EXAMPLES / "leavers.csv", folder / "leavers.csv"))
    mapping = Path(shutil.copy(EXAMPLES / "leavers-mapping.toml", folder / "map.toml"))
    return source, mapping


def _audit_workbook(folder: Path) -> tuple[Callable[[Path], list[str]], Path, Path]:
    last = folder / "last.xlsx"
    generate_audit_workbook(last, service="Anytown Fostering", today=datetime.date(2026, 5, 1))
    return (lambda out: ["audit-workbook", str(out), "--from", str(last)]), folder / "next.xlsx", last


def _tracker_new(folder: Path) -> tuple[Callable[[Path], list[str]], Path, Path]:
    last = folder / "last.csv"
    assert main(["tracker", "new", "--pack", "stocktake-2018", "--out", str(last)]) == 0
    new = ["tracker", "new", "--pack", "stocktake-2018"]
    return (lambda out: [*new, "--out", str(out), "--from", str(last)]), folder / "next.csv", last


def _tracker_export(folder: Path) -> tuple[Callable[[Path], list[str]], Path, Path]:
    book = folder / "tracker.xlsx"
    assert main(["tracker", "new", "--pack", "stocktake-2018", "--out", str(book)]) == 0
    return (lambda out: ["tracker", "export", str(book), "--out", str(out)]), folder / "tracker.csv", book


def _reading_records(command: str, name: str, *more: str) -> Setup:
    """A command reading the example records: ``command RECORDS --out TARGET more...``."""

    def setup(folder: Path) -> tuple[Callable[[Path], list[str]], Path, Path]:
        records = _records(folder)
        options = [option.format(folder=folder) for option in more]
        if "--key-file" in more:
            key = folder / "sharing.key"
            key.write_bytes(os.urandom(32))
            key.chmod(0o600)
        return (
            (lambda out: [command, str(records), "--out", str(out), *options]),
            folder / name,
            records,
        )

    return setup


def _export(to: str, name: str) -> Setup:
    return _reading_records("export", name, "--to", to, "--kind", "departure")


def _import_rejects(folder: Path) -> tuple[Callable[[Path], list[str]], Path, Path]:
    source, mapping = _leavers(folder)
    out = folder / "records.jsonl"
    command = ["import", str(source), "--mapping", str(mapping), "--out", str(out), "--quiet"]
    return (lambda rejects: [*command, "--rejects", str(rejects)]), folder / "rejects.csv", source


def _mapping_init(folder: Path) -> tuple[Callable[[Path], list[str]], Path, Path]:
    source, _ = _leavers(folder)
    return (
        (lambda out: ["mapping", "init", str(source), "--out", str(out)]),
        folder / "map-draft.toml",
        source,
    )


COMMANDS: dict[str, tuple[Setup, int]] = {
    "audit-workbook": (_audit_workbook, 0),
    "tracker new": (_tracker_new, 0),
    "tracker export": (_tracker_export, 0),
    "publish": (_reading_records("publish", "figures.csv", "--period", PERIOD), 0),
    "report": (_reading_records("report", "report.xlsx", "--period", PERIOD), 0),
    "share": (_reading_records("share", "shared.jsonl", "--key-file", "{folder}/sharing.key"), 0),
    "export jsonl": (_export("jsonl", "out.jsonl"), 0),
    "export csv": (_export("csv", "out.csv"), 0),
    "export excel": (_export("excel", "out.xlsx"), 0),
    "import --rejects": (_import_rejects, 1),  # the example has rows rejected on purpose
    "mapping init": (_mapping_init, 0),
}


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


@pytest.mark.parametrize("command", list(COMMANDS))
def test_an_existing_target_is_refused_without_force(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    setup, _ = COMMANDS[command]
    args, target, _ = setup(tmp_path)
    target.write_bytes(b"last cycle's work\r\n\x00")
    capsys.readouterr()
    assert main(args(target)) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith(
        f"fosterkit: {target} exists; use --force to replace it, or choose another file for "
    )
    assert captured.err.count("\n") == 1
    assert "Traceback" not in captured.err
    assert target.read_bytes() == b"last cycle's work\r\n\x00"
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("command", list(COMMANDS))
def test_force_replaces_an_existing_target(command: str, tmp_path: Path) -> None:
    setup, code = COMMANDS[command]
    args, target, _ = setup(tmp_path)
    target.write_bytes(b"old")
    assert main([*args(target), "--force"]) == code
    assert target.read_bytes() != b"old"
    assert target.stat().st_size > 0
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_new_target_needs_no_force(command: str, tmp_path: Path) -> None:
    setup, code = COMMANDS[command]
    args, target, _ = setup(tmp_path)
    assert main(args(target)) == code
    assert target.stat().st_size > 0


def _named(how: str, source: Path) -> Path:
    if how == "the same path":
        return source
    other = source.with_name(f"{how.split()[-1]}-{source.name}")
    if how == "a symbolic link":
        other.symlink_to(source.name)
    elif how == "a hard link":
        os.link(source, other)
    else:  # the same file by another spelling of its path
        other = source.parent / "." / ".." / source.parent.name / source.name
    return other


@pytest.mark.parametrize("how", ["the same path", "another spelling", "a symbolic link", "a hard link"])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_an_input_is_never_a_target_even_with_force(
    command: str, how: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    setup, _ = COMMANDS[command]
    args, _, source = setup(tmp_path)
    before = source.read_bytes()
    target = _named(how, source)
    capsys.readouterr()
    assert main([*args(target), "--force"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"fosterkit: refusing to write {target}: it is also one of this command's inputs")
    assert err.endswith("(--force never replaces an input)\n")
    assert err.count("\n") == 1
    assert source.read_bytes() == before
    assert target.is_symlink() == (how == "a symbolic link")
    assert _leftovers(tmp_path) == []


# -- the commands whose targets are not all replaced -------------------------------------------------


def _import(folder: Path, *more: str) -> int:
    source, mapping = _leavers(folder)
    return main(
        ["import", str(source), "--mapping", str(mapping), "--out", str(folder / "records.jsonl"), *more]
    )


def test_import_merges_into_its_records_but_keeps_an_earlier_rejects_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _import(tmp_path, "--quiet") == 1
    records = (tmp_path / "records.jsonl").read_bytes()
    rejects = tmp_path / "records.rejects.csv"
    rejects.write_text("rows being corrected", encoding="utf-8")
    capsys.readouterr()
    assert _import(tmp_path, "--quiet") == 2
    err = capsys.readouterr().err
    assert err == (
        f"fosterkit: {rejects} exists; use --force to replace it, or choose another file for --rejects\n"
    )
    assert rejects.read_text(encoding="utf-8") == "rows being corrected"
    assert _import(tmp_path, "--quiet", "--force") == 1
    assert rejects.read_text(encoding="utf-8-sig").startswith("fosterkit_row,fosterkit_problems,")
    assert (tmp_path / "records.jsonl").read_bytes() == records  # merged again: nothing changed


def test_importing_a_rejects_file_never_writes_its_rejects_over_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _import(tmp_path, "--quiet") == 1
    rejects = tmp_path / "records.rejects.csv"
    before = rejects.read_bytes()
    mapping = tmp_path / "map.toml"
    again = ["import", str(rejects), "--mapping", str(mapping), "--out", str(tmp_path / "records.jsonl")]
    capsys.readouterr()
    assert main([*again, "--force"]) == 2
    assert "(SOURCE " in capsys.readouterr().err
    assert rejects.read_bytes() == before
    assert main([*again, "--rejects", str(tmp_path / "still.csv")]) in (0, 1)


@pytest.mark.parametrize("option", ["--out", "--rejects"])
def test_import_never_writes_over_its_source_or_mapping(
    option: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, mapping = _leavers(tmp_path)
    before = (source.read_bytes(), mapping.read_bytes())
    for target in (source, mapping):
        args = ["import", str(source), "--mapping", str(mapping), "--out", str(tmp_path / "r.jsonl")]
        args = [*args, option, str(target), "--force"]
        assert main(args) == 2
        assert "--force never replaces an input" in capsys.readouterr().err
    assert (source.read_bytes(), mapping.read_bytes()) == before


def test_import_refuses_one_file_for_its_records_and_its_rejects(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "records.jsonl"
    assert _import(tmp_path, "--rejects", str(out)) == 2
    assert "--out and --rejects name the same file" in capsys.readouterr().err
    assert not out.exists()


def test_an_in_place_exporter_adds_to_a_database_without_force(tmp_path: Path) -> None:
    records = _records(tmp_path)
    out = tmp_path / "records.db"
    args = ["export", str(records), "--to", "sqlite", "--kind", "departure", "--quiet", "--out"]
    assert main([*args, str(out)]) == 0
    assert main([*args, str(out)]) == 0  # upserted by id: the same records leave it as it was
    assert main([*args, str(records), "--force"]) == 2


def test_a_folder_is_never_a_target(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    records = _records(tmp_path)
    folder = tmp_path / "out"
    folder.mkdir()
    assert main(["export", str(records), "--to", "jsonl", "--out", str(folder), "--force"]) == 2
    assert capsys.readouterr().err == f"fosterkit: {folder} is a folder; give --out a file name\n"


def test_a_publication_log_is_never_an_input_or_the_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = _records(tmp_path)
    before = records.read_bytes()
    out = tmp_path / "figures.csv"
    publish = ["publish", str(records), "--out", str(out), "--period", PERIOD, "--force", "--log"]
    assert main([*publish, str(records)]) == 2
    assert "--force never replaces an input" in capsys.readouterr().err
    assert main([*publish, str(out)]) == 2
    assert "name the same file" in capsys.readouterr().err
    assert records.read_bytes() == before
    assert not out.exists()
