"""DecisionStore on DynamoDB.

Items of the decisions table (see tables.py):
  decision   pk `agent#type`, sk `<create_us>#<id>`; by_agent / by_outcome GSIs
  pointer    pk `agent#ID#<id>` -> the decision's key (GetDecision knows no type)
  request    pk `agent#REQ#<request_id>` -> decision id (idempotency, conditional put)
  child      pk `agent#CHILDREN#<parent id>`, sk `<create_us>#<child id>` -> the child's key
  (the by_context GSI keys decisions by `agent#<path>=<value>` of one configured context path,
  the original design's "market context" index)
  event      pk `agent#EVENTS`, sk `<seq>`: kind and a snapshot of the decision
  head       pk `agent#EVENTHEAD`: last_seq, the agent's event sequence
  rollup     pk `agent#ROLLUP#<C|S>#<H|D>` (context or choice cells, by hour or day), sk
             `<bucket start>#<cell digest>`: counts of one cell (core/rollups.py) in one hour or
             day, grown by ADD in the writes' transactions
  agent      pk `#AGENTS`, sk agent id: written with the agent's first event

Every write that logs a decision or records an outcome is one transaction that also appends the
agent's next events and moves the head on the condition that it has not moved: the sequence has
no gaps and no duplicates, whichever replica writes. Writers of one agent in this process queue
on a lock so they do not race each other for the head.
"""

from __future__ import annotations

import asyncio
import weakref
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from botocore.exceptions import ClientError

from agentmemory_server.core.errors import NotFound, OutcomeAlreadyRecorded
from agentmemory_server.core.jsonpath import MISSING, canonical, lookup, matches
from agentmemory_server.core.models import (
    Decision,
    DecisionEvent,
    DecisionKey,
    DecisionPage,
    DecisionQuery,
    EventBounds,
    EventKind,
    NewDecision,
    Outcome,
    OutcomeChange,
    SuccessFilter,
    decision_from_json,
    decision_to_json,
    now_us,
    outcome_to_json,
)
from agentmemory_server.core.rollups import (
    RollupCell,
    RollupCounts,
    RollupDelta,
    RollupRow,
    RollupSpec,
    merge_deltas,
)
from agentmemory_server.storage.dynamodb.codec import (
    Item,
    cancellation_reasons,
    get_int,
    get_json,
    get_s,
    j,
    n,
    padded,
    pages,
    s,
    unavailable_on_failure,
)

# DynamoDB allows 100 items per transaction; a decision takes 4 plus one per parent, and its
# rollup rows (an hour's and a day's) unless another decision of the chunk shares them.
_MAX_TRANSACTION_ITEMS = 100
_MAX_TRANSACTION_BYTES = 3_500_000
_HEAD_RACE_ATTEMPTS = 32
_QUERY_PAGE = 200
_MAX_SCANNED_PER_QUERY = 5000
_HIGHEST_SK = "9" * 20


def _sort_key(create_us: int, decision_id: str) -> str:
    return f"{padded(create_us)}#{decision_id}"


def _decision_key(decision: Decision) -> dict[str, dict[str, str]]:
    return {"pk": s(f"{decision.agent_id}#{decision.decision_type}"), "sk": s(_sort_key(decision.create_us, decision.decision_id))}


def _pointer_key(agent_id: str, decision_id: str) -> dict[str, dict[str, str]]:
    return {"pk": s(f"{agent_id}#ID#{decision_id}"), "sk": s("-")}


def _request_key(agent_id: str, request_id: str) -> dict[str, dict[str, str]]:
    return {"pk": s(f"{agent_id}#REQ#{request_id}"), "sk": s("-")}


def _head_key(agent_id: str) -> dict[str, dict[str, str]]:
    return {"pk": s(f"{agent_id}#EVENTHEAD"), "sk": s("-")}


def _events_pk(agent_id: str) -> str:
    return f"{agent_id}#EVENTS"


def _rollup_pk(agent_id: str, kind: str, granularity: str) -> str:
    return f"{agent_id}#ROLLUP#{kind}#{granularity}"


_AGENTS_PK = "#AGENTS"
# Metric sums and counts are top-level attributes: ADD does not reach into maps.
_METRIC_SUM = "metric_sum:"
_METRIC_COUNT = "metric_count:"


