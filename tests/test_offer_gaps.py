"""The gap analysis: every recommendation once, worst gap first, joined with what leavers said."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from fosterkit.adapters.jsonl import iter_jsonl
from fosterkit.adapters.packs import load_catalogue, load_taxonomy
from fosterkit.analysis import SUPPRESSED, parse_period
from fosterkit.analysis.publication import ReleasedCounts, released_counts
from fosterkit.framework import Catalogue, EvidenceGrade
from fosterkit.offer import (
    Programme,
    ProgrammeFigures,
    ProgrammeKind,
    SupportOffer,
    Verdict,
    gap_analysis,
)
from fosterkit.testing import offer_strategies as fko
from fosterkit.testing import strategies as fks

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = load_catalogue()
VERDICTS = list(Verdict)
GRADES = [EvidenceGrade.STRONG, EvidenceGrade.GOOD, EvidenceGrade.PROMISING, None]


def _released(period: str = "2025-26") -> ReleasedCounts:
    records = iter_jsonl(ROOT / "docs" / "examples" / "records.jsonl")
    return released_counts(records, taxonomy=load_taxonomy(), period=parse_period(period))[0]


def _offers_with_catalogue() -> st.SearchStrategy[tuple[Catalogue, SupportOffer]]:
    catalogues = st.one_of(st.just(CATALOGUE), fks.catalogues())
    return catalogues.flatmap(lambda c: st.tuples(st.just(c), fko.support_offers(c)))


@given(_offers_with_catalogue())
def test_every_recommendation_appears_once_worst_first(pair: tuple[Catalogue, SupportOffer]) -> None:
    catalogue, offer = pair
    analysis = gap_analysis(offer, catalogue)
    ids = [gap.recommendation_id for gap in analysis.recommendations]
    assert sorted(ids) == sorted(r.id for r in catalogue.recommendations)
    keys = [(VERDICTS.index(g.verdict), GRADES.index(g.grade)) for g in analysis.recommendations]
    assert keys == sorted(keys)
    assert [p.principle_id for p in analysis.principles] == [p.id for p in catalogue.principles]
    assert len(analysis.lines()) == len(ids)
    for gap in analysis.recommendations:
        serving = [p for p in offer.programmes if gap.recommendation_id in p.recommendations]
        assert (gap.verdict is Verdict.NO_OFFER) == (not serving)
        assert gap.completed <= gap.started
        assert gap.leavers is None


def test_a_recommendation_with_no_programme_and_leavers_is_one_line() -> None:
    analysis = gap_analysis(SupportOffer(carers=120), CATALOGUE, released=_released())
    by_id = {gap.recommendation_id: gap for gap in analysis.recommendations}
    assert by_id["R4"].verdict is Verdict.NO_OFFER
    assert by_id["R4"].leavers == 8
    line = dict(zip([g.recommendation_id for g in analysis.recommendations], analysis.lines(), strict=True))[
        "R4"
    ]
    assert line == "R4 (good evidence): no programme; 8 leavers in 2025-26 gave reasons R4 addresses."
    assert analysis.lines()[0].startswith("R1 (strong evidence): no programme")


def test_suppressed_counts_stay_suppressed() -> None:
    released = _released()
    analysis = gap_analysis(SupportOffer(), CATALOGUE, released=released)
    by_id = {gap.recommendation_id: gap for gap in analysis.recommendations}
    assert released.addressed_by("R3") is SUPPRESSED
    assert by_id["R3"].leavers is SUPPRESSED
    assert "; [c] leavers in 2025-26 gave reasons R3 addresses." in by_id["R3"].line("2025-26")


def _offer(started: int, completed: int, carers: int | None = 100) -> SupportOffer:
    programme = Programme(
        id="group", name="Anytown group", kind=ProgrammeKind.LOCALLY_DEVELOPED, recommendations=("R2",)
    )
    figures = (
        ProgrammeFigures(programme_id="group", period="2024-25", referred=90, started=90, completed=90),
        ProgrammeFigures(
            programme_id="group", period="2025-26", referred=started, started=started, completed=completed
        ),
    )
    return SupportOffer(programmes=(programme,), figures=figures, carers=carers)


def _r2(offer: SupportOffer) -> tuple[Verdict, str]:
    gap = next(g for g in gap_analysis(offer, CATALOGUE).recommendations if g.recommendation_id == "R2")
    return gap.verdict, gap.line()


def test_verdicts_follow_reach_and_completion_of_the_latest_figures() -> None:
    assert _r2(_offer(5, 5)) == (
        Verdict.LOW_REACH,
        "R2 (strong evidence): low reach: Anytown group; reach 5 of 100 (5%); completion 5 of 5 (100%).",
    )
    assert _r2(_offer(40, 10))[0] is Verdict.LOW_COMPLETION
    assert _r2(_offer(40, 30))[0] is Verdict.COVERED
    assert _r2(_offer(5, 5, carers=None))[0] is Verdict.COVERED
    assert _r2(_offer(500, 400, carers=100))[1].startswith(
        "R2 (strong evidence): covered: Anytown group; reach 100 of 100 (100%)"
    )


def test_a_programme_without_figures_is_said_to_have_none() -> None:
    programme = Programme(
        id="p", name="Anytown buddies", kind=ProgrammeKind.LOCALLY_DEVELOPED, recommendations=("R7",)
    )
    analysis = gap_analysis(SupportOffer(programmes=(programme,), carers=50), CATALOGUE)
    gap = next(g for g in analysis.recommendations if g.recommendation_id == "R7")
    assert gap.line() == "R7 (promising evidence): covered: Anytown buddies; no figures."
