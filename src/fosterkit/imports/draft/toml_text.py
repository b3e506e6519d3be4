"""Writing TOML text by hand: strings and keys quoted as TOML wants, values, wrapped word lists.

The draft writes its mapping as text (with comments a TOML library would not keep), so the
quoting is done here, once, for every part of the draft.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["has_surrogate", "shown_string", "toml_key", "toml_string", "toml_value", "wrapped"]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def has_surrogate(text: str) -> bool:
    """Whether ``text`` holds undecodable bytes (lone surrogates), which TOML cannot hold."""
    return any("\ud800" <= ch <= "\udfff" for ch in text)


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string: quotes, backslashes and control characters escaped."""
    if has_surrogate(text):
        raise ValueError(f"{text!r} holds bytes that are not text; TOML cannot hold it")
    out = ['"']
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ch < " " or ch == "\x7f":
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def shown_string(text: str) -> str:
    """``text`` quoted for a comment, undecodable bytes shown as the replacement character."""
    return toml_string("".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in text))


def toml_key(text: str) -> str:
    """``text`` as a TOML key: bare when it can be, else quoted."""
    return text if _BARE_KEY.fullmatch(text) else toml_string(text)


def toml_value(value: object) -> str:
    """A value a mapping holds (true/false, a whole number, text or a list of them) as TOML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    raise TypeError(f"{value!r} is not a value a mapping holds")


def wrapped(words: Sequence[str], lead: str, width: int = 100) -> list[str]:
    """``words`` joined with commas into lines of at most ``width`` characters, each starting ``lead``."""
    lines: list[str] = []
    line = lead
    for word in words:
        if len(line) + len(word) + 2 > width and line.strip() != lead.strip():
            lines.append(line.rstrip(", ").rstrip())
            line = lead
        line += f"{word}, "
    if line.strip() != lead.strip():
        lines.append(line.rstrip(", ").rstrip())
    return lines
