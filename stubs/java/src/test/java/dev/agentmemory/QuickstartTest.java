package dev.agentmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.examples.Quickstart;
import dev.agentmemory.v1.Decision;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Runs the example in src/main/java/dev/agentmemory/examples against the live server. */
class QuickstartTest {
  @Test
  void quickstartLogsRecordsAndReadsBack() throws InterruptedException {
    String address = System.getenv("AGENTMEMORY_ADDRESS");
    Assumptions.assumeTrue(address != null && !address.isEmpty(),
        "AGENTMEMORY_ADDRESS is unset: the quickstart needs a live agentmemory server; skipped");
    byte[] random = new byte[3];
    new SecureRandom().nextBytes(random);

    Decision read = Quickstart.run(address, "quickstart-java-" + HexFormat.of().formatHex(random));

    assertFalse(read.getDecisionId().isEmpty(), "decision_id");
    assertEquals("SOURCE_SELECTION", read.getDecisionType());
    assertEquals(142.0, read.getContext().getFieldsOrThrow("cycle").getNumberValue(), "context.cycle");
    assertTrue(read.getReasoning().containsFields("selected"), "reasoning.selected");
    assertTrue(read.getOutcome().getSuccess(), "outcome.success");
    assertEquals(0.85, read.getOutcome().getMetricsOrThrow("quality_score"), "quality_score");
  }
}
