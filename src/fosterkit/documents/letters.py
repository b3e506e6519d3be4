"""Letters to one leaving carer, built from their records and the service's template pack.

Four letters: the offer of an exit interview, the explanation of how the process works, the
"you said, we did" letter answering each of the carer's suggestions, and the leaving
checklist for their way of leaving. Each is built for one departure, given as its
:class:`~fosterkit.interviews.ExitProcess` or, where no process was opened, its
:class:`~fosterkit.records.Departure`. Every word comes from the pack (or, for the checklist,
the checklist's own items); the code decides only the order and the kind of block.

Records hold no carer's name: a letter greets the carer with the pack's ``greeting`` unless a
name is given. A letter holds nothing of any other carer, no staff ids and none of the triage,
escalation or safeguarding findings.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator, Mapping

from fosterkit.documents.model import (
    Block,
    Bullets,
    Document,
    Heading,
    Letterhead,
    PageBreak,
    Paragraph,
    ParagraphStyle,
)
from fosterkit.documents.templates import DocumentTexts, TemplatePack, fill
from fosterkit.errors import FieldError
from fosterkit.interviews import DEFAULT_POLICY, DataCollectionRecord, ExitProcess, ProcessPolicy
from fosterkit.interviews.checklist import Checklist
from fosterkit.interviews.process import Response, ResponseKind
from fosterkit.records import Departure

__all__ = [
    "LETTER_KINDS",
    "Subject",
    "checklist_letter",
    "explain_letter",
    "feedback_letter",
    "format_date",
    "letterhead",
    "merge",
    "offer_letter",
]

#: The letters fosterkit writes, by the name of their document in a template pack.
LETTER_KINDS = ("offer", "explain", "feedback", "checklist")

#: What a letter is about: a departure's exit process, or the departure itself when none was opened.
Subject = ExitProcess | Departure

_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


def format_date(day: datetime.date, months: tuple[str, ...]) -> str:
    """``day`` as a letter gives it: ``7 December 2026``, with the pack's month names."""
    return f"{day.day} {months[day.month - 1]} {day.year}"


def letterhead(pack: TemplatePack) -> Letterhead:
    """The letterhead of every document made with ``pack``: the service's name, contact and logo."""
    service = pack.service
    return Letterhead(service=service.name, contact=service.contact, logo=service.logo)


def _departure(subject: Subject) -> Departure:
    return subject.departure if isinstance(subject, ExitProcess) else subject


def _values(
    subject: Subject, pack: TemplatePack, today: datetime.date, policy: ProcessPolicy, to: str | None
) -> dict[str, object]:
    """The values every text of a letter may use."""
    service = pack.service
    opens, closes = policy.stage_two_weeks
    return {
        "service": service.name,
        "contact": service.contact,
        "signatory": service.signatory,
        "signatory_role": service.signatory_role,
        "name": to if to is not None and to.strip() else service.greeting,
        "date": format_date(today, pack.document("letter").many("months")),
        "reference": subject.id,
        "stage_two_from": opens,
        "stage_two_to": closes,
        "feedback_days": policy.feedback_within_days,
    }


def _words(template: str, values: Mapping[str, object]) -> str:
    """A filled text with its blank lines dropped (an empty role under a signatory, say)."""
    lines = (line.rstrip() for line in fill(template, values).strip().split("\n"))
    return "\n".join(line for line in lines if line.strip())


def _paragraph(
    template: str, values: Mapping[str, object], style: ParagraphStyle = ParagraphStyle.NORMAL
) -> list[Block]:
    """The text as a paragraph, or nothing when it fills to nothing (a service leaving it out)."""
    text = _words(template, values)
    return [Paragraph(text, style)] if text else []


def _heading(template: str, values: Mapping[str, object], level: int = 1) -> list[Block]:
    text = _words(template, values)
    return [Heading(text, level)] if text else []


