"""Agent state over real gRPC: SaveAgentState/GetAgentState/ListCheckpoints,
CURRENT vs named checkpoints, versions and optimistic concurrency."""

from __future__ import annotations

import asyncio

import grpc
import pytest

from agentmemory.v1 import memory_pb2 as m

from .helpers import expect_error, invalid, now, struct, to_py, ts_seconds

ABORTED = dict(code=grpc.StatusCode.ABORTED, reason="VERSION_CONFLICT")
NOT_FOUND = dict(code=grpc.StatusCode.NOT_FOUND, reason="STATE_NOT_FOUND")


def save_req(agent_id, state, checkpoint="", expected_version=None):
    req = m.SaveAgentStateRequest(agent_id=agent_id, checkpoint=checkpoint, state=struct(state))
    if expected_version is not None:
        req.expected_version = expected_version
    return req


async def save(memory, agent_id, state, checkpoint="", expected_version=None):
    return (await memory.SaveAgentState(save_req(agent_id, state, checkpoint, expected_version))).state


async def load(memory, agent_id, checkpoint=""):
    return (await memory.GetAgentState(m.GetAgentStateRequest(agent_id=agent_id, checkpoint=checkpoint))).state


async def test_current_state_versions(memory, agent_id):
    st = {"cycle": 12, "positions": [{"side": "long", "size": 0.1}], "mode": "explore"}
    t0 = now()
    s1 = await save(memory, agent_id, st)
    assert s1.agent_id == agent_id
    assert s1.checkpoint == ""
    assert s1.version == 1
    assert to_py(s1.state) == st
    assert t0 - 2 <= ts_seconds(s1.update_time) <= now() + 2

    got = await load(memory, agent_id)
    assert got.version == 1
    assert to_py(got.state) == st
    assert got.checkpoint == ""

    await asyncio.sleep(0.02)
    s2 = await save(memory, agent_id, {"cycle": 13})
    assert s2.version == 2
    assert ts_seconds(s2.update_time) > ts_seconds(s1.update_time)
    got = await load(memory, agent_id)
    assert got.version == 2
    assert to_py(got.state) == {"cycle": 13}


async def test_missing_state_is_not_found(memory, agent_id):
    await expect_error(memory.GetAgentState(m.GetAgentStateRequest(agent_id=agent_id)), **NOT_FOUND)
    await save(memory, agent_id, {"current": True})
    await expect_error(
        memory.GetAgentState(m.GetAgentStateRequest(agent_id=agent_id, checkpoint="never-saved")), **NOT_FOUND
    )


async def test_checkpoints_are_separate_from_current(memory, agent_id):
    await save(memory, agent_id, {"where": "current"})
    c1 = await save(memory, agent_id, {"where": "cp-1"}, checkpoint="before-rebalance")
    assert c1.checkpoint == "before-rebalance"
    assert c1.version == 1
    c1b = await save(memory, agent_id, {"where": "cp-1 again"}, checkpoint="before-rebalance")
    assert c1b.version == 2
    assert to_py((await load(memory, agent_id)).state) == {"where": "current"}
    assert (await load(memory, agent_id)).version == 1
    got = await load(memory, agent_id, "before-rebalance")
    assert got.checkpoint == "before-rebalance"
    assert got.version == 2
    assert to_py(got.state) == {"where": "cp-1 again"}


async def test_list_checkpoints_newest_first_without_bodies(memory, agent_id, other_agent_id):
    await save(memory, agent_id, {"current": 1})
    for name in ["cp.a", "cp_b", "cp-c"]:
        await save(memory, agent_id, {"name": name, "big": list(range(50))}, checkpoint=name)
        await asyncio.sleep(0.02)
    await save(memory, agent_id, {"name": "cp.a", "resaved": True}, checkpoint="cp.a")  # now the newest
    await save(memory, other_agent_id, {"x": 1}, checkpoint="theirs")

    resp = await memory.ListCheckpoints(m.ListCheckpointsRequest(agent_id=agent_id))
    cps = list(resp.checkpoints)
    assert [c.checkpoint for c in cps] == ["cp.a", "cp-c", "cp_b"]
    assert all(c.agent_id == agent_id for c in cps)
    assert [c.version for c in cps] == [2, 1, 1]
    assert all(len(c.state.fields) == 0 for c in cps), "listing must leave state bodies empty"
    assert all(c.update_time.seconds > 0 for c in cps)
    times = [ts_seconds(c.update_time) for c in cps]
    assert times == sorted(times, reverse=True)


async def test_list_checkpoints_empty(memory, agent_id):
    await save(memory, agent_id, {"current only": True})
    resp = await memory.ListCheckpoints(m.ListCheckpointsRequest(agent_id=agent_id))
    assert list(resp.checkpoints) == []


async def test_expected_version_rules(memory, agent_id):
    s1 = await save(memory, agent_id, {"v": 1}, expected_version=0)
    assert s1.version == 1
    d = await expect_error(memory.SaveAgentState(save_req(agent_id, {"v": "dup"}, expected_version=0)), **ABORTED)
    assert d.metadata.get("expected_version") == "0"
    assert d.metadata.get("actual_version") == "1"
    s2 = await save(memory, agent_id, {"v": 2}, expected_version=1)
    assert s2.version == 2
    d = await expect_error(memory.SaveAgentState(save_req(agent_id, {"v": "stale"}, expected_version=1)), **ABORTED)
    assert d.metadata.get("expected_version") == "1"
    assert d.metadata.get("actual_version") == "2"
    got = await load(memory, agent_id)
    assert got.version == 2
    assert to_py(got.state) == {"v": 2}
    # Without expected_version there is no check.
    assert (await save(memory, agent_id, {"v": 3})).version == 3


async def test_expected_version_on_missing_checkpoint(memory, agent_id):
    d = await expect_error(
        memory.SaveAgentState(save_req(agent_id, {"v": 1}, checkpoint="cp1", expected_version=2)), **ABORTED
    )
    assert d.metadata.get("actual_version") == "0"
    await expect_error(memory.GetAgentState(m.GetAgentStateRequest(agent_id=agent_id, checkpoint="cp1")), **NOT_FOUND)
    listed = await memory.ListCheckpoints(m.ListCheckpointsRequest(agent_id=agent_id))
    assert list(listed.checkpoints) == []


async def test_concurrent_saves_get_distinct_versions(memory, agent_id):
    states = await asyncio.gather(*(save(memory, agent_id, {"i": i}) for i in range(20)))
    assert sorted(s.version for s in states) == list(range(1, 21))
    assert (await load(memory, agent_id)).version == 20


@pytest.mark.parametrize("bad", ["has space", "x" * 129, "a/b", "colon:name"])
async def test_invalid_checkpoint_name(memory, agent_id, bad):
    await expect_error(memory.SaveAgentState(save_req(agent_id, {"a": 1}, checkpoint=bad)), **invalid("checkpoint"))
    await expect_error(
        memory.GetAgentState(m.GetAgentStateRequest(agent_id=agent_id, checkpoint=bad)), **invalid("checkpoint")
    )


async def test_invalid_agent_and_oversized_state(memory, agent_id):
    await expect_error(memory.SaveAgentState(save_req("", {"a": 1})), **invalid("agent_id"))
    await expect_error(memory.ListCheckpoints(m.ListCheckpointsRequest(agent_id="no spaces")), **invalid("agent_id"))
    await expect_error(
        memory.SaveAgentState(save_req(agent_id, {"blob": "x" * (300 * 1024)})), **invalid("state")
    )
    await expect_error(memory.GetAgentState(m.GetAgentStateRequest(agent_id=agent_id)), **NOT_FOUND)
