"""``check_audit_format``, ``check_document_format``, ``check_plugin``: formats, and a plugin as installed."""

from __future__ import annotations

import datetime
import struct
import zlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import attrs
from attrs import frozen
from hypothesis import given
from hypothesis import strategies as st

import fosterkit
from fosterkit.errors import FosterkitError
from fosterkit.framework import Catalogue
from fosterkit.plugins import (
    AuditFormat,
    AuditWorkbook,
    Bullets,
    Document,
    DocumentFormat,
    Exporter,
    Heading,
    Importer,
    Letterhead,
    PageBreak,
    Paragraph,
    ParagraphStyle,
    PluginFailure,
    PluginInfo,
    Plugins,
    ReportFormat,
    SourceReader,
    Table,
    TrackerFormat,
    audit_formats,
    document_formats,
    exporters,
    importers,
    make_plugin_manager,
    plugin_infos,
    report_formats,
    source_readers,
    tracker_formats,
)
from fosterkit.testing.audit_strategies import audit_cycles
from fosterkit.testing.conformance._samples import FORMULA_TEXTS
from fosterkit.testing.conformance._support import examples, fail, own_folder, scratch, suffix

_DAY = datetime.date(2026, 11, 23)


def check_audit_format(
    fmt: AuditFormat, directory: Path, *, catalogue: Catalogue | None = None, max_examples: int = 25
) -> None:
    """Check that an audit-workbook format reads back every cycle it writes, writing files in ``directory``.

    Call it from a test: ``check_audit_format(my_format, tmp_path)``. For ``max_examples``
    hypothesis-generated audit cycles of ``catalogue`` (by default the built-in Practice Guide
    pack), with answers, priorities and actions, the workbook ``fmt`` writes reads back as the
    same cycle with no problems; it raises :class:`AssertionError` naming the format otherwise.
    """
    directory = own_folder(directory, "check-audit-format")
    pack = catalogue if catalogue is not None else fosterkit.load_catalogue()

    @examples(max_examples)
    @given(cycle=audit_cycles(pack))
    def round_trip(cycle: Any) -> None:
        with scratch(directory, "audit") as folder:
            path = folder / f"audit{suffix(fmt)}"
            fmt.write(AuditWorkbook(catalogue=pack, cycle=cycle, generated_on=_DAY), path)
            reading = fmt.read(path, pack)
            if reading.problems:
                fail(fmt.name, f"a cycle read back with problems: {[str(p) for p in reading.problems]}")
            if reading.cycle != cycle:
                fail(fmt.name, "an audit cycle did not read back as it was written")

    round_trip()


#: Lists the words a written document shows, as one text (from its XML, or from a rendering of it).
Words = Callable[[Path], str]


