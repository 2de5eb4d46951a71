"""The rollup arithmetic every store relies on: cells, outcome deltas and the Wilson interval."""

from __future__ import annotations

import pytest

from agentmemory_server.core.analytics import pattern_id
from agentmemory_server.core.models import Decision, Outcome
from agentmemory_server.core.rollups import (
    CellKind,
    RollupSpec,
    merge_deltas,
    rows_from_decisions,
    wilson_interval,
)

SPEC = RollupSpec(("market.volatility", "trading_hours"), "reasoning.selected")


def decision(selected=None, volatility="high", outcome=None, at=3_600_000_000 * 10 + 5) -> Decision:
    reasoning = {} if selected is None else {"selected": selected}
    return Decision("d1", "agent", "SOURCE_SELECTION", at, {"market": {"volatility": volatility}}, reasoning, outcome=outcome)


@pytest.mark.parametrize(
    ("successes", "trials", "lower", "upper"),
    [(18, 20, 0.6990, 0.9721), (0, 8, 0.0, 0.3244), (5, 5, 0.5655, 1.0), (50, 100, 0.4038, 0.5962)],
)
def test_wilson_interval_matches_the_published_values(successes, trials, lower, upper):
    low, high = wilson_interval(successes, trials)
    assert (low, high) == (pytest.approx(lower, abs=1e-4), pytest.approx(upper, abs=1e-4))


def test_without_trials_the_interval_says_nothing():
    assert wilson_interval(0, 0) == (0.0, 1.0)


def test_a_list_choice_is_a_sorted_set_and_a_missing_one_makes_no_choice_cell():
    one, two = SPEC.cells_of(decision(["b", "a", "b"])), SPEC.cells_of(decision(["a", "b"]))
    assert one == two
    assert [cell.kind for cell in one] == [CellKind.CONTEXT, CellKind.CHOICE]
    assert one[1].choice == '["a","b"]' and one[0].choice == ""
    assert one[0].group == '{"market.volatility":"high"}', "paths the context lacks are left out"
    assert [cell.kind for cell in SPEC.cells_of(decision(None))] == [CellKind.CONTEXT]


def test_an_overwritten_outcome_replaces_the_first_one():
    first = Outcome(True, {}, {"quality": 0.8}, 3_600_000_000 * 10 + 1_000_005)
    second = Outcome(False, {}, {}, 3_600_000_000 * 10 + 2_000_005)
    logged = decision(["a"])
    deltas = SPEC.for_new(logged) + SPEC.for_outcome(logged, None, first) + SPEC.for_outcome(logged, first, second)
    merged = {(cell.kind, granularity): counts for _, cell, granularity, _, counts in merge_deltas(deltas)}
    assert set(merged) == {(kind, g) for kind in (CellKind.CONTEXT, CellKind.CHOICE) for g in ("H", "D")}
    for counts in merged.values():
        assert (counts.total, counts.succeeded, counts.failed, counts.pending) == (1, 0, 1, 0)
        assert (counts.latency_count, counts.latency_sum_us) == (1, 2_000_000)
        assert counts.metric_counts == {"quality": 0} and counts.metric_means() == {}


def test_deltas_of_many_new_decisions_add_up_to_their_deltas_one_by_one():
    hour = 3_600_000_000
    decisions = [
        decision(["a"], "high"), decision(["a", "b"], "high", at=hour * 10 + 7), decision(["a"], "low"),
        decision(None, "low"), decision(["a"], "high", at=hour * 11 + 1), decision(["a"], "high", at=hour * 35),
        decision(["a"], "high", Outcome(True, {}, {"pnl": 2.0}, hour * 12)),
        Decision("d2", "other-agent", "SOURCE_SELECTION", hour * 10, {"market": {"volatility": "high"}}, {"selected": ["a"]}),
    ]

    def folded(deltas):
        return {(agent, cell, granularity, bucket): counts for agent, cell, granularity, bucket, counts in merge_deltas(deltas)}

    one_by_one = folded([delta for d in decisions for delta in SPEC.for_new(d)])
    assert folded(SPEC.for_new_many(decisions)) == one_by_one
    same_cells = [decision(["a"]), decision(["a"], at=hour * 10 + 7), decision(["a"], at=hour * 10 + 9)]
    assert [delta.counts.total for delta in SPEC.for_new_many(same_cells)] == [3, 3], "one delta per cell and hour"


def test_scanned_rows_equal_what_the_stores_would_keep():
    decisions = [decision(["a"], "high", Outcome(True, {}, {}, 1)), decision(["a"], "low"), decision(None, "low")]
    rows = rows_from_decisions(SPEC, decisions)
    context = {row.cell.group: row.counts.total for row in rows if row.cell.kind == CellKind.CONTEXT}
    choice = {row.cell.group: row.counts.total for row in rows if row.cell.kind == CellKind.CHOICE}
    assert context == {'{"market.volatility":"high"}': 1, '{"market.volatility":"low"}': 2}
    assert choice == {'{"market.volatility":"high"}': 1, '{"market.volatility":"low"}': 1}


def test_pattern_ids_name_the_type_context_and_choice():
    assert pattern_id("T", {"a": 1}, ["x"]) == pattern_id("T", {"a": 1.0}, ["x"])
    assert pattern_id("T", {"a": 1}, ["x"]) != pattern_id("U", {"a": 1}, ["x"])
    assert pattern_id("T", {"a": 1}, ["x"]) != pattern_id("T", {"a": 1}, "x")
