"""Wake-ups between replicas over Redis pub/sub.

A replica that commits an event publishes the agent's id; every replica's listener wakes its local
subscribers of that agent, which then read the durable event log (DynamoDB). Pub/sub may drop a
message (Redis down, a reconnect): the cost is latency up to one heartbeat interval, because
subscribers also poll the log every interval; never a lost or duplicated event. Classic pub/sub
reaches every node of a Redis Cluster, so one plain connection to any node is enough.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

import redis.asyncio as redis
from redis.exceptions import RedisError

from agentmemory_server.events.hub import EventHub

log = logging.getLogger(__name__)

CHANNEL_PREFIX = "agentmemory:events:"
# How closing stops the listener: a cancellation, repeated while it has not ended.
_CANCEL_ATTEMPTS = 20
_CANCEL_WAIT_S = 0.25


class RedisWakeups:
    def __init__(self, url: str, hub: EventHub) -> None:
        self._client = redis.Redis.from_url(url)
        self._hub = hub
        self._listener: asyncio.Task[None] | None = None
        self._publishing: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        self._listener = asyncio.create_task(self._listen(), name="redis-wakeups")

    def notify(self, agent_id: str) -> None:
        """Wakes this replica's subscribers now and the other replicas' shortly."""
        self._hub.notify(agent_id)
        task = asyncio.create_task(self._publish(agent_id))
        self._publishing.add(task)
        task.add_done_callback(self._publishing.discard)

    async def _publish(self, agent_id: str) -> None:
        try:
            await self._client.publish(CHANNEL_PREFIX + agent_id, b"")
        except (RedisError, OSError) as error:
            log.warning("could not publish a wake-up for %s (subscribers will poll): %s", agent_id, error)

    async def _listen(self) -> None:
        backoff = 0.1
        while True:
            try:
                async with self._client.pubsub() as pubsub:
                    await pubsub.psubscribe(CHANNEL_PREFIX + "*")
                    # Anything published while we were not listening is unknown: wake everyone.
                    self._hub.notify_all()
                    backoff = 0.1
                    async for message in pubsub.listen():
                        if message["type"] == "pmessage":
                            self._hub.notify(message["channel"].decode()[len(CHANNEL_PREFIX) :])
            except (RedisError, OSError) as error:
                log.warning("wake-up listener lost Redis (%s); retrying in %.1fs", error, backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5.0)

    async def close(self) -> None:
        listener = self._listener
        if listener is not None:
            # redis-py can swallow a cancellation that arrives while the pub/sub connection is
            # being set up, and the listener then waits for messages forever (a server that
            # failed at startup hung on exit this way): cancel again until it ends.
            for _ in range(_CANCEL_ATTEMPTS):
                listener.cancel()
                await asyncio.wait({listener}, timeout=_CANCEL_WAIT_S)
                if listener.done():
                    break
            else:
                log.warning("the wake-up listener did not stop after %d cancellations", _CANCEL_ATTEMPTS)
            if listener.done() and not listener.cancelled() and listener.exception() is not None:
                log.error("the wake-up listener had failed", exc_info=listener.exception())
        for task in list(self._publishing):
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self._client.aclose()
