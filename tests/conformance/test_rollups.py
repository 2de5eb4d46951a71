"""DecisionStore rollups, agent listing, LongTermStore evidence and LeaseStore conformance.

The rollup rows a store keeps must equal, cell by cell, what core/rollups.py computes from the
decisions themselves: written in the same transaction as the decisions and outcomes they count,
with an overwritten outcome replacing (not adding to) the first."""

from __future__ import annotations

import uuid

import pytest

from agentmemory_server.core.decisions import new_decision_id
from agentmemory_server.core.models import Decision, NewDecision, Outcome
from agentmemory_server.core.days import DAY_US
from agentmemory_server.core.rollups import HOUR_US, CellKind, Granularity, RollupCounts, rows_from_decisions
from tests.conformance.clock import T0
from tests.conformance.conftest import ROLLUPS

# Start on a day boundary so the decisions below span two days and several hours.
DAY0 = T0 - T0 % DAY_US
VOLATILITY = ["high", "low"]
SOURCES = [["whaleMovements", "derivatives"], "onchain", ["institutional"]]


@pytest.fixture
def agent() -> str:
    return f"agent-{uuid.uuid4().hex[:12]}"


def _decision(agent: str, index: int) -> Decision:
    at = DAY0 + (index % 5) * 7 * HOUR_US + index  # hours 0, 7, 14, 21 and 28 (the next day)
    context = {"market": {"volatility": VOLATILITY[index % 2], "trend": "bullish"}, "cycle": index}
    if index % 3:
        context["trading_hours"] = "american"
    reasoning = {"selected": SOURCES[index % 3]} if index % 7 else {}
    return Decision(new_decision_id(), agent, "SOURCE_SELECTION" if index % 4 else "QUERY", at, context, reasoning)


def _by_cell(rows) -> dict:
    cells: dict = {}
    for row in rows:
        cells.setdefault(row.cell, RollupCounts()).add(row.counts)
    return {cell: counts for cell, counts in cells.items() if counts.total}


async def _read_all(decisions, agent: str, granularity: str) -> list:
    return [
        row
        for kind in (CellKind.CONTEXT, CellKind.CHOICE)
        for row in await decisions.read_rollups(agent, kind, granularity, DAY0 - DAY_US, DAY0 + 3 * DAY_US)
    ]


async def test_rollups_count_decisions_and_outcomes_exactly(decisions, agent):
    logged = [_decision(agent, i) for i in range(60)]
    await decisions.append([NewDecision(d) for d in logged[:50]])
    for d in logged[50:]:
        await decisions.append([NewDecision(d)])
    final: dict[str, Decision] = {d.decision_id: d for d in logged}
    for i, d in enumerate(logged[:40]):
        outcome = Outcome(i % 3 != 0, {}, {"quality": i / 10, "latency_ms": 100.0 + i}, d.create_us + 5_000)
        change = await decisions.record_outcome(agent, d.decision_id, outcome, False)
        assert change.previous is None
        final[d.decision_id] = change.decision
    # Overwrites flip some outcomes and drop a metric: the rollups must follow the last outcome.
    for d in logged[:10]:
        previous = final[d.decision_id].outcome
        flipped = Outcome(not previous.success, {}, {"quality": 0.5}, d.create_us + 9_000)
        change = await decisions.record_outcome(agent, d.decision_id, flipped, True)
        assert change.previous == previous
        final[d.decision_id] = change.decision
    # New decisions in cells that hold metrics by now: their counts add to the rows, which keep
    # the metrics the outcomes put there.
    later = [_decision(agent, i) for i in range(60, 70)]
    await decisions.append([NewDecision(d) for d in later])
    final.update((d.decision_id, d) for d in later)

    expected = _by_cell(rows_from_decisions(ROLLUPS, final.values()))
    for granularity in (Granularity.HOUR, Granularity.DAY):
        stored = _by_cell(await _read_all(decisions, agent, granularity))
        assert stored.keys() == expected.keys()
        for cell, counts in expected.items():
            got = stored[cell]
            assert (got.total, got.succeeded, got.failed, got.latency_count, got.latency_sum_us) == (
                counts.total, counts.succeeded, counts.failed, counts.latency_count, counts.latency_sum_us
            ), cell
            # A metric every outcome that reported it has since dropped may remain with count 0.
            assert {k: v for k, v in got.metric_counts.items() if v} == {
                k: v for k, v in counts.metric_counts.items() if v
            }
            for name, total in counts.metric_sums.items():
                assert got.metric_sums.get(name, 0.0) == pytest.approx(total)


