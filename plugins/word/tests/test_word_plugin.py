"""The ``word`` document format: what the .docx holds, read from its XML (the rendering tests print it)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from wordfiles import W, docx_words, part, parts

from fosterkit.errors import FosterkitError
from fosterkit.plugins import Bullets, Document, DocumentFormat, Heading, Letterhead, Paragraph, Table
from fosterkit.testing import conformance
from fosterkit_word.letterhead import LogoError
from fosterkit_word.text import xml_safe

EMU_PER_CM = 360000
TWIPS_PER_CM = 1440 / 2.54


@pytest.fixture(scope="module")
def word() -> DocumentFormat:
    return conformance.check_plugin("word").document_formats["word"]


def write(fmt: DocumentFormat, document: Document, path: Path) -> Path:
    fmt.write(document, path)
    return path


def with_logo(document: Document, logo: str) -> Document:
    return attrs.evolve(document, letterhead=attrs.evolve(document.letterhead, logo=logo))


def styles_used(docx: Path) -> list[str]:
    return [s.get(f"{W}val", "") for s in part(docx, "word/document.xml").iter(f"{W}pStyle")]


def test_the_plugin_offers_word_for_docx(word: DocumentFormat) -> None:
    assert word.plugin == "word"
    assert word.suffixes == (".docx",)


def test_the_format_passes_the_conformance_kit(word: DocumentFormat, tmp_path: Path) -> None:
    conformance.check_document_format(word, tmp_path, words=docx_words)


def test_the_kit_fails_a_format_that_stamps_the_time_or_drops_words(tmp_path: Path) -> None:
    counter = iter(range(1000))

    def stamped(document: Document, path: Path) -> None:
        path.write_text(f"{document.text()}\nwritten {next(counter)}", encoding="utf-8")

    def forgetful(document: Document, path: Path) -> None:
        path.write_text(document.title, encoding="utf-8")

    def fragile(document: Document, path: Path) -> None:
        path.write_bytes(document.text().encode("ascii"))

    def traceback_on_logo(document: Document, path: Path) -> None:
        if document.letterhead.logo:
            Path(document.letterhead.logo).read_bytes()
        path.write_text(document.text(), encoding="utf-8", errors="surrogateescape")

    def plain(write: object) -> DocumentFormat:
        return DocumentFormat(name="plain", suffixes=(".txt",), description="plain text", write=write)  # type: ignore[arg-type]

    def words(path: Path) -> str:
        return path.read_text(encoding="utf-8")

    with pytest.raises(AssertionError, match="written twice gave different files"):
        conformance.check_document_format(plain(stamped), tmp_path, max_examples=1)
    with pytest.raises(AssertionError, match="does not show"):
        conformance.check_document_format(plain(forgetful), tmp_path, words=words, max_examples=1)
    with pytest.raises(AssertionError, match="writing a document failed: UnicodeEncodeError"):
        conformance.check_document_format(plain(fragile), tmp_path, max_examples=1)
    with pytest.raises(AssertionError, match="raised FileNotFoundError"):
        conformance.check_document_format(plain(traceback_on_logo), tmp_path, max_examples=1)


def test_the_page_is_a4_portrait_with_margins(word: DocumentFormat, tmp_path: Path) -> None:
    docx = write(word, conformance.sample_document(), tmp_path / "letter.docx")
    section = part(docx, "word/document.xml").find(f"{W}body/{W}sectPr")
    assert section is not None
    size, margins = section.find(f"{W}pgSz"), section.find(f"{W}pgMar")
    assert size is not None
    assert margins is not None
    assert round(int(size.get(f"{W}w", "0")) / TWIPS_PER_CM, 1) == 21.0
    assert round(int(size.get(f"{W}h", "0")) / TWIPS_PER_CM, 1) == 29.7
    assert size.get(f"{W}orient") in (None, "portrait")
    for side in ("top", "bottom", "left", "right"):
        assert 1.9 <= int(margins.get(f"{W}{side}", "0")) / TWIPS_PER_CM <= 2.6, side


def test_every_block_has_words_built_in_style(word: DocumentFormat, tmp_path: Path) -> None:
    docx = write(word, conformance.sample_document(), tmp_path / "letter.docx")
    used = styles_used(docx)
    built_in = ("Title", "Heading1", "Heading2", "Heading3", "ListBullet", "ListNumber", "Caption", "Quote")
    for name in (*built_in, "Note"):
        assert name in used, name
    tables = list(part(docx, "word/document.xml").iter(f"{W}tbl"))
    assert len(tables) == 2
    for table in tables:
        table_style = table.find(f"{W}tblPr/{W}tblStyle")
        assert table_style is not None
        assert table_style.get(f"{W}val") == "TableGrid"
        first, *rest = table.findall(f"{W}tr")
        assert first.find(f"{W}trPr/{W}tblHeader") is not None  # repeated on every page
        assert all(row.find(f"{W}trPr/{W}tblHeader") is None for row in rest)


def _sizes(docx: Path) -> dict[str, float]:
    """Each paragraph style's own font size in points, and the document default's as ``""``."""
    styles = part(docx, "word/styles.xml")
    found = {}
    default = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}sz")
    assert default is not None
    found[""] = int(default.get(f"{W}val", "0")) / 2
    for style in styles.iter(f"{W}style"):
        size = style.find(f"{W}rPr/{W}sz")
        if size is not None:
            found[style.get(f"{W}styleId", "")] = int(size.get(f"{W}val", "0")) / 2
    return found


def test_the_print_is_readable_nothing_under_nine_points(word: DocumentFormat, tmp_path: Path) -> None:
    docx = write(word, conformance.sample_document(), tmp_path / "letter.docx")
    sizes = _sizes(docx)
    assert sizes[""] == 11
    assert sizes["Normal"] == 11
    for style in set(styles_used(docx)):
        assert sizes.get(style, 11) >= 9, style
    for name in parts(docx):
        if name.startswith(("word/document", "word/header", "word/footer")):
            for size in part(docx, name).iter(f"{W}sz"):
                assert int(size.get(f"{W}val", "0")) / 2 >= 9, name


def test_the_font_and_language_are_set_for_every_script(word: DocumentFormat, tmp_path: Path) -> None:
    docx = write(word, conformance.sample_document(), tmp_path / "letter.docx")
    styles = part(docx, "word/styles.xml")
    fonts = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    language = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert fonts is not None
    assert language is not None
    assert fonts.get(f"{W}ascii") == "Arial"
    assert not [a for a in fonts.attrib if a.endswith("Theme")]
    assert language.get(f"{W}val") == "en-GB"


def test_properties_name_the_title_and_service_and_no_time(word: DocumentFormat, tmp_path: Path) -> None:
    docx = write(word, conformance.sample_document(), tmp_path / "letter.docx")
    with zipfile.ZipFile(docx) as archive:
        core = archive.read("docProps/core.xml").decode("utf-8")
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert "<dc:title>What you told us, and what we did</dc:title>" in core
    assert "<dc:creator>Anytown Fostering Service</dc:creator>" in core
    assert "<dc:language>en-GB</dc:language>" in core
    assert "created" not in core
    assert "modified>" not in core
    assert "python-docx" not in core
    assert not [name for name in parts(docx) if "thumbnail" in name]


def test_line_breaks_and_formula_text_are_kept_as_written(word: DocumentFormat, tmp_path: Path) -> None:
    document = Document(
        kind="offer",
        title="An offer",
        letterhead=Letterhead(service="Anytown"),
        blocks=(Paragraph("Jo Bloggs\n1 High Street\nAnytown"), Paragraph('=HYPERLINK("x","y")\t+44 1')),
    )
    words = docx_words(write(word, document, tmp_path / "offer.docx"))
    assert "Jo Bloggs\n1 High Street\nAnytown" in words
    assert '=HYPERLINK("x","y")\t+44 1' in words


def test_numbered_lists_each_start_at_one(word: DocumentFormat, tmp_path: Path) -> None:
    document = Document(
        kind="report",
        title="Lists",
        letterhead=Letterhead(service="Anytown"),
        blocks=(Bullets(("a", "b"), numbered=True), Bullets(("c",)), Bullets(("d", "e"), numbered=True)),
    )
    docx = write(word, document, tmp_path / "lists.docx")
    body = part(docx, "word/document.xml")
    own = [p.find(f"{W}pPr/{W}numPr/{W}numId") for p in body.iter(f"{W}p")]
    restarted = {n.get(f"{W}val") for n in own if n is not None}
    assert len(restarted) == 1  # only the second numbered list has a numbering of its own
    numbering = part(docx, "word/numbering.xml")
    num = next(n for n in numbering.iter(f"{W}num") if n.get(f"{W}numId") in restarted)
    start = num.find(f"{W}lvlOverride/{W}startOverride")
    assert start is not None
    assert start.get(f"{W}val") == "1"


UNSAFE = st.text(st.characters(codec=None, categories=("Cc", "Cs")), min_size=1, max_size=5)


@given(junk=UNSAFE)
def test_text_xml_cannot_hold_is_shown_escaped(junk: str) -> None:
    shown = xml_safe(junk)
    xml_chars = [c in "\t\n" or 0x20 <= ord(c) <= 0xD7FF or 0xE000 <= ord(c) <= 0xFFFD for c in shown]
    assert all(xml_chars), shown
    assert "\x7f" not in shown, shown
    if "\x07" in junk:
        assert "\\x07" in shown


def test_control_characters_everywhere_still_make_a_file(word: DocumentFormat, tmp_path: Path) -> None:
    junk = "bell\x07 nul\x00 byte\udc9c end\ufffe"
    document = Document(
        kind="report",
        title=junk,
        letterhead=Letterhead(service=junk, contact=junk),
        blocks=(
            Heading(junk),
            Paragraph(junk),
            Bullets((junk,)),
            Table(header=(junk,), rows=((junk,),), caption=junk),
        ),
        footer=junk,
    )
    docx = write(word, document, tmp_path / "junk.docx")
    words = docx_words(docx)
    # title, service, contact, heading, paragraph, item, caption, two cells and the footer
    assert words.count("bell\\x07 nul\\x00 byte\\x9c end\\ufffe") == 10


def test_the_logo_is_an_image_in_the_header_with_the_service_as_its_description(
    word: DocumentFormat, tmp_path: Path
) -> None:
    logo = conformance.sample_logo(tmp_path / "logo.png", width=100, height=50)
    docx = write(word, conformance.sample_document(logo=str(logo)), tmp_path / "letter.docx")
    assert [name for name in parts(docx) if name.startswith("word/media/")] == ["word/media/image1.png"]
    header = part(docx, "word/header1.xml")
    drawing = header.find(f".//{W}drawing")
    assert drawing is not None
    wp = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
    extent, described = drawing.find(f".//{wp}extent"), drawing.find(f".//{wp}docPr")
    assert extent is not None
    assert described is not None
    assert int(extent.get("cy", "0")) / EMU_PER_CM == pytest.approx(1.6, abs=0.01)
    assert int(extent.get("cx", "0")) / EMU_PER_CM == pytest.approx(3.2, abs=0.01)
    assert described.get("descr") == "Anytown Fostering Service"


def test_a_wide_logo_is_kept_narrow_enough(word: DocumentFormat, tmp_path: Path) -> None:
    logo = conformance.sample_logo(tmp_path / "wide.png", width=400, height=20)
    docx = write(word, conformance.sample_document(logo=str(logo)), tmp_path / "letter.docx")
    extent = part(docx, "word/header1.xml").find(
        ".//{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent"
    )
    assert extent is not None
    assert int(extent.get("cx", "0")) / EMU_PER_CM == pytest.approx(5.5, abs=0.01)


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (None, "cannot be read: no such file"),
        (b"GIF89a\x01\x00\x01\x00", "is not a PNG or JPEG image"),
        (b"%PDF-1.7\n", r"is not a PNG or JPEG image \(it looks like a PDF document\)"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 8, "is damaged"),
    ],
)
def test_a_logo_that_is_not_a_png_or_jpeg_is_refused_naming_the_file(
    word: DocumentFormat, tmp_path: Path, content: bytes | None, says: str
) -> None:
    logo = tmp_path / "crest.png"
    if content is not None:
        logo.write_bytes(content)
    target = tmp_path / "letter.docx"
    with pytest.raises(LogoError, match=says) as caught:
        word.write(with_logo(conformance.sample_document(), str(logo)), target)
    assert isinstance(caught.value, FosterkitError)
    assert str(caught.value).startswith(f"{logo}: the letterhead's logo ")
    assert "\n" not in str(caught.value)
    assert not target.exists()


def test_columns_are_as_wide_as_their_words_need(word: DocumentFormat, tmp_path: Path) -> None:
    document = Document(
        kind="report",
        title="Widths",
        letterhead=Letterhead(service="Anytown"),
        blocks=(
            Table(
                header=("Why carers left, in their own words", "Carers"),
                rows=(("The out-of-hours line did not answer at night", "7"),),
            ),
        ),
    )
    docx = write(word, document, tmp_path / "widths.docx")
    grid = [int(c.get(f"{W}w", "0")) for c in part(docx, "word/document.xml").iter(f"{W}gridCol")]
    assert len(grid) == 2
    assert grid[0] > 4 * grid[1]
    assert sum(grid) / TWIPS_PER_CM == pytest.approx(21 - 2 * 2.2, abs=0.05)
