"""Serialised forms with a ``schema_version``: catalogues, taxonomies, extensions and checklists.

Each ``*_from_dict`` checks the version, structures the body through the one converter and
lists every problem it finds (not just the first); each ``*_to_dict`` puts the version first.
The helpers that do the checking are public so other forms (an import mapping) use the same.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Mapping
from typing import Any, TypeVar

import attrs

from fosterkit.errors import (
    CatalogueError,
    ChecklistError,
    Problem,
    StructureError,
    TaxonomyError,
)
from fosterkit.framework.catalogue import Catalogue
from fosterkit.interviews.checklist import Checklist
from fosterkit.reasons.checks import taxonomy_problems
from fosterkit.reasons.extensions import TaxonomyExtension
from fosterkit.reasons.model import Reason, Ssda903Code, TaxonomyInfo
from fosterkit.reasons.taxonomy import NationalCategories, Taxonomy
from fosterkit.serial.converter import (
    brief,
    converter,
    entry_label,
    problems_from,
    structure,
    type_name,
    unstructure,
)

__all__ = [
    "CATALOGUE_SCHEMA_VERSION",
    "CHECKLIST_SCHEMA_VERSION",
    "TAXONOMY_SCHEMA_VERSION",
    "ErrorFactory",
    "catalogue_from_dict",
    "catalogue_from_json",
    "catalogue_to_dict",
    "catalogue_to_json",
    "check_schema_version",
    "checklist_from_dict",
    "checklist_to_dict",
    "extension_from_dict",
    "extension_to_dict",
    "parse_json",
    "structure_entries",
    "structure_part",
    "taxonomy_from_dict",
    "taxonomy_from_json",
    "taxonomy_to_dict",
    "taxonomy_to_json",
    "unexpected_keys",
]

T = TypeVar("T")

#: Builds the error a serialised form raises: its problems and the source they came from.
ErrorFactory = Callable[[list[Problem], "str | None"], Exception]

#: Version of the catalogue's serialised form (TOML packs and JSON).
CATALOGUE_SCHEMA_VERSION = 1

#: Version of the taxonomy's and extensions' serialised forms.
TAXONOMY_SCHEMA_VERSION = 1

#: Version of the serialised form of checklists for leaving carers (TOML and JSON).
CHECKLIST_SCHEMA_VERSION = 1


def check_schema_version(
    data: object, expected: int, source: str | None, error: ErrorFactory
) -> dict[str, Any]:
    """The body of a serialised form whose ``schema_version`` is ``expected``, or ``error`` saying why not."""
    if not isinstance(data, Mapping):
        raise error([Problem(path="", message=f"expected a table, got {type_name(data)}")], source)
    body = dict(data)
    version = body.pop("schema_version", None)
    if version is None:
        raise error(
            [Problem(path="schema_version", field="schema_version", message="required field is missing")],
            source,
        )
    if type(version) is not int or version != expected:  # true and 1.0 are not 1
        raise error(
            [
                Problem(
                    path="schema_version",
                    field="schema_version",
                    message=(
                        f"schema version {brief(version)} is not supported (this fosterkit reads {expected})"
                    ),
                )
            ],
            source,
        )
    return body


def catalogue_from_dict(data: object, *, source: str | None = None) -> Catalogue:
    """Structure a catalogue from its serialised form (with ``schema_version``)."""
    body = check_schema_version(data, CATALOGUE_SCHEMA_VERSION, source, CatalogueError)
    try:
        return structure(body, Catalogue, source=source)
    except StructureError as err:
        raise CatalogueError(err.problems, source) from None


def catalogue_to_dict(catalogue: Catalogue) -> dict[str, Any]:
    """Unstructure a catalogue, with its ``schema_version`` first."""
    return {"schema_version": CATALOGUE_SCHEMA_VERSION, **unstructure(catalogue)}


def catalogue_to_json(catalogue: Catalogue, *, indent: int | None = 2) -> str:
    """The catalogue as JSON text."""
    return json.dumps(catalogue_to_dict(catalogue), indent=indent, ensure_ascii=False)


def catalogue_from_json(text: str, *, source: str | None = None) -> Catalogue:
    """Read a catalogue from JSON text written by :func:`catalogue_to_json`."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise CatalogueError(
            [Problem(path=f"line {err.lineno}, column {err.colno}", message=f"not valid JSON: {err.msg}")],
            source,
        ) from None
    return catalogue_from_dict(data, source=source)


# -- taxonomies ----------------------------------------------------------------------------------


def _prefixed(problems: list[Problem], prefix: str, entry: str | None = None) -> list[Problem]:
    """Problems found in a part of the input, re-located under that part's path ``prefix``."""

    def join(path: str) -> str:
        if not path:
            return prefix
        return f"{prefix}{path}" if path.startswith("[") else f"{prefix}.{path}"

    field = prefix.split("[")[0]
    return [
        attrs.evolve(p, path=join(p.path), field=p.field or field, entry=p.entry or entry) for p in problems
    ]


def structure_part(body: Mapping[str, Any], key: str, cls: Any, problems: list[Problem]) -> Any:
    """Structure ``body[key]`` as ``cls``, adding any problems (with paths under ``key``)."""
    if key not in body:
        problems.append(Problem(path=key, field=key, message="required field is missing"))
        return None
    try:
        return converter.structure(body[key], cls)
    except Exception as err:  # noqa: BLE001 - collected as problems
        problems.extend(_prefixed(problems_from(err, body[key]), key))
        return None


