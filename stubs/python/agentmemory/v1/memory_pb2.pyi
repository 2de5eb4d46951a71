import datetime

from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from agentmemory.v1 import decision_log_pb2 as _decision_log_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class RecallLevel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RECALL_LEVEL_UNSPECIFIED: _ClassVar[RecallLevel]
    RECALL_LEVEL_IMMEDIATE: _ClassVar[RecallLevel]
    RECALL_LEVEL_RECENT: _ClassVar[RecallLevel]
    RECALL_LEVEL_HISTORICAL: _ClassVar[RecallLevel]
    RECALL_LEVEL_ARCHIVE: _ClassVar[RecallLevel]
RECALL_LEVEL_UNSPECIFIED: RecallLevel
RECALL_LEVEL_IMMEDIATE: RecallLevel
RECALL_LEVEL_RECENT: RecallLevel
RECALL_LEVEL_HISTORICAL: RecallLevel
RECALL_LEVEL_ARCHIVE: RecallLevel

class ShortTermEntry(_message.Message):
    __slots__ = ("agent_id", "key", "value", "expire_time")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    key: str
    value: _struct_pb2.Value
    expire_time: _timestamp_pb2.Timestamp
    def __init__(self, agent_id: _Optional[str] = ..., key: _Optional[str] = ..., value: _Optional[_Union[_struct_pb2.Value, _Mapping]] = ..., expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class PutShortTermRequest(_message.Message):
    __slots__ = ("agent_id", "key", "value", "ttl")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    TTL_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    key: str
    value: _struct_pb2.Value
    ttl: _duration_pb2.Duration
    def __init__(self, agent_id: _Optional[str] = ..., key: _Optional[str] = ..., value: _Optional[_Union[_struct_pb2.Value, _Mapping]] = ..., ttl: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ...) -> None: ...

class PutShortTermResponse(_message.Message):
    __slots__ = ("entry",)
    ENTRY_FIELD_NUMBER: _ClassVar[int]
    entry: ShortTermEntry
    def __init__(self, entry: _Optional[_Union[ShortTermEntry, _Mapping]] = ...) -> None: ...

class GetShortTermRequest(_message.Message):
    __slots__ = ("agent_id", "key")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    key: str
    def __init__(self, agent_id: _Optional[str] = ..., key: _Optional[str] = ...) -> None: ...

class GetShortTermResponse(_message.Message):
    __slots__ = ("found", "entry")
    FOUND_FIELD_NUMBER: _ClassVar[int]
    ENTRY_FIELD_NUMBER: _ClassVar[int]
    found: bool
    entry: ShortTermEntry
    def __init__(self, found: _Optional[bool] = ..., entry: _Optional[_Union[ShortTermEntry, _Mapping]] = ...) -> None: ...

class BatchGetShortTermRequest(_message.Message):
    __slots__ = ("agent_id", "keys")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    KEYS_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    keys: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, agent_id: _Optional[str] = ..., keys: _Optional[_Iterable[str]] = ...) -> None: ...

class BatchGetShortTermResponse(_message.Message):
    __slots__ = ("entries", "missing_keys")
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    MISSING_KEYS_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[ShortTermEntry]
    missing_keys: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, entries: _Optional[_Iterable[_Union[ShortTermEntry, _Mapping]]] = ..., missing_keys: _Optional[_Iterable[str]] = ...) -> None: ...

class DeleteShortTermRequest(_message.Message):
    __slots__ = ("agent_id", "key")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    key: str
    def __init__(self, agent_id: _Optional[str] = ..., key: _Optional[str] = ...) -> None: ...

class DeleteShortTermResponse(_message.Message):
    __slots__ = ("deleted",)
    DELETED_FIELD_NUMBER: _ClassVar[int]
    deleted: bool
    def __init__(self, deleted: _Optional[bool] = ...) -> None: ...

class ClearShortTermRequest(_message.Message):
    __slots__ = ("agent_id", "key_prefix")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    KEY_PREFIX_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    key_prefix: str
    def __init__(self, agent_id: _Optional[str] = ..., key_prefix: _Optional[str] = ...) -> None: ...

class ClearShortTermResponse(_message.Message):
    __slots__ = ("deleted_count",)
    DELETED_COUNT_FIELD_NUMBER: _ClassVar[int]
    deleted_count: int
    def __init__(self, deleted_count: _Optional[int] = ...) -> None: ...

