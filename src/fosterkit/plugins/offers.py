"""What the installed plugins offer: exporters, importers, readers, file formats, packs and extensions.

Each function calls one hook through :func:`~fosterkit.plugins.manager.call_hook` and returns
what was offered together with the failures: a plugin that raised, returned the wrong thing,
or claimed what another plugin claims. Nothing is decided by the order of names:

- two plugins offering one **name** is a clash naming both. A built-in plugin keeps its name
  (the other is reported and can still be used as ``PLUGIN:NAME``); between two others the
  bare name is withdrawn and each is offered only as ``PLUGIN:NAME``;
- two plugins claiming one **file suffix** is a clash too: :func:`format_for` then uses the
  built-in one if there is one, and otherwise asks the caller to choose with ``name``
  (``--format NAME`` on the command line).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TypeVar

import attrs

from fosterkit.framework.catalogue import Catalogue
from fosterkit.interviews.process import ExitProcess
from fosterkit.plugins.contracts import (
    AuditFormat,
    DocumentFormat,
    Exporter,
    Importer,
    ReportFormat,
    SourceReader,
    TrackerFormat,
)
from fosterkit.plugins.manager import PluginFailure, Plugins, call_hook
from fosterkit.reasons.extensions import TaxonomyExtension

__all__ = [
    "FIRST_PARTY_SUFFIXES",
    "audit_formats",
    "by_suffix",
    "catalogue_packs",
    "document_formats",
    "exporters",
    "extensions_by_plugin",
    "format_for",
    "importers",
    "install_hint",
    "missing_format",
    "notify_process_changed",
    "one_for_suffix",
    "pick",
    "plugin_packs",
    "report_formats",
    "source_readers",
    "taxonomy_extensions",
    "tracker_formats",
]

T = TypeVar("T")
E = TypeVar("E", Exporter, Importer, AuditFormat, SourceReader, ReportFormat, TrackerFormat, DocumentFormat)
F = TypeVar("F", AuditFormat, ReportFormat, TrackerFormat, DocumentFormat)


def _contributions(
    plugins: Plugins, hook_name: str, kind: type[T], label: str
) -> tuple[list[tuple[str, T]], list[PluginFailure]]:
    """What each plugin's hook returned, item by item, keeping only items of ``kind``."""
    results, failures = call_hook(plugins, hook_name)
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


def _both(plugins: Iterable[str]) -> str:
    return " and ".join(repr(p) for p in plugins)


def _clash(holders: Iterable[str], hook_name: str, error: str) -> PluginFailure:
    return PluginFailure(", ".join(sorted(set(holders))), f"running {hook_name}", error, clash=True)


def _suffix_clashes(offers: list[E], hook_name: str, label: str) -> list[PluginFailure]:
    claims: dict[str, list[E]] = {}
    for item in offers:
        for suffix in item.suffixes:
            claims.setdefault(suffix, []).append(item)
    failures = []
    for suffix, items in sorted(claims.items()):
        if len({i.plugin for i in items}) > 1:
            names = ", ".join(sorted(f"{i.plugin}:{i.name}" for i in items))
            article = "an" if label[0] in "aeiou" else "a"
            error = f"each offers {article} {label} for {suffix} files ({names})"
            failures.append(_clash((i.plugin for i in items), hook_name, error))
    return failures


def _by_name(
    plugins: Plugins, found: list[tuple[str, E]], hook_name: str, label: str, failures: list[PluginFailure]
) -> dict[str, E]:
    """Offers by name; a clash keeps the built-in's bare name, and every clashing offer as ``PLUGIN:NAME``."""
    claims: dict[str, list[E]] = {}
    for plugin, item in found:
        claims.setdefault(item.name, []).append(attrs.evolve(item, plugin=plugin))
    chosen: dict[str, E] = {}
    for name, offers in claims.items():
        kept = _settled(offers, plugins.builtin)
        if len(offers) == 1 and kept is not None:
            chosen[name] = kept
            continue
        qualified = " or ".join(sorted(f"{item.plugin}:{name}" for item in offers))
        if kept is not None:
            chosen[name] = kept
            outcome = f"the built-in one (plugin {kept.plugin!r}) keeps the name; ask for {qualified}"
        else:
            outcome = f"neither is used by that name: ask for {qualified} or disable one"
        for item in offers:
            chosen[f"{item.plugin}:{name}"] = item
        error = f"each offers {label} {name!r}; {outcome}"
        failures.append(_clash((item.plugin for item in offers), hook_name, error))
    failures.extend(
        _suffix_clashes([item for offers in claims.values() for item in offers], hook_name, label)
    )
    return dict(sorted(chosen.items()))


