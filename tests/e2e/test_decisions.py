"""Decision log over real gRPC: LogDecision, LogDecisions, RecordOutcome,
GetDecision, QueryDecisions (filters, pagination, page tokens)."""

from __future__ import annotations

import asyncio
import json
import math
import uuid

import grpc
import pytest
from google.protobuf import timestamp_pb2

from agentmemory.v1 import decision_log_pb2 as dl

from .helpers import (
    error_details,
    ids,
    log,
    log_bulk,
    log_req,
    query_all,
    expect_error,
    invalid,
    now,
    struct,
    to_py,
    ts_seconds,
)

DECISION_NOT_FOUND = dict(code=grpc.StatusCode.NOT_FOUND, reason="DECISION_NOT_FOUND")
BAD_TOKEN = dict(code=grpc.StatusCode.INVALID_ARGUMENT, reason="INVALID_PAGE_TOKEN", field="page_token")


def is_uuid7(s: str) -> bool:
    try:
        u = uuid.UUID(s)
    except ValueError:
        return False
    return u.version == 7 and u.variant == uuid.RFC_4122 and str(u) == s.lower()


# --------------------------------------------------------------------------
# LogDecision / GetDecision
# --------------------------------------------------------------------------


async def test_log_decision_round_trip(decisions, agent_id):
    parent = await log(decisions, agent_id, decision_type="SOURCE_SELECTION")
    ctx = {"market": {"trend": "bull", "volatility": 0.031}, "cycle": 7}
    reasoning = {"scores": {"glassnode": 0.8, "cryptoquant": 0.6}, "selected": ["glassnode"], "explore": False}
    meta = {"model": "claude", "experiment": "exp-1"}
    reads = [dl.MemoryRead(memory_type="PATTERN", memory_id="funding:flip", version=3)]
    t0 = now()
    d = await log(
        decisions, agent_id, decision_type="QUERY", context=ctx, reasoning=reasoning, metadata=meta,
        parents=[parent.decision_id], reads=reads,
    )
    t1 = now()
    assert is_uuid7(d.decision_id), d.decision_id
    assert d.agent_id == agent_id
    assert d.decision_type == "QUERY"
    assert t0 - 2 <= ts_seconds(d.create_time) <= t1 + 2
    assert to_py(d.context) == ctx
    assert to_py(d.reasoning) == reasoning
    assert to_py(d.metadata) == meta
    assert list(d.parent_decision_ids) == [parent.decision_id]
    assert [(r.memory_type, r.memory_id, r.version) for r in d.memory_reads] == [("PATTERN", "funding:flip", 3)]
    assert not d.HasField("outcome")

    got = (await decisions.GetDecision(dl.GetDecisionRequest(agent_id=agent_id, decision_id=d.decision_id))).decision
    assert got == d


async def test_documents_sent_as_json_text_are_stored_as_documents(decisions, agent_id):
    ctx = {"market": {"trend": "bull", "volatility": 0.031}, "cycle": 142, "tags": ["a", None, True]}
    reasoning = {"selected": ["glassnode"], "note": "ünïcode \u2713"}
    d = (await decisions.LogDecision(dl.LogDecisionRequest(
        agent_id=agent_id, decision_type="QUERY", context_json=json.dumps(ctx), reasoning_json=json.dumps(reasoning),
    ))).decision
    assert to_py(d.context) == ctx
    assert to_py(d.reasoning) == reasoning
    assert to_py(d.metadata) == {}
    got = (await decisions.GetDecision(dl.GetDecisionRequest(agent_id=agent_id, decision_id=d.decision_id))).decision
    assert got == d
    # Stored as the same document a Struct gives: the index and the filters find it either way.
    same = await log(decisions, agent_id, context=ctx)
    for wanted in ({"market": ctx["market"]}, {"market.trend": "bull", "cycle": 142.0}, {"tags": ["a", None, True]}):
        found, _ = await query_all(decisions, agent_id, context_filter=struct(wanted))
        assert sorted(x.decision_id for x in found) == sorted([d.decision_id, same.decision_id]), wanted


async def test_json_text_that_is_refused_names_its_field(decisions, agent_id):
    for field, text in (("context_json", "[1]"), ("reasoning_json", "{"), ("metadata_json", '{"a": 1e999}')):
        await expect_error(
            decisions.LogDecision(dl.LogDecisionRequest(agent_id=agent_id, decision_type="QUERY", **{field: text})),
            **invalid(field),
        )
    both = dl.LogDecisionRequest(agent_id=agent_id, decision_type="QUERY", context_json='{"a": 1}', context=struct({"a": 1}))
    await expect_error(decisions.LogDecision(both), **invalid("context_json"))
    stored, _ = await query_all(decisions, agent_id)
    assert stored == []


