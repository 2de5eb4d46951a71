"""The archive end to end, on both stacks: the server's maintenance loop archives the days past
hot retention; once the hot log has let them go, QueryDecisions with include_archive still
answers for them; `agentmemory verify-archive` reports OK, and the first mismatch after
tampering."""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aioboto3
import pytest
import pytest_asyncio
from google.protobuf import timestamp_pb2

from agentmemory.v1 import memory_pb2 as m
from agentmemory_server import app
from agentmemory_server.config import Settings
from agentmemory_server.core import days
from agentmemory_server.core.decisions import new_decision_id
from agentmemory_server.core.models import Decision, NewDecision, now_us
from agentmemory_server.storage.dynamodb.decisions import DynamoDecisionStore
from agentmemory_server.storage.embedded.archive import LocalArchiveStore
from agentmemory_server.storage.embedded.store import EmbeddedStore
from agentmemory_server.storage.ports import ArchiveStore
from agentmemory_server.storage.s3.archive import S3ArchiveStore

from tests.support.server import REPO, ServerProcess, stack_env

from .helpers import Client, DeadlineStub, ids, log, new_agent_id, query_all, struct

# Days ago of the seeded decisions: all past the default 90-day hot retention.
OLD = (100, 100, 97, 95)


@dataclass
class ArchivingServer:
    server: ServerProcess
    client: Client
    archive: ArchiveStore
    agent: str
    old: list[Decision]
    # Overwrites one stored archive object, as someone tampering with the archive would.
    overwrite: Any


def timestamp(at_us: int) -> timestamp_pb2.Timestamp:
    stamp = timestamp_pb2.Timestamp()
    stamp.FromMicroseconds(at_us)
    return stamp


def seeded(agent: str) -> list[Decision]:
    start = now_us()
    return [
        Decision(
            new_decision_id(), agent, "SOURCE_SELECTION", start - ago * days.DAY_US + i,
            context={"market": {"trend": "bullish" if i % 2 else "bearish"}},
        )
        for i, ago in enumerate(OLD)
    ]


async def seed_embedded(server: ServerProcess, decisions: list[Decision]) -> None:
    """Decisions logged months ago (the API stamps the current time, so they go in as the server
    stores them, before it starts)."""
    store = EmbeddedStore(server.data_dir / "agentmemory.sqlite3", app.rollup_spec(Settings()))
    await store.open()
    try:
        await store.decisions.append([NewDecision(d) for d in decisions])
    finally:
        await store.close()


def aws_session() -> aioboto3.Session:
    return aioboto3.Session(aws_access_key_id="test", aws_secret_access_key="test", region_name="us-east-1")


def decision_store(dynamodb: Any, env: dict[str, str]) -> DynamoDecisionStore:
    defaults = Settings()
    return DynamoDecisionStore(
        dynamodb,
        f"{env['AGENTMEMORY_TABLE_PREFIX']}decisions",
        hot_retention_s=defaults.hot_retention,
        event_retention_s=defaults.event_retention,
        rollups=app.rollup_spec(defaults),
        rollup_retention_s=defaults.rollup_retention,
        context_index_path=defaults.context_index_path,
    )


