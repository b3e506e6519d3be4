"""Records as JSON Lines: exact round trips, located errors, streaming, and atomic writes."""

from __future__ import annotations

import datetime
import io
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fosterkit.adapters.atomic import atomic_write, atomic_write_bytes
from fosterkit.adapters.jsonl import RecordLine, RejectedLine, iter_jsonl, read_jsonl, scan_jsonl, write_jsonl
from fosterkit.errors import StructureError
from fosterkit.interviews.record import DataCollectionRecord, Rating, SupportArea
from fosterkit.interviews.stages import InterviewStage
from fosterkit.records import (
    ApprovalKind,
    Carer,
    Departure,
    Household,
    HouseholdStatus,
    Initiator,
    LeavingRoute,
    PlacementType,
    Service,
    ServiceKind,
    StatusChange,
)
from fosterkit.serial.kinds import (
    RECORD_KINDS,
    RECORD_SCHEMA_VERSION,
    record_from_dict,
    record_kind,
    record_to_dict,
    register_record_kind,
)
from fosterkit.testing import strategies as fks

D = datetime.date


def departure(id: str = "DEP-0042", **changes: Any) -> Departure:
    base = Departure(
        id=id,
        household_id="HH-0107",
        notice_on=D(2026, 3, 2),
        leaving_on=D(2026, 3, 30),
        initiated_by=Initiator.CARER,
        route=LeavingRoute.RESIGNATION,
        stated_reasons=("finance.fees_allowances",),
    )
    return attrs.evolve(base, **changes)


def household() -> Household:
    return Household(
        id="HH-0107",
        service=Service(name="Anytown Fostering – Süd", kind=ServiceKind.LOCAL_AUTHORITY),
        carers=(Carer(id="C-1"),),
        approved_on=D(2019, 4, 1),
        approval_kind=ApprovalKind.MAINSTREAM,
        approved_for=(PlacementType.SHORT_TERM,),
        caring_now=False,
        history=(StatusChange(status=HouseholdStatus.APPROVED, since=D(2019, 4, 1)),),
    )


def collection_record() -> DataCollectionRecord:
    return DataCollectionRecord(
        id="DCR-0042",
        departure_id="DEP-0042",
        stage=InterviewStage.EXIT_STAGE_1,
        interviewed_on=D(2026, 3, 9),
        primary_reason="finance.fees_allowances",
        ratings=(Rating(area=SupportArea.PEER_SUPPORT, score=5),),
        consent_to_anonymised_use=True,
    )


def line(record: object, **changes: object) -> str:
    """The JSON line of ``record``, with some keys changed."""
    return json.dumps({**record_to_dict(record), **changes})


# -- round trips -------------------------------------------------------------------------------


any_record = st.one_of(
    fks.households(), fks.departures(), fks.data_collection_records(), fks.exit_processes()
)

KIND_STRATEGIES = {
    "household": fks.households(),
    "departure": fks.departures(),
    "data_collection_record": fks.data_collection_records(),
    "exit_process": fks.exit_processes(),
    "considering_leaving": fks.considering_leaving_conversations(),
    "post_approval_interview": fks.post_approval_interviews(),
    "process_review": fks.process_reviews(),
}


def test_every_kind_has_a_round_trip() -> None:
    assert set(KIND_STRATEGIES) == set(RECORD_KINDS)


@pytest.mark.parametrize("strategy", KIND_STRATEGIES.values(), ids=KIND_STRATEGIES.keys())
def test_each_kind_round_trips_through_a_file(
    strategy: st.SearchStrategy[object], tmp_path_factory: pytest.TempPathFactory
) -> None:
    target = tmp_path_factory.mktemp("round-trip") / "records.jsonl"

    @given(st.lists(strategy, max_size=4))
    def check(records: list[object]) -> None:
        assert write_jsonl(iter(records), target) == len(records)
        assert read_jsonl(target) == records
        scanned = list(scan_jsonl(target))
        assert [r.record for r in scanned if isinstance(r, RecordLine)] == records
        assert [r.line for r in scanned] == list(range(1, len(records) + 1))

    check()


