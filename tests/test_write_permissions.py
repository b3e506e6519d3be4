"""Every file a command writes is readable and writable by its owner only, whatever the umask.

Issue 19, must-have 8. The commands run in a child process whose umask is set first (0o022, the
usual one, and 0o000, the most open), once making each file and once replacing a file that was
there and readable by everyone (``--force``, or merged into). Records in every format, shared
copies and keys, publications and their log, reports, audit workbooks with insights, trackers,
imported records and their rejects, and drafted mappings are all mode 0600 afterwards.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "docs" / "examples"
PERIOD = "2025-04-01..2025-09-30"

#: Runs each command line in one process, under the umask given, and prints the exit codes.
_RUNNER = """
import json, os, sys
os.umask(int(sys.argv[1], 8))
from fosterkit.cli import main
print(json.dumps([main(argv) for argv in json.loads(sys.argv[2])]))
"""


def _commands(inputs: Path, out: Path, *, again: bool) -> list[tuple[list[str], int]]:
    """Every writing command, with the exit code it should give, writing into ``out``."""
    records = str(inputs / "records.jsonl")
    leavers, mapping = str(inputs / "leavers.csv"), str(inputs / "leavers-mapping.toml")
    key = str(inputs / "sharing.key")
    force = ["--force"] if again else []
    period = ["--period", PERIOD]
    lines: list[tuple[list[str], int]] = [
        (["export", records, "--to", "jsonl", "--out", f"{out}/records.jsonl", *force], 0),
        (["export", records, "--to", "csv", "--kind", "departure", "--out", f"{out}/records.csv", *force], 0),
        (
            [
                "export",
                records,
                "--to",
                "excel",
                "--kind",
                "departure",
                "--out",
                f"{out}/records.xlsx",
                *force,
            ],
            0,
        ),
        (["export", records, "--to", "sqlite", "--kind", "departure", "--out", f"{out}/records.db"], 0),
        (["share", records, "--key-file", key, "--out", f"{out}/shared.jsonl", *force], 0),
        (["publish", records, *period, "--out", f"{out}/publish/figures.csv", *force], 0),
        (["publish", records, *period, "--out", f"{out}/publish/figures.json", *force], 0),
        (["report", records, *period, "--out", f"{out}/report/report.xlsx", *force], 0),
        (["audit-workbook", f"{out}/audit.xlsx", "--records", records, *period, *force], 0),
        (["tracker", "new", "--pack", "stocktake-2018", "--out", f"{out}/tracker.xlsx", *force], 0),
        (["tracker", "new", "--pack", "stocktake-2018", "--out", f"{out}/tracker.csv", *force], 0),
        (["tracker", "export", f"{out}/tracker.xlsx", "--out", f"{out}/tracker-copy.csv", *force], 0),
        # The example has rows rejected on purpose: exit 1, with a rejects file beside --out.
        (["import", leavers, "--mapping", mapping, "--out", f"{out}/imported.jsonl", "--quiet", *force], 1),
        (
            [
                *("import", leavers, "--mapping", mapping, "--out", f"{out}/imported-too.jsonl"),
                *("--rejects", f"{out}/rejected.csv", "--quiet", *force),
            ],
            1,
        ),
        (["mapping", "init", leavers, "--out", f"{out}/draft.toml", *force], 0),
    ]
    if not again:  # a key file is never replaced
        lines.append((["share", "--new-key", f"{out}/new.key"], 0))
    return lines


#: What the commands write: each file named relative to the output folder.
WRITTEN = {
    "records.jsonl",
    "records.csv",
    "records.xlsx",
    "records.db",
    "shared.jsonl",
    "publish/figures.csv",
    "publish/figures.json",
    "publish/publication-log.json",
    "report/report.xlsx",
    "report/publication-log.json",
    "audit.xlsx",
    "publication-log.json",  # the audit workbook's insights are a release too
    "tracker.xlsx",
    "tracker.csv",
    "tracker-copy.csv",
    "imported.jsonl",
    "imported.rejects.csv",
    "imported-too.jsonl",
    "rejected.csv",
    "draft.toml",
    "new.key",
}


def _run(commands: list[tuple[list[str], int]], umask: int, cwd: Path) -> None:
    argv = json.dumps([line for line, _ in commands])
    done = subprocess.run(
        [sys.executable, "-c", _RUNNER, f"{umask:o}", argv], cwd=cwd, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    codes = json.loads(done.stdout.splitlines()[-1])
    assert codes == [code for _, code in commands], done.stderr


def _files(folder: Path) -> dict[str, int]:
    return {
        str(path.relative_to(folder)): stat.S_IMODE(path.stat().st_mode)
        for path in folder.rglob("*")
        if path.is_file()
    }


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "inputs"
    folder.mkdir()
    for name in ("records.jsonl", "leavers.csv", "leavers-mapping.toml"):
        shutil.copy(EXAMPLES / name, folder / name)
    key = folder / "sharing.key"
    key.write_bytes(os.urandom(32))
    key.chmod(0o600)
    return folder


@pytest.mark.parametrize("umask", [0o022, 0o000], ids=["umask 022", "umask 000"])
def test_every_file_written_is_owner_only_and_so_is_every_file_replaced(
    umask: int, inputs: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    for folder in (out, out / "publish", out / "report"):
        folder.mkdir()
    _run(_commands(inputs, out, again=False), umask, tmp_path)
    written = _files(out)
    assert set(written) == WRITTEN
    assert {name: mode for name, mode in written.items() if mode != 0o600} == {}

    for name in WRITTEN:  # now readable and writable by everyone, and written again
        (out / name).chmod(0o666)
    _run(_commands(inputs, out, again=True), umask, tmp_path)
    written = _files(out)
    assert set(written) == WRITTEN
    # The key is never replaced, so it keeps what it was given; every other file is owner-only.
    assert {name: mode for name, mode in written.items() if mode != 0o600} == {"new.key": 0o666}
