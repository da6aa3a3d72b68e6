package io.vmnetdiag.agent.kubevirt;

import io.vmnetdiag.agent.path.PathResolutionException;
import io.vmnetdiag.api.report.AgentFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the network namespace of a pod on this node from its UID: a process whose cgroup lies in the pod's kubelet
 * cgroup (the agent runs with the host's PID namespace), and its {@code /proc/PID/ns/net}. No CRI socket is needed,
 * and both kubelet cgroup drivers are understood: cgroupfs names the pod's cgroup {@code pod<uid>}
 * ({@code /kubepods/burstable/pod<uid>/<container>}), systemd {@code kubepods-<qos>-pod<uid with _ for ->.slice}.
 */
public final class LauncherNamespace {
  /** A Kubernetes UID: 36 characters of hex and dashes. */
  private static final Pattern UID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private final Path proc;

  /** Reads {@code proc} (the node's {@code /proc} in production). */
  public LauncherNamespace(Path proc) {
    this.proc = proc;
  }

  public static LauncherNamespace node() {
    return new LauncherNamespace(Path.of("/proc"));
  }

  /**
   * The namespace path ({@code /proc/PID/ns/net}) of a process of pod {@code podUid}.
   *
   * @throws PathResolutionException LauncherPodNotFound when no process of the node is in the pod's cgroup
   */
  public String find(String podUid) throws PathResolutionException {
    if (podUid == null || !UID.matcher(podUid).matches()) {
      throw new PathResolutionException(AgentFailure.BAD_REQUEST,
          "the request's virt-launcher pod UID '" + podUid + "' is not a Kubernetes UID");
    }
    Optional<Long> pid = processOf(podUid);
    if (pid.isEmpty()) {
      throw new PathResolutionException(AgentFailure.LAUNCHER_POD_NOT_FOUND, "no process on this node is in the"
          + " cgroup of virt-launcher pod " + podUid + " (looked for 'pod" + podUid + "' and 'pod"
          + podUid.replace('-', '_') + ".slice' in " + proc + "/*/cgroup): is the pod running on this node, and does"
          + " the agent see the host's processes (hostPID)?");
    }
    return proc.resolve(Long.toString(pid.get())).resolve("ns").resolve("net").toString();
  }

  /** The lowest PID in the pod's cgroup (the pod's oldest process, most often its pause or launcher process). */
  Optional<Long> processOf(String podUid) {
    String lower = podUid.toLowerCase(java.util.Locale.ROOT);
    List<String> markers = List.of("/pod" + lower + "/", "-pod" + lower.replace('-', '_') + ".slice");
    try (Stream<Path> entries = Files.list(proc)) {
      return entries.map(entry -> entry.getFileName().toString()).filter(name -> name.chars().allMatch(Character::isDigit))
          .map(Long::parseLong).sorted().filter(pid -> inPod(pid, markers)).findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private boolean inPod(long pid, List<String> markers) {
    try {
      for (String line : Files.readAllLines(proc.resolve(Long.toString(pid)).resolve("cgroup"))) {
        // "hierarchy-id:controllers:path"; the path may end with the pod's cgroup itself
        String path = line.substring(line.indexOf(':', line.indexOf(':') + 1) + 1) + "/";
        for (String marker : markers) {
          if (path.contains(marker)) {
            return true;
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // the process ended while the node was scanned, or its cgroup file is unreadable: not the pod's
    }
    return false;
  }
}
