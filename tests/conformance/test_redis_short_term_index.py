"""The Redis short-term store's per-agent index (a sorted set of keys scored by expiry), on real
Redis: its members and its own expiry, which the conformance suite cannot see through the port.
Redis expires entries on its own clock, so these tests use the real one."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest

from agentmemory_server.core.models import ShortTermEntry, now_us
from agentmemory_server.storage.redis.connect import connect
from agentmemory_server.storage.redis.short_term import RedisShortTermStore, index_key
from tests.conformance.conftest import service_url

SECOND = 1_000_000


@pytest.fixture
async def redis_store() -> AsyncIterator[RedisShortTermStore]:
    client = await connect(service_url("AGENTMEMORY_TEST_REDIS_URL"), cluster=False)
    yield RedisShortTermStore(client)
    await client.aclose()


def entry(agent: str, key: str, expire_us: int) -> ShortTermEntry:
    return ShortTermEntry(agent, key, key, expire_us)


async def test_a_new_key_drops_index_members_whose_entries_expired(redis_store):
    agent, redis = f"agent-{uuid.uuid4().hex[:12]}", redis_store._client
    start = now_us()
    for n in range(5):
        await redis_store.put(entry(agent, f"tick:{n}", start + SECOND // 2))
    await redis_store.put(entry(agent, "context", start + 3600 * SECOND))
    await asyncio.sleep(0.7)
    # Rewriting a key the index has leaves the stale members alone...
    await redis_store.put(entry(agent, "context", start + 3600 * SECOND))
    assert await redis.zcard(index_key(agent)) == 6
    # ...a new key takes them out.
    await redis_store.put(entry(agent, "tick:5", start + 3600 * SECOND))
    assert sorted(await redis.zrange(index_key(agent), 0, -1)) == [b"context", b"tick:5"]
    entries, more = await redis_store.list(agent, "", 10, now_us())
    assert [e.key for e in entries] == ["context", "tick:5"] and not more


async def test_the_index_lives_as_long_as_its_longest_lived_entry(redis_store):
    agent, redis = f"agent-{uuid.uuid4().hex[:12]}", redis_store._client
    start = (now_us() // 1000) * 1000
    await redis_store.put(entry(agent, "hour", start + 3600 * SECOND))
    assert await redis.pexpiretime(index_key(agent)) == (start + 3600 * SECOND) // 1000
    await redis_store.put(entry(agent, "minute", start + 60 * SECOND))
    assert await redis.pexpiretime(index_key(agent)) == (start + 3600 * SECOND) // 1000
    await redis_store.increment(agent, "counter", 1, start + 7200 * SECOND, now_us())
    assert await redis.pexpiretime(index_key(agent)) == (start + 7200 * SECOND) // 1000
