"""The Assess / Plan / Do / Review cycle and the two lenses of the Reflective Tool."""

from __future__ import annotations

import enum

__all__ = ["Lens", "Step"]


class Step(enum.Enum):
    """A step of the Assess, Plan, Do, Review cycle. The cycle repeats: after Review, Assess."""

    ASSESS = "assess"
    PLAN = "plan"
    DO = "do"
    REVIEW = "review"

    @property
    def label(self) -> str:
        """The step's name as people write it (``"Assess"``)."""
        return self.value.capitalize()

    @property
    def position(self) -> int:
        """1 for Assess up to 4 for Review."""
        return _ORDER.index(self) + 1

    @property
    def next(self) -> Step:
        """The step that follows this one; Review is followed by Assess."""
        return _ORDER[self.position % len(_ORDER)]

    @property
    def previous(self) -> Step:
        """The step before this one; Assess is preceded by Review."""
        return _ORDER[(self.position - 2) % len(_ORDER)]


_ORDER: tuple[Step, ...] = tuple(Step)


class Lens(enum.Enum):
    """Whose line of enquiry a question belongs to: leaders' strategy, or day-to-day practice."""

    STRATEGIC = "strategic"
    PRACTICE = "practice"

    @property
    def label(self) -> str:
        """The lens's name as people write it (``"Strategic"``)."""
        return self.value.capitalize()
