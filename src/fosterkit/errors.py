"""Errors raised by fosterkit, and the problems they carry.

Every error a user can cause names where the problem is: the source (file or record), the
entry within it, and the field. Errors that can have several problems carry them all, so a
broken file is fixed in one pass rather than one run per mistake.
"""

from __future__ import annotations

import errno
from collections.abc import Iterable

from attrs import frozen

__all__ = [
    "AuditFormatError",
    "CatalogueError",
    "CellProblem",
    "ChecklistError",
    "FieldError",
    "FosterkitError",
    "Problem",
    "ProblemsError",
    "SourceError",
    "StructureError",
    "TaxonomyError",
    "TrackerError",
    "UnknownCodeError",
    "UnwritableFolderError",
    "cannot_read",
    "file_looks_like",
]


class FosterkitError(Exception):
    """Base class of every error fosterkit raises on purpose."""


class FieldError(ValueError):
    """A single field holds a value its type does not allow.

    Raised by the validators of fosterkit's own classes, so the converter can report the
    field's path instead of a bare "invalid value".
    """

    def __init__(self, field: str, message: str, *, entry: str | None = None, kind: str = "record") -> None:
        of = f" ({kind} {entry!r})" if entry else ""
        super().__init__(f"{field}: {message}{of}")
        self.field = field
        self.message = message
        self.entry = entry
        """The id of the record the field belongs to, when it was made by its constructor."""


@frozen(kw_only=True)
class Problem:
    """One thing wrong with an input, located as precisely as it can be.

    ``path`` is the dotted location inside the input (``questions[3].tags``); ``entry`` is
    the id of the list entry the problem is in, when that entry has one; ``field`` is the
    field's name.
    """

    path: str
    message: str
    entry: str | None = None
    field: str | None = None
    source: str | None = None
    """Where the problem came from when an error gathers several sources (extensions, say)."""
    whole_file: bool = False
    """A fault of the file itself (missing, a folder, unreadable, of another kind), said alike everywhere."""

    def describe(self) -> str:
        """Return the problem as one human-readable line."""
        where = self.path
        if self.entry is not None:
            where = f"{where} (id {self.entry!r})" if where else f"id {self.entry!r}"
        if self.source is not None:
            where = f"{self.source}: {where}" if where else self.source
        return f"{where}: {self.message}" if where else self.message


@frozen(kw_only=True)
class CellProblem:
    """A value in a workbook or table that could not be accepted: where it is, what it held, and why.

    Readers of files people fill in (the audit workbook, response trackers) keep reading past
    such a value and list it, so nothing is lost without a word.
    """

    sheet: str
    cell: str
    """The cell's reference, such as ``F12``."""
    value: str
    """What the cell held, as text."""
    message: str

    @property
    def where(self) -> str:
        """The cell as a spreadsheet names it: ``Assess!F12`` (quoted when the sheet name has spaces)."""
        sheet = f"'{self.sheet}'" if " " in self.sheet else self.sheet
        return f"{sheet}!{self.cell}"

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class ProblemsError(FosterkitError):
    """An error that lists one or more problems found in one source."""

    kind = "input"

    def __init__(self, problems: Iterable[Problem], source: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.source = source
        super().__init__(self._render())

    def _render(self) -> str:
        origin = f"{self.source}: " if self.source else ""
        if len(self.problems) == 1:
            only = self.problems[0]
            if only.whole_file or (self.kind == "data" and not (only.path or only.entry or only.source)):
                return f"{origin}{only.message}"  # about the whole file: said as every command says it
            return f"{origin}invalid {self.kind}: {only.describe()}"
        lines = [f"{origin}invalid {self.kind}, {len(self.problems)} problems:"]
        lines.extend(f"  - {p.describe()}" for p in self.problems)
        return "\n".join(lines)

    def with_source(self, source: str) -> ProblemsError:
        """Return the same error, attributed to ``source`` (a file name, say)."""
        return type(self)(self.problems, source)


class StructureError(ProblemsError):
    """Data could not be turned into fosterkit objects: wrong shape, type or value."""

    kind = "data"


class CatalogueError(ProblemsError):
    """A catalogue pack is malformed or inconsistent; nothing of it was loaded."""

    kind = "catalogue pack"


class TaxonomyError(ProblemsError):
    """A taxonomy pack or extension is malformed or inconsistent; nothing of it was loaded."""

    kind = "taxonomy"


class ChecklistError(ProblemsError):
    """A checklist for leaving carers is malformed; nothing of it was loaded."""

    kind = "checklist"


class UnknownCodeError(FosterkitError, KeyError):
    """A reason code (or alias) the taxonomy does not know; ``suggestions`` holds the closest codes."""

    def __init__(self, code: str, suggestions: tuple[str, ...] = ()) -> None:
        self.code = code
        self.suggestions = suggestions
        hint = f"; did you mean {' or '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        self.message = f"unknown reason code {code!r}{hint}"
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class AuditFormatError(FosterkitError):
    """No installed plugin handles the kind of audit-workbook file asked for, or it cannot be written."""


class TrackerError(FosterkitError):
    """A response tracker that cannot be made, written or read as asked (no format for the suffix, say)."""


class SourceError(FosterkitError):
    """A source file for an import cannot be read at all: missing, damaged, hostile or of the wrong kind.

    ``source`` is the file's name; the message says what is wrong with it. Problems in single
    rows are not raised: the import keeps those rows and reports each with its row and column.
    """

    def __init__(self, source: str, message: str) -> None:
        self.source = source
        self.reason = message
        super().__init__(f"{source}: {message}")


class UnwritableFolderError(OSError):
    """A file cannot be written because its folder cannot be written in."""


# -- what is wrong with a file as a whole -------------------------------------------------------

_OS_FAULTS = {
    errno.ENOENT: "no such file",
    errno.EISDIR: "a folder, not a file",
    errno.EACCES: "you do not have permission to read it",
    errno.EPERM: "you do not have permission to read it",
    errno.ENAMETOOLONG: "the file name is too long",
    errno.ELOOP: "the name is a loop of symbolic links",
    errno.ENOTDIR: "no such file (a part of the path is not a folder)",
}


def cannot_read(err: OSError) -> str:
    """What a failure to open or read a file means, in the same plain words for every command."""
    known = _OS_FAULTS.get(err.errno or 0)
    return known if known is not None else f"cannot read the file ({err.strerror or err})"


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def file_looks_like(head: bytes) -> str:
    """What a file's first bytes (a few hundred) suggest it is, as a phrase: "a zip archive", "text".

    Used to say what a file of the wrong kind seems to be ("an .xlsx workbook, not JSON Lines"),
    so a renamed file is named as what it is, the same way by every command.
    """
    if not head:
        return "an empty file"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "a zip archive (an .xlsx workbook, or another zipped file)"
    if head.startswith(_OLE2):
        return "an old-style .xls workbook, or an .xlsx protected by a password"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16 text (save it as UTF-8)"
    if head.startswith(b"%PDF"):
        return "a PDF document"
    if b"\x00" in head:
        return "binary data, not text"
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if text.startswith(("{", "[")):
        return "JSON text"
    first = text.splitlines()[0] if text else ""
    if first.count(",") or first.count(";") or first.count("\t"):
        return "text in columns (a CSV file)"
    return "text"
