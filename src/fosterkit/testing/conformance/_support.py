"""What the checks share: which record kinds an offer handles, its options, and what a file shows."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn

from hypothesis import HealthCheck, settings

from fosterkit.plugins import RECORD_KINDS, Exporter, Importer, Option, OptionError, looks_like_formula

#: The record kinds fosterkit itself registers, which the kit has samples and strategies of.
BUILT_IN_KINDS = (
    "household",
    "departure",
    "data_collection_record",
    "exit_process",
    "considering_leaving",
    "post_approval_interview",
    "process_review",
)
#: Lists a written file's raw cell values (every sheet, every row), for the formula checks.
Cells = Callable[[Path], Iterable[object]]
#: What a target holds, in a form that compares equal when nothing changed (a database's dump, say).
Content = Callable[[Path], object]


def fail(offer: str, message: str) -> NoReturn:
    """Raise the :class:`AssertionError` every check raises: the offer's name, then what is wrong."""
    raise AssertionError(f"{offer}: {message}")


def examples(count: int) -> settings:
    """Hypothesis settings for a check that writes files: ``count`` examples, no deadline."""
    return settings(
        max_examples=count,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


def own_folder(directory: Path, check: str) -> Path:
    """A new folder under ``directory`` (made if need be) for one run of a check, whatever else it holds."""
    directory.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{check}-", dir=directory))


@contextlib.contextmanager
def scratch(directory: Path, name: str) -> Iterator[Path]:
    """A new empty folder under ``directory``, removed afterwards (one hypothesis example's files)."""
    folder = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=directory))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def suffix(offer: Any) -> str:
    """The first file suffix the offer names (``.csv``), for the files the kit writes with it."""
    suffixes: Sequence[str] = getattr(offer, "suffixes", ())
    return suffixes[0] if suffixes else ""


def option(offer: Exporter | Importer | Any, name: str) -> Option | None:
    """The offer's option called ``name``, if it takes one."""
    return next((o for o in getattr(offer, "options", ()) if o.name == name), None)


def kind_of(record: object) -> str:
    """The record kind ``record`` is registered as."""
    for name, cls in RECORD_KINDS.items():
        if type(record) is cls:
            return name
    raise TypeError(f"{type(record).__qualname__} is not a registered record kind")


def kinds_for(
    exporter: Exporter,
    kinds: Iterable[str] | None,
    records: Sequence[object] | None,
    sampled: Iterable[str] = BUILT_IN_KINDS,
) -> tuple[str, ...]:
    """The record kinds to check ``exporter`` with: those given, else those of ``records``, else its own.

    An exporter declares the kinds it writes with ``Exporter(kinds=...)``; one with a ``kind``
    option (see :func:`fosterkit.plugins.kind_option`) writes every kind among its choices
    (those the kit has samples of: the built-in kinds). Any other exporter must be told which
    kinds it writes: the kit never guesses one, since a guess would be a kind it may not write.
    """
    if kinds is not None:
        chosen = tuple(dict.fromkeys(kinds))
        unknown = [k for k in chosen if k not in RECORD_KINDS]
        if unknown or not chosen:
            raise ValueError(
                f"kinds={chosen!r}: name one or more registered record kinds ({', '.join(RECORD_KINDS)})"
            )
        return chosen
    if records is not None and records:
        return tuple(dict.fromkeys(kind_of(r) for r in records))
    if exporter.kinds:
        return exporter.kinds
    by_option = option(exporter, "kind")
    if by_option is not None and any(by_option.choices):
        return tuple(k for k in by_option.choices if k in sampled)
    raise TypeError(
        f"{exporter.name}: say which record kinds the exporter writes, as Exporter(kinds=('departure',)) "
        "or check_exporter(..., kinds=('departure',)), or give records=; the kit derives them only "
        "from those or from a 'kind' option with choices"
    )


def in_order(records: Iterable[Any], keyed_by_id: bool) -> list[Any]:
    """Records in the order they are read back: as written, or by id from a store keyed by id."""
    return sorted_by_id(records) if keyed_by_id else list(records)


def sorted_by_id(records: Iterable[Any]) -> list[Any]:
    """Records in the order of their ids, as a store keyed by id reads them back."""
    return sorted(records, key=lambda record: str(record.id))


def read_options(importer: Importer, given: Mapping[str, object], **wanted: object) -> dict[str, object]:
    """The options to read back with: ``wanted`` and the ``given`` export options the importer also takes."""
    chosen = {name: value for name, value in given.items() if option(importer, name) is not None}
    chosen.update({name: value for name, value in wanted.items() if option(importer, name) is not None})
    return chosen


def check_options(offer: Any) -> None:
    """An unknown option, or a value of the wrong type for each option, is refused with OptionError."""
    try:
        offer.resolve_options({"no_such_option_xyz": True})
    except OptionError:
        pass
    else:
        fail(offer.name, "an unknown option was accepted")
    for each in offer.options:
        wrong: object = "not-a-flag" if each.type is not str else 12345
        try:
            offer.resolve_options({each.name: wrong})
        except OptionError:
            continue
        fail(offer.name, f"option {each.name!r} accepted {wrong!r}")


def formula_cells(offer: str, cells: Iterable[object]) -> list[str]:
    """The text cells, after checking that none would be run as a formula by a spreadsheet."""
    texts = [value for value in cells if isinstance(value, str)]
    for value in texts:
        if looks_like_formula(value):
            fail(offer, f"cell {value!r} would be read as a formula")
    return texts


def seen(path: Path, marks: Iterable[str], cells: Cells | None, content: Content | None) -> list[str]:
    """Which of ``marks`` can be seen in what ``path`` holds: its cells, its content, or else its bytes."""
    if cells is not None:
        texts = [v for v in cells(path) if isinstance(v, str)]
        return [mark for mark in marks if any(mark in text for text in texts)]
    if content is not None:
        shown = str(content(path))
        return [mark for mark in marks if mark in shown]
    data = path.read_bytes() if path.is_file() else b""
    return [mark for mark in marks if mark.encode("utf-8") in data]


def files_in(folder: Path) -> list[str]:
    """The names of the files and folders in ``folder``, sorted."""
    return sorted(p.name for p in folder.iterdir())


@contextlib.contextmanager
def temporary_files_in(folder: Path) -> Iterator[Path]:
    """Point :mod:`tempfile` at ``folder`` while the block runs, to see the temporary files a write leaves."""
    folder.mkdir(parents=True, exist_ok=True)
    before = tempfile.tempdir
    tempfile.tempdir = os.fspath(folder)
    try:
        yield folder
    finally:
        tempfile.tempdir = before