class AppendShortTermRequest(_message.Message):
    __slots__ = ("agent_id", "key", "values", "max_length", "ttl")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    VALUES_FIELD_NUMBER: _ClassVar[int]
    MAX_LENGTH_FIELD_NUMBER: _ClassVar[int]
    TTL_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    key: str
    values: _containers.RepeatedCompositeFieldContainer[_struct_pb2.Value]
    max_length: int
    ttl: _duration_pb2.Duration
    def __init__(self, agent_id: _Optional[str] = ..., key: _Optional[str] = ..., values: _Optional[_Iterable[_Union[_struct_pb2.Value, _Mapping]]] = ..., max_length: _Optional[int] = ..., ttl: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ...) -> None: ...

class AppendShortTermResponse(_message.Message):
    __slots__ = ("entry",)
    ENTRY_FIELD_NUMBER: _ClassVar[int]
    entry: ShortTermEntry
    def __init__(self, entry: _Optional[_Union[ShortTermEntry, _Mapping]] = ...) -> None: ...

class IncrementCounterRequest(_message.Message):
    __slots__ = ("agent_id", "key", "delta", "ttl")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    DELTA_FIELD_NUMBER: _ClassVar[int]
    TTL_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    key: str
    delta: int
    ttl: _duration_pb2.Duration
    def __init__(self, agent_id: _Optional[str] = ..., key: _Optional[str] = ..., delta: _Optional[int] = ..., ttl: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ...) -> None: ...

