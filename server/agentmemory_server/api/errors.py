"""The one place that turns domain errors into gRPC status (with google.rpc details)."""

from __future__ import annotations

import asyncio
import functools
import inspect
import logging
import time
from collections.abc import Callable
from typing import Any

import grpc
from google.protobuf import any_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

from agentmemory_server.core import errors
from agentmemory_server.core.ratelimit import RateLimited
from agentmemory_server.observability import rpc_duration
from agentmemory_server.telemetry import ServerSpan

DOMAIN = "agentmemory"

log = logging.getLogger(__name__)


class DeadlineExceeded(errors.DomainError):
    """The client's deadline for the call passed while the server was still working on it."""

    reason = "DEADLINE_EXCEEDED"

    def __init__(self) -> None:
        super().__init__("deadline exceeded: the call's deadline passed before the server finished, and its work was stopped")


class ServerBusy(errors.DomainError):
    """The server process is running as many calls as AGENTMEMORY_MAX_CONCURRENT_RPCS allows."""

    reason = "TOO_MANY_CALLS"

    def __init__(self, limit: int) -> None:
        super().__init__(f"the server is running its limit of {limit} calls at once; retry with backoff", limit=str(limit))


_CODES: list[tuple[type[errors.DomainError], grpc.StatusCode]] = [
    (errors.ValidationFailed, grpc.StatusCode.INVALID_ARGUMENT),
    (errors.InvalidToken, grpc.StatusCode.INVALID_ARGUMENT),
    (errors.NotFound, grpc.StatusCode.NOT_FOUND),
    (errors.VersionConflict, grpc.StatusCode.ABORTED),
    (errors.OutcomeAlreadyRecorded, grpc.StatusCode.FAILED_PRECONDITION),
    (errors.WrongValueType, grpc.StatusCode.FAILED_PRECONDITION),
    (errors.ScanTooLarge, grpc.StatusCode.FAILED_PRECONDITION),
    (errors.CursorExpired, grpc.StatusCode.OUT_OF_RANGE),
    (errors.CursorAhead, grpc.StatusCode.OUT_OF_RANGE),
    (errors.StoreUnavailable, grpc.StatusCode.UNAVAILABLE),
    (errors.Unauthenticated, grpc.StatusCode.UNAUTHENTICATED),
    (errors.PermissionDenied, grpc.StatusCode.PERMISSION_DENIED),
    (RateLimited, grpc.StatusCode.RESOURCE_EXHAUSTED),
    (ServerBusy, grpc.StatusCode.RESOURCE_EXHAUSTED),
    (errors.ShuttingDown, grpc.StatusCode.UNAVAILABLE),
    (DeadlineExceeded, grpc.StatusCode.DEADLINE_EXCEEDED),
]


def _code_for(error: errors.DomainError) -> grpc.StatusCode:
    for error_type, code in _CODES:
        if isinstance(error, error_type):
            return code
    return grpc.StatusCode.INTERNAL


def _pack(message: Any) -> any_pb2.Any:
    packed = any_pb2.Any()
    packed.Pack(message)
    return packed


def to_status(error: errors.DomainError) -> grpc.Status:
    code = _code_for(error)
    details = [_pack(error_details_pb2.ErrorInfo(reason=error.reason, domain=DOMAIN, metadata=error.metadata))]
    violations: list[tuple[str, str]] = []
    if isinstance(error, errors.ValidationFailed):
        violations = error.violations
    elif isinstance(error, errors.InvalidToken):
        violations = [(error.field, error.message)]
    if isinstance(error, RateLimited):
        retry = error_details_pb2.RetryInfo()
        retry.retry_delay.FromMilliseconds(max(1, int(error.retry_after_s * 1000 + 0.999)))
        details.append(_pack(retry))
    if violations:
        details.append(
            _pack(
                error_details_pb2.BadRequest(
                    field_violations=[
                        error_details_pb2.BadRequest.FieldViolation(field=field, description=text)
                        for field, text in violations
                    ]
                )
            )
        )
    status = status_pb2.Status(code=getattr(code_pb2, code.name), message=error.message, details=details)
    return rpc_status.to_status(status)


def _internal() -> grpc.Status:
    return to_status(errors.DomainError("internal error"))


async def abort(context: grpc.aio.ServicerContext, exc: Exception) -> None:
    """Ends the call with the status for `exc` (INTERNAL, logged, for anything unexpected)."""
    if isinstance(exc, errors.DomainError):
        await context.abort_with_status(to_status(exc))
    # Unexpected failures are logged here and reach the client without internals.
    log.exception("unhandled error in RPC")
    await context.abort_with_status(_internal())


