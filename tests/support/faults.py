"""A TCP proxy that can cut the network path to a store and restore it, or stall it, leaving the
store (and its data) running: how the reliability tests take a dependency away or make it slow."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from tests.support.server import free_port


class CuttableProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = free_port()
        self._server: asyncio.Server | None = None
        self._connections: set[asyncio.StreamWriter] = set()
        # Cleared while stalled: nothing is forwarded either way, connections stay open.
        self._flowing = asyncio.Event()
        self._flowing.set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def open(self) -> None:
        """Accepts and forwards connections (again)."""
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", self.port)

    @contextlib.asynccontextmanager
    async def stalled(self) -> AsyncIterator[None]:
        """While inside, the store looks up (connections open) but never answers, as a store in
        a long GC pause or behind a congested path does; what was held is forwarded after."""
        self._flowing.clear()
        try:
            yield
        finally:
            self._flowing.set()

    async def cut(self) -> None:
        """Refuses new connections and drops the open ones: the store is unreachable."""
        self._flowing.set()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        for writer in list(self._connections):
            writer.close()
        self._connections.clear()

    async def _serve(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(*self.target)
        except OSError:
            client_writer.close()
            return
        self._connections.update({client_writer, upstream_writer})

        async def pump(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            with contextlib.suppress(OSError, asyncio.CancelledError):
                while data := await reader.read(65536):
                    await self._flowing.wait()
                    writer.write(data)
                    await writer.drain()
            writer.close()

        await asyncio.gather(pump(client_reader, upstream_writer), pump(upstream_reader, client_writer))
        self._connections.difference_update({client_writer, upstream_writer})
