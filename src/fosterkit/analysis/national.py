"""The national (Ofsted) category of a departure: the leaving route decides first, the main reason refines.

A departure's route says most of what the national return asks: a transfer is a transfer, and
a termination after an allegation counts under allegations whatever the carer said. Only where
the route leaves it open (a resignation) does the main reason's national category, from the
taxonomy, decide, and never to a category that contradicts the route. The rule is the table
:data:`RULES`, one row per route:

=====================================  ======================  =============================================
route                                  category                 when the main reason decides
=====================================  ======================  =============================================
retirement                             retirement              never
transfer                               transfer                never
termination_after_allegation           allegations             never
termination_after_standards_concern    standards_of_care       never
termination_other                      approval_terminated     never
resignation                            from the main reason    retirement, personal_circumstances,
                                                               unhappy_with_service, child_permanence,
                                                               allegations, standards_of_care, other_unknown
=====================================  ======================  =============================================

A resignation whose main reason falls under ``transfer`` or ``approval_terminated`` (each needs
a route of its own), or that has no main reason, or one the taxonomy does not know, counts
under ``other_unknown``. A resignation during an allegation or standards-of-care process may
count there, as the carer chose to go because of it. So a termination or a transfer never
counts as "unhappy with the service".

The category ids are those of the built-in pack's ``[national]`` list
(:data:`NATIONAL_CATEGORIES`), the working list of Ofsted's deregistration reasons in
*Fostering in England*; every departure falls in exactly one of them.
"""

from __future__ import annotations

from collections.abc import Callable

from attrs import frozen

from fosterkit.errors import UnknownCodeError
from fosterkit.reasons import Taxonomy
from fosterkit.records import LeavingRoute

__all__ = [
    "NATIONAL_CATEGORIES",
    "OTHER_UNKNOWN",
    "RULES",
    "NationalRule",
    "national_category",
    "national_lookup",
]

#: The national categories a departure can fall in, as ``(id, label)``, in the pack's order.
NATIONAL_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("retirement", "Retirement"),
    ("personal_circumstances", "Change in personal circumstances"),
    ("transfer", "Transfer to another fostering service"),
    ("unhappy_with_service", "Unhappy with the service"),
    ("child_permanence", "Child left through special guardianship, a child arrangements order or adoption"),
    ("allegations", "Allegations"),
    ("standards_of_care", "Standards-of-care concerns"),
    ("approval_terminated", "Approval terminated"),
    ("other_unknown", "Other or unknown"),
)

#: The category of a departure that no rule places elsewhere.
OTHER_UNKNOWN = "other_unknown"


@frozen
class NationalRule:
    """How one leaving route decides a departure's national category."""

    route: LeavingRoute
    fixed: str | None
    """The category the route gives, or ``None`` where the main reason decides."""
    refined_to: tuple[str, ...] = ()
    """Where the route leaves it open, the categories the main reason may give; any other is
    ``other_unknown``."""


#: The rule as data, one row per leaving route.
RULES: tuple[NationalRule, ...] = (
    NationalRule(LeavingRoute.RETIREMENT, "retirement"),
    NationalRule(LeavingRoute.TRANSFER, "transfer"),
    NationalRule(LeavingRoute.TERMINATION_AFTER_ALLEGATION, "allegations"),
    NationalRule(LeavingRoute.TERMINATION_AFTER_STANDARDS_CONCERN, "standards_of_care"),
    NationalRule(LeavingRoute.TERMINATION_OTHER, "approval_terminated"),
    NationalRule(
        LeavingRoute.RESIGNATION,
        None,
        (
            "retirement",
            "personal_circumstances",
            "unhappy_with_service",
            "child_permanence",
            "allegations",
            "standards_of_care",
            OTHER_UNKNOWN,
        ),
    ),
)

_BY_ROUTE = {rule.route: rule for rule in RULES}


def _reason_category(main_reason: str | None, taxonomy: Taxonomy) -> str | None:
    """The national category the taxonomy gives ``main_reason`` (brought up to date), if any."""
    if main_reason is None:
        return None
    try:
        return taxonomy.resolve(taxonomy.migrate(main_reason)).national_category
    except UnknownCodeError:
        return None


def national_category(route: LeavingRoute, main_reason: str | None, taxonomy: Taxonomy) -> str:
    """The national category of a departure by ``route`` whose main reason is ``main_reason``.

    The route decides where :data:`RULES` fixes a category; otherwise the taxonomy's category of
    the main reason, if the rule allows it, else ``other_unknown``. Always an id of
    :data:`NATIONAL_CATEGORIES`.
    """
    rule = _BY_ROUTE[route]
    if rule.fixed is not None:
        return rule.fixed
    found = _reason_category(main_reason, taxonomy)
    return found if found in rule.refined_to else OTHER_UNKNOWN


def national_lookup(taxonomy: Taxonomy) -> Callable[[LeavingRoute, str | None], str]:
    """:func:`national_category` for ``taxonomy``, each route and reason worked out once."""
    found: dict[tuple[LeavingRoute, str | None], str] = {}

    def lookup(route: LeavingRoute, main_reason: str | None) -> str:
        pair = (route, main_reason)
        if pair not in found:
            found[pair] = national_category(route, main_reason, taxonomy)
        return found[pair]

    return lookup
