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

from attrs import evolve

from fosterkit.errors import Problem, ProblemsError, cannot_read

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

__all__ = ["MAX_KEY_PARTS", "MAX_TOML_BYTES", "FileError", "read_toml_file", "toml_data", "with_lines"]

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
    (``sys.get_int_max_str_digits()``). Each is raised as ``error`` naming the line and, where
    the line shows it, the key; never as a traceback.
    """
    found = _LONG_KEY.search(text)
    if found:
        message = f"nested too deeply: a dotted key of more than {MAX_KEY_PARTS} parts"
        shown = found.group()[:24].rstrip(". \t") + "..."
        raise error([Problem(path=shown, message=message, source=_line(text, found.start()))], source)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise error([Problem(path="", message=f"not valid TOML: {err}")], source) from None
    except RecursionError:
        raise error([_too_deep(text)], source) from None
    except ValueError:
        # tomllib reads a whole number with int(), which refuses thousands of digits.
        raise error([_long_number(text)], source) from None


#: A run of digits longer than Python will read as a whole number (4,300 by default).
_LONG_NUMBER = re.compile(r"[0-9_]{4301,}")
#: The key a value is given to: the last ``key =`` before the value on its line.
_KEY_BEFORE = re.compile(rf"({_KEY_PART}(?:[ \t]*\.[ \t]*{_KEY_PART})*)[ \t]*=[^=]*$")
#: A key starting a line: ``key =``.
_KEY_STARTS = re.compile(rf"^[ \t]*({_KEY_PART}(?:[ \t]*\.[ \t]*{_KEY_PART})*)[ \t]*=", re.MULTILINE)
#: Text whose brackets are not nesting: strings of each kind, and comments.
_NOT_NESTING = re.compile(
    r'"""(?:[^\\]|\\.)*?"""|' r"'''.*?'''|" r'"(?:[^"\\\n]|\\.)*"|' r"'[^'\n]*'|" r"#[^\n]*",
    re.DOTALL,
)
#: Nesting no real file comes near: a file too deep to read is reported where it passes this.
_DEEP = 64


def _line(text: str, at: int) -> str:
    return f"line {text.count(chr(10), 0, at) + 1}"


def _problem(text: str, at: int, message: str) -> Problem:
    """A problem at ``at`` in ``text``: its line, and the key of the value it is in.

    The key is the last one given on the line before ``at`` (``a = [...``) or, for a value
    over several lines, the last one to start a line above it.
    """
    found = _KEY_BEFORE.search(text, text.rfind("\n", 0, at) + 1, at)
    if found is None:
        found = next(reversed(list(_KEY_STARTS.finditer(text, 0, at))), None)
    key = found.group(1).strip() if found else None
    return Problem(path=key or "", field=key, message=message, source=_line(text, at))


def _too_deep(text: str) -> Problem:
    """Where nested arrays and inline tables pass :data:`_DEEP` levels, named by the outermost one's key."""
    blanked = _NOT_NESTING.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
    depth = opened = 0
    for mark in re.finditer(r"[\[\]{}]", blanked):
        if mark.group() in "]}":
            depth = max(depth - 1, 0)
            continue
        if depth == 0:
            opened = mark.start()
        depth += 1
        if depth > _DEEP:
            return _problem(text, opened, f"nested too deeply to read (more than {_DEEP} levels)")
    return Problem(path="", message="nested too deeply to read")


def _long_number(text: str) -> Problem:
    found = _LONG_NUMBER.search(text)
    if found is None:
        return Problem(path="", message="a number with too many digits to read")
    digits = len(found.group().replace("_", ""))
    return _problem(text, found.start(), f"a number of {digits:,} digits, too many to read")


def with_lines(error: ProblemsError, text: str) -> ProblemsError:
    """``error`` with each problem about a top-level key (``weeks_to_replace``) given the line setting it.

    For files of ``name = value`` lines (cost assumptions, process policies), whose problems
    otherwise name the key but not where it is.
    """
    problems = []
    for problem in error.problems:
        found = None
        if problem.source is None and problem.path and "." not in problem.path:
            pattern = rf"^[ \t]*(?:{re.escape(problem.path)}|\"{re.escape(problem.path)}\")[ \t]*="
            found = re.search(pattern, text, re.MULTILINE)
        problems.append(problem if found is None else evolve(problem, source=_line(text, found.start())))
    return type(error)(problems, error.source)


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
        raise error([Problem(path="", message=cannot_read(err), whole_file=True)], str(file)) from None
