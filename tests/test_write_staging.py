"""Writes leave nothing behind: staged beside the target, removed when stopped, owner-only.

Issue 19, must-have 8. A write stopped by ``SIGTERM`` or ``SIGINT`` removes its temporary file
and leaves the old file; one killed outright (``kill -9``) leaves a ``.part`` file that the
next write there removes; the Excel exporter stages nothing in the system's temporary folder;
SQLite databases and their journals are readable by their owner only, whatever the umask.

The commands run as real processes reading their records from a named pipe, so each is
stopped at a known point (waiting for more records, its temporary file made) with no timing.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fosterkit.adapters.atomic import EARLIER_STALE_AFTER, remove_stale_parts, temporary_beside, write_beside
from fosterkit.adapters.jsonl import write_jsonl
from fosterkit.cli import main
from fosterkit.cli._targets import Terminated, stopping_on_terminate

pytestmark = pytest.mark.skipif(os.name != "posix", reason="signals, pipes and modes are POSIX")

ROOT = Path(__file__).resolve().parents[1]
RECORDS = ROOT / "docs" / "examples" / "records.jsonl"
#: How long to wait for a child process to reach a point before giving up (a guard, not a timing).
GUARD = 120.0


def _departure_lines() -> list[str]:
    lines = RECORDS.read_text(encoding="utf-8").splitlines()
    return [line + "\n" for line in lines if json.loads(line).get("kind") == "departure"]


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", ""])
    child.wait()
    return child.pid


def _marker(folder: Path) -> str:
    """This process's ``PID@HOST`` as the atomic write names its temporary files."""
    with temporary_beside(folder / "probe") as temp:
        marker = temp.name.split(".")[-3]
    (folder / "probe").unlink()
    return marker


def _parts(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".part" in p.name)


# -- stale temporary files ---------------------------------------------------------------------------


def test_a_write_removes_what_killed_writes_left_and_nothing_else(tmp_path: Path) -> None:
    here = _marker(tmp_path)
    pid, host = here.split("@")
    dead = _dead_pid()
    other_host = "0" * 8 if host != "0" * 8 else "1" * 8
    left = tmp_path / f".t.jsonl.{dead}@{host}.abcd1234.part"
    left.write_bytes(b"20 MB of personal data")
    scratch = tmp_path / f"..t.jsonl.{dead}@{host}.abcd1234.part.{dead}@{host}.efgh5678.part"
    scratch.mkdir()
    (scratch / "tmp123").write_bytes(b"rows")
    elsewhere = tmp_path / f".other.csv.{dead}@{host}.zzzz9999.part"  # any target's, in the folder
    elsewhere.write_bytes(b"")
    kept = [
        f".t.jsonl.{pid}@{host}.live0001.part",  # a write in progress, in this very process
        f".t.jsonl.{dead}@{other_host}.host0001.part",  # another machine's, on a shared folder
        ".t.jsonl.notours.part",
        ".t.jsonl.abcd1234.part",  # an earlier version's, not yet a day old
        "t.jsonl.bak",
        f"t.jsonl.{dead}@{host}.abcd1234.part",  # not hidden: not a name we make
    ]
    for name in kept:
        (tmp_path / name).write_bytes(b"keep")
    old = tmp_path / ".t.jsonl.wxyz0000.part"  # an earlier version's, left long ago
    old.write_bytes(b"")
    long_ago = time.time() - EARLIER_STALE_AFTER - 60
    os.utime(old, (long_ago, long_ago))
    write_jsonl([], tmp_path / "t.jsonl")
    names = {p.name for p in tmp_path.iterdir()}
    assert not {left.name, scratch.name, elsewhere.name, old.name} & names
    assert set(kept) <= names
    assert (tmp_path / "t.jsonl").exists()


_NAMES = st.text(alphabet=st.sampled_from("abcz09_.@-x ~é"), min_size=1, max_size=40).filter(
    lambda name: name not in {".", ".."}
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=40)
@given(names=st.sets(_NAMES, max_size=8))
def test_the_clean_up_never_removes_a_name_it_did_not_make(
    tmp_path_factory: pytest.TempPathFactory, names: set[str]
) -> None:
    host = _marker(tmp_path_factory.mktemp("probe")).split("@")[1]
    folder = tmp_path_factory.mktemp("names")
    for name in names:
        (folder / name).write_bytes(b"")
    ours = folder / f".target.{_dead_pid()}@{host}.abcdefgh.part"
    ours.write_bytes(b"")
    assert remove_stale_parts(folder / "target") == 1
    assert {p.name for p in folder.iterdir()} == names


def test_a_failed_write_leaves_no_part_and_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "t.csv"
    target.write_bytes(b"old")

    def fail(temp: Path) -> None:
        temp.write_bytes(b"half")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OSError, match="No space"):
        write_beside(target, fail)
    assert target.read_bytes() == b"old"
    assert _parts(tmp_path) == []


