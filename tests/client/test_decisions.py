"""DecisionLogger against a real server: logging, outcomes, queries, chains and
their typed errors (subscriptions are in test_subscribe.py)."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid

import grpc
import grpc.aio
import pytest

from agentmemory.client import (
    PENDING,
    DecisionLogger,
    InvalidArgumentError,
    InvalidPageTokenError,
    MemoryManager,
    NotFoundError,
    OutcomeAlreadyRecordedError,
    from_rpc_error,
)
from agentmemory.v1 import decision_log_pb2 as dl

pytestmark = pytest.mark.timeout(30)

CONTEXT = {"market": {"volatility": "high", "trend": "bullish"}, "cycle": 142, "trading_hours": "american"}
REASONING = {
    "scores": {"whaleMovements": 0.92, "derivatives": 0.87},
    "selected": ["whaleMovements", "derivatives", "institutional"],
    "exploration_triggered": False,
}


async def test_log_decision_and_get_it_back(logger: DecisionLogger) -> None:
    before = dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=5)
    decision_id = await logger.log_decision(
        "SOURCE_SELECTION", CONTEXT, REASONING, metadata={"version": "1.0", "experiment_id": None}
    )
    assert isinstance(decision_id, str) and uuid.UUID(decision_id).version == 7
    decision = await logger.get_decision(decision_id)
    assert decision["decision_id"] == decision_id
    assert decision["agent_id"] == logger.agent_id
    assert decision["decision_type"] == "SOURCE_SELECTION"
    assert decision["context"] == CONTEXT
    assert decision["reasoning"] == REASONING
    assert decision["metadata"] == {"version": "1.0", "experiment_id": None}
    assert decision["parent_decision_ids"] == [] and decision["memory_reads"] == []
    assert decision["outcome"] is None
    assert isinstance(decision["create_time"], dt.datetime)
    assert before <= decision["create_time"] <= dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=5)
    assert decision["timestamp"] == decision["create_time"]


async def test_request_id_makes_log_decision_idempotent(logger: DecisionLogger) -> None:
    first = await logger.log_decision("QUERY", {"n": 1}, {}, request_id="cycle-142")
    again = await logger.log_decision("QUERY", {"n": 2}, {}, request_id="cycle-142")
    assert again == first
    assert (await logger.get_decision(first))["context"] == {"n": 1}
    other = await logger.log_decision("QUERY", {"n": 1}, {})
    assert other != first, "without a request_id every call is a new decision"
    assert len(await logger.query_decisions()) == 2


async def test_memory_reads_accept_memory_dicts_and_tuples(logger: DecisionLogger, memory: MemoryManager) -> None:
    pattern = await memory.store_ltm("PATTERN", "whales", {"d": 1}, 0.7)
    decision_id = await logger.log_decision(
        "SIGNAL_GENERATION", {"c": 1}, {"r": 1}, memory_reads=[pattern, ("STRATEGY", "s1", 3)]
    )
    decision = await logger.get_decision(decision_id)
    assert decision["memory_reads"] == [
        {"memory_type": "PATTERN", "memory_id": "whales", "version": 1},
        {"memory_type": "STRATEGY", "memory_id": "s1", "version": 3},
    ]


async def test_log_outcome_and_overwrite(logger: DecisionLogger) -> None:
    decision_id = await logger.log_decision("SOURCE_SELECTION", CONTEXT, REASONING)
    recorded = await logger.log_outcome(
        decision_id, {"signals_generated": 2}, True, metrics={"quality_score": 0.85, "latency_ms": 1200}
    )
    outcome = recorded["outcome"]
    assert outcome["success"] is True
    assert outcome["details"] == {"signals_generated": 2}
    assert outcome["metrics"] == {"quality_score": pytest.approx(0.85), "latency_ms": 1200.0}
    assert isinstance(outcome["record_time"], dt.datetime)

    with pytest.raises(OutcomeAlreadyRecordedError) as info:
        await logger.log_outcome(decision_id, {"signals_generated": 0}, False)
    assert info.value.code.name == "FAILED_PRECONDITION" and info.value.reason == "OUTCOME_ALREADY_RECORDED"

    replaced = await logger.log_outcome(decision_id, {"signals_generated": 0}, False, overwrite=True)
    assert replaced["outcome"]["success"] is False
    assert (await logger.get_decision(decision_id))["outcome"]["details"] == {"signals_generated": 0}


async def test_missing_decision_is_not_found(logger: DecisionLogger) -> None:
    with pytest.raises(NotFoundError) as info:
        await logger.get_decision("does-not-exist")
    assert info.value.code.name == "NOT_FOUND"
    assert info.value.reason == "DECISION_NOT_FOUND"
    with pytest.raises(NotFoundError):
        await logger.log_outcome(str(uuid.uuid4()), {}, True)


async def test_invalid_decision_names_the_field(logger: DecisionLogger) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        await logger.log_decision("not upper snake", {}, {})
    assert "decision_type" in info.value.fields
    with pytest.raises(InvalidArgumentError) as info:
        await logger.log_decision("QUERY", {}, {}, parent_decision_ids=["no-such-decision"])
    assert any(f.startswith("parent_decision_ids") for f in info.value.fields), info.value.fields


async def test_query_decisions_filters(logger: DecisionLogger) -> None:
    bull = await logger.log_decision("SOURCE_SELECTION", {"market": {"trend": "bullish"}}, {})
    bear = await logger.log_decision("SOURCE_SELECTION", {"market": {"trend": "bearish"}}, {})
    query = await logger.log_decision("QUERY", {"market": {"trend": "bullish"}}, {})
    pending = await logger.log_decision("QUERY", {"market": {"trend": "sideways"}}, {})
    await logger.log_outcome(bull, {}, True)
    await logger.log_outcome(bear, {}, False)
    await logger.log_outcome(query, {}, True)

    ids = lambda decisions: [d["decision_id"] for d in decisions]  # noqa: E731
    assert ids(await logger.query_decisions()) == [pending, query, bear, bull], "newest first"
    assert ids(await logger.query_decisions("SOURCE_SELECTION")) == [bear, bull]
    assert ids(await logger.query_decisions(success_filter=True)) == [query, bull]
    assert ids(await logger.query_decisions(success_filter=False)) == [bear]
    assert ids(await logger.query_decisions(success_filter=PENDING)) == [pending]
    assert ids(await logger.query_decisions(context_filter={"market.trend": "bullish"})) == [query, bull]
    assert ids(
        await logger.query_decisions("SOURCE_SELECTION", context_filter={"market.trend": "bullish"}, success_filter=True)
    ) == [bull]
    assert await logger.query_decisions(context_filter={"market.trend": "nowhere"}) == []
    with pytest.raises(ValueError):
        await logger.query_decisions(success_filter="maybe")  # type: ignore[arg-type]


async def test_query_decisions_time_range(logger: DecisionLogger) -> None:
    early = await logger.log_decision("QUERY", {"n": 1}, {})
    await asyncio.sleep(0.05)
    middle = dt.datetime.now(dt.timezone.utc)
    await asyncio.sleep(0.05)
    late = await logger.log_decision("QUERY", {"n": 2}, {})
    ids = lambda decisions: [d["decision_id"] for d in decisions]  # noqa: E731
    assert ids(await logger.query_decisions(time_range=(middle, None))) == [late]
    assert ids(await logger.query_decisions(time_range=(None, middle))) == [early]
    assert ids(await logger.query_decisions(time_range=(middle.timestamp() - 3600, middle.timestamp()))) == [early]
    assert ids(await logger.query_decisions(time_range=dt.timedelta(hours=1))) == [late, early]
    naive_future = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) + dt.timedelta(hours=1)
    assert await logger.query_decisions(time_range=(naive_future, None)) == []


async def test_query_decisions_follows_pages_until_limit(logger: DecisionLogger) -> None:
    logged = await logger.log_decisions([{"decision_type": "QUERY", "context": {"i": i}} for i in range(7)])
    newest_first = list(reversed(logged))
    ids = lambda decisions: [d["decision_id"] for d in decisions]  # noqa: E731
    assert ids(await logger.query_decisions(limit=5, page_size=2)) == newest_first[:5]
    assert ids(await logger.query_decisions(limit=None, page_size=3)) == newest_first
    assert ids(await logger.query_decisions(limit=100, page_size=2)) == newest_first
    assert await logger.query_decisions(limit=0) == []
    streamed = [d["context"]["i"] async for d in logger.iter_decisions(limit=3, page_size=1)]
    assert streamed == [6, 5, 4]


async def test_altered_page_token_is_typed(logger: DecisionLogger) -> None:
    await logger.log_decisions([{"decision_type": "QUERY", "context": {"i": i}} for i in range(3)])
    page = await logger.client.decisions.QueryDecisions(
        dl.QueryDecisionsRequest(agent_id=logger.agent_id, page_size=1)
    )
    assert page.next_page_token
    with pytest.raises(grpc.aio.AioRpcError) as raw:
        await logger.client.decisions.QueryDecisions(
            dl.QueryDecisionsRequest(agent_id=logger.agent_id, page_size=1, page_token=page.next_page_token[:-2] + "xx")
        )
    error = from_rpc_error(raw.value)
    assert isinstance(error, InvalidPageTokenError)
    assert "page_token" in error.fields


async def test_log_decisions_is_all_or_nothing(logger: DecisionLogger) -> None:
    ids = await logger.log_decisions(
        [
            {"decision_type": "QUERY", "context": {"i": 0}, "request_id": "bulk-0"},
            {"decision_type": "QUERY", "context": {"i": 1}},
        ]
    )
    assert len(ids) == 2 and len(set(ids)) == 2
    again = await logger.log_decisions([{"decision_type": "QUERY", "context": {"i": 9}, "request_id": "bulk-0"}])
    assert again == ids[:1], "a request_id seen before returns the first id"
    with pytest.raises(InvalidArgumentError) as info:
        await logger.log_decisions(
            [{"decision_type": "QUERY", "context": {}}, {"decision_type": "bad type", "context": {}}]
        )
    assert info.value.fields == ["decisions[1].decision_type"]
    assert len(await logger.query_decisions()) == 2, "nothing of the failed batch was stored"


async def test_log_decisions_names_a_refused_decision_by_its_position_in_a_long_batch(logger: DecisionLogger) -> None:
    # More decisions than one stream message carries: the refused one is named by its place in the list.
    items = [{"decision_type": "QUERY", "context": {"i": i}} for i in range(600)]
    items[517]["decision_type"] = "lower"
    with pytest.raises(InvalidArgumentError) as info:
        await logger.log_decisions(items)
    assert info.value.fields == ["decisions[517].decision_type"]
    assert info.value.metadata["index"] == "517"
    del items[517]
    ids = await logger.log_decisions(items)
    assert len(set(ids)) == 599 and ids == sorted(ids)
    newest = await logger.query_decisions(limit=1)
    assert newest[0]["context"] == {"i": 599}


async def test_get_decision_chain(logger: DecisionLogger) -> None:
    root = await logger.log_decision("SOURCE_SELECTION", {"step": 0}, {})
    query = await logger.log_decision("QUERY", {"step": 1}, {}, parent_decision_ids=[root])
    signal = await logger.log_decision("SIGNAL_GENERATION", {"step": 2}, {}, parent_decision_ids=[query])
    learn = await logger.log_decision("LEARNING", {"step": 3}, {}, parent_decision_ids=[signal, root])

    def summary(chain: list[dict]) -> list[tuple[str, int, bool]]:
        return [(link["decision_id"], link["distance"], link["ancestor"]) for link in chain]

    after = await logger.get_decision_chain(root, direction="after")
    assert summary(after) == [(query, 1, False), (learn, 1, False), (signal, 2, False)]
    before = await logger.get_decision_chain(signal, direction="before")
    assert summary(before) == [(query, 1, True), (root, 2, True)]
    both = await logger.get_decision_chain(query)
    assert summary(both) == [(root, 1, True), (signal, 1, False), (learn, 2, False)]
    shallow = await logger.get_decision_chain(root, depth=1, direction="after")
    assert summary(shallow) == [(query, 1, False), (learn, 1, False)]
    assert shallow[0]["decision_type"] == "QUERY" and shallow[0]["context"] == {"step": 1}
    assert isinstance(shallow[0]["timestamp"], dt.datetime)
    with pytest.raises(NotFoundError):
        await logger.get_decision_chain("does-not-exist")
    with pytest.raises(ValueError):
        await logger.get_decision_chain(root, direction="sideways")  # type: ignore[arg-type]
