"""The learning loop over real gRPC, on both stacks: analytics from the rollups (and by scanning
for paths that are not rolled up), source effectiveness, emerging patterns, consolidation into
PATTERN memories, outcomes crediting the memories a decision read, the performance report, and
recall across tiers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import grpc
import pytest
import pytest_asyncio

from agentmemory.v1 import decision_log_pb2 as dl
from agentmemory.v1 import memory_pb2 as mem
from tests.support.server import ServerProcess, stack_env

from .helpers import collect, dur, expect_error, invalid, log_bulk, log_req, struct, to_py, value

ROLLUP = dl.ANALYTICS_SOURCE_ROLLUP
SCAN = dl.ANALYTICS_SOURCE_SCAN


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def server(stack: str, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[ServerProcess]:
    # Patterns become prunable a second after their last update, and no scheduled run competes
    # with the test's own Consolidate calls.
    env = {
        **stack_env(stack, "learning"),
        "AGENTMEMORY_CONSOLIDATION_INTERVAL": "0",
        "AGENTMEMORY_LOW_CONFIDENCE_RETENTION": "1",
        "AGENTMEMORY_DEPRECATED_RETENTION": "1",
    }
    srv = ServerProcess(tmp_path_factory.mktemp(f"learning-{stack}") / "data", env)
    await srv.start()
    yield srv
    assert await srv.stop() == 0, srv.output()


def market(volatility: str, hours: str = "american") -> dict:
    return {"market": {"volatility": volatility, "trend": "bullish"}, "trading_hours": hours}


async def seed(decisions, agent_id: str) -> list[str]:
    """40 SOURCE_SELECTION decisions: in high volatility whale+derivatives succeed 18 of 20 times;
    in low volatility onchain succeeds 4 of 12 times; 8 more stay pending."""
    requests = []
    plan = []
    for i in range(20):
        requests.append(log_req(agent_id, "SOURCE_SELECTION", market("high"), {"selected": ["whale", "derivatives"]}))
        plan.append((i >= 2, {"quality": 0.9, "latency_ms": 1000.0}))
    for i in range(12):
        requests.append(log_req(agent_id, "SOURCE_SELECTION", market("low", "asian"), {"selected": "onchain"}))
        plan.append((i < 4, {"quality": 0.3}))
    for _ in range(8):
        requests.append(log_req(agent_id, "SOURCE_SELECTION", market("low", "asian"), {"selected": "onchain"}))
        plan.append((None, {}))
    ids = await log_bulk(decisions, requests)
    for decision_id, (success, metrics) in zip(ids, plan):
        if success is not None:
            await decisions.RecordOutcome(
                dl.RecordOutcomeRequest(agent_id=agent_id, decision_id=decision_id, success=success, metrics=metrics)
            )
    return ids


async def test_analyze_decisions_groups_by_context_from_the_rollups(decisions, agent_id):
    await seed(decisions, agent_id)
    await decisions.LogDecision(log_req(agent_id, "QUERY", market("high")))
    response = await decisions.AnalyzeDecisions(
        dl.AnalyzeDecisionsRequest(agent_id=agent_id, decision_type="SOURCE_SELECTION", group_by=["market.volatility"])
    )
    assert response.source == ROLLUP
    assert response.rows_read <= 10, "a rollup row per cell and hour, not a row per decision"
    assert response.end_time.seconds % 3600 == 0 and response.start_time.seconds % 3600 == 0
    # Equal totals: key order breaks the tie.
    assert [dict(g.key) for g in response.groups] == [{"market.volatility": "high"}, {"market.volatility": "low"}]
    high, low = response.groups
    assert (high.total, high.succeeded, high.failed, high.pending) == (20, 18, 2, 0)
    assert (low.total, low.succeeded, low.failed, low.pending) == (20, 4, 8, 8)
    assert high.success_rate == pytest.approx(0.9)
    assert low.success_rate == pytest.approx(4 / 12)
    assert 0.68 < high.success_rate_lower < 0.9 < high.success_rate_upper < 1.0
    assert high.metric_means == pytest.approx({"quality": 0.9, "latency_ms": 1000.0})
    assert low.metric_means == pytest.approx({"quality": 0.3})

    everything = await decisions.AnalyzeDecisions(dl.AnalyzeDecisionsRequest(agent_id=agent_id))
    assert [(dict(g.key), g.total) for g in everything.groups] == [({}, 41)]


async def test_paths_that_are_not_rolled_up_are_answered_by_a_scan(decisions, agent_id):
    await seed(decisions, agent_id)
    by_rollup = await decisions.AnalyzeDecisions(
        dl.AnalyzeDecisionsRequest(agent_id=agent_id, group_by=["market.volatility", "trading_hours"])
    )
    by_scan = await decisions.AnalyzeDecisions(
        dl.AnalyzeDecisionsRequest(agent_id=agent_id, group_by=["market.volatility", "market"])
    )
    assert by_rollup.source == ROLLUP and by_scan.source == SCAN
    assert by_scan.rows_read == 40
    assert [(g.key["market.volatility"], g.total, g.succeeded) for g in by_scan.groups] == [
        (g.key["market.volatility"], g.total, g.succeeded) for g in by_rollup.groups
    ]
    assert to_py(value(by_scan.groups[0].key["market"])) is not None
    assert by_scan.groups[0].key["market"].startswith("{")


async def test_source_effectiveness_credits_every_source_of_a_selection(decisions, agent_id):
    await seed(decisions, agent_id)
    response = await decisions.GetSourceEffectiveness(dl.GetSourceEffectivenessRequest(agent_id=agent_id))
    by_source = {s.source: s.counts for s in response.sources}
    assert set(by_source) == {"whale", "derivatives", "onchain"}
    assert (by_source["whale"].total, by_source["whale"].succeeded) == (20, 18)
    assert by_source["derivatives"] == by_source["whale"]
    assert (by_source["onchain"].total, by_source["onchain"].succeeded, by_source["onchain"].pending) == (20, 4, 8)
    split = await decisions.GetSourceEffectiveness(
        dl.GetSourceEffectivenessRequest(agent_id=agent_id, group_by=["trading_hours"])
    )
    assert {(s.source, s.key["trading_hours"]) for s in split.sources} == {
        ("whale", "american"), ("derivatives", "american"), ("onchain", "asian")
    }


async def test_emerging_patterns_clear_the_bar_with_their_sample_sizes(decisions, agent_id):
    await seed(decisions, agent_id)
    strict = await decisions.FindEmergingPatterns(dl.FindEmergingPatternsRequest(agent_id=agent_id))
    assert len(strict.patterns) == 1
    (pattern,) = strict.patterns
    assert pattern.decision_type == "SOURCE_SELECTION"
    assert dict(pattern.context) == {"market.volatility": "high", "market.trend": "bullish", "trading_hours": "american"}
    assert to_py(pattern.choice) == ["derivatives", "whale"], "a set of sources, sorted"
    assert (pattern.counts.succeeded, pattern.counts.failed) == (18, 2)
    assert pattern.pattern_id.startswith("pattern-")
    lenient = await decisions.FindEmergingPatterns(
        dl.FindEmergingPatternsRequest(agent_id=agent_id, min_success_rate=0.1, min_occurrences=12)
    )
    assert [p.pattern_id for p in lenient.patterns][0] == pattern.pattern_id
    assert len(lenient.patterns) == 2
    assert not (
        await decisions.FindEmergingPatterns(dl.FindEmergingPatternsRequest(agent_id=agent_id, min_occurrences=21))
    ).patterns


async def test_consolidate_promotes_then_re_rates_then_deprecates(memory, decisions, agent_id):
    await seed(decisions, agent_id)
    first = await memory.Consolidate(mem.ConsolidateRequest(agent_id=agent_id))
    assert len(first.promoted) == 1 and not first.updated and not first.pruned
    promoted = first.promoted[0]
    data = to_py(promoted.data)
    assert promoted.memory_type == "PATTERN"
    assert data["choice"] == ["derivatives", "whale"] and data["sample_size"] == 20 and data["successes"] == 18
    assert data["status"] == "active" and data["learned_at"].endswith("Z")
    assert promoted.confidence == pytest.approx(data["success_rate_lower"], abs=1e-6)

    again = await memory.Consolidate(mem.ConsolidateRequest(agent_id=agent_id))
    assert not again.promoted and [m.memory_id for m in again.updated] == [promoted.memory_id]

    # The same context and choice start failing: the pattern loses confidence and is deprecated.
    failures = [log_req(agent_id, "SOURCE_SELECTION", market("high"), {"selected": ["whale", "derivatives"]}) for _ in range(40)]
    for decision_id in await log_bulk(decisions, failures):
        await decisions.RecordOutcome(dl.RecordOutcomeRequest(agent_id=agent_id, decision_id=decision_id, success=False))
    worse = await memory.Consolidate(mem.ConsolidateRequest(agent_id=agent_id, window=dur(3600)))
    (updated,) = worse.updated
    assert updated.confidence < 0.4 < promoted.confidence
    assert to_py(updated.data)["status"] == "deprecated"
    history = (
        await memory.GetConfidenceHistory(
            mem.GetConfidenceHistoryRequest(agent_id=agent_id, memory_type="PATTERN", memory_id=promoted.memory_id)
        )
    ).changes
    assert history[-1].reason.startswith("consolidation:") and history[-1].confidence == updated.confidence

    # Past its retention (1 s in this module) a deprecated pattern is pruned.
    await asyncio.sleep(1.5)
    pruned = await memory.Consolidate(mem.ConsolidateRequest(agent_id=agent_id, min_occurrences=1000))
    assert [m.memory_id for m in pruned.pruned] == [promoted.memory_id]
    await expect_error(
        memory.GetLongTerm(mem.GetLongTermRequest(agent_id=agent_id, memory_type="PATTERN", memory_id=promoted.memory_id)),
        grpc.StatusCode.NOT_FOUND,
        "MEMORY_NOT_FOUND",
    )


async def test_outcomes_credit_the_memories_a_decision_read(memory, decisions, agent_id):
    put = await memory.PutLongTerm(
        mem.PutLongTermRequest(agent_id=agent_id, memory_type="STRATEGY", memory_id="buy-the-dip", data=struct({"k": 1}), confidence=0.9)
    )
    read = dl.MemoryRead(memory_type="STRATEGY", memory_id="buy-the-dip", version=put.memory.version)
    ids = await log_bulk(decisions, [log_req(agent_id, "SIGNAL_GENERATION", reads=[read]) for _ in range(8)])
    for decision_id in ids[:4]:  # fewer outcomes than credit_min_trials (5): evidence only
        await decisions.RecordOutcome(dl.RecordOutcomeRequest(agent_id=agent_id, decision_id=decision_id, success=False))
    current = (await memory.GetLongTerm(mem.GetLongTermRequest(agent_id=agent_id, memory_type="STRATEGY", memory_id="buy-the-dip"))).memory
    assert (current.observed_successes, current.observed_trials, current.confidence) == (0, 4, 0.9)
    for decision_id in ids[4:]:
        await decisions.RecordOutcome(dl.RecordOutcomeRequest(agent_id=agent_id, decision_id=decision_id, success=False))
    current = (await memory.GetLongTerm(mem.GetLongTermRequest(agent_id=agent_id, memory_type="STRATEGY", memory_id="buy-the-dip"))).memory
    assert (current.observed_successes, current.observed_trials) == (0, 8)
    assert current.confidence == 0.0, "eight failures in eight: the lower bound is 0"
    # Overwriting an outcome moves the evidence instead of adding a trial.
    await decisions.RecordOutcome(dl.RecordOutcomeRequest(agent_id=agent_id, decision_id=ids[0], success=True, overwrite=True))
    current = (await memory.GetLongTerm(mem.GetLongTermRequest(agent_id=agent_id, memory_type="STRATEGY", memory_id="buy-the-dip"))).memory
    assert (current.observed_successes, current.observed_trials) == (1, 8)
    assert 0.0 < current.confidence < 0.2
    history = (
        await memory.GetConfidenceHistory(
            mem.GetConfidenceHistoryRequest(agent_id=agent_id, memory_type="STRATEGY", memory_id="buy-the-dip")
        )
    ).changes
    assert [c.reason.split(":")[0] for c in history[1:]] == [f"outcome of decision {ids[4]}", f"outcome of decision {ids[0]}"]

    report = await decisions.GetPerformanceReport(
        dl.GetPerformanceReportRequest(agent_id=agent_id, memory_types=["STRATEGY"])
    )
    (mover,) = report.confidence_movers
    # Created in the range: it moved from nothing (0) through 0.9 to where the failures left it.
    assert (mover.memory_id, mover.confidence_before, mover.changes) == ("buy-the-dip", 0.0, 3)
    assert mover.confidence_after == current.confidence


async def test_performance_report_summarises_types_patterns_and_latency(decisions, agent_id):
    await seed(decisions, agent_id)
    await decisions.LogDecision(log_req(agent_id, "QUERY", market("high")))
    report = await decisions.GetPerformanceReport(dl.GetPerformanceReportRequest(agent_id=agent_id, top=1))
    assert (report.overall.total, report.overall.succeeded, report.overall.failed) == (41, 22, 10)
    assert [t.decision_type for t in report.by_type] == ["SOURCE_SELECTION", "QUERY"]
    selection = report.by_type[0]
    assert selection.counts.pending == 8 and selection.mean_outcome_latency_ms > 0
    assert selection.metric_means["quality"] == pytest.approx((18 * 0.9 + 2 * 0.9 + 12 * 0.3) / 32)
    assert len(report.top_patterns) == 1 and to_py(report.top_patterns[0].choice) == ["derivatives", "whale"]


async def test_recall_streams_every_tier_labelled_newest_first(memory, decisions, agent_id):
    await memory.PutShortTerm(
        mem.PutShortTermRequest(agent_id=agent_id, key="context:now", value=value({"volatility": "high", "price": 1}))
    )
    await memory.PutShortTerm(mem.PutShortTermRequest(agent_id=agent_id, key="context:calm", value=value({"volatility": "low"})))
    await memory.PutShortTerm(mem.PutShortTermRequest(agent_id=agent_id, key="queries:last", value=value([1, 2])))
    ids = await log_bulk(decisions, [log_req(agent_id, "QUERY", {"volatility": "high", "i": i}) for i in range(3)])
    await log_bulk(decisions, [log_req(agent_id, "QUERY", {"volatility": "low"})])

    items = await collect(
        memory.RecallContext(mem.RecallContextRequest(agent_id=agent_id, context_filter=struct({"volatility": "high"})))
    )
    assert [i.level for i in items] == [mem.RECALL_LEVEL_IMMEDIATE] + [mem.RECALL_LEVEL_RECENT] * 3
    assert items[0].short_term_entry.key == "context:now"
    assert [i.decision.decision_id for i in items[1:]] == ids[::-1]

    only_log = await collect(
        memory.RecallContext(mem.RecallContextRequest(agent_id=agent_id, levels=[mem.RECALL_LEVEL_RECENT], max_items=2))
    )
    assert len(only_log) == 2 and all(i.HasField("decision") for i in only_log)
    nothing_older = await collect(
        memory.RecallContext(mem.RecallContextRequest(agent_id=agent_id, levels=[mem.RECALL_LEVEL_HISTORICAL]))
    )
    assert nothing_older == []


@pytest.mark.parametrize(
    ("rpc", "request_", "field"),
    [
        ("AnalyzeDecisions", dl.AnalyzeDecisionsRequest(group_by=["market..volatility"]), "group_by[0]"),
        ("AnalyzeDecisions", dl.AnalyzeDecisionsRequest(group_by=["a"] * 2), "group_by"),
        ("AnalyzeDecisions", dl.AnalyzeDecisionsRequest(group_by=[f"p{i}" for i in range(9)]), "group_by"),
        ("AnalyzeDecisions", dl.AnalyzeDecisionsRequest(decision_type="lower"), "decision_type"),
        ("GetSourceEffectiveness", dl.GetSourceEffectivenessRequest(choice_path="selected"), "choice_path"),
        ("FindEmergingPatterns", dl.FindEmergingPatternsRequest(min_success_rate=1.5), "min_success_rate"),
        ("FindEmergingPatterns", dl.FindEmergingPatternsRequest(min_occurrences=-1), "min_occurrences"),
        ("GetPerformanceReport", dl.GetPerformanceReportRequest(top=101), "top"),
        ("GetPerformanceReport", dl.GetPerformanceReportRequest(memory_types=["pattern"]), "memory_types[0]"),
    ],
)
async def test_bad_analytics_requests_name_the_field(decisions, agent_id, rpc, request_, field):
    request_.agent_id = agent_id
    await expect_error(getattr(decisions, rpc)(request_), **invalid(field))


async def test_an_empty_or_reversed_range_is_invalid(decisions, memory, agent_id):
    request_ = dl.AnalyzeDecisionsRequest(agent_id=agent_id)
    request_.start_time.seconds, request_.end_time.seconds = 2_000_000_000, 1_000_000_000
    await expect_error(decisions.AnalyzeDecisions(request_), **invalid("end_time"))
    recall = mem.RecallContextRequest(agent_id=agent_id, levels=[9])
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await collect(memory.RecallContext(recall))
    assert error.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    await expect_error(
        memory.Consolidate(mem.ConsolidateRequest(agent_id=agent_id, window=dur(91 * 86400))), **invalid("window")
    )
