"""Every hook a fosterkit plugin can implement. Each hook's docstring is its reference.

Implement a hook with the public marker :data:`fosterkit.hookimpl` and register the module
under the entry-point group ``fosterkit``:

.. code-block:: toml

    [project.entry-points.fosterkit]
    anytown = "anytown_fosterkit.plugin"
"""

from __future__ import annotations

from collections.abc import Sequence

import pluggy

from fosterkit.reasons.extensions import TaxonomyExtension

__all__ = ["PROJECT", "fosterkit_taxonomy_extensions"]

#: The pluggy project name, and the entry-point group plugins are found under.
PROJECT = "fosterkit"

_hookspec = pluggy.HookspecMarker(PROJECT)


@_hookspec
def fosterkit_taxonomy_extensions() -> Sequence[TaxonomyExtension]:  # type: ignore[empty-body]
    """Contribute local reason codes and aliases to the reasons-for-leaving taxonomy.

    Return a sequence of :class:`~fosterkit.reasons.TaxonomyExtension` (often just one). Each
    may add codes under existing parents, which inherit their parent's mappings unless they
    set their own, and aliases, such as the labels your case system uses. An extension may not
    redefine or remove a built-in code; a conflict is reported naming the plugin.
    """