class IncrementCounterResponse(_message.Message):
    __slots__ = ("value", "expire_time")
    VALUE_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    value: int
    expire_time: _timestamp_pb2.Timestamp
    def __init__(self, value: _Optional[int] = ..., expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListShortTermRequest(_message.Message):
    __slots__ = ("agent_id", "key_prefix", "limit")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    KEY_PREFIX_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    key_prefix: str
    limit: int
    def __init__(self, agent_id: _Optional[str] = ..., key_prefix: _Optional[str] = ..., limit: _Optional[int] = ...) -> None: ...

class ListShortTermResponse(_message.Message):
    __slots__ = ("entries", "truncated")
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    TRUNCATED_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[ShortTermEntry]
    truncated: bool
    def __init__(self, entries: _Optional[_Iterable[_Union[ShortTermEntry, _Mapping]]] = ..., truncated: _Optional[bool] = ...) -> None: ...

class LongTermMemory(_message.Message):
    __slots__ = ("agent_id", "memory_type", "memory_id", "data", "confidence", "version", "create_time", "update_time", "access_count", "last_access_time", "observed_successes", "observed_trials")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    MEMORY_TYPE_FIELD_NUMBER: _ClassVar[int]
    MEMORY_ID_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    ACCESS_COUNT_FIELD_NUMBER: _ClassVar[int]
    LAST_ACCESS_TIME_FIELD_NUMBER: _ClassVar[int]
    OBSERVED_SUCCESSES_FIELD_NUMBER: _ClassVar[int]
    OBSERVED_TRIALS_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    memory_type: str
    memory_id: str
    data: _struct_pb2.Struct
    confidence: float
    version: int
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    access_count: int
    last_access_time: _timestamp_pb2.Timestamp
    observed_successes: int
    observed_trials: int
    def __init__(self, agent_id: _Optional[str] = ..., memory_type: _Optional[str] = ..., memory_id: _Optional[str] = ..., data: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., confidence: _Optional[float] = ..., version: _Optional[int] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., access_count: _Optional[int] = ..., last_access_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., observed_successes: _Optional[int] = ..., observed_trials: _Optional[int] = ...) -> None: ...

class PutLongTermRequest(_message.Message):
    __slots__ = ("agent_id", "memory_type", "memory_id", "data", "confidence", "expected_version")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    MEMORY_TYPE_FIELD_NUMBER: _ClassVar[int]
    MEMORY_ID_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    memory_type: str
    memory_id: str
    data: _struct_pb2.Struct
    confidence: float
    expected_version: int
    def __init__(self, agent_id: _Optional[str] = ..., memory_type: _Optional[str] = ..., memory_id: _Optional[str] = ..., data: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., confidence: _Optional[float] = ..., expected_version: _Optional[int] = ...) -> None: ...

class PutLongTermResponse(_message.Message):
    __slots__ = ("memory",)
    MEMORY_FIELD_NUMBER: _ClassVar[int]
    memory: LongTermMemory
    def __init__(self, memory: _Optional[_Union[LongTermMemory, _Mapping]] = ...) -> None: ...

class GetLongTermRequest(_message.Message):
    __slots__ = ("agent_id", "memory_type", "memory_id")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    MEMORY_TYPE_FIELD_NUMBER: _ClassVar[int]
    MEMORY_ID_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    memory_type: str
    memory_id: str
    def __init__(self, agent_id: _Optional[str] = ..., memory_type: _Optional[str] = ..., memory_id: _Optional[str] = ...) -> None: ...

class GetLongTermResponse(_message.Message):
    __slots__ = ("memory",)
    MEMORY_FIELD_NUMBER: _ClassVar[int]
    memory: LongTermMemory
    def __init__(self, memory: _Optional[_Union[LongTermMemory, _Mapping]] = ...) -> None: ...

class QueryLongTermRequest(_message.Message):
    __slots__ = ("agent_id", "memory_type", "min_confidence", "filter", "limit")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    MEMORY_TYPE_FIELD_NUMBER: _ClassVar[int]
    MIN_CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    FILTER_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    memory_type: str
    min_confidence: float
    filter: _struct_pb2.Struct
    limit: int
    def __init__(self, agent_id: _Optional[str] = ..., memory_type: _Optional[str] = ..., min_confidence: _Optional[float] = ..., filter: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., limit: _Optional[int] = ...) -> None: ...

class QueryLongTermResponse(_message.Message):
    __slots__ = ("memory",)
    MEMORY_FIELD_NUMBER: _ClassVar[int]
    memory: LongTermMemory
    def __init__(self, memory: _Optional[_Union[LongTermMemory, _Mapping]] = ...) -> None: ...

class UpdateConfidenceRequest(_message.Message):
    __slots__ = ("agent_id", "memory_type", "memory_id", "confidence", "reason", "expected_version")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    MEMORY_TYPE_FIELD_NUMBER: _ClassVar[int]
    MEMORY_ID_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    memory_type: str
    memory_id: str
    confidence: float
    reason: str
    expected_version: int
    def __init__(self, agent_id: _Optional[str] = ..., memory_type: _Optional[str] = ..., memory_id: _Optional[str] = ..., confidence: _Optional[float] = ..., reason: _Optional[str] = ..., expected_version: _Optional[int] = ...) -> None: ...

class UpdateConfidenceResponse(_message.Message):
    __slots__ = ("memory",)
    MEMORY_FIELD_NUMBER: _ClassVar[int]
    memory: LongTermMemory
    def __init__(self, memory: _Optional[_Union[LongTermMemory, _Mapping]] = ...) -> None: ...

class ConfidenceChange(_message.Message):
    __slots__ = ("previous_confidence", "confidence", "reason", "version", "change_time")
    PREVIOUS_CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    CHANGE_TIME_FIELD_NUMBER: _ClassVar[int]
    previous_confidence: float
    confidence: float
    reason: str
    version: int
    change_time: _timestamp_pb2.Timestamp
    def __init__(self, previous_confidence: _Optional[float] = ..., confidence: _Optional[float] = ..., reason: _Optional[str] = ..., version: _Optional[int] = ..., change_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetConfidenceHistoryRequest(_message.Message):
    __slots__ = ("agent_id", "memory_type", "memory_id")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    MEMORY_TYPE_FIELD_NUMBER: _ClassVar[int]
    MEMORY_ID_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    memory_type: str
    memory_id: str
    def __init__(self, agent_id: _Optional[str] = ..., memory_type: _Optional[str] = ..., memory_id: _Optional[str] = ...) -> None: ...

class GetConfidenceHistoryResponse(_message.Message):
    __slots__ = ("changes",)
    CHANGES_FIELD_NUMBER: _ClassVar[int]
    changes: _containers.RepeatedCompositeFieldContainer[ConfidenceChange]
    def __init__(self, changes: _Optional[_Iterable[_Union[ConfidenceChange, _Mapping]]] = ...) -> None: ...

class DeleteLongTermRequest(_message.Message):
    __slots__ = ("agent_id", "memory_type", "memory_id", "expected_version")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    MEMORY_TYPE_FIELD_NUMBER: _ClassVar[int]
    MEMORY_ID_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    memory_type: str
    memory_id: str
    expected_version: int
    def __init__(self, agent_id: _Optional[str] = ..., memory_type: _Optional[str] = ..., memory_id: _Optional[str] = ..., expected_version: _Optional[int] = ...) -> None: ...

class DeleteLongTermResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class AgentState(_message.Message):
    __slots__ = ("agent_id", "checkpoint", "state", "version", "update_time")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    CHECKPOINT_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    checkpoint: str
    state: _struct_pb2.Struct
    version: int
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, agent_id: _Optional[str] = ..., checkpoint: _Optional[str] = ..., state: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., version: _Optional[int] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SaveAgentStateRequest(_message.Message):
    __slots__ = ("agent_id", "checkpoint", "state", "expected_version")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    CHECKPOINT_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    checkpoint: str
    state: _struct_pb2.Struct
    expected_version: int
    def __init__(self, agent_id: _Optional[str] = ..., checkpoint: _Optional[str] = ..., state: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., expected_version: _Optional[int] = ...) -> None: ...

class SaveAgentStateResponse(_message.Message):
    __slots__ = ("state",)
    STATE_FIELD_NUMBER: _ClassVar[int]
    state: AgentState
    def __init__(self, state: _Optional[_Union[AgentState, _Mapping]] = ...) -> None: ...

class GetAgentStateRequest(_message.Message):
    __slots__ = ("agent_id", "checkpoint")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    CHECKPOINT_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    checkpoint: str
    def __init__(self, agent_id: _Optional[str] = ..., checkpoint: _Optional[str] = ...) -> None: ...

class GetAgentStateResponse(_message.Message):
    __slots__ = ("state",)
    STATE_FIELD_NUMBER: _ClassVar[int]
    state: AgentState
    def __init__(self, state: _Optional[_Union[AgentState, _Mapping]] = ...) -> None: ...

class ListCheckpointsRequest(_message.Message):
    __slots__ = ("agent_id",)
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    def __init__(self, agent_id: _Optional[str] = ...) -> None: ...

class ListCheckpointsResponse(_message.Message):
    __slots__ = ("checkpoints",)
    CHECKPOINTS_FIELD_NUMBER: _ClassVar[int]
    checkpoints: _containers.RepeatedCompositeFieldContainer[AgentState]
    def __init__(self, checkpoints: _Optional[_Iterable[_Union[AgentState, _Mapping]]] = ...) -> None: ...

class RecallContextRequest(_message.Message):
    __slots__ = ("agent_id", "start_time", "end_time", "context_filter", "levels", "max_items", "decision_type", "key_prefix")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    CONTEXT_FILTER_FIELD_NUMBER: _ClassVar[int]
    LEVELS_FIELD_NUMBER: _ClassVar[int]
    MAX_ITEMS_FIELD_NUMBER: _ClassVar[int]
    DECISION_TYPE_FIELD_NUMBER: _ClassVar[int]
    KEY_PREFIX_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    context_filter: _struct_pb2.Struct
    levels: _containers.RepeatedScalarFieldContainer[RecallLevel]
    max_items: int
    decision_type: str
    key_prefix: str
    def __init__(self, agent_id: _Optional[str] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., context_filter: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., levels: _Optional[_Iterable[_Union[RecallLevel, str]]] = ..., max_items: _Optional[int] = ..., decision_type: _Optional[str] = ..., key_prefix: _Optional[str] = ...) -> None: ...

class RecallContextResponse(_message.Message):
    __slots__ = ("level", "short_term_entry", "decision")
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    SHORT_TERM_ENTRY_FIELD_NUMBER: _ClassVar[int]
    DECISION_FIELD_NUMBER: _ClassVar[int]
    level: RecallLevel
    short_term_entry: ShortTermEntry
    decision: _decision_log_pb2.Decision
    def __init__(self, level: _Optional[_Union[RecallLevel, str]] = ..., short_term_entry: _Optional[_Union[ShortTermEntry, _Mapping]] = ..., decision: _Optional[_Union[_decision_log_pb2.Decision, _Mapping]] = ...) -> None: ...

class ConsolidateRequest(_message.Message):
    __slots__ = ("agent_id", "window", "min_occurrences", "min_success_rate", "decision_type")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    WINDOW_FIELD_NUMBER: _ClassVar[int]
    MIN_OCCURRENCES_FIELD_NUMBER: _ClassVar[int]
    MIN_SUCCESS_RATE_FIELD_NUMBER: _ClassVar[int]
    DECISION_TYPE_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    window: _duration_pb2.Duration
    min_occurrences: int
    min_success_rate: float
    decision_type: str
    def __init__(self, agent_id: _Optional[str] = ..., window: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., min_occurrences: _Optional[int] = ..., min_success_rate: _Optional[float] = ..., decision_type: _Optional[str] = ...) -> None: ...

class ConsolidateResponse(_message.Message):
    __slots__ = ("promoted", "updated", "pruned")
    PROMOTED_FIELD_NUMBER: _ClassVar[int]
    UPDATED_FIELD_NUMBER: _ClassVar[int]
    PRUNED_FIELD_NUMBER: _ClassVar[int]
    promoted: _containers.RepeatedCompositeFieldContainer[LongTermMemory]
    updated: _containers.RepeatedCompositeFieldContainer[LongTermMemory]
    pruned: _containers.RepeatedCompositeFieldContainer[LongTermMemory]
    def __init__(self, promoted: _Optional[_Iterable[_Union[LongTermMemory, _Mapping]]] = ..., updated: _Optional[_Iterable[_Union[LongTermMemory, _Mapping]]] = ..., pruned: _Optional[_Iterable[_Union[LongTermMemory, _Mapping]]] = ...) -> None: ...
