"""LongTermStore and AgentStateStore conformance."""

from __future__ import annotations

import uuid

import pytest

from agentmemory_server.core.errors import NotFound, VersionConflict

from tests.conformance.clock import T0


@pytest.fixture
def agent() -> str:
    return f"agent-{uuid.uuid4().hex[:12]}"


async def test_create_starts_at_version_one_with_history(long_term, agent):
    memory = await long_term.put(agent, "PATTERN", "whale_pump", {"lift": 0.7}, 0.6, None, T0)
    assert (memory.version, memory.confidence, memory.create_us, memory.update_us) == (1, 0.6, T0, T0)
    assert memory.access_count == 0 and memory.last_access_us is None
    history = await long_term.confidence_history(agent, "PATTERN", "whale_pump")
    assert [(c.previous_confidence, c.confidence, c.version) for c in history] == [(0.0, 0.6, 1)]


async def test_expected_version_guards_every_write(long_term, agent):
    with pytest.raises(VersionConflict) as missing:
        await long_term.put(agent, "PATTERN", "p", {}, 0.5, 3, T0)
    assert (missing.value.expected, missing.value.actual) == (3, 0)
    assert await long_term.get(agent, "PATTERN", "p", count_access=False, now_us=T0) is None
    await long_term.put(agent, "PATTERN", "p", {"v": 1}, 0.5, 0, T0)
    with pytest.raises(VersionConflict) as exists:
        await long_term.put(agent, "PATTERN", "p", {"v": 2}, 0.5, 0, T0 + 1)
    assert (exists.value.expected, exists.value.actual) == (0, 1)
    replaced = await long_term.put(agent, "PATTERN", "p", {"v": 3}, 0.9, 1, T0 + 2)
    assert replaced.version == 2 and replaced.data == {"v": 3} and replaced.create_us == T0
    with pytest.raises(VersionConflict):
        await long_term.put(agent, "PATTERN", "p", {"v": 4}, 0.1, 1, T0 + 3)
    current = await long_term.get(agent, "PATTERN", "p", count_access=False, now_us=T0)
    assert current is not None and current.data == {"v": 3} and current.version == 2


async def test_get_counts_accesses_only_when_asked(long_term, agent):
    await long_term.put(agent, "STRATEGY", "s", {}, 0.5, None, T0)
    await long_term.get(agent, "STRATEGY", "s", count_access=True, now_us=T0 + 10)
    read = await long_term.get(agent, "STRATEGY", "s", count_access=True, now_us=T0 + 20)
    assert read is not None and (read.access_count, read.last_access_us, read.version) == (2, T0 + 20, 1)
    peek = await long_term.get(agent, "STRATEGY", "s", count_access=False, now_us=T0 + 30)
    assert peek is not None and peek.access_count == 2
    replaced = await long_term.put(agent, "STRATEGY", "s", {"x": 1}, 0.5, None, T0 + 40)
    assert replaced.access_count == 2 and replaced.last_access_us == T0 + 20


async def test_query_orders_by_confidence_and_filters(long_term, agent):
    rows = [
        ("a", 0.9, {"market": {"trend": "bullish"}, "sources": ["whale"], "n": 3.0, "live": True}),
        ("b", 0.7, {"market": {"trend": "bearish"}, "sources": ["whale"], "n": 3.0, "live": False}),
        ("c", 0.7, {"market": {"trend": "bullish"}, "sources": ["news"], "n": 4.0, "live": True}),
        ("d", 0.2, {"market": {"trend": "bullish"}, "n": None}),
    ]
    for memory_id, confidence, data in rows:
        await long_term.put(agent, "PATTERN", memory_id, data, confidence, None, T0)
    await long_term.put(agent, "STRATEGY", "other", rows[0][2], 1.0, None, T0)

    async def ids(min_confidence=0.0, data_filter=None, limit=100):
        found = await long_term.query(agent, "PATTERN", min_confidence, data_filter or {}, limit)
        return [m.memory_id for m in found]

    assert await ids() == ["a", "b", "c", "d"]
    assert await ids(min_confidence=0.7) == ["a", "b", "c"]
    assert await ids(limit=2) == ["a", "b"]
    assert await ids(data_filter={"market.trend": "bullish"}) == ["a", "c", "d"]
    assert await ids(data_filter={"market.trend": "bullish", "n": 3}) == ["a"]
    assert await ids(data_filter={"live": True}) == ["a", "c"]
    assert await ids(data_filter={"live": 1}) == []
    assert await ids(data_filter={"n": None}) == ["d"]
    assert await ids(data_filter={"sources": ["whale"]}) == ["a", "b"]
    assert await ids(data_filter={"market": {"trend": "bearish"}}) == ["b"]
    assert await ids(data_filter={"missing.path": "x"}) == []


