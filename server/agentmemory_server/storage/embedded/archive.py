"""ArchiveStore in a local folder, laid out exactly as the S3 bucket is. File work runs in a
thread; a manifest or watermark is replaced atomically (write, then rename) under an exclusive
file lock, and a digest is created with a hard link, which fails when the digest exists."""

from __future__ import annotations

import asyncio
import fcntl
import hashlib
import os
import uuid
from collections.abc import Sequence
from pathlib import Path

from agentmemory_server.core.days import days_between
from agentmemory_server.core.models import ArchiveObject, ArchiveWatermark, Decision
from agentmemory_server.storage import archive_layout as layout


class LocalArchiveStore:
    def __init__(self, root: Path) -> None:
        self._root = root

    def _temporary(self, path: Path, body: bytes) -> Path:
        """`body` in a durable file beside `path`, to be renamed or linked into place."""
        path.parent.mkdir(parents=True, exist_ok=True)
        # Unique per call: concurrent writers of one key (threads of this process too) must not
        # share a temporary file.
        temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
        with open(temporary, "wb") as out:
            out.write(body)
            out.flush()
            os.fsync(out.fileno())
        return temporary

    def _write_atomically(self, path: Path, body: bytes) -> None:
        os.replace(self._temporary(path, body), path)

    def _write_sync(self, agent_id: str, decisions: Sequence[Decision]) -> list[ArchiveObject]:
        written = []
        for day, members in sorted(layout.by_day(decisions).items()):
            archive_object, body = layout.encode_object(agent_id, day, members)
            for key in (archive_object.key, archive_object.compliance_key):
                target = self._root / key
                if not target.exists():
                    self._write_atomically(target, body)
            manifest = self._root / layout.manifest_key(agent_id, day)
            manifest.parent.mkdir(parents=True, exist_ok=True)
            with open(manifest.with_name("manifest.lock"), "w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                current = manifest.read_bytes() if manifest.exists() else None
                updated = layout.manifest_with(current, agent_id, day, archive_object)
                if updated is not None:
                    self._write_atomically(manifest, updated)
            written.append(archive_object)
        return written

    async def write(self, agent_id: str, decisions: Sequence[Decision]) -> list[ArchiveObject]:
        return await asyncio.to_thread(self._write_sync, agent_id, decisions)

    def _objects_sync(self, agent_id: str, day: str) -> list[ArchiveObject]:
        manifest = self._root / layout.manifest_key(agent_id, day)
        return layout.parse_manifest(manifest.read_bytes() if manifest.exists() else None)

    async def objects(self, agent_id: str, day: str) -> list[ArchiveObject]:
        return await asyncio.to_thread(self._objects_sync, agent_id, day)

    def _read_sync(self, agent_id: str, start_us: int, end_us: int) -> list[Decision]:
        found: list[Decision] = []
        for day in days_between(start_us, end_us):
            for archive_object in layout.overlapping(self._objects_sync(agent_id, day), start_us, end_us):
                found += layout.decode_object((self._root / archive_object.key).read_bytes())
        return layout.in_range(found, start_us, end_us)

    async def read(self, agent_id: str, start_us: int, end_us: int) -> list[Decision]:
        return await asyncio.to_thread(self._read_sync, agent_id, start_us, end_us)

    def _sha256_sync(self, key: str) -> str | None:
        try:
            with open(self._root / key, "rb") as stored:
                return hashlib.file_digest(stored, "sha256").hexdigest()
        except FileNotFoundError:
            return None

    async def object_sha256(self, key: str) -> str | None:
        return await asyncio.to_thread(self._sha256_sync, key)

    def _read_optional(self, key: str) -> bytes | None:
        try:
            return (self._root / key).read_bytes()
        except FileNotFoundError:
            return None

    async def digest(self, agent_id: str, day: str) -> bytes | None:
        return await asyncio.to_thread(self._read_optional, layout.digest_key(agent_id, day))

    def _put_digest_sync(self, agent_id: str, day: str, body: bytes) -> bool:
        target = self._root / layout.digest_key(agent_id, day)
        temporary = self._temporary(target, body)
        try:
            os.link(temporary, target)
            return True
        except FileExistsError:
            return False
        finally:
            temporary.unlink()

    async def put_digest(self, agent_id: str, day: str, body: bytes) -> bool:
        return await asyncio.to_thread(self._put_digest_sync, agent_id, day, body)

    async def watermark(self, agent_id: str) -> ArchiveWatermark | None:
        body = await asyncio.to_thread(self._read_optional, layout.watermark_key(agent_id))
        return layout.parse_watermark(body)

    def _put_watermark_sync(
        self, agent_id: str, watermark: ArchiveWatermark, expected: ArchiveWatermark | None
    ) -> bool:
        path = self._root / layout.watermark_key(agent_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path.with_name("watermark.lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if layout.parse_watermark(self._read_optional(layout.watermark_key(agent_id))) != expected:
                return False
            self._write_atomically(path, layout.encode_watermark(agent_id, watermark))
            return True

    async def put_watermark(
        self, agent_id: str, watermark: ArchiveWatermark, expected: ArchiveWatermark | None
    ) -> bool:
        return await asyncio.to_thread(self._put_watermark_sync, agent_id, watermark, expected)
