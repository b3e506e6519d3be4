"""Adapter: import a file kept elsewhere into fosterkit's records, losing nothing.

:func:`import_source` opens the source with a reader plugin, maps every row with an import
mapping, and then:

- merges the accepted records into the output JSON Lines file, keyed by kind and id: a new id
  is added, a changed record replaces the one with its id (where it stood), an identical one
  changes nothing, and records from elsewhere in the file are kept as they are;
- writes every rejected row to a rejects file with its original cells and the problems found,
  so it can be fixed and imported again with the same mapping;
- counts what happened (:class:`ImportResult`).

Two rows of one source giving the same id with the same values are duplicates (the second
changes nothing); with different values they conflict, and the later row is rejected naming the
earlier one. With ``strict``, nothing at all is written when any row is rejected. Both files
are replaced atomically, so a failed import leaves them as they were. Memory stays flat: the
index of ids seen is kept in a temporary SQLite database on disk, not in memory.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import shutil
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

import attrs
from attrs import define, frozen

from fosterkit.adapters.atomic import atomic_write, atomic_write_bytes, scratch_beside
from fosterkit.adapters.input_files import file_fault
from fosterkit.adapters.jsonl import RecordLine, RejectedLine, scan_jsonl
from fosterkit.adapters.packs import load_mapping_file, load_taxonomy
from fosterkit.errors import Problem, SourceError
from fosterkit.imports.compiled import CompiledMapping, compile_mapping
from fosterkit.imports.mapping import RESERVED_COLUMNS, ImportMapping, MappingError
from fosterkit.imports.rows import MappedRow, RejectedRow, RowProblem, SourceTable, blank_row, map_rows
from fosterkit.imports.source import Cell, SourceRow, UnreadableRow
from fosterkit.imports.values import normalise
from fosterkit.plugins import Plugins, make_plugin_manager, one_for_suffix, pick, source_readers
from fosterkit.plugins.contracts import OptionError, SourceReader
from fosterkit.reasons import Taxonomy
from fosterkit.serial.cells import looks_like_formula
from fosterkit.serial.kinds import record_kind, record_to_dict

__all__ = [
    "ESCAPED_NOTE",
    "ChangedRecord",
    "ImportResult",
    "PassedRow",
    "RowsSeen",
    "import_source",
    "nothing_to_read",
    "open_source",
    "reader_for",
]

#: How many problems an :class:`ImportResult` keeps to show; the rejects file has them all.
KEPT_PROBLEMS = 100

#: Rows between calls of the progress callback.
PROGRESS_EVERY = 1000


@frozen(kw_only=True)
class ChangedRecord:
    """A record already in the output that an import with ``update`` replaced: which, and what changed."""

    kind: str
    id: str
    fields: tuple[str, ...]
    """The fields whose values differ, in the record's order."""

    def describe(self) -> str:
        """One line for people: ``departure DEP-1: notice_on, route``."""
        return f"{self.kind} {self.id}: {', '.join(self.fields)}"


@frozen(kw_only=True)
class PassedRow:
    """Rows counted but not taken or rejected: blank, a totals row, or a duplicate of an earlier row."""

    row: int
    last_row: int
    """The last of a run of blank rows; ``row`` itself otherwise."""
    why: str = attrs.field(validator=attrs.validators.in_(("blank", "totals", "duplicate")))
    id: str | None = None
    """For a duplicate, the id of its (first) record."""
    kind: str | None = None
    """For a duplicate, its record's kind."""
    same_as: int | None = None
    """For a duplicate, the earlier row that gave the same record."""

    def describe(self) -> str:
        """One line for people: ``rows 9-11: blank``."""
        if self.why == "blank":
            where = f"row {self.row}" if self.row == self.last_row else f"rows {self.row}-{self.last_row}"
            return f"{where}: blank"
        if self.why == "totals":
            return f"row {self.row}: a totals row, not a record"
        return f"row {self.row}: the same as row {self.same_as} ({self.kind} `{self.id}`), taken once"


#: How many rows passed over :meth:`ImportResult.summary` lists.
SHOWN_PASSED = 10


