"""Sharing, attacked: consent withheld everywhere, only codes leave, and the summary counts exactly."""

from __future__ import annotations

import datetime
import io
from typing import Any

import attrs
import pytest
from attrs import frozen
from hypothesis import given, settings
from hypothesis import strategies as st

from fosterkit import (
    DataCollectionRecord,
    Departure,
    ExitProcess,
    Initiator,
    InterviewStage,
    LeavingRoute,
    load_taxonomy,
)
from fosterkit.adapters.jsonl import write_jsonl
from fosterkit.analysis.sharing import (
    WITHHELD,
    Removal,
    SharingPolicy,
    SharingSummary,
    pseudonymise,
    pseudonymise_all,
)
from fosterkit.interviews import Suggestion
from fosterkit.interviews.process import Booking, ChecklistSent, Finding, Interview, Response, ResponseKind
from fosterkit.interviews.record import Answer, Rating, SupportArea
from fosterkit.interviews.stages import Appointment, Location
from fosterkit.reasons import AliasSet, TaxonomyExtension, Triage, extend_taxonomy
from fosterkit.records import Carer, Equality
from fosterkit.testing.strategies import data_collection_records, departures, exit_processes

KEY = bytes.fromhex("db52918c84eff03429c48c01584d77c050c18a52dfd7806944f108c9666d9214")
TAXONOMY = load_taxonomy()
POLICY = SharingPolicy(key=KEY, taxonomy=TAXONOMY)
#: Every free-text field kept by name: consent must still win.
KEEP_ALL = SharingPolicy(
    key=KEY, taxonomy=TAXONOMY, keep={"went_well", "would_have_kept", "text", "reason", "note", "name"}
)
D = datetime.date
KINDS = {"Household", "Departure", "DataCollectionRecord", "ExitProcess"}
#: Codes only the records without consent use, so finding one in the output is a leak.
SECRET_CODES = tuple(c for c in TAXONOMY.codes if c.startswith(("allegations.", "concerns.")))
#: What attackers type into code and text fields.
ATTACKS = (
    "Mrs Jane Smith",
    "14 Acacia Avenue, Leeds LS6 2AA",
    "HIV positive, on medication",
    "alleged that the carer hit the child",
    "jones",  # lower case, shaped like a code
    "smith.family",  # dotted, shaped like a code
)


def shared_text(records: list[Any], policy: SharingPolicy = POLICY) -> tuple[str, SharingSummary]:
    """Everything the shared copies hold: their JSON Lines (for record kinds) and their repr."""
    summary = SharingSummary()
    shared = list(pseudonymise_all(records, policy, summary))
    stream = io.StringIO()
    write_jsonl([r for r in shared if type(r).__name__ in KINDS], stream)
    return stream.getvalue() + repr(shared), summary


def record(**changes: Any) -> DataCollectionRecord:
    values: dict[str, Any] = {
        "id": "R1",
        "departure_id": "D1",
        "stage": InterviewStage.EXIT_STAGE_2,
        "interviewed_on": D(2026, 6, 2),
        "primary_reason": "finance.fees_allowances",
        "consent_to_anonymised_use": True,
        **changes,
    }
    return DataCollectionRecord(**values)


def departure(**changes: Any) -> Departure:
    values: dict[str, Any] = {
        "id": "D1",
        "household_id": "HH-1",
        "notice_on": D(2026, 5, 17),
        "initiated_by": Initiator.CARER,
        "route": LeavingRoute.RESIGNATION,
        **changes,
    }
    return Departure(**values)


def held(said: DataCollectionRecord, **interview: Any) -> ExitProcess:
    """A process in which ``said`` was recorded at an interview held in June 2026."""
    appointment = Appointment(
        id="A1",
        stage=said.stage,
        on=said.interviewed_on,
        location=Location.CARERS_HOME,
        location_agreed=True,
        interviewer="IND1",
    )
    booking = Booking(
        appointment=appointment, booked_on=D(2026, 5, 20), interview=Interview(record=said, **interview)
    )
    return ExitProcess(id="P1", departure=departure(), supervising_social_worker="SSW1", bookings=(booking,))


