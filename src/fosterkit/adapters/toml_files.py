"""Adapter: TOML files and text read with care, so a hostile file is refused and never crashes or hangs.

Every TOML file fosterkit reads (packs, taxonomies, checklists, policies, mappings, headings,
cost assumptions) comes through :func:`read_toml_file` and :func:`toml_data`. Each problem is
raised as the error of the kind of file being read, naming the file.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

from fosterkit.errors import Problem, ProblemsError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

__all__ = ["MAX_KEY_PARTS", "MAX_TOML_BYTES", "FileError", "read_toml_file", "toml_data"]

#: The error a file's problems are reported as: each kind of file has its own.
FileError = type[ProblemsError]


#: The most parts a dotted key (``a.b.c``) may have: the TOML reader slows with the square of it.
MAX_KEY_PARTS = 32
#: The largest TOML file read, in bytes; the largest built-in pack is about 50 KB.
MAX_TOML_BYTES = 1024 * 1024

_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"[^"\\\n]*"|'[^'\n]*')"""
#: A dotted key of more than :data:`MAX_KEY_PARTS` parts; the look-behind keeps the search linear.
_LONG_KEY = re.compile(rf"(?<![A-Za-z0-9_.\"'-]){_KEY_PART}(?:[ \t]*\.[ \t]*{_KEY_PART}){{{MAX_KEY_PARTS},}}")


def toml_data(text: str, source: str, error: FileError) -> dict[str, Any]:
    """The TOML text as data, or ``error`` naming ``source``; hostile text is refused, never raised.

    Beyond invalid TOML, refused are: dotted keys of more than :data:`MAX_KEY_PARTS` parts,
    nesting too deep for Python to read, whole numbers of more digits than Python will read
    (``sys.get_int_max_str_digits()``). Each is raised as ``error``, never as a traceback.
    """
    where = _line_of(_LONG_KEY, text)
    if where:
        message = f"nested too deeply: a dotted key of more than {MAX_KEY_PARTS} parts"
        raise error([Problem(path=where, message=message)], source)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise error([Problem(path="", message=f"not valid TOML: {err}")], source) from None
    except RecursionError:
        raise error([Problem(path="", message="nested too deeply")], source) from None
    except ValueError:
        # tomllib reads a whole number with int(), which refuses thousands of digits.
        message = "a number with too many digits to read"
        raise error([Problem(path=_line_of(_LONG_NUMBER, text), message=message)], source) from None


#: A run of digits longer than Python will read as a whole number (4,300 by default).
_LONG_NUMBER = re.compile(r"[0-9_]{4301,}")


def _line_of(pattern: re.Pattern[str], text: str) -> str:
    """``line N`` of the first match of ``pattern`` in ``text``, or ``""`` if there is none."""
    found = pattern.search(text)
    return "" if found is None else f"line {text.count(chr(10), 0, found.start()) + 1}"


def read_toml_file(path: str | os.PathLike[str], error: FileError) -> tuple[str, str]:
    """The text of the TOML file at ``path`` and its name, or ``error`` if it cannot be read.

    A file larger than :data:`MAX_TOML_BYTES` is refused after reading no more than that.
    """
    file = Path(path)
    try:
        with file.open("rb") as stream:
            data = stream.read(MAX_TOML_BYTES + 1)
        if len(data) > MAX_TOML_BYTES:
            message = f"larger than {MAX_TOML_BYTES // (1024 * 1024)} MB, far more than any such file needs"
            raise error([Problem(path="", message=message)], str(file))
        # Universal newlines, as read_text() reads them, so TOML sees what an editor shows.
        return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n"), str(file)
    except UnicodeDecodeError as err:
        raise error(
            [Problem(path="", message=f"not UTF-8 text ({err.reason} at byte {err.start})")], str(file)
        ) from None
    except OSError as err:
        raise error(
            [Problem(path="", message=f"cannot read the file: {err.strerror or err}")], str(file)
        ) from None