async def test_decision_ids_are_time_ordered(decisions, agent_id):
    logged = [await log(decisions, agent_id, context={"i": i}) for i in range(15)]
    got_ids = ids(logged)
    assert len(set(got_ids)) == 15
    assert got_ids == sorted(got_ids), "UUIDv7 ids must sort in logging order"
    times = [ts_seconds(d.create_time) for d in logged]
    assert times == sorted(times)


async def test_get_missing_or_foreign_decision_is_not_found(decisions, agent_id, other_agent_id):
    d = await log(decisions, agent_id)
    await expect_error(
        decisions.GetDecision(dl.GetDecisionRequest(agent_id=other_agent_id, decision_id=d.decision_id)),
        **DECISION_NOT_FOUND,
    )
    # A well-formed UUIDv7 that was never issued.
    fake = str(uuid.UUID(int=(int(uuid.UUID(d.decision_id)) ^ 0xFFFF)))
    await expect_error(
        decisions.GetDecision(dl.GetDecisionRequest(agent_id=agent_id, decision_id=fake)), **DECISION_NOT_FOUND
    )


async def test_request_id_is_idempotent(decisions, agent_id):
    first = await log(decisions, agent_id, context={"attempt": 1}, request_id="req-001")
    again = await log(decisions, agent_id, context={"attempt": 2}, decision_type="SIGNAL_GENERATION", request_id="req-001")
    assert again.decision_id == first.decision_id
    assert to_py(again.context) == {"attempt": 1}
    assert again.decision_type == "QUERY"
    # Concurrent retries still store one decision.
    retries = await asyncio.gather(*(log(decisions, agent_id, request_id="req-002", context={"n": i}) for i in range(10)))
    assert len({r.decision_id for r in retries}) == 1
    # Each answer carries the stored decision, not its own request's documents.
    assert len({str(to_py(r.context)) for r in retries}) == 1
    other = await log(decisions, agent_id, request_id="req-003")
    assert other.decision_id not in (first.decision_id, retries[0].decision_id)
    no_key_1 = await log(decisions, agent_id)
    no_key_2 = await log(decisions, agent_id)
    assert no_key_1.decision_id != no_key_2.decision_id

    stored, _ = await query_all(decisions, agent_id)
    assert sorted(ids(stored)) == sorted(
        [first.decision_id, retries[0].decision_id, other.decision_id, no_key_1.decision_id, no_key_2.decision_id]
    )


# --------------------------------------------------------------------------
# LogDecision validation
# --------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["", "query", "Query", "1QUERY", "QUE-RY", "Q" * 65, "_Q"])
async def test_invalid_decision_type(decisions, agent_id, bad):
    await expect_error(decisions.LogDecision(log_req(agent_id, decision_type=bad)), **invalid("decision_type"))


async def test_invalid_agent_id(decisions):
    await expect_error(decisions.LogDecision(log_req("bad agent!")), **invalid("agent_id"))
    await expect_error(decisions.LogDecision(log_req("")), **invalid("agent_id"))


async def test_parents_must_exist_and_belong_to_agent(decisions, agent_id, other_agent_id):
    mine = await log(decisions, agent_id)
    theirs = await log(decisions, other_agent_id)
    never = str(uuid.UUID(int=(int(uuid.UUID(mine.decision_id)) ^ 0xABCDEF)))
    await expect_error(decisions.LogDecision(log_req(agent_id, parents=[never])), **invalid("parent_decision_ids[0]"))
    await expect_error(
        decisions.LogDecision(log_req(agent_id, parents=[mine.decision_id, theirs.decision_id])),
        **invalid("parent_decision_ids[1]"),
    )
    await expect_error(
        decisions.LogDecision(log_req(agent_id, parents=[mine.decision_id, "not-a-uuid"])),
        **invalid("parent_decision_ids[1]"),
    )
    stored, _ = await query_all(decisions, agent_id)
    assert ids(stored) == [mine.decision_id], "a rejected decision must not be stored"


async def test_too_many_parents_or_reads(decisions, agent_id):
    parent = await log(decisions, agent_id)
    await expect_error(
        decisions.LogDecision(log_req(agent_id, parents=[parent.decision_id] * 101)),
        **invalid(None, field_prefix="parent_decision_ids"),
    )
    reads = [dl.MemoryRead(memory_type="PATTERN", memory_id=f"m{i}", version=1) for i in range(101)]
    await expect_error(decisions.LogDecision(log_req(agent_id, reads=reads)), **invalid(None, field_prefix="memory_reads"))


