"""Typed exceptions for agentmemory errors.

The server reports errors as gRPC status with a ``google.rpc.Status`` in the
``grpc-status-details-bin`` trailer, carrying a ``google.rpc.ErrorInfo``
(domain ``agentmemory``, a stable ``reason`` and string ``metadata``) and, for
bad input, a ``google.rpc.BadRequest`` naming the fields. :func:`from_rpc_error`
turns a ``grpc.aio.AioRpcError`` into the most specific class below::

    AgentMemoryError
    ├── InvalidArgumentError            INVALID_ARGUMENT (.field_violations)
    │   ├── InvalidPageTokenError       reason INVALID_PAGE_TOKEN
    │   └── InvalidCursorError          reason INVALID_CURSOR
    ├── NotFoundError                   NOT_FOUND
    ├── AbortedError                    ABORTED
    │   └── VersionConflictError        reason VERSION_CONFLICT (.expected_version, .actual_version)
    ├── FailedPreconditionError         FAILED_PRECONDITION
    │   ├── OutcomeAlreadyRecordedError reason OUTCOME_ALREADY_RECORDED
    │   └── WrongValueTypeError         reason WRONG_VALUE_TYPE
    ├── OutOfRangeError                 OUT_OF_RANGE
    │   ├── CursorExpiredError          reason CURSOR_EXPIRED (.oldest_cursor)
    │   └── CursorAheadError            reason CURSOR_AHEAD (.latest_cursor)
    ├── UnavailableError                UNAVAILABLE
    ├── DeadlineExceededError           DEADLINE_EXCEEDED
    ├── UnauthenticatedError            UNAUTHENTICATED
    ├── PermissionDeniedError           PERMISSION_DENIED
    ├── ResourceExhaustedError          RESOURCE_EXHAUSTED
    └── InternalError                   INTERNAL

Any other code is a plain :class:`AgentMemoryError`. The original
``AioRpcError`` is kept as ``.rpc_error`` (and as ``__cause__``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import grpc
from google.rpc import error_details_pb2, status_pb2

__all__ = [
    "DETAILS_TRAILER",
    "DOMAIN",
    "AbortedError",
    "AgentMemoryError",
    "CursorAheadError",
    "CursorExpiredError",
    "DeadlineExceededError",
    "FailedPreconditionError",
    "FieldViolation",
    "InternalError",
    "InvalidArgumentError",
    "InvalidCursorError",
    "InvalidPageTokenError",
    "NotFoundError",
    "OutOfRangeError",
    "OutcomeAlreadyRecordedError",
    "PermissionDeniedError",
    "ResourceExhaustedError",
    "UnauthenticatedError",
    "UnavailableError",
    "VersionConflictError",
    "WrongValueTypeError",
    "from_rpc_error",
]

DOMAIN = "agentmemory"
"""The ErrorInfo domain of agentmemory errors."""

DETAILS_TRAILER = "grpc-status-details-bin"
"""The trailer holding the serialized google.rpc.Status."""


@dataclass(frozen=True, slots=True)
class FieldViolation:
    """One entry of a google.rpc.BadRequest: the field path (``agent_id``,
    ``context_filter.market``, ``decisions[3].decision_type``) and what is wrong."""

    field: str
    """The request field at fault."""
    description: str
    """Why the value is invalid."""


class AgentMemoryError(Exception):
    """Base of every error raised by the agentmemory client.

    Attributes:
        code: the gRPC status code.
        message: the status message.
        reason: the ErrorInfo reason (``VERSION_CONFLICT``, ...), or None.
        domain: the ErrorInfo domain (``agentmemory``), or None.
        metadata: the ErrorInfo metadata (string to string), empty if none.
        field_violations: the BadRequest field violations, empty if none.
        status: the decoded ``google.rpc.Status``, or None.
        rpc_error: the original ``grpc.RpcError``, or None.
    """

    default_code: grpc.StatusCode = grpc.StatusCode.UNKNOWN

    def __init__(
        self,
        message: str,
        *,
        code: grpc.StatusCode | None = None,
        reason: str | None = None,
        domain: str | None = None,
        metadata: Mapping[str, str] | None = None,
        field_violations: Sequence[FieldViolation] = (),
        status: status_pb2.Status | None = None,
        rpc_error: grpc.RpcError | None = None,
    ) -> None:
        super().__init__(message)
        self.code: grpc.StatusCode = code if code is not None else self.default_code
        self.message = message
        self.reason = reason
        self.domain = domain
        self.metadata: dict[str, str] = dict(metadata or {})
        self.field_violations: list[FieldViolation] = list(field_violations)
        self.status = status
        self.rpc_error = rpc_error

    @property
    def fields(self) -> list[str]:
        """The field paths named by the BadRequest violations."""
        return [violation.field for violation in self.field_violations]

    def __str__(self) -> str:
        reason = f" [{self.reason}]" if self.reason else ""
        return f"{self.code.name}{reason}: {self.message}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code.name}, reason={self.reason!r}, message={self.message!r})"


class InvalidArgumentError(AgentMemoryError):
    """INVALID_ARGUMENT: bad input. ``field_violations`` names the fields."""

    default_code = grpc.StatusCode.INVALID_ARGUMENT


class InvalidPageTokenError(InvalidArgumentError):
    """A page token from another query, or altered (reason INVALID_PAGE_TOKEN)."""


class InvalidCursorError(InvalidArgumentError):
    """A subscription cursor of another agent, or altered (reason INVALID_CURSOR)."""


class NotFoundError(AgentMemoryError):
    """NOT_FOUND: a decision, long-term memory or saved state that does not exist."""

    default_code = grpc.StatusCode.NOT_FOUND


class AbortedError(AgentMemoryError):
    """ABORTED: the operation was aborted; nothing was written."""

    default_code = grpc.StatusCode.ABORTED


def _int_or_none(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return int(text)
    except ValueError:
        return None


class VersionConflictError(AbortedError):
    """ABORTED / VERSION_CONFLICT: ``expected_version`` did not match and
    nothing was written. ``actual_version`` is 0 when the item does not exist."""

    @property
    def expected_version(self) -> int | None:
        """The version the request expected (ErrorInfo metadata ``expected_version``)."""
        return _int_or_none(self.metadata.get("expected_version"))

    @property
    def actual_version(self) -> int | None:
        """The version found (ErrorInfo metadata ``actual_version``; 0 = missing)."""
        return _int_or_none(self.metadata.get("actual_version"))


class FailedPreconditionError(AgentMemoryError):
    """FAILED_PRECONDITION: the request does not fit the current state."""

    default_code = grpc.StatusCode.FAILED_PRECONDITION


class OutcomeAlreadyRecordedError(FailedPreconditionError):
    """The decision already has an outcome; pass ``overwrite=True`` to replace it."""


class WrongValueTypeError(FailedPreconditionError):
    """Append or increment on a short-term key holding another kind of value."""


class OutOfRangeError(AgentMemoryError):
    """OUT_OF_RANGE."""

    default_code = grpc.StatusCode.OUT_OF_RANGE


class CursorExpiredError(OutOfRangeError):
    """The subscription cursor is older than the server's retention.
    ``oldest_cursor`` is the oldest position still served."""

    @property
    def oldest_cursor(self) -> str | None:
        """The oldest cursor the server can still resume from (metadata ``oldest_cursor``)."""
        return self.metadata.get("oldest_cursor")


class CursorAheadError(OutOfRangeError):
    """The subscription cursor is ahead of the server's event log (a replaced
    data directory). ``latest_cursor`` is the server's current end."""

    @property
    def latest_cursor(self) -> str | None:
        """The server's latest cursor (metadata ``latest_cursor``), if given."""
        return self.metadata.get("latest_cursor")


