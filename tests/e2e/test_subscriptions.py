"""SubscribeDecisions over real gRPC: first heartbeat, live events, resume
from a cursor with exactly-once in-order delivery, idle heartbeats, type
filters and invalid cursors. The server under test sends heartbeats every
0.3 s (AGENTMEMORY_HEARTBEAT_INTERVAL)."""

from __future__ import annotations

import asyncio

import grpc
import pytest

from agentmemory.v1 import decision_log_pb2 as dl

from .helpers import (
    HEARTBEAT,
    LOGGED,
    OUTCOME,
    Subscription,
    check_error,
    event_summary,
    log,
    log_bulk,
    log_req,
    to_py,
)


async def outcome(decisions, agent_id, decision_id, success=True):
    return (
        await decisions.RecordOutcome(
            dl.RecordOutcomeRequest(agent_id=agent_id, decision_id=decision_id, success=success, metrics={"q": 1.0})
        )
    ).decision


async def test_first_message_is_heartbeat_with_cursor(decisions, agent_id):
    async with Subscription(decisions, agent_id) as sub:
        hb = await sub.first_heartbeat()
        assert hb.kind == HEARTBEAT


async def test_live_events_from_now(decisions, agent_id):
    before = await log(decisions, agent_id, context={"before": True})
    async with Subscription(decisions, agent_id) as sub:
        hb = await sub.first_heartbeat()
        d1 = await log(decisions, agent_id, context={"n": 1})
        d2 = await log(decisions, agent_id, decision_type="SIGNAL_GENERATION", context={"n": 2})
        done = await outcome(decisions, agent_id, d1.decision_id, success=False)
        evs = await sub.events(3)
        assert event_summary(evs) == [
            (LOGGED, d1.decision_id),
            (LOGGED, d2.decision_id),
            (OUTCOME, d1.decision_id),
        ], "a subscription from now must not replay the decision logged before it"
        assert before.decision_id not in [e.decision.decision_id for e in evs]
        # Events carry the decision as it was right after the event.
        assert evs[0].decision == d1
        assert not evs[0].decision.HasField("outcome")
        assert evs[1].decision.decision_type == "SIGNAL_GENERATION"
        assert evs[2].decision.outcome.success is False
        assert evs[2].decision == done
        cursors = [hb.cursor] + [e.cursor for e in evs]
        assert all(cursors) and len(set(cursors)) == 4, "every event has its own cursor"
        await sub.assert_no_event(0.7)


async def test_resume_after_disconnect_is_exactly_once_in_order(decisions, agent_id):
    sub = Subscription(decisions, agent_id)
    try:
        await sub.first_heartbeat()
        first = [await log(decisions, agent_id, context={"phase": 1, "i": i}) for i in range(3)]
        seen = await sub.events(3)
        assert event_summary(seen) == [(LOGGED, d.decision_id) for d in first]
        last_cursor = seen[-1].cursor
    finally:
        await sub.close()

    # While disconnected: more decisions, a bulk ingest and outcomes.
    offline = [await log(decisions, agent_id, context={"phase": 2, "i": i}) for i in range(4)]
    bulk = await log_bulk(decisions, [log_req(agent_id, context={"phase": 3, "i": i}) for i in range(3)])
    await outcome(decisions, agent_id, first[0].decision_id)
    await outcome(decisions, agent_id, offline[1].decision_id, success=False)
    expected = (
        [(LOGGED, d.decision_id) for d in offline]
        + [(LOGGED, i) for i in bulk]
        + [(OUTCOME, first[0].decision_id), (OUTCOME, offline[1].decision_id)]
    )

    async with Subscription(decisions, agent_id, cursor=last_cursor) as again:
        await again.first_heartbeat()
        got = await again.events(len(expected))
        assert event_summary(got) == expected
        # Live events continue after the catch-up, still exactly once.
        live = await log(decisions, agent_id, context={"phase": 4})
        nxt = await again.next_event()
        assert event_summary([nxt]) == [(LOGGED, live.decision_id)]
        await again.assert_no_event(0.7)
        resumed_cursors = [e.cursor for e in got] + [nxt.cursor]
        assert len(set(resumed_cursors)) == len(resumed_cursors)
        assert last_cursor not in resumed_cursors

    # Resuming from the middle of what was seen gives exactly the rest.
    async with Subscription(decisions, agent_id, cursor=got[3].cursor) as mid:
        await mid.first_heartbeat()
        rest = await mid.events(len(expected) - 4 + 1)
        assert event_summary(rest) == expected[4:] + [(LOGGED, live.decision_id)]
        await mid.assert_no_event(0.5)


