"""Plugins contribute taxonomy extensions through the hook; a failing plugin is named and isolated."""

from __future__ import annotations

from collections.abc import Sequence
from importlib.metadata import EntryPoint
from typing import Any

import pytest

import fosterkit.plugins.manager
from fosterkit import Reason, TaxonomyExtension, hookimpl, load_taxonomy
from fosterkit.errors import TaxonomyError
from fosterkit.plugins import make_plugin_manager, taxonomy_extensions


class Anytown:
    @hookimpl
    def fosterkit_taxonomy_extensions(self) -> Sequence[TaxonomyExtension]:
        return [
            TaxonomyExtension(
                name="Anytown County Council",
                reasons=(Reason(code="finance.mileage", label="Mileage claims"),),
            )
        ]


class Broken:
    @hookimpl
    def fosterkit_taxonomy_extensions(self) -> Sequence[TaxonomyExtension]:
        raise RuntimeError("database unavailable")


class Greedy:
    @hookimpl
    def fosterkit_taxonomy_extensions(self) -> Sequence[TaxonomyExtension]:
        return [TaxonomyExtension(name="Greedy", reasons=(Reason(code="finance", label="Mine"),))]


class Confused:
    @hookimpl
    def fosterkit_taxonomy_extensions(self) -> Any:
        return ["not an extension"]


def test_extension_from_a_plugin_is_merged() -> None:
    plugins = make_plugin_manager(load_entrypoints=False, extra=[("anytown", Anytown())])
    found, failures = taxonomy_extensions(plugins)
    assert failures == ()
    taxonomy = load_taxonomy(extensions=found)
    assert "finance.mileage" in taxonomy
    assert taxonomy.pack.extended_by == ("Anytown County Council (plugin anytown)",)


def test_a_plugin_that_raises_is_reported_and_the_others_still_work() -> None:
    plugins = make_plugin_manager(
        load_entrypoints=False, extra=[("anytown", Anytown()), ("broken", Broken())]
    )
    found, failures = taxonomy_extensions(plugins)
    assert [e.name for e in found] == ["Anytown County Council (plugin anytown)"]
    [failure] = failures
    assert failure.plugin == "broken"
    assert "RuntimeError: database unavailable" in failure.describe()


def test_a_conflict_names_the_plugin() -> None:
    plugins = make_plugin_manager(load_entrypoints=False, extra=[("greedy", Greedy())])
    found, _ = taxonomy_extensions(plugins)
    with pytest.raises(TaxonomyError, match=r"Greedy \(plugin greedy\): reasons\[0\].code"):
        load_taxonomy(extensions=found)


def test_a_plugin_returning_the_wrong_thing_is_reported() -> None:
    plugins = make_plugin_manager(load_entrypoints=False, extra=[("confused", Confused())])
    found, failures = taxonomy_extensions(plugins)
    assert found == ()
    assert "returned str, not a TaxonomyExtension" in failures[0].error


def test_entry_points_load_one_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    points = [
        EntryPoint(name="missing", value="no_such_module_xyz", group="fosterkit"),
        EntryPoint(name="anytown", value="tests.test_plugins:ANYTOWN", group="fosterkit"),
    ]
    monkeypatch.setattr(
        fosterkit.plugins.manager, "entry_points", lambda group: [p for p in points if p.group == group]
    )
    plugins = make_plugin_manager()
    assert [f.plugin for f in plugins.failures] == ["missing"]
    assert "ModuleNotFoundError" in plugins.failures[0].error
    assert plugins.manager.has_plugin("anytown")
    blocked = make_plugin_manager(blocked=["missing"])
    assert blocked.failures == ()


def test_a_misspelt_hook_is_an_error_not_silence() -> None:
    class Typo:
        @hookimpl
        def fosterkit_taxonomy_extension(self) -> list[TaxonomyExtension]:
            return []

    plugins = make_plugin_manager(load_entrypoints=False, extra=[("typo", Typo())])
    assert [f.stage for f in plugins.failures] == ["checking hooks"]
    assert "fosterkit_taxonomy_extension" in plugins.failures[0].error


ANYTOWN = Anytown()
