"""DynamoDB-only: two adapter instances (two replicas: no shared in-process lock) racing for one
agent's event head still produce one gapless, duplicate-free sequence."""

from __future__ import annotations

import asyncio
import uuid

from agentmemory_server.core.decisions import new_decision_id
from agentmemory_server.core.models import Decision, NewDecision, Outcome
from agentmemory_server.storage.dynamodb.decisions import DynamoDecisionStore
from tests.conformance.clock import T0
from tests.conformance.conftest import ROLLUPS


async def test_two_replicas_share_one_gapless_sequence(dynamodb):
    client, names = dynamodb
    replicas = [
        DynamoDecisionStore(
            client, names.decisions, hot_retention_s=86400, event_retention_s=86400, rollups=ROLLUPS, rollup_retention_s=86400
        )
        for _ in range(2)
    ]
    agent = f"agent-{uuid.uuid4().hex[:12]}"
    drafts = [
        NewDecision(Decision(new_decision_id(), agent, "SOURCE_SELECTION", T0 + i), f"r{i % 15}") for i in range(30)
    ]
    stored = await asyncio.gather(*(replicas[i % 2].append([d]) for i, d in enumerate(drafts)))
    distinct = {result[0].decision_id for result in stored}
    assert len(distinct) == 15  # one decision per request id, whichever replica won
    await asyncio.gather(
        *(replicas[i % 2].record_outcome(agent, d, Outcome(True, {}, {}, T0), True) for i, d in enumerate(sorted(distinct)))
    )
    events = await replicas[0].read_events(agent, 0, 1000)
    assert [e.seq for e in events] == list(range(1, 31))
    assert sorted(e.decision.decision_id for e in events[:15]) == sorted(distinct)
