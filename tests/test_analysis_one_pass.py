"""``report``, ``publish`` and the audit workbook's insights read and structure each record once."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fosterkit import load_catalogue, load_taxonomy
from fosterkit.adapters import audit_files, publishing
from fosterkit.adapters.jsonl import iter_jsonl, write_jsonl
from fosterkit.analysis import Period, exit_insights, publish_tables, summarise
from fosterkit.analysis import _summaries as reducer
from fosterkit.analysis.publication._counts import key
from test_analysis_rates import scenario

PERIOD = Period(datetime.date(2026, 4, 1), datetime.date(2026, 9, 30))


class Counted:
    """The scenario's records, counting how often they are read and how many records are given."""

    def __init__(self, records: list[object]) -> None:
        self.records = records
        self.reads = 0
        self.given = 0

    def __iter__(self) -> Iterator[object]:
        self.reads += 1
        for record in self.records:
            self.given += 1
            yield record


@pytest.fixture
def summarised(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many records each call of the reducer took, one entry per call (all callers)."""
    calls: list[int] = []
    original = reducer.summarise

    def counting(records: Iterable[object]) -> reducer.Summaries:
        taken = list(records)
        calls.append(len(taken))
        return original(taken)

    monkeypatch.setattr(reducer, "summarise", counting)
    monkeypatch.setattr(audit_files, "summarise", counting)
    return calls


def test_the_report_reads_the_records_once(tmp_path: Path, summarised: list[int]) -> None:
    records = Counted(scenario())
    pytest.importorskip("fosterkit_excel")
    publishing.report_file(
        records, tmp_path / "report.xlsx", period=PERIOD, made_on=datetime.date(2026, 11, 1)
    )
    assert (records.reads, records.given) == (1, len(records.records))
    assert summarised == [len(records.records)]


def test_the_report_with_its_log_reads_the_records_once(tmp_path: Path, summarised: list[int]) -> None:
    pytest.importorskip("fosterkit_excel")
    records = Counted(scenario())
    log = tmp_path / "log.json"
    for _ in range(2):  # the second time, the comparison and the trend meet a log
        publishing.report_file(records, tmp_path / "report.xlsx", period=PERIOD, log_file=log)
    assert (records.reads, records.given) == (2, 2 * len(records.records))
    assert summarised == [len(records.records)] * 2


def test_publish_reads_the_file_once(
    tmp_path: Path, summarised: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "records.jsonl"
    write_jsonl(scenario(), path)
    opened: list[Path] = []

    def counting(source: Any) -> Iterator[object]:
        opened.append(Path(source))
        return iter_jsonl(source)

    monkeypatch.setattr(publishing, "iter_jsonl", counting)
    log = tmp_path / "log.json"
    publishing.publish_file(path, tmp_path / "figures.csv", period=PERIOD, log_file=log)
    publishing.publish_file(path, tmp_path / "again.csv", period=PERIOD, log_file=log)
    assert opened == [path, path]
    assert summarised == [len(scenario())] * 2


def test_the_audit_insights_read_the_records_once(tmp_path: Path, summarised: list[int]) -> None:
    pytest.importorskip("fosterkit_excel")
    records = Counted(scenario())
    audit_files.generate_audit_workbook(
        tmp_path / "audit.xlsx", service="S", records=records, today=datetime.date(2026, 11, 1), period=PERIOD
    )
    assert (records.reads, records.given) == (1, len(records.records))
    assert summarised == [len(records.records)]


def test_analyses_of_one_summaries_agree_with_each_read_alone() -> None:
    """Work shared between analyses of the same summaries never changes what each gives."""
    taxonomy, catalogue = load_taxonomy(), load_catalogue()
    records = scenario()
    alone_tables = publish_tables(records, taxonomy=taxonomy, period=PERIOD)
    alone_insights = exit_insights(records, catalogue=catalogue, taxonomy=taxonomy, period=PERIOD)
    summaries = summarise(records)
    insights = exit_insights(summaries, catalogue=catalogue, taxonomy=taxonomy, period=PERIOD)
    tables = publish_tables(summaries, taxonomy=taxonomy, period=PERIOD)
    assert (tables, insights) == (alone_tables, alone_insights)
    assert publish_tables(summaries, taxonomy=taxonomy, period=PERIOD, threshold=3) == publish_tables(
        records, taxonomy=taxonomy, period=PERIOD, threshold=3
    )


_PAIRS = st.tuples(
    st.sampled_from(["period", "route", "main_theme", "any_theme"]), st.sampled_from(["a", "b"])
)


@given(st.lists(_PAIRS, max_size=5))
def test_a_key_sorts_its_conditions(conditions: list[tuple[str, str]]) -> None:
    assert key("departures", *conditions) == ("departures", tuple(sorted(conditions)))
