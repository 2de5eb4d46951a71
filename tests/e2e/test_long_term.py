"""Long-term memory over real gRPC: Put/Get/Query/UpdateConfidence/
GetConfidenceHistory/Delete, optimistic concurrency and validation."""

from __future__ import annotations

import asyncio
import math

import grpc
import pytest

from agentmemory.v1 import memory_pb2 as m

from .helpers import (
    collect,
    expect_error,
    expect_stream_error,
    invalid,
    now,
    struct,
    to_py,
    ts_seconds,
)

ABORTED = dict(code=grpc.StatusCode.ABORTED, reason="VERSION_CONFLICT")
NOT_FOUND = dict(code=grpc.StatusCode.NOT_FOUND, reason="MEMORY_NOT_FOUND")


def put_req(agent_id, memory_id="p1", data=None, confidence=0.5, memory_type="PATTERN", expected_version=None):
    req = m.PutLongTermRequest(
        agent_id=agent_id,
        memory_type=memory_type,
        memory_id=memory_id,
        data=struct(data if data is not None else {"k": memory_id}),
        confidence=confidence,
    )
    if expected_version is not None:
        req.expected_version = expected_version
    return req


async def put(memory, agent_id, **kw):
    return (await memory.PutLongTerm(put_req(agent_id, **kw))).memory


async def get(memory, agent_id, memory_id="p1", memory_type="PATTERN"):
    return (
        await memory.GetLongTerm(m.GetLongTermRequest(agent_id=agent_id, memory_type=memory_type, memory_id=memory_id))
    ).memory


async def history(memory, agent_id, memory_id="p1", memory_type="PATTERN"):
    return list(
        (
            await memory.GetConfidenceHistory(
                m.GetConfidenceHistoryRequest(agent_id=agent_id, memory_type=memory_type, memory_id=memory_id)
            )
        ).changes
    )


async def query(memory, agent_id, memory_type="PATTERN", **kw):
    req = m.QueryLongTermRequest(agent_id=agent_id, memory_type=memory_type, **kw)
    return [r.memory for r in await collect(memory.QueryLongTerm(req))]


# --------------------------------------------------------------------------
# Put / Get
# --------------------------------------------------------------------------


async def test_create_then_replace(memory, agent_id):
    data = {"pattern": "funding-flip", "stats": {"success_rate": 0.61, "samples": 140}, "tags": ["btc", "perp"]}
    t0 = now()
    created = await put(memory, agent_id, memory_id="funding:flip", data=data, confidence=0.7)
    assert created.agent_id == agent_id
    assert created.memory_type == "PATTERN"
    assert created.memory_id == "funding:flip"
    assert to_py(created.data) == data
    assert created.confidence == pytest.approx(0.7)
    assert created.version == 1
    assert created.access_count == 0
    assert not created.HasField("last_access_time")
    assert t0 - 2 <= ts_seconds(created.create_time) <= now() + 2
    assert created.update_time == created.create_time

    await asyncio.sleep(0.02)
    replaced = await put(memory, agent_id, memory_id="funding:flip", data={"pattern": "v2"}, confidence=0.8)
    assert replaced.version == 2
    assert to_py(replaced.data) == {"pattern": "v2"}
    assert replaced.confidence == pytest.approx(0.8)
    assert replaced.create_time == created.create_time
    assert ts_seconds(replaced.update_time) > ts_seconds(created.update_time)

    third = await put(memory, agent_id, memory_id="funding:flip", data={"pattern": "v3"}, confidence=0.8)
    assert third.version == 3


async def test_get_counts_accesses_without_changing_version(memory, agent_id):
    await put(memory, agent_id, memory_id="acc")
    t0 = now()
    g1 = await get(memory, agent_id, "acc")
    assert g1.access_count == 1
    assert g1.HasField("last_access_time")
    assert t0 - 2 <= ts_seconds(g1.last_access_time) <= now() + 2
    assert g1.version == 1
    await asyncio.sleep(0.02)
    g2 = await get(memory, agent_id, "acc")
    assert g2.access_count == 2
    assert ts_seconds(g2.last_access_time) >= ts_seconds(g1.last_access_time)
    assert g2.version == 1
    assert to_py(g2.data) == {"k": "acc"}


async def test_concurrent_gets_count_every_access(memory, agent_id):
    await put(memory, agent_id, memory_id="hot")
    await asyncio.gather(*(get(memory, agent_id, "hot") for _ in range(30)))
    assert (await get(memory, agent_id, "hot")).access_count == 31


