"""Short-term memory over real gRPC: Put/Get/BatchGet/Delete/Clear/Append/
IncrementCounter/ListShortTerm, TTLs, validation and error details."""

from __future__ import annotations

import asyncio

import grpc
import pytest

from agentmemory.v1 import memory_pb2 as m

from .helpers import (
    check_error,
    dur,
    expect_error,
    invalid,
    now,
    to_py,
    ts_seconds,
    value,
)

SLACK = 2.0  # seconds of tolerance on server-computed expire times


def assert_expires_in(ts, ttl: float, t0: float, t1: float) -> None:
    exp = ts_seconds(ts)
    assert t0 + ttl - SLACK <= exp <= t1 + ttl + SLACK, (
        f"expire_time {exp:.3f} not ~{ttl}s after the call ({t0:.3f}..{t1:.3f})"
    )


async def put(memory, agent_id, key, val, ttl=None):
    req = m.PutShortTermRequest(agent_id=agent_id, key=key, value=value(val))
    if ttl is not None:
        req.ttl.CopyFrom(dur(ttl))
    return (await memory.PutShortTerm(req)).entry


async def get(memory, agent_id, key):
    return await memory.GetShortTerm(m.GetShortTermRequest(agent_id=agent_id, key=key))


# --------------------------------------------------------------------------
# Put / Get
# --------------------------------------------------------------------------


async def test_put_then_get_round_trips_value(memory, agent_id):
    payload = {"trend": "bull", "vol": 0.42, "sources": ["glassnode", "cryptoquant"], "n": None, "ok": True}
    t0 = now()
    entry = await put(memory, agent_id, "context:market", payload, ttl=600)
    t1 = now()
    assert entry.agent_id == agent_id
    assert entry.key == "context:market"
    assert to_py(entry.value) == payload
    assert_expires_in(entry.expire_time, 600, t0, t1)

    got = await get(memory, agent_id, "context:market")
    assert got.found is True
    assert got.entry.key == "context:market"
    assert got.entry.agent_id == agent_id
    assert to_py(got.entry.value) == payload
    assert got.entry.expire_time == entry.expire_time


@pytest.mark.parametrize(
    "val",
    ["plain string", 42, -3.5, True, None, [1, "two", {"three": 3}], {}],
    ids=["string", "int", "float", "bool", "null", "list", "empty-object"],
)
async def test_put_accepts_any_json_value(memory, agent_id, val):
    await put(memory, agent_id, "misc:v", val, ttl=60)
    got = await get(memory, agent_id, "misc:v")
    assert got.found
    assert to_py(got.entry.value) == val


async def test_get_missing_key_is_not_found_not_error(memory, agent_id):
    got = await get(memory, agent_id, "context:never-written")
    assert got.found is False
    assert not got.HasField("entry")


async def test_put_replaces_value_and_restarts_ttl(memory, agent_id):
    first = await put(memory, agent_id, "signals:active", {"n": 1}, ttl=100)
    t0 = now()
    second = await put(memory, agent_id, "signals:active", {"n": 2}, ttl=5000)
    t1 = now()
    assert ts_seconds(second.expire_time) > ts_seconds(first.expire_time) + 4000
    assert_expires_in(second.expire_time, 5000, t0, t1)
    got = await get(memory, agent_id, "signals:active")
    assert to_py(got.entry.value) == {"n": 2}


async def test_keys_are_isolated_per_agent(memory, agent_id, other_agent_id):
    await put(memory, agent_id, "context:shared-name", "mine", ttl=60)
    got = await get(memory, other_agent_id, "context:shared-name")
    assert got.found is False
    await put(memory, other_agent_id, "context:shared-name", "theirs", ttl=60)
    assert to_py((await get(memory, agent_id, "context:shared-name")).entry.value) == "mine"
    assert to_py((await get(memory, other_agent_id, "context:shared-name")).entry.value) == "theirs"


@pytest.mark.parametrize(
    "key,ttl",
    [
        ("context:market", 3600),
        ("queries:recent", 24 * 3600),
        ("signals:active", 4 * 3600),
        ("ratelimit:glassnode", 300),
        ("performance:source-x", 900),
        ("decision_chain:current", 2 * 3600),
        ("somethingelse:x", 3600),
        ("nofamily", 3600),
    ],
)
async def test_put_without_ttl_takes_family_default(memory, agent_id, key, ttl):
    t0 = now()
    entry = await put(memory, agent_id, key, {"x": 1})
    t1 = now()
    assert_expires_in(entry.expire_time, ttl, t0, t1)


