"""Per-agent rate limits: a token bucket per agent, in this process.

Each replica enforces the limit on the calls it serves, so N replicas behind a balancer admit up
to N times the rate in the worst case; the limit protects the stores and other agents from one
runaway agent, it is not a billing meter.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from agentmemory_server.core.errors import DomainError

_IDLE_BUCKETS_KEPT = 50_000


class RateLimited(DomainError):
    reason = "RATE_LIMITED"

    def __init__(self, agent_id: str, retry_after_s: float) -> None:
        super().__init__(
            f"agent {agent_id!r} is over its rate limit; retry in {retry_after_s:.3f}s",
            agent_id=agent_id,
        )
        self.retry_after_s = retry_after_s


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    def __init__(self, per_second: float, burst: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._rate = per_second
        self._burst = burst
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}

    def admit(self, agent_id: str) -> None:
        """Takes one call from the agent's bucket, or raises RateLimited with when to retry."""
        now = self._clock()
        bucket = self._buckets.get(agent_id)
        if bucket is None:
            if len(self._buckets) >= _IDLE_BUCKETS_KEPT:
                # Full buckets carry no state worth keeping.
                self._buckets = {a: b for a, b in self._buckets.items() if b.tokens + (now - b.updated) * self._rate < self._burst}
            bucket = self._buckets[agent_id] = _Bucket(self._burst, now)
        bucket.tokens = min(self._burst, bucket.tokens + (now - bucket.updated) * self._rate)
        bucket.updated = now
        if bucket.tokens < 1.0:
            raise RateLimited(agent_id, (1.0 - bucket.tokens) / self._rate)
        bucket.tokens -= 1.0
