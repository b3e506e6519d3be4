"""``check_exporter``: what fosterkit promises about every exporter, checked kind by kind."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from fosterkit.plugins import Exporter, ExportError, Importer
from fosterkit.testing.conformance._samples import sample_records
from fosterkit.testing.conformance._support import (
    BUILT_IN_KINDS,
    Cells,
    Content,
    check_options,
    fail,
    files_in,
    formula_cells,
    in_order,
    kind_of,
    kinds_for,
    option,
    own_folder,
    read_options,
    suffix,
    temporary_files_in,
)

#: How many records the memory check writes: a small run, then ten times as many.
_SMALL, _LARGE = 200, 2000


def check_exporter(
    exporter: Exporter,
    directory: Path,
    *,
    kinds: Iterable[str] | None = None,
    records: Iterable[object] | None = None,
    importer: Importer | None = None,
    options: Mapping[str, object] | None = None,
    cells: Cells | None = None,
    content: Content | None = None,
    streaming_records: Callable[[int], Iterable[object]] | None = None,
    keyed_by_id: bool = False,
) -> None:
    """Check ``exporter`` against fosterkit's promises, writing its files in ``directory``.

    Call it from a test: ``check_exporter(my_exporter, tmp_path, kinds=("departure",))``. It
    raises :class:`AssertionError` naming the exporter and what is wrong. For each record kind
    the exporter writes it checks that:

    - options are validated (an unknown option, a value of the wrong type is refused);
    - the number of records written is reported;
    - no cell starts like a formula (with ``cells``, which lists a written file's raw cell values);
    - a record source that fails part-way raises :class:`~fosterkit.plugins.ExportError` naming
      the exporter, leaves an existing target as it was (its bytes, for an atomic exporter; its
      ``content``; what ``importer`` reads from it) and leaves no file behind beside a new target;
    - no temporary file is left (in :func:`tempfile.gettempdir`), whether the export succeeds or fails;
    - memory stays flat as the number of records grows (the records are written as they come);
    - with a ``kind`` option: records of two kinds, or of a kind other than the option names,
      are refused and leave no file, and no records with a kind is a valid, empty target.

    ``kinds`` names the record kinds the exporter writes; without it they are the kinds of
    ``records``, or else every choice of the exporter's ``kind`` option. An exporter of some
    kinds only, without such an option, must name them: the kit never guesses. ``records`` are
    what to export (by default varied :func:`sample_records` of each kind); ``importer`` reads
    the files back, and they must come back equal (in id order with ``keyed_by_id``, for a store
    keyed by record id, such as a database); ``options`` are passed to every export (and to the
    importer, those it takes too); ``streaming_records(n)`` makes ``n`` distinct records for the
    memory check (by default it runs for each kind, with more sample records of the kind).
    """
    directory = own_folder(directory, "check-exporter")
    opts = dict(options or {})
    given = list(records) if records is not None else None
    chosen = kinds_for(exporter, kinds, given)
    check_options(exporter)
    for kind in chosen:
        sample = [r for r in given or () if kind_of(r) == kind] or list(sample_records(kind=kind))
        run = _Run(exporter, directory, kind, opts, importer, content, keyed_by_id)
        target = run.write(sample)
        if cells is not None:
            formula_cells(exporter.name, cells(target))
        run.check_failure(target, sample)
        run.check_new_target_failure(sample)
        if streaming_records is None:
            _check_streaming(
                exporter, directory / f"streaming-{kind}{suffix(exporter)}", _samples_of(kind), opts
            )
    if streaming_records is not None:
        _check_streaming(exporter, directory / f"streaming{suffix(exporter)}", streaming_records, opts)
    if option(exporter, "kind") is not None:
        _check_kind_option(exporter, directory, [k for k in chosen if k in BUILT_IN_KINDS], opts, importer)


@attrs.define
class _Run:
    """Writing one kind's records and checking what happens when writing fails."""

    exporter: Exporter
    directory: Path
    kind: str
    opts: dict[str, Any]
    importer: Importer | None
    content: Content | None
    keyed_by_id: bool

    def read(self, target: Path) -> list[Any]:
        assert self.importer is not None
        return list(self.importer.records(target, **read_options(self.importer, self.opts)))

    def write(self, sample: Sequence[object]) -> Path:
        """Export ``sample`` to a new target, checking the count and (with an importer) the records."""
        name = self.exporter.name
        target = self.directory / f"conformance-{self.kind}{suffix(self.exporter)}"
        with temporary_files_in(self.directory / f"temporary-{self.kind}") as temporary:
            written = self.exporter.export(iter(sample), target, **self.opts)
        if files_in(temporary):
            fail(name, f"an export left temporary files behind: {files_in(temporary)}")
        if written != len(sample):
            fail(name, f"reported {written} records written, not {len(sample)} ({self.kind})")
        if self.importer is not None:
            back = self.read(target)
            expected = in_order(sample, self.keyed_by_id)
            if back != expected:
                first = next(
                    (i for i, (a, b) in enumerate(zip(back, expected, strict=False)) if a != b), None
                )
                fail(
                    name,
                    f"{len(back)} {self.kind} records read back for {len(expected)} written; "
                    f"first difference at record {first}",
                )
        return target

    def _failing_export(self, records: Sequence[object], target: Path, after: int) -> None:
        name = self.exporter.name
        try:
            self.exporter.export(_fails_after(records, after), target, **self.opts)
        except ExportError as err:
            if name not in str(err):
                fail(name, f"the error does not name the exporter: {err}")
        else:
            fail(name, "a failing record source did not raise ExportError")

    def check_failure(self, target: Path, sample: Sequence[object]) -> None:
        """A failure part-way leaves the existing target, and the folder, as they were."""
        name = self.exporter.name
        before_files = files_in(target.parent)
        before_bytes = target.read_bytes() if target.is_file() else None
        before_content = self.content(target) if self.content is not None else None
        before_records = self.read(target) if self.importer is not None else None
        self._failing_export([_renamed(r) for r in sample], target, max(1, len(sample) // 2))
        after_files = files_in(target.parent)
        if after_files != before_files:
            fail(name, f"a failed export left files behind: {after_files} (was {before_files})")
        if self.exporter.atomic and target.read_bytes() != before_bytes:
            fail(name, "a failed export changed the existing file")
        if self.content is not None and self.content(target) != before_content:
            fail(name, "a failed export changed what the target holds (its content)")
        if self.importer is not None and self.read(target) != before_records:
            fail(name, "a failed export changed the records the target holds")

    def check_new_target_failure(self, sample: Sequence[object]) -> None:
        """A failure, at the first record or part-way, leaves no new file and no temporary file."""
        name = self.exporter.name
        for after in (0, max(1, len(sample) // 2)):
            folder = self.directory / f"failing-{self.kind}-{after}"
            folder.mkdir()
            with temporary_files_in(self.directory / f"temporary-{self.kind}-failing-{after}") as temporary:
                self._failing_export(sample, folder / f"new{suffix(self.exporter)}", after)
            left = files_in(folder) + files_in(temporary)
            if left:
                fail(name, f"a failed export to a new target left files behind: {left}")


def _samples_of(kind: str) -> Callable[[int], Iterable[object]]:
    return lambda count: sample_records(count, kind=kind)


def _fails_after(records: Sequence[object], count: int) -> Iterator[object]:
    yield from records[:count]
    raise RuntimeError("the record source failed part-way (conformance check)")


def _renamed(record: Any) -> Any:
    """The record under a new id, so a half-done export would show as a change."""
    return attrs.evolve(record, id=f"{record.id}-X") if attrs.has(type(record)) else record


def _peak(run: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _check_streaming(
    exporter: Exporter, target: Path, make: Callable[[int], Iterable[object]], opts: dict[str, Any]
) -> None:
    exporter.export(make(_SMALL), target, **opts)  # warm up: imports, caches, CPython's free lists
    # The least of a few runs: a one-off allocation (a cache filled, a collection) in one run
    # must neither hide an exporter that holds its records nor blame one that streams.
    peak_small = min(_peak(lambda: exporter.export(make(_SMALL), target, **opts)) for _ in range(3))
    peak_large = min(_peak(lambda: exporter.export(make(_LARGE), target, **opts)) for _ in range(2))
    # Ten times the records may cost at most what the small run cost again (512 KiB at least):
    # an exporter that holds its records grows by about nine times what they take.
    if peak_large - peak_small > max(peak_small, 512 * 1024):
        fail(
            exporter.name,
            f"memory grew with the number of records ({peak_small} bytes at peak for {_SMALL} records, "
            f"{peak_large} for {_LARGE}): write as the records arrive",
        )


def _check_kind_option(
    exporter: Exporter,
    directory: Path,
    kinds: Sequence[str],
    opts: dict[str, Any],
    importer: Importer | None,
) -> None:
    """Records of one kind to a table: mixed kinds and the wrong kind are refused; none is an empty table.

    ``kinds`` are those the kit has samples of.
    """
    name = exporter.name
    plain = {k: v for k, v in opts.items() if k != "kind"}
    for kind in kinds:
        target = directory / f"empty-{kind}{suffix(exporter)}"
        if exporter.export([], target, **plain, kind=kind) != 0:
            fail(name, f"reported records written for no {kind} records")
        if importer is not None:
            back = list(importer.records(target, **read_options(importer, plain, kind=kind)))
            if back:
                fail(name, f"no {kind} records with kind={kind!r} read back as {len(back)} records")
    if len(kinds) < 2:
        return
    first, second = (next(sample_records(1, kind=k)) for k in kinds[:2])
    folder = directory / "mixed-kinds"
    folder.mkdir()
    for records, extra in (([first, second], {}), ([first], {"kind": kinds[1]})):
        try:
            exporter.export(records, folder / f"mixed{suffix(exporter)}", **plain, **extra)
        except ExportError:
            pass
        else:
            what = f"with kind={kinds[1]!r}" if extra else "together"
            fail(name, f"records of kinds {kinds[0]} and {kinds[1]} were written {what}")
    if files_in(folder):
        fail(name, f"refusing records of the wrong kind left files behind: {files_in(folder)}")
