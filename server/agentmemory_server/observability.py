"""Logs and metrics: structured JSON logs that carry the trace id, and OTLP metrics.

Metrics (exported when an OTLP endpoint is configured, like traces, unless OTEL_METRICS_EXPORTER
is "none"; OTEL_METRIC_EXPORT_INTERVAL sets the cadence):
  rpc.server.duration            histogram, ms, by rpc.service, rpc.method, rpc.grpc.status_code
  agentmemory.stm.reads          counter (asynchronous), by hit (true/false): the short-term hit rate
  agentmemory.decisions.logged   counter, by decision_type
  agentmemory.outcomes.recorded  counter, by decision_type and success: the success rate
  agentmemory.subscription.lag   histogram, ms from an event's commit to its delivery
  agentmemory.consolidation.patterns  counter, by result (promoted, updated, pruned)
  agentmemory.memory.credits     counter, by memory_type and success: outcomes credited to memories
Instruments come from the OpenTelemetry API, which does nothing until a provider is installed.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator

from opentelemetry import metrics, trace
from opentelemetry.metrics import CallbackOptions, Observation
from pythonjsonlogger.json import JsonFormatter

_HIT = {"hit": True}
_MISS = {"hit": False}


class ReadCounts:
    """agentmemory.stm.reads: short-term reads counted in plain ints, which the meter reads at
    each collection (an asynchronous counter). A synchronous counter checks and hashes its
    attributes at every add, 5 us timed alone, on every read of the cheapest call there is."""

    __slots__ = ("hits", "misses")

    def __init__(self) -> None:
        self.hits = 0
        self.misses = 0

    def observe(self, options: CallbackOptions) -> Iterator[Observation]:
        # As a synchronous counter would: no point for an attribute set never counted.
        if self.hits:
            yield Observation(self.hits, _HIT)
        if self.misses:
            yield Observation(self.misses, _MISS)


_meter = metrics.get_meter("agentmemory")
rpc_duration = _meter.create_histogram("rpc.server.duration", unit="ms", description="RPC latency seen by the server")
stm_reads = ReadCounts()
_meter.create_observable_counter("agentmemory.stm.reads", callbacks=[stm_reads.observe], description="short-term reads, by hit")
decisions_logged = _meter.create_counter("agentmemory.decisions.logged", description="decisions stored")
outcomes_recorded = _meter.create_counter("agentmemory.outcomes.recorded", description="outcomes recorded")
consolidation_results = _meter.create_counter(
    "agentmemory.consolidation.patterns", description="PATTERN memories consolidation changed, by result"
)
memory_credits = _meter.create_counter(
    "agentmemory.memory.credits", description="outcomes credited to long-term memories, by success"
)
subscription_lag = _meter.create_histogram(
    "agentmemory.subscription.lag", unit="ms", description="from an event's commit to its delivery to a subscriber"
)

_metrics_configured = False


def configure_metrics() -> None:
    """Installs the OTLP metrics pipeline once per process, when an OTLP endpoint is configured
    and OTEL_METRICS_EXPORTER is not "none" (telemetry.exporter_requested)."""
    global _metrics_configured
    from agentmemory_server.telemetry import exporter_requested

    if _metrics_configured or not exporter_requested("metrics"):
        return
    from opentelemetry.exporter.otlp.proto.grpc.metric_exporter import OTLPMetricExporter
    from opentelemetry.sdk.metrics import AlwaysOffExemplarFilter, MeterProvider
    from opentelemetry.sdk.metrics.export import PeriodicExportingMetricReader
    from opentelemetry.sdk.resources import Resource

    reader = PeriodicExportingMetricReader(OTLPMetricExporter())
    resource = Resource.create({"service.name": os.environ.get("OTEL_SERVICE_NAME", "agentmemory")})
    # Exemplars (a sampled span's id kept with a measurement) cost every measurement taken inside
    # a span, and neither X-Ray nor CloudWatch reads them: off unless OTEL_METRICS_EXEMPLAR_FILTER
    # asks for them.
    exemplars = None if os.environ.get("OTEL_METRICS_EXEMPLAR_FILTER") else AlwaysOffExemplarFilter()
    metrics.set_meter_provider(MeterProvider(resource=resource, metric_readers=[reader], exemplar_filter=exemplars))
    _metrics_configured = True


def shutdown_metrics() -> None:
    """Flushes what the periodic reader has not exported yet."""
    provider = metrics.get_meter_provider()
    if hasattr(provider, "shutdown"):
        provider.shutdown()


class _TraceIds(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        context = trace.get_current_span().get_span_context()
        if context.is_valid:
            trace_id = f"{context.trace_id:032x}"
            record.trace_id = trace_id
            record.span_id = f"{context.span_id:016x}"
            # The form X-Ray's console searches by.
            record.xray_trace_id = f"1-{trace_id[:8]}-{trace_id[8:]}"
        return True


def configure_logging(log_format: str, level: str) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(_TraceIds())
    if log_format == "json":
        handler.setFormatter(
            JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s", rename_fields={"levelname": "level", "asctime": "time"})
        )
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=level.upper(), handlers=[handler], force=True)
