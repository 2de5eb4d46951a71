// Beyond the shared scenario: the client-streaming call (LogDecisions, through
// clientStream()) and the QueryLongTerm server stream, against the live server
// at AGENTMEMORY_ADDRESS. Skips, and says so, only when it is unset.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";

import {
  clientStream,
  connect,
  GetDecisionRequest,
  LogDecisionRequest,
  LogDecisionsRequest,
  PutLongTermRequest,
  QueryLongTermRequest,
  unary,
  type AgentMemoryClients,
  type LongTermMemory,
} from "../src/index";

const address = process.env.AGENTMEMORY_ADDRESS;
const skip = address
  ? false
  : "AGENTMEMORY_ADDRESS is unset: set it to host:port of a live agentmemory server to run the streaming tests";
const settings = { timeoutMs: 10_000 };
const agentId = `ts-streaming-${randomBytes(4).toString("hex")}`;

describe("streaming calls", { skip }, () => {
  let clients: AgentMemoryClients;
  before(() => {
    clients = connect(address);
  });
  after(() => {
    clients?.close();
  });

  it("LogDecisions ingests a client stream (from an async generator) in order", async () => {
    async function* requests() {
      for (let cycle = 1; cycle <= 3; cycle++) {
        yield LogDecisionsRequest.create({
          decision: LogDecisionRequest.create({ agentId, decisionType: "SIGNAL_GENERATION", context: { cycle } }),
        });
      }
    }
    const { decisionIds } = await clientStream(clients.decisions, "logDecisions", requests(), settings);
    assert.equal(decisionIds.length, 3);
    for (const [index, decisionId] of decisionIds.entries()) {
      const { decision } = await unary(clients.decisions, "getDecision", GetDecisionRequest.create({ agentId, decisionId }), settings);
      assert.deepEqual(decision?.context, { cycle: index + 1 });
    }
  });

  it("QueryLongTerm streams memories highest confidence first", async () => {
    for (const [memoryId, confidence] of [["low", 0.2], ["high", 0.9], ["mid", 0.5]] as const) {
      await unary(clients.memory, "putLongTerm", PutLongTermRequest.create({
        agentId, memoryType: "PATTERN", memoryId, data: { memoryId }, confidence,
      }), settings);
    }
    const stream = clients.memory.queryLongTerm(
      QueryLongTermRequest.create({ agentId, memoryType: "PATTERN", minConfidence: 0.3 }),
      { deadline: new Date(Date.now() + settings.timeoutMs) },
    );
    const memories: LongTermMemory[] = [];
    for await (const response of stream) memories.push(response.memory);
    assert.deepEqual(memories.map((m) => [m.memoryId, m.confidence, m.version]), [["high", 0.9, 1n], ["mid", 0.5, 1n]]);
  });
});
