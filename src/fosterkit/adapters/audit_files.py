"""Generating and reading audit workbooks as files, through whichever format plugin fits.

This is an adapter module: it reads records and earlier workbooks from disk and writes the new
workbook atomically. The content itself is decided by :func:`fosterkit.audit.plan_audit_workbook`
and laid out by a format plugin (``fosterkit-excel`` for ``.xlsx``).
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable
from pathlib import Path

import attrs

from fosterkit.adapters.atomic import write_beside
from fosterkit.adapters.input_files import file_fault
from fosterkit.adapters.installed import installed_taxonomy
from fosterkit.adapters.jsonl import iter_jsonl
from fosterkit.adapters.packs import DEFAULT_PACK, load_catalogue
from fosterkit.adapters.publication_log import read_log, write_log
from fosterkit.analysis import Period, exit_insights_with_log, last_complete_half_year, summarise
from fosterkit.analysis.publication import released_counts
from fosterkit.audit import AuditReading, AuditWorkbook, plan_audit_workbook
from fosterkit.errors import AuditFormatError, Problem, StructureError, UnwritableFolderError
from fosterkit.framework.catalogue import Catalogue
from fosterkit.offer import SupportOffer, gap_analysis
from fosterkit.plugins import Plugins, audit_formats, format_for, make_plugin_manager
from fosterkit.plugins.contracts import AuditFormat
from fosterkit.reasons import Taxonomy

__all__ = [
    "AuditFormatError",
    "audit_format_for",
    "generate_audit_workbook",
    "read_audit_workbook",
    "save_audit_workbook",
]

Target = str | os.PathLike[str]


def audit_format_for(
    path: Target, plugins: Plugins | None = None, format_name: str | None = None
) -> AuditFormat:
    """The installed audit-workbook format for ``path``'s suffix (``format_name`` chooses on a clash)."""
    manager = plugins or make_plugin_manager()
    found, _ = audit_formats(manager)
    return format_for(
        found.values(),
        path,
        action="write or read an audit workbook",
        kind="audit-workbook",
        error=AuditFormatError,
        name=format_name,
        builtin=manager.builtin,
    )


def save_audit_workbook(
    workbook: AuditWorkbook, target: Target, *, plugins: Plugins | None = None, format_name: str | None = None
) -> Path:
    """Write ``workbook`` to ``target`` all at once or not at all; returns the path written.

    The format plugin writes a temporary file beside ``target``, which replaces it only when
    writing succeeds, so a failed write leaves any existing file untouched.
    """
    path = Path(target)
    audit_format = audit_format_for(path, plugins, format_name)
    try:
        write_beside(path, lambda temp: audit_format.write(workbook, temp))
    except UnwritableFolderError as err:
        raise AuditFormatError(str(err)) from None
    return path


def read_audit_workbook(
    path: Target, *, catalogue: Catalogue | None = None, plugins: Plugins | None = None
) -> AuditReading:
    """Read a filled-in audit workbook back: the cycle, and every value that could not be accepted."""
    source = Path(path)
    fault = file_fault(source)
    if fault is not None:
        raise StructureError([Problem(path="", message=fault, whole_file=True)], os.fspath(source))
    audit_format = audit_format_for(source, plugins)
    return audit_format.read(source, catalogue or load_catalogue(DEFAULT_PACK))


def generate_audit_workbook(
    target: Target,
    *,
    service: str | None = None,
    today: datetime.date | None = None,
    records: Target | Iterable[object] | None = None,
    previous: Target | AuditReading | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    period: Period | None = None,
    threshold: int = 5,
    catalogue: Catalogue | None = None,
    taxonomy: Taxonomy | None = None,
    plugins: Plugins | None = None,
    format_name: str | None = None,
    any_period: bool = False,
    log_file: Target | None = None,
) -> AuditWorkbook:
    """Generate the audit workbook for a new cycle at ``target`` and return what it holds.

    ``records`` (a JSON Lines path or records) adds the exit interview insights sheet for
    ``period`` (default: the last complete half-year before the cycle starts), with counts from
    1 to ``threshold`` suppressed exactly as ``publish`` suppresses them for that period; the
    period must be a reporting period unless ``any_period``. With ``log_file`` (usually
    :func:`~fosterkit.adapters.publication_log.log_beside` ``target``) the insights stay
    consistent with the releases the log records and are added to it once the workbook is
    written. ``previous`` (last cycle's workbook, or its reading) carries
    open actions and the support offer forward and shows last cycle's positions; with
    ``records`` too, it adds the Gaps sheet (:func:`~fosterkit.offer.gap_analysis`), its leavers
    released exactly as the insights' counts are. ``today`` defaults to the clock.
    ``format_name`` chooses the format when plugins clash over ``target``'s suffix.
    """
    manager = plugins or make_plugin_manager()
    catalogue = catalogue or load_catalogue(DEFAULT_PACK)
    day = today or datetime.date.today()
    last = None
    if previous is not None:
        last = (
            previous
            if isinstance(previous, AuditReading)
            else read_audit_workbook(previous, catalogue=catalogue, plugins=manager)
        )
    name = service or (last.cycle.service if last is not None else "Fostering service")
    workbook = plan_audit_workbook(
        catalogue,
        service=name,
        today=day,
        start=start,
        end=end,
        previous=None if last is None else last.cycle,
    )
    if records is not None:
        stream = iter_jsonl(records) if isinstance(records, (str, os.PathLike)) else records
        summaries = summarise(stream)
        chosen_taxonomy = taxonomy or installed_taxonomy(manager)[0]
        chosen_period = period or last_complete_half_year(workbook.cycle.start)
        log = read_log(log_file) if log_file is not None else None
        insights, logged = exit_insights_with_log(
            summaries,
            catalogue=catalogue,
            taxonomy=chosen_taxonomy,
            period=chosen_period,
            threshold=threshold,
            any_period=any_period,
            log=log,
        )
        workbook = attrs.evolve(workbook, insights=insights)
        if last is not None:
            # The same release as the insights' (same records, period, threshold and log), so a
            # leavers count on the Gaps sheet is the one the insights sheet and ``publish`` show.
            released, _ = released_counts(
                summaries,
                taxonomy=chosen_taxonomy,
                period=chosen_period,
                threshold=threshold,
                any_period=any_period,
                log=log,
            )
            offer = workbook.cycle.offer or SupportOffer()
            workbook = attrs.evolve(workbook, gaps=gap_analysis(offer, catalogue, released=released))
    save_audit_workbook(workbook, target, plugins=manager, format_name=format_name)
    if records is not None and log_file is not None:
        write_log(log_file, logged)
    return workbook