def _letter(
    kind: str, subject: Subject, pack: TemplatePack, values: Mapping[str, object], body: Iterable[Block]
) -> Document:
    """A letter: date, reference, greeting, the body, the sign-off and signature."""
    shared = pack.document("letter")
    blocks: list[Block] = [
        *_paragraph(shared.one("date_line"), values),
        *_paragraph(shared.one("reference_line"), values),
        *_paragraph(shared.one("salutation"), values),
        *body,
        *_paragraph(shared.one("sign_off"), values),
        *_paragraph(shared.one("signature"), values),
    ]
    return Document(
        kind=kind,
        title=_words(pack.document(kind).one("title"), values) or kind,
        letterhead=letterhead(pack),
        blocks=tuple(blocks),
        footer=_words(shared.one("footer"), values),
    )


def offer_letter(
    subject: Subject,
    pack: TemplatePack,
    *,
    today: datetime.date,
    policy: ProcessPolicy = DEFAULT_POLICY,
    to: str | None = None,
) -> Document:
    """The offer of an exit interview, with everything a carer should know before saying yes.

    Both stages, the interviewer's independence, bringing someone along, where it is held,
    complaints going to the complaints process, how the information is used, and consent.
    """
    values = _values(subject, pack, today, policy, to)
    texts = pack.document("offer")
    body: list[Block] = []
    for name in ("intro", "purpose"):
        body += _paragraph(texts.one(name), values)
    body += _heading(texts.one("stages_heading"), values, 2)
    for name in ("stage_one", "stage_two", "independence", "companion", "location", "complaints"):
        body += _paragraph(texts.one(name), values)
    body += _heading(texts.one("use_heading"), values, 2)
    for name in ("use_of_information", "consent", "choice", "reply", "closing"):
        body += _paragraph(texts.one(name), values)
    return _letter("offer", subject, pack, values, body)


def explain_letter(
    subject: Subject,
    pack: TemplatePack,
    *,
    today: datetime.date,
    policy: ProcessPolicy = DEFAULT_POLICY,
    to: str | None = None,
) -> Document:
    """How the exit-interview process works, who holds it, and what is done with what carers say."""
    values = _values(subject, pack, today, policy, to)
    texts = pack.document("explain")
    body: list[Block] = [*_paragraph(texts.one("intro"), values)]
    body += _heading(texts.one("steps_heading"), values, 2)
    steps = tuple(text for text in (_words(step, values) for step in texts.many("steps")) if text)
    if steps:
        body.append(Bullets(steps, numbered=True))
    body += _heading(texts.one("who_heading"), values, 2)
    body += [*_paragraph(texts.one("independence"), values), *_paragraph(texts.one("complaints"), values)]
    body += _heading(texts.one("use_heading"), values, 2)
    for name in ("use_of_information", "urgent", "publishing", "consent", "feedback", "review", "closing"):
        body += _paragraph(texts.one(name), values)
    return _letter("explain", subject, pack, values, body)


def _suggestions(
    subject: Subject, records: Iterable[DataCollectionRecord]
) -> Iterator[tuple[str, str, Response | None]]:
    """Each suggestion of this carer's interviews: its id, their words, and the service's latest response.

    From the interviews of the process, then from ``records`` of the same departure held
    outside a process (which have no responses). Records of any other departure are passed over.
    """
    departure = _departure(subject)
    seen: set[str] = set()
    if isinstance(subject, ExitProcess):
        for interview in subject.interviews:
            seen.add(interview.record.id)
            for suggestion in interview.record.suggestions:
                yield suggestion.id, suggestion.text, interview.response(suggestion.id)
    for record in records:
        if record.departure_id != departure.id or record.id in seen:
            continue
        seen.add(record.id)
        for suggestion in record.suggestions:
            yield suggestion.id, suggestion.text, None


_ANSWERS = {
    ResponseKind.WILL_CHANGE: "will_change",
    ResponseKind.ALREADY_CHANGED: "already_changed",
    ResponseKind.UNDER_REVIEW: "under_review",
    ResponseKind.CANNOT_CHANGE: "cannot_change",
}


