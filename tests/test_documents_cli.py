"""``fosterkit letter``, ``discussion-guide`` and ``templates`` from end to end.

Issue 22, must-have 1 and its bad input. Files are written through a tiny document format
registered for ``.txt`` (it writes :meth:`Document.text`), so the commands are tested without
the Word plugin; where the Word plugin is installed, ``.docx`` is written too.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import stat
import zipfile
from pathlib import Path
from typing import Any

import pytest

from fosterkit.adapters.document_files import builtin_template_text, load_template_pack
from fosterkit.cli import documents as documents_cli
from fosterkit.cli import main
from fosterkit.documents import Document
from fosterkit.plugins import hookimpl, make_plugin_manager
from fosterkit.plugins.contracts import DocumentFormat

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "docs" / "examples"
WORD = importlib.util.find_spec("fosterkit_word") is not None


def _write_text(document: Document, path: Path) -> None:
    path.write_text(f"[{document.kind}]\n{document.text()}\n", encoding="utf-8")


class TextDocuments:
    """A document format for tests: ``.txt``, the document's words one block to a line."""

    @hookimpl
    def fosterkit_document_formats(self) -> list[DocumentFormat]:
        return [DocumentFormat(name="text", suffixes=(".txt",), description="plain text", write=_write_text)]


@pytest.fixture(autouse=True)
def _text_format(monkeypatch: pytest.MonkeyPatch) -> None:
    def manager(**options: Any) -> Any:
        return make_plugin_manager(extra=[("textdoc", TextDocuments())], **options)

    monkeypatch.setattr(documents_cli, "make_plugin_manager", manager)


@pytest.fixture
def records(tmp_path: Path) -> Path:
    """A records file with an exit process (EXIT-31, of DEP-31) and sixty departures with no process."""
    path = tmp_path / "records.jsonl"
    walkthrough = (EXAMPLES / "register-walkthrough.jsonl").read_text(encoding="utf-8")
    path.write_text(walkthrough + (EXAMPLES / "records.jsonl").read_text(encoding="utf-8"), encoding="utf-8")
    return path


def _letter(kind: str, records: Path, out: Path, *more: str) -> list[str]:
    return ["letter", kind, "--from", str(records), "--out", str(out), "--today", "2026-12-07", *more]


