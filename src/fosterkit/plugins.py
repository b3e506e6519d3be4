"""Finding and running plugins: entry points of the group ``fosterkit``, loaded one at a time.

A plugin that fails to import, or raises inside a hook, is reported by name with its cause and
the others keep working. Nothing is loaded at import time: build a manager with
:func:`make_plugin_manager`, and in tests build one with exactly the plugins you want.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, TypeVar

import attrs
import pluggy
from attrs import frozen

from fosterkit import hookspecs
from fosterkit.exchange import AuditFormat, Exporter, Importer, ReportFormat, SourceReader, TrackerFormat
from fosterkit.framework.catalogue import Catalogue
from fosterkit.framework.packset import PackSet
from fosterkit.interviews.process import ExitProcess
from fosterkit.loader import builtin_packs, load_catalogue, load_taxonomy
from fosterkit.reasons.extensions import TaxonomyExtension
from fosterkit.reasons.taxonomy import Taxonomy

__all__ = [
    "ENTRY_POINT_GROUP",
    "PluginFailure",
    "PluginInfo",
    "Plugins",
    "audit_formats",
    "by_suffix",
    "catalogue_packs",
    "exporters",
    "format_for",
    "hookimpl",
    "importers",
    "installed_packs",
    "installed_taxonomy",
    "make_plugin_manager",
    "notify_process_changed",
    "plugin_infos",
    "report_formats",
    "source_readers",
    "taxonomy_extensions",
    "tracker_formats",
]

T = TypeVar("T")
E = TypeVar("E", Exporter, Importer, AuditFormat, SourceReader, ReportFormat, TrackerFormat)
F = TypeVar("F", AuditFormat, ReportFormat, TrackerFormat)

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
    distributions: Mapping[str, tuple[str, str]] = attrs.field(factory=dict)
    """For each plugin loaded from an entry point: its distribution's name and version."""


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
    distributions: dict[str, tuple[str, str]] = {}
    skip = set(blocked)
    for name in skip:
        manager.set_blocked(name)
    if load_entrypoints:
        for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            if ep.name in skip:
                continue
            if ep.dist is not None:
                distributions[ep.name] = (ep.dist.name, ep.dist.version)
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
    return Plugins(manager, tuple(failures), distributions)


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


def installed_taxonomy(plugins: Plugins) -> Taxonomy:
    """The built-in taxonomy with every installed plugin's local extensions merged in."""
    extensions, _ = taxonomy_extensions(plugins)
    return load_taxonomy(extensions=extensions)


def by_suffix(formats: Iterable[F], path: str | os.PathLike[str]) -> tuple[F | None, str, list[str]]:
    """The first of ``formats`` that writes ``path``'s suffix (or ``None``), that suffix, and all on offer."""
    suffix = Path(path).suffix.lower()
    offered = list(formats)
    found = next((f for f in offered if suffix in f.suffixes), None)
    return found, suffix, sorted({s for f in offered for s in f.suffixes})


def format_for(
    formats: Iterable[F],
    path: str | os.PathLike[str],
    *,
    action: str,
    kind: str,
    error: type[Exception],
    install: str = "fosterkit-excel",
) -> F:
    """The format of ``formats`` for ``path``'s suffix, or ``error`` saying what is on offer.

    ``action`` completes "cannot ... as .ods" and ``kind`` names the formats in "no ... format
    is installed", followed by the distribution to install.
    """
    found, suffix, offered = by_suffix(formats, path)
    if found is not None:
        return found
    hint = (
        f"installed formats write {', '.join(offered)}"
        if offered
        else f"no {kind} format is installed: install {install} (pip install {install})"
    )
    raise error(f"cannot {action} as {suffix or 'a file with no suffix'}: {hint}")


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


def _contributions(
    plugins: Plugins, hook_name: str, kind: type[T], label: str
) -> tuple[list[tuple[str, T]], list[PluginFailure]]:
    """What each plugin's hook returned, item by item, keeping only items of ``kind``."""
    results, failures = _call_each(plugins, hook_name)
    found: list[tuple[str, T]] = []
    for plugin, returned in results:
        items = returned if isinstance(returned, (list, tuple)) else [returned]
        for item in items:
            if isinstance(item, kind):
                found.append((plugin, item))
            else:
                error = f"returned {type(item).__name__}, not {label}"
                failures.append(PluginFailure(plugin, f"running {hook_name}", error))
    return found, failures


def _by_name(found: list[tuple[str, E]], hook_name: str, failures: list[PluginFailure]) -> dict[str, E]:
    chosen: dict[str, E] = {}
    for plugin, item in found:
        if item.name in chosen:
            earlier = chosen[item.name].plugin
            error = f"{item.name!r} is already offered by plugin {earlier!r}; this one is ignored"
            failures.append(PluginFailure(plugin, f"running {hook_name}", error))
            continue
        chosen[item.name] = attrs.evolve(item, plugin=plugin)
    return dict(sorted(chosen.items()))


def exporters(plugins: Plugins) -> tuple[dict[str, Exporter], tuple[PluginFailure, ...]]:
    """The exporters installed plugins offer, by name, and any failures (a repeated name among them)."""
    found, failures = _contributions(plugins, "fosterkit_exporters", Exporter, "an Exporter")
    return _by_name(found, "fosterkit_exporters", failures), tuple(failures)


