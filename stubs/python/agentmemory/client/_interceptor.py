"""The channel interceptor behind MemoryClient's raw stubs: auth metadata, a
default deadline, retries of safe unary calls, and a client-side request_id
for LogDecision."""

from __future__ import annotations

import asyncio
import inspect
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import grpc
import grpc.aio

from agentmemory.v1 import decision_log_pb2, memory_pb2

from .retry import RetryPolicy

log = logging.getLogger("agentmemory.client")

TokenSource = str | Callable[[], str | Awaitable[str]]

_PREFIX = "/agentmemory.v1."
SUBSCRIBE_METHOD = "/agentmemory.v1.DecisionLogService/SubscribeDecisions"
LOG_DECISION_METHOD = "/agentmemory.v1.DecisionLogService/LogDecision"
# Calls whose repetition would apply twice: never retried.
_NOT_IDEMPOTENT = {
    "/agentmemory.v1.MemoryService/AppendShortTerm",
    "/agentmemory.v1.MemoryService/IncrementCounter",
}
# Long-lived streams: no default deadline.
_NO_DEFAULT_DEADLINE = {SUBSCRIBE_METHOD}


def _method_name(details: grpc.aio.ClientCallDetails) -> str:
    method: Any = details.method
    return method.decode() if isinstance(method, bytes) else str(method)


def retry_safe(method: str, request: Any) -> bool:
    """Whether a unary call may be sent again after an UNAVAILABLE (or CANCELLED) that might
    have reached the server."""
    if method == "/agentmemory.v1.MemoryService/IncrementCounter":
        # A zero delta only reads the counter.
        return isinstance(request, memory_pb2.IncrementCounterRequest) and request.delta == 0
    if method in _NOT_IDEMPOTENT:
        return False
    if method == LOG_DECISION_METHOD:
        return isinstance(request, decision_log_pb2.LogDecisionRequest) and bool(request.request_id)
    return True


def with_request_id(request: Any) -> Any:
    """A LogDecisionRequest with a uuid4 request_id when it has none, so a
    retry cannot store the decision twice."""
    if isinstance(request, decision_log_pb2.LogDecisionRequest) and not request.request_id:
        filled = decision_log_pb2.LogDecisionRequest()
        filled.CopyFrom(request)
        filled.request_id = str(uuid.uuid4())
        return filled
    return request


class _Base:
    """Adds ``authorization: Bearer <token>`` and applies the default deadline
    to every call that has none (except SubscribeDecisions)."""

    def __init__(self, token: TokenSource | None, default_timeout: float | None, retry: RetryPolicy) -> None:
        self._token = token
        self._default_timeout = default_timeout
        self._retry = retry

    async def _details(self, details: grpc.aio.ClientCallDetails) -> grpc.aio.ClientCallDetails:
        method = _method_name(details)
        timeout = details.timeout
        if timeout is None and method not in _NO_DEFAULT_DEADLINE:
            timeout = self._default_timeout
        metadata = details.metadata
        if self._token is not None:
            token = self._token() if callable(self._token) else self._token
            if inspect.isawaitable(token):
                token = await token
            pairs = [(k, v) for k, v in (metadata or ()) if k != "authorization"]
            metadata = grpc.aio.Metadata(*pairs, ("authorization", f"Bearer {token}"))
        return grpc.aio.ClientCallDetails(
            method=details.method,
            timeout=timeout,
            metadata=metadata,
            credentials=details.credentials,
            wait_for_ready=details.wait_for_ready,
        )


class _UnaryUnary(_Base, grpc.aio.UnaryUnaryClientInterceptor):  # type: ignore[misc]
    """Auth and deadline, plus retries of unary calls per the retry policy."""

    async def intercept_unary_unary(self, continuation: Any, client_call_details: Any, request: Any) -> Any:
        details = await self._details(client_call_details)
        method = _method_name(details)
        if method == LOG_DECISION_METHOD:
            request = with_request_id(request)
        if self._retry.max_attempts <= 1 or not retry_safe(method, request):
            return await continuation(details, request)
        loop = asyncio.get_running_loop()
        deadline = None if details.timeout is None else loop.time() + details.timeout
        attempt = 1
        while True:
            if deadline is not None:
                details = details._replace(timeout=max(0.0, deadline - loop.time()))
            call = await continuation(details, request)
            try:
                await call
                return call
            except grpc.aio.AioRpcError as error:
                if not self._retry.should_retry(error.code(), attempt):
                    return call
                delay = self._retry.backoff(attempt)
                if deadline is not None and loop.time() + delay >= deadline:
                    return call
                log.debug("retrying %s in %.3fs after %s (attempt %d)", method, delay, error.code().name, attempt)
                await asyncio.sleep(delay)
                attempt += 1


class _UnaryStream(_Base, grpc.aio.UnaryStreamClientInterceptor):  # type: ignore[misc]
    """Auth and deadline for server streams (retried, when at all, by the caller)."""

    async def intercept_unary_stream(self, continuation: Any, client_call_details: Any, request: Any) -> Any:
        return await continuation(await self._details(client_call_details), request)


class _StreamUnary(_Base, grpc.aio.StreamUnaryClientInterceptor):  # type: ignore[misc]
    """Auth and deadline for client streams."""

    async def intercept_stream_unary(self, continuation: Any, client_call_details: Any, request_iterator: Any) -> Any:
        return await continuation(await self._details(client_call_details), request_iterator)


class _StreamStream(_Base, grpc.aio.StreamStreamClientInterceptor):  # type: ignore[misc]
    """Auth and deadline for bidirectional streams."""

    async def intercept_stream_stream(self, continuation: Any, client_call_details: Any, request_iterator: Any) -> Any:
        return await continuation(await self._details(client_call_details), request_iterator)


def client_interceptors(
    token: TokenSource | None, default_timeout: float | None, retry: RetryPolicy
) -> list[grpc.aio.ClientInterceptor]:
    """One interceptor per call kind: grpc.aio files an interceptor under the
    first kind it implements only, so one class cannot serve all four."""
    return [cls(token, default_timeout, retry) for cls in (_UnaryUnary, _UnaryStream, _StreamUnary, _StreamStream)]
