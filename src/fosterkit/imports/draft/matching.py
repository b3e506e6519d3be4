"""Matching columns to fields: by the column's heading against the field's synonyms, checked by its values.

A heading and a synonym are compared as words, case, punctuation, filler words and common
abbreviations aside ("Ref. of household" is "household ref", "De-reg date" is "deregistration
date"). A heading is also compared without a trailing number ("Reason 2") and, for a field
holding several values, without the words that only rank or place one column among others
("Primary reason", "Secondary reason(s)", "Leaving reason"). A column whose values are mostly
a field's choices or known reason codes may be taken for it even under an unknown heading.
Whatever its heading, a column is taken only when its values suit the field (:mod:`~.shapes`).
Each column goes to one field at the most, the best-scoring pairs first; a field holding several
values also takes the other columns that fit it best ("Primary reason" with "Secondary reasons").
"""

from __future__ import annotations

import difflib
import re

from fosterkit.imports.draft.fields import FIXED, SAME_AS, Slot
from fosterkit.imports.draft.header import Column
from fosterkit.imports.draft.headings import HeadingSynonyms
from fosterkit.imports.draft.profile import ColumnProfile, pieces
from fosterkit.imports.draft.shapes import fits
from fosterkit.imports.values import ValueKind, normalise
from fosterkit.reasons import Taxonomy

__all__ = ["Assignment", "assign"]

#: A column whose name scores this much against a field's headings is taken for it.
_TAKE = 0.8
#: A lower score, named in a TODO's comment as the closest column.
_NEAR = 0.7

_FILLER = frozenset({"of", "the", "a", "an", "for", "to", "and", "on", "by"})
_ABBREVIATIONS = {
    "reference": "ref",
    "refs": "ref",
    "identifier": "id",
    "number": "no",
    "num": "no",
    "nbr": "no",
    "dt": "date",
    "hh": "household",
    "dereg": "deregistration",
    "deregistered": "deregistration",
    "dereg'd": "deregistration",
}
#: Words that rank or place a column among others like it, not what it holds.
_QUALIFIERS = frozenset(
    {"primary", "secondary", "main", "other", "additional", "further", "first", "second", "third", "s"}
)
#: Words saying only that a column is about the leaving itself ("Leaving reason", "End reason").
_CONTEXT = frozenset({"leaving", "end", "ending", "exit", "deregistration"})

#: By field (its index), the columns taken for it (by index); and by field, its closest miss.
Assignment = tuple[dict[int, list[int]], dict[int, tuple[float, int]]]


def _tokens(text: str) -> tuple[str, ...]:
    """A heading's words as compared: case-folded, filler dropped, abbreviations spelled one way."""
    folded = re.sub(r"\bde-(?=reg)", "de", text.casefold().replace("&", " and "))
    words = re.findall(r"[^\W_]+", folded)
    return tuple(_ABBREVIATIONS.get(w, w) for w in words if w not in _FILLER)


def _unnumbered(words: tuple[str, ...]) -> tuple[str, ...]:
    """Words without a trailing number ("reason 2" is a "reason")."""
    if words and words[-1].isdigit():
        return words[:-1]
    if words and re.fullmatch(r"\D+\d+", words[-1]):
        return (*words[:-1], re.sub(r"\d+$", "", words[-1]))
    return words


def _stem(words: tuple[str, ...]) -> tuple[str, ...]:
    """Words without those that number, rank or place a column ("secondary reasons" is a "reason")."""
    unnumbered = _unnumbered(words)
    kept = tuple(w for w in unnumbered if w not in _QUALIFIERS)
    if len(kept) > 1:
        kept = tuple(w for w in kept if w not in _CONTEXT) or kept
    kept = tuple(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in kept)
    return kept or unnumbered


def _similarity(heading: tuple[str, ...], phrase: tuple[str, ...]) -> float:
    if not heading or not phrase:
        return 0.0
    if heading == phrase:
        return 1.0
    if set(heading) == set(phrase):
        return 0.95  # the same words in another order ("Date of resignation", "resignation date")
    if len(phrase) > 1 and set(phrase) <= set(heading):
        return 0.88
    ratio = difflib.SequenceMatcher(None, " ".join(heading), " ".join(phrase)).ratio()
    overlap = len(set(heading) & set(phrase)) / len(set(heading) | set(phrase))
    return 0.9 * max(ratio, overlap)


def _phrases(slot: Slot, headings: HeadingSynonyms) -> tuple[tuple[str, ...], ...]:
    """The field's synonyms as words, most telling first, then its own path spoken ("carers 1 id")."""
    listed = headings.lookup(slot.kind, slot.path, slot.name)
    spoken = re.sub(r"\[(\d+)\]", lambda m: f" {int(m.group(1)) + 1} ", slot.path).replace(".", " ")
    return tuple(dict.fromkeys(t for t in (*map(_tokens, listed), _tokens(spoken.replace("_", " "))) if t))


