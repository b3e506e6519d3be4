"""Heading synonyms as data: the built-in file, a service's own additions, bad files, merging."""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fosterkit.adapters.packs import load_headings, load_headings_file, load_taxonomy, parse_headings_toml
from fosterkit.cli import main
from fosterkit.errors import FieldError, StructureError
from fosterkit.imports.draft import HeadingsError, HeadingSynonyms, draft_mapping
from fosterkit.imports.draft.fields import field_keys
from fosterkit.imports.source import Cell, SourceRow
from fosterkit.imports.values import normalise

TAXONOMY = load_taxonomy()

#: The table of headings as it stood in Python (``fosterkit/imports/draft.py``) before it moved
#: to ``fosterkit/data/headings/default.toml``; kept to show the move lost nothing.
OLD_HEADINGS: dict[str, str] = {
    "id": "id | ref | reference | record id | record ref",
    "household.id": "household ref | household id | household number | household | ref | id",
    "departure.id": (
        "departure id | departure ref | leaver ref | leaver id | leaving ref | leaving id | case ref"
        " | ref | id"
    ),
    "data_collection_record.id": "interview ref | interview id | record ref | ref | id",
    "household_id": (
        "household ref | household id | household number | household | carer ref | carer id | carer number"
        " | foster carer ref"
    ),
    "departure_id": "departure ref | departure id | leaver ref | leaver id | leaving ref",
    "notice_on": (
        "notice date | date notice given | date of notice | notice given | notice received"
        " | date notice received | notice | resignation date | date resigned"
    ),
    "leaving_on": (
        "date left | leaving date | end date | date deregistered | deregistration date | date of leaving"
        " | date of deregistration | left on | left | date ended | approval end date"
    ),
    "initiated_by": "initiated by | initiator | who initiated | ended by | who ended | instigated by",
    "route": (
        "route | leaving route | leaving type | type of leaving | ending type | end type"
        " | deregistration type | reason type | how left"
    ),
    "destination": (
        "destination | transferred to | transfer to | moving to | new provider | new provider type"
        " | destination type"
    ),
    "stated_reasons": (
        "reasons | reason | reason for leaving | reasons for leaving | reason code | reason codes"
        " | stated reasons | stated reason | leaving reason | leaving reasons"
    ),
    "primary_reason": (
        "primary reason | main reason | main reason for leaving | reason | reason for leaving | reason code"
    ),
    "secondary_reasons": (
        "secondary reasons | secondary reason | other reasons | other reason | additional reasons"
        " | further reasons"
    ),
    "approved_on": (
        "approval date | date approved | date of approval | approved on | approved | registration date"
        " | date registered | start date"
    ),
    "approval_kind": "approval type | approval kind | carer type | type of carer | fostering type",
    "approved_for": (
        "approved for | approval range | approval categories | approval category | placement types"
        " | placement type"
    ),
    "caring_now": (
        "caring now | currently caring | child placed | children placed | child in placement"
        " | currently placed | placement now | has placement"
    ),
    "service.name": (
        "service | service name | fostering service | local authority | authority | agency | provider"
        " | provider name"
    ),
    "service.kind": "service type | service kind | provider type | agency type | type of service",
    "carers[0].id": (
        "carer 1 ref | carer 1 id | first carer ref | first carer id | main carer ref | carer ref 1"
        " | carer id 1 | carer ref | carer id | carer 1"
    ),
    "carers[1].id": (
        "carer 2 ref | carer 2 id | second carer ref | second carer id | joint carer ref | carer ref 2"
        " | carer id 2 | carer 2"
    ),
    "stage": "stage | interview stage | exit stage | interview type",
    "interviewed_on": "interview date | date of interview | interviewed on | date interviewed",
    "preventable": "preventable | could have been prevented | avoidable",
    "would_have_kept": "what would have kept | would have kept | what would have helped",
    "foster_again": "foster again | would foster again",
    "recommend_fostering": "recommend fostering | would recommend fostering | would recommend",
    "went_well": "went well | what went well",
    "consent_to_anonymised_use": "consent | consent to anonymised use | consent given | consent to use",
}

#: A leavers export whose leaving date is under a heading no built-in synonym knows.
EXPORT = [
    ["Ref", "Household Ref", "Notice date", "Panel outcome date", "Route"],
    ["L-1", "H-1", "01/02/2024", "03/03/2024", "RES"],
    ["L-2", "H-2", "05/02/2024", "06/04/2024", "RET"],
]

