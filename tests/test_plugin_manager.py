"""Hooks are called the pluggy way, each plugin's faults stay its own, and clashes are reported.

These are the promises a third-party plugin relies on: an implementation may take any subset of
its hook's arguments; ``tryfirst``/``trylast`` and wrappers mean what pluggy says; any exception
a plugin raises (``SystemExit`` included, a user's Ctrl-C not) is reported naming it while the
others still answer; what a plugin prints never reaches ``--json`` output; built-ins come in
from ``DEFAULT_PLUGINS`` and are never replaced silently; a name or suffix two plugins claim is
a clash naming both, never settled by name order.
"""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from typing import Any, ClassVar

import pytest

import fosterkit.plugins.manager
from fosterkit import (
    Catalogue,
    Departure,
    ExitProcess,
    Initiator,
    LeavingRoute,
    PackSet,
    Reason,
    ResponseTracker,
    TaxonomyExtension,
    installed_taxonomy,
    write_jsonl,
)
from fosterkit.cli import main
from fosterkit.plugins import (
    DEFAULT_PLUGINS,
    DISABLE_ENV,
    Exporter,
    TrackerFormat,
    TrackerReading,
    call_hook,
    exporters,
    hookimpl,
    make_plugin_manager,
    notify_process_changed,
    plugin_infos,
)
from fosterkit.reasons import AliasSet

GROUP = "fosterkit"


def _write_lines(records: Iterator[object], path: Path, _options: Mapping[str, object]) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(f"{type(record).__name__}\n")
            count += 1
    return count


def _exporter(name: str, suffix: str) -> Exporter:
    return Exporter(name=name, suffixes=(suffix,), description="a third party's exporter", write=_write_lines)


class OnlyAfter:
    """Declares one of the two arguments its hook's spec has."""

    seen: ClassVar[list[str]] = []

    @staticmethod
    @hookimpl
    def fosterkit_process_changed(after: ExitProcess) -> None:
        OnlyAfter.seen.append(after.id)


class Exits:
    @staticmethod
    @hookimpl
    def fosterkit_exporters() -> Sequence[Exporter]:
        raise SystemExit(3)


class Fine:
    @staticmethod
    @hookimpl
    def fosterkit_exporters() -> Sequence[Exporter]:
        return [_exporter("fine", ".fine")]


class First:
    @staticmethod
    @hookimpl(tryfirst=True)
    def fosterkit_exporters() -> Sequence[Exporter]:
        return [_exporter("first", ".first")]


class Last:
    @staticmethod
    @hookimpl(trylast=True)
    def fosterkit_exporters() -> Sequence[Exporter]:
        return [_exporter("last", ".last")]


class Wrapper:
    """A new-style wrapper that takes away what the plugin 'fine' offers."""

    @staticmethod
    @hookimpl(wrapper=True)
    def fosterkit_exporters() -> Any:
        offered = yield
        return [items for items in offered if all(item.name != "fine" for item in items)]


class Chatty:
    """Prints when its hook runs; the module below prints when it is loaded."""

    @staticmethod
    @hookimpl
    def fosterkit_exporters() -> Sequence[Exporter]:
        print("hello from a chatty plugin")
        return [_exporter("chatty", ".chatty")]


class Interrupted:
    @staticmethod
    @hookimpl
    def fosterkit_exporters() -> Sequence[Exporter]:
        raise KeyboardInterrupt


class OwnJsonl:
    @staticmethod
    @hookimpl
    def fosterkit_exporters() -> Sequence[Exporter]:
        return [_exporter("jsonl", ".jsonl")]


class OwnCsv:
    @staticmethod
    @hookimpl
    def fosterkit_exporters() -> Sequence[Exporter]:
        return [_exporter("csv", ".csv")]


# Entry points resolve "module:attribute", so the plugins above are reachable as these.
CHATTY = Chatty()
OWN_CSV = OwnCsv()
OWN_JSONL = OwnJsonl()


