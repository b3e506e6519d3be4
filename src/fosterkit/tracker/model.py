"""A local response tracker: how a service answers each recommendation of a framework pack.

Services report to their corporate parenting panels on how their business plan answers each
recommendation of a national framework (the 2018 stocktake, say). A :class:`ResponseTracker`
holds, for every recommendation of one pack, the service's response, the business-plan
action, its owner, a status and the evidence. It is plain data: format plugins lay it out as a
workbook or a CSV file and read it back through :func:`read_entries`, which keeps every value
it cannot accept as a :class:`~fosterkit.audit.CellProblem` naming the sheet, cell and value.
"""

from __future__ import annotations

import datetime
import enum
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from attrs import evolve, field, frozen

from fosterkit._util import validators as v
from fosterkit.errors import CellProblem, FieldError, Problem, StructureError
from fosterkit.framework.catalogue import Catalogue

__all__ = [
    "COLUMNS",
    "ResponseStatus",
    "ResponseTracker",
    "TrackerCell",
    "TrackerColumn",
    "TrackerEntry",
    "TrackerReading",
    "check_fits",
    "column_letter",
    "new_tracker",
    "read_entries",
    "status_by_theme",
    "tracker_row",
]


class ResponseStatus(enum.Enum):
    """Where the service's response to a recommendation stands."""

    NOT_STARTED = "not_started"
    UNDER_REVIEW = "under_review"
    """Needs further analysis before the service decides (Kent's note on reviewing officers)."""
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    IN_PLACE = "in_place"
    """Already done or already the service's practice."""
    NOT_ADOPTED = "not_adopted"
    """The service decided against it; the response says why."""
    FOR_OTHERS = "for_others"
    """For government or other bodies; the service notes it and has no action of its own."""

    @property
    def label(self) -> str:
        """The status as a person writes it: ``"In progress"``."""
        return _LABELS[self]

    @classmethod
    def parse(cls, text: str) -> ResponseStatus:
        """The status ``text`` names, by value or label, ignoring case, spaces, ``-`` and ``_``."""
        key = _key(text)
        for status in cls:
            if key in (_key(status.value), _key(status.label)):
                return status
        known = ", ".join(status.label for status in cls)
        raise ValueError(f"{text!r} is not a status; use one of {known}")


_LABELS = {
    ResponseStatus.NOT_STARTED: "Not started",
    ResponseStatus.UNDER_REVIEW: "Under review",
    ResponseStatus.PLANNED: "Planned",
    ResponseStatus.IN_PROGRESS: "In progress",
    ResponseStatus.IN_PLACE: "In place",
    ResponseStatus.NOT_ADOPTED: "Not adopted",
    ResponseStatus.FOR_OTHERS: "For government or others",
}