async def test_resume_from_heartbeat_cursor(decisions, agent_id):
    async with Subscription(decisions, agent_id) as sub:
        hb = await sub.first_heartbeat()
    d1 = await log(decisions, agent_id)
    d2 = await log(decisions, agent_id)
    async with Subscription(decisions, agent_id, cursor=hb.cursor) as again:
        await again.first_heartbeat()
        assert event_summary(await again.events(2)) == [(LOGGED, d1.decision_id), (LOGGED, d2.decision_id)]


async def test_idle_stream_gets_heartbeats_carrying_latest_cursor(decisions, agent_id):
    async with Subscription(decisions, agent_id) as sub:
        await sub.first_heartbeat()
        d1 = await log(decisions, agent_id)
        ev = await sub.next_event()
        assert ev.decision.decision_id == d1.decision_id
        msgs = await sub.messages_for(1.6)
        hbs = [x for x in msgs if x.kind == HEARTBEAT]
        assert len(hbs) == len(msgs), "an idle stream sends only heartbeats"
        assert len(hbs) >= 3, f"expected heartbeats every 0.3s, got {len(hbs)} in 1.6s"
        assert all(h.cursor for h in hbs)
        assert all(not h.HasField("decision") for h in hbs)
        latest = hbs[-1].cursor
    # The heartbeat's cursor is at (not before) the last event: resuming from
    # it must not replay d1.
    d2 = await log(decisions, agent_id)
    async with Subscription(decisions, agent_id, cursor=latest) as again:
        await again.first_heartbeat()
        nxt = await again.next_event()
        assert event_summary([nxt]) == [(LOGGED, d2.decision_id)]
        await again.assert_no_event(0.5)


async def test_decision_type_filter(decisions, agent_id):
    async with Subscription(decisions, agent_id, decision_types=["QUERY", "LEARNING"]) as sub:
        await sub.first_heartbeat()
        a = await log(decisions, agent_id, decision_type="SIGNAL_GENERATION")
        b = await log(decisions, agent_id, decision_type="QUERY")
        c = await log(decisions, agent_id, decision_type="SOURCE_SELECTION")
        d = await log(decisions, agent_id, decision_type="LEARNING")
        await outcome(decisions, agent_id, a.decision_id)
        await outcome(decisions, agent_id, b.decision_id)
        got = await sub.events(3)
        assert event_summary(got) == [(LOGGED, b.decision_id), (LOGGED, d.decision_id), (OUTCOME, b.decision_id)]
        msgs = await sub.messages_for(0.8)
        assert all(x.kind == HEARTBEAT for x in msgs), "filtered-out events must not be sent"
        assert len(msgs) >= 1, "heartbeats are sent even with a type filter"
        assert c.decision_id  # logged, but filtered out


async def test_repeated_request_id_emits_no_event(decisions, agent_id):
    async with Subscription(decisions, agent_id) as sub:
        await sub.first_heartbeat()
        first = await log(decisions, agent_id, request_id="sub-idem")
        again = await log(decisions, agent_id, request_id="sub-idem")
        assert again.decision_id == first.decision_id
        other = await log(decisions, agent_id)
        got = await sub.events(2)
        assert event_summary(got) == [(LOGGED, first.decision_id), (LOGGED, other.decision_id)]
        await sub.assert_no_event(0.5)


async def test_overwritten_outcome_emits_outcome_event(decisions, agent_id):
    d = await log(decisions, agent_id)
    async with Subscription(decisions, agent_id) as sub:
        await sub.first_heartbeat()
        await outcome(decisions, agent_id, d.decision_id, success=True)
        with pytest.raises(grpc.aio.AioRpcError):
            await outcome(decisions, agent_id, d.decision_id, success=False)  # rejected: no event
        await decisions.RecordOutcome(
            dl.RecordOutcomeRequest(agent_id=agent_id, decision_id=d.decision_id, success=False, overwrite=True)
        )
        got = await sub.events(2)
        assert event_summary(got) == [(OUTCOME, d.decision_id), (OUTCOME, d.decision_id)]
        assert got[0].decision.outcome.success is True
        assert got[1].decision.outcome.success is False
        await sub.assert_no_event(0.5)