@given(st.lists(any_record, max_size=6))
def test_mixed_kinds_round_trip_through_a_stream(records: list[object]) -> None:
    stream = io.StringIO()
    write_jsonl(records, stream)
    stream.seek(0)
    assert list(iter_jsonl(stream)) == records


def test_mixed_kinds_in_one_file(tmp_path: Path) -> None:
    target = tmp_path / "records.jsonl"
    records = [household(), departure(), collection_record(), departure("DEP-0043")]
    assert write_jsonl(records, target) == 4
    again = read_jsonl(target)
    assert again == records
    assert [type(r) for r in again] == [Household, Departure, DataCollectionRecord, Departure]


def test_the_line_format(tmp_path: Path) -> None:
    target = tmp_path / "records.jsonl"
    write_jsonl([household(), departure()], target)
    raw = target.read_bytes()
    assert raw.endswith(b"\n")
    assert b"\r" not in raw
    lines = raw.decode("utf-8").split("\n")
    assert lines[-1] == ""
    assert len(lines) == 3
    assert lines[0].startswith('{"schema_version":1,"kind":"household","id":"HH-0107",')
    assert "Anytown Fostering – Süd" in lines[0]  # not \u escapes
    assert ", " not in lines[1]
    assert '"notice_on":"2026-03-02"' in lines[1]
    assert '"route":"resignation"' in lines[1]
    assert list(json.loads(lines[1])) == [
        "schema_version",
        "kind",
        *(a.name for a in attrs.fields(Departure)),
    ]


def test_writing_to_an_open_stream_leaves_it_open() -> None:
    stream = io.StringIO()
    stream.write("already here\n")
    assert write_jsonl([departure()], stream) == 1
    assert not stream.closed
    assert (
        stream.getvalue()
        == "already here\n"
        + json.dumps(record_to_dict(departure()), ensure_ascii=False, separators=(",", ":"))
        + "\n"
    )


def test_blank_lines_are_skipped_and_line_numbers_still_count_them() -> None:
    text = f"\n{line(departure())}\n   \n\r\n{line(departure('DEP-1'), route='moved away')}\n"
    results = list(scan_jsonl(io.StringIO(text)))
    assert [r.line for r in results] == [2, 5]
    assert isinstance(results[1], RejectedLine)


def test_windows_line_endings_and_a_byte_order_mark_are_read(tmp_path: Path) -> None:
    target = tmp_path / "from-excel.jsonl"
    body = f"{line(departure())}\r\n{line(household())}\r\n"
    target.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    assert read_jsonl(target) == [departure(), household()]


# -- kinds -------------------------------------------------------------------------------------


def test_kinds_limits_what_is_accepted_and_refuses_the_rest(tmp_path: Path) -> None:
    target = tmp_path / "records.jsonl"
    write_jsonl([departure(), household(), departure("DEP-2")], target)
    assert read_jsonl(target, kinds=["departure", "household"]) == read_jsonl(target)
    with pytest.raises(StructureError) as caught:
        read_jsonl(target, kinds="departure")
    [problem] = caught.value.problems
    assert (problem.source, problem.entry, problem.field) == ("line 2", "HH-0107", "kind")
    assert problem.message == "'household' records are not accepted here; expected 'departure'"
    # nothing is skipped silently: scanning keeps the refused line
    results = list(scan_jsonl(target, kinds={"departure"}))
    assert [type(r).__name__ for r in results] == ["RecordLine", "RejectedLine", "RecordLine"]


def test_an_unknown_kind_name_in_kinds_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown record kind 'departures'"):
        read_jsonl(io.StringIO(""), kinds=["departures"])


def test_record_kind_names_registered_types_only() -> None:
    assert record_kind(departure()) == "departure"
    assert record_kind(collection_record()) == "data_collection_record"
    with pytest.raises(TypeError, match="Rating is not a record kind; the kinds are 'household', "):
        record_kind(Rating(area=SupportArea.TRAINING, score=3))
    with pytest.raises(TypeError, match="str is not a record kind"):
        write_jsonl(["not a record"], io.StringIO())


