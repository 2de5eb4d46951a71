"""How api/errors.translate_errors reports a call that gRPC ended at the client's deadline.

gRPC itself stops the work: when a call's deadline passes it cancels the handler's task, on the
server too (tests/e2e/test_deadlines.py shows it on slow stores, and with a client that can no
longer cancel anything). What translate_errors adds is the account of it: a call cancelled at its
deadline is measured and logged as DEADLINE_EXCEEDED, not as a client's cancel, and not as a
server error; the other error mappings are untouched."""

from __future__ import annotations

import asyncio
import logging

import grpc
import pytest

from agentmemory_server.api.errors import translate_errors
from agentmemory_server.core.errors import NotFound


class Aborted(Exception):
    """What grpc's context.abort_with_status raises (AbortError), carrying the status."""

    def __init__(self, status: grpc.Status) -> None:
        super().__init__(status.details)
        self.status = status


class Context:
    """The parts of grpc.aio.ServicerContext that translate_errors uses; the deadline, like
    gRPC's, `remaining` seconds from now (None: no deadline)."""

    def __init__(self, remaining: float | None) -> None:
        loop = asyncio.get_running_loop()
        self._loop = loop
        self._at = None if remaining is None else loop.time() + remaining

    def time_remaining(self) -> float | None:
        return None if self._at is None else max(0.0, self._at - self._loop.time())

    def invocation_metadata(self) -> tuple[tuple[str, str], ...]:
        return ()

    async def abort_with_status(self, status: grpc.Status) -> None:
        raise Aborted(status)


class MemoryServicer:
    def __init__(self) -> None:
        self.closed = asyncio.Event()

    @translate_errors
    async def GetShortTerm(self, request: object, context: Context) -> str:
        await asyncio.sleep(30)
        return "never"

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
            self.closed.set()


def _logged_status(caplog: pytest.LogCaptureFixture) -> str:
    """The status of the one call in the access log (its DEBUG "rpc" line)."""
    (record,) = [r for r in caplog.records if r.getMessage() == "rpc"]
    return record.status  # type: ignore[attr-defined]


async def _cancelled_after(call: asyncio.Future, seconds: float) -> None:
    """Cancels the call's task after `seconds`, as gRPC does at a deadline or a client's cancel."""
    await asyncio.sleep(seconds)
    call.cancel()
    with pytest.raises(asyncio.CancelledError):
        await call


async def test_a_call_cancelled_at_its_deadline_is_measured_as_deadline_exceeded(caplog):
    context = Context(remaining=0.1)
    with caplog.at_level(logging.DEBUG, logger="agentmemory_server.api.errors"):
        await _cancelled_after(asyncio.ensure_future(MemoryServicer().GetShortTerm(None, context)), 0.15)
    assert _logged_status(caplog) == "DEADLINE_EXCEEDED"
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING], "a deadline is not a server error"


async def test_a_cancel_just_before_the_deadline_is_the_deadline(caplog):
    """The client's own timer fires first, so its cancel arrives a little before the deadline here."""
    context = Context(remaining=0.1)
    with caplog.at_level(logging.DEBUG, logger="agentmemory_server.api.errors"):
        await _cancelled_after(asyncio.ensure_future(MemoryServicer().GetShortTerm(None, context)), 0.05)
    assert _logged_status(caplog) == "DEADLINE_EXCEEDED"


async def test_a_cancel_well_before_the_deadline_is_the_clients_cancel(caplog):
    context = Context(remaining=5.0)
    with caplog.at_level(logging.DEBUG, logger="agentmemory_server.api.errors"):
        await _cancelled_after(asyncio.ensure_future(MemoryServicer().GetShortTerm(None, context)), 0.05)
    assert _logged_status(caplog) == "CANCELLED"


async def test_a_cancel_without_a_deadline_is_the_clients_cancel(caplog):
    with caplog.at_level(logging.DEBUG, logger="agentmemory_server.api.errors"):
        await _cancelled_after(asyncio.ensure_future(MemoryServicer().GetShortTerm(None, Context(None))), 0.05)
    assert _logged_status(caplog) == "CANCELLED"


async def test_a_timeout_error_from_below_is_not_the_clients_deadline(caplog):
    with caplog.at_level(logging.ERROR), pytest.raises(Aborted) as aborted:
        await MemoryServicer().DeleteShortTerm(None, Context(remaining=5.0))
    assert aborted.value.status.code == grpc.StatusCode.INTERNAL
    assert aborted.value.status.details == "internal error"
    assert any(r.levelno == logging.ERROR for r in caplog.records)


async def test_domain_errors_keep_their_codes_under_a_deadline():
    with pytest.raises(Aborted) as aborted:
        await MemoryServicer().GetLongTerm(None, Context(remaining=5.0))
    assert aborted.value.status.code == grpc.StatusCode.NOT_FOUND


async def test_a_stream_cancelled_at_its_deadline_is_closed_and_measured_as_deadline_exceeded(caplog):
    servicer = MemoryServicer()
    responses = servicer.QueryLongTerm(None, Context(remaining=0.1))
    with caplog.at_level(logging.DEBUG, logger="agentmemory_server.api.errors"):
        assert await anext(responses) == "first"
        await _cancelled_after(asyncio.ensure_future(anext(responses)), 0.15)
    assert servicer.closed.is_set()
    assert _logged_status(caplog) == "DEADLINE_EXCEEDED"
