"""Local extensions of a taxonomy: a service's own codes and the aliases its case system uses.

An extension may add codes under existing parents (they inherit the parent's mappings unless
they set their own) and aliases for any code. It may not redefine, retire or remove a built-in
code. Merging is order-independent: extensions that do not conflict give the same taxonomy
whatever order they are merged in, and any conflict is reported naming the extensions involved.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TypedDict

import attrs
from attrs import field, frozen

from fosterkit._util import validators as v
from fosterkit.errors import Problem, TaxonomyError
from fosterkit.reasons.checks import normalise_alias, taxonomy_problems
from fosterkit.reasons.model import Reason, check_code
from fosterkit.reasons.taxonomy import Taxonomy

__all__ = ["AliasSet", "TaxonomyExtension", "extend_taxonomy"]


@frozen(kw_only=True)
class AliasSet:
    """Extra names for one code, such as the labels a case system uses for it."""

    code: str = field(validator=check_code)
    names: tuple[str, ...] = field(validator=[v.instance_of(tuple), v.items(v.text), v.distinct_items])


@frozen(kw_only=True)
class TaxonomyExtension:
    """A service's additions to a taxonomy."""

    name: str = field(validator=v.text)
    """Who the extension belongs to; conflicts are reported under this name."""
    extends: str | None = field(default=None, validator=v.instance_of((str, type(None))))
    """The id of the taxonomy it was written for, if it says."""
    description: str = field(default="", validator=v.optional_text)
    reasons: tuple[Reason, ...] = field(default=(), validator=v.tuple_of(Reason))
    aliases: tuple[AliasSet, ...] = field(default=(), validator=v.tuple_of(AliasSet))


class _Owner(TypedDict):
    """Which entry of which extension a problem is in."""

    entry: str
    source: str


class _Where(_Owner):
    """Where in an extension a problem is: the entry and extension, the path and the field."""

    path: str
    field: str


def _conflicts(base: Taxonomy, extensions: tuple[TaxonomyExtension, ...]) -> list[Problem]:
    problems: list[Problem] = []
    defined: dict[str, str] = {}
    for ext in extensions:
        if ext.extends is not None and ext.extends != base.pack.id:
            problems.append(
                Problem(
                    path="extends",
                    field="extends",
                    source=ext.name,
                    message=f"written for taxonomy {ext.extends!r}, not {base.pack.id!r}",
                )
            )
        for index, reason in enumerate(ext.reasons):
            where = _Where(path=f"reasons[{index}].code", entry=reason.code, field="code", source=ext.name)
            if reason.code in base:
                problems.append(
                    Problem(**where, message="redefines a built-in code; add a code under it instead")
                )
            elif reason.code in defined and defined[reason.code] != ext.name:
                problems.append(
                    Problem(**where, message=f"also defined by extension {defined[reason.code]!r}")
                )
            defined.setdefault(reason.code, ext.name)
    new_codes = set(defined)
    owners: dict[str, tuple[str, str]] = {
        normalise_alias(a): (r.code, "the base taxonomy") for r in base.reasons for a in (r.code, *r.aliases)
    }
    for code in new_codes:
        owners.setdefault(normalise_alias(code), (code, defined[code]))
    for ext in extensions:
        for index, alias_set in enumerate(ext.aliases):
            alias_where = _Owner(entry=alias_set.code, source=ext.name)
            if alias_set.code not in base and alias_set.code not in new_codes:
                problems.append(
                    Problem(
                        path=f"aliases[{index}].code",
                        field="code",
                        message=f"no code {alias_set.code!r} to alias",
                        **alias_where,
                    )
                )
                continue
            for name in alias_set.names:
                if normalise_alias(name) == normalise_alias(alias_set.code):
                    message = f"alias {name!r} is the code itself; an alias is another name for it"
                    problems.append(
                        Problem(path=f"aliases[{index}].names", field="names", message=message, **alias_where)
                    )
                    continue
                code, owner = owners.setdefault(normalise_alias(name), (alias_set.code, ext.name))
                if code != alias_set.code:
                    problems.append(
                        Problem(
                            path=f"aliases[{index}].names",
                            field="names",
                            message=f"alias {name!r} already names {code!r} (in {owner})",
                            **alias_where,
                        )
                    )
    return problems


def _in_extension(problem: Problem, origin: dict[str, tuple[str, int]]) -> Problem:
    """Point a problem found in the merged taxonomy back at the extension entry it came from."""
    if problem.entry not in origin:
        return problem
    name, index = origin[problem.entry]
    return attrs.evolve(problem, source=name, path=f"reasons[{index}].{problem.field}")


def extend_taxonomy(
    base: Taxonomy,
    *extensions: TaxonomyExtension,
    elements: Collection[str] | None = None,
) -> Taxonomy:
    """Merge ``extensions`` into ``base``; :class:`TaxonomyError` lists every conflict or problem.

    ``elements`` are the principle and recommendation ids that new codes' ``addressed_by`` may
    name; pass the catalogue's ids to have them checked.
    """
    ordered = tuple(sorted(extensions, key=lambda e: e.name))
    conflicts = _conflicts(base, ordered)
    clashing = {p.entry for p in conflicts if p.field == "code"}
    added = sorted(
        (r for ext in ordered for r in ext.reasons if r.code not in clashing), key=lambda r: r.code
    )
    extra_names: dict[str, set[str]] = {}
    if not any(p.path.startswith("aliases") for p in conflicts):
        for ext in ordered:
            for alias_set in ext.aliases:
                extra_names.setdefault(alias_set.code, set()).update(alias_set.names)

    def with_aliases(reason: Reason) -> Reason:
        names = extra_names.get(reason.code, set()) - set(reason.aliases)
        return attrs.evolve(reason, aliases=(*reason.aliases, *sorted(names))) if names else reason

    # Conflicting codes are left out, so what is wrong with the rest is listed alongside them.
    reasons = tuple(with_aliases(r) for r in (*base.reasons, *added))
    origin = {r.code: (ext.name, i) for ext in ordered for i, r in enumerate(ext.reasons)}
    found = taxonomy_problems(reasons, base.national.categories, base.ssda903, elements=elements)
    problems = [*conflicts, *(_in_extension(p, origin) for p in found)]
    if problems:
        raise TaxonomyError(problems)
    names = tuple(sorted({*base.pack.extended_by, *(e.name for e in ordered)}))
    return Taxonomy(
        pack=attrs.evolve(base.pack, extended_by=names),
        national=base.national,
        ssda903=base.ssda903,
        reasons=reasons,
    )
