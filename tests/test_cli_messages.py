"""Messages for people: plain English, right plurals, no internal names or Python reprs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from fosterkit.cli import main
from fosterkit.cli._output import count, day

EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples"
RECORDS = str(EXAMPLES / "records.jsonl")
#: A name joined with underscores, as code names things (``carers_by_age_band``).
SNAKE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_count_says_one_thing_or_many() -> None:
    assert [count(n, "record") for n in (0, 1, 2, 1500)] == [
        "0 records",
        "1 record",
        "2 records",
        "1,500 records",
    ]
    assert count(1, "rule breach", "rule breaches") == "1 rule breach"
    assert count(3, "rule breach", "rule breaches") == "3 rule breaches"


def test_day_reads_as_people_write_dates() -> None:
    import datetime

    assert day(datetime.date(2027, 3, 31)) == "31 Mar 2027"
    assert day(datetime.date(2026, 4, 1)) == "1 Apr 2026"


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "{missing}"],
        ["publish", "{missing}", "--out", "{tmp}/p.csv"],
        ["report", "{missing}", "--out", "{tmp}/r.xlsx"],
        ["export", "{missing}", "--to", "jsonl", "--out", "{tmp}/e.jsonl"],
        ["audit-workbook", "{tmp}/a.xlsx", "--records", "{missing}"],
        ["process", "due", "{missing}", "--today", "20/03/2026"],
        ["register", "new", "{tmp}/r.xlsx", "--from", "{missing}"],
        ["letter", "offer", "--record", "X", "--from", "{missing}", "--out", "{tmp}/l.docx"],
        ["offer", "gaps", "--from", str(EXAMPLES / "offer.toml"), "--records", "{missing}"],
    ],
    ids=lambda argv: " ".join(part for part in argv[:2] if not part.startswith("{")),
)
def test_a_missing_records_file_is_said_in_a_few_plain_words(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere.jsonl"
    code, out, err = _run(capsys, *(part.format(missing=missing, tmp=tmp_path) for part in argv))
    assert code == 2
    assert out == ""
    # said once, as one line; never "invalid data: (top level): no such file"
    assert err.splitlines()[-1] == f"fosterkit: {missing}: no such file"
    assert "(top level)" not in err
    assert "invalid" not in err


def test_a_withheld_table_is_named_by_its_title(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "publish", RECORDS, "--out", str(tmp_path / "p.csv"), "--no-log")
    assert code == 0
    assert "Withheld the table 'Carers in leaving households by age band': no carer" in out
    assert "carers_by_age_band" not in out
    code, out, _ = _run(capsys, "publish", RECORDS, "--out", str(tmp_path / "p.json"), "--no-log", "--json")
    withheld = json.loads(out)["summary"]["withheld"]
    assert withheld[0]["table"] == "Carers in leaving households by age band"


def test_check_says_its_counts_in_words_with_the_right_plurals(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "records.jsonl"
    bad.write_text("[1]\n", encoding="utf-8")
    code, out, _ = _run(capsys, "check", str(bad))
    assert code == 1
    lines = out.splitlines()
    assert lines[-2] == f"{bad}: 1 record checked (none): 1 problem, 1 record set aside."
    assert lines[-1] == "By rule: invalid line 1."
    code, out, _ = _run(capsys, "check", RECORDS)
    summary = out.splitlines()[-1]
    assert summary.endswith(
        "171 records checked (data collection record 51, departure 60, household 60): "
        "0 problems, 0 records set aside."
    )
    assert not SNAKE.search(summary.removeprefix(RECORDS))


def test_counts_of_one_are_singular(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "offer", "check", "--from", str(EXAMPLES / "offer.toml"))
    assert code == 0
    assert "3 programmes, 3 sets of figures" in out
    assert "(s)" not in out
    code, out, _ = _run(
        capsys, "tracker", "new", "--pack", "stocktake-2018", "--out", str(tmp_path / "t.xlsx")
    )
    assert code == 0
    assert "28 recommendations" in out
    assert "(s)" not in out


def test_an_export_that_cannot_write_names_no_python_type(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "no-such-folder" / "out.db"
    code, _, err = _run(capsys, "export", RECORDS, "--to", "sqlite", "--out", str(target))
    assert code == 2
    assert err == f"fosterkit: cannot write in {target.parent}: No such file or directory\n"
    assert "Error" not in err


def test_values_from_a_publication_log_are_shown_as_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "publication-log.json"
    log.write_text(json.dumps({"format": "fosterkit publication log", "version": None}), encoding="utf-8")
    code, _, err = _run(capsys, "publish", RECORDS, "--out", str(tmp_path / "p.csv"), "--log", str(log))
    assert code == 2
    assert "None" not in err
    assert err == f"fosterkit: {log}: a publication log of version null, not 1\n"


def test_user_messages_hold_no_python_reprs_of_what_the_user_typed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["publish", RECORDS, "--out", "x.csv", "--threshold", "99"])
    err = capsys.readouterr().err
    assert "argument --threshold: '99': the threshold is a whole number from 3 to 10" in err
