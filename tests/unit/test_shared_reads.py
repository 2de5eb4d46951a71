"""Streams of one agent that wake together share one read of the event log, and a stream never
joins a read that started before the wake-up it saw (it would miss that wake-up's events)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from agentmemory_server.core.decisions import new_decision_id
from agentmemory_server.core.models import Decision, DecisionEvent, EventBounds, EventKind, NewDecision, now_us
from agentmemory_server.core.rollups import RollupSpec
from agentmemory_server.core.tokens import TokenSigner
from agentmemory_server.events.hub import EventHub
from agentmemory_server.events.subscriptions import Subscriptions
from agentmemory_server.storage.embedded.store import EmbeddedStore


class CountingReads:
    """The real embedded decision store, counting event-log reads and able to hold them. It
    holds no events in memory, so that every stream's events come from a read."""

    def __init__(self, store) -> None:
        self._store = store
        self.reads = 0
        self.gate = asyncio.Event()
        self.gate.set()

    def held_events(self, agent_id, after_seq, limit):
        return None

    async def read_events(self, agent_id, after_seq, limit):
        self.reads += 1
        await self.gate.wait()
        return await self._store.read_events(agent_id, after_seq, limit)

    def __getattr__(self, name):
        return getattr(self._store, name)


async def open_store(tmp_path: Path) -> EmbeddedStore:
    store = EmbeddedStore(tmp_path / "db.sqlite3", RollupSpec((), "reasoning.selected"))
    await store.open()
    return store


async def log(store: EmbeddedStore, agent: str, count: int) -> None:
    await store.decisions.append(
        [NewDecision(Decision(new_decision_id(), agent, "QUERY", now_us() + i)) for i in range(count)]
    )


async def opened_streams(tmp_path: Path, count: int, counting_store=CountingReads):
    """`count` streams of agent "a" on a fresh store whose reads are counted, each past its
    opening heartbeat: (store, counting store, hub, streams)."""
    store = await open_store(tmp_path)
    counting = counting_store(store.decisions)
    hub = EventHub()
    subscriptions = Subscriptions(counting, hub, TokenSigner(b"k" * 32), heartbeat_interval=30)
    streams = [subscriptions.stream("a", (), "") for _ in range(count)]
    for stream in streams:
        await anext(stream)  # the opening heartbeat
    return store, counting, hub, streams


async def test_streams_at_the_same_position_share_one_read(tmp_path: Path):
    store, counting, hub, streams = await opened_streams(tmp_path, 20)
    counting.gate.clear()
    pending = [asyncio.ensure_future(anext(stream)) for stream in streams]
    await asyncio.sleep(0.05)
    await log(store, "a", 3)
    hub.notify("a")
    await asyncio.sleep(0.05)
    reads_before = counting.reads
    counting.gate.set()
    runs = await asyncio.gather(*pending)
    # Each stream's first run holds 1 to 3 of the events, depending on when its read began.
    firsts = [run[0] for run in runs]
    assert {message.decision.decision_id for message in firsts} == {firsts[0].decision.decision_id}
    assert len({message.cursor for message in firsts}) == 1
    # 20 streams asked twice (before and after the write): far fewer reads than 40.
    assert reads_before <= 4, reads_before
    for stream, run in zip(streams, runs):
        while len(run) < 3:
            run += await anext(stream)
        assert len(run) == 3 and all(message.kind is not None for message in run)
        await stream.aclose()
    await store.close()


async def test_a_stream_that_saw_a_later_wake_up_starts_its_own_read(tmp_path: Path):
    store = await open_store(tmp_path)
    counting = CountingReads(store.decisions)
    hub = EventHub()
    subscriptions = Subscriptions(counting, hub, TokenSigner(b"k" * 32), heartbeat_interval=30)
    early = subscriptions.stream("a", (), "")
    (opening,) = await anext(early)
    counting.gate.clear()
    early_next = asyncio.ensure_future(anext(early))
    await asyncio.sleep(0.05)
    assert counting.reads == 1  # early's read of the position is in flight, from before the write
    await log(store, "a", 1)
    hub.notify("a")
    late = subscriptions.stream("a", (), opening.cursor)  # the same position, after the wake-up
    await anext(late)
    late_next = asyncio.ensure_future(anext(late))
    await asyncio.sleep(0.05)
    assert counting.reads == 2, "the late stream must not join a read from before its wake-up"
    counting.gate.set()
    (early_event,), (late_event,) = await asyncio.wait_for(asyncio.gather(early_next, late_next), 5)
    assert early_event.decision.decision_id == late_event.decision.decision_id
    await early.aclose()
    await late.aclose()
    await store.close()


