package io.vmnetdiag.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test that needs the lab host: root, real tools, maybe the test control plane. Tagged {@value #TAG}; its
 * preconditions are checked by {@link LabPreconditions} before anything else runs: with {@code CI=true} a missing
 * one fails the test (CI must never go green on skipped lab tests), otherwise it skips with what is missing.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(LabTest.TAG)
@ExtendWith(LabPreconditions.class)
public @interface LabTest {
  String TAG = "lab";

  /** Executables the test runs, looked up on PATH and the sbin directories (e.g. "ip", "tcpdump", "nft"). */
  String[] tools() default {};

  /** Whether it needs root (network namespaces, raw sockets, tracefs). */
  boolean root() default true;

  /** Whether it needs the test control plane ({@link ControlPlane}): built binary or a reused kubeconfig. */
  boolean controlPlane() default false;
}
