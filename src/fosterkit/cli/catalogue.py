"""The ``fosterkit catalogue``, ``questions``, ``coverage`` and ``links`` commands, on any installed pack."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from fosterkit.adapters.installed import installed_packs
from fosterkit.adapters.packs import DEFAULT_PACK, load_catalogue_file
from fosterkit.cli._output import INDENT, emit_json, warn, warn_failures, wrap
from fosterkit.framework import Catalogue, Lens, Link, PackSet, ReflectiveQuestion, Step, parse_ref
from fosterkit.framework.principles import Recommendation
from fosterkit.plugins import make_plugin_manager
from fosterkit.serial.converter import unstructure
from fosterkit.serial.forms import catalogue_to_dict

__all__ = ["add_commands", "packs_for"]


def packs_for(args: argparse.Namespace) -> tuple[PackSet, Catalogue]:
    """The installed packs (with a ``--pack-file`` pack among them) and the pack the command is about.

    Plugins that fail, and links that cannot be followed, are reported on standard error.
    """
    plugins = None if getattr(args, "no_plugins", False) else make_plugin_manager()
    packs, failures = installed_packs(plugins)
    warn_failures((*(plugins.failures if plugins else ()), *failures))
    pack_id = args.pack
    if getattr(args, "pack_file", None):
        from_file = load_catalogue_file(args.pack_file)
        packs = PackSet(
            {**packs.packs, from_file.pack.id: from_file},
            {**packs.providers, from_file.pack.id: args.pack_file},
        )
        pack_id = from_file.pack.id
    for dangling in packs.dangling:
        warn(f"cross-link {dangling.describe()}")
    return packs, packs.get(pack_id)


# -- fosterkit catalogue ---------------------------------------------------------------------


def _packs_listing(packs: PackSet, as_json: bool) -> None:
    if as_json:
        emit_json(
            {
                "packs": [
                    {
                        "id": pack_id,
                        "title": catalogue.pack.title,
                        "version": catalogue.pack.version,
                        "publisher": catalogue.pack.publisher,
                        "checked": catalogue.pack.checked.isoformat() if catalogue.pack.checked else None,
                        "provider": packs.providers.get(pack_id, ""),
                        "recommendations": len(catalogue.recommendations),
                        "questions": len(catalogue.questions),
                        "links": len(catalogue.links),
                        "sources": [unstructure(source) for source in catalogue.pack.sources],
                    }
                    for pack_id, catalogue in packs.packs.items()
                ]
            }
        )
        return
    for pack_id, catalogue in packs.packs.items():
        pack = catalogue.pack
        checked = f", checked {pack.checked.isoformat()}" if pack.checked else ""
        print(f"{pack_id}  version {pack.version}{checked}  (from {packs.providers.get(pack_id, '?')})")
        print(f"{INDENT}{pack.title} ({pack.publisher}): {_contents(catalogue)}")
        for source in pack.sources:
            print(wrap(f"source: {source.publisher} ({source.year}), {source.title}. {source.url}".rstrip()))
    print(f"{len(packs.packs)} pack{'' if len(packs.packs) == 1 else 's'} installed")


def _contents(catalogue: Catalogue) -> str:
    parts = [
        (len(catalogue.principles), "key principle"),
        (len(catalogue.recommendations), "recommendation"),
        (len(catalogue.themes), "theme"),
        (len(catalogue.questions), "reflective question"),
        (len(catalogue.links), "cross-link"),
    ]
    return ", ".join(f"{n} {what}{'' if n == 1 else 's'}" for n, what in parts if n)


def _recommendation_lines(catalogue: Catalogue, rec: Recommendation, counts: dict[str, int]) -> list[str]:
    lines = [f"  {rec.id:<5} {rec.title}"]
    details = []
    if rec.grade is not None:
        details.append(rec.grade.label.lower())
    if rec.outcome:
        details.append(f"improves {rec.outcome}")
    if catalogue.questions:
        details.append(f"{counts[rec.id]} questions")
    if details:
        lines.append(f"{INDENT}  {'; '.join(details)}")
    return lines


def _cmd_catalogue(args: argparse.Namespace) -> None:
    packs, catalogue = packs_for(args)
    if args.packs:
        _packs_listing(packs, args.json)
        return
    if args.theme is not None:
        _theme_listing(catalogue, args.theme, args.json)
        return
    if args.json:
        emit_json(catalogue_to_dict(catalogue))
        return
    pack = catalogue.pack
    coverage = catalogue.coverage()
    counts = {row: coverage.count(row) for row in coverage.rows}
    lines = [f"{pack.title} ({pack.publisher}) - pack {pack.id}, version {pack.version}"]
    if catalogue.principles:
        lines += ["", "Key principles"]
        lines += [f"  {principle.id:<5} {principle.title}" for principle in catalogue.principles]
    heading = "Recommendations"
    if catalogue.grades:
        heading += " (evidence grade; questions touching it)"
    if catalogue.themes:
        for theme in catalogue.themes:
            lines += ["", f"{theme.title} [{theme.id}]"]
            for rec in catalogue.in_theme(theme.id):
                lines += _recommendation_lines(catalogue, rec, counts)
    else:
        lines += ["", heading]
        for rec in catalogue.recommendations:
            lines += _recommendation_lines(catalogue, rec, counts)
    if catalogue.grades:
        lines += ["", "Evidence grades (strongest first)"]
        for definition in sorted(catalogue.grades, key=lambda d: d.grade, reverse=True):
            lines.append(f"  {definition.label}")
            lines.append(wrap(definition.definition))
    if catalogue.questions:
        per_step = ", ".join(f"{step.label} {n}" for step, n in catalogue.counts_by_step().items())
        lines += [
            "",
            f"{len(catalogue.questions)} reflective questions ({per_step}): see 'fosterkit questions'.",
        ]
    links = packs.links(pack.id)
    if links:
        others = sorted({link.there.pack for link in links})
        lines += [
            "",
            f"{len(links)} cross-links with {', '.join(others)}: see 'fosterkit links --pack {pack.id}'.",
        ]
    if pack.sources:
        lines += ["", "Sources"]
        lines += [f"  {s.publisher} ({s.year}), {s.title}. {s.url}".rstrip() for s in pack.sources]
    print("\n".join(lines))


def _theme_listing(catalogue: Catalogue, theme_id: str, as_json: bool) -> None:
    theme = catalogue.theme(theme_id)
    found = catalogue.in_theme(theme_id)
    if as_json:
        emit_json({"theme": unstructure(theme), "recommendations": [unstructure(rec) for rec in found]})
        return
    print(f"{theme.title} [{theme.id}] - {catalogue.pack.id}")
    if theme.summary:
        print(wrap(theme.summary, "  "))
    for rec in found:
        print(f"  {rec.id:<5} {rec.title}")
        print(wrap(rec.summary, INDENT + "  "))


# -- fosterkit questions ---------------------------------------------------------------------


def _question_json(
    catalogue: Catalogue, question: ReflectiveQuestion, rows: tuple[str, ...]
) -> dict[str, Any]:
    data: dict[str, Any] = unstructure(question)
    data["section_title"] = catalogue.section(question.section).title
    touched = catalogue.touches(question)
    data["touches"] = [row for row in rows if row in touched]
    return data


def _no_questions(catalogue: Catalogue) -> None:
    if not catalogue.questions:
        print(f"fosterkit: note: pack {catalogue.pack.id} has no reflective questions", file=sys.stderr)


def _cmd_questions(args: argparse.Namespace) -> None:
    _packs, catalogue = packs_for(args)
    _no_questions(catalogue)
    found = catalogue.find_questions(step=args.step, section=args.section, lens=args.lens, tag=args.tag)
    if args.json:
        rows = catalogue.coverage().rows  # principles then recommendations, in catalogue order
        emit_json({"count": len(found), "questions": [_question_json(catalogue, q, rows) for q in found]})
        return
    for question in found:
        section = catalogue.section(question.section)
        lens = f" - {question.lens.value}" if question.lens else ""
        tags = " ".join(question.tags) or "(untagged)"
        print(f"{question.id}  {question.step.label}: {section.title}{lens}  [{tags}]")
        print(wrap(question.text))
    print(f"{len(found)} question{'' if len(found) == 1 else 's'}")


# -- fosterkit coverage ----------------------------------------------------------------------


def _cmd_coverage(args: argparse.Namespace) -> None:
    _packs, catalogue = packs_for(args)
    _no_questions(catalogue)
    coverage = catalogue.coverage()
    if args.json:
        rows = [
            {
                "id": row,
                "count": coverage.count(row),
                "by_step": {step.value: n for step, n in coverage.steps[row].items()},
                "questions": list(coverage.questions[row]),
            }
            for row in coverage.rows
        ]
        emit_json({"rows": rows})
        return
    header = f"  {'':<6}{'total':>6}" + "".join(f"{step.label:>8}" for step in Step)
    print(header)
    for row in coverage.rows:
        by_step = "".join(f"{coverage.steps[row][step]:>8}" for step in Step)
        print(f"  {row:<6}{coverage.count(row):>6}{by_step}")


# -- fosterkit links -------------------------------------------------------------------------


def _link_json(packs: PackSet, link: Link) -> dict[str, Any]:
    return {
        "from": str(link.here),
        "from_title": packs.title(link.here),
        "to": str(link.there),
        "to_title": packs.title(link.there),
        "topic": link.topic,
        "declared_in": link.declared_in,
    }


def _cmd_links(args: argparse.Namespace) -> None:
    packs, catalogue = packs_for(args)
    element = None
    pack_id = catalogue.pack.id
    if args.element is not None:
        try:
            ref = parse_ref(args.element, pack=pack_id)
        except ValueError as err:
            raise KeyError(str(err)) from None
        pack_id, element = ref.pack, ref.id
    links = packs.links(pack_id, element, to_pack=args.to)
    if args.json:
        emit_json({"count": len(links), "links": [_link_json(packs, link) for link in links]})
        return
    current = None
    for link in links:
        if link.here != current:
            current = link.here
            print(f"{link.here}  {packs.title(link.here)}")
        print(f"{INDENT}-> {link.there}  {packs.title(link.there)}")
        print(wrap(f"({link.topic})", INDENT + "   "))
    print(f"{len(links)} link{'' if len(links) == 1 else 's'}")


# -- parser ----------------------------------------------------------------------------------


def _add_pack_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--pack",
        default=DEFAULT_PACK,
        metavar="ID",
        help=f"an installed pack: built in or from a plugin (default {DEFAULT_PACK}); see --packs",
    )
    group.add_argument("--pack-file", metavar="PATH", help="use a catalogue pack from a TOML file instead")
    parser.add_argument("--no-plugins", action="store_true", help="use only the packs built into fosterkit")
    parser.add_argument("--json", action="store_true", help="print JSON for machines")


def add_commands(commands: Any) -> None:
    """Add the catalogue commands to the ``fosterkit`` parser's subcommands."""
    catalogue = commands.add_parser(
        "catalogue",
        help="a framework pack: principles, recommendations, themes, grades; --packs lists them",
        description=(
            "Show a framework pack: its key principles, its recommendations (by theme, with "
            "evidence grades where the framework grades them), the grade definitions and its "
            "sources. --packs lists every installed pack. With --json, the whole pack."
        ),
    )
    _add_pack_options(catalogue)
    catalogue.add_argument(
        "--packs", action="store_true", help="list the installed packs, versions and sources"
    )
    catalogue.add_argument("--theme", metavar="ID", help="only the recommendations of this theme")
    catalogue.set_defaults(run=_cmd_catalogue)

    questions = commands.add_parser(
        "questions",
        help="reflective questions, filtered",
        description=(
            "List reflective questions. Filters combine (a question must match all of them); a "
            "filter given twice matches either value. --tag KP4 also finds questions tagged ALL."
        ),
    )
    _add_pack_options(questions)
    questions.add_argument(
        "--step", action="append", choices=[s.value for s in Step], help="assess, plan, do or review"
    )
    questions.add_argument("--section", action="append", metavar="ID", help="section id, such as 'knowing'")
    questions.add_argument(
        "--lens", action="append", choices=[lens.value for lens in Lens], help="strategic or practice"
    )
    questions.add_argument(
        "--tag", action="append", metavar="TAG", help="KP1-KP8, R1-R7, ALL, 'ALL RECS' or EDIE"
    )
    questions.set_defaults(run=_cmd_questions)

    coverage = commands.add_parser(
        "coverage",
        help="which questions touch each principle and recommendation",
        description=(
            "The coverage matrix: for each key principle and recommendation, how many questions "
            "touch it in each step (ALL and ALL RECS expanded)."
        ),
    )
    _add_pack_options(coverage)
    coverage.set_defaults(run=_cmd_coverage)

    links = commands.add_parser(
        "links",
        help="cross-links between frameworks, either way",
        description=(
            "Where frameworks speak to the same thing: the cross-links of one element "
            "(ELEMENT in --pack, or PACK:ID) or of every element of --pack, found from either end."
        ),
    )
    links.add_argument("element", nargs="?", metavar="ELEMENT", help="an element id (3.7, KP3) or PACK:ID")
    _add_pack_options(links)
    links.add_argument("--to", metavar="PACK", help="only links into this pack")
    links.set_defaults(run=_cmd_links)
