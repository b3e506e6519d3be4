"""Deterministic synthetic records for the benchmarks: the same seed gives the same records.

Two streams, both made one record at a time so that a million of them need no more memory than
ten:

- :func:`interview_records` -- data collection records with the field mix an export meets:
  ids, dates, enums, lists of reason codes, ratings and suggestions, whole numbers, booleans,
  and free text with non-ASCII characters and text a spreadsheet would run as a formula.
- :func:`service_records` -- a service's households, departures and interview records for the
  analysis cases, spread over three reporting years.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator

from fosterkit import (
    Carer,
    DataCollectionRecord,
    Departure,
    Household,
    HouseholdStatus,
    Initiator,
    InterviewStage,
    LeavingRoute,
    load_taxonomy,
)
from fosterkit.interviews import Answer, Rating, Suggestion, SupportArea
from fosterkit.records import (
    AgeBand,
    ApprovalKind,
    DestinationKind,
    Equality,
    PlacementType,
    Service,
    ServiceKind,
    StatusChange,
)

__all__ = ["SEED", "interview_records", "service_records"]

#: The seed every benchmark uses unless told otherwise.
SEED = 20261129

_TEXTS = (
    "The training was good; the out-of-hours line was not.",
    "Ça n'a pas marché — trop de réunions, pas assez de soutien",
    "子供たちのことは忘れません",
    '=HYPERLINK("http://example.invalid")',
    "+44 20 7946 0000",
    "-1 for the paperwork",
    "@everyone please read",
    "Zoë and Siân were brilliant; the panel less so.",
    "",
)
_ANSWERS = (None, Answer.YES, Answer.NO, Answer.NOT_SURE)


def _codes() -> list[str]:
    taxonomy = load_taxonomy()
    return [
        reason.code for reason in taxonomy.walk() if reason.is_live and not taxonomy.children(reason.code)
    ]


def interview_records(count: int, *, seed: int = SEED) -> Iterator[DataCollectionRecord]:
    """``count`` data collection records, made one at a time from ``seed``."""
    rng = random.Random(seed)
    codes = _codes()
    areas = list(SupportArea)
    start = datetime.date(2023, 4, 1)
    for n in range(count):
        reasons = rng.sample(codes, rng.randint(1, 4))
        yield DataCollectionRecord(
            id=f"DCR-{n:07d}",
            departure_id=f"DEP-{n:07d}",
            stage=InterviewStage.EXIT_STAGE_1 if rng.random() < 0.7 else InterviewStage.EXIT_STAGE_2,
            interviewed_on=start + datetime.timedelta(days=rng.randrange(1000)),
            primary_reason=reasons[0],
            secondary_reasons=tuple(reasons[1:]),
            ratings=tuple(
                Rating(area=a, score=rng.randint(1, 5)) for a in rng.sample(areas, rng.randint(0, 4))
            ),
            preventable=rng.choice(_ANSWERS),
            would_have_kept=rng.choice(_TEXTS),
            foster_again=rng.choice(_ANSWERS),
            recommend_fostering=rng.choice(_ANSWERS),
            went_well=rng.choice(_TEXTS),
            suggestions=tuple(
                Suggestion(id=f"S{i}", text=rng.choice(_TEXTS) or "More respite")
                for i in range(rng.randint(0, 2))
            ),
            consent_to_anonymised_use=rng.random() < 0.8,
        )


_ROUTES = (
    (LeavingRoute.RESIGNATION, 60),
    (LeavingRoute.RETIREMENT, 20),
    (LeavingRoute.TRANSFER, 10),
    (LeavingRoute.TERMINATION_AFTER_ALLEGATION, 3),
    (LeavingRoute.TERMINATION_AFTER_STANDARDS_CONCERN, 3),
    (LeavingRoute.TERMINATION_OTHER, 4),
)


def service_records(departures: int, *, seed: int = SEED) -> Iterator[object]:
    """For each of ``departures`` leavers: its household, its departure and most often an interview.

    Notice dates spread over April 2023 to March 2026, so half-years and trends have data.
    """
    rng = random.Random(seed)
    codes = _codes()
    routes = [route for route, _ in _ROUTES]
    weights = [weight for _, weight in _ROUTES]
    kinds = list(ServiceKind)
    placements = list(PlacementType)
    bands = [None, *AgeBand]
    first = datetime.date(2023, 4, 1)
    for n in range(departures):
        approved = datetime.date(2005, 1, 1) + datetime.timedelta(days=rng.randrange(7000))
        notice = max(first + datetime.timedelta(days=rng.randrange(1096)), approved)
        leaving = notice + datetime.timedelta(days=rng.randrange(90))
        household_id = f"HH-{n:07d}"
        yield Household(
            id=household_id,
            service=Service(name="Benchmark Fostering", kind=rng.choice(kinds)),
            carers=tuple(
                Carer(id=f"C-{n:07d}-{i}", equality=Equality(age_band=rng.choice(bands)))
                for i in range(rng.randint(1, 2))
            ),
            approved_on=approved,
            approval_kind=ApprovalKind.MAINSTREAM,
            approved_for=tuple(rng.sample(placements, rng.randint(1, 2))),
            caring_now=rng.random() < 0.5,
            history=(
                StatusChange(status=HouseholdStatus.APPROVED, since=approved),
                StatusChange(status=HouseholdStatus.DEREGISTERED, since=leaving),
            ),
        )
        route = rng.choices(routes, weights)[0]
        reasons = tuple(rng.sample(codes, rng.randint(0, 3)))
        departure_id = f"DEP-{n:07d}"
        yield Departure(
            id=departure_id,
            household_id=household_id,
            notice_on=notice,
            leaving_on=leaving,
            initiated_by=Initiator.SERVICE if route.ended_by_service else Initiator.CARER,
            route=route,
            destination=rng.choice(list(DestinationKind)) if route is LeavingRoute.TRANSFER else None,
            stated_reasons=reasons,
        )
        if reasons and rng.random() < 0.7:
            yield DataCollectionRecord(
                id=f"DCR-{n:07d}",
                departure_id=departure_id,
                stage=InterviewStage.EXIT_STAGE_1,
                interviewed_on=leaving,
                primary_reason=reasons[0],
                secondary_reasons=reasons[1:],
                preventable=rng.choice(_ANSWERS),
                consent_to_anonymised_use=True,
            )
