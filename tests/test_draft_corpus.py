"""Drafting mappings for real-looking exports: key fields right, no wrong guess, TODO left for a person.

The exports and their answer keys are made by ``tests/draft_corpus.py`` (synthetic, in the style
of Mosaic, Liquidlogic, CHARMS and hand-kept spreadsheets); ``benchmarks/draft_accuracy.py``
prints the same scores as a table. Below them, one test for each fault the drafting had: a
``Carer Ref`` column not taken for the id, a couple/single column taken for the household's id,
and local codes such as ``RET``, ``SGO`` and ``TRF`` said to have "no close code".
"""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
import tomllib
from hypothesis import given
from hypothesis import strategies as st

from draft_corpus import CORPUS, FIELDS, Export, score, source_rows
from fosterkit.adapters.packs import load_headings, load_taxonomy, parse_mapping_toml
from fosterkit.imports.compiled import compile_mapping
from fosterkit.imports.draft import Draft, HeadingSynonyms, draft_mapping
from fosterkit.imports.draft.reason_codes import reason_meaning
from fosterkit.imports.mapping import MappingError
from fosterkit.imports.rows import MappedRow, map_rows
from fosterkit.imports.source import Cell, SourceRow

TAXONOMY = load_taxonomy()
HEADINGS = load_headings()


def numbered(rows: Sequence[Sequence[Cell]]) -> list[SourceRow]:
    return list(enumerate(rows, start=1))


def draft(rows: Sequence[Sequence[Cell]]) -> Draft:
    return draft_mapping(numbered(rows), kinds=["departure"], taxonomy=TAXONOMY, headings=HEADINGS)


def values(made: Draft, name: str) -> dict[str, str]:
    entry = tomllib.loads(made.text)["records"]["departure"][name]
    assert isinstance(entry, dict)
    found: dict[str, str] = entry["values"]
    return found


def todo_problems(made: Draft) -> set[str]:
    try:
        compile_mapping(parse_mapping_toml(made.text), TAXONOMY)
    except MappingError as err:
        return {p.path for p in err.problems}
    return set()


# -- the corpus ----------------------------------------------------------------------------------


def test_the_corpus_varies_as_exports_do() -> None:
    assert len(CORPUS) >= 12
    assert len({e.name for e in CORPUS}) == len(CORPUS)
    assert sum(e.suffix == "xlsx" for e in CORPUS) >= 3
    assert sum(e.encoding == "cp1252" for e in CORPUS) >= 2
    headers = {c for e in CORPUS for row in e.rows for c in row if isinstance(c, str)}
    for heading in ("Carer Ref", "Foster Carer ID", "Person ID", "Household No.", "Date Deregistered"):
        assert heading in headers
    for heading in ("De-reg date", "Approval End Date", "Reason for Leaving", "Primary reason"):
        assert heading in headers
    assert {"Secondary reason(s)", "Leaving route", "Couple", "Single", "TRUE", "Y", "Yes"} <= headers
    forms = {form for e in CORPUS for needed in e.key.dates.values() for form in needed}
    assert {"dd/mm/yyyy", "iso", "excel", "d mon yyyy", "dd/mm/yy", "%m/%d/%Y"} <= forms
    assert all(set(e.key.columns) <= set(FIELDS) for e in CORPUS)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("corpus")


@pytest.mark.parametrize("export", CORPUS, ids=lambda e: e.name)
def test_every_key_field_is_right_or_left_for_a_person(export: Export, folder: Path) -> None:
    made = draft_mapping(
        source_rows(export, folder), kinds=["departure"], taxonomy=TAXONOMY, headings=HEADINGS
    )
    items = score(export, made, TAXONOMY)
    wrong = [f"{i.name}: {i.detail}" for i in items if i.outcome == "wrong"]
    assert not wrong, wrong
    left = {i.name for i in items if i.outcome == "todo"}
    assert left <= export.key.judgement, sorted(left - export.key.judgement)
    assert todo_problems(made) == set(made.todo)


# -- the three faults ----------------------------------------------------------------------------

LEAVERS = [
    ["Carer Ref", "Carer Name", "Household", "Notice Received", "Date left", "Reason for leaving"],
    ["FC0101", "Okafor", "Couple", "03/01/2024", "31/03/2024", "RET"],
    ["FC0102", "Davies", "Single", "14/02/2024", "30/04/2024", "SGO"],
    ["FC0103", "Nowak", "Couple", "01/03/2024", "", "TRF"],
    ["FC0104", "Begum", "Single", "15/03/2024", "30/06/2024", "HLTH; RET"],
    ["FC0105", "Evans", "Couple", "02/04/2024", "31/07/2024", "PC1"],
]


