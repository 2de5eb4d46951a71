"""The wrappers every method handler is registered through keep a streaming handler's style:
gRPC serves a coroutine handler as one that writes its own responses (context.write) and an
async generator as one whose responses it sends, and it tells them apart by the outermost one."""

from __future__ import annotations

import inspect
from types import SimpleNamespace
from typing import Any

import grpc
import pytest

from agentmemory.v1 import decision_log_pb2, decision_log_pb2_grpc
from agentmemory_server.api.handlers import WrappingRegistrar, guarded
from agentmemory_server.api.limits import CallLimit


class Context:
    """What the wrappers use of a servicer context: the responses written to it."""

    def __init__(self) -> None:
        self.written: list[Any] = []

    async def write(self, message: Any) -> None:
        self.written.append(message)


async def writing(request: Any, context: Context) -> None:
    for i in range(3):
        await context.write(f"{request}-{i}")


async def yielding(request: Any, context: Context) -> Any:
    for i in range(3):
        yield f"{request}-{i}"


async def stream_writing(requests: Any, context: Context) -> None:
    async for request in requests:
        await context.write(request)


async def stream_yielding(requests: Any, context: Context) -> Any:
    async for request in requests:
        yield request


def passed_through(requests: Any) -> Any:
    return requests


async def requests_of(*items: str) -> Any:
    for item in items:
        yield item


WRAPPERS = {
    "guarded": lambda handler: guarded(handler, lambda request: None, passed_through),
    "call limit": lambda handler: CallLimit(10).wrap("service", "Method", handler),
}


@pytest.mark.parametrize("wrap", WRAPPERS.values(), ids=WRAPPERS.keys())
async def test_a_handler_that_writes_stays_a_coroutine_and_its_writes_go_out(wrap):
    wrapped = wrap(grpc.unary_stream_rpc_method_handler(writing))
    assert inspect.iscoroutinefunction(wrapped.unary_stream)
    context = Context()
    assert await wrapped.unary_stream("r", context) is None
    assert context.written == ["r-0", "r-1", "r-2"]

    wrapped = wrap(grpc.stream_stream_rpc_method_handler(stream_writing))
    assert inspect.iscoroutinefunction(wrapped.stream_stream)
    context = Context()
    await wrapped.stream_stream(requests_of("a", "b"), context)
    assert context.written == ["a", "b"]


@pytest.mark.parametrize("wrap", WRAPPERS.values(), ids=WRAPPERS.keys())
async def test_a_handler_that_yields_stays_an_async_generator(wrap):
    wrapped = wrap(grpc.unary_stream_rpc_method_handler(yielding))
    assert inspect.isasyncgenfunction(wrapped.unary_stream)
    assert [response async for response in wrapped.unary_stream("r", Context())] == ["r-0", "r-1", "r-2"]

    wrapped = wrap(grpc.stream_stream_rpc_method_handler(stream_yielding))
    assert inspect.isasyncgenfunction(wrapped.stream_stream)
    assert [response async for response in wrapped.stream_stream(requests_of("a", "b"), Context())] == ["a", "b"]


async def test_the_call_limit_holds_a_slot_while_a_writing_handler_runs():
    limit = CallLimit(10)
    seen: list[int] = []

    async def watching(request: Any, context: Context) -> None:
        seen.append(limit.running)
        await context.write(request)

    await limit.wrap("service", "Method", grpc.unary_stream_rpc_method_handler(watching)).unary_stream("r", Context())
    assert seen == [1]
    assert limit.running == 0


class RecordingServer:
    """What a grpc.aio.Server is given by the generated add_*_to_server functions."""

    def __init__(self) -> None:
        self.generic: list[grpc.GenericRpcHandler] = []
        self.registered: dict[str, dict[str, grpc.RpcMethodHandler]] = {}

    def add_generic_rpc_handlers(self, handlers: Any) -> None:
        self.generic.extend(handlers)

    def add_registered_method_handlers(self, service: str, handlers: dict[str, grpc.RpcMethodHandler]) -> None:
        self.registered[service] = handlers


def test_registrars_hand_the_server_only_generic_handlers_serving_every_method_wrapped():
    # A method registered by name would leave the server's graceful stop waiting out its grace
    # for a call that arrives as it stops (WrappingRegistrar says why).
    server = RecordingServer()
    wrapped: list[tuple[str, str]] = []

    def recording(service: str, method: str, handler: grpc.RpcMethodHandler) -> grpc.RpcMethodHandler:
        wrapped.append((service, method))
        return handler

    decision_log_pb2_grpc.add_DecisionLogServiceServicer_to_server(
        decision_log_pb2_grpc.DecisionLogServiceServicer(),
        WrappingRegistrar(WrappingRegistrar(server, recording), CallLimit(10).wrap),
    )
    assert server.registered == {}
    descriptor = decision_log_pb2.DESCRIPTOR.services_by_name["DecisionLogService"]
    service, methods = descriptor.full_name, [method.name for method in descriptor.methods]
    for method in methods:
        (handler,) = [h for h in (g.service(SimpleNamespace(method=f"/{service}/{method}", invocation_metadata=())) for g in server.generic) if h]
        assert handler.request_deserializer is not None
    assert sorted(wrapped) == sorted((service, method) for method in methods)