SERVICE_FILE = """\
# Our case system's own headings.
schema_version = 1

[headings]
leaving_on = ["Panel outcome date"]
"""


def numbered(rows: Sequence[Sequence[Cell]]) -> list[SourceRow]:
    return list(enumerate(rows, start=1))


# -- the built-in file ---------------------------------------------------------------------------


def test_the_built_in_file_holds_every_heading_the_python_table_held() -> None:
    # Headings may be added to the file (the corpus of tests/draft_corpus.py shows which help);
    # none of those the table held is lost.
    current = load_headings().by_field
    for key, listed in OLD_HEADINGS.items():
        assert _forms(listed.split("|")) <= _forms(current[key]), key


def test_the_built_in_file_ships_inside_the_package_and_is_read_once() -> None:
    assert resources.files("fosterkit").joinpath("data", "headings", "default.toml").is_file()
    assert load_headings() is load_headings()


def test_every_built_in_key_is_a_field() -> None:
    assert set(load_headings().by_field) <= field_keys()


def test_lookup_takes_the_most_particular_key() -> None:
    headings = load_headings()
    assert headings.lookup("departure", "id", "id")[0] == "departure id"
    assert headings.lookup("household", "id", "id")[0] == "household ref"
    assert headings.lookup("household", "carers[1].id", "id")[0] == "carer 2 ref"
    assert headings.lookup("departure", "leaving_on", "leaving_on")[:2] == ("date left", "leaving date")
    assert headings.lookup("departure", "nothing", "nothing") == ()


# -- a service's own headings --------------------------------------------------------------------


def test_a_service_file_adds_a_heading_that_drafts_the_right_field(tmp_path: Path) -> None:
    builtin = draft_mapping(
        numbered(EXPORT), kinds=["departure"], taxonomy=TAXONOMY, headings=load_headings()
    )
    assert "leaving_on" not in builtin.guessed["departure"]
    assert "Panel outcome date" in builtin.ignored

    path = tmp_path / "our-headings.toml"
    path.write_text(SERVICE_FILE, encoding="utf-8")
    headings = load_headings(path)
    assert headings.by_field["leaving_on"][0] == "Panel outcome date"
    draft = draft_mapping(numbered(EXPORT), kinds=["departure"], taxonomy=TAXONOMY, headings=headings)
    assert draft.guessed["departure"]["leaving_on"] == ("Panel outcome date",)
    assert draft.guessed["departure"]["notice_on"] == ("Notice date",)  # the built-in ones still work
    assert "Panel outcome date" not in draft.ignored


def test_mapping_init_takes_headings_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "leavers.csv"
    source.write_text("\n".join(",".join(row) for row in EXPORT) + "\n", encoding="utf-8")
    assert main(["mapping", "init", str(source)]) == 0
    assert 'leaving_on = "Panel outcome date"' not in capsys.readouterr().out

    ours = tmp_path / "ours.toml"
    ours.write_text(SERVICE_FILE, encoding="utf-8")
    more = tmp_path / "more.toml"
    more.write_text('schema_version = 1\n[headings]\nroute = ["How they left"]\n', encoding="utf-8")
    assert main(["mapping", "init", str(source), "--headings", str(ours), "--headings", str(more)]) == 0
    assert 'leaving_on = "Panel outcome date"' in capsys.readouterr().out


def test_mapping_init_refuses_a_bad_headings_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "leavers.csv"
    source.write_text("Ref,Date left\nL-1,01/02/2024\n", encoding="utf-8")
    bad = tmp_path / "ours.toml"
    bad.write_text(
        'schema_version = 1\n[headings]\nleaving_date = ["Panel outcome date"]\n', encoding="utf-8"
    )
    assert main(["mapping", "init", str(source), "--headings", str(bad)]) == 2
    err = capsys.readouterr().err
    assert str(bad) in err
    assert "headings.leaving_date" in err
    assert "did you mean 'leaving_on'?" in err


