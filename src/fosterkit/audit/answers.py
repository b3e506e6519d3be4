"""What a service records in the audit tool: answers, focus choices and actions.

Every value here is what a person typed into the audit workbook (or a case system) and is
read back exactly; blank text is ``""`` and a blank date or choice is ``None``.
"""

from __future__ import annotations

import datetime
import enum

from attrs import field, frozen

from fosterkit._util import validators as v

__all__ = ["ActionStatus", "AuditAction", "AuditAnswer", "Position", "PriorityChoice", "PriorityLevel"]


class _Choice(enum.Enum):
    """An enum whose values are the words people pick from a dropdown."""

    @classmethod
    def parse(cls, text: str) -> _Choice:
        """The choice ``text`` names, ignoring case and surrounding spaces; ``ValueError`` if none."""
        wanted = " ".join(text.split()).lower()
        for choice in cls:
            if choice.value == wanted:
                return choice
        allowed = ", ".join(repr(c.value) for c in cls)
        raise ValueError(f"{text!r} is not one of {allowed}")

    @property
    def label(self) -> str:
        """The choice as shown in a dropdown (its value)."""
        return str(self.value)


class Position(_Choice):
    """Where the service stands on a reflective question."""

    NOT_IN_PLACE = "not in place"
    PARTLY_IN_PLACE = "partly in place"
    IN_PLACE = "in place"
    NOT_APPLICABLE = "not applicable"


class PriorityLevel(_Choice):
    """How much a question matters to the service this cycle."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class ActionStatus(_Choice):
    """How far an action has got. Every status but ``done`` is open and carries to the next cycle."""

    NOT_STARTED = "not started"
    IN_PROGRESS = "in progress"
    DONE = "done"
    BLOCKED = "blocked"

    @property
    def is_open(self) -> bool:
        """Whether the action still needs doing."""
        return self is not ActionStatus.DONE


_optional_date = v.instance_of((datetime.date, type(None)))


@frozen(kw_only=True)
class AuditAnswer:
    """A service's answer to one reflective question."""

    question_id: str = field(validator=v.identifier)
    position: Position | None = field(default=None, validator=v.instance_of((Position, type(None))))
    reflections: str = field(default="", validator=v.optional_text)
    """Reflections and evidence, as written."""
    priority: PriorityLevel | None = field(default=None, validator=v.instance_of((PriorityLevel, type(None))))
    owner: str = field(default="", validator=v.optional_text)
    target_date: datetime.date | None = field(default=None, validator=_optional_date)

    @property
    def is_blank(self) -> bool:
        """Whether nothing has been filled in."""
        return (
            self.position is None
            and not self.reflections
            and self.priority is None
            and not self.owner
            and self.target_date is None
        )


@frozen(kw_only=True)
class PriorityChoice:
    """A key principle or recommendation the service considered focusing on, and why."""

    element_id: str = field(validator=v.identifier)
    """The key principle or recommendation (``KP3``, ``R7``)."""
    focus: bool = field(default=False, validator=v.instance_of(bool))
    """Whether it was chosen as a focus for this cycle."""
    rationale: str = field(default="", validator=v.optional_text)
    lead: str = field(default="", validator=v.optional_text)


@frozen(kw_only=True)
class AuditAction:
    """One line of the action plan."""

    action: str = field(validator=v.text)
    link: str | None = field(default=None, validator=v.optional(v.identifier))
    """The key principle or recommendation the action serves, if any."""
    owner: str = field(default="", validator=v.optional_text)
    start: datetime.date | None = field(default=None, validator=_optional_date)
    due: datetime.date | None = field(default=None, validator=_optional_date)
    status: ActionStatus = field(default=ActionStatus.NOT_STARTED, validator=v.instance_of(ActionStatus))
    notes: str = field(default="", validator=v.optional_text)
    """Progress notes."""
    next_check_in: datetime.date | None = field(default=None, validator=_optional_date)
    carried_from: str = field(default="", validator=v.optional_text)
    """The label of the cycle the action was carried forward from, or ``""`` if it is new."""
