"""Proto <-> domain conversion."""

from __future__ import annotations

from typing import Any

from google.protobuf import message, struct_pb2, timestamp_pb2

from agentmemory.v1 import decision_log_pb2 as dl
from agentmemory.v1 import memory_pb2 as mem
from agentmemory_server.core import analytics, models


def python_to_value(data: Any, out: struct_pb2.Value | None = None) -> struct_pb2.Value:
    value = out if out is not None else struct_pb2.Value()
    if data is None:
        value.null_value = struct_pb2.NULL_VALUE
    elif isinstance(data, bool):
        value.bool_value = data
    elif isinstance(data, (int, float)):
        value.number_value = data
    elif isinstance(data, str):
        value.string_value = data
    elif isinstance(data, dict):
        dict_to_struct(data, value.struct_value)
    else:
        items = value.list_value
        items.Clear()
        for item in data:
            python_to_value(item, items.values.add())
    return value


def dict_to_struct(data: dict[str, Any], out: struct_pb2.Struct) -> struct_pb2.Struct:
    out.Clear()
    for key, item in data.items():
        python_to_value(item, out.fields[key])
    return out


def timestamp(us: int | None, out: timestamp_pb2.Timestamp) -> None:
    if us is not None:
        out.seconds, fraction = divmod(us, 1_000_000)
        out.nanos = fraction * 1000


def short_term_entry(entry: models.ShortTermEntry, encoded: struct_pb2.Value | None = None) -> mem.ShortTermEntry:
    """`encoded`: the entry's value as a Value already (a put's request), copied instead of rebuilt."""
    if encoded is None:
        out = mem.ShortTermEntry(agent_id=entry.agent_id, key=entry.key)
        python_to_value(entry.value, out.value)
    else:
        out = mem.ShortTermEntry(agent_id=entry.agent_id, key=entry.key, value=encoded)
    timestamp(entry.expire_us, out.expire_time)
    return out


def long_term_memory(memory: models.LongTermMemory) -> mem.LongTermMemory:
    out = mem.LongTermMemory(
        agent_id=memory.agent_id,
        memory_type=memory.memory_type,
        memory_id=memory.memory_id,
        confidence=memory.confidence,
        version=memory.version,
        access_count=memory.access_count,
        observed_successes=memory.observed_successes,
        observed_trials=memory.observed_trials,
    )
    dict_to_struct(memory.data, out.data)
    timestamp(memory.create_us, out.create_time)
    timestamp(memory.update_us, out.update_time)
    timestamp(memory.last_access_us, out.last_access_time)
    return out


def confidence_change(change: models.ConfidenceChange) -> mem.ConfidenceChange:
    out = mem.ConfidenceChange(
        previous_confidence=change.previous_confidence,
        confidence=change.confidence,
        reason=change.reason,
        version=change.version,
    )
    timestamp(change.change_us, out.change_time)
    return out


def agent_state(state: models.AgentState) -> mem.AgentState:
    out = mem.AgentState(agent_id=state.agent_id, checkpoint=state.checkpoint, version=state.version)
    dict_to_struct(state.state, out.state)
    timestamp(state.update_us, out.update_time)
    return out


def decision(d: models.Decision, out: dl.Decision | None = None, documents: dl.LogDecisionRequest | None = None) -> dl.Decision:
    """`documents`: a message whose context, reasoning and metadata Structs hold the decision's
    documents (the request that logged it), copied instead of rebuilt from the dicts."""
    out = out if out is not None else dl.Decision()
    out.decision_id = d.decision_id
    out.agent_id = d.agent_id
    out.decision_type = d.decision_type
    timestamp(d.create_us, out.create_time)
    if documents is None:
        dict_to_struct(d.context, out.context)
        dict_to_struct(d.reasoning, out.reasoning)
        dict_to_struct(d.metadata, out.metadata)
    else:
        out.context.CopyFrom(documents.context)
        out.reasoning.CopyFrom(documents.reasoning)
        out.metadata.CopyFrom(documents.metadata)
    out.parent_decision_ids.extend(d.parent_decision_ids)
    for read in d.memory_reads:
        out.memory_reads.add(memory_type=read.memory_type, memory_id=read.memory_id, version=read.version)
    if d.outcome is not None:
        out.outcome.success = d.outcome.success
        dict_to_struct(d.outcome.details, out.outcome.details)
        out.outcome.metrics.update(d.outcome.metrics)
        timestamp(d.outcome.record_us, out.outcome.record_time)
    return out


def draft_decision(
    request: dl.LogDecisionRequest, context: dict[str, Any], reasoning: dict[str, Any], metadata: dict[str, Any]
) -> models.DecisionDraft:
    """The request as a decision without id and time (the core assigns both), its documents
    already converted by validation."""
    return models.DecisionDraft(
        request.agent_id,
        request.decision_type,
        context,
        reasoning,
        metadata,
        # (Tested first: most decisions have neither, and building from an empty field costs.)
        tuple(request.parent_decision_ids) if request.parent_decision_ids else (),
        tuple(
            models.MemoryRead(r.memory_type, r.memory_id, r.version) for r in request.memory_reads
        ) if request.memory_reads else (),
        request.request_id,
    )


def success_counts(rated: analytics.Rated, out: dl.SuccessCounts) -> dl.SuccessCounts:
    lower, upper = rated.interval
    out.total = rated.counts.total
    out.succeeded = rated.counts.succeeded
    out.failed = rated.counts.failed
    out.pending = rated.counts.pending
    out.success_rate = rated.success_rate
    out.success_rate_lower = lower
    out.success_rate_upper = upper
    return out


def decision_group(group: analytics.Group, out: dl.DecisionGroup) -> None:
    lower, upper = group.rated.interval
    counts = group.rated.counts
    out.key.update(group.key)
    out.total, out.succeeded, out.failed, out.pending = counts.total, counts.succeeded, counts.failed, counts.pending
    out.success_rate, out.success_rate_lower, out.success_rate_upper = group.rated.success_rate, lower, upper
    out.metric_means.update(counts.metric_means())


def emerging_pattern(pattern: analytics.Pattern, out: dl.EmergingPattern) -> None:
    out.pattern_id = pattern.pattern_id
    out.decision_type = pattern.decision_type
    out.context.update(pattern.key)
    python_to_value(pattern.choice, out.choice)
    success_counts(pattern.rated, out.counts)


ANALYTICS_SOURCES = {
    analytics.Source.ROLLUP: dl.ANALYTICS_SOURCE_ROLLUP,
    analytics.Source.SCAN: dl.ANALYTICS_SOURCE_SCAN,
}


def answered(rows: analytics.Rows, out: message.Message) -> None:
    """Fills the range, source and rows_read every analytics response carries."""
    timestamp(rows.span.start_us, out.start_time)  # type: ignore[attr-defined]
    timestamp(rows.span.end_us, out.end_time)  # type: ignore[attr-defined]
    out.source = ANALYTICS_SOURCES[rows.source]  # type: ignore[attr-defined]
    out.rows_read = rows.rows_read  # type: ignore[attr-defined]
