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
import math
import os
import re
import stat
from collections.abc import Callable, Collection, Generator, Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO, TypeAlias, TypeVar

from attrs import evolve, frozen

from fosterkit.adapters.atomic import atomic_write
from fosterkit.errors import Problem, StructureError, cannot_read, file_looks_like
from fosterkit.serial.kinds import accepted_kinds, record_from_dict, record_to_dict

__all__ = [
    "MAX_DIGITS",
    "MAX_LINE",
    "LineResult",
    "Progress",
    "RecordLine",
    "RejectedLine",
    "decode_line",
    "iter_jsonl",
    "lone_surrogate",
    "numbered_lines",
    "printable",
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
            return _write_lines(records, stream, os.fspath(target))
    return _write_lines(records, target, _name(target))


def _write_lines(records: Iterable[object], stream: TextIO, name: str | None) -> int:
    count = 0
    for record in records:
        line = _json_line(record)
        count += 1
        if not line.isascii():
            _refuse_surrogates(line, record, count, name)
        stream.write(line)
    return count


def _refuse_surrogates(line: str, record: object, number: int, name: str | None) -> None:
    """Raise :class:`StructureError` if ``line`` holds a lone surrogate, which no UTF-8 file can hold.

    Checked before the line is written, so a stream gets no part of it and a file none at all.
    """
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        where = lone_surrogate(record_to_dict(record)) or ""
        entry = getattr(record, "id", None)
        problem = Problem(
            path=where,
            field=where.rsplit(".", 1)[-1] or None,
            entry=entry if isinstance(entry, str) else None,
            source=f"record {number}",
            message="holds a lone surrogate (text that is not Unicode), which cannot be written",
        )
        raise StructureError([problem], name) from None


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
    surrogates: ``text.encode("utf-8", "surrogateescape")`` gives back the original bytes. A
    line longer than :data:`MAX_LINE` characters is kept cut at that length."""
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


#: The most digits a whole number in a record may have; no field needs more.
MAX_DIGITS = 30
#: The longest line read, in characters; a longer one is refused without being held whole.
MAX_LINE = 16 * 1024 * 1024


class _HostileNumber(ValueError):
    """A number no record can hold: too many digits, too large for a float, or NaN."""

    def __init__(self, text: str, message: str) -> None:
        super().__init__(message)
        self.text = text
        self.message = message


def _int(text: str) -> int:
    # Checked before int() so a number of thousands of digits never costs time or memory.
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise _HostileNumber(text, f"a number of {len(text.lstrip('-'))} digits (at most {MAX_DIGITS})")
    return int(text)


def _float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise _HostileNumber(text, f"a number too large to read ({_short(text)})")
    return number


def _constant(name: str) -> float:
    raise _HostileNumber(name, f"{name} is not a number JSON allows")


#: One decoder for every line (``json.loads`` with hooks would build a new one each time).
#: Numbers are checked as they are read: thousands of digits, infinities and NaN are refused.
_decode = json.JSONDecoder(
    object_pairs_hook=_no_duplicate_keys, parse_int=_int, parse_float=_float, parse_constant=_constant
).decode

#: ``\uD800`` to ``\uDFFF`` escapes: only a line with one can decode to a lone surrogate.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
#: The tokens of a line of JSON that say where in it a place is: strings, brackets, commas, colons.
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"?|[\[\]{},:]')
#: How many parts of a path a problem shows; a deeper path ends in ``...``.
_PATH_PARTS = 6
#: Nesting no record comes near (a record has a few levels): a line nested deeper is refused.
_DEEP = 64


def _short(text: str, limit: int = 20) -> str:
    return text if len(text) <= limit else f"{text[:limit]}..."


def printable(text: str) -> str:
    r"""``text`` with anything no UTF-8 file can hold (a lone surrogate) written as an escape (``\ud800``).

    Problems name fields with it, so a message can always be printed or written.
    """
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _key(token: str) -> str:
    try:
        key = json.loads(token)
    except ValueError:
        key = token.strip('"')
    return printable(str(key)[:100])


def _place(
    text: str, *, stop: int | None = None, deep: int | None = None
) -> tuple[str, str | None, int] | None:
    """The path, field and column of a place on a line of JSON, found without decoding the line.

    The place is the column ``stop`` (counting from 0), or where nesting first passes ``deep``
    levels (``None`` if it never does). The field is the innermost key the place is under
    (``None`` if there is none). The line is read only as far as the place, a token at a time,
    so any depth is safe.
    """
    frames: list[list[Any]] = []  # [is_object, key or index, expecting a key]
    column = len(text)
    for token in _TOKEN.finditer(text):
        if stop is not None and token.start() >= stop:
            column = stop
            break
        mark = token.group()
        if mark in "{[":
            frames.append([mark == "{", None if mark == "{" else 0, mark == "{"])
            if deep is not None and len(frames) > deep:
                column = token.start()
                break
        elif mark in "}]":
            if frames:
                frames.pop()
        elif not frames:
            continue
        elif mark == ",":
            top = frames[-1]
            if top[0]:
                top[1], top[2] = None, True
            else:
                top[1] += 1
        elif mark == ":":
            frames[-1][2] = False
        elif frames[-1][0] and frames[-1][2]:
            frames[-1][1] = _key(mark)
    else:
        if deep is not None:
            return None
    parts = [f"[{key}]" if not is_object else f".{key}" for is_object, key, _ in frames if key is not None]
    path = "".join(parts[:_PATH_PARTS]).removeprefix(".") + ("..." if len(parts) > _PATH_PARTS else "")
    keys = [key for is_object, key, _ in frames if is_object and key is not None]
    return path, keys[-1] if keys else None, column + 1


def _located(text: str, message: str, *, stop: int | None = None) -> Problem:
    """A problem at a place on a line: named by its path and field, and by its column."""
    path, field, column = _place(text, stop=stop) or ("", None, 1)
    if not path:
        return Problem(path=f"column {column}", message=message)
    return Problem(path=path, field=field, message=f"{message}, at column {column}")


def _number_problem(text: str, err: _HostileNumber) -> Problem:
    """Where a number that cannot be read is on the line, and the field it is for."""
    start = text.find(err.text)
    return _located(text, err.message, stop=start if start >= 0 else None)


def lone_surrogate(data: object) -> str | None:
    r"""The path to the first text in ``data`` holding a lone surrogate (``"\ud800"``), or ``None``.

    Such text is not Unicode: no UTF-8 file can hold it, so a record with it would break every
    writer later. A key holding one is shown with it escaped (``\ud800``), so the path can always
    be printed. The walk uses a list, not recursion, so any depth of nesting is safe.
    """
    stack: list[tuple[str, object]] = [("", data)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, str):
            if not item.isascii():
                try:
                    item.encode("utf-8")
                except UnicodeEncodeError:
                    return path or "(top level)"
        elif isinstance(item, dict):
            for key, value in reversed(item.items()):
                shown = printable(str(key))
                name = f"{path}.{shown}" if path else shown
                stack.append((name, value))
                stack.append((name, key))
        elif isinstance(item, list):
            stack.extend((f"{path}[{i}]", value) for i, value in reversed(list(enumerate(item))))
    return None


def _too_deep(text: str) -> Problem | None:
    """The problem of a line nested more than :data:`_DEEP` levels, where it passes them; else ``None``.

    Counting brackets first (quick) spares the walk for every line that could not be so deep.
    """
    if text.count("[") + text.count("{") <= _DEEP:
        return None
    found = _place(text, deep=_DEEP)
    if found is None:
        return None
    path, field, column = found
    message = f"nested too deeply to read (more than {_DEEP} levels), at column {column}"
    return Problem(path=path or f"column {column}", field=field, message=message)


def decode_line(text: str) -> tuple[Any, Problem | None]:
    r"""One line of JSON as data, or the problem that stops it being read (with ``None``).

    Refused, each with a problem naming the field and column rather than an exception: text that
    is not UTF-8 (a lone surrogate, as bytes or as a ``\ud800`` escape), JSON that is not valid,
    a key given twice, nesting more than 64 levels deep (no record has more than a few),
    whole numbers of more than :data:`MAX_DIGITS` digits, and numbers that are infinite or NaN.
    """
    if not text.isascii():  # only text beyond ASCII can hold a lone surrogate
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as err:
            return None, _located(text, "not UTF-8 text", stop=err.start)
    deep = _too_deep(text)
    if deep is not None:
        return None, deep
    try:
        data = _decode(text)
    except json.JSONDecodeError as err:
        return None, Problem(path=f"column {err.colno}", message=f"not valid JSON: {err.msg}")
    except _DuplicateKey as err:
        key = printable(str(err.args[0]))
        return None, Problem(path="", field=key, message=f"the key '{key}' appears more than once")
    except _HostileNumber as err:
        return None, _number_problem(text, err)
    except RecursionError:  # not deep in brackets, yet too deep for this thread's stack
        return None, Problem(path="", message="nested too deeply to read")
    if _SURROGATE_ESCAPE.search(text):
        where = lone_surrogate(data)
        if where is not None:
            message = "holds a lone surrogate (a \\ud800-\\udfff escape on its own), which is not text"
            field = re.sub(r"\[\d+\]", "", where).rsplit(".", 1)[-1] or None
            return None, Problem(path=where, field=field, message=message)
    return data, None


def _problems(text: str, kinds: Collection[str] | None) -> tuple[object, list[Problem]]:
    """The record on a line, or the problems that stop it being one."""
    data, problem = decode_line(text)
    if problem is not None:
        return None, [problem]
    try:
        return record_from_dict(data, kinds=kinds), []
    except StructureError as err:
        return None, list(err.problems)
    except RecursionError:
        return None, [Problem(path="", message="nested too deeply to read")]


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
        with Path(source).open("rb") as peek:
            head = peek.read(_PEEK)
    except OSError as err:
        problem = Problem(path="", message=cannot_read(err), whole_file=True)
        raise StructureError([problem], os.fspath(source)) from None
    with file:
        wrong = _not_json_lines(head)
        if wrong is not None:
            raise StructureError([Problem(path="", message=wrong, whole_file=True)], os.fspath(source))
        yield file


#: How much of a file is looked at to tell that it is not JSON Lines at all.
_PEEK = 4096


def _not_json_lines(head: bytes) -> str | None:
    """Why a file whose first bytes are ``head`` is not JSON Lines at all, or ``None`` if it may be.

    A file of another kind (a workbook, a PDF, UTF-16 text) is refused whole, as is text in
    columns whose first two lines are not JSON objects (a CSV file given a .jsonl name); any other
    bad line is set aside on its own.
    """
    looks = file_looks_like(head)
    if looks in ("an empty file", "JSON text", "text"):
        return None
    if looks.startswith("text in columns"):
        lines = [line.strip() for line in head.decode("utf-8", "replace").splitlines() if line.strip()]
        if any(line.lstrip("\ufeff").startswith("{") for line in lines[:2]):
            return None
        return (
            f"not JSON Lines: it holds {looks}; bring a case system's export in with "
            "`fosterkit import` and a mapping"
        )
    return f"not JSON Lines: it holds {looks}"


def numbered_lines(lines: Iterable[str]) -> Iterator[tuple[int, str, bool]]:
    """Each line of a stream with its number (from 1) and whether it is whole.

    A line over :data:`MAX_LINE` characters comes cut at that length, with ``False``, and the
    rest of it is skipped a piece at a time, so one huge line never has to fit in memory.
    """
    readline = getattr(lines, "readline", None)
    if readline is None:  # an iterable of lines that is not a stream
        yield from ((number, raw, True) for number, raw in enumerate(lines, start=1))
        return
    number = 0
    while raw := readline(MAX_LINE + 1):
        number += 1
        if len(raw) <= MAX_LINE or raw.endswith("\n"):
            yield number, raw, True
            continue
        while (rest := readline(MAX_LINE)) and not rest.endswith("\n"):
            pass
        yield number, raw[:MAX_LINE], False


#: What a reader tells of its progress: ``progress(done, total, records)``, bytes read, bytes in
#: the file, and the records (valid or not) read so far.
Progress: TypeAlias = Callable[[int, int, int], None]

_T = TypeVar("_T")

#: How many lines pass between two reports to a progress callback.
_REPORT_EVERY = 200


def _bytes_read(lines: Iterable[str]) -> Callable[[], tuple[int, int]] | None:
    """How far through its file a stream is, as ``(bytes read, bytes in all)``; ``None`` if not a file."""
    raw = getattr(lines, "buffer", None)
    try:
        found = os.fstat(raw.fileno()) if raw is not None else None
    except (AttributeError, OSError, ValueError):
        found = None
    if raw is None or found is None or not stat.S_ISREG(found.st_mode):
        return None  # a pipe or a terminal: its end is not known ahead
    size = found.st_size

    def where() -> tuple[int, int]:
        try:
            return min(raw.tell(), size), size
        except (OSError, ValueError):
            return 0, size

    return where


def scan_jsonl(
    source: Source, *, kinds: str | Collection[str] | None = None, progress: Progress | None = None
) -> Generator[LineResult, None, None]:
    """Read a JSON Lines file or stream line by line, keeping every line, valid or not.

    Yields, in file order, a :class:`RecordLine` for each record and a :class:`RejectedLine`
    for each non-blank line that is not a valid record (not JSON, not an object, the wrong
    ``schema_version``, a kind not in ``kinds``, or fields that do not fit). Blank lines are
    skipped. Only a file that cannot be opened raises (:class:`StructureError`). ``progress``,
    for a file, is told every few hundred lines how far the reading is, and once at the end.
    """
    accepted = accepted_kinds(kinds)
    with _lines(source) as lines:
        yield from _reporting(_scanned(lines, accepted), lines, progress)


def _reporting(results: Iterator[_T], lines: Iterable[str], progress: Progress | None) -> Iterator[_T]:
    """``results``, read from ``lines``, telling ``progress`` how far they are (for a file)."""
    where = None if progress is None else _bytes_read(lines)
    if where is None or progress is None:
        return results
    return _reported(results, where, progress)


def _reported(
    results: Iterator[_T], where: Callable[[], tuple[int, int]], progress: Progress
) -> Iterator[_T]:
    seen = 0
    progress(0, where()[1], 0)
    for seen, result in enumerate(results, start=1):
        if seen % _REPORT_EVERY == 0:
            progress(*where(), seen)
        yield result
    total = where()[1]
    progress(total, total, seen)


def _scanned(lines: Iterable[str], accepted: tuple[str, ...]) -> Iterator[LineResult]:
    """Every non-blank line of ``lines`` as a record or a rejected line (see :func:`scan_jsonl`)."""
    for number, text, record, problems in _read(lines, accepted):
        if problems:
            yield RejectedLine(line=number, text=text, problems=problems)
        else:
            yield RecordLine(line=number, text=text, record=record)


#: A line read: its number, its text, and its record or (with ``None``) its located problems.
_Read: TypeAlias = tuple[int, str, object, tuple[Problem, ...]]


def _read(lines: Iterable[str], accepted: tuple[str, ...]) -> Iterator[_Read]:
    """Every non-blank line of ``lines``, read: what :func:`_scanned` and :func:`iter_jsonl` share."""
    for number, raw, whole in numbered_lines(lines):
        text = raw.removesuffix("\n").removesuffix("\r")
        if not whole:
            message = f"longer than {MAX_LINE:,} characters, far more than any record needs"
            yield number, text, None, (Problem(path="", message=message, source=f"line {number}"),)
            continue
        if not text.strip(_BLANK):
            continue
        record, problems = _problems(text, accepted)
        if problems:
            yield number, text, None, tuple(evolve(p, source=f"line {number}") for p in problems)
        else:
            yield number, text, record, ()


def iter_jsonl(
    source: Source, *, kinds: str | Collection[str] | None = None, progress: Progress | None = None
) -> Generator[object, None, None]:
    """Read records from a JSON Lines file or stream, one at a time, as they are read.

    ``kinds`` (a kind name or several) limits which kinds are accepted. Blank lines are
    skipped. At the first line that is not a valid record of an accepted kind this raises
    :class:`StructureError` naming the file and, in each problem, the line, the record's id
    and the field; use :func:`scan_jsonl` to read past bad lines instead. ``progress`` is
    :func:`scan_jsonl`'s.
    """
    accepted = accepted_kinds(kinds)
    with _lines(source) as lines:  # the same lines as scan_jsonl, without a RecordLine made for each
        for _number, _text, record, problems in _reporting(_read(lines, accepted), lines, progress):
            if problems:
                raise StructureError(problems, _name(source))
            yield record


def read_jsonl(source: Source, *, kinds: str | Collection[str] | None = None) -> list[object]:
    """All the records of a JSON Lines file or stream, as a list (see :func:`iter_jsonl`)."""
    return list(iter_jsonl(source, kinds=kinds))
