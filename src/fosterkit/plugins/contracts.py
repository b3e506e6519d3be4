"""Exporters and importers: what a plugin registers, and how fosterkit runs it safely.

A plugin describes an exporter with a name, the file suffixes it writes, a description, the
options it takes, and a ``write`` function. fosterkit checks the options, hands ``write`` a
stream of records and a temporary path beside the target, and moves the finished file into
place only when ``write`` returns. If ``write`` fails, the target is untouched, no partial file
is left, and the error names the plugin. An exporter that updates something in place (a
database) sets ``atomic=False`` and keeps its own transactions.
"""

from __future__ import annotations

import contextlib
import datetime
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import attrs
from attrs import field, frozen

from fosterkit._util import validators as v
from fosterkit.analysis.report import Report
from fosterkit.audit.workbook import AuditReading, AuditWorkbook
from fosterkit.documents.model import Document
from fosterkit.errors import CellProblem, FosterkitError, SourceError, UnwritableFolderError, cannot_read
from fosterkit.framework.catalogue import Catalogue
from fosterkit.framework.packset import PackSet
from fosterkit.imports.source import Cell, SourceRow, UnreadableRow
from fosterkit.interviews.due_items import DueItem
from fosterkit.reasons import Taxonomy
from fosterkit.tracker import ResponseTracker, TrackerReading

__all__ = [
    "AuditFormat",
    "Cell",
    "DocumentFormat",
    "DueNow",
    "ExportError",
    "Exporter",
    "Importer",
    "ImporterError",
    "Option",
    "OptionError",
    "RegisterFormat",
    "RegisterReading",
    "ReportFormat",
    "SourceReader",
    "SourceRow",
    "TrackerFormat",
    "UnreadableRow",
    "kind_option",
    "parse_option",
    "scratch_folder",
    "special_category_option",
]

#: The kinds of value an option may take.
_OPTION_TYPES = (bool, int, str)


class OptionError(FosterkitError):
    """An option an exporter or importer does not take, or a value of the wrong type."""


class ExportError(FosterkitError):
    """An exporter failed (or its target could not be written); the target was left as it was.

    ``cause`` is the underlying error, and the message repeats it: for a problem in the records
    (a bad record, a second kind in a one-kind table) it is the fosterkit error saying what is wrong.
    """

    def __init__(self, exporter: str, plugin: str, cause: BaseException) -> None:
        self.exporter = exporter
        self.plugin = plugin
        self.cause = cause
        by = f" (plugin {plugin!r})" if plugin else ""
        super().__init__(f"exporter {exporter!r}{by} failed: {type(cause).__name__}: {cause}")


class ImporterError(FosterkitError):
    """An importer failed with an error of its own (not a problem in the data, which is a StructureError)."""

    def __init__(self, importer: str, plugin: str, cause: BaseException) -> None:
        self.importer = importer
        self.plugin = plugin
        self.cause = cause
        by = f" (plugin {plugin!r})" if plugin else ""
        super().__init__(f"importer {importer!r}{by} failed: {type(cause).__name__}: {cause}")


def _option_type(_instance: object, _attribute: object, value: type) -> None:
    if value not in _OPTION_TYPES:
        raise TypeError(f"an option is bool, int or str, not {value!r}")


@frozen(kw_only=True)
class Option:
    """One option of an exporter or importer: its name, type, default and meaning."""

    name: str = field(validator=v.identifier)
    type: type = field(validator=_option_type)
    default: object
    description: str = field(validator=v.text)
    choices: tuple[str, ...] = ()
    """For a text option, the values allowed (empty: any)."""

    def check(self, value: object) -> object:
        """``value`` if this option accepts it; :class:`OptionError` saying why not otherwise."""
        ok = isinstance(value, self.type) and (self.type is bool or not isinstance(value, bool))
        if not ok:
            raise OptionError(f"option {self.name!r} takes {self.type.__name__}, not {value!r}")
        if self.choices and value not in self.choices:
            raise OptionError(f"option {self.name!r} is one of {', '.join(self.choices)}, not {value!r}")
        return value


def kind_option(description: str) -> Option:
    """The ``kind`` option of a tabular exporter or importer: one of the kinds registered now, or empty."""
    from fosterkit.serial.kinds import RECORD_KINDS

    return Option(name="kind", type=str, default="", description=description, choices=("", *RECORD_KINDS))


