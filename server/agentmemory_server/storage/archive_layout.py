"""The archive's layout and formats, shared by every ArchiveStore adapter.

  decisions/agent_id=<agent>/date=<YYYY-MM-DD>/<min_us>-<max_us>-<sha256[:16]>.jsonl.gz
  manifests/agent_id=<agent>/date=<YYYY-MM-DD>/manifest.json
  compliance/decisions/...                      the compliance copy of each object, same bytes
  digests/agent_id=<agent>/date=<YYYY-MM-DD>/digest.json    the day's tamper-evidence digest
  watermarks/agent_id=<agent>/watermark.json    how far the agent is archived

Objects are named after their content (and gzip carries no timestamp), so archiving the same
decisions twice writes the same object and leaves the manifest as it was. The prefixes are what
the bucket's lifecycle rules select: decisions/ and manifests/ expire after archive retention,
compliance/ and digests/ after compliance retention.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence

from agentmemory_server.core.days import day_of
from agentmemory_server.core.models import (
    ArchiveObject,
    ArchiveWatermark,
    Decision,
    decision_from_json,
    decision_to_json,
)


def manifest_key(agent_id: str, day: str) -> str:
    return f"manifests/agent_id={agent_id}/date={day}/manifest.json"


def digest_key(agent_id: str, day: str) -> str:
    return f"digests/agent_id={agent_id}/date={day}/digest.json"


def watermark_key(agent_id: str) -> str:
    return f"watermarks/agent_id={agent_id}/watermark.json"


def encode_watermark(agent_id: str, watermark: ArchiveWatermark) -> bytes:
    document = {
        "agent_id": agent_id,
        "through_day": watermark.through_day,
        "first_day": watermark.first_day,
        "digest_day": watermark.digest_day,
        "digest_sha256": watermark.digest_sha256,
    }
    return json.dumps(document, indent=1, sort_keys=True).encode()


def parse_watermark(body: bytes | None) -> ArchiveWatermark | None:
    if body is None:
        return None
    document = json.loads(body)
    return ArchiveWatermark(
        document["through_day"], document["first_day"], document["digest_day"], document["digest_sha256"]
    )


def by_day(decisions: Iterable[Decision]) -> dict[str, list[Decision]]:
    days: defaultdict[str, list[Decision]] = defaultdict(list)
    for decision in decisions:
        days[day_of(decision.create_us)].append(decision)
    return days


def encode_object(agent_id: str, day: str, decisions: Sequence[Decision]) -> tuple[ArchiveObject, bytes]:
    ordered = sorted(decisions, key=lambda d: (d.create_us, d.decision_id))
    lines = b"".join(
        json.dumps(decision_to_json(d), separators=(",", ":"), ensure_ascii=False).encode() + b"\n" for d in ordered
    )
    body = gzip.compress(lines, mtime=0)
    digest = hashlib.sha256(body).hexdigest()
    low, high = ordered[0].create_us, ordered[-1].create_us
    key = f"decisions/agent_id={agent_id}/date={day}/{low}-{high}-{digest[:16]}.jsonl.gz"
    return ArchiveObject(key, len(ordered), low, high, digest), body


def decode_object(body: bytes) -> list[Decision]:
    return [decision_from_json(json.loads(line)) for line in gzip.decompress(body).splitlines() if line]


def manifest_with(manifest: bytes | None, agent_id: str, day: str, added: ArchiveObject) -> bytes | None:
    """The manifest with `added` in it, or None when it is already there."""
    objects = parse_manifest(manifest)
    if any(o.key == added.key for o in objects):
        return None
    objects = sorted([*objects, added], key=lambda o: o.key)
    document = {
        "agent_id": agent_id,
        "date": day,
        "objects": [
            {"key": o.key, "count": o.count, "min_create_us": o.min_create_us, "max_create_us": o.max_create_us, "sha256": o.sha256}
            for o in objects
        ],
    }
    return json.dumps(document, indent=1, sort_keys=True).encode()


def parse_manifest(manifest: bytes | None) -> list[ArchiveObject]:
    if manifest is None:
        return []
    return [ArchiveObject(**entry) for entry in json.loads(manifest)["objects"]]


def overlapping(objects: Iterable[ArchiveObject], start_us: int, end_us: int) -> list[ArchiveObject]:
    return [o for o in objects if o.max_create_us >= start_us and o.min_create_us < end_us]


def in_range(decisions: Iterable[Decision], start_us: int, end_us: int) -> list[Decision]:
    """Each decision once (objects may overlap after a retried archive run), oldest first."""
    unique = {d.decision_id: d for d in decisions if start_us <= d.create_us < end_us}
    return sorted(unique.values(), key=lambda d: (d.create_us, d.decision_id))
