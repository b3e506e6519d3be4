"""The one cattrs converter: every fosterkit type is structured and unstructured here.

Structuring is strict: a number is not text, ``"yes"`` is not a boolean, a string is not a
list, and unknown keys are refused. When data does not fit, :class:`StructureError` lists every
problem with its path (``questions[3].tags[0]``), the id of the entry it sits in, and the field.

Serialised forms carry a ``schema_version`` so later versions of fosterkit can read them.
Records (households, departures, data collection records...) are serialised flat, with a
``kind`` naming their class; :data:`RECORD_KINDS` lists the kinds and
:func:`register_record_kind` adds one.
"""

from __future__ import annotations

import datetime
import enum
import json
import re
from collections.abc import Callable, Collection, Mapping
from typing import Any, TypeVar, get_args

import attrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn
from cattrs.preconf.json import JsonConverter, make_converter

from fosterkit._util.types import list_item
from fosterkit.errors import (
    CatalogueError,
    ChecklistError,
    FieldError,
    Problem,
    StructureError,
    TaxonomyError,
)
from fosterkit.framework.catalogue import Catalogue
from fosterkit.imports.mapping import (
    MAPPING_SCHEMA_VERSION,
    FieldMapping,
    ImportMapping,
    MappingError,
    RecordMapping,
    SourceSettings,
)
from fosterkit.interviews.checklist import Checklist
from fosterkit.interviews.process import ExitProcess
from fosterkit.interviews.record import DataCollectionRecord
from fosterkit.reasons.checks import taxonomy_problems
from fosterkit.reasons.extensions import TaxonomyExtension
from fosterkit.reasons.model import Reason, Ssda903Code, TaxonomyInfo
from fosterkit.reasons.taxonomy import NationalCategories, Taxonomy
from fosterkit.records import Departure, Household

__all__ = [
    "CATALOGUE_SCHEMA_VERSION",
    "CHECKLIST_SCHEMA_VERSION",
    "RECORD_KINDS",
    "RECORD_SCHEMA_VERSION",
    "TAXONOMY_SCHEMA_VERSION",
    "catalogue_from_dict",
    "catalogue_from_json",
    "catalogue_to_dict",
    "catalogue_to_json",
    "checklist_from_dict",
    "checklist_to_dict",
    "converter",
    "extension_from_dict",
    "extension_to_dict",
    "mapping_from_dict",
    "record_from_dict",
    "record_kind",
    "record_to_dict",
    "register_record_kind",
    "structure",
    "taxonomy_from_dict",
    "taxonomy_from_json",
    "taxonomy_to_dict",
    "taxonomy_to_json",
    "unstructure",
]

T = TypeVar("T")

#: Builds the error a serialised form raises: its problems and the source they came from.
_ErrorFactory = Callable[[list[Problem], "str | None"], Exception]

#: Version of the catalogue's serialised form (TOML packs and JSON).
CATALOGUE_SCHEMA_VERSION = 1

#: Version of the taxonomy's and extensions' serialised forms.
TAXONOMY_SCHEMA_VERSION = 1

#: Version of the serialised form of checklists for leaving carers (TOML and JSON).
CHECKLIST_SCHEMA_VERSION = 1

#: Keys that identify an entry in a list, tried in this order when naming where a problem is.
_ENTRY_KEYS = ("id", "code", "grade")


def _type_name(value: object) -> str:
    names = {str: "text", int: "integer", float: "number", bool: "true/false", type(None): "nothing"}
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, (list, tuple)):
        return "a list"
    return names.get(type(value), type(value).__name__)


def _strict_str(value: object, _: type) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {_type_name(value)}")
    return value


def _strict_int(value: object, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected a whole number, got {_type_name(value)}")
    return value


def _strict_float(value: object, _: type) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"expected a number, got {_type_name(value)}")
    return float(value)


def _strict_bool(value: object, _: type) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected true or false, got {_type_name(value)}")
    return value


def _date(value: object, _: type) -> datetime.date:
    if isinstance(value, datetime.datetime):
        raise TypeError("expected a date without a time of day")
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a date in the form YYYY-MM-DD") from None
    raise TypeError(f"expected a date (YYYY-MM-DD), got {_type_name(value)}")


