"""Equality filters on dotted paths into JSON objects ("market.trend"), with JSON equality:
numbers compare by value, booleans are not numbers, objects and arrays compare structurally.
Stores that cannot push a filter down apply it here (as DynamoDB applies a FilterExpression)."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any

# What lookup() returns for a path that leads nowhere.
MISSING = object()


def json_equal(left: Any, right: Any) -> bool:
    if isinstance(left, bool) or isinstance(right, bool):
        return isinstance(left, bool) and isinstance(right, bool) and left == right
    if isinstance(left, (int, float)) and isinstance(right, (int, float)):
        return left == right
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(json_equal(left[k], right[k]) for k in left)
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(json_equal(a, b) for a, b in zip(left, right))
    return type(left) is type(right) and left == right


def lookup(document: Any, dotted: str) -> Any:
    """The value at a dotted path, or a sentinel when any step is missing."""
    return lookup_segments(document, dotted.split("."))


def lookup_segments(document: Any, segments: Sequence[str]) -> Any:
    """lookup() of a path already split into its segments."""
    for segment in segments:
        if not isinstance(document, dict) or segment not in document:
            return MISSING
        document = document[segment]
    return document


def matches(document: Any, filters: dict[str, Any]) -> bool:
    for dotted, wanted in filters.items():
        found = lookup(document, dotted)
        if found is MISSING or not json_equal(found, wanted):
            return False
    return True


def _normal(item: Any) -> Any:
    if isinstance(item, float) and item.is_integer():
        return int(item)
    if isinstance(item, dict):
        return {key: _normal(inner) for key, inner in item.items()}
    if isinstance(item, list):
        return [_normal(inner) for inner in item]
    return item


_encode_canonical = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode
quote = json.encoder.encode_basestring  # type: ignore[attr-defined]


def canonical(value: Any) -> str:
    """One text per JSON value under json_equal: sorted keys, integral numbers as integers.

    Written out rather than left to the json encoder, which takes as long to set up as to encode
    a short value: this runs for every indexed path and rollup dimension of every logged decision.
    The text is the encoder's to the byte (stored keys depend on it); what the cases below do not
    cover (non-finite numbers, say) still goes through the encoder."""
    kind = type(value)
    if kind is str:
        return quote(value)
    if kind is int:
        return int.__repr__(value)
    if kind is float and math.isfinite(value):
        return int.__repr__(int(value)) if value.is_integer() else float.__repr__(value)
    if kind is bool:
        return "true" if value else "false"
    if value is None:
        return "null"
    if kind is list:
        return "[" + ",".join([canonical(item) for item in value]) + "]"
    if kind is dict:
        try:
            return "{" + ",".join([f"{quote(key)}:{canonical(value[key])}" for key in sorted(value)]) + "}"
        except TypeError:
            pass  # a key that is not a string, which quote() refuses: left to the encoder
    return _encode_canonical(_normal(value))