class UnavailableError(AgentMemoryError):
    """UNAVAILABLE: the server is unreachable or shutting down; retry later."""

    default_code = grpc.StatusCode.UNAVAILABLE


class DeadlineExceededError(AgentMemoryError):
    """DEADLINE_EXCEEDED: the call did not finish within its deadline."""

    default_code = grpc.StatusCode.DEADLINE_EXCEEDED


class UnauthenticatedError(AgentMemoryError):
    """UNAUTHENTICATED: missing or invalid credentials."""

    default_code = grpc.StatusCode.UNAUTHENTICATED


class PermissionDeniedError(AgentMemoryError):
    """PERMISSION_DENIED: the credentials do not allow the call."""

    default_code = grpc.StatusCode.PERMISSION_DENIED


class ResourceExhaustedError(AgentMemoryError):
    """RESOURCE_EXHAUSTED: a size or rate limit was hit."""

    default_code = grpc.StatusCode.RESOURCE_EXHAUSTED


class InternalError(AgentMemoryError):
    """INTERNAL: a server-side bug or a broken connection."""

    default_code = grpc.StatusCode.INTERNAL


_BY_CODE: dict[grpc.StatusCode, type[AgentMemoryError]] = {
    grpc.StatusCode.INVALID_ARGUMENT: InvalidArgumentError,
    grpc.StatusCode.NOT_FOUND: NotFoundError,
    grpc.StatusCode.ABORTED: AbortedError,
    grpc.StatusCode.FAILED_PRECONDITION: FailedPreconditionError,
    grpc.StatusCode.OUT_OF_RANGE: OutOfRangeError,
    grpc.StatusCode.UNAVAILABLE: UnavailableError,
    grpc.StatusCode.DEADLINE_EXCEEDED: DeadlineExceededError,
    grpc.StatusCode.UNAUTHENTICATED: UnauthenticatedError,
    grpc.StatusCode.PERMISSION_DENIED: PermissionDeniedError,
    grpc.StatusCode.RESOURCE_EXHAUSTED: ResourceExhaustedError,
    grpc.StatusCode.INTERNAL: InternalError,
}

