package io.vmnetdiag.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** Runs sample lab tests through the real JUnit engine: a missing precondition fails in CI and skips elsewhere. */
class LabPreconditionsTest {
  static final String ABSENT_TOOL = "vmnetdiag-no-such-tool";

  @Test
  void aMissingToolFailsTheLabTestInCi() {
    TestExecutionSummary summary = run(NeedsAnAbsentTool.class, "true");

    assertThat(summary.getTotalFailureCount()).isEqualTo(1);
    assertThat(summary.getFailures().get(0).getException()).hasMessageContaining(ABSENT_TOOL + " not found")
        .hasMessageContaining("CI=true");
    assertThat(summary.getTestsSucceededCount()).isZero();
  }

  @Test
  void aMissingToolSkipsTheLabTestOutsideCiAndSaysWhy() {
    TestExecutionSummary summary = run(NeedsAnAbsentTool.class, "false");

    assertThat(summary.getTotalFailureCount()).isZero();
    assertThat(summary.getTestsSucceededCount()).isZero();
    // The class's set-up aborted: JUnit reports the container aborted and runs none of its tests.
    assertThat(summary.getContainersAbortedCount() + summary.getTestsAbortedCount()).isEqualTo(1);
  }

  @Test
  void aMethodLevelLabTestFailsInCiWhileItsNeighbourRuns() {
    TestExecutionSummary summary = run(OneMethodNeedsAnAbsentTool.class, "true");

    assertThat(summary.getTotalFailureCount()).isEqualTo(1);
    assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
  }

  @Test
  void aComposedAnnotationCarriesTheTagAndTheCheck() {
    TestExecutionSummary summary = run(ComposedNeedsAnAbsentTool.class, "true");

    assertThat(summary.getTotalFailureCount()).isEqualTo(1);
    assertThat(ComposedNeedsAnAbsentTool.class.isAnnotationPresent(LabTest.class)).isFalse();
    assertThat(AnnotationSupport.findAnnotation(ComposedNeedsAnAbsentTool.class, Tag.class)).map(Tag::value)
        .contains(LabTest.TAG);
  }

  @Test
  void presentToolsRunTheTestInCi() {
    TestExecutionSummary summary = run(NeedsAPresentTool.class, "true");

    assertThat(summary.getTotalFailureCount()).isZero();
    assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
  }

  @Test
  void ciIsTheEnvironmentVariableUnlessTheParameterSaysOtherwise() {
    assertThat(LabPreconditions.strict(Optional.empty(), "true")).isTrue();
    assertThat(LabPreconditions.strict(Optional.empty(), null)).isFalse();
    assertThat(LabPreconditions.strict(Optional.empty(), "false")).isFalse();
    assertThat(LabPreconditions.strict(Optional.of("false"), "true")).isFalse();
    assertThat(LabPreconditions.strict(Optional.of("true"), null)).isTrue();
  }

  private static TestExecutionSummary run(Class<?> testClass, String strict) {
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass))
        .configurationParameter(LabPreconditions.STRICT_PARAMETER, strict).build();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create().execute(request, listener);
    return listener.getSummary();
  }

  // Samples run only through run() above: static nested classes, which neither Surefire nor JUnit runs by itself.
  @LabTest(root = false, tools = ABSENT_TOOL)
  static class NeedsAnAbsentTool {
    @Test
    void sample() {
    }
  }

  @LabTest(root = false, tools = "sh")
  static class NeedsAPresentTool {
    @Test
    void sample() {
    }
  }

  /** As the lab module composes its own (LabScenarioTest, RealVmScenarioTest). */
  @Retention(RetentionPolicy.RUNTIME)
  @LabTest(root = false, tools = ABSENT_TOOL)
  @interface NeedsTheAbsentTool {
  }

  @NeedsTheAbsentTool
  static class ComposedNeedsAnAbsentTool {
    @Test
    void sample() {
    }
  }

  static class OneMethodNeedsAnAbsentTool {
    @Test
    @LabTest(root = false, tools = ABSENT_TOOL)
    void needsIt() {
    }

    @Test
    void doesNot() {
    }
  }
}
