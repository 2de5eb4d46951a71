"""`make bench`: every scenario of the benchmark on its own servers on loopback, each measured
with the baseline it is held against in the same run, printed as one table and written to
bench/results/latest.json plus a dated copy.

The AWS-stack scenarios need the test servers of scripts/services.sh (their variables in the
environment, as `make bench` arranges). Client, servers, Redis and moto share the machine, so
each number includes the others' contention for its cores.

Usage: python -m bench.suite [--seconds 5] [--quick] [--scenarios stm,log,query,subscribe,cold,tracing,workers]
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import datetime as dt
import json
import os
import platform
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

import aioboto3
import grpc
from google.protobuf import json_format, struct_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc

from agentmemory.v1 import decision_log_pb2 as dl
from agentmemory.v1 import decision_log_pb2_grpc
from agentmemory.v1 import memory_pb2 as m
from agentmemory.v1 import memory_pb2_grpc
from agentmemory_server.app import rollup_spec
from agentmemory_server.config import Settings
from agentmemory_server.core.decisions import new_decision_id
from agentmemory_server.core.models import Decision, DecisionQuery, NewDecision
from agentmemory_server.storage.embedded import jsonfilter
from agentmemory_server.storage.embedded.store import EmbeddedStore
from bench import analytics, query_aws
from bench.load import LoadResult, ServerGauge, alternating, closed_loop, collector_held_off, percentile
from tests.support.server import REPO, ServerProcess, free_port, stack_env

SCENARIOS = ("stm", "log", "query", "subscribe", "cold", "tracing", "workers")
RESULTS = REPO / "bench" / "results"
# Quiet servers: no heartbeats or scheduled consolidation competing with the measured calls.
QUIET = {"AGENTMEMORY_HEARTBEAT_INTERVAL": "10", "AGENTMEMORY_CONSOLIDATION_INTERVAL": "0"}
STM_IN_FLIGHT = 32
BULK_BATCH = 1000
# Decisions per message in the batched bulk stream (what the Python client sends is 256).
BULK_PER_MESSAGE = 250
QUERY_PAGE = 50
# Decisions the query scenario adds to the seeded ones, spread over their range: an indexed
# value that few decisions have.
RARE_DECISIONS = 10
RARE_CONTEXT = {"market": {"volatility": "extreme", "trend": "crash"}, "trading_hours": "asian", "regime": "r0"}
SUBSCRIBERS = 50
# What the Python client asks a subscription for.
EVENTS_PER_MESSAGE = 256
# Decisions per LogDecisions call in the subscription run whose logger batches (every 10 ms at
# 1,000/s): what the fan-out delivers when logging is not what holds the server's event loop.
LOGGED_PER_CALL = 10


@dataclass
class Row:
    scenario: str
    calls_per_s: float | None
    p50_ms: float | None
    p99_ms: float | None
    baseline: str
    baseline_calls_per_s: float | None
    # calls_per_s / baseline_calls_per_s, or for rows without a throughput what `note` says.
    ratio: float | None
    p999_ms: float | None = None
    server_cpu_us_per_call: float | None = None
    server_rss_mb: float | None = None
    note: str = ""
    errors: int = 0

    @classmethod
    def from_load(cls, scenario: str, load: LoadResult, baseline: str, baseline_load: LoadResult | None,
                  per_call: int = 1, note: str = "", target_per_s: float | None = None) -> Row:
        """`per_call`: items each call carries (a bulk stream's decisions), so rates are items/s."""
        rate = load.calls_per_s * per_call
        baseline_rate = baseline_load.calls_per_s * per_call if baseline_load else target_per_s
        if baseline_load is not None:
            note = f"{note}; " if note else ""
            note += f"baseline p99 {baseline_load.p(0.99):.2f} ms, p99 ratio {load.p(0.99) / baseline_load.p(0.99):.2f}"
        return cls(
            scenario=scenario,
            calls_per_s=rate,
            p50_ms=load.p(0.5),
            p99_ms=load.p(0.99),
            p999_ms=load.p(0.999),
            server_cpu_us_per_call=load.server_cpu_us_per_call / per_call,
            server_rss_mb=load.server_rss_mb,
            baseline=baseline,
            baseline_calls_per_s=baseline_rate,
            ratio=rate / baseline_rate if baseline_rate else None,
            note=note,
            errors=load.errors + (baseline_load.errors if baseline_load else 0),
        )


@dataclass
class Plan:
    seconds: float
    decisions: int
    subscribe_rate: int
    subscribe_seconds: float
    # How long subscribers may take to catch up after the last write before what they lack is
    # counted as not delivered.
    subscribe_drain_s: float
    cold_starts: int
    # The servers' data directories go here; main() removes it after the run.
    workdir: Path


def _struct(data: dict) -> struct_pb2.Struct:
    out = struct_pb2.Struct()
    out.update(data)
    return out


STM_VALUE = struct_pb2.Value()
STM_VALUE.struct_value.update(
    {"volatility": "high", "trend": "bullish", "cycle": 142, "sources": ["whaleMovements", "derivatives"]}
)
CONTEXT = _struct({"market": {"volatility": "high", "trend": "bullish"}, "trading_hours": "asian", "cycle": 142})
REASONING = _struct({"scores": {"whaleMovements": 0.92, "derivatives": 0.71}, "selected": ["whaleMovements"]})


def decision_request(agent: str) -> dl.LogDecisionRequest:
    return dl.LogDecisionRequest(agent_id=agent, decision_type="SOURCE_SELECTION", context=CONTEXT, reasoning=REASONING)


# ---------------------------------------------------------------------------------------------
# Processes
# ---------------------------------------------------------------------------------------------


async def wait_serving(address: str, process: subprocess.Popen | None, timeout: float = 30.0) -> None:
    """Polls grpc.health.v1 every 5 ms until SERVING (fine-grained, for the cold-start timing)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{address}: server exited with {process.returncode} during startup")
        try:
            async with grpc.aio.insecure_channel(address) as channel:
                response = await health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=1)
                if response.status == health_pb2.HealthCheckResponse.SERVING:
                    return
        except grpc.aio.AioRpcError:
            pass
        await asyncio.sleep(0.005)
    raise RuntimeError(f"{address}: not SERVING within {timeout} s")


@asynccontextmanager
async def helper_process(module: str, *args: str) -> AsyncIterator[tuple[str, subprocess.Popen]]:
    """A bench helper server (`python -m bench.<module> --address ...`), SERVING, stopped after."""
    address = f"127.0.0.1:{free_port()}"
    process = subprocess.Popen(
        [sys.executable, "-m", f"bench.{module}", "--address", address, *args],
        cwd=str(REPO), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        await wait_serving(address, process)
        yield address, process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        process.wait(10)


@asynccontextmanager
async def agentmemory(plan: Plan, stack: str, name: str, extra: dict[str, str] | None = None) -> AsyncIterator[ServerProcess]:
    server = ServerProcess(plan.workdir / name, {**stack_env(stack, f"bench-{name}"), **QUIET, **(extra or {})})
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


def channel(address: str) -> grpc.aio.Channel:
    # Each channel its own connection: with SO_REUSEPORT a connection is what a worker is handed.
    return grpc.aio.insecure_channel(address, options=[("grpc.use_local_subchannel_pool", 1)])


def listening_sockets(port: int) -> int:
    """Listening TCP sockets on the port: one per worker under SO_REUSEPORT (dual-stack: tcp6)."""
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            count += int(fields[1].split(":")[1], 16) == port and fields[3] == "0A"
    return count


# ---------------------------------------------------------------------------------------------
# Scenarios
# ---------------------------------------------------------------------------------------------


def stm_calls(address: str, agent: str) -> tuple[grpc.aio.Channel, Callable, Callable]:
    ch = channel(address)
    memory = memory_pb2_grpc.MemoryServiceStub(ch)
    puts = [m.PutShortTermRequest(agent_id=agent, key=f"context:{i}", value=STM_VALUE) for i in range(50)]
    gets = [m.GetShortTermRequest(agent_id=agent, key=f"context:{i}") for i in range(50)]
    return ch, (lambda i: memory.PutShortTerm(puts[i % 50])), (lambda i: memory.GetShortTerm(gets[i % 50]))


async def scenario_stm(plan: Plan) -> list[Row]:
    """(1) Short-term memory on the Redis stack against a bare grpc.aio server doing one Redis
    SET/GET per call, same contract and payload."""
    rows = []
    agent = f"bench-{uuid.uuid4().hex[:8]}"
    async with helper_process("baseline_server", "--redis-url", os.environ["AGENTMEMORY_TEST_REDIS_URL"]) as (bare_address, bare):
        async with agentmemory(plan, "aws", "stm") as server:
            bare_channel, bare_put, bare_get = stm_calls(bare_address, agent)
            ours_channel, ours_put, ours_get = stm_calls(server.address, agent)
            bare_gauge, ours_gauge = ServerGauge(bare.pid), ServerGauge(server.proc.pid)
            for name, bare_call, ours_call in (("PutShortTerm", bare_put, ours_put), ("GetShortTerm", bare_get, ours_get)):
                loads = await alternating(
                    {"bare": bare_call, "ours": ours_call}, STM_IN_FLIGHT, plan.seconds * 2,
                    {"bare": bare_gauge, "ours": ours_gauge},
                )
                rows.append(Row.from_load(
                    f"{name} aws/Redis, {STM_IN_FLIGHT} in flight", loads["ours"], "bare grpc.aio + 1 Redis op",
                    loads["bare"],
                    note=(f"bare server CPU {loads['bare'].server_cpu_us_per_call:.0f} us/call; 3 alternating rounds "
                          f"of {plan.seconds * 2 / 3:g} s each"),
                ))
            await bare_channel.close()
            await ours_channel.close()
    return rows


async def scenario_log(plan: Plan) -> list[Row]:
    """(2) LogDecision on the embedded stack at 1 and 64 in flight, the LogDecisions bulk stream,
    and the AWS stack's LogDecision against direct BatchWriteItem calls of decision items."""
    rows = []
    agent = f"bench-{uuid.uuid4().hex[:8]}"
    request = decision_request(agent)
    async with agentmemory(plan, "embedded", "log") as server:
        ch = channel(server.address)
        log = decision_log_pb2_grpc.DecisionLogServiceStub(ch)
        gauge = ServerGauge(server.proc.pid)
        for in_flight in (1, 64):
            load = await closed_loop(lambda i: log.LogDecision(request), in_flight, plan.seconds, gauge)
            rows.append(Row.from_load(f"LogDecision embedded, {in_flight} in flight", load, "-", None))
        async with helper_process("baseline_server", "--redis-url", os.environ["AGENTMEMORY_TEST_REDIS_URL"]) as (
            bare_address, bare,
        ):
            bare_channel = channel(bare_address)
            bare_log = decision_log_pb2_grpc.DecisionLogServiceStub(bare_channel)
            for per_message in (1, BULK_PER_MESSAGE):
                stream = bulk_stream(request, per_message)
                calls = {"bare": lambda i: bare_log.LogDecisions(iter(stream)), "ours": lambda i: log.LogDecisions(iter(stream))}
                shapes = {"ours": "1 decision per message" if per_message == 1 else f"{per_message} decisions per message"}
                if per_message > 1:
                    # The same decisions with their documents as JSON text, in the same alternation.
                    json_stream = bulk_stream(json_documents(request), per_message)
                    calls["ours, JSON"] = lambda i: log.LogDecisions(iter(json_stream))
                    shapes["ours, JSON"] = f"{per_message} decisions per message, documents as JSON text"
                loads = await alternating(
                    calls, 2, plan.seconds * 2, {"bare": ServerGauge(bare.pid), "ours": gauge, "ours, JSON": gauge},
                )
                for name, shape in shapes.items():
                    rows.append(Row.from_load(
                        f"LogDecisions embedded, {BULK_BATCH} a call, {shape} (decisions/s)", loads[name],
                        "bare grpc.aio receiving the stream", loads["bare"], per_call=BULK_BATCH,
                        note=(f"target 20,000/s ({loads[name].calls_per_s * BULK_BATCH / 20_000:.2f} of it); the bare "
                              f"server stores nothing and uses {loads['bare'].server_cpu_us_per_call / BULK_BATCH:.0f} us "
                              "of CPU per decision; latency is per call"),
                    ))
            await bare_channel.close()
        await ch.close()

    async with agentmemory(plan, "aws", "log") as server:
        ch = channel(server.address)
        log = decision_log_pb2_grpc.DecisionLogServiceStub(ch)
        gauge = ServerGauge(server.proc.pid)
        ours = await closed_loop(lambda i: log.LogDecision(request), 16, plan.seconds, gauge)
        baseline = await batch_write_loop(plan, 16)
        rows.append(Row.from_load(
            "LogDecision aws/DynamoDB (moto), 16 in flight", ours, "aioboto3 BatchWriteItem x25", baseline, note=(
                "baseline rate is items/s (calls x 25) of decision-sized items, no transaction; LogDecision is "
                "one TransactWriteItems with the event, head and rollups"
            ),
        ))
        # BatchWriteItem's calls carry 25 items: compare items per second.
        rows[-1].baseline_calls_per_s = baseline.calls_per_s * 25
        rows[-1].ratio = ours.calls_per_s / rows[-1].baseline_calls_per_s
        await ch.close()
    return rows


def json_documents(request: dl.LogDecisionRequest) -> dl.LogDecisionRequest:
    """The request with its documents as JSON text (context_json, ...) instead of Structs."""
    out = dl.LogDecisionRequest()
    out.CopyFrom(request)
    for name in ("context", "reasoning", "metadata"):
        if out.HasField(name):
            setattr(out, f"{name}_json", json.dumps(json_format.MessageToDict(getattr(out, name)), separators=(",", ":")))
            out.ClearField(name)
    return out


def bulk_stream(request: dl.LogDecisionRequest, per_message: int) -> list[dl.LogDecisionsRequest]:
    """BULK_BATCH decisions as LogDecisions messages of `per_message` each."""
    if per_message == 1:
        return [dl.LogDecisionsRequest(decision=request) for _ in range(BULK_BATCH)]
    return [dl.LogDecisionsRequest(decisions=[request] * per_message) for _ in range(BULK_BATCH // per_message)]


async def batch_write_loop(plan: Plan, in_flight: int) -> LoadResult:
    """Decision items, as the DynamoDB adapter stores them (JSON document, keys, TTL), written
    directly with BatchWriteItem (25 a call) to a table of their own on the same endpoint."""
    env = stack_env("aws", "batch")
    session = aioboto3.Session(
        region_name=env["AWS_REGION"], aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
    )
    table = f"{env['AGENTMEMORY_TABLE_PREFIX']}decisions"
    document = json.dumps({
        "context": json_format.MessageToDict(CONTEXT), "reasoning": json_format.MessageToDict(REASONING),
        "decision_type": "SOURCE_SELECTION",
    })
    async with session.client("dynamodb", endpoint_url=env["AWS_ENDPOINT_URL_DYNAMODB"]) as dynamodb:
        await dynamodb.create_table(
            TableName=table, BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        )

        def batch(i: int) -> list[dict]:
            now = time.time_ns() // 1000
            return [
                {"PutRequest": {"Item": {
                    "pk": {"S": "d#bench-agent"}, "sk": {"S": f"{now}#{i}-{j}"}, "agent_id": {"S": "bench-agent"},
                    "decision_id": {"S": f"{i}-{j}"}, "doc": {"S": document}, "create_us": {"N": str(now)},
                    "expire_at": {"N": str(now // 1_000_000 + 7_776_000)},
                }}}
                for j in range(25)
            ]

        async def write(i: int) -> None:
            pending = {table: batch(i)}
            while pending:
                response = await dynamodb.batch_write_item(RequestItems=pending)
                pending = response.get("UnprocessedItems") or {}

        return await closed_loop(write, in_flight, plan.seconds)


def served_store(database: Path) -> EmbeddedStore:
    """The embedded store configured as the bench's servers configure it (the default settings)."""
    settings = Settings()
    return EmbeddedStore(database, rollup_spec(settings), context_index_path=settings.context_index_path)


async def seed(plan: Plan) -> Path:
    """plan.decisions decisions over 30 days through the embedded store's write path, then
    RARE_DECISIONS more through the store as the server configures it; opening it indexes the
    server's context_index_path, which the ingest's store did not (an existing database gaining a
    path of the index)."""
    data = plan.workdir / "query"
    data.mkdir(parents=True)
    database = data / "agentmemory.sqlite3"
    seconds, start, end = await analytics.ingest(database, plan.decisions, 30)
    print(f"  seeded {plan.decisions:,} decisions in {seconds:.1f} s", flush=True)
    store = served_store(database)
    began = time.perf_counter()
    await store.open()
    print(f"  opened with a context path to index: {time.perf_counter() - began:.1f} s", flush=True)
    try:
        step = (end - start) // RARE_DECISIONS
        await store.decisions.append([
            NewDecision(Decision(new_decision_id(), analytics.AGENT, "SOURCE_SELECTION", start + step // 2 + k * step,
                                 context=RARE_CONTEXT))
            for k in range(RARE_DECISIONS)
        ])
    finally:
        await store.close()
    return data


def rows_examined(store: EmbeddedStore, database: Path, query: DecisionQuery) -> tuple[int, list[str], str, bool]:
    """Runs the statement the embedded store builds for the first page of `query` (page size
    QUERY_PAGE, plus the look-ahead) on its own connection, with a counting function the statement
    calls for every decision row it reads: the rows SQLite had to read to answer the first page.
    Also the query plan, and whether the statement reads the context index."""
    read = 0

    def count(decision_id: str) -> bool:
        nonlocal read
        read += 1
        return True

    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    jsonfilter.register(connection)
    connection.create_function("row_read", 1, count)
    try:
        sql, params = store.decisions.query_statement(connection, query, None, QUERY_PAGE, row_counter="row_read")
        plan = "; ".join(row[3] for row in connection.execute(f"EXPLAIN QUERY PLAN {sql}", params))
        ids = [row[0] for row in connection.execute(sql, params)][:QUERY_PAGE]
    finally:
        connection.close()
    return read, ids, plan, "FROM decisions_by_context" in sql


async def scenario_query(plan: Plan) -> list[Row]:
    """(3) QueryDecisions with a context filter over the seeded decisions: latency, and decision
    rows read per decision returned, counted in SQLite itself on the statement the store runs."""
    data = await seed(plan)
    database = data / "agentmemory.sqlite3"
    stored = plan.decisions + RARE_DECISIONS
    filters = {
        "1 in 3 match": {"market.trend": "bullish"},
        "1 in 9 match, 2 indexed paths": {"market.trend": "bullish", "trading_hours": "asian"},
        "1 in 21 match, indexed + other path": {"market.volatility": "high", "regime": "r3"},
        f"{RARE_DECISIONS} match": {"market.trend": "crash"},
        "1 match, no indexed path": {"cycle": plan.decisions // 2},
    }
    rows = []
    store = served_store(database)
    await store.open()
    server = ServerProcess(data, QUIET)
    await server.start()
    try:
        ch = channel(server.address)
        log = decision_log_pb2_grpc.DecisionLogServiceStub(ch)
        gauge = ServerGauge(server.proc.pid)
        for label, context_filter in filters.items():
            request = dl.QueryDecisionsRequest(agent_id=analytics.AGENT, page_size=QUERY_PAGE, context_filter=_struct(context_filter))
            first = await log.QueryDecisions(request)
            # The filter as the server sees it: numbers arrive as doubles.
            query = DecisionQuery(analytics.AGENT, context_filter=json_format.MessageToDict(request.context_filter))
            read, ids, sql_plan, indexed = rows_examined(store, database, query)
            returned = len(first.decisions)
            assert ids == [d.decision_id for d in first.decisions], "the counted statement must answer as the server did"
            load = await closed_loop(lambda i: log.QueryDecisions(request), 4, plan.seconds, gauge)
            rows.append(Row.from_load(
                f"QueryDecisions {label}, page {QUERY_PAGE}, {stored:,} stored", load, "-", None,
                note=(
                    f"{read:,} decision rows read for {returned} returned ({read / max(1, returned):.1f} per item); "
                    f"plan: {sql_plan}; the context filter is "
                    + ("index-backed (decisions_by_context)" if indexed
                       else "NOT index-backed (no indexed path in it): evaluated on each row of the agent, newest first")
                ),
            ))
        await ch.close()
    finally:
        await server.stop()
        await store.close()
    return rows + await scenario_query_aws(plan)


# The AWS stack's by_context GSI keys decisions by the whole value at the configured context path
# ("market"): a filter on that path is index-backed; one on paths under it (the same decisions)
# is read from the agent's by_agent GSI, newest first, and filtered in the server.
AWS_FILTERS = {
    "1 in 9 match, on the indexed path": {"market": {"volatility": "high", "trend": "bullish"}},
    "the same 1 in 9, on paths under it": {"market.volatility": "high", "market.trend": "bullish"},
}


async def scenario_query_aws(plan: Plan) -> list[Row]:
    """(3) on the AWS stack: plan.decisions decisions (the contexts of the embedded seed) in a
    server's DynamoDB tables; QueryDecisions latency, one call in flight, and the items DynamoDB
    read for the first page as it counts them (ScannedCount over the adapter's Query calls)."""
    rows = []
    async with agentmemory(plan, "aws", "query-aws") as server, query_aws.dynamodb(server.extra_env) as dynamodb:
        seconds, _, _ = await query_aws.seed(dynamodb, server.extra_env, plan.decisions)
        print(f"  seeded {plan.decisions:,} decisions into DynamoDB (moto) in {seconds:.1f} s", flush=True)
        ch = channel(server.address)
        log = decision_log_pb2_grpc.DecisionLogServiceStub(ch)
        gauge = ServerGauge(server.proc.pid)
        answers = []
        for label, context_filter in AWS_FILTERS.items():
            request = dl.QueryDecisionsRequest(agent_id=analytics.AGENT, page_size=QUERY_PAGE, context_filter=_struct(context_filter))
            first = await log.QueryDecisions(request)
            query = DecisionQuery(analytics.AGENT, context_filter=json_format.MessageToDict(request.context_filter))
            reads, ids, _ = await query_aws.first_page_reads(dynamodb, server.extra_env, query, QUERY_PAGE)
            returned = len(first.decisions)
            assert ids == [d.decision_id for d in first.decisions], "the counted Query calls must answer as the server did"
            answers.append(ids)
            indexed = reads.indexes == {"by_context"}
            load = await closed_loop(lambda i: log.QueryDecisions(request), 1, plan.seconds, gauge)
            rows.append(Row.from_load(
                f"QueryDecisions aws/DynamoDB (moto) {label}, page {QUERY_PAGE}, {plan.decisions:,} stored", load, "-", None,
                note=(
                    f"DynamoDB read {reads.scanned:,} items (ScannedCount; Count {reads.count:,}) in {reads.calls} Query "
                    f"call{'s' * (reads.calls != 1)} on {', '.join(sorted(reads.indexes))} for {returned} returned "
                    f"({reads.scanned / max(1, returned):.1f} per item); the context filter is "
                    + ("index-backed (by_context GSI)" if indexed
                       else "NOT index-backed (by_context keys only the whole value at the indexed path): "
                            "the agent's decisions are read newest first and filtered in the server")
                    + f"; {load.calls} calls measured, 1 in flight: moto serves one request at a time and reads every item "
                    "of the table for each Query call, index or not, so latency is moto's cost per call"
                ),
            ))
        assert answers[0] == answers[1], "both filters select the same decisions"
        await ch.close()
    return rows


@dataclass
class FanOut:
    """One subscription run: what was logged, what each subscriber received and how late."""

    logged: list[str]
    received: list[list[str]]
    # Subscription messages that carried events, over all subscribers.
    messages: int
    latencies_ms: list[float]
    logging_s: float
    failed_writes: int
    server_cpu_s: float
    server_rss_mb: float

    @property
    def deliveries(self) -> int:
        return sum(len(r) for r in self.received)

    @property
    def lost(self) -> int:
        expected = set(self.logged)
        return sum(len(expected - set(r)) for r in self.received)

    @property
    def duplicated(self) -> int:
        return sum(len(r) - len(set(r)) for r in self.received)


@collector_held_off()
async def fan_out(plan: Plan, address: str, pid: int, per_message: int = 1, per_call: int = 1) -> FanOut:
    """SUBSCRIBERS live subscriptions to one agent while decisions are logged at a fixed rate:
    delivery latency (commit timestamp to arrival) and an exact account of what each received.
    `per_message`: the events a subscription message may carry (max_events_per_message);
    `per_call`: decisions logged per call (above 1: LogDecisions, paced the same per decision)."""
    agent = f"bench-{uuid.uuid4().hex[:8]}"
    total = int(plan.subscribe_rate * plan.subscribe_seconds)
    channels = [channel(address) for _ in range(5)]
    received: list[list[str]] = [[] for _ in range(SUBSCRIBERS)]
    latencies: list[float] = []
    ready = [asyncio.Event() for _ in range(SUBSCRIBERS)]
    complete = 0
    messages = 0
    done = asyncio.Event()

    async def subscribe(index: int) -> None:
        nonlocal complete, messages
        stub = decision_log_pb2_grpc.DecisionLogServiceStub(channels[index % len(channels)])
        stream = stub.SubscribeDecisions(dl.SubscribeDecisionsRequest(agent_id=agent, max_events_per_message=per_message))
        mine = received[index]
        finished = False
        try:
            async for message in stream:
                if message.kind == dl.DECISION_EVENT_KIND_HEARTBEAT:
                    ready[index].set()
                    continue
                arrived_ms = time.time() * 1000
                messages += 1
                for event in message.events or (message,):
                    if event.kind == dl.DECISION_EVENT_KIND_DECISION_LOGGED:
                        latencies.append(arrived_ms - event.decision.create_time.ToMilliseconds())
                        mine.append(event.decision.decision_id)
                if not finished and len(mine) >= total:
                    finished = True
                    complete += 1
                    if complete == SUBSCRIBERS:
                        done.set()
        except grpc.aio.AioRpcError:
            # What a subscriber lacks when its stream ends is counted as not delivered.
            return

    subscribers = [asyncio.create_task(subscribe(i)) for i in range(SUBSCRIBERS)]
    await asyncio.wait_for(asyncio.gather(*(event.wait() for event in ready)), 30)
    log = decision_log_pb2_grpc.DecisionLogServiceStub(channels[0])
    request = decision_request(agent)
    logged: list[str] = []
    gauge = ServerGauge(pid)
    cpu_before = gauge.cpu_s()
    loop = asyncio.get_running_loop()
    began = loop.time()
    writes = set()
    failed_writes = 0
    # A server that falls behind the rate slows the writer down instead of piling up calls.
    slots = asyncio.Semaphore(64)

    batch = [dl.LogDecisionsRequest(decisions=[request] * per_call)]

    async def write() -> None:
        nonlocal failed_writes
        try:
            if per_call == 1:
                logged.append((await log.LogDecision(request, timeout=30)).decision.decision_id)
            else:
                logged.extend((await log.LogDecisions(iter(batch), timeout=30)).decision_ids)
        except grpc.aio.AioRpcError:
            failed_writes += per_call
        finally:
            slots.release()

    for i in range(0, total, per_call):
        await asyncio.sleep(max(0.0, began + i / plan.subscribe_rate - loop.time()))
        await slots.acquire()
        task = asyncio.create_task(write())
        writes.add(task)
        task.add_done_callback(writes.discard)
    await asyncio.gather(*list(writes))
    logging_s = loop.time() - began
    try:
        await asyncio.wait_for(done.wait(), plan.subscribe_drain_s)
    except TimeoutError:
        pass
    cpu = gauge.cpu_s() - cpu_before
    rss_mb = gauge.rss_mb()
    for task in subscribers:
        task.cancel()
    await asyncio.gather(*subscribers, return_exceptions=True)
    for ch in channels:
        await ch.close()
    latencies.sort()
    return FanOut(logged, received, messages, latencies, logging_s, failed_writes, cpu, rss_mb)


async def scenario_subscribe(plan: Plan) -> list[Row]:
    """(4) Live subscriptions while decisions are logged at a fixed rate, on agentmemory and on
    the bare fan-out floor (the same calls; the bare server stores nothing and keeps no cursors)."""
    async with helper_process("baseline_server", "--redis-url", os.environ["AGENTMEMORY_TEST_REDIS_URL"]) as (
        bare_address, bare,
    ):
        floor = await fan_out(plan, bare_address, bare.pid)
    async with agentmemory(plan, "embedded", "subscribe") as server:
        ours = await fan_out(plan, server.address, server.proc.pid)
    async with agentmemory(plan, "embedded", "subscribe-packed") as server:
        packed = await fan_out(plan, server.address, server.proc.pid, per_message=EVENTS_PER_MESSAGE)
    async with agentmemory(plan, "embedded", "subscribe-packed-batched") as server:
        batched = await fan_out(
            plan, server.address, server.proc.pid, per_message=EVENTS_PER_MESSAGE, per_call=LOGGED_PER_CALL
        )
    rows = []
    for name, run, baseline in (
        ("agentmemory embedded", ours, "target p99 50 ms"),
        (f"agentmemory embedded, up to {EVENTS_PER_MESSAGE} events per message", packed, "target p99 50 ms"),
        (f"agentmemory embedded, up to {EVENTS_PER_MESSAGE} events per message, logged {LOGGED_PER_CALL} per "
         "LogDecisions call", batched, "target p99 50 ms"),
        ("bare grpc.aio fan-out", floor, "-"),
    ):
        rows.append(Row(
            scenario=(f"SubscribeDecisions {name}: {SUBSCRIBERS} subscribers, {plan.subscribe_rate}/s logged "
                      f"for {plan.subscribe_seconds:g} s"),
            calls_per_s=run.deliveries / run.logging_s,
            p50_ms=percentile(run.latencies_ms, 0.5),
            p99_ms=percentile(run.latencies_ms, 0.99),
            p999_ms=percentile(run.latencies_ms, 0.999),
            server_cpu_us_per_call=run.server_cpu_s * 1e6 / max(1, run.deliveries),
            server_rss_mb=run.server_rss_mb,
            baseline=baseline,
            baseline_calls_per_s=None,
            ratio=None,
            note=(
                f"calls/s = deliveries/s; latency = arrival - commit timestamp; {len(run.logged)} logged "
                f"({len(run.logged) / run.logging_s:.0f}/s achieved, {run.failed_writes} failed) x {SUBSCRIBERS} "
                f"subscribers: {run.deliveries} delivered ({run.deliveries / max(1, run.messages):.1f} per message), "
                f"{run.duplicated} duplicated, {run.lost} not delivered {plan.subscribe_drain_s:g} s after the last write"
            ),
            errors=run.lost + run.duplicated + run.failed_writes,
        ))
    bare = rows[-1]
    for row in rows[:-1]:
        row.baseline_calls_per_s = bare.calls_per_s
        row.ratio = row.calls_per_s / bare.calls_per_s
        row.note += (f"; the bare floor (one event per message) delivered {bare.calls_per_s:.0f}/s with p99 "
                     f"{bare.p99_ms:.0f} ms (ratio = deliveries/s against it)")
    return rows


async def cold_start(command: list[str], env: dict[str, str], address: str) -> tuple[float, float]:
    """Milliseconds from exec to SERVING, and RSS (MB) after a second idle."""
    began = time.perf_counter()
    process = subprocess.Popen(command, cwd=str(REPO), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        await wait_serving(address, process)
        started_ms = (time.perf_counter() - began) * 1000
        await asyncio.sleep(1)
        return started_ms, ServerGauge(process.pid).rss_mb()
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(10)


async def scenario_cold(plan: Plan) -> list[Row]:
    """(5) Cold start to SERVING and idle RSS, on a fresh embedded data directory each time,
    against the bare grpc.aio server's. Both start from compiled modules, as an installed server
    does (pip compiles what it installs): where PYTHONDONTWRITEBYTECODE is set, the source tree's
    modules would otherwise be compiled again at every start, which measures the environment."""
    for tree in ("server", "stubs/python", "bench"):
        await asyncio.to_thread(compileall.compile_dir, str(REPO / tree), quiet=1)
    ours, bare = [], []
    for attempt in range(plan.cold_starts):
        server = ServerProcess(plan.workdir / f"cold-{attempt}", QUIET)
        ours.append(await cold_start([sys.executable, "-m", "agentmemory_server", "serve"], server.env(), server.address))
        address = f"127.0.0.1:{free_port()}"
        bare.append(await cold_start(
            [sys.executable, "-m", "bench.baseline_server", "--address", address, "--redis-url", "redis://127.0.0.1:1/0"],
            os.environ.copy(), address,
        ))
    ours_ms, bare_ms = statistics.median(t for t, _ in ours), statistics.median(t for t, _ in bare)
    return [Row(
        scenario=f"cold start to SERVING, embedded (median of {plan.cold_starts})",
        calls_per_s=None,
        p50_ms=ours_ms,
        p99_ms=max(t for t, _ in ours),
        server_rss_mb=statistics.median(r for _, r in ours),
        baseline="bare grpc.aio server start",
        baseline_calls_per_s=None,
        ratio=ours_ms / bare_ms,
        note=(
            f"ms from exec; ratio = start time / bare's ({bare_ms:.0f} ms); targets 1,000 ms and 80 MB idle RSS "
            f"(bare server idle RSS {statistics.median(r for _, r in bare):.0f} MB)"
        ),
    )]


# Tracing modes of scenario 6: every call traced, and a tenth of them (a sampled production setup).
# Tracing alone (OTLP metrics off), then with the metrics that the same endpoint turns on by default.
TRACING_MODES = {
    "every call traced": {"OTEL_METRICS_EXPORTER": "none"},
    "1 in 10 traced": {"OTEL_TRACES_SAMPLER": "parentbased_traceidratio", "OTEL_TRACES_SAMPLER_ARG": "0.1", "OTEL_METRICS_EXPORTER": "none"},
    "1 in 10 traced, and OTLP metrics": {"OTEL_TRACES_SAMPLER": "parentbased_traceidratio", "OTEL_TRACES_SAMPLER_ARG": "0.1"},
}


# The two servers' rounds in a tracing mode: the ratio is a difference of a tenth or two, and
# slow spells of a shared VM's cores lasting seconds moved it by as much at 3 rounds.
TRACING_ROUNDS = 6


async def scenario_tracing(plan: Plan) -> list[Row]:
    """(6) GetShortTerm on the embedded stack with tracing on (spans exported over OTLP to a local
    receiver), every call and a sampled tenth, then a sampled tenth with OTLP metrics too, against
    the same server with both off: alternating rounds against two servers running side by side."""
    agent = f"bench-{uuid.uuid4().hex[:8]}"
    rows = []
    async with helper_process("otlp_sink") as (sink_address, sink):
        for mode, sampling in TRACING_MODES.items():
            on_env = {"OTEL_EXPORTER_OTLP_ENDPOINT": f"http://{sink_address}", **sampling}
            async with agentmemory(plan, "embedded", f"tracing-off-{len(rows)}") as off, \
                    agentmemory(plan, "embedded", f"tracing-on-{len(rows)}", on_env) as on:
                gets, channels = {}, []
                for name, server in (("off", off), ("on", on)):
                    ch, put, get = stm_calls(server.address, agent)
                    for i in range(50):
                        await put(i)
                    gets[name] = get
                    channels.append(ch)
                loads = await alternating(
                    gets, STM_IN_FLIGHT, plan.seconds * 2,
                    {"off": ServerGauge(off.proc.pid), "on": ServerGauge(on.proc.pid)}, rounds=TRACING_ROUNDS,
                )
                for ch in channels:
                    await ch.close()
            rows.append(Row.from_load(
                f"GetShortTerm embedded, tracing on ({mode}), {STM_IN_FLIGHT} in flight", loads["on"], "tracing off",
                loads["off"],
                note=(f"target ratio >= 0.8 (tracing); {sampling}; {TRACING_ROUNDS} alternating rounds of "
                      f"{plan.seconds * 2 / TRACING_ROUNDS:g} s each"),
            ))
        sink.send_signal(signal.SIGTERM)
        exported = sink.communicate(timeout=10)[0].decode().split()
    rows[0].note += f"; the OTLP receiver got {exported[1]} spans over both modes"
    return rows


async def scenario_workers(plan: Plan) -> list[Row]:
    """(7) GetShortTerm on the AWS stack from 8 connections: `serve --workers 2` against one process."""
    agent = f"bench-{uuid.uuid4().hex[:8]}"
    loads = {}
    for workers in (1, 2):
        async with agentmemory(plan, "aws", f"workers-{workers}", {"AGENTMEMORY_WORKERS": str(workers)}) as server:
            while listening_sockets(server.port) < workers:
                await asyncio.sleep(0.05)
            connections = [stm_calls(server.address, agent) for _ in range(8)]
            for i in range(50):
                await connections[0][1](i)
            loads[workers] = await closed_loop(
                lambda i: connections[i % 8][2](i), 64, plan.seconds, ServerGauge(server.proc.pid)
            )
            for ch, _, _ in connections:
                await ch.close()
    return [Row.from_load(
        "GetShortTerm aws/Redis, 2 workers, 64 in flight over 8 connections", loads[2], "1 worker", loads[1],
        note=f"CPU and RSS are the workers' sum; 1 worker: {loads[1].server_cpu_us_per_call:.0f} us/call, {loads[1].server_rss_mb:.0f} MB",
    )]


RUNNERS: dict[str, Callable[[Plan], Awaitable[list[Row]]]] = {
    "stm": scenario_stm,
    "log": scenario_log,
    "query": scenario_query,
    "subscribe": scenario_subscribe,
    "cold": scenario_cold,
    "tracing": scenario_tracing,
    "workers": scenario_workers,
}


# ---------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------


def _cell(value: float | None, digits: int = 1) -> str:
    return "-" if value is None or value != value else f"{value:,.{digits}f}"


def machine() -> str:
    model = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
        platform.processor(),
    )
    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({model}), {memory_gb:.0f} GiB, Linux {platform.release()}, Python {platform.python_version()}"


def table(rows: list[Row]) -> str:
    header = ["scenario", "calls/s", "p50 ms", "p99 ms", "p99.9 ms", "CPU us/call", "RSS MB", "baseline", "baseline/s", "ratio"]
    lines = [
        [r.scenario, _cell(r.calls_per_s, 0), _cell(r.p50_ms, 2), _cell(r.p99_ms, 2), _cell(r.p999_ms, 2),
         _cell(r.server_cpu_us_per_call, 0), _cell(r.server_rss_mb, 0), r.baseline, _cell(r.baseline_calls_per_s, 0),
         _cell(r.ratio, 2)]
        for r in rows
    ]
    widths = [max(len(str(line[i])) for line in [header, *lines]) for i in range(len(header))]
    out = ["  ".join(h.ljust(w) if i in (0, 7) else h.rjust(w) for i, (h, w) in enumerate(zip(header, widths)))]
    for line in lines:
        out.append("  ".join(c.ljust(w) if i in (0, 7) else c.rjust(w) for i, (c, w) in enumerate(zip(line, widths))))
    out.append("")
    out += [f"[{i + 1}] {r.scenario}: {r.note}" for i, r in enumerate(rows) if r.note]
    return "\n".join(out)


def write_results(rows: list[Row], directory: Path, options: dict) -> Path:
    """latest.json and a dated copy: a list of the rows, each naming the run (its UTC time), the
    machine and the run's options, so that rows of different runs can be put side by side."""
    directory.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H%M%SZ")
    run = {"run": stamp, "machine": machine(), "options": options}
    document = json.dumps([{**asdict(row), **run} for row in rows], indent=2)
    (directory / "latest.json").write_text(document + "\n")
    dated = directory / f"{stamp}.json"
    dated.write_text(document + "\n")
    return dated


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="measured seconds per load run (after a 0.5 s warm-up)")
    parser.add_argument("--quick", action="store_true", help="1 s runs and small data: a smoke run of the harness")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS), help=f"comma-separated subset of {','.join(SCENARIOS)}")
    parser.add_argument("--results-dir", type=Path, default=RESULTS)
    args = parser.parse_args()
    chosen = [name.strip() for name in args.scenarios.split(",") if name.strip()]
    if unknown := set(chosen) - set(SCENARIOS):
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")
    if {"stm", "log", "query", "workers"} & set(chosen) and "AGENTMEMORY_TEST_AWS_ENDPOINT" not in os.environ:
        parser.error("the AWS-stack scenarios need scripts/services.sh's servers: run `make bench`")
    with tempfile.TemporaryDirectory(prefix="bench-suite-") as workdir:
        plan = (
            Plan(seconds=1.0, decisions=5_000, subscribe_rate=200, subscribe_seconds=2, subscribe_drain_s=30, cold_starts=1,
                 workdir=Path(workdir))
            if args.quick
            else Plan(
                seconds=args.seconds, decisions=100_000, subscribe_rate=1000, subscribe_seconds=20, subscribe_drain_s=60,
                cold_starts=3, workdir=Path(workdir),
            )
        )
        print(f"bench: {machine()}; {plan.seconds:g} s per run; servers in {plan.workdir}", flush=True)
        rows: list[Row] = []
        for name in chosen:
            print(f"- {name}", flush=True)
            rows += await RUNNERS[name](plan)
    print()
    print(table(rows))
    dated = write_results(rows, args.results_dir, {"seconds": plan.seconds, "quick": args.quick, "scenarios": chosen})
    print(f"\nresults: {args.results_dir / 'latest.json'} and {dated}")


if __name__ == "__main__":
    asyncio.run(main())
