"""A framework catalogue: principles, recommendations, themes, grades and reflective questions.

A :class:`Catalogue` is one pack, and it is always consistent: building one with duplicate ids,
unknown tags, themes or grades, or a principle that no question reaches raises
:class:`~fosterkit.errors.CatalogueError` listing every problem. Lookups and queries are
answered from indexes built once, at construction.

Packs differ in what they hold. The Practice Guide has principles, graded recommendations and
reflective questions; the 2018 stocktake has recommendations grouped in themes and nothing
else. Every collection but ``recommendations`` may be empty.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar, cast

from attrs import field, frozen

from fosterkit._util import validators as v
from fosterkit.errors import CatalogueError
from fosterkit.framework.checks import catalogue_problems
from fosterkit.framework.cycle import Lens, Step
from fosterkit.framework.grades import EvidenceGrade, GradeDefinition
from fosterkit.framework.links import CrossLink
from fosterkit.framework.pack import PackInfo
from fosterkit.framework.principles import KeyPrinciple, Recommendation, Theme
from fosterkit.framework.questions import ALL, ALL_RECS, SPECIAL_TAGS, ReflectiveQuestion, Section

__all__ = ["Catalogue", "CoverageMatrix"]

_T = TypeVar("_T")


def _wanted(value: object, parse: Callable[[Any], _T]) -> frozenset[_T] | None:
    """Normalise a filter argument: one value, several values, or ``None`` for no filter."""
    if value is None:
        return None
    values: Iterable[Any] = [value] if isinstance(value, (str, enum.Enum)) else cast(Iterable[Any], value)
    return frozenset(parse(item) for item in values)


@frozen(kw_only=True)
class CoverageMatrix:
    """Which questions touch each key principle and recommendation, after expanding ``ALL`` tags.

    ``rows`` holds the principle and recommendation ids in catalogue order; ``questions`` maps
    each to the ids of the questions that touch it, in catalogue order.
    """

    rows: tuple[str, ...]
    questions: Mapping[str, tuple[str, ...]]
    steps: Mapping[str, Mapping[Step, int]]
    """For each row, how many of its questions fall in each step."""

    def count(self, element_id: str) -> int:
        """How many questions touch ``element_id``."""
        return len(self.questions[element_id])


@frozen(kw_only=True)
class Catalogue:
    """A complete, consistent framework catalogue (one pack)."""

    pack: PackInfo = field(validator=v.instance_of(PackInfo))
    grades: tuple[GradeDefinition, ...] = field(default=(), validator=v.tuple_of(GradeDefinition))
    principles: tuple[KeyPrinciple, ...] = field(default=(), validator=v.tuple_of(KeyPrinciple))
    themes: tuple[Theme, ...] = field(default=(), validator=v.tuple_of(Theme))
    recommendations: tuple[Recommendation, ...] = field(validator=v.tuple_of(Recommendation))
    sections: tuple[Section, ...] = field(default=(), validator=v.tuple_of(Section))
    questions: tuple[ReflectiveQuestion, ...] = field(default=(), validator=v.tuple_of(ReflectiveQuestion))
    links: tuple[CrossLink, ...] = field(default=(), validator=v.tuple_of(CrossLink))
    """Links from this pack's elements to elements of other packs."""

    _principles: Mapping[str, KeyPrinciple] = field(init=False, repr=False, eq=False)
    _recommendations: Mapping[str, Recommendation] = field(init=False, repr=False, eq=False)
    _themes: Mapping[str, Theme] = field(init=False, repr=False, eq=False)
    _sections: Mapping[str, Section] = field(init=False, repr=False, eq=False)
    _questions: Mapping[str, ReflectiveQuestion] = field(init=False, repr=False, eq=False)
    _reach: Mapping[str, frozenset[str]] = field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        problems = catalogue_problems(self)
        if problems:
            raise CatalogueError(problems)
        object.__setattr__(self, "_principles", {p.id: p for p in self.principles})
        object.__setattr__(self, "_recommendations", {r.id: r for r in self.recommendations})
        object.__setattr__(self, "_themes", {t.id: t for t in self.themes})
        object.__setattr__(self, "_sections", {s.id: s for s in self.sections})
        object.__setattr__(self, "_questions", {q.id: q for q in self.questions})
        reach = {q.id: frozenset().union(*map(self.expand_tag, q.tags)) for q in self.questions}
        object.__setattr__(self, "_reach", reach)

    # -- lookups -----------------------------------------------------------------------------

    def principle(self, principle_id: str) -> KeyPrinciple:
        """The key principle with this id; ``KeyError`` naming the known ids if there is none."""
        return _lookup(self._principles, principle_id, "key principle")

    def recommendation(self, recommendation_id: str) -> Recommendation:
        """The recommendation with this id."""
        return _lookup(self._recommendations, recommendation_id, "recommendation")

    def theme(self, theme_id: str) -> Theme:
        """The theme with this id."""
        return _lookup(self._themes, theme_id, "theme")

    def element(self, element_id: str) -> KeyPrinciple | Recommendation | Theme:
        """The principle, recommendation or theme with this id (what a cross-link may point at)."""
        for index in (self._principles, self._recommendations, self._themes):
            if element_id in index:
                return index[element_id]
        raise KeyError(f"{self.pack.id} has no principle, recommendation or theme {element_id!r}")

    @property
    def element_ids(self) -> tuple[str, ...]:
        """Every principle, recommendation and theme id, in that order."""
        return (*self._principles, *self._recommendations, *self._themes)

    def in_theme(self, theme_id: str) -> tuple[Recommendation, ...]:
        """The recommendations in a theme, in catalogue order."""
        self.theme(theme_id)
        return tuple(r for r in self.recommendations if r.theme == theme_id)

    def section(self, section_id: str) -> Section:
        """The section with this id."""
        return _lookup(self._sections, section_id, "section")

    def question(self, question_id: str) -> ReflectiveQuestion:
        """The reflective question with this id."""
        return _lookup(self._questions, question_id, "question")

    def grade_definition(self, grade: EvidenceGrade) -> GradeDefinition:
        """The pack's definition of ``grade``."""
        for definition in self.grades:
            if definition.grade is grade:
                return definition
        raise KeyError(f"the pack does not define the grade {grade.value!r}")

    @property
    def tags(self) -> tuple[str, ...]:
        """Every tag a question may carry: principle ids, recommendation ids, then the special tags."""
        return (*self._principles, *self._recommendations, *SPECIAL_TAGS)

    # -- queries -----------------------------------------------------------------------------

    def expand_tag(self, tag: str) -> frozenset[str]:
        """The principle and recommendation ids a tag stands for (``EDIE`` stands for none)."""
        if tag == ALL:
            return frozenset(self._principles) | frozenset(self._recommendations)
        if tag == ALL_RECS:
            return frozenset(self._recommendations)
        if tag == "EDIE":
            return frozenset()
        if tag in self._principles or tag in self._recommendations:
            return frozenset([tag])
        raise KeyError(f"unknown tag {tag!r}; known tags: {', '.join(self.tags)}")

    def touches(self, question: ReflectiveQuestion | str) -> frozenset[str]:
        """The principle and recommendation ids a question touches, with ``ALL`` tags expanded."""
        question_id = question if isinstance(question, str) else question.id
        self.question(question_id)
        return self._reach[question_id]

    def find_questions(
        self,
        *,
        step: Step | str | Iterable[Step | str] | None = None,
        section: str | Iterable[str] | None = None,
        lens: Lens | str | Iterable[Lens | str] | None = None,
        tag: str | Iterable[str] | None = None,
    ) -> tuple[ReflectiveQuestion, ...]:
        """Questions matching every filter given, in catalogue order.

        Each filter takes one value or several (any of which may match). A principle or
        recommendation id matches the questions that touch it, directly or through ``ALL`` /
        ``ALL RECS``; the special tags ``ALL``, ``ALL RECS`` and ``EDIE`` match questions that
        carry that tag itself. A lens filter leaves out questions that have no lens.
        """
        steps = _wanted(step, Step)
        sections = _wanted(section, self._known_section)
        lenses = _wanted(lens, Lens)
        tags = _wanted(tag, self._known_tag)
        found = []
        for question in self.questions:
            if steps is not None and question.step not in steps:
                continue
            if sections is not None and question.section not in sections:
                continue
            if lenses is not None and question.lens not in lenses:
                continue
            if tags is not None and not any(self._matches(question, t) for t in tags):
                continue
            found.append(question)
        return tuple(found)

    def recommendations_by_grade(
        self, grade: EvidenceGrade | str, *, or_better: bool = False
    ) -> tuple[Recommendation, ...]:
        """Recommendations graded ``grade`` (or, with ``or_better``, at least ``grade``)."""
        wanted = EvidenceGrade(grade)
        return tuple(
            r
            for r in self.recommendations
            if r.grade is wanted or (or_better and r.grade is not None and r.grade > wanted)
        )

    def coverage(self) -> CoverageMatrix:
        """The coverage matrix: which questions touch each principle and recommendation."""
        rows = (*self._principles, *self._recommendations)
        touching: dict[str, list[str]] = {row: [] for row in rows}
        steps: dict[str, dict[Step, int]] = {row: dict.fromkeys(Step, 0) for row in rows}
        for question in self.questions:
            for row in self._reach[question.id]:
                touching[row].append(question.id)
                steps[row][question.step] += 1
        return CoverageMatrix(
            rows=rows,
            questions={row: tuple(ids) for row, ids in touching.items()},
            steps=steps,
        )

    def counts_by_step(self) -> dict[Step, int]:
        """How many questions each step has."""
        counts = dict.fromkeys(Step, 0)
        for question in self.questions:
            counts[question.step] += 1
        return counts

    # -- helpers -------------------------------------------------------------------------------

    def _known_section(self, section_id: str) -> str:
        self.section(section_id)
        return section_id

    def _known_tag(self, tag: str) -> str:
        self.expand_tag(tag)
        return tag

    def _matches(self, question: ReflectiveQuestion, tag: str) -> bool:
        if tag in SPECIAL_TAGS:
            return tag in question.tags
        return tag in self._reach[question.id]


def _lookup(index: Mapping[str, _T], key: str, what: str) -> _T:
    try:
        return index[key]
    except KeyError:
        known = ", ".join(index) if len(index) <= 20 else f"{len(index)} ids"
        raise KeyError(f"no {what} with id {key!r} (known: {known})") from None
