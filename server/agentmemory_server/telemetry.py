"""Traces: OpenTelemetry with X-Ray compatible ids, exported over OTLP (the ADOT collector
forwards them to X-Ray), configured by the standard OTEL_* variables.

- A server span per RPC of our services (ServerSpan: rpc.system, rpc.service, rpc.method,
  rpc.grpc.status_code, as the grpc instrumentation has them) with agentmemory.agent_id and
  agentmemory.decision_type attributes. Health checks and reflection are not traced.
- A client span per Redis command (the redis instrumentation) and per DynamoDB / S3 call (our
  own, from aiobotocore's request events: no maintained instrumentation covers aiobotocore).
- Trace ids from the X-Ray id generator; incoming context accepted as the OTEL_PROPAGATORS list
  says (default: W3C tracecontext, baggage and X-Ray's `X-Amzn-Trace-Id`).

Tracing is on when an OTLP endpoint is configured (OTEL_EXPORTER_OTLP_ENDPOINT or
OTEL_EXPORTER_OTLP_TRACES_ENDPOINT), OTEL_SDK_DISABLED is not true and OTEL_TRACES_EXPORTER is
not "none".
"""

from __future__ import annotations

import os
import time
from typing import Any

import grpc
from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from opentelemetry.propagators.composite import CompositePropagator
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan, SpanProcessor, Tracer, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.trace import NonRecordingSpan, SpanContext, SpanKind, Status, StatusCode, TraceFlags

_TRACER = "agentmemory"
# The process's provider: OpenTelemetry's globals are set once per process.
_provider: TracerProvider | None = None
# Its tracer for server spans, and the metadata keys its propagators read (lower case, as gRPC
# metadata keys are).
_server_tracer: Tracer | None = None
_propagated_fields: frozenset[str] = frozenset()