async def test_append_and_counter_without_ttl_take_family_default(memory, agent_id):
    t0 = now()
    appended = await memory.AppendShortTerm(
        m.AppendShortTermRequest(agent_id=agent_id, key="queries:log", values=[value("q1")], max_length=10)
    )
    counter = await memory.IncrementCounter(
        m.IncrementCounterRequest(agent_id=agent_id, key="ratelimit:api", delta=1)
    )
    t1 = now()
    assert_expires_in(appended.entry.expire_time, 24 * 3600, t0, t1)
    assert_expires_in(counter.expire_time, 300, t0, t1)


# --------------------------------------------------------------------------
# TTL expiry (one short sleep covers every kind of entry)
# --------------------------------------------------------------------------


async def test_entries_expire_after_ttl(memory, agent_id):
    await put(memory, agent_id, "context:short", "bye", ttl=1)
    await put(memory, agent_id, "context:long", "stays", ttl=600)
    await memory.AppendShortTerm(
        m.AppendShortTermRequest(
            agent_id=agent_id, key="queries:short", values=[value(1), value(2)], max_length=5, ttl=dur(1)
        )
    )
    first = await memory.IncrementCounter(
        m.IncrementCounterRequest(agent_id=agent_id, key="ratelimit:short", delta=7, ttl=dur(1))
    )
    assert first.value == 7
    assert (await get(memory, agent_id, "context:short")).found is True

    await asyncio.sleep(1.5)

    assert (await get(memory, agent_id, "context:short")).found is False
    assert (await get(memory, agent_id, "queries:short")).found is False
    assert (await get(memory, agent_id, "ratelimit:short")).found is False
    assert (await get(memory, agent_id, "context:long")).found is True

    batch = await memory.BatchGetShortTerm(
        m.BatchGetShortTermRequest(agent_id=agent_id, keys=["context:short", "context:long"])
    )
    assert [e.key for e in batch.entries] == ["context:long"]
    assert list(batch.missing_keys) == ["context:short"]

    listed = await memory.ListShortTerm(m.ListShortTermRequest(agent_id=agent_id))
    assert [e.key for e in listed.entries] == ["context:long"]

    deleted = await memory.DeleteShortTerm(m.DeleteShortTermRequest(agent_id=agent_id, key="context:short"))
    assert deleted.deleted is False

    # An expired list starts over; an expired counter starts a new window.
    appended = await memory.AppendShortTerm(
        m.AppendShortTermRequest(agent_id=agent_id, key="queries:short", values=[value(3)], max_length=5, ttl=dur(60))
    )
    assert to_py(appended.entry.value) == [3]
    again = await memory.IncrementCounter(
        m.IncrementCounterRequest(agent_id=agent_id, key="ratelimit:short", delta=2, ttl=dur(60))
    )
    assert again.value == 2
    assert ts_seconds(again.expire_time) > ts_seconds(first.expire_time) + 30

    cleared = await memory.ClearShortTerm(m.ClearShortTermRequest(agent_id=agent_id))
    assert cleared.deleted_count == 3  # context:long, queries:short, ratelimit:short


# --------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["", "-starts-with-dash", ".dot", "has space", "a" * 129, "ünïcode", "a/b"])
async def test_invalid_agent_id_is_rejected(memory, bad):
    await expect_error(
        memory.PutShortTerm(m.PutShortTermRequest(agent_id=bad, key="context:x", value=value(1))),
        **invalid("agent_id"),
    )
    await expect_error(memory.GetShortTerm(m.GetShortTermRequest(agent_id=bad, key="context:x")), **invalid("agent_id"))


async def test_agent_id_limits_are_accepted(memory):
    for ok in ["a", "A" * 128, "agent_1.v2-x", "9lives"]:
        entry = await put(memory, ok, "context:limits", 1, ttl=30)
        assert entry.agent_id == ok


