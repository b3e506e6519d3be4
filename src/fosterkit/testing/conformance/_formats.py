"""``check_audit_format`` and ``check_plugin``: an audit workbook format, and a plugin as it is installed."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from attrs import frozen
from hypothesis import given

import fosterkit
from fosterkit.framework import Catalogue
from fosterkit.plugins import (
    AuditFormat,
    AuditWorkbook,
    Exporter,
    Importer,
    PluginFailure,
    PluginInfo,
    Plugins,
    ReportFormat,
    SourceReader,
    TrackerFormat,
    audit_formats,
    exporters,
    importers,
    make_plugin_manager,
    plugin_infos,
    report_formats,
    source_readers,
    tracker_formats,
)
from fosterkit.testing.audit_strategies import audit_cycles
from fosterkit.testing.conformance._support import examples, fail, own_folder, scratch, suffix

_DAY = datetime.date(2026, 11, 23)


def check_audit_format(
    fmt: AuditFormat, directory: Path, *, catalogue: Catalogue | None = None, max_examples: int = 25
) -> None:
    """Check that an audit-workbook format reads back every cycle it writes, writing files in ``directory``.

    Call it from a test: ``check_audit_format(my_format, tmp_path)``. For ``max_examples``
    hypothesis-generated audit cycles of ``catalogue`` (by default the built-in Practice Guide
    pack), with answers, priorities and actions, the workbook ``fmt`` writes reads back as the
    same cycle with no problems; it raises :class:`AssertionError` naming the format otherwise.
    """
    directory = own_folder(directory, "check-audit-format")
    pack = catalogue if catalogue is not None else fosterkit.load_catalogue()

    @examples(max_examples)
    @given(cycle=audit_cycles(pack))
    def round_trip(cycle: Any) -> None:
        with scratch(directory, "audit") as folder:
            path = folder / f"audit{suffix(fmt)}"
            fmt.write(AuditWorkbook(catalogue=pack, cycle=cycle, generated_on=_DAY), path)
            reading = fmt.read(path, pack)
            if reading.problems:
                fail(fmt.name, f"a cycle read back with problems: {[str(p) for p in reading.problems]}")
            if reading.cycle != cycle:
                fail(fmt.name, "an audit cycle did not read back as it was written")

    round_trip()


@frozen
class PluginOffers:
    """What one installed plugin offers, by name, as :func:`check_plugin` found it."""

    info: PluginInfo
    exporters: dict[str, Exporter]
    importers: dict[str, Importer]
    source_readers: dict[str, SourceReader]
    tracker_formats: dict[str, TrackerFormat]
    audit_formats: dict[str, AuditFormat]
    report_formats: dict[str, ReportFormat]


_Collect = Callable[[Plugins], tuple[Mapping[str, Any], tuple[PluginFailure, ...]]]
_OFFERS: dict[str, tuple[str, _Collect]] = {
    "fosterkit_exporters": ("exporters", exporters),
    "fosterkit_importers": ("importers", importers),
    "fosterkit_source_readers": ("source_readers", source_readers),
    "fosterkit_tracker_formats": ("tracker_formats", tracker_formats),
    "fosterkit_audit_formats": ("audit_formats", audit_formats),
    "fosterkit_report_formats": ("report_formats", report_formats),
}


def check_plugin(name: str) -> PluginOffers:
    """Check the installed plugin ``name`` as fosterkit finds it, and return what it offers.

    Call it from a test once your distribution is installed (``pip install -e .``):
    ``offers = check_plugin("anytown")``. It checks that the plugin is found through its entry
    point and loads without failures, that what it offers does not clash with another
    plugin's, that each hook it implements offers something, and that every offer is marked
    with the plugin's name and has suffixes that start with a dot. Assert what your plugin
    offers (names, options) on the result.
    """
    plugins = make_plugin_manager()
    failed = [f.describe() for f in plugins.failures if name in f.plugin.split(", ")]
    if failed:
        fail(name, f"the plugin failed: {failed}")
    info = next((i for i in plugin_infos(plugins) if i.name == name), None)
    if info is None:
        fail(
            name, "no plugin of that name is installed (is its distribution installed, with its entry point?)"
        )
    found: dict[str, dict[str, Any]] = {}
    for hook, (field, collect) in _OFFERS.items():
        offered, failures = collect(plugins)
        clashes = [f.describe() for f in failures if name in f.plugin.split(", ")]
        if clashes:
            fail(name, f"its {field.replace('_', ' ')} clash: {clashes}")
        mine = {key: offer for key, offer in offered.items() if offer.plugin == name}
        if hook in info.hooks and not mine:
            fail(name, f"implements {hook} but offers nothing through it")
        for offer in mine.values():
            if not offer.suffixes or not all(s.startswith(".") for s in offer.suffixes):
                fail(
                    name,
                    f"{offer.name} has suffixes {offer.suffixes!r}: give one or more, each starting with '.'",
                )
        found[field] = mine
    return PluginOffers(info=info, **found)