async def test_invalid_memory_read(decisions, agent_id):
    for bad in [
        dl.MemoryRead(memory_type="pattern", memory_id="m1", version=1),
        dl.MemoryRead(memory_type="PATTERN", memory_id="", version=1),
        dl.MemoryRead(memory_type="PATTERN", memory_id="m1", version=0),
    ]:
        await expect_error(
            decisions.LogDecision(log_req(agent_id, reads=[bad])), **invalid(None, field_prefix="memory_reads[0]")
        )


@pytest.mark.parametrize("bad", ["r" * 129, "tab\there", "caf\u00e9"])
async def test_invalid_request_id(decisions, agent_id, bad):
    await expect_error(decisions.LogDecision(log_req(agent_id, request_id=bad)), **invalid("request_id"))


async def test_decision_over_size_limit(decisions, agent_id):
    await expect_error(
        decisions.LogDecision(log_req(agent_id, context={"blob": "x" * (300 * 1024)})),
        **invalid(None, field_in=["context", "decision"]),
    )
    stored, _ = await query_all(decisions, agent_id)
    assert stored == []


async def test_decision_size_limit_applies_to_the_whole_decision(decisions, agent_id):
    part = "x" * (100 * 1024)  # each part is under the limit, together they are over it
    await expect_error(
        decisions.LogDecision(
            log_req(agent_id, context={"a": part}, reasoning={"b": part}, metadata={"c": part})
        ),
        **invalid(None, field_in=["context", "reasoning", "metadata", "decision"]),
    )
    stored, _ = await query_all(decisions, agent_id)
    assert stored == []


# --------------------------------------------------------------------------
# LogDecisions (client streaming)
# --------------------------------------------------------------------------


async def test_log_decisions_bulk_in_order(decisions, agent_id):
    reqs = [log_req(agent_id, decision_type="QUERY" if i % 2 else "SIGNAL_GENERATION", context={"i": i}) for i in range(25)]
    got = await log_bulk(decisions, reqs)
    assert len(got) == 25
    assert len(set(got)) == 25
    assert all(is_uuid7(i) for i in got)
    assert got == sorted(got), "bulk ids must be time-ordered in message order"
    for i, did in enumerate(got):
        d = (await decisions.GetDecision(dl.GetDecisionRequest(agent_id=agent_id, decision_id=did))).decision
        assert to_py(d.context) == {"i": i}
        assert d.decision_type == ("QUERY" if i % 2 else "SIGNAL_GENERATION")


async def test_log_decisions_request_ids(decisions, agent_id):
    before = await log(decisions, agent_id, request_id="bulk-known")
    got = await log_bulk(
        decisions,
        [
            log_req(agent_id, context={"i": 0}),
            log_req(agent_id, context={"i": 1}, request_id="bulk-known"),
            log_req(agent_id, context={"i": 2}, request_id="bulk-new"),
            log_req(agent_id, context={"i": 3}, request_id="bulk-new"),
        ],
    )
    assert got[1] == before.decision_id
    assert got[3] == got[2]
    assert len({got[0], got[1], got[2]}) == 3
    stored, _ = await query_all(decisions, agent_id)
    assert len(stored) == 3


async def test_log_decisions_with_parents_of_the_agent(decisions, agent_id):
    root = await log(decisions, agent_id)
    got = await log_bulk(decisions, [log_req(agent_id, parents=[root.decision_id]) for _ in range(3)])
    for did in got:
        d = (await decisions.GetDecision(dl.GetDecisionRequest(agent_id=agent_id, decision_id=did))).decision
        assert list(d.parent_decision_ids) == [root.decision_id]


async def test_log_decisions_empty_stream(decisions, agent_id):
    assert await log_bulk(decisions, []) == []


async def test_log_decisions_one_bad_message_stores_nothing(decisions, agent_id):
    reqs = [log_req(agent_id, context={"i": i}) for i in range(5)]
    reqs[2].decision_type = "not_upper"
    d = await expect_error(log_bulk(decisions, reqs), **invalid("requests[2].decision.decision_type"))
    assert d.metadata.get("index") == "2"
    stored, _ = await query_all(decisions, agent_id)
    assert stored == [], "nothing from a failed bulk call may be stored"


async def test_log_decisions_bad_parent_names_index(decisions, agent_id, other_agent_id):
    theirs = await log(decisions, other_agent_id)
    reqs = [log_req(agent_id, context={"i": i}, request_id=f"bad-parent-{i}") for i in range(5)]
    reqs[3].parent_decision_ids.append(theirs.decision_id)
    d = await expect_error(log_bulk(decisions, reqs), **invalid("requests[3].decision.parent_decision_ids[0]"))
    assert d.metadata.get("index") == "3"
    stored, _ = await query_all(decisions, agent_id)
    assert stored == []
    # The request_ids of the failed call were not consumed.
    ok = await log(decisions, agent_id, request_id="bad-parent-0", context={"fresh": True})
    assert to_py(ok.context) == {"fresh": True}


