"""The archive's layout and formats, shared by every ArchiveStore adapter.

  decisions/agent_id=<agent>/date=<YYYY-MM-DD>/<min_us>-<max_us>-<sha256[:16]>.jsonl.gz
  manifests/agent_id=<agent>/date=<YYYY-MM-DD>/manifest.json

Objects are named after their content (and gzip carries no timestamp), so archiving the same
decisions twice writes the same object and leaves the manifest as it was.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence

from agentmemory_server.core.models import ArchiveObject, Decision, decision_from_json, decision_to_json



def day_of(create_us: int) -> str:
    return dt.datetime.fromtimestamp(create_us / 1_000_000, dt.UTC).strftime("%Y-%m-%d")


def days_between(start_us: int, end_us: int) -> list[str]:
    """Every UTC day that [start_us, end_us) touches."""
    if end_us <= start_us:
        return []
    first = dt.datetime.fromtimestamp(start_us / 1_000_000, dt.UTC).date()
    last = dt.datetime.fromtimestamp((end_us - 1) / 1_000_000, dt.UTC).date()
    return [(first + dt.timedelta(days=i)).isoformat() for i in range((last - first).days + 1)]


def manifest_key(agent_id: str, day: str) -> str:
    return f"manifests/agent_id={agent_id}/date={day}/manifest.json"


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