@frozen(kw_only=True)
class ImportResult:
    """What an import did: rows accepted, rejected and duplicated; records new, updated and unchanged."""

    source: str
    out: str
    rejects: str | None
    """The rejects file written (``None`` when nothing was written)."""
    written: bool
    """Whether the output was written (``False`` when ``strict`` and a row was rejected)."""
    header_row: int
    rows: int
    """Rows read after the header, blank rows aside: accepted, rejected, duplicates and totals rows."""
    accepted: int
    rejected: int
    duplicates: int
    """Rows whose records an earlier row of the same source had already given, identically."""
    conflicts: int
    """Rejected rows that gave an id an earlier row had given with other values."""
    blank: int
    new: int
    updated: int
    unchanged: int
    """Records already in the output file with exactly these values."""
    problems: tuple[RowProblem, ...]
    """The first problems found (up to 100); the rejects file holds every one."""
    notes: tuple[RowProblem, ...] = ()
    """What was changed in taking accepted rows (a reason code given twice, kept once), up to 100."""
    changed: tuple[ChangedRecord, ...] = ()
    """With ``update``: every record of the output this import changed, with the fields that changed."""
    totals: int = 0
    """Rows that only totalled the others (``Total`` and numbers), passed over."""
    passed: tuple[PassedRow, ...] = ()
    """Where the blank rows, totals rows and duplicates were, in row order (up to 100 of each)."""

    @property
    def ok(self) -> bool:
        """Whether every row was taken."""
        return self.rejected == 0

    def summary(self) -> str:
        """A few lines for people."""
        header = f"header on row {self.header_row}, " if self.header_row else ""
        blank = f"{self.blank} blank row{'' if self.blank == 1 else 's'} passed over"
        conflicts = f"{self.conflicts} conflicting id{'' if self.conflicts == 1 else 's'}"
        totals = f", totals rows {self.totals}" if self.totals else ""
        lines = [
            f"{self.rows} row{'' if self.rows == 1 else 's'} read from {self.source} ({header}{blank})",
            f"  accepted {self.accepted}, rejected {self.rejected} ({conflicts}), "
            f"duplicates {self.duplicates}{totals}",
        ]
        if self.written:
            lines.append(
                f"  records: {self.new} new, {self.updated} updated, {self.unchanged} unchanged, "
                f"in {self.out}"
            )
            if self.rejects:
                lines.append(f"  rejected rows, with their problems: {self.rejects}")
        else:
            lines.append("  nothing written (strict: every row must be accepted)")
        if self.changed:
            lines.append(f"  records changed by --update ({len(self.changed)}):")
            lines += [f"    {change.describe()}" for change in self.changed]
        if self.notes:
            lines.append(f"  notes on accepted rows ({len(self.notes)}):")
            lines += [f"    {note.describe()}" for note in self.notes]
        if self.passed:
            lines.append("  rows passed over:")
            lines += [f"    {passed.describe()}" for passed in self.passed[:SHOWN_PASSED]]
            if len(self.passed) > SHOWN_PASSED:
                lines.append(f"    ... and more ({len(self.passed)} listed by --json)")
        return "\n".join(lines)


def reader_for(
    source: str | os.PathLike[str], mapping: ImportMapping, plugins: Plugins
) -> tuple[SourceReader, dict[str, object]]:
    """The source reader the mapping names (or the source's suffix picks), with its options checked."""
    found, _failures = source_readers(plugins)
    name = mapping.source.format
    where = mapping.name or None
    try:
        if name:
            reader = pick(found, name, "source reader")
        else:
            suffix = Path(source).suffix.lower()
            match = one_for_suffix(found, suffix, plugins.builtin)
            if match is None:
                known = ", ".join(f"{r.name} ({' '.join(r.suffixes)})" for r in found.values())
                what = suffix or "files without a suffix"
                raise LookupError(f"no source reader for {what}: set format under [source] ({known})")
            reader = match
    except LookupError as err:
        raise MappingError([Problem(path="source.format", message=str(err.args[0]))], where) from None
    try:
        options = reader.resolve_options(mapping.source.options)
    except OptionError as err:
        raise MappingError(
            [Problem(path="source", message=f"reader {reader.name!r}: {err}")], where
        ) from None
    return reader, options


def _mapping(mapping: ImportMapping | str | os.PathLike[str]) -> ImportMapping:
    return mapping if isinstance(mapping, ImportMapping) else load_mapping_file(mapping)


