"""The publication's tables of what the service did: exit interviews, escalations, "you said, we did",
conversations before notice; suppressed with the rest, and never showing what a carer withheld."""

from __future__ import annotations

import csv
import datetime
import json
from collections.abc import Sequence
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fosterkit.adapters.publishing import publication_rows, write_publication
from fosterkit.analysis import (
    PRACTICE_TABLES,
    SUPPRESSED,
    CellRef,
    Period,
    Publication,
    PublishedChange,
    Suppressed,
    publish_tables,
)
from fosterkit.analysis.periods import half_year, reporting_year
from fosterkit.analysis.suppression import determined
from fosterkit.interviews.metrics import process_metrics
from fosterkit.interviews.process import (
    Booking,
    Escalation,
    ExitProcess,
    Finding,
    Interview,
    OptOut,
    Response,
    ResponseKind,
)
from fosterkit.interviews.record import DataCollectionRecord, Suggestion
from fosterkit.interviews.stages import Appointment, InterviewStage, Location
from fosterkit.reasons import Triage
from fosterkit.records import ConsideringLeaving, ConversationOutcome, Departure, HeldBy
from test_analysis_publication import cells, recoverable, unsuppressed
from test_analysis_rates import FEES, TAXONOMY, leave
from test_disclosure_series import recovered_in, run_series

D = datetime.date
S1 = InterviewStage.EXIT_STAGE_1
S2 = InterviewStage.EXIT_STAGE_2
H1 = Period(D(2026, 4, 1), D(2026, 9, 30))
SSW, MANAGER, IRO = "SSW-1", "TM-1", "IRO-5"
#: Suggestion themes: a theme, a code under another, one the taxonomy does not know, and none.
THEMES = ["finance", "support.supervising_social_worker", "made_up.reason", None]
Said = tuple[str | None, ResponseKind | None, str, bool]
"""A suggestion: its theme, the response (``None``: none yet), the service's summary, and publish."""


def day(start: datetime.date, days: int) -> datetime.date:
    return start + datetime.timedelta(days=days)


def exit_process(
    dep: Departure,
    *,
    offered: bool = True,
    stage_1: int | None = 5,
    stage_2: bool = False,
    declined: bool = False,
    interviewer: str = IRO,
    feedback: bool = True,
    urgent: bool | None = None,
    suggestions: Sequence[Said] = (),
    consent: bool = True,
) -> ExitProcess:
    """A process for ``dep``: stage 1 held ``stage_1`` days after notice (``None``: not held), and so on.

    ``urgent`` is ``None`` for no urgent finding, else whether it was escalated in time.
    """
    bookings: list[Booking] = []
    if offered and stage_1 is not None and not declined:
        held = day(dep.notice_on, stage_1)
        findings: tuple[Finding, ...] = ()
        if urgent is not None:
            raised = day(held, 1 if urgent else 6)
            findings = (
                Finding(
                    reason=FEES,
                    triage=Triage.URGENT,
                    triaged_on=held,
                    escalation=Escalation(owner="duty-manager", raised_on=raised, due_on=day(raised, 7)),
                ),
            )
        record = DataCollectionRecord(
            id=f"DCR-{dep.id}-1",
            departure_id=dep.id,
            stage=S1,
            interviewed_on=held,
            primary_reason=FEES,
            suggestions=tuple(
                Suggestion(id=f"S{n}", text=f"CARER-WORDS-{dep.id}-{n}", theme=theme)
                for n, (theme, _kind, _summary, _publish) in enumerate(suggestions)
            ),
            consent_to_anonymised_use=consent,
        )
        responses = tuple(
            Response(
                suggestion_id=f"S{n}",
                kind=kind,
                on=day(held, 2),
                reason="outside our control" if kind is ResponseKind.CANNOT_CHANGE else "",
                summary=summary,
                publish=publish,
            )
            for n, (_theme, kind, summary, publish) in enumerate(suggestions)
            if kind is not None
        )
        sent = day(held, 3) if feedback else None
        interview = Interview(record=record, findings=findings, responses=responses, feedback_sent_on=sent)
        bookings.append(_booking(f"A-{dep.id}-1", S1, held, interviewer, interview, dep.notice_on))
        if stage_2:
            second = DataCollectionRecord(
                id=f"DCR-{dep.id}-2",
                departure_id=dep.id,
                stage=S2,
                interviewed_on=day(held, 42),
                primary_reason=FEES,
                consent_to_anonymised_use=consent,
            )
            follow = Interview(record=second, feedback_sent_on=day(held, 45) if feedback else None)
            bookings.append(_booking(f"A-{dep.id}-2", S2, day(held, 42), interviewer, follow, held))
    return ExitProcess(
        id=f"EXIT-{dep.id}",
        departure=dep,
        supervising_social_worker=SSW,
        line_management=(MANAGER,),
        offered_on=day(dep.notice_on, 1) if offered else None,
        opt_outs=(OptOut(stage=S1, on=day(dep.notice_on, 2)),) if offered and declined else (),
        bookings=tuple(bookings),
    )


