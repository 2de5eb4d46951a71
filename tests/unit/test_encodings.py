"""The write path's shortcuts must produce exactly the text of the general encoders they stand
in for: rollup cells and index rows are keyed by these texts, and events are parsed back."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agentmemory_server.core.jsonpath import canonical
from agentmemory_server.core.models import Decision, MemoryRead, Outcome, decision_to_json
from agentmemory_server.core.rollups import RollupSpec
from agentmemory_server.storage.embedded.store import _decision_document, _decision_row

VALUES = ["bullish", "naïve \"quoted\" \\ back\nline \u2603", "", 3.0, 2.5, -0.0, 1e300, 5e-324, 142, -7, 2**62,
          True, False, None, float("inf"), {"b": 1.0, "a": [2.0, {"z": "x", "y": False}]}, [], {}, ["b", "a"]]
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=20,
)


def reference_canonical(value):
    """canonical() as first written: normalize integral floats, then one sorted-keys dump."""
    def normal(item):
        if isinstance(item, float) and item.is_integer():
            return int(item)
        if isinstance(item, dict):
            return {key: normal(inner) for key, inner in item.items()}
        if isinstance(item, list):
            return [normal(inner) for inner in item]
        return item
    return json.dumps(normal(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@pytest.mark.parametrize("value", VALUES)
def test_canonical_text_is_unchanged(value):
    assert canonical(value) == reference_canonical(value)


@given(JSON_VALUES)
def test_canonical_text_is_the_encoders_for_any_json_value(value):
    assert canonical(value) == reference_canonical(value)


@pytest.mark.parametrize("volatility", VALUES)
def test_a_cells_group_text_is_the_canonical_text_of_its_group(volatility):
    spec = RollupSpec(("trading_hours", "market.volatility", "market.trend", "absent"), "reasoning.selected")
    context = {"market": {"volatility": volatility, "trend": "up"}, "trading_hours": "asian"}
    (cell,) = spec.cells_of(Decision("d", "a", "T", 1, context, {}))
    group = {"trading_hours": "asian", "market.volatility": volatility, "market.trend": "up"}
    assert cell.group == reference_canonical(group)


@pytest.mark.parametrize("outcome", [None, Outcome(True, {"pnl": 1.5, "note": "ok\u2603"}, {"pnl": 1.5}, 7)])
def test_an_events_decision_document_is_decision_to_json(outcome):
    decision = Decision(
        "0192-id", "agent-1", "SOURCE_SELECTION", 1_700_000_000_000_001,
        {"market": {"trend": "bull\"ish"}, "n": [1.0, None]}, {"selected": ["a"]}, {"m": "\u00e9"},
        parent_decision_ids=("p1", "p2"), memory_reads=(MemoryRead("PATTERN", "pattern-1", 3),), outcome=outcome,
    )
    assert json.loads(_decision_document(_decision_row(decision))) == decision_to_json(decision)
    bare = Decision("id", "agent", "T", 5, {}, {})
    assert json.loads(_decision_document(_decision_row(bare))) == decision_to_json(bare)
