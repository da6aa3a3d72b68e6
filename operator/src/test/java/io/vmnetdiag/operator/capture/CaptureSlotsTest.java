package io.vmnetdiag.operator.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.testkit.ControlPlaneExtension;
import io.vmnetdiag.testkit.TestNamespace;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Capture slots against the real API server: locked per node, counted from the server, the cache asked first. */
@ExtendWith(ControlPlaneExtension.class)
class CaptureSlotsTest {
  private KubernetesClient client;
  private String ns;

  @BeforeEach
  void setUp(KubernetesClient client, TestNamespace namespace) {
    this.client = client;
    this.ns = namespace.name();
  }

  @Test
  void aStartOnOneNodeDoesNotWaitForAStartInProgressOnAnother() throws Exception {
    CaptureSlots slots = new CaptureSlots(client, ns, 2, node -> Stream.empty());
    CountDownLatch aCreating = new CountDownLatch(1);
    CountDownLatch bStarted = new CountDownLatch(1);
    AtomicBoolean aSawB = new AtomicBoolean();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      // Node a's start holds its lock until node b's start is done (or 20 s): with one lock for all nodes, b waits.
      Future<CaptureSlots.Start> onA = pool.submit(() -> slots.startWhenFree(diagnosis(), "slots-a", "vm-1", () -> {
        aCreating.countDown();
        try {
          aSawB.set(bStarted.await(20, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return new Pod();
      }));
      assertThat(aCreating.await(20, TimeUnit.SECONDS)).isTrue();
      CaptureSlots.Start onB = slots.startWhenFree(diagnosis(), "slots-b", "vm-1", Pod::new);
      bStarted.countDown();

      assertThat(onB.pod()).isNotNull();
      assertThat(onA.get(30, TimeUnit.SECONDS).pod()).isNotNull();
      assertThat(aSawB).as("node b started while node a's start was in progress").isTrue();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aSlotTheCacheShowsFreeIsCountedAgainFromTheServerNodeByNode() {
    capturePod("slots-c", "vm-1");
    capturePod("slots-c", "vm-2");
    capturePod("slots-d", "vm-3");
    CaptureSlots slots = new CaptureSlots(client, ns, 2, node -> Stream.empty());
    AtomicBoolean created = new AtomicBoolean();

    CaptureSlots.Start full = slots.startWhenFree(diagnosis(), "slots-c", "vm-9", () -> {
      created.set(true);
      return new Pod();
    });
    assertThat(full.pod()).isNull();
    assertThat(created).isFalse();
    assertThat(full.waitReason()).contains("Node slots-c runs 2 capture pods, its limit of 2");

    CaptureSlots.Start vmBusy = slots.startWhenFree(diagnosis(), "slots-d", "vm-3", Pod::new);
    assertThat(vmBusy.waitReason()).contains("VM vm-3 on node slots-d is being captured for another diagnosis");

    assertThat(slots.startWhenFree(diagnosis(), "slots-d", "vm-4", Pod::new).pod())
        .as("slots-c's pods do not count on slots-d").isNotNull();
  }

  @Test
  void aNodeTheCacheShowsFullWaitsWithoutCreating() {
    List<Pod> cached = List.of(pod("slots-e", "vm-1"), pod("slots-e", "vm-2"));
    CaptureSlots slots = new CaptureSlots(client, ns, 2, node -> cached.stream());
    AtomicBoolean created = new AtomicBoolean();

    CaptureSlots.Start start = slots.startWhenFree(diagnosis(), "slots-e", "vm-3", () -> {
      created.set(true);
      return new Pod();
    });

    assertThat(start.pod()).isNull();
    assertThat(created).isFalse();
    assertThat(start.waitReason()).contains("Node slots-e runs 2 capture pods");
  }

  private void capturePod(String node, String vm) {
    client.resource(pod(node, vm)).create();
  }

  private Pod pod(String node, String vm) {
    var labels = new HashMap<>(CapturePods.labels(diagnosis(), node, vm));
    return new PodBuilder()
        .withNewMetadata().withName("slots-" + UUID.randomUUID()).withNamespace(ns).withLabels(labels).endMetadata()
        .withNewSpec().withNodeName(node)
        .withContainers(new ContainerBuilder().withName(CapturePods.CONTAINER).withImage("busybox").build())
        .endSpec()
        .build();
  }

  /** A diagnosis of its own UID, so no pod here is its own. */
  private static NetworkDiagnosis diagnosis() {
    NetworkDiagnosis nd = new NetworkDiagnosis();
    nd.getMetadata().setName("d-" + UUID.randomUUID().toString().substring(0, 8));
    nd.getMetadata().setNamespace("tenant");
    nd.getMetadata().setUid(UUID.randomUUID().toString());
    nd.getMetadata().setGeneration(1L);
    return nd;
  }
}
