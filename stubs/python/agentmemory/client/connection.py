"""MemoryClient: one grpc.aio channel to an agentmemory server, with TLS,
bearer-token auth, a default deadline and retries."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import grpc
import grpc.aio

from agentmemory.v1 import decision_log_pb2_grpc, memory_pb2_grpc

from ._interceptor import client_interceptors
from .retry import RetryPolicy

if TYPE_CHECKING:
    from .decisions import DecisionLogger
    from .memory import MemoryManager

__all__ = ["DEFAULT_ADDRESS", "DEFAULT_TIMEOUT", "MemoryClient"]

DEFAULT_ADDRESS = "127.0.0.1:50051"
"""The server's default address (``AGENTMEMORY_ADDRESS`` of ``agentmemory serve``)."""

DEFAULT_TIMEOUT = 10.0
"""The default per-call deadline, in seconds."""

# Reconnect quickly after a server restart (gRPC's own default starts at 1 s
# and grows to 120 s); the retry policy and subscriptions lean on this.
_DEFAULT_CHANNEL_OPTIONS: tuple[tuple[str, Any], ...] = (
    ("grpc.initial_reconnect_backoff_ms", 200),
    ("grpc.max_reconnect_backoff_ms", 5000),
)

PemSource = bytes | str | os.PathLike[str]


def _read_pem(source: PemSource | None) -> bytes | None:
    """PEM bytes from bytes, a PEM string, or a file path."""
    if source is None:
        return None
    if isinstance(source, bytes):
        return source
    if isinstance(source, str) and source.lstrip().startswith("-----BEGIN"):
        return source.encode()
    return Path(source).read_bytes()


