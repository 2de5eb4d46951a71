"""The AWS stack's wiring: Redis (short-term memory, wake-ups), DynamoDB (the log, long-term
memory, state) and S3 (the archive). Imported only when the configured backend is aws, so an
embedded server never loads boto or redis."""

from __future__ import annotations

import contextlib
import math
import os
from collections.abc import AsyncIterator

import aioboto3
from aiobotocore.config import AioConfig
from botocore.exceptions import ClientError
from opentelemetry.sdk.trace import TracerProvider

from agentmemory_server import telemetry
from agentmemory_server.app import Stores, check_fixed_settings, rollup_spec
from agentmemory_server.config import Settings
from agentmemory_server.events.hub import EventHub
from agentmemory_server.events.redis_wakeups import RedisWakeups
from agentmemory_server.storage.dynamodb.agent_state import (
    DynamoAgentStateStore,
    DynamoLeaseStore,
    DynamoMetaStore,
    DynamoTokenStore,
)
from agentmemory_server.storage.dynamodb.decisions import DynamoDecisionStore
from agentmemory_server.storage.dynamodb.long_term import DynamoLongTermStore
from agentmemory_server.storage.dynamodb.tables import TableNames, ensure_tables
from agentmemory_server.storage.ports import ArchiveStore
from agentmemory_server.storage.redis.connect import connect as connect_redis
from agentmemory_server.storage.redis.short_term import RedisShortTermStore
from agentmemory_server.storage.s3.archive import S3ArchiveStore
from agentmemory_server.storage.s3.bucket import BucketPolicy, ensure_bucket


def aws_session() -> aioboto3.Session:
    # botocore reads AWS_DEFAULT_REGION; the other AWS SDKs (and Lambda, ECS) set AWS_REGION.
    return aioboto3.Session(region_name=os.environ.get("AWS_REGION") or None)


def aws_config() -> AioConfig:
    # Adaptive retries back off on throttling before a call gives up with UNAVAILABLE; short
    # connect and read timeouts make an unreachable store fail fast instead of hanging callers.
    return AioConfig(
        retries={"mode": "adaptive", "max_attempts": 3}, connect_timeout=2, read_timeout=10, tcp_keepalive=True
    )


async def open_aws(settings: Settings, hub: EventHub, tracing: TracerProvider | None = None) -> Stores:
    resources = contextlib.AsyncExitStack()
    try:
        dynamodb = await resources.enter_async_context(aws_session().client("dynamodb", config=aws_config()))
        telemetry.instrument_aws_client(dynamodb, tracing)
        names = TableNames.with_prefix(settings.table_prefix)
        telemetry.instrument_redis(tracing)
        redis_client = await connect_redis(settings.redis_url, cluster=settings.redis_cluster)
        resources.push_async_callback(redis_client.aclose)
        wakeups = RedisWakeups(settings.redis_url, hub)
        await wakeups.start()
        resources.push_async_callback(wakeups.close)
    except BaseException:
        await resources.aclose()
        raise
    meta = DynamoMetaStore(dynamodb, names.state)
    try:
        indexed = await meta.get_or_create("context_index_path", settings.context_index_path)
    except ClientError as error:
        await resources.aclose()
        if error.response["Error"]["Code"] != "ResourceNotFoundException":
            raise
        raise SystemExit(
            f"the DynamoDB tables {settings.table_prefix}* do not exist: run `agentmemory init-aws` first"
        ) from None
    if indexed != settings.context_index_path:
        await resources.aclose()
        raise SystemExit(
            f"AGENTMEMORY_CONTEXT_INDEX_PATH is {settings.context_index_path!r}, but the decisions in "
            f"{names.decisions} are indexed by {indexed!r}; the path is fixed once chosen"
        )
    archive: ArchiveStore | None = None
    if settings.archive_bucket:
        s3 = await resources.enter_async_context(aws_session().client("s3", config=aws_config()))
        telemetry.instrument_aws_client(s3, tracing)
        archive = S3ArchiveStore(s3, settings.archive_bucket)
    stores = Stores(
        short_term=RedisShortTermStore(redis_client),
        long_term=DynamoLongTermStore(dynamodb, names.memories),
        agent_state=DynamoAgentStateStore(dynamodb, names.state),
        decisions=DynamoDecisionStore(
            dynamodb,
            names.decisions,
            hot_retention_s=settings.hot_retention,
            event_retention_s=settings.event_retention,
            rollups=rollup_spec(settings),
            rollup_retention_s=settings.rollup_retention,
            context_index_path=indexed,
        ),
        meta=meta,
        tokens=DynamoTokenStore(dynamodb, names.state),
        leases=DynamoLeaseStore(dynamodb, names.state, keep_s=max(settings.consolidation_interval, 86400.0) * 2),
        archive=archive,
        notify=wakeups.notify,
        resources=resources,
    )
    await check_fixed_settings(settings, stores, f"the DynamoDB table {names.decisions}")
    return stores


async def init_aws(settings: Settings) -> list[str]:
    """Creates the tables (with indexes and TTL) and the archive bucket idempotently; returns
    what it did."""
    session = aws_session()
    async with session.client("dynamodb", config=aws_config()) as dynamodb:
        actions = await ensure_tables(dynamodb, TableNames.with_prefix(settings.table_prefix))
    if settings.archive_bucket:
        policy = BucketPolicy(
            archive_days=math.ceil(settings.archive_retention / 86400),
            compliance_days=math.ceil(settings.compliance_retention / 86400),
            object_lock_days=settings.archive_object_lock_days,
        )
        async with session.client("s3", config=aws_config()) as s3:
            actions += await ensure_bucket(s3, settings.archive_bucket, session.region_name, policy)
    return actions


@contextlib.asynccontextmanager
async def s3_archive(bucket: str) -> AsyncIterator[S3ArchiveStore]:
    async with aws_session().client("s3", config=aws_config()) as s3:
        yield S3ArchiveStore(s3, bucket)
