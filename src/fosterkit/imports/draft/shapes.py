"""What a column must hold to be drafted for a field, whatever its heading says.

A heading can mislead: a column called "Household" may hold only ``Couple`` and ``Single``, one
called "Transfer?" only ``TRUE`` and ``FALSE``. Before a column is proposed its profile is checked
against the field: dates for a date, yes/no for a yes/no, numbers for a number; for an id, values
that are mostly distinct, mostly not blank and mostly hold a digit, as references do; for a
choice, a short list of values that are not dates, nor yes/no unless the field offers them. A
column that fails is left for a person (a TODO is better than a wrong column).
"""

from __future__ import annotations

from fosterkit.imports.draft.fields import Slot
from fosterkit.imports.draft.profile import ColumnProfile
from fosterkit.imports.values import ValueKind

__all__ = ["distinct_share", "fits", "is_reference", "looks_like_ids"]

#: A field's own id: (nearly) one value per row.
_OWN_ID_DISTINCT = 0.8
#: Another record's id (a household's, a departure's): records may share it, but it is no category.
_LINK_DISTINCT = 0.3
#: Fewer distinct values than this is a category, whatever the share.
_FEWEST_IDS = 3
#: A choice column with more distinct values than this is free text, not a list of codes.
_MOST_CHOICES = 20


def is_reference(slot: Slot) -> bool:
    """Whether ``slot`` holds a record's id (its own, or the id of a record it belongs to)."""
    return slot.value is ValueKind.TEXT and (slot.name == "id" or slot.name.endswith("_id"))


def _distinct_count(profile: ColumnProfile) -> float:
    """How many distinct values the column has (a column with more than the profile keeps counts as all)."""
    return profile.filled if profile.more_distinct else len(profile.distinct)


def distinct_share(profile: ColumnProfile) -> float:
    """The share of the column's filled cells that hold a value no other cell does (about)."""
    return _distinct_count(profile) / profile.filled if profile.filled else 1.0


def looks_like_ids(profile: ColumnProfile, *, own: bool, sparse: bool = False) -> bool:
    """Whether the column holds references: mostly distinct (``own``: one a row), filled, with digits.

    A two- or three-value category (couple/single, yes/no) never does; nor do dates, names
    without a digit, or a column blank in most rows (unless ``sparse``: an optional one).
    """
    if not profile.filled:
        return True
    count = _distinct_count(profile)
    if profile.filled >= _FEWEST_IDS and count < _FEWEST_IDS:
        return False
    if count < (_OWN_ID_DISTINCT if own else _LINK_DISTINCT) * profile.filled:
        return False
    if (profile.blank > 0.5 and not sparse) or profile.dates >= 0.6 or profile.yes_no >= 0.8:
        return False
    with_digit = sum(any(ch.isdigit() for ch in value) for value in profile.distinct)
    return with_digit >= 0.8 * len(profile.distinct)


def _is_choice_list(slot: Slot, profile: ColumnProfile) -> bool:
    """A short list of words or codes: not dates, not free text, and not yes/no unless the field says so."""
    says_yes = slot.choices is not None and any(str(m.value) in ("yes", "no") for m in slot.choices)
    if (profile.yes_no >= 0.8 and not says_yes) or profile.dates >= 0.6:
        return False
    return not profile.more_distinct and len(profile.distinct) <= _MOST_CHOICES


def fits(slot: Slot, profile: ColumnProfile) -> bool:
    """Whether what the column holds suits the field (a column with no values suits any)."""
    if not profile.filled:
        return True
    if slot.value is ValueKind.DATE:
        return profile.dates >= 0.6
    if slot.value is ValueKind.BOOL:
        return profile.yes_no >= 0.8
    if slot.value in (ValueKind.INT, ValueKind.FLOAT):
        return profile.numbers >= 0.8
    if slot.value is ValueKind.ENUM:
        return _is_choice_list(slot, profile)
    if slot.value is ValueKind.REASON:
        return profile.dates < 0.6 and profile.yes_no < 0.8
    if is_reference(slot) and not slot.many:
        return looks_like_ids(profile, own=slot.name == "id", sparse=bool(slot.item) or not slot.needed)
    return profile.written_dates < 0.6