async def test_get_missing_is_not_found(memory, agent_id):
    await expect_error(
        memory.GetLongTerm(m.GetLongTermRequest(agent_id=agent_id, memory_type="PATTERN", memory_id="nope")),
        **NOT_FOUND,
    )


async def test_memories_are_scoped_by_agent_and_type(memory, agent_id, other_agent_id):
    await put(memory, agent_id, memory_id="same", memory_type="PATTERN", data={"t": "pattern"})
    await put(memory, agent_id, memory_id="same", memory_type="STRATEGY", data={"t": "strategy"})
    assert to_py((await get(memory, agent_id, "same", "PATTERN")).data) == {"t": "pattern"}
    assert to_py((await get(memory, agent_id, "same", "STRATEGY")).data) == {"t": "strategy"}
    assert (await get(memory, agent_id, "same", "STRATEGY")).version == 1
    await expect_error(
        memory.GetLongTerm(m.GetLongTermRequest(agent_id=other_agent_id, memory_type="PATTERN", memory_id="same")),
        **NOT_FOUND,
    )


# --------------------------------------------------------------------------
# Optimistic concurrency
# --------------------------------------------------------------------------


async def test_expected_version_zero_creates_only_once(memory, agent_id):
    created = await put(memory, agent_id, memory_id="ev0", data={"v": 1}, expected_version=0)
    assert created.version == 1
    d = await expect_error(
        memory.PutLongTerm(put_req(agent_id, memory_id="ev0", data={"v": "overwritten"}, expected_version=0)),
        **ABORTED,
    )
    assert d.metadata.get("expected_version") == "0"
    assert d.metadata.get("actual_version") == "1"
    after = await get(memory, agent_id, "ev0")
    assert after.version == 1
    assert to_py(after.data) == {"v": 1}


async def test_expected_version_must_match(memory, agent_id):
    await put(memory, agent_id, memory_id="evn", data={"v": 1}, confidence=0.3)
    v2 = await put(memory, agent_id, memory_id="evn", data={"v": 2}, confidence=0.4, expected_version=1)
    assert v2.version == 2

    d = await expect_error(
        memory.PutLongTerm(put_req(agent_id, memory_id="evn", data={"v": "stale"}, confidence=0.9, expected_version=1)),
        **ABORTED,
    )
    assert d.metadata.get("expected_version") == "1"
    assert d.metadata.get("actual_version") == "2"
    d = await expect_error(
        memory.PutLongTerm(put_req(agent_id, memory_id="evn", data={"v": "future"}, expected_version=5)),
        **ABORTED,
    )
    assert d.metadata.get("expected_version") == "5"
    assert d.metadata.get("actual_version") == "2"

    after = await get(memory, agent_id, "evn")
    assert after.version == 2
    assert to_py(after.data) == {"v": 2}
    assert after.confidence == pytest.approx(0.4)
    assert len(await history(memory, agent_id, "evn")) >= 1

    v3 = await put(memory, agent_id, memory_id="evn", data={"v": 3}, expected_version=2)
    assert v3.version == 3


async def test_expected_version_on_missing_memory_is_aborted(memory, agent_id):
    d = await expect_error(
        memory.PutLongTerm(put_req(agent_id, memory_id="ghost", expected_version=3)),
        **ABORTED,
    )
    assert d.metadata.get("expected_version") == "3"
    assert d.metadata.get("actual_version") == "0"
    await expect_error(
        memory.GetLongTerm(m.GetLongTermRequest(agent_id=agent_id, memory_type="PATTERN", memory_id="ghost")),
        **NOT_FOUND,
    )


async def test_negative_expected_version_is_invalid(memory, agent_id):
    await put(memory, agent_id, memory_id="neg")
    await expect_error(
        memory.PutLongTerm(put_req(agent_id, memory_id="neg", expected_version=-1)), **invalid("expected_version")
    )
    await expect_error(
        memory.UpdateConfidence(
            m.UpdateConfidenceRequest(
                agent_id=agent_id, memory_type="PATTERN", memory_id="neg", confidence=0.1, expected_version=-2
            )
        ),
        **invalid("expected_version"),
    )
    assert (await get(memory, agent_id, "neg")).version == 1


async def test_concurrent_conditional_puts_only_one_wins(memory, agent_id):
    await put(memory, agent_id, memory_id="race", data={"v": 0})

    async def attempt(i):
        try:
            await memory.PutLongTerm(put_req(agent_id, memory_id="race", data={"v": i}, expected_version=1))
            return i
        except grpc.aio.AioRpcError as e:
            assert e.code() == grpc.StatusCode.ABORTED, e
            return None

    results = await asyncio.gather(*(attempt(i) for i in range(1, 21)))
    winners = [r for r in results if r is not None]
    assert len(winners) == 1, f"exactly one conditional write must win, got {winners}"
    after = await get(memory, agent_id, "race")
    assert after.version == 2
    assert to_py(after.data) == {"v": winners[0]}


