"""Adapter: template packs read from files, and documents written through a document format plugin.

:func:`load_template_pack` reads a service's pack (or the built-in one, from the package's
data) and resolves its logo's path against the pack's folder, refusing a logo that is not
there. :func:`write_document` finds the installed document format for the target's suffix
(``.docx``: the Word plugin) and writes the file beside its target, moving it into place only
when complete; the file is readable by its owner only, since letters hold personal data.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from attrs import evolve

from fosterkit.adapters.atomic import write_beside
from fosterkit.adapters.toml_files import read_toml_file, toml_data
from fosterkit.documents import Document, TemplateError, TemplatePack, template_pack_from_dict
from fosterkit.errors import FosterkitError, UnwritableFolderError
from fosterkit.plugins import Plugins, document_formats, format_for, make_plugin_manager
from fosterkit.plugins.contracts import DocumentFormat

__all__ = [
    "BUILTIN_TEMPLATES",
    "DocumentWriteError",
    "builtin_template_text",
    "document_format_for",
    "load_template_pack",
    "parse_template_pack",
    "write_document",
]

#: Where the built-in template pack lives, inside the package.
BUILTIN_TEMPLATES = ("data", "templates", "default.toml")

Target = str | os.PathLike[str]


class DocumentWriteError(FosterkitError):
    """A document that cannot be written as asked (no format for its suffix, an unwritable folder)."""


def builtin_template_text() -> str:
    """The text of the built-in template pack, as a service would copy it to edit."""
    return resources.files("fosterkit").joinpath(*BUILTIN_TEMPLATES).read_text(encoding="utf-8")


def parse_template_pack(text: str, *, source: str = "<string>", folder: Path | None = None) -> TemplatePack:
    """A checked template pack from TOML text; its logo resolved against ``folder`` and required to exist.

    Without ``folder`` (the built-in pack, text in memory) a logo is resolved against the
    current folder.
    """
    pack = template_pack_from_dict(toml_data(text, source, TemplateError), source=source, text=text)
    logo = pack.service.logo
    if not logo.strip():
        return pack
    path = Path(logo).expanduser()
    if not path.is_absolute() and folder is not None:
        path = folder / path
    if not path.is_file():
        raise pack.problem(
            "service.logo",
            f"the logo {logo!r} is not a file (looked for {path}); give a path relative to the pack, "
            'or "" for no logo',
        )
    return evolve(pack, service=evolve(pack.service, logo=str(path)))


def load_template_pack(path: Target | None = None) -> TemplatePack:
    """The template pack in the TOML file at ``path``, or the built-in pack when ``path`` is ``None``.

    Every fault of the pack is raised as one :class:`~fosterkit.documents.TemplateError` naming
    the file, the document, the text and its line.
    """
    if path is None:
        return parse_template_pack(builtin_template_text(), source=f"fosterkit/{'/'.join(BUILTIN_TEMPLATES)}")
    text, source = read_toml_file(path, TemplateError)
    return parse_template_pack(text, source=source, folder=Path(path).parent)


def document_format_for(
    path: Target, plugins: Plugins | None = None, format_name: str | None = None
) -> DocumentFormat:
    """The installed document format that writes ``path``'s suffix (``format_name`` chooses on a clash)."""
    manager = plugins or make_plugin_manager()
    found, _ = document_formats(manager)
    return format_for(
        found.values(),
        path,
        action="write a document",
        kind="document",
        error=DocumentWriteError,
        install="fosterkit-word",
        name=format_name,
        builtin=manager.builtin,
    )


def write_document(
    document: Document,
    target: Target,
    *,
    plugins: Plugins | None = None,
    format_name: str | None = None,
    force: bool = False,
) -> Path:
    """Write ``document`` at ``target`` with the document format for its suffix; the path written.

    An existing file is replaced only with ``force``. The file appears whole or not at all, and
    is readable by its owner only.
    """
    path = Path(target)
    document_format = document_format_for(path, plugins, format_name)
    if not force and (path.exists() or path.is_symlink()):
        raise DocumentWriteError(f"{path} exists; give force=True (--force) to replace it")

    def write(temp: Path) -> None:
        document_format.write(document, temp)
        temp.chmod(0o600)  # even if the format made the file afresh: letters hold personal data

    try:
        write_beside(path, write)
    except UnwritableFolderError as err:
        raise DocumentWriteError(str(err)) from None
    return path
