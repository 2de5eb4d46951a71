"""SubscribeDecisions: resumable, exactly-once streams over the durable per-agent event log.

The cursor is the sequence number of the last event delivered (exclusive, like a Kafka offset),
sealed so it is opaque and bound to its agent. A stream reads the log after its cursor, then
waits for a wake-up or sends a heartbeat; it never skips: a gap (events pruned under a slow
reader) ends the stream with CURSOR_EXPIRED rather than silently losing events.

Streams of one agent that wake together ask for the same events: they share one read of the log
(and one sealing of each cursor) instead of each making its own.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Collection
from dataclasses import dataclass

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


def _event_time_us(message: StreamMessage) -> int:
    assert message.decision is not None  # an event, not a heartbeat
    if message.kind is EventKind.OUTCOME_RECORDED and message.decision.outcome is not None:
        return message.decision.outcome.record_us
    return message.decision.create_us


@dataclass(frozen=True, slots=True)
class _SharedRead:
    # The agent's wake-up generation when the read started: it holds every event committed
    # before that wake-up, so only streams that saw that generation or an earlier one may join.
    generation: int
    result: asyncio.Future[list[tuple[DecisionEvent, str]]]


class Subscriptions:
    def __init__(self, store: DecisionStore, hub: EventHub, signer: TokenSigner, heartbeat_interval: float) -> None:
        self._store = store
        self._hub = hub
        self._signer = signer
        self._heartbeat_interval = heartbeat_interval
        self._reads: dict[tuple[str, int], _SharedRead] = {}

    async def _events_after(self, agent_id: str, seq: int, generation: int) -> list[tuple[DecisionEvent, str]]:
        """The events after `seq` with their cursors, read once for every stream that asks for
        the same position of the same agent at the same time."""
        key = (agent_id, seq)
        shared = self._reads.get(key)
        if shared is None or shared.generation < generation:
            result = asyncio.ensure_future(self._read_sealed(agent_id, seq))
            shared = self._reads[key] = _SharedRead(generation, result)
            result.add_done_callback(lambda _, mine=shared: self._forget_read(key, mine))
        # Shielded: one stream going away must not cancel the read the others wait for.
        return await asyncio.shield(shared.result)

    def _forget_read(self, key: tuple[str, int], shared: _SharedRead) -> None:
        if self._reads.get(key) is shared:
            del self._reads[key]
        if not shared.result.cancelled():
            shared.result.exception()  # retrieved: a failure reaches every waiting stream, once each

    async def _read_sealed(self, agent_id: str, seq: int) -> list[tuple[DecisionEvent, str]]:
        events = await self._store.read_events(agent_id, seq, _READ_BATCH)
        return [(event, self.encode_cursor(agent_id, event.seq)) for event in events]

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
    ) -> AsyncIterator[list[StreamMessage]]:
        """The stream's messages in runs: the events found by one read of the log (those of the
        subscribed types), or a single heartbeat. A run is what is ready to send at once."""
        seq = await self._start(agent_id, cursor)
        yield [StreamMessage(self.encode_cursor(agent_id, seq), None, None)]
        last_sent = time.monotonic()
        while True:
            if self._hub.closed:
                raise ShuttingDown("server is shutting down; resume with the last cursor received")
            generation = self._hub.generation(agent_id)
            events = await self._events_after(agent_id, seq, generation)
            if events and events[0][0].seq != seq + 1:
                bounds = await self._store.event_bounds(agent_id)
                raise self._expired(agent_id, bounds.oldest_seq)
            if events:
                seq = events[-1][0].seq
                run = [
                    StreamMessage(event_cursor, event.kind, event.decision)
                    for event, event_cursor in events
                    if not decision_types or event.decision.decision_type in decision_types
                ]
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
                yield [StreamMessage(self.encode_cursor(agent_id, seq), None, None)]
                last_sent = time.monotonic()
                idle_for = 0.0
            await self._hub.wait(agent_id, generation, self._heartbeat_interval - idle_for)
