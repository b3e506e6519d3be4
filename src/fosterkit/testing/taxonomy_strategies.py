"""Hypothesis strategies for reasons taxonomies (re-exported by :mod:`fosterkit.testing.strategies`)."""

from __future__ import annotations

import datetime
import string
from collections.abc import Sequence
from typing import Any

import attrs
from hypothesis import strategies as st

from fosterkit.reasons import (
    AliasSet,
    Influence,
    NationalCategories,
    NationalCategory,
    Reason,
    Ssda903Code,
    Ssda903Kind,
    Taxonomy,
    TaxonomyExtension,
    TaxonomyInfo,
    Triage,
)
from fosterkit.reasons.checks import normalise_alias
from fosterkit.serial.forms import taxonomy_to_dict

__all__ = [
    "BrokenTaxonomy",
    "broken_taxonomy_data",
    "code_segments",
    "codes",
    "influences",
    "taxonomies",
    "taxonomy_extensions",
    "triages",
]

#: The principle and recommendation ids generated taxonomies refer to by default: those of the
#: built-in Practice Guide catalogue.
PRACTICE_GUIDE_ELEMENTS: tuple[str, ...] = (*(f"KP{n}" for n in range(1, 9)), *(f"R{n}" for n in range(1, 8)))

_Tree = dict[str, "_Tree"]


def code_segments() -> st.SearchStrategy[str]:
    """One segment of a reason code: a lower-case letter, then letters, digits or underscores."""
    return st.builds(
        str.__add__,
        st.sampled_from(string.ascii_lowercase),
        st.text(string.ascii_lowercase + string.digits + "_", max_size=6),
    )


def _category_ids() -> st.SearchStrategy[str]:
    return st.builds(
        str.__add__,
        st.sampled_from(string.ascii_lowercase),
        st.text(string.ascii_lowercase + string.digits, max_size=6),
    )


def influences() -> st.SearchStrategy[Influence]:
    """Yes, partly or no."""
    return st.sampled_from(Influence)


def triages() -> st.SearchStrategy[Triage]:
    """Urgent or thematic."""
    return st.sampled_from(Triage)


def _trees(max_leaves: int) -> st.SearchStrategy[_Tree]:
    nested: st.SearchStrategy[_Tree] = st.recursive(
        st.just({}),
        lambda children: st.dictionaries(code_segments(), children, min_size=1, max_size=3),
        max_leaves=max_leaves,
    )
    return st.dictionaries(code_segments(), nested, min_size=1, max_size=4)


def _flatten(tree: _Tree, prefix: str = "") -> list[tuple[str, bool]]:
    """(code, is_leaf) pairs, depth first."""
    found: list[tuple[str, bool]] = []
    for segment, children in tree.items():
        code = f"{prefix}{segment}"
        found.append((code, not children))
        found.extend(_flatten(children, f"{code}."))
    return found


def _alias_names(taken: set[str]) -> st.SearchStrategy[str]:
    words = st.text(string.ascii_letters + string.digits + " -", min_size=1, max_size=12)
    return words.filter(lambda w: bool(w.strip()) and normalise_alias(w) not in taken)