def open_source(
    source: str | os.PathLike[str],
    mapping: ImportMapping | str | os.PathLike[str],
    *,
    plugins: Plugins | None = None,
    taxonomy: Taxonomy | None = None,
) -> SourceTable:
    """Read ``source`` through ``mapping``, writing nothing: its header, then each row mapped or rejected.

    For a service's own system that wants the records in memory or in its own store. The
    mapping and the header are checked before any row is read (:class:`MappingError`); a file
    that cannot be read, or has no rows (:func:`nothing_to_read`), raises
    :class:`~fosterkit.errors.SourceError`.
    """
    chosen = _mapping(mapping)
    compiled = compile_mapping(chosen, taxonomy or load_taxonomy())
    return _open(source, compiled, plugins or make_plugin_manager())


def nothing_to_read(source: str | os.PathLike[str], header_row: int = 0) -> SourceError:
    """The error for a source with no rows to read: an empty file, or (``header_row``) a header alone."""
    if header_row:
        return SourceError(
            os.fspath(source), f"the file has a header (row {header_row}) but no rows below it"
        )
    return SourceError(os.fspath(source), "the file is empty: there are no rows in it")


@define
class RowsSeen:
    """Passes a source's rows on, noting whether any holds something, so a blank file is called empty."""

    filled: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))
    """Whether a row with a cell that is not blank (or a row that could not be read) has passed."""

    def watch(self, rows: Iterable[SourceRow]) -> Iterator[SourceRow]:
        """``rows``, unchanged; once one holds something, the rest go by without a look."""
        stream = iter(rows)
        for number, cells in stream:
            if isinstance(cells, UnreadableRow) or not blank_row(cells):
                self.filled = True
                yield number, cells
                break
            yield number, cells
        yield from stream


class _Resumed:
    """A table's rows after the first was taken to see that there is one: that row, then the rest."""

    def __init__(self, first: MappedRow | RejectedRow, rest: Iterator[MappedRow | RejectedRow]) -> None:
        self._first: MappedRow | RejectedRow | None = first
        self._rest = rest

    def __iter__(self) -> _Resumed:
        return self

    def __next__(self) -> MappedRow | RejectedRow:
        if self._first is not None:
            row, self._first = self._first, None
            return row
        return next(self._rest)

    def close(self) -> None:
        """Let the reader close the file (when only the header was wanted)."""
        close = getattr(self._rest, "close", None)
        if close is not None:
            close()


def _open(source: str | os.PathLike[str], compiled: CompiledMapping, plugins: Plugins) -> SourceTable:
    path = Path(source)
    reader, options = reader_for(path, compiled.mapping, plugins)
    fault = file_fault(path)
    if fault is not None:
        raise SourceError(os.fspath(path), fault)
    if path.stat().st_size == 0:
        raise nothing_to_read(path)
    seen = RowsSeen()
    try:
        table = map_rows(
            seen.watch(reader.rows(path, **options)), compiled, source=compiled.mapping.name or None
        )
    except MappingError:
        if not seen.filled:  # only blank rows: no header was found because there is nothing at all
            raise nothing_to_read(path) from None
        raise
    first = next(table.rows, None)
    if first is None:  # nothing below the header (or, where rows name their columns, nothing at all)
        if table.counts.totals:
            where = ", ".join(str(n) for n in table.counts.totals_rows)
            rows = "row" if table.counts.totals == 1 else "rows"
            raise SourceError(
                os.fspath(path), f"there are no rows to import: only totals ({rows} {where}) below the header"
            )
        raise nothing_to_read(path, table.header_row if table.header is not None else 0)
    return attrs.evolve(table, rows=_Resumed(first, table.rows))


# -- the index of ids ---------------------------------------------------------------------------


def _line(record: object) -> str:
    return json.dumps(record_to_dict(record), ensure_ascii=False, separators=(",", ":"))


def _digest(line: str) -> bytes:
    return hashlib.blake2b(line.encode("utf-8"), digest_size=16).digest()


