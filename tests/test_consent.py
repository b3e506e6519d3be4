"""Consent: what a carer said without consenting to anonymised use reaches no analysis output."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, cast

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fosterkit import (
    Carer,
    DataCollectionRecord,
    Departure,
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
    Breakdown,
    CostAssumptions,
    Insights,
    Period,
    Report,
    build_report,
    exit_insights,
    publish_tables,
    reason_themes,
    retention_rates,
    summarise,
    theme_trend,
)
from fosterkit.analysis._kept import said_of
from fosterkit.interviews import Answer
from fosterkit.records import (
    ApprovalKind,
    DestinationKind,
    PlacementType,
    Service,
    ServiceKind,
    StatusChange,
)

D = datetime.date
TAXONOMY = load_taxonomy()
CATALOGUE = load_catalogue()
H1 = Period(D(2026, 4, 1), D(2026, 9, 30))
S1 = InterviewStage.EXIT_STAGE_1
S2 = InterviewStage.EXIT_STAGE_2
#: Reasons of every theme, a retired-looking unknown code and a free-text slip among them.
CODES = [r.code for r in TAXONOMY.leaves() if r.is_live] + ["made_up.reason"]
WORKER = "support.supervising_social_worker"
FEES = "finance.fees_allowances"


def household(id: str, approved_on: datetime.date, kind: ApprovalKind) -> Household:
    return Household(
        id=id,
        service=Service(name="Anytown Fostering", kind=ServiceKind.LOCAL_AUTHORITY),
        carers=(Carer(id=f"{id}-C1"),),
        approved_on=approved_on,
        approval_kind=kind,
        approved_for=(PlacementType.LONG_TERM,),
        caring_now=False,
        history=(StatusChange(status=HouseholdStatus.APPROVED, since=approved_on),),
    )


def departure(
    id: str, notice_on: datetime.date, *reasons: str, route: LeavingRoute = LeavingRoute.RESIGNATION
) -> Departure:
    return Departure(
        id=id,
        household_id=f"HH-{id}",
        notice_on=notice_on,
        initiated_by=Initiator.SERVICE if route.ended_by_service else Initiator.CARER,
        route=route,
        destination=DestinationKind.INDEPENDENT_AGENCY if route is LeavingRoute.TRANSFER else None,
        stated_reasons=reasons,
    )


def interview(
    departure_id: str,
    *reasons: str,
    stage: InterviewStage = S1,
    consent: bool = True,
    preventable: Answer | None = None,
    on: datetime.date | None = None,
) -> DataCollectionRecord:
    return DataCollectionRecord(
        id=f"DCR-{departure_id}-{stage.value}",
        departure_id=departure_id,
        stage=stage,
        interviewed_on=on or (D(2026, 10, 5) if stage is S1 else D(2026, 12, 1)),
        primary_reason=reasons[0],
        secondary_reasons=reasons[1:],
        preventable=preventable,
        would_have_kept="Better support from my social worker",
        consent_to_anonymised_use=consent,
    )


reason_lists = st.lists(st.sampled_from(CODES), min_size=1, max_size=3, unique=True)
answers = st.sampled_from([None, *Answer])


@st.composite
def services(draw: st.DrawFn) -> list[object]:
    """Households (mainstream and connected persons) and departures around 2026-27 H1, with interviews
    at either stage or both, some without consent."""
    records: list[object] = []
    for n in range(draw(st.integers(1, 24))):
        approved = D(2016, 1, 1) + datetime.timedelta(days=draw(st.integers(0, 3800)))
        if draw(st.integers(0, 5)):
            records.append(household(f"HH-D{n}", approved, draw(st.sampled_from(list(ApprovalKind)))))
        notice = D(2025, 10, 1) + datetime.timedelta(days=draw(st.integers(0, 364)))
        stated = draw(st.lists(st.sampled_from(CODES), max_size=2, unique=True))
        records.append(departure(f"D{n}", notice, *stated, route=draw(st.sampled_from(list(LeavingRoute)))))
        for stage in (S1, S2):
            if draw(st.booleans()):
                records.append(
                    interview(
                        f"D{n}",
                        *draw(reason_lists),
                        stage=stage,
                        consent=draw(st.booleans()),
                        preventable=draw(answers),
                    )
                )
    return records


@st.composite
def altered(draw: st.DrawFn, records: list[object]) -> list[object]:
    """``records`` with whatever every non-consenting interview said changed (reasons, answers, text)."""
    result: list[object] = []
    for record in records:
        if isinstance(record, DataCollectionRecord) and not record.consent_to_anonymised_use:
            reasons = draw(reason_lists)
            record = attrs.evolve(
                record,
                primary_reason=reasons[0],
                secondary_reasons=tuple(reasons[1:]),
                preventable=draw(answers),
                foster_again=draw(answers),
                would_have_kept=draw(st.sampled_from(["", "Nothing", "More money"])),
            )
        result.append(record)
    return result


#: Every analysis output, each a function of the records.
OUTPUTS: dict[str, Callable[[list[object]], object]] = {
    "themes": lambda r: (
        [reason_themes(r, taxonomy=TAXONOMY, period=H1, by=by, threshold=3) for by in Breakdown]
        + [
            reason_themes(r, taxonomy=TAXONOMY, period=H1, level=2, threshold=3),
            reason_themes(r, taxonomy=TAXONOMY, period=H1, by_stage=True, threshold=3),
        ]
    ),
    "trend": lambda r: theme_trend(r, taxonomy=TAXONOMY, periods=[H1.previous, H1], threshold=3),
    "rates": lambda r: retention_rates(r, taxonomy=TAXONOMY, period=H1, threshold=3),
    "insights": lambda r: exit_insights(r, catalogue=CATALOGUE, taxonomy=TAXONOMY, period=H1, threshold=3),
    "publication": lambda r: publish_tables(r, taxonomy=TAXONOMY, period=H1, threshold=3, trend_periods=2),
    "report": lambda r: build_report(
        r,
        taxonomy=TAXONOMY,
        catalogue=CATALOGUE,
        period=H1,
        service="Anytown",
        made_on=D(2027, 1, 1),
        threshold=3,
        trend_periods=2,
        assumptions=CostAssumptions(recruit_and_approve=20_000, weeks_to_replace=26),
    ),
}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_what_a_non_consenting_interview_said_changes_no_output(data: st.DataObject) -> None:
    records = data.draw(services())
    changed = data.draw(altered(records))
    for name, output in OUTPUTS.items():
        assert output(changed) == output(records), name


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(services(), st.data())
def test_a_non_consenting_interview_counts_only_as_held(records: list[object], data: st.DataObject) -> None:
    """Adding one changes nothing but the number interviewed, and withholding consent is the same as
    the departure never having said anything at that stage."""
    taken = {(r.departure_id, r.stage) for r in records if isinstance(r, DataCollectionRecord)}
    ids = [r.id for r in records if isinstance(r, Departure)]
    free = [(d, s) for d in ids for s in (S1, S2) if (d, s) not in taken]
    if not free:
        return
    departure_id, stage = data.draw(st.sampled_from(free))
    added = [*records, interview(departure_id, *data.draw(reason_lists), stage=stage, consent=False)]
    for name, output in OUTPUTS.items():
        if name == "insights":
            continue  # below: its number interviewed is one more
        if name in RELEASED:
            # The number interviewed is released with the tables and protected with them, so one
            # more interview held may hide other counts; every count shown in both is the same.
            first, second = output(added), output(records)
            if name == "report":  # the comparison shows the number interviewed too
                first, second = (_without_interviewed(cast(Report, r)) for r in (first, second))
            assert consistent(first, second), name
        else:
            assert output(added) == output(records), name
    before, after = (cast(Insights, OUTPUTS["insights"](rs)) for rs in (records, added))
    assert consistent(attrs.evolve(after, interviewed=before.interviewed), before)


def _without_interviewed(report: Report) -> Report:
    """``report`` with the number interviewed left out of its comparison."""
    if report.comparison is None:
        return report
    counts = tuple(c for c in report.comparison.counts if not c.code.startswith("interviewed"))
    return attrs.evolve(report, comparison=attrs.evolve(report.comparison, counts=counts))


#: The outputs whose counts are suppressed in one release with the number interviewed.
RELEASED = frozenset({"insights", "publication", "report"})


def consistent(first: object, second: object) -> bool:
    """Whether two outputs agree wherever both show a value: alike in shape, equal where shown."""
    if first is SUPPRESSED or second is SUPPRESSED:
        return True
    if attrs.has(type(first)) and type(first) is type(second):
        return all(
            consistent(getattr(first, f.name), getattr(second, f.name))
            for f in attrs.fields(cast(Any, type(first)))
        )
    if isinstance(first, (tuple, list)) and isinstance(second, (tuple, list)):
        return len(first) == len(second) and all(consistent(a, b) for a, b in zip(first, second, strict=True))
    if isinstance(first, float) or isinstance(second, float):
        return first is None or second is None or first == second  # a rate not worked out is None
    return first == second


def test_a_withheld_interview_leaves_the_stated_reasons_and_the_other_stage() -> None:
    records: list[object] = [household("HH-A", D(2020, 1, 1), ApprovalKind.MAINSTREAM)]
    records += [departure("A", D(2026, 5, 1), FEES)]
    records += [interview("A", WORKER, "personal.health", consent=False, preventable=Answer.YES)]
    leaver = summarise(records).leavers["A"]
    assert (leaver.reasons, leaver.answer, leaver.interviewed) == ((FEES,), None, True)
    records.append(interview("A", "personal.retirement", stage=S2, preventable=Answer.NO))
    leaver = summarise(records).leavers["A"]
    assert (leaver.reasons, leaver.answer) == (("personal.retirement",), Answer.NO)
    assert leaver.stage_1 == ()  # nothing of stage 1 is kept, not even as a secondary reason


def test_a_later_version_without_consent_withdraws_what_the_earlier_said() -> None:
    given_then_withdrawn = [
        departure("A", D(2026, 5, 1)),
        interview("A", WORKER, preventable=Answer.YES, on=D(2026, 10, 1)),
        interview("A", WORKER, preventable=Answer.YES, on=D(2026, 10, 2), consent=False),
    ]
    for records in (given_then_withdrawn, list(reversed(given_then_withdrawn))):
        leaver = summarise(records).leavers["A"]
        assert (leaver.reasons, leaver.answer, leaver.interviewed) == ((), None, True)
    same_day = [
        given_then_withdrawn[0],
        given_then_withdrawn[1],
        attrs.evolve(cast(DataCollectionRecord, given_then_withdrawn[1]), consent_to_anonymised_use=False),
    ]
    assert summarise(same_day).leavers["A"].reasons == ()  # of two alike but for consent, withheld wins


def test_consent_other_than_true_is_not_given() -> None:
    record = interview("A", WORKER, preventable=Answer.YES)
    object.__setattr__(record, "consent_to_anonymised_use", None)  # as if absent, past the validator
    said = said_of(record, lambda value: value)
    assert (said.reasons, said.preventable, said.consented) == ((), None, False)


def test_without_consent_nothing_reaches_the_priorities() -> None:
    records: list[object] = []
    for n in range(8):
        records += [departure(f"A{n}", D(2026, 5, 1)), interview(f"A{n}", WORKER, consent=False)]
    insights = exit_insights(records, catalogue=CATALOGUE, taxonomy=TAXONOMY, period=H1)
    assert insights.elements == ()
    assert insights.interviewed == 8  # held, and counted as held
    assert all(theme.mentioned == 0 for theme in insights.themes)
    assert any("consented to anonymised use" in note for note in insights.notes)
