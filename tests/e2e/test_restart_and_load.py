"""Load and lifecycle over real gRPC: 100 concurrent clients writing without
loss, durability across a restart on the same data directory (including a
subscription cursor from before the restart), graceful SIGTERM."""

from __future__ import annotations

import asyncio

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from agentmemory.v1 import decision_log_pb2 as dl
from agentmemory.v1 import memory_pb2 as m

from .helpers import (
    LOGGED,
    OUTCOME,
    Client,
    Subscription,
    check_error,
    collect,
    dur,
    event_summary,
    ids,
    log,
    log_bulk,
    log_req,
    new_agent_id,
    open_channel,
    query_all,
    struct,
    to_py,
    value,
)


async def test_100_concurrent_clients_write_without_loss(server, agent_id):
    clients = await asyncio.wait_for(
        asyncio.gather(*(Client.connect(server.address) for _ in range(100))), 30
    )
    try:

        async def work(i: int, c: Client) -> list[str]:
            out = []
            for j in range(3):
                d = await log(c.decisions, agent_id, context={"client": i, "j": j}, request_id=f"client-{i}-{j}")
                out.append(d.decision_id)
            out += await log_bulk(c.decisions, [log_req(agent_id, context={"client": i, "bulk": k}) for k in range(2)])
            await c.memory.PutShortTerm(
                m.PutShortTermRequest(agent_id=agent_id, key=f"context:client-{i:03d}", value=value({"i": i}), ttl=dur(600))
            )
            await c.memory.AppendShortTerm(
                m.AppendShortTermRequest(
                    agent_id=agent_id, key="queries:shared", values=[value(i)], max_length=1000, ttl=dur(600)
                )
            )
            await c.memory.IncrementCounter(
                m.IncrementCounterRequest(agent_id=agent_id, key="ratelimit:shared", delta=1, ttl=dur(600))
            )
            await c.memory.SaveAgentState(
                m.SaveAgentStateRequest(agent_id=agent_id, checkpoint=f"client-{i:03d}", state=struct({"i": i}))
            )
            return out

        results = await asyncio.wait_for(asyncio.gather(*(work(i, c) for i, c in enumerate(clients))), 60)
    finally:
        await asyncio.gather(*(c.close() for c in clients))

    c = await Client.connect(server.address)
    try:
        written = [i for r in results for i in r]
        assert len(written) == 500
        assert len(set(written)) == 500, "two writes got the same decision id"
        stored, _ = await query_all(c.decisions, agent_id, page_size=1000)
        stored_ids = ids(stored)
        assert len(stored_ids) == len(set(stored_ids))
        assert set(stored_ids) == set(written), "a decision acknowledged to a client is missing"
        assert stored_ids == sorted(stored_ids, reverse=True), "QueryDecisions must be newest first"

        listed = await c.memory.ListShortTerm(
            m.ListShortTermRequest(agent_id=agent_id, key_prefix="context:client-", limit=1000)
        )
        assert [e.key for e in listed.entries] == [f"context:client-{i:03d}" for i in range(100)]
        assert [to_py(e.value) for e in listed.entries] == [{"i": i} for i in range(100)]

        shared = await c.memory.GetShortTerm(m.GetShortTermRequest(agent_id=agent_id, key="queries:shared"))
        assert sorted(to_py(shared.entry.value)) == list(range(100)), "an append was lost"

        counter = await c.memory.IncrementCounter(
            m.IncrementCounterRequest(agent_id=agent_id, key="ratelimit:shared", delta=0)
        )
        assert counter.value == 100, "an increment was lost"

        cps = await c.memory.ListCheckpoints(m.ListCheckpointsRequest(agent_id=agent_id))
        assert sorted(x.checkpoint for x in cps.checkpoints) == [f"client-{i:03d}" for i in range(100)]
    finally:
        await c.close()


