"""The import mapping's file form: ``[source]`` and ``[records.KIND]`` tables as an :class:`ImportMapping`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fosterkit.errors import (
    Problem,
)
from fosterkit.imports.mapping import (
    MAPPING_SCHEMA_VERSION,
    FieldMapping,
    ImportMapping,
    MappingError,
    RecordMapping,
    SourceSettings,
)
from fosterkit.serial.converter import type_name
from fosterkit.serial.forms import check_schema_version, structure_part, unexpected_keys

__all__ = ["mapping_from_dict"]

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
        message = f"expected a column name, a list of columns or a table, got {type_name(spec)}"
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
    body = check_schema_version(data, MAPPING_SCHEMA_VERSION, source, MappingError)
    problems: list[Problem] = []
    unexpected_keys(body, {"source", "records"}, problems)
    raw_source = body.get("source", {})
    settings = SourceSettings()
    if not isinstance(raw_source, Mapping):
        problems.append(
            Problem(path="source", field="source", message=f"expected a table, got {type_name(raw_source)}")
        )
    else:
        own = {key: raw_source[key] for key in _SOURCE_KEYS if key in raw_source}
        options = {key: value for key, value in raw_source.items() if key not in _SOURCE_KEYS}
        for key, value in options.items():
            if not isinstance(value, (str, int, bool)):
                message = f"a reader option is text, a whole number or true/false, not {type_name(value)}"
                problems.append(Problem(path=f"source.{key}", field=key, message=message))
        found = structure_part({"source": {**own, "options": options}}, "source", SourceSettings, problems)
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
                Problem(path=where, field=kind, message=f"expected a table, got {type_name(raw_fields)}")
            )
            continue
        fields: list[FieldMapping] = []
        for path, spec in raw_fields.items():
            shaped = _field_spec(path, spec, f"{where}.{path}", problems)
            if shaped is None:
                continue
            found = structure_part({f"{where}.{path}": shaped}, f"{where}.{path}", FieldMapping, problems)
            if found is not None:
                fields.append(found)
        records.append(RecordMapping(kind=kind, fields=tuple(fields)))
    if problems:
        raise MappingError(problems, source)
    return ImportMapping(source=settings, records=tuple(records), name=source or "")
