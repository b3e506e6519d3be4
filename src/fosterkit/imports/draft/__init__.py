"""Drafting an import mapping from a source's own rows (``fosterkit mapping init``).

:func:`draft_mapping` looks at the first rows of a source: it finds the header, profiles each
column (how often it is blank, its distinct values, whether it holds dates, numbers or yes/no)
and, for each field of the record kinds asked for, guesses the column it comes from by the
column's name (against :class:`HeadingSynonyms`, the headings common in local-authority
exports, which a service can extend), checked against what the column holds: a column is only
proposed when its values have the field's shape (an id column holds mostly distinct references,
never a couple/single category; a date column reads as dates). Local codes are read by what the
taxonomy calls its reasons (``RET`` is Retirement), from a column of labels beside them when
the file has one. Whatever it cannot guess is written as ``TODO`` with a comment saying what is
wanted, so fosterkit refuses the mapping until a person has filled it in: a TODO is better than
a wrong guess. Every column no field uses is listed under ``ignore`` and marked for checking,
so nothing is dropped without someone deciding it. The draft is text for a person to finish,
never used as it is.

The modules, one concern each: :mod:`~.header` (finding the header, sampling rows),
:mod:`~.cells` (what a cell reads as, date forms), :mod:`~.profile` (a column's profile),
:mod:`~.headings` (the synonyms), :mod:`~.fields` (a record kind's fields), :mod:`~.shapes`
(what a field's column must hold), :mod:`~.matching` (columns to fields), :mod:`~.labels` (a
column spelling out another's codes), :mod:`~.words` (telling words of a label),
:mod:`~.reason_codes` (local reason codes to taxonomy codes), :mod:`~.value_maps` (value maps,
splits, date forms of a field), :mod:`~.build` (the draft), :mod:`~.render` (its TOML text),
:mod:`~.result` (:class:`Draft`).
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
