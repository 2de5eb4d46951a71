"""The load client of `make bench`: a fixed number of calls in flight for a bounded time, with
each call's latency, and the server's CPU time and RSS read from /proc around the run."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import grpc

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")


def percentile(sorted_ms: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    if not sorted_ms:
        return float("nan")
    return sorted_ms[min(len(sorted_ms) - 1, int(len(sorted_ms) * fraction))]


@contextlib.asynccontextmanager
async def collector_held_off() -> AsyncIterator[None]:
    """The load client's cyclic garbage collector off for a measured run, as timeit turns it off.
    A run keeps every latency and id it sees, and a full collection over them stalled the
    client's event loop for ~50 ms: every answer arriving meanwhile was timed that much late, an
    artefact of the client that passed for the server's tail latency. Collected before, so one
    run's garbage is not carried into the next; a run makes little cyclic garbage of its own."""
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass
class LoadResult:
    calls: int
    seconds: float
    latencies_ms: list[float]
    errors: int
    # Of the measured part of the run; NaN without a gauge.
    server_cpu_us_per_call: float = float("nan")
    server_rss_mb: float = float("nan")

    @property
    def calls_per_s(self) -> float:
        return self.calls / self.seconds

    def p(self, fraction: float) -> float:
        return percentile(self.latencies_ms, fraction)


async def closed_loop(
    call: Callable[[int], Awaitable[object]],
    in_flight: int,
    seconds: float,
    gauge: ServerGauge | None = None,
    warmup_s: float = 0.5,
) -> LoadResult:
    """`in_flight` callers, each issuing its next call when the last one answers, for `seconds`
    after a warm-up. A failed call counts as an error (and is not timed). With a gauge, the
    server's CPU time over the measured part is divided among the calls made in it."""
    loop = asyncio.get_running_loop()
    counter = 0
    latencies: list[float] = []
    errors = 0
    measuring = False
    stop_at = 0.0

    async def caller() -> None:
        nonlocal counter, errors
        while loop.time() < stop_at:
            index = counter
            counter += 1
            began = time.perf_counter()
            try:
                await call(index)
            except grpc.aio.AioRpcError:
                errors += measuring
                continue
            if measuring:
                latencies.append((time.perf_counter() - began) * 1000)

    cpu_before = 0.0
    measured_from = 0.0

    async def start_measuring() -> None:
        nonlocal measuring, cpu_before, measured_from
        await asyncio.sleep(warmup_s)
        cpu_before = gauge.cpu_s() if gauge else 0.0
        measured_from = loop.time()
        measuring = True

    async with collector_held_off():
        # Timed from here: collecting the garbage of what ran before takes a while in a big process.
        stop_at = loop.time() + warmup_s + seconds
        switch = asyncio.create_task(start_measuring())
        await asyncio.gather(*(caller() for _ in range(in_flight)))
        await switch
    latencies.sort()
    result = LoadResult(len(latencies), loop.time() - measured_from, latencies, errors)
    if gauge is not None:
        result.server_cpu_us_per_call = (gauge.cpu_s() - cpu_before) * 1e6 / max(1, result.calls)
        result.server_rss_mb = gauge.rss_mb()
    return result


async def alternating(
    calls: dict[str, Callable[[int], Awaitable[object]]],
    in_flight: int,
    seconds: float,
    gauges: dict[str, ServerGauge],
    rounds: int = 3,
) -> dict[str, LoadResult]:
    """Each of `calls` (ours, a baseline, ...) loaded in turn for `rounds` rounds of seconds /
    rounds each, then each one's rounds merged: on shared cores whatever else runs drifts over
    a run, and alternating spreads the drift over all of them instead of biasing a ratio. Every
    other round goes in the reverse order (A B, B A, ...), so that none is always first after the
    other's load, and a steady drift falls on each alike."""
    parts: dict[str, list[LoadResult]] = {name: [] for name in calls}
    order = list(calls.items())
    for round_index in range(rounds):
        for name, call in order if round_index % 2 == 0 else reversed(order):
            parts[name].append(await closed_loop(call, in_flight, seconds / rounds, gauges.get(name)))
    return {name: merged(results) for name, results in parts.items()}


def merged(results: list[LoadResult]) -> LoadResult:
    """Several runs of one load as one: calls, time and latencies added up; CPU per call over all."""
    calls = sum(r.calls for r in results)
    out = LoadResult(calls, sum(r.seconds for r in results), sorted(ms for r in results for ms in r.latencies_ms),
                     sum(r.errors for r in results))
    out.server_cpu_us_per_call = sum(r.server_cpu_us_per_call * r.calls for r in results) / max(1, calls)
    out.server_rss_mb = results[-1].server_rss_mb
    return out


def _process_tree(pid: int) -> list[int]:
    """pid and its descendants (the workers of `serve --workers N`)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry.name))
    tree, frontier = [pid], [pid]
    while frontier:
        frontier = [child for parent in frontier for child in parents.get(parent, [])]
        tree += frontier
    return tree


def _stat_fields(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


class ServerGauge:
    """CPU seconds (utime + stime) and resident memory of a server process and its children."""

    def __init__(self, pid: int) -> None:
        self.pid = pid

    def cpu_s(self) -> float:
        ticks = 0
        for pid in _process_tree(self.pid):
            try:
                fields = _stat_fields(pid)
            except OSError:
                continue
            # After the command: state is field 0, utime field 11, stime field 12.
            ticks += int(fields[11]) + int(fields[12])
        return ticks / CLOCK_TICKS

    def rss_mb(self) -> float:
        pages = 0
        for pid in _process_tree(self.pid):
            try:
                pages += int(_stat_fields(pid)[21])
            except OSError:
                continue
        return pages * PAGE_BYTES / 1e6
