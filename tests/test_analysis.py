"""Exit-interview insights: reporting periods, small-number suppression, themes and priorities."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fosterkit import (
    Carer,
    DataCollectionRecord,
    Departure,
    ExitProcess,
    Household,
    HouseholdStatus,
    Initiator,
    InterviewStage,
    LeavingRoute,
    load_catalogue,
    load_taxonomy,
)
from fosterkit.analysis import (
    SUPPRESSED,
    ElementInsight,
    Insights,
    Period,
    ReasonCount,
    Suppressed,
    exit_insights,
    half_year,
    last_complete_half_year,
    publish_tables,
    reporting_year,
    shown,
    suppress,
    suppress_total,
)
from fosterkit.analysis.exit_insights import _tally
from fosterkit.analysis.suppression import check_threshold
from fosterkit.interviews import Answer, Appointment, Location
from fosterkit.reasons import AliasSet, TaxonomyExtension, extend_taxonomy
from fosterkit.records import ApprovalKind, PlacementType, Service, ServiceKind, StatusChange
from fosterkit.testing.process_strategies import exit_processes

D = datetime.date
S1_ID, S2_ID = "stage_1", "stage_2"
S1 = InterviewStage.EXIT_STAGE_1
S2 = InterviewStage.EXIT_STAGE_2
H1 = Period(D(2026, 4, 1), D(2026, 9, 30))
FIRST, LAST, MIDDLE = D(2026, 4, 1), D(2026, 9, 30), D(2026, 7, 1)  # MIDDLE is day 91 of 0..182
FEES = "finance.fees_allowances"
TRAINING = "support.training"
WORKER = "support.supervising_social_worker"
RETIREMENT = "personal.retirement"
INTERVIEWED = D(2026, 10, 5)

CATALOGUE = load_catalogue()
TAXONOMY = load_taxonomy()


def departure(id: str, notice_on: datetime.date, *reasons: str) -> Departure:
    return Departure(
        id=id,
        household_id=f"HH-{id}",
        notice_on=notice_on,
        initiated_by=Initiator.CARER,
        route=LeavingRoute.RESIGNATION,
        stated_reasons=reasons,
    )


def record(
    departure_id: str,
    primary: str,
    *secondary: str,
    stage: InterviewStage = S1,
    preventable: Answer | None = None,
    on: datetime.date = INTERVIEWED,
) -> DataCollectionRecord:
    return DataCollectionRecord(
        id=f"DCR-{departure_id}-{stage.value}",
        departure_id=departure_id,
        stage=stage,
        interviewed_on=on,
        primary_reason=primary,
        secondary_reasons=secondary,
        preventable=preventable,
        consent_to_anonymised_use=True,
    )


def household(id: str) -> Household:
    return Household(
        id=id,
        service=Service(name="Anytown Fostering", kind=ServiceKind.LOCAL_AUTHORITY),
        carers=(Carer(id=f"{id}-C1"),),
        approved_on=D(2020, 1, 6),
        approval_kind=ApprovalKind.MAINSTREAM,
        approved_for=(PlacementType.SHORT_TERM,),
        caring_now=False,
        history=(StatusChange(status=HouseholdStatus.APPROVED, since=D(2020, 1, 6)),),
    )


def process_with(dep: Departure, held: DataCollectionRecord) -> ExitProcess:
    """A process for ``dep`` whose stage 1 interview was held, holding ``held``."""
    start = dep.notice_on
    appointment = Appointment(
        id="A1",
        stage=S1,
        on=held.interviewed_on,
        location=Location.VIDEO,
        location_agreed=True,
        interviewer="IRO-5",
    )
    return (
        ExitProcess.start(f"EXIT-{dep.id}", dep, supervising_social_worker="SSW-1")
        .offer(start + datetime.timedelta(days=1))
        .ask_before_interview(
            start + datetime.timedelta(days=2), raise_relationships=False, wants_companion=False
        )
        .book(appointment, start + datetime.timedelta(days=3))
        .complete("A1", held)
    )


def scenario() -> list[object]:
    """Fourteen departures in 2026-27 H1 and two just outside it (see the counts in the tests)."""
    records: list[object] = [household("HH-F1")]
    for i in range(1, 5):  # stated reasons only, notice on the first day
        records.append(departure(f"F{i}", FIRST, FEES))
    for i in range(1, 5):  # stage 2 (preventable) gives a new main reason; stage 1's reasons still count
        records += [
            departure(f"S{i}", LAST, TRAINING),
            record(f"S{i}", TRAINING, FEES, preventable=Answer.NO),
            record(f"S{i}", WORKER, stage=S2, preventable=Answer.YES, on=D(2026, 11, 20)),
        ]
    records += [departure("S5", FIRST), record("S5", TRAINING, FEES, preventable=Answer.NO)]
    s6 = departure("S6", LAST)  # seen in a process, on its own, and its record on its own too
    s6_record = record("S6", TRAINING, FEES, preventable=Answer.NO)
    records += [process_with(s6, s6_record), s6, s6_record]
    records += [departure("U1", MIDDLE, FEES), record("U1", "made_up.reason", preventable=Answer.NO)]
    records += [departure("P1", MIDDLE), record("P1", RETIREMENT, preventable=Answer.NO)]
    records += [departure("P2", MIDDLE), record("P2", RETIREMENT, preventable=Answer.NOT_SURE)]
    records += [departure("E1", MIDDLE)]  # no reasons at all
    records += [departure("O1", D(2026, 3, 31), TRAINING), departure("O2", D(2026, 10, 1), TRAINING)]
    records += [record("O2", TRAINING, preventable=Answer.YES), record("NOBODY", TRAINING)]
    return records


def insights(records: Iterable[object], period: Period = H1, threshold: int = 3) -> Insights:
    return exit_insights(
        records,
        catalogue=CATALOGUE,
        taxonomy=TAXONOMY,
        period=period,
        threshold=threshold,
        any_period=not period.is_standard,
    )


def themes(result: Insights) -> dict[str, tuple[int | Suppressed, int | Suppressed]]:
    return {t.code: (t.primary, t.mentioned) for t in result.themes}


# -- periods -------------------------------------------------------------------------------------


def test_half_years_split_the_april_to_march_year() -> None:
    assert half_year(D(2026, 4, 1)) == H1
    assert half_year(D(2026, 9, 30)) == H1
    assert half_year(D(2026, 10, 1)) == Period(D(2026, 10, 1), D(2027, 3, 31))
    assert half_year(D(2027, 3, 31)) == Period(D(2026, 10, 1), D(2027, 3, 31))
    assert half_year(D(2026, 1, 15)) == Period(D(2025, 10, 1), D(2026, 3, 31))
    assert H1.label == "2026-27 H1 (1 Apr 2026 to 30 Sep 2026)"
    assert half_year(D(2027, 2, 1)).label == "2026-27 H2 (1 Oct 2026 to 31 Mar 2027)"
    assert half_year(D(2099, 12, 1)).label == "2099-00 H2 (1 Oct 2099 to 31 Mar 2100)"


def test_previous_contains_and_the_last_complete_half_year() -> None:
    assert H1.previous == Period(D(2025, 10, 1), D(2026, 3, 31))
    assert H1.previous.previous == Period(D(2025, 4, 1), D(2025, 9, 30))
    assert H1.contains(FIRST)
    assert H1.contains(LAST)
    assert not H1.contains(D(2026, 3, 31))
    assert not H1.contains(D(2026, 10, 1))
    assert last_complete_half_year(D(2026, 10, 1)) == H1
    assert last_complete_half_year(D(2026, 9, 30)) == Period(D(2025, 10, 1), D(2026, 3, 31))
    assert last_complete_half_year(D(2027, 4, 1)) == half_year(D(2027, 1, 1))


def test_reporting_years_and_other_periods() -> None:
    year = reporting_year(D(2027, 3, 31))
    assert year == Period(D(2026, 4, 1), D(2027, 3, 31)) == reporting_year(D(2026, 4, 1))
    assert year.label == "2026-27 (1 Apr 2026 to 31 Mar 2027)"
    assert year.previous == reporting_year(D(2025, 6, 1))
    week = Period(D(2026, 1, 5), D(2026, 1, 11))
    assert week.label == "5 Jan 2026 to 11 Jan 2026"
    assert week.previous == Period(D(2025, 12, 29), D(2026, 1, 4))
    assert week.days == 7
    with pytest.raises(ValueError, match="before the start"):
        Period(D(2026, 1, 5), D(2026, 1, 4))


# -- suppression ---------------------------------------------------------------------------------


def test_counts_of_one_to_five_are_suppressed_and_zero_is_shown() -> None:
    assert suppress({"a": 0, "b": 5, "c": 6, "d": 1, "e": 40}) == {
        "a": 0,
        "b": SUPPRESSED,
        "c": 6,
        "d": SUPPRESSED,
        "e": 40,
    }
    assert [shown(c) for c in suppress({"a": 3, "b": 0, "c": 9, "d": 12}).values()] == [
        "[c]",
        0,
        "[c]",
        12,
    ]
    assert suppress_total(0) == 0
    assert suppress_total(5) is SUPPRESSED
    assert suppress_total(6) == 6
    assert suppress_total(6, threshold=10) is SUPPRESSED


def test_a_lone_suppressed_count_takes_the_smallest_other_with_it() -> None:
    # 4 alone could be worked out as 30 - 9 - 17; the 9 is hidden too, the first of equals on a tie.
    assert suppress({"a": 17, "b": 9, "c": 4, "d": 0}) == {"a": 17, "b": SUPPRESSED, "c": SUPPRESSED, "d": 0}
    assert suppress({"a": 9, "b": 2, "c": 9}) == {"a": SUPPRESSED, "b": SUPPRESSED, "c": 9}
    assert suppress({"a": 6, "b": 7}) == {"a": 6, "b": 7}


def test_a_suppressed_total_hides_every_count() -> None:
    assert suppress({"a": 3, "b": 0, "c": 0}) == {"a": SUPPRESSED, "b": SUPPRESSED, "c": SUPPRESSED}
    assert suppress({"a": 0, "b": 0}) == {"a": 0, "b": 0}
    assert suppress({}) == {}


@pytest.mark.parametrize("threshold", [2, 11, 0, -1, 5.0, True])
def test_a_threshold_outside_three_to_ten_is_refused(threshold: object) -> None:
    with pytest.raises(ValueError, match="from 3 to 10"):
        check_threshold(threshold)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="from 3 to 10"):
        suppress({"a": 1}, threshold)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="from 3 to 10"):
        insights([], threshold=threshold)  # type: ignore[arg-type]


@settings(max_examples=60)
@given(
    counts=st.dictionaries(st.text(min_size=1, max_size=3), st.integers(0, 40), max_size=8),
    threshold=st.integers(3, 10),
)
def test_no_suppressed_count_can_be_worked_out(counts: dict[str, int], threshold: int) -> None:
    result = suppress(counts, threshold)
    assert list(result) == list(counts)
    hidden = [key for key, count in result.items() if count is SUPPRESSED]
    total_hidden = suppress_total(sum(counts.values()), threshold) is SUPPRESSED
    if hidden and not total_hidden:
        assert len(hidden) >= 2
    for key, count in result.items():
        assert count is SUPPRESSED or count == counts[key]
        if 1 <= counts[key] <= threshold:
            assert count is SUPPRESSED
    if total_hidden:
        assert hidden == list(counts)


# -- exit insights: the worked scenario ----------------------------------------------------------


def test_totals_count_each_departure_in_the_period_once() -> None:
    result = insights(scenario())
    assert (result.start, result.end, result.threshold) == (FIRST, LAST, 3)
    # F1-4, S1-6, U1, P1, P2, E1; S6 is counted once though seen three times.
    assert result.departures == 14
    assert result.interviewed == 9
    assert insights(scenario(), threshold=10).interviewed is SUPPRESSED


def test_themes_count_main_and_mentioned_reasons() -> None:
    result = insights(scenario())
    assert [t.code for t in result.themes] == [*(r.code for r in TAXONOMY.roots()), "unknown"]
    assert result.themes[-1].label == "Not in the taxonomy"
    counts = themes(result)
    # Main reasons: finance 4 (stated), support 6, personal 2 and unknown 1 (both suppressed).
    assert counts["finance"] == (4, 10)  # F1-4 state fees; S5, S6 and S1-4 (at stage 1) mention them
    assert counts["support"] == (6, 6)
    assert counts["personal"] == (SUPPRESSED, SUPPRESSED)
    assert counts["unknown"] == (SUPPRESSED, SUPPRESSED)
    assert counts["wellbeing"] == (0, 0)


def test_conservation_of_main_reasons() -> None:
    tally = _tally(scenario(), taxonomy=TAXONOMY, period=H1, elements=["KP1"])
    assert tally.primary["finance"] == 4
    assert tally.primary["personal"] == 2
    assert tally.primary["unknown"] == 1
    assert sum(tally.primary.values()) == tally.with_reasons == 13


def test_a_lone_small_theme_hides_the_next_smallest() -> None:
    records = [departure(f"F{i}", MIDDLE, FEES) for i in range(7)] + [departure("P", MIDDLE, RETIREMENT)]
    records += [departure(f"S{i}", MIDDLE, TRAINING) for i in range(9)]
    counts = themes(insights(records))
    assert counts["personal"] == (SUPPRESSED, SUPPRESSED)
    assert counts["finance"] == (SUPPRESSED, 7)  # 7 is shown where it does not add up to a total
    assert counts["support"] == (9, 9)


def test_stage_two_answer_wins_and_both_stages_reasons_count() -> None:
    result = insights(scenario())
    # S1-4 said "not preventable" at stage 1 and "preventable" after reflection.
    tally = _tally(scenario(), taxonomy=TAXONOMY, period=H1, elements=[])
    assert (tally.preventable, tally.answered) == (4, 8)
    # Shown as the publication for the period shows them: its other small rows hide the "no" row.
    table = publish_tables(scenario(), taxonomy=TAXONOMY, period=H1, threshold=3).table("preventable")
    assert (table.count("yes", "count"), table.count("no", "count")) == (4, SUPPRESSED)
    assert (result.preventable, result.preventable_base, result.preventable_percent) == (4, SUPPRESSED, None)
    assert tally.mentioned["support"] == 6
    assert tally.mentioned["finance"] == 10  # S1-4's stage 1 fees still count after stage 2


def test_stage_one_answer_stands_when_stage_two_leaves_it_blank() -> None:
    records: list[object] = [departure("A", MIDDLE), record("A", FEES, preventable=Answer.YES)]
    records.append(record("A", TRAINING, stage=S2))
    tally = _tally(records, taxonomy=TAXONOMY, period=H1, elements=[])
    assert (tally.preventable, tally.answered) == (1, 1)
    assert tally.primary["support"] == 1
    assert tally.primary["finance"] == 0


def test_preventable_is_suppressed_when_either_side_is_small() -> None:
    def result(
        yes: int, no: int, not_sure: int = 0
    ) -> tuple[int | Suppressed, int | Suppressed, float | None]:
        answers = [Answer.YES] * yes + [Answer.NO] * no + [Answer.NOT_SURE] * not_sure
        records: list[object] = []
        for i, answer in enumerate(answers):
            records += [departure(f"D{i}", MIDDLE), record(f"D{i}", FEES, preventable=answer)]
        got = insights(records)
        return got.preventable, got.preventable_base, got.preventable_percent

    assert result(4, 0) == (4, 4, 100.0)
    assert result(4, 2) == (SUPPRESSED, SUPPRESSED, None)
    assert result(2, 4) == (SUPPRESSED, SUPPRESSED, None)
    # 3 "not sure" are hidden, so the 4 "no" are hidden too: the departures (7) would give them away.
    assert result(0, 4, not_sure=3) == (0, SUPPRESSED, None)
    assert result(0, 4, not_sure=6) == (0, 4, 0.0)
    assert result(0, 0) == (0, 0, None)
    assert result(5, 4, not_sure=9) == (5, 9, 100 * 5 / 9)


def test_stated_reasons_stand_in_for_a_missing_interview() -> None:
    tally = _tally([departure("A", MIDDLE, RETIREMENT, FEES)], taxonomy=TAXONOMY, period=H1, elements=[])
    assert tally.primary["personal"] == 1
    assert tally.primary["finance"] == 0
    assert tally.mentioned["personal"] == 1
    assert tally.mentioned["finance"] == 1
    assert (tally.interviewed, tally.answered) == (0, 0)


def test_aliases_are_migrated_and_unknown_codes_are_kept() -> None:
    extension = TaxonomyExtension(name="anytown", aliases=(AliasSet(code=FEES, names=("Money worries",)),))
    taxonomy = extend_taxonomy(TAXONOMY, extension)
    records = [departure("A", MIDDLE, "money  WORRIES", FEES, "no.such_code", "another_unknown")]
    tally = _tally(records, taxonomy=taxonomy, period=H1, elements=[])
    assert tally.primary["finance"] == 1  # the alias and the code: once
    assert tally.mentioned["finance"] == 1
    assert tally.mentioned["unknown"] == 1
    assert tally.unknown_codes == {"no.such_code", "another_unknown"}
    result = exit_insights(records, catalogue=CATALOGUE, taxonomy=taxonomy, period=H1)
    assert "2 reason codes not in the taxonomy are counted under 'Not in the taxonomy'." in result.notes
    assert not any("no.such_code" in note for note in result.notes)


def test_elements_are_ranked_by_score_then_catalogue_order() -> None:
    result = insights(scenario())
    ranked = [(e.rank, e.element_id, e.score, e.leavers) for e in result.elements]
    # KP1: fees as main reason for F1-4 (4 x 0.5), as a secondary one for S5 (0.5 x 0.5) and S6
    # (0.5 x 1), and S1-4's supervising social worker, preventable, on the last day (4 x 1.5),
    # plus S1-4's fees from stage 1, secondary and preventable (4 x 0.5 x 1.5). Training (KP5...)
    # is main for S5 (0.5) and S6 (1) and secondary at stage 1 for S1-4 (4 x 0.75).
    assert ranked == [
        (1, "KP1", 11.75, 10),
        (2, "KP2", 6.0, 4),
        (3, "KP4", 6.0, 4),
        (4, "KP5", 4.5, 6),
        (5, "KP6", 4.5, 6),
        (6, "KP8", 4.5, 6),
        (7, "R2", 4.5, 6),
        (8, "R3", 4.5, 6),
        (9, "R6", 4.5, 6),
    ]
    first = result.elements[0]
    assert first == ElementInsight(
        element_id="KP1",
        title=CATALOGUE.principle("KP1").title,
        rank=1,
        score=11.75,
        leavers=10,
        reasons=(
            ReasonCount(code=WORKER, label=TAXONOMY.get(WORKER).label, leavers=4, raised_at=("stage_2",)),
            ReasonCount(
                code=FEES, label=TAXONOMY.get(FEES).label, leavers=10, raised_at=("stage_1", "stated")
            ),
        ),
    )
    # Retirement is beyond the service's influence: it adds nothing anywhere.
    assert not any(r.code == RETIREMENT for e in result.elements for r in e.reasons)


def test_later_notice_weighs_more() -> None:
    def score(day: datetime.date) -> float:
        return insights([departure("A", day, FEES)]).elements[0].score

    assert (score(FIRST), score(MIDDLE), score(LAST)) == (0.5, 0.75, 1.0)
    one_day = Period(MIDDLE, MIDDLE)
    assert insights([departure("A", MIDDLE, FEES)], period=one_day).elements[0].score == 1.0


def test_partial_influence_halves_the_weight() -> None:
    result = insights([departure("A", LAST, "finance.work")])  # influence: partly
    assert [(e.element_id, e.score, e.leavers) for e in result.elements] == [("KP1", 0.5, SUPPRESSED)]


def test_an_empty_period_gives_empty_tables() -> None:
    result = insights(scenario(), period=Period(D(2030, 4, 1), D(2030, 9, 30)))
    assert (result.departures, result.interviewed) == (0, 0)
    assert (result.preventable, result.preventable_base, result.preventable_percent) == (0, 0, None)
    assert all(t.primary == 0 and t.mentioned == 0 for t in result.themes)
    assert "unknown" not in themes(result)
    assert result.elements == ()
    assert insights([]).themes == result.themes


def test_period_edges() -> None:
    before, after = departure("B", D(2026, 3, 31), FEES), departure("A", D(2026, 10, 1), FEES)
    on_edges = [departure("F", FIRST, FEES), departure("L", LAST, FEES)]
    tally = _tally([before, after, *on_edges], taxonomy=TAXONOMY, period=H1, elements=[])
    assert tally.departures == 2
    assert _tally([before, after], taxonomy=TAXONOMY, period=H1, elements=[]).departures == 0


def test_notes_explain_the_method() -> None:
    notes = insights(scenario()).notes
    assert notes[0].startswith("Period: 2026-27 H1 (1 Apr 2026 to 30 Sep 2026)")
    assert "outside the period" in notes[0]
    assert notes[1].startswith("Counts from 1 to 3 are suppressed and shown as [c], and further counts")
    assert "exactly as the publication for this period suppresses them" in notes[1]
    assert any("1.5 if the leaver said" in note for note in notes)
    assert "1 reason code not in the taxonomy is counted under 'Not in the taxonomy'." in notes
    assert any("no reasons recorded" in note for note in notes)


def test_conflicting_copies_of_a_departure_give_the_same_answer_in_any_order() -> None:
    one, other = departure("A", MIDDLE, FEES), departure("A", LAST, TRAINING)
    assert insights([one, other]) == insights([other, one])
    assert _tally([one, other], taxonomy=TAXONOMY, period=H1, elements=[]).departures == 1
    assert any("more than once" in note for note in insights([one, other]).notes)


# -- exit insights: properties -------------------------------------------------------------------

_REASONS = st.sampled_from([FEES, TRAINING, WORKER, RETIREMENT, "finance.work", "wellbeing.burnout", "x.y"])


@st.composite
def record_streams(draw: st.DrawFn) -> list[object]:
    """Departures around 2026-27 H1 with interview records, processes and repeats, in any mix."""
    records: list[object] = []
    for index in range(draw(st.integers(0, 8))):
        notice_on = draw(st.dates(D(2026, 3, 25), D(2026, 10, 5)))
        reasons = tuple(draw(st.lists(_REASONS, unique=True, max_size=3)))
        dep = departure(f"D{index}", notice_on, *reasons)
        kind = draw(st.sampled_from(["alone", "records", "process"]))
        if kind == "process":
            records.append(draw(exit_processes(dep)))
            continue
        records.append(dep)
        if kind == "records":
            for stage in draw(st.lists(st.sampled_from([S1, S2]), max_size=3)):
                codes = draw(st.lists(_REASONS, min_size=1, max_size=3, unique=True))
                answer = draw(st.one_of(st.none(), st.sampled_from(Answer)))
                on = draw(st.sampled_from([INTERVIEWED, D(2026, 11, 1)]))
                records.append(record(dep.id, *codes, stage=stage, preventable=answer, on=on))
    return records + draw(st.lists(st.sampled_from(records), max_size=3)) if records else records


@settings(max_examples=40)
@given(data=st.data(), threshold=st.integers(3, 10))
def test_insights_do_not_depend_on_record_order(data: st.DataObject, threshold: int) -> None:
    records = data.draw(record_streams())
    shuffled = data.draw(st.permutations(records))
    assert insights(shuffled, threshold=threshold) == insights(records, threshold=threshold)


@settings(max_examples=40)
@given(records=record_streams())
def test_every_departure_with_reasons_has_one_main_theme(records: list[object]) -> None:
    tally = _tally(records, taxonomy=TAXONOMY, period=H1, elements=["KP1", "KP4"])
    assert sum(tally.primary.values()) == tally.with_reasons <= tally.departures
    assert all(tally.primary[t] <= tally.mentioned[t] <= tally.with_reasons for t in tally.primary)
    assert tally.preventable <= tally.answered <= tally.interviewed <= tally.departures
    result = insights(records)
    for theme in result.themes:
        assert theme.primary in (SUPPRESSED, tally.primary[theme.code])
        assert theme.mentioned in (SUPPRESSED, tally.mentioned[theme.code])


def test_records_are_read_once() -> None:
    consumed = iter(scenario())
    assert insights(consumed) == insights(scenario())
    assert next(consumed, None) is None


def test_interviewed_is_hidden_when_the_number_not_interviewed_is_small() -> None:
    departures = [departure(f"D{n}", MIDDLE, FEES) for n in range(12)]
    held = [record(f"D{n}", FEES) for n in range(9)]
    insights = exit_insights([*departures, *held], catalogue=CATALOGUE, taxonomy=TAXONOMY, period=H1)
    assert insights.departures == 12
    assert insights.interviewed is SUPPRESSED
    all_held = [record(f"D{n}", FEES) for n in range(12)]
    insights = exit_insights([*departures, *all_held], catalogue=CATALOGUE, taxonomy=TAXONOMY, period=H1)
    assert insights.interviewed == 12
