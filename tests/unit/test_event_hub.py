from __future__ import annotations

import asyncio

import pytest

from agentmemory_server.events.hub import EventHub


async def test_notify_wakes_only_that_agents_waiters():
    hub = EventHub()
    mine = asyncio.create_task(hub.wait("a", hub.generation("a"), 5))
    other = asyncio.create_task(hub.wait("b", hub.generation("b"), 0.2))
    await asyncio.sleep(0.01)
    hub.notify("a")
    assert await mine is True
    assert await other is False


async def test_a_notify_between_reading_and_waiting_is_not_lost():
    hub = EventHub()
    seen = hub.generation("a")
    hub.notify("a")
    assert await asyncio.wait_for(hub.wait("a", seen, 5), 1) is True


async def test_close_wakes_everyone_and_idle_agents_are_forgotten():
    hub = EventHub()
    waiting = [asyncio.create_task(hub.wait(agent, 0, 5)) for agent in ("a", "b")]
    await asyncio.sleep(0.01)
    hub.close()
    assert await asyncio.gather(*waiting) == [True, True]
    assert await hub.wait("c", 0, 5) is True  # a closed hub never blocks
    idle = EventHub()
    await idle.wait("gone", idle.generation("gone"), 0.01)
    assert "gone" not in idle._generation and "gone" not in idle._waiters


async def test_generations_only_grow_even_for_a_forgotten_agent():
    hub = EventHub()
    hub.notify("a")
    first = hub.generation("a")
    await hub.wait("a", first, 0.01)  # times out; the idle agent is forgotten
    assert hub.generation("a") == 0
    hub.notify("b")
    hub.notify("a")
    assert hub.generation("a") > hub.generation("b") > first


async def test_a_cancelled_wait_leaves_no_waiter_and_no_timer():
    hub = EventHub()
    loop = asyncio.get_running_loop()
    before = set(loop._scheduled)  # noqa: SLF001 - the loop's timers, to find the one the wait arms
    waiting = asyncio.create_task(hub.wait("a", 0, 30))
    await asyncio.sleep(0.01)
    timers = [handle for handle in loop._scheduled if handle not in before]  # noqa: SLF001
    assert len(timers) == 1
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    assert "a" not in hub._waiters
    assert timers[0].cancelled()
