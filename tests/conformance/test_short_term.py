"""ShortTermStore conformance. Time is passed in explicitly, so expiry is tested without sleeping."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from agentmemory_server.core.errors import WrongValueType
from agentmemory_server.core.models import ShortTermEntry

from tests.conformance.clock import SECOND, T0


@pytest.fixture
def agent() -> str:
    return f"agent-{uuid.uuid4().hex[:12]}"


async def test_put_then_get_returns_the_value_until_it_expires(short_term, agent):
    await short_term.put(ShortTermEntry(agent, "context:current", {"trend": "bullish"}, T0 + 60 * SECOND))
    live = await short_term.get(agent, "context:current", T0 + 59 * SECOND)
    assert live == ShortTermEntry(agent, "context:current", {"trend": "bullish"}, T0 + 60 * SECOND)
    assert await short_term.get(agent, "context:current", T0 + 60 * SECOND) is None


async def test_put_replaces_value_and_expiry(short_term, agent):
    await short_term.put(ShortTermEntry(agent, "k", 1, T0 + SECOND))
    await short_term.put(ShortTermEntry(agent, "k", [1, "two", None, True], T0 + 9 * SECOND))
    entry = await short_term.get(agent, "k", T0 + 5 * SECOND)
    assert entry is not None and entry.value == [1, "two", None, True] and entry.expire_us == T0 + 9 * SECOND


async def test_agents_do_not_see_each_other(short_term, agent):
    await short_term.put(ShortTermEntry(agent, "k", "mine", T0 + SECOND))
    assert await short_term.get(agent + "-other", "k", T0) is None


async def test_batch_get_returns_only_live_keys(short_term, agent):
    await short_term.put(ShortTermEntry(agent, "a", 1, T0 + 10 * SECOND))
    await short_term.put(ShortTermEntry(agent, "b", 2, T0 + SECOND))
    found = await short_term.batch_get(agent, ["a", "b", "c", "a"], T0 + 2 * SECOND)
    assert {k: e.value for k, e in found.items()} == {"a": 1}


async def test_delete_reports_whether_a_live_entry_was_removed(short_term, agent):
    await short_term.put(ShortTermEntry(agent, "live", 1, T0 + 10 * SECOND))
    await short_term.put(ShortTermEntry(agent, "stale", 1, T0 + SECOND))
    assert await short_term.delete(agent, "live", T0 + 2 * SECOND) is True
    assert await short_term.delete(agent, "stale", T0 + 2 * SECOND) is False
    assert await short_term.delete(agent, "never", T0) is False
    assert await short_term.get(agent, "live", T0) is None


async def test_clear_by_prefix_counts_live_entries_and_spares_neighbours(short_term, agent):
    for key in ("queries:a", "queries:b", "queries:c", "queries;x", "querie", "signals:a"):
        await short_term.put(ShortTermEntry(agent, key, key, T0 + 10 * SECOND))
    await short_term.put(ShortTermEntry(agent, "queries:expired", 0, T0 + SECOND))
    assert await short_term.clear(agent, "queries:", T0 + 2 * SECOND) == 3
    remaining, _ = await short_term.list(agent, "", 100, T0 + 2 * SECOND)
    assert [e.key for e in remaining] == ["querie", "queries;x", "signals:a"]
    assert await short_term.clear(agent, "", T0 + 2 * SECOND) == 3
    assert (await short_term.list(agent, "", 100, T0))[0] == []


async def test_append_keeps_newest_items_and_restarts_ttl(short_term, agent):
    first = await short_term.append(agent, "queries:recent", [1, 2, 3], 4, T0 + 10 * SECOND, T0)
    assert first.value == [1, 2, 3]
    second = await short_term.append(agent, "queries:recent", [4, 5], 4, T0 + 20 * SECOND, T0 + SECOND)
    assert second.value == [2, 3, 4, 5] and second.expire_us == T0 + 20 * SECOND
    stored = await short_term.get(agent, "queries:recent", T0 + 15 * SECOND)
    assert stored is not None and stored.value == [2, 3, 4, 5]


async def test_append_to_an_expired_list_starts_a_new_one(short_term, agent):
    await short_term.append(agent, "l", ["old"], 10, T0 + SECOND, T0)
    fresh = await short_term.append(agent, "l", ["new"], 10, T0 + 10 * SECOND, T0 + 2 * SECOND)
    assert fresh.value == ["new"]


async def test_append_to_a_non_list_is_wrong_type_and_changes_nothing(short_term, agent):
    await short_term.put(ShortTermEntry(agent, "scalar", "text", T0 + 10 * SECOND))
    with pytest.raises(WrongValueType):
        await short_term.append(agent, "scalar", [1], 5, T0 + 20 * SECOND, T0)
    entry = await short_term.get(agent, "scalar", T0)
    assert entry is not None and entry.value == "text" and entry.expire_us == T0 + 10 * SECOND


async def test_increment_window_starts_at_creation(short_term, agent):
    first = await short_term.increment(agent, "ratelimit:src", 1, T0 + 300 * SECOND, T0)
    assert (first.value, first.expire_us) == (1, T0 + 300 * SECOND)
    second = await short_term.increment(agent, "ratelimit:src", 5, T0 + 400 * SECOND, T0 + 100 * SECOND)
    assert (second.value, second.expire_us) == (6, T0 + 300 * SECOND)
    after_window = await short_term.increment(agent, "ratelimit:src", 1, T0 + 700 * SECOND, T0 + 300 * SECOND)
    assert (after_window.value, after_window.expire_us) == (1, T0 + 700 * SECOND)


async def test_increment_rejects_non_integer_and_overflow(short_term, agent):
    await short_term.put(ShortTermEntry(agent, "f", 1.5, T0 + 10 * SECOND))
    with pytest.raises(WrongValueType):
        await short_term.increment(agent, "f", 1, T0 + 10 * SECOND, T0)
    await short_term.increment(agent, "big", 2**63 - 1, T0 + 10 * SECOND, T0)
    with pytest.raises(WrongValueType):
        await short_term.increment(agent, "big", 1, T0 + 10 * SECOND, T0)
    still = await short_term.get(agent, "big", T0)
    assert still is not None and still.value == 2**63 - 1


async def test_increment_accepts_integral_numbers_written_by_put(short_term, agent):
    await short_term.put(ShortTermEntry(agent, "n", 5.0, T0 + 10 * SECOND))
    counted = await short_term.increment(agent, "n", 2, T0 + 99 * SECOND, T0)
    assert (counted.value, counted.expire_us) == (7, T0 + 10 * SECOND)


async def test_list_orders_by_key_and_reports_truncation(short_term, agent):
    for key in ("b", "a", "c", "d"):
        await short_term.put(ShortTermEntry(agent, key, key, T0 + 10 * SECOND))
    await short_term.put(ShortTermEntry(agent, "aa", "x", T0 + SECOND))
    entries, truncated = await short_term.list(agent, "", 3, T0 + 2 * SECOND)
    assert [e.key for e in entries] == ["a", "b", "c"] and truncated is True
    entries, truncated = await short_term.list(agent, "", 4, T0 + 2 * SECOND)
    assert [e.key for e in entries] == ["a", "b", "c", "d"] and truncated is False


async def test_purge_never_removes_live_entries(short_term, agent):
    await short_term.put(ShortTermEntry(agent, "old", 1, T0 + SECOND))
    await short_term.put(ShortTermEntry(agent, "new", 1, T0 + 100 * SECOND))
    assert await short_term.purge_expired(T0 + 2 * SECOND) >= 0
    assert await short_term.get(agent, "new", T0 + 2 * SECOND) is not None
    assert await short_term.get(agent, "old", T0 + 2 * SECOND) is None


async def test_concurrent_increments_and_appends_lose_nothing(short_term, agent):
    await asyncio.gather(*(short_term.increment(agent, "ratelimit:c", 1, T0 + 60 * SECOND, T0) for _ in range(50)))
    counter = await short_term.get(agent, "ratelimit:c", T0)
    assert counter is not None and counter.value == 50
    await asyncio.gather(
        *(short_term.append(agent, "queries:l", [i], 1000, T0 + 60 * SECOND, T0) for i in range(30))
    )
    listed = await short_term.get(agent, "queries:l", T0)
    assert listed is not None and sorted(listed.value) == list(range(30))