# -- bad files -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        (
            'schema_version = 1\n[headings]\nleaving_date = ["Left"]\n',
            "headings.leaving_date",
            "no field of any record kind is called 'leaving_date'; did you mean 'leaving_on'?",
        ),
        (
            'schema_version = 1\n[headings]\nleaving_on = "Left"\n',
            "headings.leaving_on",
            'expected a list of headings, as ["Left"], got text',
        ),
        (
            'schema_version = 1\n[headings]\n"service.name" = ["Council", 3]\n',
            'headings."service.name"[1]',
            "expected a heading (text), got a number",
        ),
        (
            'schema_version = 1\n[headings]\nroute = ["  "]\n',
            "headings.route[0]",
            "a heading is blank",
        ),
        ("schema_version = 1\n[headings]\nroute = []\n", "headings.route", "lists no headings"),
        ('[headings]\nroute = ["How left"]\n', "schema_version", "required field is missing"),
        (
            'schema_version = 2\n[headings]\nroute = ["How left"]\n',
            "schema_version",
            "schema version 2 is not supported (this fosterkit reads 1)",
        ),
        ("schema_version = 1\n", "headings", "expected a table; it is missing"),
        (
            'schema_version = 1\nroute = ["How left"]\n[headings]\n',
            "route",
            "unexpected key (a headings file holds schema_version and a [headings] table)",
        ),
        ("schema_version = 1\n[headings\n", "", "not valid TOML"),  # the whole file: no place named
    ],
)
def test_a_bad_headings_file_names_the_file_the_key_and_what_is_wrong(
    tmp_path: Path, text: str, where: str, message: str
) -> None:
    path = tmp_path / "ours.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(HeadingsError) as caught:
        load_headings(path)
    shown = str(caught.value)
    assert shown.startswith(f"{path}: invalid heading synonyms")
    assert f"{where}: {message}" in shown
    assert isinstance(caught.value, StructureError)


def test_every_problem_in_a_file_is_listed_at_once() -> None:
    text = 'schema_version = 1\n[headings]\nleaving_date = ["Left"]\nroute = [1, ""]\n'
    with pytest.raises(HeadingsError) as caught:
        parse_headings_toml(text, source="ours.toml")
    assert [p.path for p in caught.value.problems] == [
        "headings.leaving_date",
        "headings.route[0]",
        "headings.route[1]",
    ]
    assert caught.value.source == "ours.toml"


def test_a_missing_headings_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(HeadingsError, match=r"no-such\.toml: no such file"):  # as every command says it
        load_headings_file(tmp_path / "no-such.toml")


def test_heading_synonyms_made_in_python_are_checked() -> None:
    with pytest.raises(FieldError, match="leaving_date: no field of any record kind"):
        HeadingSynonyms({"leaving_date": ("Left",)})
    with pytest.raises(FieldError, match="route: expected a list of headings"):
        HeadingSynonyms({"route": "How left"})  # text, not a list of headings
    assert HeadingSynonyms({"route": [" How left ", "how  LEFT"]}).by_field == {"route": ("How left",)}
    with pytest.raises(TypeError):  # read-only: the built-in synonyms are shared
        load_headings().by_field["route"] = ("How left",)  # type: ignore[index]


def test_with_no_synonyms_a_field_is_still_matched_by_its_own_name() -> None:
    rows = numbered([["Leaving on", "Notice on"], ["01/02/2024", "01/01/2024"]])
    draft = draft_mapping(rows, kinds=["departure"], taxonomy=TAXONOMY, headings=HeadingSynonyms())
    assert draft.guessed["departure"] == {"leaving_on": ("Leaving on",), "notice_on": ("Notice on",)}


# -- merging -------------------------------------------------------------------------------------

_KEYS = sorted(field_keys())
_HEADING = st.text(min_size=1, max_size=20).filter(str.strip)
_SYNONYMS = st.dictionaries(
    st.sampled_from(_KEYS), st.lists(_HEADING, min_size=1, max_size=4), max_size=6
).map(HeadingSynonyms)


def _forms(headings: Sequence[str]) -> set[str]:
    return {normalise(h) for h in headings}


@given(extra=st.lists(_SYNONYMS, max_size=3))
def test_merging_never_loses_a_built_in_heading(extra: list[HeadingSynonyms]) -> None:
    base = load_headings()
    merged = base.extended(*extra)
    for key, headings in base.by_field.items():
        assert _forms(headings) <= _forms(merged.by_field[key])


@given(base=_SYNONYMS, extra=_SYNONYMS)
def test_merging_keeps_every_heading_of_both_the_added_first(
    base: HeadingSynonyms, extra: HeadingSynonyms
) -> None:
    merged = base.extended(extra)
    assert set(merged.by_field) == set(base.by_field) | set(extra.by_field)
    for key, headings in merged.by_field.items():
        assert _forms(headings) == _forms(base.by_field.get(key, ())) | _forms(extra.by_field.get(key, ()))
        added = extra.by_field.get(key, ())
        assert headings[: len(added)] == added
        assert len(_forms(headings)) == len(headings)  # no heading twice
