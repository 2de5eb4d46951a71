"""Fixtures of the Python client suite: real agentmemory server processes on
real sockets (no mocks).

A server runs as ``python -m agentmemory_server serve`` configured through
AGENTMEMORY_* variables, on 127.0.0.1 and a free port, with a temporary data
directory; it is ready when grpc.health.v1 Check("") reports SERVING, and is
stopped with SIGTERM. A ServerProcess keeps its port and data directory
across stop()/start(), so a test can restart "the same" server.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from agentmemory.client import DecisionLogger, MemoryClient, MemoryManager

from tests.support.server import ServerFactory, ServerProcess

from .helpers import new_agent_id

# --------------------------------------------------------------------------
# Fixtures
# --------------------------------------------------------------------------


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def server(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[ServerProcess]:
    """The suite's shared server."""
    srv = ServerProcess(tmp_path_factory.mktemp("pyclient") / "data")
    await srv.start()
    yield srv
    rc = await srv.stop()
    assert rc == 0, f"server exited with {rc} after SIGTERM:\n{srv.output()}"


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def client(server: ServerProcess) -> AsyncIterator[MemoryClient]:
    """A MemoryClient on the shared server (default deadline 10 s)."""
    async with MemoryClient(server.address) as c:
        yield c


@pytest.fixture
def agent_id() -> str:
    return new_agent_id()


@pytest.fixture
def memory(client: MemoryClient, agent_id: str) -> MemoryManager:
    return MemoryManager(client, agent_id)


@pytest.fixture
def logger(client: MemoryClient, agent_id: str) -> DecisionLogger:
    return DecisionLogger(client, agent_id)


@pytest_asyncio.fixture(loop_scope="session")
async def server_factory(tmp_path: Path) -> AsyncIterator[ServerFactory]:
    """Starts servers of the test's own; whatever still runs at the end is stopped."""
    factory = ServerFactory(tmp_path)
    yield factory
    await factory.stop_all()