def _enum_hook(kind: type[enum.Enum]) -> Callable[[object, type], enum.Enum]:
    by_value = {member.value: member for member in kind}
    allowed = ", ".join(repr(v) for v in by_value)

    def structure_enum(value: object, _: type) -> enum.Enum:
        try:
            return by_value[value]
        except (KeyError, TypeError):
            raise ValueError(f"{value!r} is not one of {allowed}") from None

    return structure_enum


def _tuple_hook_factory(conv: JsonConverter) -> Callable[[Any], Callable[[object, type], tuple[Any, ...]]]:
    def factory(kind: Any) -> Callable[[object, type], tuple[Any, ...]]:
        (item_type, _ellipsis) = get_args(kind)
        item_hook = conv.get_structure_hook(item_type)

        def structure_tuple(value: object, _: type) -> tuple[Any, ...]:
            if not isinstance(value, (list, tuple)):
                raise TypeError(f"expected a list, got {_type_name(value)}")
            items: list[Any] = []
            errors: list[Exception] = []
            for index, item in enumerate(value):
                try:
                    items.append(item_hook(item, item_type))
                except Exception as err:  # noqa: BLE001 - collected and re-raised as a group
                    err.__notes__ = [
                        *getattr(err, "__notes__", []),
                        IterableValidationNote(f"index {index}", index, item_type),
                    ]
                    errors.append(err)
            if errors:
                raise IterableValidationError(f"While structuring {kind}", errors, kind)
            return tuple(items)

        return structure_tuple

    return factory


def _attrs_hook_factory(conv: JsonConverter) -> Callable[[type], Callable[[object, type], Any]]:
    def factory(cls: type) -> Callable[[object, type], Any]:
        inner: Callable[[Mapping[str, Any], type], Any] = make_dict_structure_fn(
            cls, conv, _cattrs_forbid_extra_keys=True, _cattrs_detailed_validation=True
        )

        def structure_class(value: object, kind: type) -> Any:
            if not isinstance(value, Mapping):
                raise TypeError(f"expected a table of fields, got {_type_name(value)}")
            return inner(value, kind)

        return structure_class

    return factory


def _make_converter() -> JsonConverter:
    conv = make_converter(forbid_extra_keys=True)
    conv.register_structure_hook(str, _strict_str)
    conv.register_structure_hook(int, _strict_int)
    conv.register_structure_hook(float, _strict_float)
    conv.register_structure_hook(bool, _strict_bool)
    conv.register_structure_hook(datetime.date, _date)
    conv.register_unstructure_hook(datetime.date, lambda d: d.isoformat())
    conv.register_structure_hook_factory(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), _enum_hook
    )
    conv.register_structure_hook_factory(lambda t: list_item(t) is not None, _tuple_hook_factory(conv))
    conv.register_structure_hook_factory(attrs.has, _attrs_hook_factory(conv))
    return conv


#: The converter. Use :func:`structure` / :func:`unstructure` rather than calling it directly,
#: so that errors come back as :class:`StructureError`.
converter: JsonConverter = _make_converter()


# -- errors ----------------------------------------------------------------------------------


def _note(err: BaseException, kind: type[T]) -> T | None:
    for note in getattr(err, "__notes__", ()):
        if isinstance(note, kind):
            return note
    return None


