"""ArchiveStore on S3. Objects are content-named (a retry rewrites identical bytes); manifests are
updated with conditional writes (If-Match on the ETag read, If-None-Match for the first), so
concurrent archivers of one agent and day never lose each other's entries."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from agentmemory_server.core.errors import StoreUnavailable
from agentmemory_server.core.models import ArchiveObject, Decision
from agentmemory_server.storage import archive_layout as layout

_MANIFEST_ATTEMPTS = 16


def _missing(error: ClientError) -> bool:
    return error.response["Error"]["Code"] in ("NoSuchKey", "404")


def _precondition_failed(error: ClientError) -> bool:
    return error.response["Error"]["Code"] in ("PreconditionFailed", "412", "ConditionalRequestConflict")


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

    async def _add_to_manifest(self, agent_id: str, day: str, archive_object: ArchiveObject) -> None:
        key = layout.manifest_key(agent_id, day)
        for _ in range(_MANIFEST_ATTEMPTS):
            current = await self._get(key)
            updated = layout.manifest_with(current[0] if current else None, agent_id, day, archive_object)
            if updated is None:
                return
            condition = {"IfMatch": current[1]} if current else {"IfNoneMatch": "*"}
            try:
                await self._client.put_object(
                    Bucket=self._bucket, Key=key, Body=updated, ContentType="application/json", **condition
                )
                return
            except ClientError as error:
                if not _precondition_failed(error):
                    raise
        raise StoreUnavailable(f"the archive manifest {key} keeps changing under us; retry")

    async def write(self, agent_id: str, decisions: Sequence[Decision]) -> list[ArchiveObject]:
        written = []
        try:
            for day, members in sorted(layout.by_day(decisions).items()):
                archive_object, body = layout.encode_object(agent_id, day, members)
                await self._client.put_object(
                    Bucket=self._bucket,
                    Key=archive_object.key,
                    Body=body,
                    ContentType="application/gzip",
                    # S3 verifies the upload against the digest the manifest records.
                    ChecksumSHA256=base64.b64encode(bytes.fromhex(archive_object.sha256)).decode(),
                )
                await self._add_to_manifest(agent_id, day, archive_object)
                written.append(archive_object)
        except BotoCoreError as error:
            raise StoreUnavailable("the archive (S3) is unavailable; retry") from error
        return written

    async def objects(self, agent_id: str, day: str) -> list[ArchiveObject]:
        current = await self._get(layout.manifest_key(agent_id, day))
        return layout.parse_manifest(current[0] if current else None)

    async def read(self, agent_id: str, start_us: int, end_us: int) -> list[Decision]:
        found: list[Decision] = []
        for day in layout.days_between(start_us, end_us):
            for archive_object in layout.overlapping(await self.objects(agent_id, day), start_us, end_us):
                fetched = await self._get(archive_object.key)
                if fetched is None:
                    raise StoreUnavailable(f"archive object {archive_object.key} is named in its manifest but missing")
                found += layout.decode_object(fetched[0])
        return layout.in_range(found, start_us, end_us)
