"""MemoryClient itself: conversions, typed errors from raw stubs, deadlines,
retries on UNAVAILABLE and CANCELLED, the client-side request_id, bearer token and TLS.

Transport features the agentmemory server does not implement (TLS, tokens)
and lost responses are observed through RecordingProxy (helpers.py), a real
gRPC server forwarding to the real agentmemory server."""

from __future__ import annotations

import asyncio
import collections
import datetime as dt
import enum
import json
import logging
import math
import uuid
from collections.abc import AsyncIterator

import grpc
import grpc.aio
import pytest
import pytest_asyncio
from google.protobuf import struct_pb2

from agentmemory.client import (
    NO_RETRY,
    DeadlineExceededError,
    DecisionLogger,
    InvalidArgumentError,
    MemoryClient,
    MemoryManager,
    NotFoundError,
    RetryPolicy,
    UnavailableError,
    VersionConflictError,
    from_duration,
    from_rpc_error,
    from_struct,
    from_timestamp,
    from_value,
    to_duration,
    to_struct,
    to_timestamp,
    to_value,
)
from agentmemory.client.convert import document_json
from agentmemory.v1 import decision_log_pb2 as dl
from agentmemory.v1 import memory_pb2 as mem

from tests.support.server import ServerFactory, ServerProcess
from .helpers import FAST_RETRY, RecordingProxy, free_port, make_certificates, new_agent_id

pytestmark = pytest.mark.timeout(30)

RETRY_LOG = "retrying"


@pytest_asyncio.fixture(loop_scope="session")
async def proxy(server: ServerProcess) -> AsyncIterator[RecordingProxy]:
    p = RecordingProxy(server.address)
    await p.start()
    yield p
    await p.stop()


def retries_logged(caplog: pytest.LogCaptureFixture, method: str) -> int:
    return sum(1 for r in caplog.records if r.getMessage().startswith(RETRY_LOG) and method in r.getMessage())


# --------------------------------------------------------------------------
# Conversions
# --------------------------------------------------------------------------


def test_struct_and_value_round_trip() -> None:
    data = {"a": 1, "b": -2.5, "c": "x", "d": None, "e": True, "f": [1, [2, {"g": []}]], "h": {}, "big": 2**60}
    struct = to_struct(data)
    assert isinstance(struct, struct_pb2.Struct)
    back = from_struct(struct)
    assert back == {**data, "big": float(2**60)}
    assert isinstance(back["a"], int) and isinstance(back["big"], float)
    assert from_value(to_value([])) == [] and from_value(to_value({})) == {}
    assert from_value(to_value(None)) is None and from_value(struct_pb2.Value()) is None
    assert from_struct(to_struct(None)) == {}
    assert to_value((1, 2)).list_value.values[1].number_value == 2
    assert from_value(to_value(dt.date(2025, 1, 2))) == "2025-01-02"
    assert from_value(to_value(dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.timezone(dt.timedelta(hours=2))))) == (
        "2025-01-02T01:04:05Z"
    )


def test_unconvertible_values_name_the_path() -> None:
    with pytest.raises(TypeError, match=r"market\.tags"):
        to_struct({"market": {"tags": {"a", "b"}}})
    with pytest.raises(ValueError, match=r"x\[1\]"):
        to_struct({"x": [1, math.inf]})
    with pytest.raises(TypeError):
        to_struct({1: "a"})  # type: ignore[dict-item]
    with pytest.raises(TypeError):
        to_struct([1, 2])  # type: ignore[arg-type]


class Source(enum.Enum):
    WHALES = "whaleMovements"


@pytest.mark.parametrize(
    "document",
    [{"a": 1, "b": [1.5, "x", True, (2, 3)], "c": {"d": {}}}, {"choice": Source.WHALES}, {}],
)
def test_plain_documents_go_as_the_json_of_their_struct(document) -> None:
    text = document_json(document)
    assert text is not None
    parsed = struct_pb2.Struct()
    parsed.update(json.loads(text))
    assert parsed == to_struct(document)


