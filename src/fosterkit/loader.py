"""Adapter: reading catalogue packs from TOML, from the package's data or from a file.

This module is where pack files are read; the framework classes themselves never touch files.
Built-in packs are cached: the first :func:`load_catalogue` parses and checks the pack, later
calls return the same object. A pack that fails its checks is never cached or half-returned.
"""

from __future__ import annotations

import functools
import os
import sys
from importlib import resources
from pathlib import Path

from fosterkit.convert import catalogue_from_dict
from fosterkit.errors import CatalogueError, Problem
from fosterkit.framework.catalogue import Catalogue

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

__all__ = [
    "DEFAULT_PACK",
    "builtin_packs",
    "load_catalogue",
    "load_catalogue_file",
    "parse_catalogue_toml",
]

#: The pack :func:`load_catalogue` loads when no pack is named.
DEFAULT_PACK = "practice-guide-2026"

_DATA = "data"
_SUFFIX = ".toml"


def _fail(source: str, message: str) -> CatalogueError:
    return CatalogueError([Problem(path="", message=message)], source)


def parse_catalogue_toml(text: str, *, source: str = "<string>") -> Catalogue:
    """Build a catalogue from the text of a TOML pack; ``source`` names it in errors."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise _fail(source, f"not valid TOML: {err}") from None
    return catalogue_from_dict(data, source=source)


def load_catalogue_file(path: str | os.PathLike[str]) -> Catalogue:
    """Read and check a pack from a TOML file."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise _fail(str(file), f"not UTF-8 text ({err.reason} at byte {err.start})") from None
    except OSError as err:
        raise _fail(str(file), f"cannot read the file: {err.strerror or err}") from None
    return parse_catalogue_toml(text, source=str(file))


def builtin_packs() -> tuple[str, ...]:
    """The ids of the packs shipped inside fosterkit, sorted."""
    folder = resources.files("fosterkit").joinpath(_DATA)
    return tuple(
        sorted(entry.name[: -len(_SUFFIX)] for entry in folder.iterdir() if entry.name.endswith(_SUFFIX))
    )


def load_catalogue(pack: str = DEFAULT_PACK) -> Catalogue:
    """The built-in catalogue pack ``pack``, parsed and checked once, then cached."""
    return _load_builtin(pack)


@functools.cache
def _load_builtin(pack: str) -> Catalogue:
    if pack not in builtin_packs():
        raise _fail(pack, f"no built-in pack {pack!r}; available: {', '.join(builtin_packs())}")
    resource = resources.files("fosterkit").joinpath(_DATA, f"{pack}{_SUFFIX}")
    return parse_catalogue_toml(
        resource.read_text(encoding="utf-8"), source=f"fosterkit/{_DATA}/{pack}{_SUFFIX}"
    )
