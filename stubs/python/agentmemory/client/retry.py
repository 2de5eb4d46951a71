"""Retry policy: exponential backoff with jitter, bounded attempts.

Which calls are retried is decided by the client (see
:class:`agentmemory.client.MemoryClient`): unary calls and finite read streams
are retried on the policy's codes (UNAVAILABLE and CANCELLED by default); calls whose repeat
would apply twice (``AppendShortTerm``, ``IncrementCounter`` with a non-zero
delta) are not; ``LogDecision`` is made safe to retry by a client-generated
``request_id``.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

import grpc

__all__ = ["RetryPolicy", "NO_RETRY"]

log = logging.getLogger("agentmemory.client")

T = TypeVar("T")


SERVER_AWAY_CODES = frozenset({grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.CANCELLED})
"""The codes of a server that is down or stopping, which retries and subscription reconnects
ride through: UNAVAILABLE, and CANCELLED, which gRPC answers a call that reaches a server once it
has begun to stop (a rolling restart). Either may also follow a write whose response was lost,
hence ``retry_safe``. The caller's own cancellations raise ``asyncio.CancelledError`` instead,
and are never retried."""


@dataclass(frozen=True)
class RetryPolicy:
    """How failed calls are retried.

    The delay before retry ``n`` (1-based) is
    ``min(max_backoff, initial_backoff * multiplier ** (n - 1))``, scaled by a
    random factor in ``[1 - jitter, 1 + jitter]``. A call is tried at most
    ``max_attempts`` times in all, and never past its deadline: the deadline
    covers every attempt and the waits between them.
    """

    max_attempts: int = 5
    """Attempts in all, the first included (1 disables retries)."""
    initial_backoff: float = 0.1
    """Seconds before the first retry."""
    max_backoff: float = 5.0
    """Longest wait between two attempts, in seconds."""
    multiplier: float = 2.0
    """Growth of the wait per retry."""
    jitter: float = 0.2
    """Relative randomization of each wait (0 to 1)."""
    retryable_codes: frozenset[grpc.StatusCode] = SERVER_AWAY_CODES
    """Status codes worth retrying (by default SERVER_AWAY_CODES)."""

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if self.initial_backoff < 0 or self.max_backoff < 0 or self.multiplier < 1:
            raise ValueError("backoffs must be >= 0 and multiplier >= 1")
        if not 0 <= self.jitter <= 1:
            raise ValueError("jitter must be between 0 and 1")

    def backoff(self, retry: int) -> float:
        """The wait in seconds before retry number ``retry`` (1 = first retry)."""
        base = min(self.max_backoff, self.initial_backoff * self.multiplier ** max(0, retry - 1))
        return max(0.0, base * random.uniform(1 - self.jitter, 1 + self.jitter))

    def should_retry(self, code: grpc.StatusCode, attempt: int) -> bool:
        """Whether a call that failed with ``code`` on attempt ``attempt`` may be tried again."""
        return code in self.retryable_codes and attempt < self.max_attempts


NO_RETRY = RetryPolicy(max_attempts=1)
"""A policy that never retries."""


async def run_with_retries(
    policy: RetryPolicy,
    attempt: Callable[[float | None], Awaitable[T]],
    timeout: float | None,
    what: str,
) -> T:
    """Runs ``attempt(remaining_timeout)`` until it succeeds, fails with a
    non-retryable error, runs out of attempts or would pass the overall
    deadline; re-raises the last ``grpc.aio.AioRpcError``."""
    loop = asyncio.get_running_loop()
    deadline = None if timeout is None else loop.time() + timeout
    number = 1
    while True:
        remaining = None if deadline is None else max(0.0, deadline - loop.time())
        try:
            return await attempt(remaining)
        except grpc.aio.AioRpcError as error:
            if not policy.should_retry(error.code(), number):
                raise
            delay = policy.backoff(number)
            if deadline is not None and loop.time() + delay >= deadline:
                raise
            log.debug("retrying %s in %.3fs after %s (attempt %d)", what, delay, error.code().name, number)
            await asyncio.sleep(delay)
            number += 1
