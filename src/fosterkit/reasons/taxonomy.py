"""A versioned taxonomy of reasons for leaving, and the questions asked of it.

A :class:`Taxonomy` is always sound: building one that breaks a rule raises
:class:`~fosterkit.errors.TaxonomyError` listing every problem. Lookups, inherited mappings and
the reverse map from principles to reasons are computed once, at construction.
"""

from __future__ import annotations

import datetime
import difflib
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import TypeVar

from attrs import field, frozen

from fosterkit._util import validators as v
from fosterkit.errors import Problem, TaxonomyError, UnknownCodeError
from fosterkit.reasons.checks import normalise_alias, taxonomy_problems
from fosterkit.reasons.model import (
    NationalCategory,
    Reason,
    ResolvedReason,
    Ssda903Code,
    TaxonomyInfo,
)

__all__ = ["NationalCategories", "Taxonomy", "code_problems"]

_T = TypeVar("_T")


@frozen(kw_only=True)
class NationalCategories:
    """The national deregistration categories, with their provenance.

    ``confirmed`` is false while the labels are a working list not yet checked against the
    official return, so reports can say so.
    """

    source: str = field(validator=v.text)
    checked: datetime.date = field(validator=v.instance_of(datetime.date))
    confirmed: bool = field(validator=v.instance_of(bool))
    note: str = field(default="", validator=v.optional_text)
    categories: tuple[NationalCategory, ...] = field(default=(), validator=v.tuple_of(NationalCategory))


