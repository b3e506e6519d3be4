"""A command that needs a plugin that is not installed says which package to install, and how.

The message gives the command that works from a copy of this repository (the editable install
of the plugin's folder) and names the plugin's package (``fosterkit-excel``, ``fosterkit-word``...),
for a service that keeps its own package index.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fosterkit.cli import main

ROOT = Path(__file__).resolve().parents[1]


def _refused(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(list(args)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err  # one line, no traceback
    return err


def _names_the_package_and_the_command(message: str, distribution: str) -> None:
    folder = distribution.removeprefix("fosterkit-")
    assert (ROOT / "plugins" / folder / "pyproject.toml").read_text(encoding="utf-8").count(
        f'name = "{distribution}"'
    ) == 1, "not the plugin's package name"
    assert f"(the package {distribution})" in message
    assert f".venv/bin/python -m pip install -e plugins/{folder}" in message


def test_an_audit_workbook_without_the_excel_plugin(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    err = _refused(capsys, "--disable-plugin", "excel", "audit-workbook", str(tmp_path / "audit.xlsx"))
    _names_the_package_and_the_command(err, "fosterkit-excel")
    assert not (tmp_path / "audit.xlsx").exists()


def test_a_register_without_the_excel_plugin(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    err = _refused(
        capsys,
        "--disable-plugin",
        "excel",
        "register",
        "new",
        "--service",
        "Anytown",
        str(tmp_path / "r.xlsx"),
    )
    _names_the_package_and_the_command(err, "fosterkit-excel")


def test_a_tracker_without_the_excel_plugin(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = str(tmp_path / "tracker.xlsx")
    err = _refused(
        capsys, "--disable-plugin", "excel", "tracker", "new", "--pack", "practice-guide-2026", "--out", out
    )
    _names_the_package_and_the_command(err, "fosterkit-excel")


def test_a_word_report_without_the_word_plugin(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    records = tmp_path / "records.jsonl"
    records.write_text("", encoding="utf-8")
    out = str(tmp_path / "report.docx")
    err = _refused(
        capsys, "--disable-plugin", "word", "report", str(records), "--out", out, "--any-period", "--no-log"
    )
    _names_the_package_and_the_command(err, "fosterkit-word")
