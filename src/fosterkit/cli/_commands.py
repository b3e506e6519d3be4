"""The table of commands: each command's name, the module that adds it, and its line in ``--help``.

The top-level parser is built from this table alone, so ``fosterkit --help`` and ``--version``
import no command module (nor attrs, cattrs or pluggy); a command's module is imported only
when that command is on the command line. ``tests/test_cli_startup.py`` checks the table
against the modules' own parsers, so neither can drift from the other.
"""

from __future__ import annotations

__all__ = ["COMMANDS", "DISABLE_ENV", "command_module"]

#: The environment variable that leaves plugins out, as :data:`fosterkit.plugins.DISABLE_ENV`
#: (a test checks); repeated here so that ``--help`` loads no plugin machinery.
DISABLE_ENV = "FOSTERKIT_DISABLE_PLUGINS"

#: Every command in the order ``--help`` lists them: its name, then the module under
#: ``fosterkit.cli`` whose ``add_commands`` adds it, and its one-line help. A module's commands
#: are listed together.
COMMANDS: dict[str, tuple[str, str]] = {
    "catalogue": (
        "catalogue",
        "a framework pack: principles, recommendations, themes, grades; --packs lists them",
    ),
    "questions": ("catalogue", "reflective questions, filtered"),
    "coverage": ("catalogue", "which questions touch each principle and recommendation"),
    "links": ("catalogue", "cross-links between frameworks, either way"),
    "taxonomy": ("taxonomy", "the reasons-for-leaving taxonomy"),
    "checklist": ("checklist", "what a leaving carer has to do or keep doing, for a letter"),
    "plugins": ("exchange", "installed plugins, their exporters and importers, and any that failed"),
    "export": ("exchange", "write records from a JSON Lines file with an exporter"),
    "audit-workbook": ("audit", "generate the audit-tool workbook for a new cycle"),
    "audit-read": (
        "audit",
        "read a filled-in audit workbook back (exit 1 if any value cannot be accepted)",
    ),
    "tracker": ("tracker", "a local response tracker for a framework's recommendations"),
    "import": ("imports", "import records from a case system's export or a spreadsheet, through a mapping"),
    "mapping": ("imports", "draft or check an import mapping"),
    "publish": (
        "analysis",
        "aggregate tables safe to publish: no ids, no free text, small counts suppressed",
    ),
    "report": (
        "analysis",
        "the retention report workbook: the published tables, priorities, cost and charts",
    ),
    "share": (
        "analysis",
        "pseudonymise records for sharing (a regional partnership, say) under the service's key",
    ),
    "check": (
        "check",
        "check records across records: references, dates in order, one departure at a time, ids",
    ),
    "process": (
        "process",
        "what is due, process metrics and rule breaches, from JSON Lines or a register workbook",
    ),
    "register": ("register", "the register workbook a team keeps its exit interviews in"),
    "letter": (
        "documents",
        "a letter to a leaving carer: the offer, the explanation, 'you said, we did', or the checklist",
    ),
    "discussion-guide": (
        "documents",
        "the interviewer's discussion guide for exit stages 1 and 2, by the taxonomy's themes",
    ),
    "templates": ("documents", "write the built-in template pack to a file, for a service to edit"),
    "offer": (
        "offer",
        "the support offer: programmes for carers against the recommendations, and the gaps",
    ),
}


def command_module(command: str) -> str:
    """The full name of the module that adds ``command`` (one of :data:`COMMANDS`)."""
    return f"fosterkit.cli.{COMMANDS[command][0]}"