@frozen(kw_only=True)
class Taxonomy:
    """A sound reasons-for-leaving taxonomy: a tree of dotted codes with their mappings."""

    pack: TaxonomyInfo = field(validator=v.instance_of(TaxonomyInfo))
    national: NationalCategories = field(validator=v.instance_of(NationalCategories))
    ssda903: tuple[Ssda903Code, ...] = field(validator=v.tuple_of(Ssda903Code))
    reasons: tuple[Reason, ...] = field(validator=v.tuple_of(Reason))

    _by_code: Mapping[str, Reason] = field(init=False, repr=False, eq=False)
    _children: Mapping[str | None, tuple[str, ...]] = field(init=False, repr=False, eq=False)
    _resolved: Mapping[str, ResolvedReason] = field(init=False, repr=False, eq=False)
    _aliases: Mapping[str, str] = field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        problems = taxonomy_problems(self.reasons, self.national.categories, self.ssda903)
        if problems:
            raise TaxonomyError(problems)
        by_code = {r.code: r for r in self.reasons}
        children: dict[str | None, list[str]] = {}
        for reason in self.reasons:
            children.setdefault(reason.parent, []).append(reason.code)
        aliases = {normalise_alias(a): r.code for r in self.reasons for a in r.aliases}
        resolved: dict[str, ResolvedReason] = {}
        for reason in sorted(self.reasons, key=lambda r: r.level):
            up = resolved.get(reason.parent) if reason.parent else None
            resolved[reason.code] = ResolvedReason(
                code=reason.code,
                label=reason.label,
                national_category=_pick(reason.national_category, up.national_category if up else None),
                ssda903_reason=_pick(reason.ssda903_reason, up.ssda903_reason if up else None),
                ssda903_ceased=_pick(reason.ssda903_ceased, up.ssda903_ceased if up else None) or (),
                influence=_pick(reason.influence, up.influence if up else None),
                addressed_by=_pick(reason.addressed_by, up.addressed_by if up else None) or (),
                triage=_pick(reason.triage, up.triage if up else None),
            )
        object.__setattr__(self, "_by_code", by_code)
        object.__setattr__(self, "_children", {k: tuple(c) for k, c in children.items()})
        object.__setattr__(self, "_resolved", {r.code: resolved[r.code] for r in self.reasons})
        object.__setattr__(self, "_aliases", aliases)

    # -- lookups -------------------------------------------------------------------------------

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __len__(self) -> int:
        return len(self.reasons)

    @property
    def codes(self) -> tuple[str, ...]:
        """Every code, live and retired, in pack order."""
        return tuple(self._by_code)

    def get(self, code_or_alias: str) -> Reason:
        """The reason with this code or alias (aliases ignore case and extra spaces).

        An unknown one raises :class:`UnknownCodeError` suggesting the closest codes.
        """
        reason = self._by_code.get(code_or_alias)
        if reason is not None:
            return reason
        code = self._aliases.get(normalise_alias(code_or_alias))
        if code is not None:
            return self._by_code[code]
        raise UnknownCodeError(code_or_alias, self.suggest(code_or_alias))

    def resolve(self, code_or_alias: str) -> ResolvedReason:
        """The reason with every mapping filled in from its ancestors."""
        return self._resolved[self.get(code_or_alias).code]

    def suggest(self, text: str, limit: int = 3) -> tuple[str, ...]:
        """The codes closest to ``text``, by code, by last segment, by alias and by label."""
        query = normalise_alias(text)
        candidates: dict[str, str] = {}
        for reason in self.reasons:
            if not reason.is_live:
                continue
            for key in (reason.code, reason.code.rpartition(".")[2], reason.label, *reason.aliases):
                candidates.setdefault(normalise_alias(key), reason.code)
        close = difflib.get_close_matches(query, candidates, n=limit * 3, cutoff=0.6)
        return tuple(dict.fromkeys(candidates[c] for c in close))[:limit]

    # -- versions ------------------------------------------------------------------------------

    def migrate(self, code_or_alias: str) -> str:
        """The live code that ``code_or_alias`` stands for today, following successors."""
        reason = self.get(code_or_alias)
        seen = [reason.code]
        while not reason.is_live:
            assert reason.successor is not None  # guaranteed by the checks
            reason = self._by_code[reason.successor]
            if reason.code in seen:  # pragma: no cover - the checks refuse cycles
                raise TaxonomyError([], f"successor cycle: {' -> '.join(seen)}")
            seen.append(reason.code)
        return reason.code

    # -- the tree ------------------------------------------------------------------------------

    def roots(self) -> tuple[Reason, ...]:
        """The top-level themes."""
        return tuple(self._by_code[c] for c in self._children.get(None, ()))

    def children(self, code: str) -> tuple[Reason, ...]:
        """The reasons directly under ``code``."""
        return tuple(self._by_code[c] for c in self._children.get(self.get(code).code, ()))

    def ancestors(self, code: str) -> tuple[Reason, ...]:
        """The reasons above ``code``, nearest first."""
        found = []
        parent = self.get(code).parent
        while parent is not None:
            found.append(self._by_code[parent])
            parent = self._by_code[parent].parent
        return tuple(found)

    def descendants(self, code: str) -> tuple[Reason, ...]:
        """Every reason below ``code``, depth first in pack order."""
        found: list[Reason] = []
        stack = list(reversed(self._children.get(self.get(code).code, ())))
        while stack:
            current = self._by_code[stack.pop()]
            found.append(current)
            stack.extend(reversed(self._children.get(current.code, ())))
        return tuple(found)

    def walk(self) -> tuple[Reason, ...]:
        """Every reason, depth first: each theme followed by everything under it."""
        return tuple(r for root in self.roots() for r in (root, *self.descendants(root.code)))

    def leaves(self, under: str | None = None) -> tuple[Reason, ...]:
        """The live reasons with no live children (under ``under``, if given), in tree order."""
        pool = self.descendants(under) if under else self.walk()
        return tuple(r for r in pool if r.is_live and not any(c.is_live for c in self._children_of(r.code)))

    def at_level(self, code: str, level: int) -> str:
        """``code``'s ancestor at ``level`` (1 = theme), or ``code`` itself if it is not deeper."""
        reason = self.get(code)
        segments = reason.code.split(".")
        return ".".join(segments[:level]) if level < len(segments) else reason.code

    # -- mappings --------------------------------------------------------------------------------

    def by_national_category(self, category: str) -> tuple[Reason, ...]:
        """The leaves that count under this national category."""
        if category not in {c.id for c in self.national.categories}:
            known = ", ".join(c.id for c in self.national.categories)
            raise KeyError(f"unknown national category {category!r}; known: {known}")
        return tuple(r for r in self.leaves() if self._resolved[r.code].national_category == category)

    def addressed_by(self, element_id: str) -> tuple[Reason, ...]:
        """The leaves a key principle or recommendation addresses."""
        return tuple(r for r in self.leaves() if element_id in self._resolved[r.code].addressed_by)

    def reverse_map(self) -> dict[str, tuple[str, ...]]:
        """For each principle or recommendation named anywhere, the leaf codes it addresses."""
        found: dict[str, list[str]] = {}
        for reason in self.leaves():
            for element in self._resolved[reason.code].addressed_by:
                found.setdefault(element, []).append(reason.code)
        return {element: tuple(codes) for element, codes in found.items()}

    def count(self, codes: Iterable[str], level: int | None = None) -> Counter[str]:
        """Count records' codes under today's codes, optionally rolled up to ``level``.

        Old and retired codes are migrated first, so records coded under earlier versions are
        counted with today's.
        """
        counts: Counter[str] = Counter()
        for code in codes:
            live = self.migrate(code)
            counts[self.at_level(live, level) if level else live] += 1
        return counts

    def element_references(self) -> frozenset[str]:
        """Every principle or recommendation id the taxonomy's reasons name."""
        return frozenset({ref for reason in self.reasons for ref in reason.addressed_by or ()})

    def _children_of(self, code: str) -> tuple[Reason, ...]:
        return tuple(self._by_code[c] for c in self._children.get(code, ()))


def _pick(own: _T | None, inherited: _T | None) -> _T | None:
    return own if own is not None else inherited


def code_problems(taxonomy: Taxonomy, entry: str, located: Iterable[tuple[str, str]]) -> list[Problem]:
    """A problem for each ``(path, code)`` the taxonomy does not know, suggesting the closest codes.

    ``entry`` is the id of the record the codes come from, so each problem names record and field.
    """
    problems = []
    for path, code in located:
        try:
            taxonomy.get(code)
        except UnknownCodeError as err:
            problems.append(Problem(path=path, entry=entry, field=path.split("[")[0], message=err.message))
    return problems
