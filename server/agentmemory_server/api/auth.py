"""Per-agent guards for every RPC: bearer-token authentication and authorization, and rate limits.

An interceptor, so the servicers stay about memory: it authenticates the call from its
`authorization` metadata, then checks the agent_id of each request message (every request names
one; a LogDecisions stream is checked message by message) against what the token grants, and
takes one call from that agent's rate-limit bucket. Health checks and reflection stay open, for
load balancers and grpcurl.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import grpc

from agentmemory_server.api.errors import abort
from agentmemory_server.api.handlers import guarded, same_shape
from agentmemory_server.api.malformed import Malformed
from agentmemory_server.core.errors import DomainError
from agentmemory_server.core.models import TokenRecord
from agentmemory_server.core.ratelimit import RateLimiter
from agentmemory_server.core.security import Tokens, authorize

OPEN_SERVICES = frozenset({"grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection"})


def _agents_of(message: Any) -> list[str]:
    """Every request names its agent; a LogDecisions message names one per decision it carries
    (and one that carries none is refused for its empty agent)."""
    if isinstance(message, Malformed):
        return []  # refused as INVALID_ARGUMENT by the handler it reaches; it names no agent
    if hasattr(message, "agent_id"):
        return [message.agent_id]
    carried = [decision.agent_id for decision in message.decisions]
    return [message.decision.agent_id, *carried] if message.HasField("decision") or not carried else carried


def _refusing(handler: grpc.RpcMethodHandler, error: DomainError) -> grpc.RpcMethodHandler:
    """A handler of the same shape that only fails the call with `error`."""

    async def fail(request: Any, context: grpc.aio.ServicerContext) -> Any:
        await abort(context, error)

    async def fail_stream(request: Any, context: grpc.aio.ServicerContext) -> AsyncIterator[Any]:
        await abort(context, error)
        yield  # pragma: no cover - makes this an async generator

    return same_shape(handler, fail, fail_stream, fail, fail_stream)


def _guarded(
    handler: grpc.RpcMethodHandler, principal: TokenRecord | None, limiter: RateLimiter | None
) -> grpc.RpcMethodHandler:
    def allow(agent_id: str, *, count: bool) -> None:
        if principal is not None:
            authorize(principal, agent_id)
        if limiter is not None and count:
            limiter.admit(agent_id)

    async def each_allowed(requests: AsyncIterator[Any]) -> AsyncIterator[Any]:
        # A stream counts as one call against the rate limit (bulk ingest is the cheap way to
        # log many); every message's agent is authorized.
        first = True
        async for request in requests:
            for agent_id in _agents_of(request):
                allow(agent_id, count=first)
                first = False
            yield request

    def each_request_allowed(request: Any) -> None:
        for agent_id in _agents_of(request):
            allow(agent_id, count=True)

    return guarded(handler, each_request_allowed, each_allowed)


class AgentGuardInterceptor(grpc.aio.ServerInterceptor):
    def __init__(self, tokens: Tokens | None, limiter: RateLimiter | None) -> None:
        """`tokens` None: no authentication; `limiter` None: no rate limit."""
        self._tokens = tokens
        self._limiter = limiter

    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler]],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler:
        handler = await continuation(handler_call_details)
        service = handler_call_details.method.split("/")[1] if handler_call_details.method else ""
        if handler is None or service in OPEN_SERVICES:
            return handler
        principal = None
        if self._tokens is not None:
            metadata = dict(handler_call_details.invocation_metadata or ())
            try:
                principal = await self._tokens.authenticate(metadata.get("authorization"))
            except DomainError as error:
                return _refusing(handler, error)
        return _guarded(handler, principal, self._limiter)