@pytest.mark.parametrize(
    "document",
    [
        None, [1], {"a": None}, {"a": math.nan}, {"a": [math.inf]}, {1: "a"}, {"when": dt.datetime(2025, 1, 2)},
        {"day": dt.date(2025, 1, 2)}, {"s": struct_pb2.Struct()}, {"big": 2**60}, {"tags": {"a"}},
        {"text": "null, in a string"}, collections.OrderedDict(a=1),
    ],
)
def test_other_documents_go_as_structs(document) -> None:
    """Whatever to_struct converts or refuses in its own way (by path) is left to it."""
    assert document_json(document) is None


def test_timestamps_and_durations() -> None:
    moment = dt.datetime(2025, 6, 1, 12, 0, 0, 123456, tzinfo=dt.timezone.utc)
    ts = to_timestamp(moment)
    assert (ts.seconds, ts.nanos) == (int(moment.timestamp()), 123456000)
    assert from_timestamp(ts) == moment and from_timestamp(ts).tzinfo is not None
    naive = moment.replace(tzinfo=None)
    assert from_timestamp(to_timestamp(naive)) == moment, "naive datetimes are UTC"
    paris = moment.astimezone(dt.timezone(dt.timedelta(hours=2)))
    assert to_timestamp(paris) == ts
    assert from_timestamp(to_timestamp(1.5)) == dt.datetime(1970, 1, 1, 0, 0, 1, 500000, tzinfo=dt.timezone.utc)
    assert to_timestamp(-0.5).seconds == -1 and to_timestamp(-0.5).nanos == 500_000_000
    assert from_duration(to_duration(1.25)) == 1.25
    assert from_duration(to_duration(dt.timedelta(minutes=5))) == 300.0
    with pytest.raises(TypeError):
        to_duration("5")  # type: ignore[arg-type]


# --------------------------------------------------------------------------
# Raw stubs and typed errors
# --------------------------------------------------------------------------


async def test_raw_stubs_and_typed_error_conversion(client: MemoryClient) -> None:
    agent = new_agent_id()
    put = await client.memory.PutShortTerm(
        mem.PutShortTermRequest(agent_id=agent, key="context:raw", value=to_value({"k": "v"}))
    )
    assert from_value(put.entry.value) == {"k": "v"}
    with pytest.raises(grpc.aio.AioRpcError) as raw:
        await client.decisions.GetDecision(dl.GetDecisionRequest(agent_id=agent, decision_id="does-not-exist"))
    error = from_rpc_error(raw.value)
    assert isinstance(error, NotFoundError)
    assert error.code == grpc.StatusCode.NOT_FOUND and error.reason == "DECISION_NOT_FOUND"
    assert error.domain == "agentmemory" and error.rpc_error is raw.value
    assert error.status is not None and error.status.code == grpc.StatusCode.NOT_FOUND.value[0]
    assert "NOT_FOUND" in str(error) and "DECISION_NOT_FOUND" in str(error)

    with pytest.raises(grpc.aio.AioRpcError) as raw:
        await client.memory.PutLongTerm(
            mem.PutLongTermRequest(agent_id=agent, memory_type="PATTERN", memory_id="p", confidence=2.0)
        )
    error = from_rpc_error(raw.value)
    assert isinstance(error, InvalidArgumentError) and error.reason == "VALIDATION_FAILED"
    assert error.fields == ["confidence"], error.field_violations


async def test_typed_errors_carry_metadata(memory: MemoryManager) -> None:
    await memory.store_ltm("PATTERN", "p", {"d": 1}, 0.5)
    await memory.store_ltm("PATTERN", "p", {"d": 2}, 0.5)
    with pytest.raises(VersionConflictError) as info:
        await memory.store_ltm("PATTERN", "p", {"d": 3}, 0.5, expected_version=1)
    assert info.value.metadata == {"expected_version": "1", "actual_version": "2"}
    assert isinstance(info.value.__cause__, grpc.aio.AioRpcError)