async def test_log_decisions_bad_agent_at_index_zero(decisions, agent_id):
    reqs = [log_req("", context={"i": 0}), log_req(agent_id, context={"i": 1})]
    d = await expect_error(log_bulk(decisions, reqs), **invalid("requests[0].decision.agent_id"))
    assert d.metadata.get("index") == "0"
    stored, _ = await query_all(decisions, agent_id)
    assert stored == []


async def test_log_decisions_single_message_bad_parent_names_index(decisions, agent_id, other_agent_id):
    # A one-message stream follows the same rules as a longer one: the
    # violation is prefixed with the message's index and ErrorInfo names it.
    theirs = await log(decisions, other_agent_id)
    req = log_req(agent_id, parents=[theirs.decision_id])
    d = await expect_error(log_bulk(decisions, [req]), **invalid("requests[0].decision.parent_decision_ids[0]"))
    assert d.metadata.get("index") == "0"
    stored, _ = await query_all(decisions, agent_id)
    assert stored == []


async def test_log_decisions_many_per_message_in_order(decisions, agent_id):
    reqs = [log_req(agent_id, context={"i": i}, request_id="repeat" if i in (3, 7) else "") for i in range(9)]
    messages = [
        dl.LogDecisionsRequest(decisions=reqs[0:3]),
        dl.LogDecisionsRequest(decision=reqs[3], decisions=reqs[4:8]),
        dl.LogDecisionsRequest(decision=reqs[8]),
    ]
    got = list((await decisions.LogDecisions(iter(messages))).decision_ids)
    assert len(got) == 9 and got[3] == got[7], "ids in decision order; a repeated request id gets the first id"
    assert len(set(got)) == 8
    for i in (0, 2, 3, 4, 8):
        d = (await decisions.GetDecision(dl.GetDecisionRequest(agent_id=agent_id, decision_id=got[i]))).decision
        assert to_py(d.context) == {"i": i}


async def test_log_decisions_names_a_bad_decision_within_its_message(decisions, agent_id, other_agent_id):
    reqs = [log_req(agent_id, context={"i": i}) for i in range(4)]
    reqs[2].decision_type = "not_upper"
    message = dl.LogDecisionsRequest(decision=reqs[0], decisions=reqs[1:])
    d = await expect_error(
        decisions.LogDecisions(iter([dl.LogDecisionsRequest(decision=reqs[0]), message])),
        **invalid("requests[1].decisions[1].decision_type"),
    )
    assert d.metadata.get("index") == "1"
    theirs = await log(decisions, other_agent_id)
    orphan = log_req(agent_id, parents=[theirs.decision_id])
    d = await expect_error(
        decisions.LogDecisions(iter([dl.LogDecisionsRequest(decisions=[log_req(agent_id), orphan])])),
        **invalid("requests[0].decisions[1].parent_decision_ids[0]"),
    )
    assert d.metadata.get("index") == "0"
    stored, _ = await query_all(decisions, agent_id)
    assert stored == []


async def test_log_decisions_takes_json_text_and_structs_alike(decisions, agent_id):
    reqs = [
        dl.LogDecisionRequest(agent_id=agent_id, decision_type="QUERY", context_json=json.dumps({"i": i}))
        if i % 2 else log_req(agent_id, context={"i": i})
        for i in range(6)
    ]
    got = await log_bulk(decisions, reqs)
    for i, did in enumerate(got):
        d = (await decisions.GetDecision(dl.GetDecisionRequest(agent_id=agent_id, decision_id=did))).decision
        assert to_py(d.context) == {"i": i}
    bad = [dl.LogDecisionRequest(agent_id=agent_id, decision_type="QUERY", context_json='{"i": 1}') for _ in range(3)]
    bad[2].context_json = "not json"
    d = await expect_error(
        decisions.LogDecisions(iter([dl.LogDecisionsRequest(decision=bad[0], decisions=bad[1:])])),
        **invalid("requests[0].decisions[1].context_json"),
    )
    assert d.metadata.get("index") == "0"
    stored, _ = await query_all(decisions, agent_id)
    assert len(stored) == 6


async def test_log_decisions_message_without_decision(decisions, agent_id):
    d = await expect_error(
        decisions.LogDecisions(
            iter([dl.LogDecisionsRequest(decision=log_req(agent_id)), dl.LogDecisionsRequest()])
        ),
        **invalid(None, field_prefix="requests[1]"),
    )
    assert d.metadata.get("index") == "1"
    stored, _ = await query_all(decisions, agent_id)
    assert stored == []