class _Index:
    """Records taken from this source, by kind and id: their digest, row and place in the spool file."""

    def __init__(self, folder: str) -> None:
        self.db = sqlite3.connect(Path(folder) / "index.sqlite", isolation_level=None)
        self.db.execute("PRAGMA journal_mode=OFF")
        self.db.execute("PRAGMA synchronous=OFF")
        self.db.execute(
            "CREATE TABLE seen (kind TEXT, id TEXT, digest BLOB, row INTEGER, offset INTEGER, "
            "placed INTEGER DEFAULT 0, PRIMARY KEY (kind, id)) WITHOUT ROWID"
        )
        self.db.execute(
            "CREATE TABLE kept (kind TEXT, id TEXT, digest BLOB, line TEXT, "
            "PRIMARY KEY (kind, id)) WITHOUT ROWID"
        )
        self.db.execute("BEGIN")

    def keep(self, kind: str, ident: str, line: str) -> None:
        """Note a record already in the output (in fosterkit's own form), before any row is read."""
        self.db.execute(
            "INSERT OR REPLACE INTO kept (kind, id, digest, line) VALUES (?, ?, ?, ?)",
            (kind, ident, _digest(line), line),
        )

    def kept(self, kind: str, ident: str) -> tuple[bytes, str] | None:
        """The digest and line of the record of this kind and id already in the output, if any."""
        found = self.db.execute(
            "SELECT digest, line FROM kept WHERE kind=? AND id=?", (kind, ident)
        ).fetchone()
        return None if found is None else (found[0], found[1])

    def get(self, kind: str, ident: str) -> tuple[bytes, int, int, int] | None:
        found = self.db.execute(
            "SELECT digest, row, offset, placed FROM seen WHERE kind=? AND id=?", (kind, ident)
        ).fetchone()
        return None if found is None else (found[0], found[1], found[2], found[3])

    def add(self, kind: str, ident: str, digest: bytes, row: int, offset: int) -> None:
        self.db.execute(
            "INSERT INTO seen (kind, id, digest, row, offset) VALUES (?, ?, ?, ?, ?)",
            (kind, ident, digest, row, offset),
        )

    def place(self, kind: str, ident: str) -> None:
        self.db.execute("UPDATE seen SET placed=1 WHERE kind=? AND id=?", (kind, ident))

    def unplaced(self) -> Iterator[int]:
        """Where each record not yet in the output sits in the spool, in the order the rows came."""
        for (offset,) in self.db.execute("SELECT offset FROM seen WHERE placed=0 ORDER BY offset"):
            yield offset

    def close(self) -> None:
        self.db.execute("COMMIT")
        self.db.close()


# -- rejects ------------------------------------------------------------------------------------


def _guarded(text: str) -> str:
    """Text a spreadsheet would run as a formula, marked as text (the import takes the mark off again)."""
    return "'" + text if looks_like_formula(text) else text


def _cell_text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, list):
        return json.dumps(cell, ensure_ascii=False, default=str)
    if isinstance(cell, (int, float)):
        return repr(cell)
    return cell if isinstance(cell, str) else cell.isoformat()


#: Characters a rejects file shows escaped: bytes the source could not decode (kept by the reader
#: as lone surrogates), other lone surrogates, and control characters other than tab and line ends.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
#: The note a row's problems get when some of its text is shown escaped.
ESCAPED_NOTE = "bytes that are not UTF-8 text, and control characters, are shown as \\xNN"
_RESERVED = frozenset(normalise(c) for c in RESERVED_COLUMNS)


