"""Conversions between plain Python values and the protobuf types of the contract.

Plain values in, plain values out:

* ``dict`` <-> ``google.protobuf.Struct`` and any JSON value <-> ``google.protobuf.Value``
  (:func:`to_struct`, :func:`from_struct`, :func:`to_value`, :func:`from_value`).
  Protobuf numbers are doubles: a number that comes back integral (and within
  +/- 2**53) is returned as an ``int``, any other as a ``float``, so
  ``{"cycle": 142}`` round-trips to ``{"cycle": 142}``. ``datetime`` and ``date``
  values are written as ISO 8601 strings (UTC for datetimes). Non-string keys,
  non-finite numbers and other types raise ``TypeError``/``ValueError`` before
  anything is sent.
* ``datetime`` <-> ``google.protobuf.Timestamp`` (:func:`to_timestamp`,
  :func:`from_timestamp`). Returned datetimes are timezone-aware, in UTC, with
  microsecond precision; naive datetimes given to the client are taken as UTC.
* seconds <-> ``google.protobuf.Duration`` (:func:`to_duration`,
  :func:`from_duration`).
* Contract messages -> dicts with snake_case keys (:func:`decision_to_dict`,
  :func:`memory_to_dict`, :func:`entry_to_dict`, :func:`state_to_dict`,
  :func:`confidence_change_to_dict`, :func:`event_to_dict`); the shape of each
  is documented on the function. The learning loop's results (analytics,
  recall, consolidation) are typed in :mod:`agentmemory.client.results`.
* A time range argument (:data:`TimeRange`) -> a request's ``start_time`` and
  ``end_time`` (:func:`apply_time_range`).
"""

from __future__ import annotations

import datetime as _dt
import enum
import math
import numbers
from collections.abc import Mapping
from typing import Any

import orjson
from google.protobuf import duration_pb2, struct_pb2, timestamp_pb2

from agentmemory.v1 import decision_log_pb2, memory_pb2

__all__ = [
    "EventKind",
    "TimePoint",
    "TimeRange",
    "apply_time_range",
    "confidence_change_to_dict",
    "decision_to_dict",
    "document_json",
    "entry_to_dict",
    "event_to_dict",
    "from_duration",
    "from_struct",
    "from_timestamp",
    "from_value",
    "memory_read_to_dict",
    "memory_to_dict",
    "optional_timestamp",
    "state_to_dict",
    "to_duration",
    "to_struct",
    "to_timestamp",
    "to_value",
]

_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)
_MAX_SAFE_INT = 2**53


# --------------------------------------------------------------------------
# JSON values
# --------------------------------------------------------------------------


def to_value(obj: Any) -> struct_pb2.Value:
    """Converts a JSON-like Python value (None, bool, int, float, str, mapping
    with str keys, list/tuple, datetime/date) into a ``google.protobuf.Value``.

    Raises ``TypeError`` for unsupported types or non-string keys and
    ``ValueError`` for NaN/infinite numbers; the message names the offending
    path (``context.market[2]``).
    """
    value = struct_pb2.Value()
    _fill_value(value, obj, "value")
    return value


def to_struct(obj: Mapping[str, Any] | struct_pb2.Struct | None) -> struct_pb2.Struct:
    """Converts a mapping with string keys into a ``google.protobuf.Struct``
    (None gives an empty Struct; a Struct is copied)."""
    struct = struct_pb2.Struct()
    if obj is None:
        return struct
    if isinstance(obj, struct_pb2.Struct):
        struct.CopyFrom(obj)
        return struct
    if not isinstance(obj, Mapping):
        raise TypeError(f"expected a mapping with str keys, got {type(obj).__name__}")
    _fill_struct(struct, obj, "")
    return struct


# What orjson writes as it is only when to_struct would hold the same document: anything else
# (datetimes, dataclasses, subclasses, numpy values, integers beyond a double's exact range, ...)
# is refused, and goes through to_struct instead.
_DOCUMENT_JSON_OPTIONS = (
    orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_SUBCLASS
    | orjson.OPT_STRICT_INTEGER
)


