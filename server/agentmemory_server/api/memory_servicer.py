"""MemoryService: validate, convert, call MemoryCore."""

from __future__ import annotations

from collections.abc import AsyncIterator

import grpc

from agentmemory.v1 import memory_pb2 as pb
from agentmemory.v1 import memory_pb2_grpc
from agentmemory_server.api import convert
from agentmemory_server.api.errors import translate_errors
from agentmemory_server.api.validation import Violations
from agentmemory_server.config import Settings
from agentmemory_server.core.errors import ValidationFailed
from agentmemory_server.core.learning import LearningCore
from agentmemory_server.core.memory import MemoryCore
from agentmemory_server.core.models import now_us
from agentmemory_server.core.recall import RecallCore, RecallLevel, RecallRequest

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
MAX_BATCH_KEYS = 1000
MAX_LIST_LENGTH = 10_000
MAX_REASON_CHARS = 1024


_RECALL_LEVELS = {
    pb.RECALL_LEVEL_IMMEDIATE: RecallLevel.IMMEDIATE,
    pb.RECALL_LEVEL_RECENT: RecallLevel.RECENT,
    pb.RECALL_LEVEL_HISTORICAL: RecallLevel.HISTORICAL,
    pb.RECALL_LEVEL_ARCHIVE: RecallLevel.ARCHIVE,
}
_RECALL_LEVEL_NUMBERS = {level: number for number, level in _RECALL_LEVELS.items()}
DEFAULT_RECALL_SPAN_US = 3600 * 1_000_000
DEFAULT_CONSOLIDATION_WINDOW_S = 86400.0
MAX_CONSOLIDATION_WINDOW_S = 90 * 86400.0
MAX_MIN_OCCURRENCES = 1_000_000