def _booking(
    id: str,
    stage: InterviewStage,
    on: datetime.date,
    interviewer: str,
    held: Interview,
    booked: datetime.date,
) -> Booking:
    appointment = Appointment(
        id=id, stage=stage, on=on, location=Location.VIDEO, location_agreed=True, interviewer=interviewer
    )
    return Booking(appointment=appointment, booked_on=booked, interview=held)


def talk(id: str, household: str, on: datetime.date, outcome: ConversationOutcome) -> ConsideringLeaving:
    return ConsideringLeaving(
        id=id,
        household_id=household,
        held_on=on,
        held_by="SSW-9",
        held_by_role=HeldBy.SUPERVISING_SOCIAL_WORKER,
        support_offered="CARER-WORDS-support",
        outcome=outcome,
        follow_up_on=day(on, 30) if outcome is ConversationOutcome.UNDECIDED else None,
    )


# -- an example with every count known ---------------------------------------------------------

PUBLISHED = "We raised the fee rates for every household"
PRIVATE = "A summary the service did not mark publishable"


def example() -> list[object]:
    """28 departures in 2026-27 H1, every count of the new tables 0 or more than 3."""
    records: list[object] = []
    n = 0

    def departure() -> Departure:
        nonlocal n
        n += 1
        dep = leave(f"D{n}", day(H1.start, 3 * n))
        records.append(dep)
        return dep

    for _ in range(4):  # no exit process at all
        departure()
    for _ in range(4):
        records.append(exit_process(departure(), offered=False))
    for i in range(8):  # both stages, independent, on time, feedback; an urgent finding each
        said: list[Said] = [("finance", ResponseKind.WILL_CHANGE, PUBLISHED if i else PRIVATE, bool(i))]
        if i >= 4:
            said = [("support.supervising_social_worker", None, "", False)]
        records.append(exit_process(departure(), stage_2=True, urgent=i < 4, suggestions=said))
    for _ in range(4):  # stage 1 only, by the carer's own worker, late, no feedback
        said = [(None, ResponseKind.UNDER_REVIEW, "", False)]
        records.append(
            exit_process(departure(), stage_1=40, interviewer=SSW, feedback=False, suggestions=said)
        )
    for _ in range(4):
        records.append(exit_process(departure(), declined=True))
    for _ in range(4):
        records.append(exit_process(departure(), stage_1=None))
    stayed, left = ConversationOutcome.STAYED, ConversationOutcome.LEFT
    records += [talk(f"CL{k}", f"HH-CL{k}", D(2026, 5, k + 1), stayed) for k in range(3)]
    records.append(talk("CL3a", "HH-CL3", D(2026, 5, 10), ConversationOutcome.UNDECIDED))
    records.append(talk("CL3b", "HH-CL3", D(2026, 8, 10), stayed))  # the latest in the period decides
    records += [talk(f"CL{k}", f"HH-CL{k}", D(2026, 6, k), left) for k in range(4, 8)]
    records.append(talk("CL9", "HH-CL9", D(2026, 10, 2), left))  # after the period
    return records


def counts_of(publication: Publication, name: str) -> dict[tuple[str, str], int | Suppressed]:
    table = publication.table(name)
    return {
        (r.code, c.code): n
        for r, line in zip(table.rows, table.counts, strict=True)
        for c, n in zip(table.columns, line, strict=True)
    }


