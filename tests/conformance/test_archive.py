"""ArchiveStore conformance: Hive-partitioned JSON Lines + gzip objects with a manifest per agent
and day; idempotent writes; range reads that open only the objects they need."""

from __future__ import annotations

import asyncio
import gzip
import json
import uuid

import pytest

from agentmemory_server.core.decisions import new_decision_id
from agentmemory_server.core.models import Decision, MemoryRead, Outcome

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
