"""The archive bucket, created and configured idempotently by `agentmemory init-aws`: lifecycle
rules that carry out the retention policy (storage/archive_layout.py names the prefixes) and,
when asked for, S3 Object Lock with a default COMPLIANCE retention."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

# Our lifecycle rules carry this ID prefix; rules the bucket has besides are kept as they are.
_RULE_PREFIX = "agentmemory-"
# Rewritten objects (manifests, watermarks, reruns) leave old versions in a versioned bucket,
# which Object Lock requires; they go a day after being replaced (once their lock allows).
_NONCURRENT = {"NoncurrentVersionExpiration": {"NoncurrentDays": 1}}


@dataclass(frozen=True, slots=True)
class BucketPolicy:
    archive_days: int
    compliance_days: int
    object_lock_days: int | None


def lifecycle_rules(policy: BucketPolicy) -> list[dict[str, Any]]:
    def rule(name: str, prefix: str, **actions: Any) -> dict[str, Any]:
        return {"ID": f"{_RULE_PREFIX}{name}", "Filter": {"Prefix": prefix}, "Status": "Enabled", **actions, **_NONCURRENT}

    return [
        rule("decisions", "decisions/", Expiration={"Days": policy.archive_days}),
        rule("manifests", "manifests/", Expiration={"Days": policy.archive_days}),
        rule(
            "compliance",
            "compliance/",
            Transitions=[{"Days": 0, "StorageClass": "GLACIER"}],
            Expiration={"Days": policy.compliance_days},
        ),
        rule("digests", "digests/", Expiration={"Days": policy.compliance_days}),
        rule("watermarks", "watermarks/"),
    ]


async def _create_if_missing(client: Any, bucket: str, region: str | None, object_lock: bool) -> list[str]:
    try:
        await client.head_bucket(Bucket=bucket)
        return []
    except ClientError as error:
        if error.response["Error"]["Code"] not in ("404", "NoSuchBucket", "NotFound"):
            raise
    options: dict[str, Any] = {"ObjectLockEnabledForBucket": True} if object_lock else {}
    if region not in (None, "us-east-1"):
        options["CreateBucketConfiguration"] = {"LocationConstraint": region}
    await client.create_bucket(Bucket=bucket, **options)
    return [f"created bucket {bucket}{' with Object Lock' if object_lock else ''}"]


async def _ensure_lifecycle(client: Any, bucket: str, policy: BucketPolicy) -> list[str]:
    try:
        current = (await client.get_bucket_lifecycle_configuration(Bucket=bucket))["Rules"]
    except ClientError as error:
        if error.response["Error"]["Code"] != "NoSuchLifecycleConfiguration":
            raise
        current = []
    others = [r for r in current if not r.get("ID", "").startswith(_RULE_PREFIX)]
    wanted = lifecycle_rules(policy)
    if sorted(current, key=lambda r: r.get("ID", "")) == sorted(others + wanted, key=lambda r: r.get("ID", "")):
        return []
    await client.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": others + wanted})
    return [
        f"set lifecycle rules on bucket {bucket}: decisions/ and manifests/ expire after {policy.archive_days} days; "
        f"compliance/ moves to GLACIER and, with digests/, expires after {policy.compliance_days} days"
    ]


async def _ensure_object_lock(client: Any, bucket: str, days: int) -> list[str]:
    try:
        configuration = (await client.get_object_lock_configuration(Bucket=bucket))["ObjectLockConfiguration"]
    except ClientError as error:
        if error.response["Error"]["Code"] != "ObjectLockConfigurationNotFoundError":
            raise
        configuration = {}
    retention = configuration.get("Rule", {}).get("DefaultRetention", {})
    if configuration.get("ObjectLockEnabled") == "Enabled" and (retention.get("Mode"), retention.get("Days")) == (
        "COMPLIANCE",
        days,
    ):
        return []
    actions = []
    if configuration.get("ObjectLockEnabled") != "Enabled":
        # A bucket made without Object Lock can gain it once versioning is on.
        await client.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
        actions.append(f"enabled versioning and Object Lock on bucket {bucket}")
    await client.put_object_lock_configuration(
        Bucket=bucket,
        ObjectLockConfiguration={
            "ObjectLockEnabled": "Enabled",
            "Rule": {"DefaultRetention": {"Mode": "COMPLIANCE", "Days": days}},
        },
    )
    return [*actions, f"set the default Object Lock retention of bucket {bucket}: COMPLIANCE, {days} days"]


async def ensure_bucket(client: Any, bucket: str, region: str | None, policy: BucketPolicy) -> list[str]:
    """Creates the archive bucket if it is missing and brings its lifecycle rules and Object Lock
    to the policy; returns what it did (nothing on a second run)."""
    actions = await _create_if_missing(client, bucket, region, policy.object_lock_days is not None)
    actions += await _ensure_lifecycle(client, bucket, policy)
    if policy.object_lock_days is not None:
        actions += await _ensure_object_lock(client, bucket, policy.object_lock_days)
    return actions
