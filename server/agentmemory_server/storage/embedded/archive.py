"""ArchiveStore in a local folder, laid out exactly as the S3 bucket is. File work runs in a
thread; a manifest is replaced atomically (write, then rename) under an exclusive file lock."""

from __future__ import annotations

import asyncio
import fcntl
import os
from collections.abc import Sequence
from pathlib import Path

from agentmemory_server.core.models import ArchiveObject, Decision
from agentmemory_server.storage import archive_layout as layout


class LocalArchiveStore:
    def __init__(self, root: Path) -> None:
        self._root = root

    def _write_atomically(self, path: Path, body: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with open(temporary, "wb") as out:
            out.write(body)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)

    def _write_sync(self, agent_id: str, decisions: Sequence[Decision]) -> list[ArchiveObject]:
        written = []
        for day, members in sorted(layout.by_day(decisions).items()):
            archive_object, body = layout.encode_object(agent_id, day, members)
            target = self._root / archive_object.key
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
        for day in layout.days_between(start_us, end_us):
            for archive_object in layout.overlapping(self._objects_sync(agent_id, day), start_us, end_us):
                found += layout.decode_object((self._root / archive_object.key).read_bytes())
        return layout.in_range(found, start_us, end_us)

    async def read(self, agent_id: str, start_us: int, end_us: int) -> list[Decision]:
        return await asyncio.to_thread(self._read_sync, agent_id, start_us, end_us)
