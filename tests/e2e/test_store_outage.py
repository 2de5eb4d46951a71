"""DynamoDB unreachable (the network path cut, the store and its data intact): LogDecision fails
with UNAVAILABLE, never a false acknowledgement; when the path is back, everything acknowledged
is there and the server serves again without a restart."""

from __future__ import annotations

import asyncio
import os
from urllib.parse import urlparse

import grpc

from agentmemory.v1 import decision_log_pb2 as dl
from agentmemory.v1 import decision_log_pb2_grpc
from tests.support.faults import CuttableProxy
from tests.support.server import ServerProcess, require_stack, stack_env

from .helpers import new_agent_id


async def test_dynamodb_outage_is_unavailable_and_loses_nothing(tmp_path):
    require_stack("aws")
    store = urlparse(os.environ["AGENTMEMORY_TEST_AWS_ENDPOINT"])
    proxy = CuttableProxy(store.hostname, store.port)
    await proxy.open()
    server = ServerProcess(tmp_path / "outage", {**stack_env("aws", "outage"), "AWS_ENDPOINT_URL_DYNAMODB": proxy.url})
    await server.start()
    agent = new_agent_id("ddb-outage")
    acknowledged: list[str] = []
    async with grpc.aio.insecure_channel(server.address) as channel:
        stub = decision_log_pb2_grpc.DecisionLogServiceStub(channel)
        for i in range(5):
            acknowledged.append((await stub.LogDecision(dl.LogDecisionRequest(agent_id=agent, decision_type="QUERY", request_id=f"before-{i}"), timeout=10)).decision.decision_id)
        await proxy.cut()
        loop = asyncio.get_running_loop()
        started = loop.time()
        try:
            await stub.LogDecision(dl.LogDecisionRequest(agent_id=agent, decision_type="QUERY", request_id="during"), timeout=60)
            raise AssertionError("a decision was acknowledged while DynamoDB was unreachable")
        except grpc.aio.AioRpcError as error:
            assert error.code() == grpc.StatusCode.UNAVAILABLE, error.details()
            assert "Traceback" not in (error.details() or "")
        assert loop.time() - started < 15, "the call must fail, not hang"

        await proxy.open()
        for _ in range(100):
            try:
                page = await stub.QueryDecisions(dl.QueryDecisionsRequest(agent_id=agent, page_size=100), timeout=10)
                break
            except grpc.aio.AioRpcError as error:
                assert error.code() == grpc.StatusCode.UNAVAILABLE
                await asyncio.sleep(0.1)
        stored = {d.decision_id for d in page.decisions}
        assert set(acknowledged) <= stored
        # The unacknowledged one is retried with its request id, and stored once.
        retried = await stub.LogDecision(dl.LogDecisionRequest(agent_id=agent, decision_type="QUERY", request_id="during"), timeout=10)
        again = await stub.LogDecision(dl.LogDecisionRequest(agent_id=agent, decision_type="QUERY", request_id="during"), timeout=10)
        assert retried.decision.decision_id == again.decision.decision_id
    await server.stop()
    await proxy.cut()
