"""The query scenario's AWS-stack half: decisions seeded into a server's DynamoDB tables as the
DynamoDB adapter stores them, and the items DynamoDB reads for the first page of a QueryDecisions,
counted on the very Query calls the adapter makes: its query() runs on a client that passes every
call on and adds up the ScannedCount and Count that DynamoDB reports for each page.
"""

from __future__ import annotations

import asyncio
import dataclasses
import random
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aioboto3

from agentmemory_server.app import rollup_spec
from agentmemory_server.config import Settings
from agentmemory_server.core.days import DAY_US
from agentmemory_server.core.models import DecisionQuery, decision_to_json, now_us
from agentmemory_server.storage.dynamodb.codec import j
from agentmemory_server.storage.dynamodb.decisions import DynamoDecisionStore
from agentmemory_server.storage.dynamodb.long_term import batch_write
from agentmemory_server.storage.dynamodb.tables import TableNames
from bench import analytics

# Decisions built per round of the seed, and BatchWriteItem calls in flight (moto serves one
# request at a time; a few in flight keep it busy).
SEED_BATCH = 5000
SEED_IN_FLIGHT = 4


@asynccontextmanager
async def dynamodb(env: dict[str, str]) -> AsyncIterator[Any]:
    """A DynamoDB client on the endpoint and credentials of a server's environment (stack_env)."""
    session = aioboto3.Session(
        region_name=env["AWS_REGION"], aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
    )
    async with session.client("dynamodb", endpoint_url=env["AWS_ENDPOINT_URL_DYNAMODB"]) as client:
        yield client


def served_decisions(client: Any, env: dict[str, str]) -> DynamoDecisionStore:
    """The decision store as a server with this environment builds it (aws.open_aws), default
    settings otherwise: its table, rollups and context index path."""
    settings = Settings()
    return DynamoDecisionStore(
        client,
        TableNames.with_prefix(env["AGENTMEMORY_TABLE_PREFIX"]).decisions,
        hot_retention_s=settings.hot_retention,
        event_retention_s=settings.event_retention,
        rollups=rollup_spec(settings),
        rollup_retention_s=settings.rollup_retention,
        context_index_path=settings.context_index_path,
    )


async def seed(client: Any, env: dict[str, str], count: int, days: int = 30) -> tuple[float, int, int]:
    """`count` decisions of analytics.AGENT over `days` days with the contexts of the embedded
    seed (analytics.synthetic), stored as the adapter stores a new decision: the items its
    _decision_items builds (the decision, with its by_context key, and its id pointer), written
    with BatchWriteItem, SEED_IN_FLIGHT calls of 25 at a time. Not through append(): its
    transactions also append events and add to rollups, which no query reads, and moto takes
    about 2.6 ms per transaction item (100,000 decisions would take half an hour). Without
    outcomes, which no filter of the scenario looks at. Returns seconds taken, start and end."""
    end = now_us()
    start = end - days * DAY_US
    step = (end - start) // count
    rng = random.Random(7)
    store = served_decisions(client, env)
    table = TableNames.with_prefix(env["AGENTMEMORY_TABLE_PREFIX"]).decisions
    slots = asyncio.Semaphore(SEED_IN_FLIGHT)

    async def write(puts: list[dict[str, Any]]) -> None:
        async with slots:
            await batch_write(client, table, puts)

    began = time.perf_counter()
    for first in range(0, count, SEED_BATCH):
        puts = []
        for i in range(first, min(count, first + SEED_BATCH)):
            decision = dataclasses.replace(analytics.synthetic(i, start + i * step, rng), outcome=None)
            for entry in store._decision_items(decision, "", j(decision_to_json(decision))):
                puts.append({"PutRequest": {"Item": entry["Put"]["Item"]}})
        await asyncio.gather(*(write(puts[k : k + 25]) for k in range(0, len(puts), 25)))
    return time.perf_counter() - began, start, end


@dataclass
class Reads:
    """What DynamoDB reported for the Query calls of one adapter query."""

    calls: int = 0
    scanned: int = 0  # ScannedCount: items read (and billed) before any FilterExpression
    count: int = 0  # Count: items the calls returned
    indexes: set[str] = dataclasses.field(default_factory=set)  # IndexName of the calls ("" for the table)


class CountingClient:
    """Passes every call to `client`; adds up the ScannedCount and Count of its Query responses."""

    def __init__(self, client: Any) -> None:
        self._client = client
        self.reads = Reads()

    async def query(self, **request: Any) -> dict[str, Any]:
        response = await self._client.query(**request)
        self.reads.calls += 1
        self.reads.scanned += response["ScannedCount"]
        self.reads.count += response["Count"]
        self.reads.indexes.add(request.get("IndexName", ""))
        return response

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)


async def first_page_reads(client: Any, env: dict[str, str], query: DecisionQuery, page_size: int) -> tuple[Reads, list[str], bool]:
    """Runs the adapter's query for the first page of `query` as the server does, on a counting
    client: DynamoDB's reads, the ids returned, and whether a next page was offered."""
    counting = CountingClient(client)
    page = await served_decisions(counting, env).query(query, None, page_size)
    return counting.reads, [d.decision_id for d in page.decisions], page.resume_after is not None
