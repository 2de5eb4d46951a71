"""The client's deadline in api/errors.translate_errors: the servicer's work stops when it passes
and the call ends with DEADLINE_EXCEEDED (a status, not a logged failure); without a deadline
nothing is bounded, and the other error mappings are untouched."""

from __future__ import annotations

import asyncio
import logging

import grpc
import pytest
from google.rpc import error_details_pb2, status_pb2

from agentmemory_server.api.errors import translate_errors
from agentmemory_server.core.errors import NotFound


class Aborted(Exception):
    """What grpc's context.abort_with_status raises (AbortError), carrying the status."""

    def __init__(self, status: grpc.Status) -> None:
        super().__init__(status.details)
        self.status = status


class Context:
    """The parts of grpc.aio.ServicerContext that translate_errors uses."""

    def __init__(self, remaining: float | None) -> None:
        self.remaining = remaining

    def time_remaining(self) -> float | None:
        return self.remaining

    def invocation_metadata(self) -> tuple[tuple[str, str], ...]:
        return ()

    async def abort_with_status(self, status: grpc.Status) -> None:
        raise Aborted(status)


class MemoryServicer:
    def __init__(self) -> None:
        self.stopped = asyncio.Event()
        self.finished = False

    @translate_errors
    async def GetShortTerm(self, request: object, context: Context) -> str:
        try:
            await asyncio.sleep(float(request))  # type: ignore[arg-type]
        except asyncio.CancelledError:
            self.stopped.set()
            raise
        self.finished = True
        return "done"

    @translate_errors
    async def DeleteShortTerm(self, request: object, context: Context) -> str:
        await asyncio.sleep(0.01)
        raise TimeoutError("a store's own socket timeout")

    @translate_errors
    async def GetLongTerm(self, request: object, context: Context) -> str:
        await asyncio.sleep(0.01)
        raise NotFound("MEMORY_NOT_FOUND", "no such memory")

    @translate_errors
    async def QueryLongTerm(self, request: object, context: Context):  # noqa: ANN201 - an async generator
        try:
            yield "first"
            await asyncio.sleep(30)
            yield "never"
        finally:
            self.stopped.set()


def _code(aborted: Aborted) -> grpc.StatusCode:
    return aborted.status.code


def _reason(aborted: Aborted) -> str:
    """The ErrorInfo reason in the status details, as every agentmemory error carries one."""
    details = dict(aborted.status.trailing_metadata)["grpc-status-details-bin"]
    info = error_details_pb2.ErrorInfo()
    status_pb2.Status.FromString(details).details[0].Unpack(info)
    return info.reason


async def test_the_deadline_stops_the_work_and_ends_the_call_with_deadline_exceeded(caplog):
    servicer = MemoryServicer()
    loop = asyncio.get_running_loop()
    started = loop.time()
    with caplog.at_level(logging.WARNING), pytest.raises(Aborted) as aborted:
        await servicer.GetShortTerm("30", Context(remaining=0.1))
    assert 0.09 < loop.time() - started < 1.0
    assert _code(aborted.value) == grpc.StatusCode.DEADLINE_EXCEEDED
    assert "deadline" in aborted.value.status.details
    assert _reason(aborted.value) == "DEADLINE_EXCEEDED"
    assert servicer.stopped.is_set() and not servicer.finished
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING], "a deadline is not a server error"


async def test_a_deadline_already_past_ends_the_call_at_once():
    servicer = MemoryServicer()
    with pytest.raises(Aborted) as aborted:
        await servicer.GetShortTerm("30", Context(remaining=-1.0))
    assert _code(aborted.value) == grpc.StatusCode.DEADLINE_EXCEEDED


async def test_without_a_deadline_nothing_is_bounded():
    servicer = MemoryServicer()
    assert await servicer.GetShortTerm("0.2", Context(remaining=None)) == "done"
    # A deadline further out than the work does not cut it short either.
    assert await servicer.GetShortTerm("0.05", Context(remaining=5.0)) == "done"


async def test_a_timeout_error_from_below_is_not_the_clients_deadline(caplog):
    with caplog.at_level(logging.ERROR), pytest.raises(Aborted) as aborted:
        await MemoryServicer().DeleteShortTerm(None, Context(remaining=5.0))
    assert _code(aborted.value) == grpc.StatusCode.INTERNAL
    assert aborted.value.status.details == "internal error"
    assert any(r.levelno == logging.ERROR for r in caplog.records)


async def test_domain_errors_keep_their_codes_under_a_deadline():
    with pytest.raises(Aborted) as aborted:
        await MemoryServicer().GetLongTerm(None, Context(remaining=5.0))
    assert _code(aborted.value) == grpc.StatusCode.NOT_FOUND


async def test_a_stream_ends_with_its_deadline_and_is_closed(caplog):
    servicer = MemoryServicer()
    received = []
    with caplog.at_level(logging.WARNING), pytest.raises(Aborted) as aborted:
        async for response in servicer.QueryLongTerm(None, Context(remaining=0.2)):
            received.append(response)
    assert received == ["first"]
    assert _code(aborted.value) == grpc.StatusCode.DEADLINE_EXCEEDED
    assert servicer.stopped.is_set()
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


async def test_a_stream_without_a_deadline_runs_until_it_is_closed():
    servicer = MemoryServicer()
    responses = servicer.QueryLongTerm(None, Context(remaining=None))
    assert await anext(responses) == "first"
    waiting = asyncio.ensure_future(anext(responses))
    await asyncio.sleep(0.3)
    assert not waiting.done()
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    assert servicer.stopped.is_set()