def _answer(texts_of: DocumentTexts, response: Response | None, values: Mapping[str, object]) -> list[Block]:
    """The service's answer to one suggestion: what it will do, or why it cannot, or not yet decided."""
    if response is None:
        return _paragraph(texts_of.one("not_decided"), values)
    blocks = _paragraph(texts_of.one(_ANSWERS[response.kind]), values)
    if response.summary.strip():
        blocks += _paragraph(texts_of.one("summary"), {**values, "summary": response.summary.strip()})
    if response.kind is ResponseKind.CANNOT_CHANGE and response.reason.strip():
        blocks += _paragraph(texts_of.one("reason"), {**values, "reason": response.reason.strip()})
    return blocks


def feedback_letter(
    subject: Subject,
    pack: TemplatePack,
    *,
    today: datetime.date,
    policy: ProcessPolicy = DEFAULT_POLICY,
    records: Iterable[DataCollectionRecord] = (),
    to: str | None = None,
) -> Document:
    """The "you said, we did" letter: each of the carer's suggestions, quoted, with the answer.

    The answer is what the service will do or has done (the response's kind and summary), why it
    cannot (its reason), or that nothing is decided yet. ``records`` may add data collection records
    of this departure held outside a process; those of any other departure are ignored.
    """
    values = _values(subject, pack, today, policy, to)
    texts = pack.document("feedback")
    found = list(_suggestions(subject, records))
    body: list[Block] = [*_paragraph(texts.one("intro" if found else "none"), values)]
    for number, (_id, said, response) in enumerate(found, start=1):
        at = {
            **values,
            "number": number,
            "suggestion": " ".join(said.split()),
            "response_date": format_date(response.on, pack.document("letter").many("months"))
            if response
            else "",
        }
        body += _heading(texts.one("suggestion_heading"), at, 2)
        body += _paragraph(texts.one("suggestion"), at, ParagraphStyle.QUOTE)
        body += _answer(texts, response, at)
    body += _paragraph(texts.one("closing"), values)
    return _letter("feedback", subject, pack, values, body)


def _item_paragraphs(text: str) -> list[Block]:
    paragraphs = (" ".join(part.split()) for part in _BLANK_LINE.split(text))
    return [Paragraph(paragraph) for paragraph in paragraphs if paragraph]


def checklist_letter(
    subject: Subject,
    pack: TemplatePack,
    checklist: Checklist,
    *,
    today: datetime.date,
    policy: ProcessPolicy = DEFAULT_POLICY,
    to: str | None = None,
) -> Document:
    """The leaving checklist: the items of ``checklist`` for this departure's way of leaving, numbered."""
    values = {
        **_values(subject, pack, today, policy, to),
        "checklist_id": checklist.id,
        "checklist_version": checklist.version,
    }
    texts = pack.document("checklist")
    body: list[Block] = [*_paragraph(texts.one("intro"), values)]
    for number, item in enumerate(checklist.for_departure(_departure(subject)), start=1):
        body.append(Heading(f"{number}. {' '.join(item.title.split())}", 2))
        body += _item_paragraphs(item.text)
    body += _paragraph(texts.one("closing"), values)
    body += _paragraph(texts.one("version"), values, ParagraphStyle.NOTE)
    return _letter("checklist", subject, pack, values, body)


def merge(documents: Iterable[Document]) -> Document:
    """Several letters as one document, each starting on a new page under its own title.

    The first letter's kind, title, letterhead and footer stand for the whole.
    """
    letters = tuple(documents)
    if not letters:
        raise FieldError("documents", "there are no letters to merge")
    first = letters[0]
    blocks: list[Block] = list(first.blocks)
    for letter in letters[1:]:
        blocks += [PageBreak(), Heading(letter.title, 1), *letter.blocks]
    return Document(
        kind=first.kind,
        title=first.title,
        letterhead=first.letterhead,
        blocks=tuple(blocks),
        footer=first.footer,
    )
