"""Context filters on indexed paths: every adapter answers them with JSON equality and exact
paging (the `decisions` fixtures index market.trend); the embedded store reads only the decisions
its index names, and a database gains the index for a path when it is first opened with it."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

import pytest

from agentmemory_server.core.decisions import new_decision_id
from agentmemory_server.core.models import Decision, DecisionKey, DecisionQuery, NewDecision, Outcome, SuccessFilter
from agentmemory_server.core.rollups import RollupSpec
from agentmemory_server.storage.embedded import jsonfilter
from agentmemory_server.storage.embedded.store import EmbeddedStore

from tests.conformance.clock import T0
from tests.conformance.conftest import ROLLUPS


@pytest.fixture
def agent() -> str:
    return f"agent-{uuid.uuid4().hex[:12]}"


def make(agent: str, at: int, context: dict, decision_type: str = "SOURCE_SELECTION") -> Decision:
    return Decision(new_decision_id(), agent, decision_type, at, context=context)


def newest_first(decisions: list[Decision]) -> list[str]:
    return [d.decision_id for d in sorted(decisions, key=lambda d: (d.create_us, d.decision_id), reverse=True)]


async def all_pages(store, query: DecisionQuery, page_size: int) -> list[str]:
    seen: list[str] = []
    after: DecisionKey | None = None
    for _ in range(1000):
        page = await store.query(query, after, page_size)
        assert len(page.decisions) <= page_size
        seen += [d.decision_id for d in page.decisions]
        if page.resume_after is None:
            return seen
        after = page.resume_after
    raise AssertionError("paging did not end")


async def test_indexed_filters_keep_json_equality(decisions, agent):
    values = {
        "one": 1, "one-point-zero": 1.0, "one-and-a-half": 1.5, "zero": 0, "true": True, "false": False,
        "string-one": "1", "null": None, "object": {"b": 2, "a": 1}, "list": [1, "x"],
    }
    logged = {name: make(agent, T0 + i, {"market": {"trend": value}}) for i, (name, value) in enumerate(values.items())}
    logged["missing"] = make(agent, T0 + 20, {"market": {"volatility": "high"}})
    logged["not-an-object"] = make(agent, T0 + 21, {"market": "flat"})
    await decisions.append([NewDecision(d) for d in logged.values()])

    async def names(wanted) -> list[str]:
        page = await decisions.query(DecisionQuery(agent, context_filter={"market.trend": wanted}), None, 100)
        by_id = {d.decision_id: name for name, d in logged.items()}
        return [by_id[d.decision_id] for d in page.decisions]

    assert await names(1) == ["one-point-zero", "one"]
    assert await names(1.0) == ["one-point-zero", "one"]
    assert await names(1.5) == ["one-and-a-half"]
    assert await names(True) == ["true"]
    assert await names(False) == ["false"]
    assert await names(0) == ["zero"]
    assert await names("1") == ["string-one"]
    assert await names(None) == ["null"]
    assert await names({"a": 1.0, "b": 2}) == ["object"]
    assert await names([1, "x"]) == ["list"]
    assert await names(["x", 1]) == []
    assert await names("flat") == []


async def test_indexed_filters_page_newest_first_across_pages(decisions, agent):
    # Three decisions share each timestamp, so pages also turn between equal create_us.
    logged = [
        make(agent, T0 + i // 3, {"market": {"trend": "bullish" if i % 3 else "bearish"}, "cycle": i % 4},
             "QUERY" if i % 5 == 0 else "SOURCE_SELECTION")
        for i in range(60)
    ]
    await decisions.append([NewDecision(d) for d in logged])
    bullish = [d for d in logged if d.context["market"]["trend"] == "bullish"]
    assert await all_pages(decisions, DecisionQuery(agent, context_filter={"market.trend": "bullish"}), 4) == newest_first(bullish)
    assert await all_pages(
        decisions, DecisionQuery(agent, context_filter={"market.trend": "bullish", "cycle": 2}), 3
    ) == newest_first([d for d in bullish if d.context["cycle"] == 2])
    in_range = DecisionQuery(
        agent, decision_type="SOURCE_SELECTION", start_us=T0 + 4, end_us=T0 + 15, context_filter={"market.trend": "bullish"}
    )
    assert await all_pages(decisions, in_range, 2) == newest_first(
        [d for d in bullish if d.decision_type == "SOURCE_SELECTION" and T0 + 4 <= d.create_us < T0 + 15]
    )
    last = await decisions.query(DecisionQuery(agent, context_filter={"market.trend": "bullish"}), None, len(bullish))
    assert len(last.decisions) == len(bullish) and last.resume_after is None


async def test_several_filters_on_indexed_and_other_paths(decisions, agent):
    logged = [
        make(agent, T0 + i, {"market": {"trend": ["bullish", "bearish"][i % 2], "volatility": ["high", "low", "medium"][i % 3]},
                             "trading_hours": ["asian", "european"][i // 2 % 2], "regime": f"r{i % 5}"})
        for i in range(90)
    ]
    await decisions.append([NewDecision(d) for d in logged])
    await decisions.record_outcome(agent, logged[6].decision_id, Outcome(True, {}, {}, T0 + 200), False)
    wanted = {"market.trend": "bullish", "market.volatility": "high", "trading_hours": "european"}

    def expected(filters: dict) -> list[str]:
        def at(d: Decision, path: str):
            head, _, tail = path.partition(".")
            return d.context[head][tail] if tail else d.context[head]

        return newest_first([d for d in logged if all(at(d, p) == v for p, v in filters.items())])

    assert await all_pages(decisions, DecisionQuery(agent, context_filter=wanted), 5) == expected(wanted)
    with_regime = {**wanted, "regime": "r1"}
    assert await all_pages(decisions, DecisionQuery(agent, context_filter=with_regime), 5) == expected(with_regime)
    assert await all_pages(decisions, DecisionQuery(agent, context_filter={**wanted, "market.absent": "x"}), 5) == []
    assert await all_pages(decisions, DecisionQuery(agent, context_filter={"market.trend": "sideways"}), 5) == []
    succeeded = DecisionQuery(agent, success=SuccessFilter.SUCCEEDED, context_filter={"market.volatility": "high"})
    assert await all_pages(decisions, succeeded, 5) == [logged[6].decision_id]
    other_agent = DecisionQuery(agent + "-other", context_filter={"market.trend": "bullish"})
    assert await all_pages(decisions, other_agent, 5) == []


# ---------------------------------------------------------------------------------------------
# Embedded only: what the index reads, and how a database gains it.
# ---------------------------------------------------------------------------------------------


def rows_read(store: EmbeddedStore, database: Path, query: DecisionQuery, limit: int) -> tuple[int, list[str]]:
    """The decision rows the store's own statement reads for one page, and the ids it returns."""
    connection = sqlite3.connect(database)
    jsonfilter.register(connection)
    read: list[str] = []
    connection.create_function("row_read", 1, lambda decision_id: read.append(decision_id) or True)
    try:
        sql, params = store.decisions.query_statement(connection, query, None, limit, row_counter="row_read")
        ids = [row[0] for row in connection.execute(sql, params)]
    finally:
        connection.close()
    return len(read), ids[:limit]


