"""The public API: one curated list at the root, topical subpackages for the rest, all documented."""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

import pytest

import fosterkit

ROOT = Path(__file__).resolve().parents[1]

PUBLIC_PACKAGES = (
    "fosterkit",
    "fosterkit.framework",
    "fosterkit.reasons",
    "fosterkit.records",
    "fosterkit.interviews",
    "fosterkit.audit",
    "fosterkit.tracker",
    "fosterkit.analysis",
    "fosterkit.documents",
    "fosterkit.offer",
    "fosterkit.imports",
    "fosterkit.serial",
    "fosterkit.errors",
    "fosterkit.plugins",
    "fosterkit.testing",
)


@pytest.mark.parametrize("package", PUBLIC_PACKAGES)
def test_every_public_name_imports_and_has_a_docstring(package: str) -> None:
    module = importlib.import_module(package)
    assert module.__doc__, package
    names = module.__all__
    assert len(names) == len(set(names)), f"{package}.__all__ repeats a name"
    for name in names:
        value = getattr(module, name)
        if inspect.isclass(value) or inspect.isfunction(value):
            assert (value.__doc__ or "").strip(), f"{package}.{name} has no docstring"


def test_the_root_api_is_one_short_list() -> None:
    assert 40 <= len(fosterkit.__all__) <= 70
    assert "__version__" in fosterkit.__all__


def test_the_api_page_lists_every_root_name_and_no_other() -> None:
    page = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([A-Za-z_]+)` \|", page.split("## `fosterkit.__all__`")[1], re.M))
    assert listed == set(fosterkit.__all__) - {"__version__"}


def test_every_public_package_is_on_the_api_page() -> None:
    page = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    for package in PUBLIC_PACKAGES[1:]:
        assert f"`{package}`" in page, package


def test_names_loaded_on_first_use_are_the_ones_of_their_modules() -> None:
    from fosterkit.adapters import jsonl, packs
    from fosterkit.plugins import hookimpl

    assert fosterkit.read_jsonl is jsonl.read_jsonl
    assert fosterkit.load_catalogue is packs.load_catalogue
    assert fosterkit.hookimpl is hookimpl
    assert isinstance(fosterkit.__version__, str)
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        _ = fosterkit.nothing_here
