"""Pseudonymised sharing: keyed, consistent pseudonyms; coarse dates; no free text or equality data."""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
from typing import Any

import attrs
import pytest
from attrs import frozen
from hypothesis import given
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
    load_taxonomy,
)
from fosterkit.analysis.sharing import (
    WITHHELD,
    SharingError,
    SharingPolicy,
    pseudonymise,
    pseudonymise_all,
    shorten_postcode,
)
from fosterkit.errors import FieldError
from fosterkit.interviews import StageTwoWindow, Suggestion
from fosterkit.interviews.process import Cancellation, OptOut
from fosterkit.interviews.record import is_free_text
from fosterkit.records import (
    ApprovalKind,
    Equality,
    PlacementType,
    Service,
    ServiceKind,
    StatusChange,
    is_special_category,
)
from fosterkit.serial.kinds import record_from_dict, record_to_dict
from fosterkit.testing.strategies import data_collection_records, departures, exit_processes, households

#: Fixed random keys (from secrets.token_bytes(32)), so pseudonyms are the same on every run.
KEY = bytes.fromhex("db52918c84eff03429c48c01584d77c050c18a52dfd7806944f108c9666d9214")
OTHER_KEY = bytes.fromhex("2268e47c81eff1dbb7d0573cc24a67ee2784d1d27ba9f2d1c4b6ffc30d42064d")
TAXONOMY = load_taxonomy()
POLICY = SharingPolicy(key=KEY, taxonomy=TAXONOMY)
UNMARKED_NOTES = {(Cancellation, "reason"), (StageTwoWindow, "moved_because"), (OptOut, "note")}
D = datetime.date


def departure(id: str = "D1", household_id: str = "HH-1", **changes: Any) -> Departure:
    values: dict[str, Any] = {
        "id": id,
        "household_id": household_id,
        "notice_on": D(2026, 5, 17),
        "leaving_on": D(2026, 6, 14),
        "initiated_by": Initiator.CARER,
        "route": LeavingRoute.RESIGNATION,
        **changes,
    }
    return Departure(**values)


def record(**changes: Any) -> DataCollectionRecord:
    values: dict[str, Any] = {
        "id": "R1",
        "departure_id": "D1",
        "stage": InterviewStage.EXIT_STAGE_1,
        "interviewed_on": D(2026, 6, 2),
        "primary_reason": "finance.fees_allowances",
        "would_have_kept": "Mrs Smith said the fees went down",
        "went_well": "Training with Jo",
        "suggestions": (Suggestion(id="S1", text="Ring back when you say you will"),),
        "consent_to_anonymised_use": True,
        **changes,
    }
    return DataCollectionRecord(**values)


def walk(value: Any) -> list[tuple[Any, str, Any]]:
    """Every (record, field, value) below ``value``."""
    found: list[tuple[Any, str, Any]] = []
    if isinstance(value, tuple):
        for item in value:
            found += walk(item)
    elif attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            inner = getattr(value, field.name)
            found.append((value, field.name, inner))
            found += walk(inner)
    return found


def fields_of(value: Any, test: Any) -> list[Any]:
    return [v for owner, name, v in walk(value) if test(attrs.fields_dict(type(owner))[name])]


# -- pseudonyms ----------------------------------------------------------------------------------------


def test_the_pseudonym_is_the_documented_keyed_hash() -> None:
    digest = hmac.new(KEY, b"household:HH-1", hashlib.sha256).digest()
    expected = "p-" + base64.b32encode(digest[:10]).decode().lower()
    assert POLICY.pseudonym("household", "HH-1") == expected
    assert pseudonymise(departure(), POLICY).household_id == expected


def test_a_household_and_the_records_about_it_share_one_pseudonym() -> None:
    shared = pseudonymise(departure(), POLICY)
    assert shared.household_id == POLICY.pseudonym("household", "HH-1")
    assert shared.id == POLICY.pseudonym("departure", "D1")
    again = pseudonymise(record(), POLICY)
    assert again.departure_id == shared.id
    assert again.id == POLICY.pseudonym("data_collection_record", "R1")
    assert again.suggestions[0].id == POLICY.pseudonym("suggestion", "S1")
    # the same text as ids of different kinds gives different pseudonyms
    assert POLICY.pseudonym("household", "X1") != POLICY.pseudonym("departure", "X1")


@given(households(), st.data())
def test_departures_point_at_the_pseudonymised_household(household: Household, data: st.DataObject) -> None:
    left = data.draw(departures(household_id=household.id))
    assert pseudonymise(left, POLICY).household_id == pseudonymise(household, POLICY).id
    # the same key gives the same result every time
    assert pseudonymise(household, POLICY) == pseudonymise(
        household, SharingPolicy(key=KEY, taxonomy=TAXONOMY)
    )


