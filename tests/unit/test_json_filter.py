from __future__ import annotations

import pytest

from agentmemory_server.core.jsonpath import json_equal, matches
from agentmemory_server.storage.embedded.jsonfilter import json_path


@pytest.mark.parametrize(
    ("left", "right", "equal"),
    [
        (1, 1.0, True),
        (True, 1, False),
        (False, 0.0, False),
        (True, True, True),
        (None, None, True),
        ("1", 1, False),
        ({"a": [1, {"b": True}]}, {"a": [1.0, {"b": True}]}, True),
        ({"a": [1, {"b": True}]}, {"a": [1.0, {"b": 1}]}, False),
        ({"a": 1}, {"a": 1, "b": 2}, False),
        ([1, 2], [2, 1], False),
    ],
)
def test_json_equality_is_strict_about_types(left, right, equal):
    assert json_equal(left, right) is equal


def test_dotted_paths_quote_each_segment():
    assert json_path("market.trend") == '$."market"."trend"'
    assert json_path("trading_hours") == '$."trading_hours"'


def test_matches_follows_dotted_paths_and_ands_keys():
    document = {"market": {"trend": "bullish", "volatility": None}, "cycle": 142.0}
    assert matches(document, {})
    assert matches(document, {"market.trend": "bullish", "cycle": 142})
    assert matches(document, {"market.volatility": None})
    assert not matches(document, {"market.missing": None})
    assert not matches(document, {"cycle.deeper": 1})
    assert not matches(document, {"market.trend": "bullish", "cycle": 143})
