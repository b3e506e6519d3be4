"""The progress bar of commands that read records: on a terminal only, at most ten drawings a second,
ending at 100% and erased; nothing at all when standard error is not a terminal or under CI."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fosterkit.adapters.checking import usable_records
from fosterkit.adapters.jsonl import iter_jsonl
from fosterkit.cli import main
from fosterkit.cli._progress import ProgressBar, wanted

pty = pytest.importorskip("pty")  # POSIX only

EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples" / "records.jsonl"


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_bar_is_drawn_at_most_ten_times_a_second_and_always_at_the_end() -> None:
    stream, clock = io.StringIO(), Clock()
    bar = ProgressBar("reading records.jsonl", stream, clock)
    for step in range(1, 10):  # nine reports in 0.09 s: one drawing
        clock.now = step / 100
        bar(step * 10, 1000, step)
    assert stream.getvalue().count("\r") == 1
    clock.now = 0.25
    bar(500, 1000, 50)
    assert stream.getvalue().endswith("\r" + bar.line())
    assert " 50%  50 records" in bar.line()
    clock.now = 0.26  # too soon for another drawing, but the end is always drawn
    bar(1000, 1000, 100)
    assert stream.getvalue().count("\r") == 3
    assert "100%  100 records" in stream.getvalue().split("\r")[-1]


def test_erasing_blanks_the_line() -> None:
    stream = io.StringIO()
    bar = ProgressBar("reading records.jsonl", stream, Clock())
    bar.erase()
    assert stream.getvalue() == ""  # nothing drawn, nothing to erase
    bar(1, 1, 1)
    drawn = len(stream.getvalue())
    bar.erase()
    rest = stream.getvalue()[drawn:]
    assert rest.startswith("\r")
    assert rest.endswith("\r")
    assert rest.strip() == ""


def test_a_bar_is_wanted_on_a_terminal_only_and_never_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    assert wanted(Terminal())
    assert not wanted(io.StringIO())
    monkeypatch.setenv("CI", "true")
    assert not wanted(Terminal())


def test_the_readers_report_bytes_and_records_and_end_at_the_file_size() -> None:
    size = EXAMPLES.stat().st_size
    seen: list[tuple[int, int, int]] = []
    records = list(iter_jsonl(EXAMPLES, progress=lambda *told: seen.append(told)))
    assert seen[0] == (0, size, 0)
    assert seen[-1] == (size, size, len(records))
    assert all(done <= total == size for done, total, _ in seen)
    assert [told[2] for told in seen] == sorted(told[2] for told in seen)
    # the check and the second pass are one reading of twice the file
    both: list[tuple[int, int, int]] = []
    kept, _ = usable_records(EXAMPLES, progress=lambda *told: both.append(told))
    assert len(list(kept)) == len(records)
    assert both[-1] == (2 * size, 2 * size, len(records))
    assert [told[0] for told in both] == sorted(told[0] for told in both)


def test_nothing_is_drawn_when_standard_error_is_not_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CI", raising=False)
    assert main(["export", str(EXAMPLES), "--to", "jsonl", "--out", str(tmp_path / "out.jsonl")]) == 0
    assert capsys.readouterr().err == ""


def _on_a_terminal(argv: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run ``fosterkit argv`` with standard error on a pseudo-terminal; its status and what it drew."""
    leader, follower = pty.openpty()
    try:
        process = subprocess.run(
            [sys.executable, "-m", "fosterkit", *argv],
            stdout=subprocess.DEVNULL,
            stderr=follower,
            env=env,
            timeout=120,
            check=False,
        )
    finally:
        os.close(follower)
    drawn = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal is closed once everything is read
            break
        if not chunk:
            break
        drawn += chunk
    os.close(leader)
    return process.returncode, drawn.decode("utf-8", "replace")


@pytest.mark.parametrize(
    "argv",
    [
        ["check", str(EXAMPLES)],
        ["export", str(EXAMPLES), "--to", "jsonl", "--out", "{tmp}/out.jsonl"],
        ["process", "due", str(EXAMPLES), "--today", "20/03/2026"],
    ],
    ids=["check", "export", "process due"],
)
def test_on_a_terminal_the_bar_ends_at_100_percent_and_is_erased(argv: list[str], tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if key != "CI"}
    code, drawn = _on_a_terminal([part.format(tmp=tmp_path) for part in argv], env)
    assert code == 0, drawn
    drawings = [part for part in drawn.split("\r") if part.strip()]
    assert drawings, "a bar was drawn"
    assert "reading records.jsonl" in drawings[0]
    assert "100%  171 records" in drawings[-1]
    assert drawn.endswith("\r")
    assert drawn.split("\r")[-2].strip() == ""  # the last thing written blanks the bar's line
    code, drawn = _on_a_terminal(
        [part.format(tmp=tmp_path) for part in argv] + ["--force"] * (argv[0] == "export"), {**env, "CI": "1"}
    )
    assert (code, drawn) == (0, "")
