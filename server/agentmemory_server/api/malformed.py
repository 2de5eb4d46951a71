"""Requests that are not valid protobuf get INVALID_ARGUMENT.

grpcio turns an exception from a request deserializer into UNKNOWN, with the parser's message
in the details. Every method handler is registered wrapped (a WrappingRegistrar with
refusing_malformed stands in for the server when the services are added) so that it
deserializes instead, turning a decode failure into a marker that the wrapped behaviour
answers with a clean INVALID_ARGUMENT (for a stream, naming the message's index), so hostile
bytes never reach a servicer or leak internals.

Wrapping at registration rather than in an interceptor: a server with any interceptor runs the
interceptor chain, and builds a new handler, for every call (about 5% of a short-term read).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import grpc
from google.protobuf.message import DecodeError

from agentmemory_server.api.handlers import guarded
from agentmemory_server.core.errors import ValidationFailed


@dataclass(frozen=True)
class Malformed:
    """What a request that does not decode arrives as, in place of the message."""

    message_type: str


def _tolerant(deserializer: Callable[[bytes], Any], message_type: str) -> Callable[[bytes], Any]:
    def deserialize(raw: bytes) -> Any:
        try:
            return deserializer(raw)
        except (DecodeError, ValueError, RecursionError):
            return Malformed(message_type)

    return deserialize


def _refusal(marker: Malformed, field: str = "", **metadata: str) -> ValidationFailed:
    what = "is" if field else "the request is"
    return ValidationFailed([(field, f"{what} not a valid {marker.message_type} (protobuf wire format)")], **metadata)


def _checked(handler: grpc.RpcMethodHandler, message_type: str) -> grpc.RpcMethodHandler:
    def check(request: Any) -> None:
        if isinstance(request, Malformed):
            raise _refusal(request)

    async def each_valid(requests: AsyncIterator[Any]) -> AsyncIterator[Any]:
        index = 0
        async for request in requests:
            if isinstance(request, Malformed):
                raise _refusal(request, f"requests[{index}]", index=str(index))
            index += 1
            yield request

    return guarded(handler, check, each_valid, _tolerant(handler.request_deserializer, message_type))


def refusing_malformed(service: str, method: str, handler: grpc.RpcMethodHandler) -> grpc.RpcMethodHandler:
    """`handler`, answering requests that do not decode with INVALID_ARGUMENT (a HandlerWrapper
    for WrappingRegistrar)."""
    if handler.request_deserializer is None:
        return handler
    return _checked(handler, f"{method}Request")
