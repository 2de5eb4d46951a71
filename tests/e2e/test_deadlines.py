"""A client's deadline reaches the server's work: a call whose store is slow ends with
DEADLINE_EXCEEDED when its deadline passes, the server stops working on it then (not at the
store's own socket timeouts), logs no error, and keeps serving.

The stores are made slow for real: on the AWS stack a Redis of this module's own, paused with
CLIENT PAUSE, and DynamoDB (moto) behind a TCP proxy that stops forwarding; on the embedded
stack the SQLite file's write lock, held by another connection.

It is gRPC that stops the work, by cancelling the handler's task at the deadline; the server
does so on its own, without the client's cancel (the client process is stopped in one test).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import grpc
import grpc.aio
import pytest
import pytest_asyncio

from agentmemory.v1 import decision_log_pb2 as dl
from agentmemory.v1 import decision_log_pb2_grpc, memory_pb2_grpc
from agentmemory.v1 import memory_pb2 as m
from tests.support.faults import CuttableProxy
from tests.support.server import REPO, ServerProcess, free_port, require_stack, stack_env

from .helpers import new_agent_id, value

DEADLINE = 0.5
# How late after its deadline a call may end: the client's own timer plus a loaded machine.
PROMPTLY = 1.0
# Shorter than botocore's read_timeout (10 s) and anything else that would end the call on its
# own, so only the deadline can.
SLOW_FOR = 2.5
# The server's DEBUG log has one "rpc" line per call, with its status and duration.
SERVER_ENV = {"AGENTMEMORY_LOG_LEVEL": "DEBUG", "AGENTMEMORY_CONSOLIDATION_INTERVAL": "0"}


class OwnRedis:
    """A redis-server of this module's own, so pausing it slows only the server under test."""

    def __init__(self, directory: Path) -> None:
        self.port = free_port()
        self.directory = directory

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def cli(self, *args: str) -> str:
        return subprocess.run(
            ["redis-cli", "-p", str(self.port), *args], check=True, capture_output=True, text=True, timeout=10
        ).stdout.strip()

    async def start(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--dir", str(self.directory),
             "--save", "", "--appendonly", "no", "--daemonize", "yes",
             "--pidfile", str(self.directory / "redis.pid"), "--logfile", str(self.directory / "redis.log")],
            check=True, timeout=10,
        )
        for _ in range(100):
            with contextlib.suppress(subprocess.CalledProcessError):
                if self.cli("ping") == "PONG":
                    return
            await asyncio.sleep(0.05)
        pytest.fail(f"redis-server on {self.port} did not come up")

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError, subprocess.TimeoutExpired):
            self.cli("shutdown", "nosave")

    @contextlib.asynccontextmanager
    async def paused(self) -> AsyncIterator[None]:
        """Every client's commands wait (CLIENT PAUSE ... ALL) for SLOW_FOR seconds."""
        loop = asyncio.get_running_loop()
        self.cli("client", "pause", str(int(SLOW_FOR * 1000)), "all")
        until = loop.time() + SLOW_FOR
        try:
            yield
        finally:
            await asyncio.sleep(max(0.0, until - loop.time()) + 0.1)


@contextlib.asynccontextmanager
async def sqlite_write_locked(server: ServerProcess) -> AsyncIterator[None]:
    """Another connection holds the embedded store's write lock: the server's writes wait on it
    (its busy timeout is 30 s)."""
    connection = sqlite3.connect(server.data_dir / "agentmemory.sqlite3", isolation_level=None, timeout=10)
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        connection.execute("ROLLBACK")
        connection.close()


def _server_log(server: ServerProcess) -> list[dict[str, Any]]:
    """The server's JSON log lines (the whole file: DEBUG output outgrows ServerProcess.output())."""
    path = server._log_path  # noqa: SLF001 - the file ServerProcess writes the output to
    assert path is not None
    lines = []
    for line in path.read_text(errors="replace").splitlines():
        with contextlib.suppress(ValueError):
            lines.append(json.loads(line))
    return lines


async def _rpc_logged(server: ServerProcess, method: str, agent_id: str, nth: int = 0) -> dict[str, Any]:
    """The server's own record of the agent's `nth` call of `method` (written when it ends there)."""
    for _ in range(100):
        calls = [
            line for line in _server_log(server)
            if line.get("message") == "rpc" and line.get("rpc_method") == method and line.get("agent_id") == agent_id
        ]
        if len(calls) > nth:
            return calls[nth]
        await asyncio.sleep(0.05)
    pytest.fail(f"no rpc log line {nth} for {method} of {agent_id}")


