"""The ``fosterkit letter``, ``discussion-guide`` and ``templates`` commands: the documents a service sends.

Letters and the guide are built in the core from the records and a template pack (the
service's own wording, or the built-in one), and written through the document format an
installed plugin offers for the output's suffix (``.docx``: the Word plugin). Nothing is read
until the output has been checked: an existing file is replaced only with ``--force``, and one
of the command's inputs never.
"""

from __future__ import annotations

import argparse
import datetime
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

from fosterkit.adapters.atomic import atomic_write
from fosterkit.adapters.document_files import (
    builtin_template_text,
    document_format_for,
    load_template_pack,
    write_document,
)
from fosterkit.adapters.jsonl import iter_jsonl
from fosterkit.adapters.packs import load_checklist, load_checklist_file, load_policy_file
from fosterkit.adapters.register_files import is_register, read_register
from fosterkit.cli._args import DATE_METAVAR, add_format_option, add_json_option, date_arg, service_name
from fosterkit.cli._output import Outcome, count, one_service, warn, warn_failures
from fosterkit.cli._plugins import command_taxonomy
from fosterkit.cli._progress import progress_bar
from fosterkit.cli._targets import add_force_option, check_targets
from fosterkit.documents import (
    LETTER_KINDS,
    Document,
    TemplatePack,
    checklist_letter,
    discussion_guide,
    explain_letter,
    feedback_letter,
    merge,
    offer_letter,
)
from fosterkit.documents.letters import Subject
from fosterkit.errors import FosterkitError
from fosterkit.interviews import DEFAULT_POLICY, DataCollectionRecord, ExitProcess, ProcessPolicy
from fosterkit.plugins import Plugins, make_plugin_manager
from fosterkit.records import Departure, Household

__all__ = ["add_commands"]


class RecordNotFoundError(FosterkitError):
    """A ``--record`` id that names neither an exit process nor a departure in the records file."""


def _read_records(path: str, plugins: Plugins) -> list[object]:
    """Every record of a JSON Lines file or a register workbook; a register's unread values are warned of."""
    if not is_register(path, plugins):
        with progress_bar(path) as bar:
            return list(iter_jsonl(path, progress=bar))
    reading = read_register(path, plugins=plugins)
    if reading.problems:
        warn(
            f"{path}: {count(len(reading.problems), 'value')} of the register not read, their rows left out; "
            f"run 'fosterkit register read {path} --out FILE' to see each one"
        )
    return list(reading.records)


def _subjects(ids: Sequence[str], records: Iterable[object], source: str) -> list[Subject]:
    """The exit process or departure each id names (a departure's process where it has one)."""
    processes: dict[str, ExitProcess] = {}
    by_departure: dict[str, ExitProcess] = {}
    departures: dict[str, Departure] = {}
    for record in records:
        if isinstance(record, ExitProcess):
            processes.setdefault(record.id, record)
            by_departure.setdefault(record.departure.id, record)
        elif isinstance(record, Departure):
            departures.setdefault(record.id, record)
    found: list[Subject] = []
    for ident in ids:
        subject = processes.get(ident) or by_departure.get(ident) or departures.get(ident)
        if subject is None:
            raise RecordNotFoundError(f"{source}: no exit process or departure with id '{ident}'")
        found.append(subject)
    return found


def _policy(args: argparse.Namespace) -> ProcessPolicy:
    return load_policy_file(args.policy) if args.policy else DEFAULT_POLICY


def _inputs(args: argparse.Namespace, *names: tuple[str, str]) -> list[tuple[str, str | None]]:
    return [(label, getattr(args, dest, None)) for label, dest in names]


def _named(pack: TemplatePack, name: str | None) -> TemplatePack:
    """``pack`` with the service called ``name`` (unchanged for ``None``)."""
    return pack if name is None else attrs.evolve(pack, service=attrs.evolve(pack.service, name=name))


def _service_of(records: Iterable[object], source: str, default: str) -> str:
    """The service every household record names, when they all name the same one, else ``default``."""
    names = (record.service.name for record in records if isinstance(record, Household))
    return one_service(names, source, "the letters call", default)