def _name_score(phrases: tuple[tuple[str, ...], ...], heading: tuple[str, ...], *, many: bool) -> float:
    """How close the heading is to the field's best synonym (as cut for a field holding ``many`` values)."""
    best = 0.0
    cut = _stem if many else _unnumbered
    stemmed = cut(heading)
    for rank, phrase in enumerate(phrases):
        weight = 1 - 0.01 * min(rank, 10)
        score = _similarity(heading, phrase)
        if stemmed != heading:
            score = max(score, 0.97 * _similarity(stemmed, cut(phrase)))
        best = max(best, weight * score)
    return best


def _choice_form(text: str) -> str:
    """A choice as the enum reader compares it: case, spacing, hyphens and underscores aside."""
    return normalise(text.replace("-", " ").replace("_", " "))


class _Codes:
    """The taxonomy's codes and aliases, to tell known codes quickly (``Taxonomy.get`` also suggests)."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.codes = frozenset(taxonomy.codes)
        self.aliases = frozenset(normalise(a) for r in taxonomy.reasons for a in r.aliases)

    def known(self, text: str) -> bool:
        return text in self.codes or normalise(text) in self.aliases


def _value_score(slot: Slot, profile: ColumnProfile, codes: _Codes, shared: set[object]) -> float:
    """A score from the column's values alone: most of them valid choices or known reason codes."""
    key: object = slot.choices if slot.value is ValueKind.ENUM else slot.value
    if key in shared or slot.value not in (ValueKind.ENUM, ValueKind.REASON):
        return 0.0
    if slot.choices is not None and len(slot.choices) < 3:
        return 0.0
    found = pieces(profile, profile.separator if slot.many else "")
    if slot.choices is not None:
        forms = {_choice_form(form) for m in slot.choices for form in (str(m.value), m.name)}
        good = sum(_choice_form(p) in forms for p in found)
    else:
        good = sum(codes.known(p) for p in found)
    if good < 2 or good / len(found) < 0.75:
        return 0.0
    return 0.5 + 0.4 * good / len(found)


def _scores(
    slots: list[Slot],
    names: list[tuple[str, ...]],
    profiles: list[ColumnProfile],
    taxonomy: Taxonomy,
    headings: HeadingSynonyms,
) -> tuple[list[tuple[float, int, int]], dict[int, tuple[float, int]]]:
    """Each (field, column) pair good enough to take, best first; and by field, its closest miss."""
    choices = [s.choices if s.value is ValueKind.ENUM else s.value for s in slots]
    shared: set[object] = {c for c in choices if choices.count(c) > 1}
    codes = _Codes(taxonomy)
    scored: list[tuple[float, int, int]] = []
    near: dict[int, tuple[float, int]] = {}
    for s, slot in enumerate(slots):
        if (slot.kind, slot.path) in FIXED or (slot.kind, slot.path) in SAME_AS:
            continue
        phrases = _phrases(slot, headings)
        for c, profile in enumerate(profiles):
            if not fits(slot, profile):
                continue
            score = _name_score(phrases, names[c], many=slot.many)
            if score < _TAKE:
                score = max(score, _value_score(slot, profile, codes, shared))
            if score >= _TAKE:
                scored.append((-score, s, c))
            elif score >= _NEAR and score > near.get(s, (0.0, 0))[0]:
                near[s] = (score, c)
    scored.sort()
    return scored, near


def assign(
    slots: list[Slot],
    columns: list[Column],
    profiles: list[ColumnProfile],
    taxonomy: Taxonomy,
    headings: HeadingSynonyms,
) -> Assignment:
    """Each field's columns (by index), each column used by one field; and the closest misses.

    A field holding a list also takes the other free columns named like its best one with
    another number or rank ("Reason 1", "Reason 2"; "Primary reason", "Secondary reasons"), and
    those whose best field it is ("Reason for leaving" with "Other reasons").
    """
    names = [_tokens(c.name) for c in columns]
    scored, near = _scores(slots, names, profiles, taxonomy, headings)
    best: dict[int, int] = {}
    for _, s, c in scored:
        best.setdefault(c, s)
    taken: dict[int, list[int]] = {}
    used: set[int] = set()
    for _, s, c in scored:
        if s in taken or c in used:
            continue
        chosen = [c]
        if slots[s].many:
            chosen += [
                other
                for other in range(len(columns))
                if other != c
                and other not in used
                and (best.get(other) == s or _stem(names[other]) == _stem(names[c]))
                and fits(slots[s], profiles[other])
            ]
        taken[s] = sorted(chosen)
        used.update(chosen)
    return taken, {s: miss for s, miss in near.items() if s not in taken and miss[1] not in used}