@attrs.frozen(kw_only=True)
class _Note:
    id: str
    on: datetime.date


@attrs.frozen(kw_only=True)
class _Clashing:
    id: str
    kind: str


def test_a_new_kind_is_one_registration() -> None:
    register_record_kind("test_note", _Note)
    try:
        stream = io.StringIO()
        write_jsonl([_Note(id="N1", on=D(2026, 1, 2)), departure()], stream)
        assert stream.getvalue().startswith(
            '{"schema_version":1,"kind":"test_note","id":"N1","on":"2026-01-02"}'
        )
        stream.seek(0)
        assert read_jsonl(stream) == [_Note(id="N1", on=D(2026, 1, 2)), departure()]
        register_record_kind("test_note", _Note)  # again: no change
    finally:
        del RECORD_KINDS["test_note"]


def test_registration_refuses_clashes() -> None:
    before = dict(RECORD_KINDS)
    with pytest.raises(ValueError, match="_Clashing has a field named 'kind'"):
        register_record_kind("clashing", _Clashing)
    with pytest.raises(ValueError, match="record kind 'departure' is already Departure"):
        register_record_kind("departure", _Note)
    with pytest.raises(ValueError, match="Departure is already record kind 'departure'"):
        register_record_kind("leaving", Departure)
    with pytest.raises(ValueError, match="lower-case"):
        register_record_kind("Exit Process", _Note)
    with pytest.raises(TypeError, match="not an attrs class"):
        register_record_kind("text", str)
    assert before == RECORD_KINDS
    for name, cls in RECORD_KINDS.items():
        assert not {"kind", "schema_version"} & {a.name for a in attrs.fields(cls)}, name


# -- located errors ----------------------------------------------------------------------------


def _error_at(tmp_path: Path, bad_line: str) -> StructureError:
    target = tmp_path / "records.jsonl"
    target.write_text(f"{line(household())}\n\n{bad_line}\n{line(departure('DEP-9'))}\n", encoding="utf-8")
    with pytest.raises(StructureError) as caught:
        read_jsonl(target)
    assert caught.value.source == str(target)
    return caught.value


def test_bad_json_names_the_line_and_column(tmp_path: Path) -> None:
    error = _error_at(tmp_path, '{"schema_version": 1, "kind": "departure", "id": "DEP-0042",')
    [problem] = error.problems
    assert (problem.source, problem.path, problem.entry) == ("line 3", "column 61", None)
    assert str(
        error
    ) == f"{tmp_path / 'records.jsonl'}: invalid data: line 3: column 61: not valid JSON: " + (
        "Expecting property name enclosed in double quotes"
    )


def test_a_line_that_is_not_an_object(tmp_path: Path) -> None:
    [problem] = _error_at(tmp_path, '["DEP-0042"]').problems
    assert problem.source == "line 3"
    assert problem.message == "expected a record (a JSON object), got a list"


def test_duplicate_keys_are_refused_not_dropped(tmp_path: Path) -> None:
    [problem] = _error_at(tmp_path, line(departure())[:-1] + ', "id": "DEP-9"}').problems
    assert problem.source == "line 3"
    assert problem.message == "the key 'id' appears more than once"


@pytest.mark.parametrize("version", [2, "1", True, None])
def test_a_wrong_schema_version_names_line_record_and_field(tmp_path: Path, version: object) -> None:
    changes = {"schema_version": version} if version is not None else {}
    text = line(departure(), **changes)
    if version is None:
        text = text.replace('"schema_version": 1, ', "")
    error = _error_at(tmp_path, text)
    [problem] = error.problems
    assert (problem.source, problem.entry, problem.field, problem.path) == (
        "line 3",
        "DEP-0042",
        "schema_version",
        "schema_version",
    )
    expected = "required field is missing" if version is None else f"schema version {version!r} is not"
    assert problem.message.startswith(expected)


