"""Where the support offer falls short: each recommendation against the programmes serving it.

:func:`gap_analysis` takes a :class:`~fosterkit.offer.model.SupportOffer` and a catalogue and
gives, for each recommendation, its evidence grade, the programmes serving it, their reach
(carers who started, of all carers) and completion (completed, of started), and a verdict; and
for each key principle the programmes embodying it. Given the counts a publication releases
(:func:`fosterkit.analysis.publication.released_counts`), each recommendation also carries how
many leavers in that period gave reasons it addresses, exactly as the publication shows it
(``[c]`` where suppressed), so a strong-evidence recommendation with no programme and carers
leaving for reasons it addresses reads as one line.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence

from attrs import field, frozen

from fosterkit._util import validators as v
from fosterkit.analysis.publication import ReleasedCounts
from fosterkit.analysis.suppression import Suppressed
from fosterkit.framework.catalogue import Catalogue
from fosterkit.framework.grades import EvidenceGrade
from fosterkit.framework.principles import Recommendation
from fosterkit.interviews.metrics import Share
from fosterkit.offer.model import Programme, ProgrammeFigures, SupportOffer

__all__ = ["GapAnalysis", "PrincipleCoverage", "RecommendationGap", "Verdict", "gap_analysis"]


class Verdict(enum.Enum):
    """What the offer does for a recommendation, worst first."""

    NO_OFFER = "no_offer"
    """No programme serves it."""
    LOW_REACH = "low_reach"
    """Programmes serve it, but few of the service's carers started one."""
    LOW_COMPLETION = "low_completion"
    """Programmes serve it and reach carers, but few who started completed."""
    COVERED = "covered"
    """Programmes serve it, and neither reach nor completion is known to be low."""

    @property
    def label(self) -> str:
        """The verdict in words: ``"low reach"``."""
        return "no programme" if self is Verdict.NO_OFFER else self.value.replace("_", " ")


_VERDICT_ORDER = {verdict: rank for rank, verdict in enumerate(Verdict)}


def _grade_order(grade: EvidenceGrade | None) -> int:
    """Strong first, then good, promising, and ungraded last."""
    return -grade.rank if grade is not None else 0


@frozen(kw_only=True)
class RecommendationGap:
    """One recommendation against the offer."""

    recommendation_id: str
    title: str
    grade: EvidenceGrade | None
    programmes: tuple[str, ...]
    """The names of the programmes serving it, in the order the offer lists them."""
    started: int
    """Carers who started, summed over those programmes' latest figures."""
    completed: int
    """Carers who completed, summed likewise."""
    reach: Share | None
    """``started`` of the service's carers (at most all of them); ``None`` without ``offer.carers``."""
    completion: Share | None
    """``completed`` of ``started``; ``None`` when no programme serving it has figures."""
    verdict: Verdict
    leavers: int | Suppressed | None
    """Leavers in the period giving reasons this recommendation addresses, as the publication releases
    the count (``[c]`` where suppressed); ``None`` when no records were given."""

    def line(self, period_label: str | None = None) -> str:
        """The recommendation's one plain-English line (see :meth:`GapAnalysis.lines`)."""
        grade = self.grade.label.lower() if self.grade is not None else "no evidence grade"
        parts = [self.verdict.label]
        if self.programmes:
            parts = [f"{self.verdict.label}: {', '.join(self.programmes)}"]
            if self.completion is None:
                parts.append("no figures")
            else:
                if self.reach is not None:
                    parts.append(f"reach {self.reach}")
                parts.append(f"completion {self.completion}")
        if self.leavers is not None:
            noun = "leaver" if self.leavers == 1 else "leavers"
            when = f" in {period_label}" if period_label else ""
            parts.append(f"{self.leavers} {noun}{when} gave reasons {self.recommendation_id} addresses")
        return f"{self.recommendation_id} ({grade}): {'; '.join(parts)}."


@frozen(kw_only=True)
class PrincipleCoverage:
    """One key principle and the programmes that embody it."""

    principle_id: str
    title: str
    programmes: tuple[str, ...]


