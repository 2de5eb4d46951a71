"""Traces: the span tree of a LogDecision on both stacks (an in-memory exporter on a server run in
this process), delivery over OTLP to a receiver on loopback (a server process with the real
exporter), and a client's trace id (W3C traceparent or X-Ray header) continuing in the server."""

from __future__ import annotations

import asyncio
import json
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import grpc
import pytest
import pytest_asyncio
from opentelemetry.proto.collector.metrics.v1 import metrics_service_pb2, metrics_service_pb2_grpc
from opentelemetry.proto.collector.trace.v1 import trace_service_pb2, trace_service_pb2_grpc
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from agentmemory.v1 import decision_log_pb2 as dl
from agentmemory.v1 import decision_log_pb2_grpc
from agentmemory.v1 import memory_pb2 as m
from agentmemory.v1 import memory_pb2_grpc
from agentmemory_server import app, telemetry
from agentmemory_server.config import Settings
from tests.support.server import ServerProcess, free_port, stack_env

from .helpers import new_agent_id

TRACE_ID = "5759e988bd862e3fe1be46a994272793"
XRAY_TRACE_ID = "1-5759e988-bd862e3fe1be46a994272794"


def traceparent(trace_id: str) -> tuple[str, str]:
    return ("traceparent", f"00-{trace_id}-53995c3f42cd8ad8-01")


@pytest.fixture(scope="session")
def spans() -> InMemorySpanExporter:
    exporter = InMemorySpanExporter()
    telemetry.configure(SimpleSpanProcessor(exporter))
    return exporter


@pytest_asyncio.fixture(loop_scope="session")
async def in_process(stack: str, tmp_path: Path, spans: InMemorySpanExporter, monkeypatch) -> AsyncIterator[str]:
    """A server in this process (so the in-memory exporter sees its spans); yields its address."""
    env = stack_env(stack, "tracing")
    for name, value in env.items():
        if name.startswith("AWS_"):
            monkeypatch.setenv(name, value)
    settings = Settings(
        address=f"127.0.0.1:{free_port()}",
        data_dir=tmp_path,
        backend=env.get("AGENTMEMORY_BACKEND", "embedded"),
        redis_url=env.get("AGENTMEMORY_REDIS_URL", "redis://127.0.0.1:6379/0"),
        table_prefix=env.get("AGENTMEMORY_TABLE_PREFIX", "agentmemory-"),
        archive_bucket=f"tracing-{uuid.uuid4().hex[:12]}" if env.get("AGENTMEMORY_BACKEND") == "aws" else None,
        consolidation_interval=0,
    )
    if settings.backend == "aws":
        await app.init_aws(settings)
    running = await app.start(settings)
    spans.clear()
    yield settings.address
    await running.stop()


async def test_span_tree_of_log_decision(in_process: str, stack: str, spans: InMemorySpanExporter):
    agent = new_agent_id("traced")
    async with grpc.aio.insecure_channel(in_process) as channel:
        stub = decision_log_pb2_grpc.DecisionLogServiceStub(channel)
        await stub.LogDecision(
            dl.LogDecisionRequest(agent_id=agent, decision_type="SOURCE_SELECTION"),
            metadata=(traceparent(TRACE_ID),),
            timeout=10,
        )
    await asyncio.sleep(0.2)  # the wake-up publish finishes after the reply
    finished = [s for s in spans.get_finished_spans() if f"{s.context.trace_id:032x}" == TRACE_ID]
    (server,) = [s for s in finished if s.kind == SpanKind.SERVER]
    assert server.name == "/agentmemory.v1.DecisionLogService/LogDecision"
    assert server.attributes["rpc.system"] == "grpc"
    assert server.attributes["rpc.service"] == "agentmemory.v1.DecisionLogService"
    assert server.attributes["rpc.method"] == "LogDecision"
    assert server.attributes["rpc.grpc.status_code"] == 0
    assert server.attributes["agentmemory.agent_id"] == agent
    assert server.attributes["agentmemory.decision_type"] == "SOURCE_SELECTION"
    children = [s for s in finished if s.parent is not None and s.parent.span_id == server.context.span_id]
    names = {s.name for s in children}
    if stack == "aws":
        assert {"DynamoDB.GetItem", "DynamoDB.TransactWriteItems"} <= names, names
        assert any(s.name == "PUBLISH" for s in children), names  # the cross-replica wake-up
        write = next(s for s in children if s.name == "DynamoDB.TransactWriteItems")
        assert write.kind == SpanKind.CLIENT and write.attributes["rpc.service"] == "DynamoDB"
    else:
        assert names == set()  # the embedded store calls no remote service


