"""Scheduled consolidation with two replicas over the same DynamoDB: each schedule slot is run by
exactly one of them (a lease taken by conditional write), none is skipped, and what it
consolidates lands in long-term memory."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from agentmemory.v1 import decision_log_pb2 as dl
from agentmemory.v1 import memory_pb2 as m
from tests.support.server import ServerProcess, require_stack, stack_env

from .helpers import Client, collect, log_bulk, log_req, new_agent_id

INTERVAL_S = 2.0


def slot_runs(server: ServerProcess) -> list[int]:
    runs = []
    for line in server.output().splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if record.get("message") == "scheduled consolidation ran":
            runs.append(int(record["slot_us"]))
    return runs


async def test_two_replicas_run_each_slot_exactly_once(tmp_path: Path):
    require_stack("aws")
    shared = {
        **stack_env("aws", "schedule"),
        "AGENTMEMORY_CONSOLIDATION_INTERVAL": str(INTERVAL_S),
        "AGENTMEMORY_CONSOLIDATION_OFFSET": "0",
        "AGENTMEMORY_LOG_FORMAT": "json",
    }
    a, b = ServerProcess(tmp_path / "a", shared), ServerProcess(tmp_path / "b", shared)
    await a.start()
    await b.start()
    agent = new_agent_id("schedule")
    client = await Client.connect(a.address)
    try:
        requests = [
            log_req(agent, "SOURCE_SELECTION", {"market": {"volatility": "high"}}, {"selected": "whale"}) for _ in range(8)
        ]
        for decision_id in await log_bulk(client.decisions, requests):
            await client.decisions.RecordOutcome(dl.RecordOutcomeRequest(agent_id=agent, decision_id=decision_id, success=True))
        # Long enough for several slots on both replicas, bounded.
        for _ in range(40):
            if len(set(slot_runs(a) + slot_runs(b))) >= 4:
                break
            await asyncio.sleep(0.5)
        patterns = await collect(client.memory.QueryLongTerm(m.QueryLongTermRequest(agent_id=agent, memory_type="PATTERN")))
    finally:
        await client.close()
        for replica in (a, b):
            assert await replica.stop() == 0, replica.output()

    runs = slot_runs(a) + slot_runs(b)
    assert len(set(runs)) >= 4, (a.output(), b.output())
    assert len(runs) == len(set(runs)), f"a slot ran twice: a={slot_runs(a)} b={slot_runs(b)}"
    ordered = sorted(runs)
    step = int(INTERVAL_S * 1_000_000)
    assert all(later - earlier == step for earlier, later in zip(ordered, ordered[1:])), f"a slot was skipped: {ordered}"
    assert [to_choice(p) for p in patterns] == ["whale"]


def to_choice(response: m.QueryLongTermResponse) -> str:
    return response.memory.data.fields["choice"].string_value
