package io.vmnetdiag.lab.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyValueLinesTest {

  @Test
  void readsKeyValueLinesAndSkipsEverythingElse() {
    String text = "A=1\nnoise\n=nokey\nB=x=y\r\nCLIENTS=10.0.0.2 10.0.0.3\n\n";

    assertThat(KeyValueLines.parse(text))
        .containsExactly(
            java.util.Map.entry("A", "1"), java.util.Map.entry("B", "x=y"),
            java.util.Map.entry("CLIENTS", "10.0.0.2 10.0.0.3"));
  }

  @Test
  void nullOrEmptyGivesNothing() {
    assertThat(KeyValueLines.parse(null)).isEmpty();
    assertThat(KeyValueLines.parse("")).isEmpty();
  }
}
