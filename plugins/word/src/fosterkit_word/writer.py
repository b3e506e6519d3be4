"""``write_document``: a :class:`fosterkit.plugins.Document` as a Word (.docx) file.

The same document always gives the same bytes: no time of writing goes in (the core properties
carry none, and every part of the zip has one fixed date), so a letter written twice, or kept
under version control, shows no change that is not a change in its words.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import docx
from docx.document import Document as WordDocument
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn

from fosterkit.plugins import Document
from fosterkit_word.blocks import Body
from fosterkit_word.letterhead import add_footer, add_letterhead, read_logo
from fosterkit_word.styles import prepare
from fosterkit_word.text import xml_safe

__all__ = ["write_document"]

#: The date every part of the zip carries: the earliest a zip can hold, so that no real time goes in.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def write_document(document: Document, path: Path) -> None:
    """Lay ``document`` out as a Word file at ``path``: A4, its letterhead on every page, its blocks below.

    A logo that cannot be read, or is not a PNG or JPEG image, raises
    :class:`fosterkit_word.letterhead.LogoError` naming the file, before anything is written.
    """
    logo = read_logo(document.letterhead.logo) if document.letterhead.logo else None
    doc = docx.Document()
    prepare(doc)
    section = doc.sections[0]
    add_letterhead(section, document.letterhead, logo)
    add_footer(section, document.footer)
    body = Body(doc)
    body.title(document.title)
    for block in document.blocks:
        body.add(block)
    _properties(doc, document)
    _save(doc, path)


def _properties(doc: WordDocument, document: Document) -> None:
    """Title, author (the service) and language; no times, and nothing of python-docx's own."""
    properties = doc.core_properties
    properties.title = xml_safe(document.title)
    properties.author = xml_safe(document.letterhead.service)
    properties.language = "en-GB"
    properties.comments = ""
    properties.last_modified_by = ""
    element: Any = properties._element  # python-docx can set a time but not leave one out
    for name in ("dcterms:created", "dcterms:modified"):
        for child in element.findall(qn(name)):
            element.remove(child)
    package: Any = doc.part.package
    for key, relationship in list(package.rels.items()):
        if relationship.reltype == RELATIONSHIP_TYPE.THUMBNAIL:  # a picture of python-docx's blank page
            package.rels.pop(key)


def _save(doc: WordDocument, path: Path) -> None:
    """Save ``doc`` at ``path`` with every part of the zip dated :data:`_ZIP_DATE`."""
    made = io.BytesIO()
    doc.save(made)
    with zipfile.ZipFile(made) as parts, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for part in parts.infolist():
            fixed = zipfile.ZipInfo(part.filename, date_time=_ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            out.writestr(fixed, parts.read(part))