def _pack(args: argparse.Namespace) -> TemplatePack:
    """The pack chosen, with its logo checked as one more input the output must not replace."""
    pack = _named(load_template_pack(args.templates), args.service)
    if not pack.service.contact.strip():
        warn(f"{pack.source}: [service] gives no contact; the documents will show none (set contact = ...)")
    if pack.service.logo:
        check_targets([], [("the logo", pack.service.logo)], force=True, updated=[("--out", args.out)])
    return pack


def _letter(
    kind: str,
    subject: Subject,
    pack: TemplatePack,
    args: argparse.Namespace,
    policy: ProcessPolicy,
    extra: Any,
) -> Document:
    common: dict[str, Any] = {
        "today": args.today or datetime.date.today(),
        "policy": policy,
        "to": args.to,
    }
    if kind == "offer":
        return offer_letter(subject, pack, **common)
    if kind == "explain":
        return explain_letter(subject, pack, **common)
    if kind == "feedback":
        return feedback_letter(subject, pack, records=extra, **common)
    return checklist_letter(subject, pack, extra, **common)


def _written(outcome: Outcome, args: argparse.Namespace, what: str, details: dict[str, Any]) -> None:
    """Say what was written; the JSON keeps its keys of before (``out`` and ``details``) at the top."""
    outcome.kept.update({"out": str(args.out), **details})
    outcome.summary.update(details)
    outcome.say(f"Wrote {args.out}: {what}")


def _cmd_letter(args: argparse.Namespace) -> None:
    inputs = _inputs(
        args,
        ("--from", "records"),
        ("--templates", "templates"),
        ("--policy", "policy"),
        ("--checklist", "checklist"),
    )
    check_targets([("--out", args.out)], inputs, force=args.force)
    with Outcome("letter", json=args.json) as outcome:
        _letters(args, outcome)


def _letters(args: argparse.Namespace, outcome: Outcome) -> None:
    """Write the letters asked for, and say what was written."""
    plugins = make_plugin_manager()
    warn_failures(plugins.failures)
    document_format = document_format_for(args.out, plugins, args.format_name)
    pack = _pack(args)
    policy = _policy(args)  # a broken policy is reported before the records are read
    checklist = load_checklist_file(args.checklist) if args.checklist else load_checklist()
    records = _read_records(args.records, plugins)
    if args.service is None and args.templates is None:
        pack = _named(pack, _service_of(records, args.records, pack.service.name))
    subjects = _subjects(args.record, records, args.records)
    extra: Any = checklist
    if args.kind == "feedback":
        extra = [record for record in records if isinstance(record, DataCollectionRecord)]
    letters = [_letter(args.kind, subject, pack, args, policy, extra) for subject in subjects]
    write_document(merge(letters), args.out, plugins=plugins, format_name=args.format_name, force=True)
    ids = [subject.id for subject in subjects]
    letters_word = "letter" if len(ids) == 1 else "letters"
    outcome.wrote(args.out, f"{args.kind} {letters_word}")
    _written(
        outcome,
        args,
        f"{len(ids)} {args.kind} {letters_word} ({', '.join(ids)}), as {document_format.name}",
        {"kind": args.kind, "records": ids, "format": document_format.name},
    )


def _cmd_guide(args: argparse.Namespace) -> None:
    inputs = _inputs(args, ("--templates", "templates"), ("--policy", "policy"))
    check_targets([("--out", args.out)], inputs, force=args.force)
    with Outcome("discussion-guide", json=args.json) as outcome:
        plugins = make_plugin_manager()
        warn_failures(plugins.failures)
        document_format = document_format_for(args.out, plugins, args.format_name)
        pack = _pack(args)
        guide = discussion_guide(command_taxonomy(plugins), pack, policy=_policy(args))
        write_document(guide, args.out, plugins=plugins, format_name=args.format_name, force=True)
        outcome.wrote(args.out, "discussion guide")
        _written(
            outcome,
            args,
            f"the discussion guide, as {document_format.name}",
            {"format": document_format.name},
        )


