"""RedisWakeups.close() ends its listener even when a cancellation is swallowed: redis-py can
swallow one that arrives while the pub/sub connection is being set up, and a server that failed
at startup then hung on exit (seen about once in 40 starts against missing tables)."""

from __future__ import annotations

import asyncio

from agentmemory_server.events.hub import EventHub
from agentmemory_server.events.redis_wakeups import RedisWakeups


async def _swallows_first_cancellation(cancellations: list[int]) -> None:
    try:
        await asyncio.Event().wait()
    except asyncio.CancelledError:
        cancellations.append(1)  # swallowed, as the library did
    await asyncio.Event().wait()


async def test_close_ends_a_listener_that_swallowed_a_cancellation():
    wakeups = RedisWakeups("redis://127.0.0.1:1", EventHub())  # never connects: the listener is replaced
    cancellations: list[int] = []
    wakeups._listener = asyncio.create_task(_swallows_first_cancellation(cancellations))
    await asyncio.sleep(0)
    closing = asyncio.create_task(wakeups.close())
    # Not wait_for: cancelling close() on timeout would cancel the listener a second time itself.
    done, _ = await asyncio.wait({closing}, timeout=5)
    try:
        assert closing in done, "close() is still waiting for the listener"
        assert wakeups._listener.cancelled()
        assert cancellations == [1]
    finally:
        for task in (wakeups._listener, closing):
            task.cancel()
        await asyncio.gather(wakeups._listener, closing, return_exceptions=True)
