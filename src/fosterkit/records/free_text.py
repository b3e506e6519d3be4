"""The mark on fields that hold free text, which may name or identify people.

Publication leaves such fields out and sharing drops them unless they are asked for by name.
Defined here, at the bottom of the domain core, so every record (a conversation, an interview)
marks its free text with the same key.
"""

from __future__ import annotations

from typing import Any

import attrs

__all__ = ["FREE_TEXT", "is_free_text"]

#: ``attrs`` metadata key marking a free-text field.
FREE_TEXT = "free_text"


def is_free_text(attribute: attrs.Attribute[Any]) -> bool:
    """Whether a field holds free text (left out of published figures)."""
    return bool(attribute.metadata.get(FREE_TEXT, False))