# --------------------------------------------------------------------------
# RecordOutcome
# --------------------------------------------------------------------------


async def test_record_outcome_and_overwrite(decisions, agent_id):
    d = await log(decisions, agent_id, context={"x": 1})
    t0 = now()
    r = (
        await decisions.RecordOutcome(
            dl.RecordOutcomeRequest(
                agent_id=agent_id, decision_id=d.decision_id, success=True,
                outcome=struct({"signals": 3, "quality": "good"}), metrics={"latency_ms": 120.5, "quality_score": 0.9},
            )
        )
    ).decision
    assert r.decision_id == d.decision_id
    assert r.HasField("outcome")
    assert r.outcome.success is True
    assert to_py(r.outcome.details) == {"signals": 3, "quality": "good"}
    assert dict(r.outcome.metrics) == {"latency_ms": 120.5, "quality_score": 0.9}
    assert t0 - 2 <= ts_seconds(r.outcome.record_time) <= now() + 2
    assert to_py(r.context) == {"x": 1}
    assert r.create_time == d.create_time

    got = (await decisions.GetDecision(dl.GetDecisionRequest(agent_id=agent_id, decision_id=d.decision_id))).decision
    assert got.outcome == r.outcome

    e = await expect_error(
        decisions.RecordOutcome(dl.RecordOutcomeRequest(agent_id=agent_id, decision_id=d.decision_id, success=False)),
        code=grpc.StatusCode.FAILED_PRECONDITION, reason="OUTCOME_ALREADY_RECORDED",
    )
    assert e.message
    got = (await decisions.GetDecision(dl.GetDecisionRequest(agent_id=agent_id, decision_id=d.decision_id))).decision
    assert got.outcome.success is True

    o = (
        await decisions.RecordOutcome(
            dl.RecordOutcomeRequest(
                agent_id=agent_id, decision_id=d.decision_id, success=False, outcome=struct({"why": "reversal"}),
                overwrite=True,
            )
        )
    ).decision
    assert o.outcome.success is False
    assert to_py(o.outcome.details) == {"why": "reversal"}
    assert dict(o.outcome.metrics) == {}
    got = (await decisions.GetDecision(dl.GetDecisionRequest(agent_id=agent_id, decision_id=d.decision_id))).decision
    assert got.outcome == o.outcome


async def test_concurrent_outcomes_only_one_wins(decisions, agent_id):
    d = await log(decisions, agent_id)

    async def attempt(i):
        try:
            await decisions.RecordOutcome(
                dl.RecordOutcomeRequest(agent_id=agent_id, decision_id=d.decision_id, success=True, metrics={"i": i})
            )
            return i
        except grpc.aio.AioRpcError as e:
            assert e.code() == grpc.StatusCode.FAILED_PRECONDITION, e
            return None

    wins = [w for w in await asyncio.gather(*(attempt(i) for i in range(10))) if w is not None]
    assert len(wins) == 1
    got = (await decisions.GetDecision(dl.GetDecisionRequest(agent_id=agent_id, decision_id=d.decision_id))).decision
    assert dict(got.outcome.metrics) == {"i": float(wins[0])}


async def test_record_outcome_errors(decisions, agent_id, other_agent_id):
    d = await log(decisions, agent_id)
    await expect_error(
        decisions.RecordOutcome(dl.RecordOutcomeRequest(agent_id=other_agent_id, decision_id=d.decision_id, success=True)),
        **DECISION_NOT_FOUND,
    )
    fake = str(uuid.UUID(int=(int(uuid.UUID(d.decision_id)) ^ 0x1234)))
    await expect_error(
        decisions.RecordOutcome(dl.RecordOutcomeRequest(agent_id=agent_id, decision_id=fake, success=True)),
        **DECISION_NOT_FOUND,
    )
    for bad in [math.nan, math.inf, -math.inf]:
        await expect_error(
            decisions.RecordOutcome(
                dl.RecordOutcomeRequest(agent_id=agent_id, decision_id=d.decision_id, success=True, metrics={"m": bad})
            ),
            **invalid(None, field_prefix="metrics"),
        )
    await expect_error(
        decisions.RecordOutcome(
            dl.RecordOutcomeRequest(agent_id=agent_id, decision_id=d.decision_id, success=True, metrics={"": 1.0})
        ),
        **invalid(None, field_prefix="metrics"),
    )
    await expect_error(
        decisions.RecordOutcome(
            dl.RecordOutcomeRequest(
                agent_id=agent_id, decision_id=d.decision_id, success=True, outcome=struct({"b": "x" * (300 * 1024)})
            )
        ),
        **invalid("outcome"),
    )
    got = (await decisions.GetDecision(dl.GetDecisionRequest(agent_id=agent_id, decision_id=d.decision_id))).decision
    assert not got.HasField("outcome"), "failed RecordOutcome calls must not write"