# -- consent ---------------------------------------------------------------------------------------


@st.composite
def refused(draw: st.DrawFn, number: int) -> DataCollectionRecord:
    """A record whose carer did not consent, its content marked so a leak can be found."""
    said = draw(data_collection_records(reasons=st.sampled_from(SECRET_CODES)))
    marker = f"NOCONSENT{number}"
    return attrs.evolve(
        said,
        id=f"R-NC-{number}",
        would_have_kept=f"{marker} kept",
        went_well=f"{marker} went well",
        suggestions=tuple(attrs.evolve(s, text=f"{marker} suggests") for s in said.suggestions),
        consent_to_anonymised_use=False,
    )


@settings(max_examples=60)
@given(st.data())
def test_without_consent_no_interview_content_leaves(data: st.DataObject) -> None:
    refusing = [data.draw(refused(i)) for i in range(data.draw(st.integers(1, 4)))]
    agreeing = data.draw(st.lists(data_collection_records(), max_size=4))
    agreeing = [
        attrs.evolve(r, id=f"R-OK-{i}", consent_to_anonymised_use=True) for i, r in enumerate(agreeing)
    ]
    records = data.draw(st.permutations([*refusing, *agreeing]))
    text, summary = shared_text(records, KEEP_ALL)
    assert "NOCONSENT" not in text
    for code in SECRET_CODES:
        assert code not in text
    assert summary.removed[Removal.NO_CONSENT, "DataCollectionRecord"] == len(refusing)
    shared = {r.id: r for r in pseudonymise_all(records, KEEP_ALL)}
    for original in refusing:
        shell = shared[KEEP_ALL.pseudonym("data_collection_record", original.id)]
        # only the service's facts: the interview happened, at this stage, in this month
        assert shell == DataCollectionRecord(
            id=shell.id,
            departure_id=KEEP_ALL.pseudonym("departure", original.departure_id),
            stage=original.stage,
            interviewed_on=original.interviewed_on.replace(day=1),
            primary_reason=WITHHELD,
            consent_to_anonymised_use=False,
        )


def held_interviews(process: ExitProcess) -> list[Interview]:
    return [b.interview for b in process.bookings if b.interview is not None]


@settings(max_examples=80)
@given(exit_processes())
def test_an_interview_inside_a_process_is_withheld_the_same_way(process: ExitProcess) -> None:
    summary = SharingSummary()
    shared = pseudonymise(process, KEEP_ALL, summary)
    before, after = held_interviews(process), held_interviews(shared)
    assert len(before) == len(after)  # the service's facts stay: each interview was held
    refusing = 0
    for was, now in zip(before, after, strict=True):
        assert now.record.stage is was.record.stage
        if was.record.consent_to_anonymised_use:
            assert now.record.primary_reason == was.record.primary_reason
            continue
        refusing += 1
        assert (now.record.primary_reason, now.record.secondary_reasons) == (WITHHELD, ())
        assert (now.record.ratings, now.record.suggestions) == ((), ())
        assert now.record.went_well == now.record.would_have_kept == ""
        assert now.record.preventable is now.record.foster_again is now.record.recommend_fostering is None
        assert (now.findings, now.responses) == ((), ())  # what the service made of it goes too
    assert summary.removed[Removal.NO_CONSENT, "DataCollectionRecord"] == refusing
    # the departure, its route and dates are service facts and still go
    assert shared.departure.route is process.departure.route
    assert shared.departure.notice_on == process.departure.notice_on.replace(day=1)


