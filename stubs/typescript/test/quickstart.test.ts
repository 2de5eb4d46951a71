// Runs examples/quickstart.ts against the live server at AGENTMEMORY_ADDRESS.
import assert from "node:assert/strict";
import { it } from "node:test";

import { main } from "../examples/quickstart";

const address = process.env.AGENTMEMORY_ADDRESS;
const skip = address
  ? false
  : "AGENTMEMORY_ADDRESS is unset: set it to host:port of a live agentmemory server to run the quickstart example";

it("examples/quickstart logs a decision, records its outcome and reads it back", { skip }, async () => {
  const decision = await main(address);
  assert.notEqual(decision.decisionId, "");
  assert.equal(decision.decisionType, "SOURCE_SELECTION");
  assert.deepEqual(decision.context, { market: { volatility: "high", trend: "bullish" }, cycle: 142 });
  assert.equal(decision.outcome?.success, true);
  assert.equal(decision.outcome?.metrics["quality_score"], 0.85);
});
