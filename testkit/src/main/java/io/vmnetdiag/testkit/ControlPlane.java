package io.vmnetdiag.testkit;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real Kubernetes control plane for tests: etcd, kube-apiserver, and the garbage-collector, namespace
 * and service-account controllers, run by the project's own binary ({@code testkit/controlplane}), once
 * per JVM. Set {@code VMNETDIAG_KUBECONFIG} (or {@code -Dvmnetdiag.kubeconfig}) to use one that is
 * already running instead. A missing binary fails the test with the command that builds it: tests never
 * skip, and never fall back to a mock.
 */
public final class ControlPlane {
  /** The binary the build script writes, relative to the repository root. */
  public static final String BINARY = "testkit/controlplane/bin/controlplane";
  public static final String CRD_RESOURCE = "META-INF/fabric8/networkdiagnoses.vmnetdiag.io-v1.yml";
  /** The administrator's DiagnosisPolicy CRD, installed beside the NetworkDiagnosis one. */
  public static final String POLICY_CRD_RESOURCE = "META-INF/fabric8/diagnosispolicies.vmnetdiag.io-v1.yml";
  /** The DiagnosisTrigger CRD (alert-started diagnoses), installed beside the others. */
  public static final String TRIGGER_CRD_RESOURCE = "META-INF/fabric8/diagnosistriggers.vmnetdiag.io-v1.yml";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static ControlPlane shared;

  private final Path kubeconfig;
  private final Process process;

  private ControlPlane(Path kubeconfig, Process process) {
    this.kubeconfig = kubeconfig;
    this.process = process;
  }

  /** The control plane of this JVM, started on first use and stopped when the JVM exits. */
  public static synchronized ControlPlane shared() {
    if (shared == null) {
      String reuse = setting("vmnetdiag.kubeconfig", "VMNETDIAG_KUBECONFIG");
      shared = reuse != null ? new ControlPlane(Path.of(reuse), null) : start();
    }
    return shared;
  }

  /** Why {@link #shared()} cannot start one (the binary is not built and none is reused), if it cannot. */
  public static Optional<String> unavailableReason() {
    if (setting("vmnetdiag.kubeconfig", "VMNETDIAG_KUBECONFIG") != null || Files.isExecutable(binary())) {
      return Optional.empty();
    }
    return Optional.of("The test control plane is not built: " + binary() + " is missing. Build it with `"
        + repositoryRoot().resolve("testkit/controlplane/build.sh") + "` (Go 1.24+ and the Go module proxy), or set "
        + "VMNETDIAG_KUBECONFIG to a running one's kubeconfig.");
  }