def _installed_with(monkeypatch: pytest.MonkeyPatch, **extra: str) -> None:
    """Make the entry points of the group the installed ones plus ``name="module:attribute"``."""
    real = list(entry_points(group=GROUP))
    mine = [EntryPoint(name=name, value=value, group=GROUP) for name, value in extra.items()]
    monkeypatch.setattr(fosterkit.plugins.manager, "entry_points", lambda group: [*real, *mine])


EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples" / "records.jsonl"


def _process() -> ExitProcess:
    departure = Departure(
        id="DEP-1",
        household_id="HH-1",
        notice_on=datetime.date(2026, 3, 2),
        initiated_by=Initiator.CARER,
        route=LeavingRoute.RESIGNATION,
        stated_reasons=("finance.fees_allowances",),
    )
    return ExitProcess.start("EXIT-1", departure, supervising_social_worker="SSW-1")


def test_an_implementation_may_declare_a_subset_of_its_hooks_arguments() -> None:
    OnlyAfter.seen.clear()
    plugins = make_plugin_manager(load_entrypoints=False, extra=[("only-after", OnlyAfter)])
    assert plugins.failures == ()
    process = _process()
    assert notify_process_changed(plugins, None, process) == ()
    assert OnlyAfter.seen == [process.id]


def test_system_exit_in_a_hook_is_reported_and_the_others_still_answer() -> None:
    plugins = make_plugin_manager(load_entrypoints=False, extra=[("exits", Exits), ("fine", Fine)])
    found, failures = exporters(plugins)
    assert {"fine", "jsonl"} <= set(found)
    assert [f.describe() for f in failures] == [
        "plugin 'exits' failed while running fosterkit_exporters: SystemExit: 3"
    ]


def test_system_exit_while_loading_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    points = [EntryPoint(name="gone", value="tests.fake_plugins.exits_on_load", group=GROUP)]
    monkeypatch.setattr(fosterkit.plugins.manager, "entry_points", lambda group: points)
    plugins = make_plugin_manager()
    assert [(f.plugin, f.stage) for f in plugins.failures] == [("gone", "loading")]
    assert "SystemExit" in plugins.failures[0].error
    assert "jsonl" in exporters(plugins)[0]


def test_tryfirst_and_trylast_decide_the_order_as_pluggy_says() -> None:
    plugins = make_plugin_manager(
        load_entrypoints=False, defaults=False, extra=[("last", Last), ("first", First), ("fine", Fine)]
    )
    answers, failures = call_hook(plugins, "fosterkit_exporters")
    assert failures == []
    assert [plugin for plugin, _ in answers] == ["first", "fine", "last"]


def test_a_wrapper_sees_and_changes_what_the_others_answer() -> None:
    plugins = make_plugin_manager(
        load_entrypoints=False, defaults=False, extra=[("fine", Fine), ("first", First), ("wrapper", Wrapper)]
    )
    found, failures = exporters(plugins)
    assert failures == ()
    assert list(found) == ["first"]


def test_a_users_ctrl_c_is_not_swallowed() -> None:
    plugins = make_plugin_manager(load_entrypoints=False, extra=[("interrupted", Interrupted)])
    with pytest.raises(KeyboardInterrupt):
        exporters(plugins)


def test_ctrl_c_in_a_command_ends_it_quietly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(fosterkit.plugins.manager, "entry_points", lambda group: [])
    monkeypatch.setattr(
        fosterkit.plugins.manager, "DEFAULT_PLUGINS", (("interrupted", "tests.fake_plugins.interrupts"),)
    )
    assert main(["plugins", "--json"]) == 130
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "fosterkit: interrupted\n"