# --------------------------------------------------------------------------
# QueryDecisions
# --------------------------------------------------------------------------


async def test_pagination_120_decisions_page_size_7(decisions, agent_id):
    logged = await log_bulk(decisions, [log_req(agent_id, context={"i": i}) for i in range(120)])
    assert len(logged) == 120
    got, pages = await query_all(decisions, agent_id, page_size=7)
    got_ids = ids(got)
    assert len(got_ids) == len(set(got_ids)), "a decision appeared twice across pages"
    assert set(got_ids) == set(logged), "a decision is missing across pages"
    assert got_ids == list(reversed(logged)), "pages must be newest first without gaps"
    assert all(len(p) <= 7 for p in pages)
    assert len(pages) >= 18
    times = [ts_seconds(d.create_time) for d in got]
    assert times == sorted(times, reverse=True)


async def test_default_page_size_and_max(decisions, agent_id):
    await log_bulk(decisions, [log_req(agent_id, context={"i": i}) for i in range(60)])
    first = await decisions.QueryDecisions(dl.QueryDecisionsRequest(agent_id=agent_id))
    assert 0 < len(first.decisions) <= 50
    assert first.next_page_token
    everything, pages = await query_all(decisions, agent_id, page_size=1000)
    assert len(everything) == 60
    assert len(set(ids(everything))) == 60
    assert all(len(p) <= 1000 for p in pages)


async def test_empty_log_has_no_token(decisions, agent_id):
    resp = await decisions.QueryDecisions(dl.QueryDecisionsRequest(agent_id=agent_id, page_size=10))
    assert list(resp.decisions) == []
    assert resp.next_page_token == ""


async def test_query_is_per_agent(decisions, agent_id, other_agent_id):
    mine = await log(decisions, agent_id)
    await log(decisions, other_agent_id)
    got, _ = await query_all(decisions, agent_id)
    assert ids(got) == [mine.decision_id]


async def test_filter_by_type_and_outcome(decisions, agent_id):
    q = [await log(decisions, agent_id, decision_type="QUERY", context={"i": i}) for i in range(6)]
    s = [await log(decisions, agent_id, decision_type="SIGNAL_GENERATION", context={"i": i}) for i in range(4)]
    for d in q[:2]:
        await decisions.RecordOutcome(dl.RecordOutcomeRequest(agent_id=agent_id, decision_id=d.decision_id, success=True))
    for d in q[2:3] + s[:1]:
        await decisions.RecordOutcome(dl.RecordOutcomeRequest(agent_id=agent_id, decision_id=d.decision_id, success=False))

    async def q_ids(**f):
        got, _ = await query_all(decisions, agent_id, page_size=2, **f)
        return ids(got)

    rev = lambda ds: list(reversed(ids(ds)))  # noqa: E731
    assert await q_ids(decision_type="QUERY") == rev(q)
    assert await q_ids(decision_type="SIGNAL_GENERATION") == rev(s)
    assert await q_ids(decision_type="LEARNING") == []
    assert await q_ids(success_filter=dl.SUCCESS_FILTER_SUCCEEDED) == rev(q[:2])
    assert await q_ids(success_filter=dl.SUCCESS_FILTER_FAILED) == rev([q[2], s[0]])
    pending = await q_ids(success_filter=dl.SUCCESS_FILTER_PENDING)
    assert pending == rev(q[3:] + s[1:])
    assert await q_ids(decision_type="QUERY", success_filter=dl.SUCCESS_FILTER_PENDING) == rev(q[3:])
    assert await q_ids(decision_type="SIGNAL_GENERATION", success_filter=dl.SUCCESS_FILTER_FAILED) == [s[0].decision_id]
    everything = await q_ids(success_filter=dl.SUCCESS_FILTER_UNSPECIFIED)
    assert len(everything) == 10


async def test_filter_by_time_range(decisions, agent_id):
    logged = []
    for i in range(5):
        logged.append(await log(decisions, agent_id, context={"i": i}))
        await asyncio.sleep(0.01)
    start = logged[1].create_time
    end = logged[3].create_time

    got, _ = await query_all(decisions, agent_id, start_time=start)
    assert ids(got) == [d.decision_id for d in reversed(logged[1:])], "start_time is inclusive"
    got, _ = await query_all(decisions, agent_id, end_time=end)
    assert ids(got) == [d.decision_id for d in reversed(logged[:3])], "end_time is exclusive"
    got, _ = await query_all(decisions, agent_id, start_time=start, end_time=end, page_size=1)
    assert ids(got) == [logged[2].decision_id, logged[1].decision_id]
    future = timestamp_pb2.Timestamp(seconds=int(now()) + 3600)
    got, _ = await query_all(decisions, agent_id, start_time=future)
    assert got == []


