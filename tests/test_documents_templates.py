"""Template packs: the built-in one loads, and each fault of a pack is one plain message naming where.

Issue 22, must-have 1 (the service's own wording) and its bad input: a template with an
unknown placeholder, a pack missing a document or a text, a text of the wrong type, a bad
``schema_version``; each is one line naming the pack file, the document, the text and its line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fosterkit.adapters.document_files import builtin_template_text, load_template_pack, parse_template_pack
from fosterkit.adapters.packs import load_taxonomy
from fosterkit.documents import TEMPLATE_KINDS, TemplateError, discussion_guide
from fosterkit.documents.templates import fill, placeholders

BUILTIN = builtin_template_text()


def _pack_file(folder: Path, text: str, name: str = "pack.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _line_of(text: str, line_text: str) -> int:
    return text.split("\n").index(line_text) + 1


def _error(folder: Path, text: str) -> str:
    path = _pack_file(folder, text)
    with pytest.raises(TemplateError) as caught:
        load_template_pack(path)
    message = str(caught.value)
    assert "\n" not in message, message
    assert message.startswith(f"{path}: invalid template pack: ")
    return message


def _replace(old: str, new: str) -> str:
    assert BUILTIN.count(old) == 1, old
    return BUILTIN.replace(old, new)


def test_the_builtin_pack_holds_every_document_and_text() -> None:
    pack = load_template_pack()
    assert set(pack.documents) == set(TEMPLATE_KINDS)
    for kind, template in TEMPLATE_KINDS.items():
        texts = pack.document(kind).texts
        assert {spec.name for spec in template.texts} == set(texts), kind
    assert pack.service.greeting == "foster carer"
    assert pack.source == "fosterkit/data/templates/default.toml"


def test_a_copied_pack_loads_from_a_file_as_the_builtin_one(tmp_path: Path) -> None:
    assert load_template_pack(_pack_file(tmp_path, BUILTIN)).documents == load_template_pack().documents


def test_an_unknown_placeholder_is_named_with_its_document_text_and_line(tmp_path: Path) -> None:
    text = _replace('salutation = "Dear {name},"', 'salutation = "Dear {carer_name},"')
    message = _error(tmp_path, text)
    line = _line_of(text, 'salutation = "Dear {carer_name},"')
    assert (
        f": line {line}: letter.salutation: unknown placeholder {{carer_name}}; this text may use " in message
    )
    assert "{name}" in message
    assert "{service}" in message


def test_a_placeholder_allowed_elsewhere_is_unknown_here(tmp_path: Path) -> None:
    old = 'will_change = "We are going to make a change in response to this."'
    text = _replace(old, 'will_change = "We will: {reason}"')
    assert "feedback.will_change: unknown placeholder {reason}" in _error(tmp_path, text)


def test_a_list_text_names_the_item(tmp_path: Path) -> None:
    old = '    "Check that you are not the carer\'s supervising social worker or their manager.",'
    text = _replace(old, '    "Check {staff_id}.",')
    assert "discussion_guide.before[0]: unknown placeholder {staff_id}" in _error(tmp_path, text)


def _without_table(name: str) -> str:
    start = BUILTIN.index(f"\n[{name}]\n")
    end = BUILTIN.index("\n# --", start)
    return BUILTIN[:start] + BUILTIN[end:]


@pytest.mark.parametrize("kind", ["offer", "explain", "feedback", "checklist", "letter"])
def test_a_missing_document_is_refused(kind: str, tmp_path: Path) -> None:
    message = _error(tmp_path, _without_table(kind))
    assert message.endswith(
        f"{kind}: missing document: the pack has no [{kind}] table (a pack holds every document)"
    )


def test_a_missing_text_is_refused_naming_its_document(tmp_path: Path) -> None:
    text = _replace(
        'choice = "Taking part is entirely up to you. If you would rather not, just let us know."\n', ""
    )
    message = _error(tmp_path, text)
    assert message.endswith("offer.choice: missing: [offer] has no text 'choice'")
    assert f"line {_line_of(text, '[offer]')}: offer.choice" in message


@pytest.mark.parametrize(
    ("value", "shown"),
    [("3", "a number"), ("true", "true or false"), ('["a"]', "a list"), ("{a = 1}", "a table")],
)
def test_a_text_of_the_wrong_type_is_refused(value: str, shown: str, tmp_path: Path) -> None:
    text = _replace('sign_off = "With warm wishes,"', f"sign_off = {value}")
    message = _error(tmp_path, text)
    line = _line_of(text, f"sign_off = {value}")
    assert message.endswith(f"line {line}: letter.sign_off: expected text in quotes, got {shown}")


def test_a_list_given_as_text_is_refused(tmp_path: Path) -> None:
    start = BUILTIN.index("stage_two_questions = [")
    end = BUILTIN.index("]\n", start) + 2
    text = BUILTIN[:start] + 'stage_two_questions = "Any more?"\n' + BUILTIN[end:]
    assert "discussion_guide.stage_two_questions: expected a list of texts in quotes, got str" in _error(
        tmp_path, text
    )


def test_months_must_be_twelve(tmp_path: Path) -> None:
    text = _replace('"July", "August", "September", "October", "November", "December",', '"July",')
    assert _error(tmp_path, text).endswith("letter.months: expected 12 texts, got 7")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "schema_version = 2",
            "schema_version: this fosterkit reads template packs of schema_version 1, not 2",
        ),
        (
            'schema_version = "1"',
            "schema_version: this fosterkit reads template packs of schema_version 1, not '1'",
        ),
        ("", "schema_version: missing: a template pack starts with schema_version = 1"),
    ],
)
def test_a_bad_schema_version_is_refused(line: str, expected: str, tmp_path: Path) -> None:
    assert _error(tmp_path, _replace("schema_version = 1\n", f"{line}\n")).endswith(expected)


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("Dear {name,", "a brace with no partner: close the placeholder, or write {{ or }} for a brace"),
        ("Dear name},", "a brace with no partner: close the placeholder, or write {{ or }} for a brace"),
        ("Dear {},", "an empty placeholder {}; write {{ or }} for a brace"),
        ("On {date:%d %B}", "placeholder {date:%d %B} has a format; write it as {date}"),
        ("Dear {name!r}", "placeholder {name!r} has a format; write it as {name}"),
    ],
)
def test_a_broken_placeholder_is_refused(template: str, expected: str, tmp_path: Path) -> None:
    text = _replace('salutation = "Dear {name},"', f'salutation = "{template}"')
    assert _error(tmp_path, text).endswith(f"letter.salutation: {expected}")


def test_an_unknown_text_or_table_is_refused_as_a_likely_typo(tmp_path: Path) -> None:
    text = _replace("[offer]\n", '[offer]\nintor = "Hello"\n')
    assert "offer.intor: unknown text 'intor'; the texts of [offer] are " in _error(tmp_path, text)
    text = BUILTIN + '\n[ofer]\ntitle = "x"\n'
    assert "ofer: unknown table 'ofer'; a pack holds " in _error(tmp_path, text)


def test_a_service_needs_a_name_and_only_known_fields(tmp_path: Path) -> None:
    assert _error(tmp_path, _replace('name = "Fostering service"', 'name = " "')).endswith(
        "service.name: the service's name must be given"
    )
    text = _replace('name = "Fostering service"', 'name = "Anytown"\nphone = "01234"')
    assert "service.phone: unknown field 'phone'" in _error(tmp_path, text)


def test_an_empty_title_is_refused(tmp_path: Path) -> None:
    text = _replace('title = "How our exit interviews work"', 'title = ""')
    assert _error(tmp_path, text).endswith("explain.title: a document's title must not be empty")


def test_every_fault_is_listed_at_once(tmp_path: Path) -> None:
    text = _replace('sign_off = "With warm wishes,"', "sign_off = 1").replace("{reference}", "{ref}")
    path = _pack_file(tmp_path, text)
    with pytest.raises(TemplateError) as caught:
        load_template_pack(path)
    assert str(caught.value).startswith(f"{path}: invalid template pack, 2 problems:")


def test_not_toml_is_one_message_naming_the_file(tmp_path: Path) -> None:
    message = _error(tmp_path, "schema_version = = 1\n")
    assert "not valid TOML" in message


def test_a_logo_is_found_beside_the_pack_or_refused(tmp_path: Path) -> None:
    (tmp_path / "art").mkdir()
    logo = tmp_path / "art" / "logo.png"
    logo.write_bytes(b"\x89PNG\r\n\x1a\n")
    text = _replace('logo = ""', 'logo = "art/logo.png"')
    pack = load_template_pack(_pack_file(tmp_path, text))
    assert Path(pack.service.logo) == logo
    message = _error(tmp_path, _replace('logo = ""', 'logo = "art/missing.png"'))
    line = _line_of(_replace('logo = ""', 'logo = "art/missing.png"'), 'logo = "art/missing.png"')
    assert f"line {line}: service.logo: the logo 'art/missing.png' is not a file (looked for " in message


def test_an_unknown_theme_in_the_guide_is_refused_on_building_it(tmp_path: Path) -> None:
    text = _replace("[discussion_guide.themes]\n", '[discussion_guide.themes]\nsuport = ["How was it?"]\n')
    pack = load_template_pack(_pack_file(tmp_path, text))
    with pytest.raises(TemplateError) as caught:
        discussion_guide(load_taxonomy(), pack)
    message = str(caught.value)
    line = _line_of(text, 'suport = ["How was it?"]')
    assert message.startswith(f"{tmp_path / 'pack.toml'}: invalid template pack: line {line}: ")
    assert (
        "discussion_guide.themes.suport: 'suport' is not a theme of taxonomy reasons-2026; "
        "its themes are support," in message
    )


def test_a_doubled_brace_stays_a_literal_brace() -> None:
    text = _replace('sign_off = "With warm wishes,"', 'sign_off = "{{Warmly}} {name}"')
    pack = parse_template_pack(text)
    template = pack.document("letter").one("sign_off")
    assert placeholders(template) == ("name",)
    assert fill(template, {"name": "Sam"}) == "{Warmly} Sam"


# -- filling ---------------------------------------------------------------------------------------

_SPECS = [
    (kind, spec) for kind, template in TEMPLATE_KINDS.items() for spec in template.texts if spec.allowed
]
_LITERAL = st.text(st.characters(exclude_categories=["Cs"]), max_size=12)


@st.composite
def _template_and_values(draw: st.DrawFn) -> tuple[str, dict[str, str], str]:
    """A template using allowed placeholders of some text, values for all of them, and the filled text."""
    _kind, spec = draw(st.sampled_from(_SPECS))
    names = sorted(spec.allowed)
    values = {name: draw(_LITERAL) for name in names}
    template, expected = [], []
    for _ in range(draw(st.integers(0, 6))):
        literal = draw(_LITERAL)
        template.append(literal.replace("{", "{{").replace("}", "}}"))
        expected.append(literal)
        name = draw(st.sampled_from(names))
        template.append(f"{{{name}}}")
        expected.append(values[name])
    return "".join(template), values, "".join(expected)


@given(_template_and_values())
def test_filling_allowed_placeholders_leaves_none_behind(case: tuple[str, dict[str, str], str]) -> None:
    template, values, expected = case
    assert set(placeholders(template)) <= set(values)
    filled = fill(template, values)
    assert filled == expected  # braces in the literal text and in the values are kept as they are
    if "{" not in expected:
        assert not re.search(r"\{[a-z_]+\}", filled)
