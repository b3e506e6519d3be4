"""Child-protection disclosures in exit interviews: the same-day safeguarding route.

A carer may say something in an exit interview that raises a concern about a child's safety.
That is not an item for the themes, nor for the service's own two-day escalation: the finding
is triaged urgent and marked ``safeguarding`` (see :class:`~fosterkit.interviews.process.Finding`),
and it is referred by a safeguarding route (:class:`~fosterkit.interviews.process.EscalationRoute`:
the designated safeguarding lead, the LADO, or children's social care) on the day of the
interview. The rules ``safeguarding_route`` and ``safeguarding_same_day`` check the finding;
:func:`safeguarding_due` says what is due, always on the day of the interview.

``today`` is passed in; nothing here reads the clock.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterator

from fosterkit.errors import UnknownCodeError
from fosterkit.interviews.due_items import DueItem, DueKind
from fosterkit.interviews.process import EscalationRoute, ExitProcess, Finding, Interview
from fosterkit.interviews.record import DataCollectionRecord
from fosterkit.reasons import Taxonomy

__all__ = ["DISCLOSURE_REASONS", "disclosures", "is_referred", "safeguarding_due"]

#: Reason codes (with everything below them) that record a child-protection disclosure.
DISCLOSURE_REASONS = ("concerns.safeguarding",)

_ROUTES = "the designated safeguarding lead, the LADO or children's social care"
_ROUTE_NAMES = {
    EscalationRoute.SERVICE: "the service's own route",
    EscalationRoute.SAFEGUARDING_LEAD: "designated safeguarding lead",
    EscalationRoute.LADO: "LADO",
    EscalationRoute.CHILDRENS_SOCIAL_CARE: "children's social care",
}


def _under(code: str, roots: Collection[str]) -> bool:
    return any(code == root or code.startswith(f"{root}.") for root in roots)


def disclosures(
    record: DataCollectionRecord,
    taxonomy: Taxonomy | None = None,
    roots: Collection[str] = DISCLOSURE_REASONS,
) -> tuple[str, ...]:
    """The record's reasons that are child-protection disclosures (at or below one of ``roots``).

    With a ``taxonomy``, aliases are resolved to their codes first; a reason it does not know is
    judged by its text as written.
    """
    found = []
    for reason in record.reasons:
        code = reason if taxonomy is None else _resolved(reason, taxonomy)
        if _under(code, roots):
            found.append(reason)
    return tuple(found)


def _resolved(reason: str, taxonomy: Taxonomy) -> str:
    """The code a reason (or alias) stands for; one the taxonomy does not know, as written."""
    try:
        return taxonomy.get(reason).code
    except UnknownCodeError:
        return reason


def is_referred(finding: Finding) -> bool:
    """Whether a safeguarding finding has an escalation by a safeguarding route, with an owner and date."""
    escalation = finding.escalation
    return escalation is not None and escalation.route.is_safeguarding and escalation.assigned


def safeguarding_due(
    process: ExitProcess, today: datetime.date, *, roots: Collection[str] = DISCLOSURE_REASONS
) -> list[DueItem]:
    """What a process's child-protection disclosures are due, each on the day of its interview.

    Per interview: a disclosure reason (see :func:`disclosures`) not yet triaged is due triage;
    a safeguarding finding not referred by a safeguarding route is due referral; a referral not
    yet closed is due its owner's action. Every item is of kind ``safeguarding`` and due on the
    interview day, so it is overdue from the next day. Generic items for safeguarding findings
    belong here, not in the service's two-day escalation.
    """
    items = []
    for interview, why in _due_reasons(process, roots):
        record = interview.record
        items.append(
            DueItem(
                kind=DueKind.SAFEGUARDING,
                subject=process.id,
                due_on=record.interviewed_on,
                overdue=today > record.interviewed_on,
                why=why,
                ref=record.id,
                process_id=process.id,
                departure_id=process.departure.id,
                household_id=process.departure.household_id,
            )
        )
    return items


def _due_reasons(process: ExitProcess, roots: Collection[str]) -> Iterator[tuple[Interview, str]]:
    """Each interview with a safeguarding step still due, and what the step is."""
    for interview in process.interviews:
        untriaged = set(interview.untriaged)
        found = disclosures(interview.record, roots=roots)
        disclosed = set(found)
        for reason in (r for r in found if r in untriaged):
            yield interview, f"triage child-protection disclosure {reason} as safeguarding today"
        for finding in interview.findings:
            if not finding.safeguarding:
                if finding.reason in disclosed:  # triaged, but not as the disclosure it is
                    level = finding.triage.value
                    why = f"child-protection disclosure {finding.reason} was triaged {level}"
                    yield interview, f"{why}: mark it as safeguarding and refer it today"
                continue
            escalation = finding.escalation
            if not is_referred(finding):
                yield interview, f"refer child-protection disclosure {finding.reason} today to {_ROUTES}"
            elif escalation is not None and escalation.done_on is None:
                route = _ROUTE_NAMES[escalation.route]
                why = f"{escalation.owner} ({route}) to act on child-protection disclosure {finding.reason}"
                yield interview, f"{why} the same day"
