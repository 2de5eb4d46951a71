"""The learning loop: outcomes credit the long-term memories a decision consulted, and
consolidation promotes what the decision log shows into PATTERN memories, re-rates them and
prunes the ones that stopped holding up."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from agentmemory_server.core.analytics import DEFAULT_PATTERN_TYPE, AnalyticsCore, Pattern
from agentmemory_server.core.errors import NotFound, VersionConflict
from agentmemory_server.core.models import JSON, LongTermMemory, OutcomeChange, now_us
from agentmemory_server.core.rollups import wilson_interval
from agentmemory_server.observability import consolidation_results, memory_credits
from agentmemory_server.storage.ports import LongTermStore

log = logging.getLogger(__name__)

# Concurrent writers of one memory retry a lost version race this many times.
_WRITE_ATTEMPTS = 16
ACTIVE = "active"
DEPRECATED = "deprecated"


@dataclass(frozen=True, slots=True)
class LearningPolicy:
    min_occurrences: int
    min_success_rate: float
    prune_confidence: float
    low_confidence_retention_us: int
    deprecated_retention_us: int
    credit_min_trials: int


@dataclass(slots=True)
class Consolidation:
    promoted: list[LongTermMemory] = field(default_factory=list)
    updated: list[LongTermMemory] = field(default_factory=list)
    pruned: list[LongTermMemory] = field(default_factory=list)


def _iso(at_us: int) -> str:
    return dt.datetime.fromtimestamp(at_us / 1_000_000, dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _logged_evidence(memory: LongTermMemory) -> tuple[int, int]:
    """The (successes, outcomes) consolidation read from the log for a PATTERN memory it wrote."""
    successes, sample = memory.data.get("successes"), memory.data.get("sample_size")
    if isinstance(successes, int | float) and isinstance(sample, int | float) and 0 <= successes <= sample:
        return int(successes), int(sample)
    return 0, 0


class LearningCore:
    def __init__(
        self,
        analytics: AnalyticsCore,
        long_term: LongTermStore,
        policy: LearningPolicy,
        clock: Callable[[], int] = now_us,
    ) -> None:
        self._analytics = analytics
        self._long_term = long_term
        self._policy = policy
        self._clock = clock

    @property
    def policy(self) -> LearningPolicy:
        return self._policy

    # ------------------------------------------------------------------ crediting

    async def credit(self, change: OutcomeChange) -> None:
        """Credits the outcome to each memory the decision read: observed successes and trials
        move (an overwritten outcome moves them back first), and once the memory has enough
        evidence its confidence becomes the lower end of the evidence's 95% Wilson interval."""
        outcome = change.decision.outcome
        assert outcome is not None
        if change.previous is None:
            successes, trials = int(outcome.success), 1
        else:
            successes, trials = int(outcome.success) - int(change.previous.success), 0
        if not successes and not trials:
            return
        for memory_type, memory_id in dict.fromkeys((r.memory_type, r.memory_id) for r in change.decision.memory_reads):
            await self._credit_one(change, memory_type, memory_id, successes, trials)

    async def _credit_one(
        self, change: OutcomeChange, memory_type: str, memory_id: str, successes: int, trials: int
    ) -> None:
        agent_id = change.decision.agent_id
        for _ in range(_WRITE_ATTEMPTS):
            now = self._clock()
            memory = await self._long_term.get(agent_id, memory_type, memory_id, count_access=False, now_us=now)
            if memory is None:
                return  # deleted since the decision read it: nothing to credit
            observed = (memory.observed_successes + successes, memory.observed_trials + trials)
            logged = _logged_evidence(memory)
            evidence_successes, evidence_trials = observed[0] + logged[0], observed[1] + logged[1]
            confidence = memory.confidence
            if evidence_trials >= self._policy.credit_min_trials:
                confidence = round(wilson_interval(evidence_successes, evidence_trials)[0], 6)
            result = "success" if change.decision.outcome and change.decision.outcome.success else "failure"
            reason = (
                f"outcome of decision {change.decision.decision_id}: {result} "
                f"(evidence {evidence_successes}/{evidence_trials})"
            )
            try:
                await self._long_term.put(
                    agent_id, memory_type, memory_id, memory.data, confidence, memory.version, now,
                    reason=reason, evidence=observed,
                )
            except VersionConflict:
                continue
            memory_credits.add(1, {"memory_type": memory_type, "success": result == "success"})
            return
        log.warning("gave up crediting %s/%s of agent %s: it kept changing", memory_type, memory_id, agent_id)

    # ------------------------------------------------------------------ consolidation

    async def consolidate(
        self,
        agent_id: str,
        window_us: int,
        min_occurrences: int | None = None,
        min_success_rate: float | None = None,
        decision_type: str = "",
    ) -> Consolidation:
        bar_occurrences = min_occurrences or self._policy.min_occurrences
        bar_rate = self._policy.min_success_rate if min_success_rate is None else min_success_rate
        now = self._clock()
        span = self._analytics.span(now - window_us, now, window_us)
        candidates, _ = await self._analytics.patterns(agent_id, decision_type, span, (), bar_occurrences)
        result = Consolidation()
        for pattern in candidates:
            promoted, updated = await self._apply(agent_id, pattern, bar_rate, window_us, now)
            if promoted is not None:
                result.promoted.append(promoted)
            if updated is not None:
                result.updated.append(updated)
        result.pruned = await self._prune(agent_id, now, {m.memory_id for m in result.updated})
        for name, memories in (("promoted", result.promoted), ("updated", result.updated), ("pruned", result.pruned)):
            if memories:
                consolidation_results.add(len(memories), {"result": name})
        return result

    async def _apply(
        self, agent_id: str, pattern: Pattern, bar_rate: float, window_us: int, now: int
    ) -> tuple[LongTermMemory | None, LongTermMemory | None]:
        """Promotes a pattern that clears the bar, or re-rates the PATTERN memory already there;
        returns (promoted, updated)."""
        lower, upper = pattern.rated.interval
        clears = lower >= bar_rate
        for _ in range(_WRITE_ATTEMPTS):
            existing = await self._long_term.get(
                agent_id, DEFAULT_PATTERN_TYPE, pattern.pattern_id, count_access=False, now_us=now
            )
            if existing is None and not clears:
                return None, None
            data: dict[str, JSON] = {
                "decision_type": pattern.decision_type,
                "context": pattern.context,
                "choice": pattern.choice,
                "success_rate": pattern.rated.success_rate,
                "success_rate_lower": lower,
                "success_rate_upper": upper,
                "successes": pattern.rated.counts.succeeded,
                "sample_size": pattern.rated.decided,
                "window_seconds": window_us // 1_000_000,
                "learned_at": existing.data.get("learned_at", _iso(now)) if existing else _iso(now),
                "updated_at": _iso(now),
                "status": ACTIVE if clears else DEPRECATED,
            }
            reason = (
                f"consolidation: {pattern.rated.counts.succeeded}/{pattern.rated.decided} succeeded over the last "
                f"{window_us // 3_600_000_000} h"
            )
            try:
                # The log's evidence replaces what outcomes credited since the last run: those
                # outcomes are in the log too.
                memory = await self._long_term.put(
                    agent_id, DEFAULT_PATTERN_TYPE, pattern.pattern_id, data, round(lower, 6),
                    existing.version if existing else 0, now, reason=reason, evidence=(0, 0),
                )
            except VersionConflict:
                continue
            return (memory, None) if existing is None else (None, memory)
        log.warning("gave up consolidating pattern %s of agent %s: it kept changing", pattern.pattern_id, agent_id)
        return None, None

    async def _prune(self, agent_id: str, now: int, just_updated: set[str]) -> list[LongTermMemory]:
        pruned: list[LongTermMemory] = []
        for memory in await self._long_term.query(agent_id, DEFAULT_PATTERN_TYPE, 0.0, {}, 100_000):
            if memory.memory_id in just_updated:
                continue
            age = now - memory.update_us
            stale_low = memory.confidence < self._policy.prune_confidence and age > self._policy.low_confidence_retention_us
            stale_deprecated = memory.data.get("status") == DEPRECATED and age > self._policy.deprecated_retention_us
            if not (stale_low or stale_deprecated):
                continue
            try:
                await self._long_term.delete(agent_id, DEFAULT_PATTERN_TYPE, memory.memory_id, memory.version)
            except (VersionConflict, NotFound):
                continue  # written or deleted meanwhile
            pruned.append(memory)
        return pruned