async def test_archive_reads_are_s3_spans(in_process: str, stack: str, spans: InMemorySpanExporter):
    if stack != "aws":
        pytest.skip("the embedded archive is a local folder: no remote calls to trace")
    agent = new_agent_id("traced")
    request = m.RecallContextRequest(agent_id=agent, levels=[m.RECALL_LEVEL_ARCHIVE])
    request.end_time.GetCurrentTime()
    request.start_time.FromSeconds(request.end_time.seconds - 2 * 86400)
    async with grpc.aio.insecure_channel(in_process) as channel:
        stub = memory_pb2_grpc.MemoryServiceStub(channel)
        assert [item async for item in stub.RecallContext(request, metadata=(traceparent(TRACE_ID),), timeout=10)] == []
    finished = [s for s in spans.get_finished_spans() if f"{s.context.trace_id:032x}" == TRACE_ID]
    (server,) = [s for s in finished if s.kind == SpanKind.SERVER]
    assert server.attributes["rpc.method"] == "RecallContext"
    reads = [s for s in finished if s.parent is not None and s.parent.span_id == server.context.span_id]
    # One manifest read per day the range touches (2 days back from now: 3 days).
    assert [s.name for s in reads] == ["S3.GetObject"] * 3, [s.name for s in reads]
    assert all(s.kind == SpanKind.CLIENT and s.attributes["rpc.service"] == "S3" for s in reads)


class Receiver(trace_service_pb2_grpc.TraceServiceServicer):
    """An OTLP trace receiver on loopback: what the real exporter delivers."""

    def __init__(self) -> None:
        self.spans: list = []

    async def Export(self, request, context):  # noqa: N802 - the OTLP service's method name
        for resource_spans in request.resource_spans:
            for scope_spans in resource_spans.scope_spans:
                self.spans += list(scope_spans.spans)
        return trace_service_pb2.ExportTraceServiceResponse()


class MetricsReceiver(metrics_service_pb2_grpc.MetricsServiceServicer):
    def __init__(self) -> None:
        self.points: dict[str, list] = {}

    async def Export(self, request, context):  # noqa: N802 - the OTLP service's method name
        for resource_metrics in request.resource_metrics:
            for scope_metrics in resource_metrics.scope_metrics:
                for metric in scope_metrics.metrics:
                    data = metric.sum.data_points or metric.histogram.data_points
                    self.points.setdefault(metric.name, []).extend(
                        {a.key: a.value for a in point.attributes} for point in data
                    )
        return metrics_service_pb2.ExportMetricsServiceResponse()


def attribute(value) -> object:
    return getattr(value, value.WhichOneof("value"))


