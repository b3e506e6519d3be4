"""fosterkit's Word plugin: the ``word`` document format (letters, the discussion guide, reports)."""

from __future__ import annotations

from fosterkit_word.writer import write_document

__all__ = ["write_document"]
