// A decision's documents sent as JSON text (contextJson, ...), against the live
// server at AGENTMEMORY_ADDRESS. Skips, and says so, only when it is unset.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";

import { type AgentMemoryClients, connect, LogDecisionRequest, type ServiceError, status, unary } from "../src/index";

const address = process.env.AGENTMEMORY_ADDRESS;
const skip = address ? false : "AGENTMEMORY_ADDRESS is unset: set it to host:port of a live agentmemory server";
const agentId = `ts-json-${randomBytes(4).toString("hex")}`;

describe("documents as JSON text", { skip }, () => {
  let clients: AgentMemoryClients;
  before(() => {
    clients = connect(address);
  });
  after(() => {
    clients?.close();
  });

  it("are stored and returned as the same documents", async () => {
    const context = { market: { trend: "bullish" }, cycle: 142 };
    const logged = await unary(clients.decisions, "logDecision", LogDecisionRequest.create({
      agentId, decisionType: "SOURCE_SELECTION", contextJson: JSON.stringify(context),
    }), { timeoutMs: 10_000 });
    assert.deepEqual(logged.decision?.context, context);
  });

  it("that is not a JSON object is INVALID_ARGUMENT", async () => {
    await assert.rejects(
      unary(clients.decisions, "logDecision", LogDecisionRequest.create({
        agentId, decisionType: "SOURCE_SELECTION", contextJson: "[1, 2]",
      }), { timeoutMs: 10_000 }),
      (error: ServiceError) => {
        assert.equal(error.code, status.INVALID_ARGUMENT, `status ${status[error.code]} (${error.details})`);
        return true;
      },
    );
  });
});
