package dev.agentmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.Duration;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import dev.agentmemory.v1.ChainDirection;
import dev.agentmemory.v1.ConsolidateRequest;
import dev.agentmemory.v1.ConsolidateResponse;
import dev.agentmemory.v1.Decision;
import dev.agentmemory.v1.DecisionEventKind;
import dev.agentmemory.v1.DecisionLogServiceGrpc;
import dev.agentmemory.v1.DecisionLogServiceGrpc.DecisionLogServiceBlockingStub;
import dev.agentmemory.v1.EmergingPattern;
import dev.agentmemory.v1.FindEmergingPatternsRequest;
import dev.agentmemory.v1.FindEmergingPatternsResponse;
import dev.agentmemory.v1.GetDecisionChainRequest;
import dev.agentmemory.v1.GetDecisionChainResponse;
import dev.agentmemory.v1.GetDecisionRequest;
import dev.agentmemory.v1.GetShortTermRequest;
import dev.agentmemory.v1.GetShortTermResponse;
import dev.agentmemory.v1.LogDecisionRequest;
import dev.agentmemory.v1.LongTermMemory;
import dev.agentmemory.v1.MemoryServiceGrpc;
import dev.agentmemory.v1.MemoryServiceGrpc.MemoryServiceBlockingStub;
import dev.agentmemory.v1.PutShortTermRequest;
import dev.agentmemory.v1.QueryDecisionsRequest;
import dev.agentmemory.v1.QueryDecisionsResponse;
import dev.agentmemory.v1.RecordOutcomeRequest;
import dev.agentmemory.v1.SubscribeDecisionsRequest;
import dev.agentmemory.v1.SubscribeDecisionsResponse;
import io.grpc.Context;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The shared cross-language scenario, tests/scenario/README.md, step by step:
 * every "expect" there is an assertion here. Needs a live server at
 * AGENTMEMORY_ADDRESS; skipped when that variable is unset.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrossLanguageScenarioTest {
  /** Every call gets this deadline. */
  private static final long DEADLINE_SECONDS = 10;

  private String agentId;
  private ManagedChannel channel;
  private MemoryServiceBlockingStub memory;
  private DecisionLogServiceBlockingStub log;

  private Struct sentContext;
  private String sourceSelectionId; // step 2
  private String queryId; // step 5

  private static String address() {
    return System.getenv("AGENTMEMORY_ADDRESS");
  }

  private static boolean haveServer() {
    return address() != null && !address().isEmpty();
  }

  @BeforeAll
  void connect() {
    if (!haveServer()) {
      return; // every step is skipped by requireServer()
    }
    byte[] random = new byte[3];
    new SecureRandom().nextBytes(random);
    agentId = "xlang-java-" + HexFormat.of().formatHex(random);
    channel = open(address());
    memory = MemoryServiceGrpc.newBlockingStub(channel);
    log = DecisionLogServiceGrpc.newBlockingStub(channel);
  }

  /** Skips each step, with a visible reason, when there is no server to run against. */
  @BeforeEach
  void requireServer() {
    Assumptions.assumeTrue(haveServer(),
        "AGENTMEMORY_ADDRESS is unset: the cross-language scenario needs a live agentmemory "
            + "server (e.g. AGENTMEMORY_ADDRESS=127.0.0.1:50051 stubs/java/test.sh); skipped");
  }

  @AfterAll
  void disconnect() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  @Order(1)
  @DisplayName("1. short-term memory: put, then get the same value with its TTL")
  void shortTermMemory() {
    Value value = value("{\"volatility\": \"high\", \"trend\": \"bullish\"}");
    memory.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
        .putShortTerm(PutShortTermRequest.newBuilder()
            .setAgentId(agentId)
            .setKey("context:current")
            .setValue(value)
            .setTtl(Duration.newBuilder().setSeconds(60))
            .build());

    GetShortTermResponse got = memory.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
        .getShortTerm(GetShortTermRequest.newBuilder()
            .setAgentId(agentId)
            .setKey("context:current")
            .build());
    Instant now = Instant.now();

    assertTrue(got.getFound(), "found");
    assertEquals(value, got.getEntry().getValue(), "value");
    assertTrue(got.getEntry().hasExpireTime(), "expire_time is set");
    Instant expire = instant(got.getEntry().getExpireTime());
    assertTrue(expire.isAfter(now), "expire_time " + expire + " is after now " + now);
    assertFalse(expire.isAfter(now.plusSeconds(61)),
        "expire_time " + expire + " is at most 61 s from now " + now);
  }

  @Test
  @Order(2)
  @DisplayName("2. log a decision; the same request_id returns the same decision")
  void logDecision() {
    sentContext = struct("{\"market\": {\"volatility\": \"high\", \"trend\": \"bullish\"}, \"cycle\": 142}");
    LogDecisionRequest request = LogDecisionRequest.newBuilder()
        .setAgentId(agentId)
        .setDecisionType("SOURCE_SELECTION")
        .setContext(sentContext)
        .setReasoning(struct("{\"scores\": {\"whaleMovements\": 0.92, \"derivatives\": 0.87},"
            + " \"selected\": [\"whaleMovements\", \"derivatives\"], \"exploration_triggered\": false}"))
        .setRequestId(agentId + "-1")
        .build();

    Decision logged = log.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
        .logDecision(request).getDecision();
    assertFalse(logged.getDecisionId().isEmpty(), "decision.decision_id is non-empty");
    assertEquals(sentContext, logged.getContext(), "decision.context equals what was sent");
    sourceSelectionId = logged.getDecisionId();

    Decision again = log.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
        .logDecision(request).getDecision();
    assertEquals(sourceSelectionId, again.getDecisionId(),
        "the same request_id returns the same decision_id");
  }

  @Test
  @Order(3)
  @DisplayName("3. record its outcome")
  void recordOutcome() {
    assertNotNull(sourceSelectionId, "step 2 logged no decision");
    Decision decision = log.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
        .recordOutcome(RecordOutcomeRequest.newBuilder()
            .setAgentId(agentId)
            .setDecisionId(sourceSelectionId)
            .setSuccess(true)
            .setOutcome(struct("{\"signals_generated\": 2}"))
            .putMetrics("quality_score", 0.85)
            .build())
        .getDecision();
    assertTrue(decision.getOutcome().getSuccess(), "decision.outcome.success");
    assertTrue(decision.getOutcome().containsMetrics("quality_score"), "metric quality_score present");
    assertEquals(0.85, decision.getOutcome().getMetricsOrThrow("quality_score"), "metric quality_score");
  }

  @Test
  @Order(4)
  @DisplayName("4. query by context: bullish finds the decision with its outcome, bearish none")
  void queryByContext() {
    assertNotNull(sourceSelectionId, "step 2 logged no decision");
    List<Decision> bullish = queryAll(struct("{\"market.trend\": \"bullish\"}"));
    assertEquals(1, bullish.size(), "exactly one decision matches market.trend=bullish: " + bullish);
    Decision found = bullish.get(0);
    assertEquals(sourceSelectionId, found.getDecisionId(), "the decision from step 2");
    assertTrue(found.hasOutcome(), "with its outcome");
    assertTrue(found.getOutcome().getSuccess(), "outcome.success");
    assertEquals(0.85, found.getOutcome().getMetricsOrDefault("quality_score", Double.NaN),
        "outcome metric quality_score");

    List<Decision> bearish = queryAll(struct("{\"market.trend\": \"bearish\"}"));
    assertEquals(List.of(), bearish, "market.trend=bearish matches none");
  }

  @Test
  @Order(5)
  @DisplayName("5. subscribe: heartbeat first, then the decision logged by a second client")
  void subscribe() throws InterruptedException {
    assertNotNull(sourceSelectionId, "step 2 logged no decision");
    Context.CancellableContext streamContext = Context.current().withCancellation();
    ManagedChannel second = open(address());
    try {
      // The call is bound to streamContext, so cancelling it cancels the stream.
      Iterator<SubscribeDecisionsResponse> stream;
      Context previous = streamContext.attach();
      try {
        stream = log.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
            .subscribeDecisions(SubscribeDecisionsRequest.newBuilder().setAgentId(agentId).build());
      } finally {
        streamContext.detach(previous);
      }

      assertTrue(stream.hasNext(), "the stream sends a first message");
      SubscribeDecisionsResponse first = stream.next();
      assertEquals(DecisionEventKind.DECISION_EVENT_KIND_HEARTBEAT, first.getKind(),
          "the first message is a heartbeat");
      assertFalse(first.getCursor().isEmpty(), "the heartbeat has a non-empty cursor");

      queryId = DecisionLogServiceGrpc.newBlockingStub(second)
          .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
          .logDecision(LogDecisionRequest.newBuilder()
              .setAgentId(agentId)
              .setDecisionType("QUERY")
              .addParentDecisionIds(sourceSelectionId)
              .build())
          .getDecision()
          .getDecisionId();
      assertFalse(queryId.isEmpty(), "the QUERY decision has an id");

      SubscribeDecisionsResponse event = null;
      try {
        while (stream.hasNext()) {
          SubscribeDecisionsResponse next = stream.next();
          if (next.getKind() != DecisionEventKind.DECISION_EVENT_KIND_HEARTBEAT) {
            event = next;
            break;
          }
        }
      } catch (StatusRuntimeException e) {
        fail("no event within " + DEADLINE_SECONDS + " s of subscribing: " + e.getStatus(), e);
      }
      assertNotNull(event, "the stream ended before any event");
      assertEquals(DecisionEventKind.DECISION_EVENT_KIND_DECISION_LOGGED, event.getKind(),
          "the event is DECISION_LOGGED: " + event);
      assertEquals(queryId, event.getDecision().getDecisionId(), "the event's decision is the new one");
      assertFalse(event.getCursor().isEmpty(), "the event has a non-empty cursor");
    } finally {
      streamContext.cancel(null);
      second.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  @Order(6)
  @DisplayName("6. walk the chain after and before")
  void walkTheChain() {
    assertNotNull(sourceSelectionId, "step 2 logged no decision");
    assertNotNull(queryId, "step 5 logged no QUERY decision");

    List<GetDecisionChainResponse> after = chain(sourceSelectionId, ChainDirection.CHAIN_DIRECTION_AFTER);
    assertEquals(1, after.size(), "exactly one link after the step 2 decision: " + after);
    assertEquals(queryId, after.get(0).getDecision().getDecisionId(), "the link is the QUERY decision");
    assertEquals(1, after.get(0).getDistance(), "distance");

    List<GetDecisionChainResponse> before = chain(queryId, ChainDirection.CHAIN_DIRECTION_BEFORE);
    assertEquals(1, before.size(), "exactly one link before the QUERY decision: " + before);
    assertEquals(sourceSelectionId, before.get(0).getDecision().getDecisionId(),
        "the link is the step 2 decision");
    assertEquals(1, before.get(0).getDistance(), "distance");
    assertTrue(before.get(0).getAncestor(), "ancestor");
  }

  @Test
  @Order(7)
  @DisplayName("7. an error is typed: a missing decision is NOT_FOUND")
  void missingDecisionIsNotFound() {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () ->
        log.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
            .getDecision(GetDecisionRequest.newBuilder()
                .setAgentId(agentId)
                .setDecisionId("does-not-exist")
                .build()));
    assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode(), "status: " + e.getStatus());
  }

  @Test
  @Order(8)
  @DisplayName("8. consolidate: eight successes of one choice become a PATTERN that FindEmergingPatterns names")
  void consolidate() {
    for (int i = 0; i < 8; i++) {
      String decisionId = log.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
          .logDecision(LogDecisionRequest.newBuilder()
              .setAgentId(agentId)
              .setDecisionType("SOURCE_SELECTION")
              .setContext(struct("{\"market\": {\"volatility\": \"low\", \"trend\": \"bearish\"}}"))
              .setReasoning(struct("{\"selected\": \"onchain\"}"))
              .build())
          .getDecision()
          .getDecisionId();
      log.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
          .recordOutcome(RecordOutcomeRequest.newBuilder()
              .setAgentId(agentId)
              .setDecisionId(decisionId)
              .setSuccess(true)
              .build());
    }

    ConsolidateResponse consolidated = memory.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
        .consolidate(ConsolidateRequest.newBuilder()
            .setAgentId(agentId)
            .setDecisionType("SOURCE_SELECTION")
            .build());
    assertEquals(1, consolidated.getPromotedCount(), "exactly one promoted memory: " + consolidated);
    LongTermMemory pattern = consolidated.getPromoted(0);
    assertEquals("PATTERN", pattern.getMemoryType(), "memory_type");
    assertTrue(pattern.getMemoryId().startsWith("pattern-"), "memory_id " + pattern.getMemoryId());
    assertEquals("onchain", pattern.getData().getFieldsOrThrow("choice").getStringValue(), "data.choice");
    assertEquals(8.0, pattern.getData().getFieldsOrThrow("sample_size").getNumberValue(), "data.sample_size");
    assertEquals("active", pattern.getData().getFieldsOrThrow("status").getStringValue(), "data.status");
    assertTrue(pattern.getConfidence() > 0.6 && pattern.getConfidence() < 1,
        "confidence " + pattern.getConfidence() + " is above 0.6 and below 1");

    FindEmergingPatternsResponse emerging = log.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
        .findEmergingPatterns(FindEmergingPatternsRequest.newBuilder()
            .setAgentId(agentId)
            .setDecisionType("SOURCE_SELECTION")
            .build());
    assertEquals(1, emerging.getPatternsCount(), "exactly one emerging pattern: " + emerging);
    EmergingPattern found = emerging.getPatterns(0);
    assertEquals(pattern.getMemoryId(), found.getPatternId(), "the promoted memory's id");
    assertEquals("low", found.getContextOrDefault("market.volatility", ""), "context market.volatility");
    assertEquals("bearish", found.getContextOrDefault("market.trend", ""), "context market.trend");
    assertEquals("onchain", found.getChoice().getStringValue(), "choice");
    assertEquals(8, found.getCounts().getSucceeded(), "counts.succeeded");
  }

  /** Every page of a context query, until next_page_token is empty. */
  private List<Decision> queryAll(Struct contextFilter) {
    List<Decision> decisions = new ArrayList<>();
    String pageToken = "";
    for (int page = 0; page < 100; page++) {
      QueryDecisionsResponse response = log.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
          .queryDecisions(QueryDecisionsRequest.newBuilder()
              .setAgentId(agentId)
              .setContextFilter(contextFilter)
              .setPageToken(pageToken)
              .build());
      decisions.addAll(response.getDecisionsList());
      pageToken = response.getNextPageToken();
      if (pageToken.isEmpty()) {
        return decisions;
      }
    }
    return fail("QueryDecisions never returned an empty next_page_token");
  }

  private List<GetDecisionChainResponse> chain(String decisionId, ChainDirection direction) {
    List<GetDecisionChainResponse> links = new ArrayList<>();
    log.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
        .getDecisionChain(GetDecisionChainRequest.newBuilder()
            .setAgentId(agentId)
            .setDecisionId(decisionId)
            .setDirection(direction)
            .build())
        .forEachRemaining(links::add);
    return links;
  }

  private static ManagedChannel open(String address) {
    return Grpc.newChannelBuilder(address, InsecureChannelCredentials.create()).build();
  }

  private static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }

  private static Struct struct(String json) {
    return parse(json, Struct.newBuilder()).build();
  }

  private static Value value(String json) {
    return parse(json, Value.newBuilder()).build();
  }

  private static <B extends Message.Builder> B parse(String json, B builder) {
    try {
      JsonFormat.parser().merge(json, builder);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("bad JSON: " + json, e);
    }
    return builder;
  }
}