def importers(plugins: Plugins) -> tuple[dict[str, Importer], tuple[PluginFailure, ...]]:
    """The importers installed plugins offer, by name, and any failures."""
    found, failures = _contributions(plugins, "fosterkit_importers", Importer, "an Importer")
    return _by_name(found, "fosterkit_importers", failures), tuple(failures)


def source_readers(plugins: Plugins) -> tuple[dict[str, SourceReader], tuple[PluginFailure, ...]]:
    """The source readers installed plugins offer for imports, by name, and any failures."""
    found, failures = _contributions(plugins, "fosterkit_source_readers", SourceReader, "a SourceReader")
    return _by_name(found, "fosterkit_source_readers", failures), tuple(failures)


def audit_formats(plugins: Plugins) -> tuple[dict[str, AuditFormat], tuple[PluginFailure, ...]]:
    """The audit-workbook formats installed plugins offer, by name, and any failures."""
    found, failures = _contributions(plugins, "fosterkit_audit_formats", AuditFormat, "an AuditFormat")
    return _by_name(found, "fosterkit_audit_formats", failures), tuple(failures)


def report_formats(plugins: Plugins) -> tuple[dict[str, ReportFormat], tuple[PluginFailure, ...]]:
    """The report formats installed plugins offer, by name, and any failures."""
    found, failures = _contributions(plugins, "fosterkit_report_formats", ReportFormat, "a ReportFormat")
    return _by_name(found, "fosterkit_report_formats", failures), tuple(failures)


def tracker_formats(plugins: Plugins) -> tuple[dict[str, TrackerFormat], tuple[PluginFailure, ...]]:
    """The response-tracker formats installed plugins offer, by name, and any failures."""
    found, failures = _contributions(plugins, "fosterkit_tracker_formats", TrackerFormat, "a TrackerFormat")
    return _by_name(found, "fosterkit_tracker_formats", failures), tuple(failures)


def catalogue_packs(plugins: Plugins) -> tuple[dict[str, Catalogue], tuple[PluginFailure, ...]]:
    """The catalogue packs plugins contribute, by pack id, and any failures (a taken id among them)."""
    packs, _providers, failures = _plugin_packs(plugins, taken=())
    return packs, failures


def _plugin_packs(
    plugins: Plugins, taken: Iterable[str]
) -> tuple[dict[str, Catalogue], dict[str, str], tuple[PluginFailure, ...]]:
    found, failures = _contributions(plugins, "fosterkit_catalogue_packs", Catalogue, "a Catalogue")
    taken = set(taken)
    packs: dict[str, Catalogue] = {}
    providers: dict[str, str] = {}
    for plugin, catalogue in found:
        pack_id = catalogue.pack.id
        if pack_id in taken or pack_id in packs:
            where = (
                "is built into fosterkit"
                if pack_id in taken
                else f"is also contributed by {providers[pack_id]!r}"
            )
            error = f"catalogue pack {pack_id!r} {where}; this one is ignored"
            failures.append(PluginFailure(plugin, "running fosterkit_catalogue_packs", error))
            continue
        packs[pack_id] = catalogue
        providers[pack_id] = plugin
    return dict(sorted(packs.items())), providers, tuple(failures)


def installed_packs(plugins: Plugins | None) -> tuple[PackSet, tuple[PluginFailure, ...]]:
    """The built-in packs and those plugins contribute, as one :class:`PackSet`, and any failures.

    A plugin's pack whose id is already taken (by a built-in pack or another plugin) is left
    out and reported. With ``plugins=None`` only the built-in packs are included.
    """
    builtin = {pack_id: load_catalogue(pack_id) for pack_id in builtin_packs()}
    providers = dict.fromkeys(builtin, "fosterkit")
    failures: tuple[PluginFailure, ...] = ()
    packs = dict(builtin)
    if plugins is not None:
        contributed, by_plugin, failures = _plugin_packs(plugins, taken=builtin)
        packs.update(contributed)
        providers.update(by_plugin)
    return PackSet(packs, providers), failures


def notify_process_changed(
    plugins: Plugins, before: ExitProcess | None, after: ExitProcess
) -> tuple[PluginFailure, ...]:
    """Tell plugins that a process changed, and about each interview the change recorded.

    A plugin that raises is reported in the result; the others are still told.
    """
    _, failures = _call_each(plugins, "fosterkit_process_changed", before=before, after=after)
    held_before = set() if before is None else {i.record.id for i in before.interviews}
    for interview in after.interviews:
        if interview.record.id not in held_before:
            _, more = _call_each(plugins, "fosterkit_interview_completed", process=after, interview=interview)
            failures.extend(more)
    return tuple(failures)


@frozen
class PluginInfo:
    """An installed plugin: its name, distribution and version, and the hooks it implements."""

    name: str
    distribution: str | None
    version: str | None
    hooks: tuple[str, ...]


def plugin_infos(plugins: Plugins) -> tuple[PluginInfo, ...]:
    """Every registered plugin, sorted by name, with the hooks it implements."""
    infos = []
    for name, plugin in plugins.manager.list_name_plugin():
        if plugin is None:
            continue
        callers = plugins.manager.get_hookcallers(plugin) or []
        dist, version = plugins.distributions.get(name, (None, None))
        infos.append(PluginInfo(name, dist, version, tuple(sorted(c.name for c in callers))))
    return tuple(sorted(infos, key=lambda i: i.name))
