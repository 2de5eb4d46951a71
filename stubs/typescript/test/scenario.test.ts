// The shared cross-language scenario (tests/scenario/README.md), every
// "expect" of it, against the live server at AGENTMEMORY_ADDRESS. Skips, and
// says so, only when AGENTMEMORY_ADDRESS is unset.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";

import {
  ChainDirection,
  ConsolidateRequest,
  connect,
  DecisionEventKind,
  FindEmergingPatternsRequest,
  GetDecisionChainRequest,
  type GetDecisionChainResponse,
  GetDecisionRequest,
  GetShortTermRequest,
  LogDecisionRequest,
  PutShortTermRequest,
  QueryDecisionsRequest,
  RecordOutcomeRequest,
  status,
  SubscribeDecisionsRequest,
  type AgentMemoryClients,
  type ClientReadableStream,
  type Decision,
  type ServiceError,
  type SubscribeDecisionsResponse,
  unary,
} from "../src/index";

const address = process.env.AGENTMEMORY_ADDRESS;
const skip = address
  ? false
  : "AGENTMEMORY_ADDRESS is unset: set it to host:port of a live agentmemory server to run the cross-language scenario";

const TIMEOUT_MS = 10_000;
const settings = { timeoutMs: TIMEOUT_MS };
const deadline = () => new Date(Date.now() + TIMEOUT_MS);
/** unary() with the scenario's deadline on every call. */
const call: typeof unary = (client, method, request, callSettings) =>
  unary(client, method, request, callSettings ?? settings);

const agentId = `xlang-typescript-${randomBytes(4).toString("hex")}`;
const shortTermValue = { volatility: "high", trend: "bullish" };
const context = { market: { volatility: "high", trend: "bullish" }, cycle: 142 };
const reasoning = {
  scores: { whaleMovements: 0.92, derivatives: 0.87 },
  selected: ["whaleMovements", "derivatives"],
  exploration_triggered: false,
};

/** Rejects when the promise does not settle within ms. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Reads a server stream to its end. */
async function collect<T>(stream: ClientReadableStream<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of stream) items.push(item as T);
  return items;
}