def _assert_no_errors(server: ServerProcess) -> None:
    errors = [line for line in _server_log(server) if line.get("level") in ("ERROR", "CRITICAL")]
    assert not errors, errors
    assert "Traceback" not in server.output()


# --------------------------------------------------------------------------
# Servers: one per stack, with stores this module can slow down.
# --------------------------------------------------------------------------


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def embedded_server(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[ServerProcess]:
    server = ServerProcess(tmp_path_factory.mktemp("deadlines-embedded") / "data", SERVER_ENV)
    await server.start()
    yield server
    assert await server.stop() == 0, server.output()


@pytest.fixture(scope="module")
def redis_server_binary() -> None:
    if not (shutil.which("redis-server") and shutil.which("redis-cli")):
        pytest.skip("redis-server is not installed (scripts/services.sh installs it)")


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def aws_server(
    tmp_path_factory: pytest.TempPathFactory, redis_server_binary: None
) -> AsyncIterator[tuple[ServerProcess, OwnRedis, CuttableProxy]]:
    require_stack("aws")
    base = tmp_path_factory.mktemp("deadlines-aws")
    redis = OwnRedis(base / "redis")
    await redis.start()
    store = urlparse(os.environ["AGENTMEMORY_TEST_AWS_ENDPOINT"])
    proxy = CuttableProxy(store.hostname or "127.0.0.1", store.port or 80)
    await proxy.open()
    server = ServerProcess(
        base / "data",
        {**stack_env("aws", "deadlines"), **SERVER_ENV, "AGENTMEMORY_REDIS_URL": redis.url,
         "AWS_ENDPOINT_URL_DYNAMODB": proxy.url},
    )
    try:
        await server.start()
        yield server, redis, proxy
        assert await server.stop() == 0, server.output()
    finally:
        server.kill()
        await proxy.cut()
        redis.stop()


# --------------------------------------------------------------------------
# Calls on slow stores
# --------------------------------------------------------------------------

Call = Callable[[grpc.aio.Channel, str, float], Awaitable[Any]]


async def _get_short_term(channel: grpc.aio.Channel, agent_id: str, timeout: float) -> Any:
    stub = memory_pb2_grpc.MemoryServiceStub(channel)
    return await stub.GetShortTerm(m.GetShortTermRequest(agent_id=agent_id, key="context:now"), timeout=timeout)


async def _put_short_term(channel: grpc.aio.Channel, agent_id: str, timeout: float) -> Any:
    stub = memory_pb2_grpc.MemoryServiceStub(channel)
    request = m.PutShortTermRequest(agent_id=agent_id, key="context:now", value=value({"trend": "up"}))
    return await stub.PutShortTerm(request, timeout=timeout)


async def _query_decisions(channel: grpc.aio.Channel, agent_id: str, timeout: float) -> Any:
    # A read: a request the stalled proxy holds reaches DynamoDB later, and must change nothing.
    stub = decision_log_pb2_grpc.DecisionLogServiceStub(channel)
    return await stub.QueryDecisions(dl.QueryDecisionsRequest(agent_id=agent_id, page_size=10), timeout=timeout)


async def _deadline_on_slow_store(
    server: ServerProcess, slow: contextlib.AbstractAsyncContextManager[None], call: Call, method: str
) -> None:
    agent_id = new_agent_id("deadline")
    loop = asyncio.get_running_loop()
    async with grpc.aio.insecure_channel(server.address) as channel:
        await call(channel, agent_id, 10)  # the store answers before it is slowed
        async with slow:
            started = loop.time()
            with pytest.raises(grpc.aio.AioRpcError) as failed:
                await call(channel, agent_id, DEADLINE)
            elapsed = loop.time() - started
        assert failed.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED, failed.value.details()
        assert elapsed < DEADLINE + PROMPTLY, f"the call ended {elapsed:.2f}s after it started"
        assert "Traceback" not in (failed.value.details() or "")

        # The server, not only the client, gave up at the deadline: it ended the call as
        # DEADLINE_EXCEEDED about when the deadline passed, long before the store answered.
        record = await _rpc_logged(server, method, agent_id, nth=1)
        assert record["status"] == "DEADLINE_EXCEEDED", record
        assert record["duration_ms"] < (DEADLINE + PROMPTLY) * 1000, record

        # And it keeps serving, promptly, once the store is back.
        started = loop.time()
        await call(channel, agent_id, 10)
        assert loop.time() - started < 2.0
    _assert_no_errors(server)


async def test_paused_redis_call_ends_at_its_deadline(aws_server):
    server, redis, _ = aws_server
    await _deadline_on_slow_store(server, redis.paused(), _get_short_term, "GetShortTerm")


async def test_stalled_dynamodb_call_ends_at_its_deadline(aws_server):
    server, _, proxy = aws_server
    await _deadline_on_slow_store(server, proxy.stalled(), _query_decisions, "QueryDecisions")


async def test_locked_embedded_store_call_ends_at_its_deadline(embedded_server):
    await _deadline_on_slow_store(
        embedded_server, sqlite_write_locked(embedded_server), _put_short_term, "PutShortTerm"
    )


# A client that sends one PutShortTerm with a deadline, says so once the request is out (the call
# sends it from a task of its own), and waits for the answer.
_ONE_CALL_CLIENT = """
import asyncio, sys, grpc
from google.protobuf import struct_pb2
from agentmemory.v1 import memory_pb2 as m, memory_pb2_grpc
async def main():
    async with grpc.aio.insecure_channel(sys.argv[1]) as channel:
        await channel.channel_ready()
        request = m.PutShortTermRequest(agent_id=sys.argv[2], key="context:now", value=struct_pb2.Value(string_value="up"))
        call = memory_pb2_grpc.MemoryServiceStub(channel).PutShortTerm(request, timeout=float(sys.argv[3]))
        await asyncio.sleep(0.1)
        print("sent", flush=True)
        await call
asyncio.run(main())
"""


async def test_the_server_ends_a_call_at_its_deadline_without_the_clients_cancel(embedded_server):
    """The client process is stopped once its call is out, so no cancel can come from it: the
    server ends the call when the deadline passes, by itself."""
    agent_id = new_agent_id("deadline-frozen")
    async with sqlite_write_locked(embedded_server):
        client = await asyncio.create_subprocess_exec(
            sys.executable, "-c", _ONE_CALL_CLIENT, embedded_server.address, agent_id, str(DEADLINE),
            cwd=str(REPO), stdout=asyncio.subprocess.PIPE,
        )
        try:
            assert (await asyncio.wait_for(client.stdout.readline(), 30)).strip() == b"sent"  # type: ignore[union-attr]
            client.send_signal(signal.SIGSTOP)
            record = await _rpc_logged(embedded_server, "PutShortTerm", agent_id)
        finally:
            client.kill()
            await client.wait()
    assert record["status"] == "DEADLINE_EXCEEDED", record
    assert record["duration_ms"] < (DEADLINE + PROMPTLY) * 1000, record
    _assert_no_errors(embedded_server)


# --------------------------------------------------------------------------
# Long-lived streams
# --------------------------------------------------------------------------


@pytest.fixture(params=["embedded", "aws"])
def either_server(request: pytest.FixtureRequest) -> ServerProcess:
    """The server of each stack in turn. A synchronous fixture, so that the stack's async fixture
    is set up here, before the test's event loop runs: asked for from inside a running test, it
    could not be, and the test failed whenever no earlier test of the module had set it up."""
    if request.param == "embedded":
        return request.getfixturevalue("embedded_server")
    return request.getfixturevalue("aws_server")[0]


async def test_subscription_ends_cleanly_at_its_deadline(either_server: ServerProcess):
    server = either_server
    agent_id = new_agent_id("deadline-sub")
    loop = asyncio.get_running_loop()
    async with grpc.aio.insecure_channel(server.address) as channel:
        stub = decision_log_pb2_grpc.DecisionLogServiceStub(channel)
        received: list[dl.SubscribeDecisionsResponse] = []
        started = loop.time()
        with pytest.raises(grpc.aio.AioRpcError) as ended:
            async for message in stub.SubscribeDecisions(dl.SubscribeDecisionsRequest(agent_id=agent_id), timeout=1.5):
                received.append(message)
        elapsed = loop.time() - started
        assert ended.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED, ended.value.details()
        assert 1.4 < elapsed < 1.5 + PROMPTLY
        # It was live until then: the starting cursor, then heartbeats (every 0.3 s in tests).
        assert len(received) >= 3 and all(message.cursor for message in received)

        record = await _rpc_logged(server, "SubscribeDecisions", agent_id)
        assert record["status"] == "DEADLINE_EXCEEDED", record
        logged = await stub.LogDecision(dl.LogDecisionRequest(agent_id=agent_id, decision_type="QUERY"), timeout=10)
        assert logged.decision.decision_id
    _assert_no_errors(server)