@given(exit_processes())
def test_staff_keep_their_roles_under_pseudonyms(process: ExitProcess) -> None:
    shared = pseudonymise(process, POLICY)
    assert shared.departure == pseudonymise(process.departure, POLICY)
    assert shared.supervising_social_worker == POLICY.pseudonym("staff", process.supervising_social_worker)
    for before, after in zip(process.bookings, shared.bookings, strict=True):
        interviewer = before.appointment.interviewer
        assert after.appointment.interviewer == POLICY.pseudonym("staff", interviewer)
        assert process.role(interviewer) is shared.role(after.appointment.interviewer)


@given(st.lists(st.text(min_size=1, max_size=12), min_size=2, max_size=50, unique=True))
def test_without_the_key_pseudonyms_reveal_and_match_nothing(ids: list[str]) -> None:
    ours = {POLICY.pseudonym("household", i) for i in ids}
    theirs = {SharingPolicy(key=OTHER_KEY, taxonomy=TAXONOMY).pseudonym("household", i) for i in ids}
    assert len(ours) == len(ids)  # no collisions
    assert not ours & theirs  # another key gives unrelated pseudonyms
    for i in ids:
        assert i not in POLICY.pseudonym("household", i)[2:] or len(i) <= 2


@given(households())
def test_pseudonymised_ids_do_not_contain_the_originals(household: Household) -> None:
    shared = pseudonymise(household, POLICY)
    assert shared.id.startswith("p-")
    assert len(shared.id) == 18
    assert household.id not in shared.id or len(household.id) <= 2
    originals = {c.id for c in household.carers}
    assert not originals & {c.id for c in shared.carers}


# -- dates, free text, special category ----------------------------------------------------------------


def test_dates_go_to_the_first_of_their_month() -> None:
    shared = pseudonymise(departure(), POLICY)
    assert (shared.notice_on, shared.leaving_on) == (D(2026, 5, 1), D(2026, 6, 1))
    assert pseudonymise(departure(leaving_on=None), POLICY).leaving_on is None


def test_free_text_is_removed_unless_kept() -> None:
    shared = pseudonymise(record(), POLICY)
    assert (shared.would_have_kept, shared.went_well) == ("", "")
    assert shared.suggestions[0].text == WITHHELD  # required text: marked as withheld
    kept = pseudonymise(record(), SharingPolicy(key=KEY, taxonomy=TAXONOMY, keep={"went_well", "text"}))
    assert kept.went_well == "Training with Jo"
    assert kept.suggestions[0].text == "Ring back when you say you will"
    assert kept.would_have_kept == ""


def test_equality_data_is_removed_unless_kept() -> None:
    household = Household(
        id="HH-1",
        service=Service(name="Shire fostering", kind=ServiceKind.LOCAL_AUTHORITY),
        carers=(Carer(id="C1", equality=Equality(religion="Quaker", disability=True)),),
        approved_on=D(2019, 3, 14),
        approval_kind=ApprovalKind.MAINSTREAM,
        approved_for=(PlacementType.LONG_TERM,),
        caring_now=True,
        history=(
            StatusChange(status=HouseholdStatus.APPROVED, since=D(2019, 3, 14)),
            StatusChange(status=HouseholdStatus.ON_HOLD, since=D(2021, 8, 30), note="Mr C in hospital"),
        ),
    )
    shared = pseudonymise(household, POLICY)
    assert shared.carers[0].equality is None
    assert shared.history[1] == StatusChange(status=HouseholdStatus.ON_HOLD, since=D(2021, 8, 1))
    kept = pseudonymise(household, SharingPolicy(key=KEY, taxonomy=TAXONOMY, keep={"equality"}))
    assert kept.carers[0].equality == Equality(religion="Quaker", disability=True)


def check_shared(original: Any, shared: Any) -> None:
    assert type(shared) is type(original)
    assert record_from_dict(record_to_dict(shared)) == shared  # still a valid record
    for _owner, _name, value in walk(shared):
        if isinstance(value, datetime.date):
            assert value.day == 1
    assert all(v in ("", None, (), WITHHELD) for v in fields_of(shared, is_free_text))
    assert all(v is None for v in fields_of(shared, is_special_category))
    # nothing is left that was an id before
    before = {v for o, n, v in walk(original) if n == "id" or n.endswith("_id")}
    after = {v for o, n, v in walk(shared) if n == "id" or n.endswith("_id")}
    assert not before & after


@given(households())
def test_households_stay_valid(household: Household) -> None:
    check_shared(household, pseudonymise(household, POLICY))


@given(departures())
def test_departures_stay_valid(left: Departure) -> None:
    check_shared(left, pseudonymise(left, POLICY))


@given(data_collection_records())
def test_data_collection_records_stay_valid(said: DataCollectionRecord) -> None:
    check_shared(said, pseudonymise(said, POLICY))


