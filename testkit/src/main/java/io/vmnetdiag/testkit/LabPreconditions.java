package io.vmnetdiag.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Checks a {@link LabTest}'s preconditions before its class's (or method's) set-up runs. In CI ({@code CI=true},
 * or the JUnit configuration parameter {@value #STRICT_PARAMETER}) a missing precondition is a failure; elsewhere
 * it is a skip that says what is missing.
 */
public final class LabPreconditions implements BeforeAllCallback, BeforeEachCallback {
  /** Overrides the CI environment variable when set to true or false (used by this extension's own test). */
  public static final String STRICT_PARAMETER = "vmnetdiag.lab.strict";
  private static final String INSTALL_HINT = "install it with lab/scripts/install-packages.sh";
  // Maven's PATH may lack the sbin directories where ip, tc and nft live.
  private static final List<String> SBIN = List.of("/usr/local/sbin", "/usr/sbin", "/sbin");

  @Override
  public void beforeAll(ExtensionContext context) {
    AnnotationSupport.findAnnotation(context.getRequiredTestClass(), LabTest.class)
        .ifPresent(lab -> enforce(missing(lab), strict(context)));
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    // The class-level annotation was checked in beforeAll; here only a method's own.
    AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), LabTest.class)
        .ifPresent(lab -> enforce(missing(lab), strict(context)));
  }

  /** Whether a missing precondition fails (CI) rather than skips. */
  static boolean strict(ExtensionContext context) {
    return strict(context.getConfigurationParameter(STRICT_PARAMETER), System.getenv("CI"));
  }

  static boolean strict(Optional<String> parameter, String ciVariable) {
    return Boolean.parseBoolean(parameter.orElse(ciVariable));
  }

  /** What the lab host lacks for this test, one readable line each; empty when it has everything. */
  static List<String> missing(LabTest lab) {
    List<String> missing = new ArrayList<>();
    if (lab.root() && !isRoot()) {
      missing.add("not root (the lab builds network namespaces: run the tests as root)");
    }
    Set<String> tools = new LinkedHashSet<>(List.of(lab.tools()));
    for (String tool : tools) {
      if (findExecutable(tool).isEmpty()) {
        missing.add(tool + " not found on PATH or in " + String.join(", ", SBIN) + " (" + INSTALL_HINT + ")");
      }
    }
    if (lab.controlPlane()) {
      ControlPlane.unavailableReason().ifPresent(missing::add);
    }
    return missing;
  }

  /** Fails (strict) or aborts the test when anything is missing. */
  static void enforce(List<String> missing, boolean strict) {
    if (missing.isEmpty()) {
      return;
    }
    String message = "lab precondition missing: " + String.join("; ", missing);
    if (strict) {
      throw new AssertionFailedError(message + " (CI=true: lab tests fail instead of skipping)");
    }
    throw new TestAbortedException(message + " (skipped; with CI=true this fails)");
  }

  static Optional<Path> findExecutable(String tool) {
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
    return Stream.concat(Stream.of(path.split(File.pathSeparator)), SBIN.stream())
        .filter(dir -> !dir.isBlank())
        .map(dir -> Path.of(dir, tool))
        .filter(Files::isExecutable)
        .findFirst();
  }

  static boolean isRoot() {
    return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
  }
}