@frozen(kw_only=True)
class GapAnalysis:
    """Every recommendation against the offer, worst gap first, and each key principle's programmes."""

    recommendations: tuple[RecommendationGap, ...] = field(validator=v.tuple_of(RecommendationGap))
    """Ordered by verdict (no offer, low reach, low completion, covered), then grade (strong, good,
    promising, none), then the catalogue's order."""
    principles: tuple[PrincipleCoverage, ...] = field(validator=v.tuple_of(PrincipleCoverage))
    period_label: str | None = None
    """The period of the leavers' counts (``"2025-26 H1"``), when records were given."""

    def lines(self) -> tuple[str, ...]:
        """One plain-English line per recommendation, in order.

        ``"R4 (strong evidence): no programme; 14 leavers in 2025-26 H1 gave reasons R4 addresses."``
        """
        return tuple(gap.line(self.period_label) for gap in self.recommendations)


def _latest(offer: SupportOffer) -> dict[str, ProgrammeFigures]:
    """Each programme's latest figures: the last listed for it."""
    return {figures.programme_id: figures for figures in offer.figures}


def _gap(
    recommendation: Recommendation,
    serving: Sequence[Programme],
    latest: dict[str, ProgrammeFigures],
    offer: SupportOffer,
    released: ReleasedCounts | None,
    thresholds: tuple[float, float],
) -> RecommendationGap:
    figures = [latest[p.id] for p in serving if p.id in latest]
    started = sum(f.started for f in figures)
    completed = sum(f.completed for f in figures)
    reach = None if offer.carers is None else Share(offer.carers, min(started, offer.carers))
    completion = Share(started, completed) if figures else None
    low_reach, low_completion = thresholds
    if not serving:
        verdict = Verdict.NO_OFFER
    elif figures and reach is not None and reach.percent is not None and reach.percent < low_reach:
        verdict = Verdict.LOW_REACH
    elif completion is not None and completion.percent is not None and completion.percent < low_completion:
        verdict = Verdict.LOW_COMPLETION
    else:
        verdict = Verdict.COVERED
    return RecommendationGap(
        recommendation_id=recommendation.id,
        title=recommendation.title,
        grade=recommendation.grade,
        programmes=tuple(p.name for p in serving),
        started=started,
        completed=completed,
        reach=reach,
        completion=completion,
        verdict=verdict,
        leavers=None if released is None else released.addressed_by(recommendation.id),
    )


def gap_analysis(
    offer: SupportOffer,
    catalogue: Catalogue,
    *,
    released: ReleasedCounts | None = None,
    low_reach: float = 10.0,
    low_completion: float = 50.0,
) -> GapAnalysis:
    """Each recommendation of ``catalogue`` against ``offer``, and each key principle's programmes.

    A programme's figures are its latest: the last listed for it. Reach is the carers who
    started any programme serving the recommendation, of ``offer.carers``; a carer in two such
    programmes counts twice, so it is capped at all carers. The verdict is *no offer* without a
    programme; *low reach* when the reach is below ``low_reach`` percent; *low completion* when
    fewer than ``low_completion`` percent of those who started completed; otherwise *covered*
    (which is also the verdict when the offer gives no figures to judge by). ``released`` gives
    each recommendation the leavers of its period giving reasons it addresses. Programme ids
    the catalogue does not know are ignored here; :func:`~fosterkit.offer.offer_problems` lists them.
    """
    latest = _latest(offer)
    # A programme listed twice (offer_problems reports it) is counted once, as first listed.
    first: dict[str, Programme] = {}
    for programme in offer.programmes:
        first.setdefault(programme.id, programme)
    programmes = tuple(first.values())
    gaps = [
        _gap(
            rec,
            [p for p in programmes if rec.id in p.recommendations],
            latest,
            offer,
            released,
            (low_reach, low_completion),
        )
        for rec in catalogue.recommendations
    ]
    order = {rec.id: index for index, rec in enumerate(catalogue.recommendations)}
    gaps.sort(key=lambda g: (_VERDICT_ORDER[g.verdict], _grade_order(g.grade), order[g.recommendation_id]))
    principles = tuple(
        PrincipleCoverage(
            principle_id=p.id,
            title=p.title,
            programmes=tuple(prog.name for prog in programmes if p.id in prog.principles),
        )
        for p in catalogue.principles
    )
    return GapAnalysis(
        recommendations=tuple(gaps),
        principles=principles,
        period_label=None if released is None else released.period.name,
    )
