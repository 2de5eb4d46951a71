"""Typed results of the learning loop: analytics, hierarchical recall and
consolidation.

They are plain dicts at run time, like every other result of the client
(snake_case keys, aware UTC datetimes, integral numbers as ``int``), typed as
``TypedDict`` so a type checker knows their keys. The field names are the
contract's (``AnalyzeDecisionsResponse``, ``DecisionGroup``, ...), so every
client language reads the same names.
"""

from __future__ import annotations

import datetime as _dt
import enum
from typing import Any, TypedDict

from agentmemory.v1 import decision_log_pb2, memory_pb2

from .convert import decision_to_dict, entry_to_dict, from_timestamp, from_value, memory_to_dict

__all__ = [
    "AnalyticsSource",
    "ConfidenceMove",
    "ConfidenceTrend",
    "ConsolidationResult",
    "DecisionAnalysis",
    "DecisionGroup",
    "DecisionTypeReport",
    "EmergingPattern",
    "EmergingPatterns",
    "PerformanceReport",
    "RecallItem",
    "RecallLevel",
    "SourceEffectiveness",
    "SourceEffectivenessReport",
    "SuccessCounts",
    "confidence_trend",
    "consolidation_to_dict",
    "decision_analysis_to_dict",
    "emerging_patterns_to_dict",
    "performance_report_to_dict",
    "recall_item_to_dict",
    "recall_level_number",
    "source_effectiveness_to_dict",
]


class RecallLevel(str, enum.Enum):
    """The memory tier a recalled item comes from (``RecallLevel`` of the
    contract). A ``str`` enum, so ``item["level"] == "recent"`` works too."""

    IMMEDIATE = "immediate"
    """Short-term memory: what the agent is working with now."""
    RECENT = "recent"
    """Decisions of the last 24 hours, from the hot log."""
    HISTORICAL = "historical"
    """Older decisions still in the hot log."""
    ARCHIVE = "archive"
    """Decisions past hot retention, from the archive."""

    def __str__(self) -> str:
        return self.value


_RECALL_LEVELS = {
    memory_pb2.RECALL_LEVEL_IMMEDIATE: RecallLevel.IMMEDIATE,
    memory_pb2.RECALL_LEVEL_RECENT: RecallLevel.RECENT,
    memory_pb2.RECALL_LEVEL_HISTORICAL: RecallLevel.HISTORICAL,
    memory_pb2.RECALL_LEVEL_ARCHIVE: RecallLevel.ARCHIVE,
}
_RECALL_LEVEL_NUMBERS = {level: number for number, level in _RECALL_LEVELS.items()}


def recall_level_number(level: RecallLevel | str) -> memory_pb2.RecallLevel:
    """The contract's number of a level given as :class:`RecallLevel` or its
    name in any case (``"recent"``, ``"RECENT"``)."""
    try:
        return _RECALL_LEVEL_NUMBERS[RecallLevel(str(level).lower())]
    except ValueError:
        names = ", ".join(repr(member.value) for member in RecallLevel)
        raise ValueError(f"level must be one of {names}, got {level!r}") from None


class AnalyticsSource(str, enum.Enum):
    """What answered an analytics call."""

    ROLLUP = "rollup"
    """The hourly rollups the server keeps as decisions and outcomes are written."""
    SCAN = "scan"
    """A read of every decision in the range: a path asked for is not rolled up."""

    def __str__(self) -> str:
        return self.value


_ANALYTICS_SOURCES = {
    decision_log_pb2.ANALYTICS_SOURCE_ROLLUP: AnalyticsSource.ROLLUP,
    decision_log_pb2.ANALYTICS_SOURCE_SCAN: AnalyticsSource.SCAN,
}


# --------------------------------------------------------------------------
# Shapes
# --------------------------------------------------------------------------


class SuccessCounts(TypedDict):
    """Outcome counts of a set of decisions."""

    total: int
    succeeded: int
    failed: int
    pending: int
    success_rate: float
    """succeeded / (succeeded + failed); 0 when no decision has an outcome."""
    success_rate_lower: float
    """Lower end of the 95% Wilson score interval of success_rate."""
    success_rate_upper: float
    """Upper end of the 95% Wilson score interval of success_rate."""


class DecisionGroup(SuccessCounts):
    """The decisions sharing one combination of context values."""

    key: dict[str, str]
    """The group's value at each group_by path (non-strings as compact JSON
    text); a path missing from the decisions' context is absent."""
    metric_means: dict[str, float]
    """Mean of each outcome metric over the group's decisions that reported it."""


