"""What drafting a mapping gives: the mapping's TOML text, and what was found and guessed in making it."""

from __future__ import annotations

from attrs import frozen

from fosterkit.imports.draft.profile import ColumnProfile

__all__ = ["Draft"]


@frozen(kw_only=True)
class Draft:
    """A drafted import mapping: its TOML text, and what was found and guessed in making it."""

    text: str
    """The mapping as TOML, for a person to check and finish."""
    header_row: int
    """The header's row number (0 when rows name their own columns, or none was found)."""
    columns: tuple[ColumnProfile, ...]
    """Every column of the source, profiled, in the file's order."""
    guessed: dict[str, dict[str, tuple[str, ...]]]
    """By record kind, each field path mapped to the columns it was guessed from."""
    todo: tuple[str, ...]
    """Each place left as TODO, named as :class:`~fosterkit.imports.mapping.MappingError` names it."""
    ignored: tuple[str, ...]
    """The columns no field uses, listed under ``ignore`` for a person to confirm."""
    left_out: tuple[str, ...]
    """Optional fields (``kind.path``) no column was found for, named in a comment."""
    warnings: tuple[str, ...]
    """Things to look at that the mapping itself will not refuse (odd column names, unread dates)."""
