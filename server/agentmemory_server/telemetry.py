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
from typing import Any

import grpc
from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from opentelemetry.propagators.composite import CompositePropagator
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.trace import SpanKind, Status, StatusCode

_TRACER = "agentmemory"
# The process's provider: OpenTelemetry's globals are set once per process.
_provider: TracerProvider | None = None
# Its tracer for server spans, and the metadata keys its propagators read (lower case, as gRPC
# metadata keys are).
_server_tracer: trace.Tracer | None = None
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
        from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter

        processor = BatchSpanProcessor(OTLPSpanExporter())
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


class ServerSpan:
    """The SERVER span of one RPC, current while the servicer runs: started from the context the
    client propagated in its metadata, named and attributed as OpenTelemetry's gRPC
    instrumentation names them (plus the request's agent and decision type).

    Made here, in the one wrapper every servicer method already has (api.errors.translate_errors),
    rather than by the instrumentation's server interceptor, which puts every call through grpc's
    interceptor chain and rebuilds its handler."""

    __slots__ = ("_span", "_token")

    def __init__(self, span: trace.Span) -> None:
        self._span = span
        self._token = otel_context.attach(trace.set_span_in_context(span))

    @classmethod
    def start(cls, service: str, method: str, context: grpc.aio.ServicerContext, request: Any) -> ServerSpan | None:
        """None while tracing is off."""
        if _server_tracer is None:
            return None
        # Extracting is worth its cost only when the client propagated something.
        carried = {key: value for key, value in context.invocation_metadata() or () if key in _propagated_fields}
        parent = propagate.extract(carried) if carried else None
        attributes = {"rpc.system": "grpc", "rpc.service": service, "rpc.method": method}
        agent_id = getattr(request, "agent_id", None)
        if agent_id:
            attributes["agentmemory.agent_id"] = agent_id
        decision_type = getattr(request, "decision_type", None)
        if decision_type:
            attributes["agentmemory.decision_type"] = decision_type
        return cls(_server_tracer.start_span(f"/{service}/{method}", context=parent, kind=SpanKind.SERVER, attributes=attributes))

    def end(self, code: grpc.StatusCode) -> None:
        self._span.set_attribute("rpc.grpc.status_code", code.value[0])
        if code in _SERVER_ERRORS:
            self._span.set_status(Status(StatusCode.ERROR, code.name))
        otel_context.detach(self._token)
        self._span.end()


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
