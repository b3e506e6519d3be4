"""``check_source_reader``: rows of files kept elsewhere, read as the person who keeps them sees them."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from hypothesis import assume, given
from hypothesis import strategies as st

import fosterkit
from fosterkit.errors import SourceError
from fosterkit.plugins import Cell, SourceReader, hookimpl, make_plugin_manager
from fosterkit.testing.conformance._support import check_options, examples, fail, own_folder, scratch, suffix
from fosterkit.testing.import_strategies import foreign_tables

#: ``write(rows, path, data)`` writes ``rows`` at ``path`` as another program would (a case
#: system's export, a person's spreadsheet), drawing any choice it makes (an encoding, a
#: delimiter) with ``data.draw`` (hypothesis's :func:`~hypothesis.strategies.data`); it returns
#: the reader options that read the file, or ``None`` when the format cannot hold these rows
#: exactly (the kit then tries others).
TableWriter = Callable[[Sequence[Sequence[Cell]], Path, st.DataObject], Mapping[str, object] | None]

#: A table as a person's export often starts: a title, a blank row, then the header and rows.
_TITLED = (
    ("Anytown fostering: carers who left",),
    (),
    ("id", "name", "notes"),
    ("C-1", "Gwenllian", "Siân"),
    ("C-2", "Jones, Bob", "=1+1"),
    (None, "no id"),
    (),
    ("C-3", "last"),
)
#: A row holding bytes the file's encoding does not define (they come as lone surrogates).
_UNDECODABLE = (("id", "name"), ("C-1", "Siân"), ("C-2", "\udc81 5"), ("C-3", "Bob"))
_TRICKY = ',;\t|" \r\n'


def check_source_reader(
    reader: SourceReader,
    directory: Path,
    *,
    write: TableWriter,
    texts: st.SearchStrategy[str] | None = None,
    typed: bool = False,
    undecodable: bool = False,
    max_examples: int = 25,
) -> None:
    """Check a source reader (``fosterkit import`` reads through it), writing its files in ``directory``.

    Call it from a test: ``check_source_reader(my_reader, tmp_path, write=write_table)``, where
    ``write(rows, path, data)`` lays rows out in your format (see :data:`TableWriter`). It
    raises :class:`AssertionError` naming the reader and what is wrong. It checks that:

    - options are validated, and a missing file raises :class:`~fosterkit.errors.SourceError` naming it;
    - every row comes back, title and blank rows too, numbered as the person who keeps the file
      sees it (the first is 1), with its cells as written (``max_examples`` hypothesis tables:
      text from ``texts``, the text your format holds exactly; with ``typed``, numbers, dates
      and yes/no too, compared by kind). ``None`` and empty text are both a blank cell, and
      blank cells (and blank rows) at the end may be left out;
    - ``read_rows`` hands rows over one at a time (an iterator, not a list), and stopping early
      closes the file (where ``/proc`` shows open files);
    - with ``undecodable``, for a format stored as text: bytes the encoding does not define come
      through as lone surrogates (``errors="surrogateescape"``) and spoil only their own row;
    - records laid out as another system's export would lay them out
      (:func:`fosterkit.testing.import_strategies.foreign_tables`) import back equal through the
      reader, and importing the same file again changes nothing.
    """
    directory = own_folder(directory, "check-source-reader")
    check_options(reader)
    _check_missing_file(reader, directory)
    cells = _cells(texts if texts is not None else _texts(), typed)
    tables = st.lists(st.lists(cells, max_size=5), max_size=8)
    _check_tables(reader, directory, write, st.just(_TITLED), max(3, max_examples // 5), fixed=True)
    _check_tables(reader, directory, write, tables, max_examples)
    if undecodable:
        _check_tables(reader, directory, write, st.just(_UNDECODABLE), max(3, max_examples // 5), fixed=True)
    _check_imports(reader, directory, write, typed, max_examples)


def _texts() -> st.SearchStrategy[str]:
    every = st.characters(exclude_categories=["Cs"], exclude_characters="\0")
    return st.lists(st.one_of(st.sampled_from(_TRICKY), every), min_size=1, max_size=8).map("".join)


def _cells(texts: st.SearchStrategy[str], typed: bool) -> st.SearchStrategy[Cell]:
    if not typed:
        return st.one_of(st.none(), texts)
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**12), 10**12),
        st.dates(datetime.date(1900, 3, 1), datetime.date(9999, 12, 31)),
        texts,
    )


def _check_missing_file(reader: SourceReader, directory: Path) -> None:
    path = directory / f"no-such-file{suffix(reader)}"
    try:
        list(reader.rows(path))
    except SourceError as err:
        if err.source != str(path):
            fail(reader.name, f"the error for a missing file names {err.source!r}, not the file")
    else:
        fail(reader.name, "a missing file did not raise SourceError")


def _shown(cell: object) -> tuple[str, object]:
    """A cell with its kind, so that True and 1, or 3 and "3", are told apart; blank is None or ""."""
    if cell is None or cell == "":
        return ("blank", None)
    if isinstance(cell, bool):
        return ("yes/no", cell)
    if isinstance(cell, int | float):
        return ("number", cell)
    if isinstance(cell, datetime.datetime):
        return ("date and time", cell)
    return (type(cell).__name__, cell)


def _rows(rows: Iterable[tuple[int, object]]) -> list[tuple[int, object]]:
    """Numbered rows as the kit compares them: blank cells and rows at the end left out."""
    shown: list[tuple[int, object]] = []
    for number, cells in rows:
        if not isinstance(cells, Sequence) or isinstance(cells, str):
            shown.append((number, cells))
            continue
        kinds = [_shown(cell) for cell in cells]
        while kinds and kinds[-1][0] == "blank":
            kinds.pop()
        shown.append((number, kinds))
    while shown and shown[-1][1] == []:
        shown.pop()
    return shown


def _open_handles(path: Path) -> int | None:
    """How many of this process's open files are ``path`` (``None`` where ``/proc`` cannot tell)."""
    fds = Path("/proc/self/fd")
    if not fds.is_dir():
        return None
    links = []
    for fd in fds.iterdir():
        try:
            links.append(fd.readlink())
        except OSError:  # closed while listing
            continue
    return sum(1 for link in links if link == path.resolve())