async def test_context_filter_dotted_paths(decisions, agent_id):
    a = await log(decisions, agent_id, context={"market": {"trend": "bull", "vol": "high"}, "cycle": 1})
    b = await log(decisions, agent_id, context={"market": {"trend": "bear", "vol": "high"}, "cycle": 1})
    c = await log(decisions, agent_id, context={"market": {"trend": "bull", "vol": "low"}, "cycle": 2.0})
    d = await log(decisions, agent_id, context={"market": "bull"})
    e = await log(decisions, agent_id, context={"market": {"trend": "bull", "vol": "low"}, "cycle": "2", "tags": ["a", "b"]})

    async def q_ids(f, **kw):
        got, _ = await query_all(decisions, agent_id, context_filter=struct(f), page_size=1, **kw)
        return ids(got)

    assert await q_ids({"market.trend": "bull"}) == [e.decision_id, c.decision_id, a.decision_id]
    assert await q_ids({"market.trend": "bull", "market.vol": "low"}) == [e.decision_id, c.decision_id]
    assert await q_ids({"market.trend": "bull", "cycle": 2}) == [c.decision_id], "2 and 2.0 are JSON-equal, '2' is not"
    assert await q_ids({"cycle": "2"}) == [e.decision_id]
    assert await q_ids({"market": "bull"}) == [d.decision_id]
    assert await q_ids({"market": {"trend": "bear", "vol": "high"}}) == [b.decision_id]
    assert await q_ids({"tags": ["a", "b"]}) == [e.decision_id]
    assert await q_ids({"market.trend": "sideways"}) == []
    assert await q_ids({"market.trend.deeper": "bull"}) == []
    assert await q_ids({"market.trend": "bull"}, decision_type="LEARNING") == []


async def test_context_filter_null_and_boolean_equality(decisions, agent_id):
    flag_true = await log(decisions, agent_id, context={"flag": True, "note": None})
    flag_one = await log(decisions, agent_id, context={"flag": 1, "note": "text"})
    missing = await log(decisions, agent_id, context={"other": 0})

    async def q_ids(f):
        got, _ = await query_all(decisions, agent_id, context_filter=struct(f))
        return ids(got)

    assert await q_ids({"flag": True}) == [flag_true.decision_id], "true is not the number 1"
    assert await q_ids({"flag": 1}) == [flag_one.decision_id], "the number 1 is not true"
    assert await q_ids({"note": None}) == [flag_true.decision_id], "null matches null, not a missing key"
    assert await q_ids({"other": 0}) == [missing.decision_id]
    assert await q_ids({"other": False}) == []


async def test_page_size_validation(decisions, agent_id):
    for bad in [-1, 1001]:
        await expect_error(
            decisions.QueryDecisions(dl.QueryDecisionsRequest(agent_id=agent_id, page_size=bad)), **invalid("page_size")
        )
    await expect_error(
        decisions.QueryDecisions(dl.QueryDecisionsRequest(agent_id=agent_id, decision_type="bad")),
        **invalid("decision_type"),
    )
    await expect_error(decisions.QueryDecisions(dl.QueryDecisionsRequest(agent_id="")), **invalid("agent_id"))
    await expect_error(
        decisions.QueryDecisions(dl.QueryDecisionsRequest(agent_id=agent_id, context_filter=struct({"market..trend": 1}))),
        **invalid(None, field_prefix="context_filter"),
    )


async def _first_token(decisions, agent_id, **filters):
    resp = await decisions.QueryDecisions(dl.QueryDecisionsRequest(agent_id=agent_id, page_size=2, **filters))
    assert len(resp.decisions) >= 1
    assert resp.next_page_token
    return resp.next_page_token


def _tamper(token: str) -> list[str]:
    """A few altered versions of a token: a changed middle character, a
    truncation, an extension."""
    mid = len(token) // 2
    alt = "A" if token[mid] != "A" else "B"
    return [token[:mid] + alt + token[mid + 1 :], token[:-4] or "x", token + "AAAA"]


async def test_tampered_page_token_is_invalid(decisions, agent_id):
    await log_bulk(decisions, [log_req(agent_id, context={"i": i}) for i in range(6)])
    token = await _first_token(decisions, agent_id)
    for bad in _tamper(token) + ["garbage", "%%%", "eyJvZmZzZXQiOiAwfQ=="]:
        await expect_error(
            decisions.QueryDecisions(dl.QueryDecisionsRequest(agent_id=agent_id, page_size=2, page_token=bad)), **BAD_TOKEN
        )
    # The untouched token still works.
    ok = await decisions.QueryDecisions(dl.QueryDecisionsRequest(agent_id=agent_id, page_size=2, page_token=token))
    assert len(ok.decisions) >= 1


