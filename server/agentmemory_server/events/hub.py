"""Wake-ups for subscribers. Writers call notify(agent) after a commit; subscribers re-read the
durable event log, so the hub carries no data and a missed wake-up costs at most one heartbeat
interval, never an event."""

from __future__ import annotations

import asyncio
import itertools


class EventHub:
    def __init__(self) -> None:
        # Generations come from one counter that only grows, even across agents forgotten and
        # seen again: a larger generation is always a later wake-up.
        self._ticks = itertools.count(1)
        self._generation: dict[str, int] = {}
        # Per agent, each waiter with the loop time at which its wait times out.
        self._waiters: dict[str, dict[asyncio.Future[bool], float]] = {}
        # Per agent, one timer, at the earliest of its waiters' timeouts. Not one per waiter: every
        # subscriber waits again after every delivery, and a timer armed and cancelled per wait
        # was a sixth of a subscriber's round (the loop keeps its timers in a heap whose entries
        # compare in Python).
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self.closed = False

    def generation(self, agent_id: str) -> int:
        return self._generation.get(agent_id, 0)

    def notify(self, agent_id: str) -> None:
        self._generation[agent_id] = next(self._ticks)
        timer = self._timers.pop(agent_id, None)
        if timer is not None:
            timer.cancel()
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
        times_out_at = loop.time() + timeout
        self._waiters.setdefault(agent_id, {})[waiter] = times_out_at
        timer = self._timers.get(agent_id)
        if timer is None or times_out_at < timer.when():
            if timer is not None:
                timer.cancel()
            self._timers[agent_id] = loop.call_at(times_out_at, self._time_out, agent_id, times_out_at)
        try:
            return await waiter
        finally:
            # After a notify these are the agent's next waiters (or none), which this one is not in.
            waiters = self._waiters.get(agent_id)
            if waiters is not None and waiters.pop(waiter, None) is not None and not waiters:
                del self._waiters[agent_id]
                timer = self._timers.pop(agent_id, None)
                if timer is not None:
                    timer.cancel()
                # Forget idle agents so the hub stays small; a subscriber that read the old
                # generation at worst wakes once for nothing.
                self._generation.pop(agent_id, None)

    def _time_out(self, agent_id: str, at: float) -> None:
        """The agent's timer, armed for `at`: answers the waiters due by then, and is armed again
        for the earliest of the others."""
        del self._timers[agent_id]
        waiters = self._waiters.get(agent_id, {})
        later = [times_out_at for waiter, times_out_at in waiters.items() if times_out_at > at]
        for waiter, times_out_at in waiters.items():
            if times_out_at <= at and not waiter.done():
                waiter.set_result(False)
        if later:
            earliest = min(later)
            self._timers[agent_id] = asyncio.get_running_loop().call_at(earliest, self._time_out, agent_id, earliest)

    def close(self) -> None:
        """Wakes every subscriber so it can see `closed` and end its stream."""
        self.closed = True
        for timer in self._timers.values():
            timer.cancel()
        self._timers.clear()
        for waiters in self._waiters.values():
            for waiter in waiters:
                if not waiter.done():
                    waiter.set_result(True)
        self._waiters.clear()