  private static ControlPlane start() {
    Path binary = binary();
    unavailableReason().ifPresent(reason -> {
      throw new IllegalStateException(reason);
    });
    try {
      Path dir = Files.createTempDirectory("vmnetdiag-controlplane");
      Path kubeconfig = dir.resolve("admin.kubeconfig");
      Path log = dir.resolve("controlplane.log");
      Process process = new ProcessBuilder(binary.toString(), "-kubeconfig", kubeconfig.toString(), "-exit-on-stdin-eof")
          .redirectError(log.toFile())
          .start();
      // Its stdin stays open for as long as this JVM lives: the control plane exits when it closes.
      Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process, dir), "controlplane-stop"));
      awaitReady(process, log);
      return new ControlPlane(kubeconfig, process);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void awaitReady(Process process, Path log) throws IOException {
    Deque<String> lines = new ConcurrentLinkedDeque<>();
    CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
      try {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          if (line.startsWith("controlplane ready ")) {
            return line;
          }
          lines.add(line);
        }
        return null;
      } catch (IOException e) {
        return null;
      }
    });
    String line;
    try {
      line = ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      line = null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the control plane started", e);
    } catch (ExecutionException e) {
      line = null;
    }
    if (line == null) {
      process.destroyForcibly();
      String errors = Files.exists(log) ? tail(Files.readString(log), 4000) : "";
      throw new IllegalStateException("The test control plane did not become ready within " + START_TIMEOUT.toSeconds()
          + " s (exit " + (process.isAlive() ? "none" : process.exitValue()) + "). Its output:\n"
          + String.join("\n", lines) + "\n" + errors);
    }
  }

  private static void stop(Process process, Path dir) {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory; nothing to do
    }
  }

  /** The admin kubeconfig (group system:masters). */
  public Path kubeconfig() {
    return kubeconfig;
  }

  /** A certificate and key (PEM) a stand-in kubelet on 127.0.0.1 can serve with. */
  public Path kubeletCertificate() {
    return kubeconfig.resolveSibling("kubelet.crt");
  }

  public Path kubeletKey() {
    return kubeconfig.resolveSibling("kubelet.key");
  }

  /**
   * The API server's audit log (JSON lines, Metadata level): every request's user, verb, resource and
   * response code, written before the request is answered.
   */
  public Path auditLog() {
    return kubeconfig.resolveSibling("audit.log");
  }

  public boolean startedHere() {
    return process != null;
  }

  /** A client configuration for the admin. */
  public Config adminConfig() {
    return Config.fromKubeconfig(kubeconfig.toFile());
  }

  /** A new admin client; the caller closes it. */
  public KubernetesClient adminClient() {
    return new KubernetesClientBuilder().withConfig(adminConfig()).build();
  }

  /** KubeVirt's VirtualMachineInstance CRD as a stand-in (no KubeVirt here): KubeVirt targets read VMIs. */
  public static final String KUBEVIRT_VMI_CRD_RESOURCE = "vmnetdiag-testkit/kubevirt-vmi-crd.yaml";

  /** The tests' open DiagnosisPolicy ("default"): tests not about the policy run under it. */
  public static final String OPEN_POLICY_RESOURCE = "vmnetdiag-testkit/open-diagnosis-policy.yaml";

  /**
   * Installs the CRDs this build generated (NetworkDiagnosis and DiagnosisPolicy, from the classpath) and KubeVirt's
   * VMI stand-in ({@link #KUBEVIRT_VMI_CRD_RESOURCE}) with
   * server-side apply, waits until they are served, and applies the tests' open policy ({@link #OPEN_POLICY_RESOURCE}).
   */
  public static void installCrd(KubernetesClient client) {
    installCrd(client, CRD_RESOURCE);
    installCrd(client, POLICY_CRD_RESOURCE);
    installCrd(client, TRIGGER_CRD_RESOURCE);
    installKubevirtVmiCrd(client);
    try (InputStream in = ControlPlane.class.getClassLoader().getResourceAsStream(OPEN_POLICY_RESOURCE)) {
      client.resource(client.getKubernetesSerialization().unmarshal(in, GenericKubernetesResource.class))
          .forceConflicts().serverSideApply();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** KubeVirt's VMI CRD stand-in alone, for tests that install the project's CRDs as a user does. */
  public static void installKubevirtVmiCrd(KubernetesClient client) {
    installCrd(client, KUBEVIRT_VMI_CRD_RESOURCE);
  }

  private static void installCrd(KubernetesClient client, String resource) {
    try (InputStream in = ControlPlane.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the classpath (the api module generates it)");
      }
      CustomResourceDefinition crd = client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
      client.resource(crd).forceConflicts().serverSideApply();
      client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
          .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions() != null
              && c.getStatus().getConditions().stream()
              .anyMatch(k -> "Established".equals(k.getType()) && "True".equals(k.getStatus())), 60, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs the machine's kubectl against this control plane; returns its exit code and output. */
  public CommandResult kubectl(Path workDir, String... args) {
    List<String> argv = new java.util.ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
    argv.addAll(List.of(args));
    return CommandResult.run(workDir, argv);
  }

  /** The repository root: the directory above the working directory that holds testkit/controlplane. */
  public static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("testkit/controlplane"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no testkit/controlplane above " + Path.of("").toAbsolutePath());
  }

  private static Path binary() {
    String configured = setting("vmnetdiag.controlplane", "VMNETDIAG_CONTROLPLANE");
    return configured != null ? Path.of(configured) : repositoryRoot().resolve(BINARY);
  }

  private static String setting(String property, String env) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      value = System.getenv(env);
    }
    return value == null || value.isBlank() ? null : value;
  }

  private static String tail(String text, int max) {
    return text.length() <= max ? text : text.substring(text.length() - max);
  }
}
