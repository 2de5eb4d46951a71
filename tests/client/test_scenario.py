"""The cross-language conformance scenario (tests/scenario/README.md), in
Python, through the raw stubs of MemoryClient.

Under pytest it runs against the suite's server. As a script it runs against
the live server at AGENTMEMORY_ADDRESS (plaintext) and exits non-zero on the
first failed expectation::

    AGENTMEMORY_ADDRESS=127.0.0.1:50051 python tests/client/test_scenario.py
"""

from __future__ import annotations

import asyncio
import os
import secrets
import sys
import time
from typing import Any

import grpc
import grpc.aio
import pytest

from agentmemory.client import MemoryClient, from_struct, from_value, to_duration, to_struct, to_value
from agentmemory.v1 import decision_log_pb2 as dl
from agentmemory.v1 import memory_pb2 as mem

DEADLINE = 10.0

CONTEXT = {"market": {"volatility": "high", "trend": "bullish"}, "cycle": 142}
REASONING = {
    "scores": {"whaleMovements": 0.92, "derivatives": 0.87},
    "selected": ["whaleMovements", "derivatives"],
    "exploration_triggered": False,
}
LOW_BEARISH = {"market": {"volatility": "low", "trend": "bearish"}}


async def _read(call: Any, deadline: float) -> dl.SubscribeDecisionsResponse:
    remaining = deadline - time.monotonic()
    assert remaining > 0, "no subscription message in time"
    message = await asyncio.wait_for(call.read(), remaining)
    assert message is not grpc.aio.EOF, "the subscription ended"
    return message  # type: ignore[no-any-return]


