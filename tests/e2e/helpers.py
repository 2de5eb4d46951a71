"""Shared helpers for the end-to-end suite: error details, Struct/Value
conversion, time helpers and a subscription reader that never loses a stream
to a read timeout."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import grpc
import grpc.aio
import pytest
from google.protobuf import duration_pb2, json_format, struct_pb2, timestamp_pb2
from google.rpc import error_details_pb2, status_pb2

from agentmemory.v1 import decision_log_pb2 as dl
from agentmemory.v1 import decision_log_pb2_grpc, memory_pb2_grpc

DOMAIN = "agentmemory"
DETAILS_KEY = "grpc-status-details-bin"
# Per-call deadline applied to every RPC made through a DeadlineStub.
DEFAULT_RPC_TIMEOUT = 15.0

HEARTBEAT = dl.DECISION_EVENT_KIND_HEARTBEAT
LOGGED = dl.DECISION_EVENT_KIND_DECISION_LOGGED
OUTCOME = dl.DECISION_EVENT_KIND_OUTCOME_RECORDED


def new_agent_id(prefix: str = "e2e") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:20]}"


# --------------------------------------------------------------------------
# Stubs with a default deadline, so that no RPC can hang a test.
# --------------------------------------------------------------------------


class DeadlineStub:
    """Wraps a generated stub; every call gets timeout=DEFAULT_RPC_TIMEOUT
    unless the caller passes its own."""

    def __init__(self, stub: Any, timeout: float = DEFAULT_RPC_TIMEOUT) -> None:
        self._stub = stub
        self._timeout = timeout

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._stub, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            kwargs.setdefault("timeout", self._timeout)
            return method(*args, **kwargs)

        return call


async def open_channel(address: str) -> grpc.aio.Channel:
    ch = grpc.aio.insecure_channel(address)
    await asyncio.wait_for(ch.channel_ready(), 10)
    return ch


class Client:
    """A channel with deadline-wrapped stubs of both services."""

    def __init__(self, channel: grpc.aio.Channel) -> None:
        self.channel = channel
        self.memory = DeadlineStub(memory_pb2_grpc.MemoryServiceStub(channel))
        self.decisions = DeadlineStub(decision_log_pb2_grpc.DecisionLogServiceStub(channel))

    @classmethod
    async def connect(cls, address: str) -> Client:
        return cls(await open_channel(address))

    async def close(self) -> None:
        await self.channel.close()


# --------------------------------------------------------------------------
# Struct / Value conversion
# --------------------------------------------------------------------------


def struct(d: Mapping[str, Any] | None = None) -> struct_pb2.Struct:
    s = struct_pb2.Struct()
    if d:
        json_format.ParseDict(dict(d), s)
    return s


def value(x: Any) -> struct_pb2.Value:
    v = struct_pb2.Value()
    json_format.ParseDict(x, v)
    return v


def to_py(msg: struct_pb2.Struct | struct_pb2.Value | struct_pb2.ListValue) -> Any:
    return json_format.MessageToDict(msg)


def dur(seconds: float) -> duration_pb2.Duration:
    d = duration_pb2.Duration()
    d.FromNanoseconds(int(round(seconds * 1e9)))
    return d


def ts_seconds(ts: timestamp_pb2.Timestamp) -> float:
    return ts.seconds + ts.nanos / 1e9


def now() -> float:
    return time.time()


# --------------------------------------------------------------------------
# Error details
# --------------------------------------------------------------------------


@dataclass
class ErrorDetails:
    code: grpc.StatusCode
    message: str
    status: status_pb2.Status | None
    error_info: error_details_pb2.ErrorInfo | None
    bad_request: error_details_pb2.BadRequest | None
    retry_info: error_details_pb2.RetryInfo | None = None

    @property
    def fields(self) -> list[str]:
        if self.bad_request is None:
            return []
        return [v.field for v in self.bad_request.field_violations]

    @property
    def reason(self) -> str | None:
        return self.error_info.reason if self.error_info else None

    @property
    def metadata(self) -> dict[str, str]:
        return dict(self.error_info.metadata) if self.error_info else {}


def error_details(err: grpc.aio.AioRpcError) -> ErrorDetails:
    status = None
    md = err.trailing_metadata() or ()
    for key, raw in md:
        if key == DETAILS_KEY:
            status = status_pb2.Status.FromString(raw)
            break
    info = None
    bad = None
    retry = None
    if status is not None:
        for any_msg in status.details:
            if any_msg.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
                info = error_details_pb2.ErrorInfo()
                any_msg.Unpack(info)
            elif any_msg.Is(error_details_pb2.BadRequest.DESCRIPTOR):
                bad = error_details_pb2.BadRequest()
                any_msg.Unpack(bad)
            elif any_msg.Is(error_details_pb2.RetryInfo.DESCRIPTOR):
                retry = error_details_pb2.RetryInfo()
                any_msg.Unpack(retry)
    return ErrorDetails(err.code(), err.details() or "", status, info, bad, retry)


def check_error(
    err: BaseException,
    code: grpc.StatusCode,
    reason: str,
    field: str | None = None,
    field_prefix: str | None = None,
    field_in: Iterable[str] | None = None,
) -> ErrorDetails:
    """Asserts err is an RPC error with the given code, an ErrorInfo with the
    agentmemory domain and reason, and (optionally) a BadRequest field
    violation naming the field."""
    assert isinstance(err, grpc.aio.AioRpcError), f"not an RPC error: {err!r}"
    d = error_details(err)
    assert d.code == code, f"expected {code}, got {d.code}: {d.message!r}"
    assert d.status is not None, (
        f"no {DETAILS_KEY} trailer on {code} error {d.message!r}"
    )
    assert d.status.code == code.value[0], (
        f"google.rpc.Status.code {d.status.code} != {code}"
    )
    assert d.error_info is not None, f"no ErrorInfo in details of {d.message!r}"
    assert d.error_info.domain == DOMAIN, d.error_info
    assert d.error_info.reason == reason, (
        f"expected reason {reason}, got {d.error_info.reason} ({d.message!r})"
    )
    if field is not None:
        assert d.bad_request is not None, f"no BadRequest in {d.message!r}"
        assert field in d.fields, f"expected field {field!r}, got {d.fields}"
    if field_prefix is not None:
        assert d.bad_request is not None, f"no BadRequest in {d.message!r}"
        assert any(f.startswith(field_prefix) for f in d.fields), (
            f"expected a field starting with {field_prefix!r}, got {d.fields}"
        )
    if field_in is not None:
        allowed = set(field_in)
        assert d.bad_request is not None, f"no BadRequest in {d.message!r}"
        assert allowed & set(d.fields), f"expected one of {allowed}, got {d.fields}"
    return d


async def expect_error(
    awaitable: Awaitable[Any],
    code: grpc.StatusCode,
    reason: str,
    **kw: Any,
) -> ErrorDetails:
    with pytest.raises(grpc.aio.AioRpcError) as ei:
        await awaitable
    return check_error(ei.value, code, reason, **kw)


async def collect(call: AsyncIterator[Any]) -> list[Any]:
    """Reads a server stream to its end (the call carries its own deadline)."""
    return [m async for m in call]


async def expect_stream_error(
    call: AsyncIterator[Any], code: grpc.StatusCode, reason: str, **kw: Any
) -> ErrorDetails:
    with pytest.raises(grpc.aio.AioRpcError) as ei:
        await collect(call)
    return check_error(ei.value, code, reason, **kw)


def invalid(field: str | None = None, **kw: Any) -> dict[str, Any]:
    """Keyword arguments for expect_error on a validation failure."""
    return dict(code=grpc.StatusCode.INVALID_ARGUMENT, reason="VALIDATION_FAILED", field=field, **kw)


# --------------------------------------------------------------------------
# Subscriptions
# --------------------------------------------------------------------------


class _End:
    def __init__(self, error: BaseException | None) -> None:
        self.error = error


class Subscription:
    """Reads a SubscribeDecisions stream in a background task into a queue,
    so waiting with a timeout never cancels the RPC itself."""

    def __init__(
        self,
        stub: Any,
        agent_id: str,
        cursor: str = "",
        decision_types: Iterable[str] = (),
        timeout: float = 60.0,
    ) -> None:
        req = dl.SubscribeDecisionsRequest(
            agent_id=agent_id, cursor=cursor, decision_types=list(decision_types)
        )
        self.call = stub.SubscribeDecisions(req, timeout=timeout)
        self.queue: asyncio.Queue[Any] = asyncio.Queue()
        self.ended: _End | None = None
        self.task = asyncio.get_running_loop().create_task(self._pump())

    async def _pump(self) -> None:
        try:
            async for msg in self.call:
                await self.queue.put(msg)
            await self.queue.put(_End(None))
        except grpc.aio.AioRpcError as e:
            await self.queue.put(_End(e))
        except asyncio.CancelledError:
            await self.queue.put(_End(None))
            raise

    async def next(self, timeout: float = 5.0) -> dl.SubscribeDecisionsResponse:
        """The next message (heartbeat or event). Raises the RPC error if the
        stream failed, AssertionError if it ended or nothing came in time."""
        if self.ended is not None:
            raise AssertionError(f"stream already ended: {self.ended.error!r}")
        try:
            item = await asyncio.wait_for(self.queue.get(), timeout)
        except (asyncio.TimeoutError, TimeoutError):
            raise AssertionError(f"no message within {timeout}s") from None
        if isinstance(item, _End):
            self.ended = item
            if item.error is not None:
                raise item.error
            raise AssertionError("stream ended unexpectedly")
        return item

    async def first_heartbeat(self, timeout: float = 5.0) -> dl.SubscribeDecisionsResponse:
        msg = await self.next(timeout)
        assert msg.kind == HEARTBEAT, f"first message must be a HEARTBEAT, got {msg}"
        assert msg.cursor, "the first heartbeat must carry the starting cursor"
        assert not msg.HasField("decision"), "a heartbeat carries no decision"
        return msg

    async def next_event(self, timeout: float = 5.0) -> dl.SubscribeDecisionsResponse:
        """The next non-heartbeat message."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(f"no event within {timeout}s")
            msg = await self.next(remaining)
            if msg.kind != HEARTBEAT:
                return msg

    async def events(self, n: int, timeout: float = 10.0) -> list[dl.SubscribeDecisionsResponse]:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        out = []
        for _ in range(n):
            out.append(await self.next_event(max(0.01, deadline - loop.time())))
        return out

    async def messages_for(self, seconds: float) -> list[dl.SubscribeDecisionsResponse]:
        """Every message that arrives within the next `seconds`."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        out = []
        while True:
            remaining = deadline - loop.time()
            if remaining <= 0:
                return out
            try:
                item = await asyncio.wait_for(self.queue.get(), remaining)
            except (asyncio.TimeoutError, TimeoutError):
                return out
            if isinstance(item, _End):
                self.ended = item
                raise AssertionError(f"stream ended: {item.error!r}")
            out.append(item)

    async def assert_no_event(self, seconds: float = 1.0) -> None:
        msgs = await self.messages_for(seconds)
        extra = [m for m in msgs if m.kind != HEARTBEAT]
        assert not extra, f"unexpected events: {[(m.kind, m.decision.decision_id) for m in extra]}"

    async def wait_end(self, timeout: float = 5.0) -> BaseException | None:
        """Waits for the stream to end, skipping messages; returns the RPC
        error it ended with (None for a clean end)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self.ended is None:
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(f"stream did not end within {timeout}s")
            try:
                item = await asyncio.wait_for(self.queue.get(), remaining)
            except (asyncio.TimeoutError, TimeoutError):
                raise AssertionError(f"stream did not end within {timeout}s") from None
            if isinstance(item, _End):
                self.ended = item
        return self.ended.error

    async def close(self) -> None:
        self.call.cancel()
        try:
            await asyncio.wait_for(self.task, 5.0)
        except (asyncio.CancelledError, asyncio.TimeoutError, TimeoutError):
            pass

    async def __aenter__(self) -> Subscription:
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()


