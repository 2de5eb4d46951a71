"""SubscribeDecisions: resumable, exactly-once streams over the durable per-agent event log.

The cursor is the sequence number of the last event delivered (exclusive, like a Kafka offset),
sealed so it is opaque and bound to its agent. A stream reads the log after its cursor, then
waits for a wake-up or sends a heartbeat; it never skips: a gap (events pruned under a slow
reader) ends the stream with CURSOR_EXPIRED rather than silently losing events.

Streams of one agent that wake together ask for the same events: they share one read of the log,
one sealing of each cursor and one run of messages instead of each making its own.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Collection
from dataclasses import dataclass, field

from agentmemory_server.core.errors import CursorAhead, CursorExpired, ShuttingDown
from agentmemory_server.core.models import Decision, DecisionEvent, EventKind, now_us
from agentmemory_server.core.tokens import TokenSigner
from agentmemory_server.events.hub import EventHub
from agentmemory_server.observability import subscription_lag
from agentmemory_server.storage.ports import DecisionStore

_CURSOR = "cursor"
_READ_BATCH = 256


@dataclass(frozen=True, slots=True)
class StreamMessage:
    cursor: str
    # None for a heartbeat
    kind: EventKind | None
    decision: Decision | None
    # The event's place in the agent's log (a heartbeat's: that of the last event before it).
    seq: int


def _event_time_us(message: StreamMessage) -> int:
    assert message.decision is not None  # an event, not a heartbeat
    if message.kind is EventKind.OUTCOME_RECORDED and message.decision.outcome is not None:
        return message.decision.outcome.record_us
    return message.decision.create_us


@dataclass(slots=True)
class _SharedRead:
    # The agent's wake-up generation when the read started: it holds every event committed
    # before that wake-up, so only streams that saw that generation or an earlier one may join.
    generation: int
    # A future per stream waiting for the read: a stream that goes away cancels its own wait,
    # never the read the others wait for, and one callback answers them all.
    waiters: list[asyncio.Future[tuple[StreamMessage, ...]]] = field(default_factory=list)
    # The events, when the store held them in memory and the read needed no waiting.
    held: tuple[StreamMessage, ...] | None = None


class Subscriptions:
    def __init__(self, store: DecisionStore, hub: EventHub, signer: TokenSigner, heartbeat_interval: float) -> None:
        self._store = store
        self._hub = hub
        self._signer = signer
        self._heartbeat_interval = heartbeat_interval
        self._reads: dict[tuple[str, int], _SharedRead] = {}

    async def _events_after(self, agent_id: str, seq: int, generation: int) -> tuple[StreamMessage, ...]:
        """The events after `seq` as messages, read once for every stream that asks for the same
        position of the same agent at the same time (the same tuple for all of them)."""
        key = (agent_id, seq)
        shared = self._reads.get(key)
        if shared is None or shared.generation < generation:
            held = self._store.held_events(agent_id, seq, _READ_BATCH)
            if held is not None:
                # Answered at once: the streams woken with this one run in this same turn of the
                # loop and take the same messages, where a read to wait for would cost each of
                # them a future and the whole round three more turns of a busy loop. Forgotten
                # after this turn: a stream that comes later may have missed what came since.
                shared = self._reads[key] = _SharedRead(generation, held=self._messages(agent_id, held))
                asyncio.get_running_loop().call_soon(self._forget, key, shared)
                return shared.held
            shared = self._reads[key] = _SharedRead(generation)
            read = asyncio.ensure_future(self._read_messages(agent_id, seq))
            read.add_done_callback(lambda done, mine=shared: self._hand_out(key, mine, done))
        elif shared.held is not None:
            return shared.held
        waiter: asyncio.Future[tuple[StreamMessage, ...]] = asyncio.get_running_loop().create_future()
        shared.waiters.append(waiter)
        return await waiter

    def _forget(self, key: tuple[str, int], shared: _SharedRead) -> None:
        if self._reads.get(key) is shared:
            del self._reads[key]

    def _hand_out(self, key: tuple[str, int], shared: _SharedRead, read: asyncio.Future[tuple[StreamMessage, ...]]) -> None:
        """The read's outcome (events, failure or cancellation) to every stream still waiting."""
        self._forget(key, shared)
        failure = None if read.cancelled() else read.exception()
        for waiter in shared.waiters:
            if waiter.done():
                continue  # its stream stopped waiting
            if read.cancelled():
                waiter.cancel()
            elif failure is not None:
                waiter.set_exception(failure)
            else:
                waiter.set_result(read.result())

    async def _read_messages(self, agent_id: str, seq: int) -> tuple[StreamMessage, ...]:
        return self._messages(agent_id, await self._store.read_events(agent_id, seq, _READ_BATCH))

    def _messages(self, agent_id: str, events: list[DecisionEvent]) -> tuple[StreamMessage, ...]:
        return tuple(StreamMessage(self.encode_cursor(agent_id, e.seq), e.kind, e.decision, e.seq) for e in events)

    def encode_cursor(self, agent_id: str, seq: int) -> str:
        return self._signer.seal(_CURSOR, agent_id, seq)

    def decode_cursor(self, agent_id: str, cursor: str) -> int:
        seq = self._signer.open(_CURSOR, agent_id, cursor, field="cursor", reason="INVALID_CURSOR")
        if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0:
            # A validly signed cursor always holds a sequence number; anything else is our bug.
            raise ValueError(f"signed cursor holds {seq!r}")
        return seq

    async def _start(self, agent_id: str, cursor: str) -> int:
        bounds = await self._store.event_bounds(agent_id)
        if not cursor:
            return bounds.latest_seq
        seq = self.decode_cursor(agent_id, cursor)
        if seq < bounds.oldest_seq:
            raise self._expired(agent_id, bounds.oldest_seq)
        if seq > bounds.latest_seq:
            raise CursorAhead(
                "cursor is ahead of this server's event log (was the data directory replaced?)",
                latest_cursor=self.encode_cursor(agent_id, bounds.latest_seq),
            )
        return seq

    def _expired(self, agent_id: str, oldest_seq: int) -> CursorExpired:
        return CursorExpired(
            "cursor is older than the retained event log; resume from oldest_cursor or from now",
            oldest_cursor=self.encode_cursor(agent_id, oldest_seq),
        )

    async def stream(
        self, agent_id: str, decision_types: Collection[str], cursor: str
    ) -> AsyncIterator[tuple[StreamMessage, ...]]:
        """The stream's messages in runs: the events found by one read of the log (those of the
        subscribed types), or a single heartbeat. A run is what is ready to send at once; streams
        that shared a read and subscribe to every type get the same run."""
        seq = await self._start(agent_id, cursor)
        yield (StreamMessage(self.encode_cursor(agent_id, seq), None, None, seq),)
        last_sent = time.monotonic()
        while True:
            if self._hub.closed:
                raise ShuttingDown("server is shutting down; resume with the last cursor received")
            generation = self._hub.generation(agent_id)
            events = await self._events_after(agent_id, seq, generation)
            if events and events[0].seq != seq + 1:
                bounds = await self._store.event_bounds(agent_id)
                raise self._expired(agent_id, bounds.oldest_seq)
            if events:
                seq = events[-1].seq
                run = events if not decision_types else tuple(
                    message for message in events
                    if message.decision is not None and message.decision.decision_type in decision_types
                )
                if run:
                    yield run
                    last_sent = time.monotonic()
                    delivered_us = now_us()
                    for message in run:
                        subscription_lag.record(max(0.0, (delivered_us - _event_time_us(message)) / 1000))
            if len(events) == _READ_BATCH:
                continue
            idle_for = time.monotonic() - last_sent
            if idle_for >= self._heartbeat_interval:
                yield (StreamMessage(self.encode_cursor(agent_id, seq), None, None, seq),)
                last_sent = time.monotonic()
                idle_for = 0.0
            await self._hub.wait(agent_id, generation, self._heartbeat_interval - idle_for)
