"""``fosterkit taxonomy``: the reasons-for-leaving taxonomy as a tree, and checking an extension."""

from __future__ import annotations

import argparse
from typing import Any

from fosterkit.adapters.packs import (
    load_catalogue,
    load_extension_file,
    load_taxonomy,
    load_taxonomy_or_extension_file,
)
from fosterkit.cli._output import emit_json, warn_failures
from fosterkit.cli._plugins import command_taxonomy
from fosterkit.errors import TaxonomyError
from fosterkit.plugins import make_plugin_manager
from fosterkit.reasons import Taxonomy, extend_taxonomy
from fosterkit.serial.forms import taxonomy_to_dict

__all__ = ["add_commands"]


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


def add_commands(commands: Any) -> None:
    """Add ``taxonomy`` (and its ``check`` action) to the command parser."""
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