def document_json(obj: Any) -> str | None:
    """A decision's document as the JSON text of the object :func:`to_struct` would make of it
    (what LogDecision's ``context_json`` and the like take, which the server parses far faster
    than it walks a Struct), or None when it must go as a Struct: not a plain dict, a value
    orjson does not write as JSON itself, or a ``null`` in the text, which may have been a
    non-finite number that :func:`to_struct` refuses by its path."""
    if type(obj) is not dict:
        return None
    try:
        text = orjson.dumps(obj, option=_DOCUMENT_JSON_OPTIONS)
    except TypeError:  # orjson.JSONEncodeError
        return None
    return None if b"null" in text else text.decode()


def from_value(value: struct_pb2.Value | None) -> Any:
    """Converts a ``google.protobuf.Value`` into plain Python (None, bool,
    int/float, str, dict, list). An unset Value is None."""
    if value is None:
        return None
    kind = value.WhichOneof("kind")
    if kind is None or kind == "null_value":
        return None
    if kind == "number_value":
        return _number(value.number_value)
    if kind == "string_value":
        return value.string_value
    if kind == "bool_value":
        return value.bool_value
    if kind == "struct_value":
        return from_struct(value.struct_value)
    return [from_value(item) for item in value.list_value.values]


def from_struct(struct: struct_pb2.Struct | None) -> dict[str, Any]:
    """Converts a ``google.protobuf.Struct`` into a plain dict (None gives ``{}``)."""
    if struct is None:
        return {}
    return {key: from_value(item) for key, item in struct.fields.items()}


def _number(number: float) -> int | float:
    if math.isfinite(number) and number.is_integer() and abs(number) <= _MAX_SAFE_INT:
        return int(number)
    return number


def _child(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _fill_struct(struct: struct_pb2.Struct, obj: Mapping[Any, Any], path: str) -> None:
    for key, item in obj.items():
        if not isinstance(key, str):
            raise TypeError(f"{path or 'mapping'}: keys must be str, got {key!r}")
        _fill_value(struct.fields[key], item, _child(path, key))


def _fill_value(value: struct_pb2.Value, obj: Any, path: str) -> None:
    if obj is None:
        value.null_value = struct_pb2.NULL_VALUE
    elif isinstance(obj, bool):
        value.bool_value = obj
    elif isinstance(obj, enum.Enum):
        _fill_value(value, obj.value, path)
    elif isinstance(obj, numbers.Real):
        number = float(obj)
        if not math.isfinite(number):
            raise ValueError(f"{path}: {number} is not a finite number")
        value.number_value = number
    elif isinstance(obj, str):
        value.string_value = obj
    elif isinstance(obj, struct_pb2.Value):
        value.CopyFrom(obj)
    elif isinstance(obj, struct_pb2.Struct):
        value.struct_value.CopyFrom(obj)
    elif isinstance(obj, Mapping):
        value.struct_value.SetInParent()
        _fill_struct(value.struct_value, obj, path)
    elif isinstance(obj, (list, tuple)):
        value.list_value.SetInParent()
        for index, item in enumerate(obj):
            _fill_value(value.list_value.values.add(), item, f"{path}[{index}]")
    elif isinstance(obj, _dt.datetime):
        value.string_value = _as_utc(obj).isoformat().replace("+00:00", "Z")
    elif isinstance(obj, _dt.date):
        value.string_value = obj.isoformat()
    else:
        raise TypeError(f"{path}: cannot convert {type(obj).__name__} to a JSON value")


# --------------------------------------------------------------------------
# Timestamps and durations
# --------------------------------------------------------------------------


def _as_utc(moment: _dt.datetime) -> _dt.datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=_dt.timezone.utc)
    return moment.astimezone(_dt.timezone.utc)


def to_timestamp(moment: _dt.datetime | float | int) -> timestamp_pb2.Timestamp:
    """Converts a datetime (naive = UTC) or seconds since the Unix epoch into a
    ``google.protobuf.Timestamp``."""
    ts = timestamp_pb2.Timestamp()
    if isinstance(moment, _dt.datetime):
        delta = _as_utc(moment) - _EPOCH
        ts.seconds = delta.days * 86400 + delta.seconds
        ts.nanos = delta.microseconds * 1000
        return ts
    if isinstance(moment, bool) or not isinstance(moment, numbers.Real):
        raise TypeError(f"expected a datetime or epoch seconds, got {type(moment).__name__}")
    nanos = round(float(moment) * 1e9)
    ts.seconds, ts.nanos = divmod(nanos, 1_000_000_000)
    return ts


