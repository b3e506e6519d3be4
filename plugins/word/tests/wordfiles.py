"""What a written .docx holds, read straight from its zip with the standard library (not python-docx)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

__all__ = ["W", "docx_words", "part", "parts"]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: The parts whose words a reader sees: the body, then the page headers and footers.
_SHOWN = ("word/document.xml", "word/header", "word/footer")


def parts(docx: Path) -> list[str]:
    """The names of the parts in ``docx``."""
    with zipfile.ZipFile(docx) as archive:
        return archive.namelist()


def part(docx: Path, name: str) -> ElementTree.Element:
    """The XML part ``name`` of ``docx``, parsed."""
    with zipfile.ZipFile(docx) as archive:
        return ElementTree.fromstring(archive.read(name))


def docx_words(docx: Path) -> str:
    """Every word ``docx`` holds, a line to a paragraph, tabs and line breaks as ``\\t`` and ``\\n``."""
    lines = []
    for name in parts(docx):
        if not name.startswith(_SHOWN):
            continue
        for paragraph in part(docx, name).iter(f"{W}p"):
            text = []
            for run in paragraph.iter(f"{W}r"):
                for element in run:
                    if element.tag == f"{W}t":
                        text.append(element.text or "")
                    elif element.tag == f"{W}tab":
                        text.append("\t")
                    elif element.tag == f"{W}br":
                        text.append("\n")
            lines.append("".join(text))
    return "\n".join(lines)
