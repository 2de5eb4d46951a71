"""The archive bucket, created idempotently by `agentmemory init-aws`."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError


async def ensure_bucket(client: Any, bucket: str, region: str | None) -> list[str]:
    """Creates the archive bucket if it is missing (a second run does nothing)."""
    try:
        await client.head_bucket(Bucket=bucket)
        return []
    except ClientError as error:
        if error.response["Error"]["Code"] not in ("404", "NoSuchBucket", "NotFound"):
            raise
    location = {} if region in (None, "us-east-1") else {"CreateBucketConfiguration": {"LocationConstraint": region}}
    await client.create_bucket(Bucket=bucket, **location)
    return [f"created bucket {bucket}"]
