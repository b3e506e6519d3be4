"""The publication shows where each reason was raised, and mainstream households apart from connected persons.

Issue 19, must-haves 4 and 6 where users see them: the table of themes by stage (stage 1, stage 2,
or only on the departure record), the table of households and departures by approval kind, and
the leaving rates of each kind with the national mainstream figure beside the mainstream one.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from fosterkit.analysis import SUPPRESSED, Publication, publish_tables, summarise
from fosterkit.analysis.approval_kinds import NATIONAL_SOURCE
from fosterkit.analysis.national import RULES
from fosterkit.analysis.periods import Period
from fosterkit.analysis.publication import _counts
from fosterkit.interviews import Answer
from fosterkit.records import ApprovalKind, LeavingRoute
from test_analysis_publication import cells, recoverable, unsuppressed, whole
from test_consent import FEES, H1, S1, S2, TAXONOMY, WORKER, departure, household, interview, services

D = datetime.date
RETIREMENT = "personal.retirement"
BURNOUT = "wellbeing.burnout"
MAINSTREAM, CONNECTED = ApprovalKind.MAINSTREAM, ApprovalKind.CONNECTED_PERSON


def publish(records: list[object], **options: object) -> Publication:
    return publish_tables(records, taxonomy=TAXONOMY, period=H1, **options)  # type: ignore[arg-type]


def staged(n: int = 6) -> list[object]:
    """Three groups of ``n`` leavers: a stage 1 complaint then retirement at stage 2; fees raised at
    both stages; burnout stated on the departure only (one also held an interview without consent)."""
    records: list[object] = []
    for i in range(n):
        records += [
            household(f"HH-A{i}", D(2015, 1, 1), MAINSTREAM),
            departure(f"A{i}", D(2026, 6, 1), FEES),  # stated, but the interviews gave reasons
            interview(f"A{i}", WORKER, stage=S1, preventable=Answer.YES),
            interview(f"A{i}", RETIREMENT, stage=S2),
            household(f"HH-B{i}", D(2015, 1, 1), MAINSTREAM),
            departure(f"B{i}", D(2026, 6, 2)),
            interview(f"B{i}", FEES, stage=S1),
            interview(f"B{i}", FEES, stage=S2),
            household(f"HH-C{i}", D(2015, 1, 1), CONNECTED),
            departure(f"C{i}", D(2026, 6, 3), BURNOUT),
        ]
    records.append(interview("C0", WORKER, consent=False))  # says nothing without consent
    return records


def test_the_stage_table_counts_each_theme_where_it_was_raised() -> None:
    table = publish(staged(), threshold=3).table("any_theme_by_stage")
    assert [c.code for c in table.columns] == ["stage_1", "stage_2", "stated"]
    assert "total" not in [r.code for r in table.rows]  # columns overlap: no total is given
    assert table.count("support", "stage_1") == 6
    assert table.count("support", "stage_2") == 0  # stage 2 said retirement: stage 1 still counts
    assert table.count("personal", "stage_2") == 6
    assert table.count("finance", "stage_1") == table.count("finance", "stage_2") == 6  # in both
    assert table.count("finance", "stated") == 0  # stated fees are not used once interviews gave reasons
    assert table.count("wellbeing", "stated") == 6
    assert any("both interview stages counts in both" in note for note in table.notes)
    assert any("neither the rows nor the columns add up" in note for note in table.notes)


def test_the_stage_table_uses_the_keys_the_insights_read() -> None:
    counted = _counts.count(
        summarise(staged()), taxonomy=TAXONOMY, period=H1, periods=[H1], households_at_start=None
    )
    here = ("period", _counts.period_code(H1))
    assert (
        counted.counts[_counts.key("departures", here, ("any_theme", "finance"), ("said_at", "stage_1"))] == 6
    )
    assert (
        counted.counts[_counts.key("departures", here, ("any_theme", "finance"), ("said_at", "stage_2"))] == 6
    )
    assert (
        counted.counts[_counts.key("departures", here, ("any_theme", "wellbeing"), ("said_at", "stated"))]
        == 6
    )
    assert (
        counted.counts[_counts.key("departures", here, ("any_theme", "support"), ("said_at", "stage_1"))] == 6
    )
    # Only the publication's own period: not the earlier periods of the trend.
    earlier = Period(D(2025, 10, 1), D(2026, 3, 31))
    records = [departure("E0", D(2025, 11, 1)), interview("E0", FEES)]
    counted = _counts.count(
        summarise(records), taxonomy=TAXONOMY, period=H1, periods=[earlier, H1], households_at_start=None
    )
    assert not any(dict(k[1]).get("said_at") for k in counted.counts)


def test_a_leaver_raising_one_theme_twice_at_a_stage_counts_once_there() -> None:
    records: list[object] = [
        departure("D0", D(2026, 6, 1)),
        interview("D0", WORKER, "support.out_of_hours", stage=S1),
    ]
    with unsuppressed():
        table = publish(records).table("any_theme_by_stage")
    assert table.count("support", "stage_1") == 1


@settings(max_examples=40, deadline=None)
@given(services())
def test_the_stage_table_agrees_with_the_any_reason_counts(records: list[object]) -> None:
    with unsuppressed():
        published = publish(records)
    stages = published.table("any_theme_by_stage")
    trend = published.table("any_theme_trend")
    this = trend.columns[-1].code
    for line in stages.rows:
        s1, s2, stated = (whole(stages.count(line.code, c)) for c in ("stage_1", "stage_2", "stated"))
        mentioned = whole(trend.count(line.code, this))
        # Stated reasons count only where no interview gave any, so they never overlap the stages;
        # a theme raised at both stages counts once among those giving it.
        assert max(s1, s2) + stated <= mentioned <= s1 + s2 + stated, line.code


def test_households_and_departures_split_by_approval_kind_add_up_to_the_summary() -> None:
    records = staged()
    records += [household(f"HH-S{i}", D(2016, 1, 1), MAINSTREAM) for i in range(20)]
    records += [household(f"HH-K{i}", D(2016, 1, 1), CONNECTED) for i in range(9)]
    records += [household(f"HH-N{i}", D(2026, 5, 1), MAINSTREAM) for i in range(7)]
    records += [departure(f"X{i}", D(2026, 7, 1)) for i in range(4)]  # no household record
    published = publish(records, threshold=3)
    table, summary = published.table("households_by_approval_kind"), published.table("summary")
    assert [r.code for r in table.rows] == ["mainstream", "connected_person", "unknown", "total"]
    assert [c.code for c in table.columns] == ["households_at_start", "approvals", "departures"]
    assert [table.count(r, "households_at_start") for r in ("mainstream", "connected_person", "unknown")] == [
        32,
        15,
        0,
    ]
    assert [table.count(r, "departures") for r in ("mainstream", "connected_person", "unknown")] == [12, 6, 4]
    assert table.count("mainstream", "approvals") == 7
    for column in ("households_at_start", "approvals", "departures"):
        assert table.count("total", column) == summary.count(column, "count")
    declared = {
        (r.total.table, r.total.row, tuple((p.table, p.row, p.column) for p in r.parts))
        for r in published.relations
    }
    for column in ("households_at_start", "approvals", "departures"):
        parts = tuple(
            ("households_by_approval_kind", r, column) for r in ("mainstream", "connected_person", "unknown")
        )
        assert ("summary", column, parts) in declared


def test_the_leaving_rates_by_kind_and_the_national_figure() -> None:
    records = staged()
    records += [household(f"HH-S{i}", D(2016, 1, 1), MAINSTREAM) for i in range(28)]
    records += [household(f"HH-K{i}", D(2016, 1, 1), CONNECTED) for i in range(14)]
    published = publish(records, threshold=3)
    mainstream = published.figure("mainstream_leaving_rate")
    assert mainstream.value == round(100 * 12 / 40, 1)
    assert mainstream.label.startswith("Mainstream households only")
    connected = published.figure("connected_person_leaving_rate")
    assert connected.value == round(100 * 6 / 20, 1)
    assert connected.label.startswith("Connected persons (family and friends) only")
    national = published.figure("national_mainstream_leaving_rate")
    assert national.value == 14.0
    assert "mainstream households only" in national.label
    assert NATIONAL_SOURCE in national.label
    # A half-year is scaled to a year to stand beside the national figure; a year is not.
    assert published.figure("mainstream_leaving_rate_a_year").value == round(100 * 12 / 40 * 365.25 / 183, 1)
    codes = [f.code for f in published.figures]
    assert (
        codes.index("national_mainstream_leaving_rate") == codes.index("mainstream_leaving_rate_a_year") + 1
    )
    year = publish_tables(
        records, taxonomy=TAXONOMY, period=Period(D(2026, 4, 1), D(2027, 3, 31)), threshold=3
    )
    assert "mainstream_leaving_rate_a_year" not in [f.code for f in year.figures]
    assert "not comparable with the national mainstream rate" in published.figure("leaving_rate").label


def test_a_rate_whose_count_is_suppressed_shows_suppressed() -> None:
    records: list[object] = [household(f"HH-S{i}", D(2016, 1, 1), MAINSTREAM) for i in range(30)]
    records += [household(f"HH-C{i}", D(2016, 1, 1), CONNECTED) for i in range(10)]
    records += [departure(f"C{i}", D(2026, 6, 1)) for i in range(2)]  # two connected-person leavers
    records += [departure(f"S{i}", D(2026, 6, 1)) for i in range(10)]
    published = publish(records)
    table = published.table("households_by_approval_kind")
    assert table.count("connected_person", "departures") is SUPPRESSED
    assert table.count("mainstream", "departures") is SUPPRESSED  # else 12 - 10 gives the 2 away
    assert published.figure("connected_person_leaving_rate").value is SUPPRESSED
    assert published.figure("mainstream_leaving_rate").value is SUPPRESSED
    assert published.figure("leaving_rate").value == 30.0  # all households: 12 of 40


def test_a_supplied_total_at_the_start_declares_no_sum_the_kinds_do_not_make() -> None:
    records = staged()
    published = publish(records, threshold=3, households_at_start=50)
    table = published.table("households_by_approval_kind")
    assert table.count("total", "households_at_start") == 50
    kinds = [whole(table.count(r, "households_at_start")) for r in ("mainstream", "connected_person")]
    assert sum(kinds) == 18  # counted from the records, not made to fit the total supplied
    assert any("supplied by the service" in note for note in table.notes)
    sums = [r for r in published.relations if r.total.row == "households_at_start" and len(r.parts) > 1]
    assert sums == []
    # With the count the records give, the sum holds and is declared.
    assert any(
        r.total.row == "households_at_start" and len(r.parts) > 1
        for r in publish(records, threshold=3).relations
    )


@settings(max_examples=40, deadline=None)
@given(services(), st.integers(3, 6))
def test_no_hidden_count_of_the_new_tables_can_be_worked_out(records: list[object], threshold: int) -> None:
    published = publish(records, threshold=threshold, trend_periods=2)
    with unsuppressed():
        truth = cells(publish(records, threshold=threshold, trend_periods=2))
    shown = cells(published)
    for ref, value in shown.items():
        assert value is SUPPRESSED or value == truth[ref]
        assert value is SUPPRESSED or value == 0 or value > threshold
    for relation in published.relations:  # every sum declared holds
        assert truth[relation.total] == sum(whole(truth[p]) for p in relation.parts)
    assert recoverable(published, truth) == []


def test_the_route_first_table_in_the_taxonomy_docs_is_the_rule() -> None:
    """docs/taxonomy.md documents :data:`~fosterkit.analysis.national.RULES` row for row (must-have 7)."""
    text = (Path(__file__).parent.parent / "docs" / "taxonomy.md").read_text(encoding="utf-8")
    section = text.split("### How a departure gets its national category: the route first")[1].split("\n\n")
    table = next(part for part in section if part.startswith("| leaving route |"))
    rows = [line.strip("|").split("|") for line in table.splitlines()[2:]]
    documented = {cells[0].strip().strip("`"): (cells[1].strip(), cells[2].strip()) for cells in rows}
    assert set(documented) == {route.value for route in LeavingRoute}
    for rule in RULES:
        category, decides = documented[rule.route.value]
        if rule.fixed is not None:
            assert (category, decides.split(":")[0]) == (f"`{rule.fixed}`", "no")
        else:
            assert decides.startswith("yes")
            assert re.findall(r"`(\w+)`", decides.split(";")[0]) == list(rule.refined_to)
