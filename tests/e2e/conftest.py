"""End-to-end fixtures: a real agentmemory server process on a real socket.

The server runs as `python -m agentmemory_server serve` with its configuration
in AGENTMEMORY_* environment variables, bound to 127.0.0.1 on a free port and
a temporary data directory. Readiness is grpc.health.v1 Check("") == SERVING.
"""

from __future__ import annotations

import asyncio
import atexit
import os
import signal
import socket
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import grpc
import grpc.aio
import pytest
import pytest_asyncio
from grpc_health.v1 import health_pb2, health_pb2_grpc

from agentmemory.v1 import decision_log_pb2_grpc, memory_pb2_grpc

from .helpers import DeadlineStub, new_agent_id, open_channel

REPO = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT = 15.0
STOP_TIMEOUT = 10.0
HEARTBEAT_INTERVAL = "0.3"

_LIVE: list[subprocess.Popen] = []


def _kill_leftovers() -> None:
    for proc in _LIVE:
        if proc.poll() is None:
            proc.kill()


atexit.register(_kill_leftovers)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stack_env(stack: str, name: str) -> dict[str, str]:
    """What a server on `stack` needs besides the defaults. AWS-stack servers get their own
    tables (a fresh prefix) on the test servers that scripts/services.sh starts."""
    if stack == "embedded":
        return {}
    endpoint = os.environ["AGENTMEMORY_TEST_AWS_ENDPOINT"]
    return {
        "AGENTMEMORY_BACKEND": "aws",
        "AGENTMEMORY_REDIS_URL": os.environ["AGENTMEMORY_TEST_REDIS_URL"],
        "AGENTMEMORY_TABLE_PREFIX": f"e2e-{uuid.uuid4().hex[:8]}-{name}-",
        "AWS_ENDPOINT_URL_DYNAMODB": endpoint,
        "AWS_ENDPOINT_URL_S3": endpoint,
        "AWS_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
    }