def test_an_unknown_kind_names_line_record_and_the_kinds(tmp_path: Path) -> None:
    error = _error_at(tmp_path, line(departure(), kind="leaving"))
    [problem] = error.problems
    assert (problem.source, problem.entry, problem.field) == ("line 3", "DEP-0042", "kind")
    assert problem.describe() == (
        "line 3: kind (id 'DEP-0042'): 'leaving' is not a record kind; "
        "expected 'household', 'departure', 'data_collection_record', 'exit_process', "
        "'considering_leaving', 'post_approval_interview', 'process_review'"
    )


def test_a_missing_kind_names_the_kinds(tmp_path: Path) -> None:
    data = record_to_dict(departure())
    del data["kind"]
    [problem] = _error_at(tmp_path, json.dumps(data)).problems
    assert (problem.source, problem.entry, problem.field) == ("line 3", "DEP-0042", "kind")
    assert problem.message.startswith("required field is missing; one of 'household', 'departure'")


def test_a_bad_date_names_line_record_and_field(tmp_path: Path) -> None:
    error = _error_at(tmp_path, line(departure(), notice_on="2026-02-30"))
    [problem] = error.problems
    assert (problem.source, problem.entry, problem.field, problem.path) == (
        "line 3",
        "DEP-0042",
        "notice_on",
        "notice_on",
    )
    assert str(error) == (
        f"{tmp_path / 'records.jsonl'}: invalid data: line 3: notice_on (id 'DEP-0042'): "
        "'2026-02-30' is not a date in the form YYYY-MM-DD"
    )


def test_nested_problems_name_the_path_and_every_problem_is_listed() -> None:
    data = record_to_dict(household())
    data["carers"][0]["equality"] = {"age_band": "40_49"}
    data["caring_now"] = "no"
    with pytest.raises(StructureError) as caught:
        read_jsonl(io.StringIO(json.dumps(data) + "\n"))
    assert caught.value.source is None  # a stream without a name
    assert {p.path: (p.source, p.entry) for p in caught.value.problems} == {
        "carers[0].equality.age_band": ("line 1", "C-1"),  # the innermost entry with an id
        "caring_now": ("line 1", "HH-0107"),
    }


def test_record_from_dict_checks_like_the_reader() -> None:
    assert record_from_dict(record_to_dict(departure())) == departure()
    with pytest.raises(StructureError, match=r"^d.json: invalid data: route \(id 'DEP-0042'\): 'x' is not"):
        record_from_dict({**record_to_dict(departure()), "route": "x"}, source="d.json")
    assert record_to_dict(departure())["schema_version"] == RECORD_SCHEMA_VERSION


def test_a_missing_file_is_a_structure_error(tmp_path: Path) -> None:
    with pytest.raises(StructureError, match=r"nowhere\.jsonl: no such file$"):
        read_jsonl(tmp_path / "nowhere.jsonl")


# -- keeping every line ------------------------------------------------------------------------


def test_scan_keeps_going_and_keeps_every_bad_line(tmp_path: Path) -> None:
    target = tmp_path / "import.jsonl"
    bad_bytes = b'{"schema_version": 1, "kind": "departure", "id": "\xff"}'
    target.write_bytes(
        b"\n".join(
            [
                line(departure()).encode(),
                b"{not json",
                bad_bytes,
                line(departure("DEP-2"), notice_on="2026-13-01").encode(),
                b"",
                line(household()).encode(),
            ]
        )
        + b"\n"
    )
    results = list(scan_jsonl(target))
    assert [(r.line, type(r).__name__) for r in results] == [
        (1, "RecordLine"),
        (2, "RejectedLine"),
        (3, "RejectedLine"),
        (4, "RejectedLine"),
        (6, "RecordLine"),
    ]
    rejected = [r for r in results if isinstance(r, RejectedLine)]
    assert rejected[0].text == "{not json"
    assert rejected[1].text.encode("utf-8", "surrogateescape") == bad_bytes
    assert rejected[1].problems[0].message == "not UTF-8 text, at column 51"
    assert rejected[1].problems[0].path == "id"
    assert [(p.source, p.entry, p.field) for p in rejected[2].problems] == [("line 4", "DEP-2", "notice_on")]
    # a rejects file can be written from what was kept, byte for byte
    kept = b"".join(r.text.encode("utf-8", "surrogateescape") + b"\n" for r in rejected)
    original = target.read_bytes().split(b"\n")
    assert kept == b"".join(original[i] + b"\n" for i in (1, 2, 3))


