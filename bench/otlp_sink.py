"""A local OTLP/gRPC receiver for the tracing scenario of `make bench`: it accepts trace and
metric exports, keeps only their counts, and prints them when stopped (SIGTERM), so the
benchmark pays the server's real export cost without a collector.

Usage: python -m bench.otlp_sink --address 127.0.0.1:PORT
"""

from __future__ import annotations

import argparse
import asyncio
import signal

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from opentelemetry.proto.collector.metrics.v1 import metrics_service_pb2, metrics_service_pb2_grpc
from opentelemetry.proto.collector.trace.v1 import trace_service_pb2, trace_service_pb2_grpc


class TraceSink(trace_service_pb2_grpc.TraceServiceServicer):
    def __init__(self) -> None:
        self.spans = 0

    async def Export(self, request, context):  # noqa: N802 - the OTLP service's method name
        self.spans += sum(len(scope.spans) for resource in request.resource_spans for scope in resource.scope_spans)
        return trace_service_pb2.ExportTraceServiceResponse()


class MetricSink(metrics_service_pb2_grpc.MetricsServiceServicer):
    def __init__(self) -> None:
        self.exports = 0

    async def Export(self, request, context):  # noqa: N802 - the OTLP service's method name
        self.exports += 1
        return metrics_service_pb2.ExportMetricsServiceResponse()


async def serve(address: str) -> None:
    traces, metrics = TraceSink(), MetricSink()
    server = grpc.aio.server()
    trace_service_pb2_grpc.add_TraceServiceServicer_to_server(traces, server)
    metrics_service_pb2_grpc.add_MetricsServiceServicer_to_server(metrics, server)
    health_servicer = health.aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    server.add_insecure_port(address)
    await server.start()
    await health_servicer.set("", health_pb2.HealthCheckResponse.SERVING)
    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(signum, stop.set)
    await stop.wait()
    await server.stop(1)
    print(f"spans {traces.spans} metric-exports {metrics.exports}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--address", required=True)
    asyncio.run(serve(parser.parse_args().address))


if __name__ == "__main__":
    main()
