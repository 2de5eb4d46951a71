"""The DynamoDB tables, as ARCHITECTURE section 1 lays them out, and their idempotent creation.

decisions  PK `agent_id#decision_type`, SK `<create_us, 19 digits>#<decision_id>` for decisions;
           the same table holds the log's auxiliary items under other partition keys (id
           pointers, request ids, parent->child links, the per-agent event sequence).
           GSIs: by_agent (agent_id, sk), by_outcome (agent_outcome = `agent_id#0|1`, sk) and
           by_context (context_key = `agent_id#<path>=<value>` of the configured context path,
           sk): the last two sparse.
           TTL attribute `expire_at` (hot retention; events: event retention).
memories   PK `agent_id#memory_type`, SK memory_id; confidence history under
           `agent_id#memory_type#HISTORY#memory_id#<create_us>`. GSI by_confidence
           (pk, confidence_key) with confidence_key sorting highest confidence first.
state      PK agent_id, SK `#CURRENT` or `CP#<checkpoint>`; server settings under `#meta`.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError


@dataclass(frozen=True)
class TableNames:
    decisions: str
    memories: str
    state: str

    @classmethod
    def with_prefix(cls, prefix: str) -> TableNames:
        return cls(decisions=f"{prefix}decisions", memories=f"{prefix}memories", state=f"{prefix}state")


def _gsi(name: str, pk: str, sk: str) -> dict[str, Any]:
    return {
        "IndexName": name,
        "KeySchema": [{"AttributeName": pk, "KeyType": "HASH"}, {"AttributeName": sk, "KeyType": "RANGE"}],
        "Projection": {"ProjectionType": "ALL"},
    }


def _strings(*names: str) -> list[dict[str, str]]:
    return [{"AttributeName": name, "AttributeType": "S"} for name in names]


def definitions(names: TableNames) -> list[dict[str, Any]]:
    key = [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}]
    return [
        {
            "TableName": names.decisions,
            "KeySchema": key,
            "AttributeDefinitions": _strings("pk", "sk", "agent_id", "agent_outcome", "context_key"),
            "GlobalSecondaryIndexes": [
                _gsi("by_agent", "agent_id", "sk"),
                _gsi("by_outcome", "agent_outcome", "sk"),
                _gsi("by_context", "context_key", "sk"),
            ],
            "BillingMode": "PAY_PER_REQUEST",
        },
        {
            "TableName": names.memories,
            "KeySchema": key,
            "AttributeDefinitions": _strings("pk", "sk", "confidence_key"),
            "GlobalSecondaryIndexes": [_gsi("by_confidence", "pk", "confidence_key")],
            "BillingMode": "PAY_PER_REQUEST",
        },
        {
            "TableName": names.state,
            "KeySchema": key,
            "AttributeDefinitions": _strings("pk", "sk"),
            "BillingMode": "PAY_PER_REQUEST",
        },
    ]


TTL_ATTRIBUTE = "expire_at"


async def ensure_tables(client: Any, names: TableNames) -> list[str]:
    """Creates missing tables, waits until they are active and turns TTL on. Running it again
    changes nothing. Returns what it did, one line per action."""
    actions: list[str] = []
    for definition in definitions(names):
        table = definition["TableName"]
        try:
            existing = (await client.describe_table(TableName=table))["Table"]
        except ClientError as error:
            if error.response["Error"]["Code"] != "ResourceNotFoundException":
                raise
            await client.create_table(**definition)
            actions.append(f"created table {table}")
        else:
            # Tables made by an older release gain the indexes added since (one per update).
            present = {index["IndexName"] for index in existing.get("GlobalSecondaryIndexes", [])}
            for index in definition.get("GlobalSecondaryIndexes", []):
                if index["IndexName"] not in present:
                    await _wait_active(client, table)
                    await client.update_table(
                        TableName=table,
                        AttributeDefinitions=definition["AttributeDefinitions"],
                        GlobalSecondaryIndexUpdates=[{"Create": index}],
                    )
                    actions.append(f"created index {table}.{index['IndexName']}")
        await _wait_active(client, table)
        ttl = await client.describe_time_to_live(TableName=table)
        if ttl["TimeToLiveDescription"].get("TimeToLiveStatus") not in ("ENABLED", "ENABLING"):
            await client.update_time_to_live(
                TableName=table, TimeToLiveSpecification={"Enabled": True, "AttributeName": TTL_ATTRIBUTE}
            )
            actions.append(f"enabled TTL on {table}.{TTL_ATTRIBUTE}")
    return actions


async def _wait_active(client: Any, table: str) -> None:
    for _ in range(600):
        description = (await client.describe_table(TableName=table))["Table"]
        indexes = description.get("GlobalSecondaryIndexes", [])
        if description["TableStatus"] == "ACTIVE" and all(i["IndexStatus"] == "ACTIVE" for i in indexes):
            return
        await asyncio.sleep(1)
    raise TimeoutError(f"table {table} did not become ACTIVE")
