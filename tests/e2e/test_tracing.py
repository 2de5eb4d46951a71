"""Traces: the span tree of a LogDecision on both stacks (an in-memory exporter on a server run in
this process), delivery over OTLP to a receiver on loopback (a server process with the real
exporter), and a client's trace id (W3C traceparent or X-Ray header) continuing in the server."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from pathlib import Path

import grpc
import pytest
import pytest_asyncio
from opentelemetry.proto.collector.trace.v1 import trace_service_pb2, trace_service_pb2_grpc
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from agentmemory.v1 import decision_log_pb2 as dl
from agentmemory.v1 import decision_log_pb2_grpc
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


class Receiver(trace_service_pb2_grpc.TraceServiceServicer):
    """An OTLP trace receiver on loopback: what the real exporter delivers."""

    def __init__(self) -> None:
        self.spans: list = []

    async def Export(self, request, context):  # noqa: N802 - the OTLP service's method name
        for resource_spans in request.resource_spans:
            for scope_spans in resource_spans.scope_spans:
                self.spans += list(scope_spans.spans)
        return trace_service_pb2.ExportTraceServiceResponse()


async def test_otlp_exporter_delivers_with_client_trace_ids(tmp_path: Path):
    receiver = Receiver()
    otlp = grpc.aio.server()
    trace_service_pb2_grpc.add_TraceServiceServicer_to_server(receiver, otlp)
    port = otlp.add_insecure_port("127.0.0.1:0")
    await otlp.start()
    server = ServerProcess(
        tmp_path / "data",
        {
            "OTEL_EXPORTER_OTLP_ENDPOINT": f"http://127.0.0.1:{port}",
            "OTEL_SERVICE_NAME": "agentmemory-test",
            "OTEL_BSP_SCHEDULE_DELAY": "100",
            "OTEL_TRACES_SAMPLER": "parentbased_always_on",
        },
    )
    await server.start()
    try:
        async with grpc.aio.insecure_channel(server.address) as channel:
            stub = decision_log_pb2_grpc.DecisionLogServiceStub(channel)
            request = dl.LogDecisionRequest(agent_id=new_agent_id("otlp"), decision_type="QUERY")
            await stub.LogDecision(request, metadata=(traceparent(TRACE_ID),), timeout=10)
            xray_header = ("x-amzn-trace-id", f"Root={XRAY_TRACE_ID};Parent=53995c3f42cd8ad8;Sampled=1")
            await stub.LogDecision(request, metadata=(xray_header,), timeout=10)
        wanted = {TRACE_ID, XRAY_TRACE_ID[2:].replace("-", "")}
        for _ in range(100):
            seen = {span.trace_id.hex() for span in receiver.spans if span.name.endswith("/LogDecision")}
            if wanted <= seen:
                break
            await asyncio.sleep(0.1)
        assert wanted <= seen, f"received {seen}"
    finally:
        await server.stop()
        await otlp.stop(None)


def test_tracing_is_off_without_an_endpoint_or_when_disabled(monkeypatch):
    monkeypatch.delenv("OTEL_EXPORTER_OTLP_ENDPOINT", raising=False)
    monkeypatch.delenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", raising=False)
    assert telemetry.tracing_requested() is False
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4317")
    assert telemetry.tracing_requested() is True
    monkeypatch.setenv("OTEL_SDK_DISABLED", "true")
    assert telemetry.tracing_requested() is False
    assert os.environ["OTEL_SDK_DISABLED"] == "true"