@pytest.mark.parametrize("bad", ["", "has space", "k" * 257, "semi;colon", "tab\tkey", "ключ"])
async def test_invalid_key_is_rejected(memory, agent_id, bad):
    await expect_error(
        memory.PutShortTerm(m.PutShortTermRequest(agent_id=agent_id, key=bad, value=value(1))),
        **invalid("key"),
    )
    await expect_error(memory.GetShortTerm(m.GetShortTermRequest(agent_id=agent_id, key=bad)), **invalid("key"))
    await expect_error(memory.DeleteShortTerm(m.DeleteShortTermRequest(agent_id=agent_id, key=bad)), **invalid("key"))


async def test_key_limits_are_accepted(memory, agent_id):
    for ok in ["k" * 256, "a:b/c.d-e_f:g", "x"]:
        assert (await put(memory, agent_id, ok, 1, ttl=30)).key == ok


@pytest.mark.parametrize("ttl", [0, -5, 30 * 24 * 3600 + 1], ids=["zero", "negative", "over-30-days"])
async def test_invalid_ttl_is_rejected(memory, agent_id, ttl):
    req = m.PutShortTermRequest(agent_id=agent_id, key="context:ttl", value=value(1))
    req.ttl.CopyFrom(dur(ttl))
    await expect_error(memory.PutShortTerm(req), **invalid("ttl"))
    assert (await get(memory, agent_id, "context:ttl")).found is False


async def test_ttl_of_exactly_30_days_is_accepted(memory, agent_id):
    t0 = now()
    entry = await put(memory, agent_id, "context:month", 1, ttl=30 * 24 * 3600)
    assert_expires_in(entry.expire_time, 30 * 24 * 3600, t0, now())


async def test_missing_value_is_rejected(memory, agent_id):
    await expect_error(
        memory.PutShortTerm(m.PutShortTermRequest(agent_id=agent_id, key="context:novalue")),
        **invalid("value"),
    )


async def test_value_without_kind_is_rejected(memory, agent_id):
    req = m.PutShortTermRequest(agent_id=agent_id, key="context:nokind")
    req.value.SetInParent()  # present, but holds no JSON value
    await expect_error(memory.PutShortTerm(req), **invalid("value"))
    assert (await get(memory, agent_id, "context:nokind")).found is False


async def test_value_over_size_limit_is_rejected(memory, agent_id):
    big = "x" * (300 * 1024)
    await expect_error(
        memory.PutShortTerm(m.PutShortTermRequest(agent_id=agent_id, key="context:big", value=value(big))),
        **invalid("value"),
    )
    assert (await get(memory, agent_id, "context:big")).found is False
    # Just under the limit is fine.
    ok = "y" * (200 * 1024)
    assert to_py((await put(memory, agent_id, "context:big", ok, ttl=30)).value) == ok


# --------------------------------------------------------------------------
# BatchGet
# --------------------------------------------------------------------------


async def test_batch_get_keeps_request_order_and_reports_missing(memory, agent_id):
    for k, v in [("context:a", 1), ("context:b", 2), ("signals:c", 3)]:
        await put(memory, agent_id, k, v, ttl=60)
    resp = await memory.BatchGetShortTerm(
        m.BatchGetShortTermRequest(
            agent_id=agent_id,
            keys=["signals:c", "nope:1", "context:a", "context:a", "nope:2", "context:b"],
        )
    )
    assert [(e.key, to_py(e.value)) for e in resp.entries] == [
        ("signals:c", 3),
        ("context:a", 1),
        ("context:a", 1),
        ("context:b", 2),
    ]
    assert all(e.agent_id == agent_id for e in resp.entries)
    assert list(resp.missing_keys) == ["nope:1", "nope:2"]


async def test_batch_get_key_count_limits(memory, agent_id):
    await expect_error(
        memory.BatchGetShortTerm(m.BatchGetShortTermRequest(agent_id=agent_id, keys=[])),
        **invalid(None, field_prefix="keys"),
    )
    await expect_error(
        memory.BatchGetShortTerm(
            m.BatchGetShortTermRequest(agent_id=agent_id, keys=[f"k:{i}" for i in range(1001)])
        ),
        **invalid(None, field_prefix="keys"),
    )
    resp = await memory.BatchGetShortTerm(
        m.BatchGetShortTermRequest(agent_id=agent_id, keys=[f"k:{i}" for i in range(1000)])
    )
    assert len(resp.missing_keys) == 1000
    assert len(resp.entries) == 0


