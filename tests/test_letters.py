"""Letters to a leaving carer and the discussion guide: every required part there, nothing of anyone else.

Issue 22, must-have 1: the offer (both stages, independence, a companion, where, complaints
elsewhere, how the information is used, consent), the explanation of the process, "you said,
we did" for one carer, and the leaving checklist for their way of leaving; the guide by the
taxonomy's themes. Each is checked on :meth:`Document.text`, with no placeholder left unfilled.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import attrs
import pytest

from fosterkit.adapters.document_files import builtin_template_text, load_template_pack, parse_template_pack
from fosterkit.adapters.jsonl import iter_jsonl
from fosterkit.adapters.packs import load_checklist, load_taxonomy
from fosterkit.documents import (
    TEMPLATE_KINDS,
    Document,
    Heading,
    PageBreak,
    Paragraph,
    ParagraphStyle,
    TemplatePack,
    checklist_letter,
    discussion_guide,
    explain_letter,
    feedback_letter,
    merge,
    offer_letter,
)
from fosterkit.documents.letters import format_date
from fosterkit.documents.templates import fill
from fosterkit.interviews import DEFAULT_POLICY, ExitProcess, ProcessPolicy
from fosterkit.interviews.process import Escalation, EscalationRoute, Finding, Response, ResponseKind
from fosterkit.interviews.record import Suggestion
from fosterkit.reasons import Triage
from fosterkit.records import Departure, Initiator, LeavingRoute

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "docs" / "examples"
TODAY = datetime.date(2026, 12, 7)
PACK = load_template_pack()
#: Any placeholder left behind: ``{name}``.
LEFT = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


def _walkthrough() -> ExitProcess:
    found = [r for r in iter_jsonl(EXAMPLES / "register-walkthrough.jsonl") if isinstance(r, ExitProcess)]
    assert [p.id for p in found] == ["EXIT-31"]
    return found[0]


PROCESS = _walkthrough()


def _other_carer() -> ExitProcess:
    """Another household's process: its own words, a safeguarding finding, no consent, its own staff."""
    booking = PROCESS.bookings[0]
    assert booking.interview is not None
    record = attrs.evolve(
        booking.interview.record,
        id="DCR-77",
        departure_id="DEP-77",
        suggestions=(Suggestion(id="S9", text="Answer the out-of-hours line after midnight"),),
        consent_to_anonymised_use=False,
    )
    on = record.interviewed_on
    interview = attrs.evolve(
        booking.interview,
        record=record,
        findings=(
            Finding(
                reason="support.short_breaks",
                triage=Triage.URGENT,
                triaged_on=on,
                safeguarding=True,
                escalation=Escalation(
                    owner="lado-officer-44", raised_on=on, due_on=on, route=EscalationRoute.LADO
                ),
            ),
        ),
        responses=(
            Response(
                suggestion_id="S9",
                kind=ResponseKind.ALREADY_CHANGED,
                on=on,
                summary="The out-of-hours line now runs all night.",
                publish=True,
            ),
        ),
    )
    departure = attrs.evolve(PROCESS.departure, id="DEP-77", household_id="HH-77")
    return attrs.evolve(
        PROCESS,
        id="EXIT-77",
        departure=departure,
        supervising_social_worker="SSW-99",
        line_management=("TM-98",),
        bookings=(attrs.evolve(booking, interview=interview),),
    )


OTHER = _other_carer()


def _filled(pack: TemplatePack, kind: str, name: str, **more: object) -> str:
    values: dict[str, object] = {
        "service": pack.service.name,
        "stage_two_from": 4,
        "stage_two_to": 6,
        "feedback_days": 28,
        **more,
    }
    return " ".join(fill(pack.document(kind).one(name), values).split())


def _text(document: Document) -> str:
    text = document.text()
    assert not LEFT.search(text), LEFT.search(text)
    return text


def _flat(document: Document) -> str:
    return " ".join(_text(document).split())


# -- the offer -------------------------------------------------------------------------------------


def test_the_offer_holds_every_required_part() -> None:
    letter = offer_letter(PROCESS, PACK, today=TODAY)
    text = _flat(letter)
    for name in (
        "intro",
        "stage_one",
        "stage_two",
        "independence",
        "companion",
        "location",
        "complaints",
        "use_of_information",
        "consent",
    ):
        assert _filled(PACK, "offer", name) in text, name
    # what the built-in words say, so the default pack covers each point in its own words
    for point in (
        "first conversation",
        "second, shorter conversation about 4 to 6 weeks later",
        "not your supervising social worker and does not manage them",
        "bring someone with you",
        "where to meet",
        "use our complaints process",
        "look at all interviews together",
        "without your name",
    ):
        assert point in text, point
    assert letter.kind == "offer"
    assert letter.title == "An invitation to talk with us about your time fostering"
    assert "7 December 2026" in text
    assert "Our reference: EXIT-31" in text
    assert "Dear foster carer," in text
    assert letter.footer


