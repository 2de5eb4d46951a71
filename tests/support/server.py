"""A real agentmemory server process on a real socket, for every suite that needs one.

The server runs as `python -m agentmemory_server serve` with its configuration in AGENTMEMORY_*
environment variables, bound to 127.0.0.1 on a free port with its own data directory; on the
AWS stack it gets its own tables on the test servers that scripts/services.sh starts. Readiness
is grpc.health.v1 Check("") == SERVING.
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
from pathlib import Path
from typing import IO

import grpc
import grpc.aio
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

REPO = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT = 15.0
STOP_TIMEOUT = 10.0
HEARTBEAT_INTERVAL = "0.3"

_LIVE: list[subprocess.Popen[bytes]] = []


@atexit.register
def _kill_leftovers() -> None:
    for proc in _LIVE:
        if proc.poll() is None:
            proc.kill()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def require_stack(stack: str) -> None:
    """Skips (or, under `make test`, fails) when the stack's test servers are not running."""
    if stack == "aws" and "AGENTMEMORY_TEST_AWS_ENDPOINT" not in os.environ:
        if os.environ.get("AGENTMEMORY_TEST_REQUIRE_SERVICES"):
            pytest.fail("AGENTMEMORY_TEST_AWS_ENDPOINT is not set: start scripts/services.sh")
        pytest.skip("the AWS stack's test servers are not running (scripts/services.sh start)")


def stack_env(stack: str, name: str) -> dict[str, str]:
    """What a server on `stack` needs besides the defaults. AWS-stack servers get their own
    tables (a fresh prefix)."""
    if stack == "embedded":
        return {}
    endpoint = os.environ["AGENTMEMORY_TEST_AWS_ENDPOINT"]
    return {
        "AGENTMEMORY_BACKEND": "aws",
        "AGENTMEMORY_REDIS_URL": os.environ["AGENTMEMORY_TEST_REDIS_URL"],
        "AGENTMEMORY_TABLE_PREFIX": f"test-{uuid.uuid4().hex[:8]}-{name}-",
        "AWS_ENDPOINT_URL_DYNAMODB": endpoint,
        "AWS_ENDPOINT_URL_S3": endpoint,
        "AWS_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
    }


class ServerProcess:
    """One agentmemory server subprocess. It can be stopped (SIGTERM) and started again on the
    same data directory (or tables) and port."""

    def __init__(self, data_dir: Path, extra_env: dict[str, str] | None = None, port: int | None = None) -> None:
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.address = f"127.0.0.1:{self.port}"
        self.extra_env = dict(extra_env or {})
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self._log_path: Path | None = None
        self._log_file: IO[bytes] | None = None

    def env(self) -> dict[str, str]:
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

    async def prepare(self) -> None:
        """Creates the server's tables before its first start (a subprocess, awaited, so servers
        the test runs in its own event loop, such as fault-injecting proxies, keep serving)."""
        if self.extra_env.get("AGENTMEMORY_BACKEND") != "aws" or self.starts > 0:
            return
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "agentmemory_server", "init-aws",
            env=self.env(), cwd=str(REPO), stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )
        try:
            out, err = await asyncio.wait_for(process.communicate(), 60)
        except TimeoutError:
            process.kill()
            pytest.fail("agentmemory init-aws did not finish within 60s")
        if process.returncode != 0:
            pytest.fail(f"agentmemory init-aws failed:\n{out.decode()}\n{err.decode()}")

    def launch(self) -> None:
        """Starts the process without waiting for it to serve."""
        assert not self.running, "server already running"
        self.starts += 1
        self._log_path = self.data_dir.parent / f"{self.data_dir.name}-server-{self.starts}.log"
        self._log_file = open(self._log_path, "wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "agentmemory_server", "serve"],
            env=self.env(),
            cwd=str(REPO),
            stdin=subprocess.DEVNULL,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
        )
        _LIVE.append(self.proc)

    async def wait_serving(self, timeout: float = STARTUP_TIMEOUT) -> None:
        """Waits (bounded) until grpc.health.v1 Check("") is SERVING."""
        assert self.proc is not None
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        last_err: object = None
        while loop.time() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"server exited with {self.proc.returncode} during startup:\n{self.output()}")
            try:
                async with grpc.aio.insecure_channel(self.address) as ch:
                    resp = await health_pb2_grpc.HealthStub(ch).Check(
                        health_pb2.HealthCheckRequest(service=""), timeout=1.0
                    )
                    if resp.status == health_pb2.HealthCheckResponse.SERVING:
                        return
                    last_err = f"status {resp.status}"
            except grpc.aio.AioRpcError as e:
                last_err = e.code()
            await asyncio.sleep(0.05)
        self.kill()
        pytest.fail(f"server not SERVING within {timeout}s (last: {last_err}):\n{self.output()}")

    async def start(self) -> None:
        await self.prepare()
        self.launch()
        await self.wait_serving()

    def signal_term(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)

    async def wait_exit(self, timeout: float = STOP_TIMEOUT) -> int:
        assert self.proc is not None
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self.proc.poll() is None:
            if loop.time() > deadline:
                self.kill()
                pytest.fail(f"server did not exit within {timeout}s of SIGTERM:\n{self.output()}")
            await asyncio.sleep(0.05)
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None
        return int(self.proc.returncode)

    async def stop(self, timeout: float = STOP_TIMEOUT) -> int:
        """SIGTERM and wait; returns the exit code."""
        if self.proc is None:
            return 0
        if self.running:
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


class ServerFactory:
    """Separate servers for tests that stop, restart or reconfigure them, on one stack."""

    def __init__(self, base: Path, stack: str = "embedded") -> None:
        self.base = base
        self.stack = stack
        self.servers: list[ServerProcess] = []

    def create(self, name: str, port: int | None = None, extra_env: dict[str, str] | None = None) -> ServerProcess:
        server = ServerProcess(self.base / name, {**stack_env(self.stack, name), **(extra_env or {})}, port)
        self.servers.append(server)
        return server

    async def start(self, name: str = "data", extra_env: dict[str, str] | None = None) -> ServerProcess:
        server = self.create(name, extra_env=extra_env)
        await server.start()
        return server

    async def stop_all(self) -> None:
        for server in self.servers:
            if server.running:
                try:
                    await server.stop(5)
                except BaseException:  # noqa: BLE001 - cleanup must not mask the test
                    server.kill()
