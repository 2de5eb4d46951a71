"""End-to-end fixtures: real agentmemory server processes (tests/support/server.py) on real
sockets, one per module and storage stack."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import grpc
import grpc.aio
import pytest
import pytest_asyncio

from agentmemory.v1 import decision_log_pb2_grpc, memory_pb2_grpc

from tests.support.server import ServerFactory, ServerProcess, require_stack, stack_env

from .helpers import DeadlineStub, new_agent_id, open_channel

# --------------------------------------------------------------------------
# Fixtures
# --------------------------------------------------------------------------


@pytest.fixture(scope="session", params=["embedded", "aws"])
def stack(request: pytest.FixtureRequest) -> str:
    """Every end-to-end test runs once per storage stack."""
    require_stack(request.param)
    return request.param


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def server(stack: str, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[ServerProcess]:
    # One server per module and stack: each module starts from fresh tables, which keeps the
    # serial moto server's transactions (they copy the whole table) fast.
    srv = ServerProcess(tmp_path_factory.mktemp(f"agentmemory-{stack}") / "data", stack_env(stack, "module"))
    await srv.start()
    yield srv
    rc = await srv.stop()
    assert rc == 0, f"server exited with {rc} after SIGTERM:\n{srv.output()}"


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def channel(server: ServerProcess) -> AsyncIterator[grpc.aio.Channel]:
    ch = await open_channel(server.address)
    yield ch
    await ch.close()


@pytest.fixture(scope="module")
def memory(channel: grpc.aio.Channel) -> DeadlineStub:
    return DeadlineStub(memory_pb2_grpc.MemoryServiceStub(channel))


@pytest.fixture(scope="module")
def decisions(channel: grpc.aio.Channel) -> DeadlineStub:
    return DeadlineStub(decision_log_pb2_grpc.DecisionLogServiceStub(channel))


@pytest.fixture
def agent_id() -> str:
    return new_agent_id()


@pytest.fixture
def other_agent_id() -> str:
    return new_agent_id("other")


@pytest_asyncio.fixture(loop_scope="session")
async def server_factory(tmp_path: Path, stack: str) -> AsyncIterator[ServerFactory]:
    """Starts separate servers on their own data directories (restart and
    shutdown tests), on the stack under test. Whatever is still running at the end is stopped."""
    factory = ServerFactory(tmp_path, stack)
    yield factory
    await factory.stop_all()