def _offers(
    plugins: Plugins, hook_name: str, kind: type[E], label: str
) -> tuple[dict[str, E], tuple[PluginFailure, ...]]:
    article = "an" if label[0] in "aeiou" else "a"
    found, failures = _contributions(plugins, hook_name, kind, f"{article} {kind.__name__}")
    return _by_name(plugins, found, hook_name, label, failures), tuple(failures)


def exporters(plugins: Plugins) -> tuple[dict[str, Exporter], tuple[PluginFailure, ...]]:
    """The exporters installed plugins offer, by name, and any failures (a clash among them)."""
    return _offers(plugins, "fosterkit_exporters", Exporter, "exporter")


def importers(plugins: Plugins) -> tuple[dict[str, Importer], tuple[PluginFailure, ...]]:
    """The importers installed plugins offer, by name, and any failures."""
    return _offers(plugins, "fosterkit_importers", Importer, "importer")


def source_readers(plugins: Plugins) -> tuple[dict[str, SourceReader], tuple[PluginFailure, ...]]:
    """The source readers installed plugins offer for imports, by name, and any failures."""
    return _offers(plugins, "fosterkit_source_readers", SourceReader, "source reader")


def audit_formats(plugins: Plugins) -> tuple[dict[str, AuditFormat], tuple[PluginFailure, ...]]:
    """The audit-workbook formats installed plugins offer, by name, and any failures."""
    return _offers(plugins, "fosterkit_audit_formats", AuditFormat, "audit format")


def document_formats(plugins: Plugins) -> tuple[dict[str, DocumentFormat], tuple[PluginFailure, ...]]:
    """The document formats (letters, guides, reports) installed plugins offer, by name, and any failures."""
    return _offers(plugins, "fosterkit_document_formats", DocumentFormat, "document format")


def report_formats(plugins: Plugins) -> tuple[dict[str, ReportFormat], tuple[PluginFailure, ...]]:
    """The report formats installed plugins offer, by name, and any failures."""
    return _offers(plugins, "fosterkit_report_formats", ReportFormat, "report format")


def tracker_formats(plugins: Plugins) -> tuple[dict[str, TrackerFormat], tuple[PluginFailure, ...]]:
    """The response-tracker formats installed plugins offer, by name, and any failures."""
    return _offers(plugins, "fosterkit_tracker_formats", TrackerFormat, "tracker format")


def pick(found: Mapping[str, E], name: str, what: str) -> E:
    """The offer called ``name`` (``NAME`` or ``PLUGIN:NAME``), or ``LookupError`` saying why not.

    ``what`` names the kind of offer ("exporter"). A name two plugins offer, with no built-in
    among them, is refused naming the qualified names to choose from.
    """
    if name in found:
        return found[name]
    clashing = sorted(key for key in found if key.endswith(f":{name}"))
    if clashing:
        raise LookupError(
            f"{what} {name!r} is offered by more than one plugin: choose {' or '.join(clashing)}"
        )
    listed = ", ".join(key for key in found if ":" not in key) or "none installed"
    raise LookupError(f"no {what} {name!r} (installed: {listed})")


