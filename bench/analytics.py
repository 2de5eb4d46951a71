"""Analytics as the log grows: N decisions spread over D days are written through the embedded
store's own write path (so the rollups are kept exactly as in production), then a server on that
store answers AnalyzeDecisions over the whole range twice: grouped by a rolled-up path (answered
from the rollups) and by a path that is not rolled up (a full scan of the range, the baseline).

Usage: python -m bench.analytics [--decisions 1000000] [--days 30] [--repeat 5]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from pathlib import Path

import grpc

from agentmemory.v1 import decision_log_pb2 as dl
from agentmemory.v1 import decision_log_pb2_grpc
from agentmemory_server.config import Settings
from agentmemory_server.core.decisions import new_decision_id
from agentmemory_server.core.models import Decision, NewDecision, Outcome, now_us
from agentmemory_server.core.days import DAY_US
from agentmemory_server.core.rollups import RollupSpec
from agentmemory_server.storage.embedded.store import EmbeddedStore
from tests.support.server import ServerProcess

AGENT = "market-hunter"
BATCH = 5000
VOLATILITY = ["high", "medium", "low"]
TRENDS = ["bullish", "bearish", "sideways"]
HOURS = ["asian", "european", "american"]
SOURCES = ["whaleMovements", "derivatives", "institutional", "onchain", "sentiment", "news"]


def synthetic(index: int, at_us: int, rng: random.Random) -> Decision:
    volatility = VOLATILITY[index % 3]
    selected = rng.sample(SOURCES, 3)
    success = rng.random() < (0.75 if volatility == "high" and "whaleMovements" in selected else 0.45)
    return Decision(
        decision_id=new_decision_id(),
        agent_id=AGENT,
        decision_type="SOURCE_SELECTION" if index % 5 else "QUERY",
        create_us=at_us,
        context={
            "market": {"volatility": volatility, "trend": TRENDS[index // 3 % 3]},
            "trading_hours": HOURS[index // 9 % 3],
            "regime": f"r{index % 7}",
            "cycle": index,
        },
        reasoning={"selected": selected, "scores": {s: round(rng.random(), 3) for s in selected}},
        outcome=None
        if index % 10 == 0
        else Outcome(success, {"signals": int(success)}, {"quality": rng.random()}, at_us + 1_200_000),
    )


async def ingest(path: Path, decisions: int, days: int) -> tuple[float, int, int]:
    settings = Settings()
    store = EmbeddedStore(path, RollupSpec(tuple(settings.analytics_dimensions), settings.analytics_choice_path))
    await store.open()
    end = now_us()
    start = end - days * DAY_US
    rng = random.Random(7)
    began = time.perf_counter()
    try:
        for first in range(0, decisions, BATCH):
            count = min(BATCH, decisions - first)
            step = (end - start) // decisions
            batch = [synthetic(i, start + i * step, rng) for i in range(first, first + count)]
            await store.decisions.append([NewDecision(d) for d in batch])
    finally:
        await store.close()
    return time.perf_counter() - began, start, end


async def timed(call, repeat: int) -> tuple[float, dl.AnalyzeDecisionsResponse]:
    samples = []
    response = None
    for _ in range(repeat):
        began = time.perf_counter()
        response = await call()
        samples.append((time.perf_counter() - began) * 1000)
    return statistics.median(samples), response


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--decisions", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-analytics-") as workdir:
        data = Path(workdir) / "data"
        data.mkdir()
        seconds, start, end = await ingest(data / "agentmemory.sqlite3", args.decisions, args.days)
        print(f"ingested {args.decisions:,} decisions over {args.days} days in {seconds:.1f} s "
              f"({args.decisions / seconds:,.0f}/s, store write path with rollups)")

        server = ServerProcess(
            data,
            {
                "AGENTMEMORY_ANALYTICS_MAX_SCAN": str(args.decisions + 1),
                "AGENTMEMORY_CONSOLIDATION_INTERVAL": "0",
                "AGENTMEMORY_MAX_MESSAGE_BYTES": str(64 * 1024 * 1024),
            },
        )
        await server.start()
        try:
            async with grpc.aio.insecure_channel(server.address) as channel:
                stub = decision_log_pb2_grpc.DecisionLogServiceStub(channel)

                def analyze(group_by: list[str]):
                    request = dl.AnalyzeDecisionsRequest(agent_id=AGENT, group_by=group_by)
                    request.start_time.FromMicroseconds(start)
                    request.end_time.FromMicroseconds(end + 1)
                    return lambda: stub.AnalyzeDecisions(request, timeout=600)

                rollup_ms, rollup = await timed(analyze(["market.volatility", "trading_hours"]), args.repeat)
                scan_ms, scan = await timed(analyze(["market.volatility", "regime"]), max(1, args.repeat // 5))
        finally:
            await server.stop()
    rollup_total = sum(g.total for g in rollup.groups)
    scan_total = sum(g.total for g in scan.groups)
    assert rollup_total == scan_total == args.decisions, (rollup_total, scan_total)
    print()
    print(f"{'AnalyzeDecisions over ' + str(args.days) + ' days':<44}{'p50 ms':>10}{'rows read':>12}{'groups':>8}")
    print(f"{'group_by rolled-up paths (rollups)':<44}{rollup_ms:>10.1f}{rollup.rows_read:>12,}{len(rollup.groups):>8}")
    print(f"{'group_by a path not rolled up (full scan)':<44}{scan_ms:>10.1f}{scan.rows_read:>12,}{len(scan.groups):>8}")
    print(f"rollups: {scan_ms / rollup_ms:,.0f}x faster, {scan.rows_read / max(1, rollup.rows_read):,.0f}x fewer rows read")


if __name__ == "__main__":
    asyncio.run(main())
