"""Random sequences of process operations never reach a state that breaks a rule.

The machine plays a service that sometimes gets things wrong: it books the carer's own worker,
cancels without a reason, triages an urgent finding without escalating it, books an interviewer
with no route to act, a companion the carer did not want or a place the carer has not agreed,
holds an interview without explaining complaints, or sends a child-protection disclosure by the
service's own route or a day late. Each such operation
must be refused with the rule it breaks; each right one must be accepted; and after every step
the invariants hold.
"""

from __future__ import annotations

import datetime
import inspect
from collections.abc import Callable

import attrs
from hypothesis import assume, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

import fosterkit as fk
from fosterkit.interviews.process import EscalationRoute
from fosterkit.interviews.safeguarding import safeguarding_due
from fosterkit.serial.converter import structure, unstructure
from fosterkit.testing import strategies as fks

INDEPENDENT = "IND-1"


def _latest(process: fk.ExitProcess) -> datetime.date:
    """The latest date anywhere in the process: where its clock stands."""
    found = [process.departure.notice_on]

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str) and len(node) == 10 and node[4] == "-" and node[7] == "-":
            found.append(datetime.date.fromisoformat(node))

    walk(unstructure(process))
    return max(found)


def _fresh(departure: fk.Departure) -> fk.ExitProcess:
    return fk.ExitProcess.start(
        "EXIT-1", departure, supervising_social_worker="SSW-1", line_management=("TM-1", "SM-1")
    )


EXIT = st.sampled_from(fk.interviews.EXIT_STAGES)
COMPLAINTS = st.sampled_from([(None, ""), (True, "complaints procedure"), (True, ""), (False, "")])