async def test_several_subscribers_see_the_same_sequence(decisions, agent_id, other_agent_id):
    subs = [Subscription(decisions, agent_id) for _ in range(3)]
    other = Subscription(decisions, other_agent_id)
    try:
        for s in subs + [other]:
            await s.first_heartbeat()
        logged = await log_bulk(decisions, [log_req(agent_id, context={"i": i}) for i in range(5)])
        await log(decisions, other_agent_id, context={"theirs": True})
        seqs = [await s.events(5) for s in subs]
        for seq in seqs:
            assert event_summary(seq) == [(LOGGED, i) for i in logged]
        assert [e.cursor for e in seqs[0]] == [e.cursor for e in seqs[1]] == [e.cursor for e in seqs[2]]
        ev = await other.next_event()
        assert to_py(ev.decision.context) == {"theirs": True}
        assert ev.decision.agent_id == other_agent_id
        for s in subs:
            await s.assert_no_event(0.3)
    finally:
        for s in subs + [other]:
            await s.close()


async def test_invalid_cursors(decisions, agent_id, other_agent_id):
    async with Subscription(decisions, other_agent_id) as sub:
        foreign = (await sub.first_heartbeat()).cursor
    await log(decisions, other_agent_id)
    for bad in ["garbage", "%%%%", foreign, foreign[:-2] if len(foreign) > 2 else "x"]:
        async with Subscription(decisions, agent_id, cursor=bad) as s:
            with pytest.raises(grpc.aio.AioRpcError) as ei:
                await s.next(5)
            check_error(ei.value, grpc.StatusCode.INVALID_ARGUMENT, "INVALID_CURSOR", field="cursor")


async def test_invalid_subscribe_arguments(decisions, agent_id):
    for kwargs, field in [
        (dict(agent_id=""), "agent_id"),
        (dict(agent_id="bad agent"), "agent_id"),
        (dict(agent_id=agent_id, decision_types=["query"]), None),
    ]:
        async with Subscription(decisions, **kwargs) as s:
            with pytest.raises(grpc.aio.AioRpcError) as ei:
                await s.next(5)
            if field:
                check_error(ei.value, grpc.StatusCode.INVALID_ARGUMENT, "VALIDATION_FAILED", field=field)
            else:
                check_error(
                    ei.value, grpc.StatusCode.INVALID_ARGUMENT, "VALIDATION_FAILED", field_prefix="decision_types"
                )


async def test_many_events_in_order_under_load(decisions, agent_id):
    async with Subscription(decisions, agent_id) as sub:
        await sub.first_heartbeat()
        ids_ = []
        for batch in range(4):
            ids_ += await log_bulk(decisions, [log_req(agent_id, context={"b": batch, "i": i}) for i in range(25)])
        got = await sub.events(100, timeout=20)
        assert [e.decision.decision_id for e in got] == ids_
        assert all(e.kind == LOGGED for e in got)
        await sub.assert_no_event(0.4)


async def test_concurrent_writers_delivered_exactly_once(decisions, agent_id):
    async with Subscription(decisions, agent_id) as sub:
        await sub.first_heartbeat()
        results = await asyncio.gather(*(log(decisions, agent_id, context={"i": i}) for i in range(40)))
        got = await sub.events(40, timeout=20)
        got_ids = [e.decision.decision_id for e in got]
        assert sorted(got_ids) == sorted(d.decision_id for d in results)
        assert len(set(got_ids)) == 40
        # Delivery order is log order, which decision ids follow.
        assert got_ids == sorted(got_ids)
        await sub.assert_no_event(0.4)


