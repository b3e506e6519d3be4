"""The stocktake pack, reached the way fosterkit reaches it: through the installed entry point.

The plugin module is imported by name rather than with an import statement, so that these tests
read the same whether or not the linter counts ``fosterkit_stocktake`` as first-party.
"""

from __future__ import annotations

import importlib
import importlib.metadata
from itertools import groupby
from types import ModuleType

import pytest

from fosterkit import Catalogue, load_catalogue
from fosterkit.plugins import catalogue_packs, make_plugin_manager

PLUGIN_MODULE = "fosterkit_stocktake.plugin"

PRACTICE_GUIDE = "practice-guide-2026"

THEMES = (
    "effective-fostering",
    "financial-reward",
    "recruitment",
    "commissioning",
    "matching",
    "siblings-contact",
    "permanence",
)

#: How many paragraphs each section, 3 to 9, has.
PARAGRAPHS = {3: 7, 4: 1, 5: 6, 6: 3, 7: 4, 8: 4, 9: 3}

NUMBERS = tuple(f"{section}.{n}" for section, count in PARAGRAPHS.items() for n in range(1, count + 1))


@pytest.fixture(scope="module")
def plugin() -> ModuleType:
    return importlib.import_module(PLUGIN_MODULE)


@pytest.fixture(scope="module")
def pack() -> Catalogue:
    packs, _failures = catalogue_packs(make_plugin_manager())
    return packs["stocktake-2018"]


def test_entry_point_is_installed_and_loads_the_plugin_module(plugin: ModuleType) -> None:
    found = [ep for ep in importlib.metadata.entry_points(group="fosterkit") if ep.name == "stocktake"]
    assert len(found) == 1
    (entry_point,) = found
    assert entry_point.value == PLUGIN_MODULE
    assert entry_point.load() is plugin
    assert entry_point.dist is not None
    assert entry_point.dist.name == "fosterkit-stocktake"


def test_the_hook_returns_the_one_pack(plugin: ModuleType, pack: Catalogue) -> None:
    packs = plugin.fosterkit_catalogue_packs()
    assert len(packs) == 1
    assert isinstance(packs[0], Catalogue)
    assert packs[0] == pack


def test_installed_plugins_contribute_the_pack_without_failures() -> None:
    packs, failures = catalogue_packs(make_plugin_manager())
    assert "stocktake-2018" in packs
    assert not [failure.describe() for failure in failures if failure.plugin == "stocktake"]


def test_the_pack_is_parsed_once(plugin: ModuleType) -> None:
    assert plugin.stocktake_pack() is plugin.stocktake_pack()
    assert plugin.fosterkit_catalogue_packs()[0] is plugin.stocktake_pack()


def test_pack_identity(plugin: ModuleType, pack: Catalogue) -> None:
    assert pack.pack.id == "stocktake-2018" == plugin.PACK_ID
    assert pack.pack.publisher == "Department for Education"
    assert pack.pack.version == "2018.1"
    assert any("fostering-in-england-review" in source.url for source in pack.pack.sources)


def test_28_recommendations_numbered_3_1_to_9_3_in_order(pack: Catalogue) -> None:
    ids = tuple(recommendation.id for recommendation in pack.recommendations)
    assert len(NUMBERS) == 28
    assert ids == NUMBERS
    assert ids[0] == "3.1"
    assert ids[-1] == "9.3"


def test_seven_themes_in_order(pack: Catalogue) -> None:
    assert tuple(theme.id for theme in pack.themes) == THEMES
    for theme in pack.themes:
        assert theme.title
        assert theme.summary


def test_recommendations_are_grouped_by_theme_in_theme_order(pack: Catalogue) -> None:
    runs = tuple(theme for theme, _ in groupby(r.theme for r in pack.recommendations))
    assert runs == THEMES
    for recommendation in pack.recommendations:
        section = int(recommendation.id.split(".")[0])
        assert recommendation.theme == THEMES[section - 3], recommendation.id


def test_every_recommendation_has_a_known_theme_a_title_and_a_summary(pack: Catalogue) -> None:
    for recommendation in pack.recommendations:
        assert recommendation.theme in THEMES
        assert recommendation.title
        assert len(recommendation.title) <= 90, recommendation.id
        assert recommendation.summary


def test_every_theme_is_used(pack: Catalogue) -> None:
    assert {recommendation.theme for recommendation in pack.recommendations} == set(THEMES)


@pytest.mark.parametrize(
    ("element", "target"),
    [("3.7", "KP3"), ("3.7", "R7"), ("5.5", "R7")],
)
def test_required_links_to_the_practice_guide(pack: Catalogue, element: str, target: str) -> None:
    found = [
        link
        for link in pack.links
        if (link.element, link.pack, link.target) == (element, PRACTICE_GUIDE, target)
    ]
    assert len(found) == 1
    assert found[0].topic


def test_links_are_unique_and_resolve(pack: Catalogue) -> None:
    keys = [(link.element, link.pack, link.target) for link in pack.links]
    assert len(keys) == len(set(keys))
    own = {recommendation.id for recommendation in pack.recommendations} | set(THEMES)
    guide = load_catalogue()
    assert guide.pack.id == PRACTICE_GUIDE
    targets = {p.id for p in guide.principles} | {r.id for r in guide.recommendations}
    for link in pack.links:
        assert link.element in own
        assert link.pack == PRACTICE_GUIDE
        assert link.target in targets
        assert link.topic