def test_findings_and_responses_of_an_interview_without_consent_are_counted() -> None:
    said = record(
        secondary_reasons=("allegations.allegation",),
        suggestions=(Suggestion(id="S1", text="Tell Mr Brown"),),
        consent_to_anonymised_use=False,
    )
    process = held(
        said,
        findings=(Finding(reason="allegations.allegation", triage=Triage.URGENT, triaged_on=D(2026, 6, 3)),),
        responses=(Response(suggestion_id="S1", kind=ResponseKind.UNDER_REVIEW, on=D(2026, 6, 9)),),
    )
    summary = SharingSummary()
    shared = pseudonymise(process, POLICY, summary)
    interview = held_interviews(shared)[0]
    assert (interview.findings, interview.record.secondary_reasons) == ((), ())
    assert (interview.findings, interview.responses) == ((), ())
    assert summary.removed == {
        (Removal.NO_CONSENT, "DataCollectionRecord"): 1,
        (Removal.NO_CONSENT, "Interview.findings"): 1,
        (Removal.NO_CONSENT, "Interview.responses"): 1,
    }


@frozen(kw_only=True)
class Conversation:
    """A service's own interview kind, where consent may be unrecorded."""

    id: str
    said: str
    mood: int
    consent_to_anonymised_use: bool | None = None


@pytest.mark.parametrize("consent", [None, False])
def test_unrecorded_consent_counts_as_not_given(consent: bool | None) -> None:
    summary = SharingSummary()
    talk = Conversation(id="C1", said="Mrs Smith", mood=2, consent_to_anonymised_use=consent)
    shared = pseudonymise(talk, SharingPolicy(key=KEY, taxonomy=TAXONOMY, keep={"said"}), summary)
    assert attrs.asdict(shared) == {
        "id": SharingPolicy(key=KEY, taxonomy=TAXONOMY).pseudonym("conversation", "C1"),
        "said": WITHHELD,
        "mood": None,
        "consent_to_anonymised_use": consent,
    }
    assert summary.lines() == [
        "Removed (interview content withheld, no consent to anonymised use): Conversation 1"
    ]


# -- only codes leave ------------------------------------------------------------------------------


def test_text_typed_into_code_fields_never_leaves_and_is_counted_exactly() -> None:
    said = record(
        primary_reason=ATTACKS[0],
        secondary_reasons=(*ATTACKS[1:], "support.training"),
        ratings=(Rating(area=SupportArea.TRAINING, score=2),),
        preventable=Answer.YES,
    )
    left = departure(stated_reasons=(ATTACKS[3], "personal.health", ATTACKS[4]))
    text, summary = shared_text([said, left])
    for attack in ATTACKS:
        assert attack not in text
        assert attack.split()[-1] not in text
    shared = pseudonymise(said, POLICY)
    assert (shared.primary_reason, shared.secondary_reasons) == (WITHHELD, ("support.training",))
    assert (shared.ratings, shared.preventable) == (said.ratings, Answer.YES)  # codes by construction
    assert pseudonymise(left, POLICY).stated_reasons == ("personal.health",)
    assert dict(summary.removed) == {
        (Removal.NOT_A_CODE, "DataCollectionRecord.primary_reason"): 1,
        (Removal.NOT_A_CODE, "DataCollectionRecord.secondary_reasons"): 5,
        (Removal.NOT_A_CODE, "Departure.stated_reasons"): 2,
    }
    assert summary.lines() == [
        "Removed (not a reason code): DataCollectionRecord.primary_reason 1, "
        "DataCollectionRecord.secondary_reasons 5, Departure.stated_reasons 2"
    ]


def test_a_finding_with_text_for_a_reason_is_withheld() -> None:
    finding_text = "Mrs Smith says the carer shouted"
    said = record(secondary_reasons=(finding_text,))
    process = held(
        said, findings=(Finding(reason=finding_text, triage=Triage.THEMATIC, triaged_on=D(2026, 6, 3)),)
    )
    process = attrs.evolve(
        process,
        checklist_sent=ChecklistSent(checklist="mrs-smith", version="given to Mr Jones", on=D(2026, 5, 18)),
    )
    text, summary = shared_text([process])
    for secret in (finding_text, "Smith", "smith", "Jones"):
        assert secret not in text
    assert dict(summary.removed) == {
        (Removal.NOT_A_CODE, "DataCollectionRecord.secondary_reasons"): 1,
        (Removal.NOT_A_CODE, "Finding.reason"): 1,
        (Removal.OTHER_TEXT, "ChecklistSent.version"): 1,
    }
    finding = held_interviews(pseudonymise(process, POLICY))[0].findings[0]
    assert finding.reason == WITHHELD


