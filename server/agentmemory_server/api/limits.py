"""AGENTMEMORY_MAX_CONCURRENT_RPCS: how many calls of agentmemory's own services one process runs
at once; more are refused with RESOURCE_EXHAUSTED (reason TOO_MANY_CALLS).

Counted here, around the services' handlers, rather than by gRPC's maximum_concurrent_rpcs,
which counts every call: a server at its limit would refuse its load balancer's health checks
too, and be taken out of rotation (or restarted by its orchestrator) for being busy. Health and
reflection are not counted."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

import grpc

from agentmemory_server.api.errors import ServerBusy, abort
from agentmemory_server.api.handlers import same_shape, writes

T = TypeVar("T")


class CallLimit:
    """The calls in progress of the services whose handlers `wrap` was given, at most `limit`."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.running = 0

    async def _admit(self, context: grpc.aio.ServicerContext) -> None:
        if self.running >= self.limit:
            await abort(context, ServerBusy(self.limit))
        self.running += 1

    async def _held(self, context: grpc.aio.ServicerContext, method: Callable[..., Awaitable[T]], request: Any) -> T:
        """method(request, context), run holding a slot."""
        await self._admit(context)
        try:
            return await method(request, context)
        finally:
            self.running -= 1

    def wrap(self, service: str, method: str, handler: grpc.RpcMethodHandler) -> grpc.RpcMethodHandler:
        """`handler`, holding a slot from the call's start to its end (a stream's, too). A
        HandlerWrapper for WrappingRegistrar."""

        async def unary_unary(request: Any, context: grpc.aio.ServicerContext) -> Any:
            return await self._held(context, handler.unary_unary, request)

        async def unary_stream(request: Any, context: grpc.aio.ServicerContext) -> AsyncIterator[Any]:
            await self._admit(context)
            try:
                async for response in handler.unary_stream(request, context):
                    yield response
            finally:
                self.running -= 1

        async def unary_writer(request: Any, context: grpc.aio.ServicerContext) -> None:
            await self._held(context, handler.unary_stream, request)

        async def stream_unary(requests: AsyncIterator[Any], context: grpc.aio.ServicerContext) -> Any:
            return await self._held(context, handler.stream_unary, requests)

        async def stream_stream(requests: AsyncIterator[Any], context: grpc.aio.ServicerContext) -> AsyncIterator[Any]:
            await self._admit(context)
            try:
                async for response in handler.stream_stream(requests, context):
                    yield response
            finally:
                self.running -= 1

        async def stream_writer(requests: AsyncIterator[Any], context: grpc.aio.ServicerContext) -> None:
            await self._held(context, handler.stream_stream, requests)

        return same_shape(
            handler, unary_unary, unary_writer if writes(handler.unary_stream) else unary_stream,
            stream_unary, stream_writer if writes(handler.stream_stream) else stream_stream,
        )
