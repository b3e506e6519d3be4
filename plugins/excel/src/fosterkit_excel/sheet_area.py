r"""Whether python-calamine can be trusted to load a workbook's sheets without running out of memory.

calamine holds a sheet as one rectangle of cells, from the top-left to the bottom-right cell that
holds a value, at about 32 bytes a cell whatever the cells hold. A file of a few kilobytes can put
one value in A1 and another in XFD1048576: the rectangle is then 17 billion cells, the allocation
fails, and the Rust runtime aborts the whole process, with no Python exception to catch.

So before calamine opens a workbook, :func:`fits` reads every part of it once, streaming, and
says whether every cell provably lies inside a rectangle of at most ``max_cells`` cells. The
proof is cheap for files written as Excel and the common libraries write them, where each cell
starts ``<c r="B7"``: one regular-expression search per chunk finds any cell written otherwise,
or lying outside the rectangle. Anything unusual counts as not fitting, and the source reader
then streams the sheet with openpyxl, which needs no such bound.

>>> _column_number(b"XFD")
16384
>>> bool(_outside(26, 999).search(b'<c r="AA1">')), bool(_outside(26, 999).search(b'<c r="Z999">'))
(True, False)
"""

from __future__ import annotations

import functools
import re
import zipfile

__all__ = ["fits"]

#: How much of a part is searched at a time, and how much of the end of one chunk is searched
#: again with the next (more than the longest cell reference the search needs to see whole).
_CHUNK = 1 << 20
_OVERLAP = 64
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_DIGITS = "0123456789"
#: Every sheet may be 26 columns (A to Z) wide without a closer look.
_MIN_WIDTH = 26

_FIRST_COLUMNS = re.compile(rb'<c r="([A-Z]{1,3})[1-9]')
#: A cell element with a namespace prefix (``<x:c>``), which calamine reads as a cell too.
_PREFIXED_CELL = re.compile(rb":c[\s/>]")


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - ord("A") + 1
    return number


def _column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = _LETTERS[rest] + letters
    return letters


def _not_above(limit: str, symbols: str, first: str) -> str:
    """A pattern for the numerals no greater than ``limit``, written as ``limit`` is.

    Column letters and row numbers (no leading zeros) both order by length first, then symbol by
    symbol; ``first`` holds the symbols a numeral may start with.
    """
    every, lead = f"[{symbols[0]}-{symbols[-1]}]", f"[{first[0]}-{first[-1]}]"
    options = [f"{lead}{every}{{0,{len(limit) - 2}}}"] if len(limit) > 1 else []
    for i, symbol in enumerate(limit):
        pool = first if i == 0 else symbols
        lower = pool[: pool.index(symbol)]
        if lower:
            after = f"{every}{{{len(limit) - i - 1}}}" if i < len(limit) - 1 else ""
            options.append(f"{limit[:i]}[{lower[0]}-{lower[-1]}]{after}")
    options.append(limit)
    return "(?:" + "|".join(options) + ")"


@functools.lru_cache(maxsize=32)
def _outside(width: int, height: int) -> re.Pattern[bytes]:
    """A pattern finding a cell that is not written ``<c r="..."`` inside ``width`` x ``height``."""
    column = _not_above(_column_letters(width), _LETTERS, _LETTERS)
    row = _not_above(str(height), _DIGITS, _DIGITS[1:])
    return re.compile(rf'<c(?![-\w.:]| r="{column}{row}")'.encode())


def _part_fits(archive: zipfile.ZipFile, part: zipfile.ZipInfo, max_cells: int) -> bool:
    with archive.open(part) as stream:
        data = stream.read(_CHUNK)
        widest = max((_column_number(c) for c in set(_FIRST_COLUMNS.findall(data))), default=0)
        width = max(_MIN_WIDTH, widest)
        height = max_cells // width
        if height < 1:
            return False
        outside = _outside(width, height)
        block = b""
        while data:
            block = block[-_OVERLAP:] + data
            data = stream.read(_CHUNK)
            # A match near the end of the block may want bytes of the next chunk: it is looked
            # at again there, with the overlap.
            limit = len(block) - _OVERLAP if data else len(block)
            for pattern in (outside, _PREFIXED_CELL):
                found = pattern.search(block)
                if found and found.start() < limit:
                    return False
    return True


def fits(archive: zipfile.ZipFile, max_cells: int) -> bool:
    """Whether calamine would need at most ``max_cells`` cells for any sheet of ``archive``.

    Every part is read, since a workbook may name any part as a sheet. Failures reading the
    archive (a damaged part) are raised as :mod:`zipfile` and :mod:`zlib` raise them.
    """
    return all(_part_fits(archive, part, max_cells) for part in archive.infolist() if not part.is_dir())
