package io.vmnetdiag.lab.scale;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.vmnetdiag.api.v1alpha1.NetworkDiagnosis;
import io.vmnetdiag.lab.replay.RecordedCase;
import io.vmnetdiag.operator.status.StatusDraft;
import io.vmnetdiag.testkit.ControlPlane;
import io.vmnetdiag.testkit.ControlPlaneExtension;
import io.vmnetdiag.testkit.TestingNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Issue 12's scale benchmark: many diagnoses at once across many nodes, against the tests' real control plane
 * (etcd + kube-apiserver), with the operator in its own heap-capped JVM and an {@link InstantKubelet} that answers
 * every capture pod at once with the agent's report replayed from a recorded lab case. Prints FIGURE and goal
 * lines, writes them as Markdown, exits 0 when the goals are met, 3 when one is not, 1 when it could not run.
 * Run by {@code bench/scale.sh}, never by the build.
 */
public final class ScaleBench {
  /** After the last verdict: what the operator still does for it (the pod's deletion) is counted too. */
  private static final Duration SETTLE = Duration.ofSeconds(3);

  private ScaleBench() {
  }

  public static void main(String[] args) throws Exception {
    int diagnoses = Integer.getInteger("vmnetdiag.scale.diagnoses", 500);
    int nodeCount = Integer.getInteger("vmnetdiag.scale.nodes", 50);
    int slots = Integer.getInteger("vmnetdiag.scale.maxCapturesPerNode", 2);
    Duration capture = Duration.ofMillis(Long.getLong("vmnetdiag.scale.captureMillis", 1000));
    Duration timeout = Duration.ofSeconds(Integer.getInteger("vmnetdiag.scale.timeoutSeconds", 240));
    List<String> jvm = Arrays.asList(System.getProperty("vmnetdiag.scale.operatorJvm",
        "-Xmx256m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError").trim().split("\\s+"));
    String out = System.getProperty("vmnetdiag.scale.out");
    ScaleReport report;
    try {
      report = run(diagnoses, nodeCount, slots, capture, jvm, timeout);
    } catch (Exception e) {
      System.err.println("scale bench: could not run: " + e);
      e.printStackTrace();
      System.exit(1);
      return;
    }
    report.lines().forEach(System.out::println);
    if (out != null) {
      Files.writeString(Path.of(out), report.markdown(Instant.now().truncatedTo(ChronoUnit.MINUTES).toString()));
      System.out.println("report written to " + out);
    }
    System.exit(report.goalsMet() ? 0 : 3);
  }

