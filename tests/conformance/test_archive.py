"""ArchiveStore conformance: Hive-partitioned JSON Lines + gzip objects with a manifest per agent
and day; idempotent writes; range reads that open only the objects they need."""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import json
import uuid

import pytest

from agentmemory_server.core.decisions import new_decision_id
from agentmemory_server.core.models import ArchiveWatermark, Decision, MemoryRead, Outcome

DAY_US = 86_400_000_000
# 2026-01-10T00:00:00Z
MIDNIGHT = 1_768_003_200_000_000


@pytest.fixture
def agent() -> str:
    return f"agent-{uuid.uuid4().hex[:12]}"


def decision(agent: str, at: int, **fields) -> Decision:
    return Decision(new_decision_id(), agent, "SOURCE_SELECTION", at, **fields)


async def test_objects_are_partitioned_by_agent_and_day(archive, agent):
    store, _ = archive
    first = [decision(agent, MIDNIGHT + i * 1000, context={"i": i}) for i in range(3)]
    second = [decision(agent, MIDNIGHT + DAY_US + 5)]
    written = await store.write(agent, first + second)
    assert [(o.key.rsplit("/", 1)[0], o.count) for o in written] == [
        (f"decisions/agent_id={agent}/date=2026-01-10", 3),
        (f"decisions/agent_id={agent}/date=2026-01-11", 1),
    ]
    assert written[0].key.endswith(".jsonl.gz") and len(written[0].sha256) == 64
    assert await store.objects(agent, "2026-01-10") == [written[0]]
    assert await store.objects(agent, "2026-01-12") == []


async def test_round_trip_keeps_every_field(archive, agent):
    store, _ = archive
    original = decision(
        agent,
        MIDNIGHT + 7,
        context={"market": {"trend": "bullish"}, "cycle": 142.0},
        reasoning={"selected": ["whaleMovements"], "exploration": False},
        metadata={"experiment_id": None},
        parent_decision_ids=(new_decision_id(),),
        memory_reads=(MemoryRead("PATTERN", "whale_pump", 2),),
        outcome=Outcome(True, {"signals": 2.0}, {"quality": 0.85}, MIDNIGHT + 99),
    )
    await store.write(agent, [original])
    assert await store.read(agent, MIDNIGHT, MIDNIGHT + DAY_US) == [original]


async def test_writing_the_same_decisions_again_changes_nothing(archive, agent):
    store, _ = archive
    batch = [decision(agent, MIDNIGHT + i) for i in range(5)]
    first = await store.write(agent, batch)
    again = await store.write(agent, list(reversed(batch)))
    assert again == first
    assert await store.objects(agent, "2026-01-10") == first
    # A rerun with a different cut (some already archived, some new) duplicates nothing on read.
    overlap = batch[3:] + [decision(agent, MIDNIGHT + 10)]
    await store.write(agent, overlap)
    assert len(await store.objects(agent, "2026-01-10")) == 2
    read = await store.read(agent, MIDNIGHT, MIDNIGHT + DAY_US)
    assert [d.decision_id for d in read] == [d.decision_id for d in batch] + [overlap[-1].decision_id]


async def test_a_range_read_opens_only_the_objects_it_overlaps(archive, agent):
    store, reads = archive
    morning = [decision(agent, MIDNIGHT + 8 * 3600_000_000 + i) for i in range(3)]
    evening = [decision(agent, MIDNIGHT + 20 * 3600_000_000 + i) for i in range(3)]
    next_day = [decision(agent, MIDNIGHT + DAY_US + i) for i in range(3)]
    written = []
    for batch in (morning, evening, next_day):
        written += await store.write(agent, batch)
    if reads is not None:
        reads.clear()
    found = await store.read(agent, MIDNIGHT + 19 * 3600_000_000, MIDNIGHT + DAY_US + 1)
    assert [d.decision_id for d in found] == [d.decision_id for d in evening + next_day[:1]]
    if reads is not None:
        opened = sorted(key for key in reads if key.startswith("decisions/"))
        assert opened == sorted([written[1].key, written[2].key])
        assert all(key.startswith(("decisions/", "manifests/")) for key in reads)
    assert await store.read(agent, MIDNIGHT + 2 * DAY_US, MIDNIGHT + 3 * DAY_US) == []


