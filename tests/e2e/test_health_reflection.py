"""grpc.health.v1 and server reflection over real gRPC."""

from __future__ import annotations

import asyncio

import grpc
import pytest
from google.protobuf import descriptor_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from agentmemory.v1 import decision_log_pb2, memory_pb2

MEMORY_SERVICE = "agentmemory.v1.MemoryService"
DECISION_SERVICE = "agentmemory.v1.DecisionLogService"


async def reflect(channel, **request):
    stub = reflection_pb2_grpc.ServerReflectionStub(channel)
    call = stub.ServerReflectionInfo(iter([reflection_pb2.ServerReflectionRequest(**request)]), timeout=10)
    return [r async for r in call]


async def test_health_check_serving(channel):
    stub = health_pb2_grpc.HealthStub(channel)
    resp = await stub.Check(health_pb2.HealthCheckRequest(service=""), timeout=5)
    assert resp.status == health_pb2.HealthCheckResponse.SERVING


async def test_health_check_unknown_service_is_not_found(channel):
    stub = health_pb2_grpc.HealthStub(channel)
    with pytest.raises(grpc.aio.AioRpcError) as ei:
        await stub.Check(health_pb2.HealthCheckRequest(service="no.such.Service"), timeout=5)
    assert ei.value.code() == grpc.StatusCode.NOT_FOUND


async def test_health_watch_reports_serving(channel):
    stub = health_pb2_grpc.HealthStub(channel)
    call = stub.Watch(health_pb2.HealthCheckRequest(service=""), timeout=10)
    try:
        first = await asyncio.wait_for(call.read(), 5)
        assert first.status == health_pb2.HealthCheckResponse.SERVING
    finally:
        call.cancel()


async def test_reflection_lists_services(channel):
    (resp,) = await reflect(channel, list_services="")
    names = {s.name for s in resp.list_services_response.service}
    assert MEMORY_SERVICE in names
    assert DECISION_SERVICE in names
    assert "grpc.health.v1.Health" in names
    assert "grpc.reflection.v1alpha.ServerReflection" in names


@pytest.mark.parametrize(
    "service,module",
    [(MEMORY_SERVICE, memory_pb2), (DECISION_SERVICE, decision_log_pb2)],
    ids=["memory", "decision_log"],
)
async def test_reflection_describes_every_method(channel, service, module):
    (resp,) = await reflect(channel, file_containing_symbol=service)
    assert resp.HasField("file_descriptor_response"), resp
    files = [
        descriptor_pb2.FileDescriptorProto.FromString(raw)
        for raw in resp.file_descriptor_response.file_descriptor_proto
    ]
    short = service.rsplit(".", 1)[1]
    described = None
    for f in files:
        for s in f.service:
            if f.package == "agentmemory.v1" and s.name == short:
                described = s
    assert described is not None, f"{service} not in {[f.name for f in files]}"
    expected = [mth.name for mth in module.DESCRIPTOR.services_by_name[short].methods]
    assert [mth.name for mth in described.method] == expected
    # Dependencies (google/protobuf/*.proto) are resolvable too, as grpcurl needs.
    deps = {d for f in files for d in f.dependency}
    assert "google/protobuf/struct.proto" in deps


async def test_reflection_resolves_message_symbols(channel):
    (resp,) = await reflect(channel, file_containing_symbol="agentmemory.v1.SubscribeDecisionsResponse")
    assert resp.HasField("file_descriptor_response"), resp
    names = [descriptor_pb2.FileDescriptorProto.FromString(raw).name for raw in resp.file_descriptor_response.file_descriptor_proto]
    assert "agentmemory/v1/decision_log.proto" in names


async def test_reflection_unknown_symbol_is_not_found(channel):
    (resp,) = await reflect(channel, file_containing_symbol="agentmemory.v1.NoSuchThing")
    assert resp.HasField("error_response")
    assert resp.error_response.error_code == grpc.StatusCode.NOT_FOUND.value[0]
