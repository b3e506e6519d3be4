"""The stocktake catalogue pack, registered under the entry-point group ``fosterkit``."""

from __future__ import annotations

import functools
from importlib.resources import files

from fosterkit import Catalogue, hookimpl, parse_catalogue_toml

__all__ = ["PACK_ID", "fosterkit_catalogue_packs", "stocktake_pack"]

#: The id of the pack this plugin contributes.
PACK_ID = "stocktake-2018"

_PACKAGE = __package__ or "fosterkit_stocktake"
_PACK_FILE = f"{PACK_ID}.toml"


@functools.cache
def stocktake_pack() -> Catalogue:
    """The stocktake pack, read from the TOML file shipped in this package (parsed once)."""
    text = files(_PACKAGE).joinpath(_PACK_FILE).read_text(encoding="utf-8")
    return parse_catalogue_toml(text, source=f"{_PACKAGE}/{_PACK_FILE}")


@hookimpl
def fosterkit_catalogue_packs() -> list[Catalogue]:
    """The 2018 National Fostering Stocktake pack."""
    return [stocktake_pack()]
