"""Requests that are not valid protobuf get INVALID_ARGUMENT.

grpcio turns an exception from a request deserializer into UNKNOWN, with the parser's message
in the details. This interceptor deserializes instead, turning a decode failure into a marker
that the wrapped behaviour answers with a clean INVALID_ARGUMENT (for a stream, naming the
message's index), so hostile bytes never reach a servicer or leak internals.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import grpc
from google.protobuf.message import DecodeError

from agentmemory_server.api.handlers import guarded
from agentmemory_server.core.errors import ValidationFailed


@dataclass(frozen=True)
class _Malformed:
    message_type: str


def _tolerant(deserializer: Callable[[bytes], Any], message_type: str) -> Callable[[bytes], Any]:
    def deserialize(raw: bytes) -> Any:
        try:
            return deserializer(raw)
        except (DecodeError, ValueError, RecursionError):
            return _Malformed(message_type)

    return deserialize


def _refusal(marker: _Malformed, field: str = "", **metadata: str) -> ValidationFailed:
    what = "is" if field else "the request is"
    return ValidationFailed([(field, f"{what} not a valid {marker.message_type} (protobuf wire format)")], **metadata)


def _checked(handler: grpc.RpcMethodHandler, message_type: str) -> grpc.RpcMethodHandler:
    def check(request: Any) -> None:
        if isinstance(request, _Malformed):
            raise _refusal(request)

    async def each_valid(requests: AsyncIterator[Any]) -> AsyncIterator[Any]:
        index = 0
        async for request in requests:
            if isinstance(request, _Malformed):
                raise _refusal(request, f"requests[{index}]", index=str(index))
            index += 1
            yield request

    deserializer = handler.request_deserializer
    return guarded(handler, check, each_valid, _tolerant(deserializer, message_type) if deserializer else None)


class MalformedRequestInterceptor(grpc.aio.ServerInterceptor):
    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler]],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler:
        handler = await continuation(handler_call_details)
        if handler is None or handler.request_deserializer is None:
            return handler
        method = (handler_call_details.method or "").rsplit("/", 1)[-1]
        return _checked(handler, f"{method}Request")
