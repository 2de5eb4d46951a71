"""ServiceCalls: the calls a graceful stop waits for are the services' own, from the moment gRPC
asks about them to the end of their task."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

from agentmemory_server.api.draining import ServiceCalls


def asked_about(calls: ServiceCalls, method: str, release: asyncio.Event) -> asyncio.Task[None]:
    """A call's task, as gRPC runs it: asks the generic handlers first, then waits to be let go."""

    async def call() -> None:
        assert calls.service(SimpleNamespace(method=method, invocation_metadata=())) is None
        await release.wait()

    return asyncio.create_task(call())


async def test_only_calls_to_the_services_are_kept_and_none_is_served():
    calls = ServiceCalls(("agentmemory.v1.DecisionLogService",))
    release = asyncio.Event()
    ours = asked_about(calls, "/agentmemory.v1.DecisionLogService/LogDecision", release)
    watch = asked_about(calls, "/grpc.health.v1.Health/Watch", release)
    lookalike = asked_about(calls, "/agentmemory.v1.DecisionLogServiceX/LogDecision", release)
    await asyncio.sleep(0)
    assert calls.pending() == [ours]
    release.set()
    await asyncio.gather(ours, watch, lookalike)
    assert calls.pending() == []


async def test_finished_waits_for_every_call_including_those_seen_while_waiting():
    calls = ServiceCalls(("agentmemory.v1.MemoryService",))
    first_done, second_done = asyncio.Event(), asyncio.Event()
    first = asked_about(calls, "/agentmemory.v1.MemoryService/PutShortTerm", first_done)
    await asyncio.sleep(0)
    finished = asyncio.create_task(calls.finished())
    await asyncio.sleep(0)
    second = asked_about(calls, "/agentmemory.v1.MemoryService/GetShortTerm", second_done)
    await asyncio.sleep(0)
    first_done.set()
    await first
    await asyncio.sleep(0.01)
    assert not finished.done()
    second_done.set()
    await asyncio.wait_for(finished, 1)
    assert second.done()


async def test_finished_returns_at_once_with_no_call_in_flight():
    await asyncio.wait_for(ServiceCalls(("agentmemory.v1.MemoryService",)).finished(), 1)