def special_category_option(description: str) -> Option:
    """The ``special_category`` option: off by default, so equality data is only handled when asked for."""
    return Option(name="special_category", type=bool, default=False, description=description)


def parse_option(options: Iterable[Option], text: str) -> tuple[str, object]:
    """``name=value`` from the command line, the value read as the option's type."""
    name, sep, raw = text.partition("=")
    if not sep:
        raise OptionError(f"expected name=value, not {text!r}")
    option = _find(tuple(options), name.strip())
    raw = raw.strip()
    if option.type is bool:
        if raw.lower() not in ("true", "false", "yes", "no"):
            raise OptionError(f"option {option.name!r} takes true or false, not {raw!r}")
        return option.name, raw.lower() in ("true", "yes")
    if option.type is int:
        try:
            return option.name, int(raw)
        except ValueError:
            raise OptionError(f"option {option.name!r} takes a whole number, not {raw!r}") from None
    return option.name, raw


def _find(options: tuple[Option, ...], name: str) -> Option:
    for option in options:
        if option.name == name:
            return option
    known = ", ".join(o.name for o in options) or "none"
    raise OptionError(f"unknown option {name!r} (options: {known})")


def _resolve(options: tuple[Option, ...], given: Mapping[str, object]) -> dict[str, object]:
    for name in given:
        _find(options, name)
    return {o.name: o.check(given[o.name]) if o.name in given else o.default for o in options}


def _suffixes(_instance: object, _attribute: object, value: tuple[str, ...]) -> None:
    for suffix in value:
        if not (isinstance(suffix, str) and suffix.startswith(".")):
            raise TypeError(f"a suffix starts with a dot, as '.csv' does, not {suffix!r}")


#: ``write(records, path, options)`` writes the records to ``path`` and returns how many.
WriteFn = Callable[[Iterator[object], Path, Mapping[str, object]], int]
#: ``read(path, options)`` yields the records a file holds.
ReadFn = Callable[[Path, Mapping[str, object]], Iterator[object]]


T = TypeVar("T")


@frozen(kw_only=True)
class Exporter:
    """An exporter a plugin offers: name, suffixes, description, options, and the function that writes."""

    name: str = field(validator=v.identifier)
    suffixes: tuple[str, ...] = field(validator=[v.instance_of(tuple), _suffixes])
    description: str = field(validator=v.text)
    write: WriteFn = field(repr=False)
    options: tuple[Option, ...] = ()
    atomic: bool = True
    """Write beside the target and rename into place; ``False`` for an exporter that updates in place."""
    kinds: tuple[str, ...] = field(default=(), validator=[v.instance_of(tuple), v.items(v.identifier)])
    """The record kinds it writes (``("departure",)``); empty: any kind, or as its ``kind`` option says."""
    plugin: str = ""
    """The plugin that registered it (filled in by fosterkit)."""

    def resolve_options(self, given: Mapping[str, object]) -> dict[str, object]:
        """Every option's value: those given (checked), the rest their defaults."""
        return _resolve(self.options, given)

    def export(self, records: Iterable[object], target: str | os.PathLike[str], **options: object) -> int:
        """Write ``records`` to ``target``; returns the number written.

        On failure the target is left as it was and :class:`ExportError` names the plugin.
        """
        resolved = self.resolve_options(options)
        path = Path(target)
        stream = iter(records)
        if not self.atomic:
            return self._run(stream, path, resolved)
        try:
            # The one upward import of this layer, allowed in pyproject.toml: the atomic write.
            from fosterkit.adapters.atomic import write_beside

            return write_beside(path, lambda temp: self._run(stream, temp, resolved))
        except UnwritableFolderError as err:
            raise ExportError(self.name, self.plugin, OSError(str(err))) from err.__cause__

    def _run(self, stream: Iterator[object], path: Path, options: dict[str, object]) -> int:
        try:
            return self.write(stream, path, options)
        except (ExportError, OptionError):
            raise
        except Exception as err:  # a plugin's failure, reported with its name
            raise ExportError(self.name, self.plugin, err) from err


def scratch_folder(path: str | os.PathLike[str]) -> contextlib.AbstractContextManager[Path]:
    """A new folder beside ``path`` for a writer's own temporary files, removed with them after.

    For a format whose library stages its work in temporary files (xlsxwriter's ``tmpdir``):
    given the temporary path a writer is handed, the files stay beside the target, readable by
    their owner only, never in the system's temporary folder, and a folder left by a killed
    write is removed by the next write there.
    """
    # The one upward import of this layer, allowed in pyproject.toml: the atomic write.
    from fosterkit.adapters.atomic import scratch_beside

    return scratch_beside(path)


