"""The plugin-author API: what a plugin may import, besides ``fosterkit`` and ``fosterkit.errors``.

- :data:`hookimpl` marks a hook implementation; :mod:`fosterkit.plugins.hookspecs` documents every hook.
- The contracts a plugin returns from its hooks: :class:`Exporter`, :class:`Importer`,
  :class:`SourceReader`, :class:`AuditFormat`, :class:`ReportFormat`, :class:`TrackerFormat`,
  :class:`RegisterFormat` (with the :class:`RegisterReading` it returns, the :class:`DueNow` it
  may show, and the value lists
  its drop-downs offer, such as :class:`Location` and :class:`ResponseKind`),
  with :class:`Option` and the rows a source reader yields (:data:`Cell`, :data:`SourceRow`,
  :class:`UnreadableRow`).
- The table layer a tabular format writes and reads through, so every format lays out records,
  guards formula-looking text and reads cells back the same way (:func:`table_schema`,
  :func:`neutralise`, ...), and the response-tracker layout (:data:`TRACKER_COLUMNS`, ...).
- Running plugins: :func:`make_plugin_manager` and the functions that collect what the
  installed plugins offer, each returning the failures beside the results.

Names here are stable within a minor version; anything else under ``fosterkit`` that is not in
``fosterkit.__all__`` is internal and may move.
"""

from __future__ import annotations

from fosterkit.analysis.cost import CostEstimate
from fosterkit.analysis.insights import SUPPRESSED, Insights, raised_text, shown
from fosterkit.analysis.publication import Figure, Publication, PublishedTable, Withheld
from fosterkit.analysis.report import Priority, Report
from fosterkit.analysis.suppression import Suppressed
from fosterkit.audit import (
    ActionStatus,
    AuditAction,
    AuditAnswer,
    AuditCycle,
    AuditReading,
    AuditWorkbook,
    Position,
    PriorityChoice,
    PriorityLevel,
)
from fosterkit.framework.cycle import Step
from fosterkit.framework.grades import EvidenceGrade
from fosterkit.framework.questions import ALL, ALL_RECS, EDIE, ReflectiveQuestion
from fosterkit.imports.source import Cell, SourceRow, UnreadableRow
from fosterkit.interviews.due_items import DueItem, DueKind
from fosterkit.interviews.process import EscalationRoute, ResponseKind
from fosterkit.interviews.record import Answer, SupportArea
from fosterkit.interviews.stages import CompanionKind, Location, StageTwoWindow
from fosterkit.plugins.contracts import (
    AuditFormat,
    DueNow,
    Exporter,
    ExportError,
    Importer,
    ImporterError,
    Option,
    OptionError,
    RegisterFormat,
    RegisterReading,
    ReportFormat,
    SourceReader,
    TrackerFormat,
    kind_option,
    parse_option,
    scratch_folder,
    special_category_option,
)
from fosterkit.plugins.manager import (
    DEFAULT_PLUGINS,
    DISABLE_ENV,
    ENTRY_POINT_GROUP,
    PluginFailure,
    PluginInfo,
    Plugins,
    call_hook,
    disabled_plugins,
    disabling,
    hookimpl,
    make_plugin_manager,
    plugin_infos,
)
from fosterkit.plugins.offers import (
    audit_formats,
    by_suffix,
    catalogue_packs,
    exporters,
    extensions_by_plugin,
    format_for,
    importers,
    notify_process_changed,
    one_for_suffix,
    pick,
    plugin_packs,
    report_formats,
    source_readers,
    taxonomy_extensions,
    tracker_formats,
)
from fosterkit.records import (
    ApprovalKind,
    ConversationOutcome,
    DestinationKind,
    HeldBy,
    PlacementType,
    ServiceKind,
)
from fosterkit.serial.cells import looks_like_formula
from fosterkit.serial.kinds import RECORD_KINDS
from fosterkit.serial.tabular import (
    FORMULA_STARTS,
    CellKind,
    Column,
    MixedKindsError,
    TableSchema,
    Value,
    can_hold_special_category,
    neutralise,
    restore,
    single_kind,
    table_schema,
    without_special_category,
)
from fosterkit.tracker import (
    COLUMNS as TRACKER_COLUMNS,
)
from fosterkit.tracker import (
    ResponseStatus,
    ResponseTracker,
    TrackerReading,
    check_fits,
    column_letter,
    read_entries,
    status_by_theme,
    tracker_row,
)

__all__ = [
    "ALL",
    "ALL_RECS",
    "DEFAULT_PLUGINS",
    "DISABLE_ENV",
    "EDIE",
    "ENTRY_POINT_GROUP",
    "FORMULA_STARTS",
    "RECORD_KINDS",
    "SUPPRESSED",
    "TRACKER_COLUMNS",
    "ActionStatus",
    "Answer",
    "ApprovalKind",
    "AuditAction",
    "AuditAnswer",
    "AuditCycle",
    "AuditFormat",
    "AuditReading",
    "AuditWorkbook",
    "Cell",
    "CellKind",
    "Column",
    "CompanionKind",
    "ConversationOutcome",
    "CostEstimate",
    "DestinationKind",
    "DueItem",
    "DueKind",
    "DueNow",
    "EscalationRoute",
    "EvidenceGrade",
    "ExportError",
    "Exporter",
    "Figure",
    "HeldBy",
    "Importer",
    "ImporterError",
    "Insights",
    "Location",
    "MixedKindsError",
    "Option",
    "OptionError",
    "PlacementType",
    "PluginFailure",
    "PluginInfo",
    "Plugins",
    "Position",
    "Priority",
    "PriorityChoice",
    "PriorityLevel",
    "Publication",
    "PublishedTable",
    "ReflectiveQuestion",
    "RegisterFormat",
    "RegisterReading",
    "Report",
    "ReportFormat",
    "ResponseKind",
    "ResponseStatus",
    "ResponseTracker",
    "ServiceKind",
    "SourceReader",
    "SourceRow",
    "StageTwoWindow",
    "Step",
    "SupportArea",
    "Suppressed",
    "TableSchema",
    "TrackerFormat",
    "TrackerReading",
    "UnreadableRow",
    "Value",
    "Withheld",
    "audit_formats",
    "by_suffix",
    "call_hook",
    "can_hold_special_category",
    "catalogue_packs",
    "check_fits",
    "column_letter",
    "disabled_plugins",
    "disabling",
    "exporters",
    "extensions_by_plugin",
    "format_for",
    "hookimpl",
    "importers",
    "kind_option",
    "looks_like_formula",
    "make_plugin_manager",
    "neutralise",
    "notify_process_changed",
    "one_for_suffix",
    "parse_option",
    "pick",
    "plugin_infos",
    "plugin_packs",
    "raised_text",
    "read_entries",
    "report_formats",
    "restore",
    "scratch_folder",
    "shown",
    "single_kind",
    "source_readers",
    "special_category_option",
    "status_by_theme",
    "table_schema",
    "taxonomy_extensions",
    "tracker_formats",
    "tracker_row",
    "without_special_category",
]
