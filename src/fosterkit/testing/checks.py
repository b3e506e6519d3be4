"""``check_taxonomy``: fosterkit's taxonomy invariants, runnable against a service's own pack."""

from __future__ import annotations

import os
from collections import Counter

from fosterkit.convert import taxonomy_from_json, taxonomy_to_json
from fosterkit.errors import TaxonomyError
from fosterkit.loader import load_taxonomy, load_taxonomy_or_extension_file
from fosterkit.reasons import Taxonomy, TaxonomyExtension

__all__ = ["check_taxonomy"]


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
