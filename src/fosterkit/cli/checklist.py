"""``fosterkit checklist``: what a leaving carer has to do or keep doing, for a letter."""

from __future__ import annotations

import argparse
from typing import Any

from fosterkit.adapters.packs import load_checklist, load_checklist_file
from fosterkit.cli._args import service_name
from fosterkit.cli._output import emit_json
from fosterkit.interviews.checklist import render_checklist
from fosterkit.records import LeavingRoute
from fosterkit.serial.converter import unstructure
from fosterkit.serial.forms import checklist_to_dict

__all__ = ["add_commands"]


def _cmd_checklist(args: argparse.Namespace) -> None:
    checklist = load_checklist_file(args.file) if args.file else load_checklist()
    route = LeavingRoute(args.route) if args.route else None
    if args.json:
        data = checklist_to_dict(checklist)
        if route is not None:
            data["items"] = [unstructure(item) for item in checklist.for_route(route)]
        emit_json(data)
        return
    print(render_checklist(checklist, route, markdown=args.markdown, service=args.service))


def add_commands(commands: Any) -> None:
    """Add ``checklist`` to the command parser."""
    checklist = commands.add_parser(
        "checklist",
        help="what a leaving carer has to do or keep doing, for a letter",
        description=(
            "Print the checklist for leaving carers as plain text for a letter (wrapped at 78 "
            "columns), or as Markdown. --route keeps only the items for that way of leaving; "
            "--file uses a service's own checklist instead of the built-in one."
        ),
    )
    checklist.add_argument(
        "--route", choices=[r.value for r in LeavingRoute], help="only the items for this leaving route"
    )
    checklist.add_argument("--file", metavar="FILE", help="use a checklist from a TOML file instead")
    checklist.add_argument(
        "--service", metavar="NAME", type=service_name, help="the service's name, shown under the title"
    )
    form = checklist.add_mutually_exclusive_group()
    form.add_argument("--markdown", action="store_true", help="print Markdown instead of plain text")
    form.add_argument(
        "--json", action="store_true", help="print JSON for machines (the items for --route only)"
    )
    checklist.set_defaults(run=_cmd_checklist)
