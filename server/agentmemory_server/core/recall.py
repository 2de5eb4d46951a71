"""Hierarchical recall: one stream over the four tiers of an agent's memory, each item labelled
with the tier it came from (ARCHITECTURE section 1: immediate < 1 h in STM, recent 1-24 h and
historical in the hot log, the archive past hot retention)."""

from __future__ import annotations

import enum
from collections.abc import AsyncIterator, Callable, Collection
from dataclasses import dataclass

from agentmemory_server.core.jsonpath import matches
from agentmemory_server.core.days import DAY_US
from agentmemory_server.core.models import JSON, Decision, DecisionQuery, ShortTermEntry, now_us
from agentmemory_server.storage.ports import ArchiveStore, DecisionStore, ShortTermStore, decision_pages

RECENT_US = 24 * 3600 * 1_000_000
_PAGE = 200
_STM_SCAN = 1000


class RecallLevel(enum.Enum):
    IMMEDIATE = "immediate"
    RECENT = "recent"
    HISTORICAL = "historical"
    ARCHIVE = "archive"


@dataclass(frozen=True, slots=True)
class Recalled:
    level: RecallLevel
    entry: ShortTermEntry | None = None
    decision: Decision | None = None


@dataclass(frozen=True, slots=True)
class RecallRequest:
    agent_id: str
    start_us: int
    end_us: int
    context_filter: dict[str, JSON]
    levels: Collection[RecallLevel]
    max_items: int
    decision_type: str = ""
    key_prefix: str = ""


class RecallCore:
    def __init__(
        self,
        short_term: ShortTermStore,
        decisions: DecisionStore,
        archive: ArchiveStore | None,
        clock: Callable[[], int] = now_us,
    ) -> None:
        self._short_term = short_term
        self._decisions = decisions
        self._archive = archive
        self._clock = clock

    async def recall(self, request: RecallRequest) -> AsyncIterator[Recalled]:
        """Immediate, then recent, historical and archived decisions, newest first in each tier,
        at most max_items in all; a decision still in the hot log is not repeated from the archive."""
        remaining = request.max_items
        now = self._clock()
        if RecallLevel.IMMEDIATE in request.levels:
            for entry in await self._short_term_matches(request, now):
                if remaining == 0:
                    return
                remaining -= 1
                yield Recalled(RecallLevel.IMMEDIATE, entry=entry)
        seen: set[str] = set()
        boundary = now - RECENT_US
        hot = [level for level in (RecallLevel.RECENT, RecallLevel.HISTORICAL) if level in request.levels]
        if hot:
            start = request.start_us if RecallLevel.HISTORICAL in hot else max(request.start_us, boundary)
            end = request.end_us if RecallLevel.RECENT in hot else min(request.end_us, boundary)
            async for decision in self._hot(request, start, end):
                if remaining == 0:
                    return
                seen.add(decision.decision_id)
                remaining -= 1
                level = RecallLevel.RECENT if decision.create_us >= boundary else RecallLevel.HISTORICAL
                yield Recalled(level, decision=decision)
        if RecallLevel.ARCHIVE in request.levels and self._archive is not None:
            async for decision in self._archived(request):
                if remaining == 0:
                    return
                if decision.decision_id in seen:
                    continue
                remaining -= 1
                yield Recalled(RecallLevel.ARCHIVE, decision=decision)

    async def _short_term_matches(self, request: RecallRequest, now: int) -> list[ShortTermEntry]:
        entries, _ = await self._short_term.list(request.agent_id, request.key_prefix, _STM_SCAN, now)
        if request.context_filter:
            entries = [e for e in entries if isinstance(e.value, dict) and matches(e.value, request.context_filter)]
        # Entries carry no write time; the latest expiry is the best stand-in for the newest.
        return sorted(entries, key=lambda e: (-e.expire_us, e.key))

    async def _hot(self, request: RecallRequest, start_us: int, end_us: int) -> AsyncIterator[Decision]:
        if start_us >= end_us:
            return
        query = DecisionQuery(
            request.agent_id, request.decision_type, start_us, end_us, context_filter=request.context_filter
        )
        async for page in decision_pages(self._decisions, query, min(_PAGE, request.max_items)):
            for decision in page:
                yield decision

    async def _archived(self, request: RecallRequest) -> AsyncIterator[Decision]:
        assert self._archive is not None
        # Day by day from the newest, so memory holds one day of the archive at a time.
        day_end = request.end_us
        while day_end > request.start_us:
            day_start = max(request.start_us, (day_end - 1) // DAY_US * DAY_US)
            decisions = await self._archive.read(request.agent_id, day_start, day_end)
            for decision in reversed(decisions):
                if request.decision_type and decision.decision_type != request.decision_type:
                    continue
                if matches(decision.context, request.context_filter):
                    yield decision
            day_end = day_start
