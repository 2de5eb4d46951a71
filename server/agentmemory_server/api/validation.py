"""Request validation: collects every violation of a request, then fails once with all of them."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

from google.protobuf import duration_pb2, message, struct_pb2
from orjson import JSONDecodeError

from agentmemory_server.core.errors import ValidationFailed
from agentmemory_server.core.models import load_json

AGENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
UPPER_SNAKE = re.compile(r"[A-Z][A-Z0-9_]{0,63}")
STM_KEY = re.compile(r"[A-Za-z0-9._:/-]{1,256}")
MEMORY_ID = re.compile(r"[A-Za-z0-9._:-]{1,256}")
CHECKPOINT = re.compile(r"[A-Za-z0-9._-]{1,128}")
PATH_SEGMENT = re.compile(r"[A-Za-z0-9_-]{1,128}")
PRINTABLE_ASCII = re.compile(r"[\x21-\x7e]{1,128}")
MAX_JSON_DEPTH = 32
MAX_FILTER_KEYS = 32
# google.protobuf.Timestamp's valid range: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z.
MIN_TIMESTAMP_SECONDS = -62_135_596_800
MAX_TIMESTAMP_SECONDS = 253_402_300_799


class _Unstorable(Exception):
    """Why a value cannot be stored as JSON."""


def _python_value(value: struct_pb2.Value, depth: int) -> Any:
    """The Value as plain Python, checked on the way: converting and validating in one walk,
    because reading the protobuf tree is what costs (this runs for every logged decision)."""
    if depth > MAX_JSON_DEPTH:
        raise _Unstorable(f"nested deeper than {MAX_JSON_DEPTH} levels")
    kind = value.WhichOneof("kind")
    if kind == "string_value":
        return value.string_value
    if kind == "number_value":
        number = value.number_value
        if not math.isfinite(number):
            raise _Unstorable("numbers must be finite (JSON has no NaN or Infinity)")
        return number
    if kind == "struct_value":
        return _python_struct(value.struct_value, depth + 1)
    if kind == "bool_value":
        return value.bool_value
    if kind == "list_value":
        return [_python_value(item, depth + 1) for item in value.list_value.values]
    return None


def _python_struct(struct: struct_pb2.Struct, depth: int = 0) -> dict[str, Any]:
    if depth > MAX_JSON_DEPTH:
        raise _Unstorable(f"nested deeper than {MAX_JSON_DEPTH} levels")
    fields = struct.fields
    converted = {}
    # Indexing by key: the map's items() view iterates in Python, key lookups stay in C. Strings,
    # finite numbers and objects, most of a document, are converted here rather than by a call of
    # _python_value per field, which was a sixth of the walk.
    for key in fields:
        value = fields[key]
        kind = value.WhichOneof("kind")
        if kind == "string_value":
            converted[key] = value.string_value
        elif kind == "number_value" and math.isfinite(number := value.number_value):
            converted[key] = number
        elif kind == "struct_value":
            converted[key] = _python_struct(value.struct_value, depth + 1)
        else:
            converted[key] = _python_value(value, depth)
    return converted


def _deeper_than_limit(container: dict[str, Any] | list[Any], depth: int) -> bool:
    """Whether a parsed JSON container holds containers nested past MAX_JSON_DEPTH (it is at
    `depth`), counted as for a Struct: each object or array inside another one level deeper."""
    if depth > MAX_JSON_DEPTH:
        return True
    items = container.values() if type(container) is dict else container
    return any(type(item) in (dict, list) and _deeper_than_limit(item, depth + 1) for item in items)


class Violations:
    def __init__(self, max_value_bytes: int) -> None:
        self.max_value_bytes = max_value_bytes
        self.items: list[tuple[str, str]] = []

    def add(self, field: str, description: str) -> None:
        self.items.append((field, description))

    def raise_if_any(self) -> None:
        if self.items:
            raise ValidationFailed(self.items)

    def pattern(self, field: str, value: str, pattern: re.Pattern[str], what: str, *, required: bool = True) -> None:
        if not value:
            if required:
                self.add(field, "is required")
            return
        if not pattern.fullmatch(value):
            self.add(field, f"must be {what}")

    def agent_id(self, value: str, field: str = "agent_id") -> None:
        self.pattern(field, value, AGENT_ID, "1-128 characters of [A-Za-z0-9._-], starting with a letter or digit")

    def upper_snake(self, field: str, value: str, *, required: bool = True) -> None:
        self.pattern(field, value, UPPER_SNAKE, "UPPER_SNAKE_CASE, 1-64 characters", required=required)

    def stm_key(self, field: str, value: str) -> None:
        self.pattern(field, value, STM_KEY, "1-256 characters of [A-Za-z0-9._:/-]")

    def key_prefix(self, field: str, value: str) -> None:
        if value and not STM_KEY.fullmatch(value):
            self.add(field, "must be empty or 1-256 characters of [A-Za-z0-9._:/-]")

    def memory_id(self, field: str, value: str) -> None:
        self.pattern(field, value, MEMORY_ID, "1-256 characters of [A-Za-z0-9._:-]")

    def checkpoint(self, field: str, value: str) -> None:
        self.pattern(field, value, CHECKPOINT, "empty or 1-128 characters of [A-Za-z0-9._-]", required=False)

    def request_id(self, field: str, value: str) -> None:
        self.pattern(field, value, PRINTABLE_ASCII, "1-128 printable ASCII characters", required=False)

    def unit_interval(self, field: str, value: float) -> None:
        if not (math.isfinite(value) and 0.0 <= value <= 1.0):
            self.add(field, "must be between 0 and 1")

    def limit(self, field: str, value: int, maximum: int) -> None:
        if value < 0 or value > maximum:
            self.add(field, f"must be between 0 and {maximum}")

    def text(self, field: str, value: str, maximum: int) -> None:
        if len(value) > maximum:
            self.add(field, f"must be at most {maximum} characters")

    def ttl(self, field: str, has_ttl: bool, ttl: duration_pb2.Duration, maximum_seconds: float) -> float | None:
        """The TTL in seconds, None when unset (family default)."""
        if not has_ttl:
            return None
        if ttl.nanos < 0 or ttl.nanos >= 1_000_000_000 or ttl.seconds < 0:
            self.add(field, "must be a positive duration")
            return None
        seconds = ttl.seconds + ttl.nanos / 1e9
        if seconds <= 0:
            self.add(field, "must be a positive duration")
        elif seconds > maximum_seconds:
            self.add(field, f"must be at most {maximum_seconds:g} seconds")
        return seconds

    def timestamp(self, field: str, owner: message.Message, name: str) -> int | None:
        """The timestamp in microseconds, None when unset; out-of-range values are violations."""
        if not owner.HasField(name):
            return None
        ts = getattr(owner, name)
        if not (MIN_TIMESTAMP_SECONDS <= ts.seconds <= MAX_TIMESTAMP_SECONDS and 0 <= ts.nanos < 1_000_000_000):
            self.add(field, "must be a valid timestamp between years 1 and 9999")
            return None
        return ts.seconds * 1_000_000 + ts.nanos // 1000

    def expected_version(self, field: str, owner: message.Message, name: str = "expected_version") -> int | None:
        if not owner.HasField(name):
            return None
        value = getattr(owner, name)
        if value < 0:
            self.add(field, "must be 0 (must not exist) or a version >= 1")
        return value

    def json_value(self, field: str, value: struct_pb2.Value, *, required: bool = False) -> Any:
        """The value as plain Python (None when it is refused)."""
        if required and value.WhichOneof("kind") is None:
            self.add(field, "is required")
            return None
        self.sized(field, value.ByteSize())
        try:
            return _python_value(value, 0)
        except _Unstorable as problem:
            self.add(field, str(problem))
            return None

    def struct(self, field: str, value: struct_pb2.Struct, *, size_checked: bool = False) -> dict[str, Any]:
        """The struct as a plain dict (empty when it is refused), its encoded size checked unless
        the caller has (`size_checked`)."""
        if not size_checked:
            self.sized(field, value.ByteSize())
        try:
            return _python_struct(value)
        except _Unstorable as problem:
            self.add(field, str(problem))
            return {}

    def json_object(self, field: str, text: str) -> dict[str, Any]:
        """JSON text as a plain dict (empty when it is refused): an object, nested at most
        MAX_JSON_DEPTH levels, its numbers finite (the parser refuses what overflows a double)."""
        try:
            document = load_json(text)
        except JSONDecodeError as problem:
            self.add(field, f"is not valid JSON ({problem})")
            return {}
        if type(document) is not dict:
            self.add(field, "must be a JSON object")
            return {}
        # Reaching past the limit takes more opening brackets than the limit: a text with fewer,
        # nearly every one, is not walked.
        if text.count("{") + text.count("[") > MAX_JSON_DEPTH + 1 and _deeper_than_limit(document, 0):
            self.add(field, f"nested deeper than {MAX_JSON_DEPTH} levels")
            return {}
        return document

    def sized(self, field: str, size: int) -> None:
        if size > self.max_value_bytes:
            self.add(field, f"is {size} bytes encoded; the limit is {self.max_value_bytes}")

    def dotted_path(self, field: str, value: str) -> None:
        if not value or len(value) > 512 or not all(PATH_SEGMENT.fullmatch(segment) for segment in value.split(".")):
            self.add(field, "must be a dotted path of [A-Za-z0-9_-] segments (at most 512 characters)")

    def dotted_paths(self, field: str, values: Sequence[str], maximum: int) -> None:
        if len(values) > maximum:
            self.add(field, f"at most {maximum} paths")
        for index, value in enumerate(values[:maximum]):
            self.dotted_path(f"{field}[{index}]", value)
        if len(set(values)) != len(values):
            self.add(field, "must not repeat a path")

    def time_range(self, owner: message.Message) -> tuple[int | None, int | None]:
        """start_time and end_time in microseconds (None when unset); end must follow start."""
        start = self.timestamp("start_time", owner, "start_time")
        end = self.timestamp("end_time", owner, "end_time")
        if start is not None and end is not None and end <= start:
            self.add("end_time", "must be after start_time")
        return start, end

    def equality_filter(self, field: str, value: struct_pb2.Struct) -> dict[str, Any]:
        if len(value.fields) > MAX_FILTER_KEYS:
            self.add(field, f"may have at most {MAX_FILTER_KEYS} keys")
        for path in value.fields:
            if not all(PATH_SEGMENT.fullmatch(segment) for segment in path.split(".")):
                self.add(f"{field}.{path}", "keys must be dotted paths of [A-Za-z0-9_-] segments")
        return self.struct(field, value)


def new(max_value_bytes: int) -> Violations:
    return Violations(max_value_bytes)


__all__: list[Any] = ["Violations", "new"]
