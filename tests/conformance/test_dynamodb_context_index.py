"""DynamoDB-only: a context filter on the indexed path reads only the matching decisions (the
by_context GSI does the work), and init-aws adds the index to tables made before it existed."""

from __future__ import annotations

import uuid

from agentmemory_server.core.decisions import new_decision_id
from agentmemory_server.core.models import Decision, DecisionQuery, NewDecision, Outcome, SuccessFilter
from agentmemory_server.storage.dynamodb.decisions import DynamoDecisionStore
from agentmemory_server.storage.dynamodb.tables import TableNames, definitions, ensure_tables
from tests.conformance.clock import T0
from tests.conformance.conftest import ROLLUPS


async def test_indexed_context_filters_read_only_matches(dynamodb):
    client, names = dynamodb
    store = DynamoDecisionStore(
        client,
        names.decisions,
        hot_retention_s=86400,
        event_retention_s=86400,
        rollups=ROLLUPS,
        rollup_retention_s=86400,
        context_index_path="market",
    )
    agent = f"agent-{uuid.uuid4().hex[:12]}"
    regimes = ["BULL_HIGH_VOL", "BEAR_LOW_VOL", "SIDEWAYS"]
    logged = [
        Decision(new_decision_id(), agent, "SOURCE_SELECTION" if i % 4 else "QUERY", T0 + i, context={"market": regimes[i % 3], "cycle": float(i)})
        for i in range(60)
    ]
    await store.append([NewDecision(d) for d in logged])
    await store.record_outcome(agent, logged[3].decision_id, Outcome(True, {}, {}, T0 + 100), False)

    scanned: list[tuple[str | None, int]] = []

    def record(http_response, parsed, model, **_):
        scanned.append((parsed.get("ScannedCount"), parsed.get("Count")))

    client.meta.events.register("after-call.dynamodb.Query", record)
    try:
        page = await store.query(DecisionQuery(agent, context_filter={"market": "BULL_HIGH_VOL"}), None, 100)
        expected = [d for d in reversed(logged) if d.context["market"] == "BULL_HIGH_VOL"]
        assert [d.decision_id for d in page.decisions] == [d.decision_id for d in expected]
        assert sum(count for count, _ in scanned) == len(expected)  # nothing read but the matches

        scanned.clear()
        narrowed = await store.query(
            DecisionQuery(agent, decision_type="QUERY", success=SuccessFilter.SUCCEEDED, context_filter={"market": "BULL_HIGH_VOL", "cycle": 3}),
            None,
            10,
        )
        assert [d.decision_id for d in narrowed.decisions] == []  # decision 3 is a SOURCE_SELECTION
        assert sum(count for count, _ in scanned) <= len(expected)
        succeeded = await store.query(
            DecisionQuery(agent, success=SuccessFilter.SUCCEEDED, context_filter={"market": "BULL_HIGH_VOL"}), None, 10
        )
        assert [d.decision_id for d in succeeded.decisions] == [logged[3].decision_id]
    finally:
        client.meta.events.unregister("after-call.dynamodb.Query", record)


async def test_init_aws_adds_missing_indexes(dynamodb):
    client, _ = dynamodb
    names = TableNames.with_prefix(f"legacy-{uuid.uuid4().hex[:8]}-")
    old_decisions = dict(definitions(names)[0])
    old_decisions["GlobalSecondaryIndexes"] = [
        i for i in old_decisions["GlobalSecondaryIndexes"] if i["IndexName"] != "by_context"
    ]
    old_decisions["AttributeDefinitions"] = [
        a for a in old_decisions["AttributeDefinitions"] if a["AttributeName"] != "context_key"
    ]
    await client.create_table(**old_decisions)
    actions = await ensure_tables(client, names)
    assert f"created index {names.decisions}.by_context" in actions
    described = (await client.describe_table(TableName=names.decisions))["Table"]
    assert {i["IndexName"] for i in described["GlobalSecondaryIndexes"]} == {"by_agent", "by_outcome", "by_context"}
    assert await ensure_tables(client, names) == []
