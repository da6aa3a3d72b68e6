package io.vmnetdiag.lab.kubelet;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * What a container runtime would grant a container, as a {@code setpriv} prefix for the lab's processes: the
 * user, the capability bounding set (the runtime's defaults, minus {@code drop}, plus {@code add}) and
 * no_new_privs. The lab has no runtime; without this every lab agent would run with all of root's
 * capabilities, and a capability the pod spec forgot would go unnoticed until a real cluster.
 */
public final class ContainerPrivileges {
  /** containerd's and CRI-O's default capability set for a non-privileged container. */
  static final List<String> RUNTIME_DEFAULTS = List.of("CHOWN", "DAC_OVERRIDE", "FSETID", "FOWNER", "MKNOD",
      "NET_RAW", "SETGID", "SETUID", "SETFCAP", "SETPCAP", "NET_BIND_SERVICE", "SYS_CHROOT", "KILL", "AUDIT_WRITE");

  private ContainerPrivileges() {
  }

  /** The command prefix that runs a process as the container would run; empty for a privileged container. */
  public static List<String> setprivPrefix(PodSecurityContext pod, Container container) {
    SecurityContext context = container.getSecurityContext();
    if (context != null && Boolean.TRUE.equals(context.getPrivileged())) {
      return List.of();
    }
    List<String> prefix = new ArrayList<>(List.of("setpriv"));
    Long user = context != null && context.getRunAsUser() != null ? context.getRunAsUser()
        : pod != null ? pod.getRunAsUser() : null;
    if (user != null && user != 0) {
      Long group = context != null && context.getRunAsGroup() != null ? context.getRunAsGroup()
          : pod != null && pod.getRunAsGroup() != null ? pod.getRunAsGroup() : user;
      prefix.addAll(List.of("--reuid=" + user, "--regid=" + group, "--clear-groups"));
    }
    prefix.addAll(List.of("--bounding-set", boundingSet(context == null ? null : context.getCapabilities()),
        "--inh-caps", "-all", "--ambient-caps", "-all"));
    // allowPrivilegeEscalation defaults to true; false is what sets no_new_privs.
    if (context != null && Boolean.FALSE.equals(context.getAllowPrivilegeEscalation())) {
      prefix.add("--no-new-privs");
    }
    prefix.add("--");
    return prefix;
  }

  /** The capability names kept, as Linux names them ({@code net_raw}), sorted. */
  static TreeSet<String> kept(Capabilities capabilities) {
    TreeSet<String> kept = new TreeSet<>();
    List<String> drop = capabilities == null || capabilities.getDrop() == null ? List.of() : capabilities.getDrop();
    List<String> add = capabilities == null || capabilities.getAdd() == null ? List.of() : capabilities.getAdd();
    if (drop.stream().noneMatch(d -> d.equalsIgnoreCase("ALL"))) {
      RUNTIME_DEFAULTS.forEach(c -> kept.add(linuxName(c)));
      drop.forEach(d -> kept.remove(linuxName(d)));
    }
    add.forEach(a -> kept.add(linuxName(a)));
    return kept;
  }

  private static String boundingSet(Capabilities capabilities) {
    StringBuilder set = new StringBuilder("-all");
    kept(capabilities).forEach(c -> set.append(",+").append(c));
    return set.toString();
  }

  /** Kubernetes writes NET_RAW or CAP_NET_RAW; setpriv wants net_raw. */
  private static String linuxName(String capability) {
    String name = capability.toLowerCase(Locale.ROOT);
    return name.startsWith("cap_") ? name.substring(4) : name;
  }
}
