"""The practice rules added for issue 21: the interviewer's route to act, the location agreed, a
companion only if wanted, complaints explained, and child-protection disclosures referred by a
safeguarding route the same day (with the due items that say so).

Each rule's refusal and allowed path are cases in ``test_process_rules.py``; here are the held
and not-held examples, the records written before these fields existed, and the properties.
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import fosterkit as fk
from fosterkit.cli import main
from fosterkit.errors import FieldError
from fosterkit.interviews import Escalation, Finding, PreInterview, ProcessError, breaches
from fosterkit.interviews.due import DueKind
from fosterkit.interviews.process import EscalationRoute
from fosterkit.interviews.rules import Rule
from fosterkit.interviews.safeguarding import disclosures, is_referred, safeguarding_due
from fosterkit.serial.kinds import record_from_dict, record_to_dict
from fosterkit.testing import strategies as fks
from test_process_rules import (
    BOOKED,
    COMPLAINTS_ROUTE,
    DISCLOSURE,
    FEES,
    PEER,
    STAGE_ONE_ON,
    appointment,
    ask,
    asked,
    booked,
    held_with_disclosure,
    offered,
    record,
    referral,
    triage_disclosure,
)

D = datetime.date
NEXT_DAY = STAGE_ONE_ON + datetime.timedelta(days=1)

#: The rules this module is about.
PRACTICE_RULES = {
    Rule.INTERVIEWER_CAN_ESCALATE,
    Rule.LOCATION_AGREED,
    Rule.COMPANION_WANTED,
    Rule.COMPLAINTS_EXPLAINED,
    Rule.SAFEGUARDING_ROUTE,
    Rule.SAFEGUARDING_SAME_DAY,
}


def rules_of(process: fk.ExitProcess) -> list[tuple[Rule, str]]:
    return [(b.rule, b.path) for b in breaches(process)]


def completed(process: fk.ExitProcess) -> fk.ExitProcess:
    """``process`` with appointment A1 held, built directly (as an import would) so no rule refuses it."""
    booking = process.booking("A1")
    held = attrs.evolve(booking, interview=fk.interviews.Interview(record=record()))
    return attrs.evolve(process, bookings=(held,))


# -- records written before these fields ------------------------------------------------------------

#: An exit process as fosterkit wrote it before issue 21 (stage 1 held, one urgent finding
#: escalated, a complaint routed): no interviewer route, complaints explanation, safeguarding
#: flag or escalation route.
OLD_PROCESS = (
    '{"schema_version": 1, "kind": "exit_process", "id": "EXIT-1", "departure": {"id": "DEP-1", '
    '"household_id": "HH-1", "notice_on": "2026-03-02", "leaving_on": null, "initiated_by": "carer", '
    '"route": "resignation", "destination": null, "stated_reasons": ["finance.fees_allowances"]}, '
    '"supervising_social_worker": "SSW-12", "line_management": ["TM-3", "SM-1"], '
    '"offered_on": "2026-03-03", "pre_interview": {"asked_on": "2026-03-04", '
    '"raise_relationships": false, "relationships_note": "", "wants_companion": false, '
    '"companion": null, "wants_own_social_worker": false}, "opt_outs": [], '
    '"complaints": [{"on": "2026-03-13", "reference": "CMP-1"}], "bookings": [{"appointment": '
    '{"id": "A1", "stage": "exit_stage_1", "on": "2026-03-12", "location": "neutral_venue", '
    '"location_agreed": true, "interviewer": "IRO-5", "also_present": [], "companion": null}, '
    '"booked_on": "2026-03-05", "cancellation": null, "interview": {"record": {"id": "DCR-1", '
    '"departure_id": "DEP-1", "stage": "exit_stage_1", "interviewed_on": "2026-03-12", '
    '"primary_reason": "finance.fees_allowances", "secondary_reasons": '
    '["concerns.inappropriate_conduct"], "ratings": [], "preventable": null, "would_have_kept": "", '
    '"foster_again": null, "recommend_fostering": null, "went_well": "", "suggestions": '
    '[{"id": "S1", "text": "Suggestion S1"}, {"id": "S2", "text": "Suggestion S2"}], '
    '"consent_to_anonymised_use": true}, "findings": [{"reason": "finance.fees_allowances", '
    '"triage": "thematic", "triaged_on": "2026-03-13", "escalation": null}, {"reason": '
    '"concerns.inappropriate_conduct", "triage": "urgent", "triaged_on": "2026-03-13", '
    '"escalation": {"owner": "head-of-service", "raised_on": "2026-03-13", "due_on": "2026-03-20", '
    '"done_on": null}}], "responses": [], "feedback_sent_on": null}}], "stage_two_window": '
    '{"stage_one_on": "2026-03-12", "opens": "2026-04-09", "closes": "2026-04-23", '
    '"moved_because": ""}, "checklist_sent": null}'
)


def test_a_process_written_before_the_new_fields_loads_with_nothing_recorded() -> None:
    process = record_from_dict(json.loads(OLD_PROCESS))
    assert isinstance(process, fk.ExitProcess)
    assert process.pre_interview is not None
    assert process.pre_interview.complaints_explained is None
    assert process.pre_interview.complaints_route == ""
    assert process.bookings[0].interviewer_can_escalate is None
    finding = process.interviews[0].findings[1]
    assert finding.safeguarding is False
    assert finding.escalation is not None
    assert finding.escalation.route is EscalationRoute.SERVICE
    # nothing recorded is not a breach: old records keep passing the check
    assert breaches(process) == ()
    assert safeguarding_due(process, D(2026, 6, 1)) == []


def test_an_old_process_reads_from_json_lines_and_writes_back_with_the_new_fields(tmp_path: Path) -> None:
    path = tmp_path / "old.jsonl"
    path.write_text(OLD_PROCESS + "\n", encoding="utf-8")
    [process] = fk.read_jsonl(path)
    again = record_to_dict(process)
    assert again["pre_interview"]["complaints_explained"] is None
    assert again["bookings"][0]["interviewer_can_escalate"] is None
    assert again["bookings"][0]["interview"]["findings"][1]["safeguarding"] is False
    assert again["bookings"][0]["interview"]["findings"][1]["escalation"]["route"] == "service"
    assert record_from_dict(again) == process


def test_check_on_an_old_file_finds_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "old.jsonl"
    path.write_text(OLD_PROCESS + "\n", encoding="utf-8")
    assert main(["process", "check", str(path)]) == 0
    assert capsys.readouterr().out == "0 rule breaches found\n"


# -- the interviewer can act or escalate -----------------------------------------------------------------


@pytest.mark.parametrize("can", [True, None])
def test_an_interviewer_with_a_route_or_none_recorded_is_accepted(can: bool | None) -> None:
    process = asked().book(appointment(), BOOKED, interviewer_can_escalate=can).complete("A1", record())
    assert process.booking("A1").interviewer_can_escalate is can
    assert breaches(process) == ()


def test_an_independent_interviewer_with_no_route_is_a_breach_held_or_not() -> None:
    booking = fk.interviews.Booking(
        appointment=appointment(), booked_on=BOOKED, interviewer_can_escalate=False
    )
    not_held = attrs.evolve(asked(), bookings=(booking,))
    path = "bookings[0].interviewer_can_escalate"
    assert rules_of(not_held) == [(Rule.INTERVIEWER_CAN_ESCALATE, path)]
    assert rules_of(completed(not_held)) == [(Rule.INTERVIEWER_CAN_ESCALATE, path)]
    assert not_held.role(not_held.bookings[0].appointment.interviewer) is fk.interviews.StaffRole.INDEPENDENT


def test_a_worker_in_line_management_with_no_route_breaks_both_rules() -> None:
    with pytest.raises(fk.RuleBroken) as caught:
        asked().book(appointment(interviewer="TM-3"), BOOKED, interviewer_can_escalate=False)
    assert caught.value.rules == (Rule.INDEPENDENT_INTERVIEWER, Rule.INTERVIEWER_CAN_ESCALATE)


# -- the location agreed -----------------------------------------------------------------------------------


def test_a_booking_whose_location_is_not_yet_agreed_is_not_a_breach_until_held() -> None:
    process = asked().book(appointment(agreed=False), BOOKED)
    assert breaches(process) == ()
    assert rules_of(completed(process)) == [(Rule.LOCATION_AGREED, "bookings[0].appointment.location_agreed")]


def test_agreeing_the_location_may_move_it_and_then_it_is_held() -> None:
    process = asked().book(appointment(agreed=False), BOOKED)
    process = process.agree_location("A1", fk.interviews.Location.CARERS_HOME)
    agreed = process.booking("A1").appointment
    assert (agreed.location, agreed.location_agreed) == (fk.interviews.Location.CARERS_HOME, True)
    assert breaches(process.complete("A1", record())) == ()


def test_the_location_of_an_appointment_no_longer_booked_cannot_be_agreed() -> None:
    process = booked().complete("A1", record())
    with pytest.raises(ProcessError, match="already completed"):
        process.agree_location("A1")


# -- a companion only if wanted ----------------------------------------------------------------------------


def test_a_companion_the_carer_said_no_to_is_a_breach_while_booked_and_held() -> None:
    booking = fk.interviews.Booking(appointment=appointment(companion=PEER), booked_on=BOOKED)
    process = attrs.evolve(asked(), bookings=(booking,))
    path = "bookings[0].appointment.companion"
    assert rules_of(process) == [(Rule.COMPANION_WANTED, path)]
    assert rules_of(completed(process)) == [(Rule.COMPANION_WANTED, path)]


def test_a_companion_the_carer_asked_for_is_accepted_held_or_not() -> None:
    process = ask(offered(), companion=True).book(appointment(companion=PEER), BOOKED)
    assert breaches(process) == ()
    assert breaches(process.complete("A1", record())) == ()


def test_a_cancelled_appointment_with_an_unwanted_companion_is_no_breach() -> None:
    booking = fk.interviews.Booking(
        appointment=appointment(companion=PEER),
        booked_on=BOOKED,
        cancellation=fk.interviews.Cancellation(
            on=BOOKED, by=fk.Initiator.CARER, reason="no companion wanted"
        ),
    )
    assert breaches(attrs.evolve(asked(), bookings=(booking,))) == ()


def test_saying_no_companion_after_one_was_booked_is_refused() -> None:
    process = ask(offered(), D(2026, 3, 5), companion=True).book(appointment(companion=PEER), BOOKED)
    with pytest.raises(fk.RuleBroken) as caught:
        ask(process, D(2026, 3, 5), companion=False)
    assert caught.value.rules == (Rule.COMPANION_WANTED,)


def test_a_companion_named_without_wanting_one_is_a_contradiction_in_the_answers() -> None:
    # within one set of answers this is refused outright; across answers and booking it is a rule
    with pytest.raises(FieldError, match="only named when the carer wants one"):
        PreInterview(
            asked_on=D(2026, 3, 4),
            raise_relationships=False,
            wants_companion=False,
            companion=fk.interviews.CompanionKind.PEER,
        )


# -- complaints explained --------------------------------------------------------------------------------


def test_complaints_explained_with_the_route_is_kept_and_accepted() -> None:
    process = ask(offered(), complaints=True, complaints_route=COMPLAINTS_ROUTE).book(appointment(), BOOKED)
    answers = process.pre_interview
    assert answers is not None
    assert (answers.complaints_explained, answers.complaints_route) == (True, COMPLAINTS_ROUTE)
    assert breaches(process.complete("A1", record())) == ()


@pytest.mark.parametrize(
    ("explained", "path"),
    [(False, "pre_interview.complaints_explained"), (True, "pre_interview.complaints_route")],
)
def test_complaints_not_explained_is_a_breach_only_once_an_interview_is_held(
    explained: bool, path: str
) -> None:
    process = ask(offered(), complaints=explained).book(appointment(), BOOKED)
    assert breaches(process) == ()
    assert rules_of(completed(process)) == [(Rule.COMPLAINTS_EXPLAINED, path)]


def test_a_complaints_route_without_the_explanation_is_a_contradiction() -> None:
    with pytest.raises(ProcessError, match="complaints_route"):
        ask(offered(), complaints=None, complaints_route=COMPLAINTS_ROUTE)


# -- safeguarding ------------------------------------------------------------------------------------------


def test_a_disclosure_referred_to_the_lado_the_same_day_breaks_nothing() -> None:
    process = triage_disclosure(held_with_disclosure(), referral(EscalationRoute.LADO))
    finding = process.interview("DCR-1").finding(DISCLOSURE)
    assert finding is not None
    assert finding.safeguarding
    assert is_referred(finding)
    assert breaches(process) == ()


def test_a_disclosure_referred_a_day_late_breaks_the_same_day_rule_twice() -> None:
    with pytest.raises(fk.RuleBroken) as caught:
        triage_disclosure(held_with_disclosure(), referral(raised_on=NEXT_DAY, due_on=NEXT_DAY))
    where = "bookings[0].interview.findings[0].escalation"
    assert [(b.rule, b.path) for b in caught.value.breaches] == [
        (Rule.SAFEGUARDING_SAME_DAY, f"{where}.raised_on"),
        (Rule.SAFEGUARDING_SAME_DAY, f"{where}.due_on"),
    ]
    assert "2026-03-12 was referred on 2026-03-13" in str(caught.value)


def test_the_generic_route_a_day_late_breaks_both_safeguarding_rules() -> None:
    late = referral(EscalationRoute.SERVICE, raised_on=NEXT_DAY, due_on=D(2026, 3, 15))
    with pytest.raises(fk.RuleBroken) as caught:
        triage_disclosure(held_with_disclosure(), late)
    assert caught.value.rules == (
        Rule.SAFEGUARDING_ROUTE,
        Rule.SAFEGUARDING_SAME_DAY,
        Rule.SAFEGUARDING_SAME_DAY,
    )


def test_the_same_late_generic_escalation_is_fine_for_an_urgent_finding_that_is_not_safeguarding() -> None:
    late = referral(EscalationRoute.SERVICE, raised_on=NEXT_DAY, due_on=D(2026, 3, 15))
    process = held_with_disclosure().triage("DCR-1", FEES, fk.Triage.URGENT, NEXT_DAY, escalation=late)
    assert breaches(process) == ()


def test_a_disclosure_without_an_escalation_is_the_urgent_rule() -> None:
    with pytest.raises(fk.RuleBroken) as caught:
        held_with_disclosure().triage("DCR-1", DISCLOSURE, fk.Triage.URGENT, STAGE_ONE_ON, safeguarding=True)
    assert caught.value.rules == (Rule.URGENT_ESCALATION,)


def test_a_thematic_safeguarding_finding_is_a_contradiction() -> None:
    with pytest.raises(FieldError, match="triaged urgent"):
        Finding(reason=DISCLOSURE, triage=fk.Triage.THEMATIC, triaged_on=STAGE_ONE_ON, safeguarding=True)
    with pytest.raises(ProcessError, match=r"Finding\.safeguarding"):
        held_with_disclosure().triage(
            "DCR-1", DISCLOSURE, fk.Triage.THEMATIC, STAGE_ONE_ON, safeguarding=True
        )


def test_only_safeguarding_routes_count_as_safeguarding() -> None:
    assert {r for r in EscalationRoute if r.is_safeguarding} == {
        EscalationRoute.SAFEGUARDING_LEAD,
        EscalationRoute.LADO,
        EscalationRoute.CHILDRENS_SOCIAL_CARE,
    }


# -- what a disclosure is due ----------------------------------------------------------------------------


def test_an_untriaged_disclosure_is_due_triage_the_day_of_the_interview() -> None:
    process = held_with_disclosure()
    [item] = safeguarding_due(process, STAGE_ONE_ON)
    assert (item.kind, item.due_on, item.overdue, item.ref) == (
        DueKind.SAFEGUARDING,
        STAGE_ONE_ON,
        False,
        "DCR-1",
    )
    assert (item.process_id, item.departure_id, item.household_id) == ("EXIT-1", "DEP-1", "HH-1")
    assert item.why == f"triage child-protection disclosure {DISCLOSURE} as safeguarding today"
    [late] = safeguarding_due(process, NEXT_DAY)
    assert late.overdue
    # the generic triage item allows the policy's two days; the disclosure's is the same day
    generic = [i for i in fk.due([process], STAGE_ONE_ON) if i.kind is DueKind.TRIAGE]
    assert generic[0].due_on > item.due_on


def test_a_safeguarding_finding_not_referred_by_a_safeguarding_route_is_due_referral_that_day() -> None:
    # as an import might hold it: triaged safeguarding, sent by the service's own route
    process = held_with_disclosure()
    interview = process.interview("DCR-1")
    finding = Finding(
        reason=DISCLOSURE,
        triage=fk.Triage.URGENT,
        triaged_on=STAGE_ONE_ON,
        escalation=referral(EscalationRoute.SERVICE),
        safeguarding=True,
    )
    booking = attrs.evolve(process.booking("A1"), interview=attrs.evolve(interview, findings=(finding,)))
    process = attrs.evolve(process, bookings=(booking,))
    [item] = safeguarding_due(process, D(2026, 3, 14))
    assert item.due_on == STAGE_ONE_ON
    assert item.overdue
    assert item.why.startswith(f"refer child-protection disclosure {DISCLOSURE} today to")


def test_an_open_referral_is_due_its_owners_action_the_same_day_and_a_closed_one_nothing() -> None:
    process = triage_disclosure(held_with_disclosure(), referral(EscalationRoute.CHILDRENS_SOCIAL_CARE))
    [item] = safeguarding_due(process, STAGE_ONE_ON)
    assert item.due_on == STAGE_ONE_ON
    assert item.why == (
        "safeguarding-lead (children's social care) to act on child-protection disclosure "
        f"{DISCLOSURE} the same day"
    )
    closed = process.close_escalation("DCR-1", DISCLOSURE, STAGE_ONE_ON)
    assert safeguarding_due(closed, NEXT_DAY) == []


def test_a_generic_urgent_finding_is_due_nothing_here() -> None:
    escalation = Escalation(owner="duty-manager", raised_on=NEXT_DAY, due_on=D(2026, 3, 20))
    process = booked().complete("A1", record())
    process = process.triage("DCR-1", FEES, fk.Triage.URGENT, NEXT_DAY, escalation=escalation)
    assert safeguarding_due(process, NEXT_DAY) == []


def test_disclosures_are_found_by_code_below_the_root_and_by_alias() -> None:
    taxonomy = fk.load_taxonomy()
    reasons = tuple(
        attrs.evolve(r, aliases=("child protection disclosure",)) if r.code == DISCLOSURE else r
        for r in taxonomy.reasons
    )
    taxonomy = attrs.evolve(taxonomy, reasons=reasons)
    dcr = attrs.evolve(
        record(), secondary_reasons=("Child Protection Disclosure", "concerns.safeguarding.local")
    )
    assert disclosures(dcr) == ("concerns.safeguarding.local",)
    assert disclosures(dcr, taxonomy) == ("Child Protection Disclosure", "concerns.safeguarding.local")
    assert disclosures(record(), taxonomy) == ()


# -- the command line --------------------------------------------------------------------------------------


def test_check_lists_each_new_breach(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    booking = fk.interviews.Booking(
        appointment=appointment(agreed=False, companion=PEER),
        booked_on=BOOKED,
        interviewer_can_escalate=False,
    )
    process = attrs.evolve(ask(offered(), complaints=False), bookings=(booking,))
    path = tmp_path / "imported.jsonl"
    fk.write_jsonl([completed(process)], path)
    assert main(["process", "check", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert [re.search(r" \[([a-z_]+)\]; instead", line).group(1) for line in out[:-1]] == [  # type: ignore[union-attr]
        "complaints_explained",
        "interviewer_can_escalate",
        "location_agreed",
        "companion_wanted",
    ]
    assert out[-1] == "4 rule breaches found"


# -- properties --------------------------------------------------------------------------------------------


@given(fks.exit_processes())
def test_a_process_meeting_every_practice_condition_has_no_practice_breach(process: fk.ExitProcess) -> None:
    asked_first = process.pre_interview
    for booking in process.bookings:
        assert booking.interviewer_can_escalate is not False
        if booking.interview is not None:
            assert booking.appointment.location_agreed
            assert asked_first is not None
            assert asked_first.complaints_explained is not False
        if booking.appointment.companion is not None:
            assert asked_first is not None
            assert asked_first.wants_companion
    for interview in process.interviews:
        for finding in interview.findings:
            if finding.safeguarding:
                assert is_referred(finding)
    assert not PRACTICE_RULES.intersection(b.rule for b in breaches(process))


@given(fks.exit_processes(), st.data())
def test_an_interviewer_recorded_with_no_route_is_always_found(
    process: fk.ExitProcess, data: st.DataObject
) -> None:
    if not process.bookings:
        return
    index = data.draw(st.integers(0, len(process.bookings) - 1))
    bookings = list(process.bookings)
    bookings[index] = attrs.evolve(bookings[index], interviewer_can_escalate=False)
    found = rules_of(attrs.evolve(process, bookings=tuple(bookings)))
    assert found == [(Rule.INTERVIEWER_CAN_ESCALATE, f"bookings[{index}].interviewer_can_escalate")]


@given(fks.exit_processes())
def test_any_held_interview_at_an_unagreed_place_is_found(process: fk.ExitProcess) -> None:
    bookings = tuple(
        attrs.evolve(b, appointment=attrs.evolve(b.appointment, location_agreed=False))
        for b in process.bookings
    )
    found = rules_of(attrs.evolve(process, bookings=bookings))
    held = [i for i, b in enumerate(bookings) if b.interview is not None]
    assert found == [(Rule.LOCATION_AGREED, f"bookings[{i}].appointment.location_agreed") for i in held]


@given(fks.exit_processes(), st.integers(0, 30))
def test_safeguarding_items_are_due_the_day_of_their_interview(process: fk.ExitProcess, days: int) -> None:
    today = process.departure.notice_on + datetime.timedelta(days=days)
    held_on = {i.record.id: i.record.interviewed_on for i in process.interviews}
    for item in safeguarding_due(process, today):
        assert item.ref is not None
        assert item.due_on == held_on[item.ref]
        assert item.overdue == (today > item.due_on)


def test_a_disclosure_triaged_without_the_safeguarding_mark_is_due_marking_that_day() -> None:
    """A disclosure triaged as an ordinary urgent finding is not left to the two-day escalation."""
    process = held_with_disclosure().triage(
        "DCR-1", DISCLOSURE, fk.Triage.URGENT, STAGE_ONE_ON, escalation=referral(EscalationRoute.SERVICE)
    )
    [item] = safeguarding_due(process, STAGE_ONE_ON)
    assert (item.kind, item.due_on, item.ref) == (DueKind.SAFEGUARDING, STAGE_ONE_ON, "DCR-1")
    assert item.why == (
        f"child-protection disclosure {DISCLOSURE} was triaged urgent: "
        "mark it as safeguarding and refer it today"
    )
    thematic = held_with_disclosure().triage("DCR-1", DISCLOSURE, fk.Triage.THEMATIC, STAGE_ONE_ON)
    assert [i.why.split(":")[0] for i in safeguarding_due(thematic, NEXT_DAY)] == [
        f"child-protection disclosure {DISCLOSURE} was triaged thematic"
    ]
    assert safeguarding_due(thematic, NEXT_DAY)[0].overdue