def _escape_char(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte the reader could not decode
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _escaped(value: Any, flagged: list[bool]) -> Any:
    """``value`` with unsafe characters in its text shown as escapes; ``flagged`` notes if any were."""
    if isinstance(value, str):
        if _UNSAFE.search(value) is None:
            return value
        flagged.append(True)
        return _UNSAFE.sub(_escape_char, value)
    if isinstance(value, list):
        return [_escaped(item, flagged) for item in value]
    if isinstance(value, Mapping):
        return {_escaped(k, flagged): _escaped(v, flagged) for k, v in value.items()}
    return value


class _Rejects:
    """Rejected rows, spooled beside the index: CSV under the source's header, or JSON Lines.

    The file is always UTF-8 and reads back with the same mapping: undecodable bytes and control
    characters are shown escaped (a backslash, ``x`` and two hex digits; the row's problems say
    so), and the columns fosterkit adds (the row number and its problems) replace those of an
    earlier rejects file rather than being added again.
    """

    def __init__(self, folder: str, header: tuple[str, ...] | None) -> None:
        self.header = header
        self.path = Path(folder) / ("rejects.csv" if header is not None else "rejects.jsonl")
        # Everything is escaped before it is written; backslashreplace is a last guard that the
        # file stays UTF-8 whatever comes.
        self.file: IO[str] = self.path.open(
            "w",
            encoding="utf-8-sig" if header is not None else "utf-8",
            errors="backslashreplace",
            newline="",
        )
        self.writer = csv.writer(self.file) if header is not None else None
        self.kept = [i for i, h in enumerate(header or ()) if normalise(h) not in _RESERVED]
        if self.writer is not None and header is not None:
            names = [_escaped(header[i], []) for i in self.kept]
            self.writer.writerow([*RESERVED_COLUMNS[:2], *(_guarded(h) for h in names)])

    def add(self, rejected: RejectedRow) -> None:
        problems = [p.message for p in rejected.problems]
        flagged: list[bool] = []
        if self.writer is not None:
            if rejected.cells is None:
                cells = [_escaped(rejected.text, flagged)]
            else:
                assert not isinstance(rejected.cells, Mapping)
                every = [_cell_text(c) for c in rejected.cells]
                cells = [_escaped(every[i], flagged) for i in self.kept if i < len(every)]
                cells += [_escaped(c, flagged) for c in every[len(self.header or ()) :]]
            if flagged:
                problems.append(ESCAPED_NOTE)
            problem_text = _guarded(_escaped("; ".join(problems), []))
            self.writer.writerow([rejected.row, problem_text, *(_guarded(c) for c in cells)])
            return
        body: dict[str, Any] = {"fosterkit_row": rejected.row}
        if rejected.cells is None:
            body["fosterkit_text"] = _escaped(rejected.text, flagged)
        else:
            assert isinstance(rejected.cells, Mapping)
            cells_kept = {k: v for k, v in rejected.cells.items() if normalise(str(k)) not in _RESERVED}
            body.update(_escaped(cells_kept, flagged))
        if flagged:
            problems.append(ESCAPED_NOTE)
        body = {
            "fosterkit_row": body.pop("fosterkit_row"),
            "fosterkit_problems": _escaped(problems, []),
            **body,
        }
        self.file.write(json.dumps(body, ensure_ascii=False, default=str) + "\n")

    def close(self) -> None:
        self.file.close()


# -- the import ---------------------------------------------------------------------------------


@define
class _Tally:
    accepted: int = 0
    rejected: int = 0
    duplicates: int = 0
    conflicts: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[RowProblem] = attrs.Factory(list)
    notes: list[RowProblem] = attrs.Factory(list)
    changed: list[ChangedRecord] = attrs.Factory(list)
    repeats: list[PassedRow] = attrs.Factory(list)

    def reject(self, rejected: RejectedRow, rejects: _Rejects) -> None:
        self.rejected += 1
        room = KEPT_PROBLEMS - len(self.problems)
        if room > 0:
            self.problems.extend(rejected.problems[:room])
        rejects.add(rejected)


def _differing(before: str, after: str) -> tuple[list[str], dict[str, Any], dict[str, Any]]:
    """The top-level fields whose values differ between two records' lines, and both as dicts."""
    old, new = json.loads(before), json.loads(after)
    return [k for k in dict.fromkeys([*new, *old]) if old.get(k) != new.get(k)], old, new


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _take(
    row: MappedRow,
    index: _Index,
    spool: IO[bytes],
    tally: _Tally,
    rejects: _Rejects,
    *,
    out: str,
    update: bool,
) -> None:
    """Take a mapped row's records into the spool, or reject it for an id given before with other values.

    A record already in the output with other values is a conflict too, unless ``update``: then
    it is taken, and which fields it changes is noted.
    """
    fresh: list[tuple[str, str, bytes, bytes]] = []
    clashes: list[RowProblem] = []
    changes: list[ChangedRecord] = []
    for record in row.records:
        kind, ident = record_kind(record), record.id
        line = _line(record)
        digest = _digest(line)
        earlier = index.get(kind, ident)
        kept = index.kept(kind, ident) if earlier is None else None
        if kept is not None and kept[0] != digest:
            fields, old, new = _differing(kept[1], line)
            if not update:
                both = "; ".join(
                    f"{f}: {_shown(old.get(f))} in the file, {_shown(new.get(f))} here" for f in fields
                )
                message = (
                    f"{kind} `{ident}` is already in {out} with other values ({both}); "
                    "correct the row, or import with --update to replace the record"
                )
                clashes.append(RowProblem(row=row.row, message=message, entry=ident))
                continue
            changes.append(ChangedRecord(kind=kind, id=ident, fields=tuple(fields)))
        if earlier is None:
            if all((kind, ident) != (k, i) for k, i, _, _ in fresh):
                fresh.append((kind, ident, digest, line.encode("utf-8")))
        elif earlier[0] != digest:
            message = (
                f"{kind} `{ident}` was already given by row {earlier[1]} with other values; "
                "correct one of the two rows"
            )
            clashes.append(RowProblem(row=row.row, message=message, entry=ident))
    if clashes:
        tally.conflicts += 1
        tally.reject(RejectedRow(row=row.row, problems=tuple(clashes), cells=row.cells), rejects)
        return
    tally.changed.extend(changes)
    if not fresh:
        tally.duplicates += 1
        if len(tally.repeats) < KEPT_PROBLEMS and row.records:
            record = row.records[0]
            kind, ident = record_kind(record), record.id
            earlier = index.get(kind, ident)
            same_as = earlier[1] if earlier is not None else None
            tally.repeats.append(
                PassedRow(
                    row=row.row, last_row=row.row, why="duplicate", id=ident, kind=kind, same_as=same_as
                )
            )
        return
    tally.accepted += 1
    tally.notes.extend(row.notes[: max(0, KEPT_PROBLEMS - len(tally.notes))])
    for kind, ident, digest, data in fresh:
        index.add(kind, ident, digest, row.row, spool.tell())
        spool.write(data + b"\n")


def _check_folder(target: Path) -> None:
    """Refuse, before anything is read, a target whose folder is missing or cannot be written in."""
    folder = target.parent
    if not folder.is_dir():
        raise SourceError(os.fspath(target), f"the folder {os.fspath(folder) or '.'} does not exist")
    if not os.access(folder, os.W_OK):
        raise SourceError(os.fspath(target), f"the folder {os.fspath(folder) or '.'} cannot be written in")


def _check_out(out: Path) -> None:
    """Refuse to merge into an output file that holds lines that are not records."""
    if not out.exists():
        return
    for result in scan_jsonl(out):
        if isinstance(result, RejectedLine):
            problem = result.problems[0].describe() if result.problems else "not a record"
            raise SourceError(
                os.fspath(out),
                f"the output file has a line that is not a record ({problem}); it was left as it was",
            )


def _merge(out: Path, spool_path: Path, index: _Index, tally: _Tally) -> None:
    """Write the output: its records as they were, changed ones replaced in place, then the new ones."""
    with spool_path.open("rb") as spool, atomic_write(out) as final:
        if out.exists():
            for result in scan_jsonl(out):
                assert not isinstance(result, RejectedLine)
                record = result.record
                ident = getattr(record, "id", None)
                found = index.get(record_kind(record), ident) if isinstance(ident, str) else None
                if found is None:
                    final.write(result.text + "\n")
                    continue
                digest, _row, offset, _placed = found
                index.place(record_kind(record), ident)  # type: ignore[arg-type]
                # Lines fosterkit wrote are already in the form digested; others are put in it first.
                if digest == _digest(result.text) or digest == _digest(_line(record)):
                    tally.unchanged += 1
                    final.write(result.text + "\n")
                else:
                    tally.updated += 1
                    spool.seek(offset)
                    final.write(spool.readline().decode("utf-8"))
        for offset in index.unplaced():
            tally.new += 1
            spool.seek(offset)
            final.write(spool.readline().decode("utf-8"))


def import_source(
    source: str | os.PathLike[str],
    mapping: ImportMapping | str | os.PathLike[str],
    *,
    out: str | os.PathLike[str],
    rejects: str | os.PathLike[str] | None = None,
    strict: bool = False,
    plugins: Plugins | None = None,
    taxonomy: Taxonomy | None = None,
    progress: Callable[[int], None] | None = None,
    update: bool = False,
) -> ImportResult:
    """Import ``source`` through ``mapping`` (an :class:`ImportMapping` or its TOML file) into ``out``.

    Accepted records are merged into the JSON Lines file ``out`` by kind and id; rejected rows go
    to ``rejects`` (default: beside ``out``, named after it, ``.rejects.csv`` or ``.rejects.jsonl``
    for sources whose rows name their own columns), which is written on every import that writes
    ``out``, empty of rows when none was rejected. With ``strict`` nothing is written if any row is
    rejected. ``progress`` is called with the number of rows read every 1,000 rows.

    A record already in ``out`` is never changed silently: a row giving its kind and id with
    other values is rejected as a conflict, the rejects file saying both values, unless
    ``update``; then the record is replaced and :attr:`ImportResult.changed` lists it with the
    fields that changed.

    A mapping that does not fit the file raises :class:`MappingError` and a file that cannot be
    read :class:`~fosterkit.errors.SourceError`, before anything is written.
    """
    chosen = _mapping(mapping)
    compiled = compile_mapping(chosen, taxonomy or load_taxonomy())
    out_path = Path(out)
    _check_folder(out_path)
    if rejects is not None:
        _check_folder(Path(rejects))
    _check_out(out_path)
    table = _open(source, compiled, plugins or make_plugin_manager())
    suffix = ".rejects.csv" if table.header is not None else ".rejects.jsonl"
    rejects_path = Path(rejects) if rejects is not None else out_path.with_name(out_path.stem + suffix)
    tally = _Tally()
    # The spool, the index and the rejects wait in a folder beside the output, never in the
    # system's temporary folder: one left by a killed import is removed by the next write there.
    with scratch_beside(out_path) as scratch:
        folder = str(scratch)
        index = _Index(folder)
        if out_path.exists():
            for result in scan_jsonl(out_path):
                if isinstance(result, RecordLine) and isinstance(getattr(result.record, "id", None), str):
                    index.keep(record_kind(result.record), result.record.id, _line(result.record))  # type: ignore[attr-defined]
        spool_path = Path(folder) / "records.jsonl"
        spooled = _Rejects(folder, table.header)
        try:
            with spool_path.open("wb") as spool:
                for count, row in enumerate(table.rows, start=1):
                    if isinstance(row, RejectedRow):
                        tally.reject(row, spooled)
                    else:
                        _take(row, index, spool, tally, spooled, out=os.fspath(out_path), update=update)
                    if progress is not None and count % PROGRESS_EVERY == 0:
                        progress(count)
            spooled.close()
            written = not (strict and tally.rejected)
            if written:
                _merge(out_path, spool_path, index, tally)
                with atomic_write_bytes(rejects_path) as final, spooled.path.open("rb") as kept:
                    shutil.copyfileobj(kept, final)
        finally:
            spooled.close()
            index.close()
    return ImportResult(
        source=os.fspath(source),
        out=os.fspath(out_path),
        rejects=os.fspath(rejects_path) if written else None,
        written=written,
        header_row=table.header_row,
        rows=table.counts.rows,
        accepted=tally.accepted,
        rejected=tally.rejected,
        duplicates=tally.duplicates,
        conflicts=tally.conflicts,
        blank=table.counts.blank,
        new=tally.new,
        updated=tally.updated,
        unchanged=tally.unchanged,
        problems=tuple(tally.problems),
        notes=tuple(tally.notes),
        changed=tuple(tally.changed),
        totals=table.counts.totals,
        passed=_passed(table.counts.blank_rows, table.counts.totals_rows, tally.repeats),
    )


def _passed(
    blank: Iterable[tuple[int, int]], totals: Iterable[int], repeats: Iterable[PassedRow]
) -> tuple[PassedRow, ...]:
    """Every row passed over that was noted, in row order."""
    rows = [PassedRow(row=first, last_row=last, why="blank") for first, last in blank]
    rows += [PassedRow(row=number, last_row=number, why="totals") for number in totals]
    return tuple(sorted([*rows, *repeats], key=lambda passed: passed.row))