@frozen(kw_only=True)
class Visit:
    """A service's own record kind with text fields nobody marked."""

    id: str
    on: datetime.date
    visitor: str
    summary: str = ""
    tags: tuple[str, ...] = ()
    extra: dict[str, str] = attrs.field(factory=dict)
    mood: int = 3
    stage: InterviewStage = InterviewStage.EXIT_STAGE_1


def test_every_other_text_field_is_found_and_removed_unless_kept() -> None:
    visit = Visit(
        id="V1",
        on=D(2026, 2, 9),
        visitor="Mrs Jane Smith",
        summary="HIV positive",
        tags=("allegation", "police"),
        extra={"address": "14 Acacia Avenue"},
    )
    text, summary = shared_text([visit])
    for secret in ("Smith", "HIV", "allegation", "police", "Acacia"):
        assert secret not in text
    shared = pseudonymise(visit, POLICY)
    assert (shared.visitor, shared.summary, shared.tags, shared.extra) == (WITHHELD, "", (), {})
    assert (shared.mood, shared.stage) == (3, InterviewStage.EXIT_STAGE_1)
    assert dict(summary.removed) == {
        (Removal.OTHER_TEXT, "Visit.visitor"): 1,
        (Removal.OTHER_TEXT, "Visit.summary"): 1,
        (Removal.OTHER_TEXT, "Visit.tags"): 2,
        (Removal.OTHER_TEXT, "Visit.extra"): 1,
    }
    kept = pseudonymise(visit, SharingPolicy(key=KEY, taxonomy=TAXONOMY, keep={"summary"}))
    assert (kept.summary, kept.visitor) == ("HIV positive", WITHHELD)


@given(st.text(min_size=1).filter(lambda t: t.strip() and t not in TAXONOMY))
def test_anything_the_taxonomy_does_not_know_is_dropped_from_codes(typed: str) -> None:
    summary = SharingSummary()
    shared = pseudonymise(departure(stated_reasons=(typed, "personal.health")), POLICY, summary)
    assert shared.stated_reasons == ("personal.health",)
    assert summary.removed == {(Removal.NOT_A_CODE, "Departure.stated_reasons"): 1}


def test_an_alias_leaves_as_its_code() -> None:
    extension = TaxonomyExtension(
        name="Shire", aliases=(AliasSet(code="finance.fees_allowances", names=("Money",)),)
    )
    policy = SharingPolicy(key=KEY, taxonomy=extend_taxonomy(TAXONOMY, extension))
    summary = SharingSummary()
    shared = pseudonymise(record(primary_reason="money", secondary_reasons=("Money ",)), policy, summary)
    assert (shared.primary_reason, shared.secondary_reasons) == ("finance.fees_allowances", ())
    assert not summary.removed


def test_free_text_and_equality_data_are_counted_by_field_never_shown() -> None:
    said = record(went_well="Jo was kind", suggestions=(Suggestion(id="S1", text="Call Mr Brown"),))
    carer = Carer(id="C1", equality=Equality(religion="Quaker"))
    text, summary = shared_text([said, carer])
    assert dict(summary.removed) == {
        (Removal.FREE_TEXT, "DataCollectionRecord.went_well"): 1,
        (Removal.FREE_TEXT, "Suggestion.text"): 1,
        (Removal.SPECIAL_CATEGORY, "Carer.equality"): 1,
    }
    lines = "\n".join(summary.lines())
    for secret in ("Jo was kind", "Brown", "Quaker"):
        assert secret not in text
        assert secret not in lines
    assert summary.records == 2


@given(departures())
def test_the_summary_counts_each_record_once(left: Departure) -> None:
    summary = SharingSummary()
    list(pseudonymise_all([left, left], POLICY, summary))
    assert summary.records == 2
    assert summary.total() == 0  # a departure of built-in codes loses nothing