def one_for_suffix(found: Mapping[str, E], suffix: str, builtin: Iterable[str]) -> E | None:
    """The offer that claims ``suffix``: the only one, or the built-in among several; ``None`` if none.

    Several offers with no single built-in among them raise ``LookupError`` naming them all.
    """
    offers = list(
        {(item.plugin, item.name): item for item in found.values() if suffix in item.suffixes}.values()
    )
    if not offers:
        return None
    chosen = _settled(offers, builtin)
    if chosen is None:
        names = " or ".join(sorted(f"{item.plugin}:{item.name}" for item in offers))
        raise LookupError(f"plugins clash over {suffix} files: choose {names}")
    return chosen


def _settled(claimants: Sequence[E], builtin: Iterable[str]) -> E | None:
    """The one of ``claimants`` (at least one): the only one, or the only built-in; ``None`` if neither."""
    if len(claimants) == 1:
        return claimants[0]
    builtins = [item for item in claimants if item.plugin in set(builtin)]
    return builtins[0] if len(builtins) == 1 else None


def by_suffix(formats: Iterable[F], path: str | os.PathLike[str]) -> tuple[list[F], str, list[str]]:
    """Every one of ``formats`` that writes ``path``'s suffix, that suffix, and all suffixes on offer."""
    suffix = Path(path).suffix.lower()
    offered = list({(f.plugin, f.name): f for f in formats}.values())
    found = [f for f in offered if suffix in f.suffixes]
    return found, suffix, sorted({s for f in offered for s in f.suffixes})


def format_for(
    formats: Iterable[F],
    path: str | os.PathLike[str],
    *,
    action: str,
    kind: str,
    error: type[Exception],
    install: str = "fosterkit-excel",
    name: str | None = None,
    builtin: Iterable[str] = (),
) -> F:
    """The format of ``formats`` for ``path``'s suffix, or ``error`` saying what is on offer.

    ``name`` (``NAME`` or ``PLUGIN:NAME``) chooses among formats that claim the suffix; without
    it, a suffix two plugins claim goes to the built-in one (a plugin named in ``builtin``) or
    raises ``error`` naming both. ``action`` completes "cannot ... as .ods" and ``kind`` names
    the formats in "no ... format is installed", followed by the distribution to install.
    """
    found, suffix, offered = by_suffix(formats, path)
    shown = suffix or "a file with no suffix"
    if name is not None:
        named = [f for f in found if name in (f.name, f"{f.plugin}:{f.name}")]
        if len(named) == 1:
            return named[0]
        choices = ", ".join(sorted(f"{f.plugin}:{f.name}" for f in found)) or "none"
        raise error(f"cannot {action} as {shown} with format {name!r}: formats for {shown}: {choices}")
    if found:
        chosen = _settled(found, builtin)
        if chosen is not None:
            return chosen
        choices = ", ".join(sorted(f"{f.plugin}:{f.name}" for f in found))
        raise error(
            f"cannot {action} as {shown}: plugins clash over it ({choices}); choose one with --format"
        )
    raise error(f"cannot {action} as {shown}: {missing_format(suffix, offered, kind, install)}")


#: The first-party plugin (its published distribution) that reads or writes each suffix.
FIRST_PARTY_SUFFIXES = {
    ".xlsx": "fosterkit-excel",
    ".xlsm": "fosterkit-excel",
    ".docx": "fosterkit-word",
    ".csv": "fosterkit-csv",
    ".sqlite": "fosterkit-sqlite",
    ".db": "fosterkit-sqlite",
}


def install_hint(distribution: str) -> str:
    """How to install the first-party plugin ``distribution`` (``fosterkit-excel``), for a message.

    The command that works from a copy of fosterkit's repository (an editable install of the
    plugin's folder), and the package's name for a service that keeps its own package index.
    """
    folder = distribution.removeprefix("fosterkit-")
    return (
        f"install the {distribution} plugin: in a copy of fosterkit's repository, "
        f".venv/bin/python -m pip install -e plugins/{folder} (the package {distribution})"
    )


