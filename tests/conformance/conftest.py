"""One storage conformance suite, run against every adapter (SpiceDB's test.All).

Each backend is a factory yielding a StoreBundle of fresh port implementations. A new adapter
is done when this suite passes against it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from agentmemory_server.storage.embedded.store import EmbeddedStore
from agentmemory_server.storage.ports import AgentStateStore, DecisionStore, LongTermStore, MetaStore, ShortTermStore


@dataclass
class StoreBundle:
    short_term: ShortTermStore
    long_term: LongTermStore
    agent_state: AgentStateStore
    decisions: DecisionStore
    meta: MetaStore


@asynccontextmanager
async def embedded(tmp_path: Path) -> AsyncIterator[StoreBundle]:
    store = EmbeddedStore(tmp_path / "conformance.sqlite3")
    await store.open()
    try:
        yield StoreBundle(store.short_term, store.long_term, store.agent_state, store.decisions, store.meta)
    finally:
        await store.close()


BACKENDS: dict[str, Callable[[Path], AbstractAsyncContextManager[StoreBundle]]] = {"embedded": embedded}


@pytest.fixture(params=sorted(BACKENDS))
async def stores(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[StoreBundle]:
    async with BACKENDS[request.param](tmp_path) as bundle:
        yield bundle
