"""Both interview stages count: a reason raised at stage 1 is not lost because stage 2 said something else."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings

from fosterkit import DataCollectionRecord
from fosterkit.analysis import (
    Breakdown,
    build_report,
    exit_insights,
    publish_tables,
    reason_themes,
    summarise,
)
from fosterkit.analysis.insights import raised_text
from fosterkit.analysis.themes import _tally as theme_tally
from fosterkit.interviews import Answer
from fosterkit.records import ApprovalKind
from test_consent import CATALOGUE, H1, S1, S2, TAXONOMY, WORKER, departure, household, interview, services

D = datetime.date
RETIREMENT = "personal.retirement"
FEES = "finance.fees_allowances"


def complaint_then_retirement(n: int = 6) -> list[object]:
    """``n`` leavers who complained of their social worker at stage 1 and gave retirement at stage 2."""
    records: list[object] = []
    for i in range(n):
        records += [
            household(f"HH-A{i}", D(2015, 1, 1), ApprovalKind.MAINSTREAM),
            departure(f"A{i}", D(2026, 6, 1), FEES),
            interview(f"A{i}", WORKER, stage=S1, preventable=Answer.YES),
            interview(f"A{i}", RETIREMENT, stage=S2),
        ]
    return records


def test_a_stage_one_complaint_still_counts_when_stage_two_says_retirement() -> None:
    records = complaint_then_retirement()
    leaver = summarise(records).leavers["A0"]
    assert (leaver.main_reason, leaver.reasons) == (RETIREMENT, (RETIREMENT, WORKER))
    assert leaver.answer is Answer.YES  # stage 2 gave no answer, so stage 1's stands
    table = reason_themes(records, taxonomy=TAXONOMY, period=H1)
    mentioned = {row.code: row.mentioned_total for row in table.rows}
    primary = {row.code: row.primary_total for row in table.rows}
    assert (mentioned["support"], mentioned["personal"], mentioned["finance"]) == (6, 6, 0)
    assert (primary["support"], primary["personal"]) == (0, 6)  # one main reason each: stage 2's
    insights = exit_insights(records, catalogue=CATALOGUE, taxonomy=TAXONOMY, period=H1)
    themes = {t.code: (t.primary, t.mentioned) for t in insights.themes}
    assert themes["support"] == (0, 6)
    assert themes["personal"] == (6, 6)
    # The complaint's principles still get a score: secondary (0.5) x influence yes (1) x preventable
    # (1.5) x recency of 1 June in April-September (0.5 + 61/364).
    scored = {e.element_id: e.score for e in insights.elements}
    assert set(scored) == {"KP1", "KP2", "KP4"}
    assert scored["KP1"] == round(6 * 0.5 * 1.5 * (0.5 + 61 / 2 / 182), 3)
    stages = {s.code: (s.stage_1, s.stage_2, s.stated) for s in insights.stages}
    assert stages["support"] == (6, 0, 0)
    assert stages["personal"] == (0, 6, 0)
    assert stages["finance"] == (0, 0, 0)  # stated reasons are not used once an interview gave reasons
    publication = publish_tables(records, taxonomy=TAXONOMY, period=H1, threshold=3)
    assert publication.table("any_theme_by_route").count("support") == 6
    assert publication.table("main_theme_by_route").count("personal") == 6
    report = build_report(
        records, taxonomy=TAXONOMY, catalogue=CATALOGUE, period=H1, service="Anytown", made_on=D(2027, 1, 1)
    )
    assert [p.element_id for p in report.priorities] == ["KP1", "KP2", "KP4"]


def test_themes_by_stage_show_where_each_reason_came_from() -> None:
    records = complaint_then_retirement()
    records += [departure(f"B{i}", D(2026, 6, 1), FEES) for i in range(6)]  # stated only
    for i in range(6):  # the same reason at both stages counts in both columns
        records += [
            departure(f"C{i}", D(2026, 6, 1)),
            interview(f"C{i}", FEES),
            interview(f"C{i}", FEES, stage=S2),
        ]
    table = reason_themes(records, taxonomy=TAXONOMY, period=H1, by_stage=True, threshold=3)
    assert table.by_stage
    assert table.breakdown is Breakdown.NONE
    assert [c.code for c in table.columns] == ["stage_1", "stage_2", "stated"]
    rows = {row.code: (row.primary, row.mentioned) for row in table.rows}
    assert rows["support"] == ((0, 0, 0), (6, 0, 0))
    assert rows["personal"] == ((0, 6, 0), (0, 6, 0))
    assert rows["finance"] == ((0, 6, 6), (6, 6, 6))
    assert [c.leavers for c in table.columns] == [12, 12, 6]
    assert table.leavers == 18
    assert any("both stages counts in both" in note for note in table.notes)


def test_a_table_by_stage_has_no_other_breakdown() -> None:
    with pytest.raises(ValueError, match="by stage"):
        reason_themes([], taxonomy=TAXONOMY, period=H1, by=Breakdown.ROUTE, by_stage=True)


@settings(max_examples=60, deadline=None)
@given(services())
def test_nothing_from_stage_one_is_dropped_and_the_main_reason_is_the_latest_stages(
    records: list[object],
) -> None:
    said: dict[tuple[str, object], DataCollectionRecord] = {
        (r.departure_id, r.stage): r for r in records if isinstance(r, DataCollectionRecord)
    }
    for departure_id, leaver in summarise(records).leavers.items():
        first, second = said.get((departure_id, S1)), said.get((departure_id, S2))
        kept = [r for r in (second, first) if r is not None and r.consent_to_anonymised_use]
        for record in kept:
            assert set(record.reasons) <= set(leaver.reasons)
        if kept:
            assert leaver.main_reason == kept[0].primary_reason
            assert leaver.main_source == ("stage_2" if kept[0].stage is S2 else "stage_1")
        else:
            assert leaver.reasons == leaver.stated_reasons
        assert len(set(leaver.reasons)) == len(leaver.reasons)


@settings(max_examples=60, deadline=None)
@given(services())
def test_the_main_reasons_by_stage_add_up_to_the_main_reasons(records: list[object]) -> None:
    plain = theme_tally(records, taxonomy=TAXONOMY, level=1, by=Breakdown.NONE, periods=[H1], trend=False)
    staged = theme_tally(
        records, taxonomy=TAXONOMY, level=1, by=Breakdown.NONE, periods=[H1], trend=False, by_stage=True
    )
    assert staged.primary_totals == plain.primary_totals
    assert staged.mentioned_totals == plain.mentioned_totals
    for code in plain.primary_totals:
        by_column = sum(staged.primary.get((code, column), 0) for column, _label in staged.columns)
        assert by_column == plain.primary_totals[code]
        for column, _label in staged.columns:  # a theme given at a stage is given
            assert staged.mentioned.get((code, column), 0) <= plain.mentioned_totals.get(code, 0)


def test_priorities_say_where_each_reason_was_raised() -> None:
    records: list[object] = []
    for n in range(6):
        records += [
            household(f"HH-{n}", D(2020, 1, 1), ApprovalKind.MAINSTREAM),
            departure(f"{n}", D(2026, 5, 1)),
        ]
        records.append(interview(f"{n}", WORKER, stage=S1))
        records.append(interview(f"{n}", "personal.retirement", stage=S2))
    insights = exit_insights(records, catalogue=CATALOGUE, taxonomy=TAXONOMY, period=H1)
    worker = next(r for e in insights.elements for r in e.reasons if r.code == WORKER)
    assert worker.raised_at == ("stage_1",)  # stage 2 said retirement; stage 1's reason still counts
    assert raised_text(("stage_1", "stage_2")) == "stage 1 and stage 2"
    report = build_report(
        records,
        taxonomy=TAXONOMY,
        catalogue=CATALOGUE,
        period=H1,
        service="Anytown Fostering",
        made_on=D(2026, 11, 1),
    )
    labels = [label for priority in report.priorities for label in priority.reasons]
    assert f"{TAXONOMY.get(WORKER).label} (stage 1)" in labels
