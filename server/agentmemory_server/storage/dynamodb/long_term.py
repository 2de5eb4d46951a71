"""LongTermStore on DynamoDB: conditional writes carry the version check, a transaction writes a
memory together with its confidence-history entry."""

from __future__ import annotations

import asyncio
from typing import Any

from botocore.exceptions import ClientError

from agentmemory_server.core.errors import NotFound, VersionConflict
from agentmemory_server.core.jsonpath import matches
from agentmemory_server.core.models import JSON, ConfidenceChange, LongTermMemory
from agentmemory_server.storage.dynamodb.codec import (
    Item,
    cancellation_reasons,
    get_float,
    get_int,
    get_json,
    get_s,
    is_condition_failure,
    j,
    n,
    padded,
    pages,
    s,
    unavailable_on_failure,
)

# Writers that did not ask for a version check retry a lost race this many times.
_UNCHECKED_WRITE_ATTEMPTS = 16
_QUERY_PAGE = 100


def _pk(agent_id: str, memory_type: str) -> str:
    return f"{agent_id}#{memory_type}"


def _history_pk(agent_id: str, memory_type: str, memory_id: str, create_us: int) -> str:
    # The incarnation (create time) is part of the key: a memory deleted and created again
    # starts a fresh history even if deleting the old one was interrupted.
    return f"{agent_id}#{memory_type}#HISTORY#{memory_id}#{create_us}"


def confidence_key(confidence: float, memory_id: str) -> str:
    """Sorts ascending as confidence descending, ties by memory_id."""
    return f"{1.0 - confidence:.17f}#{memory_id}"


def _memory(item: Item) -> LongTermMemory:
    agent_id, memory_type = get_s(item, "pk").split("#", 1)
    return LongTermMemory(
        agent_id=agent_id,
        memory_type=memory_type,
        memory_id=get_s(item, "sk"),
        data=get_json(item, "data"),
        confidence=get_float(item, "confidence"),
        version=get_int(item, "version"),
        create_us=get_int(item, "create_us"),
        update_us=get_int(item, "update_us"),
        access_count=get_int(item, "access_count", 0),
        last_access_us=get_int(item, "last_access_us"),
        observed_successes=get_int(item, "observed_successes", 0),
        observed_trials=get_int(item, "observed_trials", 0),
    )


def _memory_item(memory: LongTermMemory) -> Item:
    item: Item = {
        "pk": s(_pk(memory.agent_id, memory.memory_type)),
        "sk": s(memory.memory_id),
        "data": j(memory.data),
        "confidence": n(memory.confidence),
        "confidence_key": s(confidence_key(memory.confidence, memory.memory_id)),
        "version": n(memory.version),
        "create_us": n(memory.create_us),
        "update_us": n(memory.update_us),
        "access_count": n(memory.access_count),
        "observed_successes": n(memory.observed_successes),
        "observed_trials": n(memory.observed_trials),
    }
    if memory.last_access_us is not None:
        item["last_access_us"] = n(memory.last_access_us)
    return item


def _version_condition(old: LongTermMemory | None) -> dict[str, Any]:
    if old is None:
        return {"ConditionExpression": "attribute_not_exists(pk)"}
    return {"ConditionExpression": "version = :v", "ExpressionAttributeValues": {":v": n(old.version)}}