@frozen(kw_only=True)
class Importer:
    """An importer a plugin offers: name, suffixes, description, options, and the function that reads."""

    name: str = field(validator=v.identifier)
    suffixes: tuple[str, ...] = field(validator=[v.instance_of(tuple), _suffixes])
    description: str = field(validator=v.text)
    read: ReadFn = field(repr=False)
    options: tuple[Option, ...] = ()
    plugin: str = ""

    def resolve_options(self, given: Mapping[str, object]) -> dict[str, object]:
        """Every option's value: those given (checked), the rest their defaults."""
        return _resolve(self.options, given)

    def records(self, source: str | os.PathLike[str], **options: object) -> Iterator[Any]:
        """The records ``source`` holds, one at a time. Problems in the data raise :class:`StructureError`."""
        resolved = self.resolve_options(options)
        try:
            yield from self.read(Path(source), resolved)
        except FosterkitError:
            raise
        except Exception as err:  # a plugin's failure, reported with its name
            raise ImporterError(self.name, self.plugin, err) from err


def with_plugin(item: Exporter | Importer, plugin: str) -> Exporter | Importer:
    """The exporter or importer, marked with the plugin that registered it."""
    return attrs.evolve(item, plugin=plugin)


@frozen(kw_only=True)
class AuditFormat:
    """A way of writing an audit workbook and reading it back (the Excel plugin offers ``excel``).

    ``write(workbook, path)`` writes the whole file at ``path`` (a temporary file that fosterkit
    moves into place when ``write`` returns); ``read(path, catalogue)`` reads one back into an
    :class:`~fosterkit.audit.AuditReading`, listing each value it could not accept by cell.
    """

    name: str = field(validator=v.identifier)
    suffixes: tuple[str, ...] = field(validator=[v.instance_of(tuple), v.items(v.text)])
    description: str = field(validator=v.text)
    write: Callable[[AuditWorkbook, Path], None]
    read: Callable[[Path, Catalogue], AuditReading]
    plugin: str = ""
    """The plugin that registered it (filled in by fosterkit)."""


@frozen(kw_only=True)
class RegisterReading:
    """What a register workbook held: its records, and every cell that could not be accepted.

    ``records`` are in the order of the register's sheets and rows; a row with a problem gives
    no record, and each of its problems is in ``problems`` with its sheet, cell and value, so
    nothing is passed over without a word. The file itself is never changed by reading it.
    """

    service: str = field(validator=v.text)
    version: int = field(validator=v.instance_of(int))
    """The register layout's version, as the file states it."""
    records: tuple[object, ...] = field(default=(), validator=v.instance_of(tuple))
    problems: tuple[CellProblem, ...] = field(default=(), validator=v.tuple_of(CellProblem))
    notes: tuple[str, ...] = field(default=(), validator=v.tuple_of(str))
    """What was found but did no harm, one plain sentence each: a column added, moved or left out."""


@frozen(kw_only=True)
class DueNow:
    """What is due or overdue on a day, for a format that shows it (the register's *Due now* sheet)."""

    today: datetime.date = field(validator=v.instance_of(datetime.date))
    items: tuple[DueItem, ...] = field(validator=v.instance_of(tuple))
    """Overdue first, then by due date, as :func:`fosterkit.interviews.due` gives them."""


@frozen(kw_only=True)
class RegisterFormat:
    """A way of writing the register workbook a team keeps its exit-interview practice in, and reading it.

    ``write(records, service, taxonomy, path, due_now)`` lays the records out at ``path`` (a
    temporary file that fosterkit moves into place when ``write`` returns), with ``taxonomy``'s
    reason codes for the reason drop-downs and, when ``due_now`` is not ``None``, what is due on
    its day (:class:`DueNow`) where the team sees it on opening the file; ``read(path)`` reads
    one back into a :class:`RegisterReading`, listing each value it could not accept by sheet
    and cell. What is due is derived, so ``read`` never reads it back.
    """

    name: str = field(validator=v.identifier)
    suffixes: tuple[str, ...] = field(validator=[v.instance_of(tuple), _suffixes])
    description: str = field(validator=v.text)
    write: Callable[[Sequence[object], str, Taxonomy, Path, DueNow | None], None]
    read: Callable[[Path], RegisterReading]
    plugin: str = ""
    """The plugin that registered it (filled in by fosterkit)."""


