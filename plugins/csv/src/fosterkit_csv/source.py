"""Reading the rows of a CSV file kept elsewhere (a case system's export) for ``fosterkit import``.

Every row is passed on as text, exactly as the file holds it: title rows, the header and blank
rows too. Rows are numbered as a spreadsheet numbers them, so a quoted cell that spans several
lines is still one row. A row the ``csv`` module cannot read becomes an
:class:`~fosterkit.plugins.contracts.UnreadableRow` holding the row's text, and reading goes on with the
row after it.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import BinaryIO

from fosterkit.errors import SourceError
from fosterkit.plugins import OptionError, SourceRow, UnreadableRow

__all__ = ["ENCODINGS", "read_csv_rows"]

#: The values of the ``encoding`` option. ``auto`` tells UTF-8 (with or without a byte-order
#: mark) from Windows-1252, which Excel on Windows writes when it saves "CSV".
ENCODINGS = ("auto", "utf-8", "utf-8-sig", "cp1252")

#: How much of the start of the file ``auto`` and the checks for binary files look at.
_SAMPLE_BYTES = 1 << 20
#: A line of the file this long (in characters) or longer is refused rather than held in memory.
_LINE_LIMIT = 1 << 22
#: The most of an unreadable row's text that is kept for the rejects file.
_TEXT_LIMIT = 1 << 20

_BREAKS = ("\r", "\n")
_XLS = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the start of an OLE2 file: Excel 97-2003 (.xls)

# The states of the csv module's parser that matter for finding where a row ends.
_START, _UNQUOTED, _QUOTED, _QUOTE_IN_QUOTED = range(4)


class _LineTooLong(Exception):
    """A line of the file reached :data:`_LINE_LIMIT` characters."""


def _settings(options: Mapping[str, object]) -> tuple[str, str]:
    encoding = options.get("encoding", "auto")
    if encoding not in ENCODINGS:
        raise OptionError(f"option 'encoding' is one of {', '.join(ENCODINGS)}, not {encoding!r}")
    delimiter = options.get("delimiter", ",")
    if not isinstance(delimiter, str) or len(delimiter) != 1:
        raise OptionError(f"option 'delimiter' is a single character (',', ';' or a tab), not {delimiter!r}")
    if delimiter in '"\r\n\0':
        raise OptionError(f"option 'delimiter' cannot be a quote, a line break or NUL, as {delimiter!r} is")
    return str(encoding), delimiter


def _is_utf8(sample: bytes, *, whole_file: bool) -> bool:
    """Whether ``sample`` is UTF-8, allowing a character cut off at its end unless it is the whole file."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(sample)
    step = 1 << 16  # decode in parts, so the sample is never held as text all at once
    try:
        for start in range(0, len(view), step):
            decoder.decode(view[start : start + step])
        decoder.decode(b"", final=whole_file)
    except UnicodeDecodeError:
        return False
    return True


def _encoding(raw: BinaryIO, name: str, asked: str) -> str:
    """The encoding to read the file with, after refusing files that are clearly not text."""
    sample = raw.read(_SAMPLE_BYTES)
    raw.seek(0)
    if sample.startswith(b"PK\x03\x04"):
        raise SourceError(name, 'looks like an Excel workbook (a zip file), not CSV: use format = "excel"')
    if sample.startswith(_XLS):
        raise SourceError(name, "looks like an old Excel workbook (.xls), not CSV: save it as CSV UTF-8")
    if b"\0" in sample:
        if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            message = "is UTF-16 text (Excel's 'Unicode Text'), which is not read here: save it as CSV UTF-8"
            raise SourceError(name, message)
        raise SourceError(name, "holds NUL bytes, so it is not a text file (CSV)")
    if sample.startswith(codecs.BOM_UTF8):
        if asked == "cp1252":
            message = 'starts with a UTF-8 byte-order mark, so it is not cp1252: use encoding = "utf-8"'
            raise SourceError(name, message)
        return "utf-8-sig"  # the mark is dropped whatever was asked, never left in the first cell
    if asked != "auto":
        return asked
    return "utf-8" if _is_utf8(sample, whole_file=len(sample) < _SAMPLE_BYTES) else "cp1252"


