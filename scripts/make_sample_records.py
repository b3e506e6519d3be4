"""Write docs/examples/records.jsonl: made-up, deterministic exit records for the examples.

Usage: python scripts/make_sample_records.py [OUT.jsonl]

Sixty households of an imaginary service ("Anytown Fostering") give notice between April 2025
and September 2026; most have an exit interview record. Nobody in it is real. The file feeds the
README's and the docs' examples, and the rendered pages of the audit workbook.
"""

from __future__ import annotations

import datetime
import random
import sys
from pathlib import Path

import fosterkit
from fosterkit import (
    Carer,
    DataCollectionRecord,
    Departure,
    Household,
    HouseholdStatus,
    Initiator,
    InterviewStage,
    LeavingRoute,
)
from fosterkit.interviews import Answer
from fosterkit.records import ApprovalKind, PlacementType, Service, ServiceKind, StatusChange

OUT = Path(__file__).resolve().parents[1] / "docs" / "examples" / "records.jsonl"

#: Reasons weighted roughly as carers report them: support and feeling valued come first.
REASONS = [
    ("support.supervising_social_worker", 6),
    ("support.short_breaks", 4),
    ("support.training", 2),
    ("support.peer_support", 3),
    ("valued.listened_to", 4),
    ("valued.equal_partner", 2),
    ("finance.fees_allowances", 3),
    ("allegations.no_independent_support", 2),
    ("wellbeing.burnout", 4),
    ("wellbeing.child_behaviour", 2),
    ("personal.retirement", 5),
    ("personal.health", 2),
    ("positive.special_guardianship", 2),
    ("transfer.independent_agency", 3),
    ("staff.supervising_social_worker_changes", 2),
]


def _reason(rng: random.Random) -> str:
    codes, weights = zip(*REASONS, strict=True)
    return rng.choices(codes, weights)[0]


def records(seed: int = 2026) -> list[object]:
    """The sample records: households, their departures and exit interview records."""
    rng = random.Random(seed)
    service = Service(name="Anytown Fostering", kind=ServiceKind.LOCAL_AUTHORITY)
    made: list[object] = []
    start = datetime.date(2025, 4, 1)
    for number in range(1, 61):
        approved = datetime.date(rng.randint(2008, 2024), rng.randint(1, 12), rng.randint(1, 28))
        household = Household(
            id=f"HH-{number:03d}",
            service=service,
            carers=(Carer(id=f"HH-{number:03d}-C1"),),
            approved_on=approved,
            approval_kind=ApprovalKind.MAINSTREAM,
            approved_for=(rng.choice(list(PlacementType)),),
            caring_now=rng.random() < 0.6,
            history=(StatusChange(status=HouseholdStatus.APPROVED, since=approved),),
        )
        notice = start + datetime.timedelta(days=rng.randint(0, 547))
        primary = _reason(rng)
        secondary = tuple(dict.fromkeys(r for r in (_reason(rng), _reason(rng)) if r != primary))[
            : rng.randint(0, 2)
        ]
        retiring = primary.startswith(("personal", "positive"))
        # Most leave four to twelve weeks after notice; the latest notices have not left yet.
        # Worked out from the number, not the random stream, so every other value stays as it was.
        leaving = notice + datetime.timedelta(weeks=4 * (number % 3 + 1))
        departure = Departure(
            id=f"DEP-{number:03d}",
            household_id=household.id,
            notice_on=notice,
            leaving_on=leaving if leaving <= datetime.date(2026, 9, 30) else None,
            initiated_by=Initiator.CARER,
            route=LeavingRoute.RETIREMENT if primary == "personal.retirement" else LeavingRoute.RESIGNATION,
            stated_reasons=(primary,),
        )
        made += [household, departure]
        if rng.random() < 0.75:
            made.append(
                DataCollectionRecord(
                    id=f"DCR-{number:03d}",
                    departure_id=departure.id,
                    stage=InterviewStage.EXIT_STAGE_1,
                    interviewed_on=notice + datetime.timedelta(days=rng.randint(7, 40)),
                    primary_reason=primary,
                    secondary_reasons=secondary,
                    preventable=Answer.NO if retiring else rng.choice([Answer.YES, Answer.YES, Answer.NO]),
                    consent_to_anonymised_use=True,
                )
            )
    return made


def main(argv: list[str]) -> int:
    """Write the sample file."""
    target = Path(argv[0]) if argv else OUT
    count = fosterkit.write_jsonl(records(), target)
    print(f"{count} records written to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
