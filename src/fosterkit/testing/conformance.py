"""A conformance kit for exporter plugins: call :func:`check_exporter` from your own tests.

It checks what fosterkit promises about every exporter: options are validated, records come
back equal through the plugin's reader, memory stays flat because records are streamed, a
failure part-way leaves the target as it was, and text a spreadsheet would run as a formula is
neutralised. Each failed check raises :class:`AssertionError` saying what went wrong.
"""

from __future__ import annotations

import datetime
import tracemalloc
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from fosterkit.interviews.record import Answer, DataCollectionRecord, Rating, Suggestion, SupportArea
from fosterkit.interviews.stages import InterviewStage
from fosterkit.plugins.contracts import Exporter, ExportError, Importer, OptionError
from fosterkit.serial.tabular import FORMULA_STARTS

__all__ = ["FORMULA_TEXTS", "check_exporter", "sample_records"]

#: Text that spreadsheets would run as a formula, or that looks like a neutralised cell.
FORMULA_TEXTS = (
    '=HYPERLINK("http://example.invalid","click")',
    "+44 20 7946 0000",
    "-1 for the paperwork",
    "@everyone please read",
    "\tindented with a tab",
    "\rcarriage return first",
    "\uff1dfull-width equals",
    "'already quoted",
    "''twice quoted",
)


def sample_records(count: int = 12, *, start: int = 0) -> Iterator[DataCollectionRecord]:
    """Varied data collection records, made one at a time.

    They hold formula-looking and non-ASCII text, empty answers, every support area, and lists
    of each length.
    """
    areas = list(SupportArea)
    answers = [None, *Answer]
    for n in range(start, start + count):
        texts = FORMULA_TEXTS[n % len(FORMULA_TEXTS)], f"Ça va, {n} — 子供たち"
        yield DataCollectionRecord(
            id=f"DCR-{n:06d}",
            departure_id=f"DEP-{n:06d}",
            stage=InterviewStage.EXIT_STAGE_1 if n % 3 else InterviewStage.EXIT_STAGE_2,
            interviewed_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=n % 900),
            primary_reason="finance.fees_allowances",
            secondary_reasons=("support.training", "wellbeing.burnout")[: n % 3],
            ratings=tuple(Rating(area=a, score=1 + (n + i) % 5) for i, a in enumerate(areas[: n % 9])),
            preventable=answers[n % 4],
            would_have_kept=texts[n % 2],
            foster_again=answers[(n + 1) % 4],
            recommend_fostering=answers[(n + 2) % 4],
            went_well="" if n % 5 == 0 else texts[(n + 1) % 2],
            suggestions=tuple(Suggestion(id=f"S{i}", text=texts[i % 2]) for i in range(n % 3)),
            consent_to_anonymised_use=n % 2 == 0,
        )


def _fails_after(records: Sequence[object], count: int) -> Iterator[object]:
    yield from records[:count]
    raise RuntimeError("the record source failed part-way (conformance check)")


def _peak(run: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _check_options(exporter: Exporter) -> None:
    try:
        exporter.resolve_options({"no_such_option_xyz": True})
    except OptionError:
        pass
    else:
        raise AssertionError(f"{exporter.name}: an unknown option was accepted")
    for option in exporter.options:
        wrong: object = "not-a-flag" if option.type is not str else 12345
        try:
            exporter.resolve_options({option.name: wrong})
        except OptionError:
            continue
        raise AssertionError(f"{exporter.name}: option {option.name!r} accepted {wrong!r}")


def check_exporter(
    exporter: Exporter,
    directory: Path,
    *,
    importer: Importer | None = None,
    records: Iterable[object] | None = None,
    options: Mapping[str, object] | None = None,
    cells: Callable[[Path], Iterable[object]] | None = None,
    streaming_records: Callable[[int], Iterable[object]] | None = None,
) -> None:
    """Check ``exporter`` against fosterkit's promises, writing its files in ``directory``.

    ``importer`` reads the exporter's output back (checked for exact round trips and for a
    failed export leaving the data as it was); ``records`` are what to export (by default
    :func:`sample_records`); ``cells`` lists the raw cell values of a written file, to check
    that no text starts like a formula; ``streaming_records(n)`` makes ``n`` distinct records
    for the memory check (by default more sample records).
    """
    opts = dict(options or {})
    sample = list(records if records is not None else sample_records())
    make = streaming_records or (lambda n: sample_records(n))
    suffix = exporter.suffixes[0] if exporter.suffixes else ".out"
    target = directory / f"conformance{suffix}"
    _check_options(exporter)

    written = exporter.export(iter(sample), target, **opts)
    if written != len(sample):
        raise AssertionError(f"{exporter.name}: reported {written} records written, not {len(sample)}")
    if importer is not None:
        back = list(importer.records(target))
        if back != sample:
            first = next((i for i, (a, b) in enumerate(zip(back, sample, strict=False)) if a != b), None)
            raise AssertionError(
                f"{exporter.name}: {len(back)} records read back for {len(sample)} written; "
                f"first difference at record {first}"
            )
    if cells is not None:
        for value in cells(target):
            if isinstance(value, str) and value and value[0] in FORMULA_STARTS:
                raise AssertionError(f"{exporter.name}: cell {value!r} would be read as a formula")

    _check_failure(exporter, importer, target, sample, opts)
    _check_streaming(exporter, directory / f"streaming{suffix}", make, opts)


def _check_failure(
    exporter: Exporter, importer: Importer | None, target: Path, sample: list[object], opts: dict[str, Any]
) -> None:
    before_files = sorted(p.name for p in target.parent.iterdir())
    before_bytes = target.read_bytes() if target.is_file() else None
    before_records = list(importer.records(target)) if importer is not None else None
    more = [_renamed(r) for r in sample]
    try:
        exporter.export(_fails_after(more, max(1, len(more) // 2)), target, **opts)
    except ExportError as err:
        if exporter.name not in str(err):
            raise AssertionError(f"{exporter.name}: the error does not name the exporter: {err}") from None
    else:
        raise AssertionError(f"{exporter.name}: a failing record source did not raise ExportError")
    after_files = sorted(p.name for p in target.parent.iterdir())
    if after_files != before_files:
        raise AssertionError(
            f"{exporter.name}: a failed export left files behind: {after_files} (was {before_files})"
        )
    if exporter.atomic and target.read_bytes() != before_bytes:
        raise AssertionError(f"{exporter.name}: a failed export changed the existing file")
    if importer is not None and list(importer.records(target)) != before_records:
        raise AssertionError(f"{exporter.name}: a failed export changed what the target holds")


def _renamed(record: Any) -> Any:
    """The record under a new id, so a half-done export would show as a change."""
    return attrs.evolve(record, id=f"{record.id}-X") if attrs.has(type(record)) else record


def _check_streaming(
    exporter: Exporter, target: Path, make: Callable[[int], Iterable[object]], opts: dict[str, Any]
) -> None:
    small, large = 200, 2000
    exporter.export(make(large), target, **opts)  # warm up: imports, caches, CPython's free lists
    peak_small = _peak(lambda: exporter.export(make(small), target, **opts))
    peak_large = _peak(lambda: exporter.export(make(large), target, **opts))
    if peak_large > 2 * peak_small + 512 * 1024:
        raise AssertionError(
            f"{exporter.name}: memory grew with the number of records ({peak_small} bytes at peak for "
            f"{small} records, {peak_large} for {large}): write as the records arrive"
        )
