"""DecisionLogger and DecisionSubscription: the original design's decision log
API over DecisionLogService, with a self-resuming live subscription."""

from __future__ import annotations

import asyncio
import logging
import re
import uuid
from collections import deque
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from types import TracebackType
from typing import Any, Literal

import grpc
import grpc.aio

from agentmemory.v1 import decision_log_pb2

from ._calls import collect, retried, timeout_kwargs, unary
from .connection import MemoryClient
from .convert import (
    EventKind,
    TimeRange,
    apply_time_range,
    decision_to_dict,
    document_json,
    event_to_dict,
    to_struct,
)
from .errors import FieldViolation, InvalidArgumentError, UnavailableError, from_rpc_error
from .results import DecisionAnalysis, decision_analysis_to_dict
from .retry import SERVER_AWAY_CODES, RetryPolicy

__all__ = ["DEFAULT_CONTEXT_PATHS", "PENDING", "DecisionLogger", "DecisionSubscription"]

log = logging.getLogger("agentmemory.client")

PENDING: Literal["pending"] = "pending"
"""``success_filter`` value selecting decisions without an outcome yet."""

DEFAULT_CONTEXT_PATHS: tuple[str, ...] = ("market.volatility", "market.trend", "trading_hours")
"""The context paths analytics group by unless told otherwise: the server's
default rollup dimensions (``AGENTMEMORY_ANALYTICS_DIMENSIONS``), which the
original design calls the decision's "context". Paths the server does not
roll up are answered by a scan instead."""

SuccessFilterArg = bool | Literal["pending", "succeeded", "failed", "any"] | None
Direction = Literal["both", "before", "after"]

_SUCCESS: dict[Any, decision_log_pb2.SuccessFilter] = {
    None: decision_log_pb2.SUCCESS_FILTER_UNSPECIFIED,
    "any": decision_log_pb2.SUCCESS_FILTER_UNSPECIFIED,
    True: decision_log_pb2.SUCCESS_FILTER_SUCCEEDED,
    "succeeded": decision_log_pb2.SUCCESS_FILTER_SUCCEEDED,
    False: decision_log_pb2.SUCCESS_FILTER_FAILED,
    "failed": decision_log_pb2.SUCCESS_FILTER_FAILED,
    "pending": decision_log_pb2.SUCCESS_FILTER_PENDING,
}
_DIRECTIONS: dict[str, decision_log_pb2.ChainDirection] = {
    "both": decision_log_pb2.CHAIN_DIRECTION_UNSPECIFIED,
    "before": decision_log_pb2.CHAIN_DIRECTION_BEFORE,
    "after": decision_log_pb2.CHAIN_DIRECTION_AFTER,
}
_MAX_PAGE_SIZE = 1000
# log_decisions packs decisions into stream messages of at most this many, and this many bytes
# (well under the server's default 4 MiB message limit).
_DECISIONS_PER_MESSAGE = 256
_MESSAGE_BYTES = 1 << 20
# Events a subscription message may carry: a subscriber that falls behind catches up in runs
# rather than paying gRPC's per-message cost for every event.
_EVENTS_PER_MESSAGE = 256
_CARRIED_FIELD = re.compile(r"requests\[(\d+)\]\.decisions\[(\d+)\]")

# Subscription reconnects: quick at first, then at most every 5 s.
_RECONNECT_POLICY = RetryPolicy(max_attempts=2**31 - 1, initial_backoff=0.1, max_backoff=5.0)


def _memory_read(item: Any) -> decision_log_pb2.MemoryRead:
    """A MemoryRead from a MemoryRead, a (memory_type, memory_id, version)
    tuple, or a mapping with memory_type, memory_id (or pattern_id) and
    version, such as a memory dict returned by MemoryManager."""
    if isinstance(item, decision_log_pb2.MemoryRead):
        return item
    if isinstance(item, Mapping):
        memory_id = item.get("memory_id", item.get("pattern_id"))
        return decision_log_pb2.MemoryRead(
            memory_type=str(item["memory_type"]), memory_id=str(memory_id), version=int(item["version"])
        )
    memory_type, memory_id, version = item
    return decision_log_pb2.MemoryRead(memory_type=memory_type, memory_id=memory_id, version=int(version))


