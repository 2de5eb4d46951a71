"""The archiver: moves each agent's decisions from the hot log to the archive, one whole UTC day
at a time, before the hot log lets them go, and chains a digest over every archived day.

A day is due once its first decisions are within `lead` of leaving the hot log (create time +
hot retention) and the day is over. Per agent, the archive watermark records the last day done
and the newest digest. Every step can be repeated: objects are named after their content, a
digest is written once (and only after its day's objects and manifest), and the watermark moves
by a conditional write from the value this run read. So a run killed anywhere and run again
archives each decision once and loses none, and concurrent archivers (one per replica) cannot
fork the digest chain. After a day is archived, the hot log forgets its decisions as they pass
hot retention (the embedded store deletes them; DynamoDB's TTL does it by itself).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from agentmemory_server.core import days
from agentmemory_server.core.archive_digest import encode_digest, parse_digest, sha256_of
from agentmemory_server.core.models import ArchiveWatermark, Decision, DecisionQuery, now_us
from agentmemory_server.storage.ports import ArchiveStore, DecisionStore, decision_pages

log = logging.getLogger(__name__)

_READ_PAGE = 1000


class ArchiveChainBroken(Exception):
    """A day's existing digest does not continue the agent's chain: the watermark or the digest
    was changed by something other than the archiver. Archiving that agent stops until an
    operator looks (`agentmemory verify-archive`)."""


class Archiver:
    def __init__(
        self,
        decisions: DecisionStore,
        archive: ArchiveStore,
        *,
        hot_retention_us: int,
        lead_us: int,
        clock: Callable[[], int] = now_us,
    ) -> None:
        self._decisions = decisions
        self._archive = archive
        self._hot_retention_us = hot_retention_us
        self._lead_us = lead_us
        self._clock = clock

    async def run(self) -> int:
        """Archives every agent's due days; returns how many days were archived. An agent whose
        chain is broken is logged and skipped; a store outage ends the run (the next retries)."""
        archived = 0
        for agent_id in await self._decisions.agent_ids():
            try:
                archived += await self.archive_agent(agent_id)
            except ArchiveChainBroken:
                log.exception("not archiving agent %s", agent_id)
        return archived

    def _due_through(self, now: int) -> str:
        """The last day due: its first decisions are within `lead` of leaving the hot log, and it is over."""
        return min(days.day_of(now - self._hot_retention_us + self._lead_us), days.shift(days.day_of(now), -1))

    async def archive_agent(self, agent_id: str) -> int:
        """Archives the agent's due days, oldest first; returns how many had decisions."""
        now = self._clock()
        due_through = self._due_through(now)
        watermark = await self._archive.watermark(agent_id)
        archived = 0
        if watermark is None or watermark.through_day < due_through:
            day = days.shift(watermark.through_day, 1) if watermark else await self._oldest_day(agent_id, due_through)
            while day is not None and day <= due_through:
                advanced = await self._archive_day(agent_id, day, watermark)
                if advanced is not None:
                    if not await self._move(agent_id, advanced, watermark):
                        return archived
                    watermark, archived = advanced, archived + 1
                day = days.shift(day, 1)
            # Days without decisions are done too: the next run starts after them.
            through = replace(watermark, through_day=due_through) if watermark else ArchiveWatermark(due_through)
            if not await self._move(agent_id, through, watermark):
                return archived
            watermark = through
        forget_before = min(days.end_us(watermark.through_day), now - self._hot_retention_us)
        await self._decisions.forget_archived(agent_id, forget_before)
        return archived

    async def _move(self, agent_id: str, new: ArchiveWatermark, old: ArchiveWatermark | None) -> bool:
        if new == old or await self._archive.put_watermark(agent_id, new, old):
            return True
        log.info("another archiver moved the watermark of agent %s first; leaving the agent to it", agent_id)
        return False

    async def _archive_day(self, agent_id: str, day: str, watermark: ArchiveWatermark | None) -> ArchiveWatermark | None:
        """Archives one day and digests it; the watermark after it, or None for a day without
        decisions. A digest already there means a run stopped after writing it: the day's
        objects were complete before it, so it is taken as it is."""
        body = await self._archive.digest(agent_id, day)
        if body is None:
            decisions = await self._read_day(agent_id, day)
            if not decisions:
                return None
            await self._archive.write(agent_id, decisions)
            body = encode_digest(agent_id, day, await self._archive.objects(agent_id, day), watermark)
            if not await self._archive.put_digest(agent_id, day, body):
                # Another archiver digested the day first; its digest is the one that counts.
                body = await self._archive.digest(agent_id, day)
                if body is None:
                    raise ArchiveChainBroken(f"the digest of {day} for agent {agent_id} was there, then removed")
        digest = parse_digest(body)
        previous = (watermark.digest_day, watermark.digest_sha256) if watermark else (None, None)
        if (digest.previous_day, digest.previous_sha256) != previous:
            raise ArchiveChainBroken(
                f"the digest of {day} for agent {agent_id} follows {digest.previous_day} "
                f"({digest.previous_sha256}), but the watermark's newest digest is {previous[0]} ({previous[1]})"
            )
        first_day = watermark.first_day if watermark and watermark.first_day else day
        return ArchiveWatermark(day, first_day, day, sha256_of(body))

    async def _read_day(self, agent_id: str, day: str) -> list[Decision]:
        query = DecisionQuery(agent_id, start_us=days.start_us(day), end_us=days.end_us(day))
        return [decision async for page in decision_pages(self._decisions, query, _READ_PAGE) for decision in page]

    async def _any_before(self, agent_id: str, before_us: int) -> bool:
        page = await self._decisions.query(DecisionQuery(agent_id, end_us=before_us), None, 1)
        return bool(page.decisions)

    async def _oldest_day(self, agent_id: str, through: str) -> str | None:
        """The oldest day up to `through` with a decision, by bisection over days: the hot log
        reads newest first, and reading an agent's whole backlog to find its start would cost
        far more than these one-decision reads."""
        if not await self._any_before(agent_id, days.end_us(through)):
            return None
        low, high = 0, days.start_us(through) // days.DAY_US
        while low < high:
            middle = (low + high) // 2
            if await self._any_before(agent_id, (middle + 1) * days.DAY_US):
                high = middle
            else:
                low = middle + 1
        return days.day_of(low * days.DAY_US)
