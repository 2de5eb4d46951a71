"""The bench load client (bench/load.py) holds its garbage collector off while it measures, and
alternates the loads it compares in both orders."""

from __future__ import annotations

import asyncio
import gc
import time
import weakref

from bench import load
from bench.load import LoadResult, closed_loop, collector_held_off


class Node:
    """A reference cycle's member: only the cyclic collector frees it."""

    def __init__(self) -> None:
        self.me = self


async def test_collector_is_off_inside_and_on_again_after():
    assert gc.isenabled()
    async with collector_held_off():
        assert not gc.isenabled()
    assert gc.isenabled()


async def test_collector_left_off_stays_off():
    gc.disable()
    try:
        async with collector_held_off():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


async def test_earlier_garbage_is_collected_before_the_run():
    garbage = weakref.ref(Node())
    assert garbage() is not None
    async with collector_held_off():
        assert garbage() is None


async def test_collector_is_back_on_after_a_run_that_raised():
    try:
        async with collector_held_off():
            raise RuntimeError("the run failed")
    except RuntimeError:
        pass
    assert gc.isenabled()


async def test_closed_loop_calls_run_with_the_collector_off():
    seen: set[bool] = set()

    async def call(index: int) -> None:
        seen.add(gc.isenabled())
        await asyncio.sleep(0.001)

    result = await closed_loop(call, in_flight=2, seconds=0.05, warmup_s=0.01)
    assert result.calls > 0
    assert seen == {False}
    assert gc.isenabled()


async def test_a_slow_collection_before_the_run_does_not_eat_into_it(monkeypatch):
    """In a big process gc.collect() takes a while (the full test run's: longer than a short run)."""
    monkeypatch.setattr(gc, "collect", lambda: time.sleep(0.2))

    async def call(index: int) -> None:
        await asyncio.sleep(0.001)

    result = await closed_loop(call, in_flight=2, seconds=0.05, warmup_s=0.01)
    assert result.calls > 10


async def test_alternating_rounds_reverse_their_order_every_other_round(monkeypatch):
    ran: list[tuple[str, float]] = []

    async def measured(call, in_flight, seconds, gauge=None):
        ran.append((await call(0), seconds))
        return LoadResult(calls=10, seconds=seconds, latencies_ms=[1.0], errors=0)

    def named(name: str):
        async def call(index: int) -> str:
            return name
        return call

    monkeypatch.setattr(load, "closed_loop", measured)
    results = await load.alternating({"a": named("a"), "b": named("b")}, 4, 8.0, {}, rounds=4)
    assert [name for name, _ in ran] == ["a", "b", "b", "a", "a", "b", "b", "a"]
    assert {seconds for _, seconds in ran} == {2.0}
    assert results["a"].calls == 40 and results["a"].seconds == 8.0
