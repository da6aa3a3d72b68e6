package io.vmnetdiag.lab.scale;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scale bench's parsing and goal rules, on made-up inputs: no control plane, no operator. */
class ScaleReportTest {
  private static final GcLog SMALL_HEAP = new GcLog(3, 1, 42.0, 120, 60, 247, 40);

  @Test
  void gcLogGivesPeakUsedTheLargestLiveSetCommittedAndTheLiveSetAfterTheLastFullCollection() {
    GcLog gc = GcLog.parse(List.of(
        "[0.005s][info][gc] Using Serial",
        "[4.896s][info][gc] GC(0) Pause Young (Allocation Failure) 68M->30M(247M) 134.460ms",
        "[6.115s][info][gc] GC(1) Pause Full (Metadata GC Threshold) 40M->29M(200M) 63.886ms",
        "[9.000s][info][gc] GC(2) Pause Young (Normal) (G1 Evacuation Pause) 1G->20M(256M) 2.000ms",
        "[35.825s][info][gc] GC(3) Pause Full (Diagnostic Command) 58M->24M(247M) 0.500ms"));

    assertThat(gc).isEqualTo(new GcLog(4, 2, 200.846, 1024, 29, 256, 24));
  }

  @Test
  void gcLogWithoutCollectionsSaysSo() {
    assertThat(GcLog.parse(List.of("[0.005s][info][gc] Using Serial"))).isEqualTo(new GcLog(0, 0, 0, -1, -1, -1, -1));
  }

  @Test
  void auditCountsOneClientsRequestsOnceEachByVerbAndResource() {
    String agent = OperatorProcess.USER_AGENT;
    AuditCounts counts = AuditCounts.of(List.of(
        event("a1", "ResponseComplete", agent + "/7.5.2", "create", "pods", ""),
        event("a2", "ResponseComplete", agent + "/7.5.2", "update", "networkdiagnoses", "status"),
        event("a3", "ResponseStarted", agent + "/7.5.2", "watch", "pods", ""),
        event("a3", "ResponseComplete", agent + "/7.5.2", "watch", "pods", ""),
        event("a4", "ResponseComplete", "fabric8-kubernetes-client/7.5.2", "create", "pods", ""),
        "{\"auditID\":\"a5\",\"stage\":\"ResponseComplete\",\"userAgent\":\"" + agent + "\",\"verb\":\"get\","
            + "\"requestURI\":\"/version?timeout=32s\"}",
        "{\"auditID\":\"a6\",\"stage\":"), agent);

    assertThat(counts.requests()).containsExactly(Map.entry("create pods", 1L), Map.entry("get /version", 1L),
        Map.entry("update networkdiagnoses/status", 1L), Map.entry("watch pods", 1L));
    assertThat(counts.millis()).containsExactly(Map.entry("create pods", 12.5),
        Map.entry("update networkdiagnoses/status", 12.5));
  }

  @Test
  void goalsPassWhenAllAreDiagnosedInTimeWithinTheHeap() {
    ScaleReport report = report(500, 59.9, SMALL_HEAP, true);

    assertThat(report.goalsMet()).isTrue();
    assertThat(report.lines()).filteredOn(line -> line.startsWith("PASS: ")).hasSize(3);
    assertThat(report.lines()).contains("FIGURE: reconciles per diagnosis: 6.00 (3000 reconcile calls; 3500 events"
        + " dispatched by JOSDK, finalizer adds included)");
    assertThat(report.lines()).contains("FIGURE: API server time on the operator's requests, most in all: create pods"
        + " 5.0 s (mean 10 ms)");
    assertThat(report.lines()).anyMatch(line -> line.startsWith("FIGURE: API requests per diagnosis: 3.00 (1500 in all);"
        + " by verb and resource: update networkdiagnoses/status 2.00, create pods 1.00"));
  }

  @Test
  void eachGoalFailsOnItsOwn() {
    assertThat(report(499, 30, SMALL_HEAP, true).lines()).contains("FAIL: all 500 diagnoses reach a verdict (499 did)");
    assertThat(report(500, 60.1, SMALL_HEAP, true).lines())
        .contains("FAIL: first applied -> last verdict <= 60 s (60.1 s)");
    assertThat(report(500, -1, SMALL_HEAP, true).lines())
        .contains("FAIL: first applied -> last verdict <= 60 s (not all ended)");
    assertThat(report(500, 30, SMALL_HEAP, false).lines())
        .contains("FAIL: operator heap <= 256 MiB (peak used 120 MiB; the operator died)");
    assertThat(report(500, 30, new GcLog(0, 0, 0, -1, -1, -1, -1), true).goalsMet()).isFalse();
    assertThat(report(500, 30, new GcLog(9, 0, 0, 257, 100, 257, -1), true).heapWithinGoal()).isFalse();
  }

  private static ScaleReport report(int verdicts, double lastSeconds, GcLog gc, boolean alive) {
    return new ScaleReport("setup", "1.0, 1.0, 1.0 / 1.0, 1.0, 1.0", 500, 2, verdicts, verdicts, List.of(), 2.0, 10.0,
        lastSeconds, 300, 2, 3000, 3500, new AuditCounts(Map.of("create pods", 500L,
        "update networkdiagnoses/status", 1000L), Map.of("create pods", 5000.0)), 30.0,
        35.0, gc, alive);
  }

  private static String event(String id, String stage, String agent, String verb, String resource, String sub) {
    return "{\"kind\":\"Event\",\"auditID\":\"" + id + "\",\"stage\":\"" + stage + "\",\"userAgent\":\"" + agent
        + "\",\"verb\":\"" + verb + "\",\"requestURI\":\"/api/v1/x\",\"requestReceivedTimestamp\":"
        + "\"2026-12-01T10:00:00.000000Z\",\"stageTimestamp\":\"2026-12-01T10:00:00.012500Z\",\"objectRef\":{\"resource\":\"" + resource
        + "\",\"subresource\":\"" + sub + "\"}}";
  }
}
