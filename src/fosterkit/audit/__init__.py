"""The audit tool: answers, priorities and actions recorded cycle after cycle.

The Reflective Tool asks a service to keep its priorities, reflections, progress and actions in
an accompanying audit tool. These types hold that record; a format plugin (the Excel plugin's
``excel`` :class:`~fosterkit.plugins.contracts.AuditFormat`) turns an :class:`AuditWorkbook` into a file
people fill in, and reads it back into an :class:`AuditReading`.
"""

from fosterkit.audit.answers import (
    ActionStatus,
    AuditAction,
    AuditAnswer,
    Position,
    PriorityChoice,
    PriorityLevel,
)
from fosterkit.audit.cycle import AuditCycle, default_cycle_end, next_cycle
from fosterkit.audit.workbook import (
    AuditReading,
    AuditWorkbook,
    CellProblem,
    plan_audit_workbook,
)

__all__ = [
    "ActionStatus",
    "AuditAction",
    "AuditAnswer",
    "AuditCycle",
    "AuditReading",
    "AuditWorkbook",
    "CellProblem",
    "Position",
    "PriorityChoice",
    "PriorityLevel",
    "default_cycle_end",
    "next_cycle",
    "plan_audit_workbook",
]