def test_what_a_plugin_prints_never_reaches_json_output(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _installed_with(
        monkeypatch, chatty="tests.test_plugin_manager:CHATTY", loud="tests.fake_plugins.loud_on_load"
    )
    assert main(["plugins", "--json"]) == 0
    captured = capsys.readouterr()
    listing = json.loads(captured.out)
    assert "chatty" in [e["name"] for e in listing["exporters"]]
    assert "hello from a chatty plugin" in captured.err
    assert "loaded, and loud about it" in captured.err


def test_a_third_party_jsonl_exporter_clashes_and_the_built_in_keeps_the_name(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _installed_with(monkeypatch, aardvark="tests.test_plugin_manager:OWN_JSONL")
    plugins = make_plugin_manager()
    found, failures = exporters(plugins)
    assert found["jsonl"].plugin == "jsonl"
    assert found["aardvark:jsonl"].plugin == "aardvark"
    assert any(f.clash and f.plugin == "aardvark, jsonl" for f in failures)
    records = tmp_path / "records.jsonl"
    write_jsonl([], records)
    assert main(["export", str(records), "--to", "jsonl", "--out", str(tmp_path / "out.jsonl")]) == 0
    err = capsys.readouterr().err
    assert "plugins 'aardvark' and 'jsonl' clash" in err
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8") == ""


def test_a_third_party_csv_exporter_does_not_replace_fosterkits(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _installed_with(monkeypatch, anytown="tests.test_plugin_manager:OWN_CSV")
    records = EXAMPLES
    out = tmp_path / "out.csv"
    assert main(["export", str(records), "--to", "csv", "--kind", "household", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "plugins 'anytown' and 'csv' clash" in err
    assert "exporter 'csv' is offered by more than one plugin: choose anytown:csv or csv:csv" in err
    assert not out.exists()
    assert main(["export", str(records), "--to", "csv:csv", "--kind", "household", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("id,service.name,")  # fosterkit's own writer


def test_the_built_ins_come_from_default_plugins_without_entry_points(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(fosterkit.plugins.manager, "entry_points", lambda group: [])
    plugins = make_plugin_manager()
    assert {name for name, _ in DEFAULT_PLUGINS} <= {info.name for info in plugin_infos(plugins)}
    assert all(info.builtin for info in plugin_infos(plugins))
    assert "jsonl" in exporters(plugins)[0]


def test_a_plugin_can_be_blocked_by_name(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--disable-plugin", "jsonl", "plugins", "--json"]) == 0
    listing = json.loads(capsys.readouterr().out)
    assert "jsonl" not in [p["name"] for p in listing["plugins"]]
    assert "jsonl" not in [e["name"] for e in listing["exporters"]]
    monkeypatch.setenv(DISABLE_ENV, "jsonl, csv")
    assert {"jsonl", "csv"}.isdisjoint(info.name for info in plugin_infos(make_plugin_manager()))


def test_importing_fosterkit_loads_no_adapter_pluggy_sqlite3_or_tempfile() -> None:
    code = (
        "import sys, fosterkit\n"
        "prefixes = ('fosterkit.adapters', 'fosterkit.plugins', 'fosterkit.cli',\n"
        "            'pluggy', 'sqlite3', 'tempfile')\n"
        "print(sorted(m for m in sys.modules if m.startswith(prefixes)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def _write_tracker(tracker: ResponseTracker, _catalogue: Catalogue, path: Path) -> None:
    path.write_text(f"anytown tracker for {tracker.pack}\n", encoding="utf-8")


def _read_tracker(path: Path, packs: PackSet) -> TrackerReading:
    raise AssertionError("not read in these tests")


class AnytownTracker:
    @staticmethod
    @hookimpl
    def fosterkit_tracker_formats() -> Sequence[TrackerFormat]:
        return [
            TrackerFormat(
                name="anytown",
                suffixes=(".csv",),
                description="Anytown's own tracker layout",
                write=_write_tracker,
                read=_read_tracker,
            )
        ]


ANYTOWN_TRACKER = AnytownTracker()


def test_format_chooses_among_formats_that_clash_over_a_suffix(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _installed_with(monkeypatch, anytown="tests.test_plugin_manager:ANYTOWN_TRACKER")
    out = tmp_path / "tracker.csv"
    new = ["tracker", "new", "--pack", "practice-guide-2026", "--service", "Anytown", "--out", str(out)]
    assert main(new) == 2
    assert (
        "plugins clash over it (anytown:anytown, csv:csv); choose one with --format"
        in capsys.readouterr().err
    )
    assert not out.exists()
    assert main([*new, "--format", "anytown"]) == 0
    assert out.read_text(encoding="utf-8") == "anytown tracker for practice-guide-2026\n"
    out.unlink()
    assert main([*new, "--format", "csv:csv"]) == 0
    assert "anytown" not in out.read_text(encoding="utf-8").splitlines()[0]


class Misspelt:
    @staticmethod
    @hookimpl
    def fosterkit_exporter() -> Sequence[Exporter]:
        return []


def test_a_misspelt_hook_is_reported_under_the_plugins_name_with_the_nearest_hook() -> None:
    plugins = make_plugin_manager(load_entrypoints=False, extra=[("typo", Misspelt)])
    assert [f.describe() for f in plugins.failures] == [
        "plugin 'typo' failed while checking hooks: "
        "'fosterkit_exporter' is not a fosterkit hook; did you mean 'fosterkit_exporters'?"
    ]


def _aliasing(code: str) -> object:
    class Aliases:
        @staticmethod
        @hookimpl
        def fosterkit_taxonomy_extensions() -> Sequence[TaxonomyExtension]:
            return [TaxonomyExtension(name="local labels", aliases=(AliasSet(code=code, names=("MILE",)),))]

    return Aliases


class Redefines:
    @staticmethod
    @hookimpl
    def fosterkit_taxonomy_extensions() -> Sequence[TaxonomyExtension]:
        return [TaxonomyExtension(name="greedy", reasons=(Reason(code="finance", label="Mine"),))]


class Mileage:
    @staticmethod
    @hookimpl
    def fosterkit_taxonomy_extensions() -> Sequence[TaxonomyExtension]:
        return [
            TaxonomyExtension(
                name="Anytown", reasons=(Reason(code="finance.mileage", label="Mileage claims"),)
            )
        ]


def test_a_plugins_bad_extension_is_its_own_failure_and_the_others_are_merged() -> None:
    plugins = make_plugin_manager(load_entrypoints=False, extra=[("greedy", Redefines), ("anytown", Mileage)])
    taxonomy, failures = installed_taxonomy(plugins)
    assert "finance.mileage" in taxonomy
    assert [(f.plugin, f.stage, f.clash) for f in failures] == [("greedy", "extending the taxonomy", False)]
    assert "its extension was left out" in failures[0].error


def test_two_plugins_whose_extensions_conflict_are_both_left_out_and_named() -> None:
    plugins = make_plugin_manager(
        load_entrypoints=False,
        extra=[
            ("one", _aliasing("finance.fees_allowances")),
            ("two", _aliasing("personal.retirement")),
            ("anytown", Mileage),
        ],
    )
    taxonomy, failures = installed_taxonomy(plugins)
    assert "finance.mileage" in taxonomy
    assert "MILE" not in taxonomy.get("finance.fees_allowances").aliases
    [clash] = failures
    assert clash.clash
    assert clash.describe().startswith(
        "plugins 'one' and 'two' clash while extending the taxonomy: their extensions conflict"
    )


def test_every_command_keeps_working_when_a_plugins_extension_does_not_fit(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _installed_with(monkeypatch, greedy="tests.test_plugin_manager:REDEFINES")
    assert main(["taxonomy", "--json"]) == 0
    assert "plugin 'greedy' failed while extending the taxonomy" in capsys.readouterr().err
    out = tmp_path / "figures.csv"
    assert main(["publish", str(EXAMPLES), "--out", str(out), "--period", "2025-04-01..2025-09-30"]) == 0
    assert "plugin 'greedy' failed while extending the taxonomy" in capsys.readouterr().err
    assert main(["plugins"]) == 1
    assert "greedy" in capsys.readouterr().out


def test_no_plugins_keeps_only_the_built_ins(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _installed_with(monkeypatch, greedy="tests.test_plugin_manager:REDEFINES")
    assert main(["--no-plugins", "plugins", "--json"]) == 0
    listing = json.loads(capsys.readouterr().out)
    assert sorted(p["name"] for p in listing["plugins"]) == sorted(name for name, _ in DEFAULT_PLUGINS)
    assert listing["failures"] == []


REDEFINES = Redefines()