# --------------------------------------------------------------------------
# Deadlines
# --------------------------------------------------------------------------


async def test_default_deadline_and_per_call_override(proxy: RecordingProxy) -> None:
    proxy.faults.delay["GetShortTerm"] = 0.9
    async with MemoryClient(f"127.0.0.1:{proxy.port}", default_timeout=0.3) as client:
        memory = MemoryManager(client, new_agent_id())
        loop = asyncio.get_running_loop()
        started = loop.time()
        with pytest.raises(DeadlineExceededError) as info:
            await memory.retrieve_stm("context:slow")
        elapsed = loop.time() - started
        assert info.value.code == grpc.StatusCode.DEADLINE_EXCEEDED
        assert 0.25 <= elapsed < 0.85, f"the 0.3 s default deadline took {elapsed:.2f}s"
        # A per-call timeout overrides the default.
        assert await memory.retrieve_stm("context:slow", timeout=5) is None
        # Raw stubs get the default deadline too.
        with pytest.raises(grpc.aio.AioRpcError) as raw:
            await client.memory.GetShortTerm(mem.GetShortTermRequest(agent_id="a", key="context:slow"))
        assert raw.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
        # Calls that are not delayed are unaffected.
        await memory.store_stm("context:fast", 1)
        # Finite server streams get the default deadline as well.
        proxy.faults.delay["QueryLongTerm"] = 0.9
        with pytest.raises(DeadlineExceededError):
            await memory.retrieve_ltm("PATTERN")
        assert await memory.retrieve_ltm("PATTERN", timeout=5) == []
    proxy.faults.delay.clear()


async def test_deadline_bounds_retries_against_a_dead_address(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="agentmemory.client")
    policy = RetryPolicy(max_attempts=1000, initial_backoff=0.05, max_backoff=0.1)
    async with MemoryClient(f"127.0.0.1:{free_port()}", retry=policy) as client:
        loop = asyncio.get_running_loop()
        started = loop.time()
        with pytest.raises((UnavailableError, DeadlineExceededError)):
            await MemoryManager(client, new_agent_id()).retrieve_stm("context:x", timeout=0.8)
        elapsed = loop.time() - started
    assert elapsed < 2.0, f"retries went on {elapsed:.2f}s past a 0.8 s deadline"
    assert retries_logged(caplog, "GetShortTerm") >= 2


# --------------------------------------------------------------------------
# Retries
# --------------------------------------------------------------------------


async def test_retries_until_a_late_server_comes_up(server_factory: ServerFactory, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="agentmemory.client")
    srv = server_factory.create("late")
    async with MemoryClient(srv.address, retry=FAST_RETRY) as client:
        memory = MemoryManager(client, new_agent_id())
        call = asyncio.create_task(memory.store_stm("context:early", {"waited": True}, timeout=20))
        try:
            await asyncio.sleep(0.5)
            assert not call.done(), "nobody listens yet: the call must still be retrying"
            srv.launch()
            entry = await asyncio.wait_for(call, 20)
        finally:
            call.cancel()
            await asyncio.gather(call, return_exceptions=True)
        await srv.wait_serving()
        assert entry["value"] == {"waited": True}
        assert await memory.retrieve_stm("context:early") == {"waited": True}
    assert retries_logged(caplog, "PutShortTerm") >= 2


