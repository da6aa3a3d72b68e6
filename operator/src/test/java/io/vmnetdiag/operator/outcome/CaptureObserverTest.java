package io.vmnetdiag.operator.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.vmnetdiag.operator.capture.CapturePods;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The order of precedence when several signs show at once. */
class CaptureObserverTest {
  private static final Instant CREATED = Instant.parse("2026-12-01T11:00:00Z");
  private static final Duration DEADLINE = Duration.ofSeconds(140);
  private static final Duration GRACE = Duration.ofSeconds(30);

  @Test
  void aReportIsReadEvenFromANodeNowGone() {
    Pod pod = pod("Succeeded", null, terminated(0, "Completed"));
    assertThat(observe(pod, null, CREATED.plusSeconds(20))).isEqualTo(new CaptureOutcome.Reported(0));
  }

  @Test
  void thePodsEvictionWinsOverItsContainersOomKill() {
    Pod pod = pod("Failed", "Evicted", terminated(137, "OOMKilled"));
    assertThat(observe(pod, ready("True"), CREATED.plusSeconds(20))).isInstanceOf(CaptureFailure.Evicted.class);
  }

  @Test
  void aGoneNodeWinsOverThePodsStaleWaitingState() {
    Pod pod = pod("Pending", null, new ContainerStatusBuilder().withName(CapturePods.CONTAINER)
        .withNewState().withNewWaiting().withReason("ContainerCreating").endWaiting().endState().build());
    assertThat(observe(pod, null, CREATED.plusSeconds(20))).isEqualTo(new CaptureFailure.NodeNotFound("node-a"));
  }

  @Test
  void notReadyCountsOnlyAfterTheGrace() {
    Pod pod = pod("Running", null, null);
    Node notReady = new NodeBuilder(ready("False")).editStatus().editFirstCondition()
        .withLastTransitionTime(CREATED.plusSeconds(10).toString()).endCondition().endStatus().build();
    assertThat(observe(pod, notReady, CREATED.plusSeconds(30))).isEqualTo(new CaptureOutcome.Waiting(true));
    assertThat(observe(pod, notReady, CREATED.plusSeconds(41))).isInstanceOf(CaptureFailure.NodeNotReady.class);
  }

  @Test
  void theDeadlineCountsFromThePodsCreation() {
    Pod pod = pod("Pending", null, null);
    assertThat(observe(pod, ready("True"), CREATED.plus(DEADLINE))).isEqualTo(new CaptureOutcome.Waiting(false));
    assertThat(observe(pod, ready("True"), CREATED.plus(DEADLINE).plusSeconds(1)))
        .isInstanceOf(CaptureFailure.DeadlineExceeded.class);
  }

  @Test
  void theLogTailKeepsTheLastLines() {
    String log = "line\n".repeat(100) + "the cause";
    String tail = CaptureObserver.tail(log);
    assertThat(tail).endsWith("the cause");
    assertThat(tail.lines().count()).isEqualTo(CaptureObserver.LOG_TAIL_LINES);
  }

  private static CaptureOutcome observe(Pod pod, Node node, Instant now) {
    return CaptureObserver.observe(pod, node, List::of, now, DEADLINE, GRACE);
  }

  private static io.fabric8.kubernetes.api.model.ContainerStatus terminated(int exit, String reason) {
    return new ContainerStatusBuilder().withName(CapturePods.CONTAINER).withNewState().withNewTerminated()
        .withExitCode(exit).withReason(reason).endTerminated().endState().build();
  }

  private static Pod pod(String phase, String reason, io.fabric8.kubernetes.api.model.ContainerStatus container) {
    return new PodBuilder().withNewMetadata().withName("nd-web").withCreationTimestamp(CREATED.toString())
        .endMetadata()
        .withNewSpec().withNodeName("node-a").addNewContainer().withName(CapturePods.CONTAINER).withImage("img")
        .endContainer().endSpec()
        .withStatus(new PodStatusBuilder().withPhase(phase).withReason(reason)
            .withContainerStatuses(container == null ? List.of() : List.of(container)).build())
        .build();
  }

  private static Node ready(String status) {
    return new NodeBuilder().withNewMetadata().withName("node-a").endMetadata().withNewStatus().addNewCondition()
        .withType("Ready").withStatus(status).withLastTransitionTime(CREATED.toString()).endCondition().endStatus()
        .build();
  }
}