def test_sigterm_becomes_an_interrupt_only_inside_a_command() -> None:
    before = signal.getsignal(signal.SIGTERM)

    def stopped() -> None:
        with stopping_on_terminate():
            os.kill(os.getpid(), signal.SIGTERM)  # the handler runs before the next line
            pytest.fail("SIGTERM did not stop the block")

    with pytest.raises(Terminated):
        stopped()
    assert signal.getsignal(signal.SIGTERM) == before
    assert issubclass(Terminated, KeyboardInterrupt)


def test_sighup_stops_a_command_as_sigterm_does() -> None:
    before = signal.getsignal(signal.SIGHUP)

    def stopped() -> None:
        with stopping_on_terminate():
            os.kill(os.getpid(), signal.SIGHUP)
            pytest.fail("SIGHUP did not stop the block")

    with pytest.raises(Terminated):
        stopped()
    assert signal.getsignal(signal.SIGHUP) == before


def test_a_signal_ignored_when_the_command_began_stays_ignored() -> None:
    before = signal.signal(signal.SIGHUP, signal.SIG_IGN)  # as nohup starts a process
    try:
        with stopping_on_terminate():
            assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
            os.kill(os.getpid(), signal.SIGHUP)
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, before)


@pytest.mark.parametrize(("call", "scratch"), [("open", False), ("mkdir", True), ("replace", False)])
def test_a_write_stopped_just_after_a_file_is_made_or_moved_leaves_nothing(
    call: str, scratch: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``Ctrl-C`` can come between any two steps: here, right after the system call returns."""
    import fosterkit.adapters.atomic as atomic

    owner: object = os if call == "open" else Path
    real = getattr(owner, call)

    def stopping(*args: object, **kwargs: object) -> None:
        real(*args, **kwargs)
        raise KeyboardInterrupt

    target = tmp_path / "t.xlsx"
    target.write_bytes(b"old")

    def write() -> None:
        with temporary_beside(target) as temp:
            if scratch:
                monkeypatch.setattr(owner, call, stopping)
                with atomic.scratch_beside(temp):
                    pass
            temp.write_bytes(b"new")
            if not scratch:
                monkeypatch.setattr(owner, call, stopping)

    if call == "open":
        monkeypatch.setattr(owner, call, stopping)
    with pytest.raises(KeyboardInterrupt):
        write()
    monkeypatch.undo()
    assert [p.name for p in tmp_path.iterdir()] == ["t.xlsx"]
    assert target.read_bytes() == (b"new" if call == "replace" else b"old")


# -- a command stopped part-way --------------------------------------------------------------------


def _stoppable() -> None:  # pragma: no cover - runs in the child
    """Let the child be stopped as from a terminal, whatever the test process inherited.

    A process started in the background may inherit SIGINT ignored, and a child inherits its
    parent's blocked signals: either would leave the export deaf to the signal it is sent.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM, signal.SIGHUP})


@contextlib.contextmanager
def _exporting(
    folder: Path, target: Path, *more: str, env: dict[str, str] | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """``fosterkit export`` reading from a pipe, stopped with two records written and more awaited."""
    pipe = folder / "records.jsonl"
    os.mkfifo(pipe)
    command = [
        sys.executable,
        "-m",
        "fosterkit",
        "export",
        str(pipe),
        "--no-check",
        "--out",
        str(target),
        *more,
    ]
    child = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, preexec_fn=_stoppable
    )
    writer = None
    try:
        deadline = time.monotonic() + GUARD
        while writer is None:
            try:
                writer = os.open(pipe, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as err:  # no reader yet
                if err.errno != errno.ENXIO or child.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(child.communicate()) from err
                time.sleep(0.01)
        os.set_blocking(writer, True)
        os.write(writer, "".join(_departure_lines()[:2]).encode("utf-8"))
        yield child
    finally:
        if writer is not None:
            os.close(writer)
        if child.poll() is None:
            child.kill()
        child.communicate()


def _wait_for(folder: Path, child: subprocess.Popen[bytes], *, scratch: bool = False) -> None:
    """Until the child's temporary file (and, with ``scratch``, a file in its own folder) is there."""
    deadline = time.monotonic() + GUARD
    while True:
        parts = [p for p in folder.iterdir() if p.name.endswith(".part")]
        if parts and (not scratch or any(p.is_dir() and any(p.iterdir()) for p in parts)):
            return
        assert child.poll() is None, child.communicate()
        assert time.monotonic() < deadline, "the export never started"
        time.sleep(0.01)


@pytest.mark.parametrize(("how", "code"), [(signal.SIGTERM, 130), (signal.SIGINT, 130)])
def test_a_stopped_export_removes_its_part_and_keeps_the_old_file(
    how: signal.Signals, code: int, tmp_path: Path
) -> None:
    target = tmp_path / "out.jsonl"
    target.write_bytes(b"last month's export\n")
    with _exporting(tmp_path, target, "--to", "jsonl", "--force") as child:
        _wait_for(tmp_path, child)
        child.send_signal(how)
        _, err = child.communicate(timeout=GUARD)
        assert child.returncode == code
        assert err.decode() == "fosterkit: interrupted\n"
    assert target.read_bytes() == b"last month's export\n"
    assert _parts(tmp_path) == []


def test_a_killed_export_leaves_a_part_that_the_next_write_removes(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    empty = tmp_path / "system-temp"
    empty.mkdir()
    env = {**os.environ, "TMPDIR": str(empty), "TEMP": str(empty), "TMP": str(empty)}
    with _exporting(tmp_path, target, "--to", "excel", "--kind", "departure", env=env) as child:
        _wait_for(tmp_path, child, scratch=True)  # xlsxwriter's row file is in its folder
        child.kill()
        child.wait()
    assert list(empty.iterdir()) == []  # nothing in the system's temporary folder
    assert len(_parts(tmp_path)) == 2  # the workbook's part and its rows' folder, beside it
    assert not target.exists()
    assert main(["export", str(RECORDS), "--to", "excel", "--kind", "departure", "--out", str(target)]) == 0
    assert _parts(tmp_path) == []


def test_excel_writers_stage_nothing_in_the_system_temporary_folder(tmp_path: Path) -> None:
    empty = tmp_path / "system-temp"
    empty.mkdir()
    env = {**os.environ, "TMPDIR": str(empty), "TEMP": str(empty), "TMP": str(empty)}
    period = "2025-04-01..2025-09-30"
    commands = [
        ["export", str(RECORDS), "--to", "excel", "--kind", "departure", "--out", "records.xlsx"],
        [
            "export",
            str(RECORDS),
            "--to",
            "excel",
            "--kind",
            "departure",
            "--out",
            "none.xlsx",
            "--option",
            "sheet=x:y",
        ],
        ["audit-workbook", "audit.xlsx", "--records", str(RECORDS)],
        ["report", str(RECORDS), "--out", "report.xlsx", "--period", period],
        ["tracker", "new", "--pack", "stocktake-2018", "--out", "tracker.xlsx"],
    ]
    for command in commands:
        subprocess.run(
            [sys.executable, "-m", "fosterkit", *command], cwd=tmp_path, env=env, capture_output=True
        )
    assert list(empty.iterdir()) == []
    assert _parts(tmp_path) == []
    assert {"records.xlsx", "audit.xlsx", "report.xlsx", "tracker.xlsx"} <= {
        p.name for p in tmp_path.iterdir()
    }


def test_openpyxl_stages_its_sheets_beside_the_workbook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import openpyxl.worksheet._writer as sheet_writer  # type: ignore[import-untyped, unused-ignore]

    made: list[Path] = []
    real = sheet_writer.create_temporary_file

    def recording(suffix: str = "") -> str:
        name = str(real(suffix))
        made.append(Path(name))
        return name

    monkeypatch.setattr(sheet_writer, "create_temporary_file", recording)
    assert main(["audit-workbook", str(tmp_path / "audit.xlsx"), "--records", str(RECORDS)]) == 0
    assert made
    assert all(path.parent.parent == tmp_path and path.parent.name.endswith(".part") for path in made)
    assert _parts(tmp_path) == []


def test_an_import_spools_beside_its_output_never_in_the_system_temporary_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    from fosterkit import import_source

    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_temp))
    out = tmp_path / "out"
    out.mkdir()
    source = tmp_path / "leavers.csv"
    header = "Ref,Household ref,Carer name,Notice date ,date left,Leaving route,Moving to"
    lines = [header + ",Reason for leaving,Second reason"]
    lines += [f"L-{n:05d},HH-{n:05d},A Name,14/01/2025,28/02/2025,RET,,RET," for n in range(2500)]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    seen: list[tuple[list[str], list[str]]] = []

    def progress(rows: int) -> None:  # called part-way, every 1,000 rows
        seen.append(([p.name for p in system_temp.iterdir()], [p.name for p in out.iterdir()]))

    mapping = ROOT / "docs" / "examples" / "leavers-mapping.toml"
    import_source(source, mapping, out=out / "records.jsonl", progress=progress)
    assert seen
    assert all(temp == [] for temp, _ in seen)  # nothing of the import in the system's folder
    assert all(beside and all(name.endswith(".part") for name in beside) for _, beside in seen)
    assert sorted(p.name for p in out.iterdir()) == ["records.jsonl", "records.rejects.csv"]
    assert list(system_temp.iterdir()) == []


# -- SQLite --------------------------------------------------------------------------------------------


@contextlib.contextmanager
def _umask(mask: int) -> Iterator[None]:
    before = os.umask(mask)
    try:
        yield
    finally:
        os.umask(before)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _modes_under(folder: Path) -> dict[str, int]:
    """Every file and folder under ``folder`` (named relative to it) and its mode, a folder's with a /."""
    return {
        str(path.relative_to(folder)) + ("/" if path.is_dir() else ""): _mode(path)
        for path in folder.rglob("*")
    }


@pytest.mark.parametrize("umask", [0o022, 0o000], ids=["umask 022", "umask 000"])
@pytest.mark.parametrize("existing", [False, True], ids=["new database", "old database"])
def test_a_sqlite_database_and_its_journal_are_owner_only_whatever_the_umask(
    existing: bool, umask: int, tmp_path: Path
) -> None:
    from fosterkit import read_jsonl
    from fosterkit_sqlite.writer import write_sqlite

    departures = [r for r in read_jsonl(RECORDS) if type(r).__name__ == "Departure"]
    database = tmp_path / "records.db"
    seen: dict[str, int] = {}

    def watched() -> Iterator[object]:
        for number, record in enumerate(departures):
            if number == 5:  # inside the transaction, rows written: the journal is there now
                seen.update(_modes_under(tmp_path))
            yield record

    with _umask(umask):
        if existing:
            write_sqlite(departures[:1], database, kind="departure")
        assert write_sqlite(watched(), database, kind="departure") == len(departures)
    journals = [name for name in seen if name.endswith("-journal")]
    assert len(journals) == 1
    # A new database is made in a hidden folder beside the target; an old one is updated in place.
    assert (journals[0] == "records.db-journal") == existing
    assert all(mode == (0o700 if name.endswith("/") else 0o600) for name, mode in seen.items()), seen
    assert _modes_under(tmp_path) == {"records.db": 0o600}


def test_an_existing_world_readable_database_is_made_owner_only(tmp_path: Path) -> None:
    database = tmp_path / "records.db"
    with _umask(0o022):
        assert (
            main(["export", str(RECORDS), "--to", "sqlite", "--kind", "departure", "--out", str(database)])
            == 0
        )
        database.chmod(0o644)
        journal = Path(f"{database}-wal")
        journal.write_bytes(b"")
        journal.chmod(0o644)
        assert (
            main(["export", str(RECORDS), "--to", "sqlite", "--kind", "departure", "--out", str(database)])
            == 0
        )
    assert _mode(database) == 0o600
    assert _mode(journal) == 0o600


def test_every_output_of_the_commands_is_owner_only_under_umask_022(tmp_path: Path) -> None:
    key = tmp_path / "sharing.key"
    key.write_bytes(os.urandom(32))
    key.chmod(0o600)
    period = "2025-04-01..2025-09-30"
    commands = {
        "records.csv": ["export", str(RECORDS), "--to", "csv", "--kind", "departure"],
        "records.xlsx": ["export", str(RECORDS), "--to", "excel", "--kind", "departure"],
        "records.db": ["export", str(RECORDS), "--to", "sqlite", "--kind", "departure"],
        "shared.jsonl": ["share", str(RECORDS), "--key-file", str(key)],
        "figures.csv": ["publish", str(RECORDS), "--period", period],
        "report.xlsx": ["report", str(RECORDS), "--period", period],
    }
    with _umask(0o022):
        for name, command in commands.items():
            assert main([*command, "--out", str(tmp_path / name)]) == 0, name
        assert main(["audit-workbook", str(tmp_path / "audit.xlsx"), "--records", str(RECORDS)]) == 0
    for name in [*commands, "audit.xlsx"]:
        assert _mode(tmp_path / name) == 0o600, name
    assert _parts(tmp_path) == []


def test_a_signal_arriving_as_removal_begins_leaves_the_signal_mask_as_it_was(tmp_path: Path) -> None:
    """A ``Ctrl-C`` whose handler runs just as the stopping signals are held puts the mask back."""
    before = signal.pthread_sigmask(signal.SIG_BLOCK, ())
    real = signal.pthread_sigmask
    calls: list[int] = []

    def interrupted_after_blocking(how: int, mask: Iterable[int]) -> set[int | signal.Signals]:
        found = real(how, mask)
        calls.append(how)
        if how == signal.SIG_BLOCK and set(mask):  # as CPython runs a pending handler on return
            raise KeyboardInterrupt
        return found

    with (
        mock.patch.object(signal, "pthread_sigmask", interrupted_after_blocking),
        pytest.raises(KeyboardInterrupt),
        temporary_beside(tmp_path / "t.csv"),
    ):
        raise ValueError("the write failed, and its temporary file is being removed")
    assert signal.pthread_sigmask(signal.SIG_BLOCK, ()) == before
    assert calls[-1] == signal.SIG_SETMASK