def test_every_new_table_of_the_example() -> None:
    published = publish_tables(example(), taxonomy=TAXONOMY, period=H1, threshold=3)
    assert [t.name for t in published.tables[-len(PRACTICE_TABLES) :]] == list(PRACTICE_TABLES)
    assert published.table("summary").count("departures", "count") == 28
    assert counts_of(published, "exit_interview_offer") == {
        ("yes", "count"): 20,
        ("no", "count"): 4,
        ("no_process", "count"): 4,
        ("total", "count"): 28,
    }
    assert counts_of(published, "exit_interview_take_up") == {
        ("both_stages", "count"): 8,
        ("stage_1_only", "count"): 4,
        ("declined", "count"): 4,
        ("not_held", "count"): 4,
        ("total", "count"): 20,
    }
    assert counts_of(published, "exit_interview_conduct") == {
        (question, column): n
        for question in ("independent", "stage_1_on_time", "feedback_given")
        for column, n in (("yes", 8), ("no", 4), ("total", 12))
    }
    assert counts_of(published, "urgent_escalations") == {
        ("yes", "count"): 4,
        ("no", "count"): 4,
        ("total", "count"): 8,
    }
    said = {k: n for k, n in counts_of(published, "you_said_we_did").items() if n != 0}
    assert said == {
        ("finance", "will_change"): 4,
        ("finance", "total"): 4,
        ("support", "no_response"): 4,
        ("support", "total"): 4,
        ("not_coded", "under_review"): 4,
        ("not_coded", "total"): 4,
        ("total", "will_change"): 4,
        ("total", "no_response"): 4,
        ("total", "under_review"): 4,
        ("total", "total"): 12,
    }
    assert published.table("you_said_we_did").unit == "suggestions"
    assert counts_of(published, "considering_leaving") == {
        ("stayed", "count"): 4,
        ("left", "count"): 4,
        ("undecided", "count"): 0,
        ("total", "count"): 8,
    }
    assert published.changes == (
        PublishedChange(
            theme="finance",
            theme_label=TAXONOMY.get("finance").label,
            outcome="will_change",
            outcome_label="Will change",
            summary=PUBLISHED,
        ),
    )
    figures = {f.code: f.value for f in published.figures}
    assert {code: figures[code] for code in list(figures)[-8:]} == {
        "exit_offer_rate": 71.4,
        "stage_1_take_up": 60.0,
        "stage_2_completion": 66.7,
        "independent_interviewer": 66.7,
        "stage_1_on_time": 66.7,
        "feedback_given": 66.7,
        "urgent_escalated_in_time": 50.0,
        "considering_leaving_stayed": 50.0,
    }
    notes = " ".join(published.notes)
    assert "consented" in notes
    assert "You said, we did" in notes


def test_the_process_tables_count_as_the_process_figures_do() -> None:
    records = example()
    published = publish_tables(records, taxonomy=TAXONOMY, period=H1, threshold=3)
    metrics = process_metrics(
        [r for r in records if isinstance(r, ExitProcess)],
        departures=[r for r in records if isinstance(r, Departure)],
        start=H1.start,
        end=day(H1.end, 1),
    )
    take_up = published.table("exit_interview_take_up")
    assert published.table("exit_interview_offer").count("yes", "count") == metrics.offered.count
    assert take_up.count("declined", "count") == metrics.declined.count
    assert take_up.count("both_stages", "count") == metrics.stage_two_completion.count
    assert published.table("exit_interview_conduct").count("independent") == metrics.took_up.count


def test_a_change_under_a_suppressed_count_is_not_listed() -> None:
    records = example()
    extra = leave("D-extra", day(H1.start, 1))
    records += [
        extra,
        exit_process(extra, suggestions=[("valued", ResponseKind.ALREADY_CHANGED, "We thank carers", True)]),
    ]
    published = publish_tables(records, taxonomy=TAXONOMY, period=H1, threshold=3)
    assert published.table("you_said_we_did").count("valued", "already_changed") is SUPPRESSED
    assert [c.summary for c in published.changes] == [PUBLISHED]


# -- consent -----------------------------------------------------------------------------------


def test_a_record_without_consent_gives_no_suggestion_or_summary(tmp_path: Path) -> None:
    records = example()
    secret = leave("D-secret", day(H1.start, 2))
    said: list[Said] = [("finance", ResponseKind.WILL_CHANGE, "SECRET-SUMMARY", True)] * 5
    withheld = exit_process(secret, suggestions=said, consent=False)
    without_suggestions = exit_process(secret, suggestions=(), consent=False)
    published = publish_tables([*records, secret, withheld], taxonomy=TAXONOMY, period=H1, threshold=3)
    plain = publish_tables([*records, secret, without_suggestions], taxonomy=TAXONOMY, period=H1, threshold=3)
    assert published == plain
    assert published.table("you_said_we_did").count("total", "total") == 12
    assert published.table("exit_interview_conduct").count("independent") == 13  # still an interview held
    for suffix in (".csv", ".json"):
        written = write_publication(published, tmp_path / f"out{suffix}").read_text(encoding="utf-8-sig")
        assert "SECRET-SUMMARY" not in written
        assert "CARER-WORDS" not in written  # the carers' own words never reach any output
        assert PRIVATE not in written