  private static ScaleReport run(int diagnoses, int nodeCount, int slots, Duration capture, List<String> jvm,
      Duration timeout)
      throws Exception {
    String loadAtStart = load();
    ControlPlane controlPlane = ControlPlane.shared();
    String id = UUID.randomUUID().toString().substring(0, 6);
    String namespace = "scale-" + id;
    String captureNamespace = "vmnetdiag-capture-scale-" + id;
    Path work = Files.createTempDirectory("vmnetdiag-scale");
    ScalePlan plan = new ScalePlan(diagnoses, nodeCount, RecordedCase.names().stream().map(RecordedCase::load).toList());
    Map<String, TestingNode> nodes = new LinkedHashMap<>();
    OperatorProcess operator = null;
    InstantKubelet kubelet = null;
    SharedIndexInformer<NetworkDiagnosis> watch = null;
    KubernetesClient client = controlPlane.adminClient();
    try {
      ControlPlane.installCrd(client);
      namespace(client, namespace, "restricted");
      namespace(client, captureNamespace, "privileged");
      for (String name : plan.nodes()) {
        nodes.put(name, ready(client, new TestingNode(controlPlane, client, name)));
      }
      kubelet = new InstantKubelet(client, captureNamespace, nodes, new ReplayAgent(plan.casesByDomain()),
          capture).start();
      operator = OperatorProcess.start(controlPlane.kubeconfig(), jvm, Map.of(
          "VMNETDIAG_CAPTURE_NAMESPACE", captureNamespace,
          "VMNETDIAG_MAX_CAPTURES_PER_NODE", String.valueOf(slots)), work);
      operator.awaitReady(Duration.ofSeconds(120));

      Map<String, Instant> applied = new ConcurrentHashMap<>();
      Map<String, Instant> ended = new ConcurrentHashMap<>();
      Set<String> queued = ConcurrentHashMap.newKeySet();
      watch = client.resources(NetworkDiagnosis.class).inNamespace(namespace).inform(new ResourceEventHandler<>() {
        @Override
        public void onAdd(NetworkDiagnosis nd) {
          seen(nd);
        }

        @Override
        public void onUpdate(NetworkDiagnosis oldNd, NetworkDiagnosis nd) {
          seen(nd);
        }

        @Override
        public void onDelete(NetworkDiagnosis nd, boolean unknown) {
        }

        private void seen(NetworkDiagnosis nd) {
          if (StatusDraft.isQueued(nd)) {
            queued.add(nd.getMetadata().getName());
          }
          if (nd.getStatus() != null && nd.getStatus().getCompletionTime() != null) {
            ended.putIfAbsent(nd.getMetadata().getName(), Instant.now());
          }
        }
      });

      double cpuBefore = operator.cpuSeconds();
      Instant first = Instant.now();
      ExecutorService creators = Executors.newFixedThreadPool(8);
      for (ScalePlan.Target target : plan.targets()) {
        creators.submit(() -> {
          applied.put(target.name(), Instant.now());
          client.resource(plan.diagnosis(client, target, namespace)).create();
        });
      }
      creators.shutdown();
      creators.awaitTermination(timeout.toSeconds(), TimeUnit.SECONDS);
      double createSeconds = seconds(first, Instant.now());
      Instant giveUp = first.plus(timeout);
      while (ended.size() < diagnoses && Instant.now().isBefore(giveUp) && operator.alive()) {
        Thread.sleep(100);
      }
      Instant last = ended.values().stream().max(Instant::compareTo).orElse(null);
      Thread.sleep(SETTLE.toMillis());

      double cpu = operator.cpuSeconds() - cpuBefore;
      double cpuTotal = operator.cpuSeconds();
      long reconciles = operator.logLines(OperatorProcess.RECONCILE_LINE);
      long dispatches = operator.logLines(OperatorProcess.DISPATCH_LINE);
      AuditCounts api = AuditCounts.of(Files.readAllLines(controlPlane.auditLog()), OperatorProcess.USER_AGENT);
      boolean alive = operator.alive();
      if (alive) {
        operator.collectFully();
      }
      GcLog gc = GcLog.parse(Files.readAllLines(operator.gcLog()));

      int verdicts = 0;
      int asExpected = 0;
      List<String> notDiagnosed = new ArrayList<>();
      List<Double> latencies = new ArrayList<>();
      Map<String, ScalePlan.Target> byName = new LinkedHashMap<>();
      plan.targets().forEach(t -> byName.put(t.name(), t));
      for (NetworkDiagnosis nd : client.resources(NetworkDiagnosis.class).inNamespace(namespace).list().getItems()) {
        var status = nd.getStatus();
        String name = nd.getMetadata().getName();
        if (status != null && status.getVerdict() != null) {
          verdicts++;
          if (String.valueOf(status.getVerdict().getReason()).equals(byName.get(name).recorded().expectedReason())) {
            asExpected++;
          }
        } else if (notDiagnosed.size() < 5) {
          notDiagnosed.add(name + ": " + (status == null || status.getConditions() == null ? "no status"
              : status.getConditions().stream().map(c -> c.getType() + "=" + c.getStatus() + " " + c.getReason()
                  + " (" + c.getMessage() + ")").toList()));
        }
        if (ended.containsKey(name) && applied.containsKey(name)) {
          latencies.add(seconds(applied.get(name), ended.get(name)));
        }
      }
      latencies.sort(Double::compare);
      double median = latencies.isEmpty() ? -1 : latencies.get(latencies.size() / 2);
      double lastSeconds = ended.size() == diagnoses && last != null ? seconds(first, last) : -1;
      String setup = String.format("%d NetworkDiagnoses over %d Ready nodes (%d libvirt targets each, %d recorded lab"
          + " cases in turn), capture.maxCapturesPerNode=%d, operator JVM %s, instant kubelet (each capture pod Running"
          + " %d ms, then its report replayed from its case), %d cores", diagnoses, nodeCount, diagnoses / nodeCount,
          RecordedCase.names().size(), slots, String.join(" ", jvm), capture.toMillis(),
          Runtime.getRuntime().availableProcessors());
      return new ScaleReport(setup, loadAtStart + " / " + load(), diagnoses, slots, verdicts, asExpected, notDiagnosed,
          createSeconds, median, lastSeconds, queued.size(), kubelet.mostPodsOnANode(), reconciles, dispatches, api, cpu,
          cpuTotal, gc, alive);
    } finally {
      cleanUp(client, namespace, captureNamespace, operator, kubelet, watch, nodes, work);
    }
  }

