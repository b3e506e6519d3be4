"""``check_tracker_format``: trackers round trips; what people type read as the core reads it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import attrs
from hypothesis import given
from hypothesis import strategies as st

from fosterkit.errors import CellProblem, StructureError
from fosterkit.framework import Catalogue, PackInfo, PackSet, Recommendation, SourceDocument, Theme
from fosterkit.plugins import (
    TRACKER_COLUMNS,
    ResponseStatus,
    ResponseTracker,
    TrackerFormat,
    neutralise,
    read_entries,
    tracker_row,
)
from fosterkit.testing.conformance._samples import FORMULA_TEXTS
from fosterkit.testing.conformance._support import (
    Cells,
    examples,
    fail,
    formula_cells,
    own_folder,
    scratch,
    suffix,
)
from fosterkit.testing.pack_strategies import response_trackers, typed_texts
from fosterkit.tracker import new_tracker

#: ``edit(path, recommendation, column, text)`` types ``text`` into the cell of ``column`` (a key
#: of :data:`fosterkit.plugins.TRACKER_COLUMNS`) on ``recommendation``'s row of the tracker at
#: ``path``, as a person would in the program that opens such files, saves it, and returns the
#: name that cell has in the format's problems (``"D3"``, ``"row 3, column status"``).
CellEditor = Callable[[Path, str, str, str], str]

_KEYS = [column.key for column in TRACKER_COLUMNS]
#: Plain text for the trackers people then type into.
_PLAIN = st.sampled_from(("", "Agreed at panel", "Through the business plan"))
#: The text columns of an entry, which the formula check fills with :data:`FORMULA_TEXTS`.
_TEXTS = ("response", "action", "owner", "evidence")


def sample_packs() -> tuple[Catalogue, Catalogue]:
    """Two small packs to keep trackers of: one in themes, with formula-looking titles; one without."""
    tiny = Catalogue(
        pack=PackInfo(
            id="tiny-pack",
            title="A tiny pack",
            version="1.0",
            publisher="Anytown Council",
            sources=(SourceDocument(title="The tiny review", publisher="Anytown Council", year=2024),),
        ),
        themes=(
            Theme(id="alpha", title="Alpha"),
            Theme(id="beta", title="=Beta, which looks like a formula"),
        ),
        recommendations=(
            Recommendation(id="R1", title="Do the first thing", summary="First.", theme="alpha"),
            Recommendation(id="R2", title="-Do the second thing", summary="Second.", theme="alpha"),
            Recommendation(id="R3", title="Do the third thing", summary="Third.", theme="beta"),
        ),
    )
    plain = Catalogue(
        pack=PackInfo(id="plain-pack", title="A plain pack", version="2", publisher="Anytown Council"),
        recommendations=(
            Recommendation(id="1", title="One", summary="One."),
            Recommendation(id="2", title="Two", summary="Two."),
        ),
    )
    return tiny, plain


def sample_tracker(
    catalogue: Catalogue, *, service: str = "Anytown Fostering", **first: Any
) -> ResponseTracker:
    """A new tracker of ``catalogue`` for ``service``, its first entry given the fields in ``first``.

    ``sample_tracker(pack, status=ResponseStatus.PLANNED, response="=1+1")``: a tracker to write
    in a test of your format's layout.
    """
    blank = new_tracker(catalogue, service=service)
    return attrs.evolve(blank, entries=(attrs.evolve(blank.entries[0], **first), *blank.entries[1:]))


def check_tracker_format(
    fmt: TrackerFormat,
    directory: Path,
    *,
    catalogues: Sequence[Catalogue] = (),
    texts: st.SearchStrategy[str] | None = None,
    cells: Cells | None = None,
    edit: CellEditor | None = None,
    max_examples: int = 25,
) -> None:
    """Check a response-tracker format, writing its files in ``directory``.

    Call it from a test: ``check_tracker_format(my_format, tmp_path, edit=type_into_cell)``. It
    raises :class:`AssertionError` naming the format and what is wrong. It checks that:

    - any tracker (``max_examples`` hypothesis-generated ones, with text from ``texts``,
      by default :func:`fosterkit.testing.strategies.typed_texts`) of :func:`sample_packs` or
      of ``catalogues`` reads back exactly, with no problems;
    - text a spreadsheet would run as a formula (:data:`FORMULA_TEXTS` in responses, actions,
      owners and evidence; the service, the pack version, theme and recommendation titles) reads
      back as it was and, with ``cells`` (which lists a written file's cell values as a
      spreadsheet shows them), is stored as :func:`fosterkit.plugins.neutralise` makes it;
    - a tracker for another pack is refused with :class:`~fosterkit.errors.StructureError`
      and no file, and a file for a pack that is not installed is refused naming the pack and
      those installed;
    - with ``edit`` (see :data:`CellEditor`): what a person types into a status, date, text or
      recommendation cell is accepted or refused exactly as :func:`fosterkit.plugins.read_entries`
      accepts or refuses it, every refusal a :class:`~fosterkit.errors.CellProblem` naming the
      cell as ``edit`` does, and the rest of the tracker kept.
    """
    directory = own_folder(directory, "check-tracker-format")
    every = (*sample_packs(), *catalogues)
    packs = PackSet.of(every)
    words = texts if texts is not None else typed_texts()
    _check_round_trips(fmt, directory, every, packs, words, cells, max_examples)
    _check_formulas(fmt, directory, packs, cells)
    _check_wrong_packs(fmt, directory)
    if edit is not None:
        _check_typed_values(fmt, directory, every, packs, edit, max_examples)


def _check_round_trips(
    fmt: TrackerFormat,
    directory: Path,
    every: Sequence[Catalogue],
    packs: PackSet,
    words: st.SearchStrategy[str],
    cells: Cells | None,
    max_examples: int,
) -> None:
    @examples(max_examples)
    @given(data=st.data())
    def round_trip(data: st.DataObject) -> None:
        catalogue = data.draw(st.sampled_from(every), label="catalogue")
        tracker = data.draw(response_trackers(catalogue, texts=words), label="tracker")
        with scratch(directory, "tracker") as folder:
            path = folder / f"tracker{suffix(fmt)}"
            fmt.write(tracker, catalogue, path)
            if cells is not None:
                formula_cells(fmt.name, cells(path))
            reading = fmt.read(path, packs)
            if reading.problems:
                fail(fmt.name, f"a tracker read back with problems: {[str(p) for p in reading.problems]}")
            if reading.tracker != tracker:
                fail(fmt.name, "a tracker did not read back as it was written")

    round_trip()


def _formula_tracker(tiny: Catalogue) -> ResponseTracker:
    """A tracker of ``tiny`` whose service, pack version and every text hold formula-looking text."""
    blank = sample_tracker(tiny, service="=HYPERLINK(1)")
    slots = [(index, key) for index in range(len(blank.entries)) for key in _TEXTS]
    texts = dict(zip(slots, (*FORMULA_TEXTS, "=1+1", "@SUM(A1)", "+x", "-y"), strict=False))
    count = len(blank.entries)
    changes: list[dict[str, Any]] = [{key: texts.get((n, key), "") for key in _TEXTS} for n in range(count)]
    entries = tuple(attrs.evolve(entry, **changes[index]) for index, entry in enumerate(blank.entries))
    return attrs.evolve(blank, pack_version="=2", entries=entries)


def _check_formulas(fmt: TrackerFormat, directory: Path, packs: PackSet, cells: Cells | None) -> None:
    tiny = sample_packs()[0]
    tracker = _formula_tracker(tiny)
    path = directory / f"formulas{suffix(fmt)}"
    fmt.write(tracker, tiny, path)
    if cells is not None:
        written = set(formula_cells(fmt.name, cells(path)))
        typed = [
            text for entry in tracker.entries for text in (getattr(entry, key) for key in _TEXTS) if text
        ]
        shown = [
            tracker.service,
            tracker.pack_version,
            *typed,
            tiny.themes[1].title,
            tiny.recommendations[1].title,
        ]
        missing = [text for text in shown if neutralise(text) not in written]
        if missing:
            fail(fmt.name, f"formula-looking text is not stored as neutralise() makes it: {missing!r}")
    if fmt.read(path, packs).tracker != tracker:
        fail(fmt.name, "formula-looking text did not read back as it was written")


def _check_wrong_packs(fmt: TrackerFormat, directory: Path) -> None:
    tiny, plain = sample_packs()
    path = directory / f"another-pack{suffix(fmt)}"
    try:
        fmt.write(new_tracker(plain, service="Anytown"), tiny, path)
    except StructureError:
        pass
    else:
        fail(fmt.name, "a tracker for another pack was written")
    if path.exists():
        fail(fmt.name, "refusing a tracker for another pack left a file")
    fmt.write(new_tracker(tiny, service="Anytown"), tiny, path)
    try:
        fmt.read(path, PackSet.of([plain]))
    except StructureError as err:
        if tiny.pack.id not in str(err) or plain.pack.id not in str(err):
            fail(fmt.name, f"a pack that is not installed is not named with those installed: {err}")
    else:
        fail(fmt.name, "a tracker for a pack that is not installed was read")


def _typed(column: str, catalogue: Catalogue) -> st.SearchStrategy[str]:
    """What a person might type into a cell of ``column``: good values in several spellings, and bad ones."""
    words = st.text(st.characters(categories=("L", "N")) | st.sampled_from(" -/.,"), max_size=20)
    if column == "status":
        spellings = st.sampled_from(ResponseStatus).flatmap(
            lambda s: st.sampled_from(
                (
                    s.value,
                    s.label,
                    s.label.upper(),
                    s.value.replace("_", " "),
                    s.label.replace(" ", "-"),
                    f" {s.label} ",
                )
            )
        )
        return st.one_of(spellings, words)
    if column in ("due", "updated"):
        days = st.dates()
        return st.one_of(
            days.map(lambda d: d.isoformat()),
            days.map(lambda d: d.strftime("%d/%m/%Y")),
            st.just("2025-02-30"),
            words,
        )
    if column == "recommendation":
        return st.one_of(
            st.sampled_from([r.id for r in catalogue.recommendations]), st.just("99.9"), st.just("")
        )
    return words


def _check_typed_values(
    fmt: TrackerFormat,
    directory: Path,
    every: Sequence[Catalogue],
    packs: PackSet,
    edit: CellEditor,
    max_examples: int,
) -> None:
    editable = [c.key for c in TRACKER_COLUMNS if c.editable or c.key == "recommendation"]

    @examples(max_examples)
    @given(data=st.data())
    def typed_values(data: st.DataObject) -> None:
        catalogue = data.draw(st.sampled_from(every), label="catalogue")
        tracker = data.draw(response_trackers(catalogue, texts=_PLAIN), label="tracker")
        row = data.draw(st.integers(0, len(tracker.entries) - 1), label="row")
        column = data.draw(st.sampled_from(editable), label="column")
        text = data.draw(_typed(column, catalogue), label="typed")
        with scratch(directory, "typed") as folder:
            path = folder / f"tracker{suffix(fmt)}"
            fmt.write(tracker, catalogue, path)
            cell = edit(path, tracker.entries[row].recommendation, column, text)
            reading = fmt.read(path, packs)
        entries, problems = _as_the_core_reads(tracker, catalogue, row, column, text)
        _compare(fmt.name, reading.tracker.entries, reading.problems, entries, problems, cell, column)

    typed_values()


def _as_the_core_reads(
    tracker: ResponseTracker, catalogue: Catalogue, row: int, column: str, text: str
) -> tuple[Sequence[Any], Sequence[CellProblem]]:
    """What :func:`read_entries` makes of the rows with ``text`` typed in (in the cell named ``*``)."""
    rows = [(number, list(tracker_row(e, catalogue))) for number, e in enumerate(tracker.entries, start=2)]
    rows[row][1][_KEYS.index(column)] = text
    edited = (_KEYS.index(column), row + 2)
    return read_entries(
        rows, catalogue, sheet="", cell_name=lambda c, r: "*" if (c, r) == edited else f"{c},{r}"
    )


def _compare(
    name: str,
    got: Sequence[Any],
    problems: Sequence[CellProblem],
    entries: Sequence[Any],
    expected: Sequence[CellProblem],
    cell: str,
    column: str,
) -> None:
    if tuple(got) != tuple(entries):
        fail(name, f"what was typed into {column} was not read as read_entries reads it")
    if [p.message for p in problems] != [p.message for p in expected]:
        fail(
            name,
            f"problems {[p.message for p in problems]}, where read_entries has "
            f"{[p.message for p in expected]}",
        )
    for found, wanted in zip(problems, expected, strict=True):
        if not isinstance(found, CellProblem) or not found.sheet:
            fail(name, f"problem {found!r} is not a CellProblem naming its sheet")
        whole_row = column == "recommendation" and not wanted.message.endswith("it is added blank")
        if not whole_row and found.value != wanted.value:
            fail(name, f"problem {found.message!r} shows the value {found.value!r}, not {wanted.value!r}")
        if wanted.cell == "*" and found.cell != cell:
            fail(
                name, f"problem {found.message!r} names cell {found.cell!r}, not {cell!r} where it was typed"
            )
