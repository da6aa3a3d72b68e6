package io.vmnetdiag.lab.kubelet;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps an image's command to what runs it on this machine: the lab has no container runtime, so the
 * agent entry point {@code vmnetdiag agent} (and the CLI's {@code vmnetdiag diagnose ...}, which the launcher runs
 * with the same options) becomes a JVM with this process' classpath and, like the image's launcher, the agent's
 * JVM options file.
 */
public final class ContainerCommands {
  /** The path of the image's agent.jvm (dist/src/main/jvm/agent.jvm), set by the lab's build and demo. */
  public static final String JVM_OPTIONS_PROPERTY = "vmnetdiag.agentJvmOptions";
  /** When that file is not given: the options that matter for a lab run. */
  private static final List<String> FALLBACK_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:-UsePerfData");
  /**
   * The agent's logging backend, named as the image's launcher names it: this classpath also holds the operator's
   * (Log4j 2), and SLF4J would otherwise pick one and warn on stderr.
   */
  private static final List<String> AGENT_LOGGING = List.of("-Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider",
      "-Dslf4j.internal.verbosity=WARN");

  private final String java;
  private final String classpath;
  private final List<String> jvmOptions;

  public ContainerCommands(String java, String classpath) {
    this(java, classpath, FALLBACK_OPTIONS);
  }

  public ContainerCommands(String java, String classpath, List<String> jvmOptions) {
    this.java = java;
    this.classpath = classpath;
    this.jvmOptions = List.copyOf(jvmOptions);
  }

  /** The current JVM and classpath, with the agent's options file when {@link #JVM_OPTIONS_PROPERTY} names one. */
  public static ContainerCommands ofThisJvm() {
    String optionsFile = System.getProperty(JVM_OPTIONS_PROPERTY);
    return new ContainerCommands(ProcessHandle.current().info().command().orElse("java"),
        System.getProperty("java.class.path"), optionsFile == null ? FALLBACK_OPTIONS : List.of("@" + optionsFile));
  }

  public List<String> translate(List<String> command, List<String> args) {
    List<String> all = new ArrayList<>(command == null ? List.of() : command);
    all.addAll(args == null ? List.of() : args);
    if (all.size() == 2 && all.get(0).equals("vmnetdiag") && all.get(1).equals("agent")) {
      return jvm("io.vmnetdiag.agent.AgentMain", List.of());
    }
    if (all.size() >= 2 && all.get(0).equals("vmnetdiag") && all.get(1).equals("diagnose")) {
      return jvm("io.vmnetdiag.cli.DiagnoseMain", all.subList(2, all.size()));
    }
    throw new IllegalArgumentException("the lab runs only the vmnetdiag agent and diagnose, not " + all);
  }

  private List<String> jvm(String main, List<String> args) {
    List<String> jvm = new ArrayList<>();
    jvm.add(java);
    jvm.addAll(jvmOptions);
    jvm.addAll(AGENT_LOGGING);
    jvm.addAll(List.of("-cp", classpath, main));
    jvm.addAll(args);
    return jvm;
  }
}
