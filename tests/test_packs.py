"""Packs beyond the Practice Guide: themes, ungraded recommendations, cross-links and installed packs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fosterkit import load_catalogue
from fosterkit.adapters.installed import installed_packs
from fosterkit.cli import main
from fosterkit.errors import CatalogueError
from fosterkit.framework import (
    Catalogue,
    CrossLink,
    ElementRef,
    PackInfo,
    PackSet,
    Recommendation,
    Theme,
    parse_ref,
)
from fosterkit.plugins import hookimpl, make_plugin_manager
from fosterkit.serial.forms import catalogue_from_dict, catalogue_to_dict
from fosterkit.testing import check_catalogue
from fosterkit.testing import strategies as fks

GUIDE = load_catalogue()

REGIONAL = """
schema_version = 1

[pack]
id = "anyshire-2027"
title = "Anyshire carer support framework"
version = "2027.1"
publisher = "Anyshire partnership"

[[themes]]
id = "support"
title = "Support"

[[themes]]
id = "retention"
title = "Keeping carers"
summary = "Learning why carers leave."

[[recommendations]]
id = "A1"
theme = "support"
title = "Run a peer group in every district"
summary = "Each district hosts a monthly carers' group led by an experienced carer."

[[recommendations]]
id = "A2"
theme = "retention"
title = "Offer every leaving carer an exit interview"
summary = "Interviews are offered at leaving and again some weeks later."

[[links]]
element = "A1"
pack = "practice-guide-2026"
target = "KP3"
topic = "peer support"