async def test_data_survives_restart(server_factory):
    srv = await server_factory.start("durable")
    agent = new_agent_id("durable")
    c = await Client.connect(srv.address)
    try:
        # Short-term memory.
        stm = (
            await c.memory.PutShortTerm(
                m.PutShortTermRequest(agent_id=agent, key="context:market", value=value({"trend": "bull"}), ttl=dur(3600))
            )
        ).entry
        lst = (
            await c.memory.AppendShortTerm(
                m.AppendShortTermRequest(
                    agent_id=agent, key="queries:recent", values=[value("q1"), value("q2")], max_length=10, ttl=dur(3600)
                )
            )
        ).entry
        ctr = await c.memory.IncrementCounter(
            m.IncrementCounterRequest(agent_id=agent, key="ratelimit:api", delta=4, ttl=dur(300))
        )
        # Long-term memory with a confidence history and an access.
        await c.memory.PutLongTerm(
            m.PutLongTermRequest(agent_id=agent, memory_type="PATTERN", memory_id="p1", data=struct({"x": [1, 2]}), confidence=0.5)
        )
        await c.memory.UpdateConfidence(
            m.UpdateConfidenceRequest(agent_id=agent, memory_type="PATTERN", memory_id="p1", confidence=0.7, reason="ok")
        )
        ltm = (
            await c.memory.GetLongTerm(m.GetLongTermRequest(agent_id=agent, memory_type="PATTERN", memory_id="p1"))
        ).memory
        assert (ltm.version, ltm.access_count) == (2, 1)
        # Agent state.
        await c.memory.SaveAgentState(m.SaveAgentStateRequest(agent_id=agent, state=struct({"cycle": 1})))
        cur = (await c.memory.SaveAgentState(m.SaveAgentStateRequest(agent_id=agent, state=struct({"cycle": 2})))).state
        cp = (
            await c.memory.SaveAgentState(
                m.SaveAgentStateRequest(agent_id=agent, checkpoint="cp1", state=struct({"saved": True}))
            )
        ).state
        # Decisions with a link, an outcome and a request_id.
        d1 = await log(c.decisions, agent, context={"n": 1}, request_id="durable-1")
        d2 = await log(c.decisions, agent, context={"n": 2}, parents=[d1.decision_id])
        d1 = (
            await c.decisions.RecordOutcome(
                dl.RecordOutcomeRequest(agent_id=agent, decision_id=d1.decision_id, success=True, metrics={"q": 0.5})
            )
        ).decision
        # A subscription cursor taken before the restart.
        async with Subscription(c.decisions, agent) as sub:
            await sub.first_heartbeat()
            d3 = await log(c.decisions, agent, context={"n": 3})
            ev = await sub.next_event()
            assert event_summary([ev]) == [(LOGGED, d3.decision_id)]
            cursor = ev.cursor
        # A cursor of an agent whose log is still empty.
        quiet = new_agent_id("quiet")
        async with Subscription(c.decisions, quiet) as qsub:
            quiet_cursor = (await qsub.first_heartbeat()).cursor
        d4 = await log(c.decisions, agent, context={"n": 4})  # after the cursor, before the restart
        # A page token issued before the restart.
        first_page = await c.decisions.QueryDecisions(dl.QueryDecisionsRequest(agent_id=agent, page_size=2))
        assert ids(first_page.decisions) == [d4.decision_id, d3.decision_id]
        page_token = first_page.next_page_token
        assert page_token
        await c.decisions.RecordOutcome(
            dl.RecordOutcomeRequest(agent_id=agent, decision_id=d3.decision_id, success=False)
        )
    finally:
        await c.close()

    rc = await srv.stop()
    assert rc == 0, f"server exited with {rc} after SIGTERM:\n{srv.output()}"
    await srv.start()

    c = await Client.connect(srv.address)
    try:
        got = await c.memory.GetShortTerm(m.GetShortTermRequest(agent_id=agent, key="context:market"))
        assert got.found and got.entry == stm
        got = await c.memory.GetShortTerm(m.GetShortTermRequest(agent_id=agent, key="queries:recent"))
        assert got.found and got.entry == lst
        ctr2 = await c.memory.IncrementCounter(m.IncrementCounterRequest(agent_id=agent, key="ratelimit:api", delta=1))
        assert ctr2.value == 5
        assert ctr2.expire_time == ctr.expire_time

        ltm2 = (
            await c.memory.GetLongTerm(m.GetLongTermRequest(agent_id=agent, memory_type="PATTERN", memory_id="p1"))
        ).memory
        assert ltm2.version == 2
        assert ltm2.access_count == 2
        assert ltm2.confidence == pytest.approx(0.7)
        assert to_py(ltm2.data) == {"x": [1, 2]}
        assert ltm2.create_time == ltm.create_time
        hist = await c.memory.GetConfidenceHistory(
            m.GetConfidenceHistoryRequest(agent_id=agent, memory_type="PATTERN", memory_id="p1")
        )
        assert [(h.confidence, h.version) for h in hist.changes] == [(0.5, 1), (pytest.approx(0.7), 2)]
        queried = [r.memory.memory_id for r in await collect(
            c.memory.QueryLongTerm(m.QueryLongTermRequest(agent_id=agent, memory_type="PATTERN"))
        )]
        assert queried == ["p1"]

        st = (await c.memory.GetAgentState(m.GetAgentStateRequest(agent_id=agent))).state
        assert st == cur
        st_cp = (await c.memory.GetAgentState(m.GetAgentStateRequest(agent_id=agent, checkpoint="cp1"))).state
        assert st_cp == cp
        listed = await c.memory.ListCheckpoints(m.ListCheckpointsRequest(agent_id=agent))
        assert [x.checkpoint for x in listed.checkpoints] == ["cp1"]
        # Versions continue after the restart.
        nxt = (await c.memory.SaveAgentState(m.SaveAgentStateRequest(agent_id=agent, state=struct({"cycle": 3}), expected_version=2))).state
        assert nxt.version == 3

        g1 = (await c.decisions.GetDecision(dl.GetDecisionRequest(agent_id=agent, decision_id=d1.decision_id))).decision
        assert g1 == d1
        g2 = (await c.decisions.GetDecision(dl.GetDecisionRequest(agent_id=agent, decision_id=d2.decision_id))).decision
        assert g2 == d2
        chain = await collect(
            c.decisions.GetDecisionChain(
                dl.GetDecisionChainRequest(agent_id=agent, decision_id=d1.decision_id, direction=dl.CHAIN_DIRECTION_AFTER)
            )
        )
        assert [(r.decision.decision_id, r.distance) for r in chain] == [(d2.decision_id, 1)]
        # A page token from before the restart continues the walk.
        second_page = await c.decisions.QueryDecisions(
            dl.QueryDecisionsRequest(agent_id=agent, page_size=2, page_token=page_token)
        )
        assert ids(second_page.decisions) == [d2.decision_id, d1.decision_id]
        assert second_page.next_page_token == ""
        # Idempotency survives the restart.
        again = await log(c.decisions, agent, context={"n": "retry"}, request_id="durable-1")
        assert again.decision_id == d1.decision_id
        stored, _ = await query_all(c.decisions, agent, page_size=2)
        assert ids(stored) == [d4.decision_id, d3.decision_id, d2.decision_id, d1.decision_id]

        # New ids still sort after the old ones.
        d5 = await log(c.decisions, agent, context={"n": 5})
        assert d5.decision_id > d4.decision_id

        # The cursor from before the restart resumes exactly after d3.
        async with Subscription(c.decisions, agent, cursor=cursor) as sub:
            await sub.first_heartbeat()
            got_events = await sub.events(3)
            assert event_summary(got_events) == [
                (LOGGED, d4.decision_id),
                (OUTCOME, d3.decision_id),
                (LOGGED, d5.decision_id),
            ]
            d6 = await log(c.decisions, agent, context={"n": 6})
            live = await sub.next_event()
            assert event_summary([live]) == [(LOGGED, d6.decision_id)]
            await sub.assert_no_event(0.5)

        q1 = await log(c.decisions, quiet)
        async with Subscription(c.decisions, quiet, cursor=quiet_cursor) as qsub:
            await qsub.first_heartbeat()
            assert event_summary([await qsub.next_event()]) == [(LOGGED, q1.decision_id)]
            await qsub.assert_no_event(0.4)
    finally:
        await c.close()


