"""The support-offer map: the programmes a service offers its carers against the recommendations.

Everything here is pure. A :class:`SupportOffer` lists a service's programmes (what each
serves, how it is delivered, for whom) and their figures per period; :func:`offer_problems`
checks it against a catalogue; :func:`gap_analysis` shows, for each recommendation, what
serves it, how far it reaches and whether carers finish it, beside how many leavers gave
reasons it addresses; :func:`offer_from_dict` reads the offer's TOML form.
"""

from __future__ import annotations

from fosterkit.offer.gaps import GapAnalysis, PrincipleCoverage, RecommendationGap, Verdict, gap_analysis
from fosterkit.offer.model import (
    Delivery,
    MakeUp,
    Outcome,
    OutcomeArea,
    Programme,
    ProgrammeFigures,
    ProgrammeKind,
    SupportOffer,
    offer_problems,
)
from fosterkit.offer.toml_form import OfferFormError, offer_from_dict

__all__ = [
    "Delivery",
    "GapAnalysis",
    "MakeUp",
    "OfferFormError",
    "Outcome",
    "OutcomeArea",
    "PrincipleCoverage",
    "Programme",
    "ProgrammeFigures",
    "ProgrammeKind",
    "RecommendationGap",
    "SupportOffer",
    "Verdict",
    "gap_analysis",
    "offer_from_dict",
    "offer_problems",
]
