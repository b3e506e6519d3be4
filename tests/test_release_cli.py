"""Reporting periods, ``--any-period`` and the publication log, through the command line.

``publish``, ``report`` and ``audit-workbook --records`` all release suppressed counts; each
refuses a period that is not a reporting period unless ``--any-period`` (and then warns), and
each reads and adds to the publication log beside its output unless told otherwise.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from fosterkit import load_taxonomy
from fosterkit.adapters.audit_files import generate_audit_workbook
from fosterkit.adapters.jsonl import write_jsonl
from fosterkit.adapters.publication_log import LOG_NAME, read_log
from fosterkit.analysis import SUPPRESSED, half_year, publish_tables
from fosterkit.cli import main
from test_analysis_rates import D, scenario

H1 = "2026-04-01..2026-09-30"
SHIFTED = "2026-04-02..2026-10-01"


@pytest.fixture
def records(tmp_path: Path) -> Path:
    path = tmp_path / "in" / "records.jsonl"
    path.parent.mkdir()
    write_jsonl(scenario(), path)
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


COMMANDS = {
    "publish": lambda records, out: ["publish", str(records), "--out", str(out / "figures.csv")],
    "report": lambda records, out: ["report", str(records), "--out", str(out / "report.xlsx")],
    "audit-workbook": lambda records, out: [
        "audit-workbook",
        str(out / "audit.xlsx"),
        "--records",
        str(records),
        "--start",
        "2026-11-01",
    ],
}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_shifted_period_is_refused_and_nothing_is_written(
    command: str, records: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    code, _, err = run(capsys, *COMMANDS[command](records, out), "--period", SHIFTED)
    assert code == 2
    (error,) = [line for line in err.splitlines() if not line.startswith("fosterkit: warning:")]
    assert "not a reporting period" in error
    assert "--any-period" in error
    assert "Traceback" not in err
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("command", list(COMMANDS))
def test_any_period_allows_it_with_a_warning(
    command: str, records: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    code, _, err = run(capsys, *COMMANDS[command](records, out), "--period", SHIFTED, "--any-period")
    assert code == 0, err
    assert "is not a reporting year, half-year or quarter" in err
    assert "single out carers" in err


@pytest.mark.parametrize("command", list(COMMANDS))
def test_the_log_is_kept_beside_the_output_owner_only(
    command: str, records: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    code, _, err = run(capsys, *COMMANDS[command](records, out), "--period", H1)
    assert code == 0, err
    log = out / LOG_NAME
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    read = read_log(log)
    assert [(r.start, r.end) for r in read.releases] == [(D(2026, 4, 1), D(2026, 9, 30))]
    data = json.loads(log.read_text(encoding="utf-8"))
    # Only what was released: a suppressed count is null, never its value.
    assert any(cell["count"] is None for cell in data["cells"])


@pytest.mark.parametrize("command", list(COMMANDS))
def test_no_log_reads_and_writes_none(
    command: str, records: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / LOG_NAME).write_text("not a log", encoding="utf-8")
    code, _, err = run(capsys, *COMMANDS[command](records, out), "--period", H1, "--no-log")
    assert code == 0, err
    assert (out / LOG_NAME).read_text(encoding="utf-8") == "not a log"


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_damaged_log_is_refused_in_one_line(
    command: str, records: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / LOG_NAME).write_text('{"format": "something else"}', encoding="utf-8")
    code, _, err = run(capsys, *COMMANDS[command](records, out), "--period", H1)
    assert code == 2
    (error,) = [line for line in err.splitlines() if not line.startswith("fosterkit: warning:")]
    assert LOG_NAME in error
    assert sorted(p.name for p in out.iterdir()) == [LOG_NAME]


def test_a_log_named_elsewhere_is_shared_between_commands(
    records: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "logs" / "releases.json"
    log.parent.mkdir()
    first, second = tmp_path / "one", tmp_path / "two"
    first.mkdir()
    second.mkdir()
    assert run(capsys, *COMMANDS["publish"](records, first), "--period", H1, "--log", str(log))[0] == 0
    code, _, err = run(capsys, *COMMANDS["report"](records, second), "--period", H1, "--log", str(log))
    assert code == 0, err
    assert len(read_log(log).releases) == 2
    assert not (first / LOG_NAME).exists()
    assert not (second / LOG_NAME).exists()


def test_a_later_release_reads_the_log_and_says_so(
    records: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    assert run(capsys, "publish", str(records), "--out", str(out / "h1.json"), "--period", H1)[0] == 0
    code, _, err = run(
        capsys, "publish", str(records), "--out", str(out / "q2.json"), "--period", "2026-07-01..2026-09-30"
    )
    assert code == 0, err
    notes = json.loads((out / "q2.json").read_text(encoding="utf-8"))["notes"]
    assert any("Counts published before are shown as they were" in note for note in notes)
    assert len(read_log(out / LOG_NAME).releases) == 2


def test_the_workbook_insights_show_what_publish_shows(tmp_path: Path) -> None:
    period = half_year(D(2026, 4, 1))
    workbook = generate_audit_workbook(
        tmp_path / "audit.xlsx",
        records=scenario(),
        period=period,
        taxonomy=load_taxonomy(),
        start=D(2026, 11, 1),
        log_file=tmp_path / LOG_NAME,
    )
    insights = workbook.insights
    assert insights is not None
    publication = publish_tables(scenario(), taxonomy=load_taxonomy(), period=period)
    main_theme = publication.table("main_theme_trend")
    here = main_theme.columns[-1].code
    for theme in insights.themes:
        if any(line.code == theme.code for line in main_theme.rows):
            assert theme.primary == main_theme.count(theme.code, here), theme.code
    summary = publication.table("summary")
    assert insights.departures == summary.count("departures", "count")
    preventable = publication.table("preventable")
    assert insights.preventable == preventable.count("yes", "count")
    either_hidden = SUPPRESSED in (preventable.count("yes", "count"), preventable.count("no", "count"))
    assert (insights.preventable_base is SUPPRESSED) == either_hidden
