"""Building blocks for server interceptors that wrap method handlers."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import grpc


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


async def responses(stream: Any) -> AsyncIterator[Any]:
    """The responses of a server-streaming behaviour, whichever style it has: an async generator
    yields them; a coroutine (the health service's Watch) writes them with context.write()."""
    if hasattr(stream, "__aiter__"):
        async for response in stream:
            yield response
    else:
        await stream
