"""The ``fosterkit`` command: a thin layer over the public API.

Exit codes: 0 success, 1 when ``process check`` finds rule breaches, 2 bad input (a broken pack,
an unknown tag, a wrong option); the message goes to standard error without a traceback. A
reader that stops reading early (``fosterkit import ... | head -1``) does not change the status:
the command finishes, its output going nowhere, and exits as it would have.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TextIO, cast

from fosterkit import __version__
from fosterkit.adapters.packs import (
    load_catalogue,
    load_checklist,
    load_checklist_file,
    load_extension_file,
    load_taxonomy,
    load_taxonomy_or_extension_file,
)
from fosterkit.cli._args import service_name
from fosterkit.cli._output import emit_json, warn_failures
from fosterkit.cli._plugins import command_taxonomy
from fosterkit.cli._targets import stopping_on_terminate
from fosterkit.cli.analysis import add_commands as add_analysis_commands
from fosterkit.cli.audit import add_commands as add_audit_commands
from fosterkit.cli.catalogue import add_commands as add_catalogue_commands
from fosterkit.cli.check import add_commands as add_check_commands
from fosterkit.cli.documents import add_commands as add_document_commands
from fosterkit.cli.exchange import add_commands as add_exchange_commands
from fosterkit.cli.imports import add_commands as add_import_commands
from fosterkit.cli.offer import add_commands as add_offer_commands
from fosterkit.cli.process import add_commands as add_process_commands
from fosterkit.cli.register import add_commands as add_register_commands
from fosterkit.cli.tracker import add_commands as add_tracker_commands
from fosterkit.errors import FosterkitError, TaxonomyError
from fosterkit.interviews.checklist import render_checklist
from fosterkit.plugins import DISABLE_ENV, make_plugin_manager
from fosterkit.plugins.manager import disabling
from fosterkit.reasons import Taxonomy, extend_taxonomy
from fosterkit.records import LeavingRoute
from fosterkit.serial.converter import unstructure
from fosterkit.serial.forms import checklist_to_dict, taxonomy_to_dict

__all__ = ["main"]

# -- fosterkit taxonomy ----------------------------------------------------------------------


def _taxonomy_for(args: argparse.Namespace) -> Taxonomy:
    own = [load_extension_file(path) for path in args.extension or ()]
    if args.no_plugins:
        return load_taxonomy(extensions=own)
    plugins = make_plugin_manager()
    warn_failures(plugins.failures)
    return command_taxonomy(plugins, extra=own)


def _mapping_line(taxonomy: Taxonomy, code: str) -> str:
    resolved = taxonomy.resolve(code)
    parts = [f"national: {resolved.national_category}"]
    if resolved.ssda903_reason:
        parts.append(f"SSDA903 {resolved.ssda903_reason}")
    if resolved.ssda903_ceased:
        parts.append(f"SSDA903 {'/'.join(resolved.ssda903_ceased)}")
    parts.append(f"influence {resolved.influence.value if resolved.influence else '-'}")
    parts.append(resolved.triage.value if resolved.triage else "-")
    if resolved.addressed_by:
        parts.append(" ".join(resolved.addressed_by))
    return "; ".join(parts)


def _cmd_taxonomy(args: argparse.Namespace) -> None:
    if args.action == "check":
        _cmd_taxonomy_check(args)
        return
    taxonomy = _taxonomy_for(args)
    if args.json:
        emit_json(taxonomy_to_dict(taxonomy))
        return
    pack = taxonomy.pack
    print(f"{pack.title} - taxonomy {pack.id}, version {pack.version} (framework {pack.framework})")
    if pack.extended_by:
        print(f"Extended by: {', '.join(pack.extended_by)}")
    leaves = {r.code for r in taxonomy.leaves()}
    for reason in taxonomy.walk():
        indent = "  " * (reason.level - 1)
        status = f"  [retired in {reason.retired}; now {reason.successor}]" if not reason.is_live else ""
        print(f"{indent}{reason.code}  {reason.label}{status}")
        if reason.aliases:
            print(f"{indent}    also known as: {', '.join(reason.aliases)}")
        if reason.code in leaves:
            print(f"{indent}    {_mapping_line(taxonomy, reason.code)}")
    national = taxonomy.national
    if not national.confirmed:
        print(
            f"\nNote: the national categories are a working list (checked {national.checked}), "
            "not yet confirmed against the official return."
        )


def _count(number: int, thing: str, things: str | None = None) -> str:
    return f"{number} {thing if number == 1 else things or thing + 's'}"


def _cmd_taxonomy_check(args: argparse.Namespace) -> None:
    found = load_taxonomy_or_extension_file(args.path)
    if isinstance(found, Taxonomy):
        leaves = _count(len(found.leaves()), "leaf", "leaves")
        print(f"{args.path}: OK - taxonomy {found.pack.id} with {_count(len(found), 'code')}, {leaves}")
        return
    # Checked against the taxonomy as installed: the built-in one with every plugin's extensions
    # that fit, so a code or alias a plugin already has is a conflict here too.
    with_plugins = " and installed plugins" if not args.no_plugins else ""
    base = load_taxonomy() if args.no_plugins else command_taxonomy(make_plugin_manager())
    try:
        merged = extend_taxonomy(base, found, elements=load_catalogue(base.pack.framework).coverage().rows)
    except TaxonomyError as err:
        raise err.with_source(args.path) from None
    aliases = _count(sum(len(a.names) for a in found.aliases), "alias", "aliases")
    print(
        f"{args.path}: OK - extension {found.name!r} adds {_count(len(found.reasons), 'code')} and "
        f"{aliases} to {merged.pack.id}{with_plugins} (now {_count(len(merged), 'code')})"
    )


# -- fosterkit checklist ---------------------------------------------------------------------


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


# -- parser ----------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fosterkit",
        description="Foster-carer exit interviews and the Foster Care Practice Guide framework.",
    )
    parser.add_argument("--version", action="version", version=f"fosterkit {__version__}")
    parser.add_argument(
        "--disable-plugin",
        action="append",
        default=[],
        metavar="NAME",
        help=f"leave out the plugin NAME (repeat for more; scripts can also set {DISABLE_ENV}=NAME,NAME)",
    )
    parser.add_argument(
        "--no-plugins",
        dest="no_installed_plugins",
        action="store_true",
        help="leave out every installed plugin, keeping only fosterkit's built-ins",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    add_catalogue_commands(commands)

    taxonomy = commands.add_parser(
        "taxonomy",
        help="the reasons-for-leaving taxonomy",
        description=(
            "Print the reasons-for-leaving taxonomy as a tree, with each leaf's mappings, including "
            "extensions from installed plugins and from --extension files. 'fosterkit taxonomy check "
            "FILE' validates a local extension (or a whole taxonomy pack) and exits 2 with every error."
        ),
    )
    taxonomy.add_argument("--json", action="store_true", help="print JSON for machines")
    taxonomy.add_argument("--extension", action="append", metavar="FILE", help="merge a local extension file")
    taxonomy.add_argument("--no-plugins", action="store_true", help="leave out extensions from plugins")
    actions = taxonomy.add_subparsers(dest="action", metavar="ACTION")
    check = actions.add_parser("check", help="validate a local extension or taxonomy pack")
    check.add_argument("path", metavar="FILE")
    taxonomy.set_defaults(run=_cmd_taxonomy)

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

    add_exchange_commands(commands)
    add_audit_commands(commands)
    add_tracker_commands(commands)
    add_import_commands(commands)
    add_analysis_commands(commands)
    add_check_commands(commands)

    add_process_commands(commands)
    add_register_commands(commands)
    add_document_commands(commands)
    add_offer_commands(commands)
    return parser


class _Unread:
    """Standard output (or error) that goes quiet, rather than failing, once its reader has gone.

    A write or flush that finds the pipe closed drops the text, and the stream's file descriptor
    is pointed at the null device so that nothing written later, Python's own flush at exit
    included, fails either.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.gone = False
        """Whether the reader left before everything was written."""

    def write(self, text: str) -> int:
        if not self.gone:
            try:
                return self.stream.write(text)
            except BrokenPipeError:
                self._lost()
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        if not self.gone:
            try:
                self.stream.flush()
            except BrokenPipeError:
                self._lost()

    def _lost(self) -> None:
        self.gone = True
        try:
            number = self.stream.fileno()
        except (AttributeError, OSError, ValueError):  # not a real file (a test's capture)
            return
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, number)
        finally:
            os.close(null)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    out, err = _Unread(sys.stdout), _Unread(sys.stderr)
    sys.stdout, sys.stderr = cast(TextIO, out), cast(TextIO, err)
    try:
        return _main(argv)
    finally:
        out.flush()  # here, not at exit, so a reader that left is noticed while it can be
        err.flush()
        sys.stdout, sys.stderr = out.stream, err.stream