def _render(path: list[str | int]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _entry(raw: object, path: list[str | int]) -> str | None:
    """The id of the innermost list entry on ``path`` that has one, else of the record itself."""
    found = _own_id(raw) if path else None
    node = raw
    for part in path:
        try:
            node = node[part]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(part, int):
            found = _own_id(node) or found
    return found


def _own_id(node: object) -> str | None:
    if isinstance(node, Mapping):
        for key in _ENTRY_KEYS:
            value = node.get(key)
            if isinstance(value, (str, int)) and not isinstance(value, bool):
                return str(value)
    return None


def _problem(raw: object, path: list[str | int], message: str) -> Problem:
    names = [p for p in path if isinstance(p, str)]
    return Problem(
        path=_render(path), message=message, entry=_entry(raw, path), field=names[-1] if names else None
    )


def problems_from(err: BaseException, raw: object) -> list[Problem]:
    """Turn an exception raised while structuring ``raw`` into located problems."""
    found: list[Problem] = []

    def walk(exc: BaseException, path: list[str | int]) -> None:
        if isinstance(exc, ClassValidationError):
            for sub in exc.exceptions:
                attr = _note(sub, AttributeValidationNote)
                walk(sub, [*path, attr.name] if attr is not None else path)
        elif isinstance(exc, IterableValidationError):
            for sub in exc.exceptions:
                item = _note(sub, IterableValidationNote)
                walk(sub, [*path, item.index] if item is not None else path)
        elif isinstance(exc, ForbiddenExtraKeysError):
            for key in sorted(exc.extra_fields):
                found.append(_problem(raw, [*path, key], "unexpected field (not part of this record)"))
        elif type(exc) is KeyError:
            found.append(_problem(raw, path, "required field is missing"))
        elif isinstance(exc, FieldError):
            found.append(_problem(raw, [*path, *_split(exc.field)], exc.message))
        elif isinstance(exc, CatalogueError):
            prefix = _render(path)
            found.extend(
                attrs.evolve(p, path=f"{prefix}.{p.path}" if prefix else p.path) for p in exc.problems
            )
        else:
            found.append(_problem(raw, path, str(exc) or type(exc).__name__))

    walk(err, [])
    return found


def _split(field: str) -> list[str | int]:
    """``"tags[2]"`` -> ``["tags", 2]``."""
    parts: list[str | int] = []
    for chunk in field.replace("]", "").split("."):
        name, *indexes = chunk.split("[")
        if name:
            parts.append(name)
        parts.extend(int(i) for i in indexes)
    return parts


# -- public API --------------------------------------------------------------------------------


def structure(data: object, cls: type[T], *, source: str | None = None) -> T:
    """Build a ``cls`` from JSON-like ``data``; :class:`StructureError` lists every problem."""
    try:
        return converter.structure(data, cls)
    except CatalogueError as err:
        raise err.with_source(source) if source else err from None
    except Exception as err:  # noqa: BLE001 - every structuring failure becomes a StructureError
        raise StructureError(problems_from(err, data), source) from None


def unstructure(obj: object) -> Any:
    """Turn a fosterkit object into JSON-ready data (dicts, lists, strings, numbers)."""
    return converter.unstructure(obj)


def _check_schema_version(
    data: object, expected: int, source: str | None, error: _ErrorFactory
) -> dict[str, Any]:
    if not isinstance(data, Mapping):
        raise error([Problem(path="", message=f"expected a table, got {_type_name(data)}")], source)
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
                    message=f"schema version {version!r} is not supported (this fosterkit reads {expected})",
                )
            ],
            source,
        )
    return body


def catalogue_from_dict(data: object, *, source: str | None = None) -> Catalogue:
    """Structure a catalogue from its serialised form (with ``schema_version``)."""
    body = _check_schema_version(data, CATALOGUE_SCHEMA_VERSION, source, CatalogueError)
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


def _part(body: Mapping[str, Any], key: str, cls: Any, problems: list[Problem]) -> Any:
    """Structure ``body[key]`` as ``cls``, adding any problems (with paths under ``key``)."""
    if key not in body:
        problems.append(Problem(path=key, field=key, message="required field is missing"))
        return None
    try:
        return converter.structure(body[key], cls)
    except Exception as err:  # noqa: BLE001 - collected as problems
        problems.extend(_prefixed(problems_from(err, body[key]), key))
        return None


