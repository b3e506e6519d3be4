"""Finding and running plugins: entry points of the group ``fosterkit``, loaded one at a time.

A plugin that fails to import, or raises inside a hook, is reported by name with its cause and
the others keep working. Nothing is loaded at import time: build a manager with
:func:`make_plugin_manager`, and in tests build one with exactly the plugins you want.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib.metadata import entry_points
from typing import Any

import attrs
import pluggy
from attrs import frozen

from fosterkit import hookspecs
from fosterkit.reasons.extensions import TaxonomyExtension

__all__ = [
    "ENTRY_POINT_GROUP",
    "PluginFailure",
    "Plugins",
    "hookimpl",
    "make_plugin_manager",
    "taxonomy_extensions",
]

#: The entry-point group plugins register under.
ENTRY_POINT_GROUP = hookspecs.PROJECT

#: Marks a function in a plugin module as the implementation of a hook of the same name.
hookimpl = pluggy.HookimplMarker(hookspecs.PROJECT)


@frozen
class PluginFailure:
    """A plugin that could not be loaded or whose hook raised: its name, when, and why."""

    plugin: str
    stage: str
    error: str

    def describe(self) -> str:
        """One line for people."""
        return f"plugin {self.plugin!r} failed while {self.stage}: {self.error}"


@frozen
class Plugins:
    """A plugin manager together with the plugins that failed to load."""

    manager: pluggy.PluginManager
    failures: tuple[PluginFailure, ...]


def _cause(err: BaseException) -> str:
    return f"{type(err).__name__}: {err}"


def make_plugin_manager(
    *,
    load_entrypoints: bool = True,
    blocked: Iterable[str] = (),
    extra: Iterable[tuple[str, object]] = (),
) -> Plugins:
    """Build a plugin manager with fosterkit's hooks.

    ``load_entrypoints`` loads installed plugins (entry-point group ``fosterkit``), one at a
    time, skipping any named in ``blocked``; ``extra`` registers ``(name, plugin)`` pairs
    directly, as tests do.
    """
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    failures: list[PluginFailure] = []
    skip = set(blocked)
    for name in skip:
        manager.set_blocked(name)
    if load_entrypoints:
        for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            if ep.name in skip:
                continue
            try:
                manager.register(ep.load(), name=ep.name)
            except Exception as err:  # noqa: BLE001 - reported, and the others keep loading
                failures.append(PluginFailure(ep.name, "loading", _cause(err)))
    for name, plugin in extra:
        try:
            manager.register(plugin, name=name)
        except Exception as err:  # noqa: BLE001
            failures.append(PluginFailure(name, "registering", _cause(err)))
    try:
        manager.check_pending()
    except pluggy.PluginValidationError as err:
        failures.append(PluginFailure(getattr(err, "plugin_name", "?") or "?", "checking hooks", str(err)))
    return Plugins(manager, tuple(failures))


def _call_each(
    plugins: Plugins, hook_name: str, **kwargs: Any
) -> tuple[list[tuple[str, Any]], list[PluginFailure]]:
    """Call every implementation of a hook on its own, so one failure does not stop the rest."""
    caller = getattr(plugins.manager.hook, hook_name)
    results: list[tuple[str, Any]] = []
    failures: list[PluginFailure] = []
    for impl in sorted(caller.get_hookimpls(), key=lambda i: i.plugin_name):
        try:
            results.append((impl.plugin_name, impl.function(**kwargs)))
        except Exception as err:  # noqa: BLE001 - reported by plugin name
            failures.append(PluginFailure(impl.plugin_name, f"running {hook_name}", _cause(err)))
    return results, failures


def taxonomy_extensions(plugins: Plugins) -> tuple[tuple[TaxonomyExtension, ...], tuple[PluginFailure, ...]]:
    """The taxonomy extensions plugins contribute, each named after its plugin, and any failures."""
    results, failures = _call_each(plugins, "fosterkit_taxonomy_extensions")
    found: list[TaxonomyExtension] = []
    for plugin, returned in results:
        items = returned if isinstance(returned, (list, tuple)) else [returned]
        for item in items:
            if isinstance(item, TaxonomyExtension):
                found.append(attrs.evolve(item, name=f"{item.name} (plugin {plugin})"))
            else:
                failures.append(
                    PluginFailure(
                        plugin,
                        "running fosterkit_taxonomy_extensions",
                        f"returned {type(item).__name__}, not a TaxonomyExtension",
                    )
                )
    return tuple(found), tuple(failures)
