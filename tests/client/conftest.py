"""Fixtures of the Python client suite: real agentmemory server processes on
real sockets (no mocks).

A server runs as ``python -m agentmemory_server serve`` configured through
AGENTMEMORY_* variables, on 127.0.0.1 and a free port, with a temporary data
directory; it is ready when grpc.health.v1 Check("") reports SERVING, and is
stopped with SIGTERM. A ServerProcess keeps its port and data directory
across stop()/start(), so a test can restart "the same" server.
"""

from __future__ import annotations

import asyncio
import atexit
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import IO

import grpc
import grpc.aio
import pytest
import pytest_asyncio
from grpc_health.v1 import health_pb2, health_pb2_grpc

from agentmemory.client import DecisionLogger, MemoryClient, MemoryManager

from .helpers import free_port, new_agent_id

REPO = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT = 15.0
STOP_TIMEOUT = 15.0
HEARTBEAT_INTERVAL = "0.3"

_LIVE: list[subprocess.Popen[bytes]] = []


@atexit.register
def _kill_leftovers() -> None:
    for proc in _LIVE:
        if proc.poll() is None:
            proc.kill()


class ServerProcess:
    """One agentmemory server subprocess with a fixed port and data directory."""

    def __init__(self, data_dir: Path, port: int | None = None, extra_env: dict[str, str] | None = None) -> None:
        self.data_dir = data_dir
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.address = f"127.0.0.1:{self.port}"
        self.extra_env = dict(extra_env or {})
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self._log: IO[bytes] | None = None
        self._log_path: Path | None = None

    def _env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("AGENTMEMORY_")}
        paths = [str(REPO / "server"), str(REPO / "stubs" / "python")]
        if env.get("PYTHONPATH"):
            paths.append(env["PYTHONPATH"])
        env["PYTHONPATH"] = os.pathsep.join(paths)
        env["PYTHONUNBUFFERED"] = "1"
        env["AGENTMEMORY_ADDRESS"] = self.address
        env["AGENTMEMORY_DATA_DIR"] = str(self.data_dir)
        env["AGENTMEMORY_HEARTBEAT_INTERVAL"] = HEARTBEAT_INTERVAL
        env.update(self.extra_env)
        return env

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def output(self) -> str:
        if self._log_path is None or not self._log_path.exists():
            return ""
        return self._log_path.read_text(errors="replace")[-20000:]

    def launch(self) -> None:
        """Starts the process without waiting for it to serve."""
        assert not self.running, "server already running"
        self.starts += 1
        self._log_path = self.data_dir.parent / f"{self.data_dir.name}-server-{self.starts}.log"
        self._log = open(self._log_path, "wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "agentmemory_server", "serve"],
            env=self._env(),
            cwd=str(REPO),
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        _LIVE.append(self.proc)

    async def wait_serving(self, timeout: float = STARTUP_TIMEOUT) -> None:
        """Waits (bounded) until grpc.health.v1 Check("") is SERVING."""
        assert self.proc is not None
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        last: object = None
        while loop.time() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"server exited with {self.proc.returncode} during startup:\n{self.output()}")
            try:
                async with grpc.aio.insecure_channel(self.address) as channel:
                    response = await health_pb2_grpc.HealthStub(channel).Check(
                        health_pb2.HealthCheckRequest(service=""), timeout=1.0
                    )
                if response.status == health_pb2.HealthCheckResponse.SERVING:
                    return
                last = response.status
            except grpc.aio.AioRpcError as error:
                last = error.code()
            await asyncio.sleep(0.05)
        self.kill()
        pytest.fail(f"server not SERVING within {timeout}s (last: {last}):\n{self.output()}")

    async def start(self) -> None:
        self.launch()
        await self.wait_serving()

    async def stop(self, timeout: float = STOP_TIMEOUT) -> int:
        """SIGTERM, then waits (bounded) for the exit code."""
        if self.proc is None:
            return 0
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self.proc.poll() is None:
            if loop.time() > deadline:
                self.kill()
                pytest.fail(f"server did not exit within {timeout}s of SIGTERM:\n{self.output()}")
            await asyncio.sleep(0.05)
        if self._log is not None:
            self._log.close()
            self._log = None
        return int(self.proc.returncode)

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)


class ServerFactory:
    """Separate servers for tests that stop, restart or reconfigure them."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.servers: list[ServerProcess] = []

    def create(self, name: str, port: int | None = None, extra_env: dict[str, str] | None = None) -> ServerProcess:
        server = ServerProcess(self.base / name, port, extra_env)
        self.servers.append(server)
        return server

    async def start(self, name: str, extra_env: dict[str, str] | None = None) -> ServerProcess:
        server = self.create(name, extra_env=extra_env)
        await server.start()
        return server


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
    for srv in factory.servers:
        if srv.running:
            try:
                await srv.stop(5)
            except BaseException:  # noqa: BLE001 - cleanup must not mask the test
                srv.kill()