@st.composite
def taxonomies(
    draw: st.DrawFn,
    *,
    elements: Sequence[str] = PRACTICE_GUIDE_ELEMENTS,
    max_leaves: int = 12,
    retire: bool = True,
) -> Taxonomy:
    """A sound taxonomy: a random tree of codes, with mappings, aliases and retired codes.

    Every theme sets the mappings its leaves need; deeper reasons override some of them at
    random. ``addressed_by`` names only ``elements``. With ``retire``, some leaves are retired
    with successors whose chains end at live codes.
    """
    nodes = _flatten(draw(_trees(max_leaves)))
    category_ids = draw(st.lists(_category_ids(), min_size=1, max_size=4, unique=True))
    categories = tuple(
        NationalCategory(id=c, label=draw(st.text(min_size=1, max_size=20).filter(str.strip)))
        for c in category_ids
    )
    change_codes = draw(
        st.lists(
            st.sampled_from(["CLOSE", "ALLEG", "STAND", "APPRR", "CREQB", "CREQO", "OTHER"]),
            unique=True,
            max_size=4,
        )
    )
    ceased_codes = draw(
        st.lists(
            st.sampled_from(["E11", "E12", "E17", "E41", "E45", "E46", "E4A", "E4B"]), unique=True, max_size=3
        )
    )
    ssda903 = tuple(
        [Ssda903Code(code=c, kind=Ssda903Kind.PLACEMENT_CHANGE, label=c) for c in change_codes]
        + [Ssda903Code(code=c, kind=Ssda903Kind.EPISODE_CEASED, label=c) for c in ceased_codes]
    )
    taken = {normalise_alias(code) for code, _ in nodes}
    reasons: list[Reason] = []
    for code, _leaf in nodes:
        top = "." not in code
        maybe = (lambda s: s) if top else (lambda s: st.one_of(st.none(), s))
        aliases = draw(st.lists(_alias_names(taken), max_size=2, unique_by=normalise_alias))
        taken.update(normalise_alias(a) for a in aliases)
        reasons.append(
            Reason(
                code=code,
                label=draw(st.text(min_size=1, max_size=30).filter(str.strip)),
                national_category=draw(maybe(st.sampled_from(category_ids))),
                ssda903_reason=draw(st.one_of(st.none(), st.sampled_from(change_codes)))
                if change_codes
                else None,
                ssda903_ceased=draw(
                    st.one_of(
                        st.none(), st.lists(st.sampled_from(ceased_codes), unique=True, max_size=2).map(tuple)
                    )
                )
                if ceased_codes
                else None,
                influence=draw(maybe(influences())),
                addressed_by=draw(
                    st.one_of(
                        st.none(), st.lists(st.sampled_from(elements), unique=True, max_size=3).map(tuple)
                    )
                )
                if elements
                else None,
                triage=draw(maybe(triages())),
                aliases=tuple(aliases),
            )
        )
    if retire:
        reasons = _retire_some(draw, reasons)
    return Taxonomy(
        pack=TaxonomyInfo(
            id=draw(_category_ids()),
            title="Generated taxonomy",
            version=str(draw(st.integers(1, 99))),
            framework="practice-guide-2026",
            checked=datetime.date(2026, 1, 1),
        ),
        national=NationalCategories(
            source="generated", checked=datetime.date(2026, 1, 1), confirmed=False, categories=categories
        ),
        ssda903=ssda903,
        reasons=tuple(reasons),
    )


def _retire_some(draw: st.DrawFn, reasons: list[Reason]) -> list[Reason]:
    parents = {r.parent for r in reasons}
    leaves = [r.code for r in reasons if r.code not in parents]
    if len(leaves) < 2:
        return reasons
    retired = draw(st.lists(st.sampled_from(leaves), unique=True, max_size=len(leaves) - 1))
    live = [c for c in leaves if c not in retired]
    successor: dict[str, str] = {}
    for index, code in enumerate(retired):
        # A successor is a live leaf or a code retired earlier, so every chain ends at a live code.
        successor[code] = draw(st.sampled_from([*live, *retired[:index]]))
    return [
        attrs.evolve(r, retired="1", successor=successor[r.code]) if r.code in successor else r
        for r in reasons
    ]


def codes(taxonomy: Taxonomy, *, live_only: bool = False) -> st.SearchStrategy[str]:
    """Codes of ``taxonomy`` (only live ones with ``live_only``)."""
    pool = [r.code for r in taxonomy.reasons if r.is_live or not live_only]
    return st.sampled_from(pool)


@st.composite
def taxonomy_extensions(draw: st.DrawFn, taxonomy: Taxonomy, *, name: str | None = None) -> TaxonomyExtension:
    """An extension that merges cleanly into ``taxonomy``: new codes under live parents, new aliases."""
    live = [r.code for r in taxonomy.reasons if r.is_live]
    taken = {normalise_alias(a) for r in taxonomy.reasons for a in (r.code, *r.aliases)}
    new_reasons: list[Reason] = []
    for _ in range(draw(st.integers(0, 4))):
        parent = draw(st.sampled_from(live + [r.code for r in new_reasons]))
        code = f"{parent}.{draw(code_segments())}"
        if normalise_alias(code) in taken:
            continue
        taken.add(normalise_alias(code))
        new_reasons.append(
            Reason(
                code=code,
                label=draw(st.text(min_size=1, max_size=30).filter(str.strip)),
                influence=draw(st.one_of(st.none(), influences())),
                triage=draw(st.one_of(st.none(), triages())),
            )
        )
    alias_sets: list[AliasSet] = []
    targets = draw(st.lists(st.sampled_from(live + [r.code for r in new_reasons]), unique=True, max_size=3))
    for target in targets:
        names = draw(st.lists(_alias_names(taken), min_size=1, max_size=2, unique_by=normalise_alias))
        taken.update(normalise_alias(n) for n in names)
        alias_sets.append(AliasSet(code=target, names=tuple(names)))
    return TaxonomyExtension(
        name=name or draw(st.text(string.ascii_letters + " ", min_size=1, max_size=20).filter(str.strip)),
        extends=draw(st.one_of(st.none(), st.just(taxonomy.pack.id))),
        reasons=tuple(new_reasons),
        aliases=tuple(alias_sets),
    )