async def stops_promptly_on_sigterm(srv) -> None:
    """SIGTERM, then the exit: with code 0, within 5 s (the grace period is 10 s or more)."""
    loop = asyncio.get_running_loop()
    signalled_at = loop.time()
    srv.signal_term()
    rc = await srv.wait_exit(timeout=10)
    took = loop.time() - signalled_at
    assert rc == 0, f"exit code {rc} after SIGTERM:\n{srv.output()}"
    assert took < 5, f"the server took {took:.1f}s to exit after SIGTERM:\n{srv.output()}"


async def test_sigterm_exits_zero_promptly_and_ends_streams(server_factory):
    srv = await server_factory.start("sigterm")
    agent = new_agent_id()
    c = await Client.connect(srv.address)
    try:
        await log(c.decisions, agent)
        sub = Subscription(c.decisions, agent)
        await sub.first_heartbeat()
        await stops_promptly_on_sigterm(srv)
        err = await sub.wait_end(5)
        if err is not None:
            assert isinstance(err, grpc.aio.AioRpcError), err
            assert err.code() in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.CANCELLED), err
        await sub.close()
    finally:
        await c.close()


async def test_a_health_watch_does_not_hold_sigterm_to_the_grace_period(server_factory):
    # A Watch stream never ends by itself; the stop cancels it once the services' calls are done.
    srv = await server_factory.start("watched", extra_env={"AGENTMEMORY_SHUTDOWN_GRACE": "30"})
    channel = await open_channel(srv.address)
    try:
        watch = health_pb2_grpc.HealthStub(channel).Watch(health_pb2.HealthCheckRequest(service=""))
        assert (await asyncio.wait_for(watch.read(), 5)).status == health_pb2.HealthCheckResponse.SERVING
        stopped = asyncio.create_task(stops_promptly_on_sigterm(srv))
        assert (await asyncio.wait_for(watch.read(), 5)).status == health_pb2.HealthCheckResponse.NOT_SERVING
        await stopped
        assert await asyncio.wait_for(watch.code(), 5) in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.CANCELLED)
    finally:
        await channel.close()


