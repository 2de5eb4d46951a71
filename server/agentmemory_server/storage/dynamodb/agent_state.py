"""AgentStateStore, MetaStore, TokenStore and LeaseStore on DynamoDB (the state table)."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from agentmemory_server.core.errors import VersionConflict
from agentmemory_server.core.models import JSON, AgentState, TokenRecord
from agentmemory_server.storage.dynamodb.codec import (
    get_int,
    get_json,
    get_s,
    is_condition_failure,
    j,
    n,
    pages,
    s,
    unavailable_on_failure,
)

_CURRENT = "#CURRENT"
_CHECKPOINT = "CP#"
_META_PK = "#meta"
_TOKEN_PK = "#token"
_LEASE_PK = "#lease"
_UNCHECKED_WRITE_ATTEMPTS = 16


def _sk(checkpoint: str) -> str:
    # Key attributes cannot be empty, and "CURRENT" is a legal checkpoint name: prefixes keep
    # the CURRENT state and named checkpoints apart.
    return f"{_CHECKPOINT}{checkpoint}" if checkpoint else _CURRENT


class DynamoAgentStateStore:
    def __init__(self, client: Any, table: str) -> None:
        self._client = client
        self._table = table

    async def _version(self, agent_id: str, checkpoint: str) -> int:
        response = await self._client.get_item(
            TableName=self._table,
            Key={"pk": s(agent_id), "sk": s(_sk(checkpoint))},
            ConsistentRead=True,
            ProjectionExpression="version",
        )
        return get_int(response.get("Item", {}), "version", 0)

    @unavailable_on_failure
    async def save(
        self, agent_id: str, checkpoint: str, state: dict[str, JSON], expected_version: int | None, now_us: int
    ) -> AgentState:
        for _ in range(_UNCHECKED_WRITE_ATTEMPTS):
            actual = expected_version if expected_version is not None else await self._version(agent_id, checkpoint)
            condition: dict[str, Any] = (
                {"ConditionExpression": "attribute_not_exists(pk)"}
                if actual == 0
                else {"ConditionExpression": "version = :v", "ExpressionAttributeValues": {":v": n(actual)}}
            )
            try:
                await self._client.put_item(
                    TableName=self._table,
                    Item={
                        "pk": s(agent_id),
                        "sk": s(_sk(checkpoint)),
                        "state": j(state),
                        "version": n(actual + 1),
                        "update_us": n(now_us),
                    },
                    **condition,
                )
            except ClientError as error:
                if not is_condition_failure(error):
                    raise
                if expected_version is not None:
                    raise VersionConflict(expected_version, await self._version(agent_id, checkpoint)) from None
                continue
            return AgentState(agent_id, checkpoint, state, actual + 1, now_us)
        raise VersionConflict(0, await self._version(agent_id, checkpoint))

    @unavailable_on_failure
    async def get(self, agent_id: str, checkpoint: str) -> AgentState | None:
        response = await self._client.get_item(
            TableName=self._table, Key={"pk": s(agent_id), "sk": s(_sk(checkpoint))}, ConsistentRead=True
        )
        item = response.get("Item")
        if item is None:
            return None
        return AgentState(agent_id, checkpoint, get_json(item, "state"), get_int(item, "version"), get_int(item, "update_us"))

    @unavailable_on_failure
    async def list_checkpoints(self, agent_id: str) -> list[AgentState]:
        checkpoints: list[AgentState] = []
        async for items in pages(
            self._client.query,
            TableName=self._table,
            KeyConditionExpression="pk = :pk AND begins_with(sk, :prefix)",
            ExpressionAttributeValues={":pk": s(agent_id), ":prefix": s(_CHECKPOINT)},
            ProjectionExpression="sk, version, update_us",
            ConsistentRead=True,
        ):
            checkpoints += [
                AgentState(
                    agent_id,
                    get_s(item, "sk")[len(_CHECKPOINT) :],
                    {},
                    get_int(item, "version"),
                    get_int(item, "update_us"),
                )
                for item in items
            ]
        return sorted(checkpoints, key=lambda c: (-c.update_us, c.checkpoint))


class DynamoMetaStore:
    def __init__(self, client: Any, table: str) -> None:
        self._client = client
        self._table = table

    @unavailable_on_failure
    async def get_or_create(self, name: str, value: str) -> str:
        key = {"pk": s(_META_PK), "sk": s(name)}
        try:
            await self._client.put_item(
                TableName=self._table,
                Item={**key, "value": s(value)},
                ConditionExpression="attribute_not_exists(pk)",
            )
            return value
        except ClientError as error:
            if not is_condition_failure(error):
                raise
        response = await self._client.get_item(TableName=self._table, Key=key, ConsistentRead=True)
        return get_s(response["Item"], "value")


class DynamoTokenStore:
    def __init__(self, client: Any, table: str) -> None:
        self._client = client
        self._table = table

    @unavailable_on_failure
    async def put(self, token_sha256: str, record: TokenRecord) -> None:
        await self._client.put_item(
            TableName=self._table,
            Item={
                "pk": s(_TOKEN_PK),
                "sk": s(token_sha256),
                "token_id": s(record.token_id),
                "agent_id": s(record.agent_id),
                "grants": j(list(record.grants)),
                "create_us": n(record.create_us),
            },
            ConditionExpression="attribute_not_exists(pk)",
        )

    @unavailable_on_failure
    async def get(self, token_sha256: str) -> TokenRecord | None:
        response = await self._client.get_item(
            TableName=self._table, Key={"pk": s(_TOKEN_PK), "sk": s(token_sha256)}, ConsistentRead=True
        )
        item = response.get("Item")
        if item is None:
            return None
        return TokenRecord(get_s(item, "token_id"), get_s(item, "agent_id"), tuple(get_json(item, "grants")), get_int(item, "create_us"))


class DynamoLeaseStore:
    """Leases as conditional writes: of concurrent acquirers, DynamoDB lets exactly one through."""

    def __init__(self, client: Any, table: str, *, keep_s: float) -> None:
        """Finished leases are kept `keep_s` seconds (TTL), long enough that nobody runs the
        same scheduled job again."""
        self._client = client
        self._table = table
        self._keep_s = keep_s

    @unavailable_on_failure
    async def acquire(self, name: str, holder: str, expire_us: int, now_us: int) -> bool:
        try:
            await self._client.put_item(
                TableName=self._table,
                Item={
                    "pk": s(_LEASE_PK),
                    "sk": s(name),
                    "holder": s(holder),
                    "lease_expire_us": n(expire_us),
                    "done": n(0),
                    "expire_at": n(int(expire_us / 1_000_000 + self._keep_s)),
                },
                ConditionExpression="attribute_not_exists(pk) OR (done = :no AND (holder = :me OR lease_expire_us <= :now))",
                ExpressionAttributeValues={":no": n(0), ":me": s(holder), ":now": n(now_us)},
            )
        except ClientError as error:
            if is_condition_failure(error):
                return False
            raise
        return True

    @unavailable_on_failure
    async def complete(self, name: str, holder: str) -> bool:
        try:
            await self._client.update_item(
                TableName=self._table,
                Key={"pk": s(_LEASE_PK), "sk": s(name)},
                UpdateExpression="SET done = :yes",
                ConditionExpression="holder = :me",
                ExpressionAttributeValues={":yes": n(1), ":me": s(holder)},
            )
        except ClientError as error:
            if is_condition_failure(error):
                return False
            raise
        return True
