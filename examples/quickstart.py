import asyncio, os, grpc
from google.protobuf.struct_pb2 import Struct
from agentmemory.v1 import decision_log_pb2 as dl, decision_log_pb2_grpc as dl_grpc
async def main(address=os.environ.get("AGENTMEMORY_ADDRESS", "127.0.0.1:50051")):
    async with grpc.aio.insecure_channel(address) as channel:
        log = dl_grpc.DecisionLogServiceStub(channel)
        context, reasoning = Struct(), Struct()
        context.update({"market": {"volatility": "high", "trend": "bullish"}, "cycle": 142})
        reasoning.update({"selected": ["whaleMovements", "derivatives"], "exploration_triggered": False})
        logged = await log.LogDecision(dl.LogDecisionRequest(agent_id="market-hunter", decision_type="SOURCE_SELECTION", context=context, reasoning=reasoning))
        await log.RecordOutcome(dl.RecordOutcomeRequest(agent_id="market-hunter", decision_id=logged.decision.decision_id, success=True, metrics={"quality_score": 0.85}))
        read = await log.GetDecision(dl.GetDecisionRequest(agent_id="market-hunter", decision_id=logged.decision.decision_id))
        print(read.decision.decision_id, read.decision.outcome.success, dict(read.decision.outcome.metrics))

asyncio.run(main())
