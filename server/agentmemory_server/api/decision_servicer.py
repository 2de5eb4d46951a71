"""DecisionLogService: validate, convert, call DecisionLogCore and Subscriptions."""

from __future__ import annotations

import contextlib
import math
from collections import OrderedDict
from collections.abc import AsyncIterator, Iterator, Sequence
from typing import Any

import grpc

from agentmemory.v1 import decision_log_pb2 as pb
from agentmemory.v1 import decision_log_pb2_grpc
from agentmemory_server.api import convert
from agentmemory_server.api.errors import translate_errors
from agentmemory_server.api.validation import PRINTABLE_ASCII, Violations
from agentmemory_server.config import Settings
from agentmemory_server.core.analytics import AnalyticsCore, Span
from agentmemory_server.core.decisions import DecisionLogCore
from agentmemory_server.core.errors import ValidationFailed
from agentmemory_server.core.models import DecisionDraft, DecisionQuery, EventKind, Outcome, SuccessFilter
from agentmemory_server.events.subscriptions import StreamMessage, Subscriptions

MAX_PARENTS = 100
MAX_MEMORY_READS = 100
MAX_SUBSCRIBED_TYPES = 100
MAX_METRICS = 256
DECISION_ID_CHARS = 64
RECENT_EVENT_MESSAGES = 4096
RECENT_RUNS = 256
MAX_EVENTS_PER_MESSAGE = 1000
# Room a packed subscription message keeps for its own cursor, and each event's tag and length.
_PACKING_SLACK_BYTES = 1024
_EVENT_FRAMING_BYTES = 8
MAX_GROUP_BY = 8
MAX_TOP = 100
DEFAULT_TOP = 10
MAX_REPORT_MEMORY_TYPES = 8
MAX_MIN_OCCURRENCES = 1_000_000
# The free-form documents of a decision, each checked and sized, and sized together.
_DOCUMENTS = ("context", "reasoning", "metadata")
# The field that carries each document as JSON text instead.
_JSON_FIELDS = {name: f"{name}_json" for name in _DOCUMENTS}


def _carries_json_text(request: pb.LogDecisionRequest) -> bool:
    """Whether any of a LogDecision request's documents comes as JSON text."""
    return bool(request.context_json or request.reasoning_json or request.metadata_json)
DEFAULT_MIN_OCCURRENCES = 5
DEFAULT_MIN_SUCCESS_RATE = 0.6
ANALYSIS_SPAN_US = 30 * 86400 * 1_000_000
PATTERN_SPAN_US = 86400 * 1_000_000

_SUCCESS_FILTERS = {
    pb.SUCCESS_FILTER_UNSPECIFIED: SuccessFilter.ANY,
    pb.SUCCESS_FILTER_SUCCEEDED: SuccessFilter.SUCCEEDED,
    pb.SUCCESS_FILTER_FAILED: SuccessFilter.FAILED,
    pb.SUCCESS_FILTER_PENDING: SuccessFilter.PENDING,
}