async def test_rollup_rows_are_bucketed_by_hour_and_day(decisions, agent):
    logged = [_decision(agent, i) for i in range(10)]
    await decisions.append([NewDecision(d) for d in logged])
    context = CellKind.CONTEXT
    hours = await decisions.read_rollups(agent, context, Granularity.HOUR, DAY0 - DAY_US, DAY0 + 3 * DAY_US)
    days = await decisions.read_rollups(agent, context, Granularity.DAY, DAY0 - DAY_US, DAY0 + 3 * DAY_US)
    assert {row.bucket_us for row in hours} == {DAY0 + h * HOUR_US for h in (0, 7, 14, 21, 28)}
    assert {row.bucket_us for row in days} == {DAY0, DAY0 + DAY_US}
    assert sum(row.counts.total for row in hours) == sum(row.counts.total for row in days) == 10
    # Every decision has a context cell; only those naming a choice (index % 7 != 0) a choice cell.
    choices = await decisions.read_rollups(agent, CellKind.CHOICE, Granularity.DAY, DAY0, DAY0 + 2 * DAY_US)
    assert sum(row.counts.total for row in choices) == 8
    assert all(row.cell.choice for row in choices) and not any(row.cell.choice for row in days)
    # The range is half-open on bucket starts.
    morning = await decisions.read_rollups(agent, context, Granularity.HOUR, DAY0, DAY0 + 7 * HOUR_US)
    assert {row.bucket_us for row in morning} == {DAY0}
    assert await decisions.read_rollups(agent, context, Granularity.HOUR, DAY0 + HOUR_US, DAY0 + 7 * HOUR_US) == []


async def test_a_repeated_request_id_is_counted_once(decisions, agent):
    first = _decision(agent, 1)
    await decisions.append([NewDecision(first, "req-1")])
    await decisions.append([NewDecision(_decision(agent, 1), "req-1")])
    rows = await decisions.read_rollups(agent, CellKind.CONTEXT, Granularity.DAY, DAY0 - DAY_US, DAY0 + 3 * DAY_US)
    assert sum(row.counts.total for row in rows) == 1


async def test_a_large_bulk_append_keeps_exact_rollups(decisions, agent):
    logged = [_decision(agent, i) for i in range(400)]
    await decisions.append([NewDecision(d) for d in logged])
    expected = _by_cell(rows_from_decisions(ROLLUPS, logged))
    stored = _by_cell(await _read_all(decisions, agent, Granularity.HOUR))
    assert {cell: counts.total for cell, counts in stored.items()} == {
        cell: counts.total for cell, counts in expected.items()
    }


async def test_agent_ids_lists_every_agent_that_logged(decisions):
    agents = sorted(f"agent-{uuid.uuid4().hex[:12]}" for _ in range(3))
    for agent in agents:
        await decisions.append([NewDecision(_decision(agent, 0))])
        await decisions.append([NewDecision(_decision(agent, 1))])
    listed = await decisions.agent_ids()
    assert listed == sorted(listed)
    assert set(agents) <= set(listed)
    assert len([a for a in listed if a in agents]) == 3


async def test_put_keeps_or_replaces_observed_evidence(long_term):
    agent = f"agent-{uuid.uuid4().hex[:12]}"
    created = await long_term.put(agent, "PATTERN", "p1", {"a": 1}, 0.5, 0, T0)
    assert (created.observed_successes, created.observed_trials) == (0, 0)
    credited = await long_term.put(agent, "PATTERN", "p1", {"a": 1}, 0.4, 1, T0 + 1, reason="credited", evidence=(3, 7))
    assert (credited.observed_successes, credited.observed_trials) == (3, 7)
    kept = await long_term.put(agent, "PATTERN", "p1", {"a": 2}, 0.4, 2, T0 + 2)
    assert (kept.observed_successes, kept.observed_trials) == (3, 7)
    read = await long_term.get(agent, "PATTERN", "p1", count_access=False, now_us=T0 + 3)
    assert (read.observed_successes, read.observed_trials) == (3, 7)
    history = await long_term.confidence_history(agent, "PATTERN", "p1")
    assert [c.reason for c in history] == ["created", "credited"]


async def test_a_lease_has_one_holder_until_it_expires_or_completes(leases):
    name = f"consolidation/{uuid.uuid4().hex}"
    assert await leases.acquire(name, "a", T0 + 100, T0)
    assert not await leases.acquire(name, "b", T0 + 200, T0 + 50)  # held by a
    assert await leases.acquire(name, "a", T0 + 150, T0 + 60)  # a renews its own
    assert await leases.acquire(name, "b", T0 + 300, T0 + 150)  # a's lease ran out: b takes over
    assert not await leases.complete(name, "a")
    assert await leases.complete(name, "b")
    assert not await leases.acquire(name, "a", T0 + 10_000, T0 + 5_000)  # done: never again
    assert not await leases.acquire(name, "b", T0 + 10_000, T0 + 5_000)
