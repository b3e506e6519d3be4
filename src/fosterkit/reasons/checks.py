"""The consistency rules of a reasons taxonomy, reported all at once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterator, Sequence

from attrs import frozen

from fosterkit._util import validators as v
from fosterkit.errors import Problem
from fosterkit.reasons.model import NationalCategory, Reason, Ssda903Code, Ssda903Kind

__all__ = ["normalise_alias", "taxonomy_problems"]


def normalise_alias(name: str) -> str:
    """The form aliases are compared in: case-folded, with runs of spaces collapsed."""
    return " ".join(name.split()).casefold()


@frozen
class _At:
    index: int
    reason: Reason

    def problem(self, field: str, message: str) -> Problem:
        return Problem(
            path=f"reasons[{self.index}].{field}", entry=self.reason.code, field=field, message=message
        )


def _duplicates(reasons: Sequence[_At]) -> Iterator[Problem]:
    for index, code, count in v.repeats([at.reason.code for at in reasons]):
        yield reasons[index].problem("code", f"duplicate code {code!r} (defined {count} times)")


def _tree(reasons: Sequence[_At], present: Collection[str]) -> Iterator[Problem]:
    by_code = {at.reason.code: at.reason for at in reasons}
    for at in reasons:
        parent = at.reason.parent
        if parent is not None and parent not in by_code and parent not in present:
            yield at.problem("code", f"parent {parent!r} does not exist")
        elif parent in by_code and not by_code[parent].is_live and at.reason.is_live:
            yield at.problem("retired", f"live code under retired parent {parent!r}; retire it too")


def _successors(reasons: Sequence[_At], present: Collection[str]) -> Iterator[Problem]:
    by_code = {at.reason.code: at.reason for at in reasons}
    for at in reasons:
        reason = at.reason
        if reason.is_live:
            if reason.successor is not None:
                yield at.problem("successor", "only a retired code has a successor")
            continue
        if reason.successor is None:
            yield at.problem("successor", "a retired code needs a successor, so old records can be migrated")
            continue
        if reason.successor not in by_code:
            if reason.successor not in present:
                yield at.problem("successor", f"successor {reason.successor!r} does not exist")
            continue
        chain = [reason.code]
        current = by_code[reason.successor]
        while not current.is_live and current.successor in by_code:
            if current.code in chain:
                yield at.problem(
                    "successor", f"successors go round in a cycle: {' -> '.join([*chain, current.code])}"
                )
                break
            chain.append(current.code)
            current = by_code[current.successor]


def _mappings(
    reasons: Sequence[_At],
    categories: Sequence[NationalCategory],
    ssda903: Sequence[Ssda903Code],
    elements: Collection[str] | None,
) -> Iterator[Problem]:
    category_ids = {c.id for c in categories}
    codes = {c.code: c.kind for c in ssda903}
    for at in reasons:
        reason = at.reason
        if reason.national_category is not None and reason.national_category not in category_ids:
            yield at.problem(
                "national_category",
                f"unknown national category {reason.national_category!r}; "
                f"known: {', '.join(sorted(category_ids))}",
            )
        if (
            reason.ssda903_reason is not None
            and codes.get(reason.ssda903_reason) is not Ssda903Kind.PLACEMENT_CHANGE
        ):
            yield at.problem(
                "ssda903_reason",
                f"{reason.ssda903_reason!r} is not a listed SSDA903 reason for a placement change",
            )
        for code in reason.ssda903_ceased or ():
            if codes.get(code) is not Ssda903Kind.EPISODE_CEASED:
                yield at.problem("ssda903_ceased", f"{code!r} is not a listed SSDA903 episode-ceased code")
        refs = reason.addressed_by or ()
        for ref, n in Counter(refs).items():
            if n > 1:
                yield at.problem("addressed_by", f"{ref!r} is listed more than once")
        if elements is not None:
            for ref in dict.fromkeys(refs):
                if ref not in elements:
                    yield at.problem(
                        "addressed_by", f"{ref!r} is not a key principle or recommendation of the framework"
                    )


def _leaves(reasons: Sequence[_At]) -> Iterator[Problem]:
    by_code = {at.reason.code: at.reason for at in reasons}
    has_live_child = {at.reason.parent for at in reasons if at.reason.is_live}
    for at in reasons:
        reason = at.reason
        if not reason.is_live or reason.code in has_live_child:
            continue
        for field in ("national_category", "influence", "triage"):
            node: Reason | None = reason
            while node is not None and getattr(node, field) is None:
                if node.parent is not None and node.parent not in by_code:
                    break  # a missing parent is reported on its own; inheritance cannot be judged
                node = by_code.get(node.parent) if node.parent else None
            else:
                if node is None:
                    yield at.problem(
                        field, f"leaf has no {field.replace('_', ' ')}, and no ancestor sets one"
                    )


def _aliases(reasons: Sequence[_At]) -> Iterator[Problem]:
    owner: dict[str, str] = {normalise_alias(at.reason.code): at.reason.code for at in reasons}
    for at in reasons:
        for alias in at.reason.aliases:
            key = normalise_alias(alias)
            if key == normalise_alias(at.reason.code):
                yield at.problem(
                    "aliases", f"alias {alias!r} is the code itself; an alias is another name for it"
                )
                continue
            other = owner.setdefault(key, at.reason.code)
            if other != at.reason.code:
                yield at.problem("aliases", f"alias {alias!r} already names {other!r}")


def _national_lists(
    categories: Sequence[NationalCategory], ssda903: Sequence[Ssda903Code]
) -> Iterator[Problem]:
    for name, ids in (
        ("national.categories", [c.id for c in categories]),
        ("ssda903", [c.code for c in ssda903]),
    ):
        for index, item, _count in v.repeats(ids):
            yield Problem(path=f"{name}[{index}]", entry=item, field="id", message=f"duplicate {item!r}")


def taxonomy_problems(
    reasons: Sequence[Reason],
    categories: Sequence[NationalCategory],
    ssda903: Sequence[Ssda903Code],
    *,
    elements: Collection[str] | None = None,
    present: Collection[str] = (),
) -> list[Problem]:
    """Every consistency problem among ``reasons``, in a stable order; empty when sound.

    ``elements`` are the principle and recommendation ids ``addressed_by`` may name (``None``
    skips that check). ``present`` are codes known to exist in the source although their entries
    could not be read, so that they are not reported a second time as missing parents.
    """
    entries = [_At(i, r) for i, r in enumerate(reasons)]
    found: list[Problem] = []
    if not entries:
        found.append(Problem(path="reasons", field="reasons", message="a taxonomy needs at least one reason"))
    found.extend(_national_lists(categories, ssda903))
    found.extend(_duplicates(entries))
    found.extend(_tree(entries, present))
    found.extend(_successors(entries, present))
    found.extend(_mappings(entries, categories, ssda903, elements))
    found.extend(_leaves(entries))
    found.extend(_aliases(entries))
    return found