@attrs.frozen
class BrokenTaxonomy:
    """A serialised taxonomy with one known defect, and the code and field validation must name."""

    data: dict[str, Any]
    defect: str
    code: str | None
    field: str


_DEFECTS = [
    "duplicate code",
    "missing parent",
    "bad code",
    "leaf without national category",
    "unknown national category",
    "unknown principle",
    "unknown successor",
    "retired without successor",
    "successor cycle",
    "unknown SSDA903 code",
    "missing label",
]


@st.composite
def broken_taxonomy_data(
    draw: st.DrawFn, *, elements: Sequence[str] = PRACTICE_GUIDE_ELEMENTS
) -> BrokenTaxonomy:
    """The serialised form of a sound taxonomy with exactly one defect introduced."""
    taxonomy = draw(taxonomies(elements=elements, retire=False))
    data = taxonomy_to_dict(taxonomy)
    reasons: list[dict[str, Any]] = data["reasons"]
    codes_ = [r["code"] for r in reasons]
    leaves = [r.code for r in taxonomy.leaves()]
    defect = draw(st.sampled_from(_DEFECTS))
    target = draw(st.sampled_from(reasons))
    fresh = draw(code_segments().filter(lambda s: s not in codes_))
    if defect == "duplicate code":
        reasons.append(dict(target))
        return BrokenTaxonomy(data, defect, target["code"], "code")
    if defect == "missing parent":
        code = f"{fresh}.orphan"
        reasons.append({"code": code, "label": "Orphan"})
        return BrokenTaxonomy(data, defect, code, "code")
    if defect == "bad code":
        target["code"] = target["code"].upper() + " X"
        return BrokenTaxonomy(data, defect, None, "code")
    if defect == "leaf without national category":
        reasons.append({"code": fresh, "label": "Bare", "influence": "no", "triage": "thematic"})
        return BrokenTaxonomy(data, defect, fresh, "national_category")
    if defect == "unknown national category":
        target["national_category"] = "no_such_category"
        return BrokenTaxonomy(data, defect, target["code"], "national_category")
    if defect == "unknown principle":
        target["addressed_by"] = [*(target.get("addressed_by") or []), "KP99"]
        return BrokenTaxonomy(data, defect, target["code"], "addressed_by")
    if defect == "unknown successor":
        chosen = draw(st.sampled_from(leaves))
        leaf = next(r for r in reasons if r["code"] == chosen)
        leaf.update(retired="2", successor=f"{fresh}.gone")
        return BrokenTaxonomy(data, defect, leaf["code"], "successor")
    if defect == "retired without successor":
        chosen = draw(st.sampled_from(leaves))
        leaf = next(r for r in reasons if r["code"] == chosen)
        leaf.update(retired="2", successor=None)
        return BrokenTaxonomy(data, defect, leaf["code"], "successor")
    if defect == "successor cycle":
        a, b = f"{fresh}", f"{fresh}x"
        reasons.append({"code": a, "label": "A", "retired": "2", "successor": b})
        reasons.append({"code": b, "label": "B", "retired": "2", "successor": a})
        return BrokenTaxonomy(data, defect, a, "successor")
    if defect == "unknown SSDA903 code":
        target["ssda903_reason"] = "NOPE"
        return BrokenTaxonomy(data, defect, target["code"], "ssda903_reason")
    del target["label"]
    return BrokenTaxonomy(data, defect, target["code"], "label")
