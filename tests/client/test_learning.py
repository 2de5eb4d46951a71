"""The learning loop through the Python client, against a real server:
DecisionLogger.analyze_decision_patterns and include_archive,
MemoryManager.get_context_memory (hierarchical recall) and consolidate_to_ltm,
and the MemoryAnalytics facade, with their typed results and errors."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio

from agentmemory.client import (
    DEFAULT_CONTEXT_PATHS,
    AnalyticsSource,
    DecisionLogger,
    InvalidArgumentError,
    MemoryAnalytics,
    MemoryClient,
    MemoryManager,
    NotFoundError,
    RecallLevel,
)
from agentmemory.v1 import decision_log_pb2 as dl

from tests.support.server import ServerProcess

from .helpers import FAST_RETRY, RecordingProxy, new_agent_id

pytestmark = pytest.mark.timeout(30)


def market(volatility: str, trend: str = "bullish") -> dict[str, Any]:
    return {"market": {"volatility": volatility, "trend": trend}, "trading_hours": "american"}


HIGH_CONTEXT = {"market.volatility": "high", "market.trend": "bullish", "trading_hours": "american"}


async def seed(logger: DecisionLogger, memory_reads: list[Any] | None = None) -> list[str]:
    """In high volatility, whale+derivatives succeed 18 times in 20 (quality 0.9); in low
    volatility, onchain succeeds 4 times in 12 (quality 0.3) and 4 more stay pending."""
    plan: list[tuple[dict[str, Any], Any, bool | None, float]] = []
    plan += [(market("high"), ["whale", "derivatives"], i >= 2, 0.9) for i in range(20)]
    plan += [(market("low"), "onchain", i < 4, 0.3) for i in range(12)]
    plan += [(market("low"), "onchain", None, 0.0) for _ in range(4)]
    ids = await logger.log_decisions(
        {
            "decision_type": "SOURCE_SELECTION",
            "context": context,
            "reasoning": {"selected": choice},
            "memory_reads": memory_reads,
        }
        for context, choice, _, _ in plan
    )
    for decision_id, (_, _, success, quality) in zip(ids, plan):
        if success is not None:
            await logger.log_outcome(decision_id, {}, success, metrics={"quality": quality})
    return ids


@pytest.fixture
def analytics(logger: DecisionLogger, memory: MemoryManager) -> MemoryAnalytics:
    return MemoryAnalytics(logger, memory)


@pytest_asyncio.fixture(loop_scope="session")
async def proxy(server: ServerProcess) -> AsyncIterator[RecordingProxy]:
    p = RecordingProxy(server.address)
    await p.start()
    yield p
    await p.stop()


# --------------------------------------------------------------------------
# DecisionLogger
# --------------------------------------------------------------------------


async def test_analyze_decision_patterns_groups_by_context(logger: DecisionLogger) -> None:
    await seed(logger)
    await logger.log_decision("QUERY", market("high"), {})
    analysis = await logger.analyze_decision_patterns("SOURCE_SELECTION", dt.timedelta(hours=2), "market.volatility")
    assert analysis["source"] is AnalyticsSource.ROLLUP and analysis["source"] == "rollup"
    assert analysis["start_time"].minute == 0 and analysis["start_time"].tzinfo is not None
    assert analysis["end_time"] > analysis["start_time"] and analysis["rows_read"] > 0
    high, low = analysis["groups"]
    assert high["key"] == {"market.volatility": "high"} and low["key"] == {"market.volatility": "low"}
    assert (high["total"], high["succeeded"], high["failed"], high["pending"]) == (20, 18, 2, 0)
    assert (low["total"], low["succeeded"], low["failed"], low["pending"]) == (16, 4, 8, 4)
    assert high["success_rate"] == pytest.approx(0.9)
    assert 0.65 < high["success_rate_lower"] < 0.9 < high["success_rate_upper"] < 1
    assert high["metric_means"] == pytest.approx({"quality": 0.9})

    # The default groups by the context paths the server rolls up.
    by_context = await logger.analyze_decision_patterns("SOURCE_SELECTION")
    assert [g["key"] for g in by_context["groups"]][0] == HIGH_CONTEXT
    assert set(by_context["groups"][0]["key"]) == set(DEFAULT_CONTEXT_PATHS)
    # No grouping: one group of every decision of every type.
    (everything,) = (await logger.analyze_decision_patterns(group_by=None))["groups"]
    assert (everything["key"], everything["total"]) == ({}, 37)


async def test_a_path_that_is_not_rolled_up_is_scanned(logger: DecisionLogger) -> None:
    await seed(logger)
    analysis = await logger.analyze_decision_patterns(group_by="market")
    assert analysis["source"] is AnalyticsSource.SCAN
    assert analysis["rows_read"] == 36
    # A value that is not a string is keyed by its compact JSON text.
    assert {json.loads(g["key"]["market"])["volatility"]: g["total"] for g in analysis["groups"]} == {
        "high": 20,
        "low": 16,
    }


async def test_bad_analytics_arguments_are_typed_errors(logger: DecisionLogger, analytics: MemoryAnalytics) -> None:
    with pytest.raises(InvalidArgumentError) as bad_path:
        await logger.analyze_decision_patterns(group_by=["market..volatility"])
    assert bad_path.value.fields == ["group_by[0]"]
    with pytest.raises(InvalidArgumentError) as reversed_range:
        await logger.analyze_decision_patterns(time_range=(2_000_000_000, 1_000_000_000))
    assert reversed_range.value.fields == ["end_time"]
    with pytest.raises(InvalidArgumentError) as bad_type:
        await analytics.generate_performance_report(memory_types=["pattern"])
    assert bad_type.value.fields == ["memory_types[0]"]
    with pytest.raises(ValueError, match="at least 1"):
        await analytics.identify_emerging_patterns(min_occurrences=0)
    with pytest.raises(ValueError, match="top"):
        await analytics.generate_performance_report(top=0)


async def test_query_decisions_sends_include_archive(proxy: RecordingProxy) -> None:
    agent = new_agent_id()
    async with MemoryClient(f"127.0.0.1:{proxy.port}", retry=FAST_RETRY) as client:
        logger = DecisionLogger(client, agent)
        first = await logger.log_decision("QUERY", {"n": 1}, {})
        second = await logger.log_decision("QUERY", {"n": 2}, {})
        # Nothing is archived yet: the hot decisions come back once each, newest first.
        found = await logger.query_decisions(include_archive=True, page_size=1)
        assert [d["decision_id"] for d in found] == [second, first]
        assert [d["decision_id"] async for d in logger.iter_decisions(include_archive=True)] == [second, first]
        archive_queries = len(proxy.calls_to("QueryDecisions"))
        await logger.query_decisions()
    sent = [dl.QueryDecisionsRequest.FromString(call.request) for call in proxy.calls_to("QueryDecisions")]
    assert archive_queries >= 3, "two pages of one decision, then the lazy query"
    assert all(request.include_archive for request in sent[:archive_queries]), "every page keeps the flag"
    assert sent[1].page_token and not sent[archive_queries].include_archive


# --------------------------------------------------------------------------
# MemoryManager: recall and consolidation
# --------------------------------------------------------------------------


async def test_get_context_memory_labels_every_item_with_its_tier(
    memory: MemoryManager, logger: DecisionLogger
) -> None:
    await memory.store_stm("context:now", {"volatility": "high", "price": 64000})
    await memory.store_stm("context:calm", {"volatility": "low"})
    await memory.store_stm("queries:last", [1, 2])
    ids = [await logger.log_decision("QUERY", {"volatility": "high", "i": i}, {}) for i in range(3)]
    await logger.log_decision("QUERY", {"volatility": "low"}, {})
    await logger.log_decision("SIGNAL_GENERATION", {"volatility": "high"}, {})

    now = dt.datetime.now(dt.timezone.utc)
    items = await memory.get_context_memory(
        (now - dt.timedelta(hours=1), now + dt.timedelta(seconds=5)), {"volatility": "high"}, decision_type="QUERY"
    )
    assert [item["level"] for item in items] == [RecallLevel.IMMEDIATE] + [RecallLevel.RECENT] * 3
    immediate = items[0]
    assert immediate["decision"] is None and immediate["entry"] is not None
    assert immediate["entry"]["key"] == "context:now" and immediate["entry"]["value"]["price"] == 64000
    decisions = [item["decision"] for item in items[1:]]
    assert [d["decision_id"] for d in decisions if d is not None] == ids[::-1], "newest first"
    assert all(item["entry"] is None for item in items[1:])

    # Levels by enum or by name, in any case; max_items bounds the stream.
    only_log = await memory.get_context_memory(levels=["RECENT"], max_items=2)
    assert [item["level"] for item in only_log] == ["recent", "recent"]
    only_stm = await memory.get_context_memory(levels=[RecallLevel.IMMEDIATE], key_prefix="context:")
    assert sorted(item["entry"]["key"] for item in only_stm if item["entry"]) == ["context:calm", "context:now"]
    assert await memory.get_context_memory(dt.timedelta(hours=1), levels=["historical", "archive"]) == []
    with pytest.raises(ValueError, match="level must be one of"):
        await memory.get_context_memory(levels=["yesterday"])
    with pytest.raises(InvalidArgumentError) as too_many:
        await memory.get_context_memory(max_items=1001)
    assert too_many.value.fields == ["max_items"]


async def test_get_context_memory_rereads_the_stream_after_unavailable(proxy: RecordingProxy) -> None:
    agent = new_agent_id()
    async with MemoryClient(f"127.0.0.1:{proxy.port}", retry=FAST_RETRY) as client:
        memory = MemoryManager(client, agent)
        await memory.store_stm("context:now", {"volatility": "high"})
        proxy.faults.fail_before["RecallContext"] = 2
        items = await memory.get_context_memory()
    assert [item["entry"]["key"] for item in items if item["entry"]] == ["context:now"]
    assert len(proxy.calls_to("RecallContext")) == 3


async def test_consolidate_to_ltm_promotes_then_re_rates(memory: MemoryManager, logger: DecisionLogger) -> None:
    await seed(logger)
    first = await memory.consolidate_to_ltm(decision_type="SOURCE_SELECTION")
    assert first["updated"] == [] and first["pruned"] == []
    (promoted,) = first["promoted"]
    assert promoted["memory_type"] == "PATTERN" and promoted["memory_id"].startswith("pattern-")
    data = promoted["data"]
    assert data["context"] == HIGH_CONTEXT and data["choice"] == ["derivatives", "whale"]
    assert (data["successes"], data["sample_size"], data["status"]) == (18, 20, "active")
    assert promoted["confidence"] == pytest.approx(data["success_rate_lower"], abs=1e-6)
    assert (promoted["observed_successes"], promoted["observed_trials"]) == (0, 0)

    again = await memory.consolidate_to_ltm(dt.timedelta(hours=2))
    assert again["promoted"] == [] and [m["memory_id"] for m in again["updated"]] == [promoted["memory_id"]]
    # A lower bar promotes the low-volatility pattern too.
    lenient = await memory.consolidate_to_ltm(min_occurrences=12, min_success_rate=0.1)
    assert [m["data"]["choice"] for m in lenient["promoted"]] == ["onchain"]

    with pytest.raises(ValueError, match="min_success_rate"):
        await memory.consolidate_to_ltm(min_success_rate=0)
    with pytest.raises(ValueError, match="min_occurrences"):
        await memory.consolidate_to_ltm(min_occurrences=0)
    with pytest.raises(InvalidArgumentError) as too_long:
        await memory.consolidate_to_ltm(dt.timedelta(days=91))
    assert too_long.value.fields == ["window"]


# --------------------------------------------------------------------------
# MemoryAnalytics
# --------------------------------------------------------------------------


async def test_success_rate_by_context_and_source_effectiveness(analytics: MemoryAnalytics, logger: DecisionLogger) -> None:
    await seed(logger)
    by_context = await analytics.get_success_rate_by_context(dt.timedelta(hours=1), group_by=["market.volatility"])
    assert [(g["key"]["market.volatility"], g["success_rate"]) for g in by_context["groups"]] == [
        ("high", pytest.approx(0.9)),
        ("low", pytest.approx(4 / 12)),
    ]

    effectiveness = await analytics.get_source_effectiveness(dt.timedelta(hours=1))
    assert effectiveness["source"] is AnalyticsSource.ROLLUP
    by_source = {s["source"]: s["counts"] for s in effectiveness["sources"]}
    assert set(by_source) == {"whale", "derivatives", "onchain"}
    assert (by_source["whale"]["total"], by_source["whale"]["succeeded"]) == (20, 18)
    assert (by_source["onchain"]["total"], by_source["onchain"]["pending"]) == (16, 4)
    split = await analytics.get_source_effectiveness(group_by="market.volatility", decision_type="SOURCE_SELECTION")
    assert {(s["source"], s["key"]["market.volatility"]) for s in split["sources"]} == {
        ("whale", "high"),
        ("derivatives", "high"),
        ("onchain", "low"),
    }


async def test_identify_emerging_patterns_names_what_consolidation_promotes(
    analytics: MemoryAnalytics, memory: MemoryManager, logger: DecisionLogger
) -> None:
    await seed(logger)
    found = await analytics.identify_emerging_patterns()
    (pattern,) = found["patterns"]
    assert pattern["decision_type"] == "SOURCE_SELECTION"
    assert pattern["context"] == HIGH_CONTEXT and pattern["choice"] == ["derivatives", "whale"]
    assert (pattern["counts"]["succeeded"], pattern["counts"]["failed"]) == (18, 2)
    (promoted,) = (await memory.consolidate_to_ltm())["promoted"]
    assert promoted["memory_id"] == pattern["pattern_id"]

    lenient = await analytics.identify_emerging_patterns(12, 0.1, dt.timedelta(hours=1), "SOURCE_SELECTION")
    assert [p["choice"] for p in lenient["patterns"]] == [["derivatives", "whale"], "onchain"]
    assert (await analytics.identify_emerging_patterns(min_occurrences=21))["patterns"] == []


async def test_outcomes_move_a_pattern_and_the_trend_and_report_show_it(
    analytics: MemoryAnalytics, memory: MemoryManager, logger: DecisionLogger
) -> None:
    await seed(logger)
    (pattern,) = (await memory.consolidate_to_ltm())["promoted"]
    # Decisions that read the pattern keep failing: the credited evidence pulls its confidence down.
    reads = [pattern]
    ids = await logger.log_decisions(
        {"decision_type": "SOURCE_SELECTION", "context": market("high"), "reasoning": {"selected": "whale"},
         "memory_reads": reads}
        for _ in range(6)
    )
    for decision_id in ids:
        await logger.log_outcome(decision_id, {}, False)
    current = await memory.get_ltm("PATTERN", pattern["memory_id"])
    assert current is not None
    assert (current["observed_successes"], current["observed_trials"]) == (0, 6)
    assert current["confidence"] < pattern["confidence"]

    trend = await analytics.get_pattern_confidence_trend(pattern["memory_id"])
    assert trend["memory_id"] == pattern["memory_id"] and trend["memory_type"] == "PATTERN"
    assert trend["initial_confidence"] == pytest.approx(pattern["confidence"])
    assert trend["confidence"] == pytest.approx(current["confidence"])
    assert trend["net_change"] == pytest.approx(current["confidence"] - pattern["confidence"])
    assert trend["net_change"] < 0
    assert len(trend["changes"]) == 1 + len(ids), "its creation, then one change per credited outcome"
    assert [c["reason"].split(":")[0] for c in trend["changes"][1:]] == [f"outcome of decision {i}" for i in ids]
    with pytest.raises(NotFoundError):
        await analytics.get_pattern_confidence_trend("pattern-never-learned")

    report = await analytics.generate_performance_report(dt.timedelta(hours=1), top=1)
    assert (report["overall"]["total"], report["overall"]["succeeded"], report["overall"]["failed"]) == (42, 22, 16)
    (selection,) = report["by_type"]
    assert selection["decision_type"] == "SOURCE_SELECTION" and selection["mean_outcome_latency_ms"] > 0
    assert selection["metric_means"]["quality"] == pytest.approx((20 * 0.9 + 12 * 0.3) / 32)
    assert len(report["top_patterns"]) == 1
    (mover,) = report["confidence_movers"]
    assert mover["memory_id"] == pattern["memory_id"]
    assert (mover["confidence_before"], mover["confidence_after"]) == (0.0, pytest.approx(current["confidence"]))
    assert report["end_time"] > report["start_time"]


async def test_analytics_read_one_agent(client: MemoryClient) -> None:
    with pytest.raises(ValueError, match="one agent"):
        MemoryAnalytics(DecisionLogger(client, new_agent_id()), MemoryManager(client, new_agent_id()))