class MemoryClient:
    """A connection to an agentmemory server.

    Owns one ``grpc.aio`` channel and exposes the generated stubs as
    :attr:`memory` (``MemoryService``) and :attr:`decisions`
    (``DecisionLogService``). Every call made through them, by the raw stubs
    or by :class:`MemoryManager` / :class:`DecisionLogger`:

    * carries ``authorization: Bearer <token>`` when ``token`` is given (a
      string, or a callable returning one, sync or async, asked on each call);
    * gets the ``default_timeout`` deadline (seconds) unless the call passes
      its own ``timeout=``; ``SubscribeDecisions`` streams get none, as they
      are meant to stay open;
    * when unary, is retried on UNAVAILABLE and CANCELLED per ``retry`` (exponential backoff
      with jitter, bounded attempts, within the call's deadline). Calls that
      would apply twice are not retried (``AppendShortTerm``,
      ``IncrementCounter`` with a non-zero delta); a ``LogDecision`` without a
      ``request_id`` gets a client-generated uuid4 one, so its retry returns
      the decision stored the first time.

    Raw stubs raise ``grpc.aio.AioRpcError``; :func:`from_rpc_error` turns one
    into the typed exceptions that MemoryManager and DecisionLogger raise.

    TLS is used when any of ``root_certificates``, ``private_key``,
    ``certificate_chain`` is given or ``tls=True`` (system roots); each is PEM
    bytes, a PEM string, or a file path. ``private_key`` with
    ``certificate_chain`` is the client certificate for mutual TLS. Otherwise
    the channel is plaintext.

    Use it as an async context manager (``async with MemoryClient(addr) as
    client:``) or call :meth:`close`. The channel is created on first use, in
    the running event loop.
    """

    def __init__(
        self,
        address: str = DEFAULT_ADDRESS,
        *,
        token: str | Callable[[], str | Awaitable[str]] | None = None,
        root_certificates: PemSource | None = None,
        private_key: PemSource | None = None,
        certificate_chain: PemSource | None = None,
        tls: bool | None = None,
        server_name_override: str | None = None,
        default_timeout: float | None = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        channel_options: Sequence[tuple[str, Any]] = (),
    ) -> None:
        if (private_key is None) != (certificate_chain is None):
            raise ValueError("a client certificate needs both private_key and certificate_chain")
        if default_timeout is not None and default_timeout <= 0:
            raise ValueError("default_timeout must be positive (or None for no deadline)")
        self._address = address
        self._token = token
        self._root = _read_pem(root_certificates)
        self._key = _read_pem(private_key)
        self._chain = _read_pem(certificate_chain)
        has_tls_material = any(x is not None for x in (self._root, self._key, self._chain))
        if tls is False and has_tls_material:
            raise ValueError("tls=False contradicts the certificates given")
        self._tls = bool(tls) or has_tls_material
        self._default_timeout = default_timeout
        self._retry = retry if retry is not None else RetryPolicy()
        options = dict(_DEFAULT_CHANNEL_OPTIONS)
        options.update(dict(channel_options))
        if server_name_override:
            options["grpc.ssl_target_name_override"] = server_name_override
        self._options = list(options.items())
        self._channel: grpc.aio.Channel | None = None
        self._memory: memory_pb2_grpc.MemoryServiceStub | None = None
        self._decisions: decision_log_pb2_grpc.DecisionLogServiceStub | None = None
        self._closed = False

    # -- properties -------------------------------------------------------
    @property
    def address(self) -> str:
        """The server address (host:port)."""
        return self._address

    @property
    def default_timeout(self) -> float | None:
        """The deadline, in seconds, of calls that do not pass their own."""
        return self._default_timeout

    @property
    def retry_policy(self) -> RetryPolicy:
        """The retry policy of unary calls and finite read streams."""
        return self._retry

    @property
    def secure(self) -> bool:
        """True when the channel uses TLS."""
        return self._tls

    @property
    def channel(self) -> grpc.aio.Channel:
        """The underlying ``grpc.aio.Channel`` (created on first access)."""
        if self._closed:
            raise RuntimeError("MemoryClient is closed")
        if self._channel is None:
            interceptors = client_interceptors(self._token, self._default_timeout, self._retry)
            if self._tls:
                credentials = grpc.ssl_channel_credentials(
                    root_certificates=self._root, private_key=self._key, certificate_chain=self._chain
                )
                self._channel = grpc.aio.secure_channel(
                    self._address, credentials, options=self._options, interceptors=interceptors
                )
            else:
                self._channel = grpc.aio.insecure_channel(
                    self._address, options=self._options, interceptors=interceptors
                )
        return self._channel

    @property
    def memory(self) -> memory_pb2_grpc.MemoryServiceStub:
        """The raw ``agentmemory.v1.MemoryService`` stub on this channel."""
        if self._memory is None:
            self._memory = memory_pb2_grpc.MemoryServiceStub(self.channel)  # type: ignore[no-untyped-call]
        return self._memory

    @property
    def decisions(self) -> decision_log_pb2_grpc.DecisionLogServiceStub:
        """The raw ``agentmemory.v1.DecisionLogService`` stub on this channel."""
        if self._decisions is None:
            self._decisions = decision_log_pb2_grpc.DecisionLogServiceStub(self.channel)  # type: ignore[no-untyped-call]
        return self._decisions

    # -- helpers ----------------------------------------------------------
    def memory_manager(self, agent_id: str) -> MemoryManager:
        """A :class:`MemoryManager` for ``agent_id`` on this client."""
        from .memory import MemoryManager

        return MemoryManager(self, agent_id)

    def decision_logger(self, agent_id: str) -> DecisionLogger:
        """A :class:`DecisionLogger` for ``agent_id`` on this client."""
        from .decisions import DecisionLogger

        return DecisionLogger(self, agent_id)

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        """Waits until the channel is connected (``TimeoutError`` after
        ``timeout`` seconds). Not needed before calls: they connect and retry
        by themselves."""
        await asyncio.wait_for(self.channel.channel_ready(), timeout)

    async def close(self, grace: float | None = None) -> None:
        """Closes the channel; in-flight calls get ``grace`` seconds, then are
        cancelled. Idempotent."""
        self._closed = True
        if self._channel is not None:
            channel, self._channel = self._channel, None
            await channel.close(grace)

    async def __aenter__(self) -> MemoryClient:
        """Returns the client itself (the channel connects on first call)."""
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Closes the client."""
        await self.close()

    def __repr__(self) -> str:
        return f"MemoryClient({self._address!r}, tls={self._tls})"