def _check_tables(
    reader: SourceReader,
    directory: Path,
    write: TableWriter,
    tables: st.SearchStrategy[Sequence[Sequence[Cell]]],
    max_examples: int,
    *,
    fixed: bool = False,
) -> None:

    @examples(max_examples)
    @given(table=tables, data=st.data())
    def rows_come_back(table: Sequence[Sequence[Cell]], data: st.DataObject) -> None:
        with scratch(directory, "rows") as folder:
            path = folder / f"table{suffix(reader)}"
            options = write(table, path, data)
            if options is None and fixed:
                fail(reader.name, f"write() cannot hold the kit's table {table!r}: every format must hold it")
            assume(options is not None)
            assert options is not None
            got = _rows(reader.rows(path, **options))
            expected = _rows(enumerate(table, start=1))
            if got != expected:
                first = next((g for g, e in zip(got, expected, strict=False) if g != e), None)
                fail(
                    reader.name,
                    f"rows did not come back as written (options {dict(options)}); first: {first}",
                )
            rows = reader.read_rows(path, reader.resolve_options(options))
            if not isinstance(rows, Iterator):
                fail(reader.name, f"read_rows gave a {type(rows).__name__}, not rows one at a time")
            next(rows, None)
            if isinstance(rows, Generator):
                rows.close()
            if _open_handles(path):
                fail(reader.name, "stopping early left the file open")

    rows_come_back()


class _Offers:
    """A plugin offering the one reader, so an import can use a reader that is not installed."""

    def __init__(self, reader: SourceReader) -> None:
        self.reader = reader

    @hookimpl
    def fosterkit_source_readers(self) -> Sequence[SourceReader]:
        return [self.reader]


def _check_imports(
    reader: SourceReader, directory: Path, write: TableWriter, typed: bool, max_examples: int
) -> None:
    plugins = make_plugin_manager(
        load_entrypoints=False, extra=[(f"conformance-{reader.name}", _Offers(reader))]
    )

    @examples(max_examples)
    @given(table=foreign_tables(typed=typed), data=st.data())
    def imports_back(table: Any, data: st.DataObject) -> None:
        with scratch(directory, "import") as folder:
            source = folder / f"export{suffix(reader)}"
            options = write(table.rows, source, data)
            assume(options is not None)
            assert options is not None
            out = folder / "records.jsonl"
            mapping = table.mapping(reader.name, **options)
            result = fosterkit.import_source(source, mapping, out=out, plugins=plugins)
            if result.rejected:
                fail(reader.name, f"rows were rejected: {[p.describe() for p in result.problems]}")
            if result.header_row != table.header_row:
                fail(reader.name, f"the header was found on row {result.header_row}, not {table.header_row}")
            if tuple(fosterkit.read_jsonl(out)) != table.records:
                fail(reader.name, "the records imported are not those the table holds")
            again = fosterkit.import_source(source, mapping, out=out, plugins=plugins)
            if (again.new, again.updated, again.unchanged) != (0, 0, len(table.records)):
                fail(reader.name, "importing the same file again changed the records")

    imports_back()
