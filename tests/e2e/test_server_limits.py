"""The server's own limits, as configured: AGENTMEMORY_MAX_CONCURRENT_RPCS (calls past it are
refused with RESOURCE_EXHAUSTED, open streams included, health checks never) and
AGENTMEMORY_MAX_MESSAGE_BYTES (a larger request is refused with RESOURCE_EXHAUSTED, and packed
subscription messages stay within it). Both are enforced in the API layer (the call limit) and by
gRPC (the message size), the same on every stack, so they run on the embedded one."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import grpc
import grpc.aio
import pytest
import pytest_asyncio
from grpc_health.v1 import health_pb2, health_pb2_grpc

from agentmemory.v1 import decision_log_pb2 as dl
from agentmemory.v1 import decision_log_pb2_grpc, memory_pb2_grpc
from agentmemory.v1 import memory_pb2 as m
from tests.support.server import ServerProcess

from .helpers import Subscription, check_error, new_agent_id

MAX_CONCURRENT_RPCS = 2
MAX_MESSAGE_BYTES = 64 * 1024


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def limited_server(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[ServerProcess]:
    server = ServerProcess(
        tmp_path_factory.mktemp("limits") / "data",
        {
            "AGENTMEMORY_MAX_CONCURRENT_RPCS": str(MAX_CONCURRENT_RPCS),
            "AGENTMEMORY_MAX_MESSAGE_BYTES": str(MAX_MESSAGE_BYTES),
        },
    )
    await server.start()
    yield server
    assert await server.stop() == 0, server.output()


async def _get_short_term(stub: memory_pb2_grpc.MemoryServiceStub, agent_id: str) -> m.GetShortTermResponse:
    return await stub.GetShortTerm(m.GetShortTermRequest(agent_id=agent_id, key="context:now"), timeout=5)


async def test_calls_past_the_concurrency_limit_are_refused(limited_server):
    agent_id = new_agent_id("limits")
    async with grpc.aio.insecure_channel(limited_server.address) as channel:
        memory = memory_pb2_grpc.MemoryServiceStub(channel)
        decisions = decision_log_pb2_grpc.DecisionLogServiceStub(channel)
        await _get_short_term(memory, agent_id)  # below the limit: served

        # Two live subscriptions hold both slots for as long as they are open.
        first = Subscription(decisions, agent_id)
        second = Subscription(decisions, agent_id)
        try:
            await first.first_heartbeat()
            await second.first_heartbeat()
            with pytest.raises(grpc.aio.AioRpcError) as refused:
                await _get_short_term(memory, agent_id)
            check_error(refused.value, grpc.StatusCode.RESOURCE_EXHAUSTED, "TOO_MANY_CALLS")
            # A busy server still answers its load balancer.
            health = health_pb2_grpc.HealthStub(channel)
            for service in ("", "agentmemory.v1.MemoryService"):
                answer = await health.Check(health_pb2.HealthCheckRequest(service=service), timeout=5)
                assert answer.status == health_pb2.HealthCheckResponse.SERVING
            third = Subscription(decisions, agent_id)
            error = await third.wait_end()
            assert isinstance(error, grpc.aio.AioRpcError) and error.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
            # The streams that hold the slots are untouched.
            await first.next()
            await second.next()
        finally:
            await second.close()

        # A slot freed is a slot taken again (the server counts a call as done a moment after
        # the client cancels it).
        for _ in range(50):
            try:
                await _get_short_term(memory, agent_id)
                break
            except grpc.aio.AioRpcError as error:
                assert error.code() == grpc.StatusCode.RESOURCE_EXHAUSTED, error.details()
                await asyncio.sleep(0.05)
        else:
            pytest.fail("a slot was not freed when a subscription closed")
        await first.next()
        await first.close()


async def test_requests_past_the_message_limit_are_refused(limited_server):
    agent_id = new_agent_id("limits")
    async with grpc.aio.insecure_channel(limited_server.address) as channel:
        decisions = decision_log_pb2_grpc.DecisionLogServiceStub(channel)
        request = dl.LogDecisionRequest(agent_id=agent_id, decision_type="QUERY")
        request.context.update({"blob": "x" * (MAX_MESSAGE_BYTES + 1024)})
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await decisions.LogDecision(request, timeout=5)
        assert refused.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED, refused.value.details()

        # Below the limit the same call is served, and so is the next one.
        request.context.update({"blob": "x" * (MAX_MESSAGE_BYTES // 2)})
        logged = await decisions.LogDecision(request, timeout=5)
        assert logged.decision.decision_id
        memory = memory_pb2_grpc.MemoryServiceStub(channel)
        await _get_short_term(memory, agent_id)


async def test_packed_subscription_messages_stay_within_the_message_limit(limited_server):
    agent_id = new_agent_id("limits")
    async with grpc.aio.insecure_channel(limited_server.address) as channel:
        decisions = decision_log_pb2_grpc.DecisionLogServiceStub(channel)
        async with Subscription(decisions, agent_id) as opening:
            cursor = (await opening.first_heartbeat()).cursor
        request = dl.LogDecisionRequest(agent_id=agent_id, decision_type="QUERY")
        request.context.update({"blob": "x" * (MAX_MESSAGE_BYTES // 3)})
        logged = [(await decisions.LogDecision(request, timeout=5)).decision.decision_id for _ in range(6)]

        # Six events of a third of the limit each cannot share one message: the server packs what fits.
        stream = decisions.SubscribeDecisions(
            dl.SubscribeDecisionsRequest(agent_id=agent_id, cursor=cursor, max_events_per_message=100), timeout=10
        )
        sizes, received = [], []
        async for message in stream:
            sizes.append(message.ByteSize())
            received += [event.decision.decision_id for event in message.events]
            if len(received) == len(logged):
                break
        stream.cancel()
        assert received == logged
        assert max(sizes) <= MAX_MESSAGE_BYTES and len(sizes) >= 4, sizes


async def test_health_watches_hold_no_slot(limited_server):
    agent_id = new_agent_id("limits")
    async with grpc.aio.insecure_channel(limited_server.address) as channel:
        health = health_pb2_grpc.HealthStub(channel)
        watches = [health.Watch(health_pb2.HealthCheckRequest(service="")) for _ in range(MAX_CONCURRENT_RPCS + 1)]
        try:
            for watch in watches:
                assert (await watch.read()).status == health_pb2.HealthCheckResponse.SERVING
            # More open watches than the limit, and the server's own calls are still served.
            await _get_short_term(memory_pb2_grpc.MemoryServiceStub(channel), agent_id)
        finally:
            for watch in watches:
                watch.cancel()
