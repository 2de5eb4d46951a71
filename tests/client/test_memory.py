"""MemoryManager against a real server: short-term memory, long-term memory,
agent state, and the typed errors of each."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from agentmemory.client import (
    InvalidArgumentError,
    MemoryClient,
    MemoryManager,
    NotFoundError,
    VersionConflictError,
    WrongValueTypeError,
)

pytestmark = pytest.mark.timeout(30)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


# --------------------------------------------------------------------------
# Short-term memory
# --------------------------------------------------------------------------


async def test_store_and_retrieve_stm_round_trips_plain_values(memory: MemoryManager) -> None:
    data = {
        "volatility": "high",
        "trend": "bullish",
        "cycle": 142,
        "ratio": 0.25,
        "flags": [True, False, None],
        "nested": {"sources": ["whaleMovements", "derivatives"], "empty": {}, "none": []},
    }
    before = utcnow()
    entry = await memory.store_stm("context:current", data, ttl_seconds=60)
    assert entry["key"] == "context:current"
    assert entry["agent_id"] == memory.agent_id
    assert entry["value"] == data
    assert isinstance(entry["expire_time"], dt.datetime)
    assert entry["expire_time"].tzinfo is not None
    assert before + dt.timedelta(seconds=59) <= entry["expire_time"] <= utcnow() + dt.timedelta(seconds=61)

    value = await memory.retrieve_stm("context:current")
    assert value == data
    assert isinstance(value["cycle"], int), "integral numbers come back as int"
    assert isinstance(value["ratio"], float)


async def test_retrieve_stm_miss_is_none(memory: MemoryManager) -> None:
    assert await memory.retrieve_stm("context:never-stored") is None
    assert await memory.get_stm_entry("context:never-stored") is None


async def test_stm_scalar_values_and_null_versus_miss(memory: MemoryManager) -> None:
    for key, value in [("signals:a", "text"), ("signals:b", 3), ("signals:c", [1, 2]), ("signals:d", False)]:
        await memory.store_stm(key, value)
        assert await memory.retrieve_stm(key) == value
    await memory.store_stm("signals:null", None)
    entry = await memory.get_stm_entry("signals:null")
    assert entry is not None and entry["value"] is None, "a stored null is an entry, not a miss"


async def test_stm_default_ttl_comes_from_the_key_family(memory: MemoryManager) -> None:
    entry = await memory.store_stm("ratelimit:glassnode", 1)
    remaining = (entry["expire_time"] - utcnow()).total_seconds()
    assert 290 <= remaining <= 301, f"ratelimit family is 5 min, got {remaining}s"
    entry = await memory.store_stm("queries:glassnode:latest", {"ok": True}, ttl_seconds=dt.timedelta(minutes=2))
    remaining = (entry["expire_time"] - utcnow()).total_seconds()
    assert 115 <= remaining <= 121


async def test_stm_entry_expires(memory: MemoryManager) -> None:
    await memory.store_stm("signals:short", "soon gone", ttl_seconds=0.4)
    assert await memory.retrieve_stm("signals:short") == "soon gone"
    await asyncio.sleep(0.6)
    assert await memory.retrieve_stm("signals:short") is None


async def test_retrieve_stm_many_delete_and_list(memory: MemoryManager) -> None:
    await memory.store_stm("queries:a", 1)
    await memory.store_stm("queries:b", {"x": 2})
    await memory.store_stm("context:c", "c")
    assert await memory.retrieve_stm_many(["queries:a", "missing:key", "queries:b"]) == {
        "queries:a": 1,
        "queries:b": {"x": 2},
    }
    listed = await memory.list_stm("queries:")
    assert [e["key"] for e in listed] == ["queries:a", "queries:b"]
    assert [e["value"] for e in listed] == [1, {"x": 2}]
    assert await memory.delete_stm("queries:a") is True
    assert await memory.delete_stm("queries:a") is False
    assert await memory.retrieve_stm("queries:a") is None


async def test_clear_stm_by_prefix_glob_and_all(memory: MemoryManager) -> None:
    for key in ["queries:a", "queries:b", "queries:c", "signals:x", "context:y"]:
        await memory.store_stm(key, key)
    assert await memory.clear_stm("queries:") == 2 + 1
    assert await memory.retrieve_stm("queries:a") is None
    assert await memory.retrieve_stm("signals:x") == "signals:x"
    await memory.store_stm("signals:z", 1)
    assert await memory.clear_stm("signals:*") == 2
    assert await memory.clear_stm() == 1  # context:y
    assert await memory.list_stm() == []
    with pytest.raises(ValueError):
        await memory.clear_stm("que*ries")


async def test_append_stm_keeps_a_capped_list(memory: MemoryManager) -> None:
    assert await memory.append_stm("queries:recent", {"source": "a"}, max_length=3) == [{"source": "a"}]
    assert await memory.append_stm("queries:recent", "b", "c", "d", max_length=3) == ["b", "c", "d"]
    assert await memory.retrieve_stm("queries:recent") == ["b", "c", "d"]
    await memory.store_stm("queries:scalar", 5)
    with pytest.raises(WrongValueTypeError) as info:
        await memory.append_stm("queries:scalar", 1, max_length=3)
    assert info.value.reason == "WRONG_VALUE_TYPE"


async def test_increment_counter_counts_within_a_window(memory: MemoryManager) -> None:
    assert await memory.increment_counter("ratelimit:glassnode", ttl_seconds=60) == 1
    assert await memory.increment_counter("ratelimit:glassnode", 4) == 5
    assert await memory.increment_counter("ratelimit:glassnode", -2) == 3
    assert await memory.increment_counter("ratelimit:glassnode", 0) == 3
    entry = await memory.get_stm_entry("ratelimit:glassnode")
    assert entry is not None and entry["value"] == 3
    assert (entry["expire_time"] - utcnow()).total_seconds() <= 61
    await memory.store_stm("ratelimit:text", "not a number")
    with pytest.raises(WrongValueTypeError):
        await memory.increment_counter("ratelimit:text")


async def test_stm_invalid_key_names_the_field(memory: MemoryManager) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        await memory.store_stm("bad key with spaces", 1)
    error = info.value
    assert error.reason == "VALIDATION_FAILED"
    assert error.domain == "agentmemory"
    assert "key" in error.fields, error.field_violations
    assert all(v.description for v in error.field_violations)


async def test_invalid_agent_id_names_the_field(client: MemoryClient) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        await MemoryManager(client, "-not valid!").retrieve_stm("context:x")
    assert "agent_id" in info.value.fields


async def test_unconvertible_values_fail_before_sending(memory: MemoryManager) -> None:
    with pytest.raises(TypeError):
        await memory.store_stm("context:x", {"s": {1, 2}})
    with pytest.raises(TypeError):
        await memory.store_stm("context:x", {1: "int key"})
    with pytest.raises(ValueError):
        await memory.store_stm("context:x", {"n": float("nan")})


# --------------------------------------------------------------------------
# Long-term memory
# --------------------------------------------------------------------------


async def test_store_ltm_creates_then_replaces_with_versions(memory: MemoryManager) -> None:
    created = await memory.store_ltm("PATTERN", "whale_pump_bullish", {"description": "whales pump", "rate": 0.7}, 0.7)
    assert created["memory_type"] == "PATTERN"
    assert created["memory_id"] == "whale_pump_bullish"
    assert created["agent_id"] == memory.agent_id
    assert created["data"] == {"description": "whales pump", "rate": 0.7}
    assert created["confidence"] == pytest.approx(0.7)
    assert created["version"] == 1
    assert isinstance(created["create_time"], dt.datetime) and isinstance(created["update_time"], dt.datetime)
    assert created["access_count"] == 0 and created["last_access_time"] is None

    replaced = await memory.store_ltm("PATTERN", "whale_pump_bullish", {"description": "v2"}, 0.8, expected_version=1)
    assert replaced["version"] == 2 and replaced["data"] == {"description": "v2"}
    assert replaced["create_time"] == created["create_time"]


async def test_store_ltm_confidence_defaults(memory: MemoryManager) -> None:
    # The design's usage puts the confidence inside the data.
    from_data = await memory.store_ltm("PATTERN", "p1", {"confidence": 0.9, "success_rate": 0.8})
    assert from_data["confidence"] == pytest.approx(0.9)
    default = await memory.store_ltm("PATTERN", "p2", {"description": "no confidence"})
    assert default["confidence"] == pytest.approx(0.5)
    explicit = await memory.store_ltm("PATTERN", "p3", {"confidence": 0.9}, confidence=0.2)
    assert explicit["confidence"] == pytest.approx(0.2)


async def test_store_ltm_datetime_in_data_becomes_iso_string(memory: MemoryManager) -> None:
    learned = dt.datetime(2025, 3, 1, 12, 30, tzinfo=dt.timezone.utc)
    stored = await memory.store_ltm("PATTERN", "dated", {"learned_at": learned})
    assert stored["data"]["learned_at"] == "2025-03-01T12:30:00Z"


async def test_version_conflict_carries_expected_and_actual(memory: MemoryManager) -> None:
    await memory.store_ltm("STRATEGY", "s1", {"n": 1}, 0.5)
    with pytest.raises(VersionConflictError) as info:
        await memory.store_ltm("STRATEGY", "s1", {"n": 2}, 0.5, expected_version=5)
    error = info.value
    assert error.code.name == "ABORTED"
    assert error.reason == "VERSION_CONFLICT"
    assert error.metadata == {"expected_version": "5", "actual_version": "1"}
    assert error.expected_version == 5 and error.actual_version == 1
    # nothing was written
    current = await memory.get_ltm("STRATEGY", "s1")
    assert current is not None and current["data"] == {"n": 1} and current["version"] == 1
    # 0 = must not exist yet
    with pytest.raises(VersionConflictError) as info:
        await memory.store_ltm("STRATEGY", "s1", {"n": 3}, 0.5, expected_version=0)
    assert info.value.actual_version == 1
    created = await memory.store_ltm("STRATEGY", "s2", {"n": 1}, 0.5, expected_version=0)
    assert created["version"] == 1


async def test_get_ltm_counts_accesses_and_misses_are_none(memory: MemoryManager) -> None:
    await memory.store_ltm("ARCHETYPE", "calm", {"volatility": "low"}, 0.6)
    first = await memory.get_ltm("ARCHETYPE", "calm")
    second = await memory.get_ltm("ARCHETYPE", "calm")
    assert first is not None and second is not None
    assert (first["access_count"], second["access_count"]) == (1, 2)
    assert isinstance(second["last_access_time"], dt.datetime)
    assert second["version"] == 1, "reads do not change the version"
    assert await memory.get_ltm("ARCHETYPE", "missing") is None


async def test_retrieve_ltm_orders_filters_and_limits(memory: MemoryManager) -> None:
    await memory.store_ltm("PATTERN", "low", {"context": {"market": "bullish"}, "tag": "x"}, 0.2)
    await memory.store_ltm("PATTERN", "high", {"context": {"market": "bullish"}, "tag": "y"}, 0.9)
    await memory.store_ltm("PATTERN", "mid", {"context": {"market": "bearish"}, "tag": "x"}, 0.5)
    await memory.store_ltm("PATTERN", "mid2", {"context": {"market": "bullish"}, "tag": "x"}, 0.5)
    await memory.store_ltm("STRATEGY", "other", {"context": {"market": "bullish"}}, 1.0)

    everything = await memory.retrieve_ltm("PATTERN")
    assert [m["memory_id"] for m in everything] == ["high", "mid", "mid2", "low"], "highest confidence, ties by id"
    bullish = await memory.retrieve_ltm("PATTERN", filters={"context.market": "bullish"})
    assert [m["memory_id"] for m in bullish] == ["high", "mid2", "low"]
    both = await memory.retrieve_ltm("PATTERN", filters={"context.market": "bullish", "tag": "x"})
    assert [m["memory_id"] for m in both] == ["mid2", "low"]
    confident = await memory.retrieve_ltm("PATTERN", min_confidence=0.5)
    assert [m["memory_id"] for m in confident] == ["high", "mid", "mid2"]
    assert [m["memory_id"] for m in await memory.retrieve_ltm("PATTERN", limit=2)] == ["high", "mid"]
    assert await memory.retrieve_ltm("PATTERN", filters={"context.market": "sideways"}) == []
    # reads by query are not accesses
    assert all(m["access_count"] == 0 for m in everything)


async def test_get_pattern_memory(memory: MemoryManager) -> None:
    await memory.store_ltm("PATTERN", "a", {"d": 1}, 0.3)
    await memory.store_ltm("PATTERN", "b", {"d": 2}, 0.8)
    await memory.store_ltm("STRATEGY", "c", {"d": 3}, 0.9)
    patterns = await memory.get_pattern_memory("PATTERN", min_confidence=0.5)
    assert [(m["memory_id"], m["data"]) for m in patterns] == [("b", {"d": 2})]
    assert [m["memory_id"] for m in await memory.get_pattern_memory("PATTERN", 0.0)] == ["b", "a"]


async def test_update_ltm_confidence_and_history(memory: MemoryManager) -> None:
    await memory.store_ltm("PATTERN", "p", {"d": 1}, 0.5)
    updated = await memory.update_ltm_confidence("PATTERN", "p", 0.75, reason="3 more successes")
    assert updated["confidence"] == pytest.approx(0.75) and updated["version"] == 2
    updated = await memory.update_ltm_confidence("PATTERN", "p", 0.6, "a failure", expected_version=2)
    assert updated["version"] == 3
    with pytest.raises(VersionConflictError):
        await memory.update_ltm_confidence("PATTERN", "p", 0.1, expected_version=1)
    history = await memory.confidence_history("PATTERN", "p")
    assert [(h["previous_confidence"], h["confidence"], h["reason"], h["version"]) for h in history] == [
        (0.0, 0.5, history[0]["reason"], 1),
        (0.5, 0.75, "3 more successes", 2),
        (0.75, 0.6, "a failure", 3),
    ]
    assert all(isinstance(h["change_time"], dt.datetime) for h in history)
    with pytest.raises(NotFoundError) as info:
        await memory.update_ltm_confidence("PATTERN", "missing", 0.5)
    assert info.value.reason == "MEMORY_NOT_FOUND"
    with pytest.raises(InvalidArgumentError) as bad:
        await memory.update_ltm_confidence("PATTERN", "p", 1.5)
    assert "confidence" in bad.value.fields


async def test_delete_ltm(memory: MemoryManager) -> None:
    await memory.store_ltm("PATTERN", "gone", {"d": 1}, 0.5)
    with pytest.raises(VersionConflictError):
        await memory.delete_ltm("PATTERN", "gone", expected_version=7)
    await memory.delete_ltm("PATTERN", "gone", expected_version=1)
    assert await memory.get_ltm("PATTERN", "gone") is None
    with pytest.raises(NotFoundError) as info:
        await memory.delete_ltm("PATTERN", "gone")
    assert info.value.code.name == "NOT_FOUND" and info.value.reason == "MEMORY_NOT_FOUND"


async def test_invalid_memory_type_names_the_field(memory: MemoryManager) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        await memory.store_ltm("not-upper-snake", "p", {"d": 1}, 0.5)
    assert "memory_type" in info.value.fields
    with pytest.raises(InvalidArgumentError) as info:
        await memory.retrieve_ltm("")
    assert "memory_type" in info.value.fields


# --------------------------------------------------------------------------
# Agent state
# --------------------------------------------------------------------------


async def test_save_and_get_state_and_checkpoints(memory: MemoryManager) -> None:
    assert await memory.get_state() is None
    saved = await memory.save_state({"mode": "exploration", "epsilon": 0.1})
    assert saved["version"] == 1 and saved["checkpoint"] == "" and saved["agent_id"] == memory.agent_id
    saved = await memory.save_state({"mode": "exploitation"}, expected_version=1)
    assert saved["version"] == 2
    with pytest.raises(VersionConflictError):
        await memory.save_state({"mode": "x"}, expected_version=1)
    current = await memory.get_state()
    assert current is not None
    assert current["state"] == {"mode": "exploitation"} and current["version"] == 2
    assert isinstance(current["update_time"], dt.datetime)

    await memory.save_state({"cycle": 1}, checkpoint="cycle-1")
    await memory.save_state({"cycle": 2}, checkpoint="cycle-2")
    checkpoint = await memory.get_state("cycle-1")
    assert checkpoint is not None and checkpoint["state"] == {"cycle": 1}
    listed = await memory.list_checkpoints()
    assert [c["checkpoint"] for c in listed] == ["cycle-2", "cycle-1"]
    assert all(c["state"] == {} for c in listed)
    assert await memory.get_state("never-saved") is None


async def test_contract_edges_of_short_term_memory(memory: MemoryManager) -> None:
    # A TTL must be positive and at most 30 days.
    for bad_ttl in (0, -1, 31 * 86400):
        with pytest.raises(InvalidArgumentError) as info:
            await memory.store_stm("context:ttl", 1, ttl_seconds=bad_ttl)
        assert any(f.startswith("ttl") for f in info.value.fields), (bad_ttl, info.value.fields)
    # A zero delta reads the counter, creating it at 0 when missing.
    assert await memory.increment_counter("ratelimit:fresh", 0) == 0
    assert await memory.retrieve_stm("ratelimit:fresh") == 0
    # Clearing counts live entries only.
    await memory.store_stm("performance:old", 1, ttl_seconds=0.3)
    await memory.store_stm("performance:live", 2)
    await asyncio.sleep(0.5)
    assert await memory.clear_stm("performance:") == 1