class _CountedRange(TypedDict):
    start_time: _dt.datetime
    """Start of the range actually counted (a whole UTC hour)."""
    end_time: _dt.datetime
    """End of the range actually counted (a whole UTC hour, exclusive)."""
    source: AnalyticsSource | None
    """What answered the call (None if the server named no source)."""
    rows_read: int
    """Stored rows read: rollup rows, or decisions for a scan."""


class DecisionAnalysis(_CountedRange):
    """AnalyzeDecisions: the groups, largest first (ties in key order)."""

    groups: list[DecisionGroup]


class SourceEffectiveness(TypedDict):
    """One source's figures within one context group."""

    source: str
    key: dict[str, str]
    """The context group (empty without group_by)."""
    counts: SuccessCounts
    """Decisions that chose the source, with their outcomes."""


class SourceEffectivenessReport(_CountedRange):
    """GetSourceEffectiveness: sources most chosen first."""

    sources: list[SourceEffectiveness]


class EmergingPattern(TypedDict):
    """A context -> choice combination that keeps working."""

    pattern_id: str
    """The PATTERN memory id consolidation uses for it (stable)."""
    decision_type: str
    context: dict[str, str]
    choice: Any
    """The choice at the server's choice path: a source, or a sorted list of sources."""
    counts: SuccessCounts


class EmergingPatterns(_CountedRange):
    """FindEmergingPatterns: the patterns clearing the bar, most certain first."""

    patterns: list[EmergingPattern]


class DecisionTypeReport(TypedDict):
    """The figures of one decision type."""

    decision_type: str
    counts: SuccessCounts
    mean_outcome_latency_ms: float
    """Mean time from a decision to its outcome, over decisions with one."""
    metric_means: dict[str, float]


class ConfidenceMove(TypedDict):
    """How far one long-term memory's confidence moved in the range."""

    memory_type: str
    memory_id: str
    confidence_before: float
    confidence_after: float
    changes: int


class PerformanceReport(TypedDict):
    """GetPerformanceReport: an agent over a time range in one call."""

    overall: SuccessCounts
    by_type: list[DecisionTypeReport]
    """Most decisions first."""
    top_patterns: list[EmergingPattern]
    """Highest success_rate_lower first, at least 5 outcomes each."""
    confidence_movers: list[ConfidenceMove]
    """Largest absolute move first."""
    start_time: _dt.datetime
    end_time: _dt.datetime


class RecallItem(TypedDict):
    """One item of hierarchical recall, labelled with its tier."""

    level: RecallLevel
    entry: dict[str, Any] | None
    """A short-term entry (level IMMEDIATE), as ``entry_to_dict``; else None."""
    decision: dict[str, Any] | None
    """A decision (RECENT, HISTORICAL, ARCHIVE), as ``decision_to_dict``; else None."""


class ConsolidationResult(TypedDict):
    """What Consolidate changed; each a list of memory dicts (``memory_to_dict``)."""

    promoted: list[dict[str, Any]]
    """New PATTERN memories: data holds decision_type, context, choice,
    success_rate, successes, sample_size, learned_at and status "active"."""
    updated: list[dict[str, Any]]
    """PATTERN memories re-rated from the window's evidence (status
    "deprecated" once they no longer clear the bar)."""
    pruned: list[dict[str, Any]]
    """PATTERN memories deleted (low confidence or deprecated, past retention),
    as they were before."""


class ConfidenceTrend(TypedDict):
    """How a memory's confidence moved over its whole history."""

    memory_type: str
    memory_id: str
    changes: list[dict[str, Any]]
    """Every change, oldest first (``confidence_change_to_dict``); creation is
    the first, from 0."""
    initial_confidence: float
    """The confidence the memory was created with."""
    confidence: float
    """The confidence now."""
    net_change: float
    """confidence - initial_confidence."""


# --------------------------------------------------------------------------
# Conversions
# --------------------------------------------------------------------------


def _counts(counts: decision_log_pb2.SuccessCounts | decision_log_pb2.DecisionGroup) -> SuccessCounts:
    return {
        "total": counts.total,
        "succeeded": counts.succeeded,
        "failed": counts.failed,
        "pending": counts.pending,
        "success_rate": counts.success_rate,
        "success_rate_lower": counts.success_rate_lower,
        "success_rate_upper": counts.success_rate_upper,
    }