def test_a_name_replaces_the_greeting_and_the_policy_sets_the_weeks() -> None:
    policy = attrs.evolve(DEFAULT_POLICY, stage_two_weeks=(3, 8))
    text = _flat(offer_letter(PROCESS.departure, PACK, today=TODAY, policy=policy, to="Sam and Alex"))
    assert "Dear Sam and Alex," in text
    assert "Dear foster carer," not in text
    assert "about 3 to 8 weeks later" in text
    assert "Our reference: DEP-31" in text


# -- the explanation --------------------------------------------------------------------------------


def test_the_explanation_holds_every_required_part() -> None:
    letter = explain_letter(PROCESS, PACK, today=TODAY)
    text = _flat(letter)
    for name in (
        "intro",
        "independence",
        "complaints",
        "use_of_information",
        "urgent",
        "publishing",
        "consent",
    ):
        assert _filled(PACK, "explain", name) in text, name
    for step in PACK.document("explain").many("steps"):
        assert " ".join(fill(step, {"stage_two_from": 4, "stage_two_to": 6}).split()) in text
    assert "within 28 days" in text
    assert letter.kind == "explain"


# -- you said, we did ---------------------------------------------------------------------------------


def test_feedback_quotes_each_suggestion_with_the_answer() -> None:
    letter = feedback_letter(PROCESS, PACK, today=TODAY)
    text = _flat(letter)
    quotes = [b.text for b in letter.blocks if isinstance(b, Paragraph) and b.style is ParagraphStyle.QUOTE]
    assert quotes == [
        "\u201cPlan short breaks at each annual review\u201d",
        "\u201cPay for a sitter so carers can attend training\u201d",
    ]
    assert _filled(PACK, "feedback", "will_change") in text
    assert _filled(PACK, "feedback", "cannot_change") in text
    assert "The reason: no budget this year; raised for next year's plan" in text
    assert "Your suggestion 1" in text
    assert "Your suggestion 2" in text


def test_feedback_gives_the_summary_and_says_when_nothing_is_decided() -> None:
    booking = PROCESS.bookings[0]
    assert booking.interview is not None
    answered = Response(
        suggestion_id="S1",
        kind=ResponseKind.WILL_CHANGE,
        on=TODAY,
        summary="Short breaks are planned at every review.",
    )
    interview = attrs.evolve(booking.interview, responses=(answered,))
    process = attrs.evolve(PROCESS, bookings=(attrs.evolve(booking, interview=interview),))
    text = _flat(feedback_letter(process, PACK, today=TODAY))
    assert "Short breaks are planned at every review." in text
    assert _filled(PACK, "feedback", "not_decided") in text  # S2 has no response now
    assert _filled(PACK, "feedback", "cannot_change") not in text


def test_feedback_holds_nothing_of_another_carer_nor_findings_nor_staff() -> None:
    mine = _text(feedback_letter(PROCESS, PACK, today=TODAY))
    theirs = _text(feedback_letter(OTHER, PACK, today=TODAY))
    for other in (
        "out-of-hours line",
        "EXIT-77",
        "DEP-77",
        "HH-77",
        "DCR-77",
        "S9",
        "SSW-99",
        "TM-98",
        "lado",
    ):
        assert other not in mine
    for staff in ("SSW-12", "TM-3", "SM-1", "IRO-5", "HH-31", "DCR-31", "safeguard", "urgent", "escalat"):
        assert staff not in mine
        assert staff.replace("31", "77") not in theirs
    assert "Plan short breaks" not in theirs
    # no consent to anonymised use: the carer still hears about their own suggestion
    assert "\u201cAnswer the out-of-hours line after midnight\u201d" in theirs
    assert "The out-of-hours line now runs all night." in theirs
    assert _filled(PACK, "feedback", "already_changed") in theirs


def test_feedback_reads_records_of_this_departure_only() -> None:
    theirs = OTHER.interviews[0].record
    mine = attrs.evolve(
        theirs,
        id="DCR-500",
        departure_id="DEP-31",
        suggestions=(Suggestion(id="S1", text="Tell carers about  review\nmeetings sooner"),),
    )
    text = _flat(feedback_letter(PROCESS.departure, PACK, today=TODAY, records=[theirs, mine]))
    assert "\u201cTell carers about review meetings sooner\u201d" in text
    assert _filled(PACK, "feedback", "not_decided") in text
    assert "out-of-hours" not in text
    assert "DCR-500" not in text


def test_feedback_with_no_suggestions_says_so() -> None:
    departure = PROCESS.departure
    text = _flat(feedback_letter(departure, PACK, today=TODAY, records=[OTHER.interviews[0].record]))
    assert _filled(PACK, "feedback", "none") in text
    assert "out-of-hours" not in text


# -- the checklist ------------------------------------------------------------------------------------


@pytest.mark.parametrize("route", list(LeavingRoute))
def test_the_checklist_holds_the_items_for_the_route_only(route: LeavingRoute) -> None:
    checklist = load_checklist()
    departure = Departure(
        id="DEP-5",
        household_id="HH-5",
        notice_on=datetime.date(2026, 1, 5),
        initiated_by=Initiator.SERVICE if route.ended_by_service else Initiator.CARER,
        route=route,
    )
    letter = checklist_letter(departure, PACK, checklist, today=TODAY)
    headings = [b.text for b in letter.blocks if isinstance(b, Heading)]
    wanted = [item.title for item in checklist.for_route(route)]
    assert headings == [f"{n}. {' '.join(title.split())}" for n, title in enumerate(wanted, start=1)]
    text = _flat(letter)
    assert f"Checklist {checklist.id}, version {checklist.version}." in text
    assert _filled(PACK, "checklist", "intro") in text


