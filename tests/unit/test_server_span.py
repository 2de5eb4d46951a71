"""The SERVER span of a call (telemetry.ServerSpan), held against the span the SDK's own tracer
makes for the same call: the same name, kind, attributes, status, parent, flags, resource and
scope; the provider's sampling and ids; the span current while the call runs; nothing exported
for a call sampled out."""

from __future__ import annotations

from collections.abc import Iterator

import grpc
import pytest
from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import SpanLimits, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.sdk.trace.sampling import ALWAYS_OFF, ALWAYS_ON, ParentBased, Sampler, SamplingResult
from opentelemetry.trace import SpanKind, StatusCode

from agentmemory.v1 import decision_log_pb2 as dl
from agentmemory_server import telemetry
from agentmemory_server.span_export import encode_spans

SERVICE, METHOD = "agentmemory.v1.DecisionLogService", "LogDecision"
PARENT_TRACE_ID, PARENT_SPAN_ID = 0x5759E988BD862E3FE1BE46A994272793, 0x53995C3F42CD8AD8


class Call:
    """What ServerSpan reads of a call's servicer context: its metadata."""

    def __init__(self, *metadata: tuple[str, str]) -> None:
        self.metadata = metadata

    def invocation_metadata(self) -> tuple[tuple[str, str], ...]:
        return self.metadata


def traceparent(sampled: bool) -> tuple[str, str]:
    return ("traceparent", f"00-{PARENT_TRACE_ID:032x}-{PARENT_SPAN_ID:016x}-{'01' if sampled else '00'}")


@pytest.fixture
def exported(monkeypatch: pytest.MonkeyPatch) -> Iterator[InMemorySpanExporter]:
    """A provider of this test's own (the process's global one is left alone), as telemetry
    configures one: its tracer is the one ServerSpan uses."""
    exporter = InMemorySpanExporter()
    provider = TracerProvider(resource=Resource.create({"service.name": "server-span-test"}))
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    monkeypatch.setattr(telemetry, "_server_tracer", provider.get_tracer(telemetry._TRACER))
    monkeypatch.setattr(telemetry, "_propagated_fields", frozenset(propagate.get_global_textmap().fields))
    yield exporter
    provider.shutdown()


def request() -> dl.LogDecisionRequest:
    return dl.LogDecisionRequest(agent_id="market-hunter", decision_type="SOURCE_SELECTION")


def sdk_span(call: Call, code: grpc.StatusCode) -> None:
    """The span the SDK's tracer makes for the call, with what ServerSpan gives it."""
    carried = dict(call.invocation_metadata())
    span = telemetry._server_tracer.start_span(
        f"/{SERVICE}/{METHOD}",
        context=propagate.extract(carried) if carried else None,
        kind=SpanKind.SERVER,
        attributes={
            "rpc.system": "grpc", "rpc.service": SERVICE, "rpc.method": METHOD,
            "agentmemory.agent_id": "market-hunter", "agentmemory.decision_type": "SOURCE_SELECTION",
        },
    )
    span.set_attribute("rpc.grpc.status_code", code.value[0])
    if code in telemetry._SERVER_ERRORS:
        span.set_status(trace.Status(StatusCode.ERROR, code.name))
    span.end()


@pytest.mark.parametrize("code", [grpc.StatusCode.OK, grpc.StatusCode.INVALID_ARGUMENT, grpc.StatusCode.INTERNAL])
@pytest.mark.parametrize("call", [Call(), Call(traceparent(True))], ids=["root", "remote parent"])
def test_the_span_is_the_one_the_sdk_makes(exported: InMemorySpanExporter, call: Call, code: grpc.StatusCode):
    ours = telemetry.ServerSpan.start(SERVICE, METHOD, call, request())
    ours.end(code)
    sdk_span(call, code)
    mine, sdks = exported.get_finished_spans()
    for field in ("name", "kind", "attributes", "resource", "instrumentation_scope", "parent", "dropped_attributes"):
        assert getattr(mine, field) == getattr(sdks, field), field
    assert (mine.status.status_code, mine.status.description) == (sdks.status.status_code, sdks.status.description)
    assert mine.context.trace_flags == sdks.context.trace_flags and mine.context.is_remote is False
    assert sdks.start_time <= sdks.end_time and mine.start_time <= mine.end_time <= sdks.start_time
    if call.metadata:
        assert mine.context.trace_id == PARENT_TRACE_ID and mine.parent.span_id == PARENT_SPAN_ID
    assert mine.context.span_id != sdks.context.span_id
    # Encoded for export, the two differ only in their ids and times.
    ours_encoded, sdks_encoded = (encode_spans([span]).resource_spans[0].scope_spans[0].spans[0] for span in (mine, sdks))
    for encoded in (ours_encoded, sdks_encoded):
        for field in ("span_id", "start_time_unix_nano", "end_time_unix_nano"):
            encoded.ClearField(field)
        if not call.metadata:
            encoded.ClearField("trace_id")
    assert ours_encoded == sdks_encoded