async def streams_waiting_on_one_held_read(tmp_path: Path, counting_store=CountingReads):
    """Three streams of agent "a" past their opening heartbeat, each waiting for its next run,
    all three on one read of the log that the store holds until counting.gate is set."""
    store, counting, hub, streams = await opened_streams(tmp_path, 3, counting_store)
    await log(store, "a", 2)
    counting.gate.clear()
    hub.notify("a")
    pending = [asyncio.ensure_future(anext(stream)) for stream in streams]
    await asyncio.sleep(0.05)
    assert counting.reads == 1
    return store, counting, streams, pending


async def test_a_stream_that_stops_waiting_leaves_the_shared_read_to_the_others(tmp_path: Path):
    store, counting, streams, pending = await streams_waiting_on_one_held_read(tmp_path)
    pending[0].cancel()
    await asyncio.sleep(0.01)
    counting.gate.set()
    runs = await asyncio.wait_for(asyncio.gather(*pending[1:]), 5)
    assert [len(run) for run in runs] == [2, 2] and runs[0] == runs[1]
    assert pending[0].cancelled()
    for stream in streams:
        await stream.aclose()
    await store.close()


class FailingReads(CountingReads):
    """A store whose held read fails once the gate opens."""

    async def read_events(self, agent_id, after_seq, limit):
        self.reads += 1
        await self.gate.wait()
        raise ConnectionError("the log is unreachable")


async def test_a_failed_shared_read_fails_every_stream_waiting_on_it(tmp_path: Path):
    store, counting, streams, pending = await streams_waiting_on_one_held_read(tmp_path, FailingReads)
    counting.gate.set()
    outcomes = await asyncio.wait_for(asyncio.gather(*pending, return_exceptions=True), 5)
    assert all(isinstance(outcome, ConnectionError) for outcome in outcomes), outcomes
    await store.close()


class HeldCounting(CountingReads):
    """The real embedded store, which holds what was just committed in memory, counting both
    its answers from memory and its reads of the log."""

    def __init__(self, store) -> None:
        super().__init__(store)
        self.held = 0

    def held_events(self, agent_id, after_seq, limit):
        self.held += 1
        return self._store.held_events(agent_id, after_seq, limit)


async def test_streams_woken_together_take_the_events_held_in_memory_without_a_read(tmp_path: Path):
    store, counting, hub, streams = await opened_streams(tmp_path, 20, HeldCounting)
    pending = [asyncio.ensure_future(anext(stream)) for stream in streams]
    await asyncio.sleep(0.05)
    # Before anything was logged the store held nothing of the agent, and the streams read.
    counting.held = counting.reads = 0
    await log(store, "a", 3)
    hub.notify("a")
    runs = await asyncio.wait_for(asyncio.gather(*pending), 5)
    assert counting.reads == 0 and counting.held == 1
    assert all(run is runs[0] for run in runs) and len(runs[0]) == 3
    for stream in streams:
        await stream.aclose()
    await store.close()


class HeldList:
    """A decision store that holds the events of agent "a" in a list, and reads nothing else."""

    def __init__(self) -> None:
        self.events: list[DecisionEvent] = []

    def add(self) -> None:
        seq = len(self.events) + 1
        self.events.append(DecisionEvent("a", seq, EventKind.DECISION_LOGGED, Decision(f"d{seq}", "a", "QUERY", seq)))

    def held_events(self, agent_id, after_seq, limit):
        return self.events[after_seq : after_seq + limit]

    async def read_events(self, agent_id, after_seq, limit):
        raise AssertionError("every event is held")

    async def event_bounds(self, agent_id):
        return EventBounds(0, len(self.events))


async def test_events_held_in_memory_are_shared_only_within_the_wake_up_and_turn_that_read_them():
    held = HeldList()
    hub = EventHub()
    subscriptions = Subscriptions(held, hub, TokenSigner(b"k" * 32), heartbeat_interval=30)

    async def next_run_from_the_start() -> tuple:
        stream = subscriptions.stream("a", (), subscriptions.encode_cursor("a", 0))
        await anext(stream)  # the opening heartbeat
        run = await anext(stream)
        await stream.aclose()
        return tuple(message.seq for message in run)

    held.events.clear()
    hub.notify("a")
    held.add()
    # Nothing between these awaits gives the loop a turn: the second stream saw the same wake-up
    # as the first, in the same turn, and takes the same events, though one came since.
    first = await next_run_from_the_start()
    held.add()
    assert await next_run_from_the_start() == first == (1,)
    # A later wake-up reads afresh.
    hub.notify("a")
    assert await next_run_from_the_start() == (1, 2)
    # So does the same wake-up after the loop's turn.
    held.add()
    await asyncio.sleep(0)
    assert await next_run_from_the_start() == (1, 2, 3)