def missing_format(suffix: str, offered: Iterable[str], kind: str, install: str) -> str:
    """Why no installed format takes ``suffix``: what the installed ones take, and what to install.

    The plugin to install is the first-party one for ``suffix``, else ``install``.
    """
    offered = sorted(offered)
    wanted = FIRST_PARTY_SUFFIXES.get(suffix.lower())
    if offered:
        shown = f"installed formats write {', '.join(offered)}"
        return f"{shown}; for {suffix}, {install_hint(wanted)}" if wanted else shown
    return f"no {kind} format is installed; {install_hint(wanted or install)}"


def extensions_by_plugin(
    plugins: Plugins,
) -> tuple[dict[str, tuple[TaxonomyExtension, ...]], tuple[PluginFailure, ...]]:
    """The taxonomy extensions each plugin contributes, each named after its plugin, and any failures."""
    found, failures = _contributions(
        plugins, "fosterkit_taxonomy_extensions", TaxonomyExtension, "a TaxonomyExtension"
    )
    by_plugin: dict[str, tuple[TaxonomyExtension, ...]] = {}
    for plugin, item in found:
        named = attrs.evolve(item, name=f"{item.name} (plugin {plugin})")
        by_plugin[plugin] = (*by_plugin.get(plugin, ()), named)
    return by_plugin, tuple(failures)


def taxonomy_extensions(plugins: Plugins) -> tuple[tuple[TaxonomyExtension, ...], tuple[PluginFailure, ...]]:
    """The taxonomy extensions plugins contribute, each named after its plugin, and any failures."""
    by_plugin, failures = extensions_by_plugin(plugins)
    return tuple(item for items in by_plugin.values() for item in items), failures


def catalogue_packs(plugins: Plugins) -> tuple[dict[str, Catalogue], tuple[PluginFailure, ...]]:
    """The catalogue packs plugins contribute, by pack id, and any failures (a clash among them)."""
    packs, _providers, failures = plugin_packs(plugins)
    return packs, failures


def plugin_packs(
    plugins: Plugins,
) -> tuple[dict[str, Catalogue], dict[str, str], tuple[PluginFailure, ...]]:
    """The packs plugins contribute by id, the plugin behind each, and failures.

    A pack id two plugins contribute is a clash: a built-in plugin keeps it and the other is
    reported as ignored; between two others neither is used, and both are reported.
    """
    found, failures = _contributions(plugins, "fosterkit_catalogue_packs", Catalogue, "a Catalogue")
    claims: dict[str, list[tuple[str, Catalogue]]] = {}
    for plugin, catalogue in found:
        claims.setdefault(catalogue.pack.id, []).append((plugin, catalogue))
    packs: dict[str, Catalogue] = {}
    providers: dict[str, str] = {}
    for pack_id, offers in claims.items():
        builtins = [offer for offer in offers if offer[0] in plugins.builtin]
        kept = offers[0] if len(offers) == 1 else builtins[0] if len(builtins) == 1 else None
        if kept is not None:
            providers[pack_id], packs[pack_id] = kept
        for plugin, _ in offers:
            if kept is not None and plugin == kept[0]:
                continue
            others = sorted({p for p, _ in offers if p != plugin})
            if kept is not None:
                error = f"catalogue pack {pack_id!r} is built into fosterkit; this one is ignored"
            else:
                error = (
                    f"catalogue pack {pack_id!r} is also contributed by {_both(others)}; "
                    "neither is used until one is disabled"
                )
            failures.append(PluginFailure(plugin, "running fosterkit_catalogue_packs", error))
    return dict(sorted(packs.items())), providers, tuple(failures)


def notify_process_changed(
    plugins: Plugins, before: ExitProcess | None, after: ExitProcess
) -> tuple[PluginFailure, ...]:
    """Tell plugins that a process changed, and about each interview the change recorded.

    A plugin that raises is reported in the result; the others are still told.
    """
    _, failures = call_hook(plugins, "fosterkit_process_changed", before=before, after=after)
    held_before = set() if before is None else {i.record.id for i in before.interviews}
    for interview in after.interviews:
        if interview.record.id not in held_before:
            _, more = call_hook(plugins, "fosterkit_interview_completed", process=after, interview=interview)
            failures.extend(more)
    return tuple(failures)
