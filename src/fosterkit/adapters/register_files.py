"""Making and reading the register workbook as a file, through whichever format plugin fits.

This is an adapter module: it reads records from JSON Lines, writes the register atomically
(readable by its owner only, as every personal-data file fosterkit writes) and refuses to
replace a file unless asked, and reads a register back with every process rule checked.
The layout itself belongs to the format plugin (``fosterkit-excel`` for ``.xlsx``).
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable
from pathlib import Path

import attrs
from attrs import frozen

from fosterkit.adapters.atomic import write_beside
from fosterkit.adapters.input_files import file_fault
from fosterkit.adapters.installed import installed_taxonomy
from fosterkit.adapters.jsonl import iter_jsonl
from fosterkit.adapters.practice_records import due_now, gather
from fosterkit.errors import FosterkitError, Problem, StructureError, UnwritableFolderError
from fosterkit.interviews import (
    DEFAULT_POLICY,
    Breach,
    CheckResult,
    ExitProcess,
    ProcessPolicy,
    breaches,
    check_records,
)
from fosterkit.plugins import (
    DueNow,
    PluginFailure,
    Plugins,
    RegisterFormat,
    RegisterReading,
    call_hook,
    make_plugin_manager,
)
from fosterkit.plugins.offers import missing_format
from fosterkit.reasons import Taxonomy

__all__ = [
    "RegisterCheck",
    "RegisterError",
    "is_register",
    "make_register_file",
    "read_register",
    "read_register_file",
    "register_format_for",
    "register_formats",
]

Target = str | os.PathLike[str]
_HOOK = "fosterkit_register_formats"


class RegisterError(FosterkitError):
    """A register that cannot be written or read: no format for it, or a file in the way."""


def register_formats(plugins: Plugins) -> tuple[list[RegisterFormat], tuple[PluginFailure, ...]]:
    """The register formats installed plugins offer, each marked with its plugin, and any failures."""
    results, failures = call_hook(plugins, _HOOK)
    found: list[RegisterFormat] = []
    for plugin, returned in results:
        for item in returned if isinstance(returned, (list, tuple)) else [returned]:
            if isinstance(item, RegisterFormat):
                found.append(attrs.evolve(item, plugin=plugin))
            else:
                error = f"returned {type(item).__name__}, not a RegisterFormat"
                failures.append(PluginFailure(plugin, f"running {_HOOK}", error))
    return found, tuple(failures)


def register_format_for(
    path: Target, plugins: Plugins | None = None, format_name: str | None = None
) -> RegisterFormat:
    """The installed register format for ``path``'s suffix; ``format_name`` (``PLUGIN:NAME``) chooses."""
    manager = plugins or make_plugin_manager()
    found, _ = register_formats(manager)
    suffix = Path(path).suffix.lower() or "a file with no suffix"
    fits = [f for f in found if suffix in f.suffixes]
    if format_name is not None:
        fits = [f for f in fits if format_name in (f.name, f"{f.plugin}:{f.name}")]
    builtin = [f for f in fits if f.plugin in manager.builtin]
    if len(fits) == 1 or len(builtin) == 1:
        return (fits if len(fits) == 1 else builtin)[0]
    if fits:
        names = " or ".join(sorted(f"{f.plugin}:{f.name}" for f in fits))
        raise RegisterError(
            f"cannot write or read a register as {suffix}: plugins clash over it; choose {names}"
        )
    offered = sorted({s for f in found for s in f.suffixes})
    hint = missing_format(suffix, offered, "register", "fosterkit-excel")
    raise RegisterError(f"cannot write or read a register as {suffix}: {hint}")


def make_register_file(
    target: Target,
    *,
    service: str,
    records: Target | Iterable[object] = (),
    taxonomy: Taxonomy | None = None,
    force: bool = False,
    plugins: Plugins | None = None,
    format_name: str | None = None,
    today: datetime.date | None = None,
    policy: ProcessPolicy = DEFAULT_POLICY,
) -> int:
    """Write a register for ``service`` at ``target`` holding ``records`` (a JSON Lines path or records).

    Given ``today``, the register also lists what is due or overdue on that day under
    ``policy`` (:func:`~fosterkit.adapters.practice_records.due_now`), for the team to see on
    opening it. Returns how many records it holds. An existing ``target`` is replaced only with
    ``force``; the file appears whole or not at all, readable by its owner only.
    """
    path = Path(target)
    if path.exists() and not force:
        raise RegisterError(f"{os.fspath(path)} already exists; give --force to replace it")
    manager = plugins or make_plugin_manager()
    chosen = register_format_for(path, manager, format_name)
    stream = iter_jsonl(records) if isinstance(records, (str, os.PathLike)) else records
    held = tuple(stream)
    codes = taxonomy or installed_taxonomy(manager)[0]
    due = (
        None
        if today is None
        else DueNow(today=today, items=tuple(due_now(gather(held), today, policy=policy)))
    )
    try:
        write_beside(path, lambda temp: chosen.write(held, service, codes, temp, due))
    except UnwritableFolderError as err:
        raise RegisterError(str(err)) from None
    return len(held)


@frozen
class RegisterCheck:
    """A register read back: what the format read, each process rule broken, and the cross-record check."""

    reading: RegisterReading
    breaches: tuple[tuple[str, Breach], ...]
    """Each breach with the id of the process that breaks it."""
    check: CheckResult

    @property
    def clean(self) -> bool:
        """No value refused, no rule broken, no record problem."""
        return not (self.reading.problems or self.breaches or self.check.problems)


def is_register(path: Target, plugins: Plugins | None = None) -> bool:
    """Whether ``path`` has a suffix an installed register format reads (``.xlsx``: the Excel plugin)."""
    found, _ = register_formats(plugins or make_plugin_manager())
    return Path(path).suffix.lower() in {suffix for f in found for suffix in f.suffixes}


def read_register(path: Target, *, plugins: Plugins | None = None) -> RegisterReading:
    """Read the register at ``path``: its records, and each value it could not take (no rule checked)."""
    source = Path(path)
    fault = file_fault(source)
    if fault is not None:
        raise StructureError([Problem(path="", message=fault, whole_file=True)], os.fspath(source))
    return register_format_for(source, plugins).read(source)


def read_register_file(path: Target, *, plugins: Plugins | None = None) -> RegisterCheck:
    """Read the register at ``path`` and check every process rule and every cross-record rule on it."""
    reading = read_register(path, plugins=plugins)
    broken = tuple(
        (record.id, breach)
        for record in reading.records
        if isinstance(record, ExitProcess)
        for breach in breaches(record)
    )
    return RegisterCheck(reading=reading, breaches=broken, check=check_records(reading.records))
