"""Drafting an import mapping from a source's own rows (``fosterkit mapping init``).

:func:`draft_mapping` looks at the first rows of a source: it finds the header, profiles each
column (how often it is blank, its distinct values, whether it holds dates, numbers or yes/no)
and, for each field of the record kinds asked for, guesses the column it comes from by the
column's name (against :class:`HeadingSynonyms`, the headings common in local-authority
exports, which a service can extend), checked against what the column holds. Whatever it
cannot guess is written as ``TODO`` with a comment saying what is wanted, so fosterkit refuses
the mapping until a person has filled it in; every column no field uses is listed under
``ignore`` and marked for checking, so nothing is dropped without someone deciding it. The
draft is text for a person to finish, never used as it is.

The modules, one concern each: :mod:`~.header` (finding the header, sampling rows),
:mod:`~.cells` (what a cell reads as, date forms), :mod:`~.profile` (a column's profile),
:mod:`~.headings` (the synonyms), :mod:`~.fields` (a record kind's fields), :mod:`~.matching`
(columns to fields), :mod:`~.value_maps` (value maps, splits, date forms of a field),
:mod:`~.build` (the draft), :mod:`~.render` (its TOML text), :mod:`~.result` (:class:`Draft`).
"""

from __future__ import annotations

from fosterkit.imports.draft.build import draft_mapping
from fosterkit.imports.draft.headings import (
    HEADINGS_SCHEMA_VERSION,
    HeadingsError,
    HeadingSynonyms,
    headings_from_dict,
)
from fosterkit.imports.draft.profile import DISTINCT_KEPT, ColumnProfile
from fosterkit.imports.draft.result import Draft

__all__ = [
    "DISTINCT_KEPT",
    "HEADINGS_SCHEMA_VERSION",
    "ColumnProfile",
    "Draft",
    "HeadingSynonyms",
    "HeadingsError",
    "draft_mapping",
    "headings_from_dict",
]
