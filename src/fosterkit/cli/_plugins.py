"""The plugins a command runs with: what they contribute, with each failure shown as a warning."""

from __future__ import annotations

from collections.abc import Iterable

from fosterkit.adapters.installed import installed_taxonomy
from fosterkit.cli._output import warn_failures
from fosterkit.plugins import Plugins
from fosterkit.reasons import Taxonomy, TaxonomyExtension

__all__ = ["command_taxonomy"]


def command_taxonomy(plugins: Plugins, extra: Iterable[TaxonomyExtension] = ()) -> Taxonomy:
    """The taxonomy with ``extra`` and every plugin extension that fits; each one left out is warned about."""
    taxonomy, failures = installed_taxonomy(plugins, extra=extra)
    warn_failures(failures)
    return taxonomy
