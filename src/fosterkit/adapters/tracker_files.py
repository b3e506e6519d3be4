"""Making, writing and reading response trackers as files, through whichever format plugin fits.

This is an adapter module: it finds the installed packs and the tracker format for a file's
suffix (``.xlsx`` from fosterkit-excel, ``.csv`` from fosterkit-csv), writes atomically and
reads files back. What a tracker holds is decided in :mod:`fosterkit.tracker`.
"""

from __future__ import annotations

import os
from pathlib import Path

from fosterkit.adapters.atomic import write_beside
from fosterkit.adapters.input_files import file_fault
from fosterkit.adapters.installed import installed_packs
from fosterkit.errors import Problem, StructureError, TrackerError, UnwritableFolderError
from fosterkit.framework.catalogue import Catalogue
from fosterkit.framework.packset import PackSet
from fosterkit.plugins import Plugins, format_for, make_plugin_manager, tracker_formats
from fosterkit.plugins.contracts import TrackerFormat
from fosterkit.tracker import ResponseTracker, TrackerReading, check_fits, new_tracker

__all__ = ["make_tracker_file", "read_tracker", "save_tracker", "tracker_format_for"]

Target = str | os.PathLike[str]


def tracker_format_for(
    path: Target, plugins: Plugins | None = None, format_name: str | None = None
) -> TrackerFormat:
    """The installed tracker format for ``path``'s suffix (``format_name`` chooses on a clash)."""
    manager = plugins or make_plugin_manager()
    found, _ = tracker_formats(manager)
    return format_for(
        found.values(),
        path,
        action="write or read a response tracker",
        kind="response-tracker",
        error=TrackerError,
        install="fosterkit-excel",
        name=format_name,
        builtin=manager.builtin,
    )


def save_tracker(
    tracker: ResponseTracker,
    catalogue: Catalogue,
    target: Target,
    *,
    plugins: Plugins | None = None,
    format_name: str | None = None,
) -> Path:
    """Write ``tracker`` at ``target`` all at once or not at all; returns the path written.

    ``catalogue`` is the pack it answers (its titles and themes are shown beside each entry).
    A failed write leaves any existing file untouched.
    """
    check_fits(tracker, catalogue, complete=True)
    path = Path(target)
    tracker_format = tracker_format_for(path, plugins, format_name)
    try:
        write_beside(path, lambda temp: tracker_format.write(tracker, catalogue, temp))
    except UnwritableFolderError as err:
        raise TrackerError(str(err)) from None
    return path


def read_tracker(
    path: Target, *, packs: PackSet | None = None, plugins: Plugins | None = None
) -> TrackerReading:
    """Read a tracker file back: the tracker, and every value that could not be accepted.

    The pack the file names is looked up in ``packs`` (default: every installed pack).
    """
    source = Path(path)
    fault = file_fault(source)
    if fault is not None:
        raise StructureError([Problem(path="", message=fault, whole_file=True)], os.fspath(source))
    manager = plugins or make_plugin_manager()
    tracker_format = tracker_format_for(source, manager)
    if packs is None:
        packs, _ = installed_packs(manager)
    return tracker_format.read(source, packs)


def make_tracker_file(
    target: Target,
    *,
    pack: str,
    service: str,
    previous: Target | ResponseTracker | None = None,
    plugins: Plugins | None = None,
    format_name: str | None = None,
) -> ResponseTracker:
    """Make a tracker for the installed pack ``pack`` at ``target`` and return it.

    ``previous`` (an earlier tracker for the same pack, or its file) carries each response
    forward; a file with values that could not be read is refused with them listed, since
    those values would otherwise be lost.
    """
    manager = plugins or make_plugin_manager()
    packs, _ = installed_packs(manager)
    try:
        catalogue = packs.get(pack)
    except KeyError as err:
        raise TrackerError(str(err.args[0])) from None
    last = previous
    if previous is not None and not isinstance(previous, ResponseTracker):
        reading = read_tracker(previous, packs=packs, plugins=manager)
        if reading.problems:
            raise TrackerError(
                f"{os.fspath(previous)} has values that could not be read; fix them first: "
                + "; ".join(str(problem) for problem in reading.problems)
            )
        last = reading.tracker
    tracker = new_tracker(
        catalogue, service=service, previous=last if isinstance(last, ResponseTracker) else None
    )
    save_tracker(tracker, catalogue, target, plugins=manager, format_name=format_name)
    return tracker
