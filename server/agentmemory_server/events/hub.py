"""Wake-ups for subscribers. Writers call notify(agent) after a commit; subscribers re-read the
durable event log, so the hub carries no data and a missed wake-up costs at most one heartbeat
interval, never an event."""

from __future__ import annotations

import asyncio
import itertools
from collections import defaultdict


class EventHub:
    def __init__(self) -> None:
        # Generations come from one counter that only grows, even across agents forgotten and
        # seen again: a larger generation is always a later wake-up.
        self._ticks = itertools.count(1)
        self._generation: dict[str, int] = {}
        self._waiters: defaultdict[str, set[asyncio.Future[None]]] = defaultdict(set)
        self.closed = False

    def generation(self, agent_id: str) -> int:
        return self._generation.get(agent_id, 0)

    def notify(self, agent_id: str) -> None:
        self._generation[agent_id] = next(self._ticks)
        for waiter in self._waiters.pop(agent_id, ()):
            if not waiter.done():
                waiter.set_result(None)

    def notify_all(self) -> None:
        for agent_id in list(self._waiters):
            self.notify(agent_id)

    async def wait(self, agent_id: str, seen_generation: int, timeout: float) -> bool:
        """Waits until the agent's generation moves past `seen_generation` (True) or the timeout
        passes (False). Returns at once when it already has, or when the hub is closed."""
        if self.closed or self._generation.get(agent_id, 0) != seen_generation:
            return True
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters[agent_id].add(waiter)
        try:
            # A timeout scope rather than wait_for, which puts a future and a callback of its own
            # between the notify and this task: every subscriber waits here after every delivery.
            async with asyncio.timeout(timeout):
                await waiter
            return True
        except TimeoutError:
            return False
        finally:
            waiters = self._waiters.get(agent_id)
            if waiters is not None:
                waiters.discard(waiter)
                if not waiters:
                    del self._waiters[agent_id]
                    # Forget idle agents so the hub stays small; a subscriber that read the old
                    # generation at worst wakes once for nothing.
                    self._generation.pop(agent_id, None)

    def close(self) -> None:
        """Wakes every subscriber so it can see `closed` and end its stream."""
        self.closed = True
        for waiters in self._waiters.values():
            for waiter in waiters:
                if not waiter.done():
                    waiter.set_result(None)
        self._waiters.clear()