def _main(argv: Sequence[str] | None) -> int:
    args = _parser().parse_args(argv)
    run: Callable[[argparse.Namespace], int | None] = args.run
    try:
        with stopping_on_terminate(), disabling(args.disable_plugin, installed=args.no_installed_plugins):
            code = run(args)
    except KeyboardInterrupt:  # the user's Ctrl-C: stop quietly; writes in progress leave no file
        print("fosterkit: interrupted", file=sys.stderr)
        return 130
    except FosterkitError as err:
        print(f"fosterkit: {err}", file=sys.stderr)
        return 2
    except KeyError as err:
        print(f"fosterkit: {err.args[0] if err.args else err}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # a pipe other than standard output and error, which never raise this
        print("fosterkit: stopped: a pipe was closed before everything was written to it", file=sys.stderr)
        return 141  # as a shell reports a process ended by SIGPIPE: the outcome is not known
    except OSError as err:  # a file that could not be read or written, named without a traceback
        where = f"{err.filename}: " if err.filename else ""
        print(f"fosterkit: {where}{err.strerror or err}", file=sys.stderr)
        return 2
    except (RecursionError, MemoryError, OverflowError, ValueError) as err:  # last resort: hostile input
        reasons = {
            RecursionError: "nested too deeply",
            MemoryError: "too large to hold in memory",
            OverflowError: "a number too large to work with",
        }
        text = reasons.get(type(err)) or (str(err).splitlines() or [type(err).__name__])[0][:200]
        print(f"fosterkit: cannot use the input: {text}", file=sys.stderr)
        return 2
    return code or 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