async def test_batch_get_rejects_an_invalid_key(memory, agent_id):
    await expect_error(
        memory.BatchGetShortTerm(m.BatchGetShortTermRequest(agent_id=agent_id, keys=["ok:1", "bad key"])),
        **invalid(None, field_prefix="keys"),
    )


# --------------------------------------------------------------------------
# Delete / Clear
# --------------------------------------------------------------------------


async def test_delete_existing_and_missing(memory, agent_id):
    await put(memory, agent_id, "context:del", 1, ttl=60)
    first = await memory.DeleteShortTerm(m.DeleteShortTermRequest(agent_id=agent_id, key="context:del"))
    assert first.deleted is True
    assert (await get(memory, agent_id, "context:del")).found is False
    second = await memory.DeleteShortTerm(m.DeleteShortTermRequest(agent_id=agent_id, key="context:del"))
    assert second.deleted is False


async def test_clear_by_prefix_counts_and_spares_the_rest(memory, agent_id, other_agent_id):
    for i in range(4):
        await put(memory, agent_id, f"queries:{i}", i, ttl=60)
    for i in range(3):
        await put(memory, agent_id, f"signals:{i}", i, ttl=60)
    await put(memory, other_agent_id, "queries:0", "other", ttl=60)

    resp = await memory.ClearShortTerm(m.ClearShortTermRequest(agent_id=agent_id, key_prefix="queries:"))
    assert resp.deleted_count == 4
    listed = await memory.ListShortTerm(m.ListShortTermRequest(agent_id=agent_id))
    assert [e.key for e in listed.entries] == ["signals:0", "signals:1", "signals:2"]
    assert (await get(memory, other_agent_id, "queries:0")).found is True

    again = await memory.ClearShortTerm(m.ClearShortTermRequest(agent_id=agent_id, key_prefix="queries:"))
    assert again.deleted_count == 0

    everything = await memory.ClearShortTerm(m.ClearShortTermRequest(agent_id=agent_id, key_prefix=""))
    assert everything.deleted_count == 3
    listed = await memory.ListShortTerm(m.ListShortTermRequest(agent_id=agent_id))
    assert len(listed.entries) == 0
    assert (await get(memory, other_agent_id, "queries:0")).found is True


async def test_clear_rejects_invalid_agent(memory):
    await expect_error(memory.ClearShortTerm(m.ClearShortTermRequest(agent_id="")), **invalid("agent_id"))


# --------------------------------------------------------------------------
# Append
# --------------------------------------------------------------------------


async def test_append_keeps_newest_items_oldest_first(memory, agent_id):
    req = m.AppendShortTermRequest(agent_id=agent_id, key="queries:recent", max_length=3, ttl=dur(60))
    req.values.extend([value("q1"), value("q2")])
    r1 = await memory.AppendShortTerm(req)
    assert r1.entry.key == "queries:recent"
    assert r1.entry.value.WhichOneof("kind") == "list_value"
    assert to_py(r1.entry.value) == ["q1", "q2"]

    req2 = m.AppendShortTermRequest(agent_id=agent_id, key="queries:recent", max_length=3, ttl=dur(60))
    req2.values.extend([value("q3"), value({"q": 4}), value("q5")])
    r2 = await memory.AppendShortTerm(req2)
    assert to_py(r2.entry.value) == ["q3", {"q": 4}, "q5"]

    got = await get(memory, agent_id, "queries:recent")
    assert got.entry.value.WhichOneof("kind") == "list_value"
    assert to_py(got.entry.value) == ["q3", {"q": 4}, "q5"]

    # A single append larger than max_length keeps only its newest items.
    req3 = m.AppendShortTermRequest(agent_id=agent_id, key="queries:recent", max_length=2, ttl=dur(60))
    req3.values.extend([value(i) for i in range(10)])
    r3 = await memory.AppendShortTerm(req3)
    assert to_py(r3.entry.value) == [8, 9]


async def test_append_extends_a_list_written_by_put(memory, agent_id):
    await put(memory, agent_id, "queries:put-list", ["a", "b"], ttl=60)
    r = await memory.AppendShortTerm(
        m.AppendShortTermRequest(agent_id=agent_id, key="queries:put-list", values=[value("c")], max_length=2, ttl=dur(60))
    )
    assert to_py(r.entry.value) == ["b", "c"]