# --------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["", "pattern", "Pattern", "1PATTERN", "PAT-TERN", "P" * 65, "_X"])
async def test_invalid_memory_type(memory, agent_id, bad):
    await expect_error(memory.PutLongTerm(put_req(agent_id, memory_type=bad)), **invalid("memory_type"))
    await expect_error(
        memory.GetLongTerm(m.GetLongTermRequest(agent_id=agent_id, memory_type=bad, memory_id="p1")),
        **invalid("memory_type"),
    )


async def test_memory_type_limits_accepted(memory, agent_id):
    for ok in ["P", "P" * 64, "NEW_TYPE_2", "ARCHETYPE"]:
        assert (await put(memory, agent_id, memory_type=ok)).memory_type == ok


@pytest.mark.parametrize("bad", ["", "has space", "x" * 257, "a/b", "a#b"])
async def test_invalid_memory_id(memory, agent_id, bad):
    await expect_error(memory.PutLongTerm(put_req(agent_id, memory_id=bad)), **invalid("memory_id"))


@pytest.mark.parametrize("bad", [-0.01, 1.01, math.nan, math.inf])
async def test_invalid_confidence(memory, agent_id, bad):
    await expect_error(memory.PutLongTerm(put_req(agent_id, memory_id="conf", confidence=bad)), **invalid("confidence"))
    await expect_error(
        memory.GetLongTerm(m.GetLongTermRequest(agent_id=agent_id, memory_type="PATTERN", memory_id="conf")),
        **NOT_FOUND,
    )


async def test_confidence_bounds_accepted(memory, agent_id):
    assert (await put(memory, agent_id, memory_id="c0", confidence=0.0)).confidence == 0.0
    assert (await put(memory, agent_id, memory_id="c1", confidence=1.0)).confidence == 1.0


async def test_invalid_agent_id(memory):
    await expect_error(memory.PutLongTerm(put_req("bad agent")), **invalid("agent_id"))


async def test_data_over_size_limit(memory, agent_id):
    await expect_error(
        memory.PutLongTerm(put_req(agent_id, memory_id="big", data={"blob": "x" * (300 * 1024)})),
        **invalid("data"),
    )
    await expect_error(
        memory.GetLongTerm(m.GetLongTermRequest(agent_id=agent_id, memory_type="PATTERN", memory_id="big")),
        **NOT_FOUND,
    )


# --------------------------------------------------------------------------
# Query
# --------------------------------------------------------------------------


async def test_query_orders_by_confidence_then_id(memory, agent_id):
    specs = [("m-c", 0.5), ("m-a", 0.9), ("m-b", 0.5), ("m-d", 0.1), ("m-e", 0.75)]
    for mid, conf in specs:
        await put(memory, agent_id, memory_id=mid, confidence=conf)
    await put(memory, agent_id, memory_id="s-1", memory_type="STRATEGY", confidence=1.0)

    got = await query(memory, agent_id)
    assert [x.memory_id for x in got] == ["m-a", "m-e", "m-b", "m-c", "m-d"]
    assert all(x.memory_type == "PATTERN" and x.agent_id == agent_id for x in got)
    assert all(x.version == 1 for x in got)

    above = await query(memory, agent_id, min_confidence=0.5)
    assert [x.memory_id for x in above] == ["m-a", "m-e", "m-b", "m-c"]

    limited = await query(memory, agent_id, limit=2)
    assert [x.memory_id for x in limited] == ["m-a", "m-e"]

    strategies = await query(memory, agent_id, memory_type="STRATEGY")
    assert [x.memory_id for x in strategies] == ["s-1"]

    assert await query(memory, agent_id, memory_type="NOTHING_HERE") == []