_BY_REASON: dict[str, type[AgentMemoryError]] = {
    "INVALID_PAGE_TOKEN": InvalidPageTokenError,
    "INVALID_CURSOR": InvalidCursorError,
    "VERSION_CONFLICT": VersionConflictError,
    "OUTCOME_ALREADY_RECORDED": OutcomeAlreadyRecordedError,
    "WRONG_VALUE_TYPE": WrongValueTypeError,
    "CURSOR_EXPIRED": CursorExpiredError,
    "CURSOR_AHEAD": CursorAheadError,
}


def _details_status(error: grpc.RpcError) -> status_pb2.Status | None:
    trailing = getattr(error, "trailing_metadata", None)
    if trailing is None:
        return None
    try:
        metadata: Any = trailing()
    except Exception:  # noqa: BLE001 - a half-built error must still convert
        return None
    for key, raw in metadata or ():
        if key == DETAILS_TRAILER:
            try:
                return status_pb2.Status.FromString(raw if isinstance(raw, bytes) else raw.encode("latin-1"))
            except Exception:  # noqa: BLE001 - malformed details are ignored, not fatal
                return None
    return None


def from_rpc_error(error: grpc.RpcError) -> AgentMemoryError:
    """Builds the typed exception for a gRPC error (``grpc.aio.AioRpcError``
    or a sync ``grpc.RpcError`` that is also a ``grpc.Call``), decoding
    ErrorInfo and BadRequest from the ``grpc-status-details-bin`` trailer."""
    code_fn = getattr(error, "code", None)
    code: grpc.StatusCode = code_fn() if callable(code_fn) else grpc.StatusCode.UNKNOWN
    details_fn = getattr(error, "details", None)
    message = (details_fn() if callable(details_fn) else None) or str(error)
    status = _details_status(error)
    reason: str | None = None
    domain: str | None = None
    metadata: dict[str, str] = {}
    violations: list[FieldViolation] = []
    if status is not None:
        if status.message:
            message = status.message
        for packed in status.details:
            if packed.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
                info = error_details_pb2.ErrorInfo()
                packed.Unpack(info)
                reason, domain, metadata = info.reason, info.domain, dict(info.metadata)
            elif packed.Is(error_details_pb2.BadRequest.DESCRIPTOR):
                bad = error_details_pb2.BadRequest()
                packed.Unpack(bad)
                violations.extend(FieldViolation(v.field, v.description) for v in bad.field_violations)
    cls = _BY_CODE.get(code, AgentMemoryError)
    specific = _BY_REASON.get(reason or "")
    if specific is not None and issubclass(specific, cls):
        cls = specific
    return cls(
        message,
        code=code,
        reason=reason,
        domain=domain,
        metadata=metadata,
        field_violations=violations,
        status=status,
        rpc_error=error,
    )