async def test_resume_during_concurrent_writes_has_no_gap_or_duplicate(decisions, agent_id):
    """Streams that open while decisions are being logged switch from catch-up
    to live delivery without losing or repeating an event."""
    async with Subscription(decisions, agent_id) as s0:
        start_cursor = (await s0.first_heartbeat()).cursor
    logged: list[str] = []

    async def writer() -> None:
        for i in range(80):
            logged.append((await log(decisions, agent_id, context={"i": i})).decision_id)

    task = asyncio.create_task(writer())
    resumed: list[Subscription] = []
    live: list[Subscription] = []
    try:
        for k in range(4):
            await asyncio.sleep(0.01 + 0.02 * k)
            resumed.append(Subscription(decisions, agent_id, cursor=start_cursor))
            live.append(Subscription(decisions, agent_id))
        await asyncio.wait_for(task, 30)

        for s in resumed:
            await s.first_heartbeat()
            got = await s.events(80, timeout=20)
            assert [e.decision.decision_id for e in got] == logged
            await s.assert_no_event(0.3)

        for s in live:
            hb = await s.first_heartbeat()
            msgs = await s.messages_for(0.8)
            got = [m.decision.decision_id for m in msgs if m.kind != HEARTBEAT]
            assert got == logged[len(logged) - len(got):], "a live stream must deliver a gapless suffix"
            # Resuming from the live stream's first heartbeat reproduces exactly what it delivered.
            async with Subscription(decisions, agent_id, cursor=hb.cursor) as again:
                await again.first_heartbeat()
                if got:
                    replay = await again.events(len(got), timeout=10)
                    assert [e.decision.decision_id for e in replay] == got
                await again.assert_no_event(0.3)
    finally:
        task.cancel()
        for s in resumed + live:
            await s.close()


async def test_heartbeat_cursor_moves_past_filtered_out_events(decisions, agent_id):
    async with Subscription(decisions, agent_id, decision_types=["QUERY"]) as sub:
        await sub.first_heartbeat()
        skipped = await log(decisions, agent_id, decision_type="LEARNING")
        msgs = await sub.messages_for(0.9)
        assert msgs, "an idle filtered stream still gets heartbeats"
        assert all(m.kind == HEARTBEAT for m in msgs)
        latest = msgs[-1].cursor
    after = await log(decisions, agent_id, decision_type="LEARNING")
    # Resuming without a filter from the latest heartbeat must not replay the
    # event the filtered stream had already passed.
    async with Subscription(decisions, agent_id, cursor=latest) as again:
        await again.first_heartbeat()
        ev = await again.next_event()
        assert ev.decision.decision_id == after.decision_id, (
            f"replayed {skipped.decision_id if ev.decision.decision_id == skipped.decision_id else ev.decision.decision_id}"
        )


async def test_long_catch_up_after_disconnect(decisions, agent_id):
    async with Subscription(decisions, agent_id) as sub:
        cursor = (await sub.first_heartbeat()).cursor
    logged: list[str] = []
    for batch in range(3):
        logged += await log_bulk(decisions, [log_req(agent_id, context={"b": batch, "i": i}) for i in range(200)])
    async with Subscription(decisions, agent_id, cursor=cursor) as again:
        await again.first_heartbeat()
        got = await again.events(600, timeout=30)
        assert [e.decision.decision_id for e in got] == logged
        await again.assert_no_event(0.4)
    # Resuming from the middle of the catch-up gives exactly the rest.
    async with Subscription(decisions, agent_id, cursor=got[299].cursor) as rest:
        await rest.first_heartbeat()
        tail = await rest.events(300, timeout=30)
        assert [e.decision.decision_id for e in tail] == logged[300:]
        await rest.assert_no_event(0.3)


async def test_filtered_catch_up_skips_many_other_events(decisions, agent_id):
    async with Subscription(decisions, agent_id) as sub:
        cursor = (await sub.first_heartbeat()).cursor
    noise = await log_bulk(decisions, [log_req(agent_id, decision_type="QUERY") for _ in range(300)])
    wanted = await log(decisions, agent_id, decision_type="LEARNING")
    async with Subscription(decisions, agent_id, cursor=cursor, decision_types=["LEARNING"]) as again:
        await again.first_heartbeat()
        ev = await again.next_event(timeout=10)
        assert event_summary([ev]) == [(LOGGED, wanted.decision_id)]
        await again.assert_no_event(0.4)
    assert len(noise) == 300


async def packed_messages(decisions, agent_id, count, *, per_message, cursor="", decision_types=(), timeout=20.0):
    """The messages of a stream asking for `per_message` events per message, until `count` events
    came (heartbeats skipped), and the events in them."""
    stream = decisions.SubscribeDecisions(
        dl.SubscribeDecisionsRequest(
            agent_id=agent_id, cursor=cursor, decision_types=list(decision_types), max_events_per_message=per_message
        ),
        timeout=timeout,
    )
    messages, events = [], []
    async for message in stream:
        if message.kind == HEARTBEAT:
            assert not message.events, "a heartbeat carries no events"
            continue
        messages.append(message)
        events += message.events
        if len(events) >= count:
            break
    stream.cancel()
    return messages, events