def test_a_carer_ref_column_is_proposed_for_the_household_and_the_departure() -> None:
    made = draft(LEAVERS)
    guessed = made.guessed["departure"]
    assert guessed["household_id"] == ("Carer Ref",)
    assert guessed["id"] == ("Carer Ref",)
    line = next(line for line in made.text.splitlines() if line.startswith("id = "))
    assert "one departure a household" in line


def test_a_carer_ref_is_no_departure_id_when_its_values_repeat() -> None:
    rows = [row[:] for row in LEAVERS]
    rows[2][0] = rows[1][0]  # one household left twice: the ref cannot be the departure's id
    made = draft(rows)
    assert made.guessed["departure"]["household_id"] == ("Carer Ref",)
    assert "id" not in made.guessed["departure"]
    assert "records.departure.id" in made.todo


def test_a_couple_or_single_column_is_not_a_household_id() -> None:
    made = draft(LEAVERS)
    assert made.guessed["departure"]["household_id"] == ("Carer Ref",)
    assert "Household" in made.ignored
    alone = draft([[c for i, c in enumerate(row) if i != 0] for row in LEAVERS])
    assert "household_id" not in alone.guessed["departure"]
    assert "records.departure.household_id" in alone.todo


@given(st.lists(st.sampled_from(["Couple", "Single", "couple", "SINGLE"]), min_size=3, max_size=40))
def test_no_two_value_category_is_ever_an_id(cells: list[str]) -> None:
    made = draft([["Household ref", "Ref", "Notice date"], *[[c, c, "01/02/2024"] for c in cells]])
    assert not {"id", "household_id"} & set(made.guessed["departure"])


def test_local_codes_are_read_by_what_the_taxonomy_calls_them() -> None:
    made = draft(LEAVERS)
    assert values(made, "stated_reasons") == {
        "RET": "personal.retirement",
        "SGO": "positive.special_guardianship",
        "TRF": "transfer",
        "HLTH": "personal.health",
        "PC1": "TODO",  # a code only the service knows
    }
    assert '"RET" = "personal.retirement"  # check: read as "Retirement"' in made.text
    assert "no close code" in next(line for line in made.text.splitlines() if line.startswith('"PC1"'))


def test_codes_are_read_by_their_labels_in_a_column_beside_them() -> None:
    rows: list[list[Cell]] = [["Carer Reference", "Date of Resignation", "Reason Code", "Reason Description"]]
    labels = {"R01": "Retirement", "R03": "Special Guardianship Order", "R08": "Change of circumstances"}
    for n, code in enumerate(["R01", "R03", "R08", "R01", "R03", "R01"]):
        rows.append([f"{100 + n}", datetime.date(2024, 1, 1 + n), code, labels[code]])
    made = draft(rows)
    assert made.guessed["departure"]["stated_reasons"] == ("Reason Code",)
    assert "Reason Description" in made.ignored  # it only helps to read the codes
    assert values(made, "stated_reasons") == {
        "R01": "personal.retirement",
        "R03": "positive.special_guardianship",
        "R08": "TODO",
    }
    assert '# stated_reasons: the codes\' meanings are read from column "Reason Description"' in made.text
    assert '(its label: "Change of circumstances")' in made.text


def test_a_label_column_named_like_the_codes_is_not_taken_for_more_reasons() -> None:
    rows: list[list[Cell]] = [["Carer Ref", "Notice date", "End Reason", "End Reason Description"]]
    labels = {"R01": "Retirement", "R02": "Ill health"}
    rows += [[f"FC{n}", "01/02/2024", code, labels[code]] for n, code in enumerate(["R01", "R02", "R01"])]
    headings = HEADINGS.extended(HeadingSynonyms({"stated_reasons": ["end reason"]}))
    made = draft_mapping(numbered(rows), kinds=["departure"], taxonomy=TAXONOMY, headings=headings)
    assert made.guessed["departure"]["stated_reasons"] == ("End Reason",)
    assert values(made, "stated_reasons") == {"R01": "personal.retirement", "R02": "personal.health"}
    assert "End Reason Description" in made.ignored