class ServerProcess:
    """One agentmemory server subprocess on its own data directory. It can be
    stopped (SIGTERM) and started again on the same directory and port."""

    def __init__(self, data_dir: Path, extra_env: dict[str, str] | None = None) -> None:
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.address = f"127.0.0.1:{self.port}"
        self.extra_env = dict(extra_env or {})
        self.proc: subprocess.Popen | None = None
        self.starts = 0
        self._log_path: Path | None = None
        self._log_file = None

    # -- environment ------------------------------------------------------
    def _env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("AGENTMEMORY_")}
        extra_path = [str(REPO / "server"), str(REPO / "stubs" / "python")]
        if env.get("PYTHONPATH"):
            extra_path.append(env["PYTHONPATH"])
        env["PYTHONPATH"] = os.pathsep.join(extra_path)
        env["PYTHONUNBUFFERED"] = "1"
        env["AGENTMEMORY_ADDRESS"] = self.address
        env["AGENTMEMORY_DATA_DIR"] = str(self.data_dir)
        env["AGENTMEMORY_HEARTBEAT_INTERVAL"] = HEARTBEAT_INTERVAL
        env.update(self.extra_env)
        return env

    def output(self) -> str:
        if self._log_path is None or not self._log_path.exists():
            return ""
        return self._log_path.read_text(errors="replace")[-20000:]

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    # -- lifecycle --------------------------------------------------------
    def _init_aws_once(self) -> None:
        if self.extra_env.get("AGENTMEMORY_BACKEND") != "aws" or self.starts > 1:
            return
        done = subprocess.run(
            [sys.executable, "-m", "agentmemory_server", "init-aws"],
            env=self._env(),
            cwd=str(REPO),
            capture_output=True,
            text=True,
            timeout=60,
        )
        if done.returncode != 0:
            pytest.fail(f"agentmemory init-aws failed:\n{done.stdout}\n{done.stderr}")

    async def start(self) -> None:
        assert not self.running, "server already running"
        self.starts += 1
        self._init_aws_once()
        self._log_path = self.data_dir.parent / f"{self.data_dir.name}-server-{self.starts}.log"
        self._log_file = open(self._log_path, "wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "agentmemory_server", "serve"],
            env=self._env(),
            cwd=str(REPO),
            stdin=subprocess.DEVNULL,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
        )
        _LIVE.append(self.proc)
        await self._wait_serving()

    async def _wait_serving(self) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + STARTUP_TIMEOUT
        last_err: object = None
        while loop.time() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(
                    f"server exited with {self.proc.returncode} during startup:\n{self.output()}"
                )
            try:
                async with grpc.aio.insecure_channel(self.address) as ch:
                    stub = health_pb2_grpc.HealthStub(ch)
                    resp = await stub.Check(health_pb2.HealthCheckRequest(service=""), timeout=1.0)
                    if resp.status == health_pb2.HealthCheckResponse.SERVING:
                        return
                    last_err = f"status {resp.status}"
            except grpc.aio.AioRpcError as e:
                last_err = e.code()
            await asyncio.sleep(0.1)
        self.proc.kill()
        self.proc.wait(5)
        pytest.fail(
            f"server not SERVING within {STARTUP_TIMEOUT}s (last: {last_err}):\n{self.output()}"
        )

    def signal_term(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)

    async def wait_exit(self, timeout: float = STOP_TIMEOUT) -> int:
        assert self.proc is not None
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self.proc.poll() is None:
            if loop.time() > deadline:
                self.proc.kill()
                self.proc.wait(5)
                pytest.fail(f"server did not exit within {timeout}s of SIGTERM:\n{self.output()}")
            await asyncio.sleep(0.05)
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None
        return self.proc.returncode

    async def stop(self, timeout: float = STOP_TIMEOUT) -> int:
        """SIGTERM and wait; returns the exit code."""
        if not self.running:
            return self.proc.returncode if self.proc else 0
        self.signal_term()
        return await self.wait_exit(timeout)

    async def restart(self) -> int:
        rc = await self.stop()
        await self.start()
        return rc

    def kill(self) -> None:
        if self.running:
            self.proc.kill()
            self.proc.wait(5)


# --------------------------------------------------------------------------
# Fixtures
# --------------------------------------------------------------------------


@pytest.fixture(scope="session", params=["embedded", "aws"])
def stack(request: pytest.FixtureRequest) -> str:
    """Every end-to-end test runs once per storage stack."""
    if request.param == "aws" and "AGENTMEMORY_TEST_AWS_ENDPOINT" not in os.environ:
        if os.environ.get("AGENTMEMORY_TEST_REQUIRE_SERVICES"):
            pytest.fail("AGENTMEMORY_TEST_AWS_ENDPOINT is not set: start scripts/services.sh")
        pytest.skip("the AWS stack's test servers are not running (scripts/services.sh start)")
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


class ServerFactory:
    def __init__(self, base: Path, stack: str) -> None:
        self.base = base
        self.stack = stack
        self.servers: list[ServerProcess] = []

    async def start(self, name: str = "data", extra_env: dict[str, str] | None = None) -> ServerProcess:
        srv = ServerProcess(self.base / name, {**stack_env(self.stack, name), **(extra_env or {})})
        self.servers.append(srv)
        await srv.start()
        return srv


@pytest_asyncio.fixture(loop_scope="session")
async def server_factory(tmp_path: Path, stack: str) -> AsyncIterator[ServerFactory]:
    """Starts separate servers on their own data directories (restart and
    shutdown tests), on the stack under test. Whatever is still running at the end is stopped."""
    factory = ServerFactory(tmp_path, stack)
    yield factory
    for srv in factory.servers:
        if srv.running:
            try:
                await srv.stop(5)
            except BaseException:  # noqa: BLE001 - cleanup must not mask the test
                srv.kill()