def _entries(raw: object, key: str, cls: type[T], problems: list[Problem]) -> tuple[list[T], set[str]]:
    """Structure each entry of a list on its own, so one bad entry does not hide the others.

    Returns the entries that could be read, and the codes of those that could not.
    """
    if not isinstance(raw, list):
        problems.append(Problem(path=key, field=key, message=f"expected a list, got {_type_name(raw)}"))
        return [], set()
    good: list[T] = []
    unreadable: set[str] = set()
    for index, entry in enumerate(raw):
        try:
            good.append(converter.structure(entry, cls))
        except Exception as err:  # noqa: BLE001 - collected as problems
            label = _entry({key: raw}, [key, index])
            problems.extend(_prefixed(problems_from(err, entry), f"{key}[{index}]", label))
            if isinstance(entry, Mapping) and isinstance(entry.get("code"), str):
                unreadable.add(entry["code"])
    return good, unreadable


def _unexpected(body: Mapping[str, Any], allowed: set[str], problems: list[Problem]) -> None:
    for key in sorted(set(body) - allowed):
        problems.append(Problem(path=key, field=key, message="unexpected field (not part of this record)"))


def taxonomy_from_dict(
    data: object, *, source: str | None = None, elements: Collection[str] | None = None
) -> Taxonomy:
    """Structure a taxonomy pack, checking shape and consistency and listing every problem.

    ``elements`` are the principle and recommendation ids reasons may name in ``addressed_by``;
    pass the catalogue's ids to have the references checked.
    """
    body = _check_schema_version(data, TAXONOMY_SCHEMA_VERSION, source, TaxonomyError)
    problems: list[Problem] = []
    _unexpected(body, {"pack", "national", "ssda903", "reasons"}, problems)
    info = _part(body, "pack", TaxonomyInfo, problems)
    national = _part(body, "national", NationalCategories, problems)
    ssda903 = _part(body, "ssda903", tuple[Ssda903Code, ...], problems)
    reasons, unreadable = _entries(body.get("reasons", []), "reasons", Reason, problems)
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
    return taxonomy_from_dict(_json(text, source, TaxonomyError), source=source)


def extension_from_dict(data: object, *, source: str | None = None) -> TaxonomyExtension:
    """Structure a taxonomy extension (a service's local codes and aliases)."""
    body = _check_schema_version(data, TAXONOMY_SCHEMA_VERSION, source, TaxonomyError)
    try:
        return structure(body, TaxonomyExtension, source=source)
    except StructureError as err:
        raise TaxonomyError(err.problems, source) from None


def extension_to_dict(extension: TaxonomyExtension) -> dict[str, Any]:
    """Unstructure a taxonomy extension, with its ``schema_version`` first."""
    return {"schema_version": TAXONOMY_SCHEMA_VERSION, **unstructure(extension)}


def _json(text: str, source: str | None, error: _ErrorFactory) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise error(
            [Problem(path=f"line {err.lineno}, column {err.colno}", message=f"not valid JSON: {err.msg}")],
            source,
        ) from None


# -- records -------------------------------------------------------------------------------------

#: Version of the records' serialised form (one JSON object per record, as in JSON Lines).
RECORD_SCHEMA_VERSION = 1

#: Record kinds, by the name written in a record's ``kind`` key, in registration order.
#: Add a kind with :func:`register_record_kind`, which checks it, rather than by assignment.
RECORD_KINDS: dict[str, type] = {}

#: Keys of a serialised record that are not fields of its class.
_RECORD_KEYS = ("schema_version", "kind")

_KIND_NAME = re.compile(r"[a-z][a-z0-9_]*")


def register_record_kind(name: str, cls: type) -> None:
    """Make ``cls`` (a frozen attrs record class) readable and writable as records of kind ``name``.

    A kind has one class and a class one kind. The class may not have a top-level field named
    ``kind`` or ``schema_version``: the serialised form keeps those keys for itself.
    """
    if not isinstance(name, str) or not _KIND_NAME.fullmatch(name):
        raise ValueError(f"record kind {name!r} must be lower-case letters, digits and '_'")
    if not (isinstance(cls, type) and attrs.has(cls)):
        raise TypeError(f"record kind {name!r}: {cls!r} is not an attrs class")
    clashes = sorted({a.name for a in attrs.fields(cls)}.intersection(_RECORD_KEYS))
    if clashes:
        raise ValueError(
            f"record kind {name!r}: {cls.__qualname__} has a field named {clashes[0]!r}, "
            "which the serialised form of records keeps for itself"
        )
    if RECORD_KINDS.get(name, cls) is not cls:
        raise ValueError(f"record kind {name!r} is already {RECORD_KINDS[name].__qualname__}")
    for other, known in RECORD_KINDS.items():
        if known is cls and other != name:
            raise ValueError(f"{cls.__qualname__} is already record kind {other!r}")
    RECORD_KINDS[name] = cls