async def test_loggers_ride_through_a_server_restart(server_factory: ServerFactory) -> None:
    # Agents logging back to back while their server restarts (SIGTERM, then the same server on
    # the same port and data): the calls sent as it stops are refused unhandled, UNAVAILABLE or
    # CANCELLED (gRPC cancels a call that arrives once the server has begun to stop), and the
    # client sends them again until the server is back. No call fails; none is stored twice.
    srv = await server_factory.start("restarted")
    agent = new_agent_id()
    async with MemoryClient(srv.address, retry=FAST_RETRY) as via_restart:
        logger = DecisionLogger(via_restart, agent)
        acked: list[str] = []
        after_restart = 0
        restarted = asyncio.Event()

        async def log_until_well_after_restart(writer: int) -> None:
            nonlocal after_restart
            n = 0
            while after_restart < 200:
                acked.append(await logger.log_decision("QUERY", {"writer": writer, "n": n}, None, timeout=20))
                n += 1
                after_restart += restarted.is_set()

        writers = [asyncio.create_task(log_until_well_after_restart(w)) for w in range(40)]
        try:
            while len(acked) < 100:
                await asyncio.sleep(0.01)
            assert await srv.restart() == 0
            restarted.set()
            await asyncio.wait_for(asyncio.gather(*writers), 30)
        finally:
            for writer in writers:
                writer.cancel()
            await asyncio.gather(*writers, return_exceptions=True)
        stored = await logger.query_decisions(limit=None, page_size=500)
    stored_ids = [d["decision_id"] for d in stored]
    assert len(stored_ids) == len(set(stored_ids)), "a decision retried across the restart was stored twice"
    assert sorted(stored_ids) == sorted(acked)


async def test_retries_are_bounded(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="agentmemory.client")
    policy = RetryPolicy(max_attempts=3, initial_backoff=0.01, max_backoff=0.02)
    async with MemoryClient(f"127.0.0.1:{free_port()}", retry=policy) as client:
        with pytest.raises(UnavailableError) as info:
            await asyncio.wait_for(MemoryManager(client, new_agent_id()).get_state(), 10)
    assert info.value.code == grpc.StatusCode.UNAVAILABLE
    assert retries_logged(caplog, "GetAgentState") == 2, "3 attempts = 2 retries"


async def test_no_retry_policy(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="agentmemory.client")
    async with MemoryClient(f"127.0.0.1:{free_port()}", retry=NO_RETRY) as client:
        with pytest.raises(UnavailableError):
            await MemoryManager(client, new_agent_id()).get_state(timeout=5)
    assert retries_logged(caplog, "GetAgentState") == 0


async def test_retry_after_a_lost_response_is_safe_for_log_decision(
    proxy: RecordingProxy, client: MemoryClient
) -> None:
    agent = new_agent_id()
    async with MemoryClient(f"127.0.0.1:{proxy.port}", retry=FAST_RETRY) as via_proxy:
        logger = DecisionLogger(via_proxy, agent)
        # The server stores the decision, then the response is lost twice.
        proxy.faults.fail_after["LogDecision"] = 2
        decision_id = await logger.log_decision("QUERY", {"n": 1}, {"r": 1})
        sent = [dl.LogDecisionRequest.FromString(c.request) for c in proxy.calls_to("LogDecision")][-3:]
        assert len(sent) == 3
        assert len({r.request_id for r in sent}) == 1, "every retry carries the same request_id"
        assert uuid.UUID(sent[0].request_id).version == 4
        # Raw stub, no request_id given: the client fills one in too.
        proxy.faults.fail_after["LogDecision"] = 1
        raw = await via_proxy.decisions.LogDecision(dl.LogDecisionRequest(agent_id=agent, decision_type="QUERY"))
        retried = [dl.LogDecisionRequest.FromString(c.request) for c in proxy.calls_to("LogDecision")][-2:]
        assert retried[0].request_id and retried[0].request_id == retried[1].request_id
    stored = await DecisionLogger(client, agent).query_decisions()
    assert sorted(d["decision_id"] for d in stored) == sorted([decision_id, raw.decision.decision_id])


