"""A large export stopped part-way leaves nothing of itself behind, in every format.

Issue 19, must-have 8. ``fosterkit export`` runs as a real process over a records file large
enough that writing takes a while; once its temporary file (or, updating a database in place,
its journal) is there, it is sent ``SIGTERM``, ``SIGINT`` or ``SIGKILL``. Stopped by the first
two, it removes what it was writing and leaves the old target as it was; killed outright, it
leaves a partial file that the next write to the target removes. Nothing is ever left in the
system's temporary folder, and whatever a killed write leaves is readable by its owner only.

No timing is asserted: the test waits (with a generous guard) for the write to begin, and if an
export finished before its signal arrived, it is run again over a larger file.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest

from fosterkit.cli import main

pytestmark = pytest.mark.skipif(os.name != "posix", reason="signals and modes are POSIX")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "docs" / "examples" / "records.jsonl"
#: How long to wait for a child process to reach a point before giving up (a guard, not a timing).
GUARD = 300.0
#: Records in the large file, and in the larger one an export that outran its signal is given.
SIZES = (40_000, 400_000)

#: Each format: the target's name and the export's arguments after ``--to``.
FORMATS: dict[str, tuple[str, tuple[str, ...]]] = {
    "jsonl": ("out.jsonl", ("jsonl",)),
    "csv": ("out.csv", ("csv", "--kind", "departure")),
    "excel": ("out.xlsx", ("excel", "--kind", "departure")),
    "sqlite": ("out.db", ("sqlite", "--kind", "departure")),
}
STOPS = {"SIGTERM": signal.SIGTERM, "SIGINT": signal.SIGINT}


def _departure() -> dict[str, object]:
    for line in EXAMPLES.read_text(encoding="utf-8").splitlines():
        record: dict[str, object] = json.loads(line)
        if record["kind"] == "departure":
            return record
    raise AssertionError("the examples hold no departure")


def _ids_of(prefix: str, count: int) -> list[str]:
    return [f"{prefix}-{number:07d}" for number in range(count)]


def _write_records(path: Path, count: int, prefix: str = "DEP") -> Path:
    """``count`` departures, each its own id, as a JSON Lines file."""
    record = _departure()
    with path.open("w", encoding="utf-8") as file:
        for record_id in _ids_of(prefix, count):
            record["id"] = record_id
            file.write(json.dumps(record) + "\n")
    return path


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> Callable[[int], Path]:
    """The records file of a size (made once), in a folder of its own."""
    folder = tmp_path_factory.mktemp("records")
    made: dict[int, Path] = {}

    def of_size(count: int) -> Path:
        if count not in made:
            made[count] = _write_records(folder / f"records-{count}.jsonl", count)
        return made[count]

    return of_size


def _environment(system_temp: Path) -> dict[str, str]:
    return {**os.environ, "TMPDIR": str(system_temp), "TEMP": str(system_temp), "TMP": str(system_temp)}


def _sigint_as_usual() -> None:  # pragma: no cover - runs in the child
    # A process started in the background may inherit SIGINT ignored; Python then never turns
    # it into KeyboardInterrupt. Put it back as a terminal would have it.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _export(records: Path, target: Path, to: tuple[str, ...], *more: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "fosterkit",
        "export",
        str(records),
        "--no-check",
        "--quiet",
        "--to",
        *to,
        "--out",
        str(target),
        *more,
    ]


def _writing(folder: Path, target: Path, *, in_place: bool) -> bool:
    """Whether the write has begun: its hidden temporary file (or, in place, its journal) is there."""
    if in_place:
        return Path(f"{target}-journal").exists() or Path(f"{target}-wal").exists()
    return any(entry.name.endswith(".part") for entry in folder.iterdir())


def _stopped_partway(
    records: Callable[[int], Path],
    target: Path,
    to: tuple[str, ...],
    how: signal.Signals,
    *more: str,
    env: dict[str, str],
    in_place: bool = False,
    before: bytes | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run the export and send it ``how`` once it is writing; again over more records if it outran it.

    An export that outran its signal wrote its target in full: ``before`` (the old target's
    bytes, or ``None`` for none) is put back before it is run again.
    """
    for size in SIZES:
        child = subprocess.Popen(
            _export(records(size), target, to, *more),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            preexec_fn=_sigint_as_usual,
        )
        try:
            deadline = time.monotonic() + GUARD
            while child.poll() is None and not _writing(target.parent, target, in_place=in_place):
                assert time.monotonic() < deadline, "the export never began writing"
                time.sleep(0.005)
            if child.poll() is None:
                child.send_signal(how)
            out, err = child.communicate(timeout=GUARD)
        finally:
            if child.poll() is None:
                child.kill()
                child.communicate()
        if child.returncode != 0:  # it was stopped (or failed: the caller's assertions say so)
            return subprocess.CompletedProcess(child.args, child.returncode, out, err)
        if before is None:
            target.unlink()
        else:
            target.write_bytes(before)
    raise AssertionError(f"every export finished before it could be stopped ({SIZES[-1]} records)")


def _names(folder: Path) -> list[str]:
    return sorted(entry.name for entry in folder.iterdir())


def _hidden(folder: Path) -> list[str]:
    return sorted(entry.name for entry in folder.iterdir() if entry.name.startswith("."))