[[links]]
element = "A2"
pack = "practice-guide-2026"
target = "R7"
topic = "retention"
"""


def _regional() -> dict[str, Any]:
    catalogue = catalogue_from_dict(_toml(REGIONAL))
    return catalogue_to_dict(catalogue)


def _toml(text: str) -> dict[str, Any]:
    import tomllib

    return tomllib.loads(text)


def _problems(data: dict[str, Any]) -> list[tuple[str | None, str | None, str]]:
    with pytest.raises(CatalogueError) as caught:
        catalogue_from_dict(data)
    return [(p.entry, p.field, p.message) for p in caught.value.problems]


# -- the model -----------------------------------------------------------------------------------


def test_a_themed_pack_needs_no_principles_grades_or_questions() -> None:
    catalogue = catalogue_from_dict(_toml(REGIONAL))
    assert catalogue.principles == ()
    assert catalogue.questions == ()
    assert catalogue.grades == ()
    assert [r.id for r in catalogue.in_theme("retention")] == ["A2"]
    assert catalogue.element("support").title == "Support"
    assert catalogue.element_ids == ("A1", "A2", "support", "retention")
    assert catalogue.recommendation("A1").grade is None
    with pytest.raises(KeyError, match="no principle, recommendation or theme 'Z9'"):
        catalogue.element("Z9")


@pytest.mark.parametrize(
    ("change", "entry", "field", "message"),
    [
        (lambda d: d["recommendations"][0].update(theme="nowhere"), "A1", "theme", "unknown theme 'nowhere'"),
        (lambda d: d["recommendations"][0].pop("theme"), "A1", "theme", "needs one of support, retention"),
        (
            lambda d: d["recommendations"][1].update(theme="support"),
            "retention",
            "id",
            "has no recommendations",
        ),
        (lambda d: d["links"][0].update(element="B9"), "B9", "element", "no element 'B9' to link from"),
        (lambda d: d["links"][0].update(pack="anyshire-2027"), "A1", "pack", "goes to another pack"),
        (lambda d: d["links"].append(dict(d["links"][0])), "A1", "target", "is given twice"),
        (lambda d: d["themes"][0].update(id="A1"), "A1", "id", "also used in recommendations"),
        (
            lambda d: d.update(grades=[{"grade": "strong", "label": "Strong", "definition": "x"}]),
            "A1",
            "grade",
            "every recommendation needs one",
        ),
    ],
)
def test_inconsistent_packs_are_refused_naming_the_entry(
    change: Any, entry: str, field: str, message: str
) -> None:
    data = _regional()
    change(data)
    found = _problems(data)
    assert any(e == entry and f == field and message in m for e, f, m in found), found


def test_the_practice_guide_still_requires_grades_and_reach() -> None:
    data = catalogue_to_dict(GUIDE)
    del data["recommendations"][0]["grade"]
    assert any(f == "grade" and "needs one" in m for _, f, m in _problems(data))


@settings(max_examples=40, deadline=None)
@given(fks.recommendation_packs(links_to=GUIDE))
def test_generated_themed_packs_pass_the_public_check(catalogue: Catalogue) -> None:
    check_catalogue(catalogue)
    again = catalogue_from_dict(json.loads(json.dumps(catalogue_to_dict(catalogue))))
    assert again == catalogue


# -- cross-links both ways -------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(fks.recommendation_packs(links_to=GUIDE), st.data())
def test_every_link_is_found_from_both_ends(catalogue: Catalogue, data: st.DataObject) -> None:
    packs = PackSet.of([GUIDE, catalogue])
    assert packs.dangling == ()
    declared = {(link.element, link.target) for link in catalogue.links}
    forward = {(link.here.id, link.there.id) for link in packs.links(catalogue.pack.id)}
    backward = {
        (link.there.id, link.here.id) for link in packs.links(GUIDE.pack.id, to_pack=catalogue.pack.id)
    }
    assert forward == backward == declared
    if catalogue.links:
        link = data.draw(st.sampled_from(catalogue.links))
        found = packs.links(GUIDE.pack.id, link.target)
        assert any(
            other.there == ElementRef(pack=catalogue.pack.id, id=link.element) and other.topic == link.topic
            for other in found
        )
        assert all(o.declared_in == catalogue.pack.id for o in found if o.there.pack == catalogue.pack.id)


def test_links_that_cannot_be_followed_are_kept_and_reported() -> None:
    data = _regional()
    data["links"].append({"element": "A2", "pack": "not-installed", "target": "X1", "topic": "t"})
    data["links"].append({"element": "A1", "pack": "practice-guide-2026", "target": "KP99", "topic": "t"})
    regional = catalogue_from_dict(data)
    packs = PackSet.of([GUIDE, regional])
    reasons = sorted(d.describe() for d in packs.dangling)
    assert reasons == [
        "anyshire-2027:A1 -> practice-guide-2026:KP99: "
        "pack 'practice-guide-2026' (version 2026.1) has no element 'KP99'",
        "anyshire-2027:A2 -> not-installed:X1: pack 'not-installed' is not installed",
    ]
    assert {str(link.there) for link in packs.links("anyshire-2027")} == {
        "practice-guide-2026:KP3",
        "practice-guide-2026:R7",
    }
    with pytest.raises(AssertionError, match="cross-link anyshire-2027:A2 -> not-installed:X1"):
        check_catalogue(regional)


def test_link_queries_name_what_is_unknown() -> None:
    packs = PackSet.of([GUIDE])
    with pytest.raises(KeyError, match="no pack 'nope' is installed; installed: practice-guide-2026"):
        packs.links("nope")
    with pytest.raises(KeyError, match="no principle, recommendation or theme 'KP0'"):
        packs.links("practice-guide-2026", "KP0")
    with pytest.raises(ValueError, match="given twice"):
        PackSet.of([GUIDE, GUIDE])


@pytest.mark.parametrize(
    ("text", "pack", "expected"),
    [
        ("stocktake-2018:3.7", None, ("stocktake-2018", "3.7")),
        ("KP3", "practice-guide-2026", ("practice-guide-2026", "KP3")),
    ],
)
def test_parse_ref(text: str, pack: str | None, expected: tuple[str, str]) -> None:
    ref = parse_ref(text, pack=pack)
    assert (ref.pack, ref.id) == expected


def test_parse_ref_without_a_pack_says_how_to_write_it() -> None:
    with pytest.raises(ValueError, match="write it as pack:id"):
        parse_ref("KP3")
    with pytest.raises(ValueError, match="not an element reference"):
        parse_ref("a:b c")


# -- installed packs -------------------------------------------------------------------------------


def _pack(pack_id: str, *, links: bool = True) -> Catalogue:
    return Catalogue(
        pack=PackInfo(id=pack_id, title="T", version="1", publisher="P"),
        themes=(Theme(id="t", title="T"),),
        recommendations=(Recommendation(id="r1", title="R", summary="S", theme="t"),),
        links=(CrossLink(element="r1", pack="practice-guide-2026", target="KP1", topic="x"),)
        if links
        else (),
    )


def test_installed_packs_join_plugin_packs_and_refuse_taken_ids() -> None:
    class Ours:
        @staticmethod
        @hookimpl
        def fosterkit_catalogue_packs() -> list[Catalogue]:
            return [_pack("regional"), _pack("practice-guide-2026", links=False)]

    plugins = make_plugin_manager(load_entrypoints=False, extra=[("ours", Ours)])
    packs, failures = installed_packs(plugins)
    assert list(packs.packs) == ["practice-guide-2026", "regional"]
    assert packs.providers == {"practice-guide-2026": "fosterkit", "regional": "ours"}
    assert packs.get("practice-guide-2026") is GUIDE
    assert [f.error for f in failures] == [
        "catalogue pack 'practice-guide-2026' is built into fosterkit; this one is ignored"
    ]
    assert [str(link.there) for link in packs.links("practice-guide-2026", "KP1")] == ["regional:r1"]


# -- the command line --------------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def regional_file(tmp_path: Path) -> Path:
    path = tmp_path / "anyshire.toml"
    path.write_text(REGIONAL, encoding="utf-8")
    return path


def test_catalogue_shows_a_themed_pack(capsys: pytest.CaptureFixture[str], regional_file: Path) -> None:
    code, out, err = run(capsys, "catalogue", "--pack-file", str(regional_file), "--no-plugins")
    assert (code, err) == (0, "")
    assert (
        "Anyshire carer support framework (Anyshire partnership) - pack anyshire-2027, version 2027.1" in out
    )
    assert "Keeping carers [retention]\n  A2    Offer every leaving carer an exit interview" in out
    assert "Key principles" not in out
    assert "Evidence grades" not in out
    assert "questions" not in out
    assert "2 cross-links with practice-guide-2026: see 'fosterkit links --pack anyshire-2027'." in out


def test_catalogue_theme_filter(capsys: pytest.CaptureFixture[str], regional_file: Path) -> None:
    code, out, _ = run(
        capsys, "catalogue", "--pack-file", str(regional_file), "--theme", "retention", "--json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["theme"]["title"] == "Keeping carers"
    assert [r["id"] for r in data["recommendations"]] == ["A2"]
    code, _, err = run(capsys, "catalogue", "--pack-file", str(regional_file), "--theme", "nope")
    assert code == 2
    assert "no theme with id 'nope'" in err


def test_catalogue_packs_lists_versions_and_sources(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "catalogue", "--packs", "--no-plugins", "--json")
    assert code == 0
    (guide,) = json.loads(out)["packs"]
    assert (guide["id"], guide["version"], guide["provider"]) == (
        "practice-guide-2026",
        "2026.1",
        "fosterkit",
    )
    assert guide["questions"] == 134
    assert len(guide["sources"]) == 2
    code, out, _ = run(capsys, "catalogue", "--packs", "--no-plugins")
    assert "practice-guide-2026  version 2026.1, checked 2026-11-23  (from fosterkit)" in out
    assert out.rstrip().endswith("1 pack installed")


def test_links_both_ways_from_the_command_line(
    capsys: pytest.CaptureFixture[str], regional_file: Path
) -> None:
    code, out, _ = run(capsys, "links", "A1", "--pack-file", str(regional_file), "--no-plugins")
    assert code == 0
    assert "anyshire-2027:A1  Run a peer group in every district\n    -> practice-guide-2026:KP3" in out
    assert out.rstrip().endswith("1 link")
    code, out, _ = run(
        capsys, "links", "practice-guide-2026:R7", "--pack-file", str(regional_file), "--json", "--no-plugins"
    )
    assert code == 0
    data = json.loads(out)
    assert [(link["to"], link["topic"], link["declared_in"]) for link in data["links"]] == [
        ("anyshire-2027:A2", "retention", "anyshire-2027")
    ]
    code, _, err = run(capsys, "links", "Z9", "--pack-file", str(regional_file))
    assert code == 2
    assert "no principle, recommendation or theme 'Z9'" in err


def test_questions_on_a_pack_without_questions(
    capsys: pytest.CaptureFixture[str], regional_file: Path
) -> None:
    code, out, err = run(capsys, "questions", "--pack-file", str(regional_file))
    assert (code, out) == (0, "0 questions\n")
    assert "pack anyshire-2027 has no reflective questions" in err


def test_an_unknown_pack_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "catalogue", "--pack", "nope", "--no-plugins")
    assert code == 2
    assert "no pack 'nope' is installed; installed: practice-guide-2026" in err
