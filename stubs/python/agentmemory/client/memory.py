"""MemoryManager: the original design's agent-side memory API over MemoryService."""

from __future__ import annotations

import datetime as _dt
import math
import numbers
from collections.abc import Iterable, Mapping
from typing import Any

from agentmemory.v1 import memory_pb2

from ._calls import collect, timeout_kwargs, unary
from .connection import MemoryClient
from .convert import (
    TimeRange,
    apply_time_range,
    confidence_change_to_dict,
    entry_to_dict,
    from_value,
    memory_to_dict,
    state_to_dict,
    to_duration,
    to_struct,
    to_value,
)
from .errors import NotFoundError
from .results import (
    ConsolidationResult,
    RecallItem,
    RecallLevel,
    consolidation_to_dict,
    recall_item_to_dict,
    recall_level_number,
)

__all__ = ["DEFAULT_CONFIDENCE", "MemoryManager"]

DEFAULT_CONFIDENCE = 0.5
"""Confidence of a long-term memory stored without one (and without a
``confidence`` number in its data)."""

Seconds = float | int | _dt.timedelta


def _prefix(pattern: str | None) -> str:
    """A ClearShortTerm prefix from the design's ``pattern``: a plain prefix
    (``"queries:"``) or a prefix glob (``"queries:*"``)."""
    if not pattern or pattern == "*":
        return ""
    if pattern.endswith("*"):
        pattern = pattern[:-1]
    if any(ch in pattern for ch in "*?["):
        raise ValueError(f"only prefix patterns are supported (e.g. 'queries:' or 'queries:*'), got {pattern!r}")
    return pattern


def _confidence(confidence: float | None, data: Mapping[str, Any]) -> float:
    if confidence is not None:
        return float(confidence)
    embedded = data.get("confidence")
    if (
        isinstance(embedded, numbers.Real)
        and not isinstance(embedded, bool)
        and math.isfinite(float(embedded))
        and 0.0 <= float(embedded) <= 1.0
    ):
        return float(embedded)
    return DEFAULT_CONFIDENCE


