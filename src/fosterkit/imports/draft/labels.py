"""Finding a column that spells out another column's codes ("R01" beside "Retirement").

Case systems often export a code and its description side by side. A column is taken for the
codes' labels when, row by row, each code always comes with the same label and each label with
the same code, some code is seen more than once (so the pairing is shown, not assumed), and the
labels are words rather than codes, dates or numbers. The labels only help to read the codes;
the label column itself is not imported.
"""

from __future__ import annotations

from collections.abc import Sequence

from fosterkit.imports.draft.header import Column, SourceSample, paired_cells
from fosterkit.imports.draft.profile import ColumnProfile
from fosterkit.imports.values import normalise, shown

__all__ = ["code_labels"]

#: The share of rows whose code and label must agree with the pairing the others show.
_AGREEING = 0.95


def _text(value: object) -> str:
    return value if isinstance(value, str) else shown(value)


def _pairing(pairs: list[tuple[object, object]]) -> dict[str, str] | None:
    """Each code's label, when the pairs show one label a code and one code a label."""
    seen: dict[tuple[str, str], int] = {}
    for code, label in pairs:
        if isinstance(code, list) or isinstance(label, list):
            return None
        key = (normalise(_text(code)), _text(label).strip())
        seen[key] = seen.get(key, 0) + 1
    labels: dict[str, str] = {}
    for (code, label), _ in sorted(seen.items(), key=lambda item: -item[1]):
        labels.setdefault(code, label)
    agreeing = sum(n for (code, label), n in seen.items() if labels[code] == label)
    if len(labels) < 2 or len(set(map(normalise, labels.values()))) < len(labels):
        return None
    if agreeing < _AGREEING * len(pairs) or len(pairs) <= len(labels):
        return None
    return labels


def _wordy(profile: ColumnProfile) -> bool:
    """Labels are words: not dates, numbers or yes/no, and mostly longer than a code."""
    if profile.dates >= 0.5 or profile.numbers >= 0.5 or profile.yes_no >= 0.5:
        return False
    return sum(" " in v or len(v) > 6 for v in profile.distinct) >= 0.5 * len(profile.distinct)


def code_labels(
    source: SourceSample,
    codes: Column,
    candidates: Sequence[tuple[Column, ColumnProfile]],
) -> tuple[str, dict[str, str]]:
    """The column of ``candidates`` labelling the ``codes`` column (its name), and each code's label.

    Codes are keyed as :func:`~fosterkit.imports.values.normalise` gives them; an empty name and
    no labels when no column labels them.
    """
    best: tuple[int, str, dict[str, str]] = (0, "", {})
    for column, profile in candidates:
        if column == codes or not profile.filled or not _wordy(profile):
            continue
        pairs = paired_cells(source, codes, column)
        labels = _pairing(pairs)
        if labels is not None and len(pairs) > best[0]:
            best = (len(pairs), column.name, labels)
    return best[1], best[2]
