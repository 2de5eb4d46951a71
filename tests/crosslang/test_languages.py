"""The cross-language scenario (tests/scenario/README.md), run by each language's own test
runner against one live server. A contract change that breaks any language fails here."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from tests.support.server import REPO, ServerProcess

# First runs download toolchains' dependencies (Go modules, npm packages, Maven artifacts).
LANGUAGE_TIMEOUT_S = 900


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def live_server(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[ServerProcess]:
    server = ServerProcess(tmp_path_factory.mktemp("crosslang") / "data")
    await server.start()
    yield server
    assert await server.stop() == 0, server.output()


# language -> (the tool it needs, the command that runs its scenario and tests)
LANGUAGES = {
    "python": (sys.executable, [sys.executable, str(REPO / "tests" / "client" / "test_scenario.py")]),
    "go": ("go", [str(REPO / "stubs" / "go" / "test.sh")]),
    "typescript": ("npm", [str(REPO / "stubs" / "typescript" / "test.sh")]),
    "java": ("mvn", [str(REPO / "stubs" / "java" / "test.sh")]),
}


@pytest.mark.parametrize("language", sorted(LANGUAGES))
@pytest.mark.timeout(LANGUAGE_TIMEOUT_S)
def test_language_passes_the_scenario(language: str, live_server: ServerProcess, tmp_path: Path) -> None:
    tool, command = LANGUAGES[language]
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} is not installed: the {language} stubs cannot be tested")
    done = subprocess.run(
        command,
        env={**os.environ, "AGENTMEMORY_ADDRESS": live_server.address, "PYTHONPATH": str(REPO)},
        cwd=str(REPO),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=LANGUAGE_TIMEOUT_S,
    )
    log = tmp_path / f"{language}.log"
    log.write_text(done.stdout)
    assert done.returncode == 0, f"the {language} scenario failed:\n{done.stdout[-15000:]}"