def exporter_requested(signal: str) -> bool:
    """Whether `signal` ("traces" or "metrics") is exported: an OTLP endpoint is configured (the
    shared one or the signal's own), the SDK is not disabled, and OTEL_<SIGNAL>_EXPORTER (default
    "otlp") does not say "none". OTLP is the only exporter: any other name is a startup error
    rather than a signal silently never sent."""
    if os.environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return False
    variable = f"OTEL_{signal.upper()}_EXPORTER"
    chosen = {name.strip().lower() for name in os.environ.get(variable, "otlp").split(",") if name.strip()}
    if "none" in chosen:
        return False
    if chosen - {"otlp"}:
        raise SystemExit(f"{variable}={os.environ[variable]!r}: agentmemory exports over OTLP only; use 'otlp' or 'none'")
    return bool(os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT") or os.environ.get(f"OTEL_EXPORTER_OTLP_{signal.upper()}_ENDPOINT"))


def tracing_requested() -> bool:
    return exporter_requested("traces")


def configure(processor: SpanProcessor | None = None) -> TracerProvider | None:
    """Installs the tracer provider and propagators (the stores instrument their own clients). `processor`
    replaces the OTLP exporter (tests pass an in-memory one). Returns None when tracing is off."""
    global _provider, _server_tracer, _propagated_fields
    if _provider is not None:
        if processor is not None:
            _provider.add_span_processor(processor)
        return _provider
    if processor is None and not tracing_requested():
        return None
    from opentelemetry.sdk.extension.aws.trace import AwsXRayIdGenerator

    if processor is None:
        from agentmemory_server.span_export import OtlpSpanExporter

        processor = BatchSpanProcessor(OtlpSpanExporter())
    # The sampler comes from OTEL_TRACES_SAMPLER(_ARG), the service name from OTEL_SERVICE_NAME.
    provider = TracerProvider(
        resource=Resource.create({"service.name": os.environ.get("OTEL_SERVICE_NAME", "agentmemory")}),
        id_generator=AwsXRayIdGenerator(),
    )
    provider.add_span_processor(processor)
    trace.set_tracer_provider(provider)
    propagate.set_global_textmap(_propagators(os.environ.get("OTEL_PROPAGATORS", "tracecontext,baggage,xray")))
    _provider = provider
    _server_tracer = provider.get_tracer(_TRACER)
    _propagated_fields = frozenset(field.lower() for field in propagate.get_global_textmap().fields)
    return provider


def _propagators(names: str) -> CompositePropagator:
    """The OTEL_PROPAGATORS list, with X-Ray's propagator taught to read gRPC metadata."""
    from importlib.metadata import entry_points

    chosen = []
    for name in (part.strip().lower() for part in names.split(",")):
        if not name or name == "none":
            continue
        if name == "xray":
            chosen.append(_grpc_xray_propagator())
            continue
        (entry_point,) = entry_points(group="opentelemetry_propagator", name=name)
        chosen.append(entry_point.load()())
    return CompositePropagator(chosen)


def _grpc_xray_propagator() -> Any:
    """The X-Ray propagator, reading its `X-Amzn-Trace-Id` header from gRPC metadata, whose keys
    are always lower case."""
    from opentelemetry.propagators.aws import AwsXRayPropagator
    from opentelemetry.propagators.textmap import Getter, default_getter

    class LowerCaseGetter(Getter[Any]):
        def __init__(self, inner: Getter[Any]) -> None:
            self._inner = inner

        def get(self, carrier: Any, key: str) -> list[str] | None:
            return self._inner.get(carrier, key.lower()) or self._inner.get(carrier, key)

        def keys(self, carrier: Any) -> list[str]:
            return self._inner.keys(carrier)

    class GrpcXRayPropagator(AwsXRayPropagator):
        def extract(self, carrier: Any, context: Any = None, getter: Getter[Any] = default_getter) -> Any:
            return super().extract(carrier, context, getter=LowerCaseGetter(getter))

    return GrpcXRayPropagator()


# Status codes that make a SERVER span an error (OpenTelemetry's gRPC conventions): the others
# are the client's doing (INVALID_ARGUMENT, NOT_FOUND, ...), not the server's failure.
_SERVER_ERRORS = frozenset({
    grpc.StatusCode.UNKNOWN, grpc.StatusCode.DEADLINE_EXCEEDED, grpc.StatusCode.UNIMPLEMENTED,
    grpc.StatusCode.INTERNAL, grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DATA_LOSS,
})
_UNSET = Status(StatusCode.UNSET)
# A server span's trace flags by (sampled, random trace id), as the SDK sets them.
_TRACE_FLAGS = {
    (sampled, random_trace_id): TraceFlags(
        (TraceFlags.SAMPLED if sampled else TraceFlags.DEFAULT) | (TraceFlags.RANDOM_TRACE_ID if random_trace_id else 0)
    )
    for sampled in (False, True)
    for random_trace_id in (False, True)
}


class ServerSpan:
    """The SERVER span of one RPC: started from the context the client propagated in its
    metadata, named and attributed as OpenTelemetry's gRPC instrumentation names them (plus the
    request's agent and decision type).

    Made here, in the one wrapper every servicer method already has (api.errors.translate_errors),
    rather than by the instrumentation's server interceptor, which puts every call through grpc's
    interceptor chain and rebuilds its handler.

    Nor is it the SDK's Span, a mutable record made safe for any code to add to from any thread,
    with every attribute checked on the way in: this one takes its attributes at the start and
    its status at the end, from our own code, so it is handed to the provider's processors when
    the call ends, as the finished ReadableSpan they take. Its sampling decision, ids, resource,
    attribute length limit and processors are the provider's. While the call runs, the current
    span is a NonRecordingSpan carrying its ids, which is all that the client spans made under it
    (Redis, DynamoDB, S3) and the log records' trace ids read. (The SDK's own span metrics, off
    unless OTEL_PYTHON_SDK_INTERNAL_METRICS_ENABLED, do not count it.) Timed in a busy server, the
    SDK's span took the event loop 80 us a call (58 to start, 21 to end); this takes 32 (24 and
    8)."""

    __slots__ = ("_name", "_context", "_parent", "_attributes", "_start_time", "_token")

    @classmethod
    def start(cls, service: str, method: str, context: grpc.aio.ServicerContext, request: Any) -> ServerSpan | None:
        """None while tracing is off."""
        if _server_tracer is None:
            return None
        # Extracting is worth its cost only when the client propagated something.
        carried = {key: value for key, value in context.invocation_metadata() or () if key in _propagated_fields}
        attributes = {"rpc.system": "grpc", "rpc.service": service, "rpc.method": method}
        agent_id = getattr(request, "agent_id", None)
        if agent_id:
            attributes["agentmemory.agent_id"] = agent_id
        decision_type = getattr(request, "decision_type", None)
        if decision_type:
            attributes["agentmemory.decision_type"] = decision_type
        return cls(f"/{service}/{method}", propagate.extract(carried) if carried else None, attributes)

    def __init__(self, name: str, parent_context: otel_context.Context | None, attributes: dict[str, Any]) -> None:
        """Decides and ids the span as the SDK's Tracer.start_span does, and makes it current."""
        tracer = _server_tracer
        ids = tracer.id_generator
        parent = trace.get_current_span(parent_context).get_span_context()
        if parent.is_valid:
            trace_id, random_trace_id = parent.trace_id, parent.trace_flags.random_trace_id
        else:
            parent, trace_id, random_trace_id = None, ids.generate_trace_id(), ids.is_trace_id_random()
        sampling = tracer.sampler.should_sample(parent_context, trace_id, name, SpanKind.SERVER, attributes, ())
        self._name, self._parent = name, parent
        self._context = SpanContext(
            trace_id,
            ids.generate_span_id(),
            is_remote=False,
            trace_flags=_TRACE_FLAGS[sampling.decision.is_sampled(), random_trace_id],
            trace_state=sampling.trace_state,
        )
        # None for a span sampled out: only its ids live on, as its children's parent.
        self._attributes = dict(sampling.attributes) if sampling.decision.is_recording() else None
        # OTEL_(SPAN_)ATTRIBUTE_VALUE_LENGTH_LIMIT, as the SDK's span applies it.
        limit = tracer._span_limits.max_span_attribute_length
        if limit is not None and self._attributes:
            self._attributes = {
                key: value[:limit] if isinstance(value, str) else value for key, value in self._attributes.items()
            }
        self._token = otel_context.attach(trace.set_span_in_context(NonRecordingSpan(self._context)))
        self._start_time = time.time_ns()

    def end(self, code: grpc.StatusCode) -> None:
        otel_context.detach(self._token)
        if self._attributes is None:
            return
        self._attributes["rpc.grpc.status_code"] = code.value[0]
        tracer = _server_tracer
        tracer.span_processor.on_end(ReadableSpan(
            self._name,
            self._context,
            self._parent,
            tracer.resource,
            self._attributes,
            kind=SpanKind.SERVER,
            status=Status(StatusCode.ERROR, code.name) if code in _SERVER_ERRORS else _UNSET,
            start_time=self._start_time,
            end_time=time.time_ns(),
            instrumentation_scope=tracer._instrumentation_scope,  # the SDK's Span takes it from here too
        ))


def instrument_redis(provider: TracerProvider | None) -> None:
    """A CLIENT span per Redis command (the redis instrumentation). Only the AWS stack calls it:
    patching redis-py in a server that never talks to Redis only costs."""
    if provider is None:
        return
    from opentelemetry.instrumentation.redis import RedisInstrumentor

    instrumentor = RedisInstrumentor()
    if not instrumentor.is_instrumented_by_opentelemetry:
        instrumentor.instrument(tracer_provider=provider)


def instrument_aws_client(client: Any, provider: TracerProvider | None) -> None:
    """A CLIENT span around every API call of an aiobotocore client (DynamoDB, S3)."""
    if provider is None:
        return
    tracer = provider.get_tracer(_TRACER)
    service = client.meta.service_model.service_id.replace(" ", "")

    # before-parameter-build sees the API parameters (table, bucket) and shares `context` with
    # the after-call events of the same request.
    def before_call(model: Any, params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        attributes = {"rpc.system": "aws-api", "rpc.service": service, "rpc.method": model.name}
        if "TableName" in params:
            attributes["aws.dynamodb.table_names"] = [params["TableName"]]
        if "Bucket" in params:
            attributes["aws.s3.bucket"] = params["Bucket"]
        context["agentmemory_span"] = tracer.start_span(f"{service}.{model.name}", kind=SpanKind.CLIENT, attributes=attributes)

    def after_call(http_response: Any, parsed: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        span = context.pop("agentmemory_span", None)
        if span is None:
            return
        status = getattr(http_response, "status_code", 200)
        span.set_attribute("http.response.status_code", status)
        if status >= 400:
            span.set_status(Status(StatusCode.ERROR, parsed.get("Error", {}).get("Code", str(status))))
        span.end()

    def after_call_error(context: dict[str, Any], exception: BaseException, **_: Any) -> None:
        span = context.pop("agentmemory_span", None)
        if span is not None:
            span.record_exception(exception)
            span.set_status(Status(StatusCode.ERROR, type(exception).__name__))
            span.end()

    events, name = client.meta.events, client.meta.service_model.service_id.hyphenize()
    events.register(f"before-parameter-build.{name}", before_call)
    events.register(f"after-call.{name}", after_call)
    events.register(f"after-call-error.{name}", after_call_error)