@asynccontextmanager
async def exporting_server(data_dir: Path, env: dict[str, str]) -> AsyncIterator[tuple[ServerProcess, Receiver, MetricsReceiver]]:
    """A server process exporting over OTLP (spans every 100 ms, metrics every 200 ms) to
    receivers on loopback, with `env` on top."""
    receiver, metrics_receiver = Receiver(), MetricsReceiver()
    otlp = grpc.aio.server()
    trace_service_pb2_grpc.add_TraceServiceServicer_to_server(receiver, otlp)
    metrics_service_pb2_grpc.add_MetricsServiceServicer_to_server(metrics_receiver, otlp)
    port = otlp.add_insecure_port("127.0.0.1:0")
    await otlp.start()
    server = ServerProcess(
        data_dir,
        {
            "OTEL_EXPORTER_OTLP_ENDPOINT": f"http://127.0.0.1:{port}",
            "OTEL_BSP_SCHEDULE_DELAY": "100",
            "OTEL_TRACES_SAMPLER": "parentbased_always_on",
            "OTEL_METRIC_EXPORT_INTERVAL": "200",
            **env,
        },
    )
    await server.start()
    try:
        yield server, receiver, metrics_receiver
    finally:
        await server.stop()
        await otlp.stop(None)


async def test_otlp_exporter_delivers_traces_metrics_and_json_logs(tmp_path: Path):
    async with exporting_server(
        tmp_path / "data", {"OTEL_SERVICE_NAME": "agentmemory-test", "AGENTMEMORY_LOG_LEVEL": "DEBUG"}
    ) as (server, receiver, metrics_receiver):
        async with grpc.aio.insecure_channel(server.address) as channel:
            stub = decision_log_pb2_grpc.DecisionLogServiceStub(channel)
            request = dl.LogDecisionRequest(agent_id=new_agent_id("otlp"), decision_type="QUERY")
            await stub.LogDecision(request, metadata=(traceparent(TRACE_ID),), timeout=10)
            memory = memory_pb2_grpc.MemoryServiceStub(channel)
            await memory.GetShortTerm(m.GetShortTermRequest(agent_id=request.agent_id, key="nothing"), timeout=10)
            xray_header = ("x-amzn-trace-id", f"Root={XRAY_TRACE_ID};Parent=53995c3f42cd8ad8;Sampled=1")
            await stub.LogDecision(request, metadata=(xray_header,), timeout=10)
            # A pattern worth promoting, so consolidation has a result to count.
            chosen = dl.LogDecisionRequest(agent_id=request.agent_id, decision_type="QUERY")
            chosen.reasoning.update({"selected": "whale"})
            for _ in range(6):
                logged = await stub.LogDecision(chosen, timeout=10)
                await stub.RecordOutcome(
                    dl.RecordOutcomeRequest(agent_id=request.agent_id, decision_id=logged.decision.decision_id, success=True),
                    timeout=10,
                )
            consolidated = await memory.Consolidate(m.ConsolidateRequest(agent_id=request.agent_id), timeout=10)
            assert len(consolidated.promoted) == 1
        wanted = {TRACE_ID, XRAY_TRACE_ID[2:].replace("-", "")}
        for _ in range(100):
            seen = {span.trace_id.hex() for span in receiver.spans if span.name.endswith("/LogDecision")}
            if wanted <= seen:
                break
            await asyncio.sleep(0.1)
        assert wanted <= seen, f"received {seen}"

        for _ in range(100):
            if {
                "rpc.server.duration", "agentmemory.decisions.logged", "agentmemory.stm.reads", "agentmemory.consolidation.patterns"
            } <= set(metrics_receiver.points):
                break
            await asyncio.sleep(0.1)
        points = {name: [{k: attribute(v) for k, v in p.items()} for p in found] for name, found in metrics_receiver.points.items()}
        assert {"rpc.method": "LogDecision", "rpc.service": "agentmemory.v1.DecisionLogService", "rpc.grpc.status_code": 0} in points["rpc.server.duration"]
        assert {"decision_type": "QUERY"} in points["agentmemory.decisions.logged"]
        assert {"hit": False} in points["agentmemory.stm.reads"]
        assert {"result": "promoted"} in points["agentmemory.consolidation.patterns"]
    records = [json.loads(line) for line in server.output().splitlines() if line.startswith("{")]
    assert records, "the server logs JSON lines"
    access = [r for r in records if r.get("message") == "rpc" and r.get("trace_id") == TRACE_ID]
    assert access and access[0]["rpc_method"] == "LogDecision" and access[0]["xray_trace_id"].startswith("1-5759e988-")


