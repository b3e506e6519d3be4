"""What a cross-record check finds: the rules, each problem, and the result with its counts.

See :mod:`fosterkit.interviews.integrity` for the checks themselves.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import TypeAlias

from attrs import field, frozen

__all__ = ["REPORTED_ONLY", "RULES", "SETS_ASIDE", "CheckResult", "Position", "RecordProblem", "where"]

#: Where a record is: a line number (an ``int``, shown as ``line N``) or any other label.
Position: TypeAlias = int | str

#: Rules whose problems make a record unusable for analysis: it is set aside.
SETS_ASIDE: Mapping[str, str] = {
    "invalid_line": "the line is not a valid record",
    "duplicate_id": "another record of the same kind has the same id",
    "missing_departure": "the departure it belongs to is not in the records",
    "reference_set_aside": "a record it belongs to is set aside",
}
#: Rules whose problems are reported but leave the record in use.
REPORTED_ONLY: Mapping[str, str] = {
    "missing_household": "the household it belongs to is not in the records",
    "notice_before_approval": "notice was given before the household was approved",
    "leaving_before_notice": "the leaving date is before notice was given",
    "interview_before_notice": "an interview or appointment is before notice was given",
    "stage_2_without_stage_1": "a stage 2 interview has no stage 1 interview",
    "stage_2_before_stage_1": "a stage 2 interview is not after the stage 1 interview",
    "departure_mismatch": "an exit process's departure differs from the departure record",
    "overlapping_departures": "a household has two departures at the same time",
    "before_approval": "a conversation or post-approval interview is before the household was approved",
}
#: Every rule's code and what it means.
RULES: Mapping[str, str] = {**SETS_ASIDE, **REPORTED_ONLY}


def where(position: Position) -> str:
    """``line N`` for a line number, otherwise the position as given."""
    return f"line {position}" if isinstance(position, int) else str(position)


@frozen(kw_only=True)
class RecordProblem:
    """One rule one record breaks, with its kind, id and position."""

    kind: str
    """The record's kind (``"departure"``), or ``"record"`` for a line that is not a valid record."""
    id: str | None
    position: Position
    rule: str
    """A stable code from :data:`RULES`, such as ``"missing_departure"``."""
    message: str
    """Plain English, naming the other record involved."""
    sets_aside: bool = field(default=False)
    """Whether the record is left out of analysis (see :data:`SETS_ASIDE`)."""

    def describe(self) -> str:
        """``line 7: departure 'DEP-7': its household 'HH-9' is not in the records``."""
        record = self.kind if self.id is None else f"{self.kind} {self.id!r}"
        return f"{where(self.position)}: {record}: {self.message}"


@frozen(kw_only=True)
class CheckResult:
    """Every problem found, in order of position, with counts."""

    problems: tuple[RecordProblem, ...]
    records: int
    """How many records (and lines that are not records) were checked."""
    kinds: Mapping[str, int]
    """How many records of each kind."""
    set_aside: frozenset[Position]
    """The positions of the records left out of analysis."""
    unchecked: tuple[str, ...] = ()
    """Notes on references not checked because the records hold no record of that kind."""

    @property
    def ok(self) -> bool:
        """Whether no problem was found."""
        return not self.problems

    def by_rule(self, *, set_aside: bool | None = None) -> dict[str, int]:
        """How many problems of each rule (only those that set aside, or not, when asked)."""
        counts = Counter(p.rule for p in self.problems if set_aside is None or p.sets_aside is set_aside)
        return dict(sorted(counts.items()))

    def summary(self) -> str:
        """One line: records checked, problems, records set aside."""
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(self.kinds.items())) or "none"
        return (
            f"{self.records} records checked ({kinds}): {len(self.problems)} problem(s), "
            f"{len(self.set_aside)} record(s) set aside"
        )