def _key(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


@frozen(kw_only=True)
class TrackerEntry:
    """The service's response to one recommendation."""

    recommendation: str = field(validator=v.identifier)
    status: ResponseStatus = field(
        default=ResponseStatus.NOT_STARTED, validator=v.instance_of(ResponseStatus)
    )
    response: str = field(default="", validator=v.optional_text)
    """What the service says about the recommendation."""
    action: str = field(default="", validator=v.optional_text)
    """The business-plan action that answers it."""
    owner: str = field(default="", validator=v.optional_text)
    evidence: str = field(default="", validator=v.optional_text)
    """What shows the action is happening (a survey, a panel report, figures)."""
    due: datetime.date | None = field(default=None, validator=v.instance_of((datetime.date, type(None))))
    updated: datetime.date | None = field(default=None, validator=v.instance_of((datetime.date, type(None))))


def _distinct_entries(_instance: object, _attribute: object, entries: tuple[TrackerEntry, ...]) -> None:
    for _index, rec_id, count in v.repeats([e.recommendation for e in entries]):
        raise FieldError("entries", f"recommendation {rec_id!r} has {count} entries; give it one")


@frozen(kw_only=True)
class ResponseTracker:
    """A service's responses to the recommendations of one pack, in the pack's order."""

    pack: str = field(validator=v.identifier)
    pack_version: str = field(validator=v.text)
    service: str = field(validator=v.text)
    entries: tuple[TrackerEntry, ...] = field(
        validator=[v.instance_of(tuple), v.items(v.instance_of(TrackerEntry)), _distinct_entries]
    )

    def entry(self, recommendation: str) -> TrackerEntry:
        """The entry for a recommendation; ``KeyError`` if the tracker has none."""
        for entry in self.entries:
            if entry.recommendation == recommendation:
                return entry
        raise KeyError(f"the tracker has no entry for recommendation {recommendation!r}")

    def by_status(self) -> dict[ResponseStatus, int]:
        """How many entries have each status, every status listed."""
        counts = Counter(entry.status for entry in self.entries)
        return {status: counts[status] for status in ResponseStatus}

    def problems(self, catalogue: Catalogue, *, complete: bool = True) -> list[Problem]:
        """What does not fit ``catalogue``: another pack, entries for unknown or missing recommendations.

        With ``complete=False``, recommendations without an entry are not counted as problems
        (a tracker being carried forward to a pack that has grown, say).
        """
        found: list[Problem] = []
        if catalogue.pack.id != self.pack:
            found.append(
                Problem(path="pack", message=f"tracker is for {self.pack!r}, not {catalogue.pack.id!r}")
            )
        known = {rec.id for rec in catalogue.recommendations}
        held = {entry.recommendation for entry in self.entries}
        for index, entry in enumerate(self.entries):
            if entry.recommendation not in known:
                message = f"{catalogue.pack.id} has no recommendation {entry.recommendation!r}"
                found.append(Problem(path=f"entries[{index}]", entry=entry.recommendation, message=message))
        for rec in catalogue.recommendations if complete else ():
            if rec.id not in held:
                found.append(Problem(path="entries", entry=rec.id, message="recommendation has no entry"))
        return found


def check_fits(tracker: ResponseTracker, catalogue: Catalogue, *, complete: bool = False) -> None:
    """Refuse (``StructureError``) a tracker for another pack or with entries ``catalogue`` does not have.

    With ``complete=True``, a recommendation without an entry is refused too. Formats write
    incomplete trackers (reading back reports the missing rows); :func:`save_tracker` does not.
    """
    problems = tracker.problems(catalogue, complete=complete)
    if problems:
        raise StructureError(problems, f"response tracker for {tracker.service}")


def new_tracker(
    catalogue: Catalogue, *, service: str, previous: ResponseTracker | None = None
) -> ResponseTracker:
    """A tracker with one entry per recommendation of ``catalogue``, in order.

    With ``previous`` (last year's tracker for the same pack), each recommendation keeps its
    entry. An entry for a recommendation the pack no longer has would be lost, so it is an
    error naming it rather than dropped.
    """
    carried: dict[str, TrackerEntry] = {}
    if previous is not None:
        check_fits(previous, catalogue)
        carried = {entry.recommendation: entry for entry in previous.entries}
    entries = tuple(
        carried.get(rec.id) or TrackerEntry(recommendation=rec.id) for rec in catalogue.recommendations
    )
    return ResponseTracker(
        pack=catalogue.pack.id, pack_version=catalogue.pack.version, service=service, entries=entries
    )


def status_by_theme(tracker: ResponseTracker, catalogue: Catalogue) -> dict[str, dict[ResponseStatus, int]]:
    """For each theme of the pack (``""`` for recommendations without one), entries by status."""
    themes = {rec.id: rec.theme or "" for rec in catalogue.recommendations}
    result: dict[str, dict[ResponseStatus, int]] = {
        t.id: dict.fromkeys(ResponseStatus, 0) for t in catalogue.themes
    }
    for entry in tracker.entries:
        theme = themes.get(entry.recommendation, "")
        result.setdefault(theme, dict.fromkeys(ResponseStatus, 0))[entry.status] += 1
    return result


# -- the tabular form plugins lay out and read back ------------------------------------------


@frozen
class TrackerColumn:
    """A column of the tracker's table: its key, its heading, and whether the service fills it in."""

    key: str
    heading: str
    editable: bool


#: The tracker's columns, in order. Theme and title are shown for reading and not read back.
COLUMNS: tuple[TrackerColumn, ...] = (
    TrackerColumn("recommendation", "Recommendation", False),
    TrackerColumn("theme", "Theme", False),
    TrackerColumn("title", "What it asks", False),
    TrackerColumn("status", "Status", True),
    TrackerColumn("response", "Our response", True),
    TrackerColumn("action", "Business-plan action", True),
    TrackerColumn("owner", "Owner", True),
    TrackerColumn("evidence", "Evidence", True),
    TrackerColumn("due", "Due by", True),
    TrackerColumn("updated", "Last updated", True),
)

_INDEX = {column.key: index for index, column in enumerate(COLUMNS)}

#: A cell's value as a format hands it to :func:`read_entries`.
TrackerCell = str | int | float | bool | datetime.date | datetime.datetime | None


def tracker_row(entry: TrackerEntry, catalogue: Catalogue) -> tuple[str | datetime.date | None, ...]:
    """The values of ``entry``'s row, in :data:`COLUMNS` order (the status by its label)."""
    rec = catalogue.recommendation(entry.recommendation)
    theme = catalogue.theme(rec.theme).title if rec.theme else ""
    return (
        rec.id,
        theme,
        rec.title,
        entry.status.label,
        entry.response,
        entry.action,
        entry.owner,
        entry.evidence,
        entry.due,
        entry.updated,
    )


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index (0 is ``A``, 26 is ``AA``)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _text(value: TrackerCell) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_UK_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _date(value: TrackerCell) -> datetime.date | None:
    """A date cell, or text written 31/03/2027 (day first, as in the UK) or 2027-03-31."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        uk = _UK_DATE.fullmatch(text)
        if uk:
            return datetime.date(int(uk[3]), int(uk[2]), int(uk[1]))
        iso = _ISO_DATE.fullmatch(text)
        if iso:
            return datetime.date(int(iso[1]), int(iso[2]), int(iso[3]))
    raise ValueError(f"{value!r} is not a date")


def read_entries(
    rows: Iterable[tuple[int, Sequence[TrackerCell]]],
    catalogue: Catalogue,
    *,
    sheet: str,
    cell_name: Callable[[int, int], str] | None = None,
) -> tuple[tuple[TrackerEntry, ...], tuple[CellProblem, ...]]:
    """Entries from table rows laid out as :data:`COLUMNS`, and every value that could not be taken.

    ``rows`` gives each row's number and values; ``cell_name(column_index, row)`` names a cell
    in problems (spreadsheet style, ``E12``, by default). A value that cannot be accepted is
    left out of its entry and listed with its cell; a row for an unknown or repeated
    recommendation is listed whole. A recommendation with no row gets a blank entry and a
    problem, so the tracker stays complete. Entries come back in the pack's order.
    """
    name = cell_name or (lambda column, row: f"{column_letter(column)}{row}")
    problems: list[CellProblem] = []
    found: dict[str, TrackerEntry] = {}
    known = {rec.id for rec in catalogue.recommendations}
    last_row = 0
    for row, values in rows:
        last_row = max(last_row, row)
        cells = list(values) + [None] * (len(COLUMNS) - len(values))
        texts = [_text(cell) for cell in cells]
        if not any(texts):
            continue
        rec_id = texts[0]
        if rec_id not in known or rec_id in found:
            whole = " | ".join(text for text in texts if text)
            why = "is given twice" if rec_id in found else f"is not a recommendation of {catalogue.pack.id}"
            message = (
                f"recommendation {rec_id!r} {why}; the row is not read"
                if rec_id
                else "row names no recommendation; it is not read"
            )
            problems.append(CellProblem(sheet=sheet, cell=name(0, row), value=whole, message=message))
            continue
        fields: dict[str, Any] = {}
        for key in ("response", "action", "owner", "evidence"):
            value = cells[_INDEX[key]]
            fields[key] = "" if value is None else _text(value) if not isinstance(value, str) else value
        status_cell = cells[_INDEX["status"]]
        if _text(status_cell):
            try:
                fields["status"] = ResponseStatus.parse(_text(status_cell))
            except ValueError as err:
                problems.append(
                    CellProblem(
                        sheet=sheet,
                        cell=name(_INDEX["status"], row),
                        value=_text(status_cell),
                        message=str(err),
                    )
                )
        for key in ("due", "updated"):
            try:
                fields[key] = _date(cells[_INDEX[key]])
            except ValueError:
                value = _text(cells[_INDEX[key]])
                problems.append(
                    CellProblem(
                        sheet=sheet,
                        cell=name(_INDEX[key], row),
                        value=value,
                        message=f"{value!r} is not a date (write it as 31/03/2027)",
                    )
                )
        entry = TrackerEntry(recommendation=rec_id)
        found[rec_id] = evolve(entry, **fields)
    entries = []
    for rec in catalogue.recommendations:
        if rec.id not in found:
            problems.append(
                CellProblem(
                    sheet=sheet,
                    cell=name(0, last_row + 1),
                    value="",
                    message=f"recommendation {rec.id} has no row; it is added blank",
                )
            )
        entries.append(found.get(rec.id) or TrackerEntry(recommendation=rec.id))
    return tuple(entries), tuple(problems)


@frozen(kw_only=True)
class TrackerReading:
    """A tracker read back from a file: the tracker, every value that could not be accepted, and notes.

    ``notes`` say what was read in a way the file was not written but that does no harm (a
    column added or moved, found by its header); they do not make the reading less ``ok``.
    """

    tracker: ResponseTracker
    problems: tuple[CellProblem, ...] = ()
    notes: tuple[str, ...] = field(default=(), validator=[v.instance_of(tuple), v.items(v.instance_of(str))])

    @property
    def ok(self) -> bool:
        """Whether every value was accepted."""
        return not self.problems
