"""Per-RPC latency on each storage stack: one client, one call in flight, on loopback.

Starts its own servers (the AWS stack on the test servers of scripts/services.sh, whose
variables must be in the environment) and prints p50/p99 per RPC. Bounded: CALLS per RPC.
Usage: python -m bench.rpc_latency [--calls N] [--stacks embedded,aws]
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

import grpc
from google.protobuf import struct_pb2

from agentmemory.v1 import decision_log_pb2 as dl
from agentmemory.v1 import decision_log_pb2_grpc
from agentmemory.v1 import memory_pb2 as m
from agentmemory.v1 import memory_pb2_grpc
from tests.support.server import ServerProcess, stack_env


def _struct(data: dict) -> struct_pb2.Struct:
    out = struct_pb2.Struct()
    out.update(data)
    return out


async def _measure(call: Callable[[int], Awaitable[object]], calls: int) -> tuple[float, float]:
    for i in range(min(20, calls)):  # warm-up: connections, caches, JIT-less but lazy paths
        await call(i)
    samples = []
    for i in range(calls):
        start = time.perf_counter()
        await call(i)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.99))]


async def run_stack(stack: str, calls: int) -> list[tuple[str, float, float]]:
    workdir = Path(tempfile.mkdtemp(prefix=f"bench-{stack}-"))
    server = ServerProcess(workdir / "data", {**stack_env(stack, "bench"), "AGENTMEMORY_HEARTBEAT_INTERVAL": "10"})
    await server.start()
    rows: list[tuple[str, float, float]] = []
    try:
        async with grpc.aio.insecure_channel(server.address) as channel:
            memory = memory_pb2_grpc.MemoryServiceStub(channel)
            log = decision_log_pb2_grpc.DecisionLogServiceStub(channel)
            agent = f"bench-{uuid.uuid4().hex[:8]}"
            value = struct_pb2.Value()
            value.struct_value.update({"volatility": "high", "trend": "bullish", "cycle": 142})
            context = _struct({"market": {"volatility": "high", "trend": "bullish"}, "cycle": 142})
            reasoning = _struct({"scores": {"whaleMovements": 0.92}, "selected": ["whaleMovements"]})
            await memory.PutLongTerm(m.PutLongTermRequest(agent_id=agent, memory_type="PATTERN", memory_id="p", confidence=0.7))
            ids: list[str] = []

            async def log_decision(i: int) -> None:
                response = await log.LogDecision(
                    dl.LogDecisionRequest(agent_id=agent, decision_type="SOURCE_SELECTION", context=context, reasoning=reasoning)
                )
                ids.append(response.decision.decision_id)

            scenarios: list[tuple[str, Callable[[int], Awaitable[object]]]] = [
                ("PutShortTerm", lambda i: memory.PutShortTerm(m.PutShortTermRequest(agent_id=agent, key=f"context:{i % 50}", value=value))),
                ("GetShortTerm", lambda i: memory.GetShortTerm(m.GetShortTermRequest(agent_id=agent, key=f"context:{i % 50}"))),
                ("IncrementCounter", lambda i: memory.IncrementCounter(m.IncrementCounterRequest(agent_id=agent, key="ratelimit:src", delta=1))),
                ("PutLongTerm", lambda i: memory.PutLongTerm(m.PutLongTermRequest(agent_id=agent, memory_type="PATTERN", memory_id=f"p{i % 20}", confidence=0.5))),
                ("GetLongTerm", lambda i: memory.GetLongTerm(m.GetLongTermRequest(agent_id=agent, memory_type="PATTERN", memory_id="p"))),
                ("LogDecision", log_decision),
                ("RecordOutcome", lambda i: log.RecordOutcome(dl.RecordOutcomeRequest(agent_id=agent, decision_id=ids[i % len(ids)], success=True, overwrite=True))),
                ("GetDecision", lambda i: log.GetDecision(dl.GetDecisionRequest(agent_id=agent, decision_id=ids[i % len(ids)]))),
                ("QueryDecisions(page 20, context filter)", lambda i: log.QueryDecisions(dl.QueryDecisionsRequest(agent_id=agent, page_size=20, context_filter=_struct({"market.trend": "bullish"})))),
            ]
            for name, call in scenarios:
                rows.append((name, *await _measure(call, calls)))
    finally:
        await server.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    return rows


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--stacks", default="embedded,aws")
    args = parser.parse_args()
    print(f"{'stack':9} {'rpc':42} {'p50 ms':>8} {'p99 ms':>8}   ({args.calls} sequential calls each)")
    for stack in args.stacks.split(","):
        for name, p50, p99 in await run_stack(stack, args.calls):
            print(f"{stack:9} {name:42} {p50:8.2f} {p99:8.2f}")


if __name__ == "__main__":
    asyncio.run(main())
