"""Tamper evidence for the archive, as CloudTrail's log file validation does it: every archived
day gets a digest naming each of its objects with the SHA-256 of their bytes, and the SHA-256
and date of the previous digest. The agent's archive watermark holds the newest digest's hash,
so changing, removing or replacing any object or digest breaks a link that verification finds."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

from agentmemory_server.core.models import ArchiveObject, ArchiveWatermark
from agentmemory_server.storage.ports import ArchiveStore


@dataclass(frozen=True, slots=True)
class DigestEntry:
    key: str
    compliance_key: str
    sha256: str


@dataclass(frozen=True, slots=True)
class Digest:
    agent_id: str
    day: str
    entries: tuple[DigestEntry, ...]
    previous_day: str | None
    previous_sha256: str | None


def sha256_of(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def encode_digest(agent_id: str, day: str, objects: Sequence[ArchiveObject], previous: ArchiveWatermark | None) -> bytes:
    """The digest of one day, chained to the digest the watermark names. Deterministic (no
    timestamp), so an archiver that reruns a day writes the very same bytes."""
    document = {
        "agent_id": agent_id,
        "date": day,
        "objects": [
            {"key": o.key, "compliance_key": o.compliance_key, "sha256": o.sha256}
            for o in sorted(objects, key=lambda o: o.key)
        ],
        "previous_date": previous.digest_day if previous else None,
        "previous_sha256": previous.digest_sha256 if previous else None,
    }
    return json.dumps(document, indent=1, sort_keys=True).encode()


def parse_digest(body: bytes) -> Digest:
    document = json.loads(body)
    return Digest(
        agent_id=document["agent_id"],
        day=document["date"],
        entries=tuple(DigestEntry(e["key"], e["compliance_key"], e["sha256"]) for e in document["objects"]),
        previous_day=document["previous_date"],
        previous_sha256=document["previous_sha256"],
    )


@dataclass(frozen=True, slots=True)
class Verification:
    """What verify_archive checked, and the first thing that did not match (None: all did)."""

    digests: int
    objects: int
    copies: int
    problem: str | None


class _Mismatch(Exception):
    pass


async def verify_archive(archive: ArchiveStore, agent_id: str, first_day: str, last_day: str) -> Verification:
    """Re-hashes every digest and object of the agent's days in [first_day, last_day].

    The chain is followed from its head (the watermark) back to first_day, so a digest after the
    range that was altered or removed is found too. Each object is checked in its compliance copy
    and, while the day's manifest is still there (archive retention expires both together), in
    its working copy, which the manifest must still list with the digested hash."""
    counts = {"digests": 0, "objects": 0, "copies": 0}
    try:
        for digest in reversed(await _chain(archive, agent_id, first_day, last_day)):
            counts["digests"] += 1
            manifest = {o.key: o.sha256 for o in await archive.objects(agent_id, digest.day)}
            for entry in digest.entries:
                counts["objects"] += 1
                await _check_copy(archive, entry.compliance_key, entry.sha256, digest.day)
                counts["copies"] += 1
                if manifest:
                    if manifest.get(entry.key) != entry.sha256:
                        raise _Mismatch(f"the manifest of {digest.day} does not list {entry.key} with its digested SHA-256")
                    await _check_copy(archive, entry.key, entry.sha256, digest.day)
                    counts["copies"] += 1
    except _Mismatch as mismatch:
        return Verification(**counts, problem=str(mismatch))
    return Verification(**counts, problem=None)


async def _chain(archive: ArchiveStore, agent_id: str, first_day: str, last_day: str) -> list[Digest]:
    """The digests of [first_day, last_day], newest first, each checked against its successor."""
    watermark = await archive.watermark(agent_id)
    if watermark is None or watermark.digest_day is None:
        raise _Mismatch(f"agent {agent_id!r} has no archive watermark naming a digest: nothing was archived, or it was removed")
    day: str | None = watermark.digest_day
    expected = watermark.digest_sha256
    named_by = "the archive watermark"
    found: list[Digest] = []
    while day is not None and day >= first_day:
        body = await archive.digest(agent_id, day)
        if body is None:
            raise _Mismatch(f"digest of {day} is missing (named by {named_by})")
        if sha256_of(body) != expected:
            raise _Mismatch(f"digest of {day} does not match the SHA-256 {named_by} records")
        digest = parse_digest(body)
        if digest.agent_id != agent_id or digest.day != day:
            raise _Mismatch(f"digest of {day} names agent {digest.agent_id!r} and day {digest.day}")
        if digest.previous_day is not None and digest.previous_day >= day:
            raise _Mismatch(f"digest of {day} names a previous digest that is not older ({digest.previous_day})")
        if day <= last_day:
            found.append(digest)
        named_by = f"the digest of {day}"
        day, expected = digest.previous_day, digest.previous_sha256
    return found


async def _check_copy(archive: ArchiveStore, key: str, sha256: str, day: str) -> None:
    stored = await archive.object_sha256(key)
    if stored is None:
        raise _Mismatch(f"object {key} (digest of {day}) is missing")
    if stored != sha256:
        raise _Mismatch(f"object {key} (digest of {day}) does not match its digested SHA-256")