def test_the_span_is_current_while_the_call_runs(exported: InMemorySpanExporter):
    assert not trace.get_current_span().get_span_context().is_valid
    span = telemetry.ServerSpan.start(SERVICE, METHOD, Call(traceparent(True)), request())
    current = trace.get_current_span().get_span_context()
    child = telemetry._server_tracer.start_span("DynamoDB.GetItem", kind=SpanKind.CLIENT)
    child.end()
    span.end(grpc.StatusCode.OK)
    assert not trace.get_current_span().get_span_context().is_valid
    child_span, server_span = exported.get_finished_spans()
    assert current == server_span.context
    assert child_span.parent == server_span.context and child_span.context.trace_id == PARENT_TRACE_ID


def test_a_call_sampled_out_exports_nothing_and_its_children_follow(exported: InMemorySpanExporter):
    span = telemetry.ServerSpan.start(SERVICE, METHOD, Call(traceparent(False)), request())
    current = trace.get_current_span().get_span_context()
    child = telemetry._server_tracer.start_span("PUBLISH", kind=SpanKind.CLIENT)
    child.end()
    span.end(grpc.StatusCode.OK)
    assert exported.get_finished_spans() == ()
    assert current.trace_id == PARENT_TRACE_ID and not current.trace_flags.sampled
    assert not child.is_recording()


def test_the_providers_sampler_decides(exported: InMemorySpanExporter, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(telemetry._server_tracer, "sampler", ParentBased(ALWAYS_OFF))
    root = telemetry.ServerSpan.start(SERVICE, METHOD, Call(), request())
    root.end(grpc.StatusCode.OK)
    continued = telemetry.ServerSpan.start(SERVICE, METHOD, Call(traceparent(True)), request())
    continued.end(grpc.StatusCode.OK)
    (span,) = exported.get_finished_spans()
    assert span.context.trace_id == PARENT_TRACE_ID


class Asked(Sampler):
    """Samples everything, and keeps what it was asked."""

    def __init__(self) -> None:
        self.asked: list[tuple] = []

    def should_sample(
        self, parent_context, trace_id, name, kind=None, attributes=None, links=None, trace_state=None
    ) -> SamplingResult:
        parent = trace.get_current_span(parent_context).get_span_context()
        self.asked.append((parent, trace_id, name, kind, dict(attributes), links, trace_state))
        return ALWAYS_ON.should_sample(parent_context, trace_id, name, kind, attributes, links, trace_state)

    def get_description(self) -> str:
        return "Asked"


def test_the_sampler_is_asked_as_the_sdk_asks_it(exported: InMemorySpanExporter, monkeypatch: pytest.MonkeyPatch):
    sampler = Asked()
    monkeypatch.setattr(telemetry._server_tracer, "sampler", sampler)
    call = Call(traceparent(True))
    telemetry.ServerSpan.start(SERVICE, METHOD, call, request()).end(grpc.StatusCode.OK)
    sdk_span(call, grpc.StatusCode.OK)
    ours, sdks = sampler.asked
    assert ours == sdks


def test_an_attribute_length_limit_applies_as_to_the_sdks_span(monkeypatch: pytest.MonkeyPatch):
    exporter = InMemorySpanExporter()
    limited = TracerProvider(span_limits=SpanLimits(max_span_attribute_length=6))
    limited.add_span_processor(SimpleSpanProcessor(exporter))
    monkeypatch.setattr(telemetry, "_server_tracer", limited.get_tracer(telemetry._TRACER))
    telemetry.ServerSpan.start(SERVICE, METHOD, Call(), request()).end(grpc.StatusCode.OK)
    sdk_span(Call(), grpc.StatusCode.OK)
    mine, sdks = exporter.get_finished_spans()
    assert mine.attributes == sdks.attributes
    assert mine.attributes["agentmemory.agent_id"] == "market"


def test_no_span_while_tracing_is_off(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(telemetry, "_server_tracer", None)
    assert telemetry.ServerSpan.start(SERVICE, METHOD, Call(traceparent(True)), request()) is None
    assert otel_context.get_current() == {}
