"""Soak: mixed load for a bounded time against one server, with the server's memory measured at
the start and the end. Not part of `make test`; `make soak` runs 30 minutes.

Usage: python -m bench.soak [--seconds 1800] [--stack embedded|aws] [--in-flight 16]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import tempfile
import time
import uuid
from pathlib import Path

import grpc
from google.protobuf import struct_pb2

from agentmemory.v1 import decision_log_pb2 as dl
from agentmemory.v1 import decision_log_pb2_grpc
from agentmemory.v1 import memory_pb2 as m
from agentmemory.v1 import memory_pb2_grpc
from tests.support.server import ServerProcess, stack_env


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


async def worker(stop_at: float, channel: grpc.aio.Channel, counts: dict[str, int], errors: dict[str, int]) -> None:
    memory = memory_pb2_grpc.MemoryServiceStub(channel)
    log = decision_log_pb2_grpc.DecisionLogServiceStub(channel)
    agent = f"soak-{uuid.uuid4().hex[:6]}"
    context = struct_pb2.Struct()
    decision_ids: list[str] = []
    while time.monotonic() < stop_at:
        choice = random.random()
        try:
            if choice < 0.35:
                value = struct_pb2.Value(string_value="x" * random.randint(10, 2000))
                await memory.PutShortTerm(m.PutShortTermRequest(agent_id=agent, key=f"context:{random.randint(0, 200)}", value=value), timeout=10)
                name = "PutShortTerm"
            elif choice < 0.6:
                await memory.GetShortTerm(m.GetShortTermRequest(agent_id=agent, key=f"context:{random.randint(0, 200)}"), timeout=10)
                name = "GetShortTerm"
            elif choice < 0.8:
                context.update({"market": random.choice(["BULL", "BEAR", "FLAT"]), "cycle": random.randint(0, 10**6)})
                response = await log.LogDecision(dl.LogDecisionRequest(agent_id=agent, decision_type="SOURCE_SELECTION", context=context), timeout=10)
                decision_ids.append(response.decision.decision_id)
                decision_ids[:] = decision_ids[-500:]
                name = "LogDecision"
            elif choice < 0.9 and decision_ids:
                await log.RecordOutcome(dl.RecordOutcomeRequest(agent_id=agent, decision_id=random.choice(decision_ids), success=random.random() < 0.6, overwrite=True), timeout=10)
                name = "RecordOutcome"
            else:
                await log.QueryDecisions(dl.QueryDecisionsRequest(agent_id=agent, page_size=20), timeout=10)
                name = "QueryDecisions"
            counts[name] = counts.get(name, 0) + 1
        except grpc.aio.AioRpcError as error:
            errors[error.code().name] = errors.get(error.code().name, 0) + 1


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=1800)
    parser.add_argument("--stack", default="embedded")
    parser.add_argument("--in-flight", type=int, default=16)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="soak-"))
    server = ServerProcess(workdir / "data", stack_env(args.stack, "soak"))
    await server.start()
    try:
        start_rss = rss_mib(server.proc.pid)
        counts: dict[str, int] = {}
        errors: dict[str, int] = {}
        stop_at = time.monotonic() + args.seconds
        samples = []
        async with grpc.aio.insecure_channel(server.address) as channel:
            workers = [asyncio.create_task(worker(stop_at, channel, counts, errors)) for _ in range(args.in_flight)]
            while time.monotonic() < stop_at:
                await asyncio.sleep(min(10, max(0.1, stop_at - time.monotonic())))
                samples.append(rss_mib(server.proc.pid))
            await asyncio.gather(*workers)
        end_rss = rss_mib(server.proc.pid)
    finally:
        await server.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    total = sum(counts.values())
    print(f"soak {args.stack}: {args.seconds:.0f}s, {args.in_flight} in flight, {total} calls ({total / args.seconds:.0f}/s)")
    print(f"  calls:  {dict(sorted(counts.items()))}")
    print(f"  errors: {errors or 'none'}")
    print(f"  server RSS: start {start_rss:.1f} MiB, end {end_rss:.1f} MiB, peak {max(samples + [end_rss]):.1f} MiB")


if __name__ == "__main__":
    asyncio.run(main())
