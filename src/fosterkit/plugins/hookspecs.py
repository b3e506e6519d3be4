"""Every hook a fosterkit plugin can implement. Each hook's docstring is its reference.

Implement a hook with the public marker :data:`fosterkit.hookimpl` and register the module
under the entry-point group ``fosterkit``:

.. code-block:: toml

    [project.entry-points.fosterkit]
    anytown = "anytown_fosterkit.plugin"
"""

from __future__ import annotations

from collections.abc import Sequence

import pluggy

from fosterkit.framework.catalogue import Catalogue
from fosterkit.interviews.process import ExitProcess, Interview
from fosterkit.plugins.contracts import (
    AuditFormat,
    DocumentFormat,
    Exporter,
    Importer,
    RegisterFormat,
    ReportFormat,
    SourceReader,
    TrackerFormat,
)
from fosterkit.reasons.extensions import TaxonomyExtension

__all__ = [
    "PROJECT",
    "fosterkit_audit_formats",
    "fosterkit_catalogue_packs",
    "fosterkit_document_formats",
    "fosterkit_exporters",
    "fosterkit_importers",
    "fosterkit_interview_completed",
    "fosterkit_process_changed",
    "fosterkit_register_formats",
    "fosterkit_report_formats",
    "fosterkit_source_readers",
    "fosterkit_taxonomy_extensions",
    "fosterkit_tracker_formats",
]

#: The pluggy project name, and the entry-point group plugins are found under.
PROJECT = "fosterkit"

_hookspec = pluggy.HookspecMarker(PROJECT)


@_hookspec
def fosterkit_taxonomy_extensions() -> Sequence[TaxonomyExtension]:  # type: ignore[empty-body]
    """Contribute local reason codes and aliases to the reasons-for-leaving taxonomy.

    Return a sequence of :class:`~fosterkit.reasons.TaxonomyExtension` (often just one). Each
    may add codes under existing parents, which inherit their parent's mappings unless they
    set their own, and aliases, such as the labels your case system uses. An extension may not
    redefine or remove a built-in code; a conflict is reported naming the plugin.
    """


@_hookspec
def fosterkit_exporters() -> Sequence[Exporter]:  # type: ignore[empty-body]
    """Offer exporters: ways of writing records out (a file format, a case system).

    Return a sequence of :class:`~fosterkit.plugins.contracts.Exporter`, each with a name unique among
    installed plugins, the file suffixes it writes, a description, its options, and its
    ``write(records, path, options)`` function. ``write`` receives the records as a stream and
    should write as it goes. Unless the exporter sets ``atomic=False``, ``path`` is a temporary
    file beside the target, which fosterkit moves into place only when ``write`` returns.
    """


@_hookspec
def fosterkit_importers() -> Sequence[Importer]:  # type: ignore[empty-body]
    """Offer importers: ways of reading records in.

    Return a sequence of :class:`~fosterkit.plugins.contracts.Importer`, each with a name, suffixes,
    description, options and a ``read(path, options)`` function yielding records one at a time.
    A problem in the data raises :class:`~fosterkit.errors.StructureError` naming the row and field.
    """


@_hookspec
def fosterkit_source_readers() -> Sequence[SourceReader]:  # type: ignore[empty-body]
    """Offer source readers: ways of reading rows from files kept elsewhere, for ``fosterkit import``.

    Return a sequence of :class:`~fosterkit.plugins.contracts.SourceReader`, each with a name (the
    ``format`` an import mapping names), the suffixes it reads, a description, its options (set
    under ``[source]`` in the mapping) and ``read_rows(path, options)``, which yields
    ``(row_number, cells)`` for every row of the file, streaming. The import mapping, not the
    reader, turns rows into records, so a reader only has to get the cells out faithfully.
    """


@_hookspec
def fosterkit_audit_formats() -> Sequence[AuditFormat]:  # type: ignore[empty-body]
    """Offer a file format for the audit-tool workbook (the Excel plugin offers ``excel``).

    Return a sequence of :class:`~fosterkit.audit.AuditFormat`, each with a name, the suffixes
    it writes, a description, ``write(workbook, path)`` which lays out an
    :class:`~fosterkit.audit.AuditWorkbook` at ``path`` (a temporary file fosterkit moves into
    place when ``write`` returns), and ``read(path, catalogue)`` which reads a filled-in file
    back into an :class:`~fosterkit.audit.AuditReading`, reporting each bad value with its cell.
    """