def structure_entries(
    raw: object, key: str, cls: type[T], problems: list[Problem]
) -> tuple[list[T], set[str]]:
    """Structure each entry of a list on its own, so one bad entry does not hide the others.

    Returns the entries that could be read, and the codes of those that could not.
    """
    if not isinstance(raw, list):
        problems.append(Problem(path=key, field=key, message=f"expected a list, got {type_name(raw)}"))
        return [], set()
    good: list[T] = []
    unreadable: set[str] = set()
    for index, entry in enumerate(raw):
        try:
            good.append(converter.structure(entry, cls))
        except Exception as err:  # noqa: BLE001 - collected as problems
            label = entry_label({key: raw}, [key, index])
            problems.extend(_prefixed(problems_from(err, entry), f"{key}[{index}]", label))
            if isinstance(entry, Mapping) and isinstance(entry.get("code"), str):
                unreadable.add(entry["code"])
    return good, unreadable


def unexpected_keys(body: Mapping[str, Any], allowed: set[str], problems: list[Problem]) -> None:
    """Add a problem for each key of ``body`` that is not in ``allowed``."""
    for key in sorted(set(body) - allowed):
        problems.append(Problem(path=key, field=key, message="unexpected field (not part of this record)"))


def taxonomy_from_dict(
    data: object, *, source: str | None = None, elements: Collection[str] | None = None
) -> Taxonomy:
    """Structure a taxonomy pack, checking shape and consistency and listing every problem.

    ``elements`` are the principle and recommendation ids reasons may name in ``addressed_by``;
    pass the catalogue's ids to have the references checked.
    """
    body = check_schema_version(data, TAXONOMY_SCHEMA_VERSION, source, TaxonomyError)
    problems: list[Problem] = []
    unexpected_keys(body, {"pack", "national", "ssda903", "reasons"}, problems)
    info = structure_part(body, "pack", TaxonomyInfo, problems)
    national = structure_part(body, "national", NationalCategories, problems)
    ssda903 = structure_part(body, "ssda903", tuple[Ssda903Code, ...], problems)
    reasons, unreadable = structure_entries(body.get("reasons", []), "reasons", Reason, problems)
    if national is not None and ssda903 is not None:
        # consistency can only be judged once the lists it refers to could be read
        problems.extend(
            taxonomy_problems(reasons, national.categories, ssda903, elements=elements, present=unreadable)
        )
    if problems:
        raise TaxonomyError(problems, source)
    return Taxonomy(pack=info, national=national, ssda903=ssda903, reasons=tuple(reasons))


def taxonomy_to_dict(taxonomy: Taxonomy) -> dict[str, Any]:
    """Unstructure a taxonomy, with its ``schema_version`` first."""
    return {"schema_version": TAXONOMY_SCHEMA_VERSION, **unstructure(taxonomy)}


def taxonomy_to_json(taxonomy: Taxonomy, *, indent: int | None = 2) -> str:
    """The taxonomy as JSON text."""
    return json.dumps(taxonomy_to_dict(taxonomy), indent=indent, ensure_ascii=False)


def taxonomy_from_json(text: str, *, source: str | None = None) -> Taxonomy:
    """Read a taxonomy from JSON text written by :func:`taxonomy_to_json`."""
    return taxonomy_from_dict(parse_json(text, source, TaxonomyError), source=source)


def extension_from_dict(data: object, *, source: str | None = None) -> TaxonomyExtension:
    """Structure a taxonomy extension (a service's local codes and aliases)."""
    body = check_schema_version(data, TAXONOMY_SCHEMA_VERSION, source, TaxonomyError)
    try:
        return structure(body, TaxonomyExtension, source=source)
    except StructureError as err:
        raise TaxonomyError(err.problems, source) from None


def extension_to_dict(extension: TaxonomyExtension) -> dict[str, Any]:
    """Unstructure a taxonomy extension, with its ``schema_version`` first."""
    return {"schema_version": TAXONOMY_SCHEMA_VERSION, **unstructure(extension)}


def parse_json(text: str, source: str | None, error: ErrorFactory) -> Any:
    """JSON text as data, or ``error`` naming the line and column where it stops being JSON."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise error(
            [Problem(path=f"line {err.lineno}, column {err.colno}", message=f"not valid JSON: {err.msg}")],
            source,
        ) from None


# -- checklists ----------------------------------------------------------------------------------


def checklist_from_dict(data: object, *, source: str | None = None) -> Checklist:
    """Structure a checklist for leaving carers from its serialised form (with ``schema_version``)."""
    body = check_schema_version(data, CHECKLIST_SCHEMA_VERSION, source, ChecklistError)
    try:
        return structure(body, Checklist, source=source)
    except StructureError as err:
        raise ChecklistError(err.problems, source) from None


def checklist_to_dict(checklist: Checklist) -> dict[str, Any]:
    """Unstructure a checklist, with its ``schema_version`` first."""
    return {"schema_version": CHECKLIST_SCHEMA_VERSION, **unstructure(checklist)}
