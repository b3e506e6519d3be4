"""Dates on the command line: 31/03/2027 (as the workbooks take them) or 2027-03-31, said back plainly."""

from __future__ import annotations

import argparse
import datetime
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fosterkit.analysis import parse_period
from fosterkit.cli import main
from fosterkit.cli._args import date_arg, period_arg

RECORDS = str(Path(__file__).resolve().parents[1] / "docs" / "examples" / "records.jsonl")


@pytest.mark.parametrize("text", ["31/03/2027", "31/3/2027", "2027-03-31", " 31/03/2027 "])
def test_a_date_is_taken_in_the_uk_order_or_iso(text: str) -> None:
    assert date_arg(text) == datetime.date(2027, 3, 31)


@given(st.dates(min_value=datetime.date(1000, 1, 1)))
def test_every_date_reads_back_in_each_form(day: datetime.date) -> None:
    forms = [
        day.strftime("%d/%m/") + f"{day.year:04d}",
        f"{day.day}/{day.month}/{day.year:04d}",
        day.isoformat(),
    ]
    assert {date_arg(form) for form in forms} == {day}


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("2027-31-03", "'2027-31-03' is not a date: there is no month 31"),
        ("31/13/2027", "'31/13/2027' is not a date: there is no month 13"),
        ("29/02/2027", "'29/02/2027' is not a date: February 2027 has no day 29"),
        ("03/31/2027", "'03/31/2027' is not a date: there is no month 31"),
        ("tomorrow", "'tomorrow' is not a date: write it as DD/MM/YYYY, such as 31/03/2027"),
        ("31-03-2027", "'31-03-2027' is not a date: write it as DD/MM/YYYY"),
    ],
)
def test_a_wrong_date_is_refused_plainly_naming_the_option(
    text: str, said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match="^" + said.replace("(", r"\(")):
        date_arg(text)
    with pytest.raises(SystemExit) as stopped:
        main(["process", "due", RECORDS, "--today", text])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert f"argument --today: {said}" in err
    assert "Traceback" not in err


def test_a_period_takes_uk_dates_and_says_a_backwards_one_plainly() -> None:
    assert period_arg("01/04/2026..30/09/2026") == parse_period("2026-27 H1")
    assert period_arg("1/4/2026..2026-09-30") == parse_period("2026-27 H1")
    assert period_arg("2026-27 H1") == parse_period("2026-27 H1")
    with pytest.raises(argparse.ArgumentTypeError) as refused:
        period_arg("30/09/2026..01/04/2026")
    assert str(refused.value) == (
        "'30/09/2026..01/04/2026' is not a period: it ends (1 Apr 2026) before it starts (30 Sep 2026)"
    )
    with pytest.raises(argparse.ArgumentTypeError, match="there is no month 13"):
        period_arg("01/13/2026..30/09/2026")


@pytest.mark.parametrize(
    ("command", "option"),
    [
        (["process", "due"], "--today"),
        (["process", "check"], "--today"),
        (["process", "metrics"], "--from"),
        (["process", "metrics"], "--to"),
        (["publish"], "--today"),
        (["report"], "--today"),
        (["offer", "gaps"], "--today"),
        (["audit-workbook"], "--start"),
        (["audit-workbook"], "--end"),
        (["register", "new"], "--today"),
        (["letter"], "--today"),
    ],
)
def test_help_shows_dates_as_dd_mm_yyyy(
    command: list[str], option: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main([*command, "--help"])
    text = capsys.readouterr().out
    assert f"{option} DD/MM/YYYY" in " ".join(text.split())
    assert "YYYY-MM-DD" not in text


def test_dates_said_to_people_read_as_day_month_year(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["process", "due", RECORDS, "--today", "20/03/2026"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any(re.fullmatch(r"[0-9]+ due on 20 Mar 2026, [0-9]+ of them overdue", line) for line in lines)
    target = tmp_path / "register.xlsx"
    assert main(["register", "new", str(target), "--from", RECORDS, "--today", "20/3/2026", "--json"]) == 0
    said = json.loads(capsys.readouterr().out)
    assert said["notes"][-1] == "Its 'Due now' sheet lists what is due or overdue on 20 Mar 2026."
    assert said["summary"]["due_on"] == "2026-03-20"  # machines get ISO dates
