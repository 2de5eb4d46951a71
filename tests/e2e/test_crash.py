"""SIGKILL in the middle of a 10,000-decision ingest: after a restart every acknowledged decision
is there, and retrying everything (same request ids) stores each decision exactly once."""

from __future__ import annotations

import asyncio
import signal

import grpc
import pytest

from agentmemory.v1 import decision_log_pb2 as dl
from agentmemory.v1 import decision_log_pb2_grpc
from tests.support.server import ServerFactory

from .helpers import new_agent_id

TOTAL, BATCH, WRITERS = 10_000, 100, 4


def batch_requests(agent: str, batch: int) -> list[dl.LogDecisionsRequest]:
    return [
        dl.LogDecisionsRequest(
            decision=dl.LogDecisionRequest(agent_id=agent, decision_type="QUERY", request_id=f"ingest-{batch}-{i}")
        )
        for i in range(BATCH)
    ]


async def all_ids(stub: decision_log_pb2_grpc.DecisionLogServiceStub, agent: str) -> list[str]:
    found, token = [], ""
    while True:
        page = await stub.QueryDecisions(dl.QueryDecisionsRequest(agent_id=agent, page_size=1000, page_token=token), timeout=60)
        found += [d.decision_id for d in page.decisions]
        token = page.next_page_token
        if not token:
            return found


@pytest.mark.timeout(300)
async def test_sigkill_during_ingest_loses_no_acknowledged_decision(server_factory: ServerFactory):
    server = await server_factory.start("crash")
    agent = new_agent_id("ingest")
    acknowledged: dict[int, list[str]] = {}
    batches = list(range(TOTAL // BATCH))

    async def writer(mine: list[int], stub: decision_log_pb2_grpc.DecisionLogServiceStub) -> None:
        for batch in mine:
            try:
                response = await stub.LogDecisions(iter(batch_requests(agent, batch)), timeout=60)
            except grpc.aio.AioRpcError:
                return  # the server died under us: this batch was never acknowledged
            acknowledged[batch] = list(response.decision_ids)

    async with grpc.aio.insecure_channel(server.address) as channel:
        stub = decision_log_pb2_grpc.DecisionLogServiceStub(channel)
        writers = [asyncio.create_task(writer(batches[w::WRITERS], stub)) for w in range(WRITERS)]
        while len(acknowledged) < 10:
            await asyncio.sleep(0.01)
        server.proc.send_signal(signal.SIGKILL)
        await asyncio.gather(*writers)
    assert await server.wait_exit(10) == -signal.SIGKILL
    assert 10 <= len(acknowledged) < len(batches), "the kill must land mid-ingest"

    await server.start()
    async with grpc.aio.insecure_channel(server.address) as channel:
        stub = decision_log_pb2_grpc.DecisionLogServiceStub(channel)
        stored = set(await all_ids(stub, agent))
        for ids in acknowledged.values():
            assert set(ids) <= stored
        # The client retries every batch; request ids make that safe.
        for batch in batches:
            response = await stub.LogDecisions(iter(batch_requests(agent, batch)), timeout=60)
            if batch in acknowledged:
                assert list(response.decision_ids) == acknowledged[batch]
        final = await all_ids(stub, agent)
        assert len(final) == TOTAL and len(set(final)) == TOTAL
