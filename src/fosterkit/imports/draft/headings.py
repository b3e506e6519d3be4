"""Heading synonyms: the column headings a case system might use for each field a draft maps.

A draft takes a column for a field when the column's heading is close to one of the field's
synonyms ("Date of deregistration" for a departure's ``leaving_on``). The synonyms are data:
fosterkit's own are in ``fosterkit/data/headings/default.toml``, read (like every file) by the
adapters, with :func:`fosterkit.adapters.packs.load_headings`; a service adds the headings its
own case system uses with a file of the same shape, merged over them by
:meth:`HeadingSynonyms.extended`. Nothing here reads a file.
"""

from __future__ import annotations

import difflib
import types
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from attrs import field, frozen

from fosterkit.errors import FieldError, Problem, StructureError
from fosterkit.imports.draft.fields import field_keys
from fosterkit.imports.draft.toml_text import toml_key
from fosterkit.imports.values import normalise

__all__ = ["HEADINGS_SCHEMA_VERSION", "HeadingSynonyms", "HeadingsError", "headings_from_dict"]

#: The version of the heading-synonym files this fosterkit reads.
HEADINGS_SCHEMA_VERSION = 1

_TOP_KEYS = ("schema_version", "headings")


class HeadingsError(StructureError):
    """A heading-synonyms file is malformed; nothing of it was used. Every problem is listed."""

    kind = "heading synonyms"


def _type_name(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, Mapping):
        return "a table"
    return f"a {type(value).__name__}"


def _unknown_key(key: str, known: frozenset[str]) -> str:
    close = difflib.get_close_matches(key, sorted(known), n=2, cutoff=0.7)
    hint = (
        f"; did you mean {' or '.join(repr(c) for c in close)}?"
        if close
        else " (a key is a field's name, as leaving_on, or its path, as service.name or departure.id)"
    )
    return f"no field of any record kind is called {key!r}{hint}"


def _entry_problems(key: object, headings: object, known: frozenset[str]) -> list[tuple[str, str]]:
    """What is wrong with one entry: each as the place under the key (``""``, ``[2]``) and a message."""
    if not isinstance(key, str) or key not in known:
        return [("", _unknown_key(str(key), known))]
    if not isinstance(headings, (list, tuple)):
        example = f'["{headings}"]' if isinstance(headings, str) else '["Date left", "Leaving date"]'
        return [("", f"expected a list of headings, as {example}, got {_type_name(headings)}")]
    if not headings:
        return [("", "lists no headings; give at least one, or leave the key out")]
    problems = []
    for index, heading in enumerate(headings):
        if not isinstance(heading, str):
            problems.append((f"[{index}]", f"expected a heading (text), got {_type_name(heading)}"))
        elif not heading.strip():
            problems.append((f"[{index}]", "a heading is blank"))
    return problems


def _tidy(table: Mapping[str, Sequence[str]]) -> Any:
    """The table as the model holds it, read-only: each list of headings a tuple, trimmed, repeats left out.

    Anything else is left as it is, for the check to report.
    """
    raw: object = table
    if not isinstance(raw, Mapping):
        return raw
    tidy: dict[object, object] = {}
    for key, headings in raw.items():
        if isinstance(headings, (list, tuple)) and all(isinstance(h, str) for h in headings):
            headings = _unique(h.strip() for h in headings)
        tidy[key] = headings
    return types.MappingProxyType(tidy)


def _unique(headings: Iterable[str]) -> tuple[str, ...]:
    """The headings without repeats (case and spacing aside), the first of each kept."""
    kept: dict[str, str] = {}
    for heading in headings:
        kept.setdefault(normalise(heading), heading)
    return tuple(kept.values())


def _check(_instance: object, _attribute: object, table: object) -> None:
    if not isinstance(table, Mapping):
        raise FieldError("by_field", f"expected a table of field = headings, got {_type_name(table)}")
    known = field_keys()
    for key, headings in table.items():
        for place, message in _entry_problems(key, headings, known):
            raise FieldError(f"{key}{place}", message)


@frozen
class HeadingSynonyms:
    """The column headings a case system might use for each field, most telling first.

    Each key is a field's name (``leaving_on``), its path (``service.name``, ``carers[0].id``)
    or its path under one record kind (``departure.id``); a field takes the headings of the
    most particular key listed, in that order. Headings are compared with column names case,
    punctuation and filler words aside.
    """

    by_field: Mapping[str, tuple[str, ...]] = field(factory=dict, converter=_tidy, validator=_check)

    def lookup(self, kind: str, path: str, name: str) -> tuple[str, ...]:
        """The headings for the field at ``path`` (named ``name``) of record kind ``kind``."""
        table = self.by_field
        return table.get(f"{kind}.{path}") or table.get(path) or table.get(name) or ()

    def extended(self, *more: HeadingSynonyms) -> HeadingSynonyms:
        """These synonyms with each of ``more`` merged over them in turn.

        A key's headings from a later set come first (they are a service's own, so the most
        telling), followed by those already listed; no heading is ever lost.
        """
        merged = dict(self.by_field)
        for other in more:
            for key, headings in other.by_field.items():
                merged[key] = _unique((*headings, *merged.get(key, ())))
        return HeadingSynonyms(merged)


def headings_from_dict(data: object, *, source: str | None = None) -> HeadingSynonyms:
    """Heading synonyms from a file's parsed form: ``schema_version`` and a ``[headings]`` table.

    Every problem is listed at once in a :class:`HeadingsError` naming ``source``: a key that is
    no field, headings that are not a list of text, a missing or unsupported schema version.
    """
    if not isinstance(data, Mapping):
        raise HeadingsError([Problem(path="", message=f"expected a table, got {_type_name(data)}")], source)
    problems = _version_problems(data.get("schema_version"))
    problems += [
        Problem(
            path=toml_key(str(key)),
            field=str(key),
            message="unexpected key (a headings file holds schema_version and a [headings] table)",
        )
        for key in data
        if key not in _TOP_KEYS
    ]
    table = data.get("headings")
    if not isinstance(table, Mapping):
        got = "it is missing" if table is None else f"got {_type_name(table)}"
        problems.append(Problem(path="headings", field="headings", message=f"expected a table; {got}"))
        raise HeadingsError(problems, source)
    known = field_keys()
    for key, headings in table.items():
        problems += [
            Problem(path=f"headings.{toml_key(str(key))}{place}", field=str(key), message=message)
            for place, message in _entry_problems(key, headings, known)
        ]
    if problems:
        raise HeadingsError(problems, source)
    return HeadingSynonyms(table)


def _version_problems(version: object) -> list[Problem]:
    if version is None:
        return [Problem(path="schema_version", field="schema_version", message="required field is missing")]
    if type(version) is not int or version != HEADINGS_SCHEMA_VERSION:  # true and 1.0 are not 1
        message = (
            f"schema version {version!r} is not supported (this fosterkit reads {HEADINGS_SCHEMA_VERSION})"
        )
        return [Problem(path="schema_version", field="schema_version", message=message)]
    return []
