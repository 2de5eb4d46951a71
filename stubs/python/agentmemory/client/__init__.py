"""The agent-facing Python client of agentmemory (asyncio, grpc.aio).

::

    from agentmemory.client import MemoryClient, MemoryManager, DecisionLogger

    async with MemoryClient("127.0.0.1:50051") as client:
        memory = MemoryManager(client, "market-hunter")
        logger = DecisionLogger(client, "market-hunter")
        await memory.store_stm("context:current", {"trend": "bullish"}, ttl_seconds=3600)
        decision_id = await logger.log_decision("SOURCE_SELECTION", {"cycle": 142}, {"selected": ["derivatives"]})
        await logger.log_outcome(decision_id, {"signals_generated": 2}, success=True, metrics={"quality_score": 0.85})

* :class:`MemoryClient` owns the channel (TLS, bearer token, default deadline,
  retries on UNAVAILABLE and CANCELLED) and exposes the raw stubs as ``.memory`` and
  ``.decisions``.
* :class:`MemoryManager` is short-term memory, long-term memory and agent
  state with plain dicts in and out.
* :class:`DecisionLogger` logs decisions and outcomes, queries them, walks
  chains, and :meth:`DecisionLogger.subscribe` follows the log live,
  resuming by itself after a dropped connection.
* :class:`MemoryAnalytics` answers from the log's rollups: success rates by
  context, source effectiveness, emerging patterns, performance reports, and
  a pattern's confidence trend. :meth:`MemoryManager.get_context_memory`
  recalls across tiers; :meth:`MemoryManager.consolidate_to_ltm` promotes
  what the log shows into PATTERN memories. Their results are typed dicts
  (:mod:`agentmemory.client.results`).
* Errors are :class:`AgentMemoryError` subclasses carrying the gRPC code,
  the ErrorInfo reason and metadata, and BadRequest field violations.
* :mod:`agentmemory.client.convert` converts dict <-> Struct/Value,
  datetime <-> Timestamp and seconds <-> Duration.
"""

from __future__ import annotations

from .analytics import MemoryAnalytics
from .connection import DEFAULT_ADDRESS, DEFAULT_TIMEOUT, MemoryClient
from .convert import (
    EventKind,
    TimeRange,
    from_duration,
    from_struct,
    from_timestamp,
    from_value,
    to_duration,
    to_struct,
    to_timestamp,
    to_value,
)
from .decisions import DEFAULT_CONTEXT_PATHS, PENDING, DecisionLogger, DecisionSubscription
from .errors import (
    AbortedError,
    AgentMemoryError,
    CursorAheadError,
    CursorExpiredError,
    DeadlineExceededError,
    FailedPreconditionError,
    FieldViolation,
    InternalError,
    InvalidArgumentError,
    InvalidCursorError,
    InvalidPageTokenError,
    NotFoundError,
    OutcomeAlreadyRecordedError,
    OutOfRangeError,
    PermissionDeniedError,
    ResourceExhaustedError,
    UnauthenticatedError,
    UnavailableError,
    VersionConflictError,
    WrongValueTypeError,
    from_rpc_error,
)
from .memory import DEFAULT_CONFIDENCE, MemoryManager
from .results import (
    AnalyticsSource,
    ConfidenceMove,
    ConfidenceTrend,
    ConsolidationResult,
    DecisionAnalysis,
    DecisionGroup,
    DecisionTypeReport,
    EmergingPattern,
    EmergingPatterns,
    PerformanceReport,
    RecallItem,
    RecallLevel,
    SourceEffectiveness,
    SourceEffectivenessReport,
    SuccessCounts,
)
from .retry import NO_RETRY, RetryPolicy

__all__ = [
    "DEFAULT_ADDRESS",
    "DEFAULT_CONFIDENCE",
    "DEFAULT_CONTEXT_PATHS",
    "DEFAULT_TIMEOUT",
    "NO_RETRY",
    "PENDING",
    "AbortedError",
    "AgentMemoryError",
    "AnalyticsSource",
    "ConfidenceMove",
    "ConfidenceTrend",
    "ConsolidationResult",
    "CursorAheadError",
    "CursorExpiredError",
    "DeadlineExceededError",
    "DecisionAnalysis",
    "DecisionGroup",
    "DecisionLogger",
    "DecisionSubscription",
    "DecisionTypeReport",
    "EmergingPattern",
    "EmergingPatterns",
    "EventKind",
    "FailedPreconditionError",
    "FieldViolation",
    "InternalError",
    "InvalidArgumentError",
    "InvalidCursorError",
    "InvalidPageTokenError",
    "MemoryAnalytics",
    "MemoryClient",
    "MemoryManager",
    "NotFoundError",
    "OutOfRangeError",
    "OutcomeAlreadyRecordedError",
    "PerformanceReport",
    "PermissionDeniedError",
    "RecallItem",
    "RecallLevel",
    "ResourceExhaustedError",
    "RetryPolicy",
    "SourceEffectiveness",
    "SourceEffectivenessReport",
    "SuccessCounts",
    "TimeRange",
    "UnauthenticatedError",
    "UnavailableError",
    "VersionConflictError",
    "WrongValueTypeError",
    "from_duration",
    "from_rpc_error",
    "from_struct",
    "from_timestamp",
    "from_value",
    "to_duration",
    "to_struct",
    "to_timestamp",
    "to_value",
]