async def expire_like_dynamodb_ttl(dynamodb: Any, table: str) -> None:
    """What DynamoDB's TTL does within a day or two of `expire_at` (moto keeps expired items)."""
    paginator = dynamodb.get_paginator("scan")
    async for page in paginator.paginate(
        TableName=table, FilterExpression="expire_at < :now", ExpressionAttributeValues={":now": {"N": str(now_us() // 1_000_000)}}
    ):
        for item in page["Items"]:
            await dynamodb.delete_item(TableName=table, Key={"pk": item["pk"], "sk": item["sk"]})


async def wait_archived(archive: ArchiveStore, agent: str, day: str, server: ServerProcess) -> None:
    for _ in range(300):
        watermark = await archive.watermark(agent)
        if watermark is not None and watermark.digest_day == day:
            return
        await asyncio.sleep(0.1)
    pytest.fail(f"the server did not archive {day} for {agent}:\n{server.output()}")


async def wait_forgotten(client: Client, agent: str, old: list[Decision]) -> None:
    """The archiver moves its watermark first and lets the hot log forget the archived days
    after: until then the hot copies answer (and de-duplicate away the archive's)."""
    old_range = {"start_time": timestamp(old[0].create_us - 1), "end_time": timestamp(old[-1].create_us + 1)}
    for _ in range(300):
        if not (await query_all(client.decisions, agent, **old_range))[0]:
            return
        await asyncio.sleep(0.1)
    pytest.fail("the hot log still holds the archived decisions")


@pytest_asyncio.fixture(loop_scope="session")
async def archiving(stack: str, tmp_path) -> AsyncIterator[ArchivingServer]:
    agent = new_agent_id("archive")
    old = seeded(agent)
    # The maintenance loop runs its first round (and with it the archiver) at once.
    env = {**stack_env(stack, "archive"), "AGENTMEMORY_STM_SWEEP_INTERVAL": "0.2"}
    async with contextlib.AsyncExitStack() as resources:
        if stack == "aws":
            env["AGENTMEMORY_ARCHIVE_BUCKET"] = f"archive-{uuid.uuid4().hex[:8]}"
        server = ServerProcess(tmp_path / "data", env)
        await server.prepare()
        if stack == "embedded":
            await seed_embedded(server, old)
            archive: ArchiveStore = LocalArchiveStore(server.data_dir / "archive")

            async def overwrite(key: str, body: bytes) -> None:
                (server.data_dir / "archive" / key).write_bytes(body)
        else:
            session = aws_session()
            dynamodb = await resources.enter_async_context(session.client("dynamodb", endpoint_url=env["AWS_ENDPOINT_URL_DYNAMODB"]))
            s3 = await resources.enter_async_context(session.client("s3", endpoint_url=env["AWS_ENDPOINT_URL_S3"]))
            await decision_store(dynamodb, env).append([NewDecision(d) for d in old])
            archive = S3ArchiveStore(s3, env["AGENTMEMORY_ARCHIVE_BUCKET"])

            async def overwrite(key: str, body: bytes) -> None:
                await s3.put_object(Bucket=env["AGENTMEMORY_ARCHIVE_BUCKET"], Key=key, Body=body, ChecksumAlgorithm="SHA256")

        server.launch()
        await server.wait_serving()
        client = await Client.connect(server.address)
        try:
            await wait_archived(archive, agent, days.day_of(old[-1].create_us), server)
            if stack == "aws":
                await expire_like_dynamodb_ttl(dynamodb, f"{env['AGENTMEMORY_TABLE_PREFIX']}decisions")
            await wait_forgotten(client, agent, old)
            yield ArchivingServer(server, client, archive, agent, old, overwrite)
        finally:
            await client.close()
            assert await server.stop() == 0, server.output()
        assert "archived 3 agent-days of decisions" in server.output()
        assert "Traceback" not in server.output(), server.output()


def verify_archive(server: ServerProcess, agent: str, first: str, last: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "agentmemory_server", "verify-archive", "--agent", agent, "--from", first, "--to", last],
        env=server.env(), cwd=str(REPO), capture_output=True, text=True, timeout=60,
    )


async def test_a_range_older_than_hot_retention_answers_from_the_archive(archiving):
    decisions: DeadlineStub = archiving.client.decisions
    agent, old = archiving.agent, archiving.old
    recent = [await log(decisions, agent, decision_type="SOURCE_SELECTION", context={"market": {"trend": "bullish"}}) for _ in range(3)]
    old_range = {"start_time": timestamp(old[0].create_us - 1), "end_time": timestamp(old[-1].create_us + 1)}
    newest_old_first = [d.decision_id for d in reversed(old)]

    # The hot log has let the archived days go (the embedded store deleted them once archived;
    # on AWS, DynamoDB's TTL).
    found, _ = await query_all(decisions, agent, **old_range)
    assert found == []
    found, pages = await query_all(decisions, agent, page_size=3, include_archive=True, **old_range)
    assert ids(found) == newest_old_first
    assert [len(p) for p in pages] == [3, 1]
    assert found[0].context["market"]["trend"] == "bullish"

    # Without a range: the hot log first, then the archive, newest first, each decision once.
    found, _ = await query_all(decisions, agent, page_size=2, include_archive=True)
    assert ids(found) == ids(reversed(recent)) + newest_old_first
    bullish = await query_all(
        decisions, agent, page_size=2, include_archive=True, context_filter=struct({"market.trend": "bullish"})
    )
    assert ids(bullish[0]) == ids(reversed(recent)) + [d.decision_id for d in reversed(old) if d.context["market"]["trend"] == "bullish"]


async def test_verify_archive_reports_ok_then_the_first_tampered_object(archiving):
    agent, old = archiving.agent, archiving.old
    first, last = days.day_of(old[0].create_us), days.day_of(old[-1].create_us)
    done = verify_archive(archiving.server, agent, first, last)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == f"OK: agent {agent}, {first} to {last}: 3 digests, 3 objects (6 copies) match"

    (tampered,) = await archiving.archive.objects(agent, days.day_of(old[2].create_us))
    await archiving.overwrite(tampered.compliance_key, b"not what was archived")
    done = verify_archive(archiving.server, agent, first, last)
    assert done.returncode == 1
    assert done.stdout.startswith(f"MISMATCH: object {tampered.compliance_key} (digest of {days.day_of(old[2].create_us)}) does not match")

    unknown = verify_archive(archiving.server, "nobody-archived", first, last)
    assert unknown.returncode == 1 and "has no archive watermark" in unknown.stdout
    backwards = verify_archive(archiving.server, agent, last, first)
    assert backwards.returncode == 2 and "--to must not be before --from" in backwards.stderr


async def test_recall_reads_the_archive_tier_newest_first(archiving):
    agent, old = archiving.agent, archiving.old
    request = m.RecallContextRequest(
        agent_id=agent,
        start_time=timestamp(old[0].create_us - 1),
        end_time=timestamp(now_us()),
        context_filter=struct({"market.trend": "bullish"}),
    )
    recalled = [item async for item in archiving.client.memory.RecallContext(request)]
    bullish = [d.decision_id for d in reversed(old) if d.context["market"]["trend"] == "bullish"]
    assert [(item.level, item.decision.decision_id) for item in recalled if item.level == m.RECALL_LEVEL_ARCHIVE] == [
        (m.RECALL_LEVEL_ARCHIVE, decision_id) for decision_id in bullish
    ]
    assert recalled[-len(bullish):] == [item for item in recalled if item.level == m.RECALL_LEVEL_ARCHIVE]
