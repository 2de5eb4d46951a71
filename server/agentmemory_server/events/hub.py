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
        self._waiters: defaultdict[str, set[asyncio.Future[bool]]] = defaultdict(set)
        self.closed = False

    def generation(self, agent_id: str) -> int:
        return self._generation.get(agent_id, 0)

    def notify(self, agent_id: str) -> None:
        self._generation[agent_id] = next(self._ticks)
        for waiter in self._waiters.pop(agent_id, ()):
            if not waiter.done():
                waiter.set_result(True)

    def notify_all(self) -> None:
        for agent_id in list(self._waiters):
            self.notify(agent_id)

    async def wait(self, agent_id: str, seen_generation: int, timeout: float) -> bool:
        """Waits until the agent's generation moves past `seen_generation` (True) or the timeout
        passes (False). Returns at once when it already has, or when the hub is closed."""
        if self.closed or self._generation.get(agent_id, 0) != seen_generation:
            return True
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[bool] = loop.create_future()
        self._waiters[agent_id].add(waiter)
        # A timer that answers the waiter, not a timeout scope (nor wait_for): a scope ends the
        # wait by cancelling the waiting task, and arming and disarming one cost a third of a
        # subscriber's round, which every subscriber makes after every delivery.
        timer = loop.call_later(timeout, _time_out, waiter)
        try:
            return await waiter
        finally:
            timer.cancel()
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
                    waiter.set_result(True)
        self._waiters.clear()


def _time_out(waiter: asyncio.Future[bool]) -> None:
    if not waiter.done():
        waiter.set_result(False)
