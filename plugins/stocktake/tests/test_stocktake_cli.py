"""The stocktake pack through fosterkit's public check and its commands, as a service would use it."""

from __future__ import annotations

import json

import pytest

from fosterkit import Catalogue
from fosterkit.adapters.installed import installed_packs
from fosterkit.cli import main
from fosterkit.framework import PackSet
from fosterkit.plugins import make_plugin_manager
from fosterkit.testing import check_catalogue


@pytest.fixture(scope="module")
def packs() -> PackSet:
    found, failures = installed_packs(make_plugin_manager())
    assert failures == ()
    return found


@pytest.fixture(scope="module")
def stocktake(packs: PackSet) -> Catalogue:
    return packs.get("stocktake-2018")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_pack_keeps_fosterkits_invariants(stocktake: Catalogue) -> None:
    checked = check_catalogue(stocktake)
    assert checked is stocktake
    assert stocktake.grades == ()
    assert all(rec.grade is None for rec in stocktake.recommendations)


def test_links_are_answered_from_both_ends(packs: PackSet) -> None:
    assert packs.dangling == ()
    to_guide = {(str(link.here), str(link.there)) for link in packs.links("stocktake-2018")}
    from_guide = {
        (str(link.there), str(link.here))
        for link in packs.links("practice-guide-2026", to_pack="stocktake-2018")
    }
    assert to_guide == from_guide
    assert len(to_guide) == len(packs.get("stocktake-2018").links)


def test_packs_listing_names_the_plugin(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "catalogue", "--packs", "--json")
    assert (code, err) == (0, "")
    listed = {p["id"]: p for p in json.loads(out)["packs"]}
    assert listed["stocktake-2018"]["provider"] == "stocktake"
    assert listed["stocktake-2018"]["version"] == "2018.1"
    assert listed["stocktake-2018"]["recommendations"] == 28
    assert listed["stocktake-2018"]["sources"][0]["publisher"] == "Department for Education"


def test_catalogue_by_theme(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "catalogue", "--pack", "stocktake-2018")
    assert code == 0
    assert (
        out.index("Recruitment [recruitment]")
        < out.index("  5.5 ")
        < out.index("Commissioning [commissioning]")
    )
    assert "Evidence grades" not in out
    assert "10 cross-links with practice-guide-2026" in out
    code, out, _ = run(capsys, "catalogue", "--pack", "stocktake-2018", "--theme", "permanence", "--json")
    assert [r["id"] for r in json.loads(out)["recommendations"]] == ["9.1", "9.2", "9.3"]


def test_links_from_the_command_line_both_ways(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "links", "3.7", "--pack", "stocktake-2018", "--json")
    assert code == 0
    assert [link["to"] for link in json.loads(out)["links"]] == [
        "practice-guide-2026:KP2",
        "practice-guide-2026:KP3",
        "practice-guide-2026:R7",
    ]
    code, out, _ = run(capsys, "links", "practice-guide-2026:R7", "--json")
    assert [link["to"] for link in json.loads(out)["links"]] == ["stocktake-2018:3.7", "stocktake-2018:5.5"]


def test_questions_on_the_stocktake(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "questions", "--pack", "stocktake-2018")
    assert (code, out) == (0, "0 questions\n")
    assert "has no reflective questions" in err
