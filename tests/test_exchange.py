"""Exporters, importers and the plugin system around them; the tabular flattening; the conformance kit."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import fosterkit as fk
import fosterkit.plugins
from fosterkit.cli import main
from fosterkit.plugins import (
    catalogue_packs,
    exporters,
    hookimpl,
    importers,
    make_plugin_manager,
    notify_process_changed,
    plugin_infos,
)
from fosterkit.plugins.contracts import Exporter, ExportError, Importer, Option, OptionError, parse_option
from fosterkit.serial.tabular import (
    FORMULA_STARTS,
    MixedKindsError,
    neutralise,
    restore,
    single_kind,
    table_schema,
    without_special_category,
)
from fosterkit.testing import strategies as fks
from fosterkit.testing.conformance import FORMULA_TEXTS, check_exporter, sample_records

D = datetime.date


def departure(id: str = "DEP-1", reasons: tuple[str, ...] = ("finance.fees_allowances",)) -> fk.Departure:
    return fk.Departure(
        id=id,
        household_id="HH-1",
        notice_on=D(2026, 3, 2),
        initiated_by=fk.Initiator.CARER,
        route=fk.LeavingRoute.RESIGNATION,
        stated_reasons=reasons,
    )


def _write_lines(records: Iterator[object], path: Path, options: Mapping[str, object]) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(f"{record.id}\n")  # type: ignore[attr-defined]
            count += 1
    return count


def _read_lines(path: Path, options: Mapping[str, object]) -> Iterator[object]:
    for line in path.read_text(encoding="utf-8").splitlines():
        yield departure(line)


LINES = Exporter(name="lines", suffixes=(".txt",), description="one id a line", write=_write_lines)


# -- the third-party plugin from the docs ----------------------------------------------------------


def test_a_third_party_plugin_is_found_listed_and_used(anytown_installed: Path, tmp_path: Path) -> None:
    plugins = make_plugin_manager()
    assert [f for f in plugins.failures if f.plugin == "anytown"] == []
    infos = {i.name: i for i in plugin_infos(plugins)}
    assert infos["anytown"] == fk.plugins.PluginInfo(
        "anytown", "anytown-fosterkit", "1.0.0", ("fosterkit_exporters",)
    )
    anytown = exporters(plugins)[0]["anytown"]
    assert anytown.plugin == "anytown"
    target = tmp_path / "out.psv"
    assert anytown.export([departure(), departure("DEP-2", ("=1+1|x",))], target) == 2
    assert target.read_text(encoding="utf-8").splitlines() == [
        "id|household_id|notice_on|leaving_on|initiated_by|route|destination|stated_reasons",
        'DEP-1|HH-1|2026-03-02||carer|resignation||["finance.fees_allowances"]',
        'DEP-2|HH-1|2026-03-02||carer|resignation||["=1+1/x"]',
    ]
    assert anytown.export([departure()], target, header=False) == 1
    assert target.read_text(encoding="utf-8").startswith("DEP-1|")


def test_the_documented_plugin_passes_the_conformance_kit(anytown_installed: Path, tmp_path: Path) -> None:
    anytown = exporters(make_plugin_manager())[0]["anytown"]
    records = [departure(f"DEP-{n}") for n in range(5)]
    check_exporter(
        anytown,
        tmp_path,
        records=records,
        streaming_records=lambda n: (departure(f"DEP-{i}", (f"reason {i}",)) for i in range(n)),
    )


def test_fosterkit_plugins_lists_the_plugin(
    anytown_installed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plugins", "--json"]) == 0
    listing = json.loads(capsys.readouterr().out)
    by_name = {p["name"]: p for p in listing["plugins"]}
    assert by_name["anytown"] == {
        "name": "anytown",
        "distribution": "anytown-fosterkit",
        "version": "1.0.0",
        "hooks": ["fosterkit_exporters"],
        "builtin": False,
    }
    assert by_name["jsonl"]["distribution"] == "fosterkit"
    assert by_name["jsonl"]["builtin"] is True
    readers = {r["name"]: r for r in listing["source_readers"]}
    assert readers["jsonl"]["plugin"] == "jsonl"
    assert readers["jsonl"]["suffixes"] == [".jsonl", ".ndjson"]
    [anytown] = [e for e in listing["exporters"] if e["name"] == "anytown"]
    assert anytown["options"] == [
        {
            "name": "header",
            "type": "bool",
            "default": True,
            "description": "write a header line",
            "choices": [],
        }
    ]
    assert [f for f in listing["failures"] if f["plugin"] == "anytown"] == []
    assert main(["plugins"]) == 0
    text = capsys.readouterr().out
    assert "  anytown anytown-fosterkit 1.0.0: fosterkit_exporters" in text
    assert "  anytown [.psv] from anytown: departures for Anytown's case system (options: header)" in text


def test_a_plugin_that_fails_to_import_is_listed_and_the_rest_work(
    anytown_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    info = tmp_path / "broken_fosterkit-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: broken-fosterkit\nVersion: 0.1\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text("[fosterkit]\nbroken = no_such_module_xyz\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.syspath_prepend(str(anytown_site))
    assert main(["plugins", "--json"]) == 1  # a failure is listed, and the exit status says so
    listing = json.loads(capsys.readouterr().out)
    [failure] = [f for f in listing["failures"] if f["plugin"] == "broken"]
    assert failure["stage"] == "loading"
    assert "No module named 'no_such_module_xyz'" in failure["error"]
    assert "anytown" in [e["name"] for e in listing["exporters"]]


# -- running exporters safely -----------------------------------------------------------------------


class Crashing:
    """A plugin whose exporter fails half-way."""

    @staticmethod
    @hookimpl
    def fosterkit_exporters() -> list[Exporter]:
        def write(records: Iterator[object], path: Path, options: Mapping[str, object]) -> int:
            with path.open("w", encoding="utf-8") as out:
                for n, record in enumerate(records):
                    if n == 2:
                        raise ZeroDivisionError("the plugin tripped")
                    out.write(repr(record))
            return 0

        return [Exporter(name="crashing", suffixes=(".txt",), description="fails", write=write)]


def test_a_crash_mid_export_leaves_the_target_and_names_the_plugin(tmp_path: Path) -> None:
    exporter = exporters(make_plugin_manager(load_entrypoints=False, extra=[("crashy", Crashing)]))[0][
        "crashing"
    ]
    target = tmp_path / "out.txt"
    target.write_text("yesterday's export", encoding="utf-8")
    with pytest.raises(
        ExportError, match=r"exporter 'crashing' \(plugin 'crashy'\) failed: ZeroDivisionError"
    ):
        exporter.export([departure(f"D{n}") for n in range(5)], target)
    assert target.read_text(encoding="utf-8") == "yesterday's export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_a_crash_on_the_command_line_exits_2_and_names_the_plugin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    records = tmp_path / "in.jsonl"
    fk.write_jsonl([departure(f"D{n}") for n in range(5)], records)
    monkeypatch.setattr(
        fk.plugins, "make_plugin_manager", lambda: make_plugin_manager(extra=[("crashy", Crashing)])
    )
    monkeypatch.setattr(
        "fosterkit.cli.exchange.make_plugin_manager",
        lambda: make_plugin_manager(extra=[("crashy", Crashing)]),
    )
    out = tmp_path / "out.txt"
    assert main(["export", str(records), "--to", "crashing", "--out", str(out)]) == 2
    assert "exporter 'crashing' (plugin 'crashy') failed" in capsys.readouterr().err
    assert not out.exists()


def test_export_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    records = tmp_path / "in.jsonl"
    fk.write_jsonl(
        [
            departure("D1"),
            fk.DataCollectionRecord(
                id="R1",
                departure_id="D1",
                stage=fk.InterviewStage.EXIT_STAGE_1,
                interviewed_on=D(2026, 3, 9),
                primary_reason="finance",
                consent_to_anonymised_use=False,
            ),
            departure("D2"),
        ],
        records,
    )
    out = tmp_path / "out.jsonl"
    assert main(["export", str(records), "--to", "jsonl", "--out", str(out), "--kind", "departure"]) == 0
    assert capsys.readouterr().out == f"2 records exported to {out} (jsonl)\n"
    assert [fk.record_to_dict(r)["id"] for r in fk.read_jsonl(out)] == ["D1", "D2"]
    assert main(["export", str(records), "--to", "nope", "--out", str(out), "--quiet"]) == 2
    assert "no exporter 'nope' (installed: " in capsys.readouterr().err
    assert main(["export", str(records), "--to", "jsonl", "--out", str(out), "--option", "bom=true"]) == 2
    assert "unknown option 'bom' (options: none)" in capsys.readouterr().err


def test_options_are_checked_before_anything_is_written(tmp_path: Path) -> None:
    flagged = Exporter(
        name="flagged",
        suffixes=(".txt",),
        description="has options",
        write=_write_lines,
        options=(
            Option(name="header", type=bool, default=True, description="a header"),
            Option(name="width", type=int, default=80, description="line width"),
            Option(name="style", type=str, default="plain", description="style", choices=("plain", "fancy")),
        ),
    )
    assert flagged.resolve_options({"width": 10}) == {"header": True, "width": 10, "style": "plain"}
    with pytest.raises(OptionError, match=r"unknown option 'colour' \(options: header, width, style\)"):
        flagged.export([departure()], tmp_path / "x.txt", colour="red")
    with pytest.raises(OptionError, match="option 'width' takes int, not True"):
        flagged.resolve_options({"width": True})
    with pytest.raises(OptionError, match="option 'header' takes bool, not 'yes'"):
        flagged.resolve_options({"header": "yes"})
    with pytest.raises(OptionError, match="option 'style' is one of plain, fancy, not 'loud'"):
        flagged.resolve_options({"style": "loud"})
    assert not (tmp_path / "x.txt").exists()
    assert parse_option(flagged.options, "header=no") == ("header", False)
    assert parse_option(flagged.options, "width= 12") == ("width", 12)
    with pytest.raises(OptionError, match="option 'width' takes a whole number, not 'wide'"):
        parse_option(flagged.options, "width=wide")
    with pytest.raises(OptionError, match="expected name=value, not 'header'"):
        parse_option(flagged.options, "header")


def test_a_non_atomic_exporter_writes_the_target_itself(tmp_path: Path) -> None:
    seen: list[Path] = []

    def write(records: Iterator[object], path: Path, options: Mapping[str, object]) -> int:
        seen.append(path)
        return sum(1 for _ in records)

    in_place = Exporter(name="in-place", suffixes=(".db",), description="updates", write=write, atomic=False)
    assert in_place.export([departure()], tmp_path / "x.db") == 1
    assert seen == [tmp_path / "x.db"]


def test_importer_failures_name_the_plugin(tmp_path: Path) -> None:
    def read(path: Path, options: Mapping[str, object]) -> Iterator[object]:
        if not path.exists():
            raise OSError("disk on fire")
        yield from ()

    broken = Importer(name="broken", suffixes=(".x",), description="fails", read=read, plugin="acme")
    with pytest.raises(
        fosterkit.plugins.ImporterError, match=r"importer 'broken' \(plugin 'acme'\) failed: OSError"
    ):
        list(broken.records(tmp_path / "in.x"))


# -- the plugin registry -----------------------------------------------------------------------------


class TwoExporters:
    @staticmethod
    @hookimpl
    def fosterkit_exporters() -> list[object]:
        return [LINES, "not an exporter"]


class SameName:
    @staticmethod
    @hookimpl
    def fosterkit_exporters() -> list[Exporter]:
        return [LINES]


class Raising:
    @staticmethod
    @hookimpl
    def fosterkit_importers() -> list[Importer]:
        raise RuntimeError("no importers today")


def test_the_registry_reports_wrong_results_repeats_and_crashes() -> None:
    plugins = make_plugin_manager(
        load_entrypoints=False, extra=[("a-two", TwoExporters), ("b-same", SameName), ("c-raise", Raising)]
    )
    found, failures = exporters(plugins)
    # A clash between two plugins is never settled by name order: each is offered only by its
    # qualified name, and the clash is reported naming both.
    assert [name for name in found if "lines" in name] == ["a-two:lines", "b-same:lines"]
    assert found["a-two:lines"].plugin == "a-two"
    assert found["b-same:lines"].plugin == "b-same"
    assert [f.describe() for f in failures] == [
        "plugin 'a-two' failed while running fosterkit_exporters: returned str, not an Exporter",
        "plugins 'a-two' and 'b-same' clash while running fosterkit_exporters: each offers exporter 'lines'; "
        "neither is used by that name: ask for a-two:lines or b-same:lines or disable one",
        "plugins 'a-two' and 'b-same' clash while running fosterkit_exporters: "
        "each offers an exporter for .txt files (a-two:lines, b-same:lines)",
    ]
    found_importers, importer_failures = importers(plugins)
    assert list(found_importers) == ["jsonl"]  # the built-in one
    assert [f.describe() for f in importer_failures] == [
        "plugin 'c-raise' failed while running fosterkit_importers: RuntimeError: no importers today"
    ]


def test_catalogue_packs_come_from_plugins() -> None:
    catalogue = fk.load_catalogue()

    class Packs:
        @staticmethod
        @hookimpl
        def fosterkit_catalogue_packs() -> list[fk.Catalogue]:
            return [catalogue]

    class Again(Packs):
        pass

    plugins = make_plugin_manager(load_entrypoints=False, extra=[("one", Packs), ("two", Again)])
    packs, failures = catalogue_packs(plugins)
    # The built-in plugin keeps its own pack; the two others both clash with it and are ignored.
    assert packs == {catalogue.pack.id: catalogue}
    assert sorted(f.plugin for f in failures) == ["one", "two"]
    assert all("is built into fosterkit; this one is ignored" in f.error for f in failures)
    # Without the built-in, two plugins offering one pack id clash and neither is used.
    alone = make_plugin_manager(
        load_entrypoints=False, defaults=False, extra=[("one", Packs), ("two", Again)]
    )
    packs, failures = catalogue_packs(alone)
    assert packs == {}
    assert sorted(f.plugin for f in failures) == ["one", "two"]
    assert (
        "is also contributed by 'two'" in failures[0].error
        or "is also contributed by 'one'" in failures[0].error
    )


def test_process_events_reach_every_plugin() -> None:
    seen: list[tuple[str, str, str]] = []

    class Follower:
        @staticmethod
        @hookimpl
        def fosterkit_process_changed(before: fk.ExitProcess | None, after: fk.ExitProcess) -> None:
            seen.append(("changed", "new" if before is None else before.id, after.id))

        @staticmethod
        @hookimpl
        def fosterkit_interview_completed(
            process: fk.ExitProcess, interview: fk.interviews.Interview
        ) -> None:
            seen.append(("interview", process.id, interview.record.id))

    class Grumpy:
        @staticmethod
        @hookimpl
        def fosterkit_process_changed(before: fk.ExitProcess | None, after: fk.ExitProcess) -> None:
            raise ValueError("case system offline")

    plugins = make_plugin_manager(load_entrypoints=False, extra=[("follower", Follower), ("grumpy", Grumpy)])
    start = fk.ExitProcess.start("EXIT-1", departure(), supervising_social_worker="SSW-1")
    booked = (
        start.offer(D(2026, 3, 3))
        .ask_before_interview(D(2026, 3, 3), raise_relationships=False, wants_companion=False)
        .book(
            fk.interviews.Appointment(
                id="A1",
                stage=fk.InterviewStage.EXIT_STAGE_1,
                on=D(2026, 3, 9),
                location=fk.interviews.Location.VIDEO,
                location_agreed=True,
                interviewer="IND-1",
            ),
            D(2026, 3, 4),
        )
    )
    record = fk.DataCollectionRecord(
        id="R1",
        departure_id="DEP-1",
        stage=fk.InterviewStage.EXIT_STAGE_1,
        interviewed_on=D(2026, 3, 9),
        primary_reason="finance",
        consent_to_anonymised_use=True,
    )
    held = booked.complete("A1", record)
    failures = notify_process_changed(plugins, None, start)
    assert [f.plugin for f in failures] == ["grumpy"]
    assert notify_process_changed(plugins, booked, held)[0].error == "ValueError: case system offline"
    notify_process_changed(plugins, held, held)
    assert seen == [
        ("changed", "new", "EXIT-1"),
        ("changed", "EXIT-1", "EXIT-1"),
        ("interview", "EXIT-1", "R1"),
        ("changed", "EXIT-1", "EXIT-1"),
    ]


# -- the tabular flattening ----------------------------------------------------------------------------


@given(st.text())
def test_neutralising_is_undone_exactly_and_never_starts_a_formula(text: str) -> None:
    safe = neutralise(text)
    assert restore(safe) == text
    assert not safe or safe[0] not in FORMULA_STARTS


def test_formula_texts_are_prefixed() -> None:
    assert [neutralise(t)[:2] for t in FORMULA_TEXTS[:4]] == ["'=", "'+", "'-", "'@"]
    assert neutralise("plain") == "plain"
    assert neutralise("'quoted") == "''quoted"


KINDS = {
    "household": fks.households(),
    "departure": fks.departures(),
    "data_collection_record": fks.data_collection_records(),
    "exit_process": fks.exit_processes(),
}


@pytest.mark.parametrize("kind", KINDS)
def test_rows_round_trip_exactly(kind: str) -> None:
    schema = table_schema(kind, special_category=True)
    plain = table_schema(kind)

    @settings(max_examples=40)
    @given(KINDS[kind])
    def check(record: object) -> None:
        assert schema.record(schema.row(record)) == record
        assert schema.record(schema.text_row(record)) == record
        assert plain.record(plain.text_row(record)) == without_special_category(record)

    check()


def test_which_kinds_can_hold_special_category_data() -> None:
    assert fosterkit.plugins.can_hold_special_category(fk.Household)
    assert fosterkit.plugins.can_hold_special_category(tuple[fk.Carer, ...])
    assert not fosterkit.plugins.can_hold_special_category(fk.Departure)
    assert not fosterkit.plugins.can_hold_special_category(fk.ExitProcess)
    record = next(sample_records(1))
    assert without_special_category(record) is record


def test_special_category_data_is_left_out_unless_asked_for() -> None:
    household = fk.Household(
        id="HH-1",
        service=fk.records.Service(name="Anytown", kind=fk.records.ServiceKind.TRUST),
        carers=(fk.Carer(id="C1", equality=fk.records.Equality(religion="Quaker")),),
        approved_on=D(2020, 1, 1),
        approval_kind=fk.records.ApprovalKind.MAINSTREAM,
        approved_for=(fk.records.PlacementType.REMAND,),
        caring_now=False,
        history=(fk.records.StatusChange(status=fk.HouseholdStatus.APPROVED, since=D(2020, 1, 1)),),
    )
    plain = table_schema("household")
    assert "Quaker" not in "".join(plain.text_row(household))
    assert '"equality":null' in plain.text_row(household)[plain.header.index("carers")]
    assert "Quaker" in "".join(table_schema("household", special_category=True).text_row(household))


def test_headers_and_cells_are_checked_with_their_place() -> None:
    schema = table_schema("departure")
    schema.check_header(schema.header)
    with pytest.raises(fk.StructureError, match="missing columns route; unexpected columns path"):
        schema.check_header([*schema.header[:5], "path", *schema.header[6:]], where="row 1")
    row = list(schema.text_row(departure()))
    row[schema.header.index("notice_on")] = "2026-02-30"
    with pytest.raises(fk.StructureError) as info:
        schema.record(row, where="row 7")
    assert str(info.value) == (
        "row 7: invalid data: notice_on (id 'DEP-1'): '2026-02-30' is not a date in the form YYYY-MM-DD"
    )
    row = list(schema.text_row(departure()))
    row[schema.header.index("stated_reasons")] = "[broken"
    with pytest.raises(
        fk.StructureError, match=r"row 3: invalid data: stated_reasons \(id 'DEP-1'\): '\[broken'"
    ):
        schema.record(row, where="row 3")
    with pytest.raises(fk.StructureError, match=r"row 4: expected 8 cells, got 2"):
        schema.record(["a", "b"], where="row 4")


def test_one_kind_a_table() -> None:
    schema, stream = single_kind(iter([departure("D1"), departure("D2"), next(sample_records(1))]))
    assert schema is not None
    assert schema.kind == "departure"
    assert next(stream) == departure("D1")
    assert next(stream) == departure("D2")
    with pytest.raises(MixedKindsError, match=r"record 3 \(id 'DCR-000000'\) is a DataCollectionRecord"):
        next(stream)
    assert single_kind([])[0] is None
    empty_schema, _ = single_kind([], kind="household")
    assert empty_schema is not None
    assert empty_schema.header[:3] == ("id", "service.name", "service.kind")


# -- the conformance kit catches what it should -------------------------------------------------------------


def _hoarding(records: Iterator[object], path: Path, options: Mapping[str, object]) -> int:
    everything = [(r, table_schema("data_collection_record").text_row(r)) for r in records]
    return _write_lines(iter(r for r, _ in everything), path, options)


def _careless_cells(path: Path) -> Sequence[object]:
    return ["=SUM(A1:A9)"]


def test_the_kit_catches_an_exporter_that_holds_everything(tmp_path: Path) -> None:
    hoarder = Exporter(name="hoarder", suffixes=(".txt",), description="keeps all", write=_hoarding)
    with pytest.raises(AssertionError, match="memory grew with the number of records"):
        check_exporter(hoarder, tmp_path, kinds=("data_collection_record",))


def test_the_kit_catches_live_formulas_and_wrong_counts(tmp_path: Path) -> None:
    with pytest.raises(AssertionError, match="cell '=SUM\\(A1:A9\\)' would be read as a formula"):
        check_exporter(LINES, tmp_path, kinds=("data_collection_record",), cells=_careless_cells)

    def undercount(records: Iterator[object], path: Path, options: Mapping[str, object]) -> int:
        return _write_lines(records, path, options) - 1

    liar = Exporter(name="liar", suffixes=(".txt",), description="miscounts", write=undercount)
    with pytest.raises(AssertionError, match="reported 11 records written, not 12"):
        check_exporter(liar, tmp_path, kinds=("data_collection_record",))


def test_the_kit_catches_a_reader_that_does_not_give_the_records_back(tmp_path: Path) -> None:
    reader = Importer(name="lines", suffixes=(".txt",), description="ids only", read=_read_lines)
    with pytest.raises(AssertionError, match="first difference at record 0"):
        check_exporter(LINES, tmp_path, kinds=("data_collection_record",), importer=reader)


@pytest.mark.parametrize(("name", "suffix"), [("csv", ".csv"), ("excel", ".xlsx"), ("sqlite", ".sqlite")])
def test_our_plugins_export_and_read_back_from_the_command_line(
    name: str, suffix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = tmp_path / "in.jsonl"
    sample = [departure(f"D{n}", (FORMULA_TEXTS[n],)) for n in range(4)]
    fk.write_jsonl(sample, records)
    out = tmp_path / f"out{suffix}"
    assert main(["export", str(records), "--to", name, "--out", str(out)]) == 0
    assert capsys.readouterr().out == f"4 records exported to {out} ({name})\n"
    reader = importers(make_plugin_manager())[0][name]
    assert list(reader.records(out, kind="departure")) == sample


def test_progress_shows_on_a_terminal_only(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    records = str(Path(__file__).resolve().parents[1] / "docs" / "examples" / "records.jsonl")
    out = str(tmp_path / "out.jsonl")
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    assert main(["export", records, "--to", "jsonl", "--out", out]) == 0
    err = capsys.readouterr().err
    assert "100%  171 records" in err  # the bar (see tests/test_cli_progress.py), ended and erased
    assert err.endswith("\r")
    assert main(["export", records, "--to", "jsonl", "--out", out, "--force", "--quiet"]) == 0
    assert capsys.readouterr().err == ""
    monkeypatch.setattr("sys.stderr.isatty", lambda: False)
    assert main(["export", records, "--to", "jsonl", "--out", out, "--force"]) == 0
    assert capsys.readouterr().err == ""


def test_a_target_in_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(
        ExportError, match=r"failed: OSError: cannot write in .*missing: No such file or directory"
    ):
        LINES.export([departure()], tmp_path / "missing" / "out.txt")