# Servicer class -> the proto service it implements (for metric attributes).
_SERVICES = {"MemoryServicer": "agentmemory.v1.MemoryService", "DecisionLogServicer": "agentmemory.v1.DecisionLogService"}


def _status_of(exc: BaseException | None) -> grpc.StatusCode:
    if exc is None:
        return grpc.StatusCode.OK
    if isinstance(exc, errors.DomainError):
        return _code_for(exc)
    # A stream that gRPC stops consuming is closed (GeneratorExit): the client cancelled or left.
    if isinstance(exc, (asyncio.CancelledError, GeneratorExit)):
        return grpc.StatusCode.CANCELLED
    return grpc.StatusCode.INTERNAL


# The histogram's attributes per (service, method, status): built once, not on every call.
_DURATION_ATTRIBUTES: dict[tuple[str, str, grpc.StatusCode], dict[str, Any]] = {}


def _observe(service: str, name: str, request: Any, started: float, failure: BaseException | None) -> grpc.StatusCode:
    """One place per call for the latency histogram and the (debug) access log; the call's status."""
    code = _status_of(failure)
    elapsed_ms = (time.perf_counter() - started) * 1000
    attributes = _DURATION_ATTRIBUTES.get((service, name, code))
    if attributes is None:
        attributes = _DURATION_ATTRIBUTES[service, name, code] = {
            "rpc.service": service, "rpc.method": name, "rpc.grpc.status_code": code.value[0]
        }
    rpc_duration.record(elapsed_ms, attributes)
    if log.isEnabledFor(logging.DEBUG):
        log.debug(
            "rpc",
            extra={
                "rpc_method": name,
                "agent_id": getattr(request, "agent_id", None),
                "status": code.name,
                "duration_ms": round(elapsed_ms, 3),
            },
        )
    return code


# How close to its deadline a cancelled call may be and still count as ended by it: the client's
# deadline passes a little before the server's (its clock started before the request reached
# us), so the cancel it sends arrives just before gRPC's own timer here would fire.
_DEADLINE_SLACK_S = 0.1


def _cancelled_by(context: grpc.aio.ServicerContext, exc: BaseException) -> BaseException:
    """What ended the call, for its metrics: gRPC cancels a call whose deadline passed, which is
    a deadline, not a client's cancel."""
    if isinstance(exc, (asyncio.CancelledError, GeneratorExit)):
        remaining = context.time_remaining()
        if remaining is not None and remaining <= _DEADLINE_SLACK_S:
            return DeadlineExceeded()
    return exc


def translate_errors(method: Callable[..., Any]) -> Callable[..., Any]:
    """Decorates a servicer method (coroutine or async generator) so domain errors become status,
    and the call is traced (its agent on the span), timed and logged.

    The client's deadline needs nothing here: gRPC ends a call when its deadline passes, on the
    server too, by cancelling the handler's task, and so every await of its work on the stores
    (Redis commands, DynamoDB and S3 requests, the embedded store's threads) rather than leaving
    them to the stores' own socket timeouts; such a call is measured as DEADLINE_EXCEEDED. A
    timeout scope of our own per call cost more than the rest of this wrapper (a timer armed and
    cancelled on the event loop for every call that has a deadline, which is every call of the
    Python client)."""
    service, name = _SERVICES[method.__qualname__.split(".")[0]], method.__name__
    if inspect.isasyncgenfunction(method):

        @functools.wraps(method)
        async def stream(self: Any, request: Any, context: grpc.aio.ServicerContext) -> Any:
            span = ServerSpan.start(service, name, context, request)
            started, failure = time.perf_counter(), None
            responses = method(self, request, context)
            try:
                async for response in responses:
                    yield response
            except Exception as exc:  # noqa: BLE001 - every failure must become a status
                failure = exc
                await abort(context, exc)
            except BaseException as exc:
                failure = _cancelled_by(context, exc)
                raise
            finally:
                code = _observe(service, name, request, started, failure)
                if span is not None:
                    span.end(code)
                await responses.aclose()

        return stream

    @functools.wraps(method)
    async def unary(self: Any, request: Any, context: grpc.aio.ServicerContext) -> Any:
        span = ServerSpan.start(service, name, context, request)
        started, failure = time.perf_counter(), None
        try:
            return await method(self, request, context)
        except Exception as exc:  # noqa: BLE001 - every failure must become a status
            failure = exc
            await abort(context, exc)
        except BaseException as exc:
            failure = _cancelled_by(context, exc)
            raise
        finally:
            code = _observe(service, name, request, started, failure)
            if span is not None:
                span.end(code)

    return unary