class DecisionLogServicer(decision_log_pb2_grpc.DecisionLogServiceServicer):
    def __init__(
        self, core: DecisionLogCore, subscriptions: Subscriptions, analytics: AnalyticsCore, settings: Settings
    ) -> None:
        self._core = core
        self._subscriptions = subscriptions
        self._analytics = analytics
        self._settings = settings
        # Event messages by cursor (a cursor names one agent's event), oldest first.
        self._recent_events: OrderedDict[str, pb.SubscribeDecisionsResponse] = OrderedDict()
        # Packed messages by (events per message, the run's cursors), oldest first.
        self._recent_runs: OrderedDict[tuple[int | str, ...], list[pb.SubscribeDecisionsResponse]] = OrderedDict()
        # The last run packed, by identity: the streams that shared a read are handed the very
        # same run, and all but the first find its messages here without building the key. The
        # run is held, so no other run can take its id.
        self._last_packed: tuple[Sequence[StreamMessage], int, list[pb.SubscribeDecisionsResponse]] | None = None

    def _check(self, request: object) -> Violations:
        check = Violations(self._settings.max_value_bytes)
        check.agent_id(request.agent_id)  # type: ignore[attr-defined]
        return check

    @staticmethod
    def _decision_id(check: Violations, field: str, value: str) -> None:
        if not value:
            check.add(field, "is required")
        elif len(value) > DECISION_ID_CHARS or not PRINTABLE_ASCII.fullmatch(value):
            check.add(field, "is not a decision id")

    def _validate_log_request(self, request: pb.LogDecisionRequest) -> DecisionDraft:
        check = self._check(request)
        check.upper_snake("decision_type", request.decision_type)
        # The request's encoded size bounds its documents': they are measured one by one only when
        # it is over the limit, rather than encoded three more times for nearly every decision.
        if request.ByteSize() > self._settings.max_value_bytes:
            self._check_document_sizes(check, request)
        if _carries_json_text(request):
            documents = {name: self._document(check, request, name) for name in _DOCUMENTS}
        else:
            documents = {name: check.struct(name, getattr(request, name), size_checked=True) for name in _DOCUMENTS}
        # Most decisions have neither parents nor memory reads: one test each skips their checks.
        if request.parent_decision_ids:
            self._check_parent_ids(check, request.parent_decision_ids)
        if request.memory_reads:
            self._check_memory_reads(check, request.memory_reads)
        check.request_id("request_id", request.request_id)
        check.raise_if_any()
        return convert.draft_decision(request, **documents)

    @staticmethod
    def _document(check: Violations, request: pb.LogDecisionRequest, name: str) -> dict[str, Any]:
        """The document `name` of a LogDecision request that carries JSON text, from its text or
        its Struct."""
        field = _JSON_FIELDS[name]
        text = getattr(request, field)
        if not text:
            return check.struct(name, getattr(request, name), size_checked=True)
        if request.HasField(name):
            check.add(field, f"set {name} or {field}, not both")
        return check.json_object(field, text)

    def _check_document_sizes(self, check: Violations, request: pb.LogDecisionRequest) -> None:
        """Each document, and the three together, within the size limit."""
        # Each document's field: its JSON text's when it has one, else its Struct's.
        fields = {name: _JSON_FIELDS[name] if getattr(request, _JSON_FIELDS[name]) else name for name in _DOCUMENTS}
        sizes = {
            name: getattr(request, name).ByteSize() if field == name else len(getattr(request, field).encode())
            for name, field in fields.items()
        }
        for name, size in sizes.items():
            check.sized(fields[name], size)
        total = sum(sizes.values())
        if total > self._settings.max_value_bytes:
            largest = max(_DOCUMENTS, key=sizes.__getitem__)
            check.add(fields[largest], f"the decision is {total} bytes encoded; the limit is {self._settings.max_value_bytes}")

    def _check_parent_ids(self, check: Violations, parents: Sequence[str]) -> None:
        if len(parents) > MAX_PARENTS:
            check.add("parent_decision_ids", f"at most {MAX_PARENTS} parents")
        for index, parent in enumerate(parents):
            self._decision_id(check, f"parent_decision_ids[{index}]", parent)
        if len(set(parents)) != len(parents):
            check.add("parent_decision_ids", "must not repeat an id")

    @staticmethod
    def _check_memory_reads(check: Violations, reads: Sequence[pb.MemoryRead]) -> None:
        if len(reads) > MAX_MEMORY_READS:
            check.add("memory_reads", f"at most {MAX_MEMORY_READS} memory reads")
        for index, read in enumerate(reads):
            check.upper_snake(f"memory_reads[{index}].memory_type", read.memory_type)
            check.memory_id(f"memory_reads[{index}].memory_id", read.memory_id)
            if read.version < 1:
                check.add(f"memory_reads[{index}].version", "must be at least 1")

    @translate_errors
    async def LogDecision(self, request: pb.LogDecisionRequest, context: grpc.aio.ServicerContext) -> pb.LogDecisionResponse:
        draft = self._validate_log_request(request)
        (decision,) = await self._core.log([draft])
        response = pb.LogDecisionResponse()
        # A new decision holds the very documents validation made of this request's Structs, and
        # the answer copies those Structs rather than rebuilding them. A retried request id is
        # answered with the decision stored first, whose documents are its own; a request with
        # JSON text has no Structs to copy.
        logged_now = not _carries_json_text(request) and all(
            getattr(decision, name) is getattr(draft, name) for name in _DOCUMENTS
        )
        convert.decision(decision, response.decision, documents=request if logged_now else None)
        return response

    @translate_errors
    async def LogDecisions(
        self, request_iterator: AsyncIterator[pb.LogDecisionsRequest], context: grpc.aio.ServicerContext
    ) -> pb.LogDecisionsResponse:
        drafts: list[DecisionDraft] = []
        # How errors name each draft: its field path prefix and its message's index.
        names: list[tuple[str, str]] = []
        received_bytes = 0
        index = -1
        async for message in request_iterator:
            index += 1
            received_bytes += message.ByteSize()
            carried = [(f"requests[{index}].decisions[{position}].", request)
                       for position, request in enumerate(message.decisions)]
            if message.HasField("decision"):
                carried.insert(0, (f"requests[{index}].decision.", message.decision))
            elif not carried:
                raise ValidationFailed(
                    [(f"requests[{index}].decision", "is required (or decisions)")], index=str(index)
                )
            if len(drafts) + len(carried) > self._settings.max_batch_decisions or received_bytes > self._settings.max_batch_bytes:
                limits = f"{self._settings.max_batch_decisions} decisions or {self._settings.max_batch_bytes} bytes"
                raise ValidationFailed(
                    [(f"requests[{index}]", f"one call carries at most {limits}; split the stream")],
                    index=str(index),
                )
            for prefix, request in carried:
                try:
                    drafts.append(self._validate_log_request(request))
                except ValidationFailed as error:
                    raise error.prefixed(prefix, index=str(index)) from None
                names.append((prefix, str(index)))
        if not drafts:
            return pb.LogDecisionsResponse()
        decisions = await self._core.log(drafts, names=names)
        return pb.LogDecisionsResponse(decision_ids=[d.decision_id for d in decisions])

    @translate_errors
    async def RecordOutcome(
        self, request: pb.RecordOutcomeRequest, context: grpc.aio.ServicerContext
    ) -> pb.RecordOutcomeResponse:
        check = self._check(request)
        self._decision_id(check, "decision_id", request.decision_id)
        details = check.struct("outcome", request.outcome)
        if len(request.metrics) > MAX_METRICS:
            check.add("metrics", f"at most {MAX_METRICS} metrics")
        for name, value in request.metrics.items():
            if not 1 <= len(name) <= 128:
                check.add("metrics", "metric names must be 1-128 characters")
            if not math.isfinite(value):
                check.add(f"metrics[{name}]", "must be a finite number")
        check.raise_if_any()
        outcome = Outcome(
            success=request.success,
            details=details,
            metrics=dict(request.metrics),
            record_us=0,
        )
        decision = await self._core.record_outcome(request.agent_id, request.decision_id, outcome, request.overwrite)
        return pb.RecordOutcomeResponse(decision=convert.decision(decision))

    @translate_errors
    async def GetDecision(self, request: pb.GetDecisionRequest, context: grpc.aio.ServicerContext) -> pb.GetDecisionResponse:
        check = self._check(request)
        self._decision_id(check, "decision_id", request.decision_id)
        check.raise_if_any()
        decision = await self._core.get(request.agent_id, request.decision_id)
        return pb.GetDecisionResponse(decision=convert.decision(decision))

    @translate_errors
    async def QueryDecisions(
        self, request: pb.QueryDecisionsRequest, context: grpc.aio.ServicerContext
    ) -> pb.QueryDecisionsResponse:
        check = self._check(request)
        check.upper_snake("decision_type", request.decision_type, required=False)
        context_filter = check.equality_filter("context_filter", request.context_filter)
        check.limit("page_size", request.page_size, self._settings.max_page_size)
        if request.success_filter not in _SUCCESS_FILTERS:
            check.add("success_filter", "is not a SuccessFilter value")
        start = check.timestamp("start_time", request, "start_time")
        end = check.timestamp("end_time", request, "end_time")
        if start is not None and end is not None and end < start:
            check.add("end_time", "must not be before start_time")
        check.raise_if_any()
        query = DecisionQuery(
            agent_id=request.agent_id,
            decision_type=request.decision_type,
            start_us=start,
            end_us=end,
            success=_SUCCESS_FILTERS[request.success_filter],
            context_filter=context_filter,
        )
        decisions, next_token = await self._core.query(
            query,
            request.page_size or self._settings.default_page_size,
            request.page_token,
            include_archive=request.include_archive,
        )
        response = pb.QueryDecisionsResponse(next_page_token=next_token)
        for decision in decisions:
            convert.decision(decision, response.decisions.add())
        return response

    @translate_errors
    async def GetDecisionChain(
        self, request: pb.GetDecisionChainRequest, context: grpc.aio.ServicerContext
    ) -> AsyncIterator[pb.GetDecisionChainResponse]:
        check = self._check(request)
        self._decision_id(check, "decision_id", request.decision_id)
        check.limit("depth", request.depth, self._settings.max_chain_depth)
        if request.direction not in (
            pb.CHAIN_DIRECTION_UNSPECIFIED,
            pb.CHAIN_DIRECTION_BEFORE,
            pb.CHAIN_DIRECTION_AFTER,
        ):
            check.add("direction", "is not a ChainDirection value")
        check.raise_if_any()
        before = request.direction != pb.CHAIN_DIRECTION_AFTER
        after = request.direction != pb.CHAIN_DIRECTION_BEFORE
        depth = request.depth or self._settings.default_chain_depth
        async for link in self._core.chain(request.agent_id, request.decision_id, depth, before, after):
            yield pb.GetDecisionChainResponse(
                decision=convert.decision(link.decision), distance=link.distance, ancestor=link.ancestor
            )

    @translate_errors
    async def SubscribeDecisions(self, request: pb.SubscribeDecisionsRequest, context: grpc.aio.ServicerContext) -> None:
        check = self._check(request)
        if len(request.decision_types) > MAX_SUBSCRIBED_TYPES:
            check.add("decision_types", f"at most {MAX_SUBSCRIBED_TYPES} types")
        for index, decision_type in enumerate(request.decision_types):
            check.upper_snake(f"decision_types[{index}]", decision_type)
        if len(request.cursor) > 1024:
            check.add("cursor", "is not a cursor")
        if request.max_events_per_message > MAX_EVENTS_PER_MESSAGE:
            check.add("max_events_per_message", f"at most {MAX_EVENTS_PER_MESSAGE}")
        check.raise_if_any()
        per_message = request.max_events_per_message
        # Written with context.write() rather than yielded: a yielded message would pass up through
        # the generator of every wrapper around this method, and 50 subscribers of a busy agent
        # take tens of thousands of messages a second.
        runs = self._subscriptions.stream(request.agent_id, set(request.decision_types), request.cursor)
        async with contextlib.aclosing(runs):
            async for run in runs:
                if run[0].decision is None:
                    await context.write(pb.SubscribeDecisionsResponse(cursor=run[0].cursor, kind=_EVENT_KINDS[None]))
                elif per_message > 1:
                    for response in self._packed_run(run, per_message):
                        await context.write(response)
                else:
                    for message in run:
                        await context.write(self._event_message(message))

    def _event_message(self, message: StreamMessage) -> pb.SubscribeDecisionsResponse:
        """The message of one event. Every stream of the agent sends the same event as the same
        message: built once."""
        response = self._recent_events.get(message.cursor)
        if response is None:
            response = pb.SubscribeDecisionsResponse(cursor=message.cursor, kind=_EVENT_KINDS[message.kind])
            convert.decision(message.decision, response.decision)
            self._recent_events[message.cursor] = response
            if len(self._recent_events) > RECENT_EVENT_MESSAGES:
                self._recent_events.popitem(last=False)
        return response

    def _packed_run(self, run: Sequence[StreamMessage], per_message: int) -> list[pb.SubscribeDecisionsResponse]:
        """The messages of a run. Streams of one agent that woke together read the same events,
        so those asking alike send the same messages: built once."""
        last = self._last_packed
        if last is not None and last[0] is run and last[1] == per_message:
            return last[2]
        key = (per_message, *(message.cursor for message in run))
        responses = self._recent_runs.get(key)
        if responses is None:
            responses = self._recent_runs[key] = list(self._packed(run, per_message))
            if len(self._recent_runs) > RECENT_RUNS:
                self._recent_runs.popitem(last=False)
        self._last_packed = (run, per_message, responses)
        return responses

    def _packed(self, run: Sequence[StreamMessage], per_message: int) -> Iterator[pb.SubscribeDecisionsResponse]:
        """A run of events in as few messages as `per_message` and the message size limit allow
        (an event too big to share a message goes alone, as it would unpacked)."""
        budget = self._settings.max_message_bytes - _PACKING_SLACK_BYTES
        response, size = pb.SubscribeDecisionsResponse(), 0
        for message in run:
            single = self._event_message(message)
            event_size = single.ByteSize() + _EVENT_FRAMING_BYTES
            if response.events and (len(response.events) == per_message or size + event_size > budget):
                yield response
                response, size = pb.SubscribeDecisionsResponse(), 0
            event = response.events.add(cursor=single.cursor, kind=single.kind)
            event.decision.CopyFrom(single.decision)
            response.cursor = single.cursor
            size += event_size
        yield response


    # ------------------------------------------------------------------ analytics

    def _analytics_request(self, request: object, default_span_us: int) -> tuple[Violations, Span | None]:
        """Checks what every analytics request shares; the span is None when the range is invalid."""
        check = self._check(request)
        if hasattr(request, "decision_type"):
            check.upper_snake("decision_type", request.decision_type, required=False)
        if hasattr(request, "group_by"):
            check.dotted_paths("group_by", list(request.group_by), MAX_GROUP_BY)
        start, end = check.time_range(request)  # type: ignore[arg-type]
        if check.items:
            return check, None
        return check, self._analytics.span(start, end, default_span_us)

    @translate_errors
    async def AnalyzeDecisions(
        self, request: pb.AnalyzeDecisionsRequest, context: grpc.aio.ServicerContext
    ) -> pb.AnalyzeDecisionsResponse:
        check, span = self._analytics_request(request, ANALYSIS_SPAN_US)
        check.raise_if_any()
        assert span is not None
        groups, rows = await self._analytics.analyze(request.agent_id, request.decision_type, span, list(request.group_by))
        response = pb.AnalyzeDecisionsResponse()
        for group in groups:
            convert.decision_group(group, response.groups.add())
        convert.answered(rows, response)
        return response

    @translate_errors
    async def GetSourceEffectiveness(
        self, request: pb.GetSourceEffectivenessRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetSourceEffectivenessResponse:
        check, span = self._analytics_request(request, ANALYSIS_SPAN_US)
        if request.choice_path:
            check.dotted_path("choice_path", request.choice_path)
            if request.choice_path.split(".", 1)[0] not in ("context", "reasoning", "metadata"):
                check.add("choice_path", "must start with context., reasoning. or metadata.")
        check.raise_if_any()
        assert span is not None
        sources, rows = await self._analytics.source_effectiveness(
            request.agent_id, request.decision_type, span, list(request.group_by), request.choice_path
        )
        response = pb.GetSourceEffectivenessResponse()
        for stats in sources:
            out = response.sources.add(source=stats.source)
            out.key.update(stats.key)
            convert.success_counts(stats.rated, out.counts)
        convert.answered(rows, response)
        return response

    @translate_errors
    async def FindEmergingPatterns(
        self, request: pb.FindEmergingPatternsRequest, context: grpc.aio.ServicerContext
    ) -> pb.FindEmergingPatternsResponse:
        check, span = self._analytics_request(request, PATTERN_SPAN_US)
        check.limit("min_occurrences", request.min_occurrences, MAX_MIN_OCCURRENCES)
        check.unit_interval("min_success_rate", request.min_success_rate)
        check.raise_if_any()
        assert span is not None
        bar = request.min_success_rate or DEFAULT_MIN_SUCCESS_RATE
        patterns, rows = await self._analytics.patterns(
            request.agent_id,
            request.decision_type,
            span,
            list(request.group_by),
            request.min_occurrences or DEFAULT_MIN_OCCURRENCES,
        )
        response = pb.FindEmergingPatternsResponse()
        for pattern in patterns:
            if pattern.rated.interval[0] >= bar:
                convert.emerging_pattern(pattern, response.patterns.add())
        convert.answered(rows, response)
        return response

    @translate_errors
    async def GetPerformanceReport(
        self, request: pb.GetPerformanceReportRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetPerformanceReportResponse:
        check, span = self._analytics_request(request, PATTERN_SPAN_US)
        check.limit("top", request.top, MAX_TOP)
        if len(request.memory_types) > MAX_REPORT_MEMORY_TYPES:
            check.add("memory_types", f"at most {MAX_REPORT_MEMORY_TYPES} types")
        for index, memory_type in enumerate(request.memory_types[:MAX_REPORT_MEMORY_TYPES]):
            check.upper_snake(f"memory_types[{index}]", memory_type)
        check.raise_if_any()
        assert span is not None
        report = await self._analytics.report(
            request.agent_id, span, request.top or DEFAULT_TOP, list(dict.fromkeys(request.memory_types))
        )
        response = pb.GetPerformanceReportResponse()
        convert.success_counts(report.overall, response.overall)
        for stats in report.by_type:
            out = response.by_type.add(
                decision_type=stats.decision_type, mean_outcome_latency_ms=stats.mean_outcome_latency_ms
            )
            convert.success_counts(stats.rated, out.counts)
            out.metric_means.update(stats.rated.counts.metric_means())
        for pattern in report.top_patterns:
            convert.emerging_pattern(pattern, response.top_patterns.add())
        for move in report.movers:
            response.confidence_movers.add(
                memory_type=move.memory_type,
                memory_id=move.memory_id,
                confidence_before=move.before,
                confidence_after=move.after,
                changes=move.changes,
            )
        convert.timestamp(report.span.start_us, response.start_time)
        convert.timestamp(report.span.end_us, response.end_time)
        return response


_EVENT_KINDS = {
    None: pb.DECISION_EVENT_KIND_HEARTBEAT,
    EventKind.DECISION_LOGGED: pb.DECISION_EVENT_KIND_DECISION_LOGGED,
    EventKind.OUTCOME_RECORDED: pb.DECISION_EVENT_KIND_OUTCOME_RECORDED,
}
