"""`agentmemory init-aws` creates the tables (indexes, TTL) and the archive bucket, and running it
again changes nothing."""

from __future__ import annotations

import subprocess
import sys
import uuid

import aioboto3

from tests.support.server import REPO, ServerProcess, require_stack, stack_env


def init_aws(env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "agentmemory_server", "init-aws"],
        env=env, cwd=str(REPO), capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


async def test_init_aws_is_idempotent(tmp_path):
    require_stack("aws")
    bucket = f"archive-{uuid.uuid4().hex[:8]}"
    settings = {**stack_env("aws", "init"), "AGENTMEMORY_ARCHIVE_BUCKET": bucket}
    env = ServerProcess(tmp_path / "unused", settings).env()
    prefix = settings["AGENTMEMORY_TABLE_PREFIX"]

    first = init_aws(env).splitlines()
    assert sorted(first) == sorted(
        [f"created table {prefix}{name}" for name in ("decisions", "memories", "state")]
        + [f"enabled TTL on {prefix}{name}.expire_at" for name in ("decisions", "memories", "state")]
        + [f"created bucket {bucket}"]
    )
    assert init_aws(env).strip() == "everything already exists; nothing to do"

    session = aioboto3.Session(aws_access_key_id="test", aws_secret_access_key="test", region_name="us-east-1")
    endpoint = settings["AWS_ENDPOINT_URL_DYNAMODB"]
    async with session.client("dynamodb", endpoint_url=endpoint) as dynamodb:
        decisions = (await dynamodb.describe_table(TableName=f"{prefix}decisions"))["Table"]
        assert {i["IndexName"] for i in decisions["GlobalSecondaryIndexes"]} == {"by_agent", "by_outcome", "by_context"}
        memories = (await dynamodb.describe_table(TableName=f"{prefix}memories"))["Table"]
        assert {i["IndexName"] for i in memories["GlobalSecondaryIndexes"]} == {"by_confidence"}
        ttl = await dynamodb.describe_time_to_live(TableName=f"{prefix}decisions")
        assert ttl["TimeToLiveDescription"]["AttributeName"] == "expire_at"
    async with session.client("s3", endpoint_url=endpoint) as s3:
        await s3.head_bucket(Bucket=bucket)


async def test_the_context_index_path_cannot_change_under_existing_tables(tmp_path):
    require_stack("aws")
    settings = {**stack_env("aws", "ctxpath"), "AGENTMEMORY_CONTEXT_INDEX_PATH": "market"}
    first = ServerProcess(tmp_path / "first", settings)
    await first.start()
    assert await first.stop() == 0
    moved = ServerProcess(tmp_path / "moved", {**settings, "AGENTMEMORY_CONTEXT_INDEX_PATH": "regime"})
    moved.launch()
    assert await moved.wait_exit(15) != 0
    assert "indexed by 'market'" in moved.output()


async def test_missing_tables_are_a_clear_startup_error(tmp_path):
    require_stack("aws")
    server = ServerProcess(tmp_path / "uninitialised", stack_env("aws", "missing"))
    server.launch()  # no init-aws
    assert await server.wait_exit(30) != 0
    assert "run `agentmemory init-aws` first" in server.output() and "Traceback" not in server.output()