async def test_calls_that_would_apply_twice_are_not_retried(proxy: RecordingProxy, client: MemoryClient) -> None:
    agent = new_agent_id()
    async with MemoryClient(f"127.0.0.1:{proxy.port}", retry=FAST_RETRY) as via_proxy:
        memory = MemoryManager(via_proxy, agent)
        proxy.faults.fail_after["IncrementCounter"] = 1
        with pytest.raises(UnavailableError):
            await memory.increment_counter("ratelimit:x", 5)
        proxy.faults.fail_after["AppendShortTerm"] = 1
        with pytest.raises(UnavailableError):
            await memory.append_stm("queries:list", "a", max_length=5)
        # Reading a counter (delta 0) and idempotent writes are retried.
        proxy.faults.fail_before["IncrementCounter"] = 1
        assert await memory.increment_counter("ratelimit:x", 0) == 5
        proxy.faults.fail_before["PutShortTerm"] = 2
        await memory.store_stm("context:y", 1)
    assert len(proxy.calls_to("AppendShortTerm")) >= 1
    direct = MemoryManager(client, agent)
    assert await direct.retrieve_stm("queries:list") == ["a"], "appended once, not twice"
    assert await direct.retrieve_stm("context:y") == 1


async def test_streamed_reads_are_retried(proxy: RecordingProxy) -> None:
    agent = new_agent_id()
    async with MemoryClient(f"127.0.0.1:{proxy.port}", retry=FAST_RETRY) as via_proxy:
        memory = MemoryManager(via_proxy, agent)
        await memory.store_ltm("PATTERN", "p", {"d": 1}, 0.5)
        before = len(proxy.calls_to("QueryLongTerm"))
        proxy.faults.fail_before["QueryLongTerm"] = 2
        assert [m["memory_id"] for m in await memory.retrieve_ltm("PATTERN")] == ["p"]
        assert len(proxy.calls_to("QueryLongTerm")) - before == 3


async def test_calls_and_subscriptions_cancelled_by_a_stopping_server_are_sent_again(
    proxy: RecordingProxy, client: MemoryClient
) -> None:
    agent = new_agent_id()
    proxy.faults.code = grpc.StatusCode.CANCELLED
    try:
        async with MemoryClient(f"127.0.0.1:{proxy.port}", retry=FAST_RETRY) as via_proxy:
            memory = MemoryManager(via_proxy, agent)
            proxy.faults.fail_before["PutShortTerm"] = 2
            await memory.store_stm("context:c", 1)
            proxy.faults.fail_before["QueryLongTerm"] = 1
            assert await memory.retrieve_ltm("PATTERN") == []
            proxy.faults.fail_before["SubscribeDecisions"] = 2
            async with DecisionLogger(via_proxy, agent).subscribe(reconnect_policy=FAST_RETRY) as subscription:
                logged = await DecisionLogger(client, agent).log_decision("QUERY", {"n": 1}, None)
                event = await asyncio.wait_for(anext(subscription), 10)
            assert event["decision"]["decision_id"] == logged
            assert subscription.connects == 3
        assert len(proxy.calls_to("PutShortTerm")) >= 3
    finally:
        proxy.faults.code = grpc.StatusCode.UNAVAILABLE
        proxy.faults.fail_before.clear()


# --------------------------------------------------------------------------
# Authentication and TLS
# --------------------------------------------------------------------------


async def test_bearer_token_on_every_call(proxy: RecordingProxy) -> None:
    agent = new_agent_id()
    async with MemoryClient(f"127.0.0.1:{proxy.port}", token="s3cret") as via_proxy:
        await MemoryManager(via_proxy, agent).store_stm("context:t", 1)
        await MemoryManager(via_proxy, agent).retrieve_ltm("PATTERN")
        async with DecisionLogger(via_proxy, agent).subscribe():
            pass
    mine = [c for c in proxy.calls if c.method in {"PutShortTerm", "QueryLongTerm", "SubscribeDecisions"}][-3:]
    assert [c.method for c in mine] == ["PutShortTerm", "QueryLongTerm", "SubscribeDecisions"]
    assert all(c.metadata.get("authorization") == "Bearer s3cret" for c in mine), [c.metadata for c in mine]

    tokens = iter(["t1", "t2"])

    async def rotating() -> str:
        return next(tokens)

    async with MemoryClient(f"127.0.0.1:{proxy.port}", token=rotating) as via_proxy:
        await MemoryManager(via_proxy, agent).retrieve_stm("context:t")
        await MemoryManager(via_proxy, agent).retrieve_stm("context:t")
    assert [c.metadata.get("authorization") for c in proxy.calls_to("GetShortTerm")[-2:]] == ["Bearer t1", "Bearer t2"]

    async with MemoryClient(f"127.0.0.1:{proxy.port}") as via_proxy:
        await MemoryManager(via_proxy, agent).retrieve_stm("context:t")
    assert "authorization" not in proxy.calls_to("GetShortTerm")[-1].metadata


