"""Subscribers are woken as a logged decision's commit is heard of: before the LogDecision call
resumes, and even when its caller has stopped waiting (a write once queued still commits, and its
event must not sit unannounced until the next write or heartbeat)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from agentmemory_server.core.decisions import DecisionLogCore
from agentmemory_server.core.models import DecisionDraft, EventKind, Outcome
from agentmemory_server.core.rollups import RollupSpec
from agentmemory_server.core.tokens import TokenSigner
from agentmemory_server.storage.embedded.store import EmbeddedStore


async def no_credit(_: object) -> None:
    return None


def draft(agent_id: str) -> DecisionDraft:
    return DecisionDraft(agent_id, "QUERY", {}, {}, {})


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[EmbeddedStore]:
    store = EmbeddedStore(tmp_path / "db.sqlite3", RollupSpec((), "reasoning.selected"))
    await store.open()
    yield store
    await store.close()


async def woken_after_the_caller_went_away(store: EmbeddedStore, call: Callable[[], Awaitable[object]], woken: list[str]) -> None:
    """Starts `call` while the writer is held, so that it is queued when its caller goes, cancels
    it, lets the writer go on, and waits (a while) for a wake-up in `woken`."""
    gate = threading.Event()
    held = asyncio.ensure_future(store.decisions._db.write(lambda c: gate.wait(5)))
    await asyncio.sleep(0.05)
    task = asyncio.ensure_future(call())
    await asyncio.sleep(0.05)
    task.cancel()
    gate.set()
    await held
    for _ in range(100):
        if woken:
            break
        await asyncio.sleep(0.01)
    assert task.cancelled()


async def test_a_decision_whose_caller_went_away_still_wakes_the_agents_subscribers(store: EmbeddedStore):
    woken: list[str] = []
    core = DecisionLogCore(store.decisions, woken.append, TokenSigner(b"k" * 32), no_credit)
    await woken_after_the_caller_went_away(store, lambda: core.log([draft("a")]), woken)
    assert woken == ["a"]
    assert [event.decision.agent_id for event in await store.decisions.read_events("a", 0, 10)] == ["a"]


async def test_an_outcome_whose_caller_went_away_still_wakes_the_agents_subscribers(store: EmbeddedStore):
    woken: list[str] = []
    core = DecisionLogCore(store.decisions, woken.append, TokenSigner(b"k" * 32), no_credit)
    (logged,) = await core.log([draft("a")])
    woken.clear()
    outcome = Outcome(True, {}, {}, 0)
    await woken_after_the_caller_went_away(store, lambda: core.record_outcome("a", logged.decision_id, outcome, False), woken)
    assert woken == ["a"]
    assert [event.kind for event in await store.decisions.read_events("a", 1, 10)] == [EventKind.OUTCOME_RECORDED]


class AppendsTold:
    """The real embedded decision store, noting in `told` when an append returns to its caller."""

    def __init__(self, store, told: list[str]) -> None:
        self._store = store
        self._told = told

    async def append(self, decisions, committed=None):
        stored = await self._store.append(decisions, committed)
        self._told.append("append returned")
        return stored

    def __getattr__(self, name):
        return getattr(self._store, name)


async def test_subscribers_are_woken_before_the_logging_call_resumes(store: EmbeddedStore):
    told: list[str] = []
    core = DecisionLogCore(AppendsTold(store.decisions, told), told.append, TokenSigner(b"k" * 32), no_credit)
    await core.log([draft("a"), draft("b"), draft("a")])
    assert sorted(told[:2]) == ["a", "b"] and told[2:] == ["append returned"]