async def test_packed_catch_up_carries_every_event_once_in_order(decisions, agent_id):
    async with Subscription(decisions, agent_id) as sub:
        cursor = (await sub.first_heartbeat()).cursor
    logged = await log_bulk(decisions, [log_req(agent_id, context={"i": i}) for i in range(300)])
    messages, events = await packed_messages(decisions, agent_id, 300, per_message=100, cursor=cursor)
    assert [e.decision.decision_id for e in events] == logged
    assert all(e.kind == LOGGED and e.cursor for e in events)
    assert len({e.cursor for e in events}) == 300, "every event keeps its own cursor"
    # 300 waiting events in messages of at most 100: a handful of messages, not 300.
    assert all(1 <= len(m.events) <= 100 for m in messages) and len(messages) <= 6, [len(m.events) for m in messages]
    for message in messages:
        assert message.cursor == message.events[-1].cursor, "a message's cursor is its last event's"
        assert message.kind == dl.DECISION_EVENT_KIND_UNSPECIFIED and not message.HasField("decision")
    # Each event's cursor resumes right after it, as an unpacked stream's would.
    _, rest = await packed_messages(decisions, agent_id, 150, per_message=1000, cursor=events[149].cursor)
    assert [e.decision.decision_id for e in rest] == logged[150:]


async def test_packed_events_equal_unpacked_ones(decisions, agent_id):
    async with Subscription(decisions, agent_id) as sub:
        cursor = (await sub.first_heartbeat()).cursor
    first = await log(decisions, agent_id, context={"n": 1})
    await outcome(decisions, agent_id, first.decision_id, success=True)
    await log(decisions, agent_id, decision_type="SIGNAL_GENERATION")
    async with Subscription(decisions, agent_id, cursor=cursor) as plain:
        await plain.first_heartbeat()
        unpacked = await plain.events(3)
    _, packed = await packed_messages(decisions, agent_id, 3, per_message=10, cursor=cursor)
    assert [(e.cursor, e.kind, e.decision) for e in packed] == [(e.cursor, e.kind, e.decision) for e in unpacked]
    # A type filter applies inside a run too.
    _, filtered = await packed_messages(
        decisions, agent_id, 1, per_message=10, cursor=cursor, decision_types=["SIGNAL_GENERATION"]
    )
    assert [e.decision.decision_type for e in filtered] == ["SIGNAL_GENERATION"]


async def test_streams_that_share_a_read_pack_it_each_as_asked(decisions, agent_id):
    """Streams at the same place read the log once and are handed the same run: each still packs
    it at its own max_events_per_message."""
    async with Subscription(decisions, agent_id) as sub:
        cursor = (await sub.first_heartbeat()).cursor
    logged = await log_bulk(decisions, [log_req(agent_id, context={"i": i}) for i in range(10)])
    sizes = (2, 100, 3, 100, 2)
    results = await asyncio.gather(
        *(packed_messages(decisions, agent_id, 10, per_message=size, cursor=cursor) for size in sizes)
    )
    for size, (messages, events) in zip(sizes, results):
        assert [e.decision.decision_id for e in events] == logged, size
        assert all(1 <= len(m.events) <= size for m in messages), (size, [len(m.events) for m in messages])
    assert max(len(m.events) for m in results[1][0]) > 3, "the larger asks got larger messages"


async def test_one_event_per_message_unless_asked(decisions, agent_id):
    async with Subscription(decisions, agent_id) as sub:
        cursor = (await sub.first_heartbeat()).cursor
    await log_bulk(decisions, [log_req(agent_id) for _ in range(20)])
    for per_message in (0, 1):
        messages, events = await packed_messages(decisions, agent_id, 0, per_message=per_message, cursor=cursor)
        assert len(messages) == 1 and not events and messages[0].kind == LOGGED


async def test_max_events_per_message_is_bounded(decisions, agent_id):
    async with Subscription(decisions, agent_id) as ok:
        await ok.first_heartbeat()
    stream = decisions.SubscribeDecisions(dl.SubscribeDecisionsRequest(agent_id=agent_id, max_events_per_message=1001))
    with pytest.raises(grpc.aio.AioRpcError) as ei:
        await stream.read()
    check_error(ei.value, grpc.StatusCode.INVALID_ARGUMENT, "VALIDATION_FAILED", field="max_events_per_message")