@pytest.mark.parametrize(
    ("value", "label", "code"),
    [
        ("RET", "", "personal.retirement"),
        ("SGO", "", "positive.special_guardianship"),
        ("TRF", "", "transfer"),
        ("SSW", "", "support.supervising_social_worker"),
        ("Retired", "", "personal.retirement"),
        ("Moved to IFA", "", "transfer.independent_agency"),
        ("R02", "Ill health", "personal.health"),
        ("Allegation", "", "allegations.allegation"),
        ("Personal.Health", "", "personal.health"),
    ],
)
def test_a_code_whose_words_settle_it_is_read(value: str, label: str, code: str) -> None:
    assert reason_meaning(value, TAXONOMY, label).code == code


@pytest.mark.parametrize(
    "value", ["Family reasons", "Change", "Work", "RES", "SEC", "MH", "PC1", "Unknown", "NK"]
)
def test_a_code_whose_words_do_not_settle_it_is_left_for_a_person(value: str) -> None:
    assert reason_meaning(value, TAXONOMY).code is None


def test_unsettled_codes_name_their_candidates() -> None:
    assert reason_meaning("Family reasons", TAXONOMY).candidates[:2] == (
        "personal.family_change",
        "wellbeing.family_relationships",
    )
    assert reason_meaning("RETD", TAXONOMY).candidates == ("personal.retirement",)


# -- shapes and headings -------------------------------------------------------------------------


def test_a_yes_no_column_is_no_choice_whatever_its_heading() -> None:
    made = draft(
        [
            ["Ref", "Household ref", "Notice date", "Transfer?", "Destination"],
            ["D-1", "H-1", "01/01/2024", "TRUE", "IFA"],
            ["D-2", "H-2", "02/01/2024", "FALSE", ""],
            ["D-3", "H-3", "03/01/2024", "TRUE", "LA"],
        ]
    )
    assert made.guessed["departure"]["destination"] == ("Destination",)
    assert "Transfer?" in made.ignored


def test_ranked_reason_columns_are_taken_together() -> None:
    made = draft(
        [
            [
                "Case Ref",
                "Household Ref",
                "Date notice given",
                "De-reg date",
                "Primary reason",
                "Secondary reason(s)",
            ],
            ["L1", "H1", "01/01/2024", "2024-03-01", "Retirement", "Health; Moving home"],
            ["L2", "H2", "02/01/2024", "2024-03-02", "Health", ""],
        ]
    )
    guessed = made.guessed["departure"]
    assert guessed["stated_reasons"] == ("Primary reason", "Secondary reason(s)")
    assert guessed["leaving_on"] == ("De-reg date",)
    assert values(made, "stated_reasons") == {
        "Retirement": "personal.retirement",
        "Health": "personal.health",
        "Moving home": "personal.moving",
    }


def test_words_of_a_route_settle_it_only_when_one_route_has_them() -> None:
    rows: list[list[Cell]] = [["Ref", "Household ref", "Notice date", "Leaving route"]]
    routes = ["Terminated - standards of care", "Transferred to IFA", "Termination", "Deregistered", "Other"]
    rows += [[f"D-{n}", f"H-{n}", "01/01/2024", route] for n, route in enumerate(routes)]
    assert values(draft(rows), "route") == {
        "Terminated - standards of care": "termination_after_standards_concern",
        "Transferred to IFA": "transfer",
        "Termination": "TODO",
        "Deregistered": "TODO",
        "Other": "TODO",  # not a termination_other on one word
    }


def test_a_draft_with_nothing_left_to_judge_imports_every_row(folder: Path) -> None:
    [export] = [e for e in CORPUS if e.name == "database_dump"]
    rows = source_rows(export, folder)
    made = draft_mapping(rows, kinds=["departure"], taxonomy=TAXONOMY, headings=HEADINGS)
    assert made.todo == ()
    table = map_rows(rows, compile_mapping(parse_mapping_toml(made.text), TAXONOMY))
    out = list(table.rows)
    assert all(isinstance(row, MappedRow) for row in out)
    assert len(out) == len(export.rows) - 1


def test_the_accuracy_benchmark_runs_and_finds_no_wrong_guess(tmp_path: Path) -> None:
    script = Path(__file__).resolve().parents[1] / "benchmarks" / "draft_accuracy.py"
    out = tmp_path / "parts.json"
    done = subprocess.run(
        [sys.executable, str(script), "--json", str(out)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    total = next(line for line in done.stdout.splitlines() if line.startswith("all "))
    parts, right, todo, wrong = map(int, total.split()[1:5])
    assert parts == right + todo + wrong
    assert wrong == 0
    assert len(json.loads(out.read_text(encoding="utf-8"))) == parts