@frozen(kw_only=True)
class ReportFormat:
    """A way of writing the retention report (the Excel plugin offers ``excel``, with charts).

    ``write(report, path)`` writes the whole :class:`~fosterkit.analysis.Report` at ``path`` (a
    temporary file that fosterkit moves into place when ``write`` returns).
    """

    name: str = field(validator=v.identifier)
    suffixes: tuple[str, ...] = field(validator=[v.instance_of(tuple), v.items(v.text)])
    description: str = field(validator=v.text)
    write: Callable[[Report, Path], None]
    plugin: str = ""
    """The plugin that registered it (filled in by fosterkit)."""


@frozen(kw_only=True)
class DocumentFormat:
    """A way of writing a document: a letter, the discussion guide, a report (``word`` ships as a plugin).

    ``write(document, path)`` lays out the whole :class:`~fosterkit.documents.Document` at
    ``path`` (a temporary file that fosterkit moves into place when ``write`` returns). The
    document's words are final: a format adds no text of its own beyond page numbers.
    """

    name: str = field(validator=v.identifier)
    suffixes: tuple[str, ...] = field(validator=[v.instance_of(tuple), v.items(v.text)])
    description: str = field(validator=v.text)
    write: Callable[[Document, Path], None]
    plugin: str = ""
    """The plugin that registered it (filled in by fosterkit)."""


@frozen(kw_only=True)
class TrackerFormat:
    """A way of writing a local response tracker and reading it back (``excel`` and ``csv`` ship).

    ``write(tracker, catalogue, path)`` writes the whole :class:`~fosterkit.tracker.ResponseTracker`
    at ``path`` (a temporary file that fosterkit moves into place when ``write`` returns), with
    the pack ``catalogue`` it answers; ``read(path, packs)`` reads one back into a
    :class:`~fosterkit.tracker.TrackerReading`, finding the pack the file names among ``packs``
    and listing each value it could not accept by cell.
    """

    name: str = field(validator=v.identifier)
    suffixes: tuple[str, ...] = field(validator=[v.instance_of(tuple), v.items(v.text)])
    description: str = field(validator=v.text)
    write: Callable[[ResponseTracker, Catalogue, Path], None]
    read: Callable[[Path, PackSet], TrackerReading]
    plugin: str = ""
    """The plugin that registered it (filled in by fosterkit)."""


#: ``read_rows(path, options)`` yields the rows of a source file, title and header rows included.
ReadRowsFn = Callable[[Path, Mapping[str, object]], Iterator[SourceRow]]


@frozen(kw_only=True)
class SourceReader:
    """A way of reading rows from files kept outside fosterkit (a case system's export, a spreadsheet).

    ``read_rows(path, options)`` yields every row as a :data:`SourceRow`, streaming: title rows,
    the header and blank rows too (fosterkit finds the header and skips blank rows itself). It
    does no mapping or checking of values; an import mapping (``fosterkit import``) does that. A
    file that cannot be read at all raises :class:`~fosterkit.errors.SourceError` naming it;
    text that could not be decoded is passed on with the undecodable bytes as lone surrogates
    (``errors="surrogateescape"``), so the import can reject that row alone.
    """

    name: str = field(validator=v.identifier)
    suffixes: tuple[str, ...] = field(validator=[v.instance_of(tuple), _suffixes])
    description: str = field(validator=v.text)
    read_rows: ReadRowsFn = field(repr=False)
    options: tuple[Option, ...] = ()
    plugin: str = ""
    """The plugin that registered it (filled in by fosterkit)."""

    def resolve_options(self, given: Mapping[str, object]) -> dict[str, object]:
        """Every option's value: those given (checked), the rest their defaults."""
        return _resolve(self.options, given)

    def rows(self, source: str | os.PathLike[str], **options: object) -> Iterator[SourceRow]:
        """The rows of ``source``, one at a time; a file that cannot be read raises :class:`SourceError`."""
        resolved = self.resolve_options(options)
        path = Path(source)
        try:
            yield from self.read_rows(path, resolved)
        except FosterkitError:
            raise
        except OSError as err:
            raise SourceError(os.fspath(path), cannot_read(err)) from err
        except Exception as err:  # a plugin's failure, reported with its name
            raise ImporterError(self.name, self.plugin, err) from err
