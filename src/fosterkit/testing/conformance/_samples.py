"""The records the kit writes: varied samples of each record kind, made one at a time, and strategies."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from hypothesis import strategies as st

from fosterkit.interviews import (
    Answer,
    DataCollectionRecord,
    ExitProcess,
    InterviewStage,
    PostApprovalInterview,
    ProcessReview,
    Rating,
    Suggestion,
    SupportArea,
)
from fosterkit.records import (
    AgeBand,
    ApprovalKind,
    Carer,
    ConsideringLeaving,
    ConversationOutcome,
    Departure,
    DestinationKind,
    Equality,
    HeldBy,
    Household,
    HouseholdStatus,
    Initiator,
    LeavingRoute,
    PlacementType,
    Service,
    ServiceKind,
    StatusChange,
)

__all__ = ["FORMULA_TEXTS", "SPECIAL_MARK", "record_strategies", "sample_records", "special_households"]

#: Text that spreadsheets would run as a formula, or that looks like a neutralised cell.
FORMULA_TEXTS = (
    '=HYPERLINK("http://example.invalid","click")',
    "+44 20 7946 0000",
    "-1 for the paperwork",
    "@everyone please read",
    "\tindented with a tab",
    "\rcarriage return first",
    " =SUM(A1:A3) after a space",
    "   @three spaces, then at",
    "\uff1dfull-width equals",
    "'already quoted",
    "''twice quoted",
)

#: Text the kit puts in special-category (equality) fields, and looks for in what an exporter wrote.
SPECIAL_MARK = "Quaker of the conformance kit"

_DAY = datetime.date(2024, 1, 1)


def _texts(n: int) -> tuple[str, str]:
    return FORMULA_TEXTS[n % len(FORMULA_TEXTS)], f"Ça va, {n} — 子供たち"


def _data_collection_record(n: int) -> DataCollectionRecord:
    areas = list(SupportArea)
    answers = [None, *Answer]
    texts = _texts(n)
    return DataCollectionRecord(
        id=f"DCR-{n:06d}",
        departure_id=f"DEP-{n:06d}",
        stage=InterviewStage.EXIT_STAGE_1 if n % 3 else InterviewStage.EXIT_STAGE_2,
        interviewed_on=_DAY + datetime.timedelta(days=n % 900),
        primary_reason="finance.fees_allowances",
        secondary_reasons=("support.training", "wellbeing.burnout")[: n % 3],
        ratings=tuple(Rating(area=a, score=1 + (n + i) % 5) for i, a in enumerate(areas[: n % 9])),
        preventable=answers[n % 4],
        would_have_kept=texts[n % 2],
        foster_again=answers[(n + 1) % 4],
        recommend_fostering=answers[(n + 2) % 4],
        went_well="" if n % 5 == 0 else texts[(n + 1) % 2],
        suggestions=tuple(Suggestion(id=f"S{i}", text=texts[i % 2]) for i in range(n % 3)),
        consent_to_anonymised_use=n % 2 == 0,
    )


def _household(n: int, equality: Equality | None = None) -> Household:
    approved = _DAY - datetime.timedelta(days=30 * (n % 120))
    history = [StatusChange(status=HouseholdStatus.APPROVED, since=approved)]
    if n % 3:
        later = approved + datetime.timedelta(days=200 + n % 50)
        history.append(StatusChange(status=HouseholdStatus.LEAVING, since=later, note=_texts(n)[(n + 1) % 2]))
    places = list(PlacementType)
    carers = (Carer(id=f"C-{n}-1", equality=equality), Carer(id=f"C-{n}-2"))
    return Household(
        id=f"HH-{n:06d}",
        service=Service(name=_texts(n)[n % 2], kind=list(ServiceKind)[n % len(ServiceKind)]),
        carers=carers[: 1 + n % 2] if equality is None else carers,
        approved_on=approved,
        approval_kind=list(ApprovalKind)[n % len(ApprovalKind)],
        approved_for=tuple(places[n % len(places) : n % len(places) + 1 + n % 3]),
        caring_now=n % 2 == 0,
        history=tuple(history),
    )


_ROUTES = list(LeavingRoute)


def _departure(n: int) -> Departure:
    route = _ROUTES[n % len(_ROUTES)]
    notice = _DAY + datetime.timedelta(days=n % 700)
    return Departure(
        id=f"DEP-{n:06d}",
        household_id=f"HH-{n:06d}",
        notice_on=notice,
        leaving_on=None if n % 4 == 0 else notice + datetime.timedelta(days=28 + n % 60),
        initiated_by=Initiator.SERVICE if route.ended_by_service else Initiator.CARER,
        route=route,
        destination=list(DestinationKind)[n % len(DestinationKind)]
        if route is LeavingRoute.TRANSFER
        else None,
        stated_reasons=(("finance.fees_allowances", _texts(n)[0], "wellbeing.burnout")[: n % 4]),
    )


def _exit_process(n: int) -> ExitProcess:
    departure = _departure(n)
    process = ExitProcess.start(
        f"EP-{n:06d}",
        departure,
        supervising_social_worker=f"SSW-{n % 7}",
        line_management=("TM-1", "SM-1")[: n % 3],
    )
    if n % 3:
        process = process.offer(departure.notice_on + datetime.timedelta(days=3))
    if n % 3 == 2:
        process = process.decline(departure.notice_on + datetime.timedelta(days=9), note=_texts(n)[n % 2])
    return process


_OUTCOMES = list(ConversationOutcome)


def _considering_leaving(n: int) -> ConsideringLeaving:
    held = _DAY + datetime.timedelta(days=n % 500)
    outcome = _OUTCOMES[n % len(_OUTCOMES)]
    undecided = outcome is ConversationOutcome.UNDECIDED
    return ConsideringLeaving(
        id=f"CL-{n:06d}",
        household_id=f"HH-{n:06d}",
        held_on=held,
        held_by=f"TM-{n % 5}",
        held_by_role=list(HeldBy)[n % len(HeldBy)],
        concerns=("support.training", "wellbeing.burnout", "finance.fees_allowances")[: n % 4],
        support_offered="" if n % 4 == 0 else _texts(n)[n % 2],
        outcome=outcome,
        follow_up_on=held + datetime.timedelta(days=14) if undecided or n % 5 == 0 else None,
        departure_id=f"DEP-{n:06d}" if outcome is ConversationOutcome.LEFT and n % 2 else None,
    )


_AREAS = list(SupportArea)


def _post_approval_interview(n: int) -> PostApprovalInterview:
    texts = _texts(n)
    return PostApprovalInterview(
        id=f"PAI-{n:06d}",
        household_id=f"HH-{n:06d}",
        interviewed_on=_DAY + datetime.timedelta(days=n % 600),
        interviewer=f"IND-{n % 3}",
        recruitment_went_well=texts[n % 2],
        recruitment_could_improve="" if n % 3 == 0 else texts[(n + 1) % 2],
        ratings=tuple(Rating(area=a, score=1 + (n + i) % 5) for i, a in enumerate(_AREAS[: n % 9])),
        concerns=("support.training",)[: n % 2],
        suggestions=tuple(Suggestion(id=f"S{i}", text=texts[i % 2]) for i in range(n % 3)),
        consent_to_anonymised_use=n % 2 == 1,
    )


def _process_review(n: int) -> ProcessReview:
    held = _DAY + datetime.timedelta(days=365 * (n % 9))
    told = held + datetime.timedelta(days=10 + n % 20)
    return ProcessReview(
        id=f"PR-{n:06d}",
        held_on=held,
        findings="" if n % 4 == 0 else _texts(n)[n % 2],
        changes=(_texts(n)[0], _texts(n)[1])[: n % 3],
        communicated_to_carers_on=told if n % 2 else None,
        communicated_to_staff_on=told if n % 3 else None,
        next_due_on=held + datetime.timedelta(days=300) if n % 4 == 1 else None,
    )


_SAMPLES: dict[str, Callable[[int], Any]] = {
    "household": _household,
    "departure": _departure,
    "data_collection_record": _data_collection_record,
    "exit_process": _exit_process,
    "considering_leaving": _considering_leaving,
    "post_approval_interview": _post_approval_interview,
    "process_review": _process_review,
}


def sample_records(count: int = 12, *, start: int = 0, kind: str = "data_collection_record") -> Iterator[Any]:
    """``count`` varied records of ``kind``, made one at a time (so millions cost no memory).

    Every built-in kind has samples: ``household``, ``departure``, ``data_collection_record``
    (the default, for callers from before kinds were named), ``exit_process``,
    ``considering_leaving``, ``post_approval_interview`` and ``process_review``. They hold
    formula-looking (:data:`FORMULA_TEXTS`) and non-ASCII text where the kind has text, empty
    and absent values, and lists of each length. Ids are distinct: ``start`` numbers the first.
    A kind of your own has no samples: give the checks ``records=`` and ``streaming_records=``.
    """
    make = _SAMPLES.get(kind)
    if make is None:
        raise ValueError(
            f"the conformance kit has no sample records of kind {kind!r} (it has {', '.join(_SAMPLES)}); "
            "pass records= and streaming_records= to the check"
        )
    for n in range(start, start + count):
        yield make(n)


def special_households() -> list[Household]:
    """Three households: the first without equality (special-category) data, then two with it.

    Every text of the equality data holds :data:`SPECIAL_MARK` (some of it formula-looking), so a
    search for the mark finds any of it that was written.
    """
    every = Equality(
        age_band=AgeBand.FROM_45_TO_54,
        sex=f"{SPECIAL_MARK}: sex",
        ethnicity=f"={SPECIAL_MARK}",
        disability=True,
        sexual_orientation=f"{SPECIAL_MARK}: orientation",
        religion=SPECIAL_MARK,
        language=f"{SPECIAL_MARK}: language",
    )
    return [_household(1), _household(2, every), _household(3, Equality(sex=f"-{SPECIAL_MARK}"))]


def record_strategies() -> Mapping[str, st.SearchStrategy[Any]]:
    """A hypothesis strategy for each built-in record kind, by kind name."""
    from fosterkit.testing import strategies as fks

    return {
        "household": fks.households(),
        "departure": fks.departures(),
        "data_collection_record": fks.data_collection_records(),
        "exit_process": fks.exit_processes(),
        "considering_leaving": fks.considering_leaving_conversations(),
        "post_approval_interview": fks.post_approval_interviews(),
        "process_review": fks.process_reviews(),
    }
