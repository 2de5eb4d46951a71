// Log a decision, record its outcome, read it back.
//   npm run build && AGENTMEMORY_ADDRESS=127.0.0.1:50051 node dist/examples/quickstart.js
import {
  connect,
  GetDecisionRequest,
  LogDecisionRequest,
  RecordOutcomeRequest,
  unary,
  type Decision,
} from "../src/index";

export async function main(address = process.env.AGENTMEMORY_ADDRESS || "127.0.0.1:50051"): Promise<Decision> {
  const clients = connect(address);
  const agentId = "market-hunter";
  const settings = { timeoutMs: 10_000 };
  try {
    const logged = await unary(clients.decisions, "logDecision", LogDecisionRequest.create({
      agentId,
      decisionType: "SOURCE_SELECTION",
      context: { market: { volatility: "high", trend: "bullish" }, cycle: 142 },
      reasoning: { selected: ["whaleMovements", "derivatives"], exploration_triggered: false },
    }), settings);
    const decisionId = logged.decision!.decisionId;
    await unary(clients.decisions, "recordOutcome", RecordOutcomeRequest.create({
      agentId, decisionId, success: true, metrics: { quality_score: 0.85 },
    }), settings);
    const read = await unary(clients.decisions, "getDecision", GetDecisionRequest.create({ agentId, decisionId }), settings);
    const decision = read.decision!;
    console.log(decision.decisionId, decision.outcome?.success, decision.outcome?.metrics);
    return decision;
  } finally {
    clients.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