def test_a_summary_is_published_only_when_marked_publishable() -> None:
    def changes(publish: bool) -> tuple[PublishedChange, ...]:
        records: list[object] = []
        for n in range(5):
            dep = leave(f"D{n}", day(H1.start, n))
            said: list[Said] = [("finance", ResponseKind.ALREADY_CHANGED, "We pay fees monthly now", publish)]
            records += [dep, exit_process(dep, suggestions=said)]
        return publish_tables(records, taxonomy=TAXONOMY, period=H1, threshold=3).changes

    assert changes(False) == ()
    assert [(c.theme, c.outcome, c.summary) for c in changes(True)] == [
        ("finance", "already_changed", "We pay fees monthly now")  # each once, however many said it
    ]


# -- publish's files ---------------------------------------------------------------------------


def test_publish_writes_the_new_tables_and_the_changes(tmp_path: Path) -> None:
    published = publish_tables(example(), taxonomy=TAXONOMY, period=H1, threshold=3)
    rows = list(publication_rows(published))
    assert {row[0] for row in rows} >= {*PRACTICE_TABLES, "changes"}
    assert [row for row in rows if row[0] == "changes"] == [
        (
            "changes",
            "You said, we did: what the service changed or will change",
            "changes",
            "finance",
            TAXONOMY.get("finance").label,
            "will_change",
            "Will change",
            PUBLISHED,
        )
    ]
    data = json.loads(write_publication(published, tmp_path / "out.json").read_text(encoding="utf-8"))
    assert data["changes"] == [
        {
            "theme": "finance",
            "theme_label": TAXONOMY.get("finance").label,
            "outcome": "will_change",
            "outcome_label": "Will change",
            "summary": PUBLISHED,
        }
    ]
    assert {t["name"] for t in data["tables"]} >= set(PRACTICE_TABLES)
    path = write_publication(published, tmp_path / "out.csv")
    with path.open(encoding="utf-8-sig", newline="") as stream:
        assert sum(1 for row in csv.reader(stream) if row[0] == "changes") == 1


# -- any service -------------------------------------------------------------------------------


@st.composite
def practice(
    draw: st.DrawFn, most: int = 30, start: datetime.date = H1.start, days: int = 364
) -> list[object]:
    """Departures from ``start`` over ``days`` days with exit processes of every shape, and conversations."""
    records: list[object] = []
    for n in range(draw(st.integers(0, most))):
        dep = leave(f"D{n}", day(start, draw(st.integers(0, days))))
        records.append(dep)
        if not draw(st.integers(0, 5)):
            continue
        said = draw(
            st.lists(
                st.tuples(
                    st.sampled_from(THEMES),
                    st.sampled_from([None, *ResponseKind]),
                    st.sampled_from(["We changed it", "We will change it"]),
                    st.booleans(),
                ).map(lambda s: (s[0], s[1], s[2], s[3] and s[1] is not None)),
                max_size=3,
            )
        )
        records.append(
            exit_process(
                dep,
                offered=draw(st.integers(0, 5)) > 0,
                stage_1=draw(st.sampled_from([None, 3, 10, 40])),
                stage_2=draw(st.booleans()),
                declined=not draw(st.integers(0, 4)),
                interviewer=draw(st.sampled_from([IRO, IRO, SSW, MANAGER])),
                feedback=draw(st.integers(0, 3)) > 0,
                urgent=draw(st.sampled_from([None, None, True, False])),
                suggestions=said,
                consent=draw(st.integers(0, 4)) > 0,
            )
        )
    for k in range(draw(st.integers(0, 20))):
        household = f"HH-CL{draw(st.integers(0, 8))}"
        on = day(start, draw(st.integers(0, days)))
        records.append(talk(f"CL{k}", household, on, draw(st.sampled_from(list(ConversationOutcome)))))
    return records