class _Lines:
    """The lines of a text file, handed to ``csv.reader`` one at a time, keeping those of the current row.

    A line comes with its line break. A line of :data:`_LINE_LIMIT` characters or more is not
    read whole: the part read so far is kept and :class:`_LineTooLong` raised instead.
    """

    def __init__(self, file: io.TextIOBase) -> None:
        self._file = file
        self._cut_crlf = False
        self.row: list[str] = []
        """The lines of the row being read, as the file has them."""
        self.nul = False
        """Whether a line of the row being read holds a NUL character (taken out for the csv module)."""

    def start_row(self) -> None:
        """Forget the lines of the row before."""
        self.row = []
        self.nul = False

    def read(self) -> str:
        """The next line, or the next part of a line too long to read at once; empty at the end."""
        piece = self._file.readline(_LINE_LIMIT)
        if self._cut_crlf and piece == "\n":
            # The line before filled the limit exactly and its \r\n was cut in two: this is its \n.
            piece = self._file.readline(_LINE_LIMIT)
        self._cut_crlf = len(piece) == _LINE_LIMIT and piece.endswith("\r")
        return piece

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        piece = self.read()
        if not piece:
            raise StopIteration
        self.row.append(piece)
        if len(piece) == _LINE_LIMIT and not piece.endswith(_BREAKS):
            raise _LineTooLong
        if "\0" in piece:
            # The csv module of Python 3.10 refuses NUL; take it out so the row's end is still found.
            self.nul = True
            return piece.replace("\0", "")
        return piece

    def text(self, kept: list[str] | None = None) -> str:
        """The text of the row (or of ``kept``), without the line break that ends it."""
        text = "".join(self.row if kept is None else kept)
        if text.endswith("\r\n"):
            return text[:-2]
        return text[:-1] if text.endswith(_BREAKS) else text

    def skip_row(self, delimiter: str) -> tuple[str, bool]:
        """Read on to the end of a row the csv module gave up on; its text, and whether that was cut short.

        The csv module stops reading the row at the line where it went wrong. If that line
        leaves a quoted cell open, the row goes on over the lines after it, which must not be
        taken for rows of their own. The row is followed as the csv module does when not strict.
        """
        state = _START
        for piece in self.row:
            state = _scan(piece, state, delimiter)
        kept = self.row
        size = sum(map(len, kept))
        dropped = False
        piece = self.row[-1] if self.row else ""
        while piece and not (state == _START and piece.endswith(_BREAKS)):
            piece = self.read()
            state = _scan(piece, state, delimiter)
            if size < _TEXT_LIMIT:
                kept.append(piece)
                size += len(piece)
            else:
                dropped = dropped or bool(piece)
        text = self.text(kept)
        return text[:_TEXT_LIMIT], dropped or len(text) > _TEXT_LIMIT


def _scan(piece: str, state: int, delimiter: str) -> int:
    """The state of a lenient csv parser after reading ``piece`` (one line, or part of one) in ``state``."""
    at = 0
    end = len(piece)
    while at < end:
        if state == _QUOTED:
            close = piece.find('"', at)
            if close < 0:
                return _QUOTED
            state, at = _QUOTE_IN_QUOTED, close + 1
        elif state != _UNQUOTED and piece[at] == '"':
            state, at = _QUOTED, at + 1  # opening a quoted cell, or a doubled quote inside one
        else:
            # Outside quotes (after a closing quote too: the csv module reads on when not
            # strict), a quote is plain text unless it starts a cell.
            opening = piece.find(delimiter + '"', at)
            if opening < 0:
                return _START if piece.endswith((*_BREAKS, delimiter)) else _UNQUOTED
            state, at = _QUOTED, opening + 2
    return state


def _why(error: Exception) -> str:
    if isinstance(error, _LineTooLong):
        return f"a line is {_LINE_LIMIT:,} characters long or longer"
    said = str(error)
    if "field limit" in said:
        return f"a cell is longer than the csv module's limit of {csv.field_size_limit():,} characters"
    if "end of data" in said:
        return "a quoted cell is still open at the end of the file (a closing quote is missing)"
    if "expected after" in said:
        return "text follows the closing quote of a quoted cell (a quote inside a cell must be doubled)"
    return said


def _rows(lines: _Lines, delimiter: str) -> Iterator[SourceRow]:
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    number = 0
    while True:
        lines.start_row()
        try:
            cells = next(reader)
        except StopIteration:
            return
        except (csv.Error, _LineTooLong) as err:
            number += 1
            text, cut = lines.skip_row(delimiter)
            note = f" (the text kept here is its first {_TEXT_LIMIT:,} characters)" if cut else ""
            yield number, UnreadableRow(f"not valid CSV: {_why(err)}{note}", text)
            continue
        number += 1
        if lines.nul:
            yield number, UnreadableRow("the row holds NUL characters, which text never does", lines.text())
        else:
            yield number, cells


def _read(path: Path, encoding: str, delimiter: str) -> Iterator[SourceRow]:
    name = os.fspath(path)
    try:
        raw = path.open("rb")
    except OSError as err:
        raise SourceError(name, f"cannot open the file: {err.strerror or err}") from err
    with raw:
        chosen = _encoding(raw, name, encoding)
        # newline="": the csv module sees line breaks as they are, inside quoted cells too.
        file = io.TextIOWrapper(raw, encoding=chosen, errors="surrogateescape", newline="")
        yield from _rows(_Lines(file), delimiter)


def read_csv_rows(path: Path, options: Mapping[str, object]) -> Iterator[SourceRow]:
    """Every row of a CSV file as ``(row number, cells)``, the cells as text exactly as the file has them.

    ``options`` may set ``encoding`` (one of :data:`ENCODINGS`; ``auto`` by default) and
    ``delimiter`` (one character; ``,`` by default); a bad value raises
    :class:`~fosterkit.plugins.contracts.OptionError` at once. The first row is row 1, and a blank line
    is a row of no cells. Bytes the encoding does not define come through as lone surrogates. A
    row the ``csv`` module cannot read is an :class:`~fosterkit.plugins.contracts.UnreadableRow` with its
    text. A file that cannot be opened, or that is not text (a workbook, say), raises
    :class:`~fosterkit.errors.SourceError` before any row.
    """
    encoding, delimiter = _settings(options)
    return _read(path, encoding, delimiter)