def _rollup_counts(item: Item) -> RollupCounts:
    return RollupCounts(
        total=get_int(item, "total", 0),
        succeeded=get_int(item, "succeeded", 0),
        failed=get_int(item, "failed", 0),
        latency_sum_us=get_int(item, "latency_sum_us", 0),
        latency_count=get_int(item, "latency_count", 0),
        metric_sums={name[len(_METRIC_SUM):]: float(value["N"]) for name, value in item.items() if name.startswith(_METRIC_SUM)},
        metric_counts={name[len(_METRIC_COUNT):]: int(value["N"]) for name, value in item.items() if name.startswith(_METRIC_COUNT)},
    )


def _decision_from_item(item: Item) -> Decision:
    document = get_json(item, "doc")
    if "outcome" in item:
        document["outcome"] = get_json(item, "outcome")
    return decision_from_json(document)


class _HeadMoved(Exception):
    """Another writer appended events first; read the head again and retry."""


class DynamoDecisionStore:
    def __init__(
        self,
        client: Any,
        table: str,
        *,
        hot_retention_s: float,
        event_retention_s: float,
        rollups: RollupSpec,
        rollup_retention_s: float,
        context_index_path: str | None = None,
    ) -> None:
        """`context_index_path` (a dotted context path, e.g. "market") is kept in the by_context
        GSI; queries whose context filter names it read only the matching decisions."""
        self._rollups = rollups
        self._rollup_retention_s = rollup_retention_s
        self._client = client
        self._table = table
        self._context_index_path = context_index_path
        self._hot_retention_s = hot_retention_s
        self._event_retention_s = event_retention_s
        # One lock per agent with writes in flight; a lock goes away with its last user.
        self._agent_locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    def _agent_lock(self, agent_id: str) -> asyncio.Lock:
        lock = self._agent_locks.get(agent_id)
        if lock is None:
            lock = self._agent_locks[agent_id] = asyncio.Lock()
        return lock

    def _expire_at(self, create_us: int, retention_s: float) -> dict[str, str]:
        return n(int(create_us / 1_000_000 + retention_s))

    # ------------------------------------------------------------------ reads

    async def _batch_get(self, keys: list[dict[str, Any]]) -> list[Item]:
        items: list[Item] = []
        for start in range(0, len(keys), 100):
            pending: dict[str, Any] = {self._table: {"Keys": keys[start : start + 100], "ConsistentRead": True}}
            for attempt in range(12):
                response = await self._client.batch_get_item(RequestItems=pending)
                items += response.get("Responses", {}).get(self._table, [])
                pending = response.get("UnprocessedKeys") or {}
                if not pending:
                    break
                await asyncio.sleep(min(0.05 * 2**attempt, 2.0))
        return items

    async def _decisions_by_pointer(self, agent_id: str, decision_ids: Sequence[str]) -> dict[str, Decision]:
        unique = sorted(set(decision_ids))
        pointers = await self._batch_get([_pointer_key(agent_id, i) for i in unique])
        targets = [{"pk": p["dpk"], "sk": p["dsk"]} for p in pointers]
        return {d.decision_id: d for d in map(_decision_from_item, await self._batch_get(targets))}

    @unavailable_on_failure
    async def get(self, agent_id: str, decision_id: str) -> Decision | None:
        return (await self._decisions_by_pointer(agent_id, [decision_id])).get(decision_id)

    @unavailable_on_failure
    async def get_many(self, agent_id: str, decision_ids: Sequence[str]) -> dict[str, Decision]:
        return await self._decisions_by_pointer(agent_id, decision_ids)

    @unavailable_on_failure
    async def children(self, agent_id: str, decision_ids: Sequence[str]) -> dict[str, list[Decision]]:
        found: dict[str, list[Decision]] = {}
        for parent in sorted(set(decision_ids)):
            links: list[Item] = []
            async for items in pages(
                self._client.query,
                TableName=self._table,
                KeyConditionExpression="pk = :pk",
                ExpressionAttributeValues={":pk": s(f"{agent_id}#CHILDREN#{parent}")},
                ConsistentRead=True,
            ):
                links += items
            decisions = await self._batch_get([{"pk": link["dpk"], "sk": link["dsk"]} for link in links])
            found[parent] = sorted(map(_decision_from_item, decisions), key=lambda d: (d.create_us, d.decision_id))
        return found

    @unavailable_on_failure
    async def query(self, query: DecisionQuery, after: DecisionKey | None, limit: int) -> DecisionPage:
        # Read just past one page first (enough when the filter matches most decisions), then
        # double the reads per round trip while a selective filter keeps the page short.
        request: dict[str, Any] = {"TableName": self._table, "ScanIndexForward": False, "Limit": min(limit + 1, _QUERY_PAGE)}
        indexed = self._context_index_path
        if indexed is not None and indexed in query.context_filter:
            request["IndexName"] = "by_context"
            partition = ("context_key", self._context_key(query.agent_id, query.context_filter[indexed]))
        elif query.decision_type:
            partition = ("pk", f"{query.agent_id}#{query.decision_type}")
        elif query.success in (SuccessFilter.SUCCEEDED, SuccessFilter.FAILED):
            request["IndexName"] = "by_outcome"
            flag = "1" if query.success is SuccessFilter.SUCCEEDED else "0"
            partition = ("agent_outcome", f"{query.agent_id}#{flag}")
        else:
            request["IndexName"] = "by_agent"
            partition = ("agent_id", query.agent_id)
        low = padded(query.start_us) if query.start_us is not None else "0"
        high = padded(query.end_us) if query.end_us is not None else _HIGHEST_SK
        after_sk = _sort_key(after.create_us, after.decision_id) if after is not None else None
        if after_sk is not None:
            high = min(high, after_sk)
        if high < low:
            return DecisionPage([], None)
        request["KeyConditionExpression"] = "#p = :p AND sk BETWEEN :low AND :high"
        request["ExpressionAttributeNames"] = {"#p": partition[0]}
        request["ExpressionAttributeValues"] = {":p": s(partition[1]), ":low": s(low), ":high": s(high)}
        if "IndexName" not in request:
            request["ConsistentRead"] = True

        found: list[Decision] = []
        scanned = 0
        last_examined: DecisionKey | None = None
        while True:
            response = await self._client.query(**request)
            for item in response.get("Items", []):
                sk = get_s(item, "sk")
                if sk == after_sk:
                    continue
                decision = _decision_from_item(item)
                if self._selected(decision, query):
                    if len(found) == limit:
                        # A match beyond the page: there is a next page, and it starts after
                        # the last decision returned.
                        return DecisionPage(found, DecisionKey(found[-1].create_us, found[-1].decision_id))
                    found.append(decision)
                last_examined = DecisionKey(decision.create_us, decision.decision_id)
                scanned += 1
                if scanned >= _MAX_SCANNED_PER_QUERY:
                    # A selective filter over a long range: hand back what we have and resume
                    # from here on the next page rather than read without bound.
                    return DecisionPage(found, last_examined)
            if not response.get("LastEvaluatedKey"):
                return DecisionPage(found, None)
            request["ExclusiveStartKey"] = response["LastEvaluatedKey"]
            request["Limit"] = min(request["Limit"] * 2, _QUERY_PAGE)

    def _context_key(self, agent_id: str, value: Any) -> str:
        return f"{agent_id}#{self._context_index_path}={canonical(value)}"

    @staticmethod
    def _selected(decision: Decision, query: DecisionQuery) -> bool:
        if query.decision_type and decision.decision_type != query.decision_type:
            return False
        if query.success is SuccessFilter.PENDING and decision.outcome is not None:
            return False
        if query.success is SuccessFilter.SUCCEEDED and (decision.outcome is None or not decision.outcome.success):
            return False
        if query.success is SuccessFilter.FAILED and (decision.outcome is None or decision.outcome.success):
            return False
        return matches(decision.context, query.context_filter)

    # ------------------------------------------------------------------ events

    async def _head(self, agent_id: str) -> int:
        response = await self._client.get_item(
            TableName=self._table, Key=_head_key(agent_id), ConsistentRead=True, ProjectionExpression="last_seq"
        )
        return get_int(response.get("Item", {}), "last_seq", 0)

    def _head_update(self, agent_id: str, last_seq: int, new_last: int) -> dict[str, Any]:
        update: dict[str, Any] = {
            "TableName": self._table,
            "Key": _head_key(agent_id),
            "UpdateExpression": "SET last_seq = :new",
            "ExpressionAttributeValues": {":new": n(new_last)},
        }
        if last_seq == 0:
            update["ConditionExpression"] = "attribute_not_exists(last_seq)"
        else:
            update["ConditionExpression"] = "last_seq = :old"
            update["ExpressionAttributeValues"][":old"] = n(last_seq)
        return {"Update": update}

    def _event_put(
        self, seq: int, kind: EventKind, agent_id: str, document: dict[str, str], at_us: int
    ) -> dict[str, Any]:
        """The event item; `document` is the decision's JSON attribute as of the event."""
        return {
            "Put": {
                "TableName": self._table,
                "Item": {
                    "pk": s(_events_pk(agent_id)),
                    "sk": s(padded(seq)),
                    "kind": s(kind.value),
                    "event_doc": document,
                    "create_us": n(at_us),
                    "expire_at": self._expire_at(at_us, self._event_retention_s),
                },
            }
        }

    def _retained_since_us(self) -> int:
        """Events logged before this are past retention: DynamoDB's TTL removes them eventually
        (within days), so reads treat them as gone already, as the embedded store's sweep does."""
        return now_us() - int(self._event_retention_s * 1_000_000)

    async def _retained_events(self, agent_id: str, after_seq: int, limit: int) -> list[Item]:
        found: list[Item] = []
        async for items in pages(
            self._client.query,
            TableName=self._table,
            KeyConditionExpression="pk = :pk AND sk > :after",
            FilterExpression="create_us >= :since",
            ExpressionAttributeValues={
                ":pk": s(_events_pk(agent_id)),
                ":after": s(padded(after_seq)),
                ":since": n(self._retained_since_us()),
            },
            ConsistentRead=True,
            Limit=limit,
        ):
            found += items
            if len(found) >= limit:
                break
        return found[:limit]

    @unavailable_on_failure
    async def read_events(self, agent_id: str, after_seq: int, limit: int) -> list[DecisionEvent]:
        return [
            DecisionEvent(
                agent_id,
                int(get_s(item, "sk")),
                EventKind(get_s(item, "kind")),
                decision_from_json(get_json(item, "event_doc")),
            )
            for item in await self._retained_events(agent_id, after_seq, limit)
        ]

    def held_events(self, agent_id: str, after_seq: int, limit: int) -> list[DecisionEvent] | None:
        # Replicas share the table, and only it knows what another one committed.
        return None

    @unavailable_on_failure
    async def event_bounds(self, agent_id: str) -> EventBounds:
        latest = await self._head(agent_id)
        first = await self._retained_events(agent_id, 0, 1)
        # Whatever removed older events (retention, TTL, prune_events), the oldest resumable
        # cursor is the one just before the first event still held.
        oldest = int(get_s(first[0], "sk")) - 1 if first else latest
        return EventBounds(oldest, latest)

    @unavailable_on_failure
    async def prune_events(self, before_us: int) -> int:
        """In production DynamoDB's TTL (`expire_at`) removes events; this explicit sweep scans."""
        removed = 0
        async for items in pages(
            self._client.scan,
            TableName=self._table,
            FilterExpression="attribute_exists(event_doc) AND create_us < :before",
            ExpressionAttributeValues={":before": n(before_us)},
            ProjectionExpression="pk, sk",
        ):
            for item in items:
                await self._client.delete_item(TableName=self._table, Key={"pk": item["pk"], "sk": item["sk"]})
                removed += 1
        return removed

    async def forget_archived(self, agent_id: str, before_us: int) -> int:
        # DynamoDB's TTL removes each decision, with its pointer, request id and links, at its
        # create time + hot retention (`expire_at`): after the archiver has run.
        return 0

    # ------------------------------------------------------------------ rollups

    def _rollup_updates(self, deltas: Sequence[RollupDelta]) -> list[dict[str, Any]]:
        updates: list[dict[str, Any]] = []
        for agent_id, cell, granularity, bucket_us, counts in merge_deltas(deltas):
            # Every name goes through a placeholder: several (total, ...) are reserved words.
            names = {"#type": "decision_type", "#group": "grp", "#choice": "choice", "#expire": "expire_at"}
            values: dict[str, Any] = {
                ":type": s(cell.decision_type),
                ":group": s(cell.group),
                ":choice": s(cell.choice),
                ":expire": self._expire_at(bucket_us, self._rollup_retention_s),
            }
            added = []
            for name, amount in (
                ("total", counts.total),
                ("succeeded", counts.succeeded),
                ("failed", counts.failed),
                ("latency_sum_us", counts.latency_sum_us),
                ("latency_count", counts.latency_count),
            ):
                names[f"#{name}"], values[f":{name}"] = name, n(amount)
                added.append(f"#{name} :{name}")
            for index, name in enumerate(sorted(counts.metric_counts)):
                names[f"#ms{index}"], names[f"#mc{index}"] = _METRIC_SUM + name, _METRIC_COUNT + name
                values[f":ms{index}"] = n(counts.metric_sums.get(name, 0.0))
                values[f":mc{index}"] = n(counts.metric_counts[name])
                added += [f"#ms{index} :ms{index}", f"#mc{index} :mc{index}"]
            updates.append(
                {
                    "Update": {
                        "TableName": self._table,
                        "Key": {
                            "pk": s(_rollup_pk(agent_id, cell.kind, granularity)),
                            "sk": s(f"{padded(bucket_us)}#{cell.digest}"),
                        },
                        "UpdateExpression": "SET #type = :type, #group = :group, #choice = :choice, #expire = :expire "
                        f"ADD {', '.join(added)}",
                        "ExpressionAttributeNames": names,
                        "ExpressionAttributeValues": values,
                    }
                }
            )
        return updates

    @unavailable_on_failure
    async def read_rollups(
        self, agent_id: str, kind: str, granularity: str, start_us: int, end_us: int
    ) -> list[RollupRow]:
        if end_us <= start_us:
            return []
        rows: list[RollupRow] = []
        async for items in pages(
            self._client.query,
            TableName=self._table,
            KeyConditionExpression="pk = :pk AND sk BETWEEN :low AND :high",
            ExpressionAttributeValues={
                ":pk": s(_rollup_pk(agent_id, kind, granularity)),
                ":low": s(padded(start_us)),
                ":high": s(f"{padded(end_us - 1)}#~"),
            },
        ):
            for item in items:
                cell = RollupCell(kind, get_s(item, "decision_type"), get_s(item, "grp"), get_s(item, "choice"))
                bucket = int(get_s(item, "sk").split("#", 1)[0])
                rows.append(RollupRow(granularity, bucket, cell, _rollup_counts(item)))
        return rows

    @unavailable_on_failure
    async def agent_ids(self) -> list[str]:
        found: list[str] = []
        async for items in pages(
            self._client.query,
            TableName=self._table,
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues={":pk": s(_AGENTS_PK)},
            ProjectionExpression="sk",
        ):
            found += [get_s(item, "sk") for item in items]
        return sorted(found)

    # ------------------------------------------------------------------ writes

    def _decision_items(self, decision: Decision, request_id: str, document: dict[str, str]) -> list[dict[str, Any]]:
        """The items that store a new decision; `document` is its JSON attribute (a new decision
        has no outcome, so the same text serves the decision item and its logged event)."""
        key = _decision_key(decision)
        expire_at = self._expire_at(decision.create_us, self._hot_retention_s)
        item: Item = {
            **key,
            "agent_id": s(decision.agent_id),
            "decision_id": s(decision.decision_id),
            "doc": document,
            "create_us": n(decision.create_us),
            "expire_at": expire_at,
        }
        if self._context_index_path is not None:
            indexed = lookup(decision.context, self._context_index_path)
            if indexed is not MISSING:
                item["context_key"] = s(self._context_key(decision.agent_id, indexed))
        items: list[dict[str, Any]] = [
            {"Put": {"TableName": self._table, "Item": item, "ConditionExpression": "attribute_not_exists(pk)"}},
            {
                "Put": {
                    "TableName": self._table,
                    "Item": {**_pointer_key(decision.agent_id, decision.decision_id), "dpk": key["pk"], "dsk": key["sk"], "expire_at": expire_at},
                }
            },
        ]
        if request_id:
            items.append(
                {
                    "Put": {
                        "TableName": self._table,
                        "Item": {**_request_key(decision.agent_id, request_id), "decision_id": s(decision.decision_id), "expire_at": expire_at},
                        "ConditionExpression": "attribute_not_exists(pk)",
                    }
                }
            )
        for parent in decision.parent_decision_ids:
            items.append(
                {
                    "Put": {
                        "TableName": self._table,
                        "Item": {
                            "pk": s(f"{decision.agent_id}#CHILDREN#{parent}"),
                            "sk": key["sk"],
                            "dpk": key["pk"],
                            "dsk": key["sk"],
                            "expire_at": expire_at,
                        },
                    }
                }
            )
        return items

    async def _transact(self, agent_id: str, last_seq: int, new_last: int, items: list[dict[str, Any]]) -> None:
        """Runs the items plus the head move; raises _HeadMoved when another writer won, or
        ClientError for anything else (with cancellation reasons in the same order as items)."""
        if last_seq == 0:
            items = [*items, {"Put": {"TableName": self._table, "Item": {"pk": s(_AGENTS_PK), "sk": s(agent_id)}}}]
        try:
            await self._client.transact_write_items(TransactItems=[self._head_update(agent_id, last_seq, new_last), *items])
        except ClientError as error:
            reasons = cancellation_reasons(error)
            if reasons and reasons[0] == "ConditionalCheckFailed":
                raise _HeadMoved from error
            raise

    async def _existing_requests(self, agent_id: str, request_ids: Sequence[str]) -> dict[str, Decision]:
        unique = sorted({r for r in request_ids if r})
        if not unique:
            return {}
        items = await self._batch_get([_request_key(agent_id, r) for r in unique])
        by_request = {get_s(i, "pk").split("#REQ#", 1)[1]: get_s(i, "decision_id") for i in items}
        decisions = await self._decisions_by_pointer(agent_id, list(by_request.values()))
        return {r: decisions[d] for r, d in by_request.items() if d in decisions}

    async def _append_agent(self, agent_id: str, drafts: list[NewDecision]) -> dict[int, Decision]:
        """Stores one agent's decisions; returns them by position in `drafts`."""
        result: dict[int, Decision] = {}
        for _ in range(_HEAD_RACE_ATTEMPTS):
            existing = await self._existing_requests(agent_id, [d.request_id for d in drafts])
            todo: list[tuple[int, NewDecision]] = []
            claimed: dict[str, Decision] = {}
            for position, draft in enumerate(drafts):
                if position in result:
                    continue
                earlier = existing.get(draft.request_id) or claimed.get(draft.request_id)
                if draft.request_id and earlier is not None:
                    result[position] = earlier
                    continue
                if draft.request_id:
                    claimed[draft.request_id] = draft.decision
                todo.append((position, draft))
            if not todo:
                return result
            try:
                await self._write_chunks(agent_id, todo, result)
                return result
            except _HeadMoved:
                continue
            except ClientError as error:
                # A request id claimed concurrently by another writer: re-resolve and retry.
                if "ConditionalCheckFailed" not in cancellation_reasons(error):
                    raise
        raise ClientError({"Error": {"Code": "ThrottlingException", "Message": "event head contention"}}, "TransactWriteItems")

    async def _write_chunks(self, agent_id: str, todo: list[tuple[int, NewDecision]], result: dict[int, Decision]) -> None:
        # (position, draft, its items, its JSON document), and the chunk's item count and bytes
        chunk: list[tuple[int, NewDecision, list[dict[str, Any]], dict[str, str]]] = []
        items_in_chunk = 2  # the head update, and the agent's registration with its first event
        size = 0
        deltas: list[RollupDelta] = []  # the chunk's rollup deltas
        rollup_rows: set[tuple[str, RollupCell, int]] = set()  # the rows they add to: (granularity, cell, bucket)

        async def flush() -> None:
            nonlocal chunk, items_in_chunk, size, deltas
            if not chunk:
                return
            last_seq = await self._head(agent_id)
            items: list[dict[str, Any]] = []
            for offset, (_, draft, decision_items, document) in enumerate(chunk, start=1):
                items += decision_items
                items.append(
                    self._event_put(last_seq + offset, EventKind.DECISION_LOGGED, agent_id, document, draft.decision.create_us)
                )
            items += self._rollup_updates(deltas)
            await self._transact(agent_id, last_seq, last_seq + len(chunk), items)
            for position, draft, _, _ in chunk:
                result[position] = draft.decision
            chunk, items_in_chunk, size, deltas = [], 2, 0, []
            rollup_rows.clear()

        for position, draft in todo:
            document = j(decision_to_json(draft.decision))
            decision_items = self._decision_items(draft.decision, draft.request_id, document)
            new_deltas = self._rollups.for_new(draft.decision)
            rows = {(granularity, delta.cell, bucket) for delta in new_deltas for granularity, bucket in delta.buckets()}
            new_rows = rows - rollup_rows
            count = len(decision_items) + 1 + len(new_rows)  # and its event and rollup rows
            weight = 2 * len(document["S"])
            if chunk and (items_in_chunk + count > _MAX_TRANSACTION_ITEMS or size + weight > _MAX_TRANSACTION_BYTES):
                await flush()
                new_rows = rows
                count = len(decision_items) + 1 + len(new_rows)
            chunk.append((position, draft, decision_items, document))
            deltas += new_deltas
            rollup_rows |= new_rows
            items_in_chunk += count
            size += weight
        await flush()

    @unavailable_on_failure
    async def append(
        self, decisions: Sequence[NewDecision], committed: Callable[[], None] | None = None
    ) -> list[Decision]:
        by_agent: defaultdict[str, list[int]] = defaultdict(list)
        for position, draft in enumerate(decisions):
            by_agent[draft.decision.agent_id].append(position)
        stored: dict[int, Decision] = {}
        for agent_id, positions in by_agent.items():
            async with self._agent_lock(agent_id):
                placed = await self._append_agent(agent_id, [decisions[p] for p in positions])
            stored.update({positions[i]: d for i, d in placed.items()})
        if committed is not None:
            committed()
        return [stored[p] for p in range(len(decisions))]

    @unavailable_on_failure
    async def record_outcome(
        self,
        agent_id: str,
        decision_id: str,
        outcome: Outcome,
        overwrite: bool,
        committed: Callable[[], None] | None = None,
    ) -> OutcomeChange:
        async with self._agent_lock(agent_id):
            for _ in range(_HEAD_RACE_ATTEMPTS):
                current = await self.get(agent_id, decision_id)
                if current is None:
                    raise NotFound("DECISION_NOT_FOUND", f"no decision {decision_id!r}")
                if current.outcome is not None and not overwrite:
                    raise OutcomeAlreadyRecorded(f"decision {decision_id!r} already has an outcome; set overwrite to replace it")
                updated = Decision(**{name: getattr(current, name) for name in Decision.__slots__ if name != "outcome"}, outcome=outcome)
                update: dict[str, Any] = {
                    "TableName": self._table,
                    "Key": _decision_key(current),
                    "UpdateExpression": "SET outcome = :o, success = :s, agent_outcome = :ao",
                    "ExpressionAttributeValues": {
                        ":o": j(outcome_to_json(outcome)),
                        ":s": n(int(outcome.success)),
                        ":ao": s(f"{agent_id}#{int(outcome.success)}"),
                    },
                }
                if current.outcome is None:
                    update["ConditionExpression"] = "attribute_exists(pk) AND attribute_not_exists(outcome)"
                else:
                    update["ConditionExpression"] = "outcome = :previous"
                    update["ExpressionAttributeValues"][":previous"] = j(outcome_to_json(current.outcome))
                last_seq = await self._head(agent_id)
                try:
                    await self._transact(
                        agent_id,
                        last_seq,
                        last_seq + 1,
                        [
                            {"Update": update},
                            self._event_put(
                                last_seq + 1, EventKind.OUTCOME_RECORDED, agent_id, j(decision_to_json(updated)), outcome.record_us
                            ),
                            *self._rollup_updates(self._rollups.for_outcome(current, current.outcome, outcome)),
                        ],
                    )
                except _HeadMoved:
                    continue
                except ClientError as error:
                    if "ConditionalCheckFailed" in cancellation_reasons(error):
                        continue  # another outcome landed first: look again
                    raise
                if committed is not None:
                    committed()
                return OutcomeChange(updated, current.outcome)
        raise ClientError({"Error": {"Code": "ThrottlingException", "Message": "event head contention"}}, "TransactWriteItems")
