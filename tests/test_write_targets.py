"""Every command that writes a file: an existing one only with --force, one of its inputs never.

Issue 19, must-have 8. Each writing command is run three ways against a file that is already
there: without ``--force`` (refused, exit 2, one plain line naming the file, the file unchanged
byte for byte), with ``--force`` (replaced), and with its target being one of its own inputs,
by the same name, a symbolic link or a hard link (refused even with ``--force``).
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from fosterkit import generate_audit_workbook
from fosterkit.cli import _parser, main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "docs" / "examples"
PERIOD = "2025-04-01..2025-09-30"

#: Given the test's folder: the command's arguments for a target, a fresh target, and an input.
Setup = Callable[[Path], tuple[Callable[[Path], list[str]], Path, Path | None]]


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


def _register_new(folder: Path) -> tuple[Callable[[Path], list[str]], Path, Path]:
    records = _records(folder)
    new = [
        "register",
        "new",
        "--service",
        "Anytown Fostering",
        "--from",
        str(records),
        "--today",
        "2026-05-01",
    ]
    return (lambda out: [*new, str(out)]), folder / "register.xlsx", records


def _register_read(folder: Path) -> tuple[Callable[[Path], list[str]], Path, Path]:
    register = folder / "kept.xlsx"
    assert (
        main(
            [
                "register",
                "new",
                str(register),
                "--service",
                "Anytown Fostering",
                "--from",
                str(_records(folder)),
            ]
        )
        == 0
    )
    return (
        (lambda out: ["register", "read", str(register), "--out", str(out)]),
        folder / "back.jsonl",
        register,
    )


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


def _audit_insights(folder: Path) -> tuple[Callable[[Path], list[str]], Path, Path]:
    records = _records(folder)
    return (
        (lambda out: ["audit-workbook", str(out), "--records", str(records), "--period", PERIOD]),
        folder / "audit.xlsx",
        records,
    )


def _tracker_export_to(name: str) -> Setup:
    def setup(folder: Path) -> tuple[Callable[[Path], list[str]], Path, Path]:
        args, _, book = _tracker_export(folder)
        return args, folder / name, book

    return setup


def _tracker_new_from(name: str, last_name: str) -> Setup:
    def setup(folder: Path) -> tuple[Callable[[Path], list[str]], Path, Path]:
        last = folder / last_name
        assert main(["tracker", "new", "--pack", "stocktake-2018", "--out", str(last)]) == 0
        new = ["tracker", "new", "--pack", "stocktake-2018", "--from", str(last)]
        return (lambda out: [*new, "--out", str(out)]), folder / name, last

    return setup


def _letter(folder: Path) -> tuple[Callable[[Path], list[str]], Path, Path | None]:
    records = _records(folder)
    letter = ["letter", "offer", "--record", "DEP-001", "--from", str(records), "--today", "2026-06-10"]
    return (lambda out: [*letter, "--out", str(out)]), folder / "letter.docx", records


def _discussion_guide(folder: Path) -> tuple[Callable[[Path], list[str]], Path, Path | None]:
    pack = folder / "pack.toml"
    assert main(["templates", "--out", str(pack)]) == 0
    return (
        (lambda out: ["discussion-guide", "--templates", str(pack), "--out", str(out)]),
        folder / "guide.docx",
        pack,
    )


def _templates(folder: Path) -> tuple[Callable[[Path], list[str]], Path, Path | None]:
    return (lambda out: ["templates", "--out", str(out)]), folder / "pack.toml", None  # reads no file


#: Each case: the setup and the exit code of a run that writes. Every command of the parser
#: that writes must have at least one case here (see the tests at the end).
COMMANDS: dict[str, tuple[Setup, int]] = {
    "audit-workbook": (_audit_workbook, 0),
    "audit-workbook --records": (_audit_insights, 0),
    "tracker new": (_tracker_new, 0),
    "tracker new xlsx": (_tracker_new_from("next.xlsx", "last.xlsx"), 0),
    "tracker export": (_tracker_export, 0),
    "tracker export xlsx": (_tracker_export_to("copy.xlsx"), 0),
    "publish": (_reading_records("publish", "figures.csv", "--period", PERIOD), 0),
    "publish json": (_reading_records("publish", "figures.json", "--period", PERIOD), 0),
    "report": (_reading_records("report", "report.xlsx", "--period", PERIOD), 0),
    "share": (_reading_records("share", "shared.jsonl", "--key-file", "{folder}/sharing.key"), 0),
    "export jsonl": (_export("jsonl", "out.jsonl"), 0),
    "export csv": (_export("csv", "out.csv"), 0),
    "export excel": (_export("excel", "out.xlsx"), 0),
    "import --rejects": (_import_rejects, 1),  # the example has rows rejected on purpose
    "mapping init": (_mapping_init, 0),
    "register new": (_register_new, 0),
    "register read": (_register_read, 0),
    "letter": (_letter, 0),
    "discussion-guide": (_discussion_guide, 0),
    "templates": (_templates, 0),
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


#: Commands that read no file of the user's, so have no input a target could be.
READ_NOTHING = frozenset({"templates"})


@pytest.mark.parametrize("how", ["the same path", "another spelling", "a symbolic link", "a hard link"])
@pytest.mark.parametrize("command", [c for c in COMMANDS if c not in READ_NOTHING])
def test_an_input_is_never_a_target_even_with_force(
    command: str, how: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    setup, _ = COMMANDS[command]
    args, _, source = setup(tmp_path)
    assert source is not None, f"{command} reads no file: list it in READ_NOTHING"
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


# -- a command's other inputs ------------------------------------------------------------------------


def _with_cost(folder: Path) -> tuple[list[str], Path]:
    records = _records(folder)
    cost = folder / "cost.toml"
    cost.write_text("", encoding="utf-8")
    out = ["report", str(records), "--period", PERIOD, "--cost", str(cost), "--out", str(cost)]
    return out, cost


def _with_key(folder: Path) -> tuple[list[str], Path]:
    records = _records(folder)
    key = folder / "sharing.key"
    key.write_bytes(os.urandom(32))
    key.chmod(0o600)
    return ["share", str(records), "--key-file", str(key), "--out", str(key)], key


def _with_headings(folder: Path) -> tuple[list[str], Path]:
    source, _ = _leavers(folder)
    headings = folder / "headings.toml"
    headings.write_text('schema_version = 1\n[headings]\nroute = ["How they left"]\n', encoding="utf-8")
    return ["mapping", "init", str(source), "--headings", str(headings), "--out", str(headings)], headings


def _with_mapping(folder: Path) -> tuple[list[str], Path]:
    source, mapping = _leavers(folder)
    out = folder / "records.jsonl"
    return [
        "import",
        str(source),
        "--mapping",
        str(mapping),
        "--out",
        str(out),
        "--rejects",
        str(mapping),
    ], mapping


def _with_records_for_insights(folder: Path) -> tuple[list[str], Path]:
    records = _records(folder)
    return ["audit-workbook", str(records), "--records", str(records), "--period", PERIOD], records


OTHER_INPUTS: dict[str, Callable[[Path], tuple[list[str], Path]]] = {
    "report --cost": _with_cost,
    "share --key-file": _with_key,
    "mapping init --headings": _with_headings,
    "import --mapping": _with_mapping,
    "audit-workbook --records": _with_records_for_insights,
}


@pytest.mark.parametrize("case", list(OTHER_INPUTS))
def test_no_input_of_a_command_is_its_target_even_with_force(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args, source = OTHER_INPUTS[case](tmp_path)
    before = source.read_bytes()
    capsys.readouterr()
    assert main([*args, "--force"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"fosterkit: refusing to write {source}: it is also one of this command's inputs")
    assert err.count("\n") == 1
    assert source.read_bytes() == before


# -- a new sharing key -------------------------------------------------------------------------------


@pytest.mark.parametrize("force", [[], ["--force"]], ids=["without --force", "with --force"])
def test_a_new_key_never_replaces_a_file(
    force: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = tmp_path / "sharing.key"
    key.write_bytes(b"the key every earlier extract was made with")
    link = tmp_path / "link.key"
    link.symlink_to(_records(tmp_path).name)
    records = (tmp_path / "records.jsonl").read_bytes()
    for target in (key, link):
        capsys.readouterr()
        assert main(["share", "--new-key", str(target), *force]) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"fosterkit: {target} already exists; a new key is never written over a file")
        assert err.count("\n") == 1
    assert key.read_bytes() == b"the key every earlier extract was made with"
    assert (tmp_path / "records.jsonl").read_bytes() == records
    assert link.is_symlink()


# -- the publication log ------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["publish", "audit-workbook"])
def test_an_output_is_never_the_publication_log_kept_beside_it(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = _records(tmp_path)
    log = tmp_path / "publication-log.json"
    if command == "publish":
        args = ["publish", str(records), "--out", str(log), "--period", PERIOD]
    else:
        args = ["audit-workbook", str(log), "--records", str(records), "--period", PERIOD]
    capsys.readouterr()
    assert main([*args, "--force"]) == 2
    assert "name the same file" in capsys.readouterr().err
    assert not log.exists()


def test_records_kept_where_the_publication_log_would_be_are_never_written_over(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = Path(shutil.copy(EXAMPLES / "records.jsonl", tmp_path / "publication-log.json"))
    before = records.read_bytes()
    out = tmp_path / "figures.csv"
    assert main(["publish", str(records), "--out", str(out), "--period", PERIOD]) == 2
    assert capsys.readouterr().err.count("\n") == 1
    assert records.read_bytes() == before
    assert not out.exists()


# -- every command of the parser is classified -------------------------------------------------------

#: The commands that write files, and the options (by ``dest``) naming what they write. The
#: publication log and an import's records are added to; the rest are replaced only with --force.
WRITERS: dict[str, set[str]] = {
    "export": {"out"},
    "audit-workbook": {"out", "log"},
    "tracker new": {"out"},
    "tracker export": {"out"},
    "import": {"out", "rejects"},
    "mapping init": {"out"},
    "publish": {"out", "log"},
    "report": {"out", "log"},
    "share": {"out", "new_key"},
    "register new": {"out"},
    "register read": {"out"},
    "letter": {"out"},
    "discussion-guide": {"out"},
    "templates": {"out"},
}
#: The options that name a file a command writes.
OUTPUTS = {"out", "rejects", "new_key", "log"}


def _reading(folder: Path) -> dict[str, list[str]]:
    """Every command that only reads, with arguments that make it read something."""
    records = str(_records(folder))
    source, mapping = (str(path) for path in _leavers(folder))
    workbook = folder / "audit.xlsx"
    generate_audit_workbook(workbook, service="Anytown Fostering", today=datetime.date(2026, 5, 1))
    tracker = folder / "tracker.csv"
    assert main(["tracker", "new", "--pack", "stocktake-2018", "--out", str(tracker)]) == 0
    offer = str(shutil.copy(EXAMPLES / "offer.toml", folder / "offer.toml"))
    return {
        "catalogue": ["catalogue"],
        "questions": ["questions"],
        "coverage": ["coverage"],
        "links": ["links"],
        "taxonomy": ["taxonomy", "--extension", mapping],
        "taxonomy check": ["taxonomy", "check", mapping],
        "checklist": ["checklist"],
        "plugins": ["plugins"],
        "audit-read": ["audit-read", str(workbook)],
        "tracker check": ["tracker", "check", str(tracker)],
        "mapping check": ["mapping", "check", mapping, source],
        "check": ["check", records],
        "process due": ["process", "due", records, "--today", "2026-01-01"],
        "process metrics": ["process", "metrics", records],
        "process check": ["process", "check", records, "--today", "2026-01-01"],
        "offer check": ["offer", "check", "--from", offer],
        "offer gaps": ["offer", "gaps", "--from", offer, "--records", records, "--period", "2025-26"],
    }


def _commands(
    parser: argparse.ArgumentParser, prefix: str = ""
) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    """Every command the parser runs, by its words (``tracker new``), with its own parser."""
    groups = [action for action in parser._actions if isinstance(action, argparse._SubParsersAction)]
    if prefix and (not groups or parser.get_default("run") is not None):
        yield prefix, parser
    for group in groups:
        for word, sub in group.choices.items():
            yield from _commands(sub, f"{prefix} {word}".strip())


COMMAND_PARSERS = dict(_commands(_parser()))


def test_every_command_is_known_to_write_or_only_to_read(tmp_path: Path) -> None:
    readers = set(_reading(tmp_path))
    assert not readers & set(WRITERS)
    assert set(COMMAND_PARSERS) == readers | set(WRITERS), (
        "a new command: add it to WRITERS (with cases in COMMANDS) or to _reading"
    )


#: Commands whose only output is the publication log they add to (never replaced, so no --force).
ADD_TO_THE_LOG = {"offer gaps": {"log"}}


@pytest.mark.parametrize("command", sorted(COMMAND_PARSERS))
def test_a_command_has_force_exactly_when_it_writes(command: str) -> None:
    dests = {action.dest for action in COMMAND_PARSERS[command]._actions}
    assert ("force" in dests) == (command in WRITERS)
    assert dests & OUTPUTS == WRITERS.get(command, ADD_TO_THE_LOG.get(command, set()))


def test_gaps_never_add_to_a_log_that_is_one_of_their_inputs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = _records(tmp_path)
    before = records.read_bytes()
    offer = ["offer", "gaps", "--from", str(EXAMPLES / "offer.toml"), "--records", str(records)]
    assert main([*offer, "--period", "2025-26", "--log", str(records)]) == 2
    assert "it is also one of this command's inputs" in capsys.readouterr().err
    assert records.read_bytes() == before


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_every_writing_command_is_run_against_an_existing_file(command: str) -> None:
    assert any(case == command or case.startswith(f"{command} ") for case in COMMANDS)


def test_the_commands_that_only_read_write_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    commands = _reading(tmp_path)
    monkeypatch.chdir(tmp_path)
    before = {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()}
    for name, args in commands.items():
        assert main(args) in (0, 1, 2), name
        after = {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()}
        assert after == before, name