def _in_new_tables(ref: CellRef) -> bool:
    return ref.table in PRACTICE_TABLES


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=practice(), threshold=st.integers(3, 5))
def test_no_suppressed_count_of_the_new_tables_can_be_worked_out(
    records: list[object], threshold: int
) -> None:
    published = publish_tables(records, taxonomy=TAXONOMY, period=H1, threshold=threshold, trend_periods=1)
    with unsuppressed():
        truth = cells(
            publish_tables(records, taxonomy=TAXONOMY, period=H1, threshold=threshold, trend_periods=1)
        )
    shown = cells(published)
    for ref, value in shown.items():
        if _in_new_tables(ref) and value is not SUPPRESSED:
            assert value == truth[ref]
            assert value == 0 or value > threshold
    hidden = sorted((ref for ref, value in shown.items() if value is SUPPRESSED), key=repr)
    sums = [(r.total, r.parts) for r in published.relations]
    assert [ref for ref in determined(hidden, sums) if truth[ref]] == []
    assert recoverable(published, truth) == []
    # Every relation the publication lists holds for the true counts, the new tables' included.
    for relation in published.relations:
        total = truth[relation.total]
        assert not isinstance(total, Suppressed)
        assert total == sum(int(str(truth[p])) for p in relation.parts)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=practice(), threshold=st.integers(3, 5))
def test_the_figures_use_only_shown_counts(records: list[object], threshold: int) -> None:
    published = publish_tables(records, taxonomy=TAXONOMY, period=H1, threshold=threshold, trend_periods=1)
    shown = cells(published)
    held = CellRef(table="exit_interview_conduct", row="independent", column="total")
    inputs = {
        "exit_offer_rate": (
            ("exit_interview_offer", "yes", "count"),
            ("exit_interview_offer", "total", "count"),
        ),
        "stage_1_take_up": (
            ("exit_interview_conduct", "independent", "total"),
            ("exit_interview_offer", "yes", "count"),
        ),
        "stage_2_completion": (("exit_interview_take_up", "both_stages", "count"), None),
        "independent_interviewer": (("exit_interview_conduct", "independent", "yes"), None),
        "stage_1_on_time": (("exit_interview_conduct", "stage_1_on_time", "yes"), None),
        "feedback_given": (("exit_interview_conduct", "feedback_given", "yes"), None),
        "urgent_escalated_in_time": (
            ("urgent_escalations", "yes", "count"),
            ("urgent_escalations", "total", "count"),
        ),
        "considering_leaving_stayed": (
            ("considering_leaving", "stayed", "count"),
            ("considering_leaving", "total", "count"),
        ),
    }
    for code, (part, whole) in inputs.items():
        top = shown[CellRef(table=part[0], row=part[1], column=part[2])]
        base = held if whole is None else CellRef(table=whole[0], row=whole[1], column=whole[2])
        bottom = shown[base]
        value = published.figure(code).value
        if top is SUPPRESSED or bottom is SUPPRESSED:
            assert value is SUPPRESSED, code
        elif bottom == 0:
            assert value is None, code
        else:
            assert value == round(100 * top / bottom, 1), code


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(records=practice(most=40, start=D(2025, 4, 1), days=729))
def test_a_year_and_its_half_with_the_log_give_nothing_away(records: list[object]) -> None:
    year = reporting_year(D(2026, 4, 1))
    for steps in ([half_year(D(2026, 4, 1)), year], [year, half_year(D(2026, 10, 1))]):
        releases = run_series(records, steps, trend_periods=1)
        assert recovered_in(records, releases) == []


def test_households_talked_to_in_both_halves_count_once_in_the_year() -> None:
    stayed = ConversationOutcome.STAYED
    records = [talk(f"CL{k}", f"HH{k}", D(2026, 5, 1), stayed) for k in range(4)]
    records += [talk(f"CL{k}b", f"HH{k}", D(2026, 11, 1), ConversationOutcome.LEFT) for k in range(4)]
    year = publish_tables(records, taxonomy=TAXONOMY, period=reporting_year(D(2026, 4, 1)), threshold=3)
    first = publish_tables(records, taxonomy=TAXONOMY, period=H1, threshold=3)
    assert counts_of(year, "considering_leaving")[("total", "count")] == 4
    assert counts_of(year, "considering_leaving")[("left", "count")] == 4
    assert counts_of(first, "considering_leaving")[("stayed", "count")] == 4