register_record_kind("household", Household)
register_record_kind("departure", Departure)
register_record_kind("data_collection_record", DataCollectionRecord)
register_record_kind("exit_process", ExitProcess)


def _kind_list(names: Collection[str]) -> str:
    return ", ".join(repr(n) for n in names)


def record_kind(obj: object) -> str:
    """The kind name of a record (``"departure"`` for a :class:`~fosterkit.records.Departure`)."""
    for name, cls in RECORD_KINDS.items():
        if type(obj) is cls:
            return name
    raise TypeError(
        f"{type(obj).__qualname__} is not a record kind; the kinds are {_kind_list(RECORD_KINDS)}"
    )


def record_to_dict(obj: object) -> dict[str, Any]:
    """Unstructure a record: ``schema_version``, then ``kind``, then the record's own fields."""
    return {"schema_version": RECORD_SCHEMA_VERSION, "kind": record_kind(obj), **unstructure(obj)}


#: Tuples of kinds :func:`_accepted_kinds` has returned.
_CHECKED_KINDS: set[tuple[str, ...]] = set()


def _accepted_kinds(kinds: str | Collection[str] | None) -> tuple[str, ...]:
    if isinstance(kinds, tuple) and kinds in _CHECKED_KINDS:
        return kinds  # what this function returned before: read per line, so not worked out again
    wanted = set(RECORD_KINDS) if kinds is None else {kinds} if isinstance(kinds, str) else set(kinds)
    unknown = sorted(wanted - set(RECORD_KINDS))
    if unknown:
        raise ValueError(f"unknown record kind {unknown[0]!r}; the kinds are {_kind_list(RECORD_KINDS)}")
    accepted = tuple(name for name in RECORD_KINDS if name in wanted)
    _CHECKED_KINDS.add(accepted)
    return accepted


def record_from_dict(
    data: object, *, source: str | None = None, kinds: str | Collection[str] | None = None
) -> object:
    """Structure one record from its serialised form (with ``schema_version`` and ``kind``).

    ``kinds`` (a kind name or several) limits which kinds are accepted; a record of another
    kind is refused, not skipped. Every problem names the record's id when it has one.
    """
    accepted = _accepted_kinds(kinds)
    if not isinstance(data, Mapping):
        message = f"expected a record (a JSON object), got {_type_name(data)}"
        raise StructureError([Problem(path="", message=message)], source)
    entry = _own_id(data)
    try:
        body = _check_schema_version(data, RECORD_SCHEMA_VERSION, source, StructureError)
    except StructureError as err:
        raise StructureError(
            [attrs.evolve(p, entry=p.entry or entry) for p in err.problems], source
        ) from None
    kind = body.pop("kind", None)
    if kind not in accepted:
        if kind is None:
            message = f"required field is missing; one of {_kind_list(accepted)}"
        elif isinstance(kind, str) and kind in RECORD_KINDS:
            message = f"{kind!r} records are not accepted here; expected {_kind_list(accepted)}"
        else:
            message = f"{kind!r} is not a record kind; expected {_kind_list(accepted)}"
        raise StructureError([Problem(path="kind", field="kind", entry=entry, message=message)], source)
    return structure(body, RECORD_KINDS[kind], source=source)


# -- checklists ----------------------------------------------------------------------------------


def checklist_from_dict(data: object, *, source: str | None = None) -> Checklist:
    """Structure a checklist for leaving carers from its serialised form (with ``schema_version``)."""
    body = _check_schema_version(data, CHECKLIST_SCHEMA_VERSION, source, ChecklistError)
    try:
        return structure(body, Checklist, source=source)
    except StructureError as err:
        raise ChecklistError(err.problems, source) from None


