"""Adapter: reading catalogue and taxonomy packs, and checklists, from TOML in the package or in files.

This module is where pack files are read; the domain classes themselves never touch files.
Built-in packs are cached: the first load parses and checks a pack, later calls return the
same object. A pack that fails its checks is never cached or half-returned.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable
from importlib import resources
from typing import Any, TypeVar

from fosterkit.adapters.toml_files import FileError, read_toml_file, toml_data, with_lines
from fosterkit.analysis.cost import CostAssumptions, cost_assumptions_from_dict
from fosterkit.errors import CatalogueError, ChecklistError, Problem, StructureError, TaxonomyError
from fosterkit.framework.catalogue import Catalogue
from fosterkit.imports.draft import HeadingsError, HeadingSynonyms, headings_from_dict
from fosterkit.imports.form import mapping_from_dict
from fosterkit.imports.mapping import ImportMapping, MappingError
from fosterkit.interviews.checklist import Checklist
from fosterkit.interviews.policy import ProcessPolicy
from fosterkit.reasons.extensions import TaxonomyExtension, extend_taxonomy
from fosterkit.reasons.taxonomy import Taxonomy
from fosterkit.serial.converter import structure
from fosterkit.serial.forms import (
    catalogue_from_dict,
    checklist_from_dict,
    extension_from_dict,
    taxonomy_from_dict,
)

T = TypeVar("T")

__all__ = [
    "DEFAULT_CHECKLIST",
    "DEFAULT_HEADINGS",
    "DEFAULT_PACK",
    "DEFAULT_TAXONOMY",
    "MOST_POLICY_LIMIT",
    "builtin_checklists",
    "builtin_packs",
    "builtin_taxonomies",
    "load_catalogue",
    "load_catalogue_file",
    "load_checklist",
    "load_checklist_file",
    "load_cost_file",
    "load_extension_file",
    "load_headings",
    "load_headings_file",
    "load_mapping_file",
    "load_policy_file",
    "load_taxonomy",
    "load_taxonomy_file",
    "load_taxonomy_or_extension_file",
    "parse_catalogue_toml",
    "parse_checklist_toml",
    "parse_cost_toml",
    "parse_extension_toml",
    "parse_headings_toml",
    "parse_mapping_toml",
    "parse_policy_toml",
    "parse_taxonomy_toml",
]

#: The catalogue pack :func:`load_catalogue` loads when no pack is named.
DEFAULT_PACK = "practice-guide-2026"
#: The taxonomy :func:`load_taxonomy` loads when none is named.
DEFAULT_TAXONOMY = "reasons-2026"
#: The checklist for leaving carers :func:`load_checklist` loads when none is named.
DEFAULT_CHECKLIST = "leaving-carers"
#: The built-in heading synonyms :func:`load_headings` starts from.
DEFAULT_HEADINGS = "default"

_SUFFIX = ".toml"
_CATALOGUES = ("data", "catalogues")
_TAXONOMIES = ("data", "taxonomies")
_CHECKLISTS = ("data", "checklists")
_HEADINGS = ("data", "headings")


def _builtin(folder: tuple[str, str]) -> tuple[str, ...]:
    entries = resources.files("fosterkit").joinpath(*folder).iterdir()
    return tuple(sorted(e.name[: -len(_SUFFIX)] for e in entries if e.name.endswith(_SUFFIX)))


def _builtin_text(folder: tuple[str, str], name: str) -> tuple[str, str]:
    resource = resources.files("fosterkit").joinpath(*folder, f"{name}{_SUFFIX}")
    return resource.read_text(encoding="utf-8"), f"fosterkit/{'/'.join(folder)}/{name}{_SUFFIX}"


def _parse_builtin(
    folder: tuple[str, str], name: str, what: str, error: FileError, parse: Callable[..., T]
) -> T:
    """The built-in file ``name`` of ``folder`` parsed by ``parse``, or ``error`` listing those there are."""
    available = _builtin(folder)
    if name not in available:
        message = f"no built-in {what} {name!r}; available: {', '.join(available)}"
        raise error([Problem(path="", message=message)], name)
    text, source = _builtin_text(folder, name)
    return parse(text, source=source)


# -- catalogues ----------------------------------------------------------------------------------


def parse_catalogue_toml(text: str, *, source: str = "<string>") -> Catalogue:
    """Build a catalogue from the text of a TOML pack; ``source`` names it in errors."""
    return catalogue_from_dict(toml_data(text, source, CatalogueError), source=source)


def load_catalogue_file(path: str | os.PathLike[str]) -> Catalogue:
    """Read and check a catalogue pack from a TOML file."""
    text, source = read_toml_file(path, CatalogueError)
    return parse_catalogue_toml(text, source=source)


def builtin_packs() -> tuple[str, ...]:
    """The ids of the catalogue packs shipped inside fosterkit, sorted."""
    return _builtin(_CATALOGUES)


def load_catalogue(pack: str = DEFAULT_PACK) -> Catalogue:
    """The built-in catalogue pack ``pack``, parsed and checked once, then cached."""
    return _load_builtin_catalogue(pack)


@functools.cache
def _load_builtin_catalogue(pack: str) -> Catalogue:
    return _parse_builtin(_CATALOGUES, pack, "pack", CatalogueError, parse_catalogue_toml)


# -- taxonomies ----------------------------------------------------------------------------------


def _framework_elements(
    data: dict[str, Any], source: str, catalogue: Catalogue | None
) -> frozenset[str] | None:
    """The principle and recommendation ids the taxonomy's references are checked against."""
    if catalogue is None:
        pack = data.get("pack")
        framework = pack.get("framework") if isinstance(pack, dict) else None
        if not isinstance(framework, str):
            return None  # reported as a shape problem
        if framework not in builtin_packs():
            raise TaxonomyError(
                [
                    Problem(
                        path="pack.framework",
                        field="framework",
                        message=f"no catalogue pack {framework!r}; available: {', '.join(builtin_packs())}",
                    )
                ],
                source,
            )
        catalogue = load_catalogue(framework)
    return frozenset(catalogue.coverage().rows)