  /** Removes everything the run made, each step whatever the others did; the control plane stops with this JVM. */
  private static void cleanUp(KubernetesClient client, String namespace, String captureNamespace,
      OperatorProcess operator, InstantKubelet kubelet, SharedIndexInformer<NetworkDiagnosis> watch,
      Map<String, TestingNode> nodes, Path work) {
    List<Runnable> steps = new ArrayList<>();
    if (watch != null) {
      steps.add(watch::close);
    }
    steps.add(() -> {
      // While the operator runs: its finalizer removes each diagnosis' capture pod, then lets the diagnosis go.
      client.resources(NetworkDiagnosis.class).inNamespace(namespace).delete();
      try {
        client.resources(NetworkDiagnosis.class).inNamespace(namespace).informOnCondition(List::isEmpty)
            .get(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("diagnoses left after 60 s", e);
      }
    });
    if (operator != null) {
      steps.add(operator::close);
    }
    if (kubelet != null) {
      steps.add(kubelet::close);
    }
    nodes.values().forEach(node -> steps.add(node::close));
    steps.add(() -> client.namespaces().withName(namespace).delete());
    steps.add(() -> client.namespaces().withName(captureNamespace).delete());
    steps.add(client::close);
    for (Runnable step : steps) {
      try {
        step.run();
      } catch (RuntimeException e) {
        System.err.println("scale bench: clean-up step failed: " + e);
      }
    }
    if (Boolean.getBoolean("vmnetdiag.scale.keep")) {
      System.out.println("raw outputs kept in " + work);
      return;
    }
    try (var files = Files.walk(work)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory
    }
  }

  private static void namespace(KubernetesClient client, String name, String podSecurity) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
        .addToLabels(ControlPlaneExtension.POD_SECURITY_ENFORCE, podSecurity).endMetadata().build()).create();
  }

  /** A node the operator may schedule on: Ready, as a kubelet reports it. */
  private static TestingNode ready(KubernetesClient client, TestingNode node) {
    client.nodes().withName(node.name()).editStatus(n -> new NodeBuilder(n).editOrNewStatus()
        .withConditions(new NodeConditionBuilder().withType("Ready").withStatus("True").withReason("KubeletReady")
            .withMessage("the scale bench's instant kubelet").withLastHeartbeatTime(Instant.now().toString())
            .withLastTransitionTime(Instant.now().toString()).build())
        .endStatus().build());
    return node;
  }

  private static String load() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return fields[0] + ", " + fields[1] + ", " + fields[2];
    } catch (IOException e) {
      return "n/a";
    }
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 1000.0;
  }
}