def from_timestamp(ts: timestamp_pb2.Timestamp) -> _dt.datetime:
    """Converts a ``google.protobuf.Timestamp`` into an aware UTC datetime
    (microsecond precision)."""
    return _EPOCH + _dt.timedelta(seconds=ts.seconds, microseconds=ts.nanos // 1000)


def optional_timestamp(message: Any, field: str) -> _dt.datetime | None:
    """The datetime of a Timestamp field of ``message``, or None when unset."""
    if not message.HasField(field):
        return None
    return from_timestamp(getattr(message, field))


def to_duration(seconds: float | int | _dt.timedelta) -> duration_pb2.Duration:
    """Converts seconds (or a timedelta) into a ``google.protobuf.Duration``."""
    if isinstance(seconds, _dt.timedelta):
        seconds = seconds.total_seconds()
    if isinstance(seconds, bool) or not isinstance(seconds, numbers.Real):
        raise TypeError(f"expected seconds or a timedelta, got {type(seconds).__name__}")
    if not math.isfinite(float(seconds)):
        raise ValueError(f"{seconds} is not a finite duration")
    duration = duration_pb2.Duration()
    duration.FromNanoseconds(round(float(seconds) * 1e9))
    return duration


def from_duration(duration: duration_pb2.Duration) -> float:
    """Converts a ``google.protobuf.Duration`` into seconds."""
    return float(duration.seconds + duration.nanos / 1e9)


TimePoint = _dt.datetime | float | int
"""A moment: a datetime (naive = UTC) or seconds since the Unix epoch."""

TimeRange = tuple[TimePoint | None, TimePoint | None] | _dt.timedelta
"""``(start, end)``, start inclusive, end exclusive, either None for the
call's default; or a ``timedelta`` meaning "the last ...", up to now."""


def apply_time_range(request: Any, time_range: TimeRange | None) -> None:
    """Sets ``start_time`` / ``end_time`` of ``request`` from ``time_range``;
    None (and a None bound) leaves the field unset, so the call's default
    applies."""
    if time_range is None:
        return
    if isinstance(time_range, _dt.timedelta):
        start: TimePoint | None = _dt.datetime.now(_dt.timezone.utc) - time_range
        end: TimePoint | None = None
    else:
        start, end = time_range
    if start is not None:
        request.start_time.CopyFrom(to_timestamp(start))
    if end is not None:
        request.end_time.CopyFrom(to_timestamp(end))


# --------------------------------------------------------------------------
# Contract messages as dicts
# --------------------------------------------------------------------------


class EventKind(str, enum.Enum):
    """The ``kind`` of a subscription event dict. A ``str`` enum, so
    ``event["kind"] == "decision_logged"`` works too."""

    DECISION_LOGGED = "decision_logged"
    """A decision was logged; the event carries it."""
    OUTCOME_RECORDED = "outcome_recorded"
    """An outcome was recorded (or overwritten); the event carries the decision with it."""
    HEARTBEAT = "heartbeat"
    """Nothing happened; only the cursor moved (or was confirmed)."""

    def __str__(self) -> str:
        return self.value


_EVENT_KINDS = {
    decision_log_pb2.DECISION_EVENT_KIND_DECISION_LOGGED: EventKind.DECISION_LOGGED,
    decision_log_pb2.DECISION_EVENT_KIND_OUTCOME_RECORDED: EventKind.OUTCOME_RECORDED,
    decision_log_pb2.DECISION_EVENT_KIND_HEARTBEAT: EventKind.HEARTBEAT,
}


def memory_read_to_dict(read: decision_log_pb2.MemoryRead) -> dict[str, Any]:
    """``{"memory_type": str, "memory_id": str, "version": int}``."""
    return {"memory_type": read.memory_type, "memory_id": read.memory_id, "version": read.version}


def decision_to_dict(decision: decision_log_pb2.Decision) -> dict[str, Any]:
    """A Decision as a dict::

        {
          "decision_id": str,            # UUIDv7, time-ordered
          "agent_id": str,
          "decision_type": str,          # e.g. "SOURCE_SELECTION"
          "create_time": datetime,       # UTC, server clock
          "timestamp": datetime,         # the same as create_time (the original design's name)
          "context": dict, "reasoning": dict, "metadata": dict,
          "parent_decision_ids": list[str],
          "memory_reads": list[{"memory_type": str, "memory_id": str, "version": int}],
          "outcome": None | {            # None while pending
              "success": bool, "details": dict,
              "metrics": dict[str, float], "record_time": datetime | None,
          },
        }
    """
    created = optional_timestamp(decision, "create_time")
    outcome: dict[str, Any] | None = None
    if decision.HasField("outcome"):
        outcome = {
            "success": decision.outcome.success,
            "details": from_struct(decision.outcome.details),
            "metrics": {key: float(val) for key, val in decision.outcome.metrics.items()},
            "record_time": optional_timestamp(decision.outcome, "record_time"),
        }
    return {
        "decision_id": decision.decision_id,
        "agent_id": decision.agent_id,
        "decision_type": decision.decision_type,
        "create_time": created,
        "timestamp": created,
        "context": from_struct(decision.context),
        "reasoning": from_struct(decision.reasoning),
        "metadata": from_struct(decision.metadata),
        "parent_decision_ids": list(decision.parent_decision_ids),
        "memory_reads": [memory_read_to_dict(read) for read in decision.memory_reads],
        "outcome": outcome,
    }


def memory_to_dict(memory: memory_pb2.LongTermMemory) -> dict[str, Any]:
    """A LongTermMemory as a dict::

        {
          "agent_id": str, "memory_type": str, "memory_id": str,
          "data": dict, "confidence": float, "version": int,
          "create_time": datetime, "update_time": datetime,
          "access_count": int, "last_access_time": datetime | None,
          "observed_successes": int,     # credited outcomes that succeeded
          "observed_trials": int,        # credited outcomes in all
        }

    Credited outcomes are those of decisions whose ``memory_reads`` named the
    memory; consolidation resets them when it re-rates a pattern from the log.
    """
    return {
        "agent_id": memory.agent_id,
        "memory_type": memory.memory_type,
        "memory_id": memory.memory_id,
        "data": from_struct(memory.data),
        "confidence": memory.confidence,
        "version": memory.version,
        "create_time": optional_timestamp(memory, "create_time"),
        "update_time": optional_timestamp(memory, "update_time"),
        "access_count": memory.access_count,
        "last_access_time": optional_timestamp(memory, "last_access_time"),
        "observed_successes": memory.observed_successes,
        "observed_trials": memory.observed_trials,
    }


def entry_to_dict(entry: memory_pb2.ShortTermEntry) -> dict[str, Any]:
    """A ShortTermEntry as a dict:
    ``{"agent_id": str, "key": str, "value": Any, "expire_time": datetime}``."""
    return {
        "agent_id": entry.agent_id,
        "key": entry.key,
        "value": from_value(entry.value) if entry.HasField("value") else None,
        "expire_time": optional_timestamp(entry, "expire_time"),
    }


def state_to_dict(state: memory_pb2.AgentState) -> dict[str, Any]:
    """An AgentState as a dict: ``{"agent_id": str, "checkpoint": str ("" =
    CURRENT), "state": dict, "version": int, "update_time": datetime}``."""
    return {
        "agent_id": state.agent_id,
        "checkpoint": state.checkpoint,
        "state": from_struct(state.state),
        "version": state.version,
        "update_time": optional_timestamp(state, "update_time"),
    }


def confidence_change_to_dict(change: memory_pb2.ConfidenceChange) -> dict[str, Any]:
    """A ConfidenceChange as a dict: ``{"previous_confidence": float,
    "confidence": float, "reason": str, "version": int, "change_time": datetime}``."""
    return {
        "previous_confidence": change.previous_confidence,
        "confidence": change.confidence,
        "reason": change.reason,
        "version": change.version,
        "change_time": optional_timestamp(change, "change_time"),
    }


def event_to_dict(
    event: decision_log_pb2.SubscribeDecisionsResponse | decision_log_pb2.SubscribeDecisionEvent,
) -> dict[str, Any]:
    """A subscription event (a message of one, or one of a message's
    ``events``) as a dict: ``{"kind": EventKind, "cursor": str,
    "decision": dict | None}`` (the decision as :func:`decision_to_dict`, None
    for heartbeats)."""
    kind = _EVENT_KINDS.get(event.kind)
    if kind is None:
        raise ValueError(f"unknown decision event kind {event.kind}")
    return {
        "kind": kind,
        "cursor": event.cursor,
        "decision": decision_to_dict(event.decision) if event.HasField("decision") else None,
    }