def parse_taxonomy_toml(
    text: str, *, source: str = "<string>", catalogue: Catalogue | None = None
) -> Taxonomy:
    """Build a taxonomy from the text of a TOML pack, listing every problem at once.

    References to principles and recommendations are checked against ``catalogue``, or, if
    none is given, against the built-in catalogue the pack names in ``pack.framework``.
    """
    data = toml_data(text, source, TaxonomyError)
    return taxonomy_from_dict(data, source=source, elements=_framework_elements(data, source, catalogue))


def load_taxonomy_file(path: str | os.PathLike[str], *, catalogue: Catalogue | None = None) -> Taxonomy:
    """Read and check a whole taxonomy pack from a TOML file."""
    text, source = read_toml_file(path, TaxonomyError)
    return parse_taxonomy_toml(text, source=source, catalogue=catalogue)


def builtin_taxonomies() -> tuple[str, ...]:
    """The ids of the taxonomies shipped inside fosterkit, sorted."""
    return _builtin(_TAXONOMIES)


@functools.cache
def _load_builtin_taxonomy(name: str) -> Taxonomy:
    return _parse_builtin(_TAXONOMIES, name, "taxonomy", TaxonomyError, parse_taxonomy_toml)


def parse_extension_toml(text: str, *, source: str = "<string>") -> TaxonomyExtension:
    """Read a taxonomy extension (a service's local codes and aliases) from TOML text."""
    return extension_from_dict(toml_data(text, source, TaxonomyError), source=source)


def load_extension_file(path: str | os.PathLike[str]) -> TaxonomyExtension:
    """Read a taxonomy extension from a TOML file."""
    text, source = read_toml_file(path, TaxonomyError)
    return parse_extension_toml(text, source=source)


def load_taxonomy_or_extension_file(path: str | os.PathLike[str]) -> Taxonomy | TaxonomyExtension:
    """Read a file that holds either a whole taxonomy pack (with a ``[pack]`` table) or an extension.

    An extension is returned as read; merge it with :func:`load_taxonomy` to check it against
    the taxonomy it extends.
    """
    text, source = read_toml_file(path, TaxonomyError)
    data = toml_data(text, source, TaxonomyError)
    if "pack" in data:
        return taxonomy_from_dict(data, source=source, elements=_framework_elements(data, source, None))
    return extension_from_dict(data, source=source)


def load_taxonomy(name: str = DEFAULT_TAXONOMY, *, extensions: Iterable[TaxonomyExtension] = ()) -> Taxonomy:
    """The built-in taxonomy ``name`` (cached), with ``extensions`` merged in if any are given.

    New codes in extensions are checked against the catalogue the taxonomy is written for.
    """
    base = _load_builtin_taxonomy(name)
    extra = tuple(extensions)
    if not extra:
        return base
    elements = load_catalogue(base.pack.framework).coverage().rows
    return extend_taxonomy(base, *extra, elements=elements)


# -- checklists for leaving carers ---------------------------------------------------------------


def parse_checklist_toml(text: str, *, source: str = "<string>") -> Checklist:
    """Build a checklist for leaving carers from TOML text; ``source`` names it in errors."""
    return checklist_from_dict(toml_data(text, source, ChecklistError), source=source)


def load_checklist_file(path: str | os.PathLike[str]) -> Checklist:
    """Read and check a checklist for leaving carers from a TOML file (a service's own, say)."""
    text, source = read_toml_file(path, ChecklistError)
    return parse_checklist_toml(text, source=source)


def builtin_checklists() -> tuple[str, ...]:
    """The ids of the checklists shipped inside fosterkit, sorted."""
    return _builtin(_CHECKLISTS)


