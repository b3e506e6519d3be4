"""``fosterkit publish``: aggregate tables to CSV or JSON, bad input refused clearly, files kept safe."""

from __future__ import annotations

import csv
import datetime
import json
from pathlib import Path
from unittest import mock

import pytest

from fosterkit import load_taxonomy
from fosterkit.adapters import publishing
from fosterkit.adapters.audit_files import audit_format_for
from fosterkit.adapters.jsonl import read_jsonl, write_jsonl
from fosterkit.analysis import Period, SharingPolicy
from fosterkit.cli import main
from fosterkit.errors import AuditFormatError
from fosterkit.plugins import make_plugin_manager
from test_analysis_rates import scenario

H1 = "2026-04-01..2026-09-30"
#: A sharing key kept as text: 64 random hex digits (secrets.token_hex(32)).
HEX_KEY = "9f1c2e7a64b03d58e1a7c49b2f06d83e5ac1947b0e2fd6a83c5b91e07d4f62a8"


@pytest.fixture
def records(tmp_path: Path) -> Path:
    path = tmp_path / "records.jsonl"
    write_jsonl(scenario(), path)
    return path


def test_publish_writes_one_csv_row_per_count(
    records: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "figures.csv"
    assert main(["publish", str(records), "--out", str(out), "--period", H1]) == 0
    said = capsys.readouterr().out
    assert said.startswith(f"Wrote {out}: aggregate tables for 2026-27 H1")
    with out.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    # The summary counts the suppressed cells the file holds (every count row, figures apart).
    hidden = sum(r["value"] == "[c]" for r in rows if r["table"] != "figures")
    assert hidden > 0
    assert f"tables, {hidden} of " in said
    departures = [r for r in rows if r["table"] == "summary" and r["row"] == "departures"]
    assert [r["value"] for r in departures] == ["19"]
    assert {r["value"] for r in rows if r["table"] == "route" and r["row"] == "retirement"} == {"0"}
    assert any(r["value"] == "[c]" for r in rows)
    assert [r["row"] for r in rows if r["table"] == "figures"][:2] == ["net_change", "leaving_rate"]
    text = out.read_text(encoding="utf-8-sig")
    assert "HH-" not in text
    assert "Anytown" not in text


def test_publish_json_holds_tables_relations_and_notes(records: Path, tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    assert main(["publish", str(records), "--out", str(out), "--period", H1, "--breakdowns", "none"]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [t["name"] for t in data["tables"]][:3] == ["summary", "route", "initiated"]
    assert not any(t["name"].startswith("main_theme_by") for t in data["tables"])
    assert data["relations"]
    assert data["notes"]
    assert "null" in data["suppressed"]


def test_an_empty_records_file_gives_tables_of_zeros(tmp_path: Path) -> None:
    (tmp_path / "none.jsonl").write_text("", encoding="utf-8")
    out = tmp_path / "figures.json"
    assert main(["publish", str(tmp_path / "none.jsonl"), "--out", str(out), "--period", H1]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {c for t in data["tables"] for line in t["counts"] for c in line} == {0}


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (["--out", "figures.txt"], "cannot write a publication as .txt"),
        (["--out", "f.csv", "--threshold", "11"], "the threshold is a whole number from 3 to 10"),
        (["--out", "f.csv", "--trend", "0"], "the number of periods is a whole number from 1 to 12"),
        (["--out", "f.csv", "--special-category", "religion"], "special-category tables are chosen from"),
        (["--out", "f.csv", "--breakdowns", "colour"], "breakdowns are chosen from"),
        (["--out", "f.csv", "--households-at-start", "-3"], "the number of households is a whole number"),
    ],
)
def test_bad_options_are_refused(
    records: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    extra: list[str],
    words: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    try:
        code = main(["publish", str(records), "--period", H1, *extra])
    except SystemExit as stopped:  # argparse refuses the option itself
        code = int(str(stopped.code))
    assert code == 2
    assert words in capsys.readouterr().err
    assert not list(tmp_path.glob("figures.*"))
    assert not list(tmp_path.glob("f.csv"))


def test_a_record_of_another_schema_version_is_refused_naming_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "old.jsonl"
    write_jsonl(scenario()[:3], path)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace('"schema_version":1,', '"schema_version":99,')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert '"schema_version":99,' in path.read_text(encoding="utf-8")
    assert main(["publish", str(path), "--out", str(tmp_path / "f.csv"), "--period", H1]) == 2
    err = capsys.readouterr().err
    assert "line 2" in err
    assert "schema_version" in err
    assert not (tmp_path / "f.csv").exists()


def test_a_missing_records_file_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["publish", str(tmp_path / "nope.jsonl"), "--out", str(tmp_path / "f.csv")]) == 2
    assert "nope.jsonl" in capsys.readouterr().err


def test_a_failed_write_leaves_the_old_file(records: Path, tmp_path: Path) -> None:
    out = tmp_path / "figures.csv"
    out.write_text("last year's figures\n", encoding="utf-8")

    def broken(publication: object, path: Path) -> None:
        path.write_text("half", encoding="utf-8")
        raise OSError("disk full")

    with mock.patch.object(publishing, "_write_csv", broken), pytest.raises(OSError, match="disk full"):
        publishing.publish_file(
            records, out, period=Period(datetime.date(2026, 4, 1), datetime.date(2026, 9, 30))
        )
    assert out.read_text(encoding="utf-8") == "last year's figures\n"
    assert not list(tmp_path.glob(".figures.csv.*"))


def test_report_without_a_report_format_says_what_to_install(
    records: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(records), "--out", str(tmp_path / "report.pdf"), "--period", H1]) == 2
    assert "cannot write a report as .pdf" in capsys.readouterr().err


def test_share_pseudonymises_under_the_key_file_the_same_way_each_time(
    records: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FOSTERKIT_SHARING_KEY", raising=False)
    key = tmp_path / "sharing.key"
    key.write_text(HEX_KEY + "\n", encoding="utf-8")  # the hex form, with a final line break
    key.chmod(0o600)
    first, again = tmp_path / "shared.jsonl", tmp_path / "again.jsonl"
    assert main(["share", str(records), "--out", str(first), "--key-file", str(key)]) == 0
    assert main(["share", str(records), "--out", str(again), "--key-file", str(key)]) == 0
    assert first.read_bytes() == again.read_bytes()
    policy = SharingPolicy(key=HEX_KEY.encode(), taxonomy=load_taxonomy())
    shared = read_jsonl(first)
    assert shared[0].id == policy.pseudonym("household", "STOCK0")  # type: ignore[attr-defined]
    text = first.read_text(encoding="utf-8")
    assert "STOCK0" not in text
    assert '"2026-05-31"' not in text  # a leaving date, now the first of its month
    monkeypatch.setenv("FOSTERKIT_SHARING_KEY", HEX_KEY[32:] + HEX_KEY[:32])
    other = tmp_path / "other.jsonl"
    assert main(["share", str(records), "--out", str(other)]) == 0
    assert read_jsonl(other)[0].id != shared[0].id  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("key", "words"),
    [
        (None, "no sharing key: give --key-file FILE or set FOSTERKIT_SHARING_KEY"),
        ("short", "at least 16 random bytes"),
    ],
)
def test_share_without_a_usable_key_writes_nothing(
    records: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    key: str | None,
    words: str,
) -> None:
    monkeypatch.delenv("FOSTERKIT_SHARING_KEY", raising=False)
    options = []
    if key is not None:
        (tmp_path / "k").write_text(key, encoding="utf-8")
        (tmp_path / "k").chmod(0o600)
        options = ["--key-file", str(tmp_path / "k")]
    assert main(["share", str(records), "--out", str(tmp_path / "shared.jsonl"), *options]) == 2
    assert words in capsys.readouterr().err
    assert not (tmp_path / "shared.jsonl").exists()


def test_without_any_format_plugin_the_error_says_what_to_install() -> None:
    bare = make_plugin_manager(load_entrypoints=False)
    with pytest.raises(
        publishing.PublishError, match="no report format is installed; install the fosterkit-excel plugin: "
    ):
        publishing.report_format_for("report.xlsx", bare)
    with pytest.raises(AuditFormatError, match="no audit-workbook format is installed"):
        audit_format_for("audit.xlsx", bare)
