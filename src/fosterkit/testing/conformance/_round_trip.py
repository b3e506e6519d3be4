"""``check_round_trip``: records written by an exporter come back equal through its importer."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
from hypothesis import given
from hypothesis import strategies as st

from fosterkit.errors import FosterkitError, StructureError
from fosterkit.plugins import (
    CellKind,
    Exporter,
    Importer,
    neutralise,
    table_schema,
    without_special_category,
)
from fosterkit.records import AgeBand
from fosterkit.testing.conformance._samples import (
    FORMULA_TEXTS,
    SPECIAL_MARK,
    record_strategies,
    sample_records,
    special_households,
)
from fosterkit.testing.conformance._support import (
    BUILT_IN_KINDS,
    Cells,
    Content,
    examples,
    fail,
    formula_cells,
    in_order,
    kinds_for,
    option,
    own_folder,
    read_options,
    scratch,
    seen,
    suffix,
)

#: ``edit(path, kind, record_id, column, text)`` types ``text`` into ``column`` (a column of
#: :func:`fosterkit.plugins.table_schema` of ``kind``) of record ``record_id`` in the file at
#: ``path``, as a person would, and returns how the importer's errors name that record's place
#: (``"row 3"``, ``"departure id 'DEP-1'"``).
RecordEditor = Callable[[Path, str, str, str, str], str]

#: What the bad-value check types into a column of choices (an enumeration).
_BAD_CHOICE = "walked_off"


def check_round_trip(
    exporter: Exporter,
    importer: Importer,
    directory: Path,
    *,
    kinds: Iterable[str] | None = None,
    options: Mapping[str, object] | None = None,
    cells: Cells | None = None,
    content: Content | None = None,
    keyed_by_id: bool = False,
    strategies: Mapping[str, st.SearchStrategy[Any]] | None = None,
    edit: RecordEditor | None = None,
    max_examples: int = 25,
) -> None:
    """Check that what ``exporter`` writes, ``importer`` reads back exactly, writing files in ``directory``.

    Call it from a test: ``check_round_trip(my_exporter, my_importer, tmp_path)``; it raises
    :class:`AssertionError` naming the exporter and what is wrong (hypothesis shows the records).
    For each record kind (``kinds``, as :func:`check_exporter` works them out) it checks that:

    - any records of the kind (``max_examples`` lists of hypothesis-generated records, equality
      data included when the exporter takes ``special_category``) come back equal, with the
      ``kind`` option named or left for the importer to infer, where they take one;
    - text a spreadsheet would run as a formula is stored neutralised (with ``cells``: each of
      :data:`FORMULA_TEXTS` appears as :func:`fosterkit.plugins.neutralise` makes it, and no
      cell starts like a formula) and comes back as it was;
    - for households, with an exporter that takes ``special_category``
      (:func:`fosterkit.plugins.special_category_option`, as every shared format should):
      equality (special-category) data is left out unless ``special_category=True`` is asked
      for (it cannot be seen in ``cells``, ``content`` or else the file's bytes, and reads back
      as :func:`fosterkit.plugins.without_special_category` gives it); asked for, it is written
      and reads back whole; and the importer refuses it, naming the file, unless asked too;
    - with ``edit`` (see :data:`RecordEditor`): a value the record kind does not allow, typed
      into the second of three records, is refused as the importer reaches it (the first record
      has come already: records are read one at a time) with
      :class:`~fosterkit.errors.StructureError` naming the file, the place ``edit`` names, the
      column, the record's id and the value.

    ``keyed_by_id`` is for a store keyed by record id (a database table): ids in one export are
    distinct, records come back in id order, and exporting the same records again, in another
    order, changes nothing (neither the records nor ``content``). ``strategies`` gives a
    hypothesis strategy for each record kind of your own (fosterkit's have theirs).
    """
    directory = own_folder(directory, "check-round-trip")
    opts = dict(options or {})
    by_kind = {**record_strategies(), **(strategies or {})}
    chosen = kinds_for(exporter, kinds, None, sampled=by_kind)
    for kind in chosen:
        if kind not in by_kind:
            raise ValueError(
                f"no hypothesis strategy for record kind {kind!r}: give strategies={{{kind!r}: ...}}"
            )
        _check_any_records(
            exporter, importer, directory, kind, by_kind[kind], opts, content, keyed_by_id, max_examples
        )
        if kind in BUILT_IN_KINDS:  # the kit has samples of these
            _check_formulas(exporter, importer, directory, kind, opts, cells, keyed_by_id)
    if "household" in chosen:
        _check_special_category(exporter, importer, directory, opts, cells, content)
    if edit is not None:
        sampled = [kind for kind in chosen if kind in BUILT_IN_KINDS]
        _check_bad_value(exporter, importer, directory, sampled, opts, edit, keyed_by_id)


def _check_any_records(
    exporter: Exporter,
    importer: Importer,
    directory: Path,
    kind: str,
    strategy: st.SearchStrategy[Any],
    opts: dict[str, Any],
    content: Content | None,
    keyed_by_id: bool,
    max_examples: int,
) -> None:
    name = exporter.name
    special = option(exporter, "special_category") is not None
    by_id = (lambda record: record.id) if keyed_by_id else None
    lists = st.lists(strategy, min_size=1, max_size=3, unique_by=by_id)

    @examples(max_examples)
    @given(records=lists, kind_on_export=st.booleans(), kind_on_import=st.booleans())
    def round_trip(records: list[Any], kind_on_export: bool, kind_on_import: bool) -> None:
        export_opts = dict(opts)
        if special:
            export_opts["special_category"] = True
        if kind_on_export and option(exporter, "kind") is not None:
            export_opts["kind"] = kind
        wanted = {"special_category": True, "kind": kind if kind_on_import else ""}
        if not special:  # equality data is only checked with the option that asks for it
            records = [without_special_category(r) for r in records]
        expected = in_order(records, keyed_by_id)
        with scratch(directory, f"round-trip-{kind}") as folder:
            target = folder / f"records{suffix(exporter)}"
            written = exporter.export(records, target, **export_opts)
            if written != len(records):
                fail(name, f"reported {written} records written, not {len(records)} ({kind})")
            back = list(importer.records(target, **read_options(importer, export_opts, **wanted)))
            if back != expected:
                fail(name, f"{kind} records did not come back as they were written")
            if keyed_by_id:
                before = content(target) if content is not None else None
                exporter.export(reversed(records), target, **export_opts)
                if content is not None and content(target) != before:
                    fail(name, "exporting the same records again changed what the target holds")
                again = list(importer.records(target, **read_options(importer, export_opts, **wanted)))
                if again != expected:
                    fail(name, "exporting the same records again changed the records read back")

    round_trip()


def _set(record: Any, path: Sequence[str], value: object) -> Any:
    """``record`` with the field at ``path`` (through nested records) set to ``value``."""
    if len(path) == 1:
        return attrs.evolve(record, **{path[0]: value})
    inner = getattr(record, path[0])
    return attrs.evolve(record, **{path[0]: _set(inner, path[1:], value)})


def formula_records(kind: str) -> list[Any]:
    """Records of ``kind`` holding each of :data:`FORMULA_TEXTS` in every text column that takes it.

    Empty for a kind whose text columns are all ids (a departure's reasons are in a JSON column).
    """
    base = next(sample_records(1, kind=kind))
    columns = []
    for column in table_schema(kind).columns:
        if column.kind is not CellKind.TEXT:
            continue
        try:
            _set(base, column.path, FORMULA_TEXTS[0])
        except (ValueError, TypeError, FosterkitError):
            continue  # an id, or text a field does not take
        columns.append(column.path)
    records = []
    for index, text in enumerate(FORMULA_TEXTS if columns else ()):
        record = base
        for path in columns:
            record = _set(record, path, text)
        records.append(attrs.evolve(record, id=f"{base.id}-F{index}"))
    return records


def _check_formulas(
    exporter: Exporter,
    importer: Importer,
    directory: Path,
    kind: str,
    opts: dict[str, Any],
    cells: Cells | None,
    keyed_by_id: bool,
) -> None:
    records = formula_records(kind)
    if not records:
        return
    name = exporter.name
    target = directory / f"formulas-{kind}{suffix(exporter)}"
    exporter.export(records, target, **opts)
    if cells is not None:
        texts = set(formula_cells(name, cells(target)))
        missing = [text for text in FORMULA_TEXTS if neutralise(text) not in texts]
        if missing:
            fail(name, f"formula-looking text is not stored as neutralise() makes it: {missing!r}")
    back = list(importer.records(target, **read_options(importer, opts)))
    if back != in_order(records, keyed_by_id):
        fail(name, f"formula-looking text in {kind} records did not come back as it was written")


def _check_special_category(
    exporter: Exporter,
    importer: Importer,
    directory: Path,
    opts: dict[str, Any],
    cells: Cells | None,
    content: Content | None,
) -> None:
    if option(exporter, "special_category") is None:
        return  # fosterkit's own JSON Lines keeps every field; a shared format offers the option
    name = exporter.name
    households = special_households()
    plain = {k: v for k, v in opts.items() if k != "special_category"}
    target = directory / f"special-left-out{suffix(exporter)}"
    exporter.export(households, target, **plain)
    marks = (SPECIAL_MARK, AgeBand.FROM_45_TO_54.value)
    leaked = seen(target, marks, cells, content)
    if leaked:
        fail(name, f"equality (special-category) data was written without special_category=True: {leaked}")
    back = list(importer.records(target, **read_options(importer, plain)))
    if back != [without_special_category(h) for h in households]:
        fail(name, "households written without their equality data did not come back without it")
    asked = directory / f"special-asked{suffix(exporter)}"
    exporter.export(households, asked, **plain, special_category=True)
    if seen(asked, marks, cells, content) != list(marks):
        fail(name, "with special_category=True the equality data cannot be seen (give cells= or content=)")
    if option(importer, "special_category") is None:
        fail(
            importer.name, "the exporter writes equality data but the importer has no special_category option"
        )
    if list(importer.records(asked, **read_options(importer, plain, special_category=True))) != households:
        fail(name, "households with equality data did not come back whole with special_category=True")
    try:
        list(importer.records(asked, **read_options(importer, plain, special_category=False)))
    except StructureError as err:
        if str(asked) not in str(err) or "special_category" not in str(err):
            fail(
                importer.name,
                f"refusing equality data, the error names neither the file nor the option: {err}",
            )
    else:
        fail(importer.name, "equality data was read without special_category=True")


def _check_bad_value(
    exporter: Exporter,
    importer: Importer,
    directory: Path,
    kinds: Sequence[str],
    opts: dict[str, Any],
    edit: RecordEditor,
    keyed_by_id: bool,
) -> None:
    """A bad value typed into a column of choices is refused when reached, naming where it is."""
    with_choices = {}
    for each in kinds:
        found = next((c.name for c in table_schema(each).columns if c.kind is CellKind.ENUM), None)
        if found is not None:
            with_choices[each] = found
    kind = "departure" if "departure" in with_choices else next(iter(with_choices), None)
    if kind is None:
        return
    column = with_choices[kind]
    records = in_order(sample_records(3, kind=kind), keyed_by_id)
    target = directory / f"bad-value-{kind}{suffix(exporter)}"
    exporter.export(records, target, **opts)
    where = edit(target, kind, records[1].id, column, _BAD_CHOICE)
    stream = importer.records(target, **read_options(importer, opts))
    try:
        first = next(stream)
    except StructureError as err:
        fail(importer.name, f"a bad value in the second record was refused before the first was read: {err}")
    if first != records[0]:
        fail(importer.name, "the record before the bad value did not come back as it was written")
    try:
        next(stream)
    except StructureError as err:
        said = str(err)
        named = [p for p in err.problems if p.path == column and p.entry == records[1].id]
        if not named or _BAD_CHOICE not in named[0].message:
            fail(
                importer.name,
                f"the error does not name column {column}, record {records[1].id} and the value: {said}",
            )
        if str(target) not in said or where not in said:
            fail(importer.name, f"the error does not name the file and {where!r}: {said}")
    else:
        fail(importer.name, f"{_BAD_CHOICE!r} in column {column} was read without an error")
