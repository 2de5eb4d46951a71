"""Authentication, per-agent authorization on every RPC, TLS and mutual TLS, and the refusal to
serve a non-loopback address without authentication. On both stacks."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import grpc
import pytest
import pytest_asyncio
from grpc_health.v1 import health_pb2, health_pb2_grpc

from agentmemory.v1 import decision_log_pb2 as dl
from agentmemory.v1 import decision_log_pb2_grpc
from agentmemory.v1 import memory_pb2 as m
from agentmemory.v1 import memory_pb2_grpc
from tests.support.certs import make_certificates
from tests.support.server import REPO, ServerFactory, ServerProcess

from .helpers import error_details, new_agent_id, value

DEADLINE = 10


def issue_token(server: ServerProcess, agent: str, *grants: str) -> str:
    command = [sys.executable, "-m", "agentmemory_server", "token", "create", "--agent", agent]
    for pool in grants:
        command += ["--grant", pool]
    done = subprocess.run(command, env=server.env(), cwd=str(REPO), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def every_rpc(agent: str) -> list[tuple[str, str, Any]]:
    """(service, method, request) for every RPC of both services, each naming `agent`."""
    decision_id = "01a213bf-4d89-7fba-93e0-9cb9e1a937a5"
    memory = [
        ("PutShortTerm", m.PutShortTermRequest(agent_id=agent, key="k", value=value(1))),
        ("GetShortTerm", m.GetShortTermRequest(agent_id=agent, key="k")),
        ("BatchGetShortTerm", m.BatchGetShortTermRequest(agent_id=agent, keys=["k"])),
        ("DeleteShortTerm", m.DeleteShortTermRequest(agent_id=agent, key="k")),
        ("ClearShortTerm", m.ClearShortTermRequest(agent_id=agent)),
        ("AppendShortTerm", m.AppendShortTermRequest(agent_id=agent, key="l", values=[value(1)], max_length=5)),
        ("IncrementCounter", m.IncrementCounterRequest(agent_id=agent, key="c", delta=1)),
        ("ListShortTerm", m.ListShortTermRequest(agent_id=agent)),
        ("PutLongTerm", m.PutLongTermRequest(agent_id=agent, memory_type="PATTERN", memory_id="p", confidence=0.5)),
        ("GetLongTerm", m.GetLongTermRequest(agent_id=agent, memory_type="PATTERN", memory_id="p")),
        ("QueryLongTerm", m.QueryLongTermRequest(agent_id=agent, memory_type="PATTERN")),
        ("UpdateConfidence", m.UpdateConfidenceRequest(agent_id=agent, memory_type="PATTERN", memory_id="p", confidence=0.6)),
        ("GetConfidenceHistory", m.GetConfidenceHistoryRequest(agent_id=agent, memory_type="PATTERN", memory_id="p")),
        ("DeleteLongTerm", m.DeleteLongTermRequest(agent_id=agent, memory_type="PATTERN", memory_id="p")),
        ("SaveAgentState", m.SaveAgentStateRequest(agent_id=agent)),
        ("GetAgentState", m.GetAgentStateRequest(agent_id=agent)),
        ("ListCheckpoints", m.ListCheckpointsRequest(agent_id=agent)),
        ("RecallContext", m.RecallContextRequest(agent_id=agent)),
        ("Consolidate", m.ConsolidateRequest(agent_id=agent)),
    ]
    log_request = dl.LogDecisionRequest(agent_id=agent, decision_type="QUERY")
    decisions = [
        ("LogDecision", log_request),
        ("LogDecisions", [dl.LogDecisionsRequest(decision=log_request)]),
        ("RecordOutcome", dl.RecordOutcomeRequest(agent_id=agent, decision_id=decision_id, success=True)),
        ("GetDecision", dl.GetDecisionRequest(agent_id=agent, decision_id=decision_id)),
        ("QueryDecisions", dl.QueryDecisionsRequest(agent_id=agent)),
        ("GetDecisionChain", dl.GetDecisionChainRequest(agent_id=agent, decision_id=decision_id)),
        ("SubscribeDecisions", dl.SubscribeDecisionsRequest(agent_id=agent)),
        ("AnalyzeDecisions", dl.AnalyzeDecisionsRequest(agent_id=agent)),
        ("GetSourceEffectiveness", dl.GetSourceEffectivenessRequest(agent_id=agent)),
        ("FindEmergingPatterns", dl.FindEmergingPatternsRequest(agent_id=agent)),
        ("GetPerformanceReport", dl.GetPerformanceReportRequest(agent_id=agent)),
    ]
    return [("memory", *rpc) for rpc in memory] + [("decisions", *rpc) for rpc in decisions]


STREAMING_RESPONSES = {"QueryLongTerm", "GetDecisionChain", "SubscribeDecisions", "RecallContext"}


def test_every_rpc_lists_each_method_of_the_contract():
    contract = {
        method.name
        for module in (m, dl)
        for service in module.DESCRIPTOR.services_by_name.values()
        for method in service.methods
    }
    assert sorted(method for _, method, _ in every_rpc("a")) == sorted(contract)


async def call(channel: grpc.aio.Channel, service: str, method: str, request: Any, token: str | None) -> None:
    """Runs one RPC to completion (a stream: its first message) and raises its error, if any."""
    stub = (memory_pb2_grpc.MemoryServiceStub if service == "memory" else decision_log_pb2_grpc.DecisionLogServiceStub)(channel)
    metadata = (("authorization", f"Bearer {token}"),) if token else ()
    rpc = getattr(stub, method)
    if method == "LogDecisions":
        await rpc(iter(request), metadata=metadata, timeout=DEADLINE)
    elif method in STREAMING_RESPONSES:
        stream = rpc(request, metadata=metadata, timeout=DEADLINE)
        async for _ in stream:
            break
        stream.cancel()
    else:
        await rpc(request, metadata=metadata, timeout=DEADLINE)


@pytest_asyncio.fixture(loop_scope="session")
async def secured(server_factory: ServerFactory) -> AsyncIterator[ServerProcess]:
    yield await server_factory.start("secured", {"AGENTMEMORY_AUTH": "token"})


async def test_every_rpc_checks_the_token_against_its_agent(secured: ServerProcess):
    agent, pool, stranger = new_agent_id("owner"), new_agent_id("pool"), new_agent_id("stranger")
    token = issue_token(secured, agent, pool)
    async with grpc.aio.insecure_channel(secured.address) as channel:
        for service, method, request in every_rpc(stranger):
            with pytest.raises(grpc.aio.AioRpcError) as denied:
                await call(channel, service, method, request, token)
            assert denied.value.code() == grpc.StatusCode.PERMISSION_DENIED, method
            assert error_details(denied.value).error_info.reason == "PERMISSION_DENIED", method
        for owner in (agent, pool):
            for service, method, request in every_rpc(owner):
                try:
                    await call(channel, service, method, request, token)
                except grpc.aio.AioRpcError as error:  # e.g. NOT_FOUND for the made-up decision id
                    assert error.code() not in (grpc.StatusCode.PERMISSION_DENIED, grpc.StatusCode.UNAUTHENTICATED), (
                        method,
                        error.details(),
                    )


async def test_calls_without_a_valid_token_are_unauthenticated(secured: ServerProcess):
    agent = new_agent_id("anon")
    async with grpc.aio.insecure_channel(secured.address) as channel:
        for token in (None, "am_unknown", "not-a-token"):
            for service, method, request in every_rpc(agent)[:3] + every_rpc(agent)[-2:]:
                with pytest.raises(grpc.aio.AioRpcError) as refused:
                    await call(channel, service, method, request, token)
                assert refused.value.code() == grpc.StatusCode.UNAUTHENTICATED, (method, token)
        # Health and reflection stay open for load balancers and grpcurl.
        health = await health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=DEADLINE)
        assert health.status == health_pb2.HealthCheckResponse.SERVING


async def test_a_bulk_stream_with_one_foreign_decision_stores_nothing(secured: ServerProcess):
    agent, stranger = new_agent_id("bulk"), new_agent_id("stranger")
    token = issue_token(secured, agent)
    metadata = (("authorization", f"Bearer {token}"),)
    async with grpc.aio.insecure_channel(secured.address) as channel:
        stub = decision_log_pb2_grpc.DecisionLogServiceStub(channel)
        batch = [dl.LogDecisionsRequest(decision=dl.LogDecisionRequest(agent_id=a, decision_type="QUERY")) for a in (agent, agent, stranger)]
        with pytest.raises(grpc.aio.AioRpcError) as denied:
            await stub.LogDecisions(iter(batch), metadata=metadata, timeout=DEADLINE)
        assert denied.value.code() == grpc.StatusCode.PERMISSION_DENIED
        stored = await stub.QueryDecisions(dl.QueryDecisionsRequest(agent_id=agent), metadata=metadata, timeout=DEADLINE)
        assert list(stored.decisions) == []


async def test_a_batched_message_with_one_foreign_decision_stores_nothing(secured: ServerProcess):
    agent, stranger = new_agent_id("batched"), new_agent_id("stranger")
    token = issue_token(secured, agent)
    metadata = (("authorization", f"Bearer {token}"),)
    ours = dl.LogDecisionRequest(agent_id=agent, decision_type="QUERY")
    async with grpc.aio.insecure_channel(secured.address) as channel:
        stub = decision_log_pb2_grpc.DecisionLogServiceStub(channel)
        # The foreign decision hides in the repeated field of a message whose first decision is allowed.
        message = dl.LogDecisionsRequest(
            decision=ours, decisions=[ours, dl.LogDecisionRequest(agent_id=stranger, decision_type="QUERY")]
        )
        with pytest.raises(grpc.aio.AioRpcError) as denied:
            await stub.LogDecisions(iter([message]), metadata=metadata, timeout=DEADLINE)
        assert denied.value.code() == grpc.StatusCode.PERMISSION_DENIED
        stored = await stub.QueryDecisions(dl.QueryDecisionsRequest(agent_id=agent), metadata=metadata, timeout=DEADLINE)
        assert list(stored.decisions) == []
        allowed = await stub.LogDecisions(
            iter([dl.LogDecisionsRequest(decisions=[ours, ours])]), metadata=metadata, timeout=DEADLINE
        )
        assert len(allowed.decision_ids) == 2


async def test_tls_and_mutual_tls(server_factory: ServerFactory, tmp_path: Path):
    certs = make_certificates(tmp_path)
    files = {}
    for name in ("server_key", "server_cert", "client_key", "client_cert"):
        files[name] = tmp_path / f"{name}.pem"
        files[name].write_bytes(getattr(certs, name))
    tls = {"AGENTMEMORY_TLS_CERT_FILE": str(files["server_cert"]), "AGENTMEMORY_TLS_KEY_FILE": str(files["server_key"])}
    request = m.GetShortTermRequest(agent_id=new_agent_id("tls"), key="k")

    server = server_factory.create("tls", extra_env=tls)
    await server.prepare()
    server.launch()
    trusted = grpc.ssl_channel_credentials(root_certificates=certs.server_cert)
    async with grpc.aio.secure_channel(f"localhost:{server.port}", trusted) as channel:
        await channel_ready(channel)
        assert (await memory_pb2_grpc.MemoryServiceStub(channel).GetShortTerm(request, timeout=DEADLINE)).found is False
    async with grpc.aio.insecure_channel(server.address) as plaintext:
        with pytest.raises(grpc.aio.AioRpcError):
            await memory_pb2_grpc.MemoryServiceStub(plaintext).GetShortTerm(request, timeout=3)
    await server.stop()

    mutual = server_factory.create("mtls", extra_env={**tls, "AGENTMEMORY_TLS_CLIENT_CA_FILE": str(files["client_cert"])})
    await mutual.prepare()
    mutual.launch()
    with_cert = grpc.ssl_channel_credentials(certs.server_cert, certs.client_key, certs.client_cert)
    async with grpc.aio.secure_channel(f"localhost:{mutual.port}", with_cert) as channel:
        await channel_ready(channel)
        assert (await memory_pb2_grpc.MemoryServiceStub(channel).GetShortTerm(request, timeout=DEADLINE)).found is False
    async with grpc.aio.secure_channel(f"localhost:{mutual.port}", trusted) as no_cert:
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await memory_pb2_grpc.MemoryServiceStub(no_cert).GetShortTerm(request, timeout=3)
        assert refused.value.code() == grpc.StatusCode.UNAVAILABLE


async def channel_ready(channel: grpc.aio.Channel) -> None:
    import asyncio

    await asyncio.wait_for(channel.channel_ready(), 15)


async def test_no_remote_address_without_authentication(server_factory: ServerFactory):
    # Refused before anything binds: the address is never opened.
    server = server_factory.create("exposed", extra_env={"AGENTMEMORY_ADDRESS": "0.0.0.0:1"})
    server.launch()
    assert await server.wait_exit(15) != 0
    assert "refusing to serve 0.0.0.0:1 without authentication" in server.output()


async def test_rate_limited_calls_are_resource_exhausted_with_retry_info(server_factory: ServerFactory):
    server = await server_factory.start("limited", {"AGENTMEMORY_RATE_LIMIT": "1", "AGENTMEMORY_RATE_LIMIT_BURST": "3"})
    agent, other = new_agent_id("busy"), new_agent_id("calm")
    async with grpc.aio.insecure_channel(server.address) as channel:
        stub = memory_pb2_grpc.MemoryServiceStub(channel)
        for _ in range(3):
            await stub.GetShortTerm(m.GetShortTermRequest(agent_id=agent, key="k"), timeout=DEADLINE)
        with pytest.raises(grpc.aio.AioRpcError) as limited:
            await stub.GetShortTerm(m.GetShortTermRequest(agent_id=agent, key="k"), timeout=DEADLINE)
        assert limited.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
        details = error_details(limited.value)
        assert details.error_info.reason == "RATE_LIMITED"
        assert 0 < details.retry_info.retry_delay.ToMilliseconds() <= 1000
        await stub.GetShortTerm(m.GetShortTermRequest(agent_id=other, key="k"), timeout=DEADLINE)
