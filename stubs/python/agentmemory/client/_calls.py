"""Call helpers shared by MemoryManager and DecisionLogger: typed errors, and
retried reads of finite server streams."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

import grpc
import grpc.aio

from .connection import MemoryClient
from .errors import from_rpc_error
from .retry import run_with_retries

T = TypeVar("T")


def timeout_kwargs(timeout: float | None) -> dict[str, Any]:
    """``timeout=`` for a stub call, or nothing (the client's default applies)."""
    return {} if timeout is None else {"timeout": timeout}


async def unary(call: Awaitable[T]) -> T:
    """Awaits a unary call (retried by the client's interceptor), raising typed errors."""
    try:
        return await call
    except grpc.aio.AioRpcError as error:
        raise from_rpc_error(error) from error


async def collect(
    client: MemoryClient,
    open_stream: Callable[[float | None], Any],
    timeout: float | None,
    what: str,
) -> list[Any]:
    """Reads a finite server stream to its end, restarting it from scratch on a
    retryable error (the reads are idempotent) within one overall deadline."""
    if timeout is None:
        timeout = client.default_timeout

    async def attempt(remaining: float | None) -> list[Any]:
        call: AsyncIterator[Any] = open_stream(remaining)
        return [message async for message in call]

    try:
        return await run_with_retries(client.retry_policy, attempt, timeout, what)
    except grpc.aio.AioRpcError as error:
        raise from_rpc_error(error) from error


async def retried(
    client: MemoryClient,
    attempt: Callable[[float | None], Awaitable[T]],
    timeout: float | None,
    what: str,
) -> T:
    """Runs a call (e.g. a client stream rebuilt per attempt) with the client's
    retry policy and deadline, raising typed errors."""
    if timeout is None:
        timeout = client.default_timeout
    try:
        return await run_with_retries(client.retry_policy, attempt, timeout, what)
    except grpc.aio.AioRpcError as error:
        raise from_rpc_error(error) from error

