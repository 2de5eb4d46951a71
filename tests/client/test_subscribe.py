"""DecisionLogger.subscribe() against real servers: live events, heartbeats,
filters, cursors, and resuming by itself across dropped connections and
server restarts (same data directory and port) without losing or repeating
an event."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from agentmemory.client import (
    CursorExpiredError,
    DecisionLogger,
    DecisionSubscription,
    EventKind,
    InvalidCursorError,
    MemoryClient,
    RetryPolicy,
    UnavailableError,
)

from tests.support.server import ServerFactory
from .helpers import FAST_RETRY, free_port, new_agent_id

pytestmark = pytest.mark.timeout(45)

LOGGED = EventKind.DECISION_LOGGED
OUTCOME = EventKind.OUTCOME_RECORDED
HEARTBEAT = EventKind.HEARTBEAT
QUICK_RECONNECT = RetryPolicy(max_attempts=1000, initial_backoff=0.05, max_backoff=0.3)


async def next_event(sub: DecisionSubscription, timeout: float = 5.0) -> dict[str, Any]:
    return await asyncio.wait_for(anext(sub), timeout)


def summary(events: list[dict[str, Any]]) -> list[tuple[str, str | None]]:
    return [(str(e["kind"]), e["decision"]["decision_id"] if e["decision"] else None) for e in events]


async def test_events_arrive_in_order_with_cursors(logger: DecisionLogger) -> None:
    async with logger.subscribe() as sub:
        start = sub.cursor
        assert start, "open() waits for the first heartbeat, which carries the starting cursor"
        d1 = await logger.log_decision("SOURCE_SELECTION", {"n": 1}, {"r": 1})
        d2 = await logger.log_decision("QUERY", {"n": 2}, {}, parent_decision_ids=[d1])
        await logger.log_outcome(d1, {"signals": 2}, True, metrics={"quality": 0.9})
        events = [await next_event(sub) for _ in range(3)]
        assert summary(events) == [(LOGGED, d1), (LOGGED, d2), (OUTCOME, d1)]
        assert events[0]["decision"]["context"] == {"n": 1}
        assert events[1]["decision"]["parent_decision_ids"] == [d1]
        assert events[2]["decision"]["outcome"]["success"] is True
        assert all(e["cursor"] for e in events)
        assert len({start, *(e["cursor"] for e in events)}) == 4, "every event has its own position"
        assert sub.cursor == events[-1]["cursor"]
        assert sub.reconnects == 0


async def test_only_events_after_opening(logger: DecisionLogger) -> None:
    before = await logger.log_decision("QUERY", {"n": 0}, {})
    async with logger.subscribe() as sub:
        after = await logger.log_decision("QUERY", {"n": 1}, {})
        assert summary([await next_event(sub)]) == [(LOGGED, after)]
    assert before != after


async def test_heartbeats_move_the_cursor_and_are_yielded_only_when_asked(logger: DecisionLogger) -> None:
    async with logger.subscribe(include_heartbeats=True) as sub:
        first = await next_event(sub)
        assert first["kind"] is HEARTBEAT and first["decision"] is None and first["cursor"]
        second = await next_event(sub, timeout=3)  # the server heartbeats every 0.3 s while idle
        assert second["kind"] is HEARTBEAT and second["cursor"] == first["cursor"]
        decision_id = await logger.log_decision("QUERY", {}, {})
        event = await next_event(sub)
        while event["kind"] is HEARTBEAT:
            event = await next_event(sub)
        assert summary([event]) == [(LOGGED, decision_id)]

    async with logger.subscribe() as sub:
        with pytest.raises(TimeoutError):
            await next_event(sub, timeout=1.0)  # several heartbeats, none yielded
        assert sub.cursor


async def test_decision_type_filter(logger: DecisionLogger) -> None:
    async with logger.subscribe(decision_types=["SIGNAL_GENERATION"]) as sub:
        await logger.log_decision("QUERY", {}, {})
        wanted = await logger.log_decision("SIGNAL_GENERATION", {}, {})
        await logger.log_decision("QUERY", {}, {})
        await logger.log_outcome(wanted, {}, True)
        assert summary([await next_event(sub), await next_event(sub)]) == [(LOGGED, wanted), (OUTCOME, wanted)]
        with pytest.raises(TimeoutError):
            await next_event(sub, timeout=0.5)


async def test_resume_later_from_a_saved_cursor(logger: DecisionLogger) -> None:
    async with logger.subscribe() as sub:
        d1 = await logger.log_decision("QUERY", {"n": 1}, {})
        assert summary([await next_event(sub)]) == [(LOGGED, d1)]
        saved = sub.cursor
    d2 = await logger.log_decision("QUERY", {"n": 2}, {})
    d3 = await logger.log_decision("QUERY", {"n": 3}, {})
    async with logger.subscribe(cursor=saved) as sub:
        assert summary([await next_event(sub), await next_event(sub)]) == [(LOGGED, d2), (LOGGED, d3)]
        with pytest.raises(TimeoutError):
            await next_event(sub, timeout=0.5)


async def test_a_run_of_events_is_handed_out_one_at_a_time_with_its_own_cursor(logger: DecisionLogger) -> None:
    async with logger.subscribe() as sub:
        start = sub.cursor
    logged = await logger.log_decisions([{"decision_type": "QUERY", "context": {"i": i}} for i in range(50)])
    # The catch-up arrives in runs (the client asks for many events per message); the cursor
    # follows the events handed out, not the messages received, so saving it mid-run loses nothing.
    async with logger.subscribe(cursor=start) as sub:
        first = [await next_event(sub) for _ in range(20)]
        assert sub.cursor == first[-1]["cursor"]
        saved = sub.cursor
    assert [e["decision"]["decision_id"] for e in first] == logged[:20]
    async with logger.subscribe(cursor=saved) as sub:
        rest = [await next_event(sub) for _ in range(30)]
        assert sub.cursor == rest[-1]["cursor"]
    assert [e["decision"]["decision_id"] for e in rest] == logged[20:]


async def test_cancelled_read_loses_nothing(logger: DecisionLogger) -> None:
    async with logger.subscribe() as sub:
        with pytest.raises(TimeoutError):
            await next_event(sub, timeout=0.4)  # cancels the pending read (and the stream)
        d1 = await logger.log_decision("QUERY", {"n": 1}, {})
        d2 = await logger.log_decision("QUERY", {"n": 2}, {})
        assert summary([await next_event(sub), await next_event(sub)]) == [(LOGGED, d1), (LOGGED, d2)]
        assert sub.reconnects == 1


async def test_plain_iteration_and_close_from_another_task(logger: DecisionLogger) -> None:
    sub = logger.subscribe()
    seen: list[dict[str, Any]] = []

    async def consume() -> None:
        async for event in sub:
            seen.append(event)

    await sub.open()
    task = asyncio.create_task(consume())
    d1 = await logger.log_decision("QUERY", {}, {})
    for _ in range(100):
        if seen:
            break
        await asyncio.sleep(0.05)
    assert summary(seen) == [(LOGGED, d1)]
    await sub.close()
    await asyncio.wait_for(task, 5)  # iteration ends, no error
    assert sub.closed


async def test_invalid_cursors_are_typed(logger: DecisionLogger) -> None:
    with pytest.raises(InvalidCursorError) as info:
        await logger.subscribe(cursor="not-a-cursor").open()
    assert "cursor" in info.value.fields
    async with DecisionLogger(logger.client, new_agent_id("other")).subscribe() as other:
        foreign = other.cursor
    with pytest.raises(InvalidCursorError):
        await logger.subscribe(cursor=foreign).open()


async def test_subscription_is_not_cut_by_the_default_deadline(server: Any) -> None:
    async with MemoryClient(server.address, default_timeout=0.5) as client:
        logger = DecisionLogger(client, new_agent_id())
        async with logger.subscribe() as sub:
            await asyncio.sleep(1.2)
            decision_id = await logger.log_decision("QUERY", {}, {})
            assert summary([await next_event(sub)]) == [(LOGGED, decision_id)]
            assert sub.reconnects == 0, "the stream itself stayed open past the default deadline"


async def test_gives_up_after_max_reconnect_attempts() -> None:
    address = f"127.0.0.1:{free_port()}"  # nobody listens
    async with MemoryClient(address) as client:
        sub = DecisionLogger(client, new_agent_id()).subscribe(
            max_reconnect_attempts=2, reconnect_policy=QUICK_RECONNECT
        )
        with pytest.raises(UnavailableError):
            await asyncio.wait_for(sub.open(), 10)
        assert sub.connects == 3


async def test_resumes_by_itself_across_a_server_restart(server_factory: ServerFactory) -> None:
    srv = server_factory.create("restart")
    await srv.start()
    agent = new_agent_id()
    async with MemoryClient(srv.address) as sub_client, MemoryClient(srv.address, retry=FAST_RETRY) as writer_client:
        writer = DecisionLogger(writer_client, agent)
        async with DecisionLogger(sub_client, agent).subscribe(reconnect_policy=QUICK_RECONNECT) as sub:
            d1 = await writer.log_decision("SOURCE_SELECTION", {"n": 1}, {})
            d2 = await writer.log_decision("QUERY", {"n": 2}, {}, parent_decision_ids=[d1])
            events = [await next_event(sub), await next_event(sub)]
            d3 = await writer.log_decision("QUERY", {"n": 3}, {})  # logged, not read yet

            assert await srv.stop() == 0
            # Logged while the server is down: the writer's retries carry it
            # over to the restarted server.
            down = asyncio.create_task(writer.log_decision("QUERY", {"n": 4}, {}, request_id=f"{agent}-down"))
            try:
                await asyncio.sleep(0.3)
                assert not down.done(), "the writer must still be retrying"
                await srv.start()
                d4 = await asyncio.wait_for(down, 15)
            finally:
                down.cancel()
                await asyncio.gather(down, return_exceptions=True)
            d5 = await writer.log_decision("SIGNAL_GENERATION", {"n": 5}, {})
            await writer.log_outcome(d1, {"ok": True}, True)

            events += [await next_event(sub, timeout=10) for _ in range(4)]
            assert summary(events) == [
                (LOGGED, d1),
                (LOGGED, d2),
                (LOGGED, d3),
                (LOGGED, d4),
                (LOGGED, d5),
                (OUTCOME, d1),
            ]
            # Nothing repeated after them: the next event is the next decision.
            d6 = await writer.log_decision("QUERY", {"n": 6}, {})
            assert summary([await next_event(sub)]) == [(LOGGED, d6)]
            assert sub.reconnects >= 1
        assert len(await writer.query_decisions()) == 6


async def test_resumes_while_being_read_during_the_outage(server_factory: ServerFactory) -> None:
    srv = server_factory.create("restart-live")
    await srv.start()
    agent = new_agent_id()
    async with MemoryClient(srv.address) as sub_client, MemoryClient(srv.address, retry=FAST_RETRY) as writer_client:
        writer = DecisionLogger(writer_client, agent)
        sub = DecisionLogger(sub_client, agent).subscribe(reconnect_policy=QUICK_RECONNECT)
        await sub.open()
        seen: list[dict[str, Any]] = []

        async def consume() -> None:
            async for event in sub:
                seen.append(event)

        async def wait_for_count(count: int, timeout: float = 10.0) -> None:
            async def poll() -> None:
                while len(seen) < count:
                    await asyncio.sleep(0.02)

            await asyncio.wait_for(poll(), timeout)

        task = asyncio.create_task(consume())
        try:
            d1 = await writer.log_decision("QUERY", {"n": 1}, {})
            await wait_for_count(1)
            assert await srv.stop() == 0
            await asyncio.sleep(0.6)  # the reader keeps reconnecting meanwhile
            assert not task.done(), f"the reader gave up: {task}"
            await srv.start()
            d2 = await writer.log_decision("QUERY", {"n": 2}, {})
            d3 = await writer.log_decision("QUERY", {"n": 3}, {})
            await writer.log_outcome(d2, {}, False)
            await wait_for_count(4)
            await asyncio.sleep(0.5)  # room for a duplicate to show up
            assert summary(seen) == [(LOGGED, d1), (LOGGED, d2), (LOGGED, d3), (OUTCOME, d2)]
            assert sub.reconnects >= 2, "it retried while the server was down"
        finally:
            await sub.close()
            await asyncio.wait_for(task, 5)


async def test_expired_cursor_is_typed_with_oldest_cursor(server_factory: ServerFactory) -> None:
    srv = await server_factory.start(
        "retention", extra_env={"AGENTMEMORY_EVENT_RETENTION": "1.0", "AGENTMEMORY_STM_SWEEP_INTERVAL": "0.2"}
    )
    async with MemoryClient(srv.address) as client:
        logger = DecisionLogger(client, new_agent_id())
        async with logger.subscribe() as sub:
            start = sub.cursor
        await logger.log_decision("QUERY", {"n": 1}, {})
        await asyncio.sleep(1.6)
        d2 = await logger.log_decision("QUERY", {"n": 2}, {})
        with pytest.raises(CursorExpiredError) as info:
            await logger.subscribe(cursor=start).open()
        error = info.value
        assert error.code.name == "OUT_OF_RANGE" and error.reason == "CURSOR_EXPIRED"
        assert error.oldest_cursor
        async with logger.subscribe(cursor=error.oldest_cursor) as sub:
            assert summary([await next_event(sub)]) == [(LOGGED, d2)]