@given(exit_processes())
def test_exit_processes_stay_valid(process: ExitProcess) -> None:
    shared = pseudonymise(process, POLICY)
    check_shared(process, shared)
    # notes not marked as free text are removed too: opt-outs, cancellations, moved windows
    notes = [(o, n, v) for o, n, v in walk(shared) if (type(o), n) in UNMARKED_NOTES]
    assert all(v in ("", WITHHELD) for _o, _n, v in notes)


def test_a_stage_two_window_in_the_same_month_moves_to_the_next() -> None:
    window = StageTwoWindow.default(D(2026, 3, 1))  # opens 29 March, closes 12 April
    left = departure()
    process = attrs.evolve(
        ExitProcess.start("P1", left, supervising_social_worker="SSW1"), stage_two_window=window
    )
    shared = pseudonymise(process, POLICY).stage_two_window
    assert shared is not None
    assert (shared.stage_one_on, shared.opens, shared.closes) == (D(2026, 3, 1), D(2026, 4, 1), D(2026, 4, 1))


def test_a_stream_is_pseudonymised_lazily_in_order() -> None:
    def records() -> Any:
        yield departure("D1")
        yield record()
        raise AssertionError("read too far")

    stream = pseudonymise_all(records(), POLICY)
    first = next(stream)
    assert isinstance(first, Departure)
    assert first.id == POLICY.pseudonym("departure", "D1")
    assert isinstance(next(stream), DataCollectionRecord)


# -- postcodes and a service's own record kinds --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "outward"),
    [("SW1A 1AA", "SW1A"), ("sw1a1aa", "SW1A"), ("  M1   1AE ", "M1"), ("B33 8TH", "B33"), ("CR2", "CR2")],
)
def test_shorten_postcode(text: str, outward: str) -> None:
    assert shorten_postcode(text) == outward
    assert shorten_postcode(outward) == outward


@pytest.mark.parametrize("text", ["", "12345", "SW1A 1A", "not a postcode", "SW1A-1AA"])
def test_shorten_postcode_refuses_other_text(text: str) -> None:
    with pytest.raises(ValueError, match="not a UK postcode"):
        shorten_postcode(text)


@frozen(kw_only=True)
class Visit:
    """A record kind a service might add itself."""

    id: str
    household_id: str
    on: datetime.date
    home_postcode: str
    worker: str = attrs.field(metadata={"pseudonym": "staff"})


def test_a_services_own_record_kind() -> None:
    shared = pseudonymise(
        Visit(id="V1", household_id="HH-1", on=D(2026, 2, 9), home_postcode="ls6 2aa", worker="SSW1"), POLICY
    )
    assert shared == Visit(
        id=POLICY.pseudonym("visit", "V1"),
        household_id=POLICY.pseudonym("household", "HH-1"),
        on=D(2026, 2, 1),
        home_postcode="LS6",
        worker=POLICY.pseudonym("staff", "SSW1"),
    )
    with pytest.raises(SharingError, match="home_postcode"):
        pseudonymise(attrs.evolve(shared, home_postcode="unknown"), POLICY)


# -- the policy ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"key": b"short"}, "key", "at least 16 random bytes"),
        ({"key": b"passwordpassword"}, "key", "printable text, like a typed password"),
        ({"taxonomy": None}, "taxonomy", "load_taxonomy"),
        ({"key": "a text key of more than 16 chars"}, "key", "must be bytes"),
        ({"keep": "went_well"}, "keep", "set of field names"),
        ({"keep": {"went well"}}, "keep", "not a field name"),
        ({"threshold": 2}, "threshold", "from 3 to 10"),
        ({"threshold": 11, "quote_threshold": 12}, "threshold", "from 3 to 10"),
        ({"threshold": 10}, "quote_threshold", "higher than the threshold"),
        ({"quote_threshold": 5}, "quote_threshold", "higher than the threshold"),
        ({"quote_threshold": 12.0}, "quote_threshold", "whole number"),
    ],
)
def test_bad_policies_are_refused(changes: dict[str, Any], field: str, words: str) -> None:
    with pytest.raises(FieldError, match=words) as caught:
        SharingPolicy(**{"key": KEY, "taxonomy": TAXONOMY, **changes})
    assert caught.value.field == field


def test_the_key_is_required_and_never_shown() -> None:
    with pytest.raises(TypeError, match="key"):
        SharingPolicy()  # type: ignore[call-arg]
    policy = SharingPolicy(key=KEY, taxonomy=TAXONOMY, threshold=3, quote_threshold=8)
    assert "key" not in repr(policy)
    assert repr(KEY)[2:-1] not in repr(policy)
    assert (policy.threshold, policy.quote_threshold) == (3, 8)


def test_non_records_are_refused() -> None:
    with pytest.raises(TypeError, match="attrs class"):
        pseudonymise({"id": "D1"}, POLICY)
    with pytest.raises(TypeError, match="SharingPolicy"):
        pseudonymise(departure(), KEY)  # type: ignore[arg-type]
