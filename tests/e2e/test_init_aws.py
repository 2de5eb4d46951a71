"""`agentmemory init-aws` creates the tables (indexes, TTL) and the archive bucket (lifecycle rules
carrying out the retention policy, optional Object Lock), and running it again changes nothing."""

from __future__ import annotations

import subprocess
import sys
import uuid

import aioboto3
import pytest
from botocore.exceptions import ClientError

from agentmemory_server.core.decisions import new_decision_id
from agentmemory_server.core.models import Decision
from agentmemory_server.storage.s3.archive import S3ArchiveStore

from tests.support.server import REPO, ServerProcess, require_stack, stack_env

LIFECYCLE = (
    "set lifecycle rules on bucket {bucket}: decisions/ and manifests/ expire after 365 days; "
    "compliance/ moves to GLACIER and, with digests/, expires after 2555 days"
)


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
        + [f"created bucket {bucket}", LIFECYCLE.format(bucket=bucket)]
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
        rules = {r["ID"]: r for r in (await s3.get_bucket_lifecycle_configuration(Bucket=bucket))["Rules"]}
        assert {r["Filter"]["Prefix"]: r.get("Expiration", {}).get("Days") for r in rules.values()} == {
            "decisions/": 365, "manifests/": 365, "compliance/": 2555, "digests/": 2555, "watermarks/": None,
        }
        assert rules["agentmemory-compliance"]["Transitions"] == [{"Days": 0, "StorageClass": "GLACIER"}]
        # Rules the bucket had besides ours are kept; ours follow the configured retention.
        foreign = {"ID": "operators-own", "Filter": {"Prefix": "exports/"}, "Status": "Enabled", "Expiration": {"Days": 3}}
        await s3.put_bucket_lifecycle_configuration(
            Bucket=bucket, LifecycleConfiguration={"Rules": [*rules.values(), foreign]}
        )
        assert init_aws(env).strip() == "everything already exists; nothing to do"
        shorter = {**env, "AGENTMEMORY_ARCHIVE_RETENTION": str(30 * 86400)}
        assert init_aws(shorter).splitlines() == [
            LIFECYCLE.format(bucket=bucket).replace("after 365 days", "after 30 days")
        ]
        rules = {r["ID"]: r for r in (await s3.get_bucket_lifecycle_configuration(Bucket=bucket))["Rules"]}
        assert rules["operators-own"] == foreign and rules["agentmemory-decisions"]["Expiration"] == {"Days": 30}
        with pytest.raises(ClientError):
            await s3.get_object_lock_configuration(Bucket=bucket)


async def test_init_aws_with_object_lock_sets_a_default_compliance_retention(tmp_path):
    require_stack("aws")
    locked, later = f"locked-{uuid.uuid4().hex[:8]}", f"later-{uuid.uuid4().hex[:8]}"
    settings = {**stack_env("aws", "lock"), "AGENTMEMORY_ARCHIVE_OBJECT_LOCK_DAYS": "30"}
    env = ServerProcess(tmp_path / "unused", {**settings, "AGENTMEMORY_ARCHIVE_BUCKET": locked}).env()
    first = init_aws(env).splitlines()
    assert first[-3:] == [
        f"created bucket {locked} with Object Lock",
        LIFECYCLE.format(bucket=locked),
        f"set the default Object Lock retention of bucket {locked}: COMPLIANCE, 30 days",
    ]
    assert init_aws(env).strip() == "everything already exists; nothing to do"
    assert init_aws({**env, "AGENTMEMORY_ARCHIVE_OBJECT_LOCK_DAYS": "45"}).splitlines() == [
        f"set the default Object Lock retention of bucket {locked}: COMPLIANCE, 45 days"
    ]

    session = aioboto3.Session(aws_access_key_id="test", aws_secret_access_key="test", region_name="us-east-1")
    async with session.client("s3", endpoint_url=settings["AWS_ENDPOINT_URL_S3"]) as s3:
        lock = (await s3.get_object_lock_configuration(Bucket=locked))["ObjectLockConfiguration"]
        assert lock["Rule"]["DefaultRetention"]["Mode"] == "COMPLIANCE"
        assert lock["Rule"]["DefaultRetention"]["Days"] == 45
        # What the archiver writes is locked: no version of it can be deleted.
        archive = S3ArchiveStore(s3, locked)
        (written,) = await archive.write("locked-agent", [Decision(new_decision_id(), "locked-agent", "QUERY", 1_768_003_200_000_000)])
        head = await s3.head_object(Bucket=locked, Key=written.compliance_key)
        assert head["ObjectLockMode"] == "COMPLIANCE"
        versions = (await s3.list_object_versions(Bucket=locked, Prefix=written.compliance_key))["Versions"]
        with pytest.raises(ClientError, match="AccessDenied"):
            await s3.delete_object(Bucket=locked, Key=written.compliance_key, VersionId=versions[0]["VersionId"])

    # A bucket made without Object Lock gains it when the setting appears.
    plain = {**env, "AGENTMEMORY_ARCHIVE_BUCKET": later}
    del plain["AGENTMEMORY_ARCHIVE_OBJECT_LOCK_DAYS"]
    assert init_aws(plain).splitlines()[-2:] == [f"created bucket {later}", LIFECYCLE.format(bucket=later)]
    assert init_aws({**plain, "AGENTMEMORY_ARCHIVE_OBJECT_LOCK_DAYS": "7"}).splitlines() == [
        f"enabled versioning and Object Lock on bucket {later}",
        f"set the default Object Lock retention of bucket {later}: COMPLIANCE, 7 days",
    ]
    assert init_aws({**plain, "AGENTMEMORY_ARCHIVE_OBJECT_LOCK_DAYS": "7"}).strip() == (
        "everything already exists; nothing to do"
    )


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
