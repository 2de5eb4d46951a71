"""DecisionStore conformance: the log, outcomes, queries, links and the event sequence."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from agentmemory_server.core.decisions import new_decision_id
from agentmemory_server.core.errors import NotFound, OutcomeAlreadyRecorded
from agentmemory_server.core.models import (
    Decision,
    DecisionKey,
    DecisionQuery,
    EventKind,
    MemoryRead,
    NewDecision,
    Outcome,
    SuccessFilter,
)

from tests.conformance.clock import T0


@pytest.fixture
def agent() -> str:
    return f"agent-{uuid.uuid4().hex[:12]}"


def make(agent: str, at: int, decision_type: str = "SOURCE_SELECTION", **fields) -> Decision:
    return Decision(decision_id=new_decision_id(), agent_id=agent, decision_type=decision_type, create_us=at, **fields)


async def test_append_then_get_round_trips_every_field(decisions, agent):
    parent = make(agent, T0)
    child = make(
        agent,
        T0 + 1,
        "QUERY",
        # Characters a store's encoding could lose: NUL, quotes, backslashes, newlines, non-ASCII.
        context={"market": {"volatility": "high", "trend": "bullish"}, "cycle": 142.0,
                 "note": 'nul\x00 "q" \\ \n naïve ☃ 😀', "ключ\x00": ["\x00"]},
        reasoning={"scores": {"whaleMovements": 0.92}, "selected": ["whaleMovements"], "exploration": False},
        metadata={"version": "1.0", "experiment_id": None},
        parent_decision_ids=(parent.decision_id,),
        memory_reads=(MemoryRead("PATTERN", "whale_pump", 3),),
    )
    assert await decisions.append([NewDecision(parent), NewDecision(child)]) == [parent, child]
    assert await decisions.get(agent, child.decision_id) == child
    assert await decisions.get(agent + "-x", child.decision_id) is None
    many = await decisions.get_many(agent, [parent.decision_id, child.decision_id, "missing"])
    assert many == {parent.decision_id: parent, child.decision_id: child}
    assert [event.decision for event in await decisions.read_events(agent, 0, 10)] == [parent, child]


async def test_request_id_makes_append_idempotent(decisions, agent):
    first = make(agent, T0)
    assert await decisions.append([NewDecision(first, "req-1")]) == [first]
    retry = make(agent, T0 + 5)
    other = make(agent, T0 + 6)
    stored = await decisions.append([NewDecision(retry, "req-1"), NewDecision(other, "req-2"), NewDecision(make(agent, T0 + 7), "req-2")])
    assert stored == [first, other, other]
    page = await decisions.query(DecisionQuery(agent), None, 100)
    assert [d.decision_id for d in page.decisions] == [other.decision_id, first.decision_id]
    # the same request id under another agent is another request
    foreign = make(agent + "-b", T0)
    assert await decisions.append([NewDecision(foreign, "req-1")]) == [foreign]


async def test_request_ids_of_a_bulk_append_answer_retries_and_repeats(decisions, agent):
    first = [make(agent, T0 + i) for i in range(40)]
    assert await decisions.append([NewDecision(d, f"bulk-{i}") for i, d in enumerate(first)]) == first
    # Half of them again, 20 new ones, and one of the new ones twice within the call.
    second = [make(agent, T0 + 100 + i) for i in range(41)]
    request_ids = [f"bulk-{i}" for i in range(20, 60)] + ["bulk-45"]
    stored = await decisions.append([NewDecision(d, r) for d, r in zip(second, request_ids)])
    assert stored == first[20:] + second[20:40] + [second[25]]
    page = await decisions.query(DecisionQuery(agent), None, 200)
    assert len(page.decisions) == 60
    assert {d.decision_id for d in page.decisions} == {d.decision_id for d in first + second[20:40]}
    events = await decisions.read_events(agent, 0, 100)
    assert [(e.seq, e.decision) for e in events] == list(enumerate(first + second[20:40], start=1))


async def test_record_outcome_once_unless_overwritten(decisions, agent):
    decision = make(agent, T0)
    await decisions.append([NewDecision(decision)])
    won = Outcome(True, {"signals": 2.0}, {"latency_ms": 1200.0}, T0 + 10)
    updated = (await decisions.record_outcome(agent, decision.decision_id, won, False)).decision
    assert updated.outcome == won and updated.context == decision.context
    with pytest.raises(OutcomeAlreadyRecorded):
        await decisions.record_outcome(agent, decision.decision_id, Outcome(False, {}, {}, T0 + 20), False)
    lost = Outcome(False, {}, {}, T0 + 30)
    assert (await decisions.record_outcome(agent, decision.decision_id, lost, True)).decision.outcome == lost
    assert (await decisions.get(agent, decision.decision_id)).outcome == lost
    with pytest.raises(NotFound):
        await decisions.record_outcome(agent, "missing", won, True)


async def test_query_filters_by_type_time_outcome_and_context(decisions, agent):
    a = make(agent, T0 + 1, context={"market": {"trend": "bullish"}, "hours": "american"})
    b = make(agent, T0 + 2, "QUERY", context={"market": {"trend": "bearish"}})
    c = make(agent, T0 + 3, context={"market": {"trend": "bullish"}, "hours": "asian"})
    d = make(agent, T0 + 4, context={"market": {"trend": "bullish"}})
    await decisions.append([NewDecision(x) for x in (a, b, c, d)])
    await decisions.record_outcome(agent, a.decision_id, Outcome(True, {}, {}, T0 + 9), False)
    await decisions.record_outcome(agent, b.decision_id, Outcome(False, {}, {}, T0 + 9), False)

    async def ids(**filters):
        page = await decisions.query(DecisionQuery(agent, **filters), None, 100)
        return [x.decision_id for x in page.decisions]

    assert await ids() == [d.decision_id, c.decision_id, b.decision_id, a.decision_id]
    assert await ids(decision_type="QUERY") == [b.decision_id]
    assert await ids(start_us=T0 + 2, end_us=T0 + 4) == [c.decision_id, b.decision_id]
    assert await ids(success=SuccessFilter.SUCCEEDED) == [a.decision_id]
    assert await ids(success=SuccessFilter.FAILED) == [b.decision_id]
    assert await ids(success=SuccessFilter.PENDING) == [d.decision_id, c.decision_id]
    assert await ids(context_filter={"market.trend": "bullish"}) == [d.decision_id, c.decision_id, a.decision_id]
    assert await ids(context_filter={"market.trend": "bullish", "hours": "asian"}) == [c.decision_id]
    assert await ids(decision_type="SOURCE_SELECTION", success=SuccessFilter.PENDING, context_filter={"hours": "asian"}) == [c.decision_id]


async def test_query_pages_cover_everything_once(decisions, agent):
    logged = [make(agent, T0 + i // 3, context={"even": i % 2 == 0}) for i in range(50)]
    await decisions.append([NewDecision(x) for x in logged])
    expected = sorted(
        (x for x in logged if x.context["even"]), key=lambda x: (x.create_us, x.decision_id), reverse=True
    )
    seen: list[str] = []
    after: DecisionKey | None = None
    for _ in range(100):
        page = await decisions.query(DecisionQuery(agent, context_filter={"even": True}), after, 4)
        assert len(page.decisions) <= 4
        seen += [x.decision_id for x in page.decisions]
        if page.resume_after is None:
            break
        after = page.resume_after
    assert seen == [x.decision_id for x in expected]


async def test_children_follow_parent_links(decisions, agent):
    root = make(agent, T0)
    left = make(agent, T0 + 1, parent_decision_ids=(root.decision_id,))
    right = make(agent, T0 + 2, parent_decision_ids=(root.decision_id,))
    join = make(agent, T0 + 3, parent_decision_ids=(left.decision_id, right.decision_id))
    await decisions.append([NewDecision(x) for x in (root, left, right, join)])
    found = await decisions.children(agent, [root.decision_id, left.decision_id, join.decision_id])
    assert found == {root.decision_id: [left, right], left.decision_id: [join], join.decision_id: []}


async def test_every_write_appends_one_event_in_order(decisions, agent):
    assert (await decisions.event_bounds(agent)).latest_seq == 0
    first, second = make(agent, T0), make(agent, T0 + 1, "QUERY")
    await decisions.append([NewDecision(first), NewDecision(second, "r")])
    await decisions.append([NewDecision(make(agent, T0 + 2), "r")])  # a retry: no new event
    outcome = Outcome(True, {}, {"q": 1.0}, T0 + 3)
    await decisions.record_outcome(agent, first.decision_id, outcome, False)
    events = await decisions.read_events(agent, 0, 100)
    assert [(e.seq, e.kind, e.decision.decision_id) for e in events] == [
        (1, EventKind.DECISION_LOGGED, first.decision_id),
        (2, EventKind.DECISION_LOGGED, second.decision_id),
        (3, EventKind.OUTCOME_RECORDED, first.decision_id),
    ]
    assert events[0].decision.outcome is None and events[2].decision.outcome == outcome
    assert [e.seq for e in await decisions.read_events(agent, 1, 1)] == [2]
    bounds = await decisions.event_bounds(agent)
    assert (bounds.oldest_seq, bounds.latest_seq) == (0, 3)
    assert await decisions.read_events(agent + "-other", 0, 10) == []
    await assert_held_events_are_the_logs(decisions, agent, [(0, 100), (1, 1), (2, 10), (3, 10)])


async def assert_held_events_are_the_logs(decisions, agent: str, reads: list[tuple[int, int]]) -> None:
    """Events a store holds in memory (when it does: it may always say None) are what its log
    answers for the same read."""
    for after_seq, limit in reads:
        held = decisions.held_events(agent, after_seq, limit)
        assert held is None or held == await decisions.read_events(agent, after_seq, limit), (after_seq, limit)


async def test_committed_is_called_once_before_append_or_record_outcome_returns(decisions, agent):
    returned = False
    calls: list[tuple[str, bool]] = []
    first = make(agent, T0)
    await decisions.append([NewDecision(first), NewDecision(make(agent, T0 + 1))], lambda: calls.append(("append", returned)))
    returned = True
    await decisions.append([NewDecision(make(agent, T0 + 2))])  # without one
    returned = False
    outcome = Outcome(True, {}, {}, T0 + 3)
    await decisions.record_outcome(agent, first.decision_id, outcome, False, lambda: calls.append(("outcome", returned)))
    returned = True
    # Refused outcomes commit nothing, and call nothing.
    with pytest.raises(OutcomeAlreadyRecorded):
        await decisions.record_outcome(agent, first.decision_id, outcome, False, lambda: calls.append(("refused", returned)))
    assert calls == [("append", False), ("outcome", False)]


async def test_pruned_events_move_the_oldest_cursor(decisions, agent):
    await decisions.append([NewDecision(make(agent, T0 + i)) for i in range(5)])
    await decisions.prune_events(T0 + 3)
    bounds = await decisions.event_bounds(agent)
    assert (bounds.oldest_seq, bounds.latest_seq) == (3, 5)
    assert [e.seq for e in await decisions.read_events(agent, 0, 10)] == [4, 5]
    await assert_held_events_are_the_logs(decisions, agent, [(0, 10), (3, 10), (4, 10)])
    # pruning events never touches the decisions themselves
    assert len((await decisions.query(DecisionQuery(agent), None, 10)).decisions) == 5


async def test_concurrent_writers_get_a_gapless_event_sequence(decisions, agent):
    batches = [[NewDecision(make(agent, T0 + 10 * b + i)) for i in range(3)] for b in range(8)]
    await asyncio.gather(*(decisions.append(batch) for batch in batches))
    outcome = Outcome(True, {}, {}, T0 + 500)
    first_ids = [batch[0].decision.decision_id for batch in batches]
    await asyncio.gather(*(decisions.record_outcome(agent, i, outcome, False) for i in first_ids))
    events = await decisions.read_events(agent, 0, 1000)
    assert [e.seq for e in events] == list(range(1, 33))
    logged = [e.decision.decision_id for e in events if e.kind is EventKind.DECISION_LOGGED]
    assert sorted(logged) == sorted(d.decision.decision_id for batch in batches for d in batch)
    for batch in batches:  # one call's decisions stay together and in order
        ids = [d.decision.decision_id for d in batch]
        start = logged.index(ids[0])
        assert logged[start : start + 3] == ids
    assert (await decisions.event_bounds(agent)).latest_seq == 32


async def test_concurrent_retries_of_one_request_store_it_once(decisions, agent):
    attempts = [NewDecision(make(agent, T0 + i), "same-request") for i in range(6)]
    stored = await asyncio.gather(*(decisions.append([a]) for a in attempts))
    assert len({result[0].decision_id for result in stored}) == 1
    page = await decisions.query(DecisionQuery(agent), None, 100)
    assert len(page.decisions) == 1
    assert len(await decisions.read_events(agent, 0, 100)) == 1
