"""Writing a draft out as the TOML text of a mapping, with a comment wherever a person must look.

Fields with a value map are written as tables of their own after the record's other fields;
every place left ``TODO`` is collected as it is written, named as the mapping's errors name it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from attrs import frozen

from fosterkit.imports.draft.fields import Guess
from fosterkit.imports.draft.header import SourceSample
from fosterkit.imports.draft.toml_text import toml_key, toml_string, toml_value, wrapped
from fosterkit.imports.mapping import DEFAULT_DATE_FORMATS, MAPPING_SCHEMA_VERSION, TODO

__all__ = ["KindDraft", "render"]


@frozen
class KindDraft:
    """One record kind as the draft writes it."""

    kind: str
    guesses: list[Guess]
    """Its fields, in the record's order."""
    left: list[str]
    """Optional fields (and groups) no column was found for, named in a comment."""


def _comments(lines: Iterable[str]) -> list[str]:
    return [f"# {line}" for line in lines]


def _tail(comments: list[str]) -> str:
    return f"  # {'; '.join(comments)}" if comments else ""


def _inline(guess: Guess) -> str:
    """The field's entry on one line: a column name, or an inline table."""
    if guess.todo:
        return f"{{ column = {toml_string(TODO)} }}"
    parts: list[str] = []
    if len(guess.columns) == 1:
        parts.append(f"column = {toml_string(guess.columns[0])}")
    elif guess.columns:
        parts.append(f"columns = {toml_value(guess.columns)}")
    if guess.default is not None:
        parts.append(f"default = {toml_value(guess.default)}")
    if guess.split:
        parts.append(f"split = {toml_string(guess.split)}")
    if guess.dates:
        parts.append(f"dates = {toml_value(list(guess.dates))}")
    if len(parts) == 1 and len(guess.columns) == 1:
        return toml_string(guess.columns[0])
    return "{ " + ", ".join(parts) + " }"


def _source_table(
    source: SourceSample, ignored: list[str], header_row: int, format: str, options: Mapping[str, object]
) -> list[str]:
    """The heading comments, ``schema_version`` and the ``[source]`` table."""
    out = [
        f"# Import mapping drafted by `fosterkit mapping init` from {len(source.rows)} sampled rows.",
        "# Check every guess and fill in each TODO: fosterkit refuses the mapping while one is left.",
        f"schema_version = {MAPPING_SCHEMA_VERSION}",
        "",
        "[source]",
    ]
    if format:
        out.append(f"format = {toml_string(format)}")
    out.extend(f"{toml_key(key)} = {toml_value(value)}" for key, value in options.items())
    if source.header_row > 1 and source.header_cells:
        out.append(f"# The header is row {source.header_row}; the rows above it are passed over.")
    if header_row:
        out.append(f"header_row = {header_row}")
    out.append(f"dates = {toml_value(list(DEFAULT_DATE_FORMATS))}")
    if ignored:
        out.append("ignore = [")
        out.extend(
            f"    {toml_string(name)},  # TODO: not mapped - keep ignored or map it" for name in ignored
        )
        out.append("]")
    else:
        out.append("ignore = []")
    out.extend(_comments(source.warnings))
    return out


def _value_table(kind: str, guess: Guess, todo: list[str]) -> list[str]:
    """A field with a value map, as a table of its own; each value left TODO is added to ``todo``."""
    where = f"records.{kind}.{guess.slot.path}"
    table = f"records.{toml_key(kind)}.{toml_key(guess.slot.path)}"
    out = ["", *_comments(guess.above), f"[{table}]{_tail(guess.after)}"]
    if len(guess.columns) == 1:
        out.append(f"column = {toml_string(guess.columns[0])}")
    else:
        out.append(f"columns = {toml_value(guess.columns)}")
    if guess.split:
        out.append(f"split = {toml_string(guess.split)}")
    if guess.dates:
        out.append(f"dates = {toml_value(list(guess.dates))}")
    out += ["", f"[{table}.values]"]
    for key, target, comment in guess.values:
        out.append(f"{toml_string(key)} = {toml_string(target)}{_tail([comment] if comment else [])}")
        if target == TODO:
            todo.append(f"{where}.values.{key}")
    return out


def _record_table(record: KindDraft, todo: list[str]) -> list[str]:
    """A record kind's table, its value-mapped fields after it; each place left TODO is added to ``todo``."""
    out = ["", f"[records.{toml_key(record.kind)}]"]
    tables: list[Guess] = []
    for guess in record.guesses:
        if guess.values:
            tables.append(guess)
            continue
        out.extend(_comments(guess.above))
        out.append(f"{toml_key(guess.slot.path)} = {_inline(guess)}{_tail(guess.after)}")
        if guess.todo:
            todo.append(f"records.{record.kind}.{guess.slot.path}")
    if record.left:
        out.append("# Optional fields no column was found for (add any the file has):")
        out.extend(wrapped(record.left, "#   "))
    for guess in tables:
        out.extend(_value_table(record.kind, guess, todo))
    return out


def render(
    *,
    source: SourceSample,
    records: list[KindDraft],
    ignored: list[str],
    header_row: int,
    format: str,
    options: Mapping[str, object],
) -> tuple[str, tuple[str, ...]]:
    """The mapping's TOML text, and each place in it left TODO."""
    todo: list[str] = []
    out = _source_table(source, ignored, header_row, format, options)
    for record in records:
        out.extend(_record_table(record, todo))
    return "\n".join(out) + "\n", tuple(todo)