class MemoryManager:
    """An agent's short-term memory, long-term memory and saved state, recall
    across every tier and consolidation into long-term memory, with plain
    Python values in and out (the original design's ``MemoryManager``).

    Values are any JSON-like Python value (dicts with str keys, lists,
    numbers, strings, bools, None; datetimes become ISO strings). Returned
    dicts have snake_case keys and aware UTC datetimes; their shapes are those
    of :mod:`agentmemory.client.convert` (``entry_to_dict``,
    ``memory_to_dict``, ``state_to_dict``, ``confidence_change_to_dict``).

    Every method takes a keyword ``timeout`` (seconds; default: the client's)
    and raises :class:`~agentmemory.client.AgentMemoryError` subclasses:
    ``InvalidArgumentError`` (with ``field_violations``), ``NotFoundError``,
    ``VersionConflictError``, ``WrongValueTypeError``, ``UnavailableError``,
    ``DeadlineExceededError``...

    Short-term keys are ``family:rest`` (``context:current``,
    ``queries:glassnode:latest``); the family picks the default TTL on the
    server (context 1 h, queries 24 h, signals 4 h, ratelimit 5 min,
    performance 15 min, decision_chain 2 h, other 1 h).
    """

    def __init__(self, client: MemoryClient, agent_id: str) -> None:
        self._client = client
        self._agent_id = agent_id

    @property
    def agent_id(self) -> str:
        """The agent this manager acts for."""
        return self._agent_id

    @property
    def client(self) -> MemoryClient:
        """The client whose channel the calls use."""
        return self._client

    # ------------------------------------------------------------------
    # Short-term memory
    # ------------------------------------------------------------------

    async def store_stm(
        self, key: str, data: Any, ttl_seconds: Seconds | None = None, *, timeout: float | None = None
    ) -> dict[str, Any]:
        """Stores ``data`` (any JSON value) under ``key``, replacing any previous
        value and restarting its TTL (``ttl_seconds``; None = the family's
        default). Returns the entry: ``{"agent_id", "key", "value", "expire_time"}``."""
        request = memory_pb2.PutShortTermRequest(agent_id=self._agent_id, key=key, value=to_value(data))
        if ttl_seconds is not None:
            request.ttl.CopyFrom(to_duration(ttl_seconds))
        response = await unary(self._client.memory.PutShortTerm(request, **timeout_kwargs(timeout)))
        return entry_to_dict(response.entry)

    async def retrieve_stm(self, key: str, *, timeout: float | None = None) -> Any:
        """The value stored under ``key``, or None when it is missing or expired
        (use :meth:`get_stm_entry` to tell a stored JSON null from a miss)."""
        entry = await self.get_stm_entry(key, timeout=timeout)
        return None if entry is None else entry["value"]

    async def get_stm_entry(self, key: str, *, timeout: float | None = None) -> dict[str, Any] | None:
        """The entry under ``key`` (``{"agent_id", "key", "value",
        "expire_time"}``), or None when missing or expired."""
        request = memory_pb2.GetShortTermRequest(agent_id=self._agent_id, key=key)
        response = await unary(self._client.memory.GetShortTerm(request, **timeout_kwargs(timeout)))
        return entry_to_dict(response.entry) if response.found else None

    async def retrieve_stm_many(self, keys: Iterable[str], *, timeout: float | None = None) -> dict[str, Any]:
        """The live values among ``keys`` in one call, as ``{key: value}``;
        missing and expired keys are left out."""
        request = memory_pb2.BatchGetShortTermRequest(agent_id=self._agent_id, keys=list(keys))
        response = await unary(self._client.memory.BatchGetShortTerm(request, **timeout_kwargs(timeout)))
        return {entry.key: from_value(entry.value) for entry in response.entries}

    async def delete_stm(self, key: str, *, timeout: float | None = None) -> bool:
        """Removes ``key``; True when a live entry was removed."""
        request = memory_pb2.DeleteShortTermRequest(agent_id=self._agent_id, key=key)
        response = await unary(self._client.memory.DeleteShortTerm(request, **timeout_kwargs(timeout)))
        return bool(response.deleted)

    async def clear_stm(self, pattern: str | None = None, *, timeout: float | None = None) -> int:
        """Removes every short-term key starting with ``pattern`` (a prefix such
        as ``"queries:"``, or ``"queries:*"``; None or ``"*"`` = all of the
        agent's keys) and returns how many live entries were removed."""
        request = memory_pb2.ClearShortTermRequest(agent_id=self._agent_id, key_prefix=_prefix(pattern))
        response = await unary(self._client.memory.ClearShortTerm(request, **timeout_kwargs(timeout)))
        return int(response.deleted_count)

    async def list_stm(
        self, prefix: str = "", limit: int = 100, *, timeout: float | None = None
    ) -> list[dict[str, Any]]:
        """The live entries whose key starts with ``prefix``, in key order, at
        most ``limit`` (1-1000) of them."""
        request = memory_pb2.ListShortTermRequest(agent_id=self._agent_id, key_prefix=prefix, limit=limit)
        response = await unary(self._client.memory.ListShortTerm(request, **timeout_kwargs(timeout)))
        return [entry_to_dict(entry) for entry in response.entries]

    async def append_stm(
        self,
        key: str,
        *values: Any,
        max_length: int,
        ttl_seconds: Seconds | None = None,
        timeout: float | None = None,
    ) -> list[Any]:
        """Appends ``values`` (one or more) to the capped list under ``key``,
        keeping the newest ``max_length`` items, and restarts its TTL. Returns
        the list after the append, oldest first. Not retried on UNAVAILABLE (a
        retry could append twice)."""
        request = memory_pb2.AppendShortTermRequest(
            agent_id=self._agent_id, key=key, values=[to_value(v) for v in values], max_length=max_length
        )
        if ttl_seconds is not None:
            request.ttl.CopyFrom(to_duration(ttl_seconds))
        response = await unary(self._client.memory.AppendShortTerm(request, **timeout_kwargs(timeout)))
        items = from_value(response.entry.value)
        return items if isinstance(items, list) else [items]

    async def increment_counter(
        self, key: str, delta: int = 1, ttl_seconds: Seconds | None = None, *, timeout: float | None = None
    ) -> int:
        """Atomically adds ``delta`` to the counter under ``key`` and returns the
        new value. The counter lives ``ttl_seconds`` (None = the family's
        default) from its creation; increments do not extend it (a rate-limit
        window). Not retried on UNAVAILABLE unless ``delta`` is 0."""
        request = memory_pb2.IncrementCounterRequest(agent_id=self._agent_id, key=key, delta=delta)
        if ttl_seconds is not None:
            request.ttl.CopyFrom(to_duration(ttl_seconds))
        response = await unary(self._client.memory.IncrementCounter(request, **timeout_kwargs(timeout)))
        return int(response.value)

    # ------------------------------------------------------------------
    # Long-term memory
    # ------------------------------------------------------------------

    async def store_ltm(
        self,
        memory_type: str,
        pattern_id: str,
        data: Mapping[str, Any],
        confidence: float | None = None,
        expected_version: int | None = None,
        *,
        timeout: float | None = None,
    ) -> dict[str, Any]:
        """Creates or replaces the long-term memory ``memory_type``/``pattern_id``
        (e.g. ``"PATTERN"``, ``"whale_pump_bullish"``) with ``data``.

        ``confidence`` (0-1) defaults to ``data["confidence"]`` when that is a
        number in 0-1 (as in the design's usage), else to 0.5.
        ``expected_version``: None = no check, 0 = must not exist yet, N = must
        be at version N, else :class:`VersionConflictError` and nothing is
        written. Returns the memory (``memory_to_dict`` shape) with its new version.
        """
        request = memory_pb2.PutLongTermRequest(
            agent_id=self._agent_id,
            memory_type=memory_type,
            memory_id=pattern_id,
            data=to_struct(data),
            confidence=_confidence(confidence, data),
        )
        if expected_version is not None:
            request.expected_version = expected_version
        response = await unary(self._client.memory.PutLongTerm(request, **timeout_kwargs(timeout)))
        return memory_to_dict(response.memory)

    async def get_ltm(self, memory_type: str, pattern_id: str, *, timeout: float | None = None) -> dict[str, Any] | None:
        """Reads one long-term memory (counted as an access: ``access_count``,
        ``last_access_time``), or None when it does not exist."""
        request = memory_pb2.GetLongTermRequest(agent_id=self._agent_id, memory_type=memory_type, memory_id=pattern_id)
        try:
            response = await unary(self._client.memory.GetLongTerm(request, **timeout_kwargs(timeout)))
        except NotFoundError:
            return None
        return memory_to_dict(response.memory)

    async def retrieve_ltm(
        self,
        memory_type: str,
        filters: Mapping[str, Any] | None = None,
        min_confidence: float = 0.0,
        limit: int = 100,
        *,
        timeout: float | None = None,
    ) -> list[dict[str, Any]]:
        """The agent's memories of ``memory_type`` with confidence at least
        ``min_confidence``, highest confidence first (ties by id), at most
        ``limit`` (1-1000). ``filters`` is an equality filter on the data by
        dotted path: ``{"context.market": "bullish"}``. Reads by query are not
        counted as accesses."""
        request = memory_pb2.QueryLongTermRequest(
            agent_id=self._agent_id,
            memory_type=memory_type,
            min_confidence=min_confidence,
            filter=to_struct(filters),
            limit=limit,
        )
        messages = await collect(
            self._client,
            lambda remaining: self._client.memory.QueryLongTerm(request, **timeout_kwargs(remaining)),
            timeout,
            "QueryLongTerm",
        )
        return [memory_to_dict(message.memory) for message in messages]

    async def get_pattern_memory(
        self, pattern_type: str, min_confidence: float = 0.0, limit: int = 100, *, timeout: float | None = None
    ) -> list[dict[str, Any]]:
        """The design's hierarchical pattern retrieval: the memories of type
        ``pattern_type`` (``"PATTERN"``, ``"STRATEGY"``, ``"ARCHETYPE"``, ...)
        that the agent trusts at least ``min_confidence``, most trusted first."""
        return await self.retrieve_ltm(pattern_type, None, min_confidence, limit, timeout=timeout)

    async def update_ltm_confidence(
        self,
        memory_type: str,
        pattern_id: str,
        new_confidence: float,
        reason: str = "",
        expected_version: int | None = None,
        *,
        timeout: float | None = None,
    ) -> dict[str, Any]:
        """Sets the confidence of memory ``memory_type``/``pattern_id`` and
        records the change with ``reason`` in its history (the design's
        ``update_ltm_confidence(pattern_id, new_confidence)``; the contract
        keys memories by type and id). Returns the updated memory. Raises
        :class:`NotFoundError` when it does not exist."""
        request = memory_pb2.UpdateConfidenceRequest(
            agent_id=self._agent_id,
            memory_type=memory_type,
            memory_id=pattern_id,
            confidence=new_confidence,
            reason=reason,
        )
        if expected_version is not None:
            request.expected_version = expected_version
        response = await unary(self._client.memory.UpdateConfidence(request, **timeout_kwargs(timeout)))
        return memory_to_dict(response.memory)

    async def confidence_history(
        self, memory_type: str, pattern_id: str, *, timeout: float | None = None
    ) -> list[dict[str, Any]]:
        """Every confidence change of a memory, oldest first (creation is the
        first, from 0): ``confidence_change_to_dict`` shape."""
        request = memory_pb2.GetConfidenceHistoryRequest(
            agent_id=self._agent_id, memory_type=memory_type, memory_id=pattern_id
        )
        response = await unary(self._client.memory.GetConfidenceHistory(request, **timeout_kwargs(timeout)))
        return [confidence_change_to_dict(change) for change in response.changes]

    async def delete_ltm(
        self,
        memory_type: str,
        pattern_id: str,
        expected_version: int | None = None,
        *,
        timeout: float | None = None,
    ) -> None:
        """Removes a memory and its history. Raises :class:`NotFoundError` when
        missing and :class:`VersionConflictError` on a version mismatch."""
        request = memory_pb2.DeleteLongTermRequest(agent_id=self._agent_id, memory_type=memory_type, memory_id=pattern_id)
        if expected_version is not None:
            request.expected_version = expected_version
        await unary(self._client.memory.DeleteLongTerm(request, **timeout_kwargs(timeout)))

    # ------------------------------------------------------------------
    # Across tiers: hierarchical recall and consolidation
    # ------------------------------------------------------------------

    async def get_context_memory(
        self,
        time_range: TimeRange | None = None,
        context_filter: Mapping[str, Any] | None = None,
        levels: Iterable[RecallLevel | str] | None = None,
        *,
        decision_type: str | None = None,
        key_prefix: str = "",
        max_items: int = 100,
        timeout: float | None = None,
    ) -> list[RecallItem]:
        """What the agent remembers about a time range and a context, from
        every tier at once (RecallContext): each item is ``{"level", "entry",
        "decision"}`` (:class:`~agentmemory.client.results.RecallItem`), its
        ``level`` a :class:`RecallLevel`:

        * ``"immediate"``: a live short-term entry (``entry``) whose value is a
          JSON object matching ``context_filter``;
        * ``"recent"`` / ``"historical"``: a decision (``decision``) of the
          hot log, logged in the last 24 hours / earlier;
        * ``"archive"``: a decision past hot retention, from the archive.

        Tiers come in that order, newest first within each, every decision
        once; at most ``max_items`` (1-1000) in all.

        * ``time_range``: as in :meth:`DecisionLogger.query_decisions`
          (None = the last hour); it bounds the decisions.
        * ``context_filter``: equality by dotted path on the decisions'
          context and on short-term object values, ``{"market.volatility":
          "high"}``; None matches everything.
        * ``levels``: the tiers to read (:class:`RecallLevel` or their names);
          None = all four.
        * ``decision_type`` / ``key_prefix``: only decisions of this type /
          only short-term keys starting with this prefix.

        The stream is read whole and re-read on a retryable error, within one
        deadline.
        """
        request = memory_pb2.RecallContextRequest(
            agent_id=self._agent_id,
            context_filter=to_struct(context_filter),
            levels=[recall_level_number(level) for level in levels or ()],
            max_items=max_items,
            decision_type=decision_type or "",
            key_prefix=key_prefix,
        )
        apply_time_range(request, time_range)
        messages = await collect(
            self._client,
            lambda remaining: self._client.memory.RecallContext(request, **timeout_kwargs(remaining)),
            timeout,
            "RecallContext",
        )
        return [recall_item_to_dict(message) for message in messages]

    async def consolidate_to_ltm(
        self,
        window: Seconds | None = None,
        *,
        decision_type: str | None = None,
        min_occurrences: int | None = None,
        min_success_rate: float | None = None,
        timeout: float | None = None,
    ) -> ConsolidationResult:
        """Consolidates what the decision log shows into long-term memory
        (Consolidate), as the server's nightly schedule does.

        Context -> choice patterns of the last ``window`` (seconds or a
        timedelta; None = 24 hours, at most 90 days) with at least
        ``min_occurrences`` outcomes (None = the server's, 5) whose success
        rate's 95% Wilson lower bound reaches ``min_success_rate`` (0-1; None
        = the server's, 0.6) are promoted to ``PATTERN`` memories with stable
        ids (``pattern-<hash>``); the PATTERN memories already there are
        re-rated from the window's evidence (and deprecated when they no
        longer clear the bar); stale low-confidence and deprecated ones are
        pruned. ``decision_type`` limits it to one type of decision.

        Returns ``{"promoted", "updated", "pruned"}``, each a list of memory
        dicts (:class:`~agentmemory.client.results.ConsolidationResult`).

        The original design's ``consolidate_to_ltm(stm_key, pattern_type)``
        copied one short-term entry into long-term memory. Here the evidence
        is the decision log (where outcomes live), and the server decides what
        to promote; to keep a short-term value as a long-term memory yourself,
        use ``store_ltm(pattern_type, memory_id, await retrieve_stm(stm_key))``.

        Retried on UNAVAILABLE like every unary call: a retry after a lost
        response finds the patterns already promoted, and reports them as
        ``updated``.
        """
        # The contract reads 0 as "the server's default", so an explicit 0 would
        # silently mean 5 occurrences or a 0.6 bar: refuse it instead.
        if min_occurrences is not None and min_occurrences < 1:
            raise ValueError("min_occurrences must be at least 1 (None = the server's default)")
        if min_success_rate is not None and not 0 < min_success_rate <= 1:
            raise ValueError("min_success_rate must be in (0, 1] (None = the server's default)")
        request = memory_pb2.ConsolidateRequest(
            agent_id=self._agent_id,
            min_occurrences=min_occurrences or 0,
            min_success_rate=min_success_rate or 0.0,
            decision_type=decision_type or "",
        )
        if window is not None:
            request.window.CopyFrom(to_duration(window))
        response = await unary(self._client.memory.Consolidate(request, **timeout_kwargs(timeout)))
        return consolidation_to_dict(response)

    # ------------------------------------------------------------------
    # Agent state
    # ------------------------------------------------------------------

    async def save_state(
        self,
        state: Mapping[str, Any],
        checkpoint: str = "",
        expected_version: int | None = None,
        *,
        timeout: float | None = None,
    ) -> dict[str, Any]:
        """Saves the agent's CURRENT state (``checkpoint=""``) or a named
        checkpoint. ``expected_version`` as in :meth:`store_ltm`. Returns
        ``{"agent_id", "checkpoint", "state", "version", "update_time"}``."""
        request = memory_pb2.SaveAgentStateRequest(agent_id=self._agent_id, checkpoint=checkpoint, state=to_struct(state))
        if expected_version is not None:
            request.expected_version = expected_version
        response = await unary(self._client.memory.SaveAgentState(request, **timeout_kwargs(timeout)))
        return state_to_dict(response.state)

    async def get_state(self, checkpoint: str = "", *, timeout: float | None = None) -> dict[str, Any] | None:
        """The CURRENT state (or the named checkpoint), in the shape of
        :meth:`save_state`, or None when never saved."""
        request = memory_pb2.GetAgentStateRequest(agent_id=self._agent_id, checkpoint=checkpoint)
        try:
            response = await unary(self._client.memory.GetAgentState(request, **timeout_kwargs(timeout)))
        except NotFoundError:
            return None
        return state_to_dict(response.state)

    async def list_checkpoints(self, *, timeout: float | None = None) -> list[dict[str, Any]]:
        """The named checkpoints, most recently saved first, without their
        state bodies (``state`` is ``{}``)."""
        request = memory_pb2.ListCheckpointsRequest(agent_id=self._agent_id)
        response = await unary(self._client.memory.ListCheckpoints(request, **timeout_kwargs(timeout)))
        return [state_to_dict(state) for state in response.checkpoints]

    def __repr__(self) -> str:
        return f"MemoryManager(agent_id={self._agent_id!r}, client={self._client!r})"
