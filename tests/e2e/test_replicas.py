"""The AWS stack with two replicas over the same Redis and DynamoDB, and with Redis going away:
subscriptions see every decision exactly once, in order, whichever replica logged it or serves
the stream, and a decision is acknowledged (and delivered) while Redis is down."""

from __future__ import annotations

import asyncio
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path

import grpc
import pytest
import pytest_asyncio

from agentmemory.v1 import decision_log_pb2 as dl
from agentmemory.v1 import memory_pb2 as m
from tests.support.server import ServerProcess, free_port, require_stack, stack_env

from .helpers import Client, Subscription, log, new_agent_id, value


@pytest_asyncio.fixture(loop_scope="session")
async def replicas(tmp_path: Path) -> AsyncIterator[tuple[ServerProcess, ServerProcess]]:
    require_stack("aws")
    shared = stack_env("aws", "replicas")
    pair = (ServerProcess(tmp_path / "a", shared), ServerProcess(tmp_path / "b", shared))
    for replica in pair:
        await replica.start()  # each runs init-aws first: the second run must be a no-op
    yield pair
    for replica in pair:
        await replica.stop()


async def test_a_subscriber_on_one_replica_sees_what_the_other_logs(replicas):
    a, b = replicas
    agent = new_agent_id("replicas")
    on_a, on_b = await Client.connect(a.address), await Client.connect(b.address)
    try:
        async with Subscription(on_a.decisions, agent) as subscription:
            await subscription.first_heartbeat()
            logged = []
            for batch in range(4):  # both replicas write, concurrently within a batch
                writes = [log((on_b if i % 2 else on_a).decisions, agent, context={"n": batch * 5 + i}) for i in range(5)]
                logged += [d.decision_id for d in await asyncio.gather(*writes)]
            received = await subscription.events(len(logged), timeout=20)
            assert sorted(e.decision.decision_id for e in received) == sorted(logged)
            assert len({e.cursor for e in received}) == len(logged)
            await subscription.assert_no_event(0.5)
            last_cursor = received[-1].cursor

        # Reconnect to the other replica with the last cursor: exactly what came after.
        later = [(await log(on_a.decisions, agent, context={"later": i})).decision_id for i in range(3)]
        async with Subscription(on_b.decisions, agent, cursor=last_cursor) as resumed:
            await resumed.first_heartbeat()
            assert [e.decision.decision_id for e in await resumed.events(3, timeout=10)] == later
            await resumed.assert_no_event(0.5)
    finally:
        await on_a.close()
        await on_b.close()


async def test_replicas_agree_on_order(replicas):
    a, b = replicas
    agent = new_agent_id("order")
    on_a, on_b = await Client.connect(a.address), await Client.connect(b.address)
    try:
        async with Subscription(on_a.decisions, agent) as via_a, Subscription(on_b.decisions, agent) as via_b:
            await via_a.first_heartbeat()
            await via_b.first_heartbeat()
            await asyncio.gather(*(log((on_a if i % 2 else on_b).decisions, agent) for i in range(12)))
            seen_a = [(e.cursor, e.decision.decision_id) for e in await via_a.events(12, timeout=20)]
            seen_b = [(e.cursor, e.decision.decision_id) for e in await via_b.events(12, timeout=20)]
            assert [d for _, d in seen_a] == [d for _, d in seen_b]
    finally:
        await on_a.close()
        await on_b.close()


class RedisProcess:
    """A redis-server of this test's own, so it can be stopped and started again."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no",
             "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    async def wait_ready(self) -> None:
        for _ in range(100):
            try:
                _, writer = await asyncio.open_connection("127.0.0.1", self.port)
                writer.close()
                return
            except OSError:
                await asyncio.sleep(0.05)
        raise AssertionError("redis-server did not start")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)


async def test_redis_outage_under_load_keeps_decisions_and_subscribers(tmp_path: Path):
    require_stack("aws")
    redis = RedisProcess(tmp_path / "redis")
    redis.start()
    await redis.wait_ready()
    env = {**stack_env("aws", "outage"), "AGENTMEMORY_REDIS_URL": f"redis://127.0.0.1:{redis.port}/0"}
    server = ServerProcess(tmp_path / "server", env)
    await server.start()
    client = await Client.connect(server.address)
    agent = new_agent_id("outage")
    acknowledged: list[str] = []
    stm_codes: list[grpc.StatusCode] = []
    stop = asyncio.Event()

    async def load(writer: int) -> None:
        # Decisions and short-term writes keep coming while Redis goes away and comes back.
        i = 0
        while not stop.is_set():
            i += 1
            decision = await log(client.decisions, agent, context={"writer": writer, "i": i})
            acknowledged.append(decision.decision_id)
            try:
                await client.memory.PutShortTerm(
                    m.PutShortTermRequest(agent_id=agent, key=f"context:{writer}", value=value(i)), timeout=5
                )
                stm_codes.append(grpc.StatusCode.OK)
            except grpc.aio.AioRpcError as error:
                stm_codes.append(error.code())

    try:
        async with Subscription(client.decisions, agent) as subscription:
            await subscription.first_heartbeat()
            writers = [asyncio.create_task(load(w)) for w in range(4)]
            await asyncio.sleep(1.0)
            redis.stop()
            await asyncio.sleep(1.5)
            failed_fast = len([c for c in stm_codes if c == grpc.StatusCode.UNAVAILABLE])
            redis.start()
            await redis.wait_ready()
            await asyncio.sleep(2.0)  # the server reconnects by itself
            stop.set()
            await asyncio.gather(*writers)

            assert failed_fast > 0, "short-term writes must fail (UNAVAILABLE) while Redis is down"
            assert set(stm_codes) <= {grpc.StatusCode.OK, grpc.StatusCode.UNAVAILABLE}
            assert stm_codes[-4:] == [grpc.StatusCode.OK] * 4, "short-term memory must recover by itself"
            # Every acknowledged decision reaches the subscriber once, in the log's order.
            delivered = [e.decision.decision_id for e in await subscription.events(len(acknowledged), timeout=30)]
            assert sorted(delivered) == sorted(acknowledged) and len(set(delivered)) == len(delivered)
            await subscription.assert_no_event(0.5)
        stored = await client.decisions.QueryDecisions(dl.QueryDecisionsRequest(agent_id=agent, page_size=1000))
        assert {d.decision_id for d in stored.decisions} == set(acknowledged)
    finally:
        await client.close()
        await server.stop()
        redis.stop()