def checklist_to_dict(checklist: Checklist) -> dict[str, Any]:
    """Unstructure a checklist, with its ``schema_version`` first."""
    return {"schema_version": CHECKLIST_SCHEMA_VERSION, **unstructure(checklist)}


# -- import mappings -----------------------------------------------------------------------------

#: Keys of a mapping's ``[source]`` table that are fosterkit's own; the rest are the reader's options.
_SOURCE_KEYS = ("format", "header_row", "ignore", "dates")

#: Keys of one field's table in a mapping.
_FIELD_KEYS = ("column", "columns", "default", "values", "split", "dates")


def _field_spec(path: str, spec: object, where: str, problems: list[Problem]) -> dict[str, Any] | None:
    """A field's entry in the file (a column name, a list of them, or a table) as FieldMapping's fields."""
    if isinstance(spec, str):
        return {"path": path, "columns": [spec]}
    if isinstance(spec, list):
        return {"path": path, "columns": spec}
    if not isinstance(spec, Mapping):
        message = f"expected a column name, a list of columns or a table, got {_type_name(spec)}"
        problems.append(Problem(path=where, field=path, message=message))
        return None
    body = dict(spec)
    for key in sorted(set(body) - set(_FIELD_KEYS)):
        known = ", ".join(_FIELD_KEYS)
        problems.append(
            Problem(path=f"{where}.{key}", field=key, message=f"unexpected key (a field takes {known})")
        )
        del body[key]
    if "column" in body:
        if "columns" in body:
            problems.append(Problem(path=where, field=path, message="give column or columns, not both"))
            return None
        column = body.pop("column")
        body["columns"] = [column]
    return {"path": path, **body}


def mapping_from_dict(data: object, *, source: str | None = None) -> ImportMapping:
    """Structure an import mapping from its file form (with ``schema_version``), listing every problem.

    ``[source]`` holds ``format``, ``header_row``, ``ignore``, ``dates`` and the reader's own
    options; ``[records.KIND]`` maps each field's path to a column name, a list of columns, or a
    table (``column``/``columns``, ``default``, ``values``, ``split``, ``dates``).
    """
    body = _check_schema_version(data, MAPPING_SCHEMA_VERSION, source, MappingError)
    problems: list[Problem] = []
    _unexpected(body, {"source", "records"}, problems)
    raw_source = body.get("source", {})
    settings = SourceSettings()
    if not isinstance(raw_source, Mapping):
        problems.append(
            Problem(path="source", field="source", message=f"expected a table, got {_type_name(raw_source)}")
        )
    else:
        own = {key: raw_source[key] for key in _SOURCE_KEYS if key in raw_source}
        options = {key: value for key, value in raw_source.items() if key not in _SOURCE_KEYS}
        for key, value in options.items():
            if not isinstance(value, (str, int, bool)):
                message = f"a reader option is text, a whole number or true/false, not {_type_name(value)}"
                problems.append(Problem(path=f"source.{key}", field=key, message=message))
        found = _part({"source": {**own, "options": options}}, "source", SourceSettings, problems)
        settings = found or settings
    raw_records = body.get("records")
    records: list[RecordMapping] = []
    if not isinstance(raw_records, Mapping) or not raw_records:
        message = "required: a [records.KIND] table for each kind of record the rows give"
        problems.append(Problem(path="records", field="records", message=message))
        raw_records = {}
    for kind, raw_fields in raw_records.items():
        where = f"records.{kind}"
        if not isinstance(raw_fields, Mapping):
            problems.append(
                Problem(path=where, field=kind, message=f"expected a table, got {_type_name(raw_fields)}")
            )
            continue
        fields: list[FieldMapping] = []
        for path, spec in raw_fields.items():
            shaped = _field_spec(path, spec, f"{where}.{path}", problems)
            if shaped is None:
                continue
            found = _part({f"{where}.{path}": shaped}, f"{where}.{path}", FieldMapping, problems)
            if found is not None:
                fields.append(found)
        records.append(RecordMapping(kind=kind, fields=tuple(fields)))
    if problems:
        raise MappingError(problems, source)
    return ImportMapping(source=settings, records=tuple(records), name=source or "")