async def run_scenario(address: str) -> None:
    """Runs the eight steps against ``address``; AssertionError on a failed expectation."""
    agent = f"xlang-python-{secrets.token_hex(3)}"
    async with MemoryClient(address, default_timeout=DEADLINE) as client:
        memory, log = client.memory, client.decisions

        # 1. Short-term memory.
        value = {"volatility": "high", "trend": "bullish"}
        await memory.PutShortTerm(
            mem.PutShortTermRequest(agent_id=agent, key="context:current", value=to_value(value), ttl=to_duration(60)),
            timeout=DEADLINE,
        )
        got = await memory.GetShortTerm(mem.GetShortTermRequest(agent_id=agent, key="context:current"), timeout=DEADLINE)
        now = time.time()
        assert got.found, "step 1: found"
        assert from_value(got.entry.value) == value, f"step 1: value {got.entry.value}"
        expire = got.entry.expire_time.seconds + got.entry.expire_time.nanos / 1e9
        assert now < expire <= now + 61, f"step 1: expire_time {expire - now:.1f}s from now"

        # 2. Log a decision (idempotent by request_id).
        request = dl.LogDecisionRequest(
            agent_id=agent,
            decision_type="SOURCE_SELECTION",
            context=to_struct(CONTEXT),
            reasoning=to_struct(REASONING),
            request_id=f"{agent}-1",
        )
        logged = (await log.LogDecision(request, timeout=DEADLINE)).decision
        first_id = logged.decision_id
        assert first_id, "step 2: decision_id"
        assert from_struct(logged.context) == CONTEXT, f"step 2: context {logged.context}"
        again = (await log.LogDecision(request, timeout=DEADLINE)).decision
        assert again.decision_id == first_id, "step 2: same request_id, same decision"

        # 3. Record its outcome.
        recorded = (
            await log.RecordOutcome(
                dl.RecordOutcomeRequest(
                    agent_id=agent,
                    decision_id=first_id,
                    success=True,
                    outcome=to_struct({"signals_generated": 2}),
                    metrics={"quality_score": 0.85},
                ),
                timeout=DEADLINE,
            )
        ).decision
        assert recorded.outcome.success, "step 3: success"
        assert recorded.outcome.metrics["quality_score"] == 0.85, f"step 3: metrics {recorded.outcome.metrics}"

        # 4. Query by context.
        bullish = await log.QueryDecisions(
            dl.QueryDecisionsRequest(agent_id=agent, context_filter=to_struct({"market.trend": "bullish"})),
            timeout=DEADLINE,
        )
        assert [d.decision_id for d in bullish.decisions] == [first_id], "step 4: exactly the step 2 decision"
        assert bullish.decisions[0].HasField("outcome") and bullish.decisions[0].outcome.success, "step 4: outcome"
        bearish = await log.QueryDecisions(
            dl.QueryDecisionsRequest(agent_id=agent, context_filter=to_struct({"market.trend": "bearish"})),
            timeout=DEADLINE,
        )
        assert list(bearish.decisions) == [], "step 4: bearish matches none"

        # 5. Subscribe; a second client (its own connection) logs a child decision.
        stream = log.SubscribeDecisions(dl.SubscribeDecisionsRequest(agent_id=agent), timeout=60)
        try:
            deadline = time.monotonic() + DEADLINE
            first = await _read(stream, deadline)
            assert first.kind == dl.DECISION_EVENT_KIND_HEARTBEAT, f"step 5: first message {first.kind}"
            assert first.cursor, "step 5: heartbeat cursor"
            async with MemoryClient(
                address, default_timeout=DEADLINE, channel_options=[("grpc.use_local_subchannel_pool", 1)]
            ) as second:
                child = (
                    await second.decisions.LogDecision(
                        dl.LogDecisionRequest(agent_id=agent, decision_type="QUERY", parent_decision_ids=[first_id]),
                        timeout=DEADLINE,
                    )
                ).decision
            deadline = time.monotonic() + DEADLINE
            event = await _read(stream, deadline)
            while event.kind == dl.DECISION_EVENT_KIND_HEARTBEAT:
                event = await _read(stream, deadline)
            assert event.kind == dl.DECISION_EVENT_KIND_DECISION_LOGGED, f"step 5: event kind {event.kind}"
            assert event.decision.decision_id == child.decision_id, "step 5: the new decision"
            assert event.cursor, "step 5: event cursor"
        finally:
            stream.cancel()

        # 6. Walk the chain.
        after = [
            m
            async for m in log.GetDecisionChain(
                dl.GetDecisionChainRequest(agent_id=agent, decision_id=first_id, direction=dl.CHAIN_DIRECTION_AFTER),
                timeout=DEADLINE,
            )
        ]
        assert [(m.decision.decision_id, m.distance) for m in after] == [(child.decision_id, 1)], f"step 6: {after}"
        before = [
            m
            async for m in log.GetDecisionChain(
                dl.GetDecisionChainRequest(
                    agent_id=agent, decision_id=child.decision_id, direction=dl.CHAIN_DIRECTION_BEFORE
                ),
                timeout=DEADLINE,
            )
        ]
        assert [(m.decision.decision_id, m.distance, m.ancestor) for m in before] == [(first_id, 1, True)], (
            f"step 6: {before}"
        )

        # 7. An error is typed.
        try:
            await log.GetDecision(dl.GetDecisionRequest(agent_id=agent, decision_id="does-not-exist"), timeout=DEADLINE)
        except grpc.aio.AioRpcError as error:
            assert error.code() == grpc.StatusCode.NOT_FOUND, f"step 7: {error.code()}"
        else:
            raise AssertionError("step 7: GetDecision of a missing id succeeded")

        # 8. Consolidate: eight successes of one choice in one context become a PATTERN.
        for _ in range(8):
            logged = (
                await log.LogDecision(
                    dl.LogDecisionRequest(
                        agent_id=agent,
                        decision_type="SOURCE_SELECTION",
                        context=to_struct(LOW_BEARISH),
                        reasoning=to_struct({"selected": "onchain"}),
                    ),
                    timeout=DEADLINE,
                )
            ).decision
            await log.RecordOutcome(
                dl.RecordOutcomeRequest(agent_id=agent, decision_id=logged.decision_id, success=True),
                timeout=DEADLINE,
            )
        consolidated = await memory.Consolidate(
            mem.ConsolidateRequest(agent_id=agent, decision_type="SOURCE_SELECTION"), timeout=DEADLINE
        )
        assert len(consolidated.promoted) == 1, f"step 8: promoted {consolidated.promoted}"
        pattern = consolidated.promoted[0]
        data = from_struct(pattern.data)
        assert pattern.memory_type == "PATTERN", f"step 8: memory_type {pattern.memory_type}"
        assert pattern.memory_id.startswith("pattern-"), f"step 8: memory_id {pattern.memory_id}"
        assert (data["choice"], data["sample_size"], data["status"]) == ("onchain", 8, "active"), f"step 8: {data}"
        assert 0.6 < pattern.confidence < 1, f"step 8: confidence {pattern.confidence}"
        emerging = await log.FindEmergingPatterns(
            dl.FindEmergingPatternsRequest(agent_id=agent, decision_type="SOURCE_SELECTION"), timeout=DEADLINE
        )
        assert [p.pattern_id for p in emerging.patterns] == [pattern.memory_id], f"step 8: {emerging.patterns}"
        found = emerging.patterns[0]
        assert (found.context["market.volatility"], found.context["market.trend"]) == ("low", "bearish"), (
            f"step 8: context {found.context}"
        )
        assert from_value(found.choice) == "onchain", f"step 8: choice {found.choice}"
        assert found.counts.succeeded == 8, f"step 8: counts {found.counts}"


@pytest.mark.timeout(30)
async def test_cross_language_scenario(server: Any) -> None:
    await asyncio.wait_for(run_scenario(server.address), 25)


if __name__ == "__main__":
    asyncio.run(run_scenario(os.environ.get("AGENTMEMORY_ADDRESS", "127.0.0.1:50051")))
    print("python scenario: ok", file=sys.stderr)
