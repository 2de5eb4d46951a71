"""One storage conformance suite, run against every adapter (SpiceDB's test.All).

Each port has one fixture, parametrized over the backends that implement it; a test asks for the
ports it exercises. A new adapter is done when this suite passes against it. Backends that need
a server read its address from the environment `scripts/services.sh` prints; `make test` starts
the servers and sets AGENTMEMORY_TEST_REQUIRE_SERVICES, so a missing server fails instead of
skipping.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aioboto3
import pytest

from agentmemory_server.core.rollups import RollupSpec
from agentmemory_server.storage.dynamodb.agent_state import (
    DynamoAgentStateStore,
    DynamoLeaseStore,
    DynamoMetaStore,
    DynamoTokenStore,
)
from agentmemory_server.storage.dynamodb.decisions import DynamoDecisionStore
from agentmemory_server.storage.dynamodb.long_term import DynamoLongTermStore
from agentmemory_server.storage.dynamodb.tables import TableNames, ensure_tables
from agentmemory_server.storage.embedded.archive import LocalArchiveStore
from agentmemory_server.storage.embedded.store import EmbeddedStore
from agentmemory_server.storage.s3.archive import S3ArchiveStore
from agentmemory_server.storage.s3.bucket import BucketPolicy, ensure_bucket
from agentmemory_server.storage.redis.connect import connect
from agentmemory_server.storage.redis.short_term import RedisShortTermStore


# The rollup dimensions every decision-store fixture counts by (the server's defaults).
ROLLUPS = RollupSpec(("market.volatility", "market.trend", "trading_hours"), "reasoning.selected")


def service_url(variable: str) -> str:
    url = os.environ.get(variable)
    if url:
        return url
    if os.environ.get("AGENTMEMORY_TEST_REQUIRE_SERVICES"):
        pytest.fail(f"{variable} is not set: start the test servers with scripts/services.sh start")
    pytest.skip(f"{variable} is not set (run scripts/services.sh start)")


@pytest.fixture
async def embedded_store(tmp_path: Path) -> AsyncIterator[EmbeddedStore]:
    store = EmbeddedStore(tmp_path / "conformance.sqlite3", ROLLUPS)
    await store.open()
    yield store
    await store.close()


@pytest.fixture(params=["embedded", "redis", "redis-cluster"])
async def short_term(request: pytest.FixtureRequest, embedded_store: EmbeddedStore) -> AsyncIterator[object]:
    if request.param == "embedded":
        yield embedded_store.short_term
        return
    cluster = request.param == "redis-cluster"
    url = service_url("AGENTMEMORY_TEST_REDIS_CLUSTER_URL" if cluster else "AGENTMEMORY_TEST_REDIS_URL")
    client = await connect(url, cluster=cluster)
    yield RedisShortTermStore(client)
    await client.aclose()


@pytest.fixture(scope="session")
async def dynamodb() -> AsyncIterator[tuple[Any, TableNames]]:
    """A DynamoDB client on the test server and a fresh set of tables for this run."""
    endpoint = service_url("AGENTMEMORY_TEST_AWS_ENDPOINT")
    session = aioboto3.Session(aws_access_key_id="test", aws_secret_access_key="test", region_name="us-east-1")
    async with session.client("dynamodb", endpoint_url=endpoint) as client:
        names = TableNames.with_prefix(f"conformance-{uuid.uuid4().hex[:8]}-")
        await ensure_tables(client, names)
        yield client, names


@pytest.fixture(params=["embedded", "dynamodb"])
def long_term(request: pytest.FixtureRequest, embedded_store: EmbeddedStore) -> object:
    if request.param == "embedded":
        return embedded_store.long_term
    client, names = request.getfixturevalue("dynamodb")
    return DynamoLongTermStore(client, names.memories)


@pytest.fixture(params=["embedded", "dynamodb"])
def agent_state(request: pytest.FixtureRequest, embedded_store: EmbeddedStore) -> object:
    if request.param == "embedded":
        return embedded_store.agent_state
    client, names = request.getfixturevalue("dynamodb")
    return DynamoAgentStateStore(client, names.state)


@pytest.fixture
async def embedded_store_reading_the_log(tmp_path: Path) -> AsyncIterator[EmbeddedStore]:
    """An embedded store that holds no recent events: its every event read reads the log."""
    store = EmbeddedStore(tmp_path / "conformance-log.sqlite3", ROLLUPS, recent_event_agents=0)
    await store.open()
    yield store
    await store.close()


# "embedded" answers reads of recent events from memory; "embedded-log" reads them back from SQLite.
@pytest.fixture(params=["embedded", "embedded-log", "dynamodb"])
def decisions(request: pytest.FixtureRequest, embedded_store: EmbeddedStore) -> object:
    if request.param == "embedded":
        return embedded_store.decisions
    if request.param == "embedded-log":
        return request.getfixturevalue("embedded_store_reading_the_log").decisions
    client, names = request.getfixturevalue("dynamodb")
    return DynamoDecisionStore(
        client,
        names.decisions,
        hot_retention_s=90 * 86400,
        event_retention_s=7 * 86400,
        rollups=ROLLUPS,
        rollup_retention_s=400 * 86400,
        context_index_path="market.trend",
    )


@pytest.fixture(params=["embedded", "dynamodb"])
def meta(request: pytest.FixtureRequest, embedded_store: EmbeddedStore) -> object:
    if request.param == "embedded":
        return embedded_store.meta
    client, names = request.getfixturevalue("dynamodb")
    return DynamoMetaStore(client, names.state)


@pytest.fixture(params=["embedded", "dynamodb"])
def leases(request: pytest.FixtureRequest, embedded_store: EmbeddedStore) -> object:
    if request.param == "embedded":
        return embedded_store.leases
    client, names = request.getfixturevalue("dynamodb")
    return DynamoLeaseStore(client, names.state, keep_s=86400)


@pytest.fixture(params=["embedded", "dynamodb"])
def tokens(request: pytest.FixtureRequest, embedded_store: EmbeddedStore) -> object:
    if request.param == "embedded":
        return embedded_store.tokens
    client, names = request.getfixturevalue("dynamodb")
    return DynamoTokenStore(client, names.state)


@pytest.fixture(scope="session")
async def s3() -> AsyncIterator[tuple[Any, str, list[str]]]:
    """An S3 client on the test server, a fresh bucket, and a log of the object keys it GETs."""
    endpoint = service_url("AGENTMEMORY_TEST_AWS_ENDPOINT")
    session = aioboto3.Session(aws_access_key_id="test", aws_secret_access_key="test", region_name="us-east-1")
    async with session.client("s3", endpoint_url=endpoint) as client:
        bucket = f"conformance-{uuid.uuid4().hex[:8]}"
        policy = BucketPolicy(archive_days=365, compliance_days=7 * 365, object_lock_days=None)
        assert (await ensure_bucket(client, bucket, "us-east-1", policy))[0] == f"created bucket {bucket}"
        assert await ensure_bucket(client, bucket, "us-east-1", policy) == []
        reads: list[str] = []
        client.meta.events.register(
            "before-parameter-build.s3.GetObject", lambda params, **_: reads.append(params["Key"])
        )
        yield client, bucket, reads


@pytest.fixture(params=["local", "s3"])
def archive(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[object, list[str] | None]:
    """An archive store and, where the adapter can be observed, the keys of the objects it read."""
    if request.param == "local":
        return LocalArchiveStore(tmp_path / "archive"), None
    client, bucket, reads = request.getfixturevalue("s3")
    reads.clear()
    return S3ArchiveStore(client, bucket), reads
