"""Short runs of the benchmarks, so the harnesses cannot rot between benchmark runs. Each runs
with a temporary directory of its own, which must be empty again when it ends: a full run leaves
gigabytes of server data behind otherwise."""

from __future__ import annotations

import asyncio
import json
import os
import sys

import pytest

from tests.support.server import REPO, require_stack


def scratch_env(tmp_path) -> dict[str, str]:
    """The environment with TMPDIR in a directory of its own under tmp_path."""
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    return {**os.environ, "TMPDIR": str(scratch)}


def assert_left_nothing(tmp_path) -> None:
    left = list((tmp_path / "scratch").iterdir())
    assert not left, f"the benchmark left {left} behind"


async def test_latency_benchmark_runs_on_both_stacks(tmp_path):
    require_stack("aws")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.rpc_latency", "--calls", "3", "--stacks", "embedded,aws",
        cwd=str(REPO), env=scratch_env(tmp_path), stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), 120)
    text = output.decode()
    assert process.returncode == 0, text
    assert_left_nothing(tmp_path)
    rows = [line.split() for line in text.splitlines()[1:] if line.strip()]
    assert {row[0] for row in rows} == {"embedded", "aws"}
    assert len(rows) == 18 and all(float(row[-1]) >= float(row[-2]) > 0 for row in rows), text


async def test_soak_harness_runs(tmp_path):
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.soak", "--seconds", "2", "--in-flight", "4",
        cwd=str(REPO), env=scratch_env(tmp_path), stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), 60)
    text = output.decode()
    assert process.returncode == 0, text
    assert_left_nothing(tmp_path)
    assert "errors: none" in text and "server RSS: start" in text, text


async def test_analytics_benchmark_runs(tmp_path):
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.analytics", "--decisions", "2000", "--days", "3", "--repeat", "1",
        cwd=str(REPO), env=scratch_env(tmp_path), stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), 120)
    text = output.decode()
    assert process.returncode == 0, text
    assert_left_nothing(tmp_path)
    assert "ingested 2,000 decisions" in text and "fewer rows read" in text, text


@pytest.mark.timeout(300)
async def test_benchmark_suite_runs_every_scenario(tmp_path):
    require_stack("aws")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.suite", "--quick", "--results-dir", str(tmp_path),
        cwd=str(REPO), env=scratch_env(tmp_path), stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), 280)
    text = output.decode()
    assert process.returncode == 0, text
    assert_left_nothing(tmp_path)
    results = json.loads((tmp_path / "latest.json").read_text())
    assert isinstance(results, list) and len(results) == 24, text
    (json_row,) = [row for row in results if "documents as JSON text" in row["scenario"]]
    assert json_row["calls_per_s"] > 0 and json_row["errors"] == 0, json_row
    dated = [path for path in tmp_path.glob("*.json") if path.name != "latest.json"]
    assert len(dated) == 1 and json.loads(dated[0].read_text()) == results
    for row in results:
        assert {"scenario", "calls_per_s", "p50_ms", "p99_ms", "baseline", "baseline_calls_per_s", "ratio"} <= set(row)
        assert row["run"] == dated[0].stem and row["options"]["quick"] is True, row
        assert row["errors"] == 0 and row["p99_ms"] >= row["p50_ms"] > 0, row
    assert "0 duplicated, 0 not delivered" in text and "rows read for 50 returned" in text, text
    assert "250 decisions per message" in text and "bare grpc.aio receiving the stream" in text, text
    assert "51 items (ScannedCount; Count 51) in 1 Query call on by_context for 50 returned" in text, text