def index_entries(database: Path) -> list[tuple[str, str]]:
    connection = sqlite3.connect(database)
    try:
        return connection.execute("SELECT path, decision_id FROM decisions_by_context ORDER BY path, decision_id").fetchall()
    finally:
        connection.close()


async def test_embedded_reads_only_the_decisions_the_index_names(tmp_path, agent):
    database = tmp_path / "index.sqlite3"
    store = EmbeddedStore(database, ROLLUPS, context_index_path="market")
    await store.open()
    try:
        logged = [
            make(agent, T0 + i, {"market": {"trend": ["bullish", "bearish", "sideways"][i % 3], "volatility": "high" if i % 10 == 0 else "low"},
                                 "cycle": i})
            for i in range(600)
        ]
        await store.decisions.append([NewDecision(d) for d in logged])

        async def check(filters: dict, limit: int, read: int) -> None:
            query = DecisionQuery(agent, context_filter=filters)
            page = await store.decisions.query(query, None, limit)
            counted, ids = rows_read(store, database, query, limit)
            assert ids == [d.decision_id for d in page.decisions]
            assert counted == read, (filters, counted)

        await check({"market.trend": "bullish"}, 50, 51)  # one page and the look-ahead
        await check({"market.volatility": "high"}, 100, 60)  # every match, no more
        await check({"market.trend": "bullish", "market.volatility": "high"}, 100, 20)  # the intersection
        await check({"market.volatility": "high", "cycle": 300}, 100, 60)  # the index, then the row
        await check({"market": {"volatility": "high", "trend": "bullish"}}, 100, 20)  # the configured path
        await check({"cycle": 300}, 10, 600)  # not indexed: every decision of the agent
    finally:
        await store.close()


async def test_a_database_gains_the_index_for_a_path_when_opened_with_it(tmp_path, agent):
    database = tmp_path / "older.sqlite3"
    unindexed = RollupSpec((), "reasoning.selected")
    store = EmbeddedStore(database, unindexed)
    await store.open()
    # More decisions than one build transaction indexes, with some that lack the path.
    logged = [make(agent, T0 + i, {"regime": f"r{i % 7}"} if i % 11 else {"cycle": i}) for i in range(12_000)]
    try:
        await store.decisions.append([NewDecision(d) for d in logged])
    finally:
        await store.close()
    assert index_entries(database) == []

    store = EmbeddedStore(database, unindexed, context_index_path="regime")
    await store.open()
    try:
        r3 = [d for d in logged if d.context.get("regime") == "r3"]
        assert len(index_entries(database)) == sum(1 for d in logged if "regime" in d.context)
        query = DecisionQuery(agent, context_filter={"regime": "r3"})
        assert await all_pages(store.decisions, query, 500) == newest_first(r3)
        assert rows_read(store, database, query, 10_000) == (len(r3), newest_first(r3))
    finally:
        await store.close()

    # Opened again without the path, the database keeps the index up to date and uses it.
    store = EmbeddedStore(database, unindexed)
    await store.open()
    try:
        later = make(agent, T0 + 20_000, {"regime": "r3"})
        await store.decisions.append([NewDecision(later)])
        query = DecisionQuery(agent, context_filter={"regime": "r3"})
        assert rows_read(store, database, query, 10) == (11, newest_first([later, *r3])[:10])
    finally:
        await store.close()


async def test_forgotten_decisions_leave_the_index(tmp_path, agent):
    database = tmp_path / "forget.sqlite3"
    store = EmbeddedStore(database, ROLLUPS, context_index_path="market")
    await store.open()
    try:
        old = [make(agent, T0 + i, {"market": {"trend": "bullish"}, "trading_hours": "asian"}) for i in range(5)]
        young = make(agent, T0 + 100, {"market": {"trend": "bullish"}})
        await store.decisions.append([NewDecision(d) for d in (*old, young)])
        assert await store.decisions.forget_archived(agent, T0 + 50) == len(old)
        assert {decision_id for _, decision_id in index_entries(database)} == {young.decision_id}
        page = await store.decisions.query(DecisionQuery(agent, context_filter={"market.trend": "bullish"}), None, 10)
        assert [d.decision_id for d in page.decisions] == [young.decision_id]
    finally:
        await store.close()
