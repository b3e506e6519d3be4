"""Adapter: records as JSON Lines files and streams, and atomic file writes.

JSON Lines is the canonical on-disk form of records: one record per line, each a JSON object
with ``schema_version``, ``kind``, then the record's own fields (see ``docs/records.md``).
Records stream both ways, one line at a time, so memory stays flat however long the file.

Reading has two forms:

- :func:`iter_jsonl` (and :func:`read_jsonl`) yields records and raises :class:`StructureError`
  at the first line that is not a valid record;
- :func:`scan_jsonl` never stops at a bad line: it yields a :class:`RecordLine` for every
  record and a :class:`RejectedLine` (line number, the line as read, its problems) for every
  line that is not one, so an import can keep going and keep every rejected line.

Problems name the line (``source`` ``"line 7"``), the record's id when it has one, and the
field's path; the error itself names the file.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Collection, Generator, Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO, TypeAlias

from attrs import evolve, frozen

from fosterkit.adapters.atomic import atomic_write
from fosterkit.errors import Problem, StructureError
from fosterkit.serial.kinds import accepted_kinds, record_from_dict, record_to_dict

__all__ = [
    "LineResult",
    "RecordLine",
    "RejectedLine",
    "iter_jsonl",
    "read_jsonl",
    "scan_jsonl",
    "write_jsonl",
]

#: Where records are read from: a file's path, or an open text stream.
Source: TypeAlias = str | os.PathLike[str] | TextIO

#: JSON's own whitespace: a line holding only these is blank.
_BLANK = " \t\r\n"


# -- writing -------------------------------------------------------------------------------------


def _json_line(record: object) -> str:
    return json.dumps(record_to_dict(record), ensure_ascii=False, separators=(",", ":")) + "\n"


def write_jsonl(records: Iterable[object], target: str | os.PathLike[str] | TextIO) -> int:
    """Write ``records`` one per line, as they come, and return how many were written.

    ``target`` is a path, written atomically (all records or, if anything fails, no change at
    all), or an open text stream, which is written to and left open.
    """
    if isinstance(target, (str, os.PathLike)):
        with atomic_write(target) as stream:
            return _write_lines(records, stream)
    return _write_lines(records, target)


def _write_lines(records: Iterable[object], stream: TextIO) -> int:
    count = 0
    for record in records:
        stream.write(_json_line(record))
        count += 1
    return count


# -- reading -------------------------------------------------------------------------------------


@frozen(kw_only=True)
class RecordLine:
    """A line of a JSON Lines file that holds a valid record."""

    line: int
    """The line number, counting from 1 (blank lines count)."""
    text: str
    """The line as read, without its line ending."""
    record: object


@frozen(kw_only=True)
class RejectedLine:
    """A line of a JSON Lines file that is not a valid record, with everything wrong with it."""

    line: int
    """The line number, counting from 1 (blank lines count)."""
    text: str
    """The line as read, without its line ending. Bytes that are not UTF-8 are kept as
    surrogates: ``text.encode("utf-8", "surrogateescape")`` gives back the original bytes."""
    problems: tuple[Problem, ...]
    """Each with ``source`` ``"line N"``, the record's id as ``entry`` when known, and the path."""


#: What :func:`scan_jsonl` yields for each non-blank line.
LineResult: TypeAlias = RecordLine | RejectedLine


class _DuplicateKey(ValueError):
    pass


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise _DuplicateKey(key)
        found[key] = value
    return found


#: One decoder for every line (``json.loads`` with a hook would build a new one each time).
_decode = json.JSONDecoder(object_pairs_hook=_no_duplicate_keys).decode


def _problems(text: str, kinds: Collection[str] | None) -> tuple[object, list[Problem]]:
    """The record on a line, or the problems that stop it being one."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        return None, [Problem(path=f"column {err.start + 1}", message="not UTF-8 text")]
    try:
        data = _decode(text)
    except json.JSONDecodeError as err:
        return None, [Problem(path=f"column {err.colno}", message=f"not valid JSON: {err.msg}")]
    except _DuplicateKey as err:
        return None, [Problem(path="", message=f"the key {err.args[0]!r} appears more than once")]
    try:
        return record_from_dict(data, kinds=kinds), []
    except StructureError as err:
        return None, list(err.problems)


def _name(source: Source) -> str | None:
    if isinstance(source, (str, os.PathLike)):
        return os.fspath(source)
    name = getattr(source, "name", None)
    return name if isinstance(name, str) else None


@contextlib.contextmanager
def _lines(source: Source) -> Iterator[Iterable[str]]:
    if not isinstance(source, (str, os.PathLike)):
        yield source
        return
    try:
        # surrogateescape: a line with bytes that are not UTF-8 is rejected on its own (with its
        # line number), not the whole file; newline="\n": line numbers match what editors show.
        file = Path(source).open(encoding="utf-8-sig", errors="surrogateescape", newline="\n")  # noqa: SIM115
    except OSError as err:
        problem = Problem(path="", message=f"cannot read the file: {err.strerror or err}")
        raise StructureError([problem], os.fspath(source)) from None
    with file:
        yield file


def scan_jsonl(
    source: Source, *, kinds: str | Collection[str] | None = None
) -> Generator[LineResult, None, None]:
    """Read a JSON Lines file or stream line by line, keeping every line, valid or not.

    Yields, in file order, a :class:`RecordLine` for each record and a :class:`RejectedLine`
    for each non-blank line that is not a valid record (not JSON, not an object, the wrong
    ``schema_version``, a kind not in ``kinds``, or fields that do not fit). Blank lines are
    skipped. Only a file that cannot be opened raises (:class:`StructureError`).
    """
    accepted = accepted_kinds(kinds)
    with _lines(source) as lines:
        for number, raw in enumerate(lines, start=1):
            text = raw.removesuffix("\n").removesuffix("\r")
            if not text.strip(_BLANK):
                continue
            record, problems = _problems(text, accepted)
            if problems:
                located = tuple(evolve(p, source=f"line {number}") for p in problems)
                yield RejectedLine(line=number, text=text, problems=located)
            else:
                yield RecordLine(line=number, text=text, record=record)


def iter_jsonl(
    source: Source, *, kinds: str | Collection[str] | None = None
) -> Generator[object, None, None]:
    """Read records from a JSON Lines file or stream, one at a time, as they are read.

    ``kinds`` (a kind name or several) limits which kinds are accepted. Blank lines are
    skipped. At the first line that is not a valid record of an accepted kind this raises
    :class:`StructureError` naming the file and, in each problem, the line, the record's id
    and the field; use :func:`scan_jsonl` to read past bad lines instead.
    """
    with contextlib.closing(scan_jsonl(source, kinds=kinds)) as results:
        for result in results:
            if isinstance(result, RejectedLine):
                raise StructureError(result.problems, _name(source))
            yield result.record


def read_jsonl(source: Source, *, kinds: str | Collection[str] | None = None) -> list[object]:
    """All the records of a JSON Lines file or stream, as a list (see :func:`iter_jsonl`)."""
    return list(iter_jsonl(source, kinds=kinds))