def _cmd_templates(args: argparse.Namespace) -> None:
    check_targets([("--out", args.out)], force=args.force)
    with Outcome("templates", json=args.json) as outcome:
        with atomic_write(args.out) as stream:
            stream.write(builtin_template_text())
        outcome.wrote(args.out, "template pack")
        outcome.say(f"Wrote {args.out}: the built-in template pack; edit it, then pass it with --templates")


def _common(parser: argparse.ArgumentParser, out: str) -> None:
    parser.add_argument("--out", required=True, type=Path, metavar=out, help="the file to write")
    parser.add_argument(
        "--templates",
        metavar="PACK.toml",
        help="the service's template pack (default: the built-in wording; see 'fosterkit templates')",
    )
    parser.add_argument(
        "--service",
        type=service_name,
        metavar="NAME",
        help="the service's name in the documents (default: the pack's; with the built-in pack, "
        "the name the records give, when they all give one)",
    )
    parser.add_argument(
        "--policy", metavar="FILE", help="the service's time limits (TOML), for the stage 2 weeks"
    )
    add_format_option(parser, "document")
    add_force_option(parser)
    add_json_option(parser, "what was written")


def add_commands(commands: Any) -> None:
    """Add ``fosterkit letter``, ``discussion-guide`` and ``templates`` to the command parser."""
    letter = commands.add_parser(
        "letter",
        help="a letter to a leaving carer: the offer, the explanation, 'you said, we did', or the checklist",
        description=(
            "Write a letter for each --record to one file (several records: one letter a page), through "
            "the document format for the --out suffix (.docx with the Word plugin). offer: the "
            "invitation to an exit interview; explain: how the process works and how what carers say "
            "is used; feedback: each of the carer's suggestions in their own words with what the "
            "service will do or why it cannot; checklist: what to sort out on leaving, for the way "
            "they are leaving. Every word comes from the template pack (--templates, or the built-in "
            "one). Records hold no names: the carer is greeted as the pack's greeting unless --to "
            "gives a name."
        ),
    )
    letter.add_argument("kind", choices=LETTER_KINDS, help="which letter")
    letter.add_argument(
        "--record",
        action="append",
        required=True,
        metavar="ID",
        help="an exit process id or a departure id (a departure's process is used where it has one); repeat "
        "for more letters in the same file",
    )
    letter.add_argument(
        "--from",
        dest="records",
        required=True,
        metavar="RECORDS.jsonl",
        help="the records, as JSON Lines or a register workbook (.xlsx)",
    )
    _common(letter, "FILE.docx")
    letter.add_argument(
        "--to", metavar="NAME", help="the name to greet the carer by (default: the pack's greeting)"
    )
    letter.add_argument(
        "--today",
        type=date_arg,
        metavar=DATE_METAVAR,
        help="the date on the letter (default: today)",
    )
    letter.add_argument(
        "--checklist",
        metavar="FILE",
        help="the service's own leaving checklist (TOML), for 'letter checklist'",
    )
    letter.set_defaults(run=_cmd_letter)

    guide = commands.add_parser(
        "discussion-guide",
        help="the interviewer's discussion guide for exit stages 1 and 2, by the taxonomy's themes",
        description=(
            "Write the interviewer's guide for both exit conversations: how to hold them, what to "
            "settle before, a section for each theme of the taxonomy (with installed extensions) with "
            "prompts and the codes to record with, and the second conversation's questions. Every "
            "word comes from the template pack or the taxonomy."
        ),
    )
    _common(guide, "FILE.docx")
    guide.set_defaults(run=_cmd_guide)

    templates = commands.add_parser(
        "templates",
        help="write the built-in template pack to a file, for a service to edit",
        description=(
            "Write the built-in template pack (every word of the letters and the discussion guide) to "
            "--out, for a service to make its own: its name, contact, logo, signatory and wording. "
            "Pass the edited file to 'fosterkit letter' or 'discussion-guide' with --templates."
        ),
    )
    templates.add_argument("--out", required=True, type=Path, metavar="PACK.toml", help="the file to write")
    add_force_option(templates)
    add_json_option(templates, "what was written")
    templates.set_defaults(run=_cmd_templates)
