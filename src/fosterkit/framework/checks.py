"""The consistency rules a catalogue must satisfy, reported all at once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Protocol

from fosterkit._util import validators as v
from fosterkit.errors import Problem
from fosterkit.framework.questions import SPECIAL_TAGS, reached_by

if TYPE_CHECKING:
    from fosterkit.framework.catalogue import Catalogue

__all__ = ["catalogue_problems"]


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


def _problem(path: str, entry: str, field: str, message: str) -> Problem:
    return Problem(path=path, entry=entry, field=field, message=message)


def _duplicates(collection: str, entries: Sequence[_HasId]) -> Iterator[Problem]:
    for index, entry_id, count in v.repeats([entry.id for entry in entries]):
        yield _problem(
            f"{collection}[{index}].id",
            entry_id,
            "id",
            f"duplicate id {entry_id!r} (used {count} times in {collection})",
        )


def _elements(catalogue: Catalogue) -> tuple[tuple[str, Sequence[_HasId]], ...]:
    return (("principles", catalogue.principles), ("recommendations", catalogue.recommendations))


def _clashes(catalogue: Catalogue) -> Iterator[Problem]:
    seen: dict[str, str] = {}
    for collection, entries in (*_elements(catalogue), ("themes", catalogue.themes)):
        for index, entry in enumerate(entries):
            earlier = seen.setdefault(entry.id, collection)
            if earlier != collection:
                yield _problem(
                    f"{collection}[{index}].id",
                    entry.id,
                    "id",
                    f"id {entry.id!r} is also used in {earlier}; tags and links could not tell them apart",
                )
            if entry.id in SPECIAL_TAGS:
                yield _problem(
                    f"{collection}[{index}].id",
                    entry.id,
                    "id",
                    f"id {entry.id!r} is reserved for a special tag",
                )


def _grades(catalogue: Catalogue) -> Iterator[Problem]:
    defined = Counter(d.grade for d in catalogue.grades)
    for index, definition in enumerate(catalogue.grades):
        if defined[definition.grade] > 1:
            yield _problem(
                f"grades[{index}].grade",
                definition.grade.value,
                "grade",
                f"grade {definition.grade.value!r} is defined more than once",
            )
    for index, rec in enumerate(catalogue.recommendations):
        if rec.grade is None:
            if defined:
                yield _problem(
                    f"recommendations[{index}].grade",
                    rec.id,
                    "grade",
                    "the pack defines evidence grades, so every recommendation needs one",
                )
        elif rec.grade not in defined:
            yield _problem(
                f"recommendations[{index}].grade",
                rec.id,
                "grade",
                f"grade {rec.grade.value!r} has no definition in the pack's grades",
            )


def _themes(catalogue: Catalogue) -> Iterator[Problem]:
    themes = [t.id for t in catalogue.themes]
    used = {rec.theme for rec in catalogue.recommendations}
    for index, rec in enumerate(catalogue.recommendations):
        path = f"recommendations[{index}].theme"
        if rec.theme is None:
            if themes:
                yield _problem(
                    path,
                    rec.id,
                    "theme",
                    f"the pack has themes, so every recommendation needs one of {', '.join(themes)}",
                )
        elif rec.theme not in themes:
            yield _problem(
                path, rec.id, "theme", f"unknown theme {rec.theme!r}; known: {', '.join(themes) or 'none'}"
            )
    for index, theme in enumerate(catalogue.themes):
        if theme.id not in used:
            yield _problem(f"themes[{index}]", theme.id, "id", f"theme {theme.id!r} has no recommendations")


def _links(catalogue: Catalogue) -> Iterator[Problem]:
    elements = {p.id for p in catalogue.principles} | {r.id for r in catalogue.recommendations}
    elements |= {t.id for t in catalogue.themes}
    seen: set[tuple[str, str, str]] = set()
    for index, link in enumerate(catalogue.links):
        path = f"links[{index}]"
        if link.element not in elements:
            yield _problem(
                f"{path}.element",
                link.element,
                "element",
                f"the pack has no element {link.element!r} to link from",
            )
        if link.pack == catalogue.pack.id:
            yield _problem(
                f"{path}.pack", link.element, "pack", "a cross-link goes to another pack, not to this one"
            )
        key = (link.element, link.pack, link.target)
        if key in seen:
            yield _problem(
                path, link.element, "target", f"the link to {link.pack}:{link.target} is given twice"
            )
        seen.add(key)


def _question_links(catalogue: Catalogue) -> Iterator[Problem]:
    sections = {s.id: s for s in catalogue.sections}
    known = [p.id for p in catalogue.principles] + [r.id for r in catalogue.recommendations]
    valid_tags = set(known) | set(SPECIAL_TAGS)
    for index, question in enumerate(catalogue.questions):
        path = f"questions[{index}]"
        section = sections.get(question.section)
        if section is None:
            yield _problem(
                f"{path}.section",
                question.id,
                "section",
                f"unknown section {question.section!r}; known: {', '.join(sections) or 'none'}",
            )
        elif section.step is not question.step:
            yield _problem(
                f"{path}.step",
                question.id,
                "step",
                (
                    f"question is in step {question.step.value!r} but its section "
                    f"{section.id!r} belongs to step {section.step.value!r}"
                ),
            )
        for tag_index, tag in enumerate(question.tags):
            if tag not in valid_tags:
                yield _problem(
                    f"{path}.tags[{tag_index}]",
                    question.id,
                    "tags",
                    f"unknown tag {tag!r}; a tag is one of {', '.join([*known, *SPECIAL_TAGS])}",
                )


def _reach(catalogue: Catalogue) -> Iterator[Problem]:
    if not catalogue.questions and not catalogue.sections:
        return  # a pack of recommendations only: nothing is meant to reach them
    reached = reached_by(
        (tag for question in catalogue.questions for tag in question.tags),
        (p.id for p in catalogue.principles),
        (r.id for r in catalogue.recommendations),
    )
    for collection, entries in _elements(catalogue):
        for index, entry in enumerate(entries):
            if entry.id not in reached:
                yield _problem(
                    f"{collection}[{index}]",
                    entry.id,
                    "id",
                    f"{entry.id!r} is not reached by any question (no question is tagged with it)",
                )


def catalogue_problems(catalogue: Catalogue) -> list[Problem]:
    """Every consistency problem in ``catalogue``, in a stable order; empty when it is sound."""
    found: list[Problem] = []
    collections: Iterable[tuple[str, Sequence[_HasId]]] = (
        ("principles", catalogue.principles),
        ("recommendations", catalogue.recommendations),
        ("themes", catalogue.themes),
        ("sections", catalogue.sections),
        ("questions", catalogue.questions),
    )
    for name, entries in collections:
        found.extend(_duplicates(name, entries))
    found.extend(_clashes(catalogue))
    found.extend(_grades(catalogue))
    found.extend(_themes(catalogue))
    found.extend(_links(catalogue))
    found.extend(_question_links(catalogue))
    found.extend(_reach(catalogue))
    return found