async def test_query_data_filter_on_dotted_paths(memory, agent_id):
    await put(memory, agent_id, memory_id="f1", confidence=0.9, data={"context": {"market": "bull", "vol": "high"}, "n": 1})
    await put(memory, agent_id, memory_id="f2", confidence=0.8, data={"context": {"market": "bear", "vol": "high"}, "n": 1})
    await put(memory, agent_id, memory_id="f3", confidence=0.7, data={"context": {"market": "bull", "vol": "low"}, "n": 2})
    await put(memory, agent_id, memory_id="f4", confidence=0.6, data={"other": True})

    bull = await query(memory, agent_id, filter=struct({"context.market": "bull"}))
    assert [x.memory_id for x in bull] == ["f1", "f3"]
    both = await query(memory, agent_id, filter=struct({"context.market": "bull", "context.vol": "low"}))
    assert [x.memory_id for x in both] == ["f3"]
    number = await query(memory, agent_id, filter=struct({"n": 1}))
    assert [x.memory_id for x in number] == ["f1", "f2"]
    as_string = await query(memory, agent_id, filter=struct({"n": "1"}))
    assert as_string == []
    whole = await query(memory, agent_id, filter=struct({"context": {"market": "bear", "vol": "high"}}))
    assert [x.memory_id for x in whole] == ["f2"]
    combined = await query(memory, agent_id, filter=struct({"context.vol": "high"}), min_confidence=0.85)
    assert [x.memory_id for x in combined] == ["f1"]


async def test_query_default_limit_is_100(memory, agent_id):
    await asyncio.gather(*(put(memory, agent_id, memory_id=f"lim-{i:03d}", confidence=i / 200) for i in range(101)))
    default = await query(memory, agent_id)
    assert len(default) == 100
    assert default[0].memory_id == "lim-100"
    assert default[-1].memory_id == "lim-001"
    everything = await query(memory, agent_id, limit=1000)
    assert len(everything) == 101


async def test_query_does_not_count_accesses(memory, agent_id):
    await put(memory, agent_id, memory_id="q1")
    await query(memory, agent_id)
    await query(memory, agent_id)
    (streamed,) = await query(memory, agent_id)
    assert streamed.access_count == 0
    assert (await get(memory, agent_id, "q1")).access_count == 1


async def test_query_validation(memory, agent_id):
    await expect_stream_error(
        memory.QueryLongTerm(m.QueryLongTermRequest(agent_id=agent_id, memory_type="")),
        **invalid("memory_type"),
    )
    await expect_stream_error(
        memory.QueryLongTerm(m.QueryLongTermRequest(agent_id=agent_id, memory_type="PATTERN", limit=1001)),
        **invalid("limit"),
    )
    await expect_stream_error(
        memory.QueryLongTerm(m.QueryLongTermRequest(agent_id=agent_id, memory_type="PATTERN", min_confidence=1.5)),
        **invalid("min_confidence"),
    )
    await expect_stream_error(
        memory.QueryLongTerm(m.QueryLongTermRequest(agent_id="", memory_type="PATTERN")),
        **invalid("agent_id"),
    )


# --------------------------------------------------------------------------
# UpdateConfidence / history
# --------------------------------------------------------------------------


async def test_update_confidence_bumps_version_and_keeps_history(memory, agent_id):
    created = await put(memory, agent_id, memory_id="h1", confidence=0.5, data={"keep": "me"})
    u1 = (
        await memory.UpdateConfidence(
            m.UpdateConfidenceRequest(
                agent_id=agent_id, memory_type="PATTERN", memory_id="h1", confidence=0.8, reason="won 3 in a row"
            )
        )
    ).memory
    assert u1.version == 2
    assert u1.confidence == pytest.approx(0.8)
    assert to_py(u1.data) == {"keep": "me"}
    assert u1.create_time == created.create_time
    u2 = (
        await memory.UpdateConfidence(
            m.UpdateConfidenceRequest(
                agent_id=agent_id, memory_type="PATTERN", memory_id="h1", confidence=0.2, reason="regime change",
                expected_version=2,
            )
        )
    ).memory
    assert u2.version == 3
    assert (await get(memory, agent_id, "h1")).confidence == pytest.approx(0.2)

    changes = await history(memory, agent_id, "h1")
    assert [(c.previous_confidence, c.confidence, c.version) for c in changes] == [
        (0.0, 0.5, 1),
        (pytest.approx(0.5), pytest.approx(0.8), 2),
        (pytest.approx(0.8), pytest.approx(0.2), 3),
    ]
    assert changes[1].reason == "won 3 in a row"
    assert changes[2].reason == "regime change"
    times = [ts_seconds(c.change_time) for c in changes]
    assert all(t > 0 for t in times)
    assert times == sorted(times)