async def test_metrics_exporter_none_sends_traces_but_no_metrics(tmp_path: Path):
    async with exporting_server(tmp_path / "data", {"OTEL_METRICS_EXPORTER": "none"}) as (server, receiver, metrics_receiver):
        async with grpc.aio.insecure_channel(server.address) as channel:
            memory = memory_pb2_grpc.MemoryServiceStub(channel)
            await memory.GetShortTerm(m.GetShortTermRequest(agent_id=new_agent_id("nometrics"), key="k"), timeout=10)
        for _ in range(100):
            if any(span.name.endswith("/GetShortTerm") for span in receiver.spans):
                break
            await asyncio.sleep(0.1)
        assert any(span.name.endswith("/GetShortTerm") for span in receiver.spans)
        # Five export intervals: a metrics pipeline left on would have sent its points by now.
        await asyncio.sleep(1.0)
        assert metrics_receiver.points == {}


def test_exporter_variables_choose_what_is_exported(monkeypatch):
    monkeypatch.delenv("OTEL_SDK_DISABLED", raising=False)
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4317")
    assert telemetry.exporter_requested("traces") and telemetry.exporter_requested("metrics")
    monkeypatch.setenv("OTEL_METRICS_EXPORTER", "none")
    assert telemetry.exporter_requested("traces") and not telemetry.exporter_requested("metrics")
    monkeypatch.setenv("OTEL_TRACES_EXPORTER", " OTLP ")
    assert telemetry.tracing_requested()
    monkeypatch.setenv("OTEL_TRACES_EXPORTER", "none")
    assert not telemetry.tracing_requested()
    monkeypatch.setenv("OTEL_TRACES_EXPORTER", "zipkin")
    with pytest.raises(SystemExit, match="OTEL_TRACES_EXPORTER='zipkin'.*'otlp' or 'none'"):
        telemetry.tracing_requested()
    # A signal's own endpoint turns on that signal only.
    monkeypatch.delenv("OTEL_EXPORTER_OTLP_ENDPOINT")
    monkeypatch.delenv("OTEL_TRACES_EXPORTER")
    monkeypatch.delenv("OTEL_METRICS_EXPORTER")
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://127.0.0.1:4317")
    assert telemetry.tracing_requested() and not telemetry.exporter_requested("metrics")


def test_tracing_is_off_without_an_endpoint_or_when_disabled(monkeypatch):
    monkeypatch.delenv("OTEL_EXPORTER_OTLP_ENDPOINT", raising=False)
    monkeypatch.delenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", raising=False)
    assert telemetry.tracing_requested() is False
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4317")
    assert telemetry.tracing_requested() is True
    monkeypatch.setenv("OTEL_SDK_DISABLED", "true")
    assert telemetry.tracing_requested() is False
    assert os.environ["OTEL_SDK_DISABLED"] == "true"


def test_propagators_follow_otel_propagators_and_read_grpc_metadata():
    from opentelemetry import trace as api

    composite = telemetry._propagators("xray")
    carrier = {"x-amzn-trace-id": f"Root={XRAY_TRACE_ID};Parent=53995c3f42cd8ad8;Sampled=1"}
    extracted = api.get_current_span(composite.extract(carrier)).get_span_context()
    assert f"{extracted.trace_id:032x}" == XRAY_TRACE_ID[2:].replace("-", "")
    both = telemetry._propagators("tracecontext, baggage ,xray")
    context = api.get_current_span(both.extract(dict([traceparent(TRACE_ID)]))).get_span_context()
    assert f"{context.trace_id:032x}" == TRACE_ID
    assert telemetry._propagators("none").fields == set()