class ExitProcessMachine(RuleBasedStateMachine):
    """Drives one exit process through random operations, right and wrong."""

    process: fk.ExitProcess
    today: datetime.date

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    @initialize(process=st.one_of(fks.departures().map(_fresh), fks.exit_processes()))
    def start(self, process: fk.ExitProcess) -> None:
        # a new process, or one already some way along (reached through its own operations)
        assume(process.role(INDEPENDENT) is fk.interviews.StaffRole.INDEPENDENT)
        self.process = process
        self.today = _latest(process)

    def attempt(self, operation: Callable[[], fk.ExitProcess], *expected: fk.Rule) -> bool:
        """Apply ``operation``; if ``expected`` rules are given it must be refused for them."""
        refusal: fk.RuleBroken | fk.interviews.ProcessError | None = None
        try:
            after = operation()
        except (fk.RuleBroken, fk.interviews.ProcessError) as err:
            refusal = err
        if isinstance(refusal, fk.RuleBroken):
            assert refusal.breaches, "a refusal names at least one breach"
            assert set(expected) <= set(refusal.rules), (expected, refusal.rules)
            assert all(b.instead for b in refusal.breaches)
            event(f"refused: {', '.join(sorted(r.value for r in refusal.rules))}")
            return False
        if refusal is not None:
            assert not expected, f"expected {expected} to be broken, got: {refusal}"
            event("refused: process error")
            return False
        assert not expected, f"{expected} was broken but the operation was accepted"
        self.process = after
        event(f"accepted: {inspect.stack()[1].function}")
        return True

    def live(self) -> list[fk.interviews.Booking]:
        return [b for b in self.process.bookings if b.status is fk.interviews.BookingStatus.BOOKED]

    # -- rules -------------------------------------------------------------------------------------

    @rule(days=st.integers(0, 20))
    def wait(self, days: int) -> None:
        self.today += datetime.timedelta(days=days)

    @rule()
    def offer(self) -> None:
        self.attempt(lambda: self.process.offer(self.today))

    @rule(stage=EXIT, mood=st.integers(0, 9))
    def decline(self, stage: fk.InterviewStage, mood: int) -> None:
        if mood != 5:  # most carers take up the offer; declining ends most of the process
            return
        if self.attempt(lambda: self.process.decline(self.today, stage)):
            assert self.process.opted_out(stage) is not None
            assert self.process.live_booking(stage) is None

    @rule(own=st.booleans(), companion=st.booleans(), complaints=COMPLAINTS)
    def ask(self, own: bool, companion: bool, complaints: tuple[bool | None, str]) -> None:
        explained, where = complaints
        expected = []
        if self.process.interviews and (explained is False or (explained and not where)):
            expected.append(fk.Rule.COMPLAINTS_EXPLAINED)
        if not companion and any(
            b.appointment.companion is not None and b.status is not fk.interviews.BookingStatus.CANCELLED
            for b in self.process.bookings
        ):
            expected.append(fk.Rule.COMPANION_WANTED)
        self.attempt(
            lambda: self.process.ask_before_interview(
                self.today,
                raise_relationships=True,
                wants_companion=companion,
                wants_own_social_worker=own,
                complaints_explained=explained,
                complaints_route=where,
            ),
            *expected,
        )

    @rule(reference=st.sampled_from(["", "  ", "CMP-77"]))
    def complaint(self, reference: str) -> None:
        expected = () if reference.strip() else (fk.Rule.COMPLAINT_REFERENCE,)
        self.attempt(lambda: self.process.route_complaint(self.today, reference), *expected)

    @rule(
        slip=st.integers(0, 5),
        who=st.sampled_from(["independent", "independent", "independent", "worker", "manager"]),
        with_=st.sampled_from(["", "", "", "worker", "manager"]),
        offset=st.integers(0, 30),
        agreed=st.booleans(),
        companion=st.sampled_from([None, None, fk.interviews.CompanionKind.FRIEND]),
        can_escalate=st.sampled_from([True, True, None, False]),
    )
    def book(
        self,
        slip: int,
        who: str,
        with_: str,
        offset: int,
        agreed: bool,
        companion: fk.interviews.CompanionKind | None,
        can_escalate: bool | None,
    ) -> None:
        also: tuple[str, ...]
        staff = {
            "independent": INDEPENDENT,
            "worker": self.process.supervising_social_worker,
            "manager": self.process.line_management[-1],
        }
        interviewer = staff[who]
        also = (staff[with_],) if with_ and with_ != who else ()
        # mostly the next stage due, on a date that fits; now and then (slip 0) the other stage
        # or a stage 2 date outside its window
        held_first = self.process.held(fk.InterviewStage.EXIT_STAGE_1) is not None
        stage = fk.interviews.EXIT_STAGES[held_first != (slip == 0)]
        window = self.process.stage_two_window
        on = self.today + datetime.timedelta(days=offset)
        if stage is fk.InterviewStage.EXIT_STAGE_2 and window is not None and slip != 1:
            on = max(window.opens, self.today) + datetime.timedelta(days=offset % 15)
        self.count += 1
        also = tuple(s for s in also if s != interviewer)
        appointment = fk.interviews.Appointment(
            id=f"M{self.count}",
            stage=stage,
            on=on,
            location=fk.interviews.Location.NEUTRAL_VENUE,
            location_agreed=agreed,
            interviewer=interviewer,
            also_present=also,
            companion=None if companion is None else fk.interviews.Companion(kind=companion),
        )
        expected = []
        asked = self.process.pre_interview
        if can_escalate is False:
            expected.append(fk.Rule.INTERVIEWER_CAN_ESCALATE)
        if companion is not None and asked is not None and not asked.wants_companion:
            expected.append(fk.Rule.COMPANION_WANTED)
        if interviewer != INDEPENDENT:
            expected.append(fk.Rule.INDEPENDENT_INTERVIEWER)
        roles = {self.process.role(s) for s in also}
        own_asked = asked is not None and asked.wants_own_social_worker
        if fk.interviews.StaffRole.LINE_MANAGEMENT in roles or (
            fk.interviews.StaffRole.SUPERVISING_SOCIAL_WORKER in roles and not own_asked
        ):
            expected.append(fk.Rule.OWN_SOCIAL_WORKER_ALONGSIDE)
        window = self.process.stage_two_window
        if (
            stage is fk.InterviewStage.EXIT_STAGE_2
            and window is not None
            and not window.is_open(appointment.on)
        ):
            expected.append(fk.Rule.STAGE_ORDER)
        if self.attempt(
            lambda: self.process.book(appointment, self.today, interviewer_can_escalate=can_escalate),
            *expected,
        ):
            assert self.process.live_booking(stage) == self.process.booking(appointment.id)
            assert self.process.booking(appointment.id).interviewer_can_escalate is can_escalate

    @rule(data=st.data(), move=st.booleans())
    def agree_location(self, data: st.DataObject, move: bool) -> None:
        live = self.live()
        if not live:
            return
        booking = data.draw(st.sampled_from(live))
        where = fk.interviews.Location.CARERS_HOME if move else None
        if self.attempt(lambda: self.process.agree_location(booking.appointment.id, where)):
            agreed = self.process.booking(booking.appointment.id).appointment
            assert agreed.location_agreed
            assert agreed.location is (where or booking.appointment.location)

    @rule(data=st.data(), by=st.sampled_from(fk.Initiator), reason=st.sampled_from(["", "interviewer ill"]))
    def cancel(self, data: st.DataObject, by: fk.Initiator, reason: str) -> None:
        live = self.live()
        if not live:
            return
        booking = data.draw(st.sampled_from(live))
        expected = () if reason else (fk.Rule.CANCELLATION_REASON,)
        appointment = booking.appointment.id
        if self.attempt(
            lambda: self.process.cancel(appointment, self.today, by=by, reason=reason), *expected
        ):
            assert self.process.booking(appointment).status is fk.interviews.BookingStatus.CANCELLED
            assert self.process.awaits_rebooking(self.process.booking(appointment)) == (
                by is fk.Initiator.SERVICE and self.process.opted_out(booking.stage) is None
            )

    @rule(data=st.data())
    def complete(self, data: st.DataObject) -> None:
        live = self.live()
        if not live:
            return
        booking = data.draw(st.sampled_from(live))
        record = data.draw(
            fks.data_collection_records(
                departure_id=self.process.departure.id, stage=booking.stage, interviewed_on=self.today
            )
        )
        expected = []
        if not booking.appointment.location_agreed:
            expected.append(fk.Rule.LOCATION_AGREED)
        asked = self.process.pre_interview
        if asked is not None and (
            asked.complaints_explained is False
            or (asked.complaints_explained and not asked.complaints_route.strip())
        ):
            expected.append(fk.Rule.COMPLAINTS_EXPLAINED)
        if self.attempt(lambda: self.process.complete(booking.appointment.id, record), *expected):
            assert self.process.held(booking.stage) is not None

    @rule(shift=st.integers(1, 60), length=st.integers(0, 21), because=st.sampled_from(["", "carer away"]))
    def move_window(self, shift: int, length: int, because: str) -> None:
        window = self.process.stage_two_window
        if window is None:
            return
        opens = window.stage_one_on + datetime.timedelta(days=shift)
        closes = opens + datetime.timedelta(days=length)
        expected = () if because else (fk.Rule.WINDOW_MOVE_REASON,)
        self.attempt(lambda: self.process.move_stage_two_window(opens, closes, because=because), *expected)

    @rule(
        data=st.data(),
        triage=st.sampled_from(fk.Triage),
        escalate=st.booleans(),
        safeguarding=st.sampled_from([False, False, True]),
        route=st.sampled_from(EscalationRoute),
    )
    def triage(
        self,
        data: st.DataObject,
        triage: fk.Triage,
        escalate: bool,
        safeguarding: bool,
        route: EscalationRoute,
    ) -> None:
        interviews = self.process.interviews
        if not interviews:
            return
        record = data.draw(st.sampled_from(interviews)).record
        reason = data.draw(st.sampled_from(record.reasons))
        escalation = None
        if escalate:
            days = 0 if safeguarding else 5
            escalation = fk.interviews.Escalation(
                owner="duty-manager",
                raised_on=self.today,
                due_on=self.today + datetime.timedelta(days=days),
                route=route,
            )
        expected = []
        if triage is fk.Triage.URGENT and not escalate:
            expected.append(fk.Rule.URGENT_ESCALATION)
        if safeguarding and triage is fk.Triage.URGENT and escalate:
            if not route.is_safeguarding:
                expected.append(fk.Rule.SAFEGUARDING_ROUTE)
            if self.today > record.interviewed_on:
                expected.append(fk.Rule.SAFEGUARDING_SAME_DAY)
        self.attempt(
            lambda: self.process.triage(
                record.id, reason, triage, self.today, escalation=escalation, safeguarding=safeguarding
            ),
            *expected,
        )

    @rule(data=st.data())
    def close_escalation(self, data: st.DataObject) -> None:
        open_ones = [
            (i.record.id, f.reason)
            for i in self.process.interviews
            for f in i.findings
            if f.escalation is not None and f.escalation.done_on is None
        ]
        if open_ones:
            record_id, reason = data.draw(st.sampled_from(open_ones))
            self.attempt(lambda: self.process.close_escalation(record_id, reason, self.today))

    @rule(
        data=st.data(),
        kind=st.sampled_from(fk.interviews.ResponseKind),
        reason=st.sampled_from(["", "no budget"]),
    )
    def respond(self, data: st.DataObject, kind: fk.interviews.ResponseKind, reason: str) -> None:
        interviews = [i for i in self.process.interviews if i.record.suggestions]
        if not interviews:
            return
        record = data.draw(st.sampled_from(interviews)).record
        suggestion = data.draw(st.sampled_from(record.suggestions)).id
        expected = (
            (fk.Rule.RESPONSE_REASON,)
            if kind is fk.interviews.ResponseKind.CANNOT_CHANGE and not reason
            else ()
        )
        self.attempt(
            lambda: self.process.respond(record.id, suggestion, kind, self.today, reason=reason), *expected
        )

    @rule(data=st.data())
    def feedback(self, data: st.DataObject) -> None:
        waiting = [i for i in self.process.interviews if i.feedback_sent_on is None]
        if not waiting:
            return
        interview = data.draw(st.sampled_from(waiting))
        expected = (fk.Rule.FEEDBACK_AFTER_RESPONSES,) if interview.unanswered else ()
        self.attempt(lambda: self.process.send_feedback(interview.record.id, self.today), *expected)

    @rule()
    def checklist(self) -> None:
        if self.process.checklist_sent is None:
            self.attempt(
                lambda: self.process.send_checklist(self.today, checklist="leaving-carers", version="1")
            )

    # -- invariants --------------------------------------------------------------------------------

    @invariant()
    def breaks_no_rule(self) -> None:
        assert fk.interviews.breaches(self.process) == ()

    @invariant()
    def stage_two_only_after_stage_one(self) -> None:
        second = self.process.held(fk.InterviewStage.EXIT_STAGE_2)
        if second is not None:
            first = self.process.held(fk.InterviewStage.EXIT_STAGE_1)
            assert first is not None
            assert first.interview is not None
            assert second.interview is not None
            assert first.interview.record.interviewed_on <= second.interview.record.interviewed_on

    @invariant()
    def every_cancellation_has_a_reason(self) -> None:
        for booking in self.process.bookings:
            if booking.cancellation is not None:
                assert booking.cancellation.reason.strip()

    @invariant()
    def urgent_findings_are_escalated(self) -> None:
        for interview in self.process.interviews:
            for finding in interview.findings:
                if finding.triage is fk.Triage.URGENT:
                    assert finding.escalation is not None
                    assert finding.escalation.owner.strip()

    @invariant()
    def safeguarding_findings_are_referred_the_same_day(self) -> None:
        for interview in self.process.interviews:
            for finding in interview.findings:
                if finding.safeguarding:
                    assert finding.triage is fk.Triage.URGENT
                    assert finding.escalation is not None
                    assert finding.escalation.route.is_safeguarding
                    assert finding.escalation.raised_on == interview.record.interviewed_on
                    assert finding.escalation.due_on == interview.record.interviewed_on

    @invariant()
    def held_interviews_were_agreed_and_wanted(self) -> None:
        asked = self.process.pre_interview
        for booking in self.process.bookings:
            assert booking.interviewer_can_escalate is not False
            if booking.interview is not None:
                assert booking.appointment.location_agreed
                assert asked is not None
                assert asked.complaints_explained is not False
            if booking.appointment.companion is not None and booking.cancellation is None:
                assert asked is not None
                assert asked.wants_companion

    @invariant()
    def safeguarding_items_are_due_the_day_of_the_interview(self) -> None:
        held_on = {i.record.id: i.record.interviewed_on for i in self.process.interviews}
        for item in safeguarding_due(self.process, self.today):
            assert item.kind is fk.interviews.DueKind.SAFEGUARDING
            assert item.ref is not None
            assert item.due_on == held_on[item.ref]
            assert item.overdue == (self.today > item.due_on)

    @invariant()
    def metrics_are_shares(self) -> None:
        metrics = fk.process_metrics([self.process])
        for value in attrs.asdict(metrics, recurse=False).values():
            if isinstance(value, fk.interviews.Share):
                assert 0 <= value.count <= value.of
                assert value.percent is None or 0 <= value.percent <= 100

    @invariant()
    def due_items_are_overdue_exactly_when_late(self) -> None:
        for item in fk.due([self.process], self.today):
            assert item.overdue == (self.today > item.due_on)
            assert item.why

    @invariant()
    def round_trips_through_the_converter(self) -> None:
        assert structure(unstructure(self.process), fk.ExitProcess) == self.process


TestExitProcessMachine = ExitProcessMachine.TestCase
TestExitProcessMachine.settings = settings(settings(), stateful_step_count=80)
