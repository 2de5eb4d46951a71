"""MemoryAnalytics: the original design's analytics facade over the decision
log's rollups and long-term memory's confidence history."""

from __future__ import annotations

from collections.abc import Iterable

from agentmemory.v1 import decision_log_pb2

from ._calls import timeout_kwargs, unary
from .convert import TimeRange, apply_time_range
from .decisions import DEFAULT_CONTEXT_PATHS, DecisionLogger, context_paths
from .memory import MemoryManager
from .results import (
    ConfidenceTrend,
    DecisionAnalysis,
    EmergingPatterns,
    PerformanceReport,
    SourceEffectivenessReport,
    confidence_trend,
    emerging_patterns_to_dict,
    performance_report_to_dict,
    source_effectiveness_to_dict,
)

__all__ = ["MemoryAnalytics"]


class MemoryAnalytics:
    """Analytics and insights from an agent's decision log and memory (the
    original design's ``MemoryAnalytics(decision_logger, memory_manager)``).

    The decision-log figures come from the server's hourly rollups, so their
    cost follows the hours and groups asked for, not the number of decisions;
    every range is rounded out to whole UTC hours, and each result says which
    range it counted (``start_time``, ``end_time``), what answered it
    (``source``: ``"rollup"`` or ``"scan"``) and how many rows were read.
    Results are typed dicts (:mod:`agentmemory.client.results`).

    Every method takes a keyword ``timeout`` (seconds; default: the client's)
    and raises :class:`~agentmemory.client.AgentMemoryError` subclasses.
    """

    def __init__(self, decision_logger: DecisionLogger, memory_manager: MemoryManager) -> None:
        if decision_logger.agent_id != memory_manager.agent_id:
            raise ValueError(
                f"the logger acts for {decision_logger.agent_id!r} and the manager for "
                f"{memory_manager.agent_id!r}: analytics read one agent"
            )
        self._logger = decision_logger
        self._memory = memory_manager
        self._client = decision_logger.client

    @property
    def agent_id(self) -> str:
        """The agent analysed."""
        return self._logger.agent_id

    async def get_success_rate_by_context(
        self,
        time_range: TimeRange | None = None,
        group_by: str | Iterable[str] | None = DEFAULT_CONTEXT_PATHS,
        decision_type: str | None = None,
        *,
        timeout: float | None = None,
    ) -> DecisionAnalysis:
        """Success rates across market contexts: the decisions grouped by their
        values at ``group_by`` (default :data:`DEFAULT_CONTEXT_PATHS`), each
        group with its success rate, 95% Wilson interval and metric means,
        largest first. ``time_range`` None = the last 30 days. Same as
        :meth:`DecisionLogger.analyze_decision_patterns`."""
        return await self._logger.analyze_decision_patterns(decision_type, time_range, group_by, timeout=timeout)

    async def get_source_effectiveness(
        self,
        time_range: TimeRange | None = None,
        decision_type: str | None = None,
        group_by: str | Iterable[str] | None = None,
        choice_path: str | None = None,
        *,
        timeout: float | None = None,
    ) -> SourceEffectivenessReport:
        """Which sources contribute to successful decisions: per source named at
        ``choice_path`` in the decisions (None = the server's, by default
        ``reasoning.selected``; a list there names several sources, each
        credited), how often it was chosen and how often those decisions
        succeeded. ``group_by`` splits each source's figures by context
        paths (None = over all contexts). ``time_range`` None = the last 30
        days. Returns ``{"sources": [{"source", "key", "counts"}, ...], ...}``,
        most chosen first."""
        request = decision_log_pb2.GetSourceEffectivenessRequest(
            agent_id=self.agent_id,
            decision_type=decision_type or "",
            group_by=context_paths(group_by),
            choice_path=choice_path or "",
        )
        apply_time_range(request, time_range)
        response = await unary(self._client.decisions.GetSourceEffectiveness(request, **timeout_kwargs(timeout)))
        return source_effectiveness_to_dict(response)

    async def get_pattern_confidence_trend(
        self, pattern_id: str, memory_type: str = "PATTERN", *, timeout: float | None = None
    ) -> ConfidenceTrend:
        """How confidence in a pattern changed over time: its whole confidence
        history (creation, consolidation re-ratings, outcomes credited to it,
        manual updates, each with its reason), with ``initial_confidence``,
        the current ``confidence`` and their difference, ``net_change``.
        Raises :class:`~agentmemory.client.NotFoundError` when the memory does
        not exist."""
        changes = await self._memory.confidence_history(memory_type, pattern_id, timeout=timeout)
        return confidence_trend(memory_type, pattern_id, changes)

    async def identify_emerging_patterns(
        self,
        min_occurrences: int = 5,
        min_success_rate: float | None = None,
        time_range: TimeRange | None = None,
        decision_type: str | None = None,
        group_by: str | Iterable[str] | None = None,
        *,
        timeout: float | None = None,
    ) -> EmergingPatterns:
        """New patterns worth promoting to long-term memory: context -> choice
        combinations with at least ``min_occurrences`` outcomes whose success
        rate's 95% Wilson lower bound reaches ``min_success_rate`` (0-1; None
        = the server's, 0.6), highest lower bound first. Each has the
        ``pattern_id`` that :meth:`MemoryManager.consolidate_to_ltm` gives
        its PATTERN memory. ``time_range`` None = the last 24 hours;
        ``group_by`` None = the server's rollup dimensions."""
        # The contract reads 0 as "the server's default"; refuse an explicit 0
        # rather than let it mean something else.
        if min_occurrences < 1:
            raise ValueError("min_occurrences must be at least 1")
        if min_success_rate is not None and not 0 < min_success_rate <= 1:
            raise ValueError("min_success_rate must be in (0, 1] (None = the server's default)")
        request = decision_log_pb2.FindEmergingPatternsRequest(
            agent_id=self.agent_id,
            decision_type=decision_type or "",
            min_occurrences=min_occurrences,
            min_success_rate=min_success_rate or 0.0,
            group_by=context_paths(group_by),
        )
        apply_time_range(request, time_range)
        response = await unary(self._client.decisions.FindEmergingPatterns(request, **timeout_kwargs(timeout)))
        return emerging_patterns_to_dict(response)

    async def generate_performance_report(
        self,
        time_range: TimeRange | None = None,
        top: int = 10,
        memory_types: Iterable[str] | None = None,
        *,
        timeout: float | None = None,
    ) -> PerformanceReport:
        """A comprehensive performance report in one call: every decision's
        outcome counts (``overall``), counts, outcome latency and metric
        means per decision type (``by_type``), the ``top`` best patterns
        (``top_patterns``, 1-100) and the long-term memories of
        ``memory_types`` (None = PATTERN) whose confidence moved most
        (``confidence_movers``). ``time_range`` None = the last 24 hours."""
        if top < 1:
            raise ValueError("top must be at least 1 (the contract would read 0 as its default, 10)")
        request = decision_log_pb2.GetPerformanceReportRequest(
            agent_id=self.agent_id, top=top, memory_types=list(memory_types or ())
        )
        apply_time_range(request, time_range)
        response = await unary(self._client.decisions.GetPerformanceReport(request, **timeout_kwargs(timeout)))
        return performance_report_to_dict(response)

    def __repr__(self) -> str:
        return f"MemoryAnalytics(agent_id={self.agent_id!r}, client={self._client!r})"
