"""fosterkit's built-in framework packs (the Foster Care Practice Guide), offered through the plugin door.

Registered from :data:`fosterkit.plugins.DEFAULT_PLUGINS` under the name ``fosterkit``, so a
pack id that a third-party plugin also contributes is a reported clash the built-in wins.
"""

from __future__ import annotations

from collections.abc import Sequence

from fosterkit.adapters.packs import builtin_packs, load_catalogue
from fosterkit.framework.catalogue import Catalogue
from fosterkit.plugins import hookimpl

__all__ = ["fosterkit_catalogue_packs"]


@hookimpl
def fosterkit_catalogue_packs() -> Sequence[Catalogue]:
    """Every framework pack that ships inside fosterkit."""
    return [load_catalogue(pack_id) for pack_id in builtin_packs()]