async def test_append_restarts_ttl(memory, agent_id):
    r1 = await memory.AppendShortTerm(
        m.AppendShortTermRequest(agent_id=agent_id, key="queries:ttl", values=[value(1)], max_length=5, ttl=dur(100))
    )
    t0 = now()
    r2 = await memory.AppendShortTerm(
        m.AppendShortTermRequest(agent_id=agent_id, key="queries:ttl", values=[value(2)], max_length=5, ttl=dur(5000))
    )
    assert_expires_in(r2.entry.expire_time, 5000, t0, now())
    assert ts_seconds(r2.entry.expire_time) > ts_seconds(r1.entry.expire_time)
    assert to_py(r2.entry.value) == [1, 2]


async def test_concurrent_appends_lose_nothing(memory, agent_id):
    async def one(i):
        await memory.AppendShortTerm(
            m.AppendShortTermRequest(agent_id=agent_id, key="queries:conc", values=[value(i)], max_length=1000, ttl=dur(60))
        )

    await asyncio.gather(*(one(i) for i in range(50)))
    got = await get(memory, agent_id, "queries:conc")
    assert sorted(to_py(got.entry.value)) == list(range(50))


async def test_append_to_non_list_is_failed_precondition(memory, agent_id):
    await put(memory, agent_id, "queries:scalar", "not a list", ttl=60)
    await expect_error(
        memory.AppendShortTerm(
            m.AppendShortTermRequest(agent_id=agent_id, key="queries:scalar", values=[value(1)], max_length=5)
        ),
        code=grpc.StatusCode.FAILED_PRECONDITION,
        reason="WRONG_VALUE_TYPE",
    )
    assert to_py((await get(memory, agent_id, "queries:scalar")).entry.value) == "not a list"


@pytest.mark.parametrize("max_length", [0, -1, 10001])
async def test_append_invalid_max_length(memory, agent_id, max_length):
    await expect_error(
        memory.AppendShortTerm(
            m.AppendShortTermRequest(agent_id=agent_id, key="queries:x", values=[value(1)], max_length=max_length)
        ),
        **invalid("max_length"),
    )


async def test_append_requires_values(memory, agent_id):
    await expect_error(
        memory.AppendShortTerm(m.AppendShortTermRequest(agent_id=agent_id, key="queries:x", max_length=5)),
        **invalid(None, field_prefix="values"),
    )
    assert (await get(memory, agent_id, "queries:x")).found is False


# --------------------------------------------------------------------------
# IncrementCounter
# --------------------------------------------------------------------------


async def test_increment_counter_adds_and_keeps_its_window(memory, agent_id):
    def inc(delta, ttl=None):
        req = m.IncrementCounterRequest(agent_id=agent_id, key="ratelimit:glassnode", delta=delta)
        if ttl is not None:
            req.ttl.CopyFrom(dur(ttl))
        return memory.IncrementCounter(req)

    t0 = now()
    r1 = await inc(5, ttl=120)
    assert r1.value == 5
    assert_expires_in(r1.expire_time, 120, t0, now())
    r2 = await inc(-2, ttl=9999)
    assert r2.value == 3
    r3 = await inc(0)
    assert r3.value == 3
    # The window starts at creation; later increments (whatever their ttl) do not extend it.
    assert r2.expire_time == r1.expire_time
    assert r3.expire_time == r1.expire_time

    got = await get(memory, agent_id, "ratelimit:glassnode")
    assert got.found
    assert got.entry.value.WhichOneof("kind") == "number_value"
    assert got.entry.value.number_value == 3
    assert got.entry.expire_time == r1.expire_time


async def test_increment_zero_creates_missing_counter(memory, agent_id):
    r = await memory.IncrementCounter(
        m.IncrementCounterRequest(agent_id=agent_id, key="ratelimit:new", delta=0, ttl=dur(60))
    )
    assert r.value == 0
    got = await get(memory, agent_id, "ratelimit:new")
    assert got.found and got.entry.value.number_value == 0


async def test_increment_on_integer_value_put_before(memory, agent_id):
    await put(memory, agent_id, "ratelimit:preset", 7, ttl=60)
    r = await memory.IncrementCounter(m.IncrementCounterRequest(agent_id=agent_id, key="ratelimit:preset", delta=1))
    assert r.value == 8