# -- merging -------------------------------------------------------------------------------------------


def test_merged_letters_start_each_on_a_new_page_under_its_title() -> None:
    letters = [offer_letter(PROCESS, PACK, today=TODAY), offer_letter(OTHER, PACK, today=TODAY)]
    merged = merge(letters)
    assert merged.blocks.count(PageBreak()) == 1
    at = merged.blocks.index(PageBreak())
    assert merged.blocks[at + 1] == Heading(letters[1].title, 1)
    assert merged.blocks[:at] == letters[0].blocks
    assert "EXIT-77" in merged.text()
    assert "EXIT-31" in merged.text()
    assert merge(letters[:1]) == letters[0]
    with pytest.raises(Exception, match="no letters to merge"):
        merge([])


# -- every placeholder, everywhere ---------------------------------------------------------------------


def _greedy_pack() -> TemplatePack:
    """The built-in pack with every text using every placeholder it may, so none is left unfilled."""
    pack = parse_template_pack(builtin_template_text())
    documents: dict[str, Any] = {}
    for kind, texts in pack.documents.items():
        template = TEMPLATE_KINDS[kind]
        new: dict[str, str | tuple[str, ...]] = {}
        for name, value in texts.texts.items():
            spec = template.spec(name)
            extra = " ".join(f"<{p}={{{p}}}>" for p in sorted(spec.allowed))
            new[name] = (
                tuple(f"{v} {extra}" for v in value) if isinstance(value, tuple) else f"{value} {extra}"
            )
            if name == "months":
                new[name] = value
        keyed = {
            key: {code: tuple(f"{t} <theme={{theme}}>" for t in prompts) for code, prompts in table.items()}
            for key, table in texts.keyed.items()
        }
        documents[kind] = attrs.evolve(texts, texts=new, keyed=keyed)
    return attrs.evolve(pack, documents=documents)


def test_every_allowed_placeholder_is_filled_in_every_document() -> None:
    pack = _greedy_pack()
    policy: ProcessPolicy = DEFAULT_POLICY
    documents = [
        offer_letter(PROCESS, pack, today=TODAY, policy=policy),
        explain_letter(PROCESS, pack, today=TODAY),
        feedback_letter(PROCESS, pack, today=TODAY),
        feedback_letter(PROCESS.departure, pack, today=TODAY),
        checklist_letter(PROCESS, pack, load_checklist(), today=TODAY),
        discussion_guide(load_taxonomy(), pack),
    ]
    for document in documents:
        text = _text(document)
        assert "<service=Fostering service>" in text
    feedback = _text(documents[2])
    assert "<suggestion=Plan short breaks at each annual review>" in feedback
    assert "<reason=no budget this year; raised for next year's plan>" in feedback
    assert "<response_date=2 March 2026>" in feedback
    assert "<theme=Support from the service>" in _text(documents[-1])


def test_dates_use_the_packs_month_names() -> None:
    welsh = (
        "Ionawr",
        "Chwefror",
        "Mawrth",
        "Ebrill",
        "Mai",
        "Mehefin",
        "Gorffennaf",
        "Awst",
        "Medi",
        "Hydref",
        "Tachwedd",
        "Rhagfyr",
    )
    assert format_date(TODAY, welsh) == "7 Rhagfyr 2026"


def test_an_empty_text_is_left_out() -> None:
    text = builtin_template_text().replace(
        'choice = "Taking part is entirely up to you. If you would rather not, just let us know."',
        'choice = ""',
    )
    pack = parse_template_pack(text)
    before = offer_letter(PROCESS, PACK, today=TODAY)
    after = offer_letter(PROCESS, pack, today=TODAY)
    assert len(after.blocks) == len(before.blocks) - 1


# -- the discussion guide -----------------------------------------------------------------------------


def test_the_guide_covers_the_practice_points_each_theme_and_stage_two() -> None:
    taxonomy = load_taxonomy()
    guide = discussion_guide(taxonomy, PACK)
    text = _flat(guide)
    for point in (
        "respect",
        "judge",
        "fellow professionals",
        "suggestion",
        "without their name",
        "safeguarding",
    ):
        assert point in text, point
    headings = [b.text for b in guide.blocks if isinstance(b, Heading)]
    for theme in taxonomy.roots():
        assert theme.label in headings
        for reason in taxonomy.children(theme.code):
            if reason.is_live:
                assert f"{reason.label} ({reason.code})" in text
    for question in PACK.document("discussion_guide").many("stage_two_questions"):
        assert question in text
    for prompt in PACK.document("discussion_guide").keyed["themes"]["finance"]:
        assert prompt in text
    assert (
        headings.index("The first conversation")
        < headings.index("Money and work")
        < headings.index("The second conversation")
    )
    assert guide.kind == "discussion_guide"