def sample_logo(path: Path, *, width: int = 96, height: int = 48) -> Path:
    """Write a small valid PNG image (a colour gradient) at ``path``, for a letterhead's logo; return it."""
    rows = b"".join(
        b"\x00" + b"".join(bytes((x * 255 // width, y * 255 // height, 128)) for x in range(width))
        for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
    return path


def sample_document(*, logo: str = "") -> Document:
    """A document holding every kind of block and paragraph style, formula-looking text and line breaks."""
    return Document(
        kind="feedback",
        title="What you told us, and what we did",
        letterhead=Letterhead(
            service="Anytown Fostering Service",
            contact="Town Hall, Anytown AN1 1AA\n01632 960 000, fostering@anytown.example",
            logo=logo,
        ),
        blocks=(
            Heading("Thank you for talking to us"),
            Paragraph("Dear Zoë Ångström,\nthank you for the time you gave us — it helped."),
            Heading("What you said", 2),
            Paragraph("The out-of-hours line did not answer at night.", ParagraphStyle.QUOTE),
            Bullets(("Respite was hard to arrange", "Training came too late")),
            Heading("What we will do", 3),
            Bullets(("A duty worker every night", "Respite booked within a week"), numbered=True),
            Bullets(("Review in six months", FORMULA_TEXTS[0]), numbered=True),
            Table(
                header=("Theme", "You said", "We did"),
                rows=(("Support", "7", "Changed"), ("Finance", "[c]", "Under review"), ("Training", "3", "")),
                caption="Suggestions by theme",
            ),
            Table(header=("Figure", "Count"), rows=(("Offered", "12"), ("Took part", "9"))),
            PageBreak(),
            Paragraph(FORMULA_TEXTS[3]),
            Paragraph("This letter is kept for six years.", ParagraphStyle.NOTE),
        ),
        footer="OFFICIAL-SENSITIVE",
    )


def _squashed(text: str) -> str:
    return " ".join(text.split())


def document_parts(document: Document) -> list[str]:
    """Every line of ``document``'s text (:meth:`~fosterkit.plugins.Document.text`), spaces squashed to one.

    A table row is one line, its cells separated by a space, as it reads across the page.
    """
    return [_squashed(line) for line in document.text().splitlines() if line.strip()]


#: Text for the documents the kit draws: anything at all (control characters and lone surrogates
#: included), and text that looks like a formula.
_TEXTS = st.one_of(
    st.sampled_from(FORMULA_TEXTS),
    st.text(st.characters(exclude_categories=()), min_size=1, max_size=30).filter(str.strip),
)


@st.composite
def _tables(draw: st.DrawFn) -> Table:
    width = draw(st.integers(1, 4))
    cells = st.tuples(*[_TEXTS | st.just("")] * width)
    return Table(
        header=draw(st.tuples(*[_TEXTS] * width)),
        rows=tuple(draw(st.lists(cells, max_size=4))),
        caption=draw(_TEXTS | st.just("")),
    )


def documents() -> st.SearchStrategy[Document]:
    """Documents of any blocks, with any text in every place text goes (for :func:`check_document_format`)."""
    blocks = st.one_of(
        st.builds(Heading, _TEXTS, st.integers(1, 3)),
        st.builds(Paragraph, _TEXTS, st.sampled_from(ParagraphStyle)),
        st.builds(Bullets, st.lists(_TEXTS, min_size=1, max_size=3).map(tuple), st.booleans()),
        _tables(),
        st.just(PageBreak()),
    )
    letterheads = st.builds(Letterhead, service=_TEXTS, contact=_TEXTS | st.just(""))
    return st.builds(
        Document,
        kind=st.just("report"),
        title=_TEXTS,
        letterhead=letterheads,
        blocks=st.lists(blocks, max_size=8).map(tuple),
        footer=_TEXTS | st.just(""),
    )


def _write(fmt: DocumentFormat, document: Document, path: Path) -> bytes:
    try:
        fmt.write(document, path)
    except Exception as err:  # whatever the format raised: the kit reports it as a failed check
        raise AssertionError(f"{fmt.name}: writing a document failed: {type(err).__name__}: {err}") from err
    if not path.is_file() or not path.stat().st_size:
        fail(fmt.name, f"write left no file (or an empty one) at {path.name}")
    return path.read_bytes()


def _bad_logo(fmt: DocumentFormat, document: Document, logo: Path, folder: Path) -> None:
    """A logo that is missing, or not an image: ignored, or a FosterkitError naming the file."""
    letterhead = attrs.evolve(document.letterhead, logo=str(logo))
    try:
        fmt.write(attrs.evolve(document, letterhead=letterhead), folder / f"bad-logo{suffix(fmt)}")
    except FosterkitError as err:
        if logo.name not in str(err):
            fail(fmt.name, f"the error for a bad logo does not name the file {logo.name}: {err}")
    except Exception as err:  # anything but a FosterkitError would reach the user as a traceback
        raise AssertionError(
            f"{fmt.name}: a bad logo ({logo.name}) raised {type(err).__name__}: {err}; raise a "
            "fosterkit.errors.FosterkitError saying what is wrong with the file, naming it"
        ) from err


def check_document_format(
    fmt: DocumentFormat, directory: Path, *, words: Words | None = None, max_examples: int = 25
) -> None:
    """Check that a document format writes any document, the same way every time, with files in ``directory``.

    Call it from a test: ``check_document_format(my_format, tmp_path)``. It checks that
    :func:`sample_document` (every kind of block, a PNG logo) is written, and that writing it
    again gives the very same bytes (no time of writing in the file); that a logo that is
    missing, or is not an image, is either left out or refused with a
    :class:`~fosterkit.errors.FosterkitError` naming the file; and that ``max_examples``
    hypothesis-drawn documents, with any characters at all in their text (control characters
    and lone surrogates too), are written, twice alike. With ``words`` (a function giving the
    text a written file shows), every line of the sample document's text must be among it.
    It raises :class:`AssertionError` naming the format otherwise.
    """
    directory = own_folder(directory, "check-document-format")
    document = sample_document(logo=str(sample_logo(directory / "logo.png")))
    first = directory / f"first{suffix(fmt)}"
    if _write(fmt, document, first) != _write(fmt, document, directory / f"second{suffix(fmt)}"):
        fail(fmt.name, "the same document written twice gave different files (is the time of writing in it?)")
    if words is not None:
        shown = _squashed(words(first))
        missing = [part for part in document_parts(document) if part not in shown]
        if missing:
            fail(fmt.name, f"the written document does not show {missing!r}")
    (directory / "not-an-image.png").write_text("not an image\n", encoding="utf-8")
    _bad_logo(fmt, document, directory / "no-such-logo.png", directory)
    _bad_logo(fmt, document, directory / "not-an-image.png", directory)

    @examples(max_examples)
    @given(drawn=documents())
    def any_text(drawn: Document) -> None:
        with scratch(directory, "document") as folder:
            once = _write(fmt, drawn, folder / f"once{suffix(fmt)}")
            if once != _write(fmt, drawn, folder / f"twice{suffix(fmt)}"):
                fail(fmt.name, "the same document written twice gave different files")

    any_text()


@frozen
class PluginOffers:
    """What one installed plugin offers, by name, as :func:`check_plugin` found it."""

    info: PluginInfo
    exporters: dict[str, Exporter]
    importers: dict[str, Importer]
    source_readers: dict[str, SourceReader]
    tracker_formats: dict[str, TrackerFormat]
    audit_formats: dict[str, AuditFormat]
    report_formats: dict[str, ReportFormat]
    document_formats: dict[str, DocumentFormat]


_Collect = Callable[[Plugins], tuple[Mapping[str, Any], tuple[PluginFailure, ...]]]
_OFFERS: dict[str, tuple[str, _Collect]] = {
    "fosterkit_exporters": ("exporters", exporters),
    "fosterkit_importers": ("importers", importers),
    "fosterkit_source_readers": ("source_readers", source_readers),
    "fosterkit_tracker_formats": ("tracker_formats", tracker_formats),
    "fosterkit_audit_formats": ("audit_formats", audit_formats),
    "fosterkit_report_formats": ("report_formats", report_formats),
    "fosterkit_document_formats": ("document_formats", document_formats),
}


def check_plugin(name: str) -> PluginOffers:
    """Check the installed plugin ``name`` as fosterkit finds it, and return what it offers.

    Call it from a test once your distribution is installed (``pip install -e .``):
    ``offers = check_plugin("anytown")``. It checks that the plugin is found through its entry
    point and loads without failures, that what it offers does not clash with another
    plugin's, that each hook it implements offers something, and that every offer is marked
    with the plugin's name and has suffixes that start with a dot. Assert what your plugin
    offers (names, options) on the result.
    """
    plugins = make_plugin_manager()
    failed = [f.describe() for f in plugins.failures if name in f.plugin.split(", ")]
    if failed:
        fail(name, f"the plugin failed: {failed}")
    info = next((i for i in plugin_infos(plugins) if i.name == name), None)
    if info is None:
        fail(
            name, "no plugin of that name is installed (is its distribution installed, with its entry point?)"
        )
    found: dict[str, dict[str, Any]] = {}
    for hook, (field, collect) in _OFFERS.items():
        offered, failures = collect(plugins)
        clashes = [f.describe() for f in failures if name in f.plugin.split(", ")]
        if clashes:
            fail(name, f"its {field.replace('_', ' ')} clash: {clashes}")
        mine = {key: offer for key, offer in offered.items() if offer.plugin == name}
        if hook in info.hooks and not mine:
            fail(name, f"implements {hook} but offers nothing through it")
        for offer in mine.values():
            if not offer.suffixes or not all(s.startswith(".") for s in offer.suffixes):
                fail(
                    name,
                    f"{offer.name} has suffixes {offer.suffixes!r}: give one or more, each starting with '.'",
                )
        found[field] = mine
    return PluginOffers(info=info, **found)