describe("cross-language scenario", { skip }, () => {
  let clients: AgentMemoryClients;
  let sourceSelection: Decision; // step 2
  let queryDecisionId: string; // step 5

  before(() => {
    clients = connect(address);
  });
  after(() => {
    clients?.close();
  });

  it("1. short-term memory: put, then get the same value with its expire_time", async () => {
    await call(clients.memory, "putShortTerm", PutShortTermRequest.create({
      agentId,
      key: "context:current",
      value: shortTermValue,
      ttl: { seconds: 60n, nanos: 0 },
    }));
    const got = await call(clients.memory, "getShortTerm", GetShortTermRequest.create({ agentId, key: "context:current" }));
    const now = Date.now();
    assert.equal(got.found, true);
    assert.ok(got.entry, "entry is set");
    assert.deepEqual(got.entry.value, shortTermValue);
    assert.ok(got.entry.expireTime, "expire_time is set");
    const expire = got.entry.expireTime.getTime();
    assert.ok(expire > now, `expire_time ${got.entry.expireTime.toISOString()} is after now`);
    assert.ok(expire <= now + 61_000, `expire_time ${got.entry.expireTime.toISOString()} is at most 61 s from now`);
  });

  it("2. log a decision; the same request_id returns the same decision", async () => {
    const request = LogDecisionRequest.create({
      agentId,
      decisionType: "SOURCE_SELECTION",
      context,
      reasoning,
      requestId: `${agentId}-1`,
    });
    const logged = await call(clients.decisions, "logDecision", request);
    assert.ok(logged.decision, "decision is set");
    assert.notEqual(logged.decision.decisionId, "");
    assert.deepEqual(logged.decision.context, context);
    sourceSelection = logged.decision;

    const again = await call(clients.decisions, "logDecision", request);
    assert.equal(again.decision?.decisionId, sourceSelection.decisionId);
  });

  it("3. record its outcome", async () => {
    const recorded = await call(clients.decisions, "recordOutcome", RecordOutcomeRequest.create({
      agentId,
      decisionId: sourceSelection.decisionId,
      success: true,
      outcome: { signals_generated: 2 },
      metrics: { quality_score: 0.85 },
    }));
    assert.equal(recorded.decision?.outcome?.success, true);
    assert.equal(recorded.decision?.outcome?.metrics["quality_score"], 0.85);
  });

  it("4. query by context", async () => {
    const bullish = await queryAll({ "market.trend": "bullish" });
    assert.deepEqual(bullish.map((d) => d.decisionId), [sourceSelection.decisionId]);
    assert.ok(bullish[0].outcome, "the decision comes with its outcome");
    assert.equal(bullish[0].outcome.success, true);
    assert.equal(bullish[0].outcome.metrics["quality_score"], 0.85);

    const bearish = await queryAll({ "market.trend": "bearish" });
    assert.deepEqual(bearish, []);
  });

  it("5. subscribe: a heartbeat first, then the decision a second client logs", async () => {
    const stream: ClientReadableStream<SubscribeDecisionsResponse> = clients.decisions.subscribeDecisions(
      SubscribeDecisionsRequest.create({ agentId }),
      { deadline: deadline() },
    );
    // After cancel() the stream ends with CANCELLED; nothing is waiting for it then.
    stream.on("error", () => {});
    const events = stream[Symbol.asyncIterator]() as AsyncIterator<SubscribeDecisionsResponse>;
    // A second client on its own connection: a local subchannel pool keeps
    // grpc-js from sharing the subscriber's connection.
    const second = connect(address, undefined, { "grpc.use_local_subchannel_pool": 1 });
    try {
      const first = await within(TIMEOUT_MS, "first message", events.next());
      assert.equal(first.done, false, "the stream has a first message");
      assert.equal(first.value.kind, DecisionEventKind.DECISION_EVENT_KIND_HEARTBEAT);
      assert.notEqual(first.value.cursor, "");

      const logged = await call(second.decisions, "logDecision", LogDecisionRequest.create({
        agentId,
        decisionType: "QUERY",
        parentDecisionIds: [sourceSelection.decisionId],
      }));
      assert.ok(logged.decision, "decision is set");
      queryDecisionId = logged.decision.decisionId;

      const event = await within(TIMEOUT_MS, "DECISION_LOGGED event", (async () => {
        for (;;) {
          const next = await events.next();
          assert.equal(next.done, false, "the stream ended before the event");
          if (next.value.kind !== DecisionEventKind.DECISION_EVENT_KIND_HEARTBEAT) return next.value;
        }
      })());
      assert.equal(event.kind, DecisionEventKind.DECISION_EVENT_KIND_DECISION_LOGGED);
      assert.equal(event.decision?.decisionId, queryDecisionId);
      assert.notEqual(event.cursor, "");
    } finally {
      stream.cancel();
      second.close();
    }
  });

  it("6. walk the chain both ways", async () => {
    const afterLinks: GetDecisionChainResponse[] = await collect(clients.decisions.getDecisionChain(
      GetDecisionChainRequest.create({
        agentId,
        decisionId: sourceSelection.decisionId,
        direction: ChainDirection.CHAIN_DIRECTION_AFTER,
      }),
      { deadline: deadline() },
    ));
    assert.equal(afterLinks.length, 1, "exactly one link after the SOURCE_SELECTION decision");
    assert.equal(afterLinks[0].decision?.decisionId, queryDecisionId);
    assert.equal(afterLinks[0].distance, 1);

    const beforeLinks: GetDecisionChainResponse[] = await collect(clients.decisions.getDecisionChain(
      GetDecisionChainRequest.create({
        agentId,
        decisionId: queryDecisionId,
        direction: ChainDirection.CHAIN_DIRECTION_BEFORE,
      }),
      { deadline: deadline() },
    ));
    assert.equal(beforeLinks.length, 1, "exactly one link before the QUERY decision");
    assert.equal(beforeLinks[0].decision?.decisionId, sourceSelection.decisionId);
    assert.equal(beforeLinks[0].distance, 1);
    assert.equal(beforeLinks[0].ancestor, true);
  });

  it("7. an error is typed: a missing decision is NOT_FOUND", async () => {
    await assert.rejects(
      call(clients.decisions, "getDecision", GetDecisionRequest.create({ agentId, decisionId: "does-not-exist" })),
      (error: ServiceError) => {
        assert.equal(error.code, status.NOT_FOUND, `status ${status[error.code]} (${error.details})`);
        return true;
      },
    );
  });

  it("8. consolidate: eight successes of one choice become a PATTERN that FindEmergingPatterns names", async () => {
    for (let i = 0; i < 8; i++) {
      const logged = await call(clients.decisions, "logDecision", LogDecisionRequest.create({
        agentId,
        decisionType: "SOURCE_SELECTION",
        context: { market: { volatility: "low", trend: "bearish" } },
        reasoning: { selected: "onchain" },
      }));
      assert.ok(logged.decision, "decision is set");
      await call(clients.decisions, "recordOutcome", RecordOutcomeRequest.create({
        agentId,
        decisionId: logged.decision.decisionId,
        success: true,
      }));
    }

    const consolidated = await call(clients.memory, "consolidate", ConsolidateRequest.create({
      agentId,
      decisionType: "SOURCE_SELECTION",
    }));
    assert.equal(consolidated.promoted.length, 1, "exactly one promoted memory");
    const pattern = consolidated.promoted[0];
    assert.equal(pattern.memoryType, "PATTERN");
    assert.ok(pattern.memoryId.startsWith("pattern-"), `memory_id ${pattern.memoryId} starts with pattern-`);
    assert.equal(pattern.data?.["choice"], "onchain");
    assert.equal(pattern.data?.["sample_size"], 8);
    assert.equal(pattern.data?.["status"], "active");
    assert.ok(pattern.confidence > 0.6 && pattern.confidence < 1, `confidence ${pattern.confidence} in (0.6, 1)`);

    const emerging = await call(clients.decisions, "findEmergingPatterns", FindEmergingPatternsRequest.create({
      agentId,
      decisionType: "SOURCE_SELECTION",
    }));
    assert.deepEqual(emerging.patterns.map((p) => p.patternId), [pattern.memoryId]);
    const found = emerging.patterns[0];
    assert.equal(found.context["market.volatility"], "low");
    assert.equal(found.context["market.trend"], "bearish");
    assert.equal(found.choice, "onchain");
    assert.equal(found.counts?.succeeded, 8n);
  });

  /** Every decision of the agent matching a context filter, through every page. */
  async function queryAll(contextFilter: { [key: string]: unknown }): Promise<Decision[]> {
    const decisions: Decision[] = [];
    let pageToken = "";
    for (let page = 0; page < 100; page++) {
      const response = await call(clients.decisions, "queryDecisions", QueryDecisionsRequest.create({
        agentId,
        contextFilter,
        pageToken,
      }));
      decisions.push(...response.decisions);
      pageToken = response.nextPageToken;
      if (pageToken === "") return decisions;
    }
    throw new Error("QueryDecisions: still a next_page_token after 100 pages");
  }
});
