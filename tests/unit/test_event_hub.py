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


async def test_each_waiter_of_an_agent_times_out_at_its_own_time():
    hub = EventHub()
    loop = asyncio.get_running_loop()
    started = loop.time()
    ended: dict[str, tuple[float, bool]] = {}

    async def wait(name: str, timeout: float) -> None:
        timed_out = not await hub.wait("a", 0, timeout)
        ended[name] = (loop.time() - started, timed_out)

    # The longest first: a shorter wait after it brings the agent's timer forward.
    await asyncio.wait_for(asyncio.gather(wait("long", 0.3), wait("short", 0.1), wait("middle", 0.2)), 2)
    assert sorted(ended, key=lambda name: ended[name][0]) == ["short", "middle", "long"]
    for name, timeout in (("short", 0.1), ("middle", 0.2), ("long", 0.3)):
        elapsed, timed_out = ended[name]
        assert timed_out and timeout <= elapsed < timeout + 0.08, (name, elapsed)
    assert not hub._timers and not hub._waiters


async def test_a_notify_answers_every_waiter_and_disarms_the_timer():
    hub = EventHub()
    waiting = [asyncio.create_task(hub.wait("a", 0, 0.1)) for _ in range(3)]
    await asyncio.sleep(0.01)
    hub.notify("a")
    assert await asyncio.gather(*waiting) == [True, True, True]
    assert not hub._timers


async def test_the_others_keep_their_timeouts_when_the_earliest_waiter_goes():
    hub = EventHub()
    loop = asyncio.get_running_loop()
    earliest = asyncio.create_task(hub.wait("a", 0, 0.05))
    later = asyncio.create_task(hub.wait("a", 0, 0.15))
    await asyncio.sleep(0.01)
    started = loop.time()
    earliest.cancel()
    assert await asyncio.wait_for(later, 2) is False
    assert 0.12 <= loop.time() - started < 0.25
    assert not hub._timers and not hub._waiters
