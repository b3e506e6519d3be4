"""``check_taxonomy`` and ``check_catalogue``: fosterkit's invariants, run against a service's own packs."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable

from fosterkit.adapters.packs import load_catalogue_file, load_taxonomy, load_taxonomy_or_extension_file
from fosterkit.errors import CatalogueError, TaxonomyError
from fosterkit.framework import Catalogue, PackSet
from fosterkit.reasons import Taxonomy, TaxonomyExtension
from fosterkit.serial.forms import (
    catalogue_from_json,
    catalogue_to_json,
    taxonomy_from_json,
    taxonomy_to_json,
)
from fosterkit.tracker import new_tracker

__all__ = ["check_catalogue", "check_taxonomy"]


def _invariants(taxonomy: Taxonomy) -> list[str]:
    failures: list[str] = []
    categories = {c.id for c in taxonomy.national.categories}
    leaves = taxonomy.leaves()
    for leaf in leaves:
        resolved = taxonomy.resolve(leaf.code)
        if resolved.national_category not in categories:
            failures.append(f"leaf {leaf.code!r} has no known national category")
        if resolved.influence is None or resolved.triage is None:
            failures.append(f"leaf {leaf.code!r} lacks influence or triage")
        if any(child.is_live for child in taxonomy.children(leaf.code)):
            failures.append(f"leaf {leaf.code!r} has live children")
    for reason in taxonomy.reasons:
        live = taxonomy.migrate(reason.code)
        if not taxonomy.get(live).is_live:
            failures.append(f"{reason.code!r} migrates to retired code {live!r}")
        if reason.is_live and live != reason.code:
            failures.append(f"live code {reason.code!r} migrates elsewhere ({live!r})")
        for alias in reason.aliases:
            if taxonomy.get(alias).code != reason.code:
                failures.append(f"alias {alias!r} does not lead to {reason.code!r}")
        for ancestor in taxonomy.ancestors(reason.code):
            if reason not in taxonomy.descendants(ancestor.code):
                failures.append(
                    f"{reason.code!r} is not among the descendants of its ancestor {ancestor.code!r}"
                )
    for element, codes in taxonomy.reverse_map().items():
        for code in codes:
            if element not in taxonomy.resolve(code).addressed_by:
                failures.append(
                    f"reverse map says {element} addresses {code!r}, but the reason does not say so"
                )
    every = [r.code for r in taxonomy.reasons]
    total = Counter(taxonomy.count(every))
    if sum(taxonomy.count(every, level=1).values()) != sum(total.values()):
        failures.append("counting by theme loses or adds records")
    again = taxonomy_from_json(taxonomy_to_json(taxonomy))
    if again != taxonomy:
        failures.append("the JSON round trip is not exact")
    return failures


def check_taxonomy(pack: Taxonomy | TaxonomyExtension | str | os.PathLike[str]) -> Taxonomy:
    """Check a taxonomy, an extension, or a TOML file holding either, against fosterkit's invariants.

    An extension is merged into the built-in taxonomy first. Raises ``AssertionError`` listing
    every failure (a pack that does not even load fails with its problems); returns the checked
    taxonomy, so a test can go on to ask its own questions of it.
    """
    try:
        loaded = (
            pack if isinstance(pack, (Taxonomy, TaxonomyExtension)) else load_taxonomy_or_extension_file(pack)
        )
        taxonomy = load_taxonomy(extensions=[loaded]) if isinstance(loaded, TaxonomyExtension) else loaded
    except TaxonomyError as err:
        where = None if isinstance(pack, (Taxonomy, TaxonomyExtension)) else os.fspath(pack)
        raise AssertionError(str(err.with_source(where) if where and not err.source else err)) from None
    failures = _invariants(taxonomy)
    if failures:
        raise AssertionError("taxonomy check failed:\n" + "\n".join(f"  - {f}" for f in failures))
    return taxonomy


def _catalogue_invariants(catalogue: Catalogue, packs: PackSet) -> list[str]:
    failures: list[str] = []
    pack_id = catalogue.pack.id
    if catalogue_from_json(catalogue_to_json(catalogue)) != catalogue:
        failures.append("the JSON round trip is not exact")
    if not catalogue.recommendations:
        failures.append("the pack has no recommendations")
    grouped = [rec.id for theme in catalogue.themes for rec in catalogue.in_theme(theme.id)]
    if catalogue.themes and sorted(grouped) != sorted(rec.id for rec in catalogue.recommendations):
        failures.append("grouping by theme loses or repeats recommendations")
    for element in catalogue.element_ids:
        if catalogue.element(element).id != element:
            failures.append(f"looking up {element!r} finds another element")
    coverage = catalogue.coverage()
    if catalogue.questions and any(coverage.count(row) == 0 for row in coverage.rows):
        failures.append("a principle or recommendation is reached by no question")
    for dangling in packs.dangling:
        if dangling.declared_in == pack_id:
            failures.append(f"cross-link {dangling.describe()}")
    for link in packs.links(pack_id):
        back = packs.links(link.there.pack, link.there.id, to_pack=pack_id)
        if not any(other.there == link.here and other.topic == link.topic for other in back):
            failures.append(f"the link {link.here} -> {link.there} is not found from {link.there}")
    declared = {(link.element, link.pack, link.target) for link in catalogue.links}
    resolved = {
        (link.here.id, link.there.pack, link.there.id)
        for link in packs.all_links()
        if link.declared_in == pack_id
    }
    dangling_keys = {
        (d.link.element, d.link.pack, d.link.target) for d in packs.dangling if d.declared_in == pack_id
    }
    if declared != resolved | dangling_keys:
        failures.append("some declared links are neither resolved nor reported as dangling")
    tracker = new_tracker(catalogue, service="check")
    if [entry.recommendation for entry in tracker.entries] != [rec.id for rec in catalogue.recommendations]:
        failures.append("a new response tracker does not list every recommendation in order")
    return failures


def check_catalogue(
    pack: Catalogue | str | os.PathLike[str], *, others: PackSet | Iterable[Catalogue] | None = None
) -> Catalogue:
    """Check a catalogue pack (or a TOML file holding one) against fosterkit's invariants.

    Cross-links are followed into ``others`` (default: the packs built into fosterkit), and
    each must be found from both ends. Raises ``AssertionError`` listing every failure (a pack
    that does not even load fails with its problems); returns the checked catalogue.
    """
    try:
        catalogue = pack if isinstance(pack, Catalogue) else load_catalogue_file(pack)
    except CatalogueError as err:
        raise AssertionError(str(err)) from None
    if others is None:
        from fosterkit.adapters.installed import installed_packs

        others, _ = installed_packs(None)
    pool = dict(others.packs if isinstance(others, PackSet) else {c.pack.id: c for c in others})
    pool[catalogue.pack.id] = catalogue
    failures = _catalogue_invariants(catalogue, PackSet(pool))
    if failures:
        raise AssertionError(
            f"catalogue {catalogue.pack.id} check failed:\n" + "\n".join(f"  - {f}" for f in failures)
        )
    return catalogue
