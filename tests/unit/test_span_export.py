"""The span exporter's encoding (span_export.encode_spans) against the OTLP exporter's own: the
same request, field for field, for every kind of span a server exports, including what the kept
encodings could confuse (True, 1 and 1.0), and once the store of kept encodings starts over."""

from __future__ import annotations

import pytest
from opentelemetry.exporter.otlp.proto.common.trace_encoder import encode_spans as exporters_encode_spans
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import Link, NonRecordingSpan, SpanContext, SpanKind, Status, StatusCode, TraceFlags, TraceState
from opentelemetry.trace import set_span_in_context

from agentmemory_server import span_export
from agentmemory_server.span_export import OtlpSpanExporter, encode_spans

REMOTE_PARENT = SpanContext(0x5759E988BD862E3FE1BE46A994272793, 0x53995C3F42CD8AD8, is_remote=True, trace_flags=TraceFlags(1))


@pytest.fixture
def exporter() -> InMemorySpanExporter:
    return InMemorySpanExporter()


def provider(exporter: InMemorySpanExporter, service: str = "agentmemory") -> TracerProvider:
    made = TracerProvider(resource=Resource.create({"service.name": service}))
    made.add_span_processor(SimpleSpanProcessor(exporter))
    return made


def assert_encoded_alike(spans) -> None:
    ours, theirs = encode_spans(spans), exporters_encode_spans(spans)
    assert ours == theirs
    assert ours.SerializeToString(deterministic=True) == theirs.SerializeToString(deterministic=True)


def test_every_kind_of_span_encodes_as_the_exporter_encodes_it(exporter: InMemorySpanExporter):
    tracer = provider(exporter).get_tracer("agentmemory")
    other_scope = provider(exporter).get_tracer("opentelemetry.instrumentation.redis", "0.66b2")
    remote = set_span_in_context(NonRecordingSpan(REMOTE_PARENT))
    server = tracer.start_span("/agentmemory.v1.MemoryService/GetShortTerm", context=remote, kind=SpanKind.SERVER, attributes={
        "rpc.system": "grpc", "rpc.method": "GetShortTerm", "agentmemory.agent_id": "market-hunter",
    })
    server.set_attribute("rpc.grpc.status_code", 0)
    server.end()
    failed = tracer.start_span("/agentmemory.v1.DecisionLogService/LogDecision", kind=SpanKind.SERVER)
    failed.set_attribute("rpc.grpc.status_code", 13)
    failed.set_status(Status(StatusCode.ERROR, "INTERNAL"))
    failed.end()
    for kind in (SpanKind.INTERNAL, SpanKind.CLIENT, SpanKind.PRODUCER, SpanKind.CONSUMER):
        child = tracer.start_span(f"child {kind.name}", context=set_span_in_context(server), kind=kind, attributes={
            "flag": True, "count": 3, "ratio": 0.25, "empty": "",
        })
        child.end()
    listed = other_scope.start_span(
        "SET", kind=SpanKind.CLIENT, attributes={"aws.dynamodb.table_names": ["a", "b"], "ports": [1, 2]}
    )
    listed.end()
    with_event = tracer.start_span("with event")
    with_event.add_event("retry", {"attempt": 2})
    with_event.end()
    linked = tracer.start_span("linked", links=[Link(REMOTE_PARENT, {"why": "batch"})])
    linked.end()
    with_state = SpanContext(
        REMOTE_PARENT.trace_id, REMOTE_PARENT.span_id, is_remote=True, trace_flags=TraceFlags(1),
        trace_state=TraceState([("xray", "1")]),
    )
    stated = tracer.start_span("stated", context=set_span_in_context(NonRecordingSpan(with_state)))
    stated.end()
    huge = tracer.start_span("huge int", attributes={"fine": 1, "too big": 2**70})
    huge.end()
    elsewhere = provider(exporter, "agentmemory-replica").get_tracer("agentmemory").start_span("another resource")
    elsewhere.end()
    spans = exporter.get_finished_spans()
    assert len(spans) == 12
    assert_encoded_alike(spans)
    # Encoded twice: the second time from the kept encodings.
    assert_encoded_alike(spans)


def test_equal_values_of_other_types_keep_their_own_encodings(exporter: InMemorySpanExporter):
    tracer = provider(exporter).get_tracer("agentmemory")
    for value in (True, 1, 1.0, "1", False, 0, 0.0):
        tracer.start_span("typed", attributes={"value": value}).end()
    spans = exporter.get_finished_spans()
    assert_encoded_alike(spans)
    values = [span.attributes[0].value for span in encode_spans(spans).resource_spans[0].scope_spans[0].spans]
    assert [value.WhichOneof("value") for value in values] == [
        "bool_value", "int_value", "double_value", "string_value", "bool_value", "int_value", "double_value",
    ]


def test_the_kept_encodings_start_over_when_full(exporter: InMemorySpanExporter, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(span_export, "KEPT_ENCODINGS", 8)
    monkeypatch.setattr(span_export, "_attributes", {})
    monkeypatch.setattr(span_export, "_statuses", {})
    tracer = provider(exporter).get_tracer("agentmemory")
    for index in range(30):
        span = tracer.start_span("agent", attributes={"agentmemory.agent_id": f"agent-{index}"})
        span.set_status(Status(StatusCode.ERROR, f"failure {index}"))
        span.end()
    spans = exporter.get_finished_spans()
    assert_encoded_alike(spans)
    assert 0 < len(span_export._attributes) <= 8 and 0 < len(span_export._statuses) <= 8


def test_the_exporter_sends_this_encoding(exporter: InMemorySpanExporter, monkeypatch: pytest.MonkeyPatch):
    provider(exporter).get_tracer("agentmemory").start_span("sent").end()
    spans = exporter.get_finished_spans()
    encoded = encode_spans(spans)
    monkeypatch.setattr(span_export, "encode_spans", {spans: encoded}.__getitem__)
    otlp = OtlpSpanExporter(endpoint="http://127.0.0.1:1", insecure=True)
    try:
        assert otlp._translate_data(spans) is encoded
    finally:
        otlp.shutdown()