async def test_update_confidence_records_history(long_term, agent):
    await long_term.put(agent, "PATTERN", "p", {}, 0.5, None, T0)
    updated = await long_term.update_confidence(agent, "PATTERN", "p", 0.8, "3 wins", None, T0 + 5)
    assert (updated.confidence, updated.version, updated.update_us) == (0.8, 2, T0 + 5)
    with pytest.raises(VersionConflict):
        await long_term.update_confidence(agent, "PATTERN", "p", 0.1, "stale", 1, T0 + 6)
    await long_term.update_confidence(agent, "PATTERN", "p", 0.4, "2 losses", 2, T0 + 7)
    history = await long_term.confidence_history(agent, "PATTERN", "p")
    assert [(c.previous_confidence, c.confidence, c.reason, c.version, c.change_us) for c in history] == [
        (0.0, 0.5, "created", 1, T0),
        (0.5, 0.8, "3 wins", 2, T0 + 5),
        (0.8, 0.4, "2 losses", 3, T0 + 7),
    ]
    with pytest.raises(NotFound):
        await long_term.update_confidence(agent, "PATTERN", "nope", 0.1, "", None, T0)


async def test_delete_removes_memory_and_history(long_term, agent):
    await long_term.put(agent, "PATTERN", "p", {}, 0.5, None, T0)
    with pytest.raises(VersionConflict):
        await long_term.delete(agent, "PATTERN", "p", 7)
    await long_term.delete(agent, "PATTERN", "p", 1)
    assert await long_term.get(agent, "PATTERN", "p", count_access=False, now_us=T0) is None
    assert await long_term.confidence_history(agent, "PATTERN", "p") is None
    with pytest.raises(NotFound):
        await long_term.delete(agent, "PATTERN", "p", None)
    again = await long_term.put(agent, "PATTERN", "p", {}, 0.3, 0, T0 + 1)
    assert again.version == 1


async def test_agent_state_versions_and_checkpoints(agent_state, agent):
    assert await agent_state.get(agent, "") is None
    first = await agent_state.save(agent, "", {"cycle": 1}, 0, T0)
    assert (first.version, first.checkpoint) == (1, "")
    with pytest.raises(VersionConflict):
        await agent_state.save(agent, "", {"cycle": 2}, 0, T0 + 1)
    second = await agent_state.save(agent, "", {"cycle": 2}, None, T0 + 2)
    assert second.version == 2
    await agent_state.save(agent, "before-upgrade", {"cycle": 2}, None, T0 + 3)
    await agent_state.save(agent, "nightly", {"cycle": 3}, None, T0 + 4)
    current = await agent_state.get(agent, "")
    assert current is not None and current.state == {"cycle": 2} and current.update_us == T0 + 2
    checkpoints = await agent_state.list_checkpoints(agent)
    assert [(c.checkpoint, c.version, c.state) for c in checkpoints] == [("nightly", 1, {}), ("before-upgrade", 1, {})]
    assert await agent_state.list_checkpoints(agent + "-other") == []


async def test_meta_get_or_create_keeps_the_first_value(meta):
    name = f"setting-{uuid.uuid4().hex}"
    assert await meta.get_or_create(name, "first") == "first"
    assert await meta.get_or_create(name, "second") == "first"