async def test_acknowledged_writes_survive_sigterm(server_factory):
    srv = await server_factory.start("inflight")
    agent = new_agent_id()
    # Forty writers, so that calls keep arriving as the server stops: one the server took in
    # then and never handled once held its graceful stop to the end of the 10 s grace.
    clients = [await Client.connect(srv.address) for _ in range(40)]
    acked: list[str] = []
    refused: list[grpc.aio.AioRpcError] = []
    stop_writing = asyncio.Event()

    async def writer(c: Client, w: int) -> None:
        for i in range(2000):
            if stop_writing.is_set():
                return
            try:
                d = await log(c.decisions, agent, context={"w": w, "i": i})
            except grpc.aio.AioRpcError as error:
                refused.append(error)
                return
            acked.append(d.decision_id)

    tasks = [asyncio.create_task(writer(c, w)) for w, c in enumerate(clients)]
    try:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 15
        while len(acked) < 60:
            assert loop.time() < deadline, f"only {len(acked)} writes acknowledged in 15s"
            await asyncio.sleep(0.01)
        await stops_promptly_on_sigterm(srv)
        stop_writing.set()
        await asyncio.wait_for(asyncio.gather(*tasks), 20)
        # A call the stopping server did not serve is refused as a stop (gRPC cancels a call that
        # arrives once the server has begun to stop), never failed as a server error.
        unexpected = [e for e in refused if e.code() not in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.CANCELLED)]
        assert not unexpected, f"calls refused at SIGTERM with {[(e.code(), e.details()) for e in unexpected]}"
    finally:
        stop_writing.set()
        for t in tasks:
            t.cancel()
        await asyncio.gather(*(c.close() for c in clients), return_exceptions=True)

    await srv.start()
    c = await Client.connect(srv.address)
    try:
        stored, _ = await query_all(c.decisions, agent, page_size=1000)
        stored_ids = set(ids(stored))
        missing = [i for i in acked if i not in stored_ids]
        assert not missing, f"{len(missing)} of {len(acked)} acknowledged decisions lost across SIGTERM"
    finally:
        await c.close()