def _ids(database: Path) -> list[str]:
    with sqlite3.connect(database) as conn:
        return [row[0] for row in conn.execute("SELECT id FROM departure ORDER BY id")]


def _modes(folder: Path) -> dict[str, int]:
    """Every file and folder under ``folder`` and its permissions, a folder's name ending in /."""
    return {
        str(path.relative_to(folder)) + ("/" if path.is_dir() else ""): stat.S_IMODE(path.lstat().st_mode)
        for path in folder.rglob("*")
    }


@pytest.fixture
def place(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """The output folder, an empty folder standing for the system's temporary one, and the environment."""
    out = tmp_path / "out"
    out.mkdir()
    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()
    return out, system_temp, _environment(system_temp)


def _old_target(target: Path, to: tuple[str, ...]) -> bytes:
    """A small export already at ``target`` (last month's), returned as its bytes."""
    small = _write_records(target.parent.parent / "old.jsonl", 3, "OLD")
    assert main(_export(small, target, to)[3:]) == 0
    return target.read_bytes()


class Case(NamedTuple):
    """One export to stop: its target, and what was there before."""

    name: str
    to: tuple[str, ...]
    target: Path
    in_place: bool
    """A database updated in place (with no --force), rather than a file replaced."""
    before: bytes | None
    before_ids: list[str] | None
    more: tuple[str, ...]


def _case(form: str, existing: bool, records: Callable[[int], Path], out: Path, env: dict[str, str]) -> Case:
    name, to = FORMATS[form]
    target = out / name
    in_place = existing and form == "sqlite"
    before = _old_target(target, to) if existing else None
    before_ids = _ids(target) if in_place else None
    more = ("--force",) if existing and not in_place else ()
    return Case(name, to, target, in_place, before, before_ids, more)


@pytest.mark.parametrize("existing", [False, True], ids=["new target", "old target"])
@pytest.mark.parametrize("stop", list(STOPS))
@pytest.mark.parametrize("form", list(FORMATS))
def test_a_stopped_export_leaves_nothing_and_the_old_target_as_it_was(
    form: str,
    stop: str,
    existing: bool,
    records: Callable[[int], Path],
    place: tuple[Path, Path, dict[str, str]],
) -> None:
    out, system_temp, env = place
    name, to, target, in_place, before, before_ids, more = _case(form, existing, records, out, env)
    stopped = _stopped_partway(
        records, target, to, STOPS[stop], *more, env=env, in_place=in_place, before=before
    )
    assert stopped.returncode == 130, stopped.stderr
    assert stopped.stderr == "fosterkit: interrupted\n"
    assert _names(out) == ([name] if existing else [])  # no temporary file, folder or journal
    assert list(system_temp.iterdir()) == []
    if before is None:
        assert not target.exists()
    elif in_place:
        assert _ids(target) == before_ids  # the transaction was rolled back
    else:
        assert target.read_bytes() == before


def test_an_export_whose_terminal_closes_cleans_up_as_on_ctrl_c(
    records: Callable[[int], Path], place: tuple[Path, Path, dict[str, str]]
) -> None:
    out, system_temp, env = place
    _, to, target, _, before, _, more = _case("jsonl", True, records, out, env)
    stopped = _stopped_partway(records, target, to, signal.SIGHUP, *more, env=env, before=before)
    assert stopped.returncode == 130, stopped.stderr
    assert _names(out) == [target.name]
    assert target.read_bytes() == before
    assert list(system_temp.iterdir()) == []


@pytest.mark.parametrize("existing", [False, True], ids=["new target", "old target"])
@pytest.mark.parametrize("form", list(FORMATS))
def test_what_a_killed_export_leaves_is_owner_only_and_the_next_write_removes_it(
    form: str,
    existing: bool,
    records: Callable[[int], Path],
    place: tuple[Path, Path, dict[str, str]],
) -> None:
    out, system_temp, env = place
    name, to, target, in_place, before, before_ids, more = _case(form, existing, records, out, env)
    killed = _stopped_partway(
        records, target, to, signal.SIGKILL, *more, env=env, in_place=in_place, before=before
    )
    assert killed.returncode == -signal.SIGKILL
    left = _hidden(out)
    if in_place:
        assert left == []
        assert Path(f"{target}-journal").exists()  # SQLite's own: rolled back when next opened
    else:
        assert left
        assert all(".part" in entry for entry in left)  # hidden, never the target
    modes = {entry: mode for entry, mode in _modes(out).items() if entry != name}
    assert modes
    assert all(mode == (0o700 if entry.endswith("/") else 0o600) for entry, mode in modes.items()), modes
    assert list(system_temp.iterdir()) == []
    if before is None:
        assert not target.exists()
    elif not in_place:
        assert target.read_bytes() == before

    new = _write_records(out.parent / "new.jsonl", 3, "NEW")
    again = subprocess.run(_export(new, target, to, *more), env=env, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert _names(out) == [name]  # the leftovers are gone
    assert list(system_temp.iterdir()) == []
    if form == "sqlite":
        # Only rows written in full: the old ones (if any) and the next export's, none of the killed one's.
        assert _ids(target) == sorted([*(before_ids or ()), *_ids_of("NEW", 3)])
