"""A plugin whose hook is interrupted by the user (Ctrl-C)."""

from __future__ import annotations

from collections.abc import Sequence

from fosterkit.plugins import Exporter, hookimpl


@hookimpl
def fosterkit_exporters() -> Sequence[Exporter]:
    """Interrupted before it can answer."""
    raise KeyboardInterrupt
