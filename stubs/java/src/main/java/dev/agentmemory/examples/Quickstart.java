package dev.agentmemory.examples;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import dev.agentmemory.v1.Decision;
import dev.agentmemory.v1.DecisionLogServiceGrpc;
import dev.agentmemory.v1.GetDecisionRequest;
import dev.agentmemory.v1.LogDecisionRequest;
import dev.agentmemory.v1.RecordOutcomeRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.util.concurrent.TimeUnit;

/**
 * Logs a SOURCE_SELECTION decision with its context and reasoning, records its
 * outcome, and reads it back. The server's address comes from
 * AGENTMEMORY_ADDRESS (default 127.0.0.1:50051).
 */
public final class Quickstart {
  private Quickstart() {}

  public static void main(String[] args) throws Exception {
    String address = System.getenv().getOrDefault("AGENTMEMORY_ADDRESS", "127.0.0.1:50051");
    Decision read = run(address, "market-hunter");
    System.out.println(read.getDecisionId() + " success=" + read.getOutcome().getSuccess()
        + " metrics=" + read.getOutcome().getMetricsMap());
  }

  /** Runs the quickstart against the server at address and returns the decision as read back. */
  public static Decision run(String address, String agentId) throws InterruptedException {
    ManagedChannel channel =
        Grpc.newChannelBuilder(address, InsecureChannelCredentials.create()).build();
    try {
      var log = DecisionLogServiceGrpc.newBlockingStub(channel);
      Decision logged = log.withDeadlineAfter(10, TimeUnit.SECONDS)
          .logDecision(LogDecisionRequest.newBuilder()
              .setAgentId(agentId)
              .setDecisionType("SOURCE_SELECTION")
              .setContext(struct(
                  "{\"market\": {\"volatility\": \"high\", \"trend\": \"bullish\"}, \"cycle\": 142}"))
              .setReasoning(struct(
                  "{\"selected\": [\"whaleMovements\", \"derivatives\"], \"exploration_triggered\": false}"))
              .build())
          .getDecision();
      log.withDeadlineAfter(10, TimeUnit.SECONDS)
          .recordOutcome(RecordOutcomeRequest.newBuilder()
              .setAgentId(agentId)
              .setDecisionId(logged.getDecisionId())
              .setSuccess(true)
              .putMetrics("quality_score", 0.85)
              .build());
      return log.withDeadlineAfter(10, TimeUnit.SECONDS)
          .getDecision(GetDecisionRequest.newBuilder()
              .setAgentId(agentId)
              .setDecisionId(logged.getDecisionId())
              .build())
          .getDecision();
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** A google.protobuf.Struct from a JSON object. */
  public static Struct struct(String json) {
    Struct.Builder builder = Struct.newBuilder();
    try {
      JsonFormat.parser().merge(json, builder);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("not a JSON object: " + json, e);
    }
    return builder.build();
  }
}