def _counted_range(response: Any) -> _CountedRange:
    return {
        "start_time": from_timestamp(response.start_time),
        "end_time": from_timestamp(response.end_time),
        "source": _ANALYTICS_SOURCES.get(response.source),
        "rows_read": response.rows_read,
    }


def _group(group: decision_log_pb2.DecisionGroup) -> DecisionGroup:
    return {
        "key": dict(group.key),
        **_counts(group),
        "metric_means": dict(group.metric_means),
    }


def _pattern(pattern: decision_log_pb2.EmergingPattern) -> EmergingPattern:
    return {
        "pattern_id": pattern.pattern_id,
        "decision_type": pattern.decision_type,
        "context": dict(pattern.context),
        "choice": from_value(pattern.choice),
        "counts": _counts(pattern.counts),
    }


def decision_analysis_to_dict(response: decision_log_pb2.AnalyzeDecisionsResponse) -> DecisionAnalysis:
    """An AnalyzeDecisionsResponse as a :class:`DecisionAnalysis`."""
    return {"groups": [_group(group) for group in response.groups], **_counted_range(response)}


def source_effectiveness_to_dict(
    response: decision_log_pb2.GetSourceEffectivenessResponse,
) -> SourceEffectivenessReport:
    """A GetSourceEffectivenessResponse as a :class:`SourceEffectivenessReport`."""
    sources: list[SourceEffectiveness] = [
        {"source": rating.source, "key": dict(rating.key), "counts": _counts(rating.counts)}
        for rating in response.sources
    ]
    return {"sources": sources, **_counted_range(response)}


def emerging_patterns_to_dict(response: decision_log_pb2.FindEmergingPatternsResponse) -> EmergingPatterns:
    """A FindEmergingPatternsResponse as :class:`EmergingPatterns`."""
    return {"patterns": [_pattern(p) for p in response.patterns], **_counted_range(response)}


def performance_report_to_dict(response: decision_log_pb2.GetPerformanceReportResponse) -> PerformanceReport:
    """A GetPerformanceReportResponse as a :class:`PerformanceReport`."""
    return {
        "overall": _counts(response.overall),
        "by_type": [
            {
                "decision_type": figures.decision_type,
                "counts": _counts(figures.counts),
                "mean_outcome_latency_ms": figures.mean_outcome_latency_ms,
                "metric_means": dict(figures.metric_means),
            }
            for figures in response.by_type
        ],
        "top_patterns": [_pattern(p) for p in response.top_patterns],
        "confidence_movers": [
            {
                "memory_type": move.memory_type,
                "memory_id": move.memory_id,
                "confidence_before": move.confidence_before,
                "confidence_after": move.confidence_after,
                "changes": move.changes,
            }
            for move in response.confidence_movers
        ],
        "start_time": from_timestamp(response.start_time),
        "end_time": from_timestamp(response.end_time),
    }


def recall_item_to_dict(response: memory_pb2.RecallContextResponse) -> RecallItem:
    """A RecallContextResponse as a :class:`RecallItem`. An unknown level
    (from a newer server) raises ``ValueError``."""
    level = _RECALL_LEVELS.get(response.level)
    if level is None:
        raise ValueError(f"unknown recall level {response.level}")
    kind = response.WhichOneof("item")
    return {
        "level": level,
        "entry": entry_to_dict(response.short_term_entry) if kind == "short_term_entry" else None,
        "decision": decision_to_dict(response.decision) if kind == "decision" else None,
    }


def consolidation_to_dict(response: memory_pb2.ConsolidateResponse) -> ConsolidationResult:
    """A ConsolidateResponse as a :class:`ConsolidationResult`."""
    return {
        "promoted": [memory_to_dict(memory) for memory in response.promoted],
        "updated": [memory_to_dict(memory) for memory in response.updated],
        "pruned": [memory_to_dict(memory) for memory in response.pruned],
    }


def confidence_trend(memory_type: str, memory_id: str, changes: list[dict[str, Any]]) -> ConfidenceTrend:
    """A :class:`ConfidenceTrend` from a memory's confidence history (oldest
    first, as ``MemoryManager.confidence_history`` returns it; never empty:
    creation is its first change)."""
    initial, current = changes[0]["confidence"], changes[-1]["confidence"]
    return {
        "memory_type": memory_type,
        "memory_id": memory_id,
        "changes": changes,
        "initial_confidence": initial,
        "confidence": current,
        "net_change": current - initial,
    }
