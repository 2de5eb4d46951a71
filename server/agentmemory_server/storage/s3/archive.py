"""ArchiveStore on S3. Objects are content-named (a retry rewrites identical bytes); manifests and
watermarks are updated with conditional writes (If-Match on the ETag read, If-None-Match for the
first), so concurrent archivers never lose each other's entries; digests are created with
If-None-Match and never replaced. Every upload carries its SHA-256, which S3 checks and keeps
(and which an Object Lock bucket requires)."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, ParamSpec, TypeVar

from botocore.exceptions import BotoCoreError, ClientError

from agentmemory_server.core.days import days_between
from agentmemory_server.core.errors import StoreUnavailable
from agentmemory_server.core.models import ArchiveObject, ArchiveWatermark, Decision
from agentmemory_server.storage import archive_layout as layout

_MANIFEST_ATTEMPTS = 16
_HASH_CHUNK = 1 << 20
_RETRYABLE = {"SlowDown", "ServiceUnavailable", "InternalError", "RequestTimeout", "500", "503"}

P = ParamSpec("P")
R = TypeVar("R")


def _missing(error: ClientError) -> bool:
    return error.response["Error"]["Code"] in ("NoSuchKey", "404", "NotFound")


def _precondition_failed(error: ClientError) -> bool:
    return error.response["Error"]["Code"] in ("PreconditionFailed", "412", "ConditionalRequestConflict")


def _unavailable_on_failure(method: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
    """Turns an S3 outage into StoreUnavailable; other errors pass through unchanged."""

    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return await method(*args, **kwargs)
        except ClientError as error:
            if error.response["Error"]["Code"] in _RETRYABLE:
                raise StoreUnavailable("the archive (S3) is unavailable; retry") from error
            raise
        except BotoCoreError as error:
            raise StoreUnavailable("the archive (S3) is unavailable; retry") from error

    wrapper.__name__ = method.__name__
    wrapper.__doc__ = method.__doc__
    return wrapper


class S3ArchiveStore:
    def __init__(self, client: Any, bucket: str) -> None:
        self._client = client
        self._bucket = bucket

    async def _get(self, key: str) -> tuple[bytes, str] | None:
        try:
            response = await self._client.get_object(Bucket=self._bucket, Key=key)
        except ClientError as error:
            if _missing(error):
                return None
            raise
        async with response["Body"] as stream:
            return await stream.read(), response["ETag"]

    async def _put(self, key: str, body: bytes, content_type: str, **condition: str) -> bool:
        """Uploads `body`; False when the condition (IfMatch / IfNoneMatch) failed."""
        checksum = base64.b64encode(hashlib.sha256(body).digest()).decode()
        try:
            await self._client.put_object(
                Bucket=self._bucket,
                Key=key,
                Body=body,
                ContentType=content_type,
                ChecksumAlgorithm="SHA256",
                ChecksumSHA256=checksum,
                **condition,
            )
        except ClientError as error:
            if condition and _precondition_failed(error):
                return False
            raise
        return True

    async def _add_to_manifest(self, agent_id: str, day: str, archive_object: ArchiveObject) -> None:
        key = layout.manifest_key(agent_id, day)
        for _ in range(_MANIFEST_ATTEMPTS):
            current = await self._get(key)
            updated = layout.manifest_with(current[0] if current else None, agent_id, day, archive_object)
            if updated is None:
                return
            condition = {"IfMatch": current[1]} if current else {"IfNoneMatch": "*"}
            if await self._put(key, updated, "application/json", **condition):
                return
        raise StoreUnavailable(f"the archive manifest {key} keeps changing under us; retry")

    @_unavailable_on_failure
    async def write(self, agent_id: str, decisions: Sequence[Decision]) -> list[ArchiveObject]:
        written = []
        for day, members in sorted(layout.by_day(decisions).items()):
            archive_object, body = layout.encode_object(agent_id, day, members)
            for key in (archive_object.key, archive_object.compliance_key):
                await self._put(key, body, "application/gzip")
            await self._add_to_manifest(agent_id, day, archive_object)
            written.append(archive_object)
        return written

    @_unavailable_on_failure
    async def objects(self, agent_id: str, day: str) -> list[ArchiveObject]:
        current = await self._get(layout.manifest_key(agent_id, day))
        return layout.parse_manifest(current[0] if current else None)

    @_unavailable_on_failure
    async def read(self, agent_id: str, start_us: int, end_us: int) -> list[Decision]:
        found: list[Decision] = []
        for day in days_between(start_us, end_us):
            for archive_object in layout.overlapping(await self.objects(agent_id, day), start_us, end_us):
                fetched = await self._get(archive_object.key)
                if fetched is None:
                    raise StoreUnavailable(f"archive object {archive_object.key} is named in its manifest but missing")
                found += layout.decode_object(fetched[0])
        return layout.in_range(found, start_us, end_us)

    async def _recorded_sha256(self, key: str) -> str:
        """The SHA-256 S3 kept from the upload, for an object it cannot serve without a restore."""
        head = await self._client.head_object(Bucket=self._bucket, Key=key, ChecksumMode="ENABLED")
        recorded = head.get("ChecksumSHA256")
        if not recorded:
            # Every archive upload carries one: without it the object was replaced by other means.
            raise StoreUnavailable(
                f"{key} is in {head.get('StorageClass')} without a recorded SHA-256: restore it to verify it"
            )
        return base64.b64decode(recorded).hex()

    @_unavailable_on_failure
    async def object_sha256(self, key: str) -> str | None:
        try:
            response = await self._client.get_object(Bucket=self._bucket, Key=key)
        except ClientError as error:
            if _missing(error):
                return None
            if error.response["Error"]["Code"] == "InvalidObjectState":
                return await self._recorded_sha256(key)
            raise
        digest = hashlib.sha256()
        body = response["Body"]
        async with body:
            async for chunk in body.iter_chunks(_HASH_CHUNK):
                digest.update(chunk)
        return digest.hexdigest()

    @_unavailable_on_failure
    async def digest(self, agent_id: str, day: str) -> bytes | None:
        current = await self._get(layout.digest_key(agent_id, day))
        return current[0] if current else None

    @_unavailable_on_failure
    async def put_digest(self, agent_id: str, day: str, body: bytes) -> bool:
        return await self._put(layout.digest_key(agent_id, day), body, "application/json", IfNoneMatch="*")

    @_unavailable_on_failure
    async def watermark(self, agent_id: str) -> ArchiveWatermark | None:
        current = await self._get(layout.watermark_key(agent_id))
        return layout.parse_watermark(current[0] if current else None)

    @_unavailable_on_failure
    async def put_watermark(
        self, agent_id: str, watermark: ArchiveWatermark, expected: ArchiveWatermark | None
    ) -> bool:
        key = layout.watermark_key(agent_id)
        current = await self._get(key)
        if layout.parse_watermark(current[0] if current else None) != expected:
            return False
        condition = {"IfMatch": current[1]} if current else {"IfNoneMatch": "*"}
        return await self._put(key, layout.encode_watermark(agent_id, watermark), "application/json", **condition)