@pytest.mark.parametrize("existing", ["text", 7.5, [1, 2], {"a": 1}], ids=["string", "float", "list", "object"])
async def test_increment_non_integer_is_failed_precondition(memory, agent_id, existing):
    await put(memory, agent_id, "ratelimit:wrong", existing, ttl=60)
    await expect_error(
        memory.IncrementCounter(m.IncrementCounterRequest(agent_id=agent_id, key="ratelimit:wrong", delta=1)),
        code=grpc.StatusCode.FAILED_PRECONDITION,
        reason="WRONG_VALUE_TYPE",
    )
    assert to_py((await get(memory, agent_id, "ratelimit:wrong")).entry.value) == existing


async def test_concurrent_increments_are_atomic(memory, agent_id):
    async def one():
        return (
            await memory.IncrementCounter(
                m.IncrementCounterRequest(agent_id=agent_id, key="ratelimit:atomic", delta=1, ttl=dur(60))
            )
        ).value

    results = await asyncio.gather(*(one() for _ in range(60)))
    assert sorted(results) == list(range(1, 61))
    final = await memory.IncrementCounter(m.IncrementCounterRequest(agent_id=agent_id, key="ratelimit:atomic", delta=0))
    assert final.value == 60


async def test_increment_validation(memory, agent_id):
    await expect_error(
        memory.IncrementCounter(m.IncrementCounterRequest(agent_id=agent_id, key="bad key", delta=1)),
        **invalid("key"),
    )
    await expect_error(
        memory.IncrementCounter(
            m.IncrementCounterRequest(agent_id=agent_id, key="ratelimit:x", delta=1, ttl=dur(-1))
        ),
        **invalid("ttl"),
    )


# --------------------------------------------------------------------------
# List
# --------------------------------------------------------------------------


async def test_list_in_key_order_with_prefix_and_limit(memory, agent_id):
    keys = ["signals:b", "context:z", "signals:a", "context:a", "signals:c", "queries:m"]
    for k in keys:
        await put(memory, agent_id, k, {"k": k}, ttl=60)

    everything = await memory.ListShortTerm(m.ListShortTermRequest(agent_id=agent_id))
    assert [e.key for e in everything.entries] == sorted(keys)
    assert everything.truncated is False
    assert all(to_py(e.value) == {"k": e.key} for e in everything.entries)
    assert all(e.expire_time.seconds > 0 for e in everything.entries)

    sig = await memory.ListShortTerm(m.ListShortTermRequest(agent_id=agent_id, key_prefix="signals:"))
    assert [e.key for e in sig.entries] == ["signals:a", "signals:b", "signals:c"]
    assert sig.truncated is False

    limited = await memory.ListShortTerm(m.ListShortTermRequest(agent_id=agent_id, key_prefix="signals:", limit=2))
    assert [e.key for e in limited.entries] == ["signals:a", "signals:b"]
    assert limited.truncated is True

    exact = await memory.ListShortTerm(m.ListShortTermRequest(agent_id=agent_id, key_prefix="signals:", limit=3))
    assert len(exact.entries) == 3
    assert exact.truncated is False


async def test_list_default_limit_is_100(memory, agent_id):
    await asyncio.gather(*(put(memory, agent_id, f"performance:{i:03d}", i, ttl=60) for i in range(101)))
    resp = await memory.ListShortTerm(m.ListShortTermRequest(agent_id=agent_id))
    assert len(resp.entries) == 100
    assert resp.truncated is True
    assert resp.entries[0].key == "performance:000"
    assert resp.entries[-1].key == "performance:099"


@pytest.mark.parametrize("limit", [-1, 1001])
async def test_list_invalid_limit(memory, agent_id, limit):
    await expect_error(
        memory.ListShortTerm(m.ListShortTermRequest(agent_id=agent_id, limit=limit)), **invalid("limit")
    )


async def test_error_details_carry_a_message(memory):
    with pytest.raises(grpc.aio.AioRpcError) as ei:
        await memory.GetShortTerm(m.GetShortTermRequest(agent_id="", key="context:x"))
    d = check_error(ei.value, grpc.StatusCode.INVALID_ARGUMENT, "VALIDATION_FAILED", field="agent_id")
    assert d.message, "an error should carry a human-readable message"
    v = [v for v in d.bad_request.field_violations if v.field == "agent_id"][0]
    assert v.description, "a field violation should say what is wrong"