class MemoryServicer(memory_pb2_grpc.MemoryServiceServicer):
    def __init__(self, core: MemoryCore, learning: LearningCore, recall: RecallCore, settings: Settings) -> None:
        self._core = core
        self._learning = learning
        self._recall = recall
        self._settings = settings

    def _check(self, request: object) -> Violations:
        check = Violations(self._settings.max_value_bytes)
        check.agent_id(request.agent_id)  # type: ignore[attr-defined]
        return check

    def _ttl(self, check: Violations, request: object) -> float | None:
        return check.ttl("ttl", request.HasField("ttl"), request.ttl, self._settings.stm_max_ttl)  # type: ignore[attr-defined]

    def _memory_key(self, request: object) -> Violations:
        check = self._check(request)
        check.upper_snake("memory_type", request.memory_type)  # type: ignore[attr-defined]
        check.memory_id("memory_id", request.memory_id)  # type: ignore[attr-defined]
        return check

    # short-term

    @translate_errors
    async def PutShortTerm(self, request: pb.PutShortTermRequest, context: grpc.aio.ServicerContext) -> pb.PutShortTermResponse:
        check = self._check(request)
        check.stm_key("key", request.key)
        value = check.json_value("value", request.value, required=True)
        ttl = self._ttl(check, request)
        check.raise_if_any()
        entry = await self._core.put_short_term(request.agent_id, request.key, value, ttl)
        return pb.PutShortTermResponse(entry=convert.short_term_entry(entry, request.value))

    @translate_errors
    async def GetShortTerm(self, request: pb.GetShortTermRequest, context: grpc.aio.ServicerContext) -> pb.GetShortTermResponse:
        check = self._check(request)
        check.stm_key("key", request.key)
        check.raise_if_any()
        entry = await self._core.get_short_term(request.agent_id, request.key)
        if entry is None:
            return pb.GetShortTermResponse(found=False)
        return pb.GetShortTermResponse(found=True, entry=convert.short_term_entry(entry))

    @translate_errors
    async def BatchGetShortTerm(
        self, request: pb.BatchGetShortTermRequest, context: grpc.aio.ServicerContext
    ) -> pb.BatchGetShortTermResponse:
        check = self._check(request)
        if not request.keys:
            check.add("keys", "at least one key is required")
        elif len(request.keys) > MAX_BATCH_KEYS:
            check.add("keys", f"at most {MAX_BATCH_KEYS} keys per call")
        else:
            for index, key in enumerate(request.keys):
                check.stm_key(f"keys[{index}]", key)
        check.raise_if_any()
        entries, missing = await self._core.batch_get_short_term(request.agent_id, list(request.keys))
        return pb.BatchGetShortTermResponse(
            entries=[convert.short_term_entry(e) for e in entries], missing_keys=missing
        )

    @translate_errors
    async def DeleteShortTerm(
        self, request: pb.DeleteShortTermRequest, context: grpc.aio.ServicerContext
    ) -> pb.DeleteShortTermResponse:
        check = self._check(request)
        check.stm_key("key", request.key)
        check.raise_if_any()
        return pb.DeleteShortTermResponse(deleted=await self._core.delete_short_term(request.agent_id, request.key))

    @translate_errors
    async def ClearShortTerm(
        self, request: pb.ClearShortTermRequest, context: grpc.aio.ServicerContext
    ) -> pb.ClearShortTermResponse:
        check = self._check(request)
        check.key_prefix("key_prefix", request.key_prefix)
        check.raise_if_any()
        count = await self._core.clear_short_term(request.agent_id, request.key_prefix)
        return pb.ClearShortTermResponse(deleted_count=count)

    @translate_errors
    async def AppendShortTerm(
        self, request: pb.AppendShortTermRequest, context: grpc.aio.ServicerContext
    ) -> pb.AppendShortTermResponse:
        check = self._check(request)
        check.stm_key("key", request.key)
        if not request.values:
            check.add("values", "at least one value is required")
        values = [check.json_value(f"values[{index}]", value, required=True) for index, value in enumerate(request.values)]
        if not 1 <= request.max_length <= MAX_LIST_LENGTH:
            check.add("max_length", f"must be between 1 and {MAX_LIST_LENGTH}")
        ttl = self._ttl(check, request)
        check.raise_if_any()
        entry = await self._core.append_short_term(
            request.agent_id,
            request.key,
            values,
            request.max_length,
            ttl,
        )
        return pb.AppendShortTermResponse(entry=convert.short_term_entry(entry))

    @translate_errors
    async def IncrementCounter(
        self, request: pb.IncrementCounterRequest, context: grpc.aio.ServicerContext
    ) -> pb.IncrementCounterResponse:
        check = self._check(request)
        check.stm_key("key", request.key)
        ttl = self._ttl(check, request)
        check.raise_if_any()
        entry = await self._core.increment_counter(request.agent_id, request.key, request.delta, ttl)
        response = pb.IncrementCounterResponse(value=entry.value)
        convert.timestamp(entry.expire_us, response.expire_time)
        return response

    @translate_errors
    async def ListShortTerm(
        self, request: pb.ListShortTermRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListShortTermResponse:
        check = self._check(request)
        check.key_prefix("key_prefix", request.key_prefix)
        check.limit("limit", request.limit, MAX_LIMIT)
        check.raise_if_any()
        entries, truncated = await self._core.list_short_term(
            request.agent_id, request.key_prefix, request.limit or DEFAULT_LIMIT
        )
        return pb.ListShortTermResponse(entries=[convert.short_term_entry(e) for e in entries], truncated=truncated)

    # long-term

    @translate_errors
    async def PutLongTerm(self, request: pb.PutLongTermRequest, context: grpc.aio.ServicerContext) -> pb.PutLongTermResponse:
        check = self._memory_key(request)
        data = check.struct("data", request.data)
        check.unit_interval("confidence", request.confidence)
        expected = check.expected_version("expected_version", request)
        check.raise_if_any()
        memory = await self._core.put_long_term(
            request.agent_id,
            request.memory_type,
            request.memory_id,
            data,
            request.confidence,
            expected,
        )
        return pb.PutLongTermResponse(memory=convert.long_term_memory(memory))

    @translate_errors
    async def GetLongTerm(self, request: pb.GetLongTermRequest, context: grpc.aio.ServicerContext) -> pb.GetLongTermResponse:
        self._memory_key(request).raise_if_any()
        memory = await self._core.get_long_term(request.agent_id, request.memory_type, request.memory_id)
        return pb.GetLongTermResponse(memory=convert.long_term_memory(memory))

    @translate_errors
    async def QueryLongTerm(
        self, request: pb.QueryLongTermRequest, context: grpc.aio.ServicerContext
    ) -> AsyncIterator[pb.QueryLongTermResponse]:
        check = self._check(request)
        check.upper_snake("memory_type", request.memory_type)
        check.unit_interval("min_confidence", request.min_confidence)
        memory_filter = check.equality_filter("filter", request.filter)
        check.limit("limit", request.limit, MAX_LIMIT)
        check.raise_if_any()
        memories = await self._core.query_long_term(
            request.agent_id,
            request.memory_type,
            request.min_confidence,
            memory_filter,
            request.limit or DEFAULT_LIMIT,
        )
        for memory in memories:
            yield pb.QueryLongTermResponse(memory=convert.long_term_memory(memory))

    @translate_errors
    async def UpdateConfidence(
        self, request: pb.UpdateConfidenceRequest, context: grpc.aio.ServicerContext
    ) -> pb.UpdateConfidenceResponse:
        check = self._memory_key(request)
        check.unit_interval("confidence", request.confidence)
        check.text("reason", request.reason, MAX_REASON_CHARS)
        expected = check.expected_version("expected_version", request)
        check.raise_if_any()
        memory = await self._core.update_confidence(
            request.agent_id, request.memory_type, request.memory_id, request.confidence, request.reason, expected
        )
        return pb.UpdateConfidenceResponse(memory=convert.long_term_memory(memory))

    @translate_errors
    async def GetConfidenceHistory(
        self, request: pb.GetConfidenceHistoryRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetConfidenceHistoryResponse:
        self._memory_key(request).raise_if_any()
        history = await self._core.confidence_history(request.agent_id, request.memory_type, request.memory_id)
        return pb.GetConfidenceHistoryResponse(changes=[convert.confidence_change(c) for c in history])

    @translate_errors
    async def DeleteLongTerm(
        self, request: pb.DeleteLongTermRequest, context: grpc.aio.ServicerContext
    ) -> pb.DeleteLongTermResponse:
        check = self._memory_key(request)
        expected = check.expected_version("expected_version", request)
        check.raise_if_any()
        await self._core.delete_long_term(request.agent_id, request.memory_type, request.memory_id, expected)
        return pb.DeleteLongTermResponse()

    # agent state

    @translate_errors
    async def SaveAgentState(
        self, request: pb.SaveAgentStateRequest, context: grpc.aio.ServicerContext
    ) -> pb.SaveAgentStateResponse:
        check = self._check(request)
        check.checkpoint("checkpoint", request.checkpoint)
        document = check.struct("state", request.state)
        expected = check.expected_version("expected_version", request)
        check.raise_if_any()
        state = await self._core.save_agent_state(request.agent_id, request.checkpoint, document, expected)
        return pb.SaveAgentStateResponse(state=convert.agent_state(state))

    @translate_errors
    async def GetAgentState(
        self, request: pb.GetAgentStateRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetAgentStateResponse:
        check = self._check(request)
        check.checkpoint("checkpoint", request.checkpoint)
        check.raise_if_any()
        state = await self._core.get_agent_state(request.agent_id, request.checkpoint)
        return pb.GetAgentStateResponse(state=convert.agent_state(state))

    @translate_errors
    async def ListCheckpoints(
        self, request: pb.ListCheckpointsRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListCheckpointsResponse:
        self._check(request).raise_if_any()
        checkpoints = await self._core.list_checkpoints(request.agent_id)
        return pb.ListCheckpointsResponse(checkpoints=[convert.agent_state(s) for s in checkpoints])

    # across tiers

    @translate_errors
    async def RecallContext(
        self, request: pb.RecallContextRequest, context: grpc.aio.ServicerContext
    ) -> AsyncIterator[pb.RecallContextResponse]:
        check = self._check(request)
        start, end = check.time_range(request)
        context_filter = check.equality_filter("context_filter", request.context_filter)
        for index, level in enumerate(request.levels):
            if level not in _RECALL_LEVELS and level != pb.RECALL_LEVEL_UNSPECIFIED:
                check.add(f"levels[{index}]", "is not a RecallLevel value")
        check.limit("max_items", request.max_items, MAX_LIMIT)
        check.upper_snake("decision_type", request.decision_type, required=False)
        check.key_prefix("key_prefix", request.key_prefix)
        check.raise_if_any()
        end = end if end is not None else now_us()
        start = start if start is not None else end - DEFAULT_RECALL_SPAN_US
        if start >= end:
            raise ValidationFailed([("start_time", "must be before end_time (which defaults to now)")])
        levels = {_RECALL_LEVELS[level] for level in request.levels if level in _RECALL_LEVELS} or set(RecallLevel)
        recall = RecallRequest(
            agent_id=request.agent_id,
            start_us=start,
            end_us=end,
            context_filter=context_filter,
            levels=levels,
            max_items=request.max_items or DEFAULT_LIMIT,
            decision_type=request.decision_type,
            key_prefix=request.key_prefix,
        )
        async for item in self._recall.recall(recall):
            response = pb.RecallContextResponse(level=_RECALL_LEVEL_NUMBERS[item.level])
            if item.entry is not None:
                response.short_term_entry.CopyFrom(convert.short_term_entry(item.entry))
            else:
                assert item.decision is not None
                convert.decision(item.decision, response.decision)
            yield response

    @translate_errors
    async def Consolidate(self, request: pb.ConsolidateRequest, context: grpc.aio.ServicerContext) -> pb.ConsolidateResponse:
        check = self._check(request)
        window_s = DEFAULT_CONSOLIDATION_WINDOW_S
        if request.HasField("window"):
            window_s = check.ttl("window", True, request.window, MAX_CONSOLIDATION_WINDOW_S) or window_s
        check.limit("min_occurrences", request.min_occurrences, MAX_MIN_OCCURRENCES)
        check.unit_interval("min_success_rate", request.min_success_rate)
        check.upper_snake("decision_type", request.decision_type, required=False)
        check.raise_if_any()
        result = await self._learning.consolidate(
            request.agent_id,
            int(window_s * 1_000_000),
            request.min_occurrences or None,
            request.min_success_rate or None,
            request.decision_type,
        )
        return pb.ConsolidateResponse(
            promoted=[convert.long_term_memory(m) for m in result.promoted],
            updated=[convert.long_term_memory(m) for m in result.updated],
            pruned=[convert.long_term_memory(m) for m in result.pruned],
        )
