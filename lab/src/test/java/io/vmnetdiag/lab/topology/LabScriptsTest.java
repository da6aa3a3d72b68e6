package io.vmnetdiag.lab.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabScriptsTest {

  @Test
  void locatesTheRepositoryScriptsFromTheWorkingDirectory() {
    assertThat(LabScripts.locate().directory().resolve("lab-up.sh")).isRegularFile();
  }

  @Test
  void findsScriptsAboveANestedDirectoryAndNothingWhereThereAreNone(@TempDir Path dir) throws Exception {
    Path scripts = Files.createDirectories(dir.resolve("lab/scripts"));
    Files.writeString(scripts.resolve("lab-up.sh"), "#!/bin/bash\n");
    Path nested = Files.createDirectories(dir.resolve("lab/target/test-classes"));

    assertThat(LabScripts.findUpwards(nested)).contains(scripts);
    assertThat(LabScripts.findUpwards(Path.of("/proc/self"))).isEmpty();
  }

  @Test
  void aFailingScriptBecomesAnExceptionCarryingItsStderr() {
    LabScripts scripts = LabScripts.locate();

    // Rejected by argument checks before anything is touched, so this runs without root too.
    assertThatThrownBy(() -> scripts.run("lab-up.sh", "Not-Valid!"))
        .isInstanceOf(LabScriptException.class)
        .hasMessageContaining("lab id must be")
        .satisfies(e -> {
          LabScriptException failure = (LabScriptException) e;
          assertThat(failure.exitCode()).isEqualTo(1);
          assertThat(failure.stderr()).contains("Not-Valid!");
        });
  }

  @Test
  void vmScriptsRefuseBadIdsAndUsage() {
    LabScripts scripts = LabScripts.locate();
    // Rejected by argument checks before anything is touched, so these run without root too.
    for (String script : List.of("vm-up.sh", "vm-down.sh")) {
      assertThatThrownBy(() -> scripts.run(script, "Not-Valid!"))
          .isInstanceOf(LabScriptException.class).hasMessageContaining("lab id must be");
      assertThatThrownBy(() -> scripts.run(script))
          .isInstanceOf(LabScriptException.class)
          .satisfies(e -> assertThat(((LabScriptException) e).exitCode()).isEqualTo(2));
    }
    assertThatThrownBy(() -> scripts.run("vm-image.sh", "extra"))
        .isInstanceOf(LabScriptException.class)
        .satisfies(e -> assertThat(((LabScriptException) e).exitCode()).isEqualTo(2));
  }

  @Test
  void unknownFaultsTrafficOptionsAndCasesAreUsageErrorsThatNameTheChoices() {
    LabScripts scripts = LabScripts.locate();
    // All rejected before anything is touched, so these run without root too.
    assertThatThrownBy(() -> scripts.run("lab-fault.sh", "abc", "unplug"))
        .isInstanceOf(LabScriptException.class)
        .satisfies(e -> assertThat(((LabScriptException) e).exitCode()).isEqualTo(2))
        .satisfies(e -> assertThat(((LabScriptException) e).stderr())
            .contains("guest-rx-drop|guest-firewall|bridge-drop|egress-drop|upstream-drop|tap-port-disabled|heal"));
    assertThatThrownBy(() -> scripts.run("record-case.sh", "no-such-case", "/nonexistent"))
        .isInstanceOf(LabScriptException.class)
        .satisfies(e -> assertThat(((LabScriptException) e).exitCode()).isEqualTo(2))
        .satisfies(e -> assertThat(((LabScriptException) e).stderr()).contains("seed|seed-noisy|healthy-busy"));
    assertThatThrownBy(() -> scripts.run("lab-traffic.sh", "abc", "probe", "extra"))
        .isInstanceOf(LabScriptException.class)
        .satisfies(e -> assertThat(((LabScriptException) e).stderr()).contains("start|stop|probe"));
  }

  @Test
  void trafficOptionsBecomeTheScriptsEnvironment() {
    assertThat(LabTraffic.normal().environment()).containsEntry("LAB_LOAD", "normal").containsEntry("LAB_GUEST", "quiet")
        .containsEntry("LAB_GUEST_SERVICES", "0").containsEntry("LAB_TRAFFIC_SECONDS", "600");
    assertThat(LabTraffic.normal().withBusyLoad().withNoisyGuest().withGuestServices()
            .lasting(java.time.Duration.ofSeconds(30)).environment())
        .containsEntry("LAB_LOAD", "busy").containsEntry("LAB_GUEST", "noisy")
        .containsEntry("LAB_GUEST_SERVICES", "1").containsEntry("LAB_TRAFFIC_SECONDS", "30");
    assertThatThrownBy(() -> LabTraffic.normal().lasting(java.time.Duration.ofMillis(500)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void usageErrorsExitWithTwo() {
    assertThatThrownBy(() -> LabScripts.locate().run("lab-traffic.sh", "abc"))
        .isInstanceOf(LabScriptException.class)
        .satisfies(e -> assertThat(((LabScriptException) e).stderr()).contains("usage:"))
        .satisfies(e -> assertThat(((LabScriptException) e).exitCode()).isEqualTo(2));
  }
}