class DynamoLongTermStore:
    def __init__(self, client: Any, table: str) -> None:
        self._client = client
        self._table = table

    async def _read(self, agent_id: str, memory_type: str, memory_id: str) -> LongTermMemory | None:
        response = await self._client.get_item(
            TableName=self._table,
            Key={"pk": s(_pk(agent_id, memory_type)), "sk": s(memory_id)},
            ConsistentRead=True,
        )
        item = response.get("Item")
        return _memory(item) if item else None

    def _history_put(self, memory: LongTermMemory, previous: float, reason: str, now_us: int) -> dict[str, Any]:
        return {
            "Put": {
                "TableName": self._table,
                "Item": {
                    "pk": s(_history_pk(memory.agent_id, memory.memory_type, memory.memory_id, memory.create_us)),
                    "sk": s(padded(memory.version)),
                    "previous_confidence": n(previous),
                    "confidence": n(memory.confidence),
                    "reason": s(reason),
                    "version": n(memory.version),
                    "change_us": n(now_us),
                },
            }
        }

    async def _write(
        self,
        memory: LongTermMemory,
        old: LongTermMemory | None,
        history: tuple[float, str] | None,
        now_us: int,
    ) -> bool:
        """Writes `memory` if the stored item is still `old`; False when it changed meanwhile."""
        put = {"TableName": self._table, "Item": _memory_item(memory), **_version_condition(old)}
        try:
            if history is None:
                await self._client.put_item(**put)
            else:
                await self._client.transact_write_items(
                    TransactItems=[{"Put": put}, self._history_put(memory, *history, now_us)]
                )
        except ClientError as error:
            if is_condition_failure(error) or "ConditionalCheckFailed" in cancellation_reasons(error):
                return False
            raise
        return True

    async def _update(
        self,
        agent_id: str,
        memory_type: str,
        memory_id: str,
        expected_version: int | None,
        change: Any,
        now_us: int,
    ) -> LongTermMemory:
        """Read-check-write loop: `change(old)` returns (new memory, history entry or None)."""
        for _ in range(_UNCHECKED_WRITE_ATTEMPTS):
            old = await self._read(agent_id, memory_type, memory_id)
            actual = old.version if old else 0
            if expected_version is not None and expected_version != actual:
                raise VersionConflict(expected_version, actual)
            memory, history = change(old)
            if await self._write(memory, old, history, now_us):
                return memory
            if expected_version is not None:
                current = await self._read(agent_id, memory_type, memory_id)
                raise VersionConflict(expected_version, current.version if current else 0)
        raise VersionConflict(expected_version or 0, -1)

    @unavailable_on_failure
    async def put(
        self,
        agent_id: str,
        memory_type: str,
        memory_id: str,
        data: dict[str, JSON],
        confidence: float,
        expected_version: int | None,
        now_us: int,
        *,
        reason: str = "replaced by PutLongTerm",
        evidence: tuple[int, int] | None = None,
    ) -> LongTermMemory:
        def change(old: LongTermMemory | None) -> tuple[LongTermMemory, tuple[float, str] | None]:
            memory = LongTermMemory(
                agent_id=agent_id,
                memory_type=memory_type,
                memory_id=memory_id,
                data=data,
                confidence=confidence,
                version=old.version + 1 if old else 1,
                create_us=old.create_us if old else now_us,
                update_us=now_us,
                access_count=old.access_count if old else 0,
                last_access_us=old.last_access_us if old else None,
                observed_successes=evidence[0] if evidence else old.observed_successes if old else 0,
                observed_trials=evidence[1] if evidence else old.observed_trials if old else 0,
            )
            if old is None:
                return memory, (0.0, "created")
            if old.confidence != confidence:
                return memory, (old.confidence, reason)
            return memory, None

        return await self._update(agent_id, memory_type, memory_id, expected_version, change, now_us)

    @unavailable_on_failure
    async def get(
        self, agent_id: str, memory_type: str, memory_id: str, *, count_access: bool, now_us: int
    ) -> LongTermMemory | None:
        if not count_access:
            return await self._read(agent_id, memory_type, memory_id)
        try:
            response = await self._client.update_item(
                TableName=self._table,
                Key={"pk": s(_pk(agent_id, memory_type)), "sk": s(memory_id)},
                UpdateExpression="ADD access_count :one SET last_access_us = :now",
                ConditionExpression="attribute_exists(pk)",
                ExpressionAttributeValues={":one": n(1), ":now": n(now_us)},
                ReturnValues="ALL_NEW",
            )
        except ClientError as error:
            if is_condition_failure(error):
                return None
            raise
        return _memory(response["Attributes"])

    @unavailable_on_failure
    async def query(
        self, agent_id: str, memory_type: str, min_confidence: float, data_filter: dict[str, JSON], limit: int
    ) -> list[LongTermMemory]:
        found: list[LongTermMemory] = []
        # Keys sort by 1 - confidence; everything at or above min_confidence sorts at or before
        # this bound (the "~" sorts after any memory_id character).
        bound = f"{1.0 - min_confidence:.17f}#~"
        async for items in pages(
            self._client.query,
            TableName=self._table,
            IndexName="by_confidence",
            KeyConditionExpression="pk = :pk AND confidence_key <= :bound",
            ExpressionAttributeValues={":pk": s(_pk(agent_id, memory_type)), ":bound": s(bound)},
            Limit=_QUERY_PAGE,
        ):
            for item in items:
                memory = _memory(item)
                if memory.confidence >= min_confidence and matches(memory.data, data_filter):
                    found.append(memory)
                    if len(found) == limit:
                        return found
        return found

    @unavailable_on_failure
    async def update_confidence(
        self,
        agent_id: str,
        memory_type: str,
        memory_id: str,
        confidence: float,
        reason: str,
        expected_version: int | None,
        now_us: int,
    ) -> LongTermMemory:
        def change(old: LongTermMemory | None) -> tuple[LongTermMemory, tuple[float, str]]:
            if old is None:
                raise NotFound("MEMORY_NOT_FOUND", f"no {memory_type} memory {memory_id!r}")
            memory = LongTermMemory(
                **{
                    **{name: getattr(old, name) for name in LongTermMemory.__slots__},
                    "confidence": confidence,
                    "version": old.version + 1,
                    "update_us": now_us,
                }
            )
            return memory, (old.confidence, reason)

        if expected_version:
            current = await self._read(agent_id, memory_type, memory_id)
            if current is None:
                raise VersionConflict(expected_version, 0)
        return await self._update(agent_id, memory_type, memory_id, expected_version, change, now_us)

    @unavailable_on_failure
    async def confidence_history(
        self, agent_id: str, memory_type: str, memory_id: str
    ) -> list[ConfidenceChange] | None:
        memory = await self._read(agent_id, memory_type, memory_id)
        if memory is None:
            return None
        changes: list[ConfidenceChange] = []
        async for items in pages(
            self._client.query,
            TableName=self._table,
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues={":pk": s(_history_pk(agent_id, memory_type, memory_id, memory.create_us))},
            ConsistentRead=True,
        ):
            changes += [
                ConfidenceChange(
                    previous_confidence=get_float(item, "previous_confidence"),
                    confidence=get_float(item, "confidence"),
                    reason=get_s(item, "reason"),
                    version=get_int(item, "version"),
                    change_us=get_int(item, "change_us"),
                )
                for item in items
            ]
        return changes

    @unavailable_on_failure
    async def delete(self, agent_id: str, memory_type: str, memory_id: str, expected_version: int | None) -> None:
        current = await self._read(agent_id, memory_type, memory_id)
        if current is None:
            if expected_version:
                raise VersionConflict(expected_version, 0)
            raise NotFound("MEMORY_NOT_FOUND", f"no {memory_type} memory {memory_id!r}")
        if expected_version is not None and expected_version != current.version:
            raise VersionConflict(expected_version, current.version)
        try:
            await self._client.delete_item(
                TableName=self._table,
                Key={"pk": s(_pk(agent_id, memory_type)), "sk": s(memory_id)},
                ConditionExpression="version = :v",
                ExpressionAttributeValues={":v": n(current.version)},
            )
        except ClientError as error:
            if not is_condition_failure(error):
                raise
            latest = await self._read(agent_id, memory_type, memory_id)
            raise VersionConflict(expected_version or current.version, latest.version if latest else 0) from None
        await self._delete_history(_history_pk(agent_id, memory_type, memory_id, current.create_us))

    async def _delete_history(self, pk: str) -> None:
        async for items in pages(
            self._client.query,
            TableName=self._table,
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues={":pk": s(pk)},
            ProjectionExpression="pk, sk",
        ):
            keys = [{"pk": item["pk"], "sk": item["sk"]} for item in items]
            for start in range(0, len(keys), 25):
                await batch_write(self._client, self._table, [{"DeleteRequest": {"Key": k}} for k in keys[start : start + 25]])


async def batch_write(client: Any, table: str, requests: list[dict[str, Any]]) -> None:
    """BatchWriteItem of up to 25 requests, retrying unprocessed items with backoff."""
    pending = {table: requests}
    for attempt in range(12):
        response = await client.batch_write_item(RequestItems=pending)
        pending = response.get("UnprocessedItems") or {}
        if not pending:
            return
        await asyncio.sleep(min(0.05 * 2**attempt, 2.0))
    raise ClientError({"Error": {"Code": "ThrottlingException", "Message": "unprocessed items"}}, "BatchWriteItem")