def event_summary(msgs: Iterable[dl.SubscribeDecisionsResponse]) -> list[tuple[int, str]]:
    return [(m.kind, m.decision.decision_id) for m in msgs]


# --------------------------------------------------------------------------
# Decision log shortcuts
# --------------------------------------------------------------------------


def log_req(agent_id, decision_type="QUERY", context=None, reasoning=None, metadata=None, parents=(), reads=(), request_id=""):
    return dl.LogDecisionRequest(
        agent_id=agent_id,
        decision_type=decision_type,
        context=struct(context or {}),
        reasoning=struct(reasoning or {}),
        metadata=struct(metadata or {}),
        parent_decision_ids=list(parents),
        memory_reads=list(reads),
        request_id=request_id,
    )


async def log(decisions, agent_id, **kw):
    return (await decisions.LogDecision(log_req(agent_id, **kw))).decision


async def log_bulk(decisions, reqs):
    return list((await decisions.LogDecisions(iter([dl.LogDecisionsRequest(decision=r) for r in reqs]))).decision_ids)


async def query_all(decisions, agent_id, page_size=0, max_pages=500, **filters):
    """Follows next_page_token to the end; returns (decisions, pages)."""
    out, pages, token = [], [], ""
    for _ in range(max_pages):
        resp = await decisions.QueryDecisions(
            dl.QueryDecisionsRequest(agent_id=agent_id, page_size=page_size, page_token=token, **filters)
        )
        pages.append(list(resp.decisions))
        out.extend(resp.decisions)
        token = resp.next_page_token
        if not token:
            return out, pages
    raise AssertionError(f"pagination did not end within {max_pages} pages")


def ids(ds):
    return [d.decision_id for d in ds]
