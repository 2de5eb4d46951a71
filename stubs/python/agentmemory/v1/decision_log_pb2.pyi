import datetime

from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class AnalyticsSource(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ANALYTICS_SOURCE_UNSPECIFIED: _ClassVar[AnalyticsSource]
    ANALYTICS_SOURCE_ROLLUP: _ClassVar[AnalyticsSource]
    ANALYTICS_SOURCE_SCAN: _ClassVar[AnalyticsSource]

class SuccessFilter(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SUCCESS_FILTER_UNSPECIFIED: _ClassVar[SuccessFilter]
    SUCCESS_FILTER_SUCCEEDED: _ClassVar[SuccessFilter]
    SUCCESS_FILTER_FAILED: _ClassVar[SuccessFilter]
    SUCCESS_FILTER_PENDING: _ClassVar[SuccessFilter]

class ChainDirection(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CHAIN_DIRECTION_UNSPECIFIED: _ClassVar[ChainDirection]
    CHAIN_DIRECTION_BEFORE: _ClassVar[ChainDirection]
    CHAIN_DIRECTION_AFTER: _ClassVar[ChainDirection]

class DecisionEventKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DECISION_EVENT_KIND_UNSPECIFIED: _ClassVar[DecisionEventKind]
    DECISION_EVENT_KIND_DECISION_LOGGED: _ClassVar[DecisionEventKind]
    DECISION_EVENT_KIND_OUTCOME_RECORDED: _ClassVar[DecisionEventKind]
    DECISION_EVENT_KIND_HEARTBEAT: _ClassVar[DecisionEventKind]
ANALYTICS_SOURCE_UNSPECIFIED: AnalyticsSource
ANALYTICS_SOURCE_ROLLUP: AnalyticsSource
ANALYTICS_SOURCE_SCAN: AnalyticsSource
SUCCESS_FILTER_UNSPECIFIED: SuccessFilter
SUCCESS_FILTER_SUCCEEDED: SuccessFilter
SUCCESS_FILTER_FAILED: SuccessFilter
SUCCESS_FILTER_PENDING: SuccessFilter
CHAIN_DIRECTION_UNSPECIFIED: ChainDirection
CHAIN_DIRECTION_BEFORE: ChainDirection
CHAIN_DIRECTION_AFTER: ChainDirection
DECISION_EVENT_KIND_UNSPECIFIED: DecisionEventKind
DECISION_EVENT_KIND_DECISION_LOGGED: DecisionEventKind
DECISION_EVENT_KIND_OUTCOME_RECORDED: DecisionEventKind
DECISION_EVENT_KIND_HEARTBEAT: DecisionEventKind

class MemoryRead(_message.Message):
    __slots__ = ("memory_type", "memory_id", "version")
    MEMORY_TYPE_FIELD_NUMBER: _ClassVar[int]
    MEMORY_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    memory_type: str
    memory_id: str
    version: int
    def __init__(self, memory_type: _Optional[str] = ..., memory_id: _Optional[str] = ..., version: _Optional[int] = ...) -> None: ...

class Outcome(_message.Message):
    __slots__ = ("success", "details", "metrics", "record_time")
    class MetricsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: float
        def __init__(self, key: _Optional[str] = ..., value: _Optional[float] = ...) -> None: ...
    SUCCESS_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    METRICS_FIELD_NUMBER: _ClassVar[int]
    RECORD_TIME_FIELD_NUMBER: _ClassVar[int]
    success: bool
    details: _struct_pb2.Struct
    metrics: _containers.ScalarMap[str, float]
    record_time: _timestamp_pb2.Timestamp
    def __init__(self, success: _Optional[bool] = ..., details: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., metrics: _Optional[_Mapping[str, float]] = ..., record_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Decision(_message.Message):
    __slots__ = ("decision_id", "agent_id", "decision_type", "create_time", "context", "reasoning", "metadata", "parent_decision_ids", "memory_reads", "outcome")
    DECISION_ID_FIELD_NUMBER: _ClassVar[int]
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    DECISION_TYPE_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    CONTEXT_FIELD_NUMBER: _ClassVar[int]
    REASONING_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    PARENT_DECISION_IDS_FIELD_NUMBER: _ClassVar[int]
    MEMORY_READS_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    decision_id: str
    agent_id: str
    decision_type: str
    create_time: _timestamp_pb2.Timestamp
    context: _struct_pb2.Struct
    reasoning: _struct_pb2.Struct
    metadata: _struct_pb2.Struct
    parent_decision_ids: _containers.RepeatedScalarFieldContainer[str]
    memory_reads: _containers.RepeatedCompositeFieldContainer[MemoryRead]
    outcome: Outcome
    def __init__(self, decision_id: _Optional[str] = ..., agent_id: _Optional[str] = ..., decision_type: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., context: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., reasoning: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., parent_decision_ids: _Optional[_Iterable[str]] = ..., memory_reads: _Optional[_Iterable[_Union[MemoryRead, _Mapping]]] = ..., outcome: _Optional[_Union[Outcome, _Mapping]] = ...) -> None: ...

class LogDecisionRequest(_message.Message):
    __slots__ = ("agent_id", "decision_type", "context", "reasoning", "metadata", "parent_decision_ids", "memory_reads", "request_id", "context_json", "reasoning_json", "metadata_json")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    DECISION_TYPE_FIELD_NUMBER: _ClassVar[int]
    CONTEXT_FIELD_NUMBER: _ClassVar[int]
    REASONING_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    PARENT_DECISION_IDS_FIELD_NUMBER: _ClassVar[int]
    MEMORY_READS_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CONTEXT_JSON_FIELD_NUMBER: _ClassVar[int]
    REASONING_JSON_FIELD_NUMBER: _ClassVar[int]
    METADATA_JSON_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    decision_type: str
    context: _struct_pb2.Struct
    reasoning: _struct_pb2.Struct
    metadata: _struct_pb2.Struct
    parent_decision_ids: _containers.RepeatedScalarFieldContainer[str]
    memory_reads: _containers.RepeatedCompositeFieldContainer[MemoryRead]
    request_id: str
    context_json: str
    reasoning_json: str
    metadata_json: str
    def __init__(self, agent_id: _Optional[str] = ..., decision_type: _Optional[str] = ..., context: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., reasoning: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., parent_decision_ids: _Optional[_Iterable[str]] = ..., memory_reads: _Optional[_Iterable[_Union[MemoryRead, _Mapping]]] = ..., request_id: _Optional[str] = ..., context_json: _Optional[str] = ..., reasoning_json: _Optional[str] = ..., metadata_json: _Optional[str] = ...) -> None: ...

class LogDecisionResponse(_message.Message):
    __slots__ = ("decision",)
    DECISION_FIELD_NUMBER: _ClassVar[int]
    decision: Decision
    def __init__(self, decision: _Optional[_Union[Decision, _Mapping]] = ...) -> None: ...

class LogDecisionsRequest(_message.Message):
    __slots__ = ("decision", "decisions")
    DECISION_FIELD_NUMBER: _ClassVar[int]
    DECISIONS_FIELD_NUMBER: _ClassVar[int]
    decision: LogDecisionRequest
    decisions: _containers.RepeatedCompositeFieldContainer[LogDecisionRequest]
    def __init__(self, decision: _Optional[_Union[LogDecisionRequest, _Mapping]] = ..., decisions: _Optional[_Iterable[_Union[LogDecisionRequest, _Mapping]]] = ...) -> None: ...

class LogDecisionsResponse(_message.Message):
    __slots__ = ("decision_ids",)
    DECISION_IDS_FIELD_NUMBER: _ClassVar[int]
    decision_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, decision_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class RecordOutcomeRequest(_message.Message):
    __slots__ = ("agent_id", "decision_id", "success", "outcome", "metrics", "overwrite")
    class MetricsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: float
        def __init__(self, key: _Optional[str] = ..., value: _Optional[float] = ...) -> None: ...
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    DECISION_ID_FIELD_NUMBER: _ClassVar[int]
    SUCCESS_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    METRICS_FIELD_NUMBER: _ClassVar[int]
    OVERWRITE_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    decision_id: str
    success: bool
    outcome: _struct_pb2.Struct
    metrics: _containers.ScalarMap[str, float]
    overwrite: bool
    def __init__(self, agent_id: _Optional[str] = ..., decision_id: _Optional[str] = ..., success: _Optional[bool] = ..., outcome: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., metrics: _Optional[_Mapping[str, float]] = ..., overwrite: _Optional[bool] = ...) -> None: ...

class RecordOutcomeResponse(_message.Message):
    __slots__ = ("decision",)
    DECISION_FIELD_NUMBER: _ClassVar[int]
    decision: Decision
    def __init__(self, decision: _Optional[_Union[Decision, _Mapping]] = ...) -> None: ...

class GetDecisionRequest(_message.Message):
    __slots__ = ("agent_id", "decision_id")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    DECISION_ID_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    decision_id: str
    def __init__(self, agent_id: _Optional[str] = ..., decision_id: _Optional[str] = ...) -> None: ...

class GetDecisionResponse(_message.Message):
    __slots__ = ("decision",)
    DECISION_FIELD_NUMBER: _ClassVar[int]
    decision: Decision
    def __init__(self, decision: _Optional[_Union[Decision, _Mapping]] = ...) -> None: ...

class QueryDecisionsRequest(_message.Message):
    __slots__ = ("agent_id", "decision_type", "start_time", "end_time", "success_filter", "context_filter", "page_size", "page_token", "include_archive")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    DECISION_TYPE_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    SUCCESS_FILTER_FIELD_NUMBER: _ClassVar[int]
    CONTEXT_FILTER_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_ARCHIVE_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    decision_type: str
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    success_filter: SuccessFilter
    context_filter: _struct_pb2.Struct
    page_size: int
    page_token: str
    include_archive: bool
    def __init__(self, agent_id: _Optional[str] = ..., decision_type: _Optional[str] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., success_filter: _Optional[_Union[SuccessFilter, str]] = ..., context_filter: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., include_archive: _Optional[bool] = ...) -> None: ...

class QueryDecisionsResponse(_message.Message):
    __slots__ = ("decisions", "next_page_token")
    DECISIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    decisions: _containers.RepeatedCompositeFieldContainer[Decision]
    next_page_token: str
    def __init__(self, decisions: _Optional[_Iterable[_Union[Decision, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetDecisionChainRequest(_message.Message):
    __slots__ = ("agent_id", "decision_id", "depth", "direction")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    DECISION_ID_FIELD_NUMBER: _ClassVar[int]
    DEPTH_FIELD_NUMBER: _ClassVar[int]
    DIRECTION_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    decision_id: str
    depth: int
    direction: ChainDirection
    def __init__(self, agent_id: _Optional[str] = ..., decision_id: _Optional[str] = ..., depth: _Optional[int] = ..., direction: _Optional[_Union[ChainDirection, str]] = ...) -> None: ...

class GetDecisionChainResponse(_message.Message):
    __slots__ = ("decision", "distance", "ancestor")
    DECISION_FIELD_NUMBER: _ClassVar[int]
    DISTANCE_FIELD_NUMBER: _ClassVar[int]
    ANCESTOR_FIELD_NUMBER: _ClassVar[int]
    decision: Decision
    distance: int
    ancestor: bool
    def __init__(self, decision: _Optional[_Union[Decision, _Mapping]] = ..., distance: _Optional[int] = ..., ancestor: _Optional[bool] = ...) -> None: ...

class SubscribeDecisionsRequest(_message.Message):
    __slots__ = ("agent_id", "decision_types", "cursor", "max_events_per_message")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    DECISION_TYPES_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    MAX_EVENTS_PER_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    decision_types: _containers.RepeatedScalarFieldContainer[str]
    cursor: str
    max_events_per_message: int
    def __init__(self, agent_id: _Optional[str] = ..., decision_types: _Optional[_Iterable[str]] = ..., cursor: _Optional[str] = ..., max_events_per_message: _Optional[int] = ...) -> None: ...

class SubscribeDecisionEvent(_message.Message):
    __slots__ = ("cursor", "kind", "decision")
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    DECISION_FIELD_NUMBER: _ClassVar[int]
    cursor: str
    kind: DecisionEventKind
    decision: Decision
    def __init__(self, cursor: _Optional[str] = ..., kind: _Optional[_Union[DecisionEventKind, str]] = ..., decision: _Optional[_Union[Decision, _Mapping]] = ...) -> None: ...

class SubscribeDecisionsResponse(_message.Message):
    __slots__ = ("cursor", "kind", "decision", "events")
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    DECISION_FIELD_NUMBER: _ClassVar[int]
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    cursor: str
    kind: DecisionEventKind
    decision: Decision
    events: _containers.RepeatedCompositeFieldContainer[SubscribeDecisionEvent]
    def __init__(self, cursor: _Optional[str] = ..., kind: _Optional[_Union[DecisionEventKind, str]] = ..., decision: _Optional[_Union[Decision, _Mapping]] = ..., events: _Optional[_Iterable[_Union[SubscribeDecisionEvent, _Mapping]]] = ...) -> None: ...

class SuccessCounts(_message.Message):
    __slots__ = ("total", "succeeded", "failed", "pending", "success_rate", "success_rate_lower", "success_rate_upper")
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    SUCCEEDED_FIELD_NUMBER: _ClassVar[int]
    FAILED_FIELD_NUMBER: _ClassVar[int]
    PENDING_FIELD_NUMBER: _ClassVar[int]
    SUCCESS_RATE_FIELD_NUMBER: _ClassVar[int]
    SUCCESS_RATE_LOWER_FIELD_NUMBER: _ClassVar[int]
    SUCCESS_RATE_UPPER_FIELD_NUMBER: _ClassVar[int]
    total: int
    succeeded: int
    failed: int
    pending: int
    success_rate: float
    success_rate_lower: float
    success_rate_upper: float
    def __init__(self, total: _Optional[int] = ..., succeeded: _Optional[int] = ..., failed: _Optional[int] = ..., pending: _Optional[int] = ..., success_rate: _Optional[float] = ..., success_rate_lower: _Optional[float] = ..., success_rate_upper: _Optional[float] = ...) -> None: ...

class AnalyzeDecisionsRequest(_message.Message):
    __slots__ = ("agent_id", "decision_type", "start_time", "end_time", "group_by")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    DECISION_TYPE_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    GROUP_BY_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    decision_type: str
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    group_by: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, agent_id: _Optional[str] = ..., decision_type: _Optional[str] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., group_by: _Optional[_Iterable[str]] = ...) -> None: ...

class DecisionGroup(_message.Message):
    __slots__ = ("key", "total", "succeeded", "failed", "pending", "success_rate", "success_rate_lower", "success_rate_upper", "metric_means")
    class KeyEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    class MetricMeansEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: float
        def __init__(self, key: _Optional[str] = ..., value: _Optional[float] = ...) -> None: ...
    KEY_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    SUCCEEDED_FIELD_NUMBER: _ClassVar[int]
    FAILED_FIELD_NUMBER: _ClassVar[int]
    PENDING_FIELD_NUMBER: _ClassVar[int]
    SUCCESS_RATE_FIELD_NUMBER: _ClassVar[int]
    SUCCESS_RATE_LOWER_FIELD_NUMBER: _ClassVar[int]
    SUCCESS_RATE_UPPER_FIELD_NUMBER: _ClassVar[int]
    METRIC_MEANS_FIELD_NUMBER: _ClassVar[int]
    key: _containers.ScalarMap[str, str]
    total: int
    succeeded: int
    failed: int
    pending: int
    success_rate: float
    success_rate_lower: float
    success_rate_upper: float
    metric_means: _containers.ScalarMap[str, float]
    def __init__(self, key: _Optional[_Mapping[str, str]] = ..., total: _Optional[int] = ..., succeeded: _Optional[int] = ..., failed: _Optional[int] = ..., pending: _Optional[int] = ..., success_rate: _Optional[float] = ..., success_rate_lower: _Optional[float] = ..., success_rate_upper: _Optional[float] = ..., metric_means: _Optional[_Mapping[str, float]] = ...) -> None: ...

class AnalyzeDecisionsResponse(_message.Message):
    __slots__ = ("groups", "start_time", "end_time", "source", "rows_read")
    GROUPS_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    ROWS_READ_FIELD_NUMBER: _ClassVar[int]
    groups: _containers.RepeatedCompositeFieldContainer[DecisionGroup]
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    source: AnalyticsSource
    rows_read: int
    def __init__(self, groups: _Optional[_Iterable[_Union[DecisionGroup, _Mapping]]] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., source: _Optional[_Union[AnalyticsSource, str]] = ..., rows_read: _Optional[int] = ...) -> None: ...

class GetSourceEffectivenessRequest(_message.Message):
    __slots__ = ("agent_id", "decision_type", "start_time", "end_time", "group_by", "choice_path")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    DECISION_TYPE_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    GROUP_BY_FIELD_NUMBER: _ClassVar[int]
    CHOICE_PATH_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    decision_type: str
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    group_by: _containers.RepeatedScalarFieldContainer[str]
    choice_path: str
    def __init__(self, agent_id: _Optional[str] = ..., decision_type: _Optional[str] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., group_by: _Optional[_Iterable[str]] = ..., choice_path: _Optional[str] = ...) -> None: ...

class SourceEffectiveness(_message.Message):
    __slots__ = ("source", "key", "counts")
    class KeyEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    COUNTS_FIELD_NUMBER: _ClassVar[int]
    source: str
    key: _containers.ScalarMap[str, str]
    counts: SuccessCounts
    def __init__(self, source: _Optional[str] = ..., key: _Optional[_Mapping[str, str]] = ..., counts: _Optional[_Union[SuccessCounts, _Mapping]] = ...) -> None: ...

class GetSourceEffectivenessResponse(_message.Message):
    __slots__ = ("sources", "start_time", "end_time", "source", "rows_read")
    SOURCES_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    ROWS_READ_FIELD_NUMBER: _ClassVar[int]
    sources: _containers.RepeatedCompositeFieldContainer[SourceEffectiveness]
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    source: AnalyticsSource
    rows_read: int
    def __init__(self, sources: _Optional[_Iterable[_Union[SourceEffectiveness, _Mapping]]] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., source: _Optional[_Union[AnalyticsSource, str]] = ..., rows_read: _Optional[int] = ...) -> None: ...

class FindEmergingPatternsRequest(_message.Message):
    __slots__ = ("agent_id", "decision_type", "start_time", "end_time", "min_occurrences", "min_success_rate", "group_by")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    DECISION_TYPE_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    MIN_OCCURRENCES_FIELD_NUMBER: _ClassVar[int]
    MIN_SUCCESS_RATE_FIELD_NUMBER: _ClassVar[int]
    GROUP_BY_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    decision_type: str
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    min_occurrences: int
    min_success_rate: float
    group_by: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, agent_id: _Optional[str] = ..., decision_type: _Optional[str] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., min_occurrences: _Optional[int] = ..., min_success_rate: _Optional[float] = ..., group_by: _Optional[_Iterable[str]] = ...) -> None: ...

class EmergingPattern(_message.Message):
    __slots__ = ("pattern_id", "decision_type", "context", "choice", "counts")
    class ContextEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    PATTERN_ID_FIELD_NUMBER: _ClassVar[int]
    DECISION_TYPE_FIELD_NUMBER: _ClassVar[int]
    CONTEXT_FIELD_NUMBER: _ClassVar[int]
    CHOICE_FIELD_NUMBER: _ClassVar[int]
    COUNTS_FIELD_NUMBER: _ClassVar[int]
    pattern_id: str
    decision_type: str
    context: _containers.ScalarMap[str, str]
    choice: _struct_pb2.Value
    counts: SuccessCounts
    def __init__(self, pattern_id: _Optional[str] = ..., decision_type: _Optional[str] = ..., context: _Optional[_Mapping[str, str]] = ..., choice: _Optional[_Union[_struct_pb2.Value, _Mapping]] = ..., counts: _Optional[_Union[SuccessCounts, _Mapping]] = ...) -> None: ...

class FindEmergingPatternsResponse(_message.Message):
    __slots__ = ("patterns", "start_time", "end_time", "source", "rows_read")
    PATTERNS_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    ROWS_READ_FIELD_NUMBER: _ClassVar[int]
    patterns: _containers.RepeatedCompositeFieldContainer[EmergingPattern]
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    source: AnalyticsSource
    rows_read: int
    def __init__(self, patterns: _Optional[_Iterable[_Union[EmergingPattern, _Mapping]]] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., source: _Optional[_Union[AnalyticsSource, str]] = ..., rows_read: _Optional[int] = ...) -> None: ...

class GetPerformanceReportRequest(_message.Message):
    __slots__ = ("agent_id", "start_time", "end_time", "top", "memory_types")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    TOP_FIELD_NUMBER: _ClassVar[int]
    MEMORY_TYPES_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    top: int
    memory_types: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, agent_id: _Optional[str] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., top: _Optional[int] = ..., memory_types: _Optional[_Iterable[str]] = ...) -> None: ...

class DecisionTypeReport(_message.Message):
    __slots__ = ("decision_type", "counts", "mean_outcome_latency_ms", "metric_means")
    class MetricMeansEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: float
        def __init__(self, key: _Optional[str] = ..., value: _Optional[float] = ...) -> None: ...
    DECISION_TYPE_FIELD_NUMBER: _ClassVar[int]
    COUNTS_FIELD_NUMBER: _ClassVar[int]
    MEAN_OUTCOME_LATENCY_MS_FIELD_NUMBER: _ClassVar[int]
    METRIC_MEANS_FIELD_NUMBER: _ClassVar[int]
    decision_type: str
    counts: SuccessCounts
    mean_outcome_latency_ms: float
    metric_means: _containers.ScalarMap[str, float]
    def __init__(self, decision_type: _Optional[str] = ..., counts: _Optional[_Union[SuccessCounts, _Mapping]] = ..., mean_outcome_latency_ms: _Optional[float] = ..., metric_means: _Optional[_Mapping[str, float]] = ...) -> None: ...

class ConfidenceMove(_message.Message):
    __slots__ = ("memory_type", "memory_id", "confidence_before", "confidence_after", "changes")
    MEMORY_TYPE_FIELD_NUMBER: _ClassVar[int]
    MEMORY_ID_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_BEFORE_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_AFTER_FIELD_NUMBER: _ClassVar[int]
    CHANGES_FIELD_NUMBER: _ClassVar[int]
    memory_type: str
    memory_id: str
    confidence_before: float
    confidence_after: float
    changes: int
    def __init__(self, memory_type: _Optional[str] = ..., memory_id: _Optional[str] = ..., confidence_before: _Optional[float] = ..., confidence_after: _Optional[float] = ..., changes: _Optional[int] = ...) -> None: ...

class GetPerformanceReportResponse(_message.Message):
    __slots__ = ("overall", "by_type", "top_patterns", "confidence_movers", "start_time", "end_time")
    OVERALL_FIELD_NUMBER: _ClassVar[int]
    BY_TYPE_FIELD_NUMBER: _ClassVar[int]
    TOP_PATTERNS_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_MOVERS_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    overall: SuccessCounts
    by_type: _containers.RepeatedCompositeFieldContainer[DecisionTypeReport]
    top_patterns: _containers.RepeatedCompositeFieldContainer[EmergingPattern]
    confidence_movers: _containers.RepeatedCompositeFieldContainer[ConfidenceMove]
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    def __init__(self, overall: _Optional[_Union[SuccessCounts, _Mapping]] = ..., by_type: _Optional[_Iterable[_Union[DecisionTypeReport, _Mapping]]] = ..., top_patterns: _Optional[_Iterable[_Union[EmergingPattern, _Mapping]]] = ..., confidence_movers: _Optional[_Iterable[_Union[ConfidenceMove, _Mapping]]] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
