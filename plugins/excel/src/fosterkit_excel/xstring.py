r"""Text that XML cannot hold, escaped the way Office Open XML escapes it (``_xHHHH_``).

A worksheet is XML, which cannot hold most control characters and loses a carriage return
(it reads back as a line feed). Excel stores such characters as ``_x000D_`` and reads them back;
a literal ``_x000D_`` in the text is written ``_x005F_x000D_`` so it is not mistaken for one.
:func:`escape` and :func:`unescape` do the same, so every text comes back exactly.

>>> escape("line one\r\nline two")
'line one_x000D_\nline two'
>>> unescape(escape("_x0041_ stays as typed"))
'_x0041_ stays as typed'
"""

from __future__ import annotations

import re

__all__ = ["escape", "unescape"]

#: Characters XML 1.0 cannot hold or does not keep (CR), and an underscore that starts ``_xHHHH_``.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\r\x0e-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")
_ESCAPED = re.compile("_x([0-9A-Fa-f]{4})_")


def _escape_one(match: re.Match[str]) -> str:
    return f"_x{ord(match.group()):04X}_"


def _unescape_one(match: re.Match[str]) -> str:
    return chr(int(match.group(1), 16))


def escape(text: str) -> str:
    """``text`` as a worksheet cell can hold it; :func:`unescape` gives it back exactly."""
    if "_x" not in text and text.isprintable():  # the usual case, checked in C: nothing to escape
        return text
    return _UNSAFE.sub(_escape_one, text)


def unescape(text: str) -> str:
    """The text a cell written with :func:`escape` (or by Excel) stands for."""
    return _ESCAPED.sub(_unescape_one, text) if "_x" in text else text
