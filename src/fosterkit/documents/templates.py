"""The service's own wording: a template pack holding every word of every document fosterkit writes.

A pack is TOML data (``schema_version = 1``): a ``[service]`` table (name, contact, logo,
signatory, signatory_role, greeting), a ``[letter]`` table of the words every letter shares,
and one table per document (``offer``, ``explain``, ``feedback``, ``checklist``,
``discussion_guide``, ``report``), each with a ``title`` and named texts, and one table per
report audience (``report_management``, ``report_panel``, ``report_carers_association``) with
its purpose and an introduction to each of its sections. Texts hold ``{placeholders}``;
:data:`TEMPLATE_KINDS` declares, for each document and text, which placeholders it may use.
:func:`template_pack_from_dict` checks a whole pack and raises one :class:`TemplateError`
listing every fault, each named by document and text. A pack is complete on its own: nothing
falls back to the built-in wording.

The builders (:mod:`fosterkit.documents.letters`, :mod:`fosterkit.documents.guide`) decide only
the order of the texts and the kind of block each becomes.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

from attrs import field, frozen

from fosterkit._util import validators as v
from fosterkit.analysis.audiences import ALL_SECTIONS, SECTIONS, Audience
from fosterkit.errors import Problem, ProblemsError

__all__ = [
    "SCHEMA_VERSION",
    "SERVICE_FIELDS",
    "TEMPLATE_KINDS",
    "DocumentTemplate",
    "DocumentTexts",
    "ServiceDetails",
    "TemplateError",
    "TemplatePack",
    "TextSpec",
    "fill",
    "placeholders",
    "template_pack_from_dict",
]

#: The version of the template pack format this fosterkit reads.
SCHEMA_VERSION = 1

#: The fields of ``[service]``, each text; ``name`` must not be empty.
SERVICE_FIELDS = ("name", "contact", "logo", "signatory", "signatory_role", "greeting")


class TemplateError(ProblemsError):
    """A template pack is malformed: an unknown placeholder, a missing document or text, a wrong type."""

    kind = "template pack"


def _names(names: Iterable[str]) -> frozenset[str]:
    return frozenset(names)


@frozen
class TextSpec:
    """One named text of a document: the placeholders it may use, and whether it is a list of texts.

    ``count`` fixes the length of a list (the twelve month names); ``required`` texts must be in
    every pack (all are, unless said otherwise).
    """

    name: str = field(validator=v.identifier)
    allowed: frozenset[str] = field(converter=_names)
    many: bool = False
    count: int | None = None
    required: bool = True


@frozen
class DocumentTemplate:
    """What a document's table in a pack must hold: its texts, and any table of texts keyed freely.

    ``keyed`` texts sit in a sub-table (``[discussion_guide.themes]``) whose keys the builder
    checks (theme codes against the taxonomy, say); every entry there is a list of texts.
    """

    kind: str = field(validator=v.identifier)
    texts: tuple[TextSpec, ...]
    keyed: tuple[TextSpec, ...] = ()

    def spec(self, name: str) -> TextSpec:
        """The text called ``name``; ``KeyError`` if the document has none."""
        for spec in (*self.texts, *self.keyed):
            if spec.name == name:
                return spec
        raise KeyError(f"the {self.kind} document has no text {name!r}")


def _text(name: str, *allowed: str) -> TextSpec:
    return TextSpec(name, allowed)


def _texts(name: str, *allowed: str) -> TextSpec:
    return TextSpec(name, allowed, many=True)


#: Placeholders every letter text may use.
LETTER = ("service", "contact", "signatory", "signatory_role", "name", "date", "reference")
#: The stage 2 window and the feedback time limit, from the service's process policy.
POLICY = ("stage_two_from", "stage_two_to", "feedback_days")
_SUGGESTION = (*LETTER, "number", "suggestion", "response_date")


#: Placeholders every text of the report may use: the service, the period's label, who the
#: report is for, the day it was made and the suppression threshold.
REPORT = ("service", "period", "audience", "date", "threshold")


def _report_tables() -> tuple[DocumentTemplate, ...]:
    """The report's own words (``report``), and each audience's purpose and introductions."""
    report = DocumentTemplate(
        "report",
        (
            _text("title", *REPORT),
            _text("for_line", *REPORT),
            _text("made_line", *REPORT),
            _text("footer", *REPORT),
            _text("nothing", *REPORT),
            _text("not_worked_out", *REPORT),
            TextSpec("figure_columns", REPORT, many=True, count=2),
            TextSpec("comparison_columns", REPORT, many=True, count=2),
            _text("changes_heading", *REPORT),
            TextSpec("change_columns", REPORT, many=True, count=3),
            _text("priority_item", *REPORT, "id", "title", "reasons"),
            _text("withheld_heading", *REPORT),
            _text("notes_heading", *REPORT),
            *(_text(f"{section}_heading", *REPORT) for section in ALL_SECTIONS),
        ),
    )
    audiences = tuple(
        DocumentTemplate(
            f"report_{audience.value}",
            (_text("purpose", *REPORT), *(_text(section, *REPORT) for section in SECTIONS[audience])),
        )
        for audience in Audience
    )
    return (report, *audiences)


def _registry(*documents: DocumentTemplate) -> Mapping[str, DocumentTemplate]:
    return MappingProxyType({document.kind: document for document in documents})


#: Every table a pack holds, by name, with its texts and their placeholders. A new document
#: kind (a report, say) is one more entry here and one more table in the built-in pack.
TEMPLATE_KINDS: Mapping[str, DocumentTemplate] = _registry(
    DocumentTemplate(
        "letter",
        (
            TextSpec("months", (), many=True, count=12),
            _text("date_line", *LETTER),
            _text("reference_line", *LETTER),
            _text("salutation", *LETTER),
            _text("sign_off", *LETTER),
            _text("signature", *LETTER),
            _text("footer", *LETTER),
        ),
    ),
    DocumentTemplate(
        "offer",
        (
            _text("title", *LETTER),
            _text("intro", *LETTER, *POLICY),
            _text("purpose", *LETTER, *POLICY),
            _text("stages_heading", *LETTER, *POLICY),
            _text("stage_one", *LETTER, *POLICY),
            _text("stage_two", *LETTER, *POLICY),
            _text("independence", *LETTER, *POLICY),
            _text("companion", *LETTER, *POLICY),
            _text("location", *LETTER, *POLICY),
            _text("complaints", *LETTER, *POLICY),
            _text("use_heading", *LETTER, *POLICY),
            _text("use_of_information", *LETTER, *POLICY),
            _text("consent", *LETTER, *POLICY),
            _text("choice", *LETTER, *POLICY),
            _text("reply", *LETTER, *POLICY),
            _text("closing", *LETTER, *POLICY),
        ),
    ),
    DocumentTemplate(
        "explain",
        (
            _text("title", *LETTER),
            _text("intro", *LETTER, *POLICY),
            _text("steps_heading", *LETTER, *POLICY),
            _texts("steps", *LETTER, *POLICY),
            _text("who_heading", *LETTER, *POLICY),
            _text("independence", *LETTER, *POLICY),
            _text("complaints", *LETTER, *POLICY),
            _text("use_heading", *LETTER, *POLICY),
            _text("use_of_information", *LETTER, *POLICY),
            _text("urgent", *LETTER, *POLICY),
            _text("publishing", *LETTER, *POLICY),
            _text("consent", *LETTER, *POLICY),
            _text("feedback", *LETTER, *POLICY),
            _text("review", *LETTER, *POLICY),
            _text("closing", *LETTER, *POLICY),
        ),
    ),
    DocumentTemplate(
        "feedback",
        (
            _text("title", *LETTER),
            _text("intro", *LETTER, *POLICY),
            _text("none", *LETTER, *POLICY),
            _text("suggestion_heading", *_SUGGESTION),
            _text("suggestion", *_SUGGESTION),
            _text("will_change", *_SUGGESTION),
            _text("already_changed", *_SUGGESTION),
            _text("under_review", *_SUGGESTION),
            _text("cannot_change", *_SUGGESTION),
            _text("not_decided", *_SUGGESTION),
            _text("summary", *_SUGGESTION, "summary"),
            _text("reason", *_SUGGESTION, "reason"),
            _text("closing", *LETTER, *POLICY),
        ),
    ),
    DocumentTemplate(
        "checklist",
        (
            _text("title", *LETTER),
            _text("intro", *LETTER, *POLICY),
            _text("version", *LETTER, "checklist_id", "checklist_version"),
            _text("closing", *LETTER, *POLICY),
        ),
    ),
    DocumentTemplate(
        "discussion_guide",
        (
            _text("title", "service"),
            _text("intro", "service", *POLICY),
            _text("practice_heading", "service"),
            _texts("practice", "service", *POLICY),
            _text("before_heading", "service"),
            _texts("before", "service", *POLICY),
            _text("stage_one_heading", "service"),
            _text("stage_one_intro", "service", *POLICY),
            _text("theme_prompt", "service", "theme"),
            _text("codes_intro", "service", "theme"),
            _text("code_item", "service", "theme", "label", "code"),
            _text("stage_two_heading", "service"),
            _text("stage_two_intro", "service", *POLICY),
            _texts("stage_two_questions", "service", *POLICY),
            _text("closing_heading", "service"),
            _texts("closing", "service", *POLICY),
        ),
        keyed=(_texts("themes", "service", "theme"),),
    ),
    *_report_tables(),
)


# -- placeholders ----------------------------------------------------------------------------------

_FORMATTER = string.Formatter()


def placeholders(template: str) -> tuple[str, ...]:
    """The placeholders of ``template`` in order (``{{`` and ``}}`` are literal braces).

    Raises ``ValueError`` saying what is wrong with a placeholder: a lone brace, an empty
    ``{}``, or one with a format (``{date:%d}``) or conversion (``{name!r}``), which packs do not use.
    """
    try:
        parsed = list(_FORMATTER.parse(template))
    except ValueError:
        raise ValueError(
            "a brace with no partner: close the placeholder, or write {{ or }} for a brace"
        ) from None
    found = []
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name:
            raise ValueError("an empty placeholder {}; write {{ or }} for a brace")
        if spec or conversion:
            shown = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            raise ValueError(f"placeholder {{{shown}}} has a format; write it as {{{name}}}")
        found.append(name)
    return tuple(found)


def fill(template: str, values: Mapping[str, object]) -> str:
    """``template`` with each placeholder replaced by its value (``KeyError`` for one not given).

    Values are put in as they are: braces in a value (a carer's own words) are never read as
    placeholders.
    """
    parts = []
    for literal, name, _spec, _conversion in _FORMATTER.parse(template):
        parts.append(literal)
        if name is not None:
            parts.append(str(values[name]))
    return "".join(parts)


# -- the pack --------------------------------------------------------------------------------------


@frozen(kw_only=True)
class ServiceDetails:
    """Who the documents are from: the service's name, contact, logo, signatory and greeting."""

    name: str = field(validator=v.text)
    contact: str = field(default="", validator=v.optional_text)
    logo: str = field(default="", validator=v.optional_text)
    """The logo's path as the pack gives it (relative to the pack file); empty for none."""
    signatory: str = field(default="", validator=v.optional_text)
    signatory_role: str = field(default="", validator=v.optional_text)
    greeting: str = field(default="", validator=v.optional_text)
    """How a letter addresses the carer when no name is given ("foster carer")."""


@frozen
class DocumentTexts:
    """The texts of one document in a pack, by name: a text, or a tuple of texts for a list."""

    kind: str
    texts: Mapping[str, str | tuple[str, ...]]
    keyed: Mapping[str, Mapping[str, tuple[str, ...]]] = MappingProxyType({})

    def one(self, name: str) -> str:
        """The text ``name`` (a single text)."""
        found = self.texts[name]
        if not isinstance(found, str):
            raise TypeError(f"{self.kind}.{name} is a list of texts")
        return found

    def many(self, name: str) -> tuple[str, ...]:
        """The list of texts ``name``."""
        found = self.texts[name]
        if isinstance(found, str):
            raise TypeError(f"{self.kind}.{name} is a single text")
        return found


@frozen(kw_only=True)
class TemplatePack:
    """A whole, checked template pack: the service's details and every document's texts."""

    service: ServiceDetails
    documents: Mapping[str, DocumentTexts]
    source: str = "<string>"
    """Where the pack came from (its file), for messages."""
    lines: Mapping[str, int] = MappingProxyType({})
    """The line of each text in the pack file (``offer.intro``), where it could be found."""

    def document(self, kind: str) -> DocumentTexts:
        """The texts of the document ``kind``."""
        return self.documents[kind]

    def problem(self, path: str, message: str) -> TemplateError:
        """A :class:`TemplateError` about the text at ``path`` (``discussion_guide.themes.x``)."""
        line = self.lines.get(path)
        return TemplateError(
            [Problem(path=path, message=message, source=None if line is None else f"line {line}")],
            self.source,
        )


# -- reading a pack from data ------------------------------------------------------------------------


def _kind_of(value: object) -> str:
    names = {bool: "true or false", int: "a number", float: "a number", list: "a list", dict: "a table"}
    return names.get(type(value), type(value).__name__)


class _Collector:
    """Problems found in a pack, each with the line of its text where the text shows it."""

    def __init__(self, text: str | None) -> None:
        self.problems: list[Problem] = []
        self.lines: dict[str, int] = _text_lines(text) if text else {}

    def add(self, path: str, message: str) -> None:
        line = self.lines.get(path) or self.lines.get(path.rsplit(".", 1)[0])
        self.problems.append(
            Problem(path=path, message=message, source=None if line is None else f"line {line}")
        )


_HEADER = re.compile(r"^[ \t]*\[[ \t]*([A-Za-z0-9_.\- \t\"']+?)[ \t]*\][ \t]*(?:#.*)?$")
_KEY = re.compile(r"^[ \t]*([A-Za-z0-9_\-]+|\"[^\"]*\"|'[^']*')[ \t]*=")


def _text_lines(text: str) -> dict[str, int]:
    """The line each table and key starts on, by dotted path (``offer``, ``offer.intro``)."""
    lines: dict[str, int] = {}
    table = ""
    for number, line in enumerate(text.split("\n"), start=1):
        header = _HEADER.match(line)
        if header:
            table = ".".join(part.strip().strip("\"'") for part in header.group(1).split("."))
            lines.setdefault(table, number)
            continue
        key = _KEY.match(line)
        if key:
            name = key.group(1).strip("\"'")
            lines.setdefault(f"{table}.{name}" if table else name, number)
    return lines


def _check_text(found: _Collector, path: str, value: str, spec: TextSpec) -> None:
    try:
        used = placeholders(value)
    except ValueError as err:
        found.add(path, str(err))
        return
    unknown = [name for name in dict.fromkeys(used) if name not in spec.allowed]
    if unknown:
        allowed = ", ".join(f"{{{name}}}" for name in sorted(spec.allowed)) or "none"
        names = ", ".join(f"{{{name}}}" for name in unknown)
        plural = "placeholders" if len(unknown) > 1 else "placeholder"
        found.add(path, f"unknown {plural} {names}; this text may use {allowed} (write {{{{ for a brace)")


def _read_text(found: _Collector, path: str, value: object, spec: TextSpec) -> str | tuple[str, ...] | None:
    if not spec.many:
        if not isinstance(value, str):
            found.add(path, f"expected text in quotes, got {_kind_of(value)}")
            return None
        _check_text(found, path, value, spec)
        return value
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        found.add(path, f"expected a list of texts in quotes, got {_kind_of(value)}")
        return None
    if spec.count is not None and len(value) != spec.count:
        found.add(path, f"expected {spec.count} texts, got {len(value)}")
        return None
    for index, item in enumerate(value):
        _check_text(found, f"{path}[{index}]", item, spec)
    return tuple(value)


def _read_keyed(found: _Collector, path: str, value: object, spec: TextSpec) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        found.add(path, f"expected a table, got {_kind_of(value)}")
        return {}
    entries: dict[str, tuple[str, ...]] = {}
    for key, item in value.items():
        read = _read_text(found, f"{path}.{key}", [item] if isinstance(item, str) else item, spec)
        if isinstance(read, tuple):
            entries[str(key)] = read
    return entries


def _read_document(found: _Collector, template: DocumentTemplate, table: object) -> DocumentTexts | None:
    kind = template.kind
    if not isinstance(table, dict):
        found.add(kind, f"expected a table [{kind}], got {_kind_of(table)}")
        return None
    texts: dict[str, str | tuple[str, ...]] = {}
    keyed: dict[str, Mapping[str, tuple[str, ...]]] = {}
    names = {spec.name for spec in (*template.texts, *template.keyed)}
    for key in table:
        if key not in names:
            known = ", ".join(sorted(names))
            found.add(f"{kind}.{key}", f"unknown text {key!r}; the texts of [{kind}] are {known}")
    for spec in template.texts:
        path = f"{kind}.{spec.name}"
        if spec.name not in table:
            if spec.required:
                found.add(path, f"missing: [{kind}] has no text {spec.name!r}")
            continue
        read = _read_text(found, path, table[spec.name], spec)
        if spec.name == "title" and isinstance(read, str) and not read.strip():
            found.add(path, "a document's title must not be empty")
        elif read is not None:
            texts[spec.name] = read
    for spec in template.keyed:
        if spec.name in table:
            keyed[spec.name] = MappingProxyType(
                _read_keyed(found, f"{kind}.{spec.name}", table[spec.name], spec)
            )
    return DocumentTexts(kind, MappingProxyType(texts), MappingProxyType(keyed))


def _read_service(found: _Collector, table: object) -> ServiceDetails | None:
    if not isinstance(table, dict):
        found.add("service", f"expected a table [service], got {_kind_of(table)}")
        return None
    values: dict[str, str] = {}
    for key, value in table.items():
        if key not in SERVICE_FIELDS:
            found.add(f"service.{key}", f"unknown field {key!r}; [service] holds {', '.join(SERVICE_FIELDS)}")
        elif not isinstance(value, str):
            found.add(f"service.{key}", f"expected text in quotes, got {_kind_of(value)}")
        else:
            values[key] = value
    if not str(table.get("name", "")).strip():
        found.add("service.name", "the service's name must be given")
        return None
    if len(values) != len(table):
        return None
    return ServiceDetails(**values)


def _schema(found: _Collector, data: Mapping[str, Any]) -> bool:
    version = data.get("schema_version")
    if version is None:
        found.add("schema_version", f"missing: a template pack starts with schema_version = {SCHEMA_VERSION}")
        return False
    if type(version) is not int or version != SCHEMA_VERSION:
        found.add(
            "schema_version",
            f"this fosterkit reads template packs of schema_version {SCHEMA_VERSION}, not {version!r}",
        )
        return False
    return True


def template_pack_from_dict(
    data: Mapping[str, Any], *, source: str = "<string>", text: str | None = None
) -> TemplatePack:
    """A checked :class:`TemplatePack` from TOML data, or one :class:`TemplateError` listing every fault.

    ``text`` (the TOML itself) lets each fault name its line. Checked: ``schema_version``, the
    ``[service]`` table, every document of :data:`TEMPLATE_KINDS` and every text in it (present,
    of the right type, using only its own placeholders), and that nothing unknown is there.
    """
    found = _Collector(text)
    if not _schema(found, data):
        raise TemplateError(found.problems, source)
    known = {"schema_version", "service", *TEMPLATE_KINDS}
    for key in data:
        if key not in known:
            found.add(
                str(key),
                f"unknown table {key!r}; a pack holds {', '.join(sorted(known - {'schema_version'}))}",
            )
    service = None
    if "service" not in data:
        found.add("service", "missing: the pack has no [service] table")
    else:
        service = _read_service(found, data["service"])
    documents: dict[str, DocumentTexts] = {}
    for kind, template in TEMPLATE_KINDS.items():
        if kind not in data:
            found.add(kind, f"missing document: the pack has no [{kind}] table (a pack holds every document)")
            continue
        document = _read_document(found, template, data[kind])
        if document is not None:
            documents[kind] = document
    if found.problems or service is None:
        raise TemplateError(found.problems, source)
    return TemplatePack(
        service=service,
        documents=MappingProxyType(documents),
        source=source,
        lines=MappingProxyType(found.lines),
    )
