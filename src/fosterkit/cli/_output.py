"""Output helpers shared by the ``fosterkit`` commands: wrapped text and JSON."""

from __future__ import annotations

import json
import shutil
import sys
import textwrap
from collections.abc import Iterable
from typing import Any

from fosterkit.plugins import PluginFailure

__all__ = ["INDENT", "emit_json", "warn", "warn_failures", "wrap"]

INDENT = "    "


def _width() -> int:
    return max(60, min(110, shutil.get_terminal_size((100, 24)).columns))


def wrap(text: str, indent: str = INDENT) -> str:
    """``text`` filled to the terminal's width, every line indented."""
    return textwrap.fill(
        " ".join(text.split()), width=_width(), initial_indent=indent, subsequent_indent=indent
    )


def emit_json(data: Any) -> None:
    """Print ``data`` as indented JSON."""
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def warn(message: str) -> None:
    """A warning for people, on standard error."""
    print(f"fosterkit: warning: {message}", file=sys.stderr)


def warn_failures(failures: Iterable[PluginFailure]) -> None:
    """One warning for each plugin failure or clash."""
    for failure in failures:
        warn(failure.describe())
