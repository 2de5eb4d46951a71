"""`agentmemory serve --workers N` on the AWS stack: N spawned processes share one port, each
answers over the connections the kernel hands it, and SIGTERM to the parent stops them all."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import grpc
import pytest

from agentmemory.v1 import memory_pb2 as m
from agentmemory.v1 import memory_pb2_grpc
from tests.support.server import REPO, ServerProcess, require_stack, stack_env

from .helpers import new_agent_id, value

CONNECTIONS = 16
ESTABLISHED, LISTENING = "01", "0A"


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # The command name may hold spaces; the parent pid is the second field after it.
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _socket_inodes(port: int, state: str) -> set[str]:
    """Inodes of the TCP sockets bound to the port locally in that state (gRPC listens on
    dual-stack sockets, so IPv4 peers appear in tcp6 as v4-mapped addresses)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local_port = int(fields[1].split(":")[1], 16)
            if local_port == port and fields[3] == state:
                inodes.add(fields[9])
    return inodes


def _sockets_by_pid(pids: list[int], port: int, state: str) -> dict[int, int]:
    inodes = _socket_inodes(port, state)
    counts = {}
    for pid in pids:
        owned = 0
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:[") and target[8:-1] in inodes:
                owned += 1
        counts[pid] = owned
    return counts


async def test_two_workers_share_the_port_and_stop_together(tmp_path: Path):
    require_stack("aws")
    server = ServerProcess(tmp_path / "data", {**stack_env("aws", "workers"), "AGENTMEMORY_WORKERS": "2"})
    await server.start()
    # SERVING answers as soon as one worker listens; the test needs both.
    for _ in range(300):
        listening = _sockets_by_pid(_children(server.proc.pid), server.port, LISTENING)
        if sum(1 for count in listening.values() if count) == 2:
            break
        await asyncio.sleep(0.05)
    else:
        pytest.fail(f"two workers did not listen within 15 s: {listening}\n{server.output()}")
    channels = []
    try:
        agent = new_agent_id("workers")
        # A local subchannel pool gives every channel its own TCP connection, which SO_REUSEPORT
        # hands to one of the workers.
        for index in range(CONNECTIONS):
            channel = grpc.aio.insecure_channel(server.address, options=[("grpc.use_local_subchannel_pool", 1)])
            channels.append(channel)
            memory = memory_pb2_grpc.MemoryServiceStub(channel)
            await memory.PutShortTerm(
                m.PutShortTermRequest(agent_id=agent, key=f"context:{index}", value=value({"n": index})), timeout=15
            )
        # Every worker reads what any worker wrote: they share the stores, not memory.
        for index, channel in enumerate(channels):
            read = await memory_pb2_grpc.MemoryServiceStub(channel).GetShortTerm(
                m.GetShortTermRequest(agent_id=agent, key=f"context:{(index + 1) % CONNECTIONS}"), timeout=15
            )
            assert read.entry.value.struct_value["n"] == (index + 1) % CONNECTIONS

        children = _children(server.proc.pid)
        by_pid = _sockets_by_pid([server.proc.pid, *children], server.port, ESTABLISHED)
        assert by_pid[server.proc.pid] == 0, "the parent only supervises; it must not serve"
        serving = {pid: count for pid, count in by_pid.items() if count}
        assert len(serving) == 2, by_pid
        assert sum(serving.values()) == CONNECTIONS, by_pid
    finally:
        for channel in channels:
            await channel.close()

    assert await server.stop() == 0, server.output()
    for pid in serving:
        assert not Path(f"/proc/{pid}").exists(), f"worker {pid} outlived the parent"


async def test_workers_refuse_the_embedded_store(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AGENTMEMORY_")}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "server"), str(REPO / "stubs" / "python")])
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "agentmemory_server", "serve", "--workers", "2", "--data-dir", str(tmp_path),
        cwd=str(REPO), env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode != 0
    assert "needs AGENTMEMORY_BACKEND=aws" in output.decode(), output.decode()
    assert not (tmp_path / "agentmemory.sqlite3").exists()
