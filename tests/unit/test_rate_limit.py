from __future__ import annotations

import pytest

from agentmemory_server.core.ratelimit import RateLimited, RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_burst_then_steady_rate_per_agent():
    clock = Clock()
    limiter = RateLimiter(per_second=10, burst=3, clock=clock)
    for _ in range(3):
        limiter.admit("a")
    with pytest.raises(RateLimited) as limited:
        limiter.admit("a")
    assert limited.value.retry_after_s == pytest.approx(0.1)
    limiter.admit("b")  # other agents have their own bucket
    clock.now += 0.15
    limiter.admit("a")
    with pytest.raises(RateLimited):
        limiter.admit("a")
    clock.now += 10
    for _ in range(3):  # refills up to the burst, no further
        limiter.admit("a")
    with pytest.raises(RateLimited):
        limiter.admit("a")