def _success_filter(value: SuccessFilterArg) -> decision_log_pb2.SuccessFilter:
    try:
        return _SUCCESS[value]
    except (KeyError, TypeError):
        raise ValueError(f"success_filter must be True, False, None or 'pending', got {value!r}") from None


def context_paths(group_by: str | Iterable[str] | None) -> list[str]:
    """``group_by`` as a list of dotted paths: one path given as a string, or
    several (None = none)."""
    if group_by is None:
        return []
    if isinstance(group_by, str):
        return [group_by]
    return list(group_by)


def _direction(value: str) -> decision_log_pb2.ChainDirection:
    try:
        return _DIRECTIONS[value.lower()]
    except (KeyError, AttributeError):
        raise ValueError(f"direction must be 'both', 'before' or 'after', got {value!r}") from None


class DecisionLogger:
    """An agent's decision log (the original design's ``DecisionLogger``):
    log decisions with context and reasoning, record their outcomes, query
    (the archive too), walk chains, aggregate outcomes by context, and follow
    the log live. :class:`~agentmemory.client.MemoryAnalytics` has the rest
    of the analytics.

    Inputs are plain dicts; decisions come back as dicts of the shape of
    :func:`agentmemory.client.convert.decision_to_dict` (``decision_id``,
    ``decision_type``, ``create_time``/``timestamp``, ``context``,
    ``reasoning``, ``metadata``, ``parent_decision_ids``, ``memory_reads``,
    ``outcome``). Every method takes a keyword ``timeout`` and raises
    :class:`~agentmemory.client.AgentMemoryError` subclasses.
    """

    def __init__(self, client: MemoryClient, agent_id: str) -> None:
        self._client = client
        self._agent_id = agent_id

    @property
    def agent_id(self) -> str:
        """The agent whose log this is."""
        return self._agent_id

    @property
    def client(self) -> MemoryClient:
        """The client whose channel the calls use."""
        return self._client

    def _log_request(
        self,
        decision_type: str,
        context: Mapping[str, Any] | None,
        reasoning: Mapping[str, Any] | None,
        metadata: Mapping[str, Any] | None,
        parent_decision_ids: Iterable[str] | None,
        memory_reads: Iterable[Any] | None,
        request_id: str | None,
    ) -> decision_log_pb2.LogDecisionRequest:
        request = decision_log_pb2.LogDecisionRequest(
            agent_id=self._agent_id,
            decision_type=decision_type,
            parent_decision_ids=list(parent_decision_ids or ()),
            memory_reads=[_memory_read(item) for item in memory_reads or ()],
            request_id=request_id or str(uuid.uuid4()),
        )
        # Documents go as JSON text where they can, as a Struct where they cannot.
        for name, document in (("context", context), ("reasoning", reasoning), ("metadata", metadata)):
            text = document_json(document)
            if text is None:
                getattr(request, name).CopyFrom(to_struct(document))
            else:
                setattr(request, f"{name}_json", text)
        return request

    async def log_decision(
        self,
        decision_type: str,
        context: Mapping[str, Any] | None,
        reasoning: Mapping[str, Any] | None,
        metadata: Mapping[str, Any] | None = None,
        parent_decision_ids: Iterable[str] | None = None,
        memory_reads: Iterable[Any] | None = None,
        request_id: str | None = None,
        *,
        timeout: float | None = None,
    ) -> str:
        """Logs one decision and returns its id (a time-ordered UUIDv7).

        ``decision_type`` is UPPER_SNAKE_CASE (``SOURCE_SELECTION``, ``QUERY``,
        ...). ``parent_decision_ids`` links it to earlier decisions of the
        agent. ``memory_reads`` names the long-term memories consulted: memory
        dicts from :class:`MemoryManager`, ``{"memory_type", "memory_id",
        "version"}`` mappings or ``(memory_type, memory_id, version)`` tuples.
        ``request_id`` is the idempotency key: the same one again returns the
        first decision's id and stores nothing. When omitted a uuid4 is
        generated, so the client's retries never store the decision twice.
        """
        request = self._log_request(
            decision_type, context, reasoning, metadata, parent_decision_ids, memory_reads, request_id
        )
        response = await unary(self._client.decisions.LogDecision(request, **timeout_kwargs(timeout)))
        return str(response.decision.decision_id)

    async def log_decisions(
        self, decisions: Iterable[Mapping[str, Any]], *, timeout: float | None = None
    ) -> list[str]:
        """Logs many decisions in one streamed call: all are stored or, if one
        is invalid, none (``InvalidArgumentError`` naming ``decisions[i]...``).
        Each item is a mapping of :meth:`log_decision`'s arguments
        (``decision_type``, ``context``, ``reasoning``, ``metadata``,
        ``parent_decision_ids``, ``memory_reads``, ``request_id``). Returns the
        ids in order. Items without a request_id get a uuid4, so the whole call
        is retried safely on UNAVAILABLE or CANCELLED. Decisions travel many to a stream
        message (each message costs the same on both ends, however small)."""
        requests: list[decision_log_pb2.LogDecisionsRequest] = []
        # The position of each message's first decision, to name a refused one by its position.
        offsets: list[int] = []
        message_bytes = 0
        for index, item in enumerate(decisions):
            decision = self._log_request(
                item["decision_type"],
                item.get("context"),
                item.get("reasoning"),
                item.get("metadata"),
                item.get("parent_decision_ids"),
                item.get("memory_reads"),
                item.get("request_id"),
            )
            size = decision.ByteSize()
            if not requests or len(requests[-1].decisions) >= _DECISIONS_PER_MESSAGE or message_bytes + size > _MESSAGE_BYTES:
                requests.append(decision_log_pb2.LogDecisionsRequest())
                offsets.append(index)
                message_bytes = 0
            requests[-1].decisions.append(decision)
            message_bytes += size

        async def attempt(remaining: float | None) -> decision_log_pb2.LogDecisionsResponse:
            response: decision_log_pb2.LogDecisionsResponse = await self._client.decisions.LogDecisions(
                iter(requests), **timeout_kwargs(remaining)
            )
            return response

        try:
            response = await retried(self._client, attempt, timeout, "LogDecisions")
        except InvalidArgumentError as error:
            raise _by_decision_position(error, offsets) from error.__cause__
        return list(response.decision_ids)

    async def log_outcome(
        self,
        decision_id: str,
        outcome: Mapping[str, Any] | None,
        success: bool,
        metrics: Mapping[str, float] | None = None,
        overwrite: bool = False,
        *,
        timeout: float | None = None,
    ) -> dict[str, Any]:
        """Records the outcome of a decision: ``outcome`` is what happened (any
        dict), ``metrics`` numeric measurements (``{"quality_score": 0.85}``).
        A second outcome raises :class:`OutcomeAlreadyRecordedError` unless
        ``overwrite``. Returns the decision with its outcome."""
        request = decision_log_pb2.RecordOutcomeRequest(
            agent_id=self._agent_id,
            decision_id=decision_id,
            success=success,
            outcome=to_struct(outcome),
            metrics={key: float(value) for key, value in (metrics or {}).items()},
            overwrite=overwrite,
        )
        response = await unary(self._client.decisions.RecordOutcome(request, **timeout_kwargs(timeout)))
        return decision_to_dict(response.decision)

    async def get_decision(self, decision_id: str, *, timeout: float | None = None) -> dict[str, Any]:
        """One decision, with its outcome if recorded. Raises
        :class:`NotFoundError` when the agent has no such decision."""
        request = decision_log_pb2.GetDecisionRequest(agent_id=self._agent_id, decision_id=decision_id)
        response = await unary(self._client.decisions.GetDecision(request, **timeout_kwargs(timeout)))
        return decision_to_dict(response.decision)

    async def iter_decisions(
        self,
        decision_type: str | None = None,
        time_range: TimeRange | None = None,
        success_filter: SuccessFilterArg = None,
        context_filter: Mapping[str, Any] | None = None,
        limit: int | None = 100,
        *,
        include_archive: bool = False,
        page_size: int | None = None,
        timeout: float | None = None,
    ) -> AsyncIterator[dict[str, Any]]:
        """Like :meth:`query_decisions`, as an async iterator that fetches the
        pages lazily (``limit=None``: every match). ``timeout`` applies per page."""
        request = decision_log_pb2.QueryDecisionsRequest(
            agent_id=self._agent_id,
            decision_type=decision_type or "",
            success_filter=_success_filter(success_filter),
            context_filter=to_struct(context_filter),
            include_archive=include_archive,
        )
        apply_time_range(request, time_range)
        if limit is not None and limit <= 0:
            return
        yielded = 0
        while True:
            size = page_size or _MAX_PAGE_SIZE
            if limit is not None:
                size = min(size, limit - yielded)
            request.page_size = min(size, _MAX_PAGE_SIZE)
            page = await unary(self._client.decisions.QueryDecisions(request, **timeout_kwargs(timeout)))
            for decision in page.decisions:
                yield decision_to_dict(decision)
                yielded += 1
                if limit is not None and yielded >= limit:
                    return
            if not page.next_page_token:
                return
            request.page_token = page.next_page_token

    async def query_decisions(
        self,
        decision_type: str | None = None,
        time_range: TimeRange | None = None,
        success_filter: SuccessFilterArg = None,
        context_filter: Mapping[str, Any] | None = None,
        limit: int | None = 100,
        *,
        include_archive: bool = False,
        page_size: int | None = None,
        timeout: float | None = None,
    ) -> list[dict[str, Any]]:
        """The agent's decisions, newest first, following page tokens until
        ``limit`` decisions (None = all) or the last page.

        * ``decision_type``: only this type (None = every type).
        * ``time_range``: ``(start, end)`` of datetimes (naive = UTC) or epoch
          seconds, start inclusive, end exclusive, either may be None; or a
          ``timedelta`` meaning "the last ...".
        * ``success_filter``: True = succeeded, False = failed,
          ``"pending"`` (:data:`PENDING`) = no outcome yet, None = any.
        * ``context_filter``: equality on the context by dotted path,
          ``{"market.trend": "bullish"}``; all keys must match.
        * ``include_archive``: also read the archive, so a range older than
          the hot log's retention (90 days by default) still answers;
          archived decisions follow the hot ones, newest first, each once.
        """
        return [
            decision
            async for decision in self.iter_decisions(
                decision_type,
                time_range,
                success_filter,
                context_filter,
                limit,
                include_archive=include_archive,
                page_size=page_size,
                timeout=timeout,
            )
        ]

    async def analyze_decision_patterns(
        self,
        decision_type: str | None = None,
        time_range: TimeRange | None = None,
        group_by: str | Iterable[str] | None = DEFAULT_CONTEXT_PATHS,
        *,
        timeout: float | None = None,
    ) -> DecisionAnalysis:
        """Aggregates decision outcomes per group of context values, for
        learning (AnalyzeDecisions).

        * ``decision_type``: only this type (None = every type).
        * ``time_range``: as in :meth:`query_decisions`; the server rounds it
          out to whole UTC hours (None = the last 30 days).
        * ``group_by``: dotted context paths whose values form the groups, at
          most 8; a string is one path. The default,
          :data:`DEFAULT_CONTEXT_PATHS`, is the original design's
          ``group_by="context"``; None or ``()`` puts every decision in one
          group.

        Returns ``{"groups": [...], "start_time", "end_time", "source",
        "rows_read"}`` (:class:`~agentmemory.client.results.DecisionAnalysis`):
        each group has its ``key`` (path -> value), ``total``, ``succeeded``,
        ``failed``, ``pending``, ``success_rate`` with its 95% Wilson interval
        (``success_rate_lower``, ``success_rate_upper``) and
        ``metric_means``, largest group first. Paths the server does not roll
        up are answered by scanning the range (``source`` "scan"), which fails
        with ``FailedPreconditionError`` (reason ``ANALYTICS_SCAN_TOO_LARGE``)
        past the server's scan limit.
        """
        request = decision_log_pb2.AnalyzeDecisionsRequest(
            agent_id=self._agent_id, decision_type=decision_type or "", group_by=context_paths(group_by)
        )
        apply_time_range(request, time_range)
        response = await unary(self._client.decisions.AnalyzeDecisions(request, **timeout_kwargs(timeout)))
        return decision_analysis_to_dict(response)

    async def get_decision_chain(
        self,
        decision_id: str,
        depth: int = 5,
        direction: Direction = "both",
        *,
        timeout: float | None = None,
    ) -> list[dict[str, Any]]:
        """The decisions linked to ``decision_id`` through parent links, up to
        ``depth`` hops (1-100): ``"before"`` = what led to it, ``"after"`` =
        what came after, ``"both"``. Each is a decision dict plus
        ``"distance"`` (hops, 1 = direct parent or child) and ``"ancestor"``
        (True when reached through parent links); nearer first, ancestors
        before descendants at equal distance, then oldest first. The start
        decision itself is not included."""
        request = decision_log_pb2.GetDecisionChainRequest(
            agent_id=self._agent_id, decision_id=decision_id, depth=depth, direction=_direction(direction)
        )
        messages = await collect(
            self._client,
            lambda remaining: self._client.decisions.GetDecisionChain(request, **timeout_kwargs(remaining)),
            timeout,
            "GetDecisionChain",
        )
        links = []
        for message in messages:
            link = decision_to_dict(message.decision)
            link["distance"] = message.distance
            link["ancestor"] = message.ancestor
            links.append(link)
        return links

    def subscribe(
        self,
        decision_types: Iterable[str] | None = None,
        cursor: str | None = None,
        *,
        include_heartbeats: bool = False,
        idle_timeout: float | None = 60.0,
        max_reconnect_attempts: int | None = None,
        reconnect_policy: RetryPolicy | None = None,
    ) -> DecisionSubscription:
        """A live, self-resuming stream of the log's events; see
        :class:`DecisionSubscription`. ``decision_types`` limits the events to
        those types; ``cursor`` resumes after an earlier event (None = from
        the moment the subscription opens)."""
        return DecisionSubscription(
            self._client,
            self._agent_id,
            decision_types=decision_types,
            cursor=cursor,
            include_heartbeats=include_heartbeats,
            idle_timeout=idle_timeout,
            max_reconnect_attempts=max_reconnect_attempts,
            reconnect_policy=reconnect_policy,
        )

    def __repr__(self) -> str:
        return f"DecisionLogger(agent_id={self._agent_id!r}, client={self._client!r})"