def load_checklist(name: str = DEFAULT_CHECKLIST) -> Checklist:
    """The built-in checklist ``name``, parsed and checked once, then cached."""
    return _load_builtin_checklist(name)


@functools.cache
def _load_builtin_checklist(name: str) -> Checklist:
    return _parse_builtin(_CHECKLISTS, name, "checklist", ChecklistError, parse_checklist_toml)


# -- a service's process policy ------------------------------------------------------------------


#: The largest time limit a policy file may set (days, weeks or months): ten years of days.
#: Beyond it a typing slip would push dates past the calendar's end rather than be refused.
MOST_POLICY_LIMIT = 3650


def _policy_limits(data: dict[str, Any], source: str) -> None:
    """Refuse, naming each, the whole numbers in a policy that are beyond :data:`MOST_POLICY_LIMIT`."""
    problems = []
    for key, value in data.items():
        numbers = value if isinstance(value, list) else [value]
        for number in numbers:
            if type(number) is int and number > MOST_POLICY_LIMIT:
                shown = str(number) if len(str(number)) <= 12 else f"a number of {len(str(number))} digits"
                message = f"must be at most {MOST_POLICY_LIMIT}, got {shown}"
                problems.append(Problem(path=str(key), field=str(key), message=message))
                break
    if problems:
        raise StructureError(problems, source)


def parse_policy_toml(text: str, *, source: str = "<string>") -> ProcessPolicy:
    """A process policy (a service's own time limits) from TOML text; limits not set keep their defaults.

    A limit beyond :data:`MOST_POLICY_LIMIT` is refused, naming the key.
    """
    data = toml_data(text, source, StructureError)
    try:
        _policy_limits(data, source)
        return structure(data, ProcessPolicy, source=source)
    except StructureError as err:
        raise with_lines(err, text) from None


def load_policy_file(path: str | os.PathLike[str]) -> ProcessPolicy:
    """Read a process policy from a TOML file of ``name = days`` lines."""
    text, source = read_toml_file(path, StructureError)
    return parse_policy_toml(text, source=source)


# -- import mappings -----------------------------------------------------------------------------


def parse_mapping_toml(text: str, *, source: str = "<string>") -> ImportMapping:
    """An import mapping from TOML text, every problem in its shape listed at once (:class:`MappingError`)."""
    return mapping_from_dict(toml_data(text, source, MappingError), source=source)


def load_mapping_file(path: str | os.PathLike[str]) -> ImportMapping:
    """Read an import mapping from a TOML file (see ``docs/importing.md``)."""
    text, source = read_toml_file(path, MappingError)
    return parse_mapping_toml(text, source=source)


# -- heading synonyms for drafting mappings ------------------------------------------------------


def parse_headings_toml(text: str, *, source: str = "<string>") -> HeadingSynonyms:
    """Heading synonyms from TOML text, every problem listed at once (:class:`HeadingsError`)."""
    return headings_from_dict(toml_data(text, source, HeadingsError), source=source)


def load_headings_file(path: str | os.PathLike[str]) -> HeadingSynonyms:
    """Read heading synonyms from a TOML file (a service's own headings, say; see ``docs/importing.md``)."""
    text, source = read_toml_file(path, HeadingsError)
    return parse_headings_toml(text, source=source)


def load_headings(*paths: str | os.PathLike[str]) -> HeadingSynonyms:
    """The built-in heading synonyms (cached), with the file at each of ``paths`` merged over them in turn.

    A file's headings for a field come before those already listed; none is lost. A file with
    any problem is refused whole, naming the file, the key and what is wrong.
    """
    extra = [load_headings_file(path) for path in paths]
    base = _load_builtin_headings()
    return base.extended(*extra) if extra else base


@functools.cache
def _load_builtin_headings() -> HeadingSynonyms:
    return _parse_builtin(_HEADINGS, DEFAULT_HEADINGS, "headings", StructureError, parse_headings_toml)


# -- turnover cost assumptions -------------------------------------------------------------------


def parse_cost_toml(text: str, *, source: str = "<string>") -> CostAssumptions:
    """Turnover cost assumptions from TOML text (``name = value``, ``name_source = "..."``).

    Each problem names the line and the assumption; a figure beyond its bound
    (:data:`fosterkit.analysis.cost.MOST`), infinite, NaN or negative is refused.
    """
    data = toml_data(text, source, StructureError)
    try:
        return cost_assumptions_from_dict(data, source=source)
    except StructureError as err:
        raise with_lines(err, text) from None


def load_cost_file(path: str | os.PathLike[str]) -> CostAssumptions:
    """Read turnover cost assumptions from a TOML file (see ``docs/analysis.md``)."""
    text, source = read_toml_file(path, StructureError)
    return parse_cost_toml(text, source=source)
