"""What installed plugins add to the built-in packs and taxonomy, each plugin's faults kept its own."""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from fosterkit.adapters.packs import builtin_packs, load_catalogue, load_taxonomy
from fosterkit.errors import TaxonomyError
from fosterkit.framework.packset import PackSet
from fosterkit.plugins import PluginFailure, Plugins, extensions_by_plugin, plugin_packs
from fosterkit.reasons.extensions import TaxonomyExtension
from fosterkit.reasons.taxonomy import Taxonomy

__all__ = ["installed_packs", "installed_taxonomy"]


def installed_taxonomy(
    plugins: Plugins, *, extra: Iterable[TaxonomyExtension] = ()
) -> tuple[Taxonomy, tuple[PluginFailure, ...]]:
    """The built-in taxonomy with ``extra`` and the installed plugins' extensions merged in, and failures.

    A plugin's extension that does not fit (it redefines a built-in code, say) is that plugin's
    failure: it is left out and reported, and every other plugin's extensions are merged. Two
    plugins whose extensions fit alone but not together (both giving one alias to different
    codes) are a clash: both are left out and reported, never one chosen by name. ``extra``
    (a service's own files) is always merged; a problem in it raises :class:`TaxonomyError`.
    """
    own = tuple(extra)
    by_plugin, found_failures = extensions_by_plugin(plugins)
    failures = list(found_failures)
    everything = [item for items in by_plugin.values() for item in items]
    try:
        return load_taxonomy(extensions=(*own, *everything)), tuple(failures)
    except TaxonomyError:
        pass
    base = load_taxonomy(extensions=own)  # raises for a problem in the service's own files
    stage = "extending the taxonomy"
    fitting: dict[str, tuple[TaxonomyExtension, ...]] = {}
    for plugin, items in sorted(by_plugin.items()):
        try:
            load_taxonomy(extensions=(*own, *items))
            fitting[plugin] = items
        except TaxonomyError as err:
            failures.append(PluginFailure(plugin, stage, f"its extension was left out: {err}"))
    left_out: set[str] = set()
    for first, second in itertools.combinations(sorted(fitting), 2):
        try:
            load_taxonomy(extensions=(*own, *fitting[first], *fitting[second]))
        except TaxonomyError as err:
            left_out.update((first, second))
            error = f"their extensions conflict, so both were left out: {err}"
            failures.append(PluginFailure(f"{first}, {second}", stage, error, clash=True))
    kept = [plugin for plugin in sorted(fitting) if plugin not in left_out]
    try:
        merged = load_taxonomy(extensions=(*own, *(item for plugin in kept for item in fitting[plugin])))
    except TaxonomyError as err:  # three or more that conflict only together
        error = f"their extensions conflict, so all were left out: {err}"
        failures.append(PluginFailure(", ".join(kept), stage, error, clash=True))
        merged = base
    return merged, tuple(failures)


def installed_packs(plugins: Plugins | None) -> tuple[PackSet, tuple[PluginFailure, ...]]:
    """The packs installed plugins contribute, built-in ones included, as one :class:`PackSet`, and failures.

    The built-in packs come from the default plugin ``fosterkit``, which keeps a pack id that
    another plugin also contributes; the other is left out and reported. With ``plugins=None``
    only the built-in packs are included.
    """
    if plugins is None:
        builtin = {pack_id: load_catalogue(pack_id) for pack_id in builtin_packs()}
        return PackSet(builtin, dict.fromkeys(builtin, "fosterkit")), ()
    packs, providers, failures = plugin_packs(plugins)
    return PackSet(packs, providers), failures