@_hookspec
def fosterkit_report_formats() -> Sequence[ReportFormat]:  # type: ignore[empty-body]
    """Offer a file format for the retention report (the Excel plugin offers ``excel``).

    Return a sequence of :class:`~fosterkit.plugins.contracts.ReportFormat`, each with a name, the
    suffixes it writes, a description and ``write(report, path)``, which lays out a
    :class:`~fosterkit.analysis.Report` (tables already suppressed, priorities, cost) at
    ``path``, a temporary file fosterkit moves into place when ``write`` returns.
    """


@_hookspec
def fosterkit_tracker_formats() -> Sequence[TrackerFormat]:  # type: ignore[empty-body]
    """Offer a file format for local response trackers (``excel`` and ``csv`` ship as plugins).

    Return a sequence of :class:`~fosterkit.plugins.contracts.TrackerFormat`, each with a name, its
    suffixes, a description, ``write(tracker, catalogue, path)`` and ``read(path, packs)``.
    Lay the table out with :data:`fosterkit.tracker.COLUMNS` and :func:`~fosterkit.tracker.tracker_row`,
    and read it back through :func:`~fosterkit.tracker.read_entries`, so every format accepts
    and rejects the same values.
    """


@_hookspec
def fosterkit_register_formats() -> Sequence[RegisterFormat]:  # type: ignore[empty-body]
    """Offer a file format for the register workbook a team runs its exit interviews from (``excel``).

    Return a sequence of :class:`~fosterkit.plugins.contracts.RegisterFormat`, each with a name,
    its suffixes, a description, ``write(records, service, taxonomy, path, due_now)``, which
    lays the records out at ``path`` (a temporary file fosterkit moves into place when ``write``
    returns), showing what is due when ``due_now`` (a :class:`~fosterkit.plugins.DueNow`) is
    given, and ``read(path)``, which turns every row back into records and lists each value
    it could not accept as a :class:`~fosterkit.errors.CellProblem` naming sheet, cell and value.
    fosterkit checks the process rules on what ``read`` returns, so a format need not.
    """


@_hookspec
def fosterkit_document_formats() -> Sequence[DocumentFormat]:  # type: ignore[empty-body]
    """Offer a file format for documents: letters, the discussion guide and reports (``word``).

    Return a sequence of :class:`~fosterkit.plugins.contracts.DocumentFormat`, each with a name,
    its suffixes, a description and ``write(document, path)``, which lays out a
    :class:`~fosterkit.documents.Document` (its words already filled in from the service's
    template pack) at ``path``, a temporary file fosterkit moves into place when ``write``
    returns. ``fosterkit letter``, ``fosterkit discussion-guide`` and ``fosterkit report`` with
    a suffix no report format claims all write through it.
    """


@_hookspec
def fosterkit_catalogue_packs() -> Sequence[Catalogue]:  # type: ignore[empty-body]
    """Contribute framework catalogue packs (a regional framework, an earlier national one).

    Return a sequence of checked :class:`~fosterkit.framework.Catalogue` objects, usually built
    with :func:`fosterkit.parse_catalogue_toml` from a TOML file in the plugin's own package. A
    pack id that is already taken is reported naming the plugin.
    """


@_hookspec
def fosterkit_process_changed(before: ExitProcess | None, after: ExitProcess) -> None:
    """Follow an exit-interview process as it changes (to update a case system, say).

    Called by :func:`fosterkit.plugins.notify_process_changed` with the state before (``None``
    for a new process) and after an operation. The return value is ignored; an exception is
    reported naming the plugin and does not stop the other plugins.
    """


@_hookspec
def fosterkit_interview_completed(process: ExitProcess, interview: Interview) -> None:
    """Follow exit interviews as they are held: ``interview`` has just been recorded on ``process``.

    Called by :func:`fosterkit.plugins.notify_process_changed` once for each interview that the
    change added. An exception is reported naming the plugin.
    """
