"""DecisionStore.forget_archived: once the archive holds a day, the embedded store removes its
decisions from the hot log (with their request ids and links); DynamoDB leaves them to its TTL."""

from __future__ import annotations

import uuid

import pytest

from agentmemory_server.core.decisions import new_decision_id
from agentmemory_server.core.models import Decision, DecisionQuery, NewDecision
from agentmemory_server.storage.dynamodb.decisions import DynamoDecisionStore

from tests.conformance.clock import T0

HOUR_US = 3600 * 1_000_000


@pytest.fixture
def agent() -> str:
    return f"agent-{uuid.uuid4().hex[:12]}"


def make(agent: str, at: int, parents: tuple[str, ...] = ()) -> Decision:
    return Decision(new_decision_id(), agent, "SOURCE_SELECTION", at, parent_decision_ids=parents)


async def test_forgetting_removes_only_what_is_older_and_only_for_that_agent(decisions, agent):
    old_parent = make(agent, T0)
    old_child = make(agent, T0 + HOUR_US, (old_parent.decision_id,))
    young_child = make(agent, T0 + 3 * HOUR_US, (old_parent.decision_id, old_child.decision_id))
    young = make(agent, T0 + 4 * HOUR_US, (young_child.decision_id,))
    neighbour = make(f"{agent}-neighbour", T0)
    await decisions.append(
        [NewDecision(old_parent, "old-parent"), NewDecision(old_child, "old-child"), NewDecision(young_child),
         NewDecision(young, "young"), NewDecision(neighbour)]
    )
    forgotten = await decisions.forget_archived(agent, T0 + 2 * HOUR_US)
    remaining = [d.decision_id for d in (await decisions.query(DecisionQuery(agent), None, 10)).decisions]
    if isinstance(decisions, DynamoDecisionStore):
        assert forgotten == 0  # DynamoDB's TTL removes them at create time + hot retention
        assert len(remaining) == 4
        return
    assert forgotten == 2
    assert remaining == [young.decision_id, young_child.decision_id]
    assert await decisions.get(agent, old_parent.decision_id) is None
    assert await decisions.get(f"{agent}-neighbour", neighbour.decision_id) == neighbour
    # The links of what is left still answer; the forgotten decisions have none left.
    children = await decisions.children(agent, [young_child.decision_id, old_parent.decision_id])
    assert children == {young_child.decision_id: [young], old_parent.decision_id: []}
    # A forgotten request id no longer names a decision: a retry logs a new one, as after a TTL.
    again = make(agent, T0 + 5 * HOUR_US)
    assert await decisions.append([NewDecision(again, "old-child"), NewDecision(make(agent, T0 + 6 * HOUR_US), "young")]) == [
        again, young
    ]
    assert await decisions.forget_archived(agent, T0 + 2 * HOUR_US) == 0


async def test_forgetting_a_backlog_larger_than_one_transaction(decisions, agent):
    if isinstance(decisions, DynamoDecisionStore):
        pytest.skip("DynamoDB's TTL removes decisions; forget_archived does nothing there")
    await decisions.append([NewDecision(make(agent, T0 + i)) for i in range(4500)])
    assert await decisions.forget_archived(agent, T0 + 4000) == 4000
    assert len((await decisions.query(DecisionQuery(agent), None, 1000)).decisions) == 500
