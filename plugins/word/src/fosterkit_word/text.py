r"""Text as a Word file can hold it: characters XML cannot carry are shown, never dropped or fatal.

A document's words come from records and templates, which may hold a stray control character
(pasted from a case system, say) or a byte that was not UTF-8 (kept by fosterkit's readers as a
lone surrogate). XML 1.0 has no place for either, and python-docx refuses the whole file for
one. Each is shown instead as ``\xNN`` (``\uNNNN`` above 0xFF), the way fosterkit's import
rejects show them, so the reader sees that something was there.
"""

from __future__ import annotations

import re

from docx.text.paragraph import Paragraph
from docx.text.run import Run

__all__ = ["add_text", "xml_safe"]

#: What XML 1.0 cannot hold (or holds only as invisible noise): control characters other than
#: tab and line ends, DEL, lone surrogates, and the two non-characters U+FFFE and U+FFFF.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_LINE_ENDS = re.compile("\r\n?")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte a reader could not decode, kept as a lone surrogate
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def xml_safe(text: str) -> str:
    r"""``text`` with every line end a ``\n`` and what XML cannot hold shown as an escape.

    >>> xml_safe("Smith\x07 & Co\r\nLeeds\udc9c")
    'Smith\\x07 & Co\nLeeds\\x9c'
    """
    return _UNSAFE.sub(_escape, _LINE_ENDS.sub("\n", text))


def add_text(paragraph: Paragraph, text: str) -> Run:
    """Add ``text`` to ``paragraph`` as one run, keeping its line breaks and tabs as Word's own."""
    run = paragraph.add_run()
    for number, line in enumerate(xml_safe(text).split("\n")):
        if number:
            run.add_break()
        for part, piece in enumerate(line.split("\t")):
            if part:
                run.add_tab()
            if piece:
                run.add_text(piece)
    return run