async def test_concurrent_writers_of_one_day_keep_every_manifest_entry(archive, agent):
    store, _ = archive
    batches = [[decision(agent, MIDNIGHT + 1000 * b + i)] for b in range(6) for i in range(1)]
    await asyncio.gather(*(store.write(agent, batch) for batch in batches))
    assert len(await store.objects(agent, "2026-01-10")) == 6
    assert len(await store.read(agent, MIDNIGHT, MIDNIGHT + DAY_US)) == 6


def test_object_format_is_json_lines_in_gzip():
    from agentmemory_server.storage import archive_layout

    agent = "fmt"
    batch = [decision(agent, MIDNIGHT + i, context={"i": i}) for i in (2, 1)]
    archive_object, body = archive_layout.encode_object(agent, "2026-01-10", batch)
    lines = gzip.decompress(body).decode().splitlines()
    assert [json.loads(line)["context"]["i"] for line in lines] == [1, 2]
    assert archive_layout.encode_object(agent, "2026-01-10", list(reversed(batch)))[1] == body


async def test_every_object_has_a_compliance_copy_with_the_same_bytes(archive, agent):
    store, _ = archive
    (written,) = await store.write(agent, [decision(agent, MIDNIGHT + i) for i in range(3)])
    assert await store.object_sha256(written.key) == written.sha256
    assert await store.object_sha256(written.compliance_key) == written.sha256
    assert await store.object_sha256(f"decisions/agent_id={agent}/date=2026-01-10/missing.jsonl.gz") is None


async def test_an_object_s3_cannot_serve_without_a_restore_answers_with_its_recorded_sha256(archive, agent, request):
    """S3 lifecycle rules move compliance copies to GLACIER, which GetObject refuses; the SHA-256
    S3 checked at upload still identifies the bytes."""
    store, reads = archive
    if reads is None:
        pytest.skip("a local folder has no storage classes")
    client, bucket, _ = request.getfixturevalue("s3")
    (written,) = await store.write(agent, [decision(agent, MIDNIGHT + 1)])
    key = written.compliance_key
    # What the lifecycle transition does: the same bytes, now in GLACIER.
    await client.copy_object(
        Bucket=bucket, Key=key, CopySource={"Bucket": bucket, "Key": key}, StorageClass="GLACIER",
        ChecksumAlgorithm="SHA256",
    )
    assert await store.object_sha256(key) == written.sha256
    # Replaced in GLACIER by other bytes: S3 records their checksum, which no longer matches.
    await client.put_object(Bucket=bucket, Key=key, Body=b"forged", StorageClass="GLACIER", ChecksumAlgorithm="SHA256")
    assert await store.object_sha256(key) == hashlib.sha256(b"forged").hexdigest()


async def test_a_digest_is_written_once(archive, agent):
    store, _ = archive
    assert await store.digest(agent, "2026-01-10") is None
    assert await store.put_digest(agent, "2026-01-10", b'{"first": true}')
    assert not await store.put_digest(agent, "2026-01-10", b'{"second": true}')
    assert await store.digest(agent, "2026-01-10") == b'{"first": true}'
    assert await store.digest(agent, "2026-01-11") is None
    racers = await asyncio.gather(*(store.put_digest(agent, "2026-01-12", f"{i}".encode()) for i in range(5)))
    assert sorted(racers) == [False] * 4 + [True]
    assert await store.digest(agent, "2026-01-12") == f"{racers.index(True)}".encode()


async def test_the_watermark_moves_only_from_the_one_the_writer_read(archive, agent):
    store, _ = archive
    first = ArchiveWatermark("2026-01-10")
    second = ArchiveWatermark("2026-01-11", "2026-01-11", "2026-01-11", "ab" * 32)
    assert await store.watermark(agent) is None
    assert await store.put_watermark(agent, first, None)
    assert not await store.put_watermark(agent, second, None)
    assert await store.put_watermark(agent, second, first)
    assert not await store.put_watermark(agent, ArchiveWatermark("2026-01-12"), first)
    assert await store.watermark(agent) == second
    racers = [ArchiveWatermark(f"2026-01-2{i}") for i in range(5)]
    won = await asyncio.gather(*(store.put_watermark(agent, w, second) for w in racers))
    assert sorted(won) == [False] * 4 + [True]
    assert await store.watermark(agent) == racers[won.index(True)]