async def test_update_confidence_errors(memory, agent_id):
    await expect_error(
        memory.UpdateConfidence(
            m.UpdateConfidenceRequest(agent_id=agent_id, memory_type="PATTERN", memory_id="missing", confidence=0.5)
        ),
        **NOT_FOUND,
    )
    await put(memory, agent_id, memory_id="u1", confidence=0.5)
    d = await expect_error(
        memory.UpdateConfidence(
            m.UpdateConfidenceRequest(
                agent_id=agent_id, memory_type="PATTERN", memory_id="u1", confidence=0.9, expected_version=4
            )
        ),
        **ABORTED,
    )
    assert d.metadata.get("expected_version") == "4"
    assert d.metadata.get("actual_version") == "1"
    await expect_error(
        memory.UpdateConfidence(
            m.UpdateConfidenceRequest(agent_id=agent_id, memory_type="PATTERN", memory_id="u1", confidence=1.5)
        ),
        **invalid("confidence"),
    )
    await expect_error(
        memory.UpdateConfidence(
            m.UpdateConfidenceRequest(
                agent_id=agent_id, memory_type="PATTERN", memory_id="u1", confidence=0.6, reason="r" * 1025
            )
        ),
        **invalid("reason"),
    )
    # Nothing of the failed updates was written.
    after = await get(memory, agent_id, "u1")
    assert after.version == 1
    assert after.confidence == pytest.approx(0.5)
    assert len(await history(memory, agent_id, "u1")) == 1


async def test_history_of_missing_memory_is_not_found(memory, agent_id):
    await expect_error(
        memory.GetConfidenceHistory(
            m.GetConfidenceHistoryRequest(agent_id=agent_id, memory_type="PATTERN", memory_id="missing")
        ),
        **NOT_FOUND,
    )


# --------------------------------------------------------------------------
# Delete
# --------------------------------------------------------------------------


async def test_delete_removes_memory_and_history(memory, agent_id):
    await put(memory, agent_id, memory_id="d1", confidence=0.4)
    await memory.UpdateConfidence(
        m.UpdateConfidenceRequest(agent_id=agent_id, memory_type="PATTERN", memory_id="d1", confidence=0.6)
    )
    await memory.DeleteLongTerm(m.DeleteLongTermRequest(agent_id=agent_id, memory_type="PATTERN", memory_id="d1"))
    await expect_error(
        memory.GetLongTerm(m.GetLongTermRequest(agent_id=agent_id, memory_type="PATTERN", memory_id="d1")), **NOT_FOUND
    )
    await expect_error(
        memory.GetConfidenceHistory(
            m.GetConfidenceHistoryRequest(agent_id=agent_id, memory_type="PATTERN", memory_id="d1")
        ),
        **NOT_FOUND,
    )
    assert await query(memory, agent_id) == []
    await expect_error(
        memory.DeleteLongTerm(m.DeleteLongTermRequest(agent_id=agent_id, memory_type="PATTERN", memory_id="d1")),
        **NOT_FOUND,
    )
    # Re-creating starts over: version 1, a one-entry history.
    again = await put(memory, agent_id, memory_id="d1", confidence=0.3, expected_version=0)
    assert again.version == 1
    assert again.access_count == 0
    changes = await history(memory, agent_id, "d1")
    assert [(c.previous_confidence, c.confidence, c.version) for c in changes] == [(0.0, pytest.approx(0.3), 1)]


async def test_delete_with_wrong_expected_version_keeps_memory(memory, agent_id):
    await put(memory, agent_id, memory_id="d2")
    d = await expect_error(
        memory.DeleteLongTerm(
            m.DeleteLongTermRequest(agent_id=agent_id, memory_type="PATTERN", memory_id="d2", expected_version=7)
        ),
        **ABORTED,
    )
    assert d.metadata.get("actual_version") == "1"
    assert (await get(memory, agent_id, "d2")).version == 1
    await memory.DeleteLongTerm(
        m.DeleteLongTermRequest(agent_id=agent_id, memory_type="PATTERN", memory_id="d2", expected_version=1)
    )
    await expect_error(
        memory.GetLongTerm(m.GetLongTermRequest(agent_id=agent_id, memory_type="PATTERN", memory_id="d2")), **NOT_FOUND
    )


async def test_history_and_delete_validate_their_keys(memory, agent_id):
    await expect_error(
        memory.GetConfidenceHistory(
            m.GetConfidenceHistoryRequest(agent_id=agent_id, memory_type="pattern", memory_id="p1")
        ),
        **invalid("memory_type"),
    )
    await expect_error(
        memory.DeleteLongTerm(m.DeleteLongTermRequest(agent_id=agent_id, memory_type="PATTERN", memory_id="")),
        **invalid("memory_id"),
    )
    await expect_error(
        memory.UpdateConfidence(
            m.UpdateConfidenceRequest(agent_id="", memory_type="PATTERN", memory_id="p1", confidence=0.5)
        ),
        **invalid("agent_id"),
    )
