"""Helpers of the Python client suite: ids, ports, certificates, and a
recording gRPC proxy.

The agentmemory server speaks plaintext and ignores credentials, so the
client's TLS, bearer token, deadline and lost-response retries are checked
through RecordingProxy: a real grpc.aio server on a real socket that forwards
every call, byte for byte, to a real agentmemory server, records what arrived
(method, metadata, request bytes), and can delay a call or answer UNAVAILABLE
before or after forwarding it (a lost response).
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import grpc
import grpc.aio

from agentmemory.client import RetryPolicy
from tests.support.certs import Certificates, make_certificates  # noqa: F401 - used by the client tests
from tests.support.server import free_port

FAST_RETRY = RetryPolicy(max_attempts=60, initial_backoff=0.05, max_backoff=0.25)
"""Retries for tests that wait for a server to come (back) up."""

_STREAMING = {"QueryLongTerm", "GetDecisionChain", "SubscribeDecisions", "RecallContext"}


def new_agent_id(prefix: str = "pyclient") -> str:
    """A fresh agent id, so tests never see each other's data."""
    return f"{prefix}-{uuid.uuid4().hex[:16]}"


@dataclass
class RecordedCall:
    method: str
    metadata: dict[str, str]
    request: bytes


@dataclass
class Faults:
    """Per method short name (e.g. "LogDecision"): how many calls to answer
    `code` without forwarding, how many to forward and then answer `code`
    (the response is lost), and a delay before forwarding."""

    fail_before: dict[str, int] = field(default_factory=dict)
    fail_after: dict[str, int] = field(default_factory=dict)
    delay: dict[str, float] = field(default_factory=dict)
    # UNAVAILABLE, or CANCELLED: what gRPC answers a call that reaches a stopping server.
    code: grpc.StatusCode = grpc.StatusCode.UNAVAILABLE

    def take(self, table: dict[str, int], method: str) -> bool:
        left = table.get(method, 0)
        if left > 0:
            table[method] = left - 1
            return True
        return False


class RecordingProxy:
    """A forwarding gRPC server in front of an upstream agentmemory server."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.calls: list[RecordedCall] = []
        self.faults = Faults()
        self.port = 0
        self._server: grpc.aio.Server | None = None
        self._channel: grpc.aio.Channel | None = None

    def calls_to(self, method: str) -> list[RecordedCall]:
        return [c for c in self.calls if c.method == method]

    async def start(self, credentials: grpc.ServerCredentials | None = None) -> str:
        self._channel = grpc.aio.insecure_channel(self.upstream)
        self._server = grpc.aio.server()
        self._server.add_generic_rpc_handlers((_Handler(self),))
        if credentials is None:
            self.port = self._server.add_insecure_port("127.0.0.1:0")
        else:
            self.port = self._server.add_secure_port("127.0.0.1:0", credentials)
        await self._server.start()
        return f"127.0.0.1:{self.port}"

    async def stop(self) -> None:
        if self._server is not None:
            await self._server.stop(0)
        if self._channel is not None:
            await self._channel.close()

    def _record(self, method: str, context: grpc.aio.ServicerContext, request: bytes) -> str:
        short = method.rsplit("/", 1)[-1]
        metadata = {key: value for key, value in context.invocation_metadata() or () if isinstance(value, str)}
        self.calls.append(RecordedCall(short, metadata, request))
        return short

    async def unary(self, method: str, request: bytes, context: grpc.aio.ServicerContext) -> bytes:
        short = self._record(method, context, request)
        if self.faults.take(self.faults.fail_before, short):
            await context.abort(self.faults.code, "proxy: injected failure before forwarding")
        if short in self.faults.delay:
            await asyncio.sleep(self.faults.delay[short])
        assert self._channel is not None
        try:
            response: bytes = await self._channel.unary_unary(method)(request, timeout=context.time_remaining())
        except grpc.aio.AioRpcError as error:
            await context.abort(error.code(), error.details() or "", tuple(error.trailing_metadata() or ()))
        if self.faults.take(self.faults.fail_after, short):
            await context.abort(self.faults.code, "proxy: injected failure after forwarding")
        return response

    async def stream(self, method: str, request: bytes, context: grpc.aio.ServicerContext) -> AsyncIterator[bytes]:
        short = self._record(method, context, request)
        if self.faults.take(self.faults.fail_before, short):
            await context.abort(self.faults.code, "proxy: injected failure before forwarding")
        if short in self.faults.delay:
            await asyncio.sleep(self.faults.delay[short])
        assert self._channel is not None
        call = self._channel.unary_stream(method)(request, timeout=context.time_remaining())
        try:
            async for message in call:
                yield message
        except grpc.aio.AioRpcError as error:
            await context.abort(error.code(), error.details() or "", tuple(error.trailing_metadata() or ()))


class _Handler(grpc.GenericRpcHandler):
    def __init__(self, proxy: RecordingProxy) -> None:
        self._proxy = proxy

    def service(self, handler_call_details: Any) -> grpc.RpcMethodHandler:
        method: str = handler_call_details.method
        short = method.rsplit("/", 1)[-1]
        if short in _STREAMING:

            async def stream(request: bytes, context: grpc.aio.ServicerContext) -> AsyncIterator[bytes]:
                async for message in self._proxy.stream(method, request, context):
                    yield message

            return grpc.unary_stream_rpc_method_handler(stream)

        async def unary(request: bytes, context: grpc.aio.ServicerContext) -> bytes:
            return await self._proxy.unary(method, request, context)

        return grpc.unary_unary_rpc_method_handler(unary)


