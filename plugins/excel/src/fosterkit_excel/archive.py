"""Checks on a workbook's zip archive made before any XML in it is parsed.

Every reader of the plugin uses them, through :func:`check_archive`: the importer of fosterkit's
own sheets and the readers of filled-in audit workbooks and trackers
(:mod:`fosterkit_excel.reader`), and the source reader for foreign workbooks
(:mod:`fosterkit_excel.source`). They read only the archive's directory and the first bytes of
each part, so a hostile file is refused in well under a second and in flat memory: too many
parts, a part or the whole unpacking to far more than it holds (a decompression bomb, or a
workbook padded out), more unpacked data than the reader takes at all, a document type that
could hide an entity attack, or a check that takes too long. A check that fails raises
:class:`Refused` with a message for the person who gave the file; each reader turns it into its
own error.
"""

from __future__ import annotations

import codecs
import re
import time
import xml.etree.ElementTree as ElementTree
import zipfile
import zlib
from collections.abc import Sequence

from defusedxml import DefusedXmlException  # type: ignore[import-untyped, unused-ignore]
from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped, unused-ignore]

from fosterkit.errors import file_looks_like

__all__ = [
    "BROKEN",
    "CHECK_SECONDS",
    "MAX_OWN_TOTAL_BYTES",
    "MAX_PARTS",
    "MAX_PART_BYTES",
    "MAX_PART_RATIO",
    "MAX_TOTAL_BYTES",
    "MAX_TOTAL_RATIO",
    "Refused",
    "check_archive",
    "check_prologs",
    "describe",
    "oversized_part",
]

#: A part of the workbook larger than this when unpacked...
MAX_PART_BYTES = 16 * 1024 * 1024
#: ...and this many times larger than packed is refused as a decompression bomb (a sheet's XML
#: packs some 10 to 30 times; padding of spaces or zeros a thousand times).
MAX_PART_RATIO = 200
#: The whole archive unpacking to more than this...
MAX_TOTAL_PACKED_FLOOR = 64 * 1024 * 1024
#: ...and this many times more than it holds is refused as padded out.
MAX_TOTAL_RATIO = 100
#: The most a foreign workbook (a case system's export) may unpack to in all.
MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024
#: The most one of fosterkit's own workbooks people fill in (audit, tracker) may unpack to.
MAX_OWN_TOTAL_BYTES = 64 * 1024 * 1024
#: The longest the checks may take before the file is refused as too costly to read.
CHECK_SECONDS = 1.5
#: More parts than this (a workbook has tens, or a few hundred with many sheets) is refused.
MAX_PARTS = 10_000
#: How many bytes of each part may come before its first element (Excel writes under 100).
MAX_PROLOG = 64 * 1024

#: What openpyxl and the standard library raise for a file that is not a sound workbook.
BROKEN = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    InvalidFileException,
    DefusedXmlException,
    ElementTree.ParseError,
    KeyError,
    IndexError,
    ValueError,
    TypeError,
    AttributeError,
    UnicodeError,
)

#: What may come before a document's first element: white space, processing instructions
#: (the XML declaration among them) and comments.
_PROLOG = re.compile(r"(?:\s+|<\?.*?\?>|<!--.*?-->)*", re.DOTALL)


class Refused(Exception):
    """A workbook refused before it was parsed; the message says why."""


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def not_a_workbook(head: bytes, err: BaseException) -> str:
    """What to say of a file that is not a zip archive, from its first bytes, for every reader alike.

    A CSV or other text file given an .xlsx name is named as such.
    """
    if not head:
        return "the file is empty"
    if head.startswith(_OLE2):
        return (
            "an old-style .xls workbook, or an .xlsx protected by a password; "
            "open it in Excel and save it as .xlsx (without a password)"
        )
    if head.startswith(b"PK"):
        return f"a damaged or incomplete workbook (the zip archive cannot be read: {describe(err)})"
    looks = file_looks_like(head)
    named = " under an Excel file name" if looks.startswith("text") else ""
    return f"not an Excel workbook: it holds {looks}{named}"


def describe(err: BaseException) -> str:
    """What went wrong, from the innermost cause (openpyxl wraps its parser's errors)."""
    while err.__cause__ is not None:
        err = err.__cause__
    name = type(err).__name__
    if isinstance(err, DefusedXmlException):
        return f"its XML declares entities, which are refused as a possible attack ({name})"
    detail = " ".join(str(err).split())
    return f"{name}: {detail}" if detail else name


