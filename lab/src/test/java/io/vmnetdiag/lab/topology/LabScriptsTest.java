package io.vmnetdiag.lab.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
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
  void usageErrorsExitWithTwo() {
    assertThatThrownBy(() -> LabScripts.locate().run("lab-traffic.sh", "abc"))
        .isInstanceOf(LabScriptException.class)
        .satisfies(e -> assertThat(((LabScriptException) e).stderr()).contains("usage:"))
        .satisfies(e -> assertThat(((LabScriptException) e).exitCode()).isEqualTo(2));
  }
}
