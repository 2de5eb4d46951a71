"""GetDecisionChain over real gRPC: ancestors, descendants, both, distances,
ordering, depth limits and errors.

The graph used by most tests (arrows point from parent to child; creation
order r0, r1, r2, m, c1, c2, g):

    r0 -> r1 -> m <- r2
                |
              c1  c2        (both children of m)
                \\ /
                 g          (child of c1 and c2)
"""

from __future__ import annotations

import grpc
import pytest

from agentmemory.v1 import decision_log_pb2 as dl

from .helpers import collect, expect_error, expect_stream_error, invalid, log

BEFORE = dl.CHAIN_DIRECTION_BEFORE
AFTER = dl.CHAIN_DIRECTION_AFTER
BOTH = dl.CHAIN_DIRECTION_UNSPECIFIED


@pytest.fixture
async def graph(decisions, agent_id):
    g = {}

    async def add(name, *parents):
        d = await log(
            decisions, agent_id, decision_type="LEARNING", context={"name": name},
            parents=[g[p].decision_id for p in parents],
        )
        g[name] = d

    await add("r0")
    await add("r1", "r0")
    await add("r2")
    await add("m", "r1", "r2")
    await add("c1", "m")
    await add("c2", "m")
    await add("g", "c1", "c2")
    return g


async def chain(decisions, agent_id, start, direction=BOTH, depth=0):
    resp = await collect(
        decisions.GetDecisionChain(
            dl.GetDecisionChainRequest(agent_id=agent_id, decision_id=start.decision_id, depth=depth, direction=direction)
        )
    )
    return resp


def named(graph, resp):
    by_id = {d.decision_id: n for n, d in graph.items()}
    return [(by_id.get(r.decision.decision_id, r.decision.decision_id), r.distance, r.ancestor) for r in resp]


async def test_before_from_middle(decisions, agent_id, graph):
    resp = await chain(decisions, agent_id, graph["m"], BEFORE)
    assert named(graph, resp) == [("r1", 1, True), ("r2", 1, True), ("r0", 2, True)]
    # Streamed decisions are complete.
    r1 = resp[0].decision
    assert r1 == graph["r1"]


async def test_after_from_middle_visits_diamond_once(decisions, agent_id, graph):
    resp = await chain(decisions, agent_id, graph["m"], AFTER)
    assert named(graph, resp) == [("c1", 1, False), ("c2", 1, False), ("g", 2, False)]


async def test_both_directions_ancestors_first_at_equal_distance(decisions, agent_id, graph):
    resp = await chain(decisions, agent_id, graph["m"], BOTH)
    assert named(graph, resp) == [
        ("r1", 1, True),
        ("r2", 1, True),
        ("c1", 1, False),
        ("c2", 1, False),
        ("r0", 2, True),
        ("g", 2, False),
    ]


async def test_depth_limits_hops(decisions, agent_id, graph):
    resp = await chain(decisions, agent_id, graph["m"], BOTH, depth=1)
    assert named(graph, resp) == [("r1", 1, True), ("r2", 1, True), ("c1", 1, False), ("c2", 1, False)]
    resp = await chain(decisions, agent_id, graph["r0"], AFTER, depth=2)
    assert named(graph, resp) == [("r1", 1, False), ("m", 2, False)]


async def test_from_root_and_from_leaf(decisions, agent_id, graph):
    down = await chain(decisions, agent_id, graph["r0"], AFTER)
    assert named(graph, down) == [("r1", 1, False), ("m", 2, False), ("c1", 3, False), ("c2", 3, False), ("g", 4, False)]
    up = await chain(decisions, agent_id, graph["g"], BEFORE)
    assert named(graph, up) == [("c1", 1, True), ("c2", 1, True), ("m", 2, True), ("r1", 3, True), ("r2", 3, True), ("r0", 4, True)]
    assert await chain(decisions, agent_id, graph["r0"], BEFORE) == []
    assert await chain(decisions, agent_id, graph["g"], AFTER) == []


async def test_start_decision_is_never_returned(decisions, agent_id, graph):
    for name, d in graph.items():
        resp = await chain(decisions, agent_id, d, BOTH)
        assert d.decision_id not in [r.decision.decision_id for r in resp], name
        got = [r.decision.decision_id for r in resp]
        assert len(got) == len(set(got)), f"duplicates in chain of {name}"


async def test_unlinked_decision_has_empty_chain(decisions, agent_id):
    alone = await log(decisions, agent_id)
    assert await chain(decisions, agent_id, alone) == []


async def test_default_depth_is_10_and_max_is_100(decisions, agent_id):
    prev = await log(decisions, agent_id, context={"i": 0})
    first = prev
    for i in range(1, 16):
        prev = await log(decisions, agent_id, context={"i": i}, parents=[prev.decision_id])
    default = await chain(decisions, agent_id, first, AFTER)
    assert [r.distance for r in default] == list(range(1, 11))
    full = await chain(decisions, agent_id, first, AFTER, depth=100)
    assert [r.distance for r in full] == list(range(1, 16))
    up = await chain(decisions, agent_id, prev, BEFORE, depth=3)
    assert [r.decision.context["i"] for r in up] == [14, 13, 12]


async def test_chain_errors(decisions, agent_id, other_agent_id, graph):
    for bad_depth in [-1, 101]:
        await expect_stream_error(
            decisions.GetDecisionChain(
                dl.GetDecisionChainRequest(agent_id=agent_id, decision_id=graph["m"].decision_id, depth=bad_depth)
            ),
            **invalid("depth"),
        )
    await expect_stream_error(
        decisions.GetDecisionChain(
            dl.GetDecisionChainRequest(agent_id=other_agent_id, decision_id=graph["m"].decision_id)
        ),
        code=grpc.StatusCode.NOT_FOUND,
        reason="DECISION_NOT_FOUND",
    )
    await expect_stream_error(
        decisions.GetDecisionChain(dl.GetDecisionChainRequest(agent_id="", decision_id=graph["m"].decision_id)),
        **invalid("agent_id"),
    )


async def test_parent_must_be_same_agent(decisions, agent_id, other_agent_id, graph):
    await expect_error(
        decisions.LogDecision(
            dl.LogDecisionRequest(
                agent_id=other_agent_id, decision_type="QUERY", parent_decision_ids=[graph["g"].decision_id]
            )
        ),
        **invalid("parent_decision_ids[0]"),
    )
    # Nothing was linked to g.
    assert await chain(decisions, agent_id, graph["g"], AFTER) == []