def oversized_part(
    parts: Sequence[zipfile.ZipInfo], max_bytes: int = MAX_PART_BYTES, max_ratio: int = MAX_PART_RATIO
) -> str | None:
    """Why the archive looks like a decompression bomb, going by its directory; ``None`` if it does not."""
    for part in parts:
        if part.file_size > max_bytes and part.file_size > max_ratio * max(part.compress_size, 1):
            return (
                f"part {part.filename} would unpack to {part.file_size} bytes from {part.compress_size}; "
                "refused as a decompression bomb"
            )
    return None


def check_archive(
    archive: zipfile.ZipFile,
    *,
    max_total: int = MAX_TOTAL_BYTES,
    max_parts: int = MAX_PARTS,
    max_part_bytes: int = MAX_PART_BYTES,
) -> None:
    """Refuse, before any XML is parsed, an archive that is too costly or unsafe to read.

    Going by its directory: more than ``max_parts`` parts; a part that would unpack to over
    ``max_part_bytes`` and :data:`MAX_PART_RATIO` times what it holds; the whole unpacking to
    over :data:`MAX_TOTAL_PACKED_FLOOR` and :data:`MAX_TOTAL_RATIO` times what it holds; or to
    over ``max_total`` in all. Then each part's start (:func:`check_prologs`), all within
    :data:`CHECK_SECONDS`.
    """
    started = time.monotonic()
    parts = archive.infolist()
    if len(parts) > max_parts:
        raise Refused(f"the archive has {len(parts)} parts (a workbook has at most a few hundred)")
    message = oversized_part(parts, max_part_bytes, MAX_PART_RATIO)
    if message:
        raise Refused(message)
    unpacked = sum(part.file_size for part in parts)
    packed = max(sum(part.compress_size for part in parts), 1)
    if unpacked > MAX_TOTAL_PACKED_FLOOR and unpacked > MAX_TOTAL_RATIO * packed:
        raise Refused(
            f"its {len(parts)} parts would unpack to {unpacked} bytes from {packed}; "
            "refused as a decompression bomb"
        )
    if unpacked > max_total:
        raise Refused(f"its parts would unpack to {unpacked} bytes, more than the {max_total} read at most")
    check_prologs(archive, deadline=started + CHECK_SECONDS)


def _start(raw: bytes) -> str:
    """The start of a part as text: UTF-16 when it says so, otherwise byte for byte (after any BOM)."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif raw.startswith(b"<\x00"):
        encoding = "utf-16-le"
    elif raw.startswith(b"\x00<"):
        encoding = "utf-16-be"
    else:
        return raw.removeprefix(codecs.BOM_UTF8).decode("latin-1")
    return codecs.getincrementaldecoder(encoding)(errors="replace").decode(raw)


def check_prologs(archive: zipfile.ZipFile, deadline: float | None = None) -> None:
    """Refuse a workbook any part of which declares a document type (``<!DOCTYPE``).

    Only a document type can declare entities, the means of the "billion laughs" and external
    entity attacks, and Excel never writes one. Each part's start is read up to its first
    element, so this costs a few bytes a part; a part whose start is longer than
    :data:`MAX_PROLOG` is refused too. Parts that are not XML (pictures) end the scan at once.
    """
    for part in archive.infolist():
        if part.is_dir():
            continue
        if deadline is not None and time.monotonic() > deadline:
            raise Refused(
                f"checking its parts took over {CHECK_SECONDS} seconds; refused as too costly to read"
            )
        with archive.open(part) as stream:
            raw = stream.read(MAX_PROLOG + 1)
        head = _start(raw)
        prolog = _PROLOG.match(head)
        rest = head[prolog.end() if prolog else 0 :]
        if rest[:9].upper() == "<!DOCTYPE":
            raise Refused(
                f"part {part.filename} declares a document type (<!DOCTYPE), which a workbook never "
                "has and which can hide an entity expansion attack; refused"
            )
        unfinished = not rest or rest.startswith(("<!--", "<?"))
        if unfinished and len(raw) > MAX_PROLOG:
            raise Refused(f"part {part.filename} has over {MAX_PROLOG} bytes before its first element")