async def test_expired_cursor_is_out_of_range_naming_oldest_cursor(server_factory):
    # Event retention of 1.5 s, swept every 0.2 s (server settings
    # AGENTMEMORY_EVENT_RETENTION / AGENTMEMORY_STM_SWEEP_INTERVAL).
    srv = await server_factory.start(
        "retention", extra_env={"AGENTMEMORY_EVENT_RETENTION": "1.5", "AGENTMEMORY_STM_SWEEP_INTERVAL": "0.2"}
    )
    agent = new_agent_id()
    c = await Client.connect(srv.address)
    try:
        async with Subscription(c.decisions, agent) as sub:
            start_cursor = (await sub.first_heartbeat()).cursor
        d1 = await log(c.decisions, agent, context={"n": 1})
        await asyncio.sleep(2.1)
        d2 = await log(c.decisions, agent, context={"n": 2})
        # The event after start_cursor (d1) is gone: serving the cursor would
        # silently skip it, so it must be OUT_OF_RANGE.
        async with Subscription(c.decisions, agent, cursor=start_cursor) as sub:
            with pytest.raises(grpc.aio.AioRpcError) as ei:
                await sub.next(5)
        d = check_error(ei.value, grpc.StatusCode.OUT_OF_RANGE, "CURSOR_EXPIRED")
        oldest = d.metadata.get("oldest_cursor")
        assert oldest, f"CURSOR_EXPIRED must name oldest_cursor, got {d.metadata}"
        async with Subscription(c.decisions, agent, cursor=oldest) as sub:
            await sub.first_heartbeat()
            ev = await sub.next_event()
            assert event_summary([ev]) == [(LOGGED, d2.decision_id)]
            await sub.assert_no_event(0.3)
        # Pruned events do not prune the decision log itself.
        got = (await c.decisions.GetDecision(dl.GetDecisionRequest(agent_id=agent, decision_id=d1.decision_id))).decision
        assert got.decision_id == d1.decision_id
    finally:
        await c.close()


async def test_a_bulk_stream_open_at_sigterm_is_served_to_its_end(server_factory):
    srv = await server_factory.start("bulk-sigterm")
    agent = new_agent_id()
    c = await Client.connect(srv.address)
    try:
        call = c.decisions.LogDecisions(timeout=20)
        for i in range(5):
            await call.write(dl.LogDecisionsRequest(decision=log_req(agent, context={"i": i})))
        # A written message may still be on its way: the server has taken the stream in only once
        # a call opened after it on the same connection has been answered (the server takes calls
        # in the order they arrive). A stream it had not taken in at SIGTERM is refused, UNAVAILABLE
        # or CANCELLED.
        await c.decisions.QueryDecisions(dl.QueryDecisionsRequest(agent_id=agent, page_size=1))
        srv.signal_term()
        await asyncio.sleep(0.3)
        assert srv.running, f"the server exited with a bulk stream open:\n{srv.output()}"
        for i in range(5, 10):
            await call.write(dl.LogDecisionsRequest(decision=log_req(agent, context={"i": i})))
        await call.done_writing()
        acked = list((await call).decision_ids)
        assert len(acked) == 10
        rc = await srv.wait_exit(timeout=15)
        assert rc == 0, f"exit code {rc}:\n{srv.output()}"
    finally:
        await c.close()

    await srv.start()
    c = await Client.connect(srv.address)
    try:
        stored, _ = await query_all(c.decisions, agent, page_size=1000)
        assert sorted(ids(stored)) == sorted(acked), "an acknowledged bulk ingest was not fully stored"
    finally:
        await c.close()


async def test_a_taken_address_is_a_clear_startup_error(server_factory):
    first = await server_factory.start("first")
    second = server_factory.create("second", port=first.port)
    await second.prepare()
    second.launch()
    assert await second.wait_exit(15) != 0
    assert "cannot listen on" in second.output() and "Traceback" not in second.output()
