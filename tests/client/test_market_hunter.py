"""examples/market_hunter.py, run as a program against a live embedded server: with its
default seed, the cycles after the agent has learned patterns succeed more often than its
first block, when it knew nothing."""

from __future__ import annotations

import asyncio
import os
import re
import sys

import pytest

from tests.support.server import REPO, ServerFactory

EXAMPLE = REPO / "examples" / "market_hunter.py"
BLOCK_LINE = re.compile(r"^cycles\s+(\d+)-\s*(\d+): success\s+(\d+)%", re.MULTILINE)


@pytest.mark.timeout(90)
async def test_market_hunter_learns_and_its_success_rate_climbs(server_factory: ServerFactory) -> None:
    # No scheduled consolidation may run in the middle of the example's own.
    server = await server_factory.start("market-hunter", {"AGENTMEMORY_CONSOLIDATION_INTERVAL": "0"})
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(EXAMPLE),
        "--address",
        server.address,
        "--seed",
        "7",
        env={**os.environ, "PYTHONPATH": str(REPO / "stubs" / "python")},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    started = asyncio.get_running_loop().time()
    output, _ = await asyncio.wait_for(process.communicate(), 60)
    elapsed = asyncio.get_running_loop().time() - started
    text = output.decode()
    assert process.returncode == 0, text
    assert elapsed < 30, f"the example took {elapsed:.1f}s"

    blocks = [(int(first), int(last), int(rate) / 100) for first, last, rate in BLOCK_LINE.findall(text)]
    assert [(first, last) for first, last, _ in blocks] == [(1 + 20 * i, 20 * (i + 1)) for i in range(8)], text
    rates = [rate for _, _, rate in blocks]
    first, second_half = rates[0], rates[len(rates) // 2 :]
    assert all(rate > first for rate in second_half), text
    assert sum(second_half) / len(second_half) >= first + 0.2, text
    assert "consolidation: promoted" in text, text
    assert re.search(r"chosen by pattern [1-9]", text), "later cycles follow learned patterns:\n" + text
