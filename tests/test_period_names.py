"""Periods by name (``2025-26 H1``, ``2025-26``, ``2025-26 Q3``) or dates, on the command line too."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fosterkit.analysis import Period, PeriodNameError, half_year, parse_period, reporting_year
from fosterkit.analysis.periods import quarter
from fosterkit.cli import main

D = datetime.date
RECORDS = Path(__file__).resolve().parents[1] / "docs" / "examples" / "records.jsonl"


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2025-26 H1", D(2025, 4, 1), D(2025, 9, 30)),
        ("2025-26 H2", D(2025, 10, 1), D(2026, 3, 31)),
        ("2025-26", D(2025, 4, 1), D(2026, 3, 31)),
        ("2025-26 Q1", D(2025, 4, 1), D(2025, 6, 30)),
        ("2025-26 Q2", D(2025, 7, 1), D(2025, 9, 30)),
        ("2025-26 Q3", D(2025, 10, 1), D(2025, 12, 31)),
        ("2025-26 Q4", D(2026, 1, 1), D(2026, 3, 31)),
        ("2025-26h2", D(2025, 10, 1), D(2026, 3, 31)),
        (" 2025-26 q4 ", D(2026, 1, 1), D(2026, 3, 31)),
        ("1999-00 H2", D(1999, 10, 1), D(2000, 3, 31)),
        ("2025-04-01..2025-09-30", D(2025, 4, 1), D(2025, 9, 30)),
        ("2025-05-02..2025-05-02", D(2025, 5, 2), D(2025, 5, 2)),
    ],
)
def test_a_period_is_read_by_name_or_dates(text: str, start: datetime.date, end: datetime.date) -> None:
    assert parse_period(text) == Period(start, end)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2025-27 H1", "two years that follow each other, such as 2025-26"),
        ("2025-24", "two years that follow each other"),
        ("2025-26 H3", "halves are H1 and H2, quarters Q1 to Q4"),
        ("2025-26 Q0", "halves are H1 and H2, quarters Q1 to Q4"),
        ("2025-26 X1", "give a reporting year such as 2025-26, a half-year such as 2025-26 H1"),
        ("last year", "or dates as YYYY-MM-DD..YYYY-MM-DD"),
        ("", "is not a period"),
        ("2025-09-30..2025-04-01", "before the start of the period"),
        ("2025-04-01..soon", "is not a period"),
        ("\uff12\uff10\uff12\uff15-26 H1", "is not a period"),  # full-width digits are not a year
        ("9999-00", "out of range"),
    ],
)
def test_a_wrong_name_is_refused_naming_it_and_the_forms(text: str, words: str) -> None:
    with pytest.raises(PeriodNameError) as raised:
        parse_period(text)
    assert repr(text) in str(raised.value)
    assert words in str(raised.value)


days = st.dates(min_value=D(1901, 1, 1), max_value=D(9997, 12, 31))


@given(day=days, kind=st.sampled_from([half_year, reporting_year, quarter]))
def test_every_standard_period_reads_back_from_its_name(day: datetime.date, kind: object) -> None:
    period = kind(day)  # type: ignore[operator]
    assert period.is_standard
    assert parse_period(period.name) == period
    assert parse_period(period.name.lower().replace(" ", "")) == period
    assert period.label.startswith(period.name + " (")


@given(start=days, length=st.integers(0, 800))
def test_every_period_reads_back_from_its_name(start: datetime.date, length: int) -> None:
    period = Period(start, start + datetime.timedelta(days=length))
    assert parse_period(period.name) == period
    assert ".." in period.name or period.is_standard


def test_a_named_period_publishes_as_its_dates(tmp_path: Path) -> None:
    by_name, by_dates = tmp_path / "name.json", tmp_path / "dates.json"
    common = [str(RECORDS), "--no-log"]
    assert main(["publish", *common, "--out", str(by_name), "--period", "2026-27 H1"]) == 0
    assert main(["publish", *common, "--out", str(by_dates), "--period", "2026-04-01..2026-09-30"]) == 0
    assert by_name.read_bytes() == by_dates.read_bytes()


def test_a_wrong_period_name_on_the_command_line_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "figures.csv"
    with pytest.raises(SystemExit) as stopped:
        main(["publish", str(RECORDS), "--out", str(out), "--period", "2025-27 H1"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "'2025-27 H1' is not a period" in err
    assert "Traceback" not in err
    assert not out.exists()