async def test_page_token_bound_to_its_query(decisions, agent_id, other_agent_id):
    await log_bulk(decisions, [log_req(agent_id, decision_type="QUERY", context={"m": "x"}) for _ in range(6)])
    await log_bulk(decisions, [log_req(other_agent_id, decision_type="QUERY", context={"m": "x"}) for _ in range(6)])
    token = await _first_token(decisions, agent_id, decision_type="QUERY")
    for changed in [
        dict(agent_id=agent_id),
        dict(agent_id=agent_id, decision_type="LEARNING"),
        dict(agent_id=agent_id, decision_type="QUERY", success_filter=dl.SUCCESS_FILTER_PENDING),
        dict(agent_id=agent_id, decision_type="QUERY", context_filter=struct({"m": "x"})),
        dict(agent_id=other_agent_id, decision_type="QUERY"),
    ]:
        await expect_error(
            decisions.QueryDecisions(dl.QueryDecisionsRequest(page_size=2, page_token=token, **changed)), **BAD_TOKEN
        )
    ok = await decisions.QueryDecisions(
        dl.QueryDecisionsRequest(agent_id=agent_id, decision_type="QUERY", page_size=2, page_token=token)
    )
    assert len(ok.decisions) >= 1


async def test_pages_do_not_shift_when_new_decisions_arrive(decisions, agent_id):
    logged = await log_bulk(decisions, [log_req(agent_id, context={"i": i}) for i in range(10)])
    resp = await decisions.QueryDecisions(dl.QueryDecisionsRequest(agent_id=agent_id, page_size=4))
    seen = ids(resp.decisions)
    # New decisions logged between pages are newer than the cursor: they must
    # neither appear later in this walk nor push older ones into a repeat.
    await log_bulk(decisions, [log_req(agent_id, context={"new": i}) for i in range(3)])
    token = resp.next_page_token
    for _ in range(20):
        if not token:
            break
        r = await decisions.QueryDecisions(dl.QueryDecisionsRequest(agent_id=agent_id, page_size=4, page_token=token))
        seen.extend(ids(r.decisions))
        token = r.next_page_token
    assert token == ""
    assert seen == list(reversed(logged))


async def test_pending_walk_while_outcomes_arrive(decisions, agent_id):
    logged = await log_bulk(decisions, [log_req(agent_id, context={"i": i}) for i in range(12)])
    seen: list[str] = []
    token = ""
    for _ in range(20):
        r = await decisions.QueryDecisions(
            dl.QueryDecisionsRequest(
                agent_id=agent_id, success_filter=dl.SUCCESS_FILTER_PENDING, page_size=3, page_token=token
            )
        )
        page = ids(r.decisions)
        seen.extend(page)
        # Decisions already seen stop being pending: the walk must neither skip
        # nor repeat the ones still ahead.
        for did in page:
            await decisions.RecordOutcome(dl.RecordOutcomeRequest(agent_id=agent_id, decision_id=did, success=True))
        token = r.next_page_token
        if not token:
            break
    assert token == ""
    assert seen == list(reversed(logged))


async def test_error_detail_status_matches(decisions, agent_id):
    with pytest.raises(grpc.aio.AioRpcError) as ei:
        await decisions.QueryDecisions(dl.QueryDecisionsRequest(agent_id=agent_id, page_token="nonsense"))
    d = error_details(ei.value)
    assert d.status is not None and d.status.message
    assert d.reason == "INVALID_PAGE_TOKEN"


async def test_get_decision_validation(decisions, agent_id):
    await expect_error(decisions.GetDecision(dl.GetDecisionRequest(agent_id=agent_id)), **invalid("decision_id"))
    await expect_error(
        decisions.GetDecision(dl.GetDecisionRequest(agent_id="", decision_id=str(uuid.uuid4()))), **invalid("agent_id")
    )
    await expect_error(
        decisions.RecordOutcome(dl.RecordOutcomeRequest(agent_id=agent_id, success=True)), **invalid("decision_id")
    )


async def test_overwrite_on_pending_decision_records_first_outcome(decisions, agent_id):
    d = await log(decisions, agent_id)
    r = (
        await decisions.RecordOutcome(
            dl.RecordOutcomeRequest(agent_id=agent_id, decision_id=d.decision_id, success=True, overwrite=True)
        )
    ).decision
    assert r.HasField("outcome") and r.outcome.success is True
    succeeded, _ = await query_all(decisions, agent_id, success_filter=dl.SUCCESS_FILTER_SUCCEEDED)
    assert ids(succeeded) == [d.decision_id]