async def test_tls_and_mutual_tls(server: ServerProcess, tmp_path) -> None:  # type: ignore[no-untyped-def]
    certs = make_certificates(tmp_path)
    agent = new_agent_id()
    tls_proxy = RecordingProxy(server.address)
    address = await tls_proxy.start(grpc.ssl_server_credentials([(certs.server_key, certs.server_cert)]))
    mtls_proxy = RecordingProxy(server.address)
    mtls_address = await mtls_proxy.start(
        grpc.ssl_server_credentials(
            [(certs.server_key, certs.server_cert)], root_certificates=certs.client_cert, require_client_auth=True
        )
    )
    try:
        (tmp_path / "ca.pem").write_bytes(certs.server_cert)
        async with MemoryClient(address, root_certificates=tmp_path / "ca.pem", token="tok") as secure:
            assert secure.secure
            await MemoryManager(secure, agent).store_stm("context:tls", "over tls")
        assert tls_proxy.calls_to("PutShortTerm")[0].metadata["authorization"] == "Bearer tok"

        async with MemoryClient(address, default_timeout=2, retry=NO_RETRY) as plaintext:
            with pytest.raises(UnavailableError):
                await MemoryManager(plaintext, agent).retrieve_stm("context:tls")

        async with MemoryClient(
            mtls_address,
            root_certificates=certs.server_cert.decode(),
            private_key=certs.client_key,
            certificate_chain=certs.client_cert,
        ) as mutual:
            assert await MemoryManager(mutual, agent).retrieve_stm("context:tls") == "over tls"

        async with MemoryClient(mtls_address, root_certificates=certs.server_cert, retry=NO_RETRY) as no_client_cert:
            with pytest.raises(UnavailableError):
                await MemoryManager(no_client_cert, agent).retrieve_stm("context:tls", timeout=2)
    finally:
        await tls_proxy.stop()
        await mtls_proxy.stop()


def test_client_arguments_are_checked() -> None:
    with pytest.raises(ValueError):
        MemoryClient("127.0.0.1:1", private_key=b"key only")
    with pytest.raises(ValueError):
        MemoryClient("127.0.0.1:1", default_timeout=0)
    with pytest.raises(ValueError):
        RetryPolicy(max_attempts=0)


async def test_context_manager_closes_the_channel(server: ServerProcess) -> None:
    async with MemoryClient(server.address) as client:
        await client.wait_for_ready(5)
        channel = client.channel
        assert client.memory is client.memory
    assert channel.get_state() == grpc.ChannelConnectivity.SHUTDOWN
    with pytest.raises(RuntimeError):
        _ = client.channel
    await client.close()  # idempotent


def test_a_logged_decision_carries_plain_documents_as_json_text() -> None:
    from agentmemory.client.decisions import DecisionLogger

    request = DecisionLogger(None, "agent-1")._log_request(  # type: ignore[arg-type]
        "QUERY", {"market": {"trend": "bull"}}, {"when": dt.date(2025, 1, 2)}, None, None, None, None
    )
    assert json.loads(request.context_json) == {"market": {"trend": "bull"}} and not request.HasField("context")
    assert not request.reasoning_json and from_struct(request.reasoning) == {"when": "2025-01-02"}
    assert not request.metadata_json and request.HasField("metadata")
