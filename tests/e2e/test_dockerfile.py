"""No Docker engine runs here, so the Dockerfile is kept true by running what it runs: its
ENTRYPOINT and CMD with its ENV (ports and directories moved to the test's), and its HEALTHCHECK
command against that server, SERVING and then stopped."""

from __future__ import annotations

import asyncio
import json
import os
import shlex
import sys
from pathlib import Path

from tests.support.server import REPO, free_port

DOCKERFILE = REPO / "Dockerfile"
VENV_BIN = Path(sys.executable).parent


def _instructions() -> list[tuple[str, str]]:
    """(instruction, arguments) of the final stage, continuation lines joined."""
    text = DOCKERFILE.read_text().replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    final_stage = max(i for i, line in enumerate(lines) if line.startswith("FROM "))
    return [tuple(line.split(None, 1)) for line in lines[final_stage:]]


def _in_image_to_here(word: str, copies: dict[str, str]) -> str:
    if word in copies:
        return str(REPO / copies[word])
    if word == "python":
        return sys.executable
    return word


def _image() -> tuple[dict[str, str], list[str], list[str]]:
    """The final stage's environment, its ENTRYPOINT + CMD, and its HEALTHCHECK command, with
    paths inside the image mapped to this checkout and its virtualenv."""
    env: dict[str, str] = {}
    copies: dict[str, str] = {}
    entrypoint: list[str] = []
    cmd: list[str] = []
    healthcheck: list[str] = []
    for instruction, arguments in _instructions():
        if instruction == "ENV":
            for pair in shlex.split(arguments):
                name, value = pair.split("=", 1)
                env[name] = value
        elif instruction == "COPY" and not arguments.startswith("--from"):
            source, destination = arguments.split()
            copies[destination] = source
        elif instruction == "ENTRYPOINT":
            entrypoint = json.loads(arguments)
        elif instruction == "CMD":
            cmd = json.loads(arguments)
        elif instruction == "HEALTHCHECK":
            healthcheck = json.loads(arguments.split(" CMD ", 1)[1])
    env["PATH"] = env["PATH"].replace("/opt/agentmemory/bin", str(VENV_BIN)).replace("$PATH", os.environ["PATH"])
    command = [*entrypoint, *cmd]
    return env, [str(VENV_BIN / command[0]), *command[1:]], [_in_image_to_here(w, copies) for w in healthcheck]


async def _run(command: list[str], env: dict[str, str], timeout: float = 30) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        *command, env=env, cwd=str(REPO), stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    output, _ = await asyncio.wait_for(process.communicate(), timeout)
    return process.returncode, output.decode()


async def test_the_image_command_serves_and_its_healthcheck_follows_it(tmp_path: Path):
    image_env, command, healthcheck = _image()
    assert command[1:] == ["serve"] and healthcheck[-1].endswith("scripts/healthcheck.py")
    host = image_env["AGENTMEMORY_ADDRESS"].rsplit(":", 1)[0]
    env = {k: v for k, v in os.environ.items() if not k.startswith("AGENTMEMORY_")}
    env.update(image_env)
    env["AGENTMEMORY_ADDRESS"] = f"{host}:{free_port()}"
    env["AGENTMEMORY_DATA_DIR"] = str(tmp_path / "data")

    # The image listens beyond loopback, so as the Dockerfile says it refuses to start without auth.
    code, output = await _run(command, env)
    assert code != 0 and "refusing to serve" in output, output

    env["AGENTMEMORY_AUTH"] = "token"
    server = await asyncio.create_subprocess_exec(
        *command, env=env, cwd=str(REPO), stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL
    )
    try:
        for _ in range(200):
            code, output = await _run(healthcheck, env)
            if code == 0:
                break
            assert server.returncode is None, "the server exited during startup"
            await asyncio.sleep(0.1)
        assert code == 0 and output.strip().endswith("SERVING"), output
    finally:
        server.terminate()
        assert await asyncio.wait_for(server.wait(), 15) == 0
    code, output = await _run(healthcheck, env)
    assert code == 1 and "UNAVAILABLE" in output, output
