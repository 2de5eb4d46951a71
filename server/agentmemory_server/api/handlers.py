"""Building blocks for server interceptors that wrap method handlers."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import grpc

from agentmemory_server.api.errors import abort
from agentmemory_server.core.errors import DomainError


def same_shape(
    handler: grpc.RpcMethodHandler,
    unary_unary: Callable[..., Awaitable[Any]],
    unary_stream: Callable[..., AsyncIterator[Any]],
    stream_unary: Callable[..., Awaitable[Any]],
    stream_stream: Callable[..., AsyncIterator[Any]],
    request_deserializer: Callable[[bytes], Any] | None = None,
) -> grpc.RpcMethodHandler:
    """A handler of `handler`'s kind with new behaviours (the one of its kind is used)."""
    codecs = {
        "request_deserializer": request_deserializer or handler.request_deserializer,
        "response_serializer": handler.response_serializer,
    }
    if handler.unary_unary:
        return grpc.unary_unary_rpc_method_handler(unary_unary, **codecs)
    if handler.unary_stream:
        return grpc.unary_stream_rpc_method_handler(unary_stream, **codecs)
    if handler.stream_unary:
        return grpc.stream_unary_rpc_method_handler(stream_unary, **codecs)
    return grpc.stream_stream_rpc_method_handler(stream_stream, **codecs)


def guarded(
    handler: grpc.RpcMethodHandler,
    check_request: Callable[[Any], None],
    check_requests: Callable[[AsyncIterator[Any]], AsyncIterator[Any]],
    request_deserializer: Callable[[bytes], Any] | None = None,
) -> grpc.RpcMethodHandler:
    """`handler`, with every request checked before the servicer sees it. `check_request` looks at
    a single request and raises a DomainError to refuse the call (which then ends with that
    error's status); `check_requests` wraps a request stream, and what it raises surfaces
    through the servicer's own error mapping."""

    async def unary_unary(request: Any, context: grpc.aio.ServicerContext) -> Any:
        try:
            check_request(request)
        except DomainError as error:
            await abort(context, error)
        return await handler.unary_unary(request, context)

    async def unary_stream(request: Any, context: grpc.aio.ServicerContext) -> AsyncIterator[Any]:
        try:
            check_request(request)
        except DomainError as error:
            await abort(context, error)
        # An async generator's responses are passed on; a coroutine (the health service's Watch)
        # writes its own with context.write(). Inline: every message of a stream pays each layer.
        stream = handler.unary_stream(request, context)
        if hasattr(stream, "__aiter__"):
            async for response in stream:
                yield response
        else:
            await stream

    async def stream_unary(requests: AsyncIterator[Any], context: grpc.aio.ServicerContext) -> Any:
        return await handler.stream_unary(check_requests(requests), context)

    async def stream_stream(requests: AsyncIterator[Any], context: grpc.aio.ServicerContext) -> AsyncIterator[Any]:
        stream = handler.stream_stream(check_requests(requests), context)
        if hasattr(stream, "__aiter__"):
            async for response in stream:
                yield response
        else:
            await stream

    return same_shape(handler, unary_unary, unary_stream, stream_unary, stream_stream, request_deserializer)
