"""Checks on a workbook's zip archive made before any XML in it is parsed.

Both readers of the plugin use them: the importer of fosterkit's own sheets
(:mod:`fosterkit_excel.reader`) and the source reader for foreign workbooks
(:mod:`fosterkit_excel.source`). A check that fails raises :class:`Refused` with a message
for the person who gave the file; each reader turns it into its own error.
"""

from __future__ import annotations

import codecs
import re
import xml.etree.ElementTree as ElementTree
import zipfile
import zlib
from collections.abc import Sequence

from defusedxml import DefusedXmlException  # type: ignore[import-untyped, unused-ignore]
from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped, unused-ignore]

__all__ = [
    "BROKEN",
    "MAX_PARTS",
    "MAX_PART_BYTES",
    "MAX_PART_RATIO",
    "Refused",
    "check_prologs",
    "describe",
    "oversized_part",
]

#: A part of the workbook larger than this when unpacked...
MAX_PART_BYTES = 256 * 1024 * 1024
#: ...and this many times larger than packed is refused as a decompression bomb.
MAX_PART_RATIO = 200
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


def check_prologs(archive: zipfile.ZipFile) -> None:
    """Refuse a workbook any part of which declares a document type (``<!DOCTYPE``).

    Only a document type can declare entities, the means of the "billion laughs" and external
    entity attacks, and Excel never writes one. Each part's start is read up to its first
    element, so this costs a few bytes a part; a part whose start is longer than
    :data:`MAX_PROLOG` is refused too. Parts that are not XML (pictures) end the scan at once.
    """
    for part in archive.infolist():
        if part.is_dir():
            continue
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