# -- streaming ---------------------------------------------------------------------------------


def test_write_consumes_the_records_lazily() -> None:
    stream = io.StringIO()
    lines_written_before: list[int] = []

    def records() -> Iterator[Departure]:
        for index in range(5):
            lines_written_before.append(stream.getvalue().count("\n"))
            yield departure(f"DEP-{index}")

    assert write_jsonl(records(), stream) == 5
    # when record n was asked for, records 0..n-1 were already written: nothing is collected first
    assert lines_written_before == [0, 1, 2, 3, 4]


class _CountingStream(io.StringIO):
    """A text stream that counts the lines read from it."""

    lines_read = 0

    def __next__(self) -> str:  # type: ignore[override]  # typeshed: _IOBase.__next__ is bytes
        self.lines_read += 1
        return super().__next__()

    def readline(self, size: int = -1) -> str:  # type: ignore[override]  # as __next__; read with a size
        self.lines_read += 1
        return super().readline(size)


def test_read_yields_each_record_before_reading_on() -> None:
    stream = _CountingStream(f"{line(departure())}\n{line(household())}\nnot json at all\n")
    records = iter_jsonl(stream)
    assert next(records) == departure()
    assert stream.lines_read == 1
    assert next(records) == household()
    assert stream.lines_read == 2
    with pytest.raises(StructureError, match="line 3: column 1: not valid JSON"):
        next(records)


# -- atomic writes -----------------------------------------------------------------------------


def test_a_failed_write_leaves_the_existing_file_untouched(tmp_path: Path) -> None:
    target = tmp_path / "records.jsonl"
    write_jsonl([household(), departure()], target)
    before = target.read_bytes()
    written: list[str] = []

    def records() -> Iterator[object]:
        for index in range(100):
            if index == 50:
                raise RuntimeError("case system went away")
            written.append(f"DEP-{index}")
            yield departure(f"DEP-{index}")

    with pytest.raises(RuntimeError, match="case system went away"):
        write_jsonl(records(), target)
    assert len(written) == 50  # it really was half way
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["records.jsonl"]


def test_a_failed_first_write_creates_no_file(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="not a record kind"):
        write_jsonl([departure(), object()], tmp_path / "new.jsonl")
    assert list(tmp_path.iterdir()) == []


def test_a_successful_write_replaces_the_file_and_leaves_nothing_else(tmp_path: Path) -> None:
    target = tmp_path / "records.jsonl"
    target.write_text("old\n", encoding="utf-8")
    write_jsonl([departure()], target)
    assert read_jsonl(target) == [departure()]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["records.jsonl"]


def test_atomic_write_writes_in_the_same_directory(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    with atomic_write(target) as file:
        file.write("line one\nline two\n")
        [temporary] = list(tmp_path.iterdir())
        assert temporary != target
        assert not target.exists()
    assert target.read_bytes() == b"line one\nline two\n"
    assert list(tmp_path.iterdir()) == [target]


def test_atomic_write_of_bytes(tmp_path: Path) -> None:
    target = tmp_path / "book.xlsx"
    target.write_bytes(b"old")
    with atomic_write_bytes(target) as file:
        file.write(b"PK\x03\x04")
    assert target.read_bytes() == b"PK\x03\x04"

    def interrupted() -> None:
        with atomic_write_bytes(target) as file:
            file.write(b"half")
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        interrupted()
    assert target.read_bytes() == b"PK\x03\x04"
    assert list(tmp_path.iterdir()) == [target]


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_written_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    target = tmp_path / "records.jsonl"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o644)
    write_jsonl([departure()], target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