class _Dropped(Exception):
    """The stream broke in a way worth resuming from (no status, EOF, idle)."""


def _resumable(error: grpc.aio.AioRpcError) -> bool:
    if error.code() in SERVER_AWAY_CODES:
        return True
    # A stream reset by the transport (killed peer, proxy) rather than by the server's logic.
    return error.code() == grpc.StatusCode.INTERNAL and "RST_STREAM" in (error.details() or "")


class DecisionSubscription(AsyncIterator[dict[str, Any]]):
    """A live stream of an agent's decision log that resumes by itself.

    Iterate it (``async for event in subscription``) to get event dicts
    ``{"kind": EventKind, "cursor": str, "decision": dict | None}`` where
    ``kind`` is ``"decision_logged"`` or ``"outcome_recorded"`` (and
    ``"heartbeat"``, decision None, only with ``include_heartbeats=True``).

    When the connection drops (UNAVAILABLE or CANCELLED: server restart or
    shutdown, connection reset) or stays silent longer than ``idle_timeout`` seconds
    (the server sends heartbeats while idle), it reconnects with exponential
    backoff and jitter from the last cursor it saw, so every event is yielded
    exactly once, in order, across reconnects. Heartbeats move the cursor.
    Errors that resuming cannot fix are raised as typed exceptions:
    :class:`CursorExpiredError` (``.oldest_cursor``), ``InvalidCursorError``,
    ``InvalidArgumentError``...; so is the last UNAVAILABLE once
    ``max_reconnect_attempts`` consecutive reconnects have failed (None:
    keep trying).

    :attr:`cursor` is the position after the last message received: save it
    to resume later with ``logger.subscribe(cursor=...)``. ``async with``
    (or ``await sub.open()``) opens the stream and waits for its first
    heartbeat, fixing the start position; iterating without it opens on the
    first ``__anext__``. Cancelling a pending ``__anext__`` (e.g. with
    ``asyncio.wait_for``) loses nothing: the next call resumes from
    :attr:`cursor`. :meth:`close` ends it.
    """

    def __init__(
        self,
        client: MemoryClient,
        agent_id: str,
        *,
        decision_types: Iterable[str] | None = None,
        cursor: str | None = None,
        include_heartbeats: bool = False,
        idle_timeout: float | None = 60.0,
        max_reconnect_attempts: int | None = None,
        reconnect_policy: RetryPolicy | None = None,
    ) -> None:
        if idle_timeout is not None and idle_timeout <= 0:
            raise ValueError("idle_timeout must be positive or None")
        self._client = client
        self._agent_id = agent_id
        self._decision_types: Sequence[str] = list(decision_types or ())
        # After the last event handed out (or heartbeat); a reconnect resumes from the last
        # message received instead, since the events queued from it are still to be handed out.
        self._cursor: str | None = cursor or None
        self._received_cursor: str | None = cursor or None
        self._include_heartbeats = include_heartbeats
        self._idle_timeout = idle_timeout
        self._max_reconnects = max_reconnect_attempts
        self._policy = reconnect_policy or _RECONNECT_POLICY
        self._call: Any = None
        self._failures = 0
        self._pending: deque[dict[str, Any]] = deque()
        self._opened = False
        self._closed = False
        self.reconnects = 0
        """How many times the stream was reopened after a drop."""
        self.connects = 0
        """How many streams were opened in all."""

    @property
    def cursor(self) -> str | None:
        """The position after the last event iteration handed out, or the last
        heartbeat received when it came later; None before the first one when
        no starting cursor was given."""
        return self._cursor

    @property
    def closed(self) -> bool:
        """True once :meth:`close` was called."""
        return self._closed

    # -- lifecycle --------------------------------------------------------
    async def open(self) -> DecisionSubscription:
        """Opens the stream and waits for its first message (a heartbeat with
        the starting cursor). Idempotent."""
        if self._closed:
            raise RuntimeError("subscription is closed")
        if not self._opened:
            message = await self._next_message()
            self._opened = True
            self._queue(message)
        return self

    async def close(self) -> None:
        """Cancels the stream; iteration then ends. Idempotent."""
        self._closed = True
        self._drop_call()

    async def aclose(self) -> None:
        """Same as :meth:`close` (async-generator protocol)."""
        await self.close()

    async def __aenter__(self) -> DecisionSubscription:
        """Opens the subscription (see :meth:`open`)."""
        try:
            return await self.open()
        except BaseException:
            await self.close()
            raise

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Closes the subscription."""
        await self.close()

    # -- iteration --------------------------------------------------------
    def __aiter__(self) -> DecisionSubscription:
        """The subscription is its own iterator."""
        return self

    async def __anext__(self) -> dict[str, Any]:
        """The next event (heartbeats skipped unless asked for), resuming the
        stream from :attr:`cursor` whenever it drops."""
        while True:
            if self._pending:
                event = self._pending.popleft()
                self._cursor = event["cursor"]
                return event
            if self._closed:
                raise StopAsyncIteration
            message = await self._next_message()
            self._opened = True
            self._queue(message)

    def _queue(self, message: decision_log_pb2.SubscribeDecisionsResponse) -> None:
        """Queues the events a message carries (one, or a run of them), and its heartbeat when
        heartbeats are asked for. Messages are read only once the queue is empty, so a heartbeat
        that is not handed out moves the cursor at once."""
        for carried in message.events or (message,):
            try:
                event = event_to_dict(carried)
            except ValueError:
                log.warning("skipping a subscription event of unknown kind %s", carried.kind)
                continue
            if event["kind"] is EventKind.HEARTBEAT and not self._include_heartbeats:
                self._cursor = event["cursor"]
            else:
                self._pending.append(event)

    # -- connection handling ------------------------------------------------
    def _drop_call(self) -> None:
        call, self._call = self._call, None
        if call is not None:
            call.cancel()

    async def _connect(self) -> None:
        if self._failures:
            delay = self._policy.backoff(self._failures)
            log.debug("resubscribing to %s in %.3fs (failure %d)", self._agent_id, delay, self._failures)
            await asyncio.sleep(delay)
            if self._closed:
                raise StopAsyncIteration
        request = decision_log_pb2.SubscribeDecisionsRequest(
            agent_id=self._agent_id,
            decision_types=list(self._decision_types),
            cursor=self._received_cursor or "",
            max_events_per_message=_EVENTS_PER_MESSAGE,
        )
        if self.connects:
            self.reconnects += 1
        self.connects += 1
        self._call = self._client.decisions.SubscribeDecisions(request)

    async def _read(self) -> decision_log_pb2.SubscribeDecisionsResponse:
        call = self._call
        if self._idle_timeout is None:
            message = await call.read()
        else:
            try:
                message = await asyncio.wait_for(call.read(), self._idle_timeout)
            except TimeoutError:
                raise _Dropped(f"no message for {self._idle_timeout}s") from None
        if message is grpc.aio.EOF:
            raise _Dropped("stream ended")
        return message  # type: ignore[no-any-return]

    async def _next_message(self) -> decision_log_pb2.SubscribeDecisionsResponse:
        """The next raw message, reconnecting from the last cursor as needed."""
        while True:
            if self._call is None:
                await self._connect()
            try:
                message = await self._read()
            except asyncio.CancelledError:
                # The read was cancelled mid-message: nothing was consumed past
                # the cursor, so the next call resumes from it.
                self._drop_call()
                task = asyncio.current_task()
                if self._closed and task is not None and not task.cancelling():
                    # close() from another task cancelled the call, not us.
                    raise StopAsyncIteration from None
                raise
            except (grpc.aio.AioRpcError, _Dropped) as error:
                self._drop_call()
                if isinstance(error, grpc.aio.AioRpcError) and not _resumable(error):
                    raise from_rpc_error(error) from error
                self._failures += 1
                if self._max_reconnects is not None and self._failures > self._max_reconnects:
                    if isinstance(error, grpc.aio.AioRpcError):
                        raise from_rpc_error(error) from error
                    raise UnavailableError(f"subscription stream lost: {error}") from error
                log.debug("subscription of %s dropped: %s", self._agent_id, error)
                if self._closed:
                    raise StopAsyncIteration from None
                continue
            self._failures = 0
            if message.cursor:
                self._received_cursor = message.cursor
            return message

    def __repr__(self) -> str:
        return f"DecisionSubscription(agent_id={self._agent_id!r}, cursor={self._cursor!r}, reconnects={self.reconnects})"


def _by_decision_position(error: InvalidArgumentError, offsets: Sequence[int]) -> InvalidArgumentError:
    """The server names a refused decision by message and place in it (``requests[2].decisions[5]
    .context``); log_decisions' caller knows only the list it passed (``decisions[517].context``)."""

    positions: list[int] = []

    def renamed(field: str) -> str:
        def position(match: re.Match[str]) -> str:
            positions.append(offsets[int(match[1])] + int(match[2]))
            return f"decisions[{positions[-1]}]"

        return _CARRIED_FIELD.sub(position, field)

    violations = [FieldViolation(renamed(v.field), v.description) for v in error.field_violations]
    metadata = dict(error.metadata)
    if positions:
        metadata["index"] = str(positions[0])
    return type(error)(
        error.message, code=error.code, reason=error.reason, domain=error.domain, metadata=metadata,
        field_violations=violations, status=error.status, rpc_error=error.rpc_error,
    )