def test_an_offer_letter_is_written_owner_only(
    records: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "offer.txt"
    assert main(_letter("offer", records, out, "--record", "EXIT-31")) == 0
    captured = capsys.readouterr()
    assert captured.out == f"Wrote {out}: 1 offer letter (EXIT-31), as text\n"
    assert "[service] gives no contact" in captured.err
    text = out.read_text(encoding="utf-8")
    assert text.startswith("[offer]\nAnytown Fostering\nAn invitation to talk with us")
    assert "7 December 2026" in text
    assert "Dear foster carer," in text
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_a_departure_id_finds_its_process_and_several_records_merge(
    records: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "letters.txt"
    args = _letter(
        "feedback", records, out, "--record", "DEP-31", "--record", "DEP-002", "--to", "Sam", "--json"
    )
    assert main(args) == 0
    said = json.loads(capsys.readouterr().out)
    kept = {"out": str(out), "kind": "feedback", "records": ["EXIT-31", "DEP-002"], "format": "text"}
    assert {key: said[key] for key in kept} == kept  # the keys of before stay, beside the common shape
    assert said["command"] == "letter"
    assert said["wrote"] == [{"path": str(out), "what": "feedback letters"}]
    text = out.read_text(encoding="utf-8")
    assert text.count("Dear Sam,") == 2
    assert "\u201cPlan short breaks at each annual review\u201d" in text  # EXIT-31's own responses
    assert "The reason: no budget this year" in text
    assert "Our reference: DEP-002" in text


def test_an_unknown_record_is_one_message_and_nothing_is_written(
    records: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "offer.txt"
    assert main(_letter("offer", records, out, "--record", "EXIT-31", "--record", "NOPE-1")) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == f"fosterkit: {records}: no exit process or departure with id 'NOPE-1'"
    assert not any("EXIT-31" in line or "DEP-" in line for line in err)
    assert not out.exists()


def test_an_existing_letter_is_replaced_only_with_force(records: Path, tmp_path: Path) -> None:
    out = tmp_path / "offer.txt"
    out.write_text("last week's letter", encoding="utf-8")
    assert main(_letter("offer", records, out, "--record", "EXIT-31")) == 2
    assert out.read_text(encoding="utf-8") == "last week's letter"
    assert main(_letter("offer", records, out, "--record", "EXIT-31", "--force")) == 0
    assert out.read_text(encoding="utf-8").startswith("[offer]")


def test_a_broken_pack_is_one_message_naming_it(
    records: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = tmp_path / "pack.toml"
    pack.write_text(builtin_template_text().replace("{reference}", "{ref}"), encoding="utf-8")
    out = tmp_path / "offer.txt"
    assert main(_letter("offer", records, out, "--record", "EXIT-31", "--templates", str(pack))) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"fosterkit: {pack}: invalid template pack: line ")
    assert "letter.reference_line: unknown placeholder {ref}" in err
    assert err.count("\n") == 1
    assert not out.exists()


def test_a_services_own_pack_and_logo_are_used(records: Path, tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    pack = tmp_path / "pack.toml"
    text = builtin_template_text().replace('name = "Fostering service"', 'name = "Anytown Fostering"')
    text = text.replace('logo = ""', 'logo = "logo.png"').replace('contact = ""', 'contact = "01234 567890"')
    pack.write_text(text, encoding="utf-8")
    out = tmp_path / "checklist.txt"
    args = _letter("checklist", records, out, "--record", "DEP-002", "--templates", str(pack))
    assert main(args) == 0
    written = out.read_text(encoding="utf-8")
    assert written.startswith("[checklist]\nAnytown Fostering\n01234 567890\nThings to sort out")
    assert "Tell HMRC that your self-employment as a foster carer has stopped" in written
    assert "Help your records move to your new service" not in written  # a transfer's item only


def test_the_logo_is_never_the_output(
    records: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    logo = tmp_path / "logo.txt"  # any file will do for the text format
    logo.write_bytes(b"a logo")
    pack = tmp_path / "pack.toml"
    pack.write_text(builtin_template_text().replace('logo = ""', 'logo = "logo.txt"'), encoding="utf-8")
    args = _letter("offer", records, logo, "--record", "EXIT-31", "--templates", str(pack), "--force")
    assert main(args) == 2
    err = capsys.readouterr().err
    assert f"fosterkit: refusing to write {logo}: it is also one of this command's inputs (the logo " in err
    assert logo.read_bytes() == b"a logo"


def test_no_format_for_the_suffix_is_one_message(
    records: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "offer.pdf"
    assert main(_letter("offer", records, out, "--record", "EXIT-31")) == 2
    err = capsys.readouterr().err
    assert err.startswith("fosterkit: cannot write a document as .pdf: installed formats write ")
    assert not out.exists()


def test_the_discussion_guide_is_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "guide.txt"
    assert main(["discussion-guide", "--out", str(out)]) == 0
    assert capsys.readouterr().out == f"Wrote {out}: the discussion guide, as text\n"
    text = out.read_text(encoding="utf-8")
    assert text.startswith("[discussion_guide]\nFostering service\nExit interview discussion guide\n")
    assert "Support from the service" in text
    assert "Supervising social worker (support.supervising_social_worker)" in text


def test_templates_writes_the_builtin_pack_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "my-pack.toml"
    assert main(["templates", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == builtin_template_text()
    assert load_template_pack(out).documents == load_template_pack().documents
    out.write_text("# edited", encoding="utf-8")
    capsys.readouterr()
    assert main(["templates", "--out", str(out)]) == 2
    assert capsys.readouterr().err == (
        f"fosterkit: {out} exists; use --force to replace it, or choose another file for --out\n"
    )
    assert out.read_text(encoding="utf-8") == "# edited"
    assert main(["templates", "--out", str(out), "--force"]) == 0
    assert out.read_text(encoding="utf-8") == builtin_template_text()


def test_letters_from_a_register_workbook(tmp_path: Path) -> None:
    records = Path(shutil.copy(EXAMPLES / "register-walkthrough.jsonl", tmp_path / "records.jsonl"))
    register = tmp_path / "register.xlsx"
    assert main(["register", "new", str(register), "--service", "Anytown", "--from", str(records)]) == 0
    out = tmp_path / "feedback.txt"
    assert main(_letter("feedback", register, out, "--record", "EXIT-31")) == 0
    assert "\u201cPay for a sitter so carers can attend training\u201d" in out.read_text(encoding="utf-8")


@pytest.mark.skipif(not WORD, reason="the Word plugin (fosterkit_word) is not installed")
def test_a_letter_and_the_guide_as_word_documents(records: Path, tmp_path: Path) -> None:
    letter = tmp_path / "feedback.docx"
    assert main(_letter("feedback", records, letter, "--record", "EXIT-31", "--record", "DEP-002")) == 0
    guide = tmp_path / "guide.docx"
    assert main(["discussion-guide", "--out", str(guide)]) == 0
    for path, words in (
        (letter, "Plan short breaks at each annual review"),
        (guide, "Supervising social worker (support.supervising_social_worker)"),
    ):
        with zipfile.ZipFile(path) as docx:
            body = docx.read("word/document.xml").decode("utf-8")
        assert words in body
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_service_is_named_as_the_records_name_it_unless_told(records: Path, tmp_path: Path) -> None:
    out = tmp_path / "offer.txt"
    assert main(_letter("offer", records, out, "--record", "EXIT-31")) == 0
    assert "Anytown Fostering" in out.read_text(encoding="utf-8")
    assert "Fostering service" not in out.read_text(encoding="utf-8")
    told = tmp_path / "told.txt"
    assert (
        main(_letter("offer", records, told, "--record", "EXIT-31", "--service", "Brookfield Fostering")) == 0
    )
    assert "Brookfield Fostering" in told.read_text(encoding="utf-8")
    assert "Anytown Fostering" not in told.read_text(encoding="utf-8")
