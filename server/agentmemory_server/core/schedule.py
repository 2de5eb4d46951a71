"""Scheduled consolidation. Every replica runs this loop; a lease per schedule slot (a conditional
write) lets exactly one of them consolidate each slot, and a replica that finds the slot's holder
gone past its lease takes over."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from agentmemory_server.core.learning import LearningCore
from agentmemory_server.core.models import now_us
from agentmemory_server.storage.ports import DecisionStore, LeaseStore

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Schedule:
    interval_us: int
    offset_us: int
    window_us: int
    # How long a holder may take before another replica may take the slot over.
    lease_us: int

    def slot_at(self, at_us: int) -> int:
        """The start of the latest slot that has begun at `at_us`."""
        return (at_us - self.offset_us) // self.interval_us * self.interval_us + self.offset_us


def holder_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class ConsolidationScheduler:
    def __init__(
        self,
        schedule: Schedule,
        leases: LeaseStore,
        decisions: DecisionStore,
        learning: LearningCore,
        holder: str,
        clock: Callable[[], int] = now_us,
    ) -> None:
        self._schedule = schedule
        self._leases = leases
        self._decisions = decisions
        self._learning = learning
        self._holder = holder
        self._clock = clock

    async def run_forever(self) -> None:
        finished: int | None = None
        # Wake often enough to take over a slot whose holder died, never more than once a minute.
        poll_s = min(60.0, self._schedule.interval_us / 4 / 1_000_000)
        while True:
            slot = self._schedule.slot_at(self._clock())
            if slot != finished:
                try:
                    if await self.run_slot(slot):
                        finished = slot
                except Exception:  # noqa: BLE001 - retried on the next wake-up, never fatal
                    log.exception("scheduled consolidation of slot %d failed", slot)
            await asyncio.sleep(poll_s)

    async def run_slot(self, slot: int) -> bool:
        """Consolidates every agent if this replica wins the slot's lease (or holds it from an
        earlier attempt); True when it did. False when the slot is done or held elsewhere."""
        name = f"consolidation/{slot}"
        if not await self._leases.acquire(name, self._holder, self._clock() + self._schedule.lease_us, self._clock()):
            return False
        agents = await self._decisions.agent_ids()
        totals = [0, 0, 0]
        for agent_id in agents:
            result = await self._learning.consolidate(agent_id, self._schedule.window_us)
            totals[0] += len(result.promoted)
            totals[1] += len(result.updated)
            totals[2] += len(result.pruned)
        await self._leases.complete(name, self._holder)
        log.info(
            "scheduled consolidation ran",
            extra={
                "slot_us": slot,
                "holder": self._holder,
                "agents": len(agents),
                "promoted": totals[0],
                "updated": totals[1],
                "pruned": totals[2],
            },
        )
        return True
