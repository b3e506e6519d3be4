"""One archive check for every workbook reader (issue 20, must-have 4).

Hostile workbooks are made here, by code: a real audit workbook padded out with a part of
spaces, a workbook of forty parts each under the per-part limit, and an audit workbook holding
more data than a workbook people fill in ever does. Each is refused before any XML is parsed,
in one line, by every command that reads it.
"""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

import pytest

from fosterkit.cli import main

PART = 4 * 1024 * 1024


def padded(source: Path, target: Path, *, parts: int, size: int, compress: bool = True) -> Path:
    """``source`` with ``parts`` more parts of ``size`` bytes each (spaces, or random bytes stored)."""
    shutil.copy(source, target)
    method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with zipfile.ZipFile(target, "a", compression=method) as archive:
        for n in range(parts):
            data = b" " * size if compress else os.urandom(size)
            archive.writestr(f"xl/media/padding{n}.bin", data)
    return target


@pytest.fixture(scope="module")
def audit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("audit") / "audit.xlsx"
    assert main(["audit-workbook", str(path), "--no-log"]) == 0
    return path


@pytest.fixture(scope="module")
def tracker(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tracker") / "tracker.xlsx"
    assert main(["tracker", "new", "--pack", "stocktake-2018", "--out", str(path)]) == 0
    return path


def refused(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    code = main(list(args))
    err = capsys.readouterr().err
    assert code in (1, 2), err
    lines = [line for line in err.splitlines() if not line.startswith("fosterkit: warning:")]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def test_a_padded_audit_workbook_is_refused_by_audit_read(
    audit: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bomb = padded(audit, tmp_path / "padded.xlsx", parts=1, size=80 * 1024 * 1024)
    assert bomb.stat().st_size < 2 * 1024 * 1024
    line = refused(capsys, "audit-read", str(bomb))
    assert "decompression bomb" in line


def test_forty_parts_each_under_the_part_limit_are_refused_together(
    audit: Path, tracker: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bomb = padded(audit, tmp_path / "forty.xlsx", parts=40, size=PART)
    assert "decompression bomb" in refused(capsys, "audit-read", str(bomb))
    assert "decompression bomb" in refused(capsys, "mapping", "init", str(bomb))
    tracker_bomb = padded(tracker, tmp_path / "forty-tracker.xlsx", parts=40, size=PART)
    assert "decompression bomb" in refused(capsys, "tracker", "check", str(tracker_bomb))


def test_a_workbook_people_fill_in_holding_far_more_than_one_does_is_refused(
    audit: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = padded(audit, tmp_path / "big.xlsx", parts=1, size=70 * 1024 * 1024, compress=False)
    line = refused(capsys, "audit-read", str(big))
    assert "more than the" in line
    assert "read at most" in line


def test_too_many_parts_are_refused(audit: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    many = tmp_path / "many.xlsx"
    shutil.copy(audit, many)
    with zipfile.ZipFile(many, "a") as archive:
        for n in range(10_001):
            archive.writestr(f"xl/media/p{n}.bin", b"")
    assert "parts" in refused(capsys, "audit-read", str(many))
    assert "parts" in refused(capsys, "mapping", "init", str(many))
