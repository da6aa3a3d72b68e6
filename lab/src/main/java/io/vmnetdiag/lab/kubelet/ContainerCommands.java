package io.vmnetdiag.lab.kubelet;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps an image's command to what runs it on this machine: the lab has no container runtime, so the
 * agent entry point {@code vmnetdiag agent} becomes a JVM with this process' classpath.
 */
public final class ContainerCommands {
  private final String java;
  private final String classpath;

  public ContainerCommands(String java, String classpath) {
    this.java = java;
    this.classpath = classpath;
  }

  /** The current JVM and classpath. */
  public static ContainerCommands ofThisJvm() {
    return new ContainerCommands(ProcessHandle.current().info().command().orElse("java"),
        System.getProperty("java.class.path"));
  }

  public List<String> translate(List<String> command, List<String> args) {
    List<String> all = new ArrayList<>(command == null ? List.of() : command);
    all.addAll(args == null ? List.of() : args);
    if (all.size() == 2 && all.get(0).equals("vmnetdiag") && all.get(1).equals("agent")) {
      return List.of(java, "-XX:+UseSerialGC", "-Xshare:auto", "-cp", classpath, "io.vmnetdiag.agent.AgentMain");
    }
    throw new IllegalArgumentException("the lab kubelet runs only the vmnetdiag agent, not " + all);
  }
}
